//! The binary shard format shared with `static/search.js` (which reads it with the same
//! rules): unsigned LEB128 varints throughout.
//!
//! A shard: `n_keys`, then per key `key_len, key (UTF-8), posting_len`, then the postings in
//! key order. A key shorter than `index::GRAM` characters (or a facet value) lists documents:
//! `n_docs, (doc_delta << 1 | in_title)*`. A key of `GRAM` characters also lists positions:
//! `n_docs, (doc_delta, n_positions, n_title_positions, position_delta*)*`, where the first
//! `n_title_positions` positions lie in the title.

use std::collections::BTreeMap;

pub fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Reads varints from a byte slice; `None` once the bytes run out or a varint is cut.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    pub fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    pub fn usize(&mut self) -> Option<usize> {
        self.varint().and_then(|v| usize::try_from(v).ok())
    }

    pub fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(slice)
    }

    pub fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at.min(self.bytes.len())..]
    }
}

/// FNV-1a over the key's UTF-8 bytes: a few lines in JavaScript, and stable across builds.
pub fn key_hash(key: &str) -> u32 {
    key.bytes().fold(0x811c_9dc5u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// One shard file from its keys and encoded postings.
pub fn encode_shard<P: AsRef<[u8]>>(postings: &BTreeMap<&str, P>) -> Vec<u8> {
    let mut out = Vec::new();
    push_varint(&mut out, postings.len() as u64);
    for (key, posting) in postings {
        push_varint(&mut out, key.len() as u64);
        out.extend_from_slice(key.as_bytes());
        push_varint(&mut out, posting.as_ref().len() as u64);
    }
    for posting in postings.values() {
        out.extend_from_slice(posting.as_ref());
    }
    out
}

/// The posting stored under `key` in a shard, if the shard has that key.
pub fn find_posting<'a>(shard: &'a [u8], key: &str) -> Option<&'a [u8]> {
    let mut reader = Reader::new(shard);
    let count = reader.usize()?;
    let mut offset = None;
    let mut skipped = 0usize;
    for _ in 0..count {
        let key_len = reader.usize()?;
        let this_key = reader.take(key_len)?;
        let len = reader.usize()?;
        if offset.is_none() && this_key == key.as_bytes() {
            offset = Some((skipped, len));
        }
        skipped += len;
    }
    let (start, len) = offset?;
    reader.rest().get(start..start + len)
}

/// A document list with one flag bit per document (unigrams, facet values).
pub fn encode_doc_list(docs: &[(u32, bool)]) -> Vec<u8> {
    let mut out = Vec::new();
    push_varint(&mut out, docs.len() as u64);
    let mut previous = 0u32;
    for &(doc, flag) in docs {
        push_varint(&mut out, (u64::from(doc - previous) << 1) | u64::from(flag));
        previous = doc;
    }
    out
}

pub fn decode_doc_list(posting: &[u8]) -> Option<Vec<(u32, bool)>> {
    let mut reader = Reader::new(posting);
    let count = reader.usize()?;
    let mut docs = Vec::with_capacity(count.min(posting.len()));
    let mut doc = 0u64;
    for _ in 0..count {
        let value = reader.varint()?;
        doc += value >> 1;
        docs.push((u32::try_from(doc).ok()?, value & 1 == 1));
    }
    Some(docs)
}

/// Where a gram occurs in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrences {
    pub doc: u32,
    /// Ascending character positions in the document's indexed text.
    pub positions: Vec<u32>,
    /// How many of `positions` (the first ones) lie in the title.
    pub in_title: usize,
}

pub fn encode_positional(postings: &[Occurrences]) -> Vec<u8> {
    let mut out = Vec::new();
    push_varint(&mut out, postings.len() as u64);
    let mut previous_doc = 0u32;
    for occurrences in postings {
        push_varint(&mut out, u64::from(occurrences.doc - previous_doc));
        previous_doc = occurrences.doc;
        push_varint(&mut out, occurrences.positions.len() as u64);
        push_varint(&mut out, occurrences.in_title as u64);
        let mut previous = 0u32;
        for &position in &occurrences.positions {
            push_varint(&mut out, u64::from(position - previous));
            previous = position;
        }
    }
    out
}

pub fn decode_positional(posting: &[u8]) -> Option<Vec<Occurrences>> {
    let mut reader = Reader::new(posting);
    let count = reader.usize()?;
    let mut postings = Vec::with_capacity(count.min(posting.len()));
    let mut doc = 0u64;
    for _ in 0..count {
        doc += reader.varint()?;
        let n = reader.usize()?;
        let in_title = reader.usize()?;
        let mut positions = Vec::with_capacity(n.min(posting.len()));
        let mut position = 0u64;
        for _ in 0..n {
            position += reader.varint()?;
            positions.push(u32::try_from(position).ok()?);
        }
        postings.push(Occurrences {
            doc: u32::try_from(doc).ok()?,
            positions,
            in_title,
        });
    }
    Some(postings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn varints_round_trip(values in proptest::collection::vec(any::<u64>(), 0..20)) {
            let mut bytes = Vec::new();
            for &v in &values { push_varint(&mut bytes, v); }
            let mut reader = Reader::new(&bytes);
            for &v in &values { prop_assert_eq!(reader.varint(), Some(v)); }
            prop_assert_eq!(reader.varint(), None);
        }
    }

    #[test]
    fn shards_find_their_keys() {
        let mut postings = BTreeMap::new();
        postings.insert("見守", encode_doc_list(&[(3, true), (9, false)]));
        postings.insert("猫", encode_doc_list(&[(1, false)]));
        let shard = encode_shard(&postings);
        assert_eq!(
            decode_doc_list(find_posting(&shard, "見守").unwrap()),
            Some(vec![(3, true), (9, false)])
        );
        assert_eq!(
            decode_doc_list(find_posting(&shard, "猫").unwrap()),
            Some(vec![(1, false)])
        );
        assert_eq!(find_posting(&shard, "犬"), None);
    }

    #[test]
    fn positional_postings_round_trip() {
        let postings = vec![
            Occurrences {
                doc: 2,
                positions: vec![0, 5, 300],
                in_title: 1,
            },
            Occurrences {
                doc: 700,
                positions: vec![40],
                in_title: 0,
            },
        ];
        assert_eq!(
            decode_positional(&encode_positional(&postings)),
            Some(postings)
        );
    }

    #[test]
    fn fnv_matches_the_reference_vector() {
        assert_eq!(key_hash(""), 0x811c_9dc5);
        assert_eq!(key_hash("a"), 0xe40c_292c);
    }
}
