//! `kanmin new KIND ID`: a record file with every field of its kind, each under a comment
//! saying what it holds. Required fields stand with a value to replace; optional ones are
//! commented out (`#body: …`): deleting the `#` brings one in.

use super::fields::{Column, FieldType, Form};
use super::yaml::{self, Node};
use kanmin_public::date::Date;

/// An example value of a column's type that the loader reads.
fn example(column: &Column, today: Date) -> Node {
    match column.ty {
        FieldType::Text | FieldType::Markdown => Node::Str(format!("（{}）", column.header)),
        FieldType::Url => Node::Str("https://example.jp/".into()),
        FieldType::Date => Node::Date(today),
        FieldType::Bool => Node::Bool(false),
        FieldType::Integer | FieldType::Yen => Node::Int(0),
        FieldType::Measure => Node::Int(0),
        FieldType::Code(v) => Node::Str(v.terms[0].0.to_string()),
        FieldType::Codes(v) => Node::List(vec![Node::Str(v.terms[0].0.to_string())]),
        FieldType::Texts | FieldType::Lines => {
            Node::List(vec![Node::Str(format!("（{}）", column.header))])
        }
        FieldType::Goals => Node::List(vec![Node::Int(11)]),
        FieldType::Link(_) => Node::Str("id".into()),
        FieldType::Links(_) => Node::List(vec![Node::Str("id".into())]),
        FieldType::ProtectedPaths => Node::List(Vec::new()),
    }
}

fn choices_comment(ty: FieldType) -> Option<String> {
    match ty {
        FieldType::Code(v) | FieldType::Codes(v) => Some(
            v.terms
                .iter()
                .map(|(code, label)| format!("{code}={label}"))
                .collect::<Vec<_>>()
                .join(" / "),
        ),
        _ => None,
    }
}

fn comment(out: &mut String, column: &Column, required: bool) {
    let mark = if required { "（必須）" } else { "" };
    out.push_str(&format!(
        "# {}{mark}: {}\n",
        column.header, column.description
    ));
    if let Some(choices) = choices_comment(column.ty) {
        out.push_str(&format!("#   {choices}\n"));
    }
}

/// Lines of an object's fields at `indent`, each under its comment; optional fields
/// commented out. `first` starts the first line (`- ` for a list item).
fn object_lines(out: &mut String, columns: &[&Column], indent: usize, first: &str, today: Date) {
    let pad = " ".repeat(indent);
    for (i, column) in columns.iter().enumerate() {
        let sub = column.path.rsplit('.').next().unwrap_or(&column.path);
        let mut line = String::new();
        yaml::entry(&mut line, 0, sub, &example(column, today));
        let lead = if i == 0 {
            first.to_string()
        } else {
            " ".repeat(first.len())
        };
        let mark = if column.required { "（必須）" } else { "" };
        out.push_str(&format!(
            "{pad}# {}{mark}: {}\n",
            column.header, column.description
        ));
        if let Some(choices) = choices_comment(column.ty) {
            out.push_str(&format!("{pad}#   {choices}\n"));
        }
        for (n, text) in line.lines().enumerate() {
            let lead = if n == 0 {
                lead.clone()
            } else {
                " ".repeat(first.len())
            };
            let hash = if column.required { "" } else { "#" };
            out.push_str(&format!("{hash}{pad}{lead}{text}\n"));
        }
    }
}

/// The skeleton file of `form`'s kind.
pub fn skeleton(form: &Form, today: Date, schema_reference: &str) -> String {
    let main = &form.sheets[0];
    let mut out = yaml::schema_comment(schema_reference);
    out.push_str(&format!(
        "# {}。「（…）」を書き換え、使う項目は行頭の # を消してください。\n",
        main.name
    ));
    for key in &form.order {
        out.push('\n');
        let required = is_required(form, key);
        let hash = if required { "" } else { "#" };
        let columns: Vec<&Column> = main
            .columns
            .iter()
            .filter(|c| c.path.split_once('.').is_some_and(|(k, _)| k == key))
            .collect();
        if let Some(sheet) = form.sheets[1..]
            .iter()
            .find(|s| s.list == Some(key.as_str()))
        {
            let mark = if required { "（必須）" } else { "" };
            out.push_str(&format!(
                "# {}{mark}: {}\n{hash}{key}:\n",
                sheet.name, sheet.description
            ));
            let subs: Vec<&Column> = sheet
                .columns
                .iter()
                .filter(|c| c.path != "id" && c.path != "order")
                .collect();
            let mut item = String::new();
            object_lines(&mut item, &subs, 2, "- ", today);
            out.push_str(&comment_unless(required, &item));
        } else if !columns.is_empty() {
            out.push_str(&format!("{hash}{key}:\n"));
            let mut fields = String::new();
            object_lines(&mut fields, &columns, 2, "", today);
            out.push_str(&comment_unless(required, &fields));
        } else if let Some(column) = main.columns.iter().find(|c| c.path == *key) {
            comment(&mut out, column, required);
            let mut text = String::new();
            yaml::entry(&mut text, 0, key, &example(column, today));
            out.push_str(&comment_unless(required, &text));
        }
    }
    out
}

/// `text` as is, or each of its value lines commented out with a bare `#`.
fn comment_unless(active: bool, text: &str) -> String {
    if active {
        return text.to_string();
    }
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with('#') {
                format!("{line}\n")
            } else {
                format!("#{line}\n")
            }
        })
        .collect()
}

fn is_required(form: &Form, key: &str) -> bool {
    super::fields::required_fields(form.kind).contains(&key)
}
