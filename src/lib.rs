//! kanmin: a static-site generator for public-private partnership (官民連携) transparency.
//!
//! One pipeline, one crate or module per stage:
//! load, validate and link (`kanmin-content`) → disclose (`kanmin-disclose`, producing
//! `kanmin-public`'s types) → render (`kanmin-render`: pages, open data, search index, feeds)
//! → verify (`verify`) → write atomically (`output`). The crate graph holds the disclosure
//! boundary: `kanmin-render` cannot name a raw record, since it does not depend on
//! `kanmin-content`.

pub mod intake;
pub mod output;
pub mod report;
pub mod serve;
pub mod verify;

// The pipeline's crates, under the names the stages have in this documentation.
pub use kanmin_content as content;
pub use kanmin_disclose as disclose;
pub use kanmin_messages as messages;
pub use kanmin_messages::t;
pub use kanmin_public as public;
pub use kanmin_public::{date, diagnostics};
pub use kanmin_render as render;
pub use kanmin_render::Progress;
pub use kanmin_text as text;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::disclose::WithheldReport;
use crate::output::{OutputFile, WriteError};
use crate::render::theme::SiteTheme;

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
    const VARIABLE: &str = "SOURCE_DATE_EPOCH";
    let seconds = match std::env::var(VARIABLE) {
        Ok(value) => value.trim().parse::<i64>().map_err(|_| {
            Diagnostics(vec![Diagnostic::environment(
                VARIABLE,
                t!("env-not-a-timestamp", value = value.as_str()),
            )])
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Date::from_unix_seconds_in_japan(seconds).ok_or_else(|| {
        Diagnostics(vec![Diagnostic::environment(
            VARIABLE,
            t!("env-timestamp-out-of-range"),
        )])
    })
}

/// Content that passed loading, validation and disclosure: the public site, and what
/// disclosure withheld from it.
pub struct Checked {
    pub site: public::Site,
    pub withheld: WithheldReport,
    /// Problems that do not stop the build (`also_public` entries no longer needed).
    pub warnings: Vec<Diagnostic>,
    pub root: PathBuf,
}

/// The whole pipeline: `root/content` (and `root/themes`) → `output`, which must be empty,
/// absent or a previous kanmin output (see `output::Destination::check`).
pub fn build(root: &Path, output: &Path, build_date: Date) -> Result<BuildReport, BuildError> {
    build_with(
        root,
        output,
        output::Replace::KanminOutput,
        build_date,
        Timings::default(),
    )
}

/// `build`, replacing what `replace` allows and reporting to `timings`' progress observer as
/// it goes. Each stage takes what the one before it made.
pub fn build_with(
    root: &Path,
    output: &Path,
    replace: output::Replace,
    build_date: Date,
    mut timings: Timings,
) -> Result<BuildReport, BuildError> {
    // Before any work, so a mistyped output costs nothing and touches nothing.
    let destination = output::Destination::check(root, output, replace)?;
    let content = load(root, &mut timings)?;
    let history = history(root, &content, &mut timings)?;
    let checked = validate_and_disclose(content, history, root, build_date, &mut timings)?;
    // The leak scanner's automata take one core a while; the render leaves one idle at times.
    let ((scanner, scanner_took), files) = rayon::join(
        || timed(|| verify::LeakScanner::new(&checked.withheld.texts)),
        || render(&checked, &mut timings),
    );
    timings.0.push(("leak scanner", scanner_took));
    let mut files = files.map_err(|d| with_positions(d, root))?;
    timings
        .time(VERIFY_STAGE, || {
            verify::verify(
                &files,
                &scanner,
                &checked.site.info.base_path,
                |_| true,
                |_| true,
            )
        })
        .map_err(|d| with_positions(d, root))?;
    let report = BuildReport::new(&checked, &files);
    let written = timings.time("write", || output::write_site(&destination, &mut files))?;
    Ok(BuildReport {
        not_removed: written.not_removed,
        timings,
        ..report
    })
}

/// Load → validate → disclose, for `kanmin check`. Writes nothing.
pub fn check(root: &Path, build_date: Date) -> Result<Checked, Diagnostics> {
    let mut timings = Timings::default();
    let content = load(root, &mut timings)?;
    let history = history(root, &content, &mut timings)?;
    validate_and_disclose(content, history, root, build_date, &mut timings)
}

/// Load: `root/content` → typed records with their source spans.
fn load(root: &Path, timings: &mut Timings) -> Result<content::Content, Diagnostics> {
    timings
        .time("load", || content::load(&root.join("content")))
        .map_err(|d| d.relative_to(root))
}

/// The records' earlier versions, when `root/content` lies in a git repository.
pub fn history(
    root: &Path,
    content: &content::Content,
    timings: &mut Timings,
) -> Result<Option<content::history::History>, Diagnostics> {
    timings
        .time(HISTORY_STAGE, || {
            content::history::read(&root.join("content"), content)
        })
        .map_err(|d| Diagnostics(vec![d]).relative_to(root))
}

/// The stage that reads the records' history, by its name in `Timings`.
pub const HISTORY_STAGE: &str = "history";

/// Validate and link → disclose (today's records, then their history) → the scan of the public fields for withheld texts, which
/// names the record and field to fix before anything is rendered.
pub fn validate_and_disclose(
    content: content::Content,
    history: Option<content::history::History>,
    root: &Path,
    build_date: Date,
    timings: &mut Timings,
) -> Result<Checked, Diagnostics> {
    timings
        .time("validate", || content::validate::validate(&content))
        .map_err(|d| d.relative_to(root))?;
    let (mut site, mut withheld) =
        timings.time("disclose", || disclose::disclose(&content, build_date));
    let scan = timings.time("leak scan of the content", || {
        disclose::scan_sources(&content, &site, &withheld)
    });
    if !scan.errors.is_empty() {
        return Err(scan.errors.relative_to(root).sorted());
    }
    let mut warnings = scan.warnings;
    if let Some(history) = &history {
        let histories = timings.time(HISTORY_STAGE, || {
            disclose::history::disclose_history(&content, history, &site, build_date, &mut withheld)
        });
        if histories.shallow {
            warnings.push(Diagnostic::new(
                Path::new("content"),
                "",
                t!("history-shallow"),
            ));
        }
        disclose::history::mark_modified(&mut site, &histories);
        site.history = Some(Arc::new(histories));
    }
    Ok(Checked {
        site,
        withheld,
        warnings,
        root: root.to_path_buf(),
    })
}

/// Render: every output file of the site, in memory, from the public site alone, in each of
/// its languages.
pub fn render(checked: &Checked, timings: &mut Timings) -> Result<Vec<OutputFile>, Diagnostics> {
    let theme = timings.time("templates", || {
        SiteTheme::load(&checked.root, checked.site.info.theme.as_deref())
    })?;
    let sites = timings.time("languages", || render::languages(&checked.site, &theme));
    let mut engines = timings.time("templates", || engines(&theme, &sites))?;
    let (pages, indexes) = timings.time_both(
        ("statistics, structured data", || {
            use rayon::prelude::*;
            sites
                .par_iter()
                .map(|(site, locale)| render::pages(site, *locale))
                .collect::<Vec<_>>()
        }),
        ("open data, search index", || render::Indexes::new(&sites)),
    );
    let (index_pages, index_files) = indexes?.split(&theme);
    let progress = timings.1.clone();
    let pages = timings.time("render html", || {
        render_languages(
            &sites,
            &mut engines,
            pages,
            index_pages,
            |_, site, tera, jobs| {
                render::html::render_reporting(site, tera, &theme, jobs, progress.as_deref())
            },
        )
    })?;
    let mut files = timings.time("feeds, calendar, sitemap", || {
        render::complete(&sites, &theme, index_files, pages)
    })?;
    // The web editor's configuration, from the record forms: through the same checks and
    // writer as every other file.
    if let Some(editor) = &checked.site.info.editor {
        files.extend(intake::cms::files(editor));
    }
    Ok(files)
}

/// One template engine per language.
pub(crate) fn engines(
    theme: &SiteTheme,
    sites: &[render::Language],
) -> Result<Vec<tera::Tera>, Diagnostics> {
    sites
        .iter()
        .map(|(site, _)| render::html::engine(theme, site))
        .collect()
}

/// Each language's pages rendered by `render_one` with its engine, one language after the
/// other: each already spreads its pages over every core.
pub(crate) fn render_languages(
    sites: &[render::Language],
    engines: &mut [tera::Tera],
    pages: Vec<Vec<render::html::PageJob>>,
    index_pages: Vec<[render::html::PageJob; 2]>,
    mut render_one: impl FnMut(
        usize,
        &public::Site,
        &mut tera::Tera,
        Vec<render::html::PageJob>,
    ) -> Result<Vec<OutputFile>, Diagnostics>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut files = Vec::new();
    let mut diagnostics = Diagnostics::default();
    let languages = sites.iter().zip(engines).zip(pages).zip(index_pages);
    for (number, ((((site, _), tera), mut jobs), index)) in languages.enumerate() {
        jobs.extend(index);
        match render_one(number, site, tera, jobs) {
            Ok(rendered) => files.extend(rendered),
            Err(errors) => diagnostics.extend(errors),
        }
    }
    diagnostics.into_result(files)
}

/// Lines and columns for the errors that stages after disclosure can tie only to a record's
/// file and field (a withheld text found in the output, a text the open data cannot hold):
/// read from the file, so that they point where the others do.
fn with_positions(diagnostics: Diagnostics, root: &Path) -> Diagnostics {
    let located = diagnostics
        .0
        .into_iter()
        .map(|diagnostic| match &diagnostic.origin {
            diagnostics::Origin::File { path, line: 0, .. } if !diagnostic.field.is_empty() => {
                let position = std::fs::read_to_string(root.join(path))
                    .ok()
                    .and_then(|text| content::spans::locate(&text, &diagnostic.field));
                match position {
                    Some((line, column)) => diagnostic.at(line, column),
                    None => diagnostic,
                }
            }
            _ => diagnostic,
        });
    Diagnostics(located.collect())
}

/// The stage that checks the output before anything is written.
pub(crate) const VERIFY_STAGE: &str = "leak scan, link check";

/// The site's theme and the template engine built from it for the Japanese pages.
pub(crate) fn templates(checked: &Checked) -> Result<(SiteTheme, tera::Tera), Diagnostics> {
    let theme = SiteTheme::load(&checked.root, checked.site.info.theme.as_deref())?;
    let tera = render::html::engine(&theme, &checked.site)?;
    Ok((theme, tera))
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

impl BuildReport {
    fn new(checked: &Checked, files: &[OutputFile]) -> BuildReport {
        BuildReport {
            files: files.len(),
            pages: files.iter().filter(|f| f.is_html()).count(),
            bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
            withheld_records: checked.withheld.records.len(),
            withheld_fields: checked.withheld.fields.len(),
            warnings: checked.warnings.clone(),
            not_removed: Vec::new(),
            timings: Timings::default(),
        }
    }
}

/// Wall time per pipeline stage, and who to tell when a stage starts.
#[derive(Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>, Option<Arc<dyn Progress>>);

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
pub(crate) fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = work();
    (value, start.elapsed())
}
