//! Large and hostile inputs: each builds within bounded time and memory, or fails with a
//! message that names the file. Nothing outside `content/` and `themes/` is ever read.

mod common;

use std::time::Instant;

use common::*;

/// Reports how long a hostile case took. Speed is measured by the benchmarks, not asserted
/// here (shared machines are noisy); a hang or a quadratic blow-up still shows in CI's time.
fn timed<T>(what: &str, work: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = work();
    eprintln!("{what}: {:?}", start.elapsed());
    value
}

/// A text outside the project that must never reach the output.
const OUTSIDE_SECRET: &str = "プロジェクト外のファイルの中身です";

#[test]
fn ten_megabyte_markdown_field_builds() {
    let site = Fixture::minimal();
    let paragraph = "区と事業者が**連携**して、[地域の課題](https://example.org/)を解決します。<script>x</script>\n\n";
    let body: String = paragraph.repeat(10 * 1024 * 1024 / paragraph.len() + 1);
    let body = body.replace('\n', "\n  ");
    site.write(
        "content/partnerships/big.yaml",
        &partnership("大きな本文", &format!("body: |\n  {body}\n")),
    );
    timed("10 MB body", || site.built());
    let page = site.read("partnerships/big/index.html");
    assert!(page.len() > 10 * 1024 * 1024);
    assert!(!page.contains("<script>x"));
}

#[test]
fn files_over_the_size_limit_are_refused_by_name() {
    let site = Fixture::minimal();
    let huge = "a".repeat(kanmin::content::MAX_FILE_BYTES as usize + 1);
    site.write("content/partnerships/huge.yaml", &huge);
    let error = site.build_error();
    assert!(
        error.contains("huge.yaml") && error.contains("limited to"),
        "{error}"
    );
}

/// Many small records in a debug build; `records_at_scale` (ignored) does 100,000.
#[test]
fn thousands_of_records_build() {
    build_many(3_000);
}

/// 100,000 records: minutes in a debug build, so run it in release:
/// `cargo test --release --test hostile -- --ignored records_at_scale`
#[test]
#[ignore = "slow in debug builds; run with --release (see scripts/stress.sh)"]
fn records_at_scale() {
    build_many(100_000);
}

fn build_many(count: usize) {
    let site = Fixture::minimal();
    for i in 0..count {
        let record = format!(
            "title: 連携 {i}\nsummary: 区と事業者{i}の連携です。\nstatus: active\npattern: spread\nroute: direct\n\
             agreement: none\nconcluded_on: 2026-0{}-1{}\npartners: [{{name: 事業者{i}株式会社, kind: company}}]\n\
             departments: [部{} 課]\n",
            1 + i % 9,
            i % 10,
            i % 40
        );
        site.write(&format!("content/partnerships/p{i}.yaml"), &record);
    }
    let report = timed(&format!("{count} records"), || {
        site.build().unwrap_or_else(|err| panic!("{err}"))
    });
    eprintln!("{count} records: {} files", report.files);
    assert!(site.exists(&format!("partnerships/p{}/index.html", count - 1)));
}

#[test]
fn deeply_nested_yaml_is_refused_by_name() {
    let site = Fixture::minimal();
    site.write(
        "content/partnerships/deep.yaml",
        &format!("title: {}", "[".repeat(100_000)),
    );
    site.write("content/themes/deep-map.yaml", &"a: ".repeat(50_000));
    site.write(
        "content/pages/deep.md",
        &format!(
            "---\ntitle: {}\n---\n{}",
            "{".repeat(100_000),
            "> ".repeat(100_000)
        ),
    );
    let error = timed("nested YAML", || site.build_error());
    for file in ["deep.yaml", "deep-map.yaml", "deep.md"] {
        assert!(error.contains(file), "{file} not named in:\n{error}");
    }
}

#[test]
fn deeply_nested_markdown_renders() {
    let site = Fixture::minimal();
    let nested = format!(
        "{}深い\n\n{}x{}\n\n{}",
        "> ".repeat(20_000),
        "*".repeat(50_000),
        "*".repeat(50_000),
        "- ".repeat(20_000)
    );
    site.write(
        "content/pages/nested.md",
        &format!("---\ntitle: 入れ子\n---\n{nested}\n"),
    );
    timed("nested Markdown", || site.built());
    assert!(site.exists("nested/index.html"));
}

#[test]
fn alias_bombs_are_refused_by_name() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..12 {
        let previous = (b'a' + level - 1) as char;
        let name = (b'a' + level) as char;
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{previous}"); 9].join(",")
        ));
    }
    let site = Fixture::minimal();
    site.write(
        "content/partnerships/bomb.yaml",
        &format!("{bomb}title: x\n"),
    );
    site.write(
        "content/pages/bomb.md",
        &format!("---\n{bomb}title: x\n---\n本文\n"),
    );
    let error = timed("alias bomb", || site.build_error());
    assert!(
        error.contains("bomb.yaml") && error.contains("bomb.md"),
        "{error}"
    );
}

#[test]
fn non_utf8_files_are_refused_by_name_and_position() {
    let site = Fixture::minimal();
    let path = site.root().join("content/partnerships/sjis.yaml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // "title: " then 官民 in Shift_JIS.
    std::fs::write(&path, b"title: ok\nsummary: \x8a\xaf\x96\xaf\n").unwrap();
    let error = site.build_error();
    assert!(
        error.contains("sjis.yaml") && error.contains("UTF-8") && error.contains(":2:"),
        "{error}"
    );
}

#[test]
fn nul_bytes_are_refused_or_harmless() {
    let site = Fixture::minimal();
    site.write(
        "content/partnerships/nul.yaml",
        &partnership("NUL\0入り", ""),
    );
    let error = site.build_error();
    assert!(error.contains("nul.yaml"), "{error}");

    let site = Fixture::minimal();
    site.write(
        "content/pages/nul.md",
        "---\ntitle: \"NUL\\0を含む\"\n---\n本文\0の途中\n",
    );
    site.write(
        "content/partnerships/escaped.yaml",
        &partnership(
            "\"エスケープ\\0\\x01された制御文字\"",
            "body: \"本文\\0\\x07\"\n",
        ),
    );
    match site.build() {
        Ok(_) => {
            for (path, bytes) in site.output_files() {
                let text = String::from_utf8_lossy(&bytes);
                assert!(
                    !text
                        .chars()
                        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')),
                    "control character in {path}"
                );
            }
        }
        Err(err) => {
            let error = err.to_string();
            assert!(
                error.contains("nul.md") || error.contains("escaped.yaml"),
                "{error}"
            );
        }
    }
}

#[test]
fn huge_and_odd_numbers_are_refused_or_shown() {
    let site = Fixture::minimal();
    site.write(
        "content/partnerships/overflow.yaml",
        &partnership("桁あふれ", "ward_cost_yen: 99999999999999999999999999\n"),
    );
    site.write(
        "content/partnerships/negative.yaml",
        &partnership("負の額", "ward_cost_yen: -1\n"),
    );
    site.write(
        "content/partnerships/float.yaml",
        &partnership("小数", "ward_cost_yen: 1.5e300\n"),
    );
    site.write(
        "content/partnerships/too-much.yaml",
        &partnership("桁違い", "ward_cost_yen: 18446744073709551615\n"),
    );
    site.write(
        "content/partnerships/nan.yaml",
        &partnership(
            "非数",
            "kpis: [{name: 件数, target: .nan, actual: -.inf}]\n",
        ),
    );
    site.write(
        "content/pages/order.md",
        "---\ntitle: 順序\norder: 1e400\n---\n本文\n",
    );
    let error = site.build_error();
    for file in [
        "overflow.yaml",
        "negative.yaml",
        "float.yaml",
        "order.md",
        "too-much.yaml",
        "nan.yaml",
    ] {
        assert!(error.contains(file), "{file} not named in:\n{error}");
    }

    let site = Fixture::minimal();
    // The largest amounts allowed, many times over: totals must neither overflow nor wrap.
    for i in 0..50 {
        site.write(
            &format!("content/partnerships/max-{i}.yaml"),
            &partnership(
                "最大の額",
                &format!("ward_cost_yen: {}\n", kanmin::content::validate::MAX_YEN),
            ),
        );
    }
    site.write(
        "content/pages/extreme.md",
        "---\ntitle: 極端な順序\norder: -9223372036854775808\n---\n本文\n",
    );
    site.built();
    assert!(site
        .read("partnerships/max-0/index.html")
        .contains("10,000,000,000,000円"));
    assert!(site
        .read("data/partnerships.json")
        .contains("10000000000000"));
}

#[test]
fn extreme_dates_are_shown() {
    let site = Fixture::minimal();
    site.write(
        "content/partnerships/old.yaml",
        &partnership("古い連携", "period: {start: 0001-01-01, end: 9999-12-31}\n")
            .replace("2026-05-01", "0001-01-01"),
    );
    site.built();
    assert!(site
        .read("partnerships/old/index.html")
        .contains("1年1月1日"));
}

#[cfg(unix)]
fn outside_file(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_content_are_refused() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let record = outside_file(&outside, "record.yaml", &partnership(OUTSIDE_SECRET, ""));
    let page = outside_file(
        &outside,
        "page.md",
        &format!("---\ntitle: {OUTSIDE_SECRET}\n---\n本文\n"),
    );
    let folder = outside_file(
        &outside,
        "folder/leak.yaml",
        &partnership(OUTSIDE_SECRET, ""),
    )
    .parent()
    .unwrap()
    .to_path_buf();

    let site = Fixture::minimal();
    std::fs::create_dir_all(site.root().join("content/partnerships")).unwrap();
    std::fs::create_dir_all(site.root().join("content/pages")).unwrap();
    symlink(&record, site.root().join("content/partnerships/link.yaml")).unwrap();
    symlink(&page, site.root().join("content/pages/link.md")).unwrap();
    symlink(&folder, site.root().join("content/themes")).unwrap();
    let error = site.build_error();
    for file in ["link.yaml", "link.md", "leak.yaml"] {
        assert!(error.contains(file), "{file} not named in:\n{error}");
    }
    assert!(error.contains("outside the content folder"), "{error}");
    assert!(
        !site.output().exists(),
        "nothing is written when the build fails"
    );

    let site = Fixture::minimal();
    std::fs::remove_file(site.root().join("content/site.yaml")).unwrap();
    let site_yaml = outside_file(&outside, "site.yaml", MINIMAL_SITE);
    symlink(&site_yaml, site.root().join("content/site.yaml")).unwrap();
    let error = site.build_error();
    assert!(
        error.contains("site.yaml") && error.contains("outside the content folder"),
        "{error}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_themes_are_refused() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let template = outside_file(
        &outside,
        "page.html",
        &format!(
            "{{% extends \"base.html\" %}}{{% block content %}}{OUTSIDE_SECRET}{{% endblock %}}"
        ),
    );
    let assets = outside_file(&outside, "assets/secret.css", OUTSIDE_SECRET)
        .parent()
        .unwrap()
        .to_path_buf();

    let site = Fixture::minimal();
    site.write(
        "content/site.yaml",
        &format!("{MINIMAL_SITE}theme: custom\n"),
    );
    site.write("content/pages/about.md", "---\ntitle: 概要\n---\n本文\n");
    site.write("themes/custom/static/ok.css", "body{}");
    std::fs::create_dir_all(site.root().join("themes/custom/templates")).unwrap();
    symlink(
        &template,
        site.root().join("themes/custom/templates/page.html"),
    )
    .unwrap();
    symlink(&assets, site.root().join("themes/custom/static/assets")).unwrap();
    let error = site.build_error();
    assert!(
        error.contains("page.html") && error.contains("outside themes/"),
        "{error}"
    );
    assert!(error.contains("assets"), "{error}");

    // The whole theme folder elsewhere on the machine is refused too.
    let site = Fixture::minimal();
    site.write(
        "content/site.yaml",
        &format!("{MINIMAL_SITE}theme: elsewhere\n"),
    );
    std::fs::create_dir_all(site.root().join("themes")).unwrap();
    let theme = outside_file(&outside, "theme/templates/page.html", "x")
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    symlink(&theme, site.root().join("themes/elsewhere")).unwrap();
    let error = site.build_error();
    assert!(error.contains("outside themes/"), "{error}");
}

#[test]
fn dot_dot_links_in_markdown_stay_links() {
    let site = Fixture::minimal();
    site.write("content/partnerships/p.yaml", &partnership("連携", ""));
    site.write(
        "content/pages/links.md",
        "---\ntitle: リンク\n---\n[一覧](../partnerships/) [連携](../partnerships/p/) [外](https://example.org/../x)\n",
    );
    site.built();
    let page = site.read("links/index.html");
    assert!(page.contains("../partnerships/p/"));

    let site = Fixture::minimal();
    site.write(
        "content/pages/escape.md",
        "---\ntitle: 外へ\n---\n[passwd](../../../../../etc/passwd)\n",
    );
    let error = site.build_error();
    assert!(
        error.contains("escape/index.html") && error.contains("../../../../../etc/passwd"),
        "{error}"
    );
    assert!(
        error.contains("content"),
        "the message points at content as a possible cause: {error}"
    );
}

#[test]
fn long_unbroken_strings_and_rtl_text_build() {
    let site = Fixture::minimal();
    let long = "あ".repeat(100_000);
    let rtl = "مرحبا بالعالم \u{202E}evil\u{202C} שלום";
    site.write(
        "content/partnerships/long.yaml",
        &partnership(&long, &format!("body: \"{rtl} 👩‍👩‍👧‍👦🏳️‍🌈\"\n")),
    );
    timed("long strings", || site.built());
    assert!(site.read("partnerships/long/index.html").contains("👩‍👩‍👧‍👦"));
}
