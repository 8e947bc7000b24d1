//! Finds where a field path (`partners[0].corporate_number`) sits in a YAML source.
//!
//! serde gives positions only for errors it raises itself; rules checked after loading
//! (check digits, links, caps) ask this module instead. It reruns a YAML event parser over the
//! one file concerned, so the cost is paid only when there is an error to report.

use yaml_rust2::parser::{Event, Parser};

use std::ops::ControlFlow;

enum Frame {
    Mapping {
        key: Option<String>,
        expecting_key: bool,
    },
    Sequence {
        index: usize,
    },
}

/// What `walk` reports, in document order. Positions are 1-based (line, column).
enum Visit<'a> {
    /// A mapping key (its text becomes the last segment of the next value's path).
    Key { position: (usize, usize) },
    /// A value: a scalar (with its text), an alias, or the start of a mapping or sequence.
    Value {
        path: String,
        scalar: Option<&'a str>,
        is_mapping: bool,
        position: (usize, usize),
    },
}

/// Runs the YAML event parser over `text`, tracking the path of every value.
fn walk(text: &str, mut visit: impl FnMut(Visit) -> ControlFlow<()>) {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    while let Ok((event, mark)) = parser.next_token() {
        let position = (mark.line(), mark.col() + 1);
        // A scalar in key position names the next value; it is not a value itself.
        if let (
            Event::Scalar(key, ..),
            Some(Frame::Mapping {
                expecting_key: true,
                ..
            }),
        ) = (&event, stack.last())
        {
            let key = key.clone();
            if let Some(Frame::Mapping {
                key: slot,
                expecting_key,
            }) = stack.last_mut()
            {
                *slot = Some(key);
                *expecting_key = false;
            }
            if visit(Visit::Key { position }).is_break() {
                return;
            }
            continue;
        }
        let value = match &event {
            Event::Scalar(text, ..) => Some((Some(text.as_str()), false)),
            Event::MappingStart(..) => Some((None, true)),
            Event::Alias(_) | Event::SequenceStart(..) => Some((None, false)),
            _ => None,
        };
        if let Some((scalar, is_mapping)) = value {
            let path = current_path(&stack);
            if visit(Visit::Value {
                path,
                scalar,
                is_mapping,
                position,
            })
            .is_break()
            {
                return;
            }
        }
        match event {
            Event::MappingStart(..) => stack.push(Frame::Mapping {
                key: None,
                expecting_key: true,
            }),
            Event::SequenceStart(..) => stack.push(Frame::Sequence { index: 0 }),
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                finish_value(&mut stack);
            }
            Event::Scalar(..) | Event::Alias(_) => finish_value(&mut stack),
            Event::StreamEnd => break,
            _ => {}
        }
    }
}

/// Line and column (both 1-based) of the value at `path`, or of the nearest existing parent
/// when the path is absent (a missing field is reported at its record or list).
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let mut found = None;
    let mut best: Option<(usize, (usize, usize))> = None;
    // A block mapping's start mark sits at its first `:`; its first key reads better.
    let mut best_awaits_first_key = false;
    walk(text, |visit| {
        match visit {
            Visit::Key { position } => {
                if best_awaits_first_key {
                    if let Some((len, _)) = best {
                        best = Some((len, position));
                    }
                    best_awaits_first_key = false;
                }
            }
            Visit::Value {
                path: current,
                is_mapping,
                position,
                ..
            } => {
                if current == path {
                    found = Some(position);
                    return ControlFlow::Break(());
                }
                if is_prefix(&current, path) && best.is_none_or(|(len, _)| current.len() >= len) {
                    best = Some((current.len(), position));
                    best_awaits_first_key = is_mapping;
                }
            }
        }
        ControlFlow::Continue(())
    });
    found.or(best.map(|(_, position)| position))
}

/// Path, line and column of the first scalar value equal to `value`: for errors that name a
/// bad value but not where it is (serde's custom errors from nested types).
pub fn find_value(text: &str, value: &str) -> Option<(String, usize, usize)> {
    let mut found = None;
    walk(text, |visit| {
        if let Visit::Value {
            path,
            scalar: Some(scalar),
            position,
            ..
        } = visit
        {
            if scalar == value {
                found = Some((path, position.0, position.1));
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    });
    found
}

fn finish_value(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Mapping { expecting_key, .. }) => *expecting_key = true,
        Some(Frame::Sequence { index }) => *index += 1,
        None => {}
    }
}

fn current_path(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Mapping {
                key: Some(key),
                expecting_key: false,
            } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Sequence { index } => path.push_str(&format!("[{index}]")),
            Frame::Mapping { .. } => {}
        }
    }
    path
}

fn is_prefix(candidate: &str, path: &str) -> bool {
    candidate.is_empty()
        || (path.starts_with(candidate)
            && matches!(
                path.as_bytes().get(candidate.len()),
                Some(b'.') | Some(b'[')
            ))
}

#[cfg(test)]
mod tests {
    use super::{find_value, locate};

    const DOC: &str = "title: 見守り\npartners:\n  - name: A社\n    corporate_number: \"123\"\n  - name: B社\n    corporate_number: \"456\"\ntags: [a, b]\n";

    #[test]
    fn finds_nested_values() {
        assert_eq!(locate(DOC, "title"), Some((1, 8)));
        assert_eq!(locate(DOC, "partners[1].corporate_number"), Some((6, 23)));
        assert_eq!(locate(DOC, "tags[1]"), Some((7, 11)));
    }

    #[test]
    fn finds_a_value_by_its_text() {
        assert_eq!(
            find_value(DOC, "456"),
            Some(("partners[1].corporate_number".to_string(), 6, 23))
        );
        assert_eq!(find_value(DOC, "nothing"), None);
    }

    #[test]
    fn falls_back_to_the_nearest_parent() {
        assert_eq!(locate(DOC, "partners[1].url"), Some((5, 5)));
        assert_eq!(locate(DOC, "missing"), Some((1, 1)));
    }
}
