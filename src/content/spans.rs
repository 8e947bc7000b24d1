//! Finds where a field path (`partners[0].corporate_number`) sits in a YAML source.
//!
//! serde gives positions only for errors it raises itself; rules checked after loading
//! (check digits, links, caps) ask this module instead. It reruns a YAML event parser over the
//! one file concerned, so the cost is paid only when there is an error to report.

use yaml_rust2::parser::{Event, Parser};

enum Frame {
    Mapping { key: Option<String>, expecting_key: bool },
    Sequence { index: usize },
}

/// Line and column (both 1-based) of the value at `path`, or of the nearest existing parent
/// when the path is absent (a missing field is reported at its record or list).
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut best: Option<(usize, (usize, usize))> = None;
    // A block mapping's start mark sits at its first `:`; its first key reads better.
    let mut best_awaits_first_key = false;

    while let Ok((event, mark)) = parser.next_token() {
        let position = (mark.line(), mark.col() + 1);
        // A scalar in key position names the next value; it is not a value itself.
        if let (Event::Scalar(key, ..), Some(Frame::Mapping { expecting_key: true, .. })) =
            (&event, stack.last())
        {
            if best_awaits_first_key {
                if let Some((len, _)) = best {
                    best = Some((len, position));
                }
                best_awaits_first_key = false;
            }
            let key = key.clone();
            if let Some(Frame::Mapping { key: slot, expecting_key }) = stack.last_mut() {
                *slot = Some(key);
                *expecting_key = false;
            }
            continue;
        }
        let is_value = matches!(
            event,
            Event::Scalar(..) | Event::Alias(_) | Event::MappingStart(..) | Event::SequenceStart(..)
        );
        if is_value {
            let current = current_path(&stack);
            if current == path {
                return Some(position);
            }
            if is_prefix(&current, path) && best.is_none_or(|(len, _)| current.len() >= len) {
                best = Some((current.len(), position));
                best_awaits_first_key = matches!(event, Event::MappingStart(..));
            }
        }
        match event {
            Event::MappingStart(..) => stack.push(Frame::Mapping { key: None, expecting_key: true }),
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
    best.map(|(_, position)| position)
}

/// Path, line and column of the first scalar value equal to `value`: for errors that name a
/// bad value but not where it is (serde's custom errors from nested types).
pub fn find_value(text: &str, value: &str) -> Option<(String, usize, usize)> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    while let Ok((event, mark)) = parser.next_token() {
        if let (Event::Scalar(key, ..), Some(Frame::Mapping { expecting_key: true, .. })) = (&event, stack.last()) {
            let key = key.clone();
            if let Some(Frame::Mapping { key: slot, expecting_key }) = stack.last_mut() {
                *slot = Some(key);
                *expecting_key = false;
            }
            continue;
        }
        match event {
            Event::Scalar(scalar, ..) if scalar == value => {
                return Some((current_path(&stack), mark.line(), mark.col() + 1));
            }
            Event::MappingStart(..) => stack.push(Frame::Mapping { key: None, expecting_key: true }),
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
    None
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
            Frame::Mapping { key: Some(key), expecting_key: false } => {
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
            && matches!(path.as_bytes().get(candidate.len()), Some(b'.') | Some(b'[')))
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
        assert_eq!(find_value(DOC, "456"), Some(("partners[1].corporate_number".to_string(), 6, 23)));
        assert_eq!(find_value(DOC, "nothing"), None);
    }

    #[test]
    fn falls_back_to_the_nearest_parent() {
        assert_eq!(locate(DOC, "partners[1].url"), Some((5, 5)));
        assert_eq!(locate(DOC, "missing"), Some((1, 1)));
    }
}
