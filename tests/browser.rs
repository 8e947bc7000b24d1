//! Browser tests: the built site, served over HTTP under its base path, driven by headless
//! Chromium through the node harness in tests/browser/ (`node run.mjs <check> <config>`).

mod common;

use common::{browser_tools_available as tools_available, partnership, proposal, run_browser_check as run_check, serve, Fixture};
use serde_json::json;

#[test]
fn search_page_finds_records_in_the_browser() {
    if !tools_available() {
        return;
    }
    let fixture = Fixture::minimal();
    fixture.write("content/pages/how-to-propose.md", "---\ntitle: 提案の方法\n---\n窓口へご相談ください。\n");
    fixture.write(
        "content/partnerships/mimamori.yaml",
        &partnership("ＩｏＴを使った高齢者の見守り", "body: 電力センサーで暮らしの変化をとらえます。地域猫の活動とも協力します。"),
    );
    fixture.write(
        "content/partnerships/cycle.yaml",
        &partnership("ｼｪｱｻｲｸﾙのポート拡充", "body: 区内にポートを増やします。").replace("2026-05-01", "2026-07-01"),
    );
    fixture.write(
        "content/partnerships/old-cycle.yaml",
        &partnership("自転車の活用", "body: シェアサイクルの利用データを分析します。").replace("2026-05-01", "2024-07-01"),
    );
    fixture.write(
        "content/proposals/secret.yaml",
        &proposal("未公開の極秘ドローン配送計画", "").replace("地域の見守りに関する提案です。", "河川敷で荷物を運ぶ試みの提案です。"),
    );
    fixture.write(
        "content/proposals/open.yaml",
        &proposal(
            "防災倉庫の点検",
            "idea: 倉庫の鍵を遠隔で管理する独自の暗号方式を使います。\ndisclosure:\n  reviewed: true\n  reviewed_on: 2026-07-01\n  protected: [idea]",
        ),
    );
    fixture.built();
    let base = serve(fixture.output());
    let case = |params: serde_json::Value, expect: &[&str]| json!({ "params": params, "expect": expect });
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
                case(json!({"q": "極秘ドローン"}), &[]),
                case(json!({"q": "暗号方式"}), &[]),
            ],
            "typing": { "text": "ポート", "expect": ["partnerships/cycle/"] },
        }),
    );
}
