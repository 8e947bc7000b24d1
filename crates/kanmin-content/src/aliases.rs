//! The size of a record with its YAML aliases expanded, checked before the record is parsed.
//!
//! An alias (`*name`) stands for a whole copy of its anchored value, and an anchored value may
//! itself hold aliases, so a few kilobytes of text can stand for gigabytes. The YAML parser
//! only limits the number of alias jumps (a hundred per event), which still lets a 60 KB
//! record expand to gigabytes of strings: every later stage (the typed record, the withheld
//! texts, the leak scanner) would pay for each copy.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};

use crate::Source;
use kanmin_public::diagnostics::Diagnostic;

/// A record's expanded size may be this many times the size of its text...
pub const MAX_EXPANSION: u64 = 4;
/// ...or this many bytes, whichever is larger, so a short record may still repeat a name.
pub const MIN_EXPANDED_BYTES: u64 = 64 * 1024;

/// What one value counts besides its text, so that aliases of empty values count too.
const NODE_BYTES: u64 = 8;

/// Refuses `source` when its aliases expand it beyond the limit, at the alias that crosses it.
/// Text the event parser cannot read is left to the record parser to report.
pub fn check_expansion(source: &Source) -> Result<(), Diagnostic> {
    let text = &*source.text;
    // An alias needs an anchor (`&name`): text without both characters cannot expand, and is
    // spared a second parse.
    if memchr::memchr(b'&', text.as_bytes()).is_none()
        || memchr::memchr(b'*', text.as_bytes()).is_none()
    {
        return Ok(());
    }
    let limit = (text.len() as u64)
        .saturating_mul(MAX_EXPANSION)
        .max(MIN_EXPANDED_BYTES);
    let mut parser = Parser::new_from_str(text);
    // Expanded size of each anchored value, by anchor id.
    let mut anchors: HashMap<usize, u64> = HashMap::new();
    // Open mappings and sequences: their anchor id and the expanded size before them.
    let mut open: Vec<(usize, u64)> = Vec::new();
    // Never above `limit` before an addition, so no sum overflows.
    let mut expanded: u64 = 0;
    while let Ok((event, mark)) = parser.next_token() {
        match event {
            Event::Scalar(value, _, anchor, _) => {
                let size = value.len() as u64 + NODE_BYTES;
                expanded += size;
                if anchor > 0 {
                    anchors.insert(anchor, size);
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, expanded));
                expanded += NODE_BYTES;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, start)) = open.pop().filter(|(anchor, _)| *anchor > 0) {
                    anchors.insert(anchor, expanded - start);
                }
            }
            Event::Alias(anchor) => {
                // An alias of a value still open (a recursive alias) is refused by the parser.
                expanded += anchors.get(&anchor).copied().unwrap_or(NODE_BYTES);
            }
            Event::StreamEnd => break,
            _ => {}
        }
        if expanded > limit {
            return Err(Diagnostic::new(
                &source.path,
                "",
                kanmin_messages::t!(
                    "load-aliases-too-large",
                    limit = limit,
                    times = MAX_EXPANSION,
                    size = text.len(),
                    floor = MIN_EXPANDED_BYTES
                ),
            )
            .at(mark.line(), mark.col() + 1));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;

    fn source(text: &str) -> Source {
        Source {
            path: PathBuf::from("r.yaml"),
            text: Arc::from(text),
        }
    }

    /// Two alias levels over one long string: `b` holds `k` copies, `c` holds `m` of `b`.
    fn two_levels(chars: usize, k: usize, m: usize) -> String {
        format!(
            "title: x\ninternal:\n  a: &a \"{}\"\n  b: &b [{}]\n  c: [{}]\n",
            "x".repeat(chars),
            vec!["*a"; k].join(", "),
            vec!["*b"; m].join(", ")
        )
    }

    #[test]
    fn repeated_aliases_are_refused_at_the_alias_that_crosses_the_limit() {
        let text = two_levels(20_000, 2, 100);
        let error = check_expansion(&source(&text)).unwrap_err();
        assert_eq!(error.line(), 5, "{error:?}");
        assert!(error.message.contains("aliases"), "{error:?}");
    }

    #[test]
    fn modest_repetition_passes() {
        check_expansion(&source(
            "name: &n 見守りテック株式会社\nother: *n\nlist: [*n, *n, *n]\n",
        ))
        .unwrap();
        // Three copies of a long text stay within four times the record's size.
        check_expansion(&source(&two_levels(100_000, 1, 1))).unwrap();
    }

    #[test]
    fn anchored_collections_count_their_expanded_size() {
        // Each level multiplies by ten: the fourth (98 KB) crosses the 64 KB floor.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..7 {
            text.push_str(&format!(
                "a{level}: &a{level} [{}]\n",
                vec![format!("*a{}", level - 1); 10].join(", ")
            ));
        }
        let error = check_expansion(&source(&text)).unwrap_err();
        assert_eq!(error.line(), 4, "{error:?}");
    }
}
