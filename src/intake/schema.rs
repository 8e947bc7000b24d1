//! JSON Schemas of the content files (`kanmin schema DIR`, and `docs/schemas/` in the
//! repository), from the same form as the import: with yaml-language-server an editor
//! completes field names and codes, shows the Japanese names and descriptions, and marks
//! mistakes while the clerk types. The loader stays the authority; the schemas say the same
//! where a schema can (types, codes, patterns, required fields, no unknown fields).

use serde_json::{json, Map, Value};

use super::fields::{self, Column, FieldType, Form};
use kanmin_public::protectable::protectable_paths;
use kanmin_public::RecordKind;
use kanmin_render::opendata::schema::{
    CORPORATE_NUMBER_PATTERN, DATE_PATTERN, ID_PATTERN, MUNICIPALITY_CODE_PATTERN,
};

/// Where a project keeps the schemas, relative to its root.
pub const SCHEMA_DIR: &str = "docs/schemas";

/// The schema file of a record kind, relative to the project root.
pub fn schema_path(kind: RecordKind) -> String {
    format!("{SCHEMA_DIR}/{}", file_name(kind))
}

fn file_name(kind: RecordKind) -> String {
    format!("{}.schema.json", kind.folder())
}

const SITE_FILE: &str = "site.schema.json";
const URL_PATTERN: &str = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+";

/// Every schema file: (file name, bytes).
pub fn files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fields::KINDS
        .into_iter()
        .map(|kind| (file_name(kind), pretty(&record_schema(&fields::form(kind)))))
        .collect();
    files.push((SITE_FILE.to_string(), pretty(&site_schema())));
    files
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("a schema serialises");
    bytes.push(b'\n');
    bytes
}

fn described(mut schema: Value, column: &Column) -> Value {
    let object = schema.as_object_mut().expect("a schema object");
    object.insert("title".into(), json!(column.header));
    object.insert("description".into(), json!(column.description));
    schema
}

fn vocabulary_schema(vocabulary: &kanmin_public::vocab::Vocabulary) -> Value {
    json!({
        "type": "string",
        "enum": vocabulary.terms.iter().map(|(code, _)| *code).collect::<Vec<_>>(),
        // yaml-language-server shows these beside the completions.
        "enumDescriptions": vocabulary.terms.iter().map(|(_, label)| *label).collect::<Vec<_>>(),
    })
}

fn protected_pattern(kind: RecordKind) -> String {
    let alternatives: Vec<String> = protectable_paths(kind)
        .iter()
        .map(|path| {
            let mut segments = path.split('.');
            let head = segments.next().unwrap_or("");
            let rest: Vec<&str> = segments.collect();
            let head = if rest.is_empty() {
                head.to_string()
            } else {
                format!("{head}(\\[[0-9]+\\])?")
            };
            std::iter::once(head)
                .chain(rest.iter().map(|s| s.to_string()))
                .collect::<Vec<_>>()
                .join("\\.")
        })
        .collect();
    format!("^({})$", alternatives.join("|"))
}

fn value_schema(kind: RecordKind, column: &Column) -> Value {
    let string_list = |item: Value| json!({"type": "array", "items": item});
    let schema = match column.ty {
        FieldType::Text | FieldType::Markdown => json!({"type": "string"}),
        FieldType::Url => json!({"type": "string", "pattern": URL_PATTERN}),
        FieldType::Date => json!({"type": "string", "pattern": DATE_PATTERN}),
        FieldType::Bool => json!({"type": "boolean"}),
        FieldType::Integer => json!({"type": "integer", "minimum": 0}),
        FieldType::Yen => json!({"type": "integer", "minimum": 0}),
        FieldType::Measure => json!({"type": ["number", "string"]}),
        FieldType::Code(vocabulary) => vocabulary_schema(vocabulary),
        FieldType::Texts | FieldType::Lines => string_list(json!({"type": "string"})),
        FieldType::Codes(vocabulary) => string_list(vocabulary_schema(vocabulary)),
        FieldType::Goals => string_list(json!({"type": "integer", "minimum": 1, "maximum": 17})),
        FieldType::Link(_) => json!({"type": "string", "pattern": ID_PATTERN}),
        FieldType::Links(_) => string_list(json!({"type": "string", "pattern": ID_PATTERN})),
        FieldType::ProtectedPaths => {
            string_list(json!({"type": "string", "pattern": protected_pattern(kind)}))
        }
    };
    let mut schema = described(schema, column);
    let last = column.path.rsplit('.').next().unwrap_or(&column.path);
    if last == "corporate_number" {
        schema["pattern"] = json!(CORPORATE_NUMBER_PATTERN);
    }
    schema
}

fn object(properties: Map<String, Value>, required: Vec<String>) -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

/// The schema of one record kind's files.
pub fn record_schema(form: &Form) -> Value {
    let kind = form.kind;
    let main = &form.sheets[0];
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut nested: Vec<(String, Map<String, Value>, Vec<String>)> = Vec::new();
    for column in main.columns.iter().filter(|c| c.path != "id") {
        match column.path.split_once('.') {
            None => {
                properties.insert(column.path.clone(), value_schema(kind, column));
                if column.required {
                    required.push(column.path.clone());
                }
            }
            Some((key, sub)) => {
                if !nested.iter().any(|(k, ..)| k == key) {
                    nested.push((key.to_string(), Map::new(), Vec::new()));
                }
                let (_, props, req) = nested
                    .iter_mut()
                    .find(|(k, ..)| k == key)
                    .expect("added above");
                props.insert(sub.to_string(), value_schema(kind, column));
                if column.required {
                    req.push(sub.to_string());
                }
            }
        }
    }
    let required_keys = fields::required_fields(kind);
    for (key, props, req) in nested {
        let mut schema = if key == "internal" {
            // Staff notes may hold any YAML; the import writes `memo`.
            json!({"type": "object", "title": "内部メモ", "description": "職員だけが読むメモ。どこにも公開されません。"})
        } else {
            object(props, req)
        };
        if key == "disclosure" {
            schema["title"] = json!("提案情報の取り扱い");
            schema["description"] = json!("提案者と協議した公開範囲。reviewed: true でない提案・サウンディングは一切公開されません。");
        }
        if required_keys.contains(&key.as_str()) {
            required.push(key.clone());
        }
        properties.insert(key, schema);
    }
    for sheet in &form.sheets[1..] {
        let list = sheet.list.expect("child sheets fill a list");
        let mut props = Map::new();
        let mut req = Vec::new();
        for column in sheet
            .columns
            .iter()
            .filter(|c| c.path != "id" && c.path != "order")
        {
            props.insert(column.path.clone(), value_schema(kind, column));
            if column.required {
                req.push(column.path.clone());
            }
        }
        let mut schema = json!({
            "type": "array",
            "title": sheet.name,
            "description": sheet.description,
            "items": object(props, req),
        });
        if sheet.required {
            schema["minItems"] = json!(1);
            required.push(list.to_string());
        }
        properties.insert(list.to_string(), schema);
    }
    // In the order of a record file, so an editor's outline matches.
    let mut ordered = Map::new();
    for key in &form.order {
        if let Some(schema) = properties.remove(key) {
            ordered.insert(key.clone(), schema);
        }
    }
    required.sort_by_key(|key| form.order.iter().position(|k| k == key));
    let mut schema = object(ordered, required);
    let top = schema.as_object_mut().expect("an object");
    top.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    top.insert("title".into(), json!(main.name));
    top.insert(
        "description".into(),
        json!(format!(
            "content/{}/<ID>.yaml：{}1件のファイル（kanmin）。",
            kind.folder(),
            main.name
        )),
    );
    schema
}

fn site_schema() -> Value {
    let text = |title: &str, description: &str| json!({"type": "string", "title": title, "description": description});
    let mut schema = object(
        Map::from_iter([
            ("title".to_string(), text("サイト名", "サイトの名前。")),
            (
                "base_url".to_string(),
                json!({"type": "string", "pattern": URL_PATTERN, "title": "公開URL", "description": "サイトを公開する場所（例：https://example.org/colab/）。"}),
            ),
            (
                "municipality".to_string(),
                object(
                    Map::from_iter([
                        ("name".to_string(), text("地方公共団体名", "例：世田谷区")),
                        ("prefecture".to_string(), text("都道府県", "例：東京都")),
                        (
                            "code".to_string(),
                            json!({"type": "string", "pattern": MUNICIPALITY_CODE_PATTERN, "title": "全国地方公共団体コード", "description": "6桁の数字を文字列で（例：\"131121\"）。"}),
                        ),
                    ]),
                    vec!["name".into(), "prefecture".into(), "code".into()],
                ),
            ),
            (
                "contact".to_string(),
                object(
                    Map::from_iter([
                        (
                            "name".to_string(),
                            text("窓口の名称", "例：せたがやCo-Lab."),
                        ),
                        (
                            "department".to_string(),
                            text("担当課", "窓口を担当する課。"),
                        ),
                        (
                            "url".to_string(),
                            json!({"type": "string", "pattern": URL_PATTERN, "title": "URL"}),
                        ),
                        ("email".to_string(), text("メールアドレス", "")),
                        ("phone".to_string(), text("電話番号", "")),
                    ]),
                    vec!["name".into(), "department".into()],
                ),
            ),
            (
                "license".to_string(),
                text(
                    "ライセンス",
                    "文章とデータのライセンス（SPDX識別子）。既定は CC-BY-4.0。",
                ),
            ),
            (
                "theme".to_string(),
                text(
                    "テーマ",
                    "themes/ の下のフォルダ名。省略すると既定のテーマ。",
                ),
            ),
            (
                "description".to_string(),
                text(
                    "説明",
                    "サイトの1行の説明（メタタグとデータカタログに使います）。",
                ),
            ),
            (
                "sample".to_string(),
                json!({"type": "boolean", "title": "サンプル", "description": "true のとき、すべてのページに架空のデータであることを表示します。"}),
            ),
            ("en".to_string(), site_english()),
            ("editor".to_string(), editor_schema()),
            (
                "ocid_prefix".to_string(),
                json!({"type": "string", "title": "OCIDの接頭辞", "pattern": "^ocds-[a-z0-9]{6}$", "description": "Open Contracting Data Standard の OCID 接頭辞（ocds- と6文字）。書くと data/ocds/ に連携事例の OCDS データを出力します。"}),
            ),
        ]),
        vec![
            "title".into(),
            "base_url".into(),
            "municipality".into(),
            "contact".into(),
        ],
    );
    let top = schema.as_object_mut().expect("an object");
    top.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    top.insert("title".into(), json!("サイトの設定"));
    top.insert("description".into(), json!("content/site.yaml（kanmin）。"));
    schema
}

/// `en:` in site.yaml: the site's own texts in English.
fn site_english() -> Value {
    let text = |title: &str, description: &str| json!({"type": "string", "title": title, "description": description});
    let contact = object(
        Map::from_iter([
            ("name".to_string(), text("窓口の名称（英語）", "")),
            ("department".to_string(), text("担当課（英語）", "")),
        ]),
        vec![],
    );
    let mut schema = object(
        Map::from_iter([
            ("title".to_string(), text("サイト名（英語）", "")),
            ("description".to_string(), text("説明（英語）", "")),
            (
                "municipality".to_string(),
                text("地方公共団体名（英語）", "例：Setagaya City"),
            ),
            (
                "prefecture".to_string(),
                text("都道府県（英語）", "例：Tokyo"),
            ),
            ("contact".to_string(), contact),
        ]),
        vec![],
    );
    schema["title"] = json!("英語のサイト");
    schema
}

/// `editor:` in site.yaml: the web editor under `admin/`.
fn editor_schema() -> Value {
    let url = json!({"type": "string", "pattern": URL_PATTERN});
    let mut schema = object(
        Map::from_iter([
            (
                "backend".to_string(),
                json!({"type": "object", "required": ["name"], "title": "CMS のバックエンド", "description": "Decap CMS の backend の設定（name: github、repo、branch など）。"}),
            ),
            (
                "script".to_string(),
                json!({"type": "string", "pattern": URL_PATTERN, "title": "CMS のスクリプト", "description": "省略すると unpkg の Decap CMS。"}),
            ),
            (
                "local_backend".to_string(),
                json!({
                    "title": "ローカルのバックエンド",
                    "description": "true、または decap-server の API の URL（url:）。",
                    "anyOf": [{"type": "boolean"}, {"type": "object", "additionalProperties": false, "required": ["url"], "properties": {"url": url}}],
                }),
            ),
        ]),
        vec!["backend".into()],
    );
    schema["title"] = json!("ウェブの編集画面");
    schema["description"] = json!("書くと admin/ に記録の編集画面（Decap CMS）を作ります。");
    schema
}

/// Writes the schema files into `dir`, rewriting only those whose bytes differ. Returns how
/// many it wrote.
pub fn write_into(dir: &std::path::Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let mut written = 0;
    for (name, bytes) in files() {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            std::fs::write(&path, bytes)?;
            written += 1;
        }
    }
    Ok(written)
}
