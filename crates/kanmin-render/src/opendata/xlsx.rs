//! Excel workbooks (`data/<kind>.xlsx`) for people who open data in a spreadsheet: the same
//! tables and cells as the CSV files, one sheet per table, with the types a CSV cannot carry.
//! Codes and 法人番号 are text cells (a spreadsheet turns `011002` into 11002 otherwise), dates
//! are date cells, yen are numbers shown with digit grouping; the header row is frozen and
//! filterable, and the last sheet describes every column from the same definitions.
//!
//! The zip is repacked uncompressed, with every entry dated the build date: a workbook is
//! then byte-identical for identical input, and its cell texts stand in its bytes as XML
//! text, where the leak scan reads them like any other file's.

use std::io::{Cursor, Read, Write};

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use super::schema::{CellType, Column};
use super::table::{Cell, Table};
use kanmin_public as public;
use kanmin_public::date::Date;
use kanmin_public::diagnostics::{Diagnostic, Diagnostics};

const DESCRIPTION_SHEET: &str = "項目の説明";
const MAX_WIDTH: f64 = 60.0;
/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;
const CUT_NOTE: &str = "…（長いため省略しました。全文はCSVとJSONにあります）";

struct Formats {
    header: Format,
    date: Format,
    yen: Format,
    text: Format,
}

fn excel_date(date: Date) -> Result<ExcelDateTime, XlsxError> {
    let narrow = |n: u32| {
        u8::try_from(n).map_err(|_| XlsxError::ParameterError(format!("{n} is not a month or day")))
    };
    let year = u16::try_from(date.year()).map_err(|_| {
        XlsxError::ParameterError(format!("{} is not a year Excel can show", date.year()))
    })?;
    // Validates the year too (1900 to 9999).
    ExcelDateTime::from_ymd(year, narrow(date.month())?, narrow(date.day())?)
}

/// Width in Excel's character units: a full-width character takes two.
fn display_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum()
}

fn cell_width(cell: &Cell) -> f64 {
    match cell {
        Cell::Empty => 0.0,
        Cell::Text(text) => {
            display_width(&text.chars().take(MAX_WIDTH as usize).collect::<String>())
        }
        Cell::Integer(n) => n.to_string().len() as f64 * 4.0 / 3.0,
        Cell::Number(n) => n.to_string().len() as f64,
        Cell::Date(_) => 10.0,
        Cell::Bool(_) => 5.0,
    }
}

/// A text as a cell holds it: one longer than Excel allows is cut, and says so.
fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= MAX_CELL_CHARS {
        return text.into();
    }
    let kept: String = text
        .chars()
        .take(MAX_CELL_CHARS - CUT_NOTE.chars().count())
        .collect();
    format!("{kept}{CUT_NOTE}").into()
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    column: &Column,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(text) => {
            sheet.write_string_with_format(row, col, cell_text(text).as_ref(), &formats.text)?;
        }
        Cell::Integer(n) if column.yen => {
            sheet.write_number_with_format(row, col, *n as f64, &formats.yen)?;
        }
        Cell::Integer(n) => {
            sheet.write_number(row, col, *n as f64)?;
        }
        Cell::Number(n) => {
            sheet.write_number(row, col, *n)?;
        }
        // Excel's dates run from 1900 to 9999; another year stays the CSV's ISO text.
        Cell::Date(date) => match excel_date(*date) {
            Ok(excel) => {
                sheet.write_datetime_with_format(row, col, &excel, &formats.date)?;
            }
            _ => {
                sheet.write_string_with_format(row, col, date.iso(), &formats.text)?;
            }
        },
        Cell::Bool(b) => {
            sheet.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

/// A sheet of rows under a frozen, filterable header, each column as wide as its widest cell.
fn write_sheet(
    sheet: &mut Worksheet,
    name: &str,
    columns: &[Column],
    rows: &[Vec<Cell>],
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let mut widths: Vec<f64> = columns
        .iter()
        .map(|c| display_width(&c.name) + 2.0)
        .collect();
    for (col, column) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, &column.name, &formats.header)?;
    }
    for (index, cells) in rows.iter().enumerate() {
        let row = index as u32 + 1;
        for (col, (cell, column)) in cells.iter().zip(columns).enumerate() {
            write_cell(sheet, row, col as u16, cell, column, formats)?;
            widths[col] = widths[col].max(cell_width(cell) + 1.0);
        }
    }
    for (col, width) in widths.into_iter().enumerate() {
        sheet.set_column_width(col as u16, width.min(MAX_WIDTH))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !columns.is_empty() {
        sheet.autofilter(0, 0, rows.len() as u32, columns.len() as u16 - 1)?;
    }
    Ok(())
}

fn description_columns() -> Vec<Column> {
    let text = |name: &str| Column {
        name: name.to_string(),
        title: name.to_string(),
        // The workbook's own sheet of column descriptions, which no package describes.
        title_en: String::new(),
        description: String::new(),
        cell: CellType::String,
        format: None,
        required: true,
        allowed: None,
        pattern: None,
        minimum: None,
        maximum: None,
        references: None,
        text: true,
        yen: false,
    };
    ["シート", "CSVファイル", "列名", "型", "必須", "説明"]
        .into_iter()
        .map(text)
        .collect()
}

fn build(tables: &[Table], site: &public::Site, title: &str) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = excel_date(site.info.build_date)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author(&site.info.municipality.name)
            .set_creation_datetime(&created),
    );
    let formats = Formats {
        header: Format::new().set_bold(),
        date: Format::new()
            .set_num_format("yyyy-mm-dd")
            .set_align(FormatAlign::Left),
        yen: Format::new().set_num_format("#,##0"),
        // `@`: a text cell stays text when someone edits it (a code keeps its leading zero).
        text: Format::new().set_num_format("@"),
    };
    for table in tables {
        write_sheet(
            workbook.add_worksheet(),
            &table.def.sheet,
            &table.def.columns,
            &table.rows,
            &formats,
        )?;
    }
    let rows: Vec<Vec<Cell>> = tables
        .iter()
        .flat_map(|table| {
            table.def.columns.iter().map(|column| {
                [
                    table.def.sheet.clone(),
                    format!("{}.csv", table.def.name),
                    column.name.clone(),
                    column.cell.label().to_string(),
                    if column.required { "必須" } else { "" }.to_string(),
                    column.description.clone(),
                ]
                .into_iter()
                .map(|text| {
                    if text.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(text)
                    }
                })
                .collect()
            })
        })
        .collect();
    write_sheet(
        workbook.add_worksheet(),
        DESCRIPTION_SHEET,
        &description_columns(),
        &rows,
        &formats,
    )?;
    workbook.save_to_buffer()
}

/// The workbook's zip entries again, uncompressed and dated the build date.
fn repack(bytes: Vec<u8>, date: Date) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let narrow = |n: u32| u8::try_from(n).unwrap_or(1);
    // Zip dates start in 1980; an earlier build date keeps the format's first day.
    let modified = u16::try_from(date.year())
        .ok()
        .and_then(|year| {
            zip::DateTime::from_date_and_time(
                year,
                narrow(date.month()),
                narrow(date.day()),
                0,
                0,
                0,
            )
            .ok()
        })
        .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(modified)
        .unix_permissions(0o644);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index)?;
        let name = entry.name().to_string();
        let mut content = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut content)?;
        out.start_file(name, options)?;
        out.write_all(&content)?;
    }
    Ok(out.finish()?.into_inner())
}

/// The workbook of one kind's tables (the record table first).
pub fn write(tables: &[Table], site: &public::Site, title: &str) -> Result<Vec<u8>, Diagnostics> {
    let path = tables
        .first()
        .map_or_else(String::new, |t| format!("data/{}.xlsx", t.def.name));
    let fail = |message: String| {
        Diagnostics(vec![Diagnostic::new(
            std::path::Path::new(&path),
            "",
            message,
        )])
    };
    let bytes =
        build(tables, site, title).map_err(|err| fail(format!("writing the workbook: {err}")))?;
    repack(bytes, site.info.build_date)
        .map_err(|err| fail(format!("repacking the workbook: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The leak scan searches a file's bytes: every cell text must stand in them as written.
    #[test]
    fn cell_texts_stand_in_the_workbook_bytes() {
        let bytes = repack(
            {
                let mut workbook = Workbook::new();
                let sheet = workbook.add_worksheet();
                sheet
                    .write_string(0, 0, "保護された提案の内容です")
                    .unwrap();
                sheet.write_string(1, 0, "A&B <社>").unwrap();
                workbook.save_to_buffer().unwrap()
            },
            Date::from_ymd(2026, 11, 30).unwrap(),
        )
        .unwrap();
        let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(contains("保護された提案の内容です"));
        assert!(contains("A&amp;B &lt;社&gt;"));
    }

    #[test]
    fn a_text_longer_than_a_cell_is_cut_with_a_note() {
        let long = "あ".repeat(MAX_CELL_CHARS + 10);
        let cut = cell_text(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with(CUT_NOTE));
        assert_eq!(cell_text("短い"), "短い");
    }

    #[test]
    fn full_width_characters_count_twice() {
        assert_eq!(display_width("ID"), 2.0);
        assert_eq!(display_width("連携先"), 6.0);
    }
}
