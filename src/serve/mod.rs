//! `kanmin serve`: a live preview for the people who write `content/`.
//!
//! The site is built in memory and served on 127.0.0.1. A watcher on `content/` and
//! `themes/` triggers a rebuild that re-parses only changed files, re-renders only pages whose
//! inputs changed and re-verifies only what changed (see `RenderCache`); open pages reload
//! themselves. A failed rebuild shows its diagnostics in the terminal and in the browser, and
//! the server keeps running. Served pages are the build's bytes, plus one small script in
//! HTML responses that asks the server whether a newer build exists.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};
use tiny_http::{Header, Request, Response, Server};

use crate::content::ParseCache;
use crate::date::Date;
use crate::diagnostics::Diagnostics;
use crate::{Checked, Timings};

mod rebuild;

use rebuild::{Indexes, RenderCache};

/// The endpoint the injected script polls: answers with the current build generation as
/// soon as it differs from `?after=N`, or after `LONG_POLL` at the latest.
pub const GENERATION_PATH: &str = "/__kanmin/generation";
const LONG_POLL: Duration = Duration::from_secs(20);
/// Editors save in bursts (temp file, rename, attributes): wait this long for quiet.
const SETTLE: Duration = Duration::from_millis(15);
/// Never wait longer than this for a burst to end before rebuilding.
const SETTLE_LIMIT: Duration = Duration::from_millis(300);

/// A site kept in memory between rebuilds, with what the next rebuild may reuse.
pub struct Session {
    root: PathBuf,
    build_date: Date,
    parsed: ParseCache,
    rendered: RenderCache,
    /// The content of a `preview` that kept out-of-date indexes, for `complete`.
    incomplete: Option<Checked>,
    /// Content `quick` loaded and checked, for the `preview` that follows it.
    checked_ahead: Option<Checked>,
}

/// One rebuild's site, with what the server needs to know about it.
pub struct Rebuilt {
    pub files: SiteFiles,
    pub base_path: String,
    pub timings: Timings,
    /// Paths whose bytes changed since the previous rebuild: open pages reload only then.
    pub changed: HashSet<String>,
    /// `files` holds only the changed files, to be laid over the served site.
    pub partial: bool,
}

/// Every output file by its path relative to the site root.
/// Shared bytes, so a rebuild that changes one page copies the map, not the site.
pub type SiteFiles = HashMap<String, Arc<[u8]>>;

impl Session {
    pub fn new(root: &Path, build_date: Date) -> Session {
        Session {
            root: root.to_path_buf(),
            build_date,
            parsed: ParseCache::default(),
            rendered: RenderCache::default(),
            incomplete: None,
            checked_ahead: None,
        }
    }

    /// The pages of the records just edited, alone (see `RenderCache::edited_pages`): the
    /// first thing an edit shows, as a partial `Rebuilt`. `None` when that shortcut does
    /// not apply; `preview` follows in any case and reuses what this loaded.
    pub fn quick(&mut self) -> Option<Result<Rebuilt, Diagnostics>> {
        self.incomplete = None;
        let mut timings = Timings::default();
        let checked =
            match rebuild::check(&self.root, self.build_date, &mut self.parsed, &mut timings) {
                Ok(checked) => checked,
                Err(diagnostics) => return Some(Err(diagnostics)),
            };
        let edited = self.parsed.edited_records().map(<[_]>::to_vec);
        let rendered = edited.and_then(|edited| {
            timings.time("edited pages", || {
                self.rendered.edited_pages(&checked, &edited)
            })
        });
        let base_path = checked.site.info.base_path.clone();
        self.checked_ahead = Some(checked);
        Some(rendered?.map(|files| {
            Rebuilt {
                changed: files.iter().map(|f| f.path.clone()).collect(),
                files: files
                    .into_iter()
                    .map(|f| (f.path, Arc::from(f.bytes)))
                    .collect(),
                base_path,
                timings,
                partial: true,
            }
        }))
    }

    /// The full pipeline except writing, reusing whatever the previous rebuild can lend.
    pub fn rebuild(&mut self) -> Result<Rebuilt, Diagnostics> {
        self.run(Indexes::Rebuild)
    }

    /// Like `rebuild`, but keeps the previous open data and search index when it may (see
    /// `Indexes::KeepPrevious`): what an edit shows first. `complete` then catches up.
    pub fn preview(&mut self) -> Result<Rebuilt, Diagnostics> {
        self.run(Indexes::KeepPrevious)
    }

    /// Rebuilds the indexes the last `preview` kept; `None` when nothing is out of date.
    pub fn complete(&mut self) -> Option<Result<Rebuilt, Diagnostics>> {
        let checked = self.incomplete.take()?;
        Some(self.render(checked, Timings::default(), Indexes::Rebuild))
    }

    fn run(&mut self, indexes: Indexes) -> Result<Rebuilt, Diagnostics> {
        self.incomplete = None;
        let mut timings = Timings::default();
        let checked = match self.checked_ahead.take() {
            Some(checked) => checked,
            None => rebuild::check(&self.root, self.build_date, &mut self.parsed, &mut timings)?,
        };
        self.render(checked, timings, indexes)
    }

    fn render(
        &mut self,
        checked: Checked,
        mut timings: Timings,
        indexes: Indexes,
    ) -> Result<Rebuilt, Diagnostics> {
        let files = self.rendered.render(&checked, &mut timings, indexes)?;
        let rebuilt = Rebuilt {
            files: files
                .into_iter()
                .map(|f| (f.path, Arc::from(f.bytes)))
                .collect(),
            base_path: checked.site.info.base_path.clone(),
            timings,
            changed: self.rendered.changed().clone(),
            partial: false,
        };
        if self.rendered.indexes_kept() {
            self.incomplete = Some(checked);
        }
        Ok(rebuilt)
    }
}

/// What the server currently shows.
struct Published {
    generation: u64,
    files: Arc<SiteFiles>,
    base_path: String,
    /// Diagnostics of the latest rebuild when it failed: shown instead of any page.
    error: Option<String>,
    /// The generation in which each file last changed, so an open page reloads only when
    /// its own bytes changed (not when a later stage rebuilt the search index).
    changed_in: HashMap<String, u64>,
    /// The generation in which the error state last changed: every page reloads then.
    error_changed_in: u64,
}

impl Published {
    fn publish(&mut self, result: Result<Rebuilt, Diagnostics>, started: Instant, what: &str) {
        self.generation += 1;
        match result {
            Ok(rebuilt) => {
                let stages: Vec<String> = rebuilt
                    .timings
                    .0
                    .iter()
                    .map(|(stage, took)| format!("{stage} {}", took.as_millis()))
                    .collect();
                eprintln!(
                    "{}",
                    crate::t!(
                        "serve-published",
                        what = what,
                        ms = started.elapsed().as_millis() as u64,
                        stages = stages.join(", ")
                    )
                );
                // The same page may come again from a later stage: only new bytes count.
                for path in rebuilt.changed {
                    if self.files.get(&path) != rebuilt.files.get(&path) {
                        self.changed_in.insert(path, self.generation);
                    }
                }
                self.files = if rebuilt.partial {
                    let mut files = SiteFiles::clone(&self.files);
                    files.extend(rebuilt.files);
                    Arc::new(files)
                } else {
                    Arc::new(rebuilt.files)
                };
                self.base_path = rebuilt.base_path;
                if self.error.take().is_some() {
                    self.error_changed_in = self.generation;
                }
            }
            Err(diagnostics) => {
                eprintln!("{diagnostics}\n{}", crate::t!("serve-rebuild-failed"));
                self.error = Some(diagnostics.to_string());
                self.error_changed_in = self.generation;
            }
        }
    }

    /// Whether the page at `path` (a file path under the site) differs from what generation
    /// `after` served.
    fn changed_since(&self, path: Option<&str>, after: u64) -> bool {
        if self.generation == after {
            return false;
        }
        match path {
            Some(path) if self.files.contains_key(path) => {
                self.error_changed_in > after
                    || self.changed_in.get(path).is_some_and(|&g| g > after)
            }
            _ => true,
        }
    }
}

struct Shared {
    published: Mutex<Published>,
    changed: Condvar,
}

#[derive(Debug)]
pub enum ServeError {
    Listen {
        port: u16,
        message: String,
    },
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            ServeError::Listen { port, message } => {
                crate::t!(
                    "serve-cannot-listen",
                    port = *port,
                    reason = message.as_str()
                )
            }
            ServeError::Watch { path, source } => crate::t!(
                "serve-cannot-watch",
                path = path.display().to_string(),
                reason = source.to_string()
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ServeError {}

/// Builds, serves on `127.0.0.1:port` (0 picks a free port) and rebuilds on every change
/// until the process is stopped. `on_ready` receives the site's address once it is served.
pub fn serve(
    root: &Path,
    port: u16,
    build_date: Date,
    on_ready: impl FnOnce(&str),
) -> Result<(), ServeError> {
    let mut session = Session::new(root, build_date);
    let started = Instant::now();
    let first = session.rebuild();
    let (files, base_path, error) = match first {
        Ok(Rebuilt {
            files, base_path, ..
        }) => {
            eprintln!(
                "{}",
                crate::t!(
                    "serve-built",
                    files = files.len(),
                    ms = started.elapsed().as_millis() as u64
                )
            );
            (files, base_path, None)
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            (
                SiteFiles::new(),
                "/".to_string(),
                Some(diagnostics.to_string()),
            )
        }
    };
    let shared = Arc::new(Shared {
        published: Mutex::new(Published {
            generation: 1,
            files: Arc::new(files),
            base_path,
            error,
            changed_in: HashMap::new(),
            error_changed_in: 0,
        }),
        changed: Condvar::new(),
    });

    let server = Server::http(("127.0.0.1", port)).map_err(|err| ServeError::Listen {
        port,
        message: err.to_string(),
    })?;
    let address = server.server_addr().to_ip().map_or(port, |a| a.port());

    let (events, changes) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(events).map_err(|source| ServeError::Watch {
        path: root.into(),
        source,
    })?;
    for folder in ["content", "themes"] {
        let path = root.join(folder);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|source| ServeError::Watch { path, source })?;
        }
    }

    let http_shared = Arc::clone(&shared);
    thread::spawn(move || {
        for request in server.incoming_requests() {
            let shared = Arc::clone(&http_shared);
            if request.url().starts_with(GENERATION_PATH) {
                // Long polls wait; everything else is answered from memory at once.
                thread::spawn(move || answer_generation(&shared, request));
            } else {
                answer(&shared, request);
            }
        }
    });

    let base_path = shared
        .published
        .lock()
        .map(|p| p.base_path.clone())
        .unwrap_or_default();
    on_ready(&format!("http://127.0.0.1:{address}{base_path}"));

    let publish = |result, started, what: &str| {
        if let Ok(mut published) = shared.published.lock() {
            published.publish(result, started, what);
        }
        shared.changed.notify_all();
    };
    let mut waiting = None;
    loop {
        let event = match waiting.take() {
            Some(event) => event,
            None => match changes.recv() {
                Ok(event) => event,
                Err(_) => break,
            },
        };
        if !is_change(&event) {
            continue;
        }
        let burst_started = Instant::now();
        while burst_started.elapsed() < SETTLE_LIMIT {
            match changes.recv_timeout(SETTLE) {
                Ok(_) => continue,
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        let started = Instant::now();
        match session.quick() {
            Some(Err(diagnostics)) => {
                publish(Err(diagnostics), started, "failed");
                continue;
            }
            Some(edited) => publish(edited, started, "edited"),
            None => {}
        }
        publish(session.preview(), started, "rebuilt");
        // The indexes catch up unless another edit is already waiting: it goes first.
        waiting = next_change(&changes);
        if waiting.is_none() {
            let started = Instant::now();
            if let Some(result) = session.complete() {
                publish(result, started, "indexes");
            }
        }
    }
    drop(watcher);
    Ok(())
}

type WatchEvent = notify::Result<notify::Event>;

/// A change event already queued, if any (other events are dropped on the way).
fn next_change(changes: &mpsc::Receiver<WatchEvent>) -> Option<WatchEvent> {
    loop {
        match changes.try_recv() {
            Ok(event) if is_change(&event) => return Some(event),
            Ok(_) => continue,
            Err(_) => return None,
        }
    }
}

/// Our own reads of the content folder also raise events; only changes count.
fn is_change(event: &WatchEvent) -> bool {
    match event {
        Ok(event) => !matches!(
            event.kind,
            EventKind::Access(
                notify::event::AccessKind::Open(_)
                    | notify::event::AccessKind::Read
                    | notify::event::AccessKind::Close(notify::event::AccessMode::Read)
            )
        ),
        Err(_) => true,
    }
}

/// Answers the reload script's long poll `?after=G&path=P`: with a newer generation once
/// the page at P differs from what generation G served, or with G after `LONG_POLL`.
fn answer_generation(shared: &Shared, request: Request) {
    let url = request.url().to_string();
    let parameter = |name: &str| {
        let query = url.split_once('?')?.1;
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    };
    let after: Option<u64> = parameter("after").and_then(|n| n.parse().ok());
    let page = parameter("path").map(percent_decode);
    let deadline = Instant::now() + LONG_POLL;
    let generation = {
        let Ok(mut published) = shared.published.lock() else {
            return;
        };
        loop {
            let Some(after) = after else {
                break published.generation;
            };
            let file = page
                .as_deref()
                .and_then(|p| site_file(p, &published.base_path))
                .map(|(_, file)| file);
            if published.changed_since(file.as_deref(), after) {
                break published.generation;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break after;
            }
            published = match shared.changed.wait_timeout(published, left) {
                Ok((guard, _)) => guard,
                Err(_) => return,
            };
        }
    };
    let _ = request.respond(
        Response::from_string(generation.to_string())
            .with_header(header("Content-Type", "text/plain; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store")),
    );
}

/// The site-relative path of a request path under `base_path`, and the file that answers it
/// (`index.html` for a folder); `None` outside the site.
fn site_file(url_path: &str, base_path: &str) -> Option<(String, String)> {
    let relative = url_path
        .strip_prefix(base_path)
        .or_else(|| (url_path.to_string() + "/" == base_path).then_some(""))?;
    let relative = percent_decode(relative);
    let file = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.clone()
    };
    Some((relative, file))
}

fn answer(shared: &Shared, request: Request) {
    let (generation, files, base_path, error) = match shared.published.lock() {
        Ok(p) => (
            p.generation,
            Arc::clone(&p.files),
            p.base_path.clone(),
            p.error.clone(),
        ),
        Err(_) => return,
    };
    let url = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let Some((relative, file_path)) = site_file(&url, &base_path) else {
        let response = if url == "/" {
            Response::from_string("")
                .with_status_code(302)
                .with_header(location(&base_path))
        } else {
            Response::from_string(format!("not found: the site is served under {base_path}"))
                .with_status_code(404)
        };
        let _ = request.respond(response);
        return;
    };
    if let Some(diagnostics) = error {
        if file_path.ends_with(".html") || !files.contains_key(&file_path) {
            let _ = request.respond(html_response(error_page(&diagnostics, generation), 500));
            return;
        }
    }
    let response = match files.get(&file_path) {
        Some(bytes) if file_path.ends_with(".html") => {
            html_response(with_reload_script(bytes, generation), 200)
        }
        Some(bytes) => Response::from_data(bytes.to_vec())
            .with_header(header("Content-Type", content_type(&file_path)))
            .with_header(header("Cache-Control", "no-store")),
        None if files.contains_key(&format!("{file_path}/index.html")) => Response::from_string("")
            .with_status_code(301)
            .with_header(location(&format!("{base_path}{relative}/"))),
        None => match files.get("404.html") {
            Some(bytes) => html_response(with_reload_script(bytes, generation), 404),
            None => Response::from_string("not found").with_status_code(404),
        },
    };
    let _ = request.respond(response);
}

fn html_response(body: Vec<u8>, status: u16) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

/// A header with a fixed ASCII value.
fn header(name: &str, value: &'static str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

/// A redirect to a site path, which may hold any character `base_url` does (`/連携/`): bytes
/// outside printable ASCII are percent-encoded, as a header value must be.
fn location(path: &str) -> Header {
    let mut value = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_graphic() {
            value.push(byte as char);
        } else {
            value.push_str(&format!("%{byte:02X}"));
        }
    }
    Header::from_bytes(&b"Location"[..], value.as_bytes())
        .expect("percent-encoded values are ASCII")
}

/// Asks the server for a newer build and reloads when there is one; retries quietly while
/// the server is down.
fn reload_script(generation: u64) -> String {
    format!(
        "<script>(function(){{var g={generation};function poll(){{fetch(\"{GENERATION_PATH}?after=\"+g+\"&path=\"+encodeURIComponent(location.pathname),{{cache:\"no-store\"}}).then(function(r){{return r.text()}}).then(function(t){{if(t.trim()!==String(g)){{location.reload()}}else{{poll()}}}},function(){{setTimeout(poll,1000)}})}}poll()}})()</script>"
    )
}

/// The page as built, with the reload script before `</body>` (or at the end).
fn with_reload_script(page: &[u8], generation: u64) -> Vec<u8> {
    let script = reload_script(generation);
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + script.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

fn error_page(diagnostics: &str, generation: u64) -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>ビルドエラー</title>\
         <style>body{{font-family:sans-serif;margin:2rem;line-height:1.6}}pre{{white-space:pre-wrap;background:#fff3f3;border-left:4px solid #c00;padding:1rem}}</style></head>\
         <body><h1>サイトを作成できませんでした</h1><p>次の誤りを直して保存すると、このページは自動で更新されます。</p><pre>{}</pre>{}</body></html>",
        escape_html(diagnostics),
        reload_script(generation)
    )
    .into_bytes()
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = || {
            std::str::from_utf8(bytes.get(i + 1..i + 3)?)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        match (bytes[i], hex()) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xml") => "application/xml",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_closing_body_tag_only() {
        let page = b"<html><body><p>x</p></body></html>";
        let served = String::from_utf8(with_reload_script(page, 7)).unwrap();
        assert!(served.starts_with("<html><body><p>x</p><script>"));
        assert!(served.ends_with("</script></body></html>"));
        assert_eq!(
            served.replace(&reload_script(7), ""),
            String::from_utf8_lossy(page)
        );
    }

    #[test]
    fn error_page_escapes_diagnostics() {
        let page =
            String::from_utf8(error_page("content/a.yaml: <script>alert(1)</script>", 1)).unwrap();
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b/%E3%81%82"), "a b/あ");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn redirects_to_any_base_path() {
        let header = location("/連携 事例/");
        assert_eq!(
            header.value.as_str(),
            "/%E9%80%A3%E6%90%BA%20%E4%BA%8B%E4%BE%8B/"
        );
        assert_eq!(location("/colab/").value.as_str(), "/colab/");
    }
}
