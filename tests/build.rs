//! The generator end to end: content folders in temp dirs, built with the real pipeline.

mod common;

use std::process::Command;

use common::*;

#[test]
fn sample_site_has_a_page_for_every_published_record() {
    let site = Fixture::sample();
    site.built();
    for kind in ["partnerships", "themes", "proposals", "soundings"] {
        for entry in std::fs::read_dir(site.root().join("content").join(kind)).unwrap() {
            let path = entry.unwrap().path();
            let id = path.file_stem().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            let published =
                !matches!(kind, "proposals" | "soundings") || text.contains("reviewed: true");
            let page = format!("{kind}/{id}/index.html");
            assert_eq!(
                site.exists(&page),
                published,
                "{page}: published = {published}"
            );
        }
    }
    for page in [
        "index.html",
        "404.html",
        "partners/index.html",
        "departments/index.html",
        "about/index.html",
    ] {
        assert!(site.exists(page), "{page} missing");
    }
    let home = site.read("index.html");
    assert!(home.contains("lang=ja") || home.contains("lang=\"ja\""));
    assert!(home.contains("せたがやCo-Lab."));
}

#[test]
fn japanese_formats_on_pages() {
    let site = Fixture::minimal();
    site.write(
        "content/partnerships/mimamori.yaml",
        &partnership(
            "見守りの連携",
            "demonstration: true\nward_cost_yen: 950000\n",
        ),
    );
    site.built();
    let page = site.read("partnerships/mimamori/index.html");
    assert!(page.contains("令和8年(2026年)5月1日"), "wareki date");
    assert!(page.contains("950,000円"), "yen");
    assert!(page.contains("パターン1 導入する"), "pattern label");
    assert!(page.contains("民間提案型"), "route label");
    assert!(page.contains("令和8年度"), "fiscal year");
}

/// Every string an independent reading of the YAML says is withheld, checked against every
/// output byte (and its search-normalised form).
#[test]
fn nothing_withheld_reaches_any_output_file() {
    let site = Fixture::sample();
    site.built();
    let secrets = withheld_texts_in(site.root());
    assert!(
        secrets.len() > 20,
        "the sample holds withheld data to test against"
    );
    // The sample protects one partner among several by a list path (`partners[3].name`).
    for partner in [
        "合同会社ねこやなぎ改修設計",
        "5010901077321",
        "https://nekoyanagi-kaishu.example.jp/",
    ] {
        assert!(
            secrets.iter().any(|s| s == partner),
            "the oracle reads list paths: {partner} in {secrets:?}"
        );
    }
    let files = site.output_files();
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        let normalised = kanmin::text::normalize::normalize(&text);
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "withheld text {secret:?} found in {path}"
            );
            assert!(
                !normalised.contains(&kanmin::text::normalize::normalize(secret)),
                "withheld text {secret:?} (normalised) found in {path}"
            );
        }
    }
}

/// Reads the content as plain YAML (not through kanmin) and lists the distinctive texts that
/// must stay unpublished: whole withheld records, protected fields and internal notes.
fn withheld_texts_in(root: &std::path::Path) -> Vec<String> {
    let mut secrets = Vec::new();
    for kind in ["partnerships", "themes", "proposals", "soundings"] {
        for entry in std::fs::read_dir(root.join("content").join(kind)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let record: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
            let reviewed = record["disclosure"]["reviewed"].as_bool() == Some(true);
            if matches!(kind, "proposals" | "soundings") && !reviewed {
                for field in ["title", "summary", "idea", "purpose", "results"] {
                    collect_long_strings(&record[field], &mut secrets);
                }
                collect_long_strings(&record["proposer"]["name"], &mut secrets);
                collect_long_strings(&record["participants"], &mut secrets);
            }
            if let Some(protected) = record["disclosure"]["protected"].as_sequence() {
                for path in protected.iter().filter_map(|p| p.as_str()) {
                    for (field, value) in values_at(&record, path) {
                        match field {
                            // An organisation's identity is withheld whole (SCHEMA.md: a
                            // protected name takes its 法人番号 and URL with it), and
                            // identities are short, so they are taken whole.
                            "name" => {
                                for identity in ["name", "corporate_number", "url"] {
                                    collect_identity(&value[identity], &mut secrets);
                                }
                            }
                            "corporate_number" | "url" => {
                                collect_identity(&value[field], &mut secrets)
                            }
                            _ => {
                                collect_organisations(&value[field], &mut secrets);
                                collect_long_strings(&value[field], &mut secrets);
                            }
                        }
                    }
                }
            }
            collect_long_strings(&record["internal"], &mut secrets);
        }
    }
    secrets.sort();
    secrets.dedup();
    secrets
}

/// What a protected path names, read from the YAML as SCHEMA.md describes the paths:
/// `outcomes`, `proposer.name`, `partners.name` (every partner), `partners[1].name` (the
/// second). Each hit is the value holding the last field, with that field's name.
fn values_at<'a>(
    record: &'a serde_yaml::Value,
    path: &'a str,
) -> Vec<(&'a str, &'a serde_yaml::Value)> {
    let mut holders = vec![record];
    let parts: Vec<&str> = path.split('.').collect();
    let (last, parents) = parts.split_last().unwrap();
    for part in parents {
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => (
                name,
                Some(rest.trim_end_matches(']').parse::<usize>().unwrap()),
            ),
            None => (*part, None),
        };
        holders = holders
            .into_iter()
            .flat_map(|holder| match (&holder[name], index) {
                (serde_yaml::Value::Sequence(items), Some(i)) => {
                    items.get(i).into_iter().collect::<Vec<_>>()
                }
                (serde_yaml::Value::Sequence(items), None) => items.iter().collect(),
                (value, _) => vec![value],
            })
            .collect();
    }
    holders.into_iter().map(|holder| (*last, holder)).collect()
}

/// The identities of an organisation (`proposer`) or a list of them (`participants`).
fn collect_organisations(value: &serde_yaml::Value, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::Sequence(items) => items
            .iter()
            .for_each(|item| collect_organisations(item, out)),
        serde_yaml::Value::Mapping(map) if map.contains_key("name") => {
            for identity in ["name", "corporate_number", "url"] {
                collect_identity(&value[identity], out);
            }
        }
        _ => {}
    }
}

/// A whole short value (an organisation's name, 法人番号 or URL) from 4 characters on.
fn collect_identity(value: &serde_yaml::Value, out: &mut Vec<String>) {
    if let Some(text) = value.as_str().filter(|t| t.chars().count() >= 4) {
        out.push(text.to_string());
    }
}

/// Sentences of 10+ characters (what the leak rule promises to catch), from any YAML value.
fn collect_long_strings(value: &serde_yaml::Value, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::String(s) => {
            for sentence in s.split(['。', '\n']) {
                let sentence = sentence
                    .trim()
                    .trim_start_matches(['-', '*', '#', ' '])
                    .trim();
                if sentence.chars().count() >= 10
                    && !sentence.contains("**")
                    && !sentence.contains('[')
                {
                    out.push(sentence.to_string());
                }
            }
            if s.chars().count() >= 4 && !s.contains('\n') {
                out.push(s.trim().to_string());
            }
        }
        serde_yaml::Value::Sequence(items) => {
            items.iter().for_each(|v| collect_long_strings(v, out))
        }
        // An organisation's `kind` is a vocabulary code (`company`) that every data file
        // publishes for other records; it identifies nobody.
        serde_yaml::Value::Mapping(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != Some("kind"))
            .for_each(|(_, v)| collect_long_strings(v, out)),
        _ => {}
    }
}

#[test]
fn a_protected_sentence_pasted_into_a_public_summary_fails_the_build() {
    let site = Fixture::minimal();
    let secret = "独自の需要予測モデルで見守り訪問の順路を最適化する";
    site.write(
        "content/proposals/secret-idea.yaml",
        &proposal(
            "見守り訪問の効率化",
            &format!("idea: |\n  {secret}。詳細は協議済み。\ndisclosure:\n  reviewed: true\n  protected: [idea]\n"),
        ),
    );
    site.write(
        "content/partnerships/leaky.yaml",
        &partnership("漏れる連携", "").replace(
            "summary: 区と企業が連携して地域の見守りを進める取組みです。",
            &format!("summary: この取組みでは{secret}。"),
        ),
    );
    let error = site.build_error();
    assert!(
        error.contains("content/partnerships/leaky.yaml:2:10: field `summary`"),
        "{error}"
    );
    assert!(
        error.contains("content/proposals/secret-idea.yaml (`idea`"),
        "{error}"
    );
    assert!(!site.output().exists(), "nothing written");
}

#[test]
fn unreviewed_proposals_are_withheld_whole_and_not_linked() {
    let site = Fixture::minimal();
    site.write(
        "content/proposals/hidden.yaml",
        &proposal("秘密の見守り提案タイトル", "partnership: mimamori\n"),
    );
    site.write(
        "content/partnerships/mimamori.yaml",
        &partnership("見守りの連携", "proposal: hidden\n"),
    );
    site.built();
    assert!(!site.exists("proposals/hidden/index.html"));
    for (path, bytes) in site.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("秘密の見守り提案タイトル"),
            "title leaked into {path}"
        );
        assert!(
            !text.contains("proposals/hidden"),
            "link to a withheld proposal in {path}"
        );
        assert!(
            !text.contains("提案テック株式会社"),
            "proposer leaked into {path}"
        );
    }
}

#[test]
fn protected_fields_show_as_withheld() {
    let site = Fixture::minimal();
    site.write(
        "content/proposals/named.yaml",
        &proposal(
            "公開される提案",
            "idea: 門外不出のノウハウをここに書きます。\ndisclosure:\n  reviewed: true\n  reviewed_on: 2026-07-01\n  protected: [idea, proposer.name]\n",
        ),
    );
    site.built();
    let page = site.read("proposals/named/index.html");
    assert!(page.contains("公開される提案"));
    assert!(page.contains("非公開"));
    assert!(!page.contains("門外不出のノウハウ"));
    assert!(!page.contains("提案テック株式会社"));
    assert!(!site
        .output_files()
        .iter()
        .any(|(p, _)| p.starts_with("partners/") && p != "partners/index.html"));
}

#[test]
fn internal_notes_are_never_published() {
    let site = Fixture::minimal();
    site.write(
        "content/partnerships/notes.yaml",
        &partnership(
            "メモ付きの連携",
            "internal:\n  memo: 担当者の内部検討メモは公開しない\n  budget_draft: 1234567\n",
        ),
    );
    site.built();
    for (path, bytes) in site.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("担当者の内部検討メモ"),
            "internal note in {path}"
        );
        assert!(!text.contains("1234567"), "internal number in {path}");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let first = Fixture::sample();
    first.built();
    let second = Fixture::sample();
    second.built();
    let a = first.output_files();
    let b = second.output_files();
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between builds");
    }
}

#[test]
fn injected_html_is_inert() {
    let site = Fixture::minimal();
    site.write(
        "content/partnerships/xss.yaml",
        &partnership(
            "\"<script>alert('title')</script>\"",
            "body: |\n  <script>alert('body')</script>\n  <img src=x onerror=alert(1)>\n  [click](javascript:alert(1))\n  <a href=\"javascript:alert(2)\">x</a>\n",
        ),
    );
    site.built();
    for (path, bytes) in site.output_files() {
        if path.ends_with(".html") {
            assert_inert(&path, &String::from_utf8_lossy(&bytes));
        }
    }
    let page = scraper::Html::parse_document(&site.read("partnerships/xss/index.html"));
    let main = page
        .select(&scraper::Selector::parse("main").unwrap())
        .next()
        .unwrap();
    let text: String = main.text().collect();
    assert!(
        text.contains("<script>alert('body')</script>"),
        "raw HTML is shown as text: {text}"
    );
}

/// Parses a page as a browser would and fails on anything that could run: a script element
/// with content from the record, an event-handler attribute, a `javascript:` URL, an embed.
fn assert_inert(path: &str, html: &str) {
    let document = scraper::Html::parse_document(html);
    let all = scraper::Selector::parse("*").unwrap();
    for element in document.select(&all) {
        let name = element.value().name();
        assert!(
            !matches!(name, "iframe" | "object" | "embed" | "img"),
            "live <{name}> in {path}"
        );
        if name == "script" {
            let text: String = element.text().collect();
            if element.value().attr("type") == Some("application/ld+json") {
                // A data block never runs; it must still be whole JSON, not cut short by
                // record text that closed the element.
                assert!(
                    serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                    "broken JSON-LD in {path}"
                );
            } else {
                assert!(
                    !text.contains("alert"),
                    "record text inside a script element in {path}"
                );
            }
        }
        for (attribute, value) in element.value().attrs() {
            assert!(
                !attribute.starts_with("on"),
                "event handler {attribute} in {path}"
            );
            let value = value.trim().to_ascii_lowercase();
            // The theme's own icon is an inline image; no record text reaches a <link>.
            let theme_icon = name == "link"
                && element.value().attr("rel") == Some("icon")
                && value.starts_with("data:image/");
            assert!(
                !value.starts_with("javascript:") && (theme_icon || !value.starts_with("data:")),
                "{attribute}={value} in {path}"
            );
        }
    }
}

/// Each bad input fails with a located message and leaves the previous output untouched.
#[test]
fn bad_input_fails_clearly_and_keeps_the_previous_site() {
    let cases: Vec<(&str, String, &str, &str)> = vec![
        (
            "partnerships/bad.yaml",
            "title: \"unterminated\n".to_string(),
            "bad.yaml:2:1",
            "found unexpected end of stream",
        ),
        (
            "partnerships/bad.yaml",
            partnership("x", "colour: red\n"),
            "unknown field `colour`",
            "bad.yaml:13:1",
        ),
        (
            "partnerships/bad.yaml",
            partnership("x", "").replace("pattern: introduce", "pattern: import"),
            "unknown variant `import`",
            "field `pattern`",
        ),
        (
            "partnerships/bad.yaml",
            partnership("x", "").replace("2026-05-01", "2026-02-30"),
            "not a real calendar date",
            "field `concluded_on`",
        ),
        (
            "partnerships/bad.yaml",
            partnership("x", "theme: no-such-theme\n"),
            "no theme with id `no-such-theme`",
            "bad.yaml:13:8",
        ),
        (
            "partnerships/bad.yaml",
            partnership("x", "").replace("8700110005901", "8700110005902"),
            "wrong check digit",
            "field `partners[0].corporate_number`",
        ),
        (
            "partnerships/bad.yaml",
            partnership(
                "x",
                "documents:\n  - {title: 資料, url: \"javascript:alert(1)\", kind: report}\n",
            ),
            "not an http:// or https:// address",
            "field `documents[0].url`",
        ),
        (
            "partnerships/Bad_Id.yaml",
            partnership("x", ""),
            "must use only a-z, 0-9",
            "Bad_Id.yaml",
        ),
        (
            "partnerships/bad.yaml",
            partnership("x", "disclosure:\n  reviewed: true\n  protected: [idae]\n"),
            "names no protectable field",
            "field `disclosure.protected[0]`",
        ),
        (
            "partnerships/bad.yaml",
            partnership("x", "demonstration: true\nward_cost_yen: 1000001\n"),
            "exceeds the 実証実験提案制度 cap",
            "field `ward_cost_yen`",
        ),
    ];
    for (file, text, message, location) in cases {
        let site = Fixture::minimal();
        site.built();
        let before = site.output_files();
        site.write(&format!("content/{file}"), &text);
        let error = site.build_error();
        assert!(
            error.contains(message),
            "{file}: expected `{message}` in:\n{error}"
        );
        assert!(
            error.contains(location),
            "{file}: expected `{location}` in:\n{error}"
        );
        assert_eq!(
            site.output_files(),
            before,
            "{file}: previous output must stay byte-identical"
        );
    }
}

#[test]
fn all_errors_are_reported_together() {
    let site = Fixture::minimal();
    site.write(
        "content/partnerships/one.yaml",
        &partnership("x", "sdgs: [18]\n"),
    );
    site.write(
        "content/partnerships/two.yaml",
        &partnership("y", "theme: nowhere\n"),
    );
    site.write("content/themes/three.yaml", "title: t\n");
    let error = site.build_error();
    assert!(error.contains("one.yaml:13:8: field `sdgs[0]`"), "{error}");
    assert!(error.contains("two.yaml:13:8: field `theme`"), "{error}");
    assert!(error.contains("three.yaml"), "{error}");
    assert!(error.contains("3 errors"), "{error}");
}

#[test]
fn non_utf8_files_are_refused_with_position() {
    let site = Fixture::minimal();
    let path = site.root().join("content/partnerships/sjis.yaml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, b"title: \x8c\xa9\x8e\xe7\x82\xe8\n").unwrap();
    let error = site.build_error();
    assert!(error.contains("sjis.yaml:1:8"), "{error}");
    assert!(error.contains("not valid UTF-8"), "{error}");
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_content_are_refused() {
    let site = Fixture::minimal();
    let outside = site.root().join("secret.yaml");
    std::fs::write(&outside, partnership("外部のファイル", "")).unwrap();
    std::fs::create_dir_all(site.root().join("content/partnerships")).unwrap();
    std::os::unix::fs::symlink(&outside, site.root().join("content/partnerships/link.yaml"))
        .unwrap();
    let error = site.build_error();
    assert!(error.contains("outside the content folder"), "{error}");
}

#[test]
fn cli_build_honours_source_date_epoch_and_check_lists_withheld() {
    let site = Fixture::sample();
    let binary = env!("CARGO_BIN_EXE_kanmin");
    // 2027-01-20T00:00:00+09:00: every sample theme with an earlier deadline is closed.
    let output = Command::new(binary)
        .args(["build", "--root"])
        .arg(site.root())
        // The messages these tests read are the English table's.
        .env("KANMIN_LANG", "en")
        .env("SOURCE_DATE_EPOCH", "1800370800")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("build date 2027-01-20"), "{stdout}");

    let check = Command::new(binary)
        .args(["check", "--root"])
        .arg(site.root())
        .env("KANMIN_LANG", "en")
        .output()
        .unwrap();
    assert!(check.status.success());
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(report.contains("withheld records"), "{report}");
    assert!(report.contains("proposal 2026-library-audio"), "{report}");
    assert!(report.contains("protected fields"), "{report}");

    let failed = Command::new(binary)
        .args(["build", "--root"])
        .arg(site.root())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert!(!failed.status.success());
    assert!(String::from_utf8_lossy(&failed.stderr).contains("SOURCE_DATE_EPOCH"));
}

#[test]
fn department_and_partner_pages_list_their_records_a_page_at_a_time() {
    let site = Fixture::minimal();
    let count = 2 * kanmin::render::html::INDEX_PAGE_SIZE + 50;
    for n in 0..count {
        site.write(
            &format!("content/partnerships/p{n:04}.yaml"),
            &partnership(&format!("連携その{n}"), ""),
        );
    }
    site.built();
    let slug = kanmin::public::name_slug;
    for (folder, slug) in [
        ("departments", slug("保健福祉政策部 保健医療福祉推進課")),
        ("partners", slug("見守りテック株式会社")),
    ] {
        let base = format!("{folder}/{slug}/");
        let pages: Vec<String> = ["".to_string(), "page/2/".into(), "page/3/".into()]
            .iter()
            .map(|p| site.read(&format!("{base}{p}index.html")))
            .collect();
        assert!(
            !site.exists(&format!("{base}page/4/index.html")),
            "{base}: three pages for {count} records"
        );
        let links: Vec<usize> = pages
            .iter()
            .map(|page| page.matches("partnerships/p").count())
            .collect();
        assert_eq!(
            links.iter().sum::<usize>(),
            count,
            "{base}: every record once: {links:?}"
        );
        assert!(
            links
                .iter()
                .all(|&n| n <= kanmin::render::html::INDEX_PAGE_SIZE),
            "{links:?}"
        );
        for page in &pages {
            assert!(
                page.contains(&format!("{count}件")),
                "{base}: the total on every page"
            );
            assert!(page.contains("ページ送り"), "{base}: page navigation");
        }
    }
}

/// A theme folder replaces the files it names and keeps the rest of the built-in theme; the
/// `withheld` test tells a protected field from one left out (docs/themes.md).
#[test]
fn override_theme_replaces_only_its_own_files() {
    let site = Fixture::minimal();
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/themes/override"),
        &site.root().join("themes/override"),
    );
    let config = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    site.write("content/site.yaml", &format!("{config}\ntheme: override\n"));
    site.write(
        "content/partnerships/hidden-cost.yaml",
        &partnership(
            "費用を保護した連携",
            "ward_cost_yen: 950000\ndisclosure:\n  protected: [ward_cost_yen]\n",
        ),
    );
    site.write(
        "content/partnerships/no-cost.yaml",
        &partnership("費用の記載がない連携", ""),
    );
    site.built();

    let hidden = site.read("partnerships/hidden-cost/index.html");
    assert!(
        hidden.contains("override-partnership"),
        "the theme's template renders partnerships"
    );
    assert!(
        hidden.contains("区の負担額は非公開です。"),
        "withheld told from absent"
    );
    assert!(!hidden.contains("950,000円"));
    let absent = site.read("partnerships/no-cost/index.html");
    assert!(
        absent.contains("区の負担額の記載はありません。"),
        "absent told from withheld"
    );
    // Everything the theme does not name comes from the built-in theme.
    assert!(
        hidden.contains("<footer"),
        "base.html of the built-in theme"
    );
    assert!(!site
        .read("partnerships/index.html")
        .contains("override-partnership"));
    assert!(
        site.exists("static/override.css")
            && site.exists("static/style.css")
            && site.exists("static/search.js")
    );
    // Its message tables reword a message in each language; the rest stays the built-in's.
    let english = site.read("en/partnerships/index.html");
    assert!(english.contains("<h1>Collaborations"), "{english}");
    assert!(english.contains(">Calls for proposals</a>"));
    let japanese = site.read("index.html");
    assert!(japanese.contains(">統計データ</a>") && japanese.contains(">連携事例</a>"));
}

#[test]
fn a_theme_message_the_built_in_table_lacks_fails_the_build() {
    let site = Fixture::minimal();
    let config = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    site.write("content/site.yaml", &format!("{config}\ntheme: typo\n"));
    site.write(
        "themes/typo/messages/en.yaml",
        "\"連携事列\": \"Collaborations\"\n",
    );
    let error = site.build_error();
    assert!(error.contains("themes/typo/messages/en.yaml"), "{error}");
    assert!(error.contains("unknown message `連携事列`"), "{error}");
}
