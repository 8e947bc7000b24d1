//! Browser tests: the built site, served over HTTP under its base path, driven by headless
//! Chromium through the node harness in tests/browser/ (`node run.mjs <check> <config>`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;

use common::{partnership, proposal, require_tool, Fixture};
use serde_json::json;

const BASE_PATH: &str = "/colab/";

fn harness_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Chromium and the harness's node modules, or a skip (a failure under KANMIN_REQUIRE_TOOLS=1).
fn tools_available() -> bool {
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    require_tool("chromium", Path::new(&chromium).exists())
        && require_tool("node", Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success()))
        && require_tool(
            "tests/browser/node_modules (npm ci in tests/browser)",
            harness_dir().join("node_modules/playwright-core").exists(),
        )
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

/// Serves `root` at `http://127.0.0.1:PORT/colab/` on a background thread, like a static
/// host: `dir/` serves `dir/index.html`, query strings are ignored. Returns the base URL.
fn serve(root: PathBuf) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind a local port");
    let port = server.server_addr().to_ip().expect("ip address").port();
    thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request.url().split('?').next().unwrap_or("").to_string();
            let file = path.strip_prefix(BASE_PATH).map(|relative| {
                let relative = if relative.is_empty() || relative.ends_with('/') { format!("{relative}index.html") } else { relative.to_string() };
                root.join(relative)
            });
            let response = match file.filter(|f| !path.contains("..") && f.is_file()) {
                Some(file) => {
                    let header = tiny_http::Header::from_bytes("Content-Type", content_type(&file)).expect("header");
                    tiny_http::Response::from_data(std::fs::read(&file).unwrap_or_default()).with_header(header)
                }
                None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
    format!("http://127.0.0.1:{port}{BASE_PATH}")
}

/// Runs `node run.mjs <check>` with `config`; panics with the harness's output on failure.
fn run_check(fixture: &Fixture, check: &str, config: serde_json::Value) {
    let config_path = fixture.root().join(format!("{check}-check.json"));
    std::fs::write(&config_path, config.to_string()).expect("write check config");
    let output = Command::new("node").arg("run.mjs").arg(check).arg(&config_path).current_dir(harness_dir()).output().expect("run node");
    assert!(
        output.status.success(),
        "browser check `{check}` failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

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
