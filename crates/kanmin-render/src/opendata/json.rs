//! JSON: every published value exactly as written (Markdown source, integer yen, ISO dates,
//! codes with their labels beside them), nested where the content is nested, and a JSON
//! Schema (draft 2020-12) per file made from the same field list.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{json, Value as Json};

use super::schema::{self, FieldInfo, SubField, Type, Value};
use super::{unwritable, Dataset, DATA_DIR};
use crate::format;
use kanmin_public::diagnostics::{Diagnostic, Diagnostics};
use kanmin_public::{self as public, RecordKind};

pub fn schema_path(kind: RecordKind) -> String {
    format!(
        "{DATA_DIR}schema/{}.schema.json",
        schema::dataset_name(kind)
    )
}

/// A value with its type, serialised in field order without building a JSON tree.
struct Typed<'a> {
    ty: Type,
    value: &'a Value,
}

impl Serialize for Typed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self.ty, self.value) {
            (_, Value::Null | Value::Withheld) => serializer.serialize_none(),
            (_, Value::Text(text)) => serializer.serialize_str(text),
            (_, Value::Code(code)) => serializer.serialize_str(code),
            (_, Value::Integer(n)) => serializer.serialize_i64(*n),
            (_, Value::Number(n)) => serializer.serialize_f64(*n),
            (_, Value::Date(date)) => serializer.serialize_str(&date.iso()),
            (_, Value::Bool(b)) => serializer.serialize_bool(*b),
            (Type::List(item), Value::List(items)) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for value in items {
                    seq.serialize_element(&Typed { ty: *item, value })?;
                }
                seq.end()
            }
            (Type::Object(subs), Value::Object(values)) => {
                Object { subs, values }.serialize(serializer)
            }
            (Type::Objects(subs), Value::Objects(objects)) => {
                let mut seq = serializer.serialize_seq(Some(objects.len()))?;
                for values in objects {
                    seq.serialize_element(&Object { subs, values })?;
                }
                seq.end()
            }
            (ty, value) => Err(serde::ser::Error::custom(format!(
                "internal error: {value:?} is not a {ty:?} value"
            ))),
        }
    }
}

/// The label beside a code (`pattern_label`), or beside each code of a list.
struct Label<'a> {
    ty: Type,
    value: &'a Value,
}

impl Serialize for Label<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self.ty, self.value) {
            (Type::Code(vocabulary), Value::Code(code)) => match format::label(vocabulary, code) {
                Some(label) => serializer.serialize_str(label),
                None => Err(serde::ser::Error::custom(format!(
                    "`{code}` has no label in vocabulary `{vocabulary}`"
                ))),
            },
            (Type::List(item), Value::List(items)) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for value in items {
                    seq.serialize_element(&Label { ty: *item, value })?;
                }
                seq.end()
            }
            _ => serializer.serialize_none(),
        }
    }
}

fn has_label(ty: Type) -> bool {
    match ty {
        Type::Code(_) => true,
        Type::List(item) => has_label(*item),
        _ => false,
    }
}

fn label_key(key: &str) -> String {
    format!("{key}_label")
}

struct Object<'a> {
    subs: &'a [SubField],
    values: &'a [Value],
}

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (sub, value) in self.subs.iter().zip(self.values) {
            map.serialize_entry(sub.key, &Typed { ty: sub.ty, value })?;
            if has_label(sub.ty) {
                map.serialize_entry(&label_key(sub.key), &Label { ty: sub.ty, value })?;
            }
        }
        map.end()
    }
}

struct Record<'a> {
    fields: &'a [FieldInfo],
    values: &'a [Value],
}

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (field, value) in self.fields.iter().zip(self.values) {
            map.serialize_entry(
                field.key,
                &Typed {
                    ty: field.ty,
                    value,
                },
            )?;
            if has_label(field.ty) {
                map.serialize_entry(
                    &label_key(field.key),
                    &Label {
                        ty: field.ty,
                        value,
                    },
                )?;
            }
        }
        map.end()
    }
}

struct Records<'a>(&'a Dataset);

impl Serialize for Records<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.rows.len()))?;
        for row in &self.0.rows {
            seq.serialize_element(&Record {
                fields: &self.0.fields,
                values: row,
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct Publisher<'a> {
    name: &'a str,
    prefecture: &'a str,
    code: &'a str,
}

#[derive(Serialize)]
struct LicenceJson<'a> {
    name: &'a str,
    path: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: String,
    dataset: &'a str,
    title: &'a str,
    description: &'a str,
    publisher: Publisher<'a>,
    license: LicenceJson<'a>,
    modified: String,
    count: usize,
    records: Records<'a>,
}

/// The JSON file of one dataset.
pub fn write(dataset: &Dataset, site: &public::Site) -> Result<Vec<u8>, Diagnostics> {
    check_numbers(dataset)?;
    let licence = &site.info.licence;
    let municipality = &site.info.municipality;
    let document = Document {
        schema: format!("{}{}", site.info.base_url, schema_path(dataset.kind)),
        dataset: dataset.name(),
        title: schema::dataset_title(dataset.kind),
        description: schema::dataset_description(dataset.kind),
        publisher: Publisher {
            name: &municipality.name,
            prefecture: &municipality.prefecture,
            code: &municipality.code,
        },
        license: LicenceJson {
            name: &licence.id,
            path: &licence.url,
            title: &licence.title,
        },
        modified: site.info.build_date.iso(),
        count: dataset.rows.len(),
        records: Records(dataset),
    };
    let mut bytes = serde_json::to_vec_pretty(&document).map_err(|err| {
        Diagnostics(vec![Diagnostic::new(
            std::path::Path::new(&format!("data/{}.json", dataset.name())),
            "",
            format!("writing JSON: {err}"),
        )])
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// JSON has no NaN or infinity: such a KPI value would silently become null.
fn check_numbers(dataset: &Dataset) -> Result<(), Diagnostics> {
    fn find(value: &Value, path: &str, out: &mut Vec<String>) {
        match value {
            Value::Number(n) if !n.is_finite() => out.push(path.to_string()),
            Value::List(items) | Value::Object(items) => {
                items.iter().for_each(|v| find(v, path, out))
            }
            Value::Objects(objects) => objects.iter().flatten().for_each(|v| find(v, path, out)),
            _ => {}
        }
    }
    let mut diagnostics = Diagnostics::default();
    for row in &dataset.rows {
        for (field, value) in dataset.fields.iter().zip(row) {
            let mut bad = Vec::new();
            find(value, field.key, &mut bad);
            for path in bad {
                diagnostics.push(unwritable(
                    dataset.kind,
                    Dataset::row_id(row),
                    &path,
                    "holds a number that is not finite (NaN or infinity), which JSON and CSV cannot carry".to_string(),
                ));
            }
        }
    }
    diagnostics.into_result(())
}

fn nullable(schema: Json, nullable: bool) -> Json {
    if nullable {
        json!({ "anyOf": [schema, { "type": "null" }] })
    } else {
        schema
    }
}

fn type_schema(ty: Type, description: &str) -> Json {
    match ty {
        Type::Text => json!({ "type": "string", "description": description }),
        Type::Markdown => {
            json!({ "type": "string", "contentMediaType": "text/markdown", "description": description })
        }
        Type::Url | Type::PageUrl => {
            json!({ "type": "string", "format": "uri", "description": description })
        }
        Type::Integer => json!({ "type": "integer", "description": description }),
        Type::Date => {
            json!({ "type": "string", "format": "date", "pattern": schema::DATE_PATTERN, "description": description })
        }
        Type::Boolean => json!({ "type": "boolean", "description": description }),
        Type::Code(vocabulary) => {
            let codes: Vec<&str> = format::vocabulary(vocabulary)
                .unwrap_or(&[])
                .iter()
                .map(|(c, _)| *c)
                .collect();
            json!({ "type": "string", "enum": codes, "description": description })
        }
        Type::Measure => json!({ "type": ["number", "string"], "description": description }),
        Type::List(item) => {
            json!({ "type": "array", "items": type_schema(*item, ""), "description": description })
        }
        Type::Object(subs) => object_schema(subs, description),
        Type::Objects(subs) => {
            json!({ "type": "array", "items": object_schema(subs, ""), "description": description })
        }
    }
}

fn label_schema(ty: Type, title: &str) -> Json {
    let description = format!("「{title}」の日本語の名称。");
    match ty {
        Type::Code(vocabulary) => {
            let labels: Vec<&str> = format::vocabulary(vocabulary)
                .unwrap_or(&[])
                .iter()
                .map(|(_, l)| *l)
                .collect();
            json!({ "type": "string", "enum": labels, "description": description })
        }
        Type::List(item) => {
            json!({ "type": "array", "items": label_schema(*item, title), "description": description })
        }
        _ => json!({}),
    }
}

/// The loader's rules on a field's values (SCHEMA.md), by what the field holds.
fn constrain(schema: &mut Json, key: &str, holds_ids: bool) {
    let target = if schema["type"] == "array" {
        &mut schema["items"]
    } else {
        schema
    };
    if key == "id" || holds_ids {
        target["pattern"] = json!(schema::ID_PATTERN);
    }
    if key == "corporate_number" {
        target["pattern"] = json!(schema::CORPORATE_NUMBER_PATTERN);
    }
    if key == "sdgs" {
        target["minimum"] = json!(1);
        target["maximum"] = json!(17);
    }
    if key.ends_with("_yen") {
        target["minimum"] = json!(0);
    }
}

fn properties<'a>(
    entries: impl Iterator<Item = (&'a str, &'a str, &'a str, Type, bool, bool)>,
) -> (serde_json::Map<String, Json>, Vec<String>) {
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    for (key, title, description, ty, is_nullable, holds_ids) in entries {
        let mut schema = type_schema(ty, description);
        constrain(&mut schema, key, holds_ids);
        schema["title"] = json!(title);
        properties.insert(key.to_string(), nullable(schema, is_nullable));
        required.push(key.to_string());
        if has_label(ty) {
            properties.insert(
                label_key(key),
                nullable(label_schema(ty, title), is_nullable),
            );
            required.push(label_key(key));
        }
    }
    (properties, required)
}

fn object_schema(subs: &[SubField], description: &str) -> Json {
    let (properties, required) = properties(
        subs.iter()
            .map(|s| (s.key, s.title, s.description, s.ty, s.nullable, false)),
    );
    json!({
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// The JSON Schema of one dataset's JSON file.
pub fn schema(kind: RecordKind, site: &public::Site) -> Vec<u8> {
    let fields = schema::field_infos(kind);
    let (properties, required) = properties(fields.iter().map(|f| {
        (
            f.key,
            f.title,
            f.description,
            f.ty,
            f.nullable,
            f.references.is_some(),
        )
    }));
    let record = json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    });
    let string = json!({ "type": "string" });
    let document = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{}{}", site.info.base_url, schema_path(kind)),
        "title": format!("{}（{}）", schema::dataset_title(kind), site.info.municipality.name),
        "description": schema::dataset_description(kind),
        "type": "object",
        "properties": {
            "$schema": { "type": "string", "format": "uri" },
            "dataset": { "const": schema::dataset_name(kind) },
            "title": string,
            "description": string,
            "publisher": {
                "type": "object",
                "properties": { "name": string, "prefecture": string, "code": { "type": "string", "pattern": schema::MUNICIPALITY_CODE_PATTERN } },
                "required": ["name", "prefecture", "code"],
                "additionalProperties": false,
            },
            "license": {
                "type": "object",
                "properties": { "name": string, "path": { "type": "string", "format": "uri" }, "title": string },
                "required": ["name", "path", "title"],
                "additionalProperties": false,
            },
            "modified": { "type": "string", "format": "date" },
            "count": { "type": "integer", "minimum": 0 },
            "records": { "type": "array", "items": { "$ref": "#/$defs/record" } },
        },
        "required": ["$schema", "dataset", "title", "description", "publisher", "license", "modified", "count", "records"],
        "additionalProperties": false,
        "$defs": { "record": record },
    });
    let mut bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
