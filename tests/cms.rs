//! The web editor (`editor:` in site.yaml): its configuration comes from the record forms,
//! and a partnership created through it in a real browser is a record `kanmin check`
//! accepts.

mod common;

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{browser_tools_available, harness_dir, require_tool, run_browser_check, Fixture};

fn editor_settings(extra: &str) -> String {
    format!("editor:\n  backend:\n    name: github\n    repo: setagaya/colab-site\n    branch: main\n{extra}")
}

fn with_editor(fixture: &Fixture, extra: &str) {
    let site = std::fs::read_to_string(fixture.root().join("content/site.yaml")).unwrap();
    fixture.write(
        "content/site.yaml",
        &format!("{site}{}", editor_settings(extra)),
    );
}

#[test]
fn admin_is_written_only_when_the_site_asks_for_it() {
    let fixture = Fixture::sample();
    fixture.built();
    assert!(!fixture.exists("admin/config.yml"));

    with_editor(&fixture, "");
    fixture.built();
    let config: serde_yaml::Value =
        serde_yaml::from_str(&fixture.read("admin/config.yml")).unwrap();
    assert_eq!(
        config["backend"]["repo"].as_str(),
        Some("setagaya/colab-site")
    );
    assert_eq!(config["locale"].as_str(), Some("ja"));
    let collections = config["collections"].as_sequence().unwrap();
    let names: Vec<&str> = collections
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["partnerships", "themes", "proposals", "soundings"]);
    let partnerships = &collections[0];
    assert_eq!(
        partnerships["folder"].as_str(),
        Some("content/partnerships")
    );
    assert_eq!(partnerships["label"].as_str(), Some("連携事例"));
    let fields = partnerships["fields"].as_sequence().unwrap();
    let field = |name: &str| {
        fields
            .iter()
            .find(|f| f["name"].as_str() == Some(name))
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    // Every field of the form, in file order, with the open data's Japanese names.
    let form = kanmin::intake::fields::form(kanmin::public::RecordKind::Partnership);
    let keys: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        form.order.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(field("title")["label"].as_str(), Some("名称"));
    assert_eq!(field("status")["widget"].as_str(), Some("select"));
    assert_eq!(
        field("status")["options"][1]["label"].as_str(),
        Some("実施中")
    );
    assert_eq!(
        field("status")["options"][1]["value"].as_str(),
        Some("active")
    );
    assert_eq!(field("summary")["widget"].as_str(), Some("text"));
    assert_eq!(field("theme")["widget"].as_str(), Some("relation"));
    assert_eq!(field("theme")["collection"].as_str(), Some("themes"));
    assert_eq!(field("partners")["min"].as_u64(), Some(1));
    assert_eq!(field("body")["required"].as_bool(), Some(false));
    let disclosure = field("disclosure");
    assert!(disclosure["hint"].as_str().unwrap().contains("協議"));
    let protected = disclosure["fields"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|f| f["name"].as_str() == Some("protected"))
        .unwrap();
    assert!(protected["options"]
        .as_sequence()
        .unwrap()
        .iter()
        .any(|o| o["value"].as_str() == Some("partners.name")));
    let page = fixture.read("admin/index.html");
    assert!(page.contains("rel=\"cms-config-url\""));
    assert!(page.contains(kanmin::intake::cms::DECAP_SCRIPT));
}

#[test]
fn a_broken_editor_setting_is_an_error_naming_its_field() {
    let fixture = Fixture::sample();
    let site = std::fs::read_to_string(fixture.root().join("content/site.yaml")).unwrap();
    fixture.write(
        "content/site.yaml",
        &format!("{site}editor:\n  backend:\n    repo: x/y\n  script: javascript:alert(1)\n"),
    );
    let error = fixture.build_error();
    assert!(error.contains("editor.backend"), "{error}");
    assert!(error.contains("editor.script"), "{error}");
}

/// A free port on 127.0.0.1.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_partnership_created_in_the_web_editor_passes_check() {
    if !browser_tools_available() {
        return;
    }
    let decap = harness_dir().join("node_modules/decap-cms/dist");
    let server = harness_dir().join("node_modules/decap-server/dist/index.js");
    if !require_tool(
        "decap-cms and decap-server (npm ci in tests/browser)",
        decap.join("decap-cms.js").exists() && server.exists(),
    ) {
        return;
    }
    let fixture = Fixture::sample();
    let port = free_port();
    let scripts = common::serve(decap);
    with_editor(
        &fixture,
        &format!(
            "  local_backend:\n    url: http://127.0.0.1:{port}/api/v1\n  script: {scripts}decap-cms.js\n"
        ),
    );
    fixture.built();
    let site = common::serve(fixture.output());
    // decap-server's file-system backend writes into the project folder, as on a clerk's PC.
    let _backend = Stopped(
        Command::new("node")
            .arg(&server)
            .env("PORT", port.to_string())
            .env("GIT_REPO_DIRECTORY", fixture.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start decap-server"),
    );
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "decap-server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let before: Vec<_> = std::fs::read_dir(fixture.root().join("content/partnerships"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    run_browser_check(
        &fixture,
        "cms",
        serde_json::json!({
            "admin": format!("{site}admin/"),
            "record": {
                "title": "図書館の多言語案内",
                "summary": "区立図書館で、外国語の案内を試します。\n\n利用者の声を集めます。",
                "status": "実施中",
                "pattern": "パターン2",
                "route": "民間提案型",
                "agreement": "覚書",
                "concluded_on": "2026-11-20",
                "partner": "株式会社ことばのまど",
                "partner_kind": "企業",
                "department": "生活文化政策部 国際課"
            }
        }),
    );
    let written: Vec<_> = std::fs::read_dir(fixture.root().join("content/partnerships"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !before.contains(&p.file_name().unwrap().to_owned()))
        .collect();
    assert_eq!(written.len(), 1, "the CMS wrote {written:?}");
    let text = std::fs::read_to_string(&written[0]).unwrap();
    for expected in [
        "title: 図書館の多言語案内",
        "status: active",
        "pattern: spread",
        "agreement: memorandum",
        "concluded_on: 2026-11-20",
        "name: 株式会社ことばのまど",
        "kind: company",
        "生活文化政策部 国際課",
    ] {
        assert!(text.contains(expected), "{expected} missing from\n{text}");
    }
    // The id is the file name the CMS chose: one kanmin accepts.
    let id = written[0].file_stem().unwrap().to_str().unwrap();
    assert!(kanmin::content::check_id(id).is_ok(), "{id}");
    let check = Command::new(env!("CARGO_BIN_EXE_kanmin"))
        .args(["check", "--root"])
        .arg(fixture.root())
        .env("KANMIN_LANG", "en")
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    fixture.built();
    let page = fixture.read(&format!("partnerships/{id}/index.html"));
    assert!(page.contains("図書館の多言語案内"));
}
