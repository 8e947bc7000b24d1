//! Browser tests: the built site, served over HTTP under its base path, driven by headless
//! Chromium through the node harness in tests/browser/ (`node run.mjs <check> <config>`).

mod common;

use common::{
    browser_tools_available as tools_available, run_browser_check as run_check, search_fixture,
    serve,
};
use serde_json::json;

#[test]
fn search_page_finds_records_in_the_browser() {
    if !tools_available() {
        return;
    }
    let fixture = search_fixture();
    let base = serve(fixture.output());
    let case =
        |params: serde_json::Value, expect: &[&str]| json!({ "params": params, "expect": expect });
    let cycles = ["partnerships/cycle/", "partnerships/old-cycle/"];
    run_check(
        &fixture,
        "search",
        json!({
            "base": base,
            "cases": [
                case(json!({"q": "ＩｏＴ"}), &["partnerships/mimamori/"]),
                case(json!({"q": "iot"}), &["partnerships/mimamori/"]),
                case(json!({"q": "ｼｪｱｻｲｸﾙ"}), &cycles),
                case(json!({"q": "しぇあ"}), &[]),
                case(json!({"q": "シェア"}), &cycles),
                case(json!({"q": "自転車"}), &["partnerships/old-cycle/"]),
                case(json!({"q": "猫"}), &["partnerships/mimamori/"]),
                case(json!({"q": "サイクル　分析"}), &["partnerships/old-cycle/"]),
                case(json!({"q": "サイクル", "fy": "2024"}), &["partnerships/old-cycle/"]),
                case(json!({"q": "見守り", "kind": "proposal"}), &["proposals/open/"]),
                case(json!({"q": "ヤッホー"}), &["partnerships/chorus/"]),
                case(json!({"q": "極秘ドローン"}), &[]),
                case(json!({"q": "暗号方式"}), &[]),
            ],
            "typing": { "text": "ポート", "expect": ["partnerships/cycle/"] },
        }),
    );
}

#[test]
fn search_works_with_the_script_loaded_as_a_file() {
    if !tools_available() {
        return;
    }
    // The search page a site under `script-src 'self'` uses (README.md): no inline script.
    let fixture = search_fixture();
    fixture.write(
        "themes/default/templates/search.html",
        &common::self_only_search_page(),
    );
    fixture.built();
    let base = serve(fixture.output());
    run_check(
        &fixture,
        "search",
        json!({
            "base": base,
            "cases": [
                { "params": {"q": "ｼｪｱｻｲｸﾙ"}, "expect": ["partnerships/cycle/", "partnerships/old-cycle/"] },
                { "params": {"q": "ヤッホー"}, "expect": ["partnerships/chorus/"] },
            ],
        }),
    );
}

#[test]
fn english_search_finds_english_words_in_any_case_and_untranslated_japanese() {
    if !tools_available() {
        return;
    }
    let fixture = search_fixture();
    // One record translated, with capitals; the others keep only their Japanese.
    fixture.write(
        "content/partnerships/mimamori.yaml",
        &common::partnership(
            "ＩｏＴを使った高齢者の見守り",
            "body: 電力センサーで暮らしの変化をとらえます。\nen:\n  title: Watching over older residents with IoT\n  body: Power sensors notice changes in daily life.\n",
        ),
    );
    fixture.built();
    let base = serve(fixture.output());
    let case =
        |params: serde_json::Value, expect: &[&str]| json!({ "params": params, "expect": expect });
    run_check(
        &fixture,
        "search",
        json!({
            "base": base,
            "search": "en/search/",
            "done": [": ", "nothing found", "could not be loaded"],
            "count": ": {n}",
            "cases": [
                case(json!({"q": "WATCHING"}), &["en/partnerships/mimamori/"]),
                case(json!({"q": "power sensors"}), &["en/partnerships/mimamori/"]),
                case(json!({"q": "ｼｪｱｻｲｸﾙ"}), &["en/partnerships/cycle/", "en/partnerships/old-cycle/"]),
                case(json!({"q": "暗号方式"}), &[]),
                case(json!({"q": "極秘ドローン"}), &[]),
            ],
            "typing": { "text": "older", "expect": ["en/partnerships/mimamori/"] },
        }),
    );
}
