//! `kanmin import KIND FILE…`: rows of a workbook or CSV file → one YAML file per record
//! under `content/KIND/`. Every problem of every row is reported at once, by sheet, row and
//! column; the records are checked as `build` checks them, with the rest of the content; and
//! nothing is written unless all of it passes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use serde_yaml::Value;
use unicode_normalization::UnicodeNormalization;

use super::fields::{self, Column, Form, Sheet, ID_HEADER};
use super::sheet::{self, column_letter, Grid};
use super::values;
use super::yaml::{self, Node};
use kanmin_public::date::Date;
use kanmin_public::diagnostics::{Diagnostic, Diagnostics, Origin};
use kanmin_public::RecordKind;

/// A cell (or a row, or a sheet) of an input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub file: String,
    pub sheet: String,
    /// 1-based, as spreadsheets number rows; 0 for the sheet as a whole.
    pub row: usize,
    /// 0-based column and its header.
    pub column: Option<(usize, String)>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match (&self.column, self.row) {
            (_, 0) => crate::t!(
                "place-sheet",
                file = self.file.clone(),
                sheet = self.sheet.clone()
            ),
            (None, row) => crate::t!(
                "place-row",
                file = self.file.clone(),
                sheet = self.sheet.clone(),
                row = row
            ),
            (Some((column, header)), row) => crate::t!(
                "place-cell",
                file = self.file.clone(),
                sheet = self.sheet.clone(),
                row = row,
                column = column_letter(*column),
                header = header.clone()
            ),
        };
        f.write_str(&text)
    }
}

/// One thing that stops the import.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// A problem in a cell, row or sheet of the input.
    At(Place, String),
    /// A file that cannot be read, or another problem without a cell.
    File(String),
    /// A problem the check of the whole content found outside the imported records.
    Content(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::At(place, message) => write!(f, "{place}: {message}"),
            Problem::File(message) | Problem::Content(message) => f.write_str(message),
        }
    }
}

#[derive(Debug, Default)]
pub struct Imported {
    pub created: Vec<PathBuf>,
    pub updated: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
}

/// One record as read: its fields, and where each came from.
struct Row {
    id: String,
    place: Place,
    /// Top-level key → value, for the fields the sheet has a column for.
    fields: BTreeMap<String, Node>,
    /// Field path (`concluded_on`, `period.start`) → the cell it came from.
    cells: HashMap<String, Place>,
    /// Child rows per list field: (order, row place, column places by sub-key).
    children: BTreeMap<&'static str, Vec<ChildRow>>,
}

impl Row {
    /// Where a problem of the whole record is shown: its ID cell.
    fn id_cell(&self) -> Place {
        self.cells
            .get("id")
            .cloned()
            .unwrap_or_else(|| self.place.clone())
    }
}

struct ChildRow {
    order: Option<i64>,
    place: Place,
    item: Vec<(String, Node)>,
    cells: HashMap<String, Place>,
}

/// A sheet of the input matched to a sheet of the form, with its header row read.
struct Matched<'a> {
    grid: &'a Grid,
    file: String,
    def: &'a Sheet,
    header_row: usize,
    /// Input column → form column.
    columns: Vec<(usize, &'a Column)>,
}

/// Reads, checks and writes. `build_date` decides, as in `build`, which themes are open.
pub fn import(
    root: &Path,
    kind: RecordKind,
    files: &[PathBuf],
    update: bool,
    build_date: Date,
) -> Result<Imported, Vec<Problem>> {
    let form = fields::form(kind);
    let mut problems = Vec::new();
    let mut grids = Vec::new();
    for file in files {
        match sheet::read(file) {
            Ok(read) => grids.push((display_name(file), file.clone(), read)),
            Err(message) => problems.push(Problem::File(message)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut matched = Vec::new();
    for (name, path, file_grids) in &grids {
        matched.extend(match_sheets(&form, name, path, file_grids, &mut problems));
    }
    if !matched.iter().any(|m| m.def.list.is_none()) {
        problems.push(Problem::File(crate::t!(
            "import-no-record-sheet",
            sheet = form.sheets[0].name.clone()
        )));
    }
    let mut rows = read_rows(&matched, &mut problems);
    attach_children(&form, &matched, &mut rows, &mut problems);
    let owned = owned_keys(&matched);
    let plan = plan_writes(root, &form, &rows, &owned, update, &mut problems);
    if !problems.is_empty() {
        problems.sort();
        return Err(problems);
    }
    check_with_content(root, kind, &plan, &rows, build_date)?;
    write(plan).map_err(|message| vec![Problem::File(message)])
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Headers compare after NFKC, without spaces or the required mark some templates add.
fn header_key(text: &str) -> String {
    let folded: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    folded
        .trim_end_matches("(必須)")
        .trim_end_matches('*')
        .trim_end_matches('※')
        .to_string()
}

/// Sheets the template adds for people, not records.
pub const EXPLANATION_SHEET: &str = "項目の説明";
pub const CHOICES_SHEET: &str = "選択肢";

fn match_sheets<'a>(
    form: &'a Form,
    file: &str,
    path: &Path,
    grids: &'a [Grid],
    problems: &mut Vec<Problem>,
) -> Vec<Matched<'a>> {
    let is_csv = grids.len() == 1
        && path.extension().is_some_and(|e| {
            !e.eq_ignore_ascii_case("xlsx")
                && !e.eq_ignore_ascii_case("xls")
                && !e.eq_ignore_ascii_case("xlsm")
                && !e.eq_ignore_ascii_case("ods")
        });
    let data_grids: Vec<&Grid> = grids
        .iter()
        .filter(|g| g.name != EXPLANATION_SHEET && g.name != CHOICES_SHEET)
        .collect();
    let has_record_sheet = data_grids.iter().any(|g| g.name == form.sheets[0].name);
    let mut matched = Vec::new();
    for grid in &data_grids {
        let def = if is_csv {
            // A CSV file holds one sheet, named by the end of the file name
            // (`連携実績_連携先.csv`); any other name is the record sheet.
            form.sheets[1..]
                .iter()
                .find(|s| grid.name.ends_with(&s.name))
                .unwrap_or(&form.sheets[0])
        } else if let Some(def) = form.sheets.iter().find(|s| s.name == grid.name) {
            def
        } else if !has_record_sheet && data_grids.len() == 1 {
            // A ledger of one sheet, whatever its name: the records.
            &form.sheets[0]
        } else {
            problems.push(Problem::At(
                Place {
                    file: file.to_string(),
                    sheet: grid.name.clone(),
                    row: 0,
                    column: None,
                },
                crate::t!(
                    "import-unknown-sheet",
                    expected = form
                        .sheets
                        .iter()
                        .map(|s| format!("「{}」", s.name))
                        .collect::<String>()
                ),
            ));
            continue;
        };
        if let Some(m) = match_header(grid, file, def, problems) {
            matched.push(m);
        }
    }
    matched
}

fn place(file: &str, grid: &Grid, row: usize, column: Option<(usize, &str)>) -> Place {
    Place {
        file: file.to_string(),
        sheet: grid.name.clone(),
        row: row + 1,
        column: column.map(|(c, h)| (c, h.to_string())),
    }
}

/// Finds the header row (the first row with an `ID` cell among the first ten) and matches
/// its cells to the form's columns.
fn match_header<'a>(
    grid: &'a Grid,
    file: &str,
    def: &'a Sheet,
    problems: &mut Vec<Problem>,
) -> Option<Matched<'a>> {
    let sheet_place = Place {
        file: file.to_string(),
        sheet: grid.name.clone(),
        row: 0,
        column: None,
    };
    let header_row = (0..grid.rows.len().min(10)).find(|r| {
        grid.rows[*r]
            .iter()
            .any(|c| values::cell_text(c).is_some_and(|t| header_key(&t) == ID_HEADER))
    });
    let Some(header_row) = header_row else {
        problems.push(Problem::At(sheet_place, crate::t!("import-no-id-column")));
        return None;
    };
    check_structure(grid, file, header_row, problems);
    let mut columns = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let width = grid.rows[header_row].len();
    for c in 0..width {
        let Some(text) = values::cell_text(grid.cell(header_row, c)) else {
            let has_values = (header_row + 1..grid.rows.len())
                .any(|r| values::cell_text(grid.cell(r, c)).is_some());
            if has_values {
                problems.push(Problem::At(
                    place(file, grid, header_row, Some((c, ""))),
                    crate::t!("import-column-without-header"),
                ));
            }
            continue;
        };
        let key = header_key(&text);
        let found = def
            .columns
            .iter()
            .find(|col| header_key(&col.header) == key || col.path == key);
        match found {
            Some(col) => {
                if let Some(first) = seen.insert(&col.header, c) {
                    problems.push(Problem::At(
                        place(file, grid, header_row, Some((c, &text))),
                        crate::t!("import-header-repeated", first = column_letter(first)),
                    ));
                } else {
                    columns.push((c, col));
                }
            }
            None => problems.push(Problem::At(
                place(file, grid, header_row, Some((c, &text))),
                unknown_header(&key, def),
            )),
        }
    }
    for col in def.columns.iter().filter(|c| c.required) {
        if !seen.contains_key(col.header.as_str()) {
            problems.push(Problem::At(
                place(file, grid, header_row, None),
                crate::t!("import-missing-column", header = col.header.clone()),
            ));
        }
    }
    // The known columns are read even when others are not, so that one run reports the
    // problems of every cell.
    Some(Matched {
        grid,
        file: file.to_string(),
        def,
        header_row,
        columns,
    })
}

fn unknown_header(key: &str, def: &Sheet) -> String {
    let closest = def
        .columns
        .iter()
        .map(|c| (edit_distance(key, &header_key(&c.header)), &c.header))
        .min();
    match closest {
        Some((distance, header))
            if distance <= 2 || header.contains(key) || key.contains(header.as_str()) =>
        {
            crate::t!(
                "import-unknown-header-did-you-mean",
                header = header.clone(),
                sheet = def.name.clone()
            )
        }
        _ => crate::t!("import-unknown-header", sheet = def.name.clone()),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

/// Merged cells and formulas: what a sheet looks like is not what it holds, so the import
/// refuses them where records are.
fn check_structure(grid: &Grid, file: &str, header_row: usize, problems: &mut Vec<Problem>) {
    for &(top, left, bottom, right) in &grid.merged {
        if bottom < header_row {
            continue;
        }
        problems.push(Problem::At(
            place(
                file,
                grid,
                top,
                Some((left, &header_text(grid, header_row, left))),
            ),
            crate::t!(
                "import-merged-cells",
                area = format!(
                    "{}{}:{}{}",
                    column_letter(left),
                    top + 1,
                    column_letter(right),
                    bottom + 1
                )
            ),
        ));
    }
    for (row, column, formula) in &grid.formulas {
        if *row < header_row {
            continue;
        }
        problems.push(Problem::At(
            place(
                file,
                grid,
                *row,
                Some((*column, &header_text(grid, header_row, *column))),
            ),
            crate::t!("import-formula", formula = format!("={formula}")),
        ));
    }
}

fn header_text(grid: &Grid, header_row: usize, column: usize) -> String {
    values::cell_text(grid.cell(header_row, column)).unwrap_or_default()
}

/// Sets `value` at `path` (`period.start`) in a record's top-level fields.
fn set(fields: &mut BTreeMap<String, Node>, path: &str, value: Node) {
    match path.split_once('.') {
        None => {
            fields.insert(path.to_string(), value);
        }
        Some((key, sub)) => {
            let entry = fields
                .entry(key.to_string())
                .or_insert_with(|| Node::Map(Vec::new()));
            if let Node::Map(entries) = entry {
                entries.push((sub.to_string(), value));
            }
        }
    }
}

fn read_rows(matched: &[Matched], problems: &mut Vec<Problem>) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut ids: HashMap<String, Place> = HashMap::new();
    for m in matched.iter().filter(|m| m.def.list.is_none()) {
        for r in m.header_row + 1..m.grid.rows.len() {
            if is_blank(m.grid, r) {
                continue;
            }
            let mut row = Row {
                id: String::new(),
                place: place(&m.file, m.grid, r, None),
                fields: BTreeMap::new(),
                cells: HashMap::new(),
                children: BTreeMap::new(),
            };
            for &(c, col) in &m.columns {
                let at = place(
                    &m.file,
                    m.grid,
                    r,
                    Some((c, &header_text(m.grid, m.header_row, c))),
                );
                match values::read(m.grid.cell(r, c), col.ty) {
                    Ok(Some(Node::Str(id))) if col.path == "id" => {
                        match kanmin_content::check_id(&id) {
                            Ok(()) => row.id = id,
                            Err(_) => problems.push(Problem::At(
                                at.clone(),
                                crate::t!("value-not-an-id", value = id),
                            )),
                        }
                    }
                    Ok(Some(node)) => set(&mut row.fields, &col.path, node),
                    Ok(None) if col.required && !merged_away(m.grid, r, c) => {
                        problems.push(Problem::At(at.clone(), crate::t!("import-required-empty")))
                    }
                    Ok(None) => {}
                    Err(message) => problems.push(Problem::At(at.clone(), message)),
                }
                row.cells.insert(col.path.clone(), at);
            }
            if row.id.is_empty() {
                continue;
            }
            if let Some(first) = ids.get(&row.id) {
                let at = row.id_cell();
                problems.push(Problem::At(
                    at,
                    crate::t!(
                        "import-id-repeated",
                        id = row.id.clone(),
                        first = first.to_string()
                    ),
                ));
                continue;
            }
            ids.insert(row.id.clone(), row.place.clone());
            rows.push(row);
        }
    }
    rows
}

/// A cell a merged area covers, other than its first: already reported with the area.
fn merged_away(grid: &Grid, row: usize, column: usize) -> bool {
    grid.merged.iter().any(|&(top, left, bottom, right)| {
        (top..=bottom).contains(&row)
            && (left..=right).contains(&column)
            && (row, column) != (top, left)
    })
}

fn is_blank(grid: &Grid, row: usize) -> bool {
    grid.rows[row]
        .iter()
        .all(|c| values::cell_text(c).is_none())
}

fn attach_children(
    form: &Form,
    matched: &[Matched],
    rows: &mut [Row],
    problems: &mut Vec<Problem>,
) {
    let index: HashMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    for m in matched {
        let Some(list) = m.def.list else { continue };
        for r in m.header_row + 1..m.grid.rows.len() {
            if is_blank(m.grid, r) {
                continue;
            }
            let mut child = ChildRow {
                order: None,
                place: place(&m.file, m.grid, r, None),
                item: Vec::new(),
                cells: HashMap::new(),
            };
            let mut id = None;
            for &(c, col) in &m.columns {
                let at = place(
                    &m.file,
                    m.grid,
                    r,
                    Some((c, &header_text(m.grid, m.header_row, c))),
                );
                match (col.path.as_str(), values::read(m.grid.cell(r, c), col.ty)) {
                    ("id", Ok(Some(Node::Str(text)))) => id = Some((text, at.clone())),
                    ("order", Ok(Some(Node::Int(n)))) => child.order = Some(n),
                    (_, Ok(Some(node))) => child.item.push((col.path.clone(), node)),
                    (_, Ok(None)) if col.required && !merged_away(m.grid, r, c) => {
                        problems.push(Problem::At(at.clone(), crate::t!("import-required-empty")))
                    }
                    (_, Ok(None)) => {}
                    (_, Err(message)) => problems.push(Problem::At(at.clone(), message)),
                }
                child.cells.insert(col.path.clone(), at);
            }
            match id {
                Some((id, at)) => match index.get(&id) {
                    Some(&i) => rows[i].children.entry(list).or_default().push(child),
                    None => problems.push(Problem::At(
                        at,
                        crate::t!(
                            "import-child-without-record",
                            id = id,
                            sheet = form.sheets[0].name.clone()
                        ),
                    )),
                },
                None => problems.push(Problem::At(
                    child.place.clone(),
                    crate::t!("import-required-empty"),
                )),
            }
        }
    }
    for sheet in form
        .sheets
        .iter()
        .filter(|s| s.list.is_some() && s.required)
    {
        let list = sheet.list.expect("a list sheet");
        for row in rows.iter() {
            if row.children.get(list).is_none_or(Vec::is_empty) {
                let at = row.id_cell();
                problems.push(Problem::At(
                    at,
                    crate::t!(
                        "import-needs-child-rows",
                        sheet = sheet.name.clone(),
                        id = row.id.clone()
                    ),
                ));
            }
        }
    }
    for row in rows.iter_mut() {
        for (list, children) in std::mem::take(&mut row.children) {
            let mut children = children;
            children.sort_by_key(|c| c.order.unwrap_or(i64::MAX));
            let items = children.iter().map(|c| Node::Map(c.item.clone())).collect();
            row.fields.insert(list.to_string(), Node::List(items));
            row.children.insert(list, children);
        }
    }
}

/// Top-level keys (and, for objects, their sub-keys) the input has columns for: an update
/// sets exactly these and leaves every other field of the file alone.
fn owned_keys(matched: &[Matched]) -> BTreeMap<String, BTreeSet<String>> {
    let mut owned: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in matched {
        match m.def.list {
            Some(list) => {
                owned.entry(list.to_string()).or_default();
            }
            None => {
                for (_, col) in &m.columns {
                    if col.path == "id" {
                        continue;
                    }
                    match col.path.split_once('.') {
                        Some((key, sub)) => {
                            owned
                                .entry(key.to_string())
                                .or_default()
                                .insert(sub.to_string());
                        }
                        None => {
                            owned.entry(col.path.clone()).or_default();
                        }
                    }
                }
            }
        }
    }
    owned
}

/// One file to write.
struct Planned {
    /// The row of `rows` it comes from.
    row: usize,
    path: PathBuf,
    text: String,
    existed: bool,
    changed: bool,
}

fn plan_writes(
    root: &Path,
    form: &Form,
    rows: &[Row],
    owned: &BTreeMap<String, BTreeSet<String>>,
    update: bool,
    problems: &mut Vec<Problem>,
) -> Vec<Planned> {
    let folder = root.join("content").join(form.kind.folder());
    let mut plan = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let path = folder.join(format!("{}.yaml", row.id));
        let ordered = |fields: &BTreeMap<String, Node>| -> Vec<(String, Node)> {
            form.order
                .iter()
                .filter_map(|key| {
                    fields
                        .get(key)
                        .map(|n| (key.clone(), ordered_map(form, key, n)))
                })
                .collect()
        };
        match std::fs::read_to_string(&path) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => plan.push(Planned {
                row: index,
                text: yaml::document(&super::schema_reference(form.kind), &ordered(&row.fields)),
                path,
                existed: false,
                changed: true,
            }),
            Err(err) => problems.push(Problem::File(crate::t!(
                "import-unreadable",
                file = path.display().to_string(),
                reason = err.to_string()
            ))),
            Ok(_) if !update => {
                let at = row.id_cell();
                problems.push(Problem::At(
                    at,
                    crate::t!("import-exists", file = relative(root, &path)),
                ));
            }
            Ok(old_text) => {
                let old: Value = match serde_yaml::from_str(&old_text) {
                    Ok(value) => value,
                    Err(err) => {
                        problems.push(Problem::File(crate::t!(
                            "import-unreadable",
                            file = relative(root, &path),
                            reason = err.to_string()
                        )));
                        continue;
                    }
                };
                let changes = changes(form, &old, &row.fields, owned);
                let text = yaml::update(&old_text, &changes, &form.order);
                plan.push(Planned {
                    row: index,
                    changed: text != old_text,
                    text,
                    path,
                    existed: true,
                });
            }
        }
    }
    plan
}

/// Object fields in the order of the form's columns (a period's start before its end).
fn ordered_map(form: &Form, key: &str, node: &Node) -> Node {
    let Node::Map(entries) = node else {
        return node.clone();
    };
    let prefix = format!("{key}.");
    let mut entries = entries.clone();
    let rank = |sub: &str| {
        form.sheets[0]
            .columns
            .iter()
            .position(|c| c.path.strip_prefix(&prefix) == Some(sub))
            .unwrap_or(usize::MAX)
    };
    entries.sort_by_key(|(sub, _)| rank(sub));
    Node::Map(entries)
}

/// The top-level fields an update sets (`Some`) or removes (`None`): the owned ones whose
/// value differs from the file's. An object keeps the sub-keys the input has no column for.
fn changes(
    form: &Form,
    old: &Value,
    fields: &BTreeMap<String, Node>,
    owned: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<(String, Option<Node>)> {
    let mut changes = Vec::new();
    for key in &form.order {
        let Some(subs) = owned.get(key) else { continue };
        let old_value = old.get(key.as_str()).cloned();
        let new_value: Option<Value> = if subs.is_empty() {
            fields.get(key).map(Node::to_value)
        } else {
            let mut map = match &old_value {
                Some(Value::Mapping(map)) => map.clone(),
                _ => serde_yaml::Mapping::new(),
            };
            for sub in subs {
                map.remove(sub.as_str());
            }
            if let Some(Node::Map(entries)) = fields.get(key) {
                for (sub, node) in entries {
                    map.insert(Value::String(sub.clone()), node.to_value());
                }
            }
            (!map.is_empty()).then_some(Value::Mapping(map))
        };
        if new_value != old_value {
            let node = new_value
                .as_ref()
                .map(|v| ordered_map(form, key, &Node::from_value(v)));
            changes.push((key.clone(), node));
        }
    }
    changes
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The imported records with the rest of the content, through the checks of `build`;
/// problems in an imported record are reported at its cells.
fn check_with_content(
    root: &Path,
    kind: RecordKind,
    plan: &[Planned],
    rows: &[Row],
    build_date: Date,
) -> Result<(), Vec<Problem>> {
    let mut content = match kanmin_content::load(&root.join("content")) {
        Ok(content) => content,
        Err(diagnostics) => return Err(content_problems(root, diagnostics, &HashMap::new())),
    };
    let folder = kind.folder();
    let mut by_path = HashMap::new();
    let mut problems = Vec::new();
    let replaced: BTreeSet<&str> = plan.iter().map(|p| rows[p.row].id.as_str()).collect();
    remove_records(&mut content, kind, &replaced);
    for planned in plan {
        let row = &rows[planned.row];
        let source = kanmin_content::model::Source {
            path: planned.path.clone(),
            text: planned.text.as_str().into(),
        };
        by_path.insert(PathBuf::from(relative(root, &planned.path)), row);
        if let Err(diagnostic) = kanmin_content::add_record(&mut content, folder, &row.id, source) {
            problems.extend(content_problems(
                root,
                Diagnostics(vec![diagnostic]),
                &by_path,
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    crate::validate_and_disclose(
        content,
        None,
        root,
        build_date,
        &mut crate::Timings::default(),
    )
    .map(|_| ())
    .map_err(|diagnostics| content_problems(root, diagnostics, &by_path))
}

/// The records an update replaces, taken out of the loaded content before the new texts go in.
fn remove_records(
    content: &mut kanmin_content::model::Content,
    kind: RecordKind,
    ids: &BTreeSet<&str>,
) {
    match kind {
        RecordKind::Partnership => content
            .partnerships
            .retain(|(r, _)| !ids.contains(r.id.as_str())),
        RecordKind::Theme => content.themes.retain(|(r, _)| !ids.contains(r.id.as_str())),
        RecordKind::Proposal => content
            .proposals
            .retain(|(r, _)| !ids.contains(r.id.as_str())),
        RecordKind::Sounding => content
            .soundings
            .retain(|(r, _)| !ids.contains(r.id.as_str())),
    }
}

/// Diagnostics of the content check, placed at the cells of the rows they concern.
fn content_problems(
    root: &Path,
    diagnostics: Diagnostics,
    rows: &HashMap<PathBuf, &Row>,
) -> Vec<Problem> {
    let diagnostics = diagnostics.relative_to(root);
    diagnostics
        .0
        .into_iter()
        .map(|diagnostic| {
            let row = match &diagnostic.origin {
                Origin::File { path, .. } => rows.get(path),
                _ => None,
            };
            match row {
                Some(row) => {
                    Problem::At(cell_of(row, &diagnostic.field), field_message(&diagnostic))
                }
                None => Problem::Content(diagnostic.to_string()),
            }
        })
        .collect()
}

fn field_message(diagnostic: &Diagnostic) -> String {
    match diagnostic.field.as_str() {
        "" => diagnostic.message.clone(),
        field => crate::t!(
            "import-field-message",
            field = field.to_string(),
            message = diagnostic.message.clone()
        ),
    }
}

/// The cell a field path (`partners[1].corporate_number`, `period.end`, `departments[0]`)
/// was read from; the row's ID cell when none is.
fn cell_of(row: &Row, field: &str) -> Place {
    let (head, rest) = match field.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (field, None),
    };
    let (name, index) = match head.split_once('[') {
        Some((name, index)) => (name, index.trim_end_matches(']').parse::<usize>().ok()),
        None => (head, None),
    };
    if let Some(children) = row.children.get(name) {
        if let Some(child) = index.and_then(|i| children.get(i)) {
            return rest
                .and_then(|sub| {
                    let sub = sub.split(['.', '[']).next().unwrap_or(sub);
                    child.cells.get(sub).cloned()
                })
                .unwrap_or_else(|| child.place.clone());
        }
    }
    let nested =
        rest.map(|rest| format!("{name}.{}", rest.split(['.', '[']).next().unwrap_or(rest)));
    nested
        .and_then(|path| row.cells.get(&path).cloned())
        .or_else(|| row.cells.get(name).cloned())
        .or_else(|| row.cells.get("id").cloned())
        .unwrap_or_else(|| row.place.clone())
}

/// Writes every file to a temporary file in its folder first, flushes them to the disk, and
/// renames them into place only when all are written: a full disk or a crash leaves no
/// record half-written and, but for a failed rename, none written at all.
fn write(plan: Vec<Planned>) -> Result<Imported, String> {
    use std::io::Write;
    let failed = |path: &Path, err: std::io::Error| {
        crate::t!(
            "import-write-failed",
            file = path.display().to_string(),
            reason = err.to_string()
        )
    };
    let mut imported = Imported::default();
    let mut staged = Vec::new();
    for planned in plan {
        if !planned.changed {
            imported.unchanged.push(planned.path);
            continue;
        }
        let folder = planned.path.parent().expect("a record file has a folder");
        std::fs::create_dir_all(folder).map_err(|err| failed(folder, err))?;
        let mut temporary =
            tempfile::NamedTempFile::new_in(folder).map_err(|err| failed(folder, err))?;
        temporary
            .write_all(planned.text.as_bytes())
            .map_err(|err| failed(&planned.path, err))?;
        staged.push((temporary, planned));
    }
    let files: Vec<&std::fs::File> = staged.iter().map(|(t, _)| t.as_file()).collect();
    flush(&files).map_err(|err| failed(&staged[0].1.path, err))?;
    for (temporary, planned) in staged {
        temporary
            .persist(&planned.path)
            .map_err(|err| failed(&planned.path, err.error))?;
        if planned.existed {
            imported.updated.push(planned.path);
        } else {
            imported.created.push(planned.path);
        }
    }
    Ok(imported)
}

/// Puts the files' bytes on the disk. One `syncfs` on Linux: an fsync per file made a
/// 10,000-row import take 40 s instead of 3.
fn flush(files: &[&std::fs::File]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if let Some(file) = files.first() {
        use std::os::fd::AsRawFd;
        // SAFETY: the descriptor belongs to an open file that outlives the call.
        if unsafe { libc::syncfs(file.as_raw_fd()) } == 0 {
            return Ok(());
        }
    }
    files.iter().try_for_each(|file| file.sync_all())
}
