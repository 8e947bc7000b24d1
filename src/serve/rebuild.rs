//! What makes `kanmin serve`'s rebuilds fast: the build's stages, with what the previous
//! rebuild made kept between them. Re-parsing only edited files, re-rendering only pages
//! whose inputs changed, re-verifying only changed files, and keeping the site-wide indexes
//! for a first look at an edit all live here, so the build itself stays a plain sequence of
//! stages (`crate::build_with`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use crate::content::ParseCache;
use crate::date::Date;
use crate::diagnostics::Diagnostics;
use crate::output::OutputFile;
use crate::render::theme::SiteTheme;
use crate::{render, templates, timed, verify, Checked, Timings, VERIFY_STAGE};

/// Load (re-parsing only the record files whose text differs from `cache`) → validate →
/// disclose.
pub fn check(
    root: &Path,
    build_date: Date,
    cache: &mut ParseCache,
    timings: &mut Timings,
) -> Result<Checked, Diagnostics> {
    let content = timings
        .time("load", || {
            crate::content::load_with(&root.join("content"), cache)
        })
        .map_err(|d| d.relative_to(root))?;
    let history = crate::history(root, &content, timings)?;
    crate::validate_and_disclose(content, history, root, build_date, timings)
}

/// Whether a rebuild computes the site-wide indexes (open data, search index), which take
/// most of a rebuild's time on a large site, or keeps the previous ones for now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indexes {
    Rebuild,
    /// Keep the previous rebuild's indexes (when there are some and the withheld texts are
    /// unchanged, so they cannot hold anything newly withheld). An edit is shown this way
    /// first, then the indexes are rebuilt.
    KeepPrevious,
}

/// What a rebuild reuses from the previous one: rendered pages, and which checks already
/// passed, so a one-record edit re-renders and re-verifies only what changed.
#[derive(Default)]
pub struct RenderCache {
    /// The indexes of the last rebuild that made them, with the fingerprint of the withheld
    /// texts they were checked against.
    indexes: Option<(u64, render::Indexes)>,
    /// Output paths whose bytes the last rebuild changed.
    changed: HashSet<String>,
    /// Whether the last rebuild kept earlier indexes (`Indexes::KeepPrevious`).
    indexes_kept: bool,
    /// One per language, in `Lang::ALL`'s order.
    pages: Vec<render::html::PageCache>,
    other_files: HashMap<String, Vec<u8>>,
    /// Fingerprints of the withheld texts and of the set of output paths of the last
    /// render that passed verification.
    verified: Option<(u64, u64)>,
    /// The leak scanner for the withheld texts with this fingerprint.
    scanner: Option<(u64, verify::LeakScanner)>,
}

impl RenderCache {
    /// Output paths whose bytes the last rebuild changed.
    pub fn changed(&self) -> &HashSet<String> {
        &self.changed
    }

    /// Whether the last rebuild kept earlier indexes, which may now be out of date.
    pub fn indexes_kept(&self) -> bool {
        self.indexes_kept
    }

    /// Render → verify, reusing what the previous rebuild left.
    pub fn render(
        &mut self,
        checked: &Checked,
        timings: &mut Timings,
        indexes: Indexes,
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let site = &checked.site;
        let theme = timings.time("templates", || {
            SiteTheme::load(&checked.root, site.info.theme.as_deref())
        })?;
        let sites = render::languages(site, &theme);
        let mut engines = timings.time("templates", || crate::engines(&theme, &sites))?;
        let withheld_fingerprint = fingerprint(&checked.withheld.texts);
        let kept = match (indexes, &self.indexes) {
            (Indexes::KeepPrevious, Some((withheld, kept)))
                if *withheld == withheld_fingerprint =>
            {
                Some(kept.clone())
            }
            _ => None,
        };
        self.indexes_kept = kept.is_some();
        let known_scanner = self
            .scanner
            .take()
            .filter(|(withheld, _)| *withheld == withheld_fingerprint);
        let (((scanner, scanner_took), (pages, pages_took)), (made, indexes_took)) = rayon::join(
            || {
                rayon::join(
                    || {
                        timed(|| {
                            known_scanner.map_or_else(
                                || verify::LeakScanner::new(&checked.withheld.texts),
                                |(_, s)| s,
                            )
                        })
                    },
                    || {
                        timed(|| {
                            use rayon::prelude::*;
                            sites
                                .par_iter()
                                .map(|(site, locale)| render::pages(site, *locale))
                                .collect::<Vec<_>>()
                        })
                    },
                )
            },
            || match kept {
                Some(kept) => (Ok(kept), None),
                None => {
                    let (made, took) = timed(|| render::Indexes::new(&sites));
                    (made, Some(took))
                }
            },
        );
        timings.0.push(("leak scanner", scanner_took));
        timings.0.push(("statistics, structured data", pages_took));
        if let Some(took) = indexes_took {
            timings.0.push(("open data, search index", took));
        }
        // The scanner is kept even when a later stage fails.
        self.scanner = Some((withheld_fingerprint, scanner));
        let made = made?;
        if !self.indexes_kept {
            self.indexes = Some((withheld_fingerprint, made.clone()));
        }
        let (index_pages, index_files) = made.split(&theme);
        self.pages
            .resize_with(sites.len(), render::html::PageCache::default);
        let mut changed = HashSet::new();
        let caches = &mut self.pages;
        let pages = timings.time("render html", || {
            crate::render_languages(
                &sites,
                &mut engines,
                pages,
                index_pages,
                |number, site, tera, jobs| {
                    let (files, rendered) = caches[number].render(site, tera, &theme, jobs)?;
                    changed.extend(rendered);
                    Ok(files)
                },
            )
        })?;
        let page_count = pages.len();
        let files = timings.time("feeds, calendar, sitemap", || {
            render::complete(&sites, &theme, index_files, pages)
        })?;

        // Pages tell which of them were rendered anew; the other files are compared as bytes.
        for file in &files[page_count..] {
            if self.other_files.get(&file.path) != Some(&file.bytes) {
                changed.insert(file.path.clone());
            }
        }
        let paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let fingerprints = (withheld_fingerprint, fingerprint(&paths));
        let previous = self.verified.take();
        let same_withheld = previous.is_some_and(|(withheld, _)| withheld == fingerprints.0);
        let same_paths = previous.is_some_and(|(_, paths)| paths == fingerprints.1);
        let (_, scanner) = self.scanner.as_ref().expect("kept above");
        timings.time(VERIFY_STAGE, || {
            verify::verify(
                &files,
                scanner,
                &site.info.base_path,
                |f| !same_withheld || changed.contains(&f.path),
                |f| !same_paths || changed.contains(&f.path),
            )
        })?;
        self.verified = Some(fingerprints);
        self.other_files = files[page_count..]
            .iter()
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect();
        self.changed = changed;
        Ok(files)
    }

    /// The pages of `edited` records (see `ParseCache::edited_records`) alone, leak scanned:
    /// what is shown first after an edit, before `render` brings every other page the edit
    /// affects up to date. `None` when this shortcut does not apply: no earlier rebuild to
    /// lean on, changed withheld texts, or an edited record without a page.
    pub fn edited_pages(
        &self,
        checked: &Checked,
        edited: &[(&'static str, String)],
    ) -> Option<Result<Vec<OutputFile>, Diagnostics>> {
        let (withheld, scanner) = self.scanner.as_ref()?;
        if edited.is_empty() || *withheld != fingerprint(&checked.withheld.texts) {
            return None;
        }
        let site = &checked.site;
        let mut jobs: Vec<render::html::PageJob> = edited
            .iter()
            .map(|(folder, id)| render::html::record_page(site, folder, id))
            .collect::<Option<_>>()?;
        Some((|| {
            let (theme, tera) = templates(checked)?;
            let locale = render::messages::Locale {
                lang: site.info.lang,
                messages: theme.messages(site.info.lang),
            };
            render::jsonld::annotate(site, locale, &mut jobs);
            let files = render::html::render(site, &tera, &theme, jobs)?;
            verify::verify(&files, scanner, &site.info.base_path, |_| true, |_| false)?;
            Ok(files)
        })())
    }
}

fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::hash::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
