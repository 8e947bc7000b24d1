//! Open data under `/data/`: per record kind a JSON file (exact values, with a JSON Schema),
//! CSV files (a record table and child tables, following the Digital Agency's
//! machine-readability rules) and an Excel workbook of the same tables, a Frictionless Data
//! Package, a DCAT-AP catalogue, and the `/data/` page that explains them.
//!
//! Every file is made from the same `public::Site` records the pages show, so a record is in
//! the data exactly when it has a page, and nothing withheld can reach a data file.

pub mod csv;
pub mod datapackage;
pub mod dcat;
pub mod json;
pub mod ocds;
pub mod schema;
pub mod table;
pub mod xlsx;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::format;
use crate::html::PageJob;
use crate::messages::Locale;
use crate::OutputFile;
use kanmin_public::date::Date;
use kanmin_public::diagnostics::{Diagnostic, Diagnostics};
use kanmin_public::{self as public, RecordKind};
use schema::{Field, FieldInfo, TableDef, Type, Value, KINDS};

/// The data files and the page that lists them.
#[derive(Clone)]
pub struct OpenData {
    pub files: Vec<OutputFile>,
    pub page: PageJob,
}

/// One kind's published records as values, in the order of its list page.
pub struct Dataset {
    pub kind: RecordKind,
    pub fields: Vec<FieldInfo>,
    pub rows: Vec<Vec<Value>>,
}

impl Dataset {
    pub fn name(&self) -> &'static str {
        schema::dataset_name(self.kind)
    }

    /// The record's id: the first field of every kind.
    pub fn row_id(row: &[Value]) -> &str {
        match row.first() {
            Some(Value::Text(id)) => id,
            _ => "",
        }
    }
}

fn dataset<R: Sync>(
    kind: RecordKind,
    fields: Vec<Field<R>>,
    records: &[R],
    base_url: &str,
) -> Dataset {
    let rows = records
        .par_iter()
        .map(|record| {
            fields
                .iter()
                .map(|field| match ((field.get)(record), field.ty) {
                    (Value::Text(path), Type::PageUrl) => Value::Text(format!("{base_url}{path}")),
                    (value, _) => value,
                })
                .collect()
        })
        .collect();
    Dataset {
        kind,
        fields: fields.iter().map(Field::info).collect(),
        rows,
    }
}

pub fn datasets(site: &public::Site) -> Vec<Dataset> {
    let base = &site.info.base_url;
    KINDS
        .iter()
        .map(|kind| match kind {
            RecordKind::Partnership => dataset(
                *kind,
                schema::partnership_fields(),
                &site.partnerships,
                base,
            ),
            RecordKind::Theme => dataset(*kind, schema::theme_fields(), &site.themes, base),
            RecordKind::Proposal => {
                dataset(*kind, schema::proposal_fields(), &site.proposals, base)
            }
            RecordKind::Sounding => {
                dataset(*kind, schema::sounding_fields(), &site.soundings, base)
            }
        })
        .collect()
}

pub use kanmin_public::Licence;

/// One generated file: what the page, package and catalogue say about it.
#[derive(Debug, Clone, Serialize)]
pub struct FileInfo {
    pub path: String,
    pub url: String,
    pub bytes: usize,
    pub size: String,
    pub sha256: String,
}

impl FileInfo {
    fn of(file: &OutputFile, base_url: &str) -> FileInfo {
        FileInfo {
            path: file.path.clone(),
            url: format!("{base_url}{}", file.path),
            bytes: file.bytes.len(),
            size: human_size(file.bytes.len()),
            sha256: Sha256::digest(&file.bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        }
    }
}

/// 12.3KB: for people choosing what to download. In unit symbols, which read the same in
/// every language: the file list is made once for every language's data page.
pub fn human_size(bytes: usize) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes}B")
    } else if b < KB * KB {
        format!("{:.1}KB", b / KB)
    } else {
        format!("{:.1}MB", b / KB / KB)
    }
}

/// One CSV file and the table it holds.
pub struct TableFile {
    pub def: TableDef,
    pub rows: usize,
    pub file: FileInfo,
}

/// The files of one dataset, for the package, catalogue and page.
pub struct DatasetFiles {
    pub kind: RecordKind,
    pub count: usize,
    /// The record table first, then the child tables.
    pub tables: Vec<TableFile>,
    pub xlsx: FileInfo,
    pub json: FileInfo,
    pub json_schema: FileInfo,
    /// The first and last date in the records: the catalogue's temporal coverage.
    pub period: Option<(Date, Date)>,
}

pub const DATA_DIR: &str = "data/";

fn period(dataset: &Dataset) -> Option<(Date, Date)> {
    fn dates(value: &Value, out: &mut Vec<Date>) {
        match value {
            Value::Date(date) => out.push(*date),
            Value::Object(values) => values.iter().for_each(|v| dates(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    dataset
        .rows
        .iter()
        .flatten()
        .for_each(|value| dates(value, &mut all));
    Some((*all.iter().min()?, *all.iter().max()?))
}

/// One dataset's files: its CSV files, its workbook, its JSON file and JSON Schema.
fn dataset_files(
    dataset: &Dataset,
    site: &public::Site,
) -> Result<(DatasetFiles, Vec<OutputFile>), Diagnostics> {
    let base = &site.info.base_url;
    let tables = table::tables(dataset, site)?;
    let mut files = Vec::new();
    let mut described = Vec::new();
    for table in &tables {
        let csv = OutputFile::new(
            format!("{DATA_DIR}{}.csv", table.def.name),
            csv::write(table)?,
        );
        described.push(TableFile {
            def: table.def.clone(),
            rows: table.rows.len(),
            file: FileInfo::of(&csv, base),
        });
        files.push(csv);
    }
    let title = format!(
        "{}（{}）",
        schema::dataset_title(dataset.kind),
        site.info.municipality.name
    );
    let workbook = OutputFile::new(
        format!("{DATA_DIR}{}.xlsx", dataset.name()),
        xlsx::write(&tables, site, &title)?,
    );
    let json = OutputFile::new(
        format!("{DATA_DIR}{}.json", dataset.name()),
        json::write(dataset, site)?,
    );
    let json_schema = OutputFile::new(
        json::schema_path(dataset.kind),
        json::schema(dataset.kind, site),
    );
    let info = DatasetFiles {
        kind: dataset.kind,
        count: dataset.rows.len(),
        tables: described,
        xlsx: FileInfo::of(&workbook, base),
        json: FileInfo::of(&json, base),
        json_schema: FileInfo::of(&json_schema, base),
        period: period(dataset),
    };
    files.extend([workbook, json, json_schema]);
    Ok((info, files))
}

/// Builds every data file, then the data page with their sizes.
pub fn render(site: &public::Site) -> Result<OpenData, Diagnostics> {
    let datasets = datasets(site);
    let base = &site.info.base_url;
    let written: Vec<Result<(DatasetFiles, Vec<OutputFile>), Diagnostics>> = datasets
        .par_iter()
        .map(|dataset| dataset_files(dataset, site))
        .collect();
    let mut diagnostics = Diagnostics::default();
    let mut files = Vec::new();
    let mut described = Vec::new();
    for result in written {
        match result {
            Ok((info, written)) => {
                described.push(info);
                files.extend(written);
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    let mut files = diagnostics.into_result(files)?;
    // The OCDS packages first: the data package and the catalogue list them too.
    let ocds = ocds::files(site);
    let ocds_info: Vec<FileInfo> = ocds.iter().map(|f| FileInfo::of(f, base)).collect();
    files.extend(ocds);
    let package = OutputFile::new(
        format!("{DATA_DIR}datapackage.json"),
        datapackage::write(site, &described, &ocds_info),
    );
    let package_info = FileInfo::of(&package, base);
    let (jsonld, turtle) = dcat::write(site, &described, &ocds_info);
    let jsonld = OutputFile::new(format!("{DATA_DIR}catalog.jsonld"), jsonld);
    let turtle = OutputFile::new(format!("{DATA_DIR}catalog.ttl"), turtle);
    let catalogue = [FileInfo::of(&jsonld, base), FileInfo::of(&turtle, base)];
    files.extend([package, jsonld, turtle]);
    let page = page(site, &described, package_info, catalogue).with("ocds", &ocds_info);
    Ok(OpenData { files, page })
}

/// The data page in `site`'s language: the files it lists are the same in every language.
pub fn page_in(page: &PageJob, site: &public::Site, locale: Locale) -> PageJob {
    let mut page = page.clone();
    page.title = crate::texts::data_title(locale).to_string();
    page.description = crate::texts::data_description(locale, &site.info.municipality.name);
    page.context.insert("licence", &site.info.licence);
    page
}

/// A text that cannot be published as it is: names the record file and field.
pub(crate) fn unwritable(kind: RecordKind, id: &str, field: &str, message: String) -> Diagnostic {
    Diagnostic::new(
        std::path::Path::new(&format!("content/{}/{id}.yaml", kind.folder())),
        field,
        message,
    )
}

#[derive(Serialize)]
struct PageColumn {
    name: String,
    title_en: String,
    cell: &'static str,
    description: String,
}

#[derive(Serialize)]
struct PageTable {
    name: String,
    title: String,
    description: String,
    rows: usize,
    csv: FileInfo,
    columns: Vec<PageColumn>,
}

#[derive(Serialize)]
struct PageDataset {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    count: usize,
    tables: Vec<PageTable>,
    xlsx: FileInfo,
    json: FileInfo,
    json_schema: FileInfo,
    codes: Vec<PageVocabulary>,
}

#[derive(Serialize)]
struct PageVocabulary {
    column: String,
    values: Vec<(&'static str, &'static str)>,
}

fn vocabularies(fields: &[FieldInfo]) -> Vec<PageVocabulary> {
    fn collect(title: String, ty: Type, out: &mut Vec<PageVocabulary>) {
        match ty {
            Type::Code(vocabulary) => {
                if let Some(values) = format::vocabulary(vocabulary) {
                    out.push(PageVocabulary {
                        column: title,
                        values: values.to_vec(),
                    });
                }
            }
            Type::List(item) => collect(title, *item, out),
            Type::Object(subs) | Type::Objects(subs) => {
                for sub in subs {
                    collect(format!("{title}{}", sub.title), sub.ty, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for field in fields {
        collect(field.header(), field.ty, &mut out);
    }
    out
}

fn page(
    site: &public::Site,
    described: &[DatasetFiles],
    package: FileInfo,
    catalogue: [FileInfo; 2],
) -> PageJob {
    let datasets: Vec<PageDataset> = described
        .iter()
        .map(|d| PageDataset {
            name: schema::dataset_name(d.kind),
            title: schema::dataset_title(d.kind),
            description: schema::dataset_description(d.kind),
            count: d.count,
            tables: d
                .tables
                .iter()
                .map(|t| PageTable {
                    name: t.def.name.clone(),
                    title: t.def.title.clone(),
                    description: t.def.description.clone(),
                    rows: t.rows,
                    csv: t.file.clone(),
                    columns: t
                        .def
                        .columns
                        .iter()
                        .map(|c| PageColumn {
                            name: c.name.clone(),
                            title_en: c.title_en.clone(),
                            cell: c.cell.label(),
                            description: c.description.clone(),
                        })
                        .collect(),
                })
                .collect(),
            xlsx: d.xlsx.clone(),
            json: d.json.clone(),
            json_schema: d.json_schema.clone(),
            codes: vocabularies(&schema::field_infos(d.kind)),
        })
        .collect();
    PageJob::new(DATA_DIR, "data.html", "", "")
        .with("datasets", &datasets)
        .with("package", &package)
        .with("catalogue", &catalogue)
        .with("licence", &site.info.licence)
        .with("changes", &schema::changes())
}
