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
    partnership("見守り", &format!("internal:\n  a: &a \"{text}\"\n  b: &b [{inner}]\n  c: [{outer}]\n"))
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
        site.write(&format!("content/pages/p{i}.md"), &format!("---\ntitle: ページ{i}\norder: {i}\n---\n本文{i}\n"));
    }
    site.built();
    site.output_files().iter().map(|(_, bytes)| bytes.len() as u64).sum()
}

#[test]
fn output_grows_linearly_with_the_number_of_pages() {
    let (small, large) = (250, 1_000);
    let (small_bytes, large_bytes) = (output_bytes_with_pages(small), output_bytes_with_pages(large));
    let ratio = large_bytes as f64 / small_bytes as f64;
    eprintln!("{small} pages: {small_bytes} bytes; {large} pages: {large_bytes} bytes ({ratio:.2}x)");
    // Four times the pages: about four times the bytes (with every page in every footer: 12.3 times).
    assert!(ratio < 5.0, "{ratio:.2}x the output for 4x the pages");
}

#[test]
fn the_footer_lists_the_first_pages_by_order() {
    let site = Fixture::minimal();
    for i in 0..kanmin::render::html::FOOTER_PAGES + 3 {
        site.write(&format!("content/pages/p{i}.md"), &format!("---\ntitle: ページ{i}番\norder: {i}\n---\n本文\n"));
    }
    site.built();
    let home = site.read("index.html");
    assert!(home.contains("ページ0番") && home.contains(&format!("ページ{}番", kanmin::render::html::FOOTER_PAGES - 1)), "{home}");
    assert!(!home.contains(&format!("ページ{}番", kanmin::render::html::FOOTER_PAGES)), "{home}");
    // Every page still has its own page and a sitemap entry.
    assert!(site.exists(&format!("p{}/index.html", kanmin::render::html::FOOTER_PAGES + 2)));
}
