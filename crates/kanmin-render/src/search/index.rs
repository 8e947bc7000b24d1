//! Builds the sharded index files from the search documents.
//!
//! Layout under `search/` (all paths relative to the site root):
//! - `grams/<n>.bin`: postings of every gram of 1 to `GRAM` characters, sharded by
//!   `key_hash`, except the keys of the hashes in `Layout::own_files`, which have
//!   `grams/h<hash>.bin` each. Grams shorter than `GRAM` list their documents, so a query
//!   term that short is answered by one key; grams of exactly `GRAM` characters also list
//!   their positions, so a longer term is answered by the few grams that cover it (see
//!   `query::cover`);
//! - `docs/<n>.json`: what a result shows and the record's searchable text (`DocDisplay`),
//!   `docs_per_shard` consecutive documents per file. Ids are newest first, so the first
//!   results of common queries share files;
//! - `facets/<facet>.bin`: one shard per facet, keyed by value code, listing its documents.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::documents::{SearchDoc, FACETS};
use super::encoding::{encode_doc_list, encode_positional, encode_shard, key_hash, Occurrences};
use crate::OutputFile;
use kanmin_public::Term;

/// Length of the positional grams. Three characters answer most Japanese query terms
/// (見守り, 商業課, iot) with a single key, so a first query fetches one shard per term; longer
/// grams would grow the index by another family of keys for little gain.
pub const GRAM: usize = 3;
/// Aim for gram shards of about this size: a query needs one key of each shard it reads, and
/// the rest of the shard is waste on a phone's network (the files are binary, and hosts send
/// them uncompressed). 2 KB rather than 8 KB cut the 90th percentile of a first query on the
/// 10k corpus from 66 to 48 KiB, page included, for 5,000 gram files instead of 2,400.
const TARGET_GRAM_SHARD_BYTES: usize = 2 * 1024;
/// A key whose posting is larger than this (two shards' worth) gets a file of its own: in a
/// shared shard, the few very common grams (ます。, 株式会: 50–70 KB each on the 10k corpus)
/// made every query for a rare gram hashed beside them download them too. About 900 keys on
/// the 10k corpus: 8 KB of hashes on the page (3.6 KB compressed), paid by every query.
const OWN_FILE_BYTES: usize = 2 * TARGET_GRAM_SHARD_BYTES;
/// Aim for doc shards of about this size (before the host's compression). A doc shard holds
/// what a result shows and the record's text (for a snippet when the card does not show the
/// match), so a result is one file. Small files, as the ten results of a query spread over the
/// records and each costs a whole file: on a phone's network the first results of the 10k
/// corpus wait for bytes more than for requests, which the browser makes side by side.
const TARGET_DOC_SHARD_BYTES: usize = 4 * 1024;
/// Characters of the summary a result shows (the snippet, with any match highlighted).
const LEAD_CHARS: usize = 40;

/// What the client needs to know to find the files (written as data attributes on the page).
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    /// `GRAM`, for the client: terms shorter than this are one key, longer ones a cover.
    pub gram: u32,
    pub gram_shards: u32,
    /// Key hashes (eight hex digits, space-separated, ascending) whose keys are in a file of
    /// their own (`own_file_name`) instead of a shard.
    pub own_files: String,
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

/// A gram of up to `GRAM` characters packed into one integer (each character plus one, 21
/// bits apiece), so collecting millions of them sorts integers instead of strings.
type GramKey = u64;
const CHAR_BITS: usize = 21;
const _: () = assert!(GRAM * CHAR_BITS <= 64, "a gram must fit its key");

fn pack(chars: &[char]) -> GramKey {
    chars
        .iter()
        .fold(0, |key, &c| (key << CHAR_BITS) | (u64::from(c) + 1))
}

fn unpack(mut key: GramKey) -> String {
    let mut chars = Vec::with_capacity(GRAM);
    while key != 0 {
        chars.push(
            char::from_u32((key & ((1 << CHAR_BITS) - 1)) as u32 - 1).expect("packed from a char"),
        );
        key >>= CHAR_BITS;
    }
    chars.iter().rev().collect()
}

/// Every gram of `GRAM` characters of a document's indexed text that does not cross
/// whitespace, with its start position.
fn full_grams(text: &[char]) -> impl Iterator<Item = (GramKey, u32)> + '_ {
    text.windows(GRAM)
        .enumerate()
        .filter(|(_, gram)| !gram.iter().any(|&c| is_separator(c)))
        .map(|(start, gram)| (pack(gram), start as u32))
}

const _: () = assert!(
    (GRAM - 1) * CHAR_BITS < 64,
    "a short gram and its title flag must fit a u64"
);

/// The distinct grams shorter than `GRAM` characters of a document's indexed text (not
/// crossing whitespace), each with whether the title has it.
fn short_grams(text: &[char], title_len: usize) -> Vec<(GramKey, bool)> {
    // The title flag is packed below the key, 0 for the title, so sorting plain integers puts
    // a key's title occurrence first, and that is the one `dedup` keeps.
    let mut packed: Vec<u64> = Vec::with_capacity(text.len() * (GRAM - 1));
    for start in 0..text.len() {
        let flag = u64::from(start >= title_len);
        for len in 1..GRAM {
            let Some(gram) = text.get(start..start + len) else {
                break;
            };
            if is_separator(gram[len - 1]) {
                break;
            }
            packed.push(pack(gram) << 1 | flag);
        }
    }
    packed.sort_unstable();
    packed.dedup_by_key(|entry| *entry >> 1);
    packed
        .into_iter()
        .map(|entry| (entry >> 1, entry & 1 == 0))
        .collect()
}

/// Encoded postings of every gram key. The occurrences of all documents are collected as
/// flat (key, document, position) entries and sorted (`sorted_buckets`), rather than as a map
/// of lists per key:
/// a few integers per occurrence is what keeps the index build's memory small next to the
/// site (measured on the 10k corpus: the map of lists peaked near 500 MB).
fn postings(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    let texts: Vec<(Vec<char>, usize)> = docs.par_iter().map(SearchDoc::indexed_text).collect();
    // Title and body are separated by a line break, so a gram lies wholly in one of them.
    let in_title = |doc: u32, position: u32| (position as usize) < texts[doc as usize].1;

    let positional = sorted_buckets(&texts, |(text, _), push| full_grams(text).for_each(push));
    let mut postings: Vec<(String, Vec<u8>)> = positional
        .into_par_iter()
        .flat_map_iter(|bucket| {
            bucket
                .chunk_by(|a, b| a.0 == b.0)
                .map(|entries| {
                    let occurrences: Vec<Occurrences> = entries
                        .chunk_by(|a, b| a.1 == b.1)
                        .map(|same_doc| {
                            let doc = same_doc[0].1;
                            let positions: Vec<u32> = same_doc.iter().map(|e| e.2).collect();
                            let in_title = positions.iter().filter(|&&p| in_title(doc, p)).count();
                            Occurrences {
                                doc,
                                positions,
                                in_title,
                            }
                        })
                        .collect();
                    (unpack(entries[0].0), encode_positional(&occurrences))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let short = sorted_buckets(&texts, |(text, title_len), push| {
        short_grams(text, *title_len).into_iter().for_each(push)
    });
    postings.par_extend(short.into_par_iter().flat_map_iter(|bucket| {
        bucket
            .chunk_by(|a, b| a.0 == b.0)
            .map(|entries| {
                let docs: Vec<(u32, bool)> = entries
                    .iter()
                    .map(|&(_, doc, title)| (doc, title))
                    .collect();
                (unpack(entries[0].0), encode_doc_list(&docs))
            })
            .collect::<Vec<_>>()
    }));
    postings
}

/// The (key, document, value) entries of every document, from the (key, value) pairs
/// `entries_of` gives for each, sorted within buckets of keys: all entries of a key are in one
/// bucket, together. A bucket fits a processor's cache, so sorting the buckets one by one takes
/// a fraction of the time one sort of millions of entries takes (10k corpus: search index
/// 780 ms → 640 ms). Each run of documents puts its entries into buckets of exactly the size
/// they need, which are then moved, not copied, to be joined bucket by bucket: the entries are
/// held about once, as in a single vector.
fn sorted_buckets<X, F>(texts: &[(Vec<char>, usize)], entries_of: F) -> Vec<Vec<(GramKey, u32, X)>>
where
    X: Ord + Copy + Send + Sync,
    F: Fn(&(Vec<char>, usize), &mut dyn FnMut((GramKey, X))) + Sync,
{
    const BUCKET_BITS: u32 = 8;
    const BUCKETS: usize = 1 << BUCKET_BITS;
    // Runs this long give pieces of tens of kilobytes, which the allocator reuses for the pages
    // rendered next; runs of 256 documents left it 40 MB of small, fragmented blocks.
    const DOCS_PER_RUN: usize = 2048;
    // A multiplicative hash: grams of common characters share their high bits.
    let bucket_of =
        |key: GramKey| (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - BUCKET_BITS)) as usize;
    let runs: Vec<Vec<Vec<(GramKey, u32, X)>>> = texts
        .par_chunks(DOCS_PER_RUN)
        .enumerate()
        .map(|(run, chunk)| {
            // A document has at most twice as many entries of either kind as characters.
            let mut entries =
                Vec::with_capacity(chunk.iter().map(|(text, _)| 2 * text.len()).sum());
            for (offset, text) in chunk.iter().enumerate() {
                let doc = (run * DOCS_PER_RUN + offset) as u32;
                entries_of(text, &mut |(key, value)| entries.push((key, doc, value)));
            }
            let mut sizes = [0usize; BUCKETS];
            for entry in &entries {
                sizes[bucket_of(entry.0)] += 1;
            }
            let mut buckets: Vec<Vec<_>> =
                sizes.iter().map(|&size| Vec::with_capacity(size)).collect();
            for entry in entries {
                buckets[bucket_of(entry.0)].push(entry);
            }
            buckets
        })
        .collect();
    let mut pieces: Vec<Vec<Vec<_>>> = (0..BUCKETS)
        .map(|_| Vec::with_capacity(runs.len()))
        .collect();
    for run in runs {
        for (bucket, piece) in run.into_iter().enumerate() {
            pieces[bucket].push(piece);
        }
    }
    pieces
        .into_par_iter()
        .map(|pieces| {
            let mut bucket = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
            for piece in pieces {
                bucket.extend_from_slice(&piece);
            }
            bucket.sort_unstable();
            bucket
        })
        .collect()
}

pub fn build(docs: &[SearchDoc]) -> BuiltIndex {
    let postings = postings(docs);
    // Keys with a large posting get a file per key hash; the hashes are listed on the page.
    let own_hashes: std::collections::BTreeSet<u32> = postings
        .iter()
        .filter(|(key, posting)| key.len() + posting.len() > OWN_FILE_BYTES)
        .map(|(key, _)| key_hash(key))
        .collect();
    let (own, shared): (Vec<_>, Vec<_>) = postings
        .iter()
        .partition(|(key, _)| own_hashes.contains(&key_hash(key)));
    let total: usize = shared.iter().map(|(k, p)| k.len() + p.len() + 4).sum();
    let gram_shards = total
        .div_ceil(TARGET_GRAM_SHARD_BYTES)
        .max(1)
        .next_power_of_two() as u32;
    let mut shards: Vec<BTreeMap<&str, &[u8]>> = vec![BTreeMap::new(); gram_shards as usize];
    for (key, posting) in shared {
        shards[(key_hash(key) % gram_shards) as usize].insert(key.as_str(), posting.as_slice());
    }
    let mut files: Vec<OutputFile> = shards
        .par_iter()
        .enumerate()
        .map(|(n, shard)| OutputFile::new(format!("search/grams/{n}.bin"), encode_shard(shard)))
        .collect();
    // Any other key with the same hash goes into that file too, so the hash alone finds it.
    let mut own_files: BTreeMap<u32, BTreeMap<&str, &[u8]>> = BTreeMap::new();
    for (key, posting) in own {
        own_files
            .entry(key_hash(key))
            .or_default()
            .insert(key.as_str(), posting.as_slice());
    }
    files.extend(own_files.iter().map(|(hash, keys)| {
        OutputFile::new(
            format!("search/grams/{}", own_file_name(*hash)),
            encode_shard(keys),
        )
    }));
    let own_files = own_hashes
        .iter()
        .map(|hash| format!("{hash:08x}"))
        .collect::<Vec<_>>()
        .join(" ");

    let departments = super::departments(docs);
    let displays: Vec<DocDisplay> = docs
        .iter()
        .map(|doc| DocDisplay::new(doc, &departments))
        .collect();
    let doc_bytes: usize = displays
        .iter()
        .map(|d| serde_json::to_vec(d).map_or(0, |b| b.len()))
        .sum();
    let docs_per_shard =
        (TARGET_DOC_SHARD_BYTES * docs.len().max(1) / doc_bytes.max(1)).clamp(1, 512) as u32;
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
        let encoded = values
            .into_iter()
            .map(|(value, list)| (value, encode_doc_list(&list)))
            .collect();
        files.push(OutputFile::new(
            format!("search/facets/{facet}.bin"),
            encode_shard(&encoded),
        ));
    }

    let mut hasher = Sha256::new();
    for file in &files {
        hasher.update(file.path.as_bytes());
        hasher.update(&file.bytes);
    }
    let version = hasher
        .finalize()
        .iter()
        .take(5)
        .map(|b| format!("{b:02x}"))
        .collect();
    BuiltIndex {
        layout: Layout {
            gram: GRAM as u32,
            gram_shards,
            own_files,
            docs_per_shard,
            doc_count: docs.len() as u32,
            version,
        },
        files,
    }
}

/// One result as the page shows it, serialised as a JSON array (these files are what a
/// first query downloads most of, so no field names): path of the record's page, title, kind
/// code, date (ISO; the page writes it in the Japanese calendar), departments as indexes into
/// the page's department filter, published organisation names (partners, proposer,
/// participants), the opening of the summary, cut at `LEAD_CHARS` characters, and the
/// record's searchable text, which the page cuts a snippet from when the card does not show
/// the match.
#[derive(Debug, Serialize, Deserialize)]
pub struct DocDisplay(
    pub String,
    pub String,
    pub String,
    pub String,
    pub Vec<usize>,
    pub Vec<String>,
    pub String,
    pub String,
);

impl DocDisplay {
    fn new(doc: &SearchDoc, departments: &[&str]) -> Self {
        DocDisplay(
            doc.path.clone(),
            doc.title.clone(),
            doc.kind.code().to_string(),
            doc.date.to_string(),
            doc.departments
                .iter()
                .filter_map(|d| departments.binary_search(&d.as_str()).ok())
                .collect(),
            doc.organisations.clone(),
            lead(&doc.lead),
            doc.body.clone(),
        )
    }
}

/// The file, under `search/grams/`, of the keys with this hash when it is one of
/// `Layout::own_files`.
pub fn own_file_name(hash: u32) -> String {
    format!("h{hash:08x}.bin")
}

/// The first `LEAD_CHARS` characters, with an ellipsis when the text goes on.
fn lead(text: &str) -> String {
    match text.char_indices().nth(LEAD_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

impl Layout {
    /// Reads the layout back from a built search page's data attributes (for tools that
    /// read a built site: tests and the benchmark). Accepts minified, unquoted attributes.
    pub fn from_search_page(html: &str) -> Option<Layout> {
        let attribute = |name: &str| -> Option<String> {
            let start = html.find(&format!("data-{name}="))? + name.len() + 6;
            let rest = &html[start..];
            let value: String = match rest.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    rest[1..].chars().take_while(|c| *c != quote).collect()
                }
                _ => rest
                    .chars()
                    .take_while(|c| !c.is_ascii_whitespace() && *c != '>')
                    .collect(),
            };
            Some(value)
        };
        Some(Layout {
            gram: attribute("gram")?.parse().ok()?,
            gram_shards: attribute("gram-shards")?.parse().ok()?,
            own_files: attribute("own-files").unwrap_or_default(),
            docs_per_shard: attribute("docs-per-shard")?.parse().ok()?,
            doc_count: 0,
            version: attribute("version")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn short_grams_are_each_distinct_gram_once_with_the_title_first(text in "[ab あ\\n]{0,24}", title_len in 0usize..12) {
            let chars: Vec<char> = text.chars().collect();
            // Every substring of 1 to GRAM - 1 characters without a separator, and whether
            // one of its occurrences starts in the title.
            let mut expected: BTreeMap<GramKey, bool> = BTreeMap::new();
            for start in 0..chars.len() {
                for len in 1..GRAM {
                    let Some(gram) = chars.get(start..start + len) else { break };
                    if gram.iter().any(|&c| is_separator(c)) {
                        break;
                    }
                    *expected.entry(pack(gram)).or_default() |= start < title_len;
                }
            }
            prop_assert_eq!(short_grams(&chars, title_len), expected.into_iter().collect::<Vec<_>>());
        }

        #[test]
        fn buckets_hold_every_entry_once_sorted_with_each_key_in_one(texts in proptest::collection::vec("[abc あい語\\n]{0,30}", 0..2100)) {
            let texts: Vec<(Vec<char>, usize)> = texts.iter().map(|t| (t.chars().collect(), 0)).collect();
            let buckets = sorted_buckets(&texts, |(text, _), push| full_grams(text).for_each(push));
            let mut expected: Vec<(GramKey, u32, u32)> = texts
                .iter()
                .enumerate()
                .flat_map(|(doc, (text, _))| full_grams(text).map(move |(key, position)| (key, doc as u32, position)))
                .collect();
            expected.sort_unstable();
            let mut bucket_of_key = BTreeMap::new();
            for (index, bucket) in buckets.iter().enumerate() {
                prop_assert!(bucket.is_sorted());
                for entry in bucket {
                    prop_assert_eq!(*bucket_of_key.entry(entry.0).or_insert(index), index);
                }
            }
            let mut all: Vec<_> = buckets.concat();
            all.sort_unstable();
            prop_assert_eq!(all, expected);
        }
    }
}
