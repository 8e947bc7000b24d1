//! Builds the sharded index files from the search documents.
//!
//! Layout under `search/` (all paths relative to the site root):
//! - `grams/<n>.bin`: postings of unigrams and positional bigrams, sharded by `key_hash`, so
//!   a query fetches only the shards of the grams it needs;
//! - `docs/<n>.json`: what a result shows (path, title, kind, date, departments, body text),
//!   `docs_per_shard` consecutive documents per file; ids are newest first, so the first
//!   results of most queries share a file;
//! - `facets/<facet>.bin`: one shard per facet, keyed by value code, listing its documents.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::documents::{SearchDoc, FACETS};
use super::encoding::{encode_doc_list, encode_positional, encode_shard, key_hash, Occurrences};
use crate::output::OutputFile;
use crate::render::format;

/// Aim for gram shards of about this size: small enough that a query's few shards stay far
/// below the first-query budget, large enough to keep the file count moderate.
const TARGET_GRAM_SHARD_BYTES: usize = 6 * 1024;
/// Aim for doc shards of about this size: a results page shows ten documents, which for a
/// common query lie in as many different shards, so small shards keep the bytes down.
const TARGET_DOC_SHARD_BYTES: usize = 3 * 1024;

/// What the client needs to know to find the files (written as data attributes on the page).
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    pub gram_shards: u32,
    pub docs_per_shard: u32,
    pub doc_count: u32,
    /// Changes whenever any index byte changes; the client adds it to file URLs so a cached
    /// shard of an older build is never mixed with a newer one.
    pub version: String,
}

pub struct BuiltIndex {
    pub layout: Layout,
    pub files: Vec<OutputFile>,
}

/// Whitespace splits query terms, so grams never include it. The same set as the client's
/// `/[\s\u0085]/u` (Rust's White_Space plus U+FEFF, which JavaScript also counts).
pub fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Grams of one document: bigrams with their positions, unigrams with a title flag.
struct DocGrams {
    bigrams: Vec<(String, Occurrences)>,
    unigrams: Vec<(char, bool)>,
}

fn doc_grams(id: u32, doc: &SearchDoc) -> DocGrams {
    let (text, title_len) = doc.indexed_text();
    let mut bigrams: HashMap<(char, char), Vec<u32>> = HashMap::new();
    let mut unigrams: HashMap<char, bool> = HashMap::new();
    for (i, &c) in text.iter().enumerate() {
        if is_separator(c) {
            continue;
        }
        *unigrams.entry(c).or_insert(false) |= i < title_len;
        if let Some(&next) = text.get(i + 1).filter(|n| !is_separator(**n)) {
            bigrams.entry((c, next)).or_default().push(i as u32);
        }
    }
    let mut bigrams: Vec<(String, Occurrences)> = bigrams
        .into_iter()
        .map(|((a, b), positions)| {
            let in_title = positions.iter().filter(|&&p| (p as usize) < title_len).count();
            (String::from_iter([a, b]), Occurrences { doc: id, positions, in_title })
        })
        .collect();
    bigrams.sort_by(|a, b| a.0.cmp(&b.0));
    let mut unigrams: Vec<(char, bool)> = unigrams.into_iter().collect();
    unigrams.sort();
    DocGrams { bigrams, unigrams }
}

pub fn build(docs: &[SearchDoc]) -> BuiltIndex {
    let per_doc: Vec<DocGrams> = docs.par_iter().enumerate().map(|(id, doc)| doc_grams(id as u32, doc)).collect();

    // Documents are visited in id order, so every posting list comes out sorted.
    let mut bigrams: BTreeMap<String, Vec<Occurrences>> = BTreeMap::new();
    let mut unigrams: BTreeMap<String, Vec<(u32, bool)>> = BTreeMap::new();
    for (id, grams) in per_doc.into_iter().enumerate() {
        for (key, occurrences) in grams.bigrams {
            bigrams.entry(key).or_default().push(occurrences);
        }
        for (c, in_title) in grams.unigrams {
            unigrams.entry(c.to_string()).or_default().push((id as u32, in_title));
        }
    }
    let mut postings: Vec<(String, Vec<u8>)> = bigrams
        .into_par_iter()
        .map(|(key, list)| {
            let encoded = encode_positional(&list);
            (key, encoded)
        })
        .collect();
    postings.extend(unigrams.into_iter().map(|(key, list)| {
        let encoded = encode_doc_list(&list);
        (key, encoded)
    }));

    let total: usize = postings.iter().map(|(k, p)| k.len() + p.len() + 4).sum();
    let gram_shards = total.div_ceil(TARGET_GRAM_SHARD_BYTES).max(1).next_power_of_two() as u32;
    let mut shards: Vec<BTreeMap<&str, &[u8]>> = vec![BTreeMap::new(); gram_shards as usize];
    for (key, posting) in &postings {
        shards[(key_hash(key) % gram_shards) as usize].insert(key.as_str(), posting.as_slice());
    }
    let mut files: Vec<OutputFile> = shards
        .par_iter()
        .enumerate()
        .map(|(n, shard)| OutputFile::new(format!("search/grams/{n}.bin"), encode_shard(shard)))
        .collect();

    let displays: Vec<DocDisplay> = docs.iter().map(DocDisplay::from).collect();
    let doc_bytes: usize = displays.iter().map(|d| serde_json::to_vec(d).map_or(0, |b| b.len())).sum();
    let docs_per_shard = (TARGET_DOC_SHARD_BYTES * docs.len().max(1) / doc_bytes.max(1)).clamp(1, 64) as u32;
    for (n, chunk) in displays.chunks(docs_per_shard as usize).enumerate() {
        let json = serde_json::to_vec(chunk).expect("doc shard serialises");
        files.push(OutputFile::new(format!("search/docs/{n}.json"), json));
    }

    for facet in FACETS {
        let mut values: BTreeMap<&str, Vec<(u32, bool)>> = BTreeMap::new();
        for (id, doc) in docs.iter().enumerate() {
            for (_, value) in doc.facets.iter().filter(|(f, _)| *f == facet) {
                let list = values.entry(value.as_str()).or_default();
                if list.last().map(|(d, _)| *d) != Some(id as u32) {
                    list.push((id as u32, false));
                }
            }
        }
        let encoded = values.into_iter().map(|(value, list)| (value, encode_doc_list(&list))).collect();
        files.push(OutputFile::new(format!("search/facets/{facet}.bin"), encode_shard(&encoded)));
    }

    let mut hasher = Sha256::new();
    for file in &files {
        hasher.update(file.path.as_bytes());
        hasher.update(&file.bytes);
    }
    let version = hasher.finalize().iter().take(5).map(|b| format!("{b:02x}")).collect();
    BuiltIndex {
        layout: Layout { gram_shards, docs_per_shard, doc_count: docs.len() as u32, version },
        files,
    }
}

/// One result as the page shows it. Short keys: these files are downloaded per query.
#[derive(Debug, Serialize)]
pub struct DocDisplay {
    /// Site path of the record's page.
    pub p: String,
    pub t: String,
    /// Kind code; the page's kind filter holds the labels.
    pub k: String,
    /// Date as a Japanese reader reads it.
    pub d: String,
    pub dp: Vec<String>,
    pub x: String,
}

impl From<&SearchDoc> for DocDisplay {
    fn from(doc: &SearchDoc) -> Self {
        DocDisplay {
            p: doc.path.clone(),
            t: doc.title.clone(),
            k: format::code(&doc.kind),
            d: format::wareki(doc.date),
            dp: doc.departments.clone(),
            x: doc.body.clone(),
        }
    }
}

impl Layout {
    /// Reads the layout back from a built search page's data attributes (for tools that
    /// read a built site: tests and the benchmark). Accepts minified, unquoted attributes.
    pub fn from_search_page(html: &str) -> Option<Layout> {
        let attribute = |name: &str| -> Option<String> {
            let start = html.find(&format!("data-{name}="))? + name.len() + 6;
            let value: String = html[start..]
                .trim_start_matches('"')
                .chars()
                .take_while(|c| !matches!(c, '"' | ' ' | '>'))
                .collect();
            Some(value)
        };
        Some(Layout {
            gram_shards: attribute("gram-shards")?.parse().ok()?,
            docs_per_shard: attribute("docs-per-shard")?.parse().ok()?,
            doc_count: 0,
            version: attribute("version")?,
        })
    }
}
