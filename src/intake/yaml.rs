//! Records written as YAML the way a person writes them: keys in the order of SCHEMA.md, one
//! value per line, Markdown as literal blocks, quotes only where YAML needs them. An update
//! rewrites only the top-level fields whose values changed and leaves every other line of the
//! file, comments included, as it was.

use kanmin_public::date::Date;
use serde_yaml::Value;

/// A value to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(Date),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    /// The value as the loader would read it, for comparing with what a file holds.
    pub fn to_value(&self) -> Value {
        match self {
            Node::Str(s) => Value::String(s.clone()),
            Node::Int(n) => Value::Number((*n).into()),
            Node::Float(n) => Value::Number((*n).into()),
            Node::Bool(b) => Value::Bool(*b),
            Node::Date(d) => Value::String(d.iso()),
            Node::List(items) => Value::Sequence(items.iter().map(Node::to_value).collect()),
            Node::Map(entries) => Value::Mapping(
                entries
                    .iter()
                    .map(|(k, v)| (Value::String(k.clone()), v.to_value()))
                    .collect(),
            ),
        }
    }

    /// A value read from a file, to be written again.
    pub fn from_value(value: &Value) -> Node {
        match value {
            Value::Null => Node::Str(String::new()),
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Node::Int(i),
                None => Node::Float(n.as_f64().unwrap_or(0.0)),
            },
            Value::String(s) => Node::Str(s.clone()),
            Value::Sequence(items) => Node::List(items.iter().map(Node::from_value).collect()),
            Value::Mapping(map) => Node::Map(
                map.iter()
                    .map(|(k, v)| (key_text(k), Node::from_value(v)))
                    .collect(),
            ),
            Value::Tagged(tagged) => Node::from_value(&tagged.value),
        }
    }
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim_end()
            .to_string(),
    }
}

/// The first line of every file `kanmin new` and `kanmin import` write: editors with
/// yaml-language-server complete and check fields against the kind's schema.
pub fn schema_comment(schema_path: &str) -> String {
    format!("# yaml-language-server: $schema={schema_path}\n")
}

/// A whole record file.
pub fn document(schema_path: &str, entries: &[(String, Node)]) -> String {
    let mut out = schema_comment(schema_path);
    for (key, node) in entries {
        entry(&mut out, 0, key, node);
    }
    out
}

/// `key: value` at `indent`, and what the value needs below it.
pub fn entry(out: &mut String, indent: usize, key: &str, node: &Node) {
    let pad = " ".repeat(indent);
    match node {
        Node::List(items) if items.is_empty() => out.push_str(&format!("{pad}{key}: []\n")),
        Node::Map(entries) if entries.is_empty() => out.push_str(&format!("{pad}{key}: {{}}\n")),
        Node::List(items) => {
            out.push_str(&format!("{pad}{key}:\n"));
            for item in items {
                list_item(out, indent + 2, item);
            }
        }
        Node::Map(entries) => {
            out.push_str(&format!("{pad}{key}:\n"));
            for (k, v) in entries {
                entry(out, indent + 2, k, v);
            }
        }
        Node::Str(text) if is_block(text) => {
            out.push_str(&format!("{pad}{key}: {}\n", block_header(text)));
            block_lines(out, indent + 2, text);
        }
        scalar => out.push_str(&format!("{pad}{key}: {}\n", inline(scalar))),
    }
}

fn list_item(out: &mut String, indent: usize, node: &Node) {
    let pad = " ".repeat(indent);
    match node {
        Node::Map(entries) if !entries.is_empty() => {
            // `- name: …` then the other keys under it, as people indent lists of objects.
            let mut nested = String::new();
            for (k, v) in entries {
                entry(&mut nested, indent + 2, k, v);
            }
            out.push_str(&format!("{pad}- {}", &nested[indent + 2..]));
        }
        Node::Str(text) if is_block(text) => {
            out.push_str(&format!("{pad}- {}\n", block_header(text)));
            block_lines(out, indent + 2, text);
        }
        Node::List(_) | Node::Map(_) => {
            let mut nested = String::new();
            entry(&mut nested, 0, "x", node);
            let value = nested.trim_start_matches("x:").trim();
            out.push_str(&format!("{pad}- {value}\n"));
        }
        scalar => out.push_str(&format!("{pad}- {}\n", inline(scalar))),
    }
}

/// Text over several lines goes into a literal block, unless a character in it cannot stand
/// in one (control characters), or a line would be taken for the block's indentation (a
/// first line starting with a space, a line of only spaces, a tab at a line's start).
fn is_block(text: &str) -> bool {
    let first_line = text.split('\n').find(|line| !line.is_empty()).unwrap_or("");
    // Tabs and blank-looking lines trip YAML's reading of a block's indentation.
    let awkward_line = text
        .split('\n')
        .any(|line| line.starts_with('\t') || (!line.is_empty() && line.trim().is_empty()));
    text.contains('\n')
        && !first_line.is_empty()
        && !first_line.starts_with([' ', '\t'])
        && !awkward_line
        && !text
            .chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{feff}')
}

/// `|` keeps one final line end, `|-` none, `|+` all.
fn block_header(text: &str) -> &'static str {
    if text.ends_with("\n\n") {
        "|+"
    } else if text.ends_with('\n') {
        "|"
    } else {
        "|-"
    }
}

fn block_lines(out: &mut String, indent: usize, text: &str) {
    let pad = " ".repeat(indent);
    let body = text.strip_suffix('\n').unwrap_or(text);
    for line in body.split('\n') {
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!("{pad}{line}\n"));
        }
    }
}

fn inline(node: &Node) -> String {
    match node {
        Node::Str(text) => scalar_text(text),
        Node::Int(n) => n.to_string(),
        Node::Float(n) => scalar_text_of(&Value::Number((*n).into())),
        Node::Bool(b) => b.to_string(),
        Node::Date(d) => d.iso(),
        Node::List(_) | Node::Map(_) => unreachable!("collections are not inline"),
    }
}

/// A string as YAML writes it: plain where that reads back as the same string, quoted
/// otherwise (`'2025'`, `'yes'`, `'#1'`); double-quoted with escapes when it holds a line
/// break or a character YAML does not let stand as itself.
fn scalar_text(text: &str) -> String {
    if text.chars().any(needs_escape) {
        return double_quoted(text);
    }
    scalar_text_of(&Value::String(text.to_string()))
}

/// Line breaks (YAML folds them in quoted text), controls, and the characters YAML 1.2
/// counts as non-printable or as breaks (NEL, LS, PS, BOM, U+FFFE/U+FFFF).
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

fn double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn scalar_text_of(value: &Value) -> String {
    let written = serde_yaml::to_string(value).expect("a scalar serialises");
    written.trim_end_matches('\n').to_string()
}

/// Where each top-level key of a file starts and ends, by line: (key, first line, end line
/// exclusive). Comment lines just above a key belong to it.
fn top_level_regions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut starts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(key) = top_level_key(line) {
            let mut start = i;
            while start > 0
                && lines[start - 1].starts_with('#')
                && !is_schema_line(lines[start - 1])
            {
                start -= 1;
            }
            starts.push((key, start));
        }
    }
    let mut regions = Vec::new();
    for (n, (key, start)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(lines.len(), |(_, next)| *next);
        regions.push((key.clone(), *start, end));
    }
    regions
}

fn is_schema_line(line: &str) -> bool {
    line.starts_with("# yaml-language-server:")
}

fn top_level_key(line: &str) -> Option<String> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let (key, rest) = line.split_once(':')?;
    let valid = key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (valid && (rest.is_empty() || rest.starts_with([' ', '\n', '\r']))).then(|| key.to_string())
}

/// `text` (a record file) with the top-level fields of `changes` set: `Some(node)` writes
/// the field (in place if the file has it, else before the first later field of `order`),
/// `None` removes it. Lines of other fields, and comments, stay byte for byte.
pub fn update(text: &str, changes: &[(String, Option<Node>)], order: &[String]) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let found = top_level_regions(text);
    let preamble_end = found.first().map_or(lines.len(), |(_, start, _)| *start);
    let mut regions: Vec<(String, String)> = found
        .iter()
        .map(|(key, start, end)| (key.clone(), lines[*start..*end].concat()))
        .collect();
    if let Some((_, last)) = regions.last_mut() {
        if !last.ends_with('\n') {
            last.push('\n');
        }
    }
    let rank = |key: &str| order.iter().position(|k| k == key);
    for (key, node) in changes {
        let mut written = String::new();
        if let Some(node) = node {
            entry(&mut written, 0, key, node);
        }
        match (regions.iter().position(|(k, _)| k == key), node) {
            (Some(at), Some(_)) => {
                let old = &regions[at].1;
                // Comments above the field and blank lines after it stay.
                let comments: String = old
                    .split_inclusive('\n')
                    .take_while(|line| line.starts_with('#'))
                    .collect();
                let blank = old.len() - old.trim_end_matches(['\n', ' ']).len();
                let trailing = old[old.len() - blank..].trim_start_matches(|c| c != '\n');
                let trailing = trailing.strip_prefix('\n').unwrap_or(trailing);
                regions[at].1 = format!("{comments}{written}{trailing}");
            }
            (Some(at), None) => {
                regions.remove(at);
            }
            (None, Some(_)) => {
                let mine = rank(key);
                let later = regions.iter().position(
                    |(k, _)| matches!((mine, rank(k)), (Some(mine), Some(theirs)) if theirs > mine),
                );
                let at = later.unwrap_or(regions.len());
                regions.insert(at, (key.clone(), written));
            }
            (None, None) => {}
        }
    }
    let mut out: String = lines[..preamble_end].concat();
    for (_, region) in regions {
        out.push_str(&region);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reread(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn records_read_back_as_written() {
        let entries = vec![
            ("title".to_string(), Node::Str("見守り: 高齢者".into())),
            (
                "summary".to_string(),
                Node::Str("一行目\n\n- 箇条書き\n".into()),
            ),
            (
                "concluded_on".to_string(),
                Node::Date(Date::parse("2025-04-01").unwrap()),
            ),
            ("code".to_string(), Node::Str("131121".into())),
            ("yes".to_string(), Node::Str("yes".into())),
            (
                "sdgs".to_string(),
                Node::List(vec![Node::Int(3), Node::Int(11)]),
            ),
            (
                "partners".to_string(),
                Node::List(vec![Node::Map(vec![
                    ("name".into(), Node::Str("株式会社せたがや".into())),
                    ("kind".into(), Node::Str("company".into())),
                ])]),
            ),
        ];
        let text = document("../../docs/schemas/partnerships.schema.json", &entries);
        assert!(text.starts_with("# yaml-language-server: $schema=../../docs/schemas/"));
        assert!(
            text.contains("summary: |\n  一行目\n\n  - 箇条書き\n"),
            "{text}"
        );
        assert!(
            text.contains("partners:\n  - name: 株式会社せたがや\n    kind: company\n"),
            "{text}"
        );
        assert_eq!(reread(&text), Node::Map(entries).to_value());
    }

    #[test]
    fn updates_touch_only_changed_fields() {
        let text = "# yaml-language-server: $schema=x\ntitle: 旧\n# 職員メモ: 概要は広報と調整\nsummary: 概要\n\nstatus: active\n";
        let order: Vec<String> = ["title", "summary", "body", "status"]
            .map(String::from)
            .into();
        let updated = update(
            text,
            &[
                ("title".into(), Some(Node::Str("新".into()))),
                ("body".into(), Some(Node::Str("本文".into()))),
                ("summary".into(), None),
            ],
            &order,
        );
        assert_eq!(
            updated,
            "# yaml-language-server: $schema=x\ntitle: 新\nbody: 本文\nstatus: active\n"
        );
        let kept = update(
            text,
            &[("status".into(), Some(Node::Str("completed".into())))],
            &order,
        );
        assert_eq!(
            kept,
            "# yaml-language-server: $schema=x\ntitle: 旧\n# 職員メモ: 概要は広報と調整\nsummary: 概要\n\nstatus: completed\n"
        );
    }

    proptest! {
        /// Any text, written as a field, reads back as the same string.
        #[test]
        fn any_text_reads_back(text in "\\PC*|[ -~\\n\\t\u{3000}-\u{30ff}#:'\"|>-]{0,40}") {
            let mut out = String::new();
            entry(&mut out, 0, "value", &Node::Str(text.clone()));
            let back: Value = serde_yaml::from_str(&out).unwrap();
            prop_assert_eq!(back.get("value").and_then(Value::as_str), Some(text.as_str()), "{}", out);
        }
    }
}
