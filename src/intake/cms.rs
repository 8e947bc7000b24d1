//! The web editor for staff who will not use git: a Decap CMS configuration under `admin/`,
//! made from the same forms as the import template (Japanese labels, vocabularies as
//! selects, links as pickers of existing records, the disclosure block explained), written
//! only when `site.yaml` has `editor:`.
//!
//! Markdown fields are plain text areas (`widget: text`), not Decap's rich-text editor:
//! that editor (Slate) has a long record of losing or doubling text typed through a Japanese
//! input method (decap-cms issues 1347, 4629, 4837); a text area leaves composition to the
//! browser. docs/editing.md says more.

use serde_json::{json, Map, Value};

use super::fields::{self, Column, FieldType, Form};
use kanmin_public::protectable::protectable_paths;
use kanmin_public::{Editor, LocalBackend, RecordKind};
use kanmin_render::opendata::schema;
use kanmin_render::OutputFile;

/// The Decap CMS release the configuration is written for and tested with.
pub const DECAP_SCRIPT: &str = "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js";

/// Record ids the CMS gives new records: the moment they were created, which no one need
/// invent and which never changes (`20261202-101530`).
const SLUG: &str = "{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}";

/// `admin/index.html` and `admin/config.yml`.
pub fn files(editor: &Editor) -> Vec<OutputFile> {
    let config = config(editor);
    let yaml = serde_yaml::to_string(&config).expect("the configuration serialises");
    let text = format!(
        "# Written by kanmin from its record forms and site.yaml's `editor`; edit those, not this file.\n{yaml}"
    );
    let script = editor.script.as_deref().unwrap_or(DECAP_SCRIPT);
    let page = format!(
        "<!doctype html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>記録の編集</title>\n<link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n</head>\n<body>\n<script src=\"{}\"></script>\n</body>\n</html>\n",
        escape_attribute(script)
    );
    vec![
        OutputFile::new("admin/config.yml".to_string(), text.into_bytes()),
        OutputFile::new("admin/index.html".to_string(), page.into_bytes()),
    ]
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

fn config(editor: &Editor) -> Value {
    let mut config = Map::new();
    config.insert("backend".into(), Value::Object(editor.backend.clone()));
    match &editor.local_backend {
        Some(LocalBackend::On(on)) => {
            config.insert("local_backend".into(), json!(on));
        }
        Some(LocalBackend::Url { url }) => {
            config.insert("local_backend".into(), json!({ "url": url }));
        }
        None => {}
    }
    config.insert("locale".into(), json!("ja"));
    // Decap requires a media folder; records link documents by URL and upload nothing.
    config.insert("media_folder".into(), json!("content/media"));
    config.insert(
        "collections".into(),
        Value::Array(fields::KINDS.into_iter().map(collection).collect()),
    );
    Value::Object(config)
}

fn collection(kind: RecordKind) -> Value {
    let form = fields::form(kind);
    let title = schema::dataset_title(kind);
    json!({
        "name": kind.folder(),
        "label": title,
        "label_singular": title,
        "description": schema::dataset_description(kind),
        "folder": format!("content/{}", kind.folder()),
        "extension": "yaml",
        "format": "yaml",
        "create": true,
        "identifier_field": "title",
        "slug": SLUG,
        "summary": "{{title}}",
        "sortable_fields": ["title"],
        "fields": record_fields(&form),
    })
}

/// The record's fields in file order: columns of the record sheet, objects for nested
/// fields, lists for the child sheets.
fn record_fields(form: &Form) -> Vec<Value> {
    let main = &form.sheets[0];
    let required = fields::required_fields(form.kind);
    let mut out = Vec::new();
    for key in &form.order {
        if let Some(sheet) = form.sheets[1..]
            .iter()
            .find(|s| s.list == Some(key.as_str()))
        {
            let subs: Vec<Value> = sheet
                .columns
                .iter()
                .filter(|c| c.path != "id" && c.path != "order")
                .map(|c| widget(form.kind, c, c.path.as_str()))
                .collect();
            let mut list = json!({
                "name": key,
                "label": sheet.name,
                "label_singular": sheet.name,
                "hint": sheet.description,
                "widget": "list",
                "required": sheet.required,
                "fields": subs,
            });
            if sheet.required {
                list["min"] = json!(1);
            }
            out.push(list);
        } else if let Some(column) = main.columns.iter().find(|c| c.path == *key) {
            out.push(widget(form.kind, column, key));
        } else {
            let subs: Vec<&Column> = main
                .columns
                .iter()
                .filter(|c| c.path.split_once('.').is_some_and(|(k, _)| k == key))
                .collect();
            if subs.is_empty() {
                continue;
            }
            let fields: Vec<Value> = subs
                .iter()
                .map(|c| widget(form.kind, c, c.path.split_once('.').map_or("", |(_, s)| s)))
                .collect();
            let (label, hint) = object_label(key, subs[0]);
            out.push(json!({
                "name": key,
                "label": label,
                "hint": hint,
                "widget": "object",
                "required": required.contains(&key.as_str()),
                "collapsed": !required.contains(&key.as_str()),
                "fields": fields,
            }));
        }
    }
    out
}

/// How an object is headed: the disclosure block and staff notes by what they are, other
/// objects (a period, the proposer) by their columns' common start.
fn object_label(key: &str, first: &Column) -> (String, String) {
    match key {
        "disclosure" => (
            "提案情報の取り扱い".to_string(),
            "官民連携指針により、提案者のノウハウは提案者と協議したとおり保護し、それ以外は広く公開します。「公開範囲の協議」が済むまで、提案・サウンディングは一切公開されません。保護する項目は公開のページ・データのどこにも出ません。".to_string(),
        ),
        "en" => (
            "英語（English）".to_string(),
            "英語のページ（/en/）に使う文。空欄の項目は日本語のまま表示されます。".to_string(),
        ),
        "internal" => (
            "内部メモ".to_string(),
            "職員だけが読むメモ。どこにも公開されません。".to_string(),
        ),
        _ => {
            let label = schema::KINDS
                .into_iter()
                .flat_map(schema::field_infos)
                .find(|info| info.key == key)
                .map_or_else(|| first.header.clone(), |info| info.title.to_string());
            (label, String::new())
        }
    }
}

fn options(vocabulary: &kanmin_public::vocab::Vocabulary) -> Vec<Value> {
    vocabulary
        .terms
        .iter()
        .map(|(code, label)| json!({"label": label, "value": code}))
        .collect()
}

fn widget(kind: RecordKind, column: &Column, name: &str) -> Value {
    let mut field = match column.ty {
        FieldType::Text => json!({"widget": "string"}),
        // A text area: see the module's note on Japanese input.
        FieldType::Markdown => json!({"widget": "text"}),
        FieldType::Url => {
            json!({"widget": "string", "pattern": ["^[Hh][Tt][Tt][Pp][Ss]?://", "http:// か https:// で始まるアドレスを入れてください"]})
        }
        FieldType::Date => json!({
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": false,
            "picker_utc": true,
        }),
        FieldType::Bool => json!({"widget": "boolean", "default": false}),
        FieldType::Integer | FieldType::Yen => {
            json!({"widget": "number", "value_type": "int", "min": 0})
        }
        FieldType::Measure => json!({"widget": "string"}),
        FieldType::Code(vocabulary) => json!({"widget": "select", "options": options(vocabulary)}),
        FieldType::Codes(vocabulary) => {
            json!({"widget": "select", "multiple": true, "options": options(vocabulary)})
        }
        FieldType::Texts | FieldType::Lines => json!({
            "widget": "list",
            "field": {"name": "item", "label": column.header, "widget": "string"},
        }),
        FieldType::Goals => json!({
            "widget": "list",
            "field": {"name": "goal", "label": column.header, "widget": "number", "value_type": "int", "min": 1, "max": 17},
        }),
        FieldType::Link(target) => relation(target, false),
        FieldType::Links(target) => relation(target, true),
        FieldType::ProtectedPaths => json!({
            "widget": "select",
            "multiple": true,
            "options": protectable_paths(kind).iter().map(|p| json!({"label": p, "value": p})).collect::<Vec<_>>(),
        }),
    };
    let object = field.as_object_mut().expect("a widget object");
    object.insert("name".into(), json!(name));
    object.insert("label".into(), json!(column.header));
    object.insert("hint".into(), json!(column.description));
    object.insert("required".into(), json!(column.required));
    field
}

/// A picker of the existing records of `kind`, by title, storing the id (the file name).
fn relation(kind: RecordKind, multiple: bool) -> Value {
    json!({
        "widget": "relation",
        "collection": kind.folder(),
        "value_field": "{{slug}}",
        "search_fields": ["title"],
        "display_fields": ["title"],
        "multiple": multiple,
    })
}
