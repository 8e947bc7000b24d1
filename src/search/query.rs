//! The query algorithm, in Rust as the reference for `static/search.js` (a line-by-line
//! port): tests run it over the very files the build writes, and the benchmark uses it to
//! list the files a first query downloads.
//!
//! A term matches a document when the document's normalised text contains it. One-character
//! terms are looked up as unigrams (exact). Longer terms are covered by non-overlapping
//! bigrams at offsets 0, 2, 4, … (plus the last bigram when the length is odd); a document
//! matches when the first covering bigram occurs at some position `p` and every other one at
//! `p + offset`. Because the cover spans every character of the term, this positional check
//! is the recheck: no false hits and no text download to verify candidates.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::encoding::{decode_doc_list, decode_positional, find_posting, key_hash, Occurrences};
use super::index::{is_separator, Layout};

/// Where the client reads index files from; the benchmark records what it asks for.
pub trait IndexSource {
    /// A file by its path under `search/`, e.g. `grams/3.bin`.
    fn file(&self, path: &str) -> Option<&[u8]>;
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Normalised, distinct, in the order typed.
    pub terms: Vec<String>,
    /// `(facet, value code)`; a facet may appear once.
    pub facets: Vec<(String, String)>,
}

impl Query {
    pub fn new(text: &str) -> Query {
        let mut terms: Vec<String> = Vec::new();
        for term in super::normalize(text).split(is_separator).filter(|t| !t.is_empty()) {
            if !terms.iter().any(|t| t == term) {
                terms.push(term.to_string());
            }
        }
        Query { terms, facets: Vec::new() }
    }

    pub fn with_facet(mut self, facet: &str, value: &str) -> Query {
        self.facets.push((facet.to_string(), value.to_string()));
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    /// How many terms occur in the title: results rank by this, then newest first (doc id).
    pub title_terms: usize,
}

/// The grams a term is looked up by, with their offsets in the term.
pub fn cover(term: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = term.chars().collect();
    if chars.len() == 1 {
        return vec![(0, term.to_string())];
    }
    let mut grams: Vec<(usize, String)> =
        (0..chars.len() - 1).step_by(2).map(|o| (o, String::from_iter(&chars[o..o + 2]))).collect();
    if chars.len() % 2 == 1 {
        let last = chars.len() - 2;
        grams.push((last, String::from_iter(&chars[last..])));
    }
    grams
}

pub fn gram_shard_path(layout: &Layout, key: &str) -> String {
    format!("grams/{}.bin", key_hash(key) % layout.gram_shards)
}

pub fn doc_shard_path(layout: &Layout, doc: u32) -> String {
    format!("docs/{}.json", doc / layout.docs_per_shard)
}

/// Every matching document, best first. `None` when an index file is missing or damaged.
pub fn search(source: &impl IndexSource, layout: &Layout, query: &Query) -> Option<Vec<Hit>> {
    let mut matched: Option<BTreeMap<u32, usize>> = None;
    for term in &query.terms {
        let docs = match_term(source, layout, term)?;
        matched = Some(match matched {
            None => docs.into_iter().map(|(doc, title)| (doc, usize::from(title))).collect(),
            Some(previous) => previous
                .into_iter()
                .filter_map(|(doc, count)| docs.get(&doc).map(|&title| (doc, count + usize::from(title))))
                .collect(),
        });
    }
    for (facet, value) in &query.facets {
        let shard = source.file(&format!("facets/{facet}.bin"))?;
        let docs: BTreeSet<u32> = match find_posting(shard, value) {
            Some(posting) => decode_doc_list(posting)?.into_iter().map(|(doc, _)| doc).collect(),
            None => BTreeSet::new(),
        };
        matched = Some(match matched {
            None => docs.into_iter().map(|doc| (doc, 0)).collect(),
            Some(previous) => previous.into_iter().filter(|(doc, _)| docs.contains(doc)).collect(),
        });
    }
    let mut hits: Vec<Hit> =
        matched.unwrap_or_default().into_iter().map(|(doc, title_terms)| Hit { doc, title_terms }).collect();
    hits.sort_by(|a, b| b.title_terms.cmp(&a.title_terms).then(a.doc.cmp(&b.doc)));
    Some(hits)
}

/// Documents containing `term`, each with whether the title contains it.
fn match_term(source: &impl IndexSource, layout: &Layout, term: &str) -> Option<BTreeMap<u32, bool>> {
    let grams = cover(term);
    let mut postings = Vec::with_capacity(grams.len());
    for (offset, key) in &grams {
        let shard = source.file(&gram_shard_path(layout, key))?;
        postings.push((*offset, key, find_posting(shard, key)));
    }
    if grams.len() == 1 && term.chars().count() == 1 {
        let Some(posting) = postings[0].2 else { return Some(BTreeMap::new()) };
        return Some(decode_doc_list(posting)?.into_iter().collect());
    }
    let mut decoded: Vec<(usize, Vec<Occurrences>)> = Vec::with_capacity(postings.len());
    for (offset, _, posting) in postings {
        let Some(posting) = posting else { return Some(BTreeMap::new()) };
        decoded.push((offset, decode_positional(posting)?));
    }
    let (first, rest) = decoded.split_first()?;
    let others: Vec<(usize, HashMap<u32, &Occurrences>)> =
        rest.iter().map(|(offset, list)| (*offset, list.iter().map(|o| (o.doc, o)).collect())).collect();
    let mut docs = BTreeMap::new();
    'docs: for occurrences in &first.1 {
        let mut in_doc = Vec::with_capacity(others.len());
        for (offset, by_doc) in &others {
            match by_doc.get(&occurrences.doc) {
                Some(o) => in_doc.push((*offset as u32, &o.positions)),
                None => continue 'docs,
            }
        }
        // Title positions come first, so the first match tells whether the title has one.
        let first_match = occurrences.positions.iter().position(|&position| {
            in_doc.iter().all(|(offset, positions)| positions.binary_search(&(position + offset)).is_ok())
        });
        if let Some(index) = first_match {
            docs.insert(occurrences.doc, index < occurrences.in_title);
        }
    }
    Some(docs)
}

#[cfg(test)]
mod tests {
    use super::cover;

    #[test]
    fn cover_spans_every_character() {
        assert_eq!(cover("猫"), vec![(0, "猫".to_string())]);
        assert_eq!(cover("見守"), vec![(0, "見守".to_string())]);
        assert_eq!(cover("見守り"), vec![(0, "見守".to_string()), (1, "守り".to_string())]);
        assert_eq!(cover("iot見守"), vec![(0, "io".to_string()), (2, "t見".to_string()), (3, "見守".to_string())]);
        assert_eq!(cover("シェアサイクル").len(), 4);
    }
}
