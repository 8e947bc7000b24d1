//! Records exactly as ward staff write them (SCHEMA.md), including the data that must never be
//! published. Only `disclose` reads these types; renderers receive `public` types instead.

use serde::Deserialize;
use std::sync::Arc;

use kanmin_public::date::Date;
pub use kanmin_public::vocab::{
    AgreementKind, DocumentKind, Involvement, OrganisationKind, PartnershipStatus, Pattern,
    ProposalRoute, ProposalStatus, Route,
};
pub use kanmin_public::{Contact, Editor, KpiValue, Municipality};

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub base_url: String,
    pub municipality: Municipality,
    pub contact: Contact,
    #[serde(default = "default_license")]
    pub license: String,
    #[serde(default)]
    pub theme: Option<String>,
    /// Optional one-line description used for meta tags and the data catalogue.
    #[serde(default)]
    pub description: Option<String>,
    /// Marks a demonstration data set: every page then says its records are fictional.
    #[serde(default)]
    pub sample: bool,
    /// The web editor: `admin/` is written only when this is set.
    #[serde(default)]
    pub editor: Option<Editor>,
    /// The site's texts in English.
    #[serde(default)]
    pub en: Option<kanmin_public::SiteTranslations>,
    /// The OCDS ocid prefix registered for the ward (`ocds-xxxxxx`): `data/ocds/` is
    /// written only when this is set.
    #[serde(default)]
    pub ocid_prefix: Option<String>,
}

fn default_license() -> String {
    "CC-BY-4.0".to_string()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    /// Its name in English; withheld whenever `name` is.
    #[serde(default)]
    pub name_en: Option<String>,
    pub kind: OrganisationKind,
    #[serde(default)]
    pub corporate_number: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: Date,
    #[serde(default)]
    pub end: Option<Date>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    pub name: String,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub target: Option<KpiValue>,
    #[serde(default)]
    pub actual: Option<KpiValue>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub title: String,
    pub url: String,
    pub kind: DocumentKind,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    #[serde(default)]
    pub reviewed: bool,
    #[serde(default)]
    pub reviewed_on: Option<Date>,
    #[serde(default)]
    pub protected: Vec<String>,
    /// Public: why the protected fields are withheld, shown where they would be.
    #[serde(default)]
    pub reason: Option<String>,
    /// From this build date on, the protected fields are published.
    #[serde(default)]
    pub until: Option<Date>,
    /// Exact withheld texts of this record that the ward confirms are not know-how, because
    /// they also stand in public text (a stock phrase, a common title): the leak scans skip them.
    #[serde(default)]
    pub also_public: Vec<String>,
}

/// A partnership's `en:` block: its free texts in English, each optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnershipEn {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub outcomes: Option<String>,
}

impl PartnershipEn {
    /// (field, English text) of the fields translated.
    pub fn texts(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [
            ("title", &self.title),
            ("summary", &self.summary),
            ("body", &self.body),
            ("outcomes", &self.outcomes),
        ]
        .into_iter()
        .filter_map(|(field, text)| text.as_ref().map(|text| (field, text)))
    }
}

/// A theme's `en:` block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeEn {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub issue: Option<String>,
    #[serde(default)]
    pub existing_programs: Option<String>,
    #[serde(default)]
    pub sustainability: Option<String>,
    #[serde(default)]
    pub expected: Option<String>,
}

impl ThemeEn {
    /// (field, English text) of the fields translated.
    pub fn texts(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [
            ("title", &self.title),
            ("summary", &self.summary),
            ("issue", &self.issue),
            ("existing_programs", &self.existing_programs),
            ("sustainability", &self.sustainability),
            ("expected", &self.expected),
        ]
        .into_iter()
        .filter_map(|(field, text)| text.as_ref().map(|text| (field, text)))
    }
}

/// A proposal's `en:` block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalEn {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub idea: Option<String>,
}

impl ProposalEn {
    /// (field, English text) of the fields translated.
    pub fn texts(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [
            ("title", &self.title),
            ("summary", &self.summary),
            ("idea", &self.idea),
        ]
        .into_iter()
        .filter_map(|(field, text)| text.as_ref().map(|text| (field, text)))
    }
}

/// A sounding's `en:` block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoundingEn {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub results: Option<String>,
}

impl SoundingEn {
    /// (field, English text) of the fields translated.
    pub fn texts(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [
            ("title", &self.title),
            ("summary", &self.summary),
            ("purpose", &self.purpose),
            ("results", &self.results),
        ]
        .into_iter()
        .filter_map(|(field, text)| text.as_ref().map(|text| (field, text)))
    }
}

/// A page's `en:` block in its front matter: the page in English (`body` in Markdown).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageEn {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
}

impl PageEn {
    /// (field, English text) of the fields translated.
    pub fn texts(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [
            ("title", &self.title),
            ("description", &self.description),
            ("body", &self.body),
        ]
        .into_iter()
        .filter_map(|(field, text)| text.as_ref().map(|text| (field, text)))
    }
}

/// Staff-only notes: any YAML, never published, scanned for leaks.
pub type Internal = serde_yaml::Value;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partnership {
    #[serde(skip)]
    pub id: String,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub body: Option<String>,
    pub status: PartnershipStatus,
    pub pattern: Pattern,
    pub route: Route,
    #[serde(default)]
    pub demonstration: bool,
    pub agreement: AgreementKind,
    #[serde(default)]
    pub involvement: Vec<Involvement>,
    pub concluded_on: Date,
    #[serde(default)]
    pub period: Option<Period>,
    pub partners: Vec<Organisation>,
    pub departments: Vec<String>,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub proposal: Option<String>,
    #[serde(default)]
    pub sounding: Option<String>,
    #[serde(default)]
    pub policy_areas: Vec<String>,
    #[serde(default)]
    pub sdgs: Vec<u8>,
    #[serde(default)]
    pub ward_cost_yen: Option<u64>,
    #[serde(default)]
    pub outcomes: Option<String>,
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub disclosure: Option<Disclosure>,
    #[serde(default)]
    pub en: Option<PartnershipEn>,
    #[serde(default)]
    pub internal: Option<Internal>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    #[serde(skip)]
    pub id: String,
    pub title: String,
    pub summary: String,
    pub departments: Vec<String>,
    pub open_from: Date,
    pub deadline: Date,
    pub issue: String,
    #[serde(default)]
    pub existing_programs: Option<String>,
    #[serde(default)]
    pub sustainability: Option<String>,
    #[serde(default)]
    pub expected: Option<String>,
    #[serde(default)]
    pub demonstration_eligible: bool,
    #[serde(default)]
    pub incentive: bool,
    #[serde(default)]
    pub policy_areas: Vec<String>,
    #[serde(default)]
    pub sdgs: Vec<u8>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub en: Option<ThemeEn>,
    #[serde(default)]
    pub internal: Option<Internal>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    #[serde(skip)]
    pub id: String,
    pub title: String,
    pub summary: String,
    pub received_on: Date,
    pub route: ProposalRoute,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub demonstration: bool,
    pub proposer: Organisation,
    pub departments: Vec<String>,
    pub status: ProposalStatus,
    #[serde(default)]
    pub partnership: Option<String>,
    #[serde(default)]
    pub idea: Option<String>,
    #[serde(default)]
    pub incentive_applied: bool,
    #[serde(default)]
    pub disclosure: Option<Disclosure>,
    #[serde(default)]
    pub en: Option<ProposalEn>,
    #[serde(default)]
    pub internal: Option<Internal>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sounding {
    #[serde(skip)]
    pub id: String,
    pub title: String,
    pub summary: String,
    pub departments: Vec<String>,
    #[serde(default)]
    pub purpose: Option<String>,
    pub announced_on: Date,
    #[serde(default)]
    pub entry_deadline: Option<Date>,
    #[serde(default)]
    pub dialogue_from: Option<Date>,
    #[serde(default)]
    pub dialogue_to: Option<Date>,
    #[serde(default)]
    pub results_on: Option<Date>,
    #[serde(default)]
    pub participants_count: Option<u32>,
    #[serde(default)]
    pub participants: Vec<Organisation>,
    #[serde(default)]
    pub results: Option<String>,
    #[serde(default)]
    pub partnerships: Vec<String>,
    #[serde(default)]
    pub disclosure: Option<Disclosure>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub en: Option<SoundingEn>,
    #[serde(default)]
    pub internal: Option<Internal>,
}

/// Front matter of `content/pages/<id>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    pub title: String,
    #[serde(default)]
    pub order: Option<i64>,
    /// One-line description for meta tags; optional.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub en: Option<PageEn>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub title: String,
    pub order: Option<i64>,
    pub description: Option<String>,
    pub body: String,
    pub en: Option<PageEn>,
}

/// Where each record came from, so later stages can point errors at the right file.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: std::path::PathBuf,
    pub text: Arc<str>,
}

/// Every record of a content folder, as written.
#[derive(Debug, Clone)]
pub struct Content {
    pub site: SiteConfig,
    pub site_source: Source,
    // Shared with `ParseCache`, so a rebuild reuses unchanged records without copying them.
    pub partnerships: Vec<(Arc<Partnership>, Source)>,
    pub themes: Vec<(Arc<Theme>, Source)>,
    pub proposals: Vec<(Arc<Proposal>, Source)>,
    pub soundings: Vec<(Arc<Sounding>, Source)>,
    pub pages: Vec<(Page, Source)>,
    /// (folder, id) of record files that exist but failed to load.
    pub unparsed: std::collections::BTreeSet<(&'static str, String)>,
    /// Problems found while loading; the build fails if any.
    pub load_errors: kanmin_public::diagnostics::Diagnostics,
}
