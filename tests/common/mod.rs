//! Test fixtures: a content folder in a temp dir, built with the real pipeline, with helpers
//! to read what the build wrote. Each test binary uses the parts it needs.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use kanmin::date::Date;

/// The build date the sample content is written for (themes open, upcoming and closed).
pub const SAMPLE_DATE: &str = "2026-11-30";

pub fn date(text: &str) -> Date {
    Date::parse(text).expect("test date")
}

/// A project folder (`content/`, optional `themes/`) in a temp dir.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// An empty project with only a valid `site.yaml`.
    pub fn minimal() -> Fixture {
        let fixture = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        fixture.write("content/site.yaml", MINIMAL_SITE);
        fixture
    }

    /// A copy of the repository's sample content.
    pub fn sample() -> Fixture {
        let fixture = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            &fixture.root().join("content"),
        );
        fixture
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn output(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    pub fn remove(&self, relative: &str) {
        fs::remove_file(self.root().join(relative)).unwrap();
    }

    /// Builds into `public/` at `build_date`.
    pub fn build_on(&self, build_date: &str) -> Result<kanmin::BuildReport, kanmin::BuildError> {
        kanmin::build(self.root(), &self.output(), date(build_date))
    }

    pub fn build(&self) -> Result<kanmin::BuildReport, kanmin::BuildError> {
        self.build_on(SAMPLE_DATE)
    }

    /// Builds and panics with the diagnostics when the build fails.
    pub fn built(&self) -> &Self {
        if let Err(err) = self.build() {
            panic!("build failed:\n{err}");
        }
        self
    }

    /// The error text of a build expected to fail.
    pub fn build_error(&self) -> String {
        match self.build() {
            Ok(_) => panic!("build succeeded but was expected to fail"),
            Err(err) => err.to_string(),
        }
    }

    pub fn read(&self, relative: &str) -> String {
        let path = self.output().join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    }

    pub fn exists(&self, relative: &str) -> bool {
        self.output().join(relative).exists()
    }

    /// Every output file: (path relative to the output, bytes), sorted by path.
    pub fn output_files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(self.output()).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let relative = entry
                    .path()
                    .strip_prefix(self.output())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((relative, fs::read(entry.path()).unwrap()));
            }
        }
        files
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub const MINIMAL_SITE: &str = r#"title: テスト区 官民連携
base_url: https://example.org/colab/
municipality: {name: 世田谷区, prefecture: 東京都, code: "131121"}
contact: {name: せたがやCo-Lab., department: 政策経営部, email: colab@example.jp}
"#;

/// A valid partnership; `extra` lines are appended (use them to add or override fields).
pub fn partnership(title: &str, extra: &str) -> String {
    format!(
        r#"title: {title}
summary: 区と企業が連携して地域の見守りを進める取組みです。
status: active
pattern: introduce
route: private-proposal
agreement: agreement
concluded_on: 2026-05-01
partners:
  - name: 見守りテック株式会社
    kind: company
    corporate_number: "8700110005901"
departments: [保健福祉政策部 保健医療福祉推進課]
{extra}"#
    )
}

/// A proposal; pass a `disclosure:` block in `extra` to publish it.
pub fn proposal(title: &str, extra: &str) -> String {
    format!(
        r#"title: {title}
summary: 地域の見守りに関する提案です。
received_on: 2026-06-01
route: private-proposal
proposer:
  name: 提案テック株式会社
  kind: company
departments: [保健福祉政策部 保健医療福祉推進課]
status: reviewing
{extra}"#
    )
}

/// Whether a test that needs an external tool should run. A missing tool skips the test with
/// a message locally and fails it when `KANMIN_REQUIRE_TOOLS=1` (as CI sets).
pub fn require_tool(name: &str, available: bool) -> bool {
    if available {
        return true;
    }
    if std::env::var("KANMIN_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
        panic!("{name} is required (KANMIN_REQUIRE_TOOLS=1) but not installed");
    }
    eprintln!("skipped: {name} not installed");
    false
}

/// Whether `program args…` runs and succeeds: how tests tell an external tool is installed.
pub fn runs(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A YAML scalar holding exactly `text`: JSON string syntax is valid YAML.
pub fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialise")
}

// ---- Browser tests: the built site served over HTTP, checked by the node harness in
// tests/browser/ (`node run.mjs <check> <config>`), shared by every browser test file.

pub const BASE_PATH: &str = "/colab/";

pub fn harness_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Chromium and the harness's node modules, or a skip (a failure under KANMIN_REQUIRE_TOOLS=1).
pub fn browser_tools_available() -> bool {
    let chromium =
        std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    require_tool("chromium", Path::new(&chromium).exists())
        && require_tool(
            "node",
            std::process::Command::new("node")
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success()),
        )
        && require_tool(
            "tests/browser/node_modules (npm ci in tests/browser)",
            harness_dir().join("node_modules/playwright-core").exists(),
        )
}

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("yml" | "yaml") => "text/yaml; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Serves a built site `root` at `http://127.0.0.1:PORT/colab/` on a background thread, like a static
/// host: `dir/` serves `dir/index.html`, query strings are ignored. Returns the base URL.
pub fn serve(root: PathBuf) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind a local port");
    let port = server.server_addr().to_ip().expect("ip address").port();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request.url().split('?').next().unwrap_or("").to_string();
            let file = path.strip_prefix(BASE_PATH).map(|relative| {
                let relative = if relative.is_empty() || relative.ends_with('/') {
                    format!("{relative}index.html")
                } else {
                    relative.to_string()
                };
                root.join(relative)
            });
            let response = match file.filter(|f| !path.contains("..") && f.is_file()) {
                Some(file) => {
                    let header = tiny_http::Header::from_bytes("Content-Type", content_type(&file))
                        .expect("header");
                    tiny_http::Response::from_data(std::fs::read(&file).unwrap_or_default())
                        .with_header(header)
                }
                None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
    format!("http://127.0.0.1:{port}{BASE_PATH}")
}

/// The default search page with its script loaded from the file instead of written in: what
/// README.md tells a site under `script-src 'self'` to put in `themes/default/templates/`.
pub fn self_only_search_page() -> String {
    let page = include_str!("../../themes/default/templates/search.html");
    let start = page.find("{% block scripts %}").expect("scripts block");
    format!("{}{{% block scripts %}}<script type=\"module\" async src=\"{{{{ site_root }}}}static/search.js\"></script>{{% endblock scripts %}}\n", &page[..start])
}

/// Runs `node run.mjs <check>` with `config`; panics with the harness's output on failure.
pub fn run_browser_check(fixture: &Fixture, check: &str, config: serde_json::Value) {
    let config_path = fixture.root().join(format!("{check}-check.json"));
    std::fs::write(&config_path, config.to_string()).expect("write check config");
    let output = std::process::Command::new("node")
        .arg("run.mjs")
        .arg(check)
        .arg(&config_path)
        .current_dir(harness_dir())
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "browser check `{check}` failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A built site for search tests: width variants, kana and kanji, a withheld proposal and a
/// protected idea, so queries can prove both what they find and what they must not.
/// How often `search_fixture`'s chorus record repeats its shout: enough for the posting of
/// ヤッホ to outgrow a shared index shard (16 KB).
pub const COMMON_GRAM_REPEATS: usize = 18_000;

pub fn search_fixture() -> Fixture {
    let fixture = Fixture::minimal();
    // The theme links every page to the proposal guide.
    fixture.write(
        "content/pages/how-to-propose.md",
        "---\ntitle: 提案の方法\n---\n窓口へご相談ください。\n",
    );
    fixture.write(
        "content/partnerships/mimamori.yaml",
        &partnership(
            "ＩｏＴを使った高齢者の見守り",
            "body: 電力センサーで暮らしの変化をとらえます。猫の見守りではありません。",
        ),
    );
    fixture.write(
        "content/partnerships/cycle.yaml",
        &partnership("ｼｪｱｻｲｸﾙのポート拡充", "body: 区内にポートを増やします。")
            .replace("2026-05-01", "2026-07-01"),
    );
    fixture.write(
        "content/partnerships/old-cycle.yaml",
        &partnership(
            "自転車の活用",
            "body: シェアサイクルの利用データを分析します。",
        )
        .replace("2026-05-01", "2024-07-01"),
    );
    // A gram this frequent has a posting too large for a shared shard: it gets a file of
    // its own, which the client must find too.
    fixture.write(
        "content/partnerships/chorus.yaml",
        &partnership(
            "合唱の会",
            &format!("body: {}", "ヤッホー。".repeat(COMMON_GRAM_REPEATS)),
        )
        .replace("2026-05-01", "2023-07-01"),
    );
    fixture.write(
        "content/proposals/secret.yaml",
        &proposal("未公開の極秘ドローン配送計画", "").replace(
            "地域の見守りに関する提案です。",
            "河川敷で荷物を運ぶ試みの提案です。",
        ),
    );
    fixture.write(
        "content/proposals/open.yaml",
        &proposal(
            "防災倉庫の点検",
            "idea: 倉庫の鍵を遠隔で管理する独自の暗号方式を使います。\ndisclosure:\n  reviewed: true\n  reviewed_on: 2026-07-01\n  protected: [idea]",
        ),
    );
    fixture.built();
    fixture
}

/// Runs git in `root` with a fixed author and both dates set to `date` (RFC 3339).
#[allow(dead_code)]
pub fn git(root: &Path, args: &[&str], date: &str) {
    let status = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=区職員",
            "-c",
            "user.email=colab@example.jp",
        ])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(root)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// Commits everything under `content/`, dated `date`.
#[allow(dead_code)]
pub fn commit(fixture: &Fixture, date: &str) {
    git(fixture.root(), &["add", "-A", "content"], date);
    git(fixture.root(), &["commit", "-q", "-m", date], date);
}
