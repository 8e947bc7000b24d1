//! Hostile input whose cost once grew far faster than its size: YAML aliases that expand a
//! small record to gigabytes, many free pages that every footer listed, theme templates that
//! loop without end. Each is refused with a located error or builds in size linear in its
//! input.

mod common;

use std::time::{Duration, Instant};

use common::*;

/// A generous bound for a debug build on a shared machine; the unbounded cases took minutes
/// in release builds.
const QUICK: Duration = Duration::from_secs(20);

/// The red-team record: a 20,000-character string repeated through two alias levels in
/// `internal`, about 62 KB in all (123,600 copies: 2.5 GB once expanded).
fn alias_amplified(copies_per_list: usize, lists: usize) -> String {
    let text = "x".repeat(20_000);
    let inner = vec!["*a"; copies_per_list].join(", ");
    let outer = vec!["*b"; lists].join(", ");
    partnership(
        "見守り",
        &format!("internal:\n  a: &a \"{text}\"\n  b: &b [{inner}]\n  c: [{outer}]\n"),
    )
}

#[test]
fn alias_amplification_is_refused_at_the_alias_before_any_expensive_work() {
    let site = Fixture::minimal();
    let record = alias_amplified(12, 10_300);
    assert!((60_000..64_000).contains(&record.len()), "{}", record.len());
    site.write("content/partnerships/amplified.yaml", &record);
    let start = Instant::now();
    let error = site.build_error();
    let took = start.elapsed();
    assert!(took < QUICK, "refused after {took:?}");
    // Already the list `b` (line 15, after the record's fields) crosses four times the
    // record's size, at its 12th alias (column 54).
    assert!(error.contains("amplified.yaml:15:54:"), "{error}");
    assert!(error.contains("aliases"), "{error}");
    assert!(!site.output().exists());
}

#[test]
fn aliases_within_the_limit_still_build() {
    let site = Fixture::minimal();
    site.write("content/partnerships/named.yaml", &alias_amplified(1, 2));
    site.built();
}

/// The site's total output bytes with `count` tiny free pages.
fn output_bytes_with_pages(count: usize) -> u64 {
    let site = Fixture::minimal();
    for i in 0..count {
        site.write(
            &format!("content/pages/p{i}.md"),
            &format!("---\ntitle: ページ{i}\norder: {i}\n---\n本文{i}\n"),
        );
    }
    site.built();
    site.output_files()
        .iter()
        .map(|(_, bytes)| bytes.len() as u64)
        .sum()
}

#[test]
fn output_grows_linearly_with_the_number_of_pages() {
    let (small, large) = (250, 1_000);
    let (small_bytes, large_bytes) = (
        output_bytes_with_pages(small),
        output_bytes_with_pages(large),
    );
    let ratio = large_bytes as f64 / small_bytes as f64;
    eprintln!(
        "{small} pages: {small_bytes} bytes; {large} pages: {large_bytes} bytes ({ratio:.2}x)"
    );
    // Four times the pages: about four times the bytes (with every page in every footer: 12.3 times).
    assert!(ratio < 5.0, "{ratio:.2}x the output for 4x the pages");
}

#[test]
fn the_footer_lists_the_first_pages_by_order() {
    let site = Fixture::minimal();
    for i in 0..kanmin::render::html::FOOTER_PAGES + 3 {
        site.write(
            &format!("content/pages/p{i}.md"),
            &format!("---\ntitle: ページ{i}番\norder: {i}\n---\n本文\n"),
        );
    }
    site.built();
    let home = site.read("index.html");
    assert!(
        home.contains("ページ0番")
            && home.contains(&format!(
                "ページ{}番",
                kanmin::render::html::FOOTER_PAGES - 1
            )),
        "{home}"
    );
    assert!(
        !home.contains(&format!("ページ{}番", kanmin::render::html::FOOTER_PAGES)),
        "{home}"
    );
    // Every page still has its own page and a sitemap entry.
    assert!(site.exists(&format!(
        "p{}/index.html",
        kanmin::render::html::FOOTER_PAGES + 2
    )));
}

/// A site whose free page is rendered by `page_template` (a theme's `page.html`).
fn with_page_template(page_template: &str) -> Fixture {
    let site = Fixture::minimal();
    site.write(
        "content/site.yaml",
        &format!("{MINIMAL_SITE}theme: custom\n"),
    );
    site.write("content/pages/about.md", "---\ntitle: 概要\n---\n本文\n");
    site.write("themes/custom/templates/page.html", page_template);
    site
}

fn run_build(site: &Fixture) -> (std::process::Output, Duration) {
    let start = Instant::now();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kanmin"))
        .arg("build")
        .arg("--root")
        .arg(site.root())
        // The messages these tests read are the English table's.
        .env("KANMIN_LANG", "en")
        .env("SOURCE_DATE_EPOCH", "1796000000")
        .output()
        .expect("run kanmin");
    (output, start.elapsed())
}

const NESTED_RANGES: &str = "{% extends \"base.html\" %}\n{% block content %}\n\
    {% for i in range(end=100000) %}{% for j in range(end=100000) %}{% for k in range(end=100000) %}{% endfor %}{% endfor %}{% endfor %}\n\
    {% endblock content %}\n";

#[test]
fn nested_range_loops_fail_at_the_template_and_line() {
    let site = with_page_template(NESTED_RANGES);
    let start = Instant::now();
    let error = site.build_error();
    assert!(start.elapsed() < QUICK, "{:?}", start.elapsed());
    assert!(
        error.contains("page.html") && error.contains("about/index.html"),
        "{error}"
    );
    // At the line of the template as written (rendering uses it minified).
    assert!(
        error.contains("--> page.html:3:"),
        "the loops' position: {error}"
    );
    assert!(error.contains("range"), "{error}");
}

#[test]
fn a_page_growing_without_bound_fails_naming_its_template() {
    // 16 MB, written twenty times.
    let site = with_page_template(
        "{% extends \"base.html\" %}{% block content %}{% set_global s = \"x\" %}\
         {% for i in range(end=24) %}{% set_global s = s ~ s %}{% endfor %}\
         {% for i in range(end=20) %}{{ s | safe }}{% endfor %}{% endblock content %}",
    );
    let error = site.build_error();
    assert!(
        error.contains("page.html") && error.contains("grew beyond"),
        "{error}"
    );
    assert!(!site.output().exists());
}

/// The binary's limits: what ends a template that neither calls `range` often nor writes.
fn assert_stopped_by_name(site: &Fixture, limit: &str) {
    let (output, took) = run_build(site);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(took < Duration::from_secs(60), "{took:?}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("about/index.html (template page.html)") && stderr.contains(limit),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked")
            && !stderr.contains("backtrace")
            && !stderr.contains("memory allocation"),
        "{stderr}"
    );
    assert!(!site.output().exists());
}

#[test]
fn a_value_doubled_in_a_loop_stops_at_the_memory_limit() {
    let site = with_page_template(
        "{% extends \"base.html\" %}{% block content %}{% set_global s = \"x\" %}\
         {% for i in range(end=100) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}{% endblock content %}",
    );
    assert_stopped_by_name(&site, "MB of memory");
}

#[test]
fn nested_loops_over_values_stop_at_the_time_limit() {
    let loops: String = (0..10)
        .map(|level| format!("{{% for x{level} in l %}}"))
        .collect();
    let ends = "{% endfor %}".repeat(10);
    let site = with_page_template(&format!(
        "{{% extends \"base.html\" %}}{{% block content %}}{{% set l = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] %}}{loops}{ends}{{% endblock content %}}"
    ));
    assert_stopped_by_name(&site, "took more than");
}

#[test]
fn range_counts_like_tera_s_own() {
    let site = with_page_template(
        "{% extends \"base.html\" %}{% block content %}<p id=\"r\">\
         {% for i in range(end=3) %}{{ i }},{% endfor %}|\
         {% for i in range(start=1, end=10, step_by=3) %}{{ i }},{% endfor %}|\
         {% for i in range(start=5, end=0, step_by=-2) %}{{ i }},{% endfor %}|\
         {% for i in range(start=2, end=2) %}{{ i }},{% endfor %}</p>{% endblock content %}",
    );
    site.built();
    let page = site.read("about/index.html");
    assert!(
        page.contains("<p id=r>0,1,2,|1,4,7,|5,3,1,|</p>")
            || page.contains("<p id=\"r\">0,1,2,|1,4,7,|5,3,1,|</p>"),
        "{page}"
    );
}

#[test]
fn any_rendering_error_is_reported_at_the_line_as_written() {
    let site = with_page_template("{% extends \"base.html\" %}\n{% block content %}\n\n  <p>{{ no_such_value }}</p>\n{% endblock content %}\n");
    let error = site.build_error();
    assert!(error.contains("--> page.html:4:"), "{error}");
}
