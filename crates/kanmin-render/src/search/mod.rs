//! Japanese full-text search, built at build time from public records only.
//!
//! `documents` turns `public::Site` into search documents, `index` writes the sharded index
//! files, `query` is the reference implementation of what `static/search.js` does with them,
//! and `render` adds the search page.

pub mod documents;
pub mod encoding;
pub mod index;
pub mod query;

use std::collections::BTreeSet;

use serde::Serialize;
use sha2::{Digest, Sha256};

use kanmin_text::normalize::normalize;

use crate::format;
use crate::html::PageJob;
use crate::messages::Locale;
use crate::theme::SiteTheme;
use crate::OutputFile;
use kanmin_public::diagnostics::{Diagnostic, Diagnostics};
use kanmin_public::{self as public, Lang};

/// The search page, the index files it reads, and their layout.
pub fn render(site: &public::Site, locale: Locale) -> (PageJob, Vec<OutputFile>, index::Layout) {
    let docs = documents::documents(site);
    let built = index::build(&docs);
    let page = PageJob::new(
        "search/",
        "search.html",
        crate::texts::SEARCH.title(locale),
        crate::texts::SEARCH.description(locale),
    )
    .with("search_index", &built.layout)
    .with("facets", &facet_options(&docs, locale));
    (page, built.files, built.layout)
}

/// Where the build writes the Content-Security-Policy source that allows the search page's
/// inline script (`'sha256-…'`), for hosts that send a policy.
pub const SCRIPT_HASH_FILE: &str = "search/csp.txt";

/// The search page with the theme's `static/search.js` written into it (`search_script`), and
/// the file with its hash. Inline, the script costs no request after the page: on a phone's
/// network (150 ms a round trip) the index files are asked for one round trip sooner. A script
/// that holds `</script` cannot be written into a page; the page then loads the file, as a
/// theme's `search.html` may always do (it then works under `script-src 'self'` without a hash).
pub fn with_inline_script(page: PageJob, theme: &SiteTheme) -> (PageJob, Option<OutputFile>) {
    let Some(script) = theme.static_file("static/search.js") else {
        return (page, None);
    };
    let script = String::from_utf8_lossy(script);
    if script.to_ascii_lowercase().contains("</script") {
        return (page, None);
    }
    let source = format!("'sha256-{}'\n", base64(&Sha256::digest(script.as_bytes())));
    (
        page.with("search_script", script.as_ref()),
        Some(OutputFile::new(SCRIPT_HASH_FILE, source.into_bytes())),
    )
}

/// Standard base64 with padding, as CSP hash sources are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

/// Fails when the rendered search page uses kanmin's client (it declares `data-gram-shards`)
/// but does not pass it the layout the index was built with: a theme's own `search.html`
/// written for an older layout (without `data-own-files`, say) would make the client look for
/// keys where they are not, and searches would silently find too little.
pub fn check_search_page(
    files: &[OutputFile],
    lang: Lang,
    layout: &index::Layout,
    theme: &SiteTheme,
) -> Result<(), Diagnostics> {
    let path = format!("{}search/index.html", lang.prefix());
    let Some(page) = files.iter().find(|f| f.path == path) else {
        return Ok(());
    };
    let html = String::from_utf8_lossy(&page.bytes);
    if !html.contains("data-gram-shards=") {
        return Ok(());
    }
    let declared = index::Layout::from_search_page(&html);
    // Checked by name too: the list is empty on small sites (and an empty value may be
    // minified to a bare attribute), yet the page must be ready for when it is not.
    let matches = html.contains("data-own-files")
        && declared.as_ref().is_some_and(|d| {
            (
                d.gram,
                d.gram_shards,
                &d.own_files,
                d.docs_per_shard,
                &d.version,
            ) == (
                layout.gram,
                layout.gram_shards,
                &layout.own_files,
                layout.docs_per_shard,
                &layout.version,
            )
        });
    if matches {
        return Ok(());
    }
    Err(Diagnostics(vec![Diagnostic::template(
        theme.describe(),
        Some("search.html"),
        kanmin_messages::t!("search-page-layout"),
    )]))
}

/// One filter of the search form: a URL parameter and the values found in the records.
#[derive(Debug, Serialize)]
pub struct Facet {
    pub name: &'static str,
    pub label: String,
    pub options: Vec<FacetOption>,
}

#[derive(Debug, Serialize)]
pub struct FacetOption {
    pub value: String,
    pub label: String,
}

/// Every department in the documents, sorted: the options of the department filter, which
/// result records refer to by index.
pub fn departments(docs: &[documents::SearchDoc]) -> Vec<&str> {
    facet_values(docs, "dept").into_iter().collect()
}

fn facet_values<'a>(docs: &'a [documents::SearchDoc], name: &str) -> BTreeSet<&'a str> {
    docs.iter()
        .flat_map(|d| d.facets.iter())
        .filter(|(f, _)| *f == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

fn facet_options(docs: &[documents::SearchDoc], locale: Locale) -> Vec<Facet> {
    documents::FACETS
        .iter()
        .map(|&name| {
            let values = facet_values(docs, name);
            let mut options: Vec<FacetOption> = values
                .into_iter()
                .map(|v| FacetOption {
                    value: v.to_string(),
                    label: facet_label(name, v, locale.lang),
                })
                .collect();
            match name {
                // Newest year first, the way people look for recent records.
                "fy" => options.reverse(),
                "kind" | "status" | "pattern" | "route" => {
                    options.sort_by_key(|o| vocabulary_rank(name, &o.value))
                }
                _ => {}
            }
            Facet {
                name,
                label: crate::texts::facet_label(locale, name).to_string(),
                options,
            }
        })
        .collect()
}

const STATUS_VOCABULARIES: [&str; 3] = ["partnership_status", "theme_status", "proposal_status"];

fn vocabularies(facet: &str) -> &'static [&'static str] {
    match facet {
        "kind" => &["record_kind"],
        "status" => &STATUS_VOCABULARIES,
        "pattern" => &["pattern"],
        "route" => &["route", "proposal_route"],
        _ => &[],
    }
}

fn facet_label(facet: &str, value: &str, lang: Lang) -> String {
    if facet == "fy" {
        if let Ok(year) = value.parse::<i32>() {
            return format::fiscal_year_in(year, lang);
        }
    }
    vocabularies(facet)
        .iter()
        .find_map(|v| format::label_in(v, value, lang))
        .unwrap_or(value)
        .to_string()
}

/// Codes in the order of their vocabularies (`kanmin_public::vocab`), the order people expect.
fn vocabulary_rank(facet: &str, value: &str) -> usize {
    let mut offset = 0;
    for terms in vocabularies(facet)
        .iter()
        .filter_map(|v| format::vocabulary(v))
    {
        if let Some(rank) = terms.iter().position(|(code, _)| *code == value) {
            return offset + rank;
        }
        offset += terms.len();
    }
    offset
}
