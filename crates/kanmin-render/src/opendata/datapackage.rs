//! `datapackage.json`: a Data Package (v2) describing every CSV file with a Table Schema made
//! from the same column definitions as the CSV headers, keys linking child tables to their
//! records, and the workbooks and OCDS packages as further resources.

use serde_json::{json, Map, Value as Json};

use super::schema::{self, Column};
use super::{ocds, DatasetFiles, FileInfo, TableFile, DATA_DIR};
use kanmin_public as public;

const PROFILES: &str = "https://datapackage.org/profiles/2.0/";
const XLSX_MEDIA_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// What the CSV files are: comma, CRLF, header row. The BOM needs no word: readers of
/// `utf-8` skip it.
fn dialect() -> Json {
    json!({
        "$schema": format!("{PROFILES}tabledialect.json"),
        "header": true,
        "delimiter": ",",
        "lineTerminator": "\r\n",
        "quoteChar": "\"",
        "doubleQuote": true,
    })
}

/// A title in Japanese and in English. Table Schema's `title` is one string, kept Japanese for
/// the tools that read it; `titles` adds the languages the way CSV on the Web writes a
/// column's titles (a map from language tag to title), which Data Package v2 allows as an
/// extra property.
fn titles(ja: &str, en: &str) -> Json {
    json!({ "ja": ja, "en": en })
}

fn field(column: &Column) -> Json {
    let mut field = Map::new();
    field.insert("name".into(), json!(column.name));
    field.insert("title".into(), json!(column.title));
    field.insert("titles".into(), titles(&column.title, &column.title_en));
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
    // Table Schema patterns match the whole value without anchors (XML Schema regexes).
    if let Some(pattern) = column.pattern {
        constraints.insert(
            "pattern".into(),
            json!(pattern.trim_start_matches('^').trim_end_matches('$')),
        );
    }
    if let Some(minimum) = column.minimum {
        constraints.insert("minimum".into(), json!(minimum));
    }
    if let Some(maximum) = column.maximum {
        constraints.insert("maximum".into(), json!(maximum));
    }
    if !constraints.is_empty() {
        field.insert("constraints".into(), Json::Object(constraints));
    }
    Json::Object(field)
}

/// Every referenced row is present: disclosure resolves links only to published records.
fn foreign_keys(columns: &[Column]) -> Vec<Json> {
    columns
        .iter()
        .filter_map(|column| {
            let target = column.references?;
            Some(json!({
                "fields": [column.name],
                "reference": { "resource": schema::dataset_name(target), "fields": [schema::ID_HEADER] },
            }))
        })
        .collect()
}

fn file_properties(resource: &mut Map<String, Json>, file: &FileInfo) {
    resource.insert(
        "path".into(),
        json!(file.path.strip_prefix(DATA_DIR).unwrap_or(&file.path)),
    );
    resource.insert("bytes".into(), json!(file.bytes));
    resource.insert("hash".into(), json!(format!("sha256:{}", file.sha256)));
}

fn table_resource(table: &TableFile) -> Json {
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        json!(format!("{PROFILES}tableschema.json")),
    );
    schema.insert(
        "fields".into(),
        json!(table.def.columns.iter().map(field).collect::<Vec<_>>()),
    );
    schema.insert("primaryKey".into(), json!(table.def.primary_key()));
    let keys = foreign_keys(&table.def.columns);
    if !keys.is_empty() {
        schema.insert("foreignKeys".into(), json!(keys));
    }
    schema.insert("missingValues".into(), json!([""]));
    let mut resource = Map::new();
    resource.insert("name".into(), json!(table.def.name));
    resource.insert("type".into(), json!("table"));
    file_properties(&mut resource, &table.file);
    resource.insert("title".into(), json!(table.def.title));
    resource.insert(
        "titles".into(),
        titles(&table.def.title, &table.def.title_en),
    );
    resource.insert("description".into(), json!(table.def.description));
    resource.insert("format".into(), json!("csv"));
    resource.insert("mediatype".into(), json!("text/csv"));
    resource.insert("encoding".into(), json!("utf-8"));
    resource.insert("dialect".into(), dialect());
    resource.insert("schema".into(), Json::Object(schema));
    Json::Object(resource)
}

/// The workbook: the same tables as the CSV files, described there.
fn workbook_resource(files: &DatasetFiles) -> Json {
    let mut resource = Map::new();
    resource.insert(
        "name".into(),
        json!(format!("{}-xlsx", schema::dataset_name(files.kind))),
    );
    file_properties(&mut resource, &files.xlsx);
    let title = format!("{}（Excel形式）", schema::dataset_title(files.kind));
    let title_en = format!("{} (Excel)", schema::dataset_title_en(files.kind));
    resource.insert("title".into(), json!(title));
    resource.insert("titles".into(), titles(&title, &title_en));
    resource.insert(
        "description".into(),
        json!(format!(
            "{}のCSVファイルと同じ表を1つのブックにまとめたもの。1つの表が1つのシートで、「項目の説明」シートに列の説明があります。",
            schema::dataset_title(files.kind)
        )),
    );
    resource.insert("format".into(), json!("xlsx"));
    resource.insert("mediatype".into(), json!(XLSX_MEDIA_TYPE));
    Json::Object(resource)
}

/// An OCDS package: JSON that follows its official schema, not a table.
fn ocds_resource(package: &ocds::Package, file: &FileInfo) -> Json {
    let mut resource = Map::new();
    resource.insert("name".into(), json!(package.name));
    file_properties(&mut resource, file);
    resource.insert("title".into(), json!(package.title));
    resource.insert("titles".into(), titles(package.title, package.title_en));
    resource.insert("description".into(), json!(package.description));
    resource.insert("format".into(), json!("json"));
    resource.insert("mediatype".into(), json!("application/json"));
    resource.insert("encoding".into(), json!("utf-8"));
    resource.insert(
        "sources".into(),
        json!([{ "title": "Open Contracting Data Standard 1.1", "path": package.schema }]),
    );
    Json::Object(resource)
}

pub fn write(site: &public::Site, datasets: &[DatasetFiles], ocds_files: &[FileInfo]) -> Vec<u8> {
    let licence = &site.info.licence;
    let municipality = &site.info.municipality;
    let mut resources: Vec<Json> = datasets
        .iter()
        .flat_map(|d| d.tables.iter().map(table_resource))
        .collect();
    resources.extend(datasets.iter().map(workbook_resource));
    resources.extend(
        ocds::PACKAGES
            .iter()
            .zip(ocds_files)
            .map(|(package, file)| ocds_resource(package, file)),
    );
    let title = format!("{}の官民連携データ", municipality.name);
    let title_en = format!(
        "Public-private partnership data of {}",
        site.info
            .en
            .municipality
            .as_deref()
            .unwrap_or(&municipality.name)
    );
    let package = json!({
        "$schema": format!("{PROFILES}datapackage.json"),
        "name": format!("public-private-partnerships-{}", municipality.code),
        "id": format!("{}{DATA_DIR}datapackage.json", site.info.base_url),
        "title": title,
        "titles": titles(&title, &title_en),
        "description": format!(
            "{}の官民連携（連携事例、テーマ設定型の募集テーマ、提案、サウンディング型市場調査）の公開データです。CSVは文字コードUTF-8（BOM付き）、改行CRLFで、1つのセルに1つの値を入れています。",
            municipality.name
        ),
        "homepage": format!("{}{DATA_DIR}", site.info.base_url),
        "created": format!("{}T00:00:00Z", site.info.build_date.iso()),
        "keywords": ["官民連携", "公民連携", municipality.name],
        "licenses": [{ "name": licence.id, "path": licence.url, "title": licence.title }],
        "contributors": [{ "title": municipality.name, "roles": ["publisher"] }],
        "resources": resources,
    });
    let mut bytes = serde_json::to_vec_pretty(&package).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
