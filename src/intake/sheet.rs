//! Reading a workbook (xlsx, xlsm, xls, ods) or a CSV file into plain grids of cells, with
//! what the import must refuse to guess about: merged cells and formulas.

use std::path::Path;

use calamine::{Data, Reader};

/// One cell as the spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell: (year, month, day).
    Date(i32, u32, u32),
    /// `#N/A`, `#REF!` and the like.
    Error(String),
}

/// A sheet: rows of cells from the top-left corner A1.
#[derive(Debug, Default)]
pub struct Grid {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    /// Merged areas: (first row, first column, last row, last column), 0-based.
    pub merged: Vec<(usize, usize, usize, usize)>,
    /// Cells holding a formula, 0-based (row, column), with the formula.
    pub formulas: Vec<(usize, usize, String)>,
}

impl Grid {
    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(column))
            .unwrap_or(&Cell::Empty)
    }
}

/// `D`, `AA`: the column's letters as spreadsheets show them.
pub fn column_letter(column: usize) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// Why a file could not be read at all.
pub type ReadError = String;

/// Every sheet of the file. A CSV file is one sheet named after the file.
pub fn read(path: &Path) -> Result<Vec<Grid>, ReadError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "txt" | "tsv" => read_csv(path, extension == "tsv").map(|grid| vec![grid]),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path),
        _ => Err(crate::t!(
            "import-unknown-format",
            file = path.display().to_string()
        )),
    }
}

fn read_workbook(path: &Path) -> Result<Vec<Grid>, ReadError> {
    let mut workbook = calamine::open_workbook_auto(path).map_err(|err| {
        crate::t!(
            "import-unreadable",
            file = path.display().to_string(),
            reason = err.to_string()
        )
    })?;
    let mut grids = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|err| {
            crate::t!(
                "import-unreadable",
                file = path.display().to_string(),
                reason = err.to_string()
            )
        })?;
        let mut grid = Grid {
            name: name.clone(),
            ..Grid::default()
        };
        if let Some((top, left)) = range.start() {
            let (top, left) = (top as usize, left as usize);
            grid.rows = vec![Vec::new(); top];
            for row in range.rows() {
                let mut cells = vec![Cell::Empty; left];
                cells.extend(row.iter().map(cell));
                grid.rows.push(cells);
            }
        }
        // Formulas' cached values may be stale or absent (a workbook written by a program
        // has none), so the import refuses them rather than read a value no one saw.
        if let Ok(formulas) = workbook.worksheet_formula(&name) {
            if let Some((top, left)) = formulas.start() {
                for (r, row) in formulas.rows().enumerate() {
                    for (c, formula) in row.iter().enumerate() {
                        if !formula.is_empty() {
                            grid.formulas.push((
                                top as usize + r,
                                left as usize + c,
                                formula.clone(),
                            ));
                        }
                    }
                }
            }
        }
        grid.merged = merged_areas(&mut workbook, &name);
        grids.push(grid);
    }
    Ok(grids)
}

fn merged_areas<RS: std::io::Read + std::io::Seek>(
    workbook: &mut calamine::Sheets<RS>,
    name: &str,
) -> Vec<(usize, usize, usize, usize)> {
    let dimensions = match workbook {
        calamine::Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(name).unwrap_or_default(),
        calamine::Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(name).unwrap_or_default(),
        // calamine does not report merged areas of ODS and XLSB files; a merged area there
        // reads as a value in its first cell and empty cells after it.
        _ => Vec::new(),
    };
    dimensions
        .into_iter()
        .map(|d| {
            (
                d.start.0 as usize,
                d.start.1 as usize,
                d.end.0 as usize,
                d.end.1 as usize,
            )
        })
        .collect()
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(datetime) if datetime.is_datetime() => {
            let (year, month, day, ..) = datetime.to_ymd_hms_milli();
            Cell::Date(i32::from(year), u32::from(month), u32::from(day))
        }
        Data::DateTime(datetime) => Cell::Number(datetime.as_f64()),
        // ODS keeps dates as ISO text.
        Data::DateTimeIso(text) | Data::DurationIso(text) => {
            Cell::Text(text.split('T').next().unwrap_or(text).to_string())
        }
        Data::Error(err) => Cell::Error(err.to_string()),
    }
}

fn read_csv(path: &Path, tabs: bool) -> Result<Grid, ReadError> {
    let bytes = std::fs::read(path).map_err(|err| {
        crate::t!(
            "import-unreadable",
            file = path.display().to_string(),
            reason = err.to_string()
        )
    })?;
    let text = decode_csv(&bytes)
        .ok_or_else(|| crate::t!("import-csv-encoding", file = path.display().to_string()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if tabs { b'\t' } else { b',' })
        .from_reader(text.as_bytes());
    let mut grid = Grid {
        name: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        ..Grid::default()
    };
    for record in reader.records() {
        let record = record.map_err(|err| {
            crate::t!(
                "import-unreadable",
                file = path.display().to_string(),
                reason = err.to_string()
            )
        })?;
        grid.rows.push(
            record
                .iter()
                .map(|value| match value {
                    "" => Cell::Empty,
                    text => Cell::Text(text.to_string()),
                })
                .collect(),
        );
    }
    Ok(grid)
}

/// UTF-8 (with or without the byte-order mark Excel writes), or Shift_JIS as Excel saves
/// "CSV" on Japanese Windows.
fn decode_csv(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_string());
    }
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    (!had_errors).then(|| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_count_like_spreadsheets() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(3), "D");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn csv_from_japanese_excel_reads_as_shift_jis() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("ID,件名\nmimamori,見守り\n");
        assert_eq!(decode_csv(&bytes).unwrap(), "ID,件名\nmimamori,見守り\n");
        assert_eq!(decode_csv(b"\xEF\xBB\xBFID\n").unwrap(), "ID\n");
    }
}
