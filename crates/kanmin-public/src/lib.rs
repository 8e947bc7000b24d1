//! What renderers may see. Every value here has passed the disclosure rule: no type in this
//! module can hold a withheld record, a protected field's value or `internal` notes, so a
//! template, a data file or the search index cannot publish them by mistake.
//!
//! Records keep their source values (ISO dates, yen as integers, codes) so open data can
//! publish them exactly; templates format them with the filters in `render::format`.

pub mod date;
pub mod diagnostics;
pub mod history;
pub mod protectable;
pub mod vocab;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use crate::date::Date;
pub use crate::vocab::{
    AgreementKind, DocumentKind, Involvement, OrganisationKind, PartnershipStatus, Pattern,
    ProposalRoute, ProposalStatus, RecordKind, Route, Term, ThemeStatus,
};

/// A language the site is published in. Japanese is the records' own language and the site's
/// root; every other language is a copy of the site under `/<code>/`, from the records'
/// `<code>:` blocks and the theme's message table for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    /// Every language, the records' own first.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// BCP 47 tag, for `lang` and `hreflang`, and the name of the records' block.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The language's name in itself, as the language switcher shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
        }
    }

    /// Where the language's pages live below the site root: `""` or `en/`.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::Ja => "",
            Lang::En => "en/",
        }
    }
}

/// Why fields are withheld, when `disclosure.reason` does not say; the English pages say
/// `DEFAULT_REASON_EN` in its place (a reason a record gives itself stays as written).
pub const DEFAULT_REASON: &str =
    "提案者等との協議により、アイデアやノウハウを保護するため公開していません。";
pub const DEFAULT_REASON_EN: &str =
    "Withheld to protect ideas and know-how, as agreed with the proposer and others concerned.";

/// Free texts of a record in a language other than Japanese, by field name (`title`,
/// `summary`, …): only the fields the record translates and the disclosure rule lets through.
pub type Translations = std::collections::BTreeMap<String, String>;

/// A field the proposer and the ward agreed to protect: templates show 非公開, data files
/// write null and list the field under `withheld_fields`.
#[derive(Debug, Clone, PartialEq)]
pub enum Disclosed<T> {
    Shown(T),
    Withheld,
}

impl<T> Disclosed<T> {
    pub fn shown(&self) -> Option<&T> {
        match self {
            Disclosed::Shown(value) => Some(value),
            Disclosed::Withheld => None,
        }
    }

    pub fn is_withheld(&self) -> bool {
        matches!(self, Disclosed::Withheld)
    }
}

impl<T: Serialize> Serialize for Disclosed<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Disclosed::Shown(value) => value.serialize(serializer),
            Disclosed::Withheld => serializer.serialize_none(),
        }
    }
}

/// Values the site publishes as written in `site.yaml` and in records.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    pub name: String,
    pub prefecture: String,
    /// 全国地方公共団体コード: six digits, kept as text so leading zeros survive.
    pub code: String,
}

/// `editor` in site.yaml: the web editor (Decap CMS) for staff who do not use git. Its
/// settings are public: the CMS reads them in the browser.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Editor {
    /// The CMS's `backend` block as Decap CMS documents it (`name: github`, `repo`, `branch`,
    /// …), passed through unchanged.
    pub backend: serde_json::Map<String, serde_json::Value>,
    /// Where the CMS script is loaded from; the default is the Decap CMS release kanmin is
    /// tested with, from unpkg.
    #[serde(default)]
    pub script: Option<String>,
    /// Also offer decap-server's local backend (`npx decap-server` in a clone), for staff who
    /// edit on their own machine before they push.
    #[serde(default)]
    pub local_backend: Option<LocalBackend>,
}

/// `local_backend`: `true`, or the address of decap-server's API.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum LocalBackend {
    On(bool),
    Url { url: String },
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    pub department: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// A KPI's target or actual: a number where the ward measures one, otherwise text.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum KpiValue {
    Number(f64),
    Text(String),
}

/// The licence of the site's texts and data (`site.yaml`'s SPDX `license`), as pages,
/// catalogues and data packages name it: the one place its facts live.
#[derive(Debug, Clone, Serialize)]
pub struct Licence {
    pub id: String,
    pub url: String,
    pub title: String,
    /// Its title in CKAN's licence register, by which a CKAN harvester recognises it.
    pub register_title: Option<&'static str>,
    /// Its short name (`CC BY 4.0`) and the deed people read (in Japanese), for the licence
    /// families that have one.
    pub short: Option<&'static str>,
    pub deed: Option<String>,
    /// Its title and deed in English, for the English pages.
    pub title_en: String,
    pub deed_en: Option<String>,
}

impl Licence {
    pub fn of(id: &str) -> Licence {
        let id = id.to_string();
        let known = match id.as_str() {
            "CC-BY-4.0" => Some((
                "https://creativecommons.org/licenses/by/4.0/",
                "クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）",
                "Creative Commons Attribution 4.0 International (CC BY 4.0)",
                "Creative Commons Attribution",
                "CC BY 4.0",
            )),
            "CC0-1.0" => Some((
                "https://creativecommons.org/publicdomain/zero/1.0/",
                "CC0 1.0 パブリック・ドメイン提供",
                "CC0 1.0 Universal Public Domain Dedication",
                "Creative Commons CCZero",
                "CC0 1.0",
            )),
            "CC-BY-SA-4.0" => Some((
                "https://creativecommons.org/licenses/by-sa/4.0/",
                "クリエイティブ・コモンズ 表示-継承 4.0 国際（CC BY-SA 4.0）",
                "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)",
                "Creative Commons Attribution Share-Alike",
                "CC BY-SA 4.0",
            )),
            _ => None,
        };
        match known {
            Some((url, title, title_en, register_title, short)) => Licence {
                id,
                url: url.to_string(),
                title: title.to_string(),
                register_title: Some(register_title),
                short: Some(short),
                deed: Some(format!("{url}deed.ja")),
                title_en: title_en.to_string(),
                deed_en: Some(format!("{url}deed.en")),
            },
            // Every SPDX identifier has a page there, so an uncommon licence still links.
            None => Licence {
                url: format!("https://spdx.org/licenses/{id}.html"),
                title: id.clone(),
                title_en: id.clone(),
                deed_en: None,
                id,
                register_title: None,
                short: None,
                deed: None,
            },
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// Path part of `base_url` (`/colab/`), the prefix of every link inside the site.
    pub base_path: String,
    pub description: Option<String>,
    pub municipality: Municipality,
    pub contact: Contact,
    pub license: String,
    pub licence: Licence,
    pub sample: bool,
    /// Theme folder name from site.yaml; `None` for the built-in theme.
    pub theme: Option<String>,
    pub editor: Option<Editor>,
    /// `site.yaml`'s OCDS ocid prefix; the OCDS files exist only with one.
    pub ocid_prefix: Option<String>,
    pub build_date: Date,
    /// The language of the pages rendered from this site.
    pub lang: Lang,
    /// `base_url` and `base_path` of the whole site, whatever the language: where the files
    /// both languages share (styles, open data) are. `base_url` and `base_path` are the
    /// language's own root (`…/en/`).
    pub root_url: String,
    pub root_path: String,
    /// `site.yaml`'s texts in English (`en:`), where given.
    pub en: SiteTranslations,
}

/// `site.yaml`'s `en:` block: the site's texts in English.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteTranslations {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The municipality's English name (`Setagaya City`).
    #[serde(default)]
    pub municipality: Option<String>,
    /// The prefecture's English name (`Tokyo`).
    #[serde(default)]
    pub prefecture: Option<String>,
    #[serde(default)]
    pub contact: Option<ContactTranslations>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContactTranslations {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub department: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    /// `None` when the name is protected; pages show 非公開.
    pub name: Disclosed<String>,
    pub kind: Disclosed<OrganisationKind>,
    pub corporate_number: Disclosed<Option<String>>,
    pub url: Disclosed<Option<String>>,
    /// Site path of the organisation's index page, when its name is public.
    pub page: Option<String>,
    /// Its English name, when it has one and its name is public.
    pub name_en: Option<String>,
    /// On a page in another language, the name is shown in Japanese.
    pub untranslated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub title: String,
    pub url: String,
    pub kind: DocumentKind,
}

#[derive(Debug, Clone, Serialize)]
pub struct Kpi {
    pub name: String,
    pub unit: Option<String>,
    pub target: Option<KpiValue>,
    pub actual: Option<KpiValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub start: Date,
    pub end: Option<Date>,
}

/// A link to another published record, resolved at disclosure time so that a link to a
/// withheld record cannot exist.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct RecordLink {
    pub kind: RecordKind,
    pub id: String,
    pub title: String,
    /// Site path, e.g. `partnerships/mimamori/`.
    pub path: String,
    /// On a page in another language, the title is in Japanese.
    pub untranslated: bool,
}

impl RecordKind {
    /// Folder name under `content/` and URL segment.
    pub fn folder(self) -> &'static str {
        match self {
            RecordKind::Partnership => "partnerships",
            RecordKind::Theme => "themes",
            RecordKind::Proposal => "proposals",
            RecordKind::Sounding => "soundings",
        }
    }

    pub fn path(self, id: &str) -> String {
        format!("{}/{id}/", self.folder())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Partnership {
    pub id: String,
    pub path: String,
    pub title: String,
    pub summary: Disclosed<String>,
    pub body: Disclosed<Option<String>>,
    pub status: PartnershipStatus,
    pub pattern: Pattern,
    pub route: Route,
    pub demonstration: bool,
    pub agreement: AgreementKind,
    pub involvement: Vec<Involvement>,
    pub concluded_on: Date,
    pub fiscal_year: i32,
    pub period: Option<Period>,
    pub partners: Vec<Organisation>,
    pub departments: Vec<String>,
    pub theme: Option<RecordLink>,
    pub proposal: Option<RecordLink>,
    pub sounding: Option<RecordLink>,
    pub policy_areas: Vec<String>,
    pub sdgs: Vec<u8>,
    pub ward_cost_yen: Disclosed<Option<u64>>,
    pub outcomes: Disclosed<Option<String>>,
    pub kpis: Disclosed<Vec<Kpi>>,
    pub documents: Disclosed<Vec<Document>>,
    pub withheld_fields: Vec<String>,
    /// Why `withheld_fields` are withheld (`disclosure.reason`, or `disclose::DEFAULT_REASON`);
    /// none when no field is.
    pub withheld_reason: Option<String>,
    /// The build date from which the withheld fields will be published (`disclosure.until`).
    pub withheld_until: Option<Date>,
    /// English texts (the record's `en:` block) that are public.
    pub en: Translations,
    /// On a page in another language, the fields shown in Japanese for want of a translation.
    pub untranslated: Vec<&'static str>,
    /// The day its public view last changed, from the repository's history; `None` without
    /// one (set by `kanmin-disclose`'s `history::mark_modified`).
    pub modified: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Theme {
    pub id: String,
    pub path: String,
    pub title: String,
    pub summary: String,
    pub departments: Vec<String>,
    pub open_from: Date,
    pub deadline: Date,
    pub status: ThemeStatus,
    /// Days from the build date to the deadline, counting the deadline day itself as open
    /// (0 on the last day); negative once closed.
    pub days_left: i64,
    pub issue: String,
    pub existing_programs: Option<String>,
    pub sustainability: Option<String>,
    pub expected: Option<String>,
    pub demonstration_eligible: bool,
    pub incentive: bool,
    pub policy_areas: Vec<String>,
    pub sdgs: Vec<u8>,
    pub documents: Vec<Document>,
    pub partnerships: Vec<RecordLink>,
    pub proposals: Vec<RecordLink>,
    /// English texts (the record's `en:` block) that are public.
    pub en: Translations,
    /// On a page in another language, the fields shown in Japanese for want of a translation.
    pub untranslated: Vec<&'static str>,
    /// The day its public view last changed, from the repository's history; `None` without
    /// one (set by `kanmin-disclose`'s `history::mark_modified`).
    pub modified: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub id: String,
    pub path: String,
    pub title: Disclosed<String>,
    /// What pages, links, feeds and search results call it: its title, or, when the title is
    /// protected, a name made of its id.
    pub display_title: String,
    pub summary: Disclosed<String>,
    pub received_on: Date,
    pub fiscal_year: i32,
    pub route: ProposalRoute,
    pub theme: Option<RecordLink>,
    pub demonstration: bool,
    pub proposer: Organisation,
    pub departments: Vec<String>,
    pub status: ProposalStatus,
    pub partnership: Option<RecordLink>,
    pub idea: Disclosed<Option<String>>,
    pub incentive_applied: bool,
    pub reviewed_on: Option<Date>,
    pub withheld_fields: Vec<String>,
    /// Why `withheld_fields` are withheld (`disclosure.reason`, or `disclose::DEFAULT_REASON`);
    /// none when no field is.
    pub withheld_reason: Option<String>,
    /// The build date from which the withheld fields will be published (`disclosure.until`).
    pub withheld_until: Option<Date>,
    /// English texts (the record's `en:` block) that are public.
    pub en: Translations,
    /// On a page in another language, the fields shown in Japanese for want of a translation.
    pub untranslated: Vec<&'static str>,
    /// The day its public view last changed, from the repository's history; `None` without
    /// one (set by `kanmin-disclose`'s `history::mark_modified`).
    pub modified: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sounding {
    pub id: String,
    pub path: String,
    pub title: String,
    pub summary: Disclosed<String>,
    pub departments: Vec<String>,
    pub purpose: Disclosed<Option<String>>,
    pub announced_on: Date,
    pub fiscal_year: i32,
    pub entry_deadline: Option<Date>,
    pub dialogue_from: Option<Date>,
    pub dialogue_to: Option<Date>,
    pub results_on: Option<Date>,
    pub participants_count: Disclosed<Option<u32>>,
    pub participants: Disclosed<Vec<Organisation>>,
    pub results: Disclosed<Option<String>>,
    pub partnerships: Vec<RecordLink>,
    pub documents: Disclosed<Vec<Document>>,
    pub reviewed_on: Option<Date>,
    pub withheld_fields: Vec<String>,
    /// Why `withheld_fields` are withheld (`disclosure.reason`, or `disclose::DEFAULT_REASON`);
    /// none when no field is.
    pub withheld_reason: Option<String>,
    /// The build date from which the withheld fields will be published (`disclosure.until`).
    pub withheld_until: Option<Date>,
    /// English texts (the record's `en:` block) that are public.
    pub en: Translations,
    /// On a page in another language, the fields shown in Japanese for want of a translation.
    pub untranslated: Vec<&'static str>,
    /// The day its public view last changed, from the repository's history; `None` without
    /// one (set by `kanmin-disclose`'s `history::mark_modified`).
    pub modified: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub id: String,
    pub path: String,
    pub title: String,
    pub order: Option<i64>,
    pub description: Option<String>,
    pub body: String,
    /// English texts (the record's `en:` block) that are public.
    pub en: Translations,
    /// On a page in another language, the fields shown in Japanese for want of a translation.
    pub untranslated: Vec<&'static str>,
}

/// One organisation whose name is public, with every published record it appears in.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerIndex {
    pub slug: String,
    pub path: String,
    pub name: String,
    pub kind: OrganisationKind,
    pub corporate_number: Option<String>,
    pub url: Option<String>,
    pub records: Vec<RecordLink>,
    pub name_en: Option<String>,
    /// On a page in another language, the name is shown in Japanese.
    pub untranslated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DepartmentIndex {
    pub slug: String,
    pub path: String,
    pub name: String,
    pub records: Vec<RecordLink>,
}

/// Counts that may include withheld records: the guideline allows them in totals only.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    /// (fiscal year, proposals received, proposals adopted), oldest first, withheld included.
    pub proposals_by_fiscal_year: Vec<FiscalYearProposals>,
    pub proposals_received: usize,
    pub proposals_withheld: usize,
    pub soundings_held: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FiscalYearProposals {
    pub fiscal_year: i32,
    pub received: usize,
    pub adopted: usize,
}

/// The whole published site: the only input renderers get.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    pub info: SiteInfo,
    /// Newest first (by date, then id).
    pub partnerships: Vec<Partnership>,
    /// By deadline, latest first.
    pub themes: Vec<Theme>,
    pub proposals: Vec<Proposal>,
    pub soundings: Vec<Sounding>,
    /// By `order`, then title.
    pub pages: Vec<Page>,
    pub partners: Vec<PartnerIndex>,
    pub departments: Vec<DepartmentIndex>,
    pub totals: Totals,
    /// Earlier public versions of the records, when the content lies in a git repository.
    /// Shared, not copied, by the site's other languages.
    #[serde(skip)]
    pub history: Option<std::sync::Arc<history::Histories>>,
}

impl Site {
    /// Each published record's kind, page path and the day its public view last changed
    /// (`None` without a history).
    pub fn modified(&self) -> impl Iterator<Item = (RecordKind, &str, Option<Date>)> {
        use RecordKind::*;
        let partnerships = (self.partnerships.iter()).map(|r| (Partnership, &*r.path, r.modified));
        let themes = self.themes.iter().map(|r| (Theme, &*r.path, r.modified));
        let proposals = self
            .proposals
            .iter()
            .map(|r| (Proposal, &*r.path, r.modified));
        let soundings = self
            .soundings
            .iter()
            .map(|r| (Sounding, &*r.path, r.modified));
        partnerships.chain(themes).chain(proposals).chain(soundings)
    }
}

/// Stable slug for an index page of a name that is not ASCII (organisations, departments):
/// a hash, so the URL survives other records being added or removed.
pub fn name_slug(name: &str) -> String {
    let normalised: String = name.nfkc().collect::<String>().trim().to_string();
    let digest = Sha256::digest(normalised.as_bytes());
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_and_width_insensitive() {
        assert_eq!(name_slug("ＡＢＣ株式会社"), name_slug("ABC株式会社"));
        assert_eq!(name_slug("経済産業部 商業課").len(), 12);
    }
}
