//! Load: `content/` on disk → typed records, with file/line/column errors.
//!
//! Only files inside the content folder are read. Symlinks that lead outside it are refused,
//! so a site build can never publish a file from elsewhere on the machine.

pub mod aliases;
pub mod history;
pub mod model;
pub mod spans;
pub mod validate;

use kanmin_messages::t;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use kanmin_public::diagnostics::{Diagnostic, Diagnostics, Origin};
pub use model::*;

/// Larger files are refused before reading: a record is text typed by a person, and this
/// keeps a stray binary or a runaway export from exhausting memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads and parses every record under `content_dir`. Files that fail to parse are reported
/// in `Content::load_errors` while the rest is returned, so validation can still report its
/// own findings in the same run; only an unreadable `site.yaml` stops here.
pub fn load(content_dir: &Path) -> Result<Content, Diagnostics> {
    load_reusing(content_dir, None)
}

/// Records parsed by an earlier load, by file path, with the file's stamp and text.
/// `kanmin serve` keeps one across rebuilds: a file whose stamp (size, modification time,
/// inode) is unchanged is not read again, and a file whose text is unchanged is not parsed
/// again, so an edit costs one read and one parse. The watcher waits for writes to settle
/// before a rebuild, so a later write always carries a later modification time.
#[derive(Default)]
pub struct ParseCache {
    partnerships: HashMap<PathBuf, Cached<Partnership>>,
    themes: HashMap<PathBuf, Cached<Theme>>,
    proposals: HashMap<PathBuf, Cached<Proposal>>,
    soundings: HashMap<PathBuf, Cached<Sounding>>,
    edits: Option<Vec<(&'static str, String)>>,
}

impl ParseCache {
    /// The records (folder, id) whose text the last load found changed or new, when that
    /// describes the whole change to the records: `None` after the first load or when a
    /// record file went away.
    pub fn edited_records(&self) -> Option<&[(&'static str, String)]> {
        self.edits.as_deref()
    }

    fn is_empty(&self) -> bool {
        self.partnerships.is_empty()
            && self.themes.is_empty()
            && self.proposals.is_empty()
            && self.soundings.is_empty()
    }
}

/// What one load changed in a folder's records, for `ParseCache::edited_records`.
#[derive(Default)]
struct Changes {
    edited: Vec<(&'static str, String)>,
    removed: bool,
}

struct Cached<T> {
    stamp: FileStamp,
    text: Arc<str>,
    record: Arc<T>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl FileStamp {
    fn of(metadata: &fs::Metadata) -> FileStamp {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(metadata);
        #[cfg(not(unix))]
        let inode = 0;
        FileStamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            inode,
        }
    }
}

/// Like `load`, reusing and then updating `cache`.
pub fn load_with(content_dir: &Path, cache: &mut ParseCache) -> Result<Content, Diagnostics> {
    load_reusing(content_dir, Some(cache))
}

fn load_reusing(
    content_dir: &Path,
    mut cache: Option<&mut ParseCache>,
) -> Result<Content, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    if !content_dir.is_dir() {
        diagnostics.push(Diagnostic::new(
            content_dir,
            "",
            t!("load-no-content-folder"),
        ));
        return Err(diagnostics.sorted());
    }
    let root = match content_dir.canonicalize() {
        Ok(root) => root,
        Err(err) => {
            diagnostics.push(Diagnostic::new(
                content_dir,
                "",
                t!("load-cannot-open", reason = err.to_string()),
            ));
            return Err(diagnostics.sorted());
        }
    };

    let site_path = content_dir.join("site.yaml");
    let site = read_source(&root, &site_path)
        .and_then(|source| parse_yaml::<SiteConfig>(&source).map(|site| (site, source)));

    let mut unparsed = BTreeSet::new();
    let first_load = cache.as_deref().is_none_or(ParseCache::is_empty);
    let mut changes = Changes::default();
    let folder = |name| Folder {
        root: &root,
        content_dir,
        name,
    };
    let partnerships = folder("partnerships").load::<Partnership>(
        |r, id| r.id = id,
        cache.as_deref_mut().map(|c| &mut c.partnerships),
        &mut changes,
        &mut diagnostics,
        &mut unparsed,
    );
    let themes = folder("themes").load::<Theme>(
        |r, id| r.id = id,
        cache.as_deref_mut().map(|c| &mut c.themes),
        &mut changes,
        &mut diagnostics,
        &mut unparsed,
    );
    let proposals = folder("proposals").load::<Proposal>(
        |r, id| r.id = id,
        cache.as_deref_mut().map(|c| &mut c.proposals),
        &mut changes,
        &mut diagnostics,
        &mut unparsed,
    );
    let soundings = folder("soundings").load::<Sounding>(
        |r, id| r.id = id,
        cache.as_deref_mut().map(|c| &mut c.soundings),
        &mut changes,
        &mut diagnostics,
        &mut unparsed,
    );
    let pages = load_pages(&root, content_dir, &mut diagnostics);
    if let Some(cache) = cache {
        cache.edits = (!first_load && !changes.removed).then_some(changes.edited);
    }

    match site {
        Ok((site, site_source)) => Ok(Content {
            site,
            site_source,
            partnerships,
            themes,
            proposals,
            soundings,
            pages,
            unparsed,
            load_errors: diagnostics,
        }),
        Err(site_error) => {
            diagnostics.push(site_error);
            Err(diagnostics.sorted())
        }
    }
}

/// Record files of one folder, sorted by name so every build sees the same order.
fn record_files(
    root: &Path,
    dir: &Path,
    extensions: &[&str],
    diagnostics: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    if !dir.exists() {
        return files;
    }
    // Resolving every file's real path costs several system calls each; one check of the
    // folder covers its plain files, and only symlinks (or a folder that is itself a link
    // out of the content folder) need the full check.
    let folder_inside = dir.canonicalize().is_ok_and(|real| real.starts_with(root));
    let mut ids = HashSet::new();
    for entry in WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diagnostics.push(Diagnostic::new(
                    dir,
                    "",
                    t!("load-cannot-list", reason = err.to_string()),
                ));
                continue;
            }
        };
        let path = entry.path().to_path_buf();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        let Some((stem, extension)) = name
            .rsplit_once('.')
            .filter(|(_, ext)| extensions.contains(ext))
        else {
            diagnostics.push(Diagnostic::new(
                &path,
                "",
                t!("load-not-a-record-file", extension = extensions[0]),
            ));
            continue;
        };
        if let Err(message) = check_id(stem) {
            diagnostics.push(Diagnostic::new(&path, "id", message));
            continue;
        }
        let inside = if folder_inside && !entry.path_is_symlink() {
            if entry.file_type().is_file() {
                Ok(())
            } else {
                Err(Diagnostic::new(&path, "", t!("load-not-a-regular-file")))
            }
        } else {
            check_inside(root, &path)
        };
        if let Err(diagnostic) = inside {
            diagnostics.push(diagnostic);
            continue;
        }
        if !ids.insert(stem.to_string()) {
            diagnostics.push(Diagnostic::new(
                &path,
                "id",
                t!("load-duplicate-id", id = stem, extension = extension),
            ));
            continue;
        }
        files.push((stem.to_string(), path));
    }
    files
}

/// Ids become URLs and open-data keys, so they are restricted to a safe, stable alphabet.
pub fn check_id(id: &str) -> Result<(), String> {
    let mut chars = id.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if first_ok && rest_ok {
        Ok(())
    } else {
        Err(t!("load-bad-id", id = id))
    }
}

/// Refuses anything (typically a symlink) that resolves outside the content folder.
fn check_inside(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    match path.canonicalize() {
        Ok(real) if real.starts_with(root) && real.is_file() => Ok(()),
        Ok(real) if real.starts_with(root) => {
            Err(Diagnostic::new(path, "", t!("load-not-a-regular-file")))
        }
        Ok(real) => Err(Diagnostic::new(
            path,
            "",
            t!("load-outside-content", path = real.display().to_string()),
        )),
        Err(err) => Err(Diagnostic::new(
            path,
            "",
            t!("load-cannot-open", reason = err.to_string()),
        )),
    }
}

fn read_source(root: &Path, path: &Path) -> Result<Source, Diagnostic> {
    check_inside(root, path)?;
    read_listed(path, &metadata(path)?)
}

fn metadata(path: &Path) -> Result<fs::Metadata, Diagnostic> {
    fs::metadata(path)
        .map_err(|err| Diagnostic::new(path, "", t!("load-cannot-read", reason = err.to_string())))
}

/// Reads a file that `record_files` listed (and so checked) with its `metadata`.
fn read_listed(path: &Path, metadata: &fs::Metadata) -> Result<Source, Diagnostic> {
    let size = metadata.len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            path,
            "",
            t!("load-too-large", size = size, limit = MAX_FILE_BYTES),
        ));
    }
    let bytes = fs::read(path).map_err(|err| {
        Diagnostic::new(path, "", t!("load-cannot-read", reason = err.to_string()))
    })?;
    decode(path, bytes)
}

/// A file's bytes as record text: UTF-8 (an error names the first bad byte's line and
/// column), without a leading byte-order mark.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<Source, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&err.as_bytes()[..offset]);
        let line = text.matches('\n').count() + 1;
        let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::new(path, "", t!("load-not-utf8", offset = offset)).at(line, column)
    })?;
    // Editors on Windows may prepend a byte-order mark; it is not part of the record.
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(Source {
        path: path.to_path_buf(),
        text: Arc::from(text),
    })
}

/// Content holding only the site settings of `site_source`, for records parsed one by one.
pub fn from_site(site_source: Source) -> Result<Content, Diagnostic> {
    let site = parse_yaml::<SiteConfig>(&site_source)?;
    Ok(Content {
        site,
        site_source,
        partnerships: Vec::new(),
        themes: Vec::new(),
        proposals: Vec::new(),
        soundings: Vec::new(),
        pages: Vec::new(),
        unparsed: BTreeSet::new(),
        load_errors: Diagnostics::default(),
    })
}

/// Parses `source` as the kind of record `folder` holds (one of `RECORD_DIRS`, or `pages`)
/// and adds it to `content` under `id`. Reads nothing from disk: for checking a record's
/// text on its own (fuzzing, editor tooling).
pub fn add_record(
    content: &mut Content,
    folder: &str,
    id: &str,
    source: Source,
) -> Result<(), Diagnostic> {
    check_id(id).map_err(|message| Diagnostic::new(&source.path, "id", message))?;
    let id = id.to_string();
    match folder {
        "partnerships" => {
            let record = Partnership {
                id,
                ..parse_yaml(&source)?
            };
            content.partnerships.push((Arc::new(record), source));
        }
        "themes" => {
            let record = Theme {
                id,
                ..parse_yaml(&source)?
            };
            content.themes.push((Arc::new(record), source));
        }
        "proposals" => {
            let record = Proposal {
                id,
                ..parse_yaml(&source)?
            };
            content.proposals.push((Arc::new(record), source));
        }
        "soundings" => {
            let record = Sounding {
                id,
                ..parse_yaml(&source)?
            };
            content.soundings.push((Arc::new(record), source));
        }
        "pages" => {
            let page = parse_page(id, &source)?;
            content.pages.push((page, source));
        }
        other => {
            return Err(Diagnostic::new(
                &source.path,
                "",
                t!("load-not-a-content-folder", folder = other),
            ))
        }
    }
    Ok(())
}

/// Deeper than any record nests (serde refuses more than 128 levels anyway). libyaml's
/// scanner looks ahead across a whole run of `[` or `{` before it reports anything, in time
/// quadratic in its length: 100,000 of them took minutes. Such text is refused first.
pub const MAX_FLOW_DEPTH: usize = 1_000;

/// Parses one YAML document into `T`, turning serde's message into a located diagnostic.
pub fn parse_yaml<T: DeserializeOwned>(source: &Source) -> Result<T, Diagnostic> {
    check_flow_depth(source)?;
    aliases::check_expansion(source)?;
    serde_yaml::from_str::<T>(&source.text).map_err(|err| yaml_diagnostic(source, &err))
}

/// Counts brackets without reading YAML, so brackets in text count too: prose would need a
/// thousand unclosed ones to trip it.
fn check_flow_depth(source: &Source) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    let (mut line, mut column) = (1, 0);
    for c in source.text.chars() {
        column += 1;
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth = depth.saturating_sub(1),
            '\n' => (line, column) = (line + 1, 0),
            _ => {}
        }
        if depth > MAX_FLOW_DEPTH {
            return Err(Diagnostic::new(
                &source.path,
                "",
                t!("load-nesting-too-deep", limit = MAX_FLOW_DEPTH),
            )
            .at(line, column));
        }
    }
    Ok(())
}

fn yaml_diagnostic(source: &Source, err: &serde_yaml::Error) -> Diagnostic {
    let path = &source.path;
    let full = err.to_string();
    // serde_yaml appends " at line L column C"; the position goes into the diagnostic instead.
    let message = full.split(" at line ").next().unwrap_or(&full).to_string();
    let (field, message) = match message.split_once(": ") {
        Some((field, rest)) if looks_like_path(field) => (field.to_string(), rest.to_string()),
        _ => (String::new(), message),
    };
    let message = serde_message(&message);
    // Errors raised by kanmin's own value types (dates) come without a position; they quote
    // the bad value, which is enough to find it.
    if field.is_empty() {
        let quoted = message.split('`').nth(1);
        if let Some((field, line, column)) =
            quoted.and_then(|value| spans::find_value(&source.text, value))
        {
            return Diagnostic::new(path, field, message).at(line, column);
        }
    }
    let diagnostic = Diagnostic::new(path, field, message);
    match err.location() {
        Some(location) => diagnostic.at(location.line(), location.column()),
        None => diagnostic,
    }
}

/// serde's messages for the mistakes people make most (a misspelt field, a missing one, a
/// code not in its list), said in the language in use; others as serde says them.
fn serde_message(message: &str) -> String {
    let quoted = |text: &str| text.split('`').nth(1).unwrap_or("").to_string();
    let choices = |text: &str| {
        text.split_once("expected one of ")
            .or_else(|| text.split_once("expected "))
            .map_or(String::new(), |(_, list)| list.to_string())
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        t!(
            "load-unknown-field",
            field = quoted(rest),
            expected = choices(rest)
        )
    } else if let Some(rest) = message.strip_prefix("missing field ") {
        t!("load-missing-field", field = quoted(rest))
    } else if let Some(rest) = message.strip_prefix("unknown variant ") {
        t!(
            "load-unknown-code",
            value = quoted(rest),
            expected = choices(rest)
        )
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        t!("load-wrong-type", found = found, expected = expected)
    } else {
        message.to_string()
    }
}

fn looks_like_path(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-'))
}

/// One record folder under `content/`.
struct Folder<'a> {
    root: &'a Path,
    content_dir: &'a Path,
    name: &'static str,
}

impl Folder<'_> {
    /// Parses the folder's files in parallel. Records that fail are reported and their ids
    /// remembered, so links to them do not also show up as dangling.
    fn load<T: DeserializeOwned + Clone + Send + Sync>(
        &self,
        set_id: fn(&mut T, String),
        mut cache: Option<&mut HashMap<PathBuf, Cached<T>>>,
        changes: &mut Changes,
        diagnostics: &mut Diagnostics,
        unparsed: &mut BTreeSet<(&'static str, String)>,
    ) -> Vec<(Arc<T>, Source)> {
        let files = record_files(
            self.root,
            &self.content_dir.join(self.name),
            &["yaml", "yml"],
            diagnostics,
        );
        let mut previous = cache.as_deref_mut().map(std::mem::take).unwrap_or_default();
        let results: Vec<(String, PathBuf, Result<Loaded<T>, Diagnostic>)> = files
            .into_par_iter()
            .map(|(id, path)| {
                let loaded = metadata(&path).and_then(|metadata| {
                    let stamp = FileStamp::of(&metadata);
                    let cached = previous.get(&path);
                    if let Some(cached) = cached.filter(|c| c.stamp == stamp) {
                        let source = Source {
                            path: path.clone(),
                            text: cached.text.clone(),
                        };
                        return Ok(Loaded {
                            record: Arc::clone(&cached.record),
                            source,
                            stamp,
                        });
                    }
                    let source = read_listed(&path, &metadata)?;
                    let record = match cached {
                        Some(cached) if *cached.text == *source.text => Arc::clone(&cached.record),
                        _ => {
                            let mut record = parse_yaml::<T>(&source)?;
                            set_id(&mut record, id.clone());
                            Arc::new(record)
                        }
                    };
                    Ok(Loaded {
                        record,
                        source,
                        stamp,
                    })
                });
                (id, path, loaded)
            })
            .collect();
        let mut records = Vec::with_capacity(results.len());
        let mut next = HashMap::new();
        for (id, path, result) in results {
            match result {
                Ok(loaded) => {
                    if cache.is_some() {
                        if previous
                            .remove(&path)
                            .is_none_or(|old| *old.text != *loaded.source.text)
                        {
                            changes.edited.push((self.name, id));
                        }
                        let entry = Cached {
                            stamp: loaded.stamp,
                            text: loaded.source.text.clone(),
                            record: Arc::clone(&loaded.record),
                        };
                        next.insert(path, entry);
                    }
                    records.push((loaded.record, loaded.source));
                }
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    unparsed.insert((self.name, id));
                }
            }
        }
        if let Some(cache) = cache {
            changes.removed |= !previous.is_empty();
            *cache = next;
        }
        records
    }
}

/// A record file as loaded, with the stamp it had when it was read.
struct Loaded<T> {
    record: Arc<T>,
    source: Source,
    stamp: FileStamp,
}

fn load_pages(
    root: &Path,
    content_dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<(Page, Source)> {
    let files = record_files(root, &content_dir.join("pages"), &["md"], diagnostics);
    let results: Vec<Result<(Page, Source), Diagnostic>> = files
        .into_par_iter()
        .map(|(id, path)| {
            let source = read_listed(&path, &metadata(&path)?)?;
            let page = parse_page(id, &source)?;
            Ok((page, source))
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    pages
}

/// A page is `---\n<YAML>\n---\n<Markdown>`.
fn parse_page(id: String, source: &Source) -> Result<Page, Diagnostic> {
    let text = &*source.text;
    let missing = || Diagnostic::new(&source.path, "", t!("load-page-front-matter")).at(1, 1);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or_else(missing)?;
    let end = rest
        .match_indices("\n---")
        .find(|(i, _)| {
            let after = &rest[i + 4..];
            after.is_empty() || after.starts_with('\n') || after.starts_with("\r\n")
        })
        .map(|(i, _)| i)
        .ok_or_else(missing)?;
    let front = &rest[..=end];
    let body = rest[end + 4..].trim_start_matches(['\r', '\n']).to_string();
    // Parse the front matter as its own document, then shift positions past the `---` line.
    let front_source = Source {
        path: source.path.clone(),
        text: Arc::from(front),
    };
    let matter: PageFrontMatter = parse_yaml(&front_source).map_err(|mut d| {
        if let Origin::File { line, .. } = &mut d.origin {
            if *line > 0 {
                *line += 1;
            }
        }
        d
    })?;
    Ok(Page {
        id,
        title: matter.title,
        order: matter.order,
        description: matter.description,
        body,
        en: matter.en,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_restricted() {
        assert!(check_id("setagaya-2026").is_ok());
        assert!(check_id("0abc").is_ok());
        assert!(check_id("-abc").is_err());
        assert!(check_id("Abc").is_err());
        assert!(check_id("a_b").is_err());
        assert!(check_id("見守り").is_err());
        assert!(check_id("").is_err());
    }
}
