//! The columns of the ward's spreadsheets, the fields of `kanmin new`'s skeletons and the
//! properties of the content files' JSON Schemas, derived from one list per record kind.
//!
//! The names people read (headers, descriptions) are the open data's (`render::opendata::
//! schema`): a column of the import template is headed exactly as the same value is in the
//! published CSV. What only the input has — whether a field is required, the disclosure block,
//! staff notes — is said here, and tests hold it to what the loader accepts.

use kanmin_public::vocab::{self, Vocabulary};
use kanmin_public::RecordKind;
use kanmin_render::opendata::schema::{self, FieldInfo, SubField, Type};

/// What a cell (or a YAML value) holds.
#[derive(Debug, Clone, Copy)]
pub enum FieldType {
    Text,
    Markdown,
    Url,
    Date,
    Bool,
    Integer,
    /// Integer yen, never negative.
    Yen,
    /// A KPI target or actual: a number, or a text where the ward measures none.
    Measure,
    Code(&'static Vocabulary),
    /// Several texts in one cell, one per line (or separated by 「、」).
    Texts,
    Codes(&'static Vocabulary),
    /// SDGs goal numbers, 1 to 17.
    Goals,
    /// The id of a record of that kind.
    Link(RecordKind),
    Links(RecordKind),
    /// `disclosure.protected`: field paths of the record.
    ProtectedPaths,
    /// Whole sentences, one per line (`disclosure.also_public`): never split at 「、」.
    Lines,
}

impl FieldType {
    pub fn is_list(self) -> bool {
        matches!(
            self,
            FieldType::Texts
                | FieldType::Codes(_)
                | FieldType::Goals
                | FieldType::Links(_)
                | FieldType::ProtectedPaths
                | FieldType::Lines
        )
    }
}

/// One value of a record: a column of a sheet, a line of a skeleton.
#[derive(Debug, Clone)]
pub struct Column {
    /// Where the value goes in the record: `title`, `period.start`, `proposer.name`,
    /// `disclosure.reviewed`; in a child sheet, the key inside one list item (`name`).
    pub path: String,
    pub header: String,
    pub description: String,
    pub ty: FieldType,
    pub required: bool,
}

/// A sheet of the workbook: the record sheet, or one per list of objects (partners, KPIs,
/// documents), whose rows name their record in the `ID` column.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    /// The record field the sheet's rows fill (`partners`); `None` for the record sheet.
    pub list: Option<&'static str>,
    /// Whether every record needs at least one row here (a partnership's partners).
    pub required: bool,
    pub description: String,
    pub columns: Vec<Column>,
}

/// Every sheet of one record kind, the record sheet first.
#[derive(Debug, Clone)]
pub struct Form {
    pub kind: RecordKind,
    pub sheets: Vec<Sheet>,
    /// Top-level keys in the order a record file lists them.
    pub order: Vec<String>,
}

/// The record's id column, first on every sheet.
pub const ID_HEADER: &str = schema::ID_HEADER;
/// A child row's place in its record's list; optional on import (rows keep their order).
pub const ORDER_HEADER: &str = schema::ORDER_HEADER;

/// Open-data fields computed at build time, which no one writes.
/// A theme's partnerships and proposals are the records that name it. (Proposals and
/// soundings publish `reviewed_on` from their disclosure block, which has columns of its own.)
fn is_derived(kind: RecordKind, key: &str) -> bool {
    matches!(
        key,
        "url"
            | "fiscal_year"
            | "withheld_fields"
            | "withheld_reason"
            | "withheld_until"
            | "modified"
    ) || (kind == RecordKind::Theme && matches!(key, "status" | "partnerships" | "proposals"))
}

/// Fields a record of `kind` cannot do without (SCHEMA.md); `tests` checks them against
/// the loader.
pub fn required_fields(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Partnership => &[
            "title",
            "summary",
            "status",
            "pattern",
            "route",
            "agreement",
            "concluded_on",
            "partners",
            "departments",
        ],
        RecordKind::Theme => &[
            "title",
            "summary",
            "departments",
            "open_from",
            "deadline",
            "issue",
        ],
        RecordKind::Proposal => &[
            "title",
            "summary",
            "received_on",
            "route",
            "proposer",
            "departments",
            "status",
        ],
        RecordKind::Sounding => &["title", "summary", "departments", "announced_on"],
    }
}

/// Whether records of `kind` carry a `disclosure` block.
pub fn has_disclosure(kind: RecordKind) -> bool {
    kind != RecordKind::Theme
}

fn scalar_type(
    info_key: &str,
    ty: Type,
    unit: Option<&str>,
    references: Option<RecordKind>,
) -> FieldType {
    match ty {
        Type::Text | Type::PageUrl => match references {
            Some(kind) => FieldType::Link(kind),
            None => FieldType::Text,
        },
        Type::Markdown => FieldType::Markdown,
        Type::Url => FieldType::Url,
        Type::Integer if unit == Some("円") || info_key.ends_with("_yen") => FieldType::Yen,
        Type::Integer => FieldType::Integer,
        Type::Date => FieldType::Date,
        Type::Boolean => FieldType::Bool,
        Type::Code(name) => FieldType::Code(vocabulary(name)),
        Type::Measure => FieldType::Measure,
        Type::List(item) => match (*item, references) {
            (Type::Code(name), _) => FieldType::Codes(vocabulary(name)),
            (Type::Integer, _) => FieldType::Goals,
            (_, Some(kind)) => FieldType::Links(kind),
            _ => FieldType::Texts,
        },
        Type::Object(_) | Type::Objects(_) => unreachable!("objects are spread over columns"),
    }
}

fn vocabulary(name: &str) -> &'static Vocabulary {
    vocab::vocabulary(name).unwrap_or_else(|| panic!("the open data names vocabulary `{name}`"))
}

/// Fields inside an object that the loader requires whenever the object is there (an
/// organisation's name and kind, a period's start); the open data marks some of them
/// nullable, as it may withhold them.
fn sub_field_required(object: &str, sub: &str) -> bool {
    match object {
        "partners" | "participants" | "proposer" => matches!(sub, "name" | "kind"),
        "period" => sub == "start",
        "kpis" => sub == "name",
        "documents" => matches!(sub, "title" | "url" | "kind"),
        _ => false,
    }
}

fn sub_columns(
    subs: &[SubField],
    object: &str,
    prefix: Option<&str>,
    required: bool,
) -> Vec<Column> {
    let mut columns = Vec::new();
    for sub in subs {
        let (path, header) = match prefix {
            Some(title) => (
                format!("{object}.{}", sub.key),
                format!("{title}{}", sub.title),
            ),
            None => (sub.key.to_string(), sub.title.to_string()),
        };
        let is_name = sub.key == "name" && sub_field_required(object, "kind");
        columns.push(Column {
            path: path.clone(),
            header: header.clone(),
            description: sub.description.to_string(),
            ty: scalar_type(sub.key, sub.ty, None, None),
            required: required && sub_field_required(object, sub.key),
        });
        // An organisation may also have its name in English (`name_en`).
        if is_name {
            columns.push(Column {
                path: format!("{path}_en"),
                header: in_english(&header),
                description: "組織の英語の名称。英語のページに使います。".to_string(),
                ty: FieldType::Text,
                required: false,
            });
        }
    }
    columns
}

fn id_column(kind: RecordKind, sheet_title: &str) -> Column {
    Column {
        path: "id".to_string(),
        header: ID_HEADER.to_string(),
        description: format!(
            "{sheet_title}の識別子。半角英小文字・数字・ハイフン（例：mimamori-2025）。ファイル名（content/{}/ID.yaml）とURLになり、後から変えられません。",
            kind.folder()
        ),
        ty: FieldType::Text,
        required: true,
    }
}

/// The form of one record kind.
pub fn form(kind: RecordKind) -> Form {
    let title = schema::dataset_title(kind);
    let infos = schema::field_infos(kind);
    let required = required_fields(kind);
    let mut main = Sheet {
        name: title.to_string(),
        list: None,
        required: true,
        description: format!("{title}を1行に1件ずつ書きます。"),
        columns: vec![id_column(kind, title)],
    };
    let mut children = Vec::new();
    let mut order = Vec::new();
    for info in &infos {
        if info.key == "id" || info.key == "reviewed_on" || is_derived(kind, info.key) {
            continue;
        }
        order.push(info.key.to_string());
        let is_required = required.contains(&info.key);
        match info.ty {
            Type::Object(subs) => {
                main.columns
                    .extend(sub_columns(subs, info.key, Some(info.title), is_required))
            }
            Type::Objects(subs) => children.push(child_sheet(kind, info, subs, is_required)),
            ty => main.columns.push(Column {
                path: info.key.to_string(),
                header: info.header(),
                description: info.description.to_string(),
                ty: scalar_type(info.key, ty, info.unit, info.references),
                required: is_required,
            }),
        }
    }
    main.columns.extend(english_columns(kind, &main.columns));
    order.push("en".to_string());
    if has_disclosure(kind) {
        main.columns.extend(disclosure_columns(&infos));
        order.push("disclosure".to_string());
    }
    order.push("internal".to_string());
    main.columns.push(Column {
        path: "internal.memo".to_string(),
        header: "内部メモ".to_string(),
        description: "職員だけが読むメモ。どこにも公開されません（content内のinternal）。"
            .to_string(),
        ty: FieldType::Markdown,
        required: false,
    });
    let mut sheets = vec![main];
    sheets.extend(children);
    Form {
        kind,
        sheets,
        order,
    }
}

fn child_sheet(kind: RecordKind, info: &FieldInfo, subs: &[SubField], required: bool) -> Sheet {
    let record_title = schema::dataset_title(kind);
    let mut columns = vec![Column {
        description: format!("この行が属する{record_title}のID（シート「{record_title}」のID）。"),
        ..id_column(kind, record_title)
    }];
    columns.push(Column {
        path: "order".to_string(),
        header: ORDER_HEADER.to_string(),
        description: "同じIDの中での順番（1、2、…）。空欄なら行の順です。".to_string(),
        ty: FieldType::Integer,
        required: false,
    });
    columns.extend(sub_columns(subs, info.key, None, true));
    Sheet {
        name: info.title.to_string(),
        list: Some(info.key),
        required,
        description: format!(
            "{}。1行に1件、ID列で{record_title}を指定します。{}",
            info.description.trim_end_matches('。'),
            if required {
                "各IDに1行以上必要です。"
            } else {
                ""
            }
        ),
        columns,
    }
}

/// The free texts a record of `kind` may carry in English (its `en:` block).
pub fn translatable_fields(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Partnership => &["title", "summary", "body", "outcomes"],
        RecordKind::Theme => &[
            "title",
            "summary",
            "issue",
            "existing_programs",
            "sustainability",
            "expected",
        ],
        RecordKind::Proposal => &["title", "summary", "idea"],
        RecordKind::Sounding => &["title", "summary", "purpose", "results"],
    }
}

fn in_english(header: &str) -> String {
    format!("{header}（英語）")
}

/// The `en:` block: each translatable field's English, headed after its Japanese column.
fn english_columns(kind: RecordKind, columns: &[Column]) -> Vec<Column> {
    translatable_fields(kind)
        .iter()
        .filter_map(|key| columns.iter().find(|c| c.path == *key))
        .map(|column| Column {
            path: format!("en.{}", column.path),
            header: in_english(&column.header),
            description: format!(
                "「{}」の英語。英語のページ（/en/）に使います。空欄なら日本語を表示します。",
                column.header
            ),
            ty: column.ty,
            required: false,
        })
        .collect()
}

/// The `disclosure` block: the agreement with the proposer about what stays protected.
fn disclosure_columns(infos: &[FieldInfo]) -> Vec<Column> {
    let published = |key: &str| infos.iter().find(|i| i.key == key);
    let title_of =
        |key: &str, fallback: &str| published(key).map_or(fallback, |i| i.title).to_string();
    vec![
        Column {
            path: "disclosure.reviewed".to_string(),
            header: "公開範囲の協議".to_string(),
            description: "提案者と公開範囲を協議済みなら「はい」。「はい」でない提案・サウンディングは一切公開されません。".to_string(),
            ty: FieldType::Bool,
            required: false,
        },
        Column {
            path: "disclosure.reviewed_on".to_string(),
            header: title_of("reviewed_on", "協議日"),
            description: "公開範囲を協議した日。".to_string(),
            ty: FieldType::Date,
            required: false,
        },
        Column {
            path: "disclosure.protected".to_string(),
            header: title_of("withheld_fields", "非公開項目"),
            description: "協議により保護する項目の名前（例：idea、proposer.name）。1行に1つ。".to_string(),
            ty: FieldType::ProtectedPaths,
            required: false,
        },
        Column {
            path: "disclosure.reason".to_string(),
            header: title_of("withheld_reason", "非公開の理由"),
            description: "保護する理由。公開されます。".to_string(),
            ty: FieldType::Text,
            required: false,
        },
        Column {
            path: "disclosure.until".to_string(),
            header: title_of("withheld_until", "非公開項目の公開日"),
            description: "この日から保護した項目を公開します。".to_string(),
            ty: FieldType::Date,
            required: false,
        },
        Column {
            path: "disclosure.also_public".to_string(),
            header: "公開文として確認した文".to_string(),
            description: "保護した項目の文のうち、定型文などで公開の文にも現れるため公開してよいと確認した文。1行に1文。".to_string(),
            ty: FieldType::Lines,
            required: false,
        },
    ]
}

/// The record kinds in the order the CLI lists them.
pub const KINDS: [RecordKind; 4] = schema::KINDS;

/// `partnerships` → the kind; also the Japanese dataset titles, so `kanmin import 連携事例 …`
/// works.
pub fn kind_named(name: &str) -> Option<RecordKind> {
    KINDS.into_iter().find(|kind| {
        kind.folder() == name
            || kind.folder().trim_end_matches('s') == name
            || schema::dataset_title(*kind) == name
    })
}
