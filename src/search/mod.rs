//! Japanese full-text search, built at build time from public records only.
//!
//! `documents` turns `public::Site` into search documents, `index` writes the sharded index
//! files, `query` is the reference implementation of what `static/search.js` does with them,
//! and `render` adds the search page.

pub mod documents;
pub mod encoding;
pub mod index;
pub mod normalize;
pub mod query;

use std::collections::BTreeSet;

use serde::Serialize;

pub use normalize::normalize;

use crate::output::OutputFile;
use crate::public;
use crate::render::format;
use crate::render::html::PageJob;

/// The search page and the index files it reads.
pub fn render(site: &public::Site) -> (PageJob, Vec<OutputFile>) {
    let docs = documents::documents(site);
    let built = index::build(&docs);
    let page = PageJob::new(
        "search/",
        "search.html",
        "サイト内検索",
        "連携事例、募集テーマ、提案、サウンディングの記録を全文検索できます。",
    )
    .with("search_index", &built.layout)
    .with("facets", &facet_options(&docs));
    (page, built.files)
}

/// One filter of the search form: a URL parameter and the values found in the records.
#[derive(Debug, Serialize)]
pub struct Facet {
    pub name: &'static str,
    pub label: &'static str,
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
    docs.iter().flat_map(|d| d.facets.iter()).filter(|(f, _)| *f == name).map(|(_, v)| v.as_str()).collect()
}

fn facet_options(docs: &[documents::SearchDoc]) -> Vec<Facet> {
    documents::FACETS
        .iter()
        .map(|&name| {
            let values = facet_values(docs, name);
            let mut options: Vec<FacetOption> =
                values.into_iter().map(|v| FacetOption { value: v.to_string(), label: facet_label(name, v) }).collect();
            match name {
                // Newest year first, the way people look for recent records.
                "fy" => options.reverse(),
                "kind" | "status" | "pattern" | "route" => options.sort_by_key(|o| vocabulary_rank(name, &o.value)),
                _ => {}
            }
            let label = match name {
                "kind" => "種類",
                "status" => "状況",
                "pattern" => "連携のパターン",
                "route" => "きっかけ",
                "fy" => "年度",
                _ => "所管課",
            };
            Facet { name, label, options }
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

fn facet_label(facet: &str, value: &str) -> String {
    if facet == "fy" {
        if let Ok(year) = value.parse::<i32>() {
            return format::fiscal_year(year);
        }
    }
    vocabularies(facet).iter().find_map(|v| format::label(v, value)).unwrap_or(value).to_string()
}

/// Codes in the order the schema lists them, which is also the order people expect.
fn vocabulary_rank(facet: &str, value: &str) -> usize {
    let order: &[&str] = match facet {
        "kind" => &["partnership", "theme", "proposal", "sounding"],
        "status" => &[
            "preparing", "active", "completed", "upcoming", "open", "closed", "received", "reviewing", "adopted",
            "not-adopted", "withdrawn",
        ],
        "pattern" => &["introduce", "spread", "co-create"],
        _ => &["private-proposal", "theme", "direct", "sounding", "other"],
    };
    order.iter().position(|c| *c == value).unwrap_or(order.len())
}
