//! Render: public records → output files. Each renderer takes `kanmin_public::Site` and
//! nothing else: this crate does not depend on the raw records, so no renderer can read a
//! withheld value.

pub mod budget;
pub mod feeds;
pub mod format;
pub mod history;
pub mod html;
pub mod jsonld;
pub mod localize;
pub mod messages;
pub mod minify;
pub mod opendata;
pub mod search;
pub mod stats;
pub mod texts;
pub mod theme;
pub mod xml;

use kanmin_public as public;
use kanmin_public::diagnostics::Diagnostics;

/// One file of the built site, by its path relative to the output root (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }

    pub fn is_html(&self) -> bool {
        self.path.ends_with(".html")
    }
}

/// Hears how a build advances, e.g. to draw a progress bar on a terminal.
pub trait Progress: Send + Sync {
    fn stage(&self, name: &'static str);
    /// `done` of `total` items of the current stage are finished.
    fn items(&self, done: usize, total: usize);
}

/// The site in one language, with the locale its pages are written in.
pub type Language<'s, 'a> = (std::borrow::Cow<'s, public::Site>, messages::Locale<'a>);

/// The site in each of its languages (`Lang::ALL`'s order, Japanese first), each with the
/// locale its pages are written in.
pub fn languages<'s, 'a>(
    site: &'s public::Site,
    theme: &'a theme::SiteTheme,
) -> Vec<Language<'s, 'a>> {
    use rayon::prelude::*;
    public::Lang::ALL
        .par_iter()
        .map(|&lang| {
            let locale = messages::Locale {
                lang,
                messages: theme.messages(lang),
            };
            (localize::site(site, locale), locale)
        })
        .collect()
}

/// The site-wide indexes, which take most of a large site's render time: the open data (one
/// set of files, which every language's data page describes) and each language's search
/// index, each with its page.
#[derive(Clone)]
pub struct Indexes {
    open_data_files: Vec<OutputFile>,
    /// Per language: its data page, search page, search files and their layout.
    languages: Vec<LanguageIndexes>,
}

#[derive(Clone)]
struct LanguageIndexes {
    data_page: html::PageJob,
    search_page: html::PageJob,
    search_layout: search::index::Layout,
    search_files: Vec<OutputFile>,
}

/// The indexes' files, once their pages have gone to be rendered with the others.
pub struct IndexFiles {
    files: Vec<OutputFile>,
    search_layouts: Vec<search::index::Layout>,
}

impl Indexes {
    /// The open data and the search indexes; they run beside each other, since none keeps
    /// both cores busy throughout.
    pub fn new(sites: &[Language]) -> Result<Indexes, Diagnostics> {
        use rayon::prelude::*;
        let (open_data, searches) = rayon::join(
            || opendata::render(&sites[0].0),
            || {
                sites
                    .par_iter()
                    .map(|(site, locale)| search::render(site, *locale))
                    .collect::<Vec<_>>()
            },
        );
        let open_data = open_data?;
        let languages = sites
            .iter()
            .zip(searches)
            .map(
                |((site, locale), (search_page, search_files, search_layout))| LanguageIndexes {
                    data_page: opendata::page_in(&open_data.page, site, *locale),
                    search_page,
                    search_layout,
                    search_files: prefixed(locale.lang, search_files),
                },
            )
            .collect();
        Ok(Indexes {
            open_data_files: open_data.files,
            languages,
        })
    }

    /// Each language's index pages, to render with its other pages, and the index files.
    /// The search pages get the theme's search script written into them, and the files its
    /// CSP hash.
    pub fn split(self, theme: &theme::SiteTheme) -> (Vec<[html::PageJob; 2]>, IndexFiles) {
        let mut files = self.open_data_files;
        let mut pages = Vec::new();
        let mut search_layouts = Vec::new();
        let mut script_hash = None;
        for language in self.languages {
            let (search_page, hash) = search::with_inline_script(language.search_page, theme);
            script_hash = hash;
            pages.push([language.data_page, search_page]);
            files.extend(language.search_files);
            search_layouts.push(language.search_layout);
        }
        files.extend(script_hash);
        (
            pages,
            IndexFiles {
                files,
                search_layouts,
            },
        )
    }
}

/// A language's files at their place in the site: under `en/` for English.
pub fn prefixed(lang: public::Lang, mut files: Vec<OutputFile>) -> Vec<OutputFile> {
    if !lang.prefix().is_empty() {
        for file in &mut files {
            file.path = format!("{}{}", lang.prefix(), file.path);
        }
    }
    files
}

/// Every page of the site in one language but the index pages: records, lists, indexes of
/// partners and departments, statistics, each with its structured data.
pub fn pages(site: &public::Site, locale: messages::Locale) -> Vec<html::PageJob> {
    let mut pages = html::site_pages(site, locale);
    pages.extend(stats::pages(site, locale));
    jsonld::annotate(site, locale, &mut pages);
    pages
}

/// The site around its rendered pages: the index files, the theme's static files, each
/// language's feeds and calendars, and last the sitemap, so that it lists every page that
/// exists.
pub fn complete(
    sites: &[Language],
    theme: &theme::SiteTheme,
    index_files: IndexFiles,
    mut files: Vec<OutputFile>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    for ((site, _), layout) in sites.iter().zip(&index_files.search_layouts) {
        search::check_search_page(&files, site.info.lang, layout, theme)?;
    }
    files.extend(index_files.files);
    files.extend(theme.static_files());
    for (site, locale) in sites {
        files.extend(prefixed(locale.lang, feeds::files(site, *locale)));
    }
    let sitemap = feeds::sitemap::files(&sites[0].0, &files);
    files.extend(sitemap);
    Ok(files)
}
