//! CSV per the Digital Agency's machine-readability rules (行政データにおける機械可読性に関する
//! ルール): one header row, one record per line with no line break inside a cell, one value
//! per cell (lists are child tables, see `table`), numbers as digits with units in the
//! header, ISO 8601 dates, the 全国地方公共団体コード and the municipality's name on every
//! record row, UTF-8 with a BOM so Japanese Excel reads it.
//!
//! A text cell a spreadsheet would run as a formula (OWASP CSV injection) gets a leading
//! apostrophe; the workbooks need none, their text cells are never formulas.

use super::table::{Cell, Table};
use kanmin_public::diagnostics::{Diagnostic, Diagnostics};

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Characters a spreadsheet reads as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell a spreadsheet would evaluate gets a leading apostrophe (OWASP).
pub fn neutralise_formula(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// A number as digits: whole numbers without a decimal point.
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn cell(cell: &Cell, text_column: bool) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) if text_column => neutralise_formula(text.clone()),
        Cell::Text(text) => text.clone(),
        Cell::Integer(n) => n.to_string(),
        Cell::Number(n) => number(*n),
        Cell::Date(date) => date.iso(),
        Cell::Bool(b) => b.to_string(),
    }
}

/// The CSV file of one table.
pub fn write(table: &Table) -> Result<Vec<u8>, Diagnostics> {
    let error = |err: &dyn std::fmt::Display| {
        Diagnostics(vec![Diagnostic::new(
            std::path::Path::new(&format!("data/{}.csv", table.def.name)),
            "",
            format!("writing CSV: {err}"),
        )])
    };
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    out.write_record(table.def.columns.iter().map(|c| c.name.as_str()))
        .map_err(|e| error(&e))?;
    for row in &table.rows {
        let cells = row
            .iter()
            .zip(&table.def.columns)
            .map(|(value, column)| cell(value, column.text));
        out.write_record(cells).map_err(|e| error(&e))?;
    }
    out.into_inner().map_err(|e| error(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_an_apostrophe() {
        for start in ["=1+1", "+81", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise_formula(start.to_string()), format!("'{start}"));
        }
        assert_eq!(neutralise_formula("区=1".to_string()), "区=1");
    }

    #[test]
    fn whole_numbers_have_no_decimal_point() {
        assert_eq!(number(25.0), "25");
        assert_eq!(number(2.5), "2.5");
    }
}
