//! The one definition of every open-data field. CSV headers and cells, the Frictionless Table
//! Schema, the JSON files, their JSON Schemas and the column tables on the `/data/` page are
//! all derived from the lists in this module, so they cannot drift apart.
//!
//! Naming: JSON keys are the content field names of SCHEMA.md (so `withheld_fields` paths such
//! as `proposer.name` point into the JSON); CSV headers are Japanese and equal the Table Schema
//! field `name`. A coded value (`pattern: co-create`) is published both ways: JSON has the
//! code under its key and the Japanese label under `<key>_label`; CSV has the label under the
//! header (`パターン`) and the code in the next column (`パターン(コード)`).

use crate::format;
use kanmin_public::date::Date;
use kanmin_public::Term;
use kanmin_public::{self as public, Disclosed, RecordKind};

/// What a field holds. Scalars map to one Table Schema type; a nested object spreads over
/// columns of the record's table; lists go to child tables (one value per cell, as the
/// machine-readability rules ask) and stay arrays in JSON.
#[derive(Debug, Clone, Copy)]
pub enum Type {
    Text,
    /// CommonMark source, as written.
    Markdown,
    Url,
    /// A site path (`partnerships/x/`), published as an absolute URL under the site's base URL.
    PageUrl,
    Integer,
    Date,
    Boolean,
    /// A code from a vocabulary of `render::format`.
    Code(&'static str),
    /// A KPI target or actual: a number where the ward measures one, otherwise text.
    Measure,
    List(&'static Type),
    /// One nested object (a period).
    Object(&'static [SubField]),
    /// A list of nested objects (partners, documents).
    Objects(&'static [SubField]),
}

/// A field inside a nested object. Only scalar types.
#[derive(Debug, Clone, Copy)]
pub struct SubField {
    pub key: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub ty: Type,
    pub nullable: bool,
}

/// One field of a record kind, with how to read it from a published record.
pub struct Field<R> {
    pub key: &'static str,
    /// Japanese name; the CSV header adds the unit: `区の負担額(円)`.
    pub title: &'static str,
    pub unit: Option<&'static str>,
    pub description: &'static str,
    pub ty: Type,
    /// Null when absent or withheld; false for fields every published record has.
    pub nullable: bool,
    /// The record kind whose `id` this field holds (a Table Schema foreign key).
    pub references: Option<RecordKind>,
    pub get: fn(&R) -> Value,
}

/// A published value, before it is written as JSON or CSV.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    /// Protected by agreement with the proposer: null in JSON, an empty cell in CSV.
    Withheld,
    Text(String),
    Integer(i64),
    Number(f64),
    Date(Date),
    Bool(bool),
    Code(String),
    List(Vec<Value>),
    Object(Vec<Value>),
    Objects(Vec<Vec<Value>>),
}

/// The four published record kinds, in the order the data page lists them.
pub const KINDS: [RecordKind; 4] = [
    RecordKind::Partnership,
    RecordKind::Theme,
    RecordKind::Proposal,
    RecordKind::Sounding,
];

/// Dataset name (file stem) of a kind: `partnerships`.
pub fn dataset_name(kind: RecordKind) -> &'static str {
    kind.folder()
}

pub fn dataset_title(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Partnership => "連携事例",
        RecordKind::Theme => "テーマ設定型 募集テーマ",
        RecordKind::Proposal => "提案",
        RecordKind::Sounding => "サウンディング型市場調査",
    }
}

pub fn dataset_description(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Partnership => "区と民間企業・NPO・大学等が締結した官民連携の取組み（協定・覚書によらないものを含む）。連携のパターン、経緯、連携先、所管課、区の負担額、効果の検証などを収録しています。",
        RecordKind::Theme => "区が課題を示して提案を募集するテーマ設定型の募集テーマ。募集期間、区の課題や目標、実証実験提案制度の対象かどうかなどを収録しています。",
        RecordKind::Proposal => "民間企業等から受け付けた提案のうち、提案者と公開範囲を協議済みのもの。協議により保護することとした項目は空欄（JSONではnull）です。",
        RecordKind::Sounding => "事業化の前に民間事業者と対話したサウンディング型市場調査の実施概要と結果。",
    }
}

/// A dataset's title in English, for the English titles of the package and catalogue.
pub fn dataset_title_en(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Partnership => "Partnerships",
        RecordKind::Theme => "Theme-based calls for proposals",
        RecordKind::Proposal => "Proposals",
        RecordKind::Sounding => "Market soundings",
    }
}

/// The English title of a record field, by its key: the data package's and catalogue's
/// English column titles (`titles.en`); CSV headers and JSON keys stay as they are.
pub fn english_title(key: &str) -> Option<&'static str> {
    Some(match key {
        "id" => "ID",
        "url" => "Page URL",
        "title" => "Title",
        "summary" => "Summary",
        "body" => "Details",
        "status" => "Status",
        "pattern" => "Pattern",
        "route" => "Route",
        "demonstration" => "Demonstration scheme",
        "agreement" => "Kind of agreement",
        "involvement" => "The ward's role",
        "concluded_on" => "Concluded on",
        "fiscal_year" => "Fiscal year",
        "period" => "Period",
        "partners" => "Partners",
        "departments" => "Departments",
        "policy_areas" => "Policy areas",
        "sdgs" => "SDG goals",
        "outcomes" => "Effect verification",
        "kpis" => "Key performance indicators",
        "documents" => "Documents",
        "open_from" => "Open from",
        "deadline" => "Deadline",
        "issue" => "The ward's issue or goal",
        "existing_programs" => "The ward's existing programmes",
        "sustainability" => "Sustainability",
        "expected" => "What the ward hopes for",
        "demonstration_eligible" => "Eligible for the demonstration scheme",
        "incentive" => "Eligible for the incentive",
        "received_on" => "Received on",
        "proposer" => "Proposer",
        "idea" => "The proposal",
        "incentive_applied" => "Bonus points applied",
        "reviewed_on" => "Disclosure agreed on",
        "purpose" => "Purpose",
        "announced_on" => "Announced on",
        "entry_deadline" => "Entries close",
        "dialogue_from" => "Dialogue from",
        "dialogue_to" => "Dialogue to",
        "results_on" => "Results published on",
        "participants" => "Participants",
        "participants_count" => "Number of participants",
        "results" => "Results",
        "theme" => "Call for proposals",
        "proposal" => "Proposal",
        "sounding" => "Market sounding",
        "partnership" => "Partnership",
        // Lists of ids, one a row in their tables.
        "partnerships" => "Partnership",
        "proposals" => "Proposal",
        "ward_cost_yen" => "The ward's cost",
        "withheld_fields" => "Withheld items",
        "withheld_reason" => "Why items are withheld",
        "withheld_until" => "Withheld items published from",
        "modified" => "Last modified",
        _ => return None,
    })
}

/// The English title of a field of a nested object (an organisation, a document, a KPI, a
/// period), by its key.
fn english_sub_title(key: &str) -> Option<&'static str> {
    Some(match key {
        "name" => "Name",
        "kind" => "Kind",
        "corporate_number" => "Corporate number",
        "url" => "URL",
        "title" => "Title",
        "unit" => "Unit",
        "target" => "Target",
        "actual" => "Result",
        "start" => "Start",
        "end" => "End",
        _ => return None,
    })
}

/// Words a catalogue user searches for.
pub fn dataset_keywords(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Partnership => &["官民連携", "公民連携", "連携協定", "協定", "SDGs"],
        RecordKind::Theme => &["官民連携", "テーマ設定型", "提案募集", "実証実験"],
        RecordKind::Proposal => &["官民連携", "民間提案", "提案制度"],
        RecordKind::Sounding => &["官民連携", "サウンディング型市場調査", "対話"],
    }
}

const ORGANISATION: &[SubField] = &[
    SubField {
        key: "name",
        title: "名称",
        description: "組織の名称。提案者との協議により保護している場合は空欄です。",
        ty: Type::Text,
        nullable: true,
    },
    SubField {
        key: "kind",
        title: "種別",
        description: "組織の種別（企業、NPO法人、大学等など）。",
        ty: Type::Code("organisation_kind"),
        nullable: false,
    },
    SubField {
        key: "corporate_number",
        title: "法人番号",
        description: "国税庁が指定する13桁の法人番号。",
        ty: Type::Text,
        nullable: true,
    },
    SubField {
        key: "url",
        title: "URL",
        description: "組織のウェブサイト。",
        ty: Type::Url,
        nullable: true,
    },
];

const DOCUMENT: &[SubField] = &[
    SubField {
        key: "title",
        title: "名称",
        description: "資料の名称。",
        ty: Type::Text,
        nullable: false,
    },
    SubField {
        key: "url",
        title: "URL",
        description: "資料の掲載場所。",
        ty: Type::Url,
        nullable: false,
    },
    SubField {
        key: "kind",
        title: "種別",
        description: "資料の種別（協定書等、報告書、報道発表、資料）。",
        ty: Type::Code("document_kind"),
        nullable: false,
    },
];

const KPI: &[SubField] = &[
    SubField {
        key: "name",
        title: "名称",
        description: "成果指標の名称。",
        ty: Type::Text,
        nullable: false,
    },
    SubField {
        key: "unit",
        title: "単位",
        description: "目標値と実績値の単位。",
        ty: Type::Text,
        nullable: true,
    },
    SubField {
        key: "target",
        title: "目標値",
        description: "目標値（数値または文章）。",
        ty: Type::Measure,
        nullable: true,
    },
    SubField {
        key: "actual",
        title: "実績値",
        description: "実績値（数値または文章）。",
        ty: Type::Measure,
        nullable: true,
    },
];

const PERIOD: &[SubField] = &[
    SubField {
        key: "start",
        title: "開始日",
        description: "取組みの開始日。",
        ty: Type::Date,
        nullable: false,
    },
    SubField {
        key: "end",
        title: "終了日",
        description: "取組みの終了日（予定を含む）。定めがない場合は空欄です。",
        ty: Type::Date,
        nullable: true,
    },
];

fn text(value: &str) -> Value {
    Value::Text(value.to_string())
}

fn optional_text(value: &Option<String>) -> Value {
    value.as_deref().map_or(Value::Null, text)
}

fn optional_date(value: &Option<Date>) -> Value {
    value.map_or(Value::Null, Value::Date)
}

fn texts(values: &[String]) -> Value {
    Value::List(values.iter().map(|v| text(v)).collect())
}

fn code<T: Term>(value: &T) -> Value {
    Value::Code(value.code().to_string())
}

fn disclosed<T>(value: &Disclosed<T>, shown: impl FnOnce(&T) -> Value) -> Value {
    match value {
        Disclosed::Shown(value) => shown(value),
        Disclosed::Withheld => Value::Withheld,
    }
}

fn link_id(link: &Option<public::RecordLink>) -> Value {
    link.as_ref().map_or(Value::Null, |l| text(&l.id))
}

fn link_ids(links: &[public::RecordLink]) -> Value {
    Value::List(links.iter().map(|l| text(&l.id)).collect())
}

fn sdgs(goals: &[u8]) -> Value {
    Value::List(
        goals
            .iter()
            .map(|g| Value::Integer(i64::from(*g)))
            .collect(),
    )
}

fn organisation(org: &public::Organisation) -> Vec<Value> {
    vec![
        disclosed(&org.name, |n| text(n)),
        disclosed(&org.kind, code),
        disclosed(&org.corporate_number, optional_text),
        disclosed(&org.url, optional_text),
    ]
}

fn organisations(orgs: &[public::Organisation]) -> Value {
    Value::Objects(orgs.iter().map(organisation).collect())
}

fn documents(docs: &[public::Document]) -> Value {
    Value::Objects(
        docs.iter()
            .map(|d| vec![text(&d.title), text(&d.url), code(&d.kind)])
            .collect(),
    )
}

fn measure(value: &Option<kanmin_public::KpiValue>) -> Value {
    use kanmin_public::KpiValue;
    match value {
        None => Value::Null,
        Some(KpiValue::Number(n)) => Value::Number(*n),
        Some(KpiValue::Text(t)) => text(t),
    }
}

fn kpis(kpis: &[public::Kpi]) -> Value {
    Value::Objects(
        kpis.iter()
            .map(|k| {
                vec![
                    text(&k.name),
                    optional_text(&k.unit),
                    measure(&k.target),
                    measure(&k.actual),
                ]
            })
            .collect(),
    )
}

/// Fields every record kind starts with: its stable key and its page.
macro_rules! head_fields {
    ($record:ty) => {
        [
            Field::<$record> {
                key: "id",
                title: ID_HEADER,
                unit: None,
                description: "記録の識別子。URLの一部で、変わることはありません。",
                ty: Type::Text,
                nullable: false,
                references: None,
                get: |r| text(&r.id),
            },
            Field::<$record> {
                key: "url",
                title: "ページURL",
                unit: None,
                description: "この記録を掲載しているウェブページの絶対URL。",
                ty: Type::PageUrl,
                nullable: false,
                references: None,
                get: |r| text(&r.path),
            },
        ]
    };
}

/// Protected field paths of the record: its `disclosure.protected`, with the 法人番号 and URL
/// that a protected organisation name implies.
macro_rules! withheld_field {
    ($record:ty) => {
        Field::<$record> {
            key: "withheld_fields",
            title: "非公開項目",
            unit: None,
            description: "提案者との協議により保護している項目の名前（JSONのキー。例：proposer.name）。該当する値は空欄（JSONではnull）です。",
            ty: Type::List(&Type::Text),
            nullable: false,
            references: None,
            get: |r| texts(&r.withheld_fields),
        }
    };
}

/// Why the record's fields are withheld, and from when they will be published, in the
/// manner of OCDS `withheldInformation`.
macro_rules! withheld_terms {
    ($record:ty) => {
        [
            Field::<$record> {
                key: "withheld_reason",
                title: "非公開の理由",
                unit: None,
                description: "非公開項目を保護している理由。非公開項目がない場合は空欄です。",
                ty: Type::Text,
                nullable: true,
                references: None,
                get: |r| optional_text(&r.withheld_reason),
            },
            Field::<$record> {
                key: "withheld_until",
                title: "非公開項目の公開日",
                unit: None,
                description: "この日から非公開項目を公開する予定の日。期限を定めていない場合は空欄です。",
                ty: Type::Date,
                nullable: true,
                references: None,
                get: |r| optional_date(&r.withheld_until),
            },
        ]
    };
}

/// When the record's public view last changed: the last field of every kind, derived from the
/// repository's history (empty when the content has none).
macro_rules! modified_field {
    ($record:ty) => {
        Field::<$record> {
            key: "modified",
            title: "最終更新日",
            unit: None,
            description: "公開している内容が最後に変わった日。記録を管理するリポジトリの履歴から求めます（履歴がない場合は空欄）。非公開の項目だけの変更では変わりません。",
            ty: Type::Date,
            nullable: true,
            references: None,
            get: |r| optional_date(&r.modified),
        }
    };
}

/// Shorthand for the common case: no unit, no reference.
fn field<R>(
    key: &'static str,
    title: &'static str,
    description: &'static str,
    ty: Type,
    nullable: bool,
    get: fn(&R) -> Value,
) -> Field<R> {
    Field {
        key,
        title,
        unit: None,
        description,
        ty,
        nullable,
        references: None,
        get,
    }
}

fn ids<R>(
    key: &'static str,
    title: &'static str,
    description: &'static str,
    kind: RecordKind,
    get: fn(&R) -> Value,
) -> Field<R> {
    Field {
        key,
        title,
        unit: None,
        description,
        ty: Type::List(&Type::Text),
        nullable: false,
        references: Some(kind),
        get,
    }
}

fn reference<R>(
    key: &'static str,
    title: &'static str,
    description: &'static str,
    kind: RecordKind,
    get: fn(&R) -> Value,
) -> Field<R> {
    Field {
        key,
        title,
        unit: None,
        description,
        ty: Type::Text,
        nullable: true,
        references: Some(kind),
        get,
    }
}

const DEPARTMENTS: &str = "取組みを所管する区の課。";
const POLICY_AREAS: &str = "関係する区の施策分野。";
const SDGS: &str = "関係するSDGsのゴールの番号（1〜17）。";
const FISCAL_YEAR: &str =
    "年度（4月1日から翌年3月31日まで）の開始年を西暦で表した数字。例：2026は令和8年度。";

pub fn partnership_fields() -> Vec<Field<public::Partnership>> {
    use public::Partnership as P;
    let mut fields: Vec<Field<P>> = head_fields!(P).into();
    fields.extend([
        field(
            "title",
            "名称",
            "取組みの名称。",
            Type::Text,
            false,
            |p: &P| text(&p.title),
        ),
        field(
            "summary",
            "概要",
            "取組みの概要（Markdown形式）。",
            Type::Markdown,
            true,
            |p: &P| disclosed(&p.summary, |s| text(s)),
        ),
        field(
            "body",
            "詳細",
            "取組みの詳しい説明（Markdown形式）。",
            Type::Markdown,
            true,
            |p: &P| disclosed(&p.body, optional_text),
        ),
        field(
            "status",
            "状態",
            "準備中・実施中・終了のいずれか。",
            Type::Code("partnership_status"),
            false,
            |p: &P| code(&p.status),
        ),
        field(
            "pattern",
            "パターン",
            "官民連携指針が示す連携の3つのパターン（導入する・広める・共に創る）。",
            Type::Code("pattern"),
            false,
            |p: &P| code(&p.pattern),
        ),
        field(
            "route",
            "連携の経緯",
            "連携が始まった経緯（民間提案型、テーマ設定型など）。",
            Type::Code("route"),
            false,
            |p: &P| code(&p.route),
        ),
        field(
            "demonstration",
            "実証実験提案制度",
            "実証実験提案制度により実施したものはtrue。",
            Type::Boolean,
            false,
            |p: &P| Value::Bool(p.demonstration),
        ),
        field(
            "agreement",
            "協定等の種別",
            "締結した協定・覚書・契約の種別。締結していない場合は「協定・覚書なし」。",
            Type::Code("agreement"),
            false,
            |p: &P| code(&p.agreement),
        ),
        field(
            "involvement",
            "区の関わり方",
            "主催・共催・協力・協賛・後援のうち区の関わり方。",
            Type::List(&Type::Code("involvement")),
            false,
            |p: &P| Value::List(p.involvement.iter().map(code).collect()),
        ),
        field(
            "concluded_on",
            "締結日",
            "協定等を締結した日、または連携を決定した日。",
            Type::Date,
            false,
            |p: &P| Value::Date(p.concluded_on),
        ),
        field(
            "fiscal_year",
            "年度",
            FISCAL_YEAR,
            Type::Integer,
            false,
            |p: &P| Value::Integer(i64::from(p.fiscal_year)),
        ),
        field(
            "period",
            "実施期間",
            "取組みの実施期間。",
            Type::Object(PERIOD),
            true,
            |p: &P| {
                p.period.as_ref().map_or(Value::Null, |period| {
                    Value::Object(vec![Value::Date(period.start), optional_date(&period.end)])
                })
            },
        ),
        field(
            "partners",
            "連携先",
            "連携する企業・団体等。",
            Type::Objects(ORGANISATION),
            false,
            |p: &P| organisations(&p.partners),
        ),
        field(
            "departments",
            "所管課",
            DEPARTMENTS,
            Type::List(&Type::Text),
            false,
            |p: &P| texts(&p.departments),
        ),
        reference(
            "theme",
            "募集テーマID",
            "連携のきっかけとなった募集テーマのID（themesのID）。",
            RecordKind::Theme,
            |p: &P| link_id(&p.theme),
        ),
        reference(
            "proposal",
            "提案ID",
            "連携のきっかけとなった提案のID（proposalsのID）。",
            RecordKind::Proposal,
            |p: &P| link_id(&p.proposal),
        ),
        reference(
            "sounding",
            "サウンディングID",
            "連携の前に実施したサウンディング型市場調査のID（soundingsのID）。",
            RecordKind::Sounding,
            |p: &P| link_id(&p.sounding),
        ),
        field(
            "policy_areas",
            "施策分野",
            POLICY_AREAS,
            Type::List(&Type::Text),
            false,
            |p: &P| texts(&p.policy_areas),
        ),
        field(
            "sdgs",
            "SDGsゴール",
            SDGS,
            Type::List(&Type::Integer),
            false,
            |p: &P| sdgs(&p.sdgs),
        ),
        Field {
            key: "ward_cost_yen",
            title: "区の負担額",
            unit: Some("円"),
            description: "取組みに区が負担した経費（円）。記載がない場合は空欄です。",
            ty: Type::Integer,
            nullable: true,
            references: None,
            get: |p: &P| {
                disclosed(&p.ward_cost_yen, |c| {
                    c.map_or(Value::Null, |c| Value::Integer(c as i64))
                })
            },
        },
        field(
            "outcomes",
            "効果の検証",
            "取組みの効果の検証（Markdown形式）。",
            Type::Markdown,
            true,
            |p: &P| disclosed(&p.outcomes, optional_text),
        ),
        field(
            "kpis",
            "成果指標",
            "取組みの成果指標（KPI）。",
            Type::Objects(KPI),
            true,
            |p: &P| disclosed(&p.kpis, |k| kpis(k)),
        ),
        field(
            "documents",
            "関連資料",
            "協定書、報告書、報道発表などの関連資料。",
            Type::Objects(DOCUMENT),
            true,
            |p: &P| disclosed(&p.documents, |d| documents(d)),
        ),
        withheld_field!(P),
    ]);
    fields.extend(withheld_terms!(P));
    fields.push(modified_field!(P));
    fields
}

pub fn theme_fields() -> Vec<Field<public::Theme>> {
    use public::Theme as T;
    let mut fields: Vec<Field<T>> = head_fields!(T).into();
    fields.extend([
        field(
            "title",
            "名称",
            "募集テーマの名称。",
            Type::Text,
            false,
            |t: &T| text(&t.title),
        ),
        field(
            "summary",
            "概要",
            "募集テーマの概要（Markdown形式）。",
            Type::Markdown,
            false,
            |t: &T| text(&t.summary),
        ),
        field(
            "departments",
            "所管課",
            DEPARTMENTS,
            Type::List(&Type::Text),
            false,
            |t: &T| texts(&t.departments),
        ),
        field(
            "open_from",
            "募集開始日",
            "提案の受付を始める日。",
            Type::Date,
            false,
            |t: &T| Value::Date(t.open_from),
        ),
        field(
            "deadline",
            "募集締切日",
            "提案の受付を締め切る日（この日まで受け付けます）。",
            Type::Date,
            false,
            |t: &T| Value::Date(t.deadline),
        ),
        field(
            "status",
            "募集状況",
            "データ作成日時点の募集状況（募集前・募集中・募集終了）。",
            Type::Code("theme_status"),
            false,
            |t: &T| code(&t.status),
        ),
        field(
            "issue",
            "区の課題や目標",
            "区が解決したい課題や目指す目標（Markdown形式）。",
            Type::Markdown,
            false,
            |t: &T| text(&t.issue),
        ),
        field(
            "existing_programs",
            "区の既存事業",
            "関連する区の既存事業（Markdown形式）。",
            Type::Markdown,
            true,
            |t: &T| optional_text(&t.existing_programs),
        ),
        field(
            "sustainability",
            "持続可能性",
            "取組みを続けていくために必要なこと（Markdown形式）。",
            Type::Markdown,
            true,
            |t: &T| optional_text(&t.sustainability),
        ),
        field(
            "expected",
            "提案に期待すること",
            "区が提案に期待すること（Markdown形式）。",
            Type::Markdown,
            true,
            |t: &T| optional_text(&t.expected),
        ),
        field(
            "demonstration_eligible",
            "実証実験提案制度の対象",
            "実証実験提案制度（区が経費の一部を負担）を利用できる場合はtrue。",
            Type::Boolean,
            false,
            |t: &T| Value::Bool(t.demonstration_eligible),
        ),
        field(
            "incentive",
            "インセンティブの対象",
            "公募条件に反映された提案が評価で加点される場合はtrue。",
            Type::Boolean,
            false,
            |t: &T| Value::Bool(t.incentive),
        ),
        field(
            "policy_areas",
            "施策分野",
            POLICY_AREAS,
            Type::List(&Type::Text),
            false,
            |t: &T| texts(&t.policy_areas),
        ),
        field(
            "sdgs",
            "SDGsゴール",
            SDGS,
            Type::List(&Type::Integer),
            false,
            |t: &T| sdgs(&t.sdgs),
        ),
        field(
            "documents",
            "関連資料",
            "募集要項などの関連資料。",
            Type::Objects(DOCUMENT),
            false,
            |t: &T| documents(&t.documents),
        ),
        ids(
            "partnerships",
            "関連する連携事例ID",
            "このテーマから生まれた連携事例のID（partnershipsのID）。",
            RecordKind::Partnership,
            |t: &T| link_ids(&t.partnerships),
        ),
        ids(
            "proposals",
            "関連する提案ID",
            "このテーマに寄せられ公開している提案のID（proposalsのID）。",
            RecordKind::Proposal,
            |t: &T| link_ids(&t.proposals),
        ),
    ]);
    fields.push(modified_field!(T));
    fields
}

pub fn proposal_fields() -> Vec<Field<public::Proposal>> {
    use public::Proposal as P;
    let mut fields: Vec<Field<P>> = head_fields!(P).into();
    fields.extend([
        field(
            "title",
            "名称",
            "提案の名称。提案者との協議により保護している場合は空欄です。",
            Type::Text,
            true,
            |p: &P| disclosed(&p.title, |t| text(t)),
        ),
        field(
            "summary",
            "概要",
            "提案の概要（Markdown形式）。",
            Type::Markdown,
            true,
            |p: &P| disclosed(&p.summary, |s| text(s)),
        ),
        field(
            "received_on",
            "受付日",
            "区が提案を受け付けた日。",
            Type::Date,
            false,
            |p: &P| Value::Date(p.received_on),
        ),
        field(
            "fiscal_year",
            "年度",
            FISCAL_YEAR,
            Type::Integer,
            false,
            |p: &P| Value::Integer(i64::from(p.fiscal_year)),
        ),
        field(
            "route",
            "提案の経路",
            "民間提案型またはテーマ設定型。",
            Type::Code("proposal_route"),
            false,
            |p: &P| code(&p.route),
        ),
        reference(
            "theme",
            "募集テーマID",
            "テーマ設定型の場合、応募した募集テーマのID（themesのID）。",
            RecordKind::Theme,
            |p: &P| link_id(&p.theme),
        ),
        field(
            "demonstration",
            "実証実験提案制度",
            "実証実験提案制度による提案はtrue。",
            Type::Boolean,
            false,
            |p: &P| Value::Bool(p.demonstration),
        ),
        field(
            "proposer",
            "提案者",
            "提案した企業・団体等。",
            Type::Object(ORGANISATION),
            false,
            |p: &P| Value::Object(organisation(&p.proposer)),
        ),
        field(
            "departments",
            "所管課",
            DEPARTMENTS,
            Type::List(&Type::Text),
            false,
            |p: &P| texts(&p.departments),
        ),
        field(
            "status",
            "状態",
            "受付・検討中・採用・不採用・取下げのいずれか。",
            Type::Code("proposal_status"),
            false,
            |p: &P| code(&p.status),
        ),
        reference(
            "partnership",
            "連携事例ID",
            "提案から生まれた連携事例のID（partnershipsのID）。",
            RecordKind::Partnership,
            |p: &P| link_id(&p.partnership),
        ),
        field(
            "idea",
            "提案の内容",
            "提案の内容（Markdown形式）。ノウハウ等を含むため保護している場合は空欄です。",
            Type::Markdown,
            true,
            |p: &P| disclosed(&p.idea, optional_text),
        ),
        field(
            "incentive_applied",
            "加点対象",
            "提案が公募条件に反映され、評価の加点対象となった場合はtrue。",
            Type::Boolean,
            false,
            |p: &P| Value::Bool(p.incentive_applied),
        ),
        field(
            "reviewed_on",
            "公開範囲の協議日",
            "提案者と公開範囲を協議した日。",
            Type::Date,
            true,
            |p: &P| optional_date(&p.reviewed_on),
        ),
        withheld_field!(P),
    ]);
    fields.extend(withheld_terms!(P));
    fields.push(modified_field!(P));
    fields
}

pub fn sounding_fields() -> Vec<Field<public::Sounding>> {
    use public::Sounding as S;
    let mut fields: Vec<Field<S>> = head_fields!(S).into();
    fields.extend([
        field(
            "title",
            "名称",
            "サウンディング型市場調査の名称。",
            Type::Text,
            false,
            |s: &S| text(&s.title),
        ),
        field(
            "summary",
            "概要",
            "調査の概要（Markdown形式）。",
            Type::Markdown,
            true,
            |s: &S| disclosed(&s.summary, |t| text(t)),
        ),
        field(
            "departments",
            "所管課",
            DEPARTMENTS,
            Type::List(&Type::Text),
            false,
            |s: &S| texts(&s.departments),
        ),
        field(
            "purpose",
            "目的",
            "調査の目的（Markdown形式）。",
            Type::Markdown,
            true,
            |s: &S| disclosed(&s.purpose, optional_text),
        ),
        field(
            "announced_on",
            "公表日",
            "実施要領を公表した日。",
            Type::Date,
            false,
            |s: &S| Value::Date(s.announced_on),
        ),
        field(
            "fiscal_year",
            "年度",
            FISCAL_YEAR,
            Type::Integer,
            false,
            |s: &S| Value::Integer(i64::from(s.fiscal_year)),
        ),
        field(
            "entry_deadline",
            "参加申込締切日",
            "参加申込の締切日。",
            Type::Date,
            true,
            |s: &S| optional_date(&s.entry_deadline),
        ),
        field(
            "dialogue_from",
            "対話開始日",
            "対話の実施期間の初日。",
            Type::Date,
            true,
            |s: &S| optional_date(&s.dialogue_from),
        ),
        field(
            "dialogue_to",
            "対話終了日",
            "対話の実施期間の最終日。",
            Type::Date,
            true,
            |s: &S| optional_date(&s.dialogue_to),
        ),
        field(
            "results_on",
            "結果公表日",
            "実施結果を公表した日。",
            Type::Date,
            true,
            |s: &S| optional_date(&s.results_on),
        ),
        Field {
            key: "participants_count",
            title: "参加事業者数",
            unit: Some("者"),
            description: "対話に参加した事業者等の数。",
            ty: Type::Integer,
            nullable: true,
            references: None,
            get: |s: &S| {
                disclosed(&s.participants_count, |c| {
                    c.map_or(Value::Null, |c| Value::Integer(i64::from(c)))
                })
            },
        },
        field(
            "participants",
            "参加事業者",
            "対話に参加した事業者等。",
            Type::Objects(ORGANISATION),
            true,
            |s: &S| disclosed(&s.participants, |o| organisations(o)),
        ),
        field(
            "results",
            "実施結果",
            "対話の結果の概要（Markdown形式）。",
            Type::Markdown,
            true,
            |s: &S| disclosed(&s.results, optional_text),
        ),
        ids(
            "partnerships",
            "関連する連携事例ID",
            "調査を経て生まれた連携事例のID（partnershipsのID）。",
            RecordKind::Partnership,
            |s: &S| link_ids(&s.partnerships),
        ),
        field(
            "documents",
            "関連資料",
            "実施要領、結果報告などの関連資料。",
            Type::Objects(DOCUMENT),
            true,
            |s: &S| disclosed(&s.documents, |d| documents(d)),
        ),
        field(
            "reviewed_on",
            "公開範囲の協議日",
            "参加事業者と公開範囲を協議した日。",
            Type::Date,
            true,
            |s: &S| optional_date(&s.reviewed_on),
        ),
        withheld_field!(S),
    ]);
    fields.extend(withheld_terms!(S));
    fields.push(modified_field!(S));
    fields
}

/// A field without its getter: what the writers of schemas and the data page need.
#[derive(Debug, Clone, Copy)]
pub struct FieldInfo {
    pub key: &'static str,
    pub title: &'static str,
    pub unit: Option<&'static str>,
    pub description: &'static str,
    pub ty: Type,
    pub nullable: bool,
    pub references: Option<RecordKind>,
}

impl<R> Field<R> {
    pub fn info(&self) -> FieldInfo {
        FieldInfo {
            key: self.key,
            title: self.title,
            unit: self.unit,
            description: self.description,
            ty: self.ty,
            nullable: self.nullable,
            references: self.references,
        }
    }
}

pub fn field_infos(kind: RecordKind) -> Vec<FieldInfo> {
    match kind {
        RecordKind::Partnership => partnership_fields().iter().map(Field::info).collect(),
        RecordKind::Theme => theme_fields().iter().map(Field::info).collect(),
        RecordKind::Proposal => proposal_fields().iter().map(Field::info).collect(),
        RecordKind::Sounding => sounding_fields().iter().map(Field::info).collect(),
    }
}

/// Table Schema types (Frictionless) of table cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellType {
    String,
    Integer,
    Number,
    Date,
    Boolean,
}

impl CellType {
    pub fn table_schema(self) -> &'static str {
        match self {
            CellType::String => "string",
            CellType::Integer => "integer",
            CellType::Number => "number",
            CellType::Date => "date",
            CellType::Boolean => "boolean",
        }
    }

    /// For the data page and the workbooks' column sheet.
    pub fn label(self) -> &'static str {
        match self {
            CellType::String => "文字列",
            CellType::Integer => "整数",
            CellType::Number => "数値",
            CellType::Date => "日付（YYYY-MM-DD）",
            CellType::Boolean => "真偽値（true / false）",
        }
    }
}

/// One column of a table: the CSV header, the Table Schema field, the workbook column and
/// the data page row.
#[derive(Debug, Clone)]
pub struct Column {
    /// CSV header and Table Schema `name`.
    pub name: String,
    pub title: String,
    /// The column's title in English (`titles.en` of the data package).
    pub title_en: String,
    pub description: String,
    pub cell: CellType,
    /// `uri` for URL columns.
    pub format: Option<&'static str>,
    pub required: bool,
    /// Allowed values of a code column.
    pub allowed: Option<Vec<&'static str>>,
    /// A regular expression every non-empty cell matches (codes made of digits).
    pub pattern: Option<&'static str>,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    /// The record kind whose `ID` the column holds (a Table Schema foreign key).
    pub references: Option<RecordKind>,
    /// Whether cells are text a spreadsheet might take for a formula.
    pub text: bool,
    /// Amounts in yen, which a workbook shows with digit grouping.
    pub yen: bool,
}

pub const MUNICIPALITY_CODE_HEADER: &str = "全国地方公共団体コード";
pub const MUNICIPALITY_NAME_HEADER: &str = "地方公共団体名";
/// The record's id, named as municipal datasets name it.
pub const ID_HEADER: &str = "ID";
/// A value's place in its record's list (1, 2, …): with `ID`, the key of a child table row.
pub const ORDER_HEADER: &str = "番号";
/// The loader's rules for values the schemas repeat (SCHEMA.md, shared value types).
pub const MUNICIPALITY_CODE_PATTERN: &str = "^[0-9]{6}$";
pub const CORPORATE_NUMBER_PATTERN: &str = "^[0-9]{13}$";
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";
/// A calendar-shaped date; `format: date` (RFC 3339 full-date) rejects the rest (02-30).
pub const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

fn code_suffix(title: &str) -> String {
    format!("{title}(コード)")
}

fn column(name: String, title: String, description: String, cell: CellType) -> Column {
    Column {
        name,
        title,
        title_en: String::new(),
        description,
        cell,
        format: None,
        required: false,
        allowed: None,
        pattern: None,
        minimum: None,
        maximum: None,
        references: None,
        text: cell == CellType::String,
        yen: false,
    }
}

/// The columns of one scalar value of type `ty` (a code gives two: label and code).
fn scalar_columns(
    key: &str,
    title: &str,
    title_en: &str,
    header: &str,
    description: &str,
    ty: Type,
    required: bool,
) -> Vec<Column> {
    match ty {
        Type::Code(vocabulary) => {
            let pairs = format::vocabulary(vocabulary).unwrap_or(&[]);
            let mut label = column(
                header.to_string(),
                title.to_string(),
                description.to_string(),
                CellType::String,
            );
            let mut code = column(
                code_suffix(header),
                code_suffix(title),
                format!("「{title}」の英字コード。"),
                CellType::String,
            );
            label.title_en = title_en.to_string();
            code.title_en = format!("{title_en} (code)");
            label.required = required;
            code.required = required;
            label.allowed = Some(pairs.iter().map(|(_, l)| *l).collect());
            code.allowed = Some(pairs.iter().map(|(c, _)| *c).collect());
            vec![label, code]
        }
        _ => {
            let cell = match ty {
                Type::Integer => CellType::Integer,
                Type::Date => CellType::Date,
                Type::Boolean => CellType::Boolean,
                _ => CellType::String,
            };
            let mut c = column(
                header.to_string(),
                title.to_string(),
                description.to_string(),
                cell,
            );
            c.title_en = title_en.to_string();
            c.required = required;
            if matches!(ty, Type::Url | Type::PageUrl) {
                c.format = Some("uri");
            }
            if key == "corporate_number" {
                c.pattern = Some(CORPORATE_NUMBER_PATTERN);
                c.text = false;
            }
            if key == "sdgs" {
                (c.minimum, c.maximum) = (Some(1), Some(17));
            }
            vec![c]
        }
    }
}

impl FieldInfo {
    /// `区の負担額(円)`: the title with its unit, as the machine-readability rules ask.
    pub fn header(&self) -> String {
        match self.unit {
            Some(unit) => format!("{}({unit})", self.title),
            None => self.title.to_string(),
        }
    }

    /// The header's English title: `The ward's cost (yen)`, `Proposal ID`.
    pub fn header_en(&self) -> String {
        let title = english_title(self.key).unwrap_or(self.key);
        match (self.unit, self.references) {
            (Some("円"), _) => format!("{title} (yen)"),
            (_, Some(_)) => format!("{title} ID"),
            _ => title.to_string(),
        }
    }

    /// Whether the field's values go to a child table of their own.
    pub fn is_list(&self) -> bool {
        matches!(self.ty, Type::List(_) | Type::Objects(_))
    }

    /// The columns of this field's values: in the record's table for a scalar or an object,
    /// in its child table (after `ID` and `番号`) for a list.
    pub fn columns(&self) -> Vec<Column> {
        let header = self.header();
        let header_en = self.header_en();
        let required = !self.nullable;
        let mut columns = match self.ty {
            Type::List(item) => scalar_columns(
                self.key,
                self.title,
                &header_en,
                &header,
                self.description,
                *item,
                true,
            ),
            Type::Object(subs) | Type::Objects(subs) => {
                let nested = matches!(self.ty, Type::Object(_));
                subs.iter()
                    .flat_map(|sub| {
                        // A period's start is `実施期間開始日` beside the record; a partner's
                        // name is `名称` in the partners' table.
                        let title = if nested {
                            format!("{}{}", self.title, sub.title)
                        } else {
                            sub.title.to_string()
                        };
                        let description = format!(
                            "{}の{}",
                            self.description.trim_end_matches('。'),
                            sub.description
                        );
                        let sub_en = english_sub_title(sub.key).unwrap_or(sub.key);
                        let title_en = if nested {
                            format!("{header_en} {}", sub_en.to_lowercase())
                        } else {
                            sub_en.to_string()
                        };
                        let required = (required || !nested) && !sub.nullable;
                        scalar_columns(
                            sub.key,
                            &title,
                            &title_en,
                            &title,
                            &description,
                            sub.ty,
                            required,
                        )
                    })
                    .collect()
            }
            ty => scalar_columns(
                self.key,
                self.title,
                &header_en,
                &header,
                self.description,
                ty,
                required,
            ),
        };
        if self.unit == Some("円") {
            for column in &mut columns {
                column.yen = true;
                column.minimum = Some(0);
            }
        }
        for column in &mut columns {
            column.references = self.references;
        }
        columns
    }
}

/// One table of a kind: the record table (`partnerships`) or the child table of one list
/// field (`partnership_partners`).
#[derive(Debug, Clone)]
pub struct TableDef {
    /// File stem and Data Package resource name.
    pub name: String,
    pub title: String,
    pub title_en: String,
    /// Its sheet in the kind's workbook.
    pub sheet: String,
    pub description: String,
    pub columns: Vec<Column>,
    /// The list field a child table holds, by its index in the kind's fields.
    pub field: Option<usize>,
}

impl TableDef {
    pub fn primary_key(&self) -> Vec<&'static str> {
        match self.field {
            None => vec![ID_HEADER],
            Some(_) => vec![ID_HEADER, ORDER_HEADER],
        }
    }
}

/// The singular of a kind, for child table names: `partnership_partners`.
fn singular(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Partnership => "partnership",
        RecordKind::Theme => "theme",
        RecordKind::Proposal => "proposal",
        RecordKind::Sounding => "sounding",
    }
}

fn id_column(description: &str) -> Column {
    let mut id = column(
        ID_HEADER.to_string(),
        ID_HEADER.to_string(),
        description.to_string(),
        CellType::String,
    );
    id.title_en = ID_HEADER.to_string();
    id.required = true;
    id.pattern = Some(ID_PATTERN);
    id.text = false;
    id
}

/// Every table of a kind: the record table first, with the municipality columns first as
/// the national guidance orders them (コード, ID, 名称), then one child table per list field.
pub fn tables(kind: RecordKind) -> Vec<TableDef> {
    let infos = field_infos(kind);
    let mut code = column(
        MUNICIPALITY_CODE_HEADER.to_string(),
        MUNICIPALITY_CODE_HEADER.to_string(),
        "総務省が定める6桁の全国地方公共団体コード（検査数字を含む）。".to_string(),
        CellType::String,
    );
    code.title_en = "Local government code".to_string();
    code.required = true;
    code.text = false;
    code.pattern = Some(MUNICIPALITY_CODE_PATTERN);
    let mut name = column(
        MUNICIPALITY_NAME_HEADER.to_string(),
        MUNICIPALITY_NAME_HEADER.to_string(),
        "データを作成した地方公共団体の名称。".to_string(),
        CellType::String,
    );
    name.title_en = "Local government name".to_string();
    name.required = true;
    let mut columns = vec![code, id_column(infos[0].description), name];
    columns.extend(
        infos
            .iter()
            .skip(1)
            .filter(|info| !info.is_list())
            .flat_map(FieldInfo::columns),
    );
    let mut tables = vec![TableDef {
        name: dataset_name(kind).to_string(),
        title: dataset_title(kind).to_string(),
        title_en: dataset_title_en(kind).to_string(),
        sheet: dataset_title(kind).to_string(),
        description: dataset_description(kind).to_string(),
        columns,
        field: None,
    }];
    for (index, info) in infos.iter().enumerate().filter(|(_, info)| info.is_list()) {
        let mut id = id_column(&format!(
            "この値を持つ記録のID（{}のID）。",
            dataset_name(kind)
        ));
        id.references = Some(kind);
        let mut order = column(
            ORDER_HEADER.to_string(),
            ORDER_HEADER.to_string(),
            "記録の中での順番（1から）。".to_string(),
            CellType::Integer,
        );
        order.title_en = "Position in the record".to_string();
        order.required = true;
        order.minimum = Some(1);
        let mut columns = vec![id, order];
        columns.extend(info.columns());
        tables.push(TableDef {
            name: format!("{}_{}", singular(kind), info.key),
            title: format!("{}：{}", dataset_title(kind), info.title),
            title_en: format!("{}: {}", dataset_title_en(kind), info.header_en()),
            sheet: info.title.to_string(),
            description: format!(
                "{}の「{}」。1行に1つの値で、IDで{}と結び付きます。{}",
                dataset_title(kind),
                info.title,
                dataset_name(kind),
                info.description
            ),
            columns,
            field: Some(index),
        });
    }
    tables
}

/// A column of the earlier CSV files (one file per kind, lists joined with `;`) and where its
/// values are now: for the note on the data page to consumers of those files.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Change {
    pub file: String,
    pub old: String,
    pub new: String,
}

pub fn changes() -> Vec<Change> {
    let mut changes = Vec::new();
    for kind in KINDS {
        let file = format!("{}.csv", dataset_name(kind));
        changes.push(Change {
            file: file.clone(),
            old: "id".to_string(),
            new: format!("{file}の{ID_HEADER}"),
        });
        let infos = field_infos(kind);
        for table in tables(kind).into_iter().skip(1) {
            let Some(info) = table.field.map(|index| &infos[index]) else {
                continue;
            };
            let new: Vec<&str> = table
                .columns
                .iter()
                .skip(2)
                .map(|c| c.name.as_str())
                .collect();
            let old: Vec<String> = match info.ty {
                Type::Objects(_) => new
                    .iter()
                    .map(|name| format!("{}{name}", info.title))
                    .collect(),
                _ => new.iter().map(|name| name.to_string()).collect(),
            };
            changes.push(Change {
                file: file.clone(),
                old: old.join("、"),
                new: format!("{}.csvの{}", table.name, new.join("、")),
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_column_and_table_has_an_english_title() {
        for kind in KINDS {
            for table in tables(kind) {
                assert!(
                    table.title_en.is_ascii() && !table.title_en.is_empty(),
                    "{}",
                    table.name
                );
                let mut seen = BTreeSet::new();
                for column in &table.columns {
                    assert!(
                        !column.title_en.is_empty() && column.title_en.is_ascii(),
                        "{}.{}: `{}`",
                        table.name,
                        column.name,
                        column.title_en
                    );
                    // As the Japanese headers are, so that a reader can tell the columns apart.
                    assert!(
                        seen.insert(column.title_en.clone()),
                        "{}: two columns titled `{}`",
                        table.name,
                        column.title_en
                    );
                }
            }
            for info in field_infos(kind) {
                assert!(english_title(info.key).is_some(), "{}", info.key);
            }
        }
    }

    #[test]
    fn column_and_table_names_are_unique_per_kind() {
        for kind in KINDS {
            let tables = tables(kind);
            let names: BTreeSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
            assert_eq!(names.len(), tables.len(), "{kind:?}");
            for table in &tables {
                let columns: BTreeSet<&str> =
                    table.columns.iter().map(|c| c.name.as_str()).collect();
                assert_eq!(columns.len(), table.columns.len(), "{}", table.name);
            }
        }
    }

    #[test]
    fn lists_go_to_child_tables_keyed_by_the_record_id() {
        let tables = tables(RecordKind::Partnership);
        let names: Vec<String> = tables[0].columns.iter().map(|c| c.name.clone()).collect();
        assert!(names.contains(&"区の負担額(円)".to_string()));
        assert!(!names.iter().any(|n| n.starts_with("連携先")), "{names:?}");
        let pattern = names.iter().position(|n| n == "パターン").unwrap();
        assert_eq!(names[pattern + 1], "パターン(コード)");
        assert_eq!(
            &names[..3],
            [
                MUNICIPALITY_CODE_HEADER,
                ID_HEADER,
                MUNICIPALITY_NAME_HEADER
            ]
        );
        let partners = tables
            .iter()
            .find(|t| t.name == "partnership_partners")
            .expect("partners table");
        let columns: Vec<&str> = partners.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(columns[..3], [ID_HEADER, ORDER_HEADER, "名称"]);
        assert_eq!(
            partners.columns[0].references,
            Some(RecordKind::Partnership)
        );
        assert!(
            tables.iter().any(|t| t.name == "partnership_documents")
                && tables.iter().any(|t| t.name == "partnership_kpis")
        );
    }

    #[test]
    fn every_code_vocabulary_exists() {
        fn check(ty: Type) {
            match ty {
                Type::Code(v) => assert!(format::vocabulary(v).is_some(), "{v}"),
                Type::List(item) => check(*item),
                Type::Object(subs) | Type::Objects(subs) => subs.iter().for_each(|s| check(s.ty)),
                _ => {}
            }
        }
        for kind in KINDS {
            field_infos(kind).iter().for_each(|f| check(f.ty));
        }
    }
}
