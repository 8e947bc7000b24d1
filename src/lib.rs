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
pub mod opendata;
pub mod output;
pub mod public;
pub mod render;
pub mod search;
pub mod stats;
pub mod theme;
pub mod validate;
pub mod verify;

use std::path::{Path, PathBuf};
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
    #[error("writing the site failed: {0}")]
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
    pub root: PathBuf,
}

/// Load → validate → disclose. Writes nothing.
pub fn check(root: &Path, build_date: Date) -> Result<Checked, Diagnostics> {
    let content = content::load(&root.join("content"))?;
    validate::validate(&content)?;
    let (site, withheld) = disclose::disclose(&content, build_date);
    Ok(Checked { site, withheld, root: root.to_path_buf() })
}

/// Render → verify: every output file of the site, in memory.
pub fn render_site(checked: &Checked, timings: &mut Timings) -> Result<Vec<OutputFile>, Diagnostics> {
    let site = &checked.site;
    let theme = Theme::load(&checked.root, site_theme(checked))?;
    let tera = render::html::engine(&theme, site)?;
    let open_data = timings.time("open data", || opendata::render(site))?;
    let (search_page, search_files) = timings.time("search index", || search::render(site));
    let mut pages = render::html::site_pages(site);
    pages.push(open_data.page);
    pages.push(search_page);
    timings.time("statistics, structured data", || {
        pages.extend(stats::pages(site));
        render::jsonld::annotate(site, &mut pages);
    });
    let mut files = timings.time("render html", || render::html::render(site, &tera, pages))?;
    files.extend(open_data.files);
    files.extend(search_files);
    files.extend(theme.static_files());
    files.extend(timings.time("feeds, calendar", || feeds::files(site)));
    // Last, so the sitemap lists every page that exists.
    let sitemap = timings.time("sitemap", || feeds::sitemap::files(site, &files));
    files.extend(sitemap);
    timings.time("leak scan", || verify::leak_scan(&files, &checked.withheld.texts))?;
    timings.time("link check", || verify::link_check(&files, &site.info.base_path))?;
    Ok(files)
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
    pub timings: Timings,
}

/// Wall time per pipeline stage.
#[derive(Debug, Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    pub fn time<T>(&mut self, stage: &'static str, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = work();
        self.0.push((stage, start.elapsed()));
        value
    }
}

/// The whole pipeline: `root/content` (and `root/themes`) → `output`.
pub fn build(root: &Path, output: &Path, build_date: Date) -> Result<BuildReport, BuildError> {
    let mut timings = Timings::default();
    let checked = timings.time("load, validate, disclose", || check(root, build_date))?;
    let mut files = render_site(&checked, &mut timings)?;
    let report_counts = (
        files.len(),
        files.iter().filter(|f| f.is_html()).count(),
        files.iter().map(|f| f.bytes.len() as u64).sum(),
    );
    timings.time("write", || output::write_site(output, &mut files))?;
    Ok(BuildReport {
        files: report_counts.0,
        pages: report_counts.1,
        bytes: report_counts.2,
        withheld_records: checked.withheld.records.len(),
        withheld_fields: checked.withheld.fields.len(),
        timings,
    })
}
