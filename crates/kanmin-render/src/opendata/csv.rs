//! CSV per the Digital Agency's machine-readability rules (行政データにおける機械可読性に関する
//! ルール): one header row, one record per line with no line break inside a cell, numbers
//! as digits with units in the header, ISO 8601 dates, the 全国地方公共団体コード and the
//! municipality's name on every row, UTF-8 with a BOM so Japanese Excel reads it.
//!
//! Text cells are the only place values change, and only in declared ways: line breaks become
//! one space, and a cell a spreadsheet would run as a formula (OWASP CSV injection) gets a
//! leading apostrophe. The JSON files keep the exact values. A value that cannot be written
//! faithfully at all (a control character, a list item holding the separator) fails the build.

use rayon::prelude::*;

use super::schema::{self, Column, FieldInfo, SubField, Type, Value, LIST_SEPARATOR};
use super::{unwritable, Dataset};
use kanmin_public::diagnostics::{Diagnostic, Diagnostics};
use kanmin_public as public;
use crate::format;

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Characters a spreadsheet reads as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Cells of one record, or what stops it from being written.
struct RowWriter<'a> {
    dataset: &'a Dataset,
    id: &'a str,
    errors: Vec<Diagnostic>,
}

impl RowWriter<'_> {
    fn fail(&mut self, field: &str, message: String) {
        self.errors.push(unwritable(self.dataset.kind, self.id, field, message));
    }

    /// One text value, made fit for a cell: line breaks become one space; control
    /// characters, which no cell can carry, are errors.
    fn text(&mut self, field: &str, value: &str, listed: bool) -> String {
        if let Some(bad) = value.chars().find(|c| is_control(*c)) {
            self.fail(
                field,
                format!(
                    "contains the control character U+{:04X}, which cannot be written to {}.csv; remove it from the text",
                    bad as u32,
                    self.dataset.name()
                ),
            );
        }
        if listed && value.contains(LIST_SEPARATOR) {
            self.fail(
                field,
                format!(
                    "the list item \"{value}\" contains `{LIST_SEPARATOR}`, which separates list items in {}.csv; write it as the full-width `；` instead",
                    self.dataset.name()
                ),
            );
        }
        single_line(value)
    }

    /// The cell of one scalar value; a code gives two cells (label, code).
    fn scalar(&mut self, field: &str, ty: Type, value: &Value, listed: bool) -> Vec<String> {
        match (ty, value) {
            (Type::Code(_), Value::Null | Value::Withheld) => vec![String::new(), String::new()],
            (Type::Code(vocabulary), Value::Code(code)) => match format::label(vocabulary, code) {
                Some(label) => vec![label.to_string(), code.clone()],
                None => {
                    self.fail(field, format!("`{code}` has no label in vocabulary `{vocabulary}`"));
                    vec![String::new(), String::new()]
                }
            },
            (_, Value::Null | Value::Withheld) => vec![String::new()],
            (_, Value::Text(text)) => vec![self.text(field, text, listed)],
            (_, Value::Integer(n)) => vec![n.to_string()],
            (_, Value::Number(n)) => vec![self.number(field, *n)],
            (_, Value::Date(date)) => vec![date.iso()],
            (_, Value::Bool(b)) => vec![b.to_string()],
            (_, other) => {
                self.fail(field, format!("internal error: {other:?} is not a {ty:?} value"));
                vec![String::new(); cells_of(ty)]
            }
        }
    }

    fn number(&mut self, field: &str, n: f64) -> String {
        if !n.is_finite() {
            self.fail(field, format!("`{n}` is not a finite number and cannot be published"));
            return String::new();
        }
        if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        }
    }

    /// Cells of several values of one type joined into list cells.
    fn joined(&mut self, field: &str, ty: Type, values: &[&Value]) -> Vec<String> {
        let mut columns: Vec<Vec<String>> = vec![Vec::new(); cells_of(ty)];
        for value in values {
            for (column, cell) in columns.iter_mut().zip(self.scalar(field, ty, value, true)) {
                column.push(cell);
            }
        }
        columns.into_iter().map(|items| items.join(&LIST_SEPARATOR.to_string())).collect()
    }

    fn field(&mut self, info: &FieldInfo, value: &Value) -> Vec<String> {
        let key = info.key;
        match (info.ty, value) {
            (Type::List(item), Value::List(items)) => self.joined(key, *item, &items.iter().collect::<Vec<_>>()),
            (Type::List(item), _) => vec![String::new(); cells_of(*item)],
            (Type::Object(subs), Value::Object(values)) => subs
                .iter()
                .zip(values)
                .flat_map(|(sub, value)| self.scalar(&format!("{key}.{}", sub.key), sub.ty, value, false))
                .collect(),
            (Type::Objects(subs), Value::Objects(objects)) => subs
                .iter()
                .enumerate()
                .flat_map(|(index, sub)| {
                    let values: Vec<&Value> = objects.iter().filter_map(|o| o.get(index)).collect();
                    self.joined(&format!("{key}.{}", sub.key), sub.ty, &values)
                })
                .collect(),
            (Type::Object(subs) | Type::Objects(subs), _) => vec![String::new(); sub_cells(subs)],
            (ty, value) => self.scalar(key, ty, value, false),
        }
    }
}

/// Cells a value of a scalar type fills.
fn cells_of(ty: Type) -> usize {
    match ty {
        Type::Code(_) => 2,
        _ => 1,
    }
}

fn sub_cells(subs: &[SubField]) -> usize {
    subs.iter().map(|s| cells_of(s.ty)).sum()
}

/// Control characters other than the line breaks and tab that `single_line` handles.
fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{85}')
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Each run of line breaks becomes one space: one record per line, as the rules ask. Breaks
/// at either end (YAML block text ends with one) are dropped rather than left as spaces.
pub fn single_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_break = false;
    for c in text.trim_matches(is_line_break).chars() {
        if is_line_break(c) {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
        } else {
            out.push(c);
            in_break = false;
        }
    }
    out
}

/// A text cell a spreadsheet would evaluate gets a leading apostrophe (OWASP).
pub fn neutralise_formula(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The CSV file of one dataset.
pub fn write(dataset: &Dataset, site: &public::Site) -> Result<Vec<u8>, Diagnostics> {
    let columns: Vec<Column> = schema::columns(dataset.kind);
    let municipality = &site.info.municipality;
    let rows: Vec<Result<Vec<String>, Vec<Diagnostic>>> = dataset
        .rows
        .par_iter()
        .map(|row| {
            let mut writer = RowWriter { dataset, id: Dataset::row_id(row), errors: Vec::new() };
            let mut cells = vec![municipality.code.clone()];
            for (index, (info, value)) in dataset.fields.iter().zip(row).enumerate() {
                cells.extend(writer.field(info, value));
                if index == 0 {
                    cells.push(writer.text("municipality.name", &municipality.name, false));
                }
            }
            if !writer.errors.is_empty() {
                return Err(writer.errors);
            }
            Ok(cells
                .into_iter()
                .zip(&columns)
                .map(|(cell, column)| if column.text { neutralise_formula(cell) } else { cell })
                .collect())
        })
        .collect();

    let mut diagnostics = Diagnostics::default();
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(BOM.to_vec());
    let header: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let mut write_record = |cells: &[&str], diagnostics: &mut Diagnostics| {
        if let Err(err) = out.write_record(cells) {
            diagnostics.push(Diagnostic::new(
                std::path::Path::new(&format!("data/{}.csv", dataset.name())),
                "",
                format!("writing CSV: {err}"),
            ));
        }
    };
    write_record(&header, &mut diagnostics);
    for row in rows {
        match row {
            Ok(cells) if cells.len() == columns.len() => {
                write_record(&cells.iter().map(String::as_str).collect::<Vec<_>>(), &mut diagnostics)
            }
            Ok(cells) => diagnostics.push(Diagnostic::new(
                std::path::Path::new(&format!("data/{}.csv", dataset.name())),
                "",
                format!("internal error: a row has {} cells for {} columns", cells.len(), columns.len()),
            )),
            Err(errors) => errors.into_iter().for_each(|e| diagnostics.push(e)),
        }
    }
    let bytes = out.into_inner().map_err(|err| {
        Diagnostics(vec![Diagnostic::output("data/", format!("writing CSV: {err}"))])
    });
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(errors) => {
            diagnostics.extend(errors);
            Vec::new()
        }
    };
    diagnostics.into_result(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_become_one_space() {
        assert_eq!(single_line("一行目\r\n\r\n二行目\n三行目"), "一行目 二行目 三行目");
        assert_eq!(single_line("a\u{2028}b"), "a b");
        assert_eq!(single_line("末尾に改行\n"), "末尾に改行");
    }

    #[test]
    fn formulas_get_an_apostrophe() {
        for start in ["=1+1", "+81", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise_formula(start.to_string()), format!("'{start}"));
        }
        assert_eq!(neutralise_formula("区=1".to_string()), "区=1");
    }

    #[test]
    fn tab_and_line_breaks_are_not_control_errors() {
        assert!(!is_control('\t') && !is_control('\n') && !is_control('\r'));
        assert!(is_control('\0') && is_control('\u{1b}') && is_control('\u{7f}'));
    }
}
