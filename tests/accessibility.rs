//! Accessibility and validity of every page type (JIS X 8341-3:2016 AA; see
//! content/pages/accessibility.md): axe-core and the other browser checks in
//! tests/browser/checks/a11y.mjs, and the Nu Html Checker over every HTML file, on the sample
//! site and on a site of hostile content.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::json;

/// One page of each type, as a site path, read from what the build wrote.
fn page_types(site: &Fixture) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = vec![
        ("home".into(), String::new()),
        ("404".into(), "404.html".into()),
    ];
    for list in [
        "partnerships",
        "themes",
        "proposals",
        "soundings",
        "partners",
        "departments",
    ] {
        pages.push((format!("{list} list"), format!("{list}/")));
        let detail = std::fs::read_dir(site.output().join(list))
            .unwrap_or_else(|e| panic!("{list}/ missing: {e}"))
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|name| name != "page" && site.exists(&format!("{list}/{name}/index.html")))
            .min();
        if let Some(detail) = detail {
            pages.push((format!("{list} detail"), format!("{list}/{detail}/")));
        }
    }
    // The accessibility policy stands for free pages.
    for single in ["search/", "data/", "stats/", "accessibility/"] {
        if site.exists(&format!("{single}index.html")) {
            pages.push((single.trim_end_matches('/').to_string(), single.to_string()));
        }
    }
    // Every page type again in English, where the same layout holds other texts.
    let english: Vec<(String, String)> = pages
        .iter()
        .map(|(kind, path)| (format!("{kind} (en)"), format!("en/{path}")))
        .filter(|(_, path)| {
            site.exists(&if path.ends_with(".html") {
                path.clone()
            } else {
                format!("{path}index.html")
            })
        })
        .collect();
    pages.extend(english);
    pages
}

fn check_in_browser(site: &Fixture, required: &[&str]) {
    let pages = page_types(site);
    for kind in required
        .iter()
        .flat_map(|k| [k.to_string(), format!("{k} (en)")])
    {
        assert!(
            pages.iter().any(|(t, _)| *t == kind),
            "no page of type {kind}: {pages:?}"
        );
    }
    let base = serve(site.output());
    let pages: Vec<_> = pages
        .iter()
        .map(|(t, p)| json!({ "type": t, "path": p }))
        .collect();
    run_browser_check(site, "a11y", json!({ "base": base, "pages": pages }));
}

const PAGE_TYPES: [&str; 18] = [
    "home",
    "404",
    "partnerships list",
    "partnerships detail",
    "themes list",
    "themes detail",
    "proposals list",
    "proposals detail",
    "soundings list",
    "soundings detail",
    "partners list",
    "partners detail",
    "departments list",
    "departments detail",
    "search",
    "data",
    "stats",
    "accessibility",
];

fn vnu_jar() -> std::path::PathBuf {
    harness_dir().join("node_modules/vnu-jar/build/dist/vnu.jar")
}

fn vnu_available() -> bool {
    require_tool(
        "java",
        Command::new("java")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success()),
    ) && require_tool("vnu.jar (npm ci in tests/browser)", vnu_jar().exists())
}

/// The Nu Html Checker over every HTML file of the site: zero errors.
fn validate_html(site: &Fixture) {
    let files: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, _)| site.output().join(path).to_string_lossy().to_string())
        .collect();
    assert!(!files.is_empty());
    let output = Command::new("java")
        .args(["-jar"])
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .expect("run the Nu Html Checker");
    // vnu writes its JSON report to stderr.
    let report: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu output is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    let errors: Vec<String> = messages
        .iter()
        .map(|m| {
            let file = m["url"]
                .as_str()
                .unwrap_or("")
                .rsplit_once(&*site.output().to_string_lossy())
                .map_or("", |(_, f)| f)
                .to_string();
            format!(
                "{file}:{}: {} [{}]",
                m["lastLine"],
                m["message"].as_str().unwrap_or(""),
                m["extract"].as_str().unwrap_or("").trim()
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "Nu Html Checker: {} errors in {} files:\n{}",
        errors.len(),
        files.len(),
        errors.join("\n")
    );
}

/// Content that tries everything a careless or hostile hand might put into a field.
fn hostile_site() -> Fixture {
    let site = Fixture::minimal();
    let long = "とても長い区切りのない文字列".repeat(40) + &"x".repeat(400);
    let script = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let rtl = "مشروع التعاون مع المنطقة שיתוף פעולה";
    let emoji = "👩‍👩‍👧‍👦 見守り🏳️‍🌈🇯🇵";
    site.write("content/pages/how-to-propose.md", &format!("---\ntitle: {}\n---\n# {script}\n\n{long}\n\n| 列 | {rtl} |\n|---|---|\n| {emoji} | {long} |\n", yaml_string(&format!("提案の方法 {emoji}"))));
    site.write(
        "content/pages/accessibility.md",
        "---\ntitle: ウェブアクセシビリティ方針\n---\n本文\n",
    );
    site.write(
        "content/partnerships/hostile.yaml",
        &partnership(
            &yaml_string(&format!("{script}{long}")),
            &format!(
                "body: {}\noutcomes: {}\npolicy_areas: [{}]\nkpis: [{{name: {}, unit: 件, target: 100, actual: 12}}]\n\
                 documents: [{{title: {}, url: \"https://example.org/{}\", kind: report}}]\n",
                yaml_string(&format!("{rtl}\n\n{emoji}\n\n{long}\n\n```\n{long}\n```\n\n[{long}](https://example.org/{long})")),
                yaml_string(&format!("- {script}\n- {rtl}")),
                yaml_string(&long),
                yaml_string(&long),
                yaml_string(&long),
                "a".repeat(300),
            ),
        )
        .replace("見守りテック株式会社", &format!("{rtl} {emoji}")),
    );
    // Only the required fields: every optional section must disappear cleanly.
    site.write(
        "content/partnerships/bare.yaml",
        &partnership("最小限の連携", ""),
    );
    site.write(
        "content/themes/open.yaml",
        &format!(
            "title: {}\nsummary: {}\ndepartments: [{}]\nopen_from: 2026-10-01\ndeadline: 2026-12-31\nissue: {}\n",
            yaml_string(&format!("{emoji}{long}")),
            yaml_string(script),
            yaml_string(&long),
            yaml_string(&format!("{rtl}\n\n{long}"))
        ),
    );
    site.write(
        "content/proposals/open.yaml",
        &proposal(
            &yaml_string(&format!("{rtl}{long}")),
            "theme: open\ndisclosure: {reviewed: true, reviewed_on: 2026-06-10, protected: [idea]}\nidea: 非公開の工夫です。",
        )
        .replace("route: private-proposal", "route: theme"),
    );
    site.write(
        "content/soundings/bare.yaml",
        &format!(
            "title: {}\nsummary: 対話の結果です。\ndepartments: [政策経営部 政策企画課]\nannounced_on: 2026-04-01\n\
             disclosure: {{reviewed: true, reviewed_on: 2026-05-01}}\n",
            yaml_string(&long)
        ),
    );
    site
}

/// The sample site in a repository of two commits: every record page has a 更新履歴
/// section, and the first record of each kind (the one `page_types` checks) lists a changed
/// title, and the partnership a changed summary too (「本文を更新」).
fn sample_with_history() -> Fixture {
    let site = Fixture::sample();
    git(
        site.root(),
        &["init", "-q", "-b", "main"],
        "2026-04-01T09:00:00+09:00",
    );
    commit(&site, "2026-04-01T09:00:00+09:00");
    for kind in ["partnerships", "themes", "proposals", "soundings"] {
        let mut names: Vec<String> = std::fs::read_dir(site.root().join("content").join(kind))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        let path = format!("content/{kind}/{}", names[0]);
        let text = std::fs::read_to_string(site.root().join(&path)).unwrap();
        let mut edited: Vec<String> = Vec::new();
        let mut in_summary = false;
        for line in text.lines() {
            let mut line = line.to_string();
            if line.starts_with("title: ") && !line.ends_with('"') && !line.ends_with('\'') {
                line.push_str("（改訂）");
            } else if in_summary && kind == "partnerships" {
                line.push_str("内容を改めました。");
                in_summary = false;
            }
            if line == "summary: |" {
                in_summary = true;
            }
            edited.push(line);
        }
        site.write(&path, &(edited.join("\n") + "\n"));
    }
    commit(&site, "2026-06-01T15:30:00+09:00");
    site
}

#[test]
fn sample_site_passes_axe_and_browser_checks() {
    if !browser_tools_available() {
        return;
    }
    let site = sample_with_history();
    site.built();
    check_in_browser(&site, &PAGE_TYPES);
}

#[test]
fn hostile_content_passes_axe_and_browser_checks() {
    if !browser_tools_available() {
        return;
    }
    let site = hostile_site();
    site.built();
    check_in_browser(&site, &PAGE_TYPES);
}

#[test]
fn sample_site_is_valid_html() {
    if !vnu_available() {
        return;
    }
    let site = sample_with_history();
    site.built();
    let page = site.read("partnerships/ai-chatbot/index.html");
    assert!(
        page.contains("更新履歴") && page.contains("本文を更新"),
        "{page}"
    );
    validate_html(&site);
}

#[test]
fn hostile_content_is_valid_html() {
    if !vnu_available() {
        return;
    }
    let site = hostile_site();
    site.built();
    validate_html(&site);
}

/// The English policy page states the same, for readers of the English site.
#[test]
fn english_accessibility_policy_states_level_scope_tests_and_contact() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/pages/accessibility.md"),
    )
    .unwrap();
    let english = &text[text.find("\nen:\n").expect("an English version")..];
    for required in [
        "JIS X 8341-3:2016",
        "level AA",
        "Scope",
        "in Japanese and in English",
        "axe-core",
        "Nu Html Checker",
        "Exceptions",
        "Test results",
        "Contact",
    ] {
        assert!(
            english.contains(required),
            "the English accessibility policy does not mention {required}"
        );
    }
}

/// The policy page the 総務省 guideline asks for states what CI checks.
#[test]
fn accessibility_policy_states_level_scope_tests_and_contact() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/pages/accessibility.md"),
    )
    .unwrap();
    for required in [
        "JIS X 8341-3:2016",
        "AA",
        "準拠",
        "対象範囲",
        "axe-core",
        "Nu Html Checker",
        "例外事項",
        "試験結果",
        "担当部署",
    ] {
        assert!(
            text.contains(required),
            "accessibility.md does not mention {required}"
        );
    }
}
