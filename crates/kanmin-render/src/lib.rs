//! Render: public records → output files. Each renderer takes `kanmin_public::Site` and
//! nothing else: this crate does not depend on the raw records, so no renderer can read a
//! withheld value.

pub mod budget;
pub mod feeds;
pub mod format;
pub mod html;
pub mod jsonld;
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

/// The site-wide indexes, which take most of a large site's render time: the open data and
/// the search index, each with its page.
#[derive(Clone)]
pub struct Indexes {
    open_data: opendata::OpenData,
    search_page: html::PageJob,
    search_layout: search::index::Layout,
    search_files: Vec<OutputFile>,
}

/// The indexes' files, once their pages have gone to be rendered with the others.
pub struct IndexFiles {
    files: Vec<OutputFile>,
    search_layout: search::index::Layout,
}

impl Indexes {
    /// The open data and the search index; the two run beside each other, since neither keeps
    /// both cores busy throughout.
    pub fn new(site: &public::Site) -> Result<Indexes, Diagnostics> {
        let (open_data, (search_page, search_files, search_layout)) =
            rayon::join(|| opendata::render(site), || search::render(site));
        Ok(Indexes {
            open_data: open_data?,
            search_page,
            search_layout,
            search_files,
        })
    }

    /// The index pages, to render with the other pages, and the index files. The search page
    /// gets the theme's search script written into it, and the files its CSP hash.
    pub fn split(self, theme: &theme::SiteTheme) -> ([html::PageJob; 2], IndexFiles) {
        let (search_page, script_hash) = search::with_inline_script(self.search_page, theme);
        let mut files = self.open_data.files;
        files.extend(self.search_files);
        files.extend(script_hash);
        (
            [self.open_data.page, search_page],
            IndexFiles {
                files,
                search_layout: self.search_layout,
            },
        )
    }
}

/// Every page of the site but the index pages: records, lists, indexes of partners and
/// departments, statistics, each with its structured data.
pub fn pages(site: &public::Site) -> Vec<html::PageJob> {
    let mut pages = html::site_pages(site);
    pages.extend(stats::pages(site));
    jsonld::annotate(site, &mut pages);
    pages
}

/// The site around its rendered pages: the index files, the theme's static files, feeds and
/// calendars, and last the sitemap, so that it lists every page that exists.
pub fn complete(
    site: &public::Site,
    theme: &theme::SiteTheme,
    index_files: IndexFiles,
    mut files: Vec<OutputFile>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    search::check_search_page(&files, &index_files.search_layout, theme)?;
    files.extend(index_files.files);
    files.extend(theme.static_files());
    files.extend(feeds::files(site));
    let sitemap = feeds::sitemap::files(site, &files);
    files.extend(sitemap);
    Ok(files)
}
