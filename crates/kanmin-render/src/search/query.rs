//! The query algorithm, in Rust as the reference for `static/search.js` (a line-by-line
//! port): tests run it over the very files the build writes, and the benchmark uses it to
//! list the files a first query downloads.
//!
//! A term matches a document when the document's normalised text contains it. A term shorter
//! than `GRAM` characters is itself a key, listing exactly its documents. Longer terms are
//! covered by non-overlapping grams of `GRAM` characters at offsets 0, GRAM, 2·GRAM, … (plus
//! one ending at the term's end when the length is not a multiple); a document matches when
//! the first covering gram occurs at some position `p` and every other one at `p + offset`.
//! Because the cover spans every character of the term, this positional check is the
//! recheck: no false hits and no text download to verify candidates.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::encoding::{decode_doc_list, decode_positional, find_posting, key_hash, Occurrences};
use super::index::{is_separator, DocDisplay, Layout};

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
        for term in super::normalize(text)
            .split(is_separator)
            .filter(|t| !t.is_empty())
        {
            if !terms.iter().any(|t| t == term) {
                terms.push(term.to_string());
            }
        }
        Query {
            terms,
            facets: Vec::new(),
        }
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
pub fn cover(term: &str, gram: usize) -> Vec<(usize, String)> {
    let chars: Vec<char> = term.chars().collect();
    if chars.len() <= gram {
        return vec![(0, term.to_string())];
    }
    let mut grams: Vec<(usize, String)> = (0..=chars.len() - gram)
        .step_by(gram)
        .map(|o| (o, String::from_iter(&chars[o..o + gram])))
        .collect();
    if !chars.len().is_multiple_of(gram) {
        let last = chars.len() - gram;
        grams.push((last, String::from_iter(&chars[last..])));
    }
    grams
}

pub fn gram_shard_path(layout: &Layout, key: &str) -> String {
    let hash = key_hash(key);
    if layout
        .own_files
        .split(' ')
        .any(|own| u32::from_str_radix(own, 16) == Ok(hash))
    {
        return format!("grams/{}", super::index::own_file_name(hash));
    }
    format!("grams/{}.bin", hash % layout.gram_shards)
}

pub fn doc_shard_path(layout: &Layout, doc: u32) -> String {
    format!("docs/{}.json", doc / layout.docs_per_shard)
}

/// Whether a result's card (title, organisations, opening of the summary, departments)
/// shows every term. When it does not, the page shows a snippet of the record's text around
/// the match instead of the opening of the summary.
pub fn card_shows_terms(display: &DocDisplay, departments: &[String], terms: &[String]) -> bool {
    let DocDisplay(_, title, _, _, department_indexes, organisations, lead, _) = display;
    let mut shown = vec![title.as_str(), lead.as_str()];
    shown.extend(organisations.iter().map(String::as_str));
    shown.extend(
        department_indexes
            .iter()
            .filter_map(|&i| departments.get(i))
            .map(String::as_str),
    );
    let shown = super::normalize(&shown.join("\n"));
    terms.iter().all(|term| shown.contains(term.as_str()))
}

/// Every matching document, best first. `None` when an index file is missing or damaged.
pub fn search(source: &impl IndexSource, layout: &Layout, query: &Query) -> Option<Vec<Hit>> {
    let mut matched: Option<BTreeMap<u32, usize>> = None;
    for term in &query.terms {
        let docs = match_term(source, layout, term)?;
        matched = Some(match matched {
            None => docs
                .into_iter()
                .map(|(doc, title)| (doc, usize::from(title)))
                .collect(),
            Some(previous) => previous
                .into_iter()
                .filter_map(|(doc, count)| {
                    docs.get(&doc)
                        .map(|&title| (doc, count + usize::from(title)))
                })
                .collect(),
        });
    }
    for (facet, value) in &query.facets {
        let shard = source.file(&format!("facets/{facet}.bin"))?;
        let docs: BTreeSet<u32> = match find_posting(shard, value) {
            Some(posting) => decode_doc_list(posting)?
                .into_iter()
                .map(|(doc, _)| doc)
                .collect(),
            None => BTreeSet::new(),
        };
        matched = Some(match matched {
            None => docs.into_iter().map(|doc| (doc, 0)).collect(),
            Some(previous) => previous
                .into_iter()
                .filter(|(doc, _)| docs.contains(doc))
                .collect(),
        });
    }
    let mut hits: Vec<Hit> = matched
        .unwrap_or_default()
        .into_iter()
        .map(|(doc, title_terms)| Hit { doc, title_terms })
        .collect();
    hits.sort_by(|a, b| b.title_terms.cmp(&a.title_terms).then(a.doc.cmp(&b.doc)));
    Some(hits)
}

/// Documents containing `term`, each with whether the title contains it.
fn match_term(
    source: &impl IndexSource,
    layout: &Layout,
    term: &str,
) -> Option<BTreeMap<u32, bool>> {
    let gram = layout.gram as usize;
    let grams = cover(term, gram);
    let mut postings = Vec::with_capacity(grams.len());
    for (offset, key) in &grams {
        let shard = source.file(&gram_shard_path(layout, key))?;
        postings.push((*offset, key, find_posting(shard, key)));
    }
    if term.chars().count() < gram {
        let Some(posting) = postings[0].2 else {
            return Some(BTreeMap::new());
        };
        return Some(decode_doc_list(posting)?.into_iter().collect());
    }
    let mut decoded: Vec<(usize, Vec<Occurrences>)> = Vec::with_capacity(postings.len());
    for (offset, _, posting) in postings {
        let Some(posting) = posting else {
            return Some(BTreeMap::new());
        };
        decoded.push((offset, decode_positional(posting)?));
    }
    let (first, rest) = decoded.split_first()?;
    let others: Vec<(usize, HashMap<u32, &Occurrences>)> = rest
        .iter()
        .map(|(offset, list)| (*offset, list.iter().map(|o| (o.doc, o)).collect()))
        .collect();
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
            in_doc
                .iter()
                .all(|(offset, positions)| positions.binary_search(&(position + offset)).is_ok())
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
        let owned = |grams: &[(usize, &str)]| {
            grams
                .iter()
                .map(|&(o, g)| (o, g.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(cover("猫", 3), owned(&[(0, "猫")]));
        assert_eq!(cover("見守", 3), owned(&[(0, "見守")]));
        assert_eq!(cover("見守り", 3), owned(&[(0, "見守り")]));
        assert_eq!(cover("iot見守", 3), owned(&[(0, "iot"), (2, "t見守")]));
        assert_eq!(
            cover("子育て支援", 3),
            owned(&[(0, "子育て"), (2, "て支援")])
        );
        assert_eq!(
            cover("シェアサイクル", 3),
            owned(&[(0, "シェア"), (3, "サイク"), (4, "イクル")])
        );
        assert_eq!(
            cover("ぼうさいセン", 3),
            owned(&[(0, "ぼうさ"), (3, "いセン")])
        );
    }
}
