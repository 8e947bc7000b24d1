//! The tables behind the CSV files and the workbooks: per kind a record table and one child
//! table per list field, each cell one typed value (the machine-readability rules' 1セル1データ).
//! CSV and the workbooks write the same cells, each in its own way.
//!
//! Text cells are the only place values change, and only in declared ways: Markdown becomes
//! the text a reader sees, and line breaks become one space. The JSON files keep the exact
//! values. A value that cannot be written faithfully at all (a control character) fails the
//! build.

use rayon::prelude::*;

use super::schema::{self, SubField, TableDef, Type, Value};
use super::{unwritable, Dataset};
use crate::format;
use kanmin_public as public;
use kanmin_public::date::Date;
use kanmin_public::diagnostics::{Diagnostic, Diagnostics};
use kanmin_text::markdown;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Integer(i64),
    Number(f64),
    Date(Date),
    Bool(bool),
}

pub struct Table {
    pub def: TableDef,
    pub rows: Vec<Vec<Cell>>,
}

/// Cells of one record, or what stops them from being written.
struct CellWriter<'a> {
    dataset: &'a Dataset,
    id: &'a str,
    errors: Vec<Diagnostic>,
}

impl CellWriter<'_> {
    fn fail(&mut self, field: &str, message: String) {
        self.errors
            .push(unwritable(self.dataset.kind, self.id, field, message));
    }

    /// One text value as a cell: Markdown as the text a reader sees, on one line; control
    /// characters, which neither CSV nor a workbook can carry, are errors.
    fn text(&mut self, field: &str, value: &str, markdown: bool) -> Cell {
        if let Some(bad) = value.chars().find(|c| is_control(*c)) {
            self.fail(
                field,
                kanmin_messages::t!(
                    "opendata-control-character",
                    code = format!("{:04X}", bad as u32),
                    file = format!("{}.csv", self.dataset.name())
                ),
            );
        }
        let plain = if markdown {
            markdown::to_plain_text(value)
        } else {
            value.to_string()
        };
        Cell::Text(single_line(&plain))
    }

    /// The cells of one scalar value; a code gives two (label, code).
    fn scalar(&mut self, field: &str, ty: Type, value: &Value) -> Vec<Cell> {
        match (ty, value) {
            (Type::Code(_), Value::Null | Value::Withheld) => vec![Cell::Empty, Cell::Empty],
            (Type::Code(vocabulary), Value::Code(code)) => match format::label(vocabulary, code) {
                Some(label) => vec![Cell::Text(label.to_string()), Cell::Text(code.clone())],
                None => {
                    self.fail(
                        field,
                        format!("`{code}` has no label in vocabulary `{vocabulary}`"),
                    );
                    vec![Cell::Empty, Cell::Empty]
                }
            },
            (_, Value::Null | Value::Withheld) => vec![Cell::Empty],
            (_, Value::Text(text)) => vec![self.text(field, text, matches!(ty, Type::Markdown))],
            (_, Value::Integer(n)) => vec![Cell::Integer(*n)],
            (_, Value::Number(n)) if n.is_finite() => vec![Cell::Number(*n)],
            (_, Value::Number(n)) => {
                self.fail(
                    field,
                    format!("`{n}` is not a finite number and cannot be published"),
                );
                vec![Cell::Empty]
            }
            (_, Value::Date(date)) => vec![Cell::Date(*date)],
            (_, Value::Bool(b)) => vec![Cell::Bool(*b)],
            (_, other) => {
                self.fail(
                    field,
                    format!("internal error: {other:?} is not a {ty:?} value"),
                );
                vec![Cell::Empty; cells_of(ty)]
            }
        }
    }

    fn object(&mut self, key: &str, subs: &[SubField], values: &[Value]) -> Vec<Cell> {
        subs.iter()
            .zip(values)
            .flat_map(|(sub, value)| self.scalar(&format!("{key}.{}", sub.key), sub.ty, value))
            .collect()
    }

    /// The cells a non-list field adds to its record's row.
    fn field(&mut self, key: &str, ty: Type, value: &Value) -> Vec<Cell> {
        match (ty, value) {
            (Type::Object(subs), Value::Object(values)) => self.object(key, subs, values),
            (Type::Object(subs), _) => vec![Cell::Empty; subs.iter().map(|s| cells_of(s.ty)).sum()],
            (ty, value) => self.scalar(key, ty, value),
        }
    }

    /// The child table rows of a list field: `ID`, `番号`, the item's cells. A withheld list
    /// has no rows.
    fn items(&mut self, key: &str, ty: Type, value: &Value) -> Vec<Vec<Cell>> {
        let items: Vec<Vec<Cell>> = match (ty, value) {
            (Type::List(item), Value::List(items)) => {
                items.iter().map(|v| self.scalar(key, *item, v)).collect()
            }
            (Type::Objects(subs), Value::Objects(objects)) => {
                objects.iter().map(|o| self.object(key, subs, o)).collect()
            }
            _ => Vec::new(),
        };
        items
            .into_iter()
            .enumerate()
            .map(|(index, cells)| {
                let mut row = vec![
                    Cell::Text(self.id.to_string()),
                    Cell::Integer(index as i64 + 1),
                ];
                row.extend(cells);
                row
            })
            .collect()
    }
}

/// Cells a value of a scalar type fills.
fn cells_of(ty: Type) -> usize {
    match ty {
        Type::Code(_) => 2,
        _ => 1,
    }
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

/// Every table of one dataset, the record table first, rows in the order of the records.
pub fn tables(dataset: &Dataset, site: &public::Site) -> Result<Vec<Table>, Diagnostics> {
    let defs = schema::tables(dataset.kind);
    let municipality = &site.info.municipality;
    type Rows = (Vec<Cell>, Vec<Vec<Vec<Cell>>>);
    let rows: Vec<Result<Rows, Vec<Diagnostic>>> = dataset
        .rows
        .par_iter()
        .map(|row| {
            let id = Dataset::row_id(row);
            let mut writer = CellWriter {
                dataset,
                id,
                errors: Vec::new(),
            };
            let mut cells = vec![
                Cell::Text(municipality.code.clone()),
                Cell::Text(id.to_string()),
            ];
            cells.push(writer.text("municipality.name", &municipality.name, false));
            let mut children = Vec::new();
            for (info, value) in dataset.fields.iter().zip(row).skip(1) {
                if info.is_list() {
                    children.push(writer.items(info.key, info.ty, value));
                } else {
                    cells.extend(writer.field(info.key, info.ty, value));
                }
            }
            if writer.errors.is_empty() {
                Ok((cells, children))
            } else {
                Err(writer.errors)
            }
        })
        .collect();

    let mut diagnostics = Diagnostics::default();
    let mut tables: Vec<Table> = defs
        .into_iter()
        .map(|def| Table {
            def,
            rows: Vec::new(),
        })
        .collect();
    for row in rows {
        match row {
            Ok((cells, children)) => {
                tables[0].rows.push(cells);
                for (table, rows) in tables.iter_mut().skip(1).zip(children) {
                    table.rows.extend(rows);
                }
            }
            Err(errors) => errors.into_iter().for_each(|e| diagnostics.push(e)),
        }
    }
    for table in &tables {
        if let Some(row) = table
            .rows
            .iter()
            .find(|r| r.len() != table.def.columns.len())
        {
            diagnostics.push(Diagnostic::new(
                std::path::Path::new(&format!("data/{}.csv", table.def.name)),
                "",
                format!(
                    "internal error: a row has {} cells for {} columns",
                    row.len(),
                    table.def.columns.len()
                ),
            ));
        }
    }
    diagnostics.into_result(tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_become_one_space() {
        assert_eq!(
            single_line("一行目\r\n\r\n二行目\n三行目"),
            "一行目 二行目 三行目"
        );
        assert_eq!(single_line("a\u{2028}b"), "a b");
        assert_eq!(single_line("末尾に改行\n"), "末尾に改行");
    }

    #[test]
    fn tab_and_line_breaks_are_not_control_errors() {
        assert!(!is_control('\t') && !is_control('\n') && !is_control('\r'));
        assert!(is_control('\0') && is_control('\u{1b}') && is_control('\u{7f}'));
    }
}
