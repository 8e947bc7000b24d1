//! kanmin: a static-site generator for public-private partnership (官民連携) transparency.
//!
//! One pipeline, one module per stage:
//! load (`content`) → validate and link (`validate`) → disclose (`disclose`, producing
//! `public`) → render (`render`, and the open-data, search and feed renderers) → verify
//! (`verify`) → write atomically (`output`).

pub mod content;
pub mod date;
pub mod diagnostics;
pub mod disclose;
pub mod feeds;
pub mod matching;
pub mod opendata;
pub mod output;
pub mod public;
pub mod render;
pub mod search;
pub mod serve;
pub mod stats;
pub mod theme;
pub mod validate;
pub mod verify;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::disclose::WithheldReport;
use crate::output::{OutputFile, WriteError};
use crate::theme::Theme;

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Content(Diagnostics),
    #[error("{0}")]
    Write(#[from] WriteError),
}

impl From<Diagnostics> for BuildError {
    fn from(diagnostics: Diagnostics) -> Self {
        BuildError::Content(diagnostics)
    }
}

/// "Today" for a build: `SOURCE_DATE_EPOCH` when set (reproducible builds, pinned tests),
/// else the current time; as a date in Japan, where themes open and close.
pub fn build_date() -> Result<Date, Diagnostics> {
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value.trim().parse::<i64>().map_err(|_| {
            Diagnostics(vec![Diagnostic::new(
                Path::new("SOURCE_DATE_EPOCH"),
                "",
                format!("`{value}` is not a Unix timestamp in seconds"),
            )])
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Date::from_unix_seconds_in_japan(seconds).ok_or_else(|| {
        Diagnostics(vec![Diagnostic::new(Path::new("SOURCE_DATE_EPOCH"), "", "timestamp out of range")])
    })
}

/// Content that passed loading and validation, with what disclosure would withhold.
pub struct Checked {
    pub site: public::Site,
    pub withheld: WithheldReport,
    /// Problems that do not stop the build (`also_public` entries no longer needed).
    pub warnings: Vec<Diagnostic>,
    pub root: PathBuf,
}

/// Load → validate → disclose. Writes nothing.
pub fn check(root: &Path, build_date: Date) -> Result<Checked, Diagnostics> {
    check_timed(root, build_date, &mut Timings::default())
}

fn check_timed(root: &Path, build_date: Date, timings: &mut Timings) -> Result<Checked, Diagnostics> {
    let content = timings.time("load", || content::load(&root.join("content")))?;
    checked(content, root, build_date, timings)
}

/// `check`, re-parsing only the record files whose text differs from `cache`.
pub fn check_with(
    root: &Path,
    build_date: Date,
    cache: &mut content::ParseCache,
    timings: &mut Timings,
) -> Result<Checked, Diagnostics> {
    let content = timings.time("load", || content::load_with(&root.join("content"), cache))?;
    checked(content, root, build_date, timings)
}

fn checked(content: content::Content, root: &Path, build_date: Date, timings: &mut Timings) -> Result<Checked, Diagnostics> {
    timings.time("validate", || validate::validate(&content))?;
    let (site, withheld) = timings.time("disclose", || disclose::disclose(&content, build_date));
    let scan = timings.time("leak scan of the content", || disclose::scan_sources(&content, &site, &withheld));
    if !scan.errors.is_empty() {
        return Err(scan.errors.sorted());
    }
    Ok(Checked { site, withheld, warnings: scan.warnings, root: root.to_path_buf() })
}

/// Render → verify: every output file of the site, in memory.
pub fn render_site(checked: &Checked, timings: &mut Timings) -> Result<Vec<OutputFile>, Diagnostics> {
    render_site_with(checked, timings, None, Indexes::Rebuild)
}

/// The stage that checks the output before anything is written.
const VERIFY_STAGE: &str = "leak scan, link check";

/// Whether a rebuild computes the site-wide indexes (open data, search index), which take
/// most of a rebuild's time on a large site, or keeps the previous ones for now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indexes {
    Rebuild,
    /// Keep the previous rebuild's indexes (when there are some and the withheld texts are
    /// unchanged, so they cannot hold anything newly withheld). `kanmin serve` shows an edit
    /// this way first, then rebuilds the indexes.
    KeepPrevious,
}

/// What a rebuild (`kanmin serve`) reuses from the previous one: rendered pages, and which
/// checks already passed, so a one-record edit re-renders and re-verifies only what changed.
#[derive(Default)]
pub struct RenderCache {
    /// The open data and search index of the last rebuild that made them, with the withheld
    /// texts' fingerprint they were checked against.
    indexes: Option<(u64, SiteIndexes)>,
    /// Output paths whose bytes the last rebuild changed.
    changed: std::collections::HashSet<String>,
    /// Whether the last rebuild kept earlier indexes (`Indexes::KeepPrevious`).
    indexes_kept: bool,
    pages: render::html::PageCache,
    other_files: HashMap<String, Vec<u8>>,
    /// Fingerprints of the withheld texts and of the set of output paths of the last
    /// render that passed verification.
    verified: Option<(u64, u64)>,
    /// The leak scanner for the withheld texts with this fingerprint.
    scanner: Option<(u64, verify::LeakScanner)>,
}

#[derive(Clone)]
struct SiteIndexes {
    open_data: opendata::OpenData,
    search_page: render::html::PageJob,
    search_layout: search::index::Layout,
    search_files: Vec<OutputFile>,
}

impl RenderCache {
    /// Output paths whose bytes the last rebuild changed.
    pub fn changed(&self) -> &std::collections::HashSet<String> {
        &self.changed
    }

    /// Whether the last rebuild kept earlier indexes, which may now be out of date.
    pub fn indexes_kept(&self) -> bool {
        self.indexes_kept
    }
}

/// `render_site`, reusing `cache` when given.
pub fn render_site_with(
    checked: &Checked,
    timings: &mut Timings,
    mut cache: Option<&mut RenderCache>,
    indexes: Indexes,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let site = &checked.site;
    let (theme, mut tera) = timings.time("templates", || templates(checked))?;
    let withheld_fingerprint = fingerprint(&checked.withheld.texts);
    let kept = match (indexes, cache.as_deref()) {
        (Indexes::KeepPrevious, Some(RenderCache { indexes: Some((withheld, kept)), .. })) if *withheld == withheld_fingerprint => {
            Some(kept.clone())
        }
        _ => None,
    };
    if let Some(cache) = cache.as_deref_mut() {
        cache.indexes_kept = kept.is_some();
    }
    let known_scanner = cache.as_deref_mut().and_then(|c| c.scanner.take()).filter(|(withheld, _)| *withheld == withheld_fingerprint);
    // Building the scanner's automaton keeps one core busy for a while, so it runs beside the
    // indexes, whose build leaves a core idle at times; so does preparing the pages' contexts.
    let (((scanner, scanner_took), (mut pages, pages_took)), made) = rayon::join(
        || {
            rayon::join(
                || timed(|| known_scanner.map_or_else(|| verify::LeakScanner::new(&checked.withheld.texts), |(_, scanner)| scanner)),
                || {
                    timed(|| {
                        let mut pages = render::html::site_pages(site);
                        pages.extend(stats::pages(site));
                        render::jsonld::annotate(site, &mut pages);
                        pages
                    })
                },
            )
        },
        || -> Result<SiteIndexes, Diagnostics> {
            if let Some(kept) = kept {
                return Ok(kept);
            }
            // Neither keeps both cores busy throughout on its own.
            let (open_data, (search_page, search_files, search_layout)) =
                timings.time_both(("open data", || opendata::render(site)), ("search index", || search::render(site)));
            let open_data = open_data?;
            let made = SiteIndexes { open_data, search_page, search_files, search_layout };
            if let Some(cache) = cache.as_deref_mut() {
                cache.indexes = Some((withheld_fingerprint, made.clone()));
            }
            Ok(made)
        },
    );
    timings.0.push(("leak scanner", scanner_took));
    timings.0.push(("statistics, structured data", pages_took));
    // A rebuild keeps the scanner even when a later stage fails.
    let scanner = match cache.as_deref_mut() {
        Some(cache) => {
            cache.scanner = Some((withheld_fingerprint, scanner));
            None
        }
        None => Some(scanner),
    };
    let SiteIndexes { open_data, search_page, search_files, search_layout } = made?;
    pages.push(open_data.page);
    let (search_page, script_hash) = search::with_inline_script(search_page, &theme.static_files());
    pages.push(search_page);
    let progress = timings.1.clone();
    let (mut files, rendered) = timings.time("render html", || match cache.as_deref_mut() {
        Some(cache) => cache.pages.render(site, &mut tera, &theme, pages).map(|(files, changed)| (files, Some(changed))),
        None => render::html::render_reporting(site, &tera, &theme, pages, progress.as_deref()).map(|files| (files, None)),
    })?;
    let page_count = files.len();
    search::check_search_page(&files, &search_layout)?;
    files.extend(open_data.files);
    files.extend(search_files);
    files.extend(script_hash);
    files.extend(theme.static_files());
    files.extend(timings.time("feeds, calendar", || feeds::files(site)));
    // Last, so the sitemap lists every page that exists.
    let sitemap = timings.time("sitemap", || feeds::sitemap::files(site, &files));
    files.extend(sitemap);

    let Some(cache) = cache else {
        let scanner = scanner.expect("not kept in a cache");
        timings.time(VERIFY_STAGE, || verify::verify(&files, &scanner, &site.info.base_path, |_| true, |_| true))?;
        return Ok(files);
    };
    // Pages tell which of them were rendered anew; the other files are compared as bytes.
    let mut changed = rendered.unwrap_or_default();
    for file in &files[page_count..] {
        if cache.other_files.get(&file.path) != Some(&file.bytes) {
            changed.insert(file.path.clone());
        }
    }
    let paths: std::collections::BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let fingerprints = (withheld_fingerprint, fingerprint(&paths));
    let previous = cache.verified.take();
    let same_withheld = previous.is_some_and(|(withheld, _)| withheld == fingerprints.0);
    let same_paths = previous.is_some_and(|(_, paths)| paths == fingerprints.1);
    let (_, scanner) = cache.scanner.as_ref().expect("kept in the cache above");
    timings.time(VERIFY_STAGE, || {
        verify::verify(
            &files,
            scanner,
            &site.info.base_path,
            |f| !same_withheld || changed.contains(&f.path),
            |f| !same_paths || changed.contains(&f.path),
        )
    })?;
    cache.verified = Some(fingerprints);
    cache.other_files = files[page_count..].iter().map(|f| (f.path.clone(), f.bytes.clone())).collect();
    cache.changed = changed;
    Ok(files)
}

/// The pages of `edited` records (see `content::ParseCache::edited_records`) alone, leak
/// scanned: what `kanmin serve` shows first after an edit, before `render_site_with` brings
/// every other page the edit affects up to date. `None` when this shortcut does not apply:
/// no earlier rebuild to lean on, changed withheld texts, or an edited record without a page.
pub fn render_edited_pages(
    checked: &Checked,
    cache: &RenderCache,
    edited: &[(&'static str, String)],
) -> Option<Result<Vec<OutputFile>, Diagnostics>> {
    let (withheld, scanner) = cache.scanner.as_ref()?;
    if edited.is_empty() || *withheld != fingerprint(&checked.withheld.texts) {
        return None;
    }
    let site = &checked.site;
    let mut jobs: Vec<render::html::PageJob> =
        edited.iter().map(|(folder, id)| render::html::record_page(site, folder, id)).collect::<Option<_>>()?;
    render::jsonld::annotate(site, &mut jobs);
    Some((|| {
        let (theme, tera) = templates(checked)?;
        let files = render::html::render(site, &tera, &theme, jobs)?;
        verify::verify(&files, scanner, &site.info.base_path, |_| true, |_| false)?;
        Ok(files)
    })())
}

/// The site's theme and the template engine built from it.
fn templates(checked: &Checked) -> Result<(Theme, tera::Tera), Diagnostics> {
    let theme = Theme::load(&checked.root, site_theme(checked))?;
    let tera = render::html::engine(&theme, &checked.site)?;
    Ok((theme, tera))
}

fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::hash::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

fn site_theme(checked: &Checked) -> Option<&str> {
    checked.site.info.theme.as_deref()
}

/// What a successful build did, for the summary line and `--verbose`.
#[derive(Debug)]
pub struct BuildReport {
    pub files: usize,
    pub pages: usize,
    pub bytes: u64,
    pub withheld_records: usize,
    pub withheld_fields: usize,
    pub warnings: Vec<Diagnostic>,
    /// Folders beside the output (the previous site, leftovers of killed builds) that could
    /// not be removed; the next build tries again.
    pub not_removed: Vec<(PathBuf, std::io::Error)>,
    pub timings: Timings,
}

/// Wall time per pipeline stage, and who to tell when a stage starts.
#[derive(Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>, Option<Arc<dyn Progress>>);

/// Hears how a build advances, e.g. to draw a progress bar on a terminal.
pub trait Progress: Send + Sync {
    fn stage(&self, name: &'static str);
    /// `done` of `total` items of the current stage are finished.
    fn items(&self, done: usize, total: usize);
}

impl std::fmt::Debug for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.0).finish()
    }
}

impl Timings {
    pub fn with_progress(progress: Arc<dyn Progress>) -> Self {
        Timings(Vec::new(), Some(progress))
    }

    pub fn time<T>(&mut self, stage: &'static str, work: impl FnOnce() -> T) -> T {
        if let Some(progress) = &self.1 {
            progress.stage(stage);
        }
        let (value, took) = timed(work);
        self.0.push((stage, took));
        value
    }

    /// Two stages run beside each other (their times overlap), announced as the first.
    pub fn time_both<A: Send, B: Send>(
        &mut self,
        (first, a): (&'static str, impl FnOnce() -> A + Send),
        (second, b): (&'static str, impl FnOnce() -> B + Send),
    ) -> (A, B) {
        if let Some(progress) = &self.1 {
            progress.stage(first);
        }
        let ((a, a_took), (b, b_took)) = rayon::join(|| timed(a), || timed(b));
        self.0.push((first, a_took));
        self.0.push((second, b_took));
        (a, b)
    }
}

/// What `work` returns, and how long it took.
fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = work();
    (value, start.elapsed())
}

/// The whole pipeline: `root/content` (and `root/themes`) → `output`, which must be empty,
/// absent or a previous kanmin output (see `output::Destination::check`).
pub fn build(root: &Path, output: &Path, build_date: Date) -> Result<BuildReport, BuildError> {
    build_with(root, output, output::Replace::KanminOutput, build_date, Timings::default())
}

/// `build`, replacing what `replace` allows and reporting to `timings`' progress observer as
/// it goes.
pub fn build_with(
    root: &Path,
    output: &Path,
    replace: output::Replace,
    build_date: Date,
    mut timings: Timings,
) -> Result<BuildReport, BuildError> {
    // Before any work, so a mistyped output costs nothing and touches nothing.
    let destination = output::Destination::check(root, output, replace)?;
    let checked = check_timed(root, build_date, &mut timings)?;
    let mut files = render_site(&checked, &mut timings)?;
    let report_counts = (
        files.len(),
        files.iter().filter(|f| f.is_html()).count(),
        files.iter().map(|f| f.bytes.len() as u64).sum(),
    );
    let written = timings.time("write", || output::write_site(&destination, &mut files))?;
    Ok(BuildReport {
        files: report_counts.0,
        pages: report_counts.1,
        bytes: report_counts.2,
        withheld_records: checked.withheld.records.len(),
        withheld_fields: checked.withheld.fields.len(),
        warnings: checked.warnings,
        not_removed: written.not_removed,
        timings,
    })
}
