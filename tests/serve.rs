//! `kanmin serve` as a person uses it: start it, open a page, edit a record, see the change;
//! break a record, see the error in the browser while the server stays up; fix it again.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::{partnership, Fixture};

/// Generous: machines running the test suite are shared and may be slow.
const PATIENCE: Duration = Duration::from_secs(30);

/// The server process; killed when the test ends, however it ends.
struct Served {
    child: Child,
    /// `127.0.0.1:PORT`
    address: String,
    /// The site's path prefix, e.g. `/colab/`.
    base: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(fixture: &Fixture) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kanmin"))
        .args(["serve", "--port", "0", "--root"])
        .arg(fixture.root())
        // The messages these tests read are the English table's.
        .env("KANMIN_LANG", "en")
        .env("SOURCE_DATE_EPOCH", "1796000000")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start kanmin serve");
    let stdout = child.stdout.take().expect("stdout");
    let (lines, received) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut served = Served {
        child,
        address: String::new(),
        base: String::new(),
    };
    let line = received
        .recv_timeout(PATIENCE)
        .expect("serve prints its address");
    let url = line
        .strip_prefix("serving http://")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"));
    let (address, base) = url.split_at(url.find('/').expect("address and path"));
    assert!(
        address.starts_with("127.0.0.1:"),
        "serves on loopback only: {address}"
    );
    served.address = address.to_string();
    served.base = base.to_string();
    served
}

/// (status, body) of a GET, over a fresh loopback connection.
fn get(served: &Served, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&served.address).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET {}{path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        served.base, served.address
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read response");
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, body)| body)
        .to_string();
    (status, body)
}

/// Polls `path` until `wanted` holds for its response; panics after `PATIENCE`.
fn wait_for(served: &Served, path: &str, what: &str, wanted: impl Fn(u16, &str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let (status, body) = get(served, path);
        if wanted(status, &body) {
            return body;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "waited {PATIENCE:?} for {what}; last response {status}:\n{body}"
        );
        thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn edits_show_up_errors_show_in_the_browser_and_the_server_survives() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/partnerships/mimamori.yaml",
        &partnership("見守りの連携", ""),
    );
    let served = serve(&fixture);

    let (status, page) = get(&served, "partnerships/mimamori/");
    assert_eq!(status, 200);
    assert!(page.contains("見守りの連携"));
    assert!(
        page.contains("/__kanmin/generation"),
        "served pages reload themselves"
    );

    fixture.write(
        "content/partnerships/mimamori.yaml",
        &partnership("見守りと防災の連携", ""),
    );
    wait_for(
        &served,
        "partnerships/mimamori/",
        "the edited title",
        |status, body| status == 200 && body.contains("見守りと防災の連携"),
    );

    fixture.write(
        "content/partnerships/mimamori.yaml",
        &partnership("見守りの連携", "status: <unknown>\n"),
    );
    let error_page = wait_for(
        &served,
        "partnerships/mimamori/",
        "the error page",
        |status, _| status == 500,
    );
    assert!(
        error_page.contains("mimamori.yaml"),
        "the error names the file:\n{error_page}"
    );
    assert!(
        error_page.contains("&lt;unknown&gt;") || !error_page.contains("<unknown>"),
        "diagnostics are escaped"
    );
    let (status, other) = get(&served, "");
    assert_eq!(
        status, 500,
        "every page shows the error while it lasts:\n{other}"
    );

    fixture.write(
        "content/partnerships/mimamori.yaml",
        &partnership("見守りの連携（修正後）", ""),
    );
    wait_for(
        &served,
        "partnerships/mimamori/",
        "the fixed page",
        |status, body| status == 200 && body.contains("見守りの連携（修正後）"),
    );
}

#[test]
fn served_pages_are_the_built_pages_plus_only_the_reload_script() {
    let fixture = Fixture::sample();
    fixture.built();
    let served = serve(&fixture);
    for page in [
        "index.html",
        "partnerships/index.html",
        "partnerships/elderly-watch-iot/index.html",
        "404.html",
    ] {
        let built = fixture.read(page);
        let path = if page == "404.html" {
            page.to_string()
        } else {
            page.trim_end_matches("index.html").to_string()
        };
        let (status, body) = get(&served, &path);
        assert_eq!(status, 200, "{path}");
        let script_start = body
            .find("<script>(function(){var g=")
            .expect("reload script");
        let script_end =
            script_start + body[script_start..].find("</script>").unwrap() + "</script>".len();
        let without_script = format!("{}{}", &body[..script_start], &body[script_end..]);
        assert_eq!(
            without_script, built,
            "{page} differs from the build output beyond the script"
        );
    }
    assert!(
        !fixture.read("index.html").contains("__kanmin"),
        "build output never carries the script"
    );
    let (status, _) = get(&served, "no-such-page/");
    assert_eq!(status, 404);
}

#[test]
fn withheld_text_pasted_into_a_public_field_fails_the_rebuild() {
    let fixture = Fixture::sample();
    let served = serve(&fixture);
    wait_for(&served, "", "the first build", |status, _| status == 200);
    // The sample's internal note on this record is never published; pasting it into the
    // summary must stop the rebuild, exactly like `kanmin build`.
    let path = "content/partnerships/elderly-watch-iot.yaml";
    let original = std::fs::read_to_string(fixture.root().join(path)).unwrap();
    let pasted = original.replacen(
        "summary: |\n",
        "summary: |\n  誤通知の件で家族から苦情1件（北沢地区）。\n",
        1,
    );
    fixture.write(path, &pasted);
    let error_page = wait_for(
        &served,
        "partnerships/elderly-watch-iot/",
        "the leak error",
        |status, _| status == 500,
    );
    assert!(
        error_page.contains("contains text withheld"),
        "{error_page}"
    );
    assert!(
        !error_page.contains("<p>誤通知の件"),
        "the leaking page itself is not served"
    );
}
