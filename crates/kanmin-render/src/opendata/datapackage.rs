//! `datapackage.json`: a Frictionless Tabular Data Package describing every CSV file with a
//! Table Schema made from the same column list as the CSV headers.

use serde_json::{json, Map, Value as Json};

use super::schema::{self, Column};
use super::{DatasetFiles, Licence, DATA_DIR};
use kanmin_public::{self as public, RecordKind};

/// What the CSV files are, for Frictionless: comma, CRLF, header row, UTF-8 with BOM.
fn dialect() -> Json {
    json!({
        "delimiter": ",",
        "lineTerminator": "\r\n",
        "quoteChar": "\"",
        "doubleQuote": true,
        "header": true,
    })
}

fn field(column: &Column) -> Json {
    let mut field = Map::new();
    field.insert("name".into(), json!(column.name));
    field.insert("title".into(), json!(column.title));
    field.insert("description".into(), json!(column.description));
    field.insert("type".into(), json!(column.cell.table_schema()));
    if let Some(format) = column.format {
        field.insert("format".into(), json!(format));
    }
    let mut constraints = Map::new();
    if column.required {
        constraints.insert("required".into(), json!(true));
    }
    if let Some(allowed) = &column.allowed {
        constraints.insert("enum".into(), json!(allowed));
    }
    if column.name == schema::MUNICIPALITY_CODE_HEADER {
        constraints.insert("pattern".into(), json!("[0-9]{6}"));
    }
    if !constraints.is_empty() {
        field.insert("constraints".into(), Json::Object(constraints));
    }
    Json::Object(field)
}

/// Foreign keys only for single-id columns: a list cell (`a;b`) cannot be a key, and disclosure
/// resolves links only to published records, so every referenced row is present.
fn foreign_keys(columns: &[Column]) -> Vec<Json> {
    columns
        .iter()
        .filter_map(|column| {
            let target: RecordKind = column.references?;
            Some(json!({
                "fields": column.name,
                "reference": { "resource": schema::dataset_name(target), "fields": "id" },
            }))
        })
        .collect()
}

fn resource(files: &DatasetFiles) -> Json {
    let columns = schema::columns(files.kind);
    json!({
        "name": schema::dataset_name(files.kind),
        "path": files.csv.path.strip_prefix(DATA_DIR).unwrap_or(&files.csv.path),
        "profile": "tabular-data-resource",
        "title": schema::dataset_title(files.kind),
        "description": schema::dataset_description(files.kind),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "bytes": files.csv.bytes,
        "hash": format!("sha256:{}", files.csv.sha256),
        "dialect": dialect(),
        "schema": {
            "fields": columns.iter().map(field).collect::<Vec<_>>(),
            "primaryKey": ["id"],
            "foreignKeys": foreign_keys(&columns),
            "missingValues": [""],
        },
    })
}

pub fn write(site: &public::Site, datasets: &[DatasetFiles]) -> Vec<u8> {
    let licence = Licence::of(site);
    let municipality = &site.info.municipality;
    let package = json!({
        "profile": "tabular-data-package",
        "name": format!("public-private-partnerships-{}", municipality.code),
        "id": format!("{}{DATA_DIR}datapackage.json", site.info.base_url),
        "title": format!("{}の官民連携データ", municipality.name),
        "description": format!(
            "{}の官民連携（連携事例、テーマ設定型の募集テーマ、提案、サウンディング型市場調査）の公開データです。CSVは文字コードUTF-8（BOM付き）、改行CRLFです。",
            municipality.name
        ),
        "homepage": format!("{}{DATA_DIR}", site.info.base_url),
        "keywords": ["官民連携", "公民連携", municipality.name],
        "licenses": [{ "name": licence.id, "path": licence.url, "title": licence.title }],
        "contributors": [{ "title": municipality.name, "role": "publisher" }],
        "resources": datasets.iter().map(resource).collect::<Vec<_>>(),
    });
    let mut bytes = serde_json::to_vec_pretty(&package).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
