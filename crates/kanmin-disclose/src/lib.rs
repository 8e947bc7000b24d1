//! Disclose: the only module that reads protected data. It applies SCHEMA.md's rule
//! (提案情報の取り扱い) and produces `public::Site`, plus the list of withheld texts the leak
//! scan looks for after rendering.
//!
//! It fails closed: a proposal or sounding is published only with `disclosure.reviewed: true`,
//! and every protected path turns into `Disclosed::Withheld` before any renderer runs.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use kanmin_content::model::{self as raw, Content, Disclosure, ProposalStatus};
use kanmin_public::date::Date;
use kanmin_public::{self as public, name_slug, Disclosed, RecordKind, RecordLink, ThemeStatus};
use kanmin_text::matching::{self, fold};

pub mod history;
mod sources;

pub use sources::{scan_sources, SourceScan};

/// Shown wherever a protected value would have been.
pub const WITHHELD_LABEL: &str = "非公開";

/// Why fields are withheld, when `disclosure.reason` does not say.
pub use kanmin_public::DEFAULT_REASON;

/// A value that was withheld, kept only so the leak scans can prove it stayed out.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WithheldText {
    pub kind: &'static str,
    pub id: String,
    pub field: String,
    pub text: String,
    /// The output folder of the record's own page (`proposals/q-1/`) when only there is the
    /// value withheld: an organisation protected as the proposer of this record that is also
    /// a public partner elsewhere (what is protected is who proposed this, not that the
    /// company exists), or an amount another record publishes too.
    pub scope: Option<String>,
    /// `matching::needle`s of the record's `disclosure.also_public` entries: pieces the
    /// scans skip.
    pub acknowledged: Vec<String>,
}

impl WithheldText {
    pub fn new(kind: &'static str, id: &str, field: &str, text: &str) -> WithheldText {
        WithheldText {
            kind,
            id: id.to_string(),
            field: field.to_string(),
            text: text.to_string(),
            scope: None,
            acknowledged: Vec::new(),
        }
    }

    /// Organisation identities and formatted amounts are searched from a shorter length than
    /// other whole values: a company name is short and still names someone.
    pub fn min_whole_chars(&self) -> usize {
        if is_organisation_field(&self.field) || self.field == "ward_cost_yen" {
            matching::MIN_IDENTITY_CHARS
        } else {
            matching::MIN_VALUE_CHARS
        }
    }

    /// The pieces searched for (see `matching::pieces`), with whether `also_public`
    /// acknowledges each.
    pub fn pieces(&self) -> Vec<(String, bool)> {
        matching::pieces(
            &self.text,
            self.min_whole_chars(),
            kanmin_text::markdown::to_plain_text,
        )
        .into_iter()
        .map(|piece| {
            let acknowledged = !self.acknowledged.is_empty()
                && self.acknowledged.contains(&matching::needle(&piece));
            (piece, acknowledged)
        })
        .collect()
    }

    /// The content file the value was written in, relative to the content folder.
    pub fn file(&self) -> String {
        format!("{}s/{}.yaml", self.kind, self.id)
    }
}

/// What `kanmin check` reports and the leak scan needs.
#[derive(Debug, Clone, Default)]
pub struct WithheldReport {
    /// (kind, id, reason) of records withheld whole.
    pub records: Vec<(&'static str, String, String)>,
    /// (kind, id, field path) of protected fields in published records.
    pub fields: Vec<(&'static str, String, String)>,
    /// (kind, id, day of publication) of protections with an end date still to come.
    pub ending: Vec<(&'static str, String, Date)>,
    /// (kind, id, entry) of every `disclosure.also_public` entry.
    pub also_public: Vec<(&'static str, String, String)>,
    /// Records with `internal` notes (never published).
    pub internal: Vec<(&'static str, String)>,
    pub texts: Vec<WithheldText>,
}

/// Which paths of one record are protected: those `disclosure.protected` names until
/// `disclosure.until`, and with an organisation's name its 法人番号 and URL, which identify
/// it as well as its name does.
struct Protection<'a> {
    paths: Vec<String>,
    disclosure: Option<&'a Disclosure>,
}

impl Protection<'_> {
    fn of(disclosure: &Option<Disclosure>, build_date: Date) -> Protection<'_> {
        let disclosure = disclosure.as_ref();
        let lifted = disclosure
            .and_then(|d| d.until)
            .is_some_and(|until| build_date >= until);
        let mut paths: Vec<String> = Vec::new();
        for path in disclosure
            .filter(|_| !lifted)
            .map_or(&[][..], |d| &d.protected[..])
        {
            let implied = path
                .strip_suffix(".name")
                .map(|org| [format!("{org}.corporate_number"), format!("{org}.url")]);
            for path in std::iter::once(path.clone()).chain(implied.into_iter().flatten()) {
                if !paths.contains(&path) {
                    paths.push(path);
                }
            }
        }
        Protection { paths, disclosure }
    }

    /// Why fields are withheld and the day they will be published, for the public record:
    /// none when nothing is.
    fn reason(&self) -> (Option<String>, Option<Date>) {
        if self.paths.is_empty() {
            return (None, None);
        }
        let reason = self
            .disclosure
            .and_then(|d| d.reason.clone())
            .unwrap_or_else(|| DEFAULT_REASON.to_string());
        (Some(reason), self.disclosure.and_then(|d| d.until))
    }

    /// The whole organisation (its kind too) is protected.
    fn whole_organisation(&self, list: &str, index: usize) -> bool {
        self.field(list) || (list != "proposer" && self.field(&format!("{list}[{index}]")))
    }

    fn field(&self, name: &str) -> bool {
        self.paths.iter().any(|p| p == name)
    }

    /// Protected for the organisation at `index` of `list`, for `sub` (name, url, …).
    fn organisation(&self, list: &str, index: usize, sub: &str) -> bool {
        let indexed = format!("{list}[{index}]");
        self.paths.iter().any(|p| {
            p == list
                || *p == format!("{list}.{sub}")
                || *p == indexed
                || *p == format!("{indexed}.{sub}")
        })
    }
}

fn is_reviewed(disclosure: &Option<Disclosure>) -> bool {
    disclosure.as_ref().is_some_and(|d| d.reviewed)
}

/// Collects withheld values while records are disclosed.
#[derive(Default)]
struct Collector {
    report: WithheldReport,
}

impl Collector {
    fn absorb(&mut self, other: Collector) {
        let (report, other) = (&mut self.report, other.report);
        report.records.extend(other.records);
        report.fields.extend(other.fields);
        report.ending.extend(other.ending);
        report.also_public.extend(other.also_public);
        report.internal.extend(other.internal);
        report.texts.extend(other.texts);
    }

    fn text(&mut self, kind: &'static str, id: &str, field: &str, text: &str) {
        if !text.trim().is_empty() {
            self.report
                .texts
                .push(WithheldText::new(kind, id, field, text));
        }
    }

    fn organisation(&mut self, kind: &'static str, id: &str, field: &str, org: &raw::Organisation) {
        self.text(kind, id, &format!("{field}.name"), &org.name);
        if let Some(name) = &org.name_en {
            self.text(kind, id, &format!("{field}.name_en"), name);
        }
        if let Some(number) = &org.corporate_number {
            self.text(kind, id, &format!("{field}.corporate_number"), number);
        }
        if let Some(url) = &org.url {
            self.text(kind, id, &format!("{field}.url"), url);
        }
    }

    /// Every English text of a record withheld whole.
    fn translations<'t>(
        &mut self,
        kind: &'static str,
        id: &str,
        texts: impl Iterator<Item = (&'static str, &'t String)>,
    ) {
        for (field, text) in texts {
            self.text(kind, id, &format!("en.{field}"), text);
        }
    }

    fn internal(&mut self, kind: &'static str, id: &str, internal: &Option<raw::Internal>) {
        if let Some(value) = internal {
            self.report.internal.push((kind, id.to_string()));
            let mut strings = Vec::new();
            collect_yaml_strings(value, &mut strings);
            for text in strings {
                self.text(kind, id, "internal", &text);
            }
        }
    }
}

fn collect_yaml_strings(value: &serde_yaml::Value, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::String(s) => out.push(s.clone()),
        serde_yaml::Value::Number(n) => out.push(n.to_string()),
        serde_yaml::Value::Sequence(items) => {
            items.iter().for_each(|v| collect_yaml_strings(v, out))
        }
        serde_yaml::Value::Mapping(map) => map.iter().for_each(|(k, v)| {
            collect_yaml_strings(k, out);
            collect_yaml_strings(v, out);
        }),
        serde_yaml::Value::Tagged(tagged) => collect_yaml_strings(&tagged.value, out),
        serde_yaml::Value::Bool(_) | serde_yaml::Value::Null => {}
    }
}

/// Runs the disclosure rule over validated content.
pub fn disclose(content: &Content, build_date: Date) -> (public::Site, WithheldReport) {
    let mut collector = Collector::default();

    let published_proposals: HashSet<&str> = content
        .proposals
        .iter()
        .filter(|(p, _)| is_reviewed(&p.disclosure))
        .map(|(p, _)| p.id.as_str())
        .collect();
    let published_soundings: HashSet<&str> = content
        .soundings
        .iter()
        .filter(|(s, _)| is_reviewed(&s.disclosure))
        .map(|(s, _)| s.id.as_str())
        .collect();

    // Titles other records link to; protected proposal titles never appear in a link.
    let mut titles: BTreeMap<(RecordKind, &str), String> = BTreeMap::new();
    for (p, _) in &content.partnerships {
        titles.insert((RecordKind::Partnership, &p.id), p.title.clone());
    }
    for (t, _) in &content.themes {
        titles.insert((RecordKind::Theme, &t.id), t.title.clone());
    }
    for (p, _) in &content.proposals {
        if published_proposals.contains(p.id.as_str()) {
            let title = if Protection::of(&p.disclosure, build_date).field("title") {
                withheld_proposal_title(&p.id)
            } else {
                p.title.clone()
            };
            titles.insert((RecordKind::Proposal, &p.id), title);
        }
    }
    for (s, _) in &content.soundings {
        if published_soundings.contains(s.id.as_str()) {
            titles.insert((RecordKind::Sounding, &s.id), s.title.clone());
        }
    }
    let link = |kind: RecordKind, id: &Option<String>| -> Option<RecordLink> {
        let id = id.as_deref()?;
        titles.get(&(kind, id)).map(|title| RecordLink {
            kind,
            id: id.to_string(),
            title: title.clone(),
            path: kind.path(id),
            untranslated: false,
        })
    };

    // Partnerships are most of a corpus: disclosed in parallel, each with its own collector,
    // merged in order so the report reads the same on every run.
    let (mut partnerships, collected): (Vec<public::Partnership>, Vec<Collector>) = content
        .partnerships
        .par_iter()
        .map(|(p, _)| {
            let mut own = Collector::default();
            (disclose_partnership(build_date, p, &mut own, &link), own)
        })
        .unzip();
    for own in collected {
        collector.absorb(own);
    }
    partnerships.sort_by(|a, b| b.concluded_on.cmp(&a.concluded_on).then(a.id.cmp(&b.id)));

    let mut proposals = Vec::new();
    for (p, _) in &content.proposals {
        if published_proposals.contains(p.id.as_str()) {
            proposals.push(disclose_proposal(build_date, p, &mut collector, &link));
        } else {
            withhold_proposal(p, &mut collector);
        }
    }
    proposals.sort_by(|a, b| b.received_on.cmp(&a.received_on).then(a.id.cmp(&b.id)));

    let mut soundings = Vec::new();
    for (s, _) in &content.soundings {
        if published_soundings.contains(s.id.as_str()) {
            soundings.push(disclose_sounding(build_date, s, &mut collector, &link));
        } else {
            withhold_sounding(s, &mut collector);
        }
    }
    soundings.sort_by(|a, b| b.announced_on.cmp(&a.announced_on).then(a.id.cmp(&b.id)));

    // Links between records are looked up by id: scanning every record for every record
    // would grow with the square of the corpus.
    let mut by_theme: HashMap<&str, ThemeLinks> = HashMap::new();
    for p in &partnerships {
        if let Some(theme) = &p.theme {
            by_theme
                .entry(&theme.id)
                .or_default()
                .partnerships
                .push(record_link(RecordKind::Partnership, &p.id, &p.title));
        }
    }
    for p in &proposals {
        if let Some(theme) = &p.theme {
            by_theme
                .entry(&theme.id)
                .or_default()
                .proposals
                .push(record_link(RecordKind::Proposal, &p.id, &p.display_title));
        }
    }
    let mut themes: Vec<public::Theme> = content
        .themes
        .iter()
        .map(|(t, _)| {
            collector.internal("theme", &t.id, &t.internal);
            disclose_theme(
                t,
                build_date,
                by_theme.remove(t.id.as_str()).unwrap_or_default(),
            )
        })
        .collect();
    themes.sort_by(|a, b| b.deadline.cmp(&a.deadline).then(a.id.cmp(&b.id)));

    // Links back from partnerships to the soundings and proposals that led to them (the
    // first one in list order, when several name the same partnership).
    let mut sounding_of: HashMap<&str, RecordLink> = HashMap::new();
    for s in &soundings {
        for l in &s.partnerships {
            sounding_of
                .entry(&l.id)
                .or_insert_with(|| record_link(RecordKind::Sounding, &s.id, &s.title));
        }
    }
    let mut proposal_of: HashMap<&str, RecordLink> = HashMap::new();
    for p in &proposals {
        if let Some(l) = &p.partnership {
            proposal_of
                .entry(&l.id)
                .or_insert_with(|| record_link(RecordKind::Proposal, &p.id, &p.display_title));
        }
    }
    for partnership in &mut partnerships {
        if partnership.sounding.is_none() {
            partnership.sounding = sounding_of.get(partnership.id.as_str()).cloned();
        }
        if partnership.proposal.is_none() {
            partnership.proposal = proposal_of.get(partnership.id.as_str()).cloned();
        }
    }
    let mut partnership_of: HashMap<&str, RecordLink> = HashMap::new();
    for p in &partnerships {
        if let Some(l) = &p.proposal {
            partnership_of
                .entry(&l.id)
                .or_insert_with(|| record_link(RecordKind::Partnership, &p.id, &p.title));
        }
    }
    for proposal in &mut proposals {
        if proposal.partnership.is_none() {
            proposal.partnership = partnership_of.get(proposal.id.as_str()).cloned();
        }
    }

    let mut pages: Vec<public::Page> = content
        .pages
        .iter()
        .map(|(page, _)| public::Page {
            id: page.id.clone(),
            path: format!("{}/", page.id),
            title: page.title.clone(),
            order: page.order,
            description: page.description.clone(),
            body: page.body.clone(),
            en: page
                .en
                .iter()
                .flat_map(|en| en.texts())
                .map(|(field, text)| (field.to_string(), text.clone()))
                .collect(),
            untranslated: Vec::new(),
        })
        .collect();
    pages.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.title).cmp(&(b.order.unwrap_or(i64::MAX), &b.title))
    });

    let partners = partner_index(&partnerships, &proposals, &soundings);
    let departments = department_index(&partnerships, &themes, &proposals, &soundings);
    let totals = totals(content);

    let site = public::Site {
        info: site_info(content, build_date),
        partnerships,
        themes,
        proposals,
        soundings,
        pages,
        partners,
        departments,
        totals,
        history: None,
    };
    let mut report = collector.report;
    scope_public_knowledge(&mut report, &site);
    note_acknowledgements(&mut report, content, build_date);
    (site, report)
}

/// An organisation withheld as one record's proposer may be a public partner elsewhere, and
/// an amount may be published by another record: the value itself is public knowledge, what
/// is withheld is that it belongs to this record. It is then searched for only around its own
/// record (its page, and its public fields in `sources`), and not at all for a record that is
/// withheld whole, since nothing of it is published to tie the value to.
fn scope_public_knowledge(report: &mut WithheldReport, site: &public::Site) {
    let published = published_values(site);
    let published_pages: HashSet<(&str, &str)> = site
        .proposals
        .iter()
        .map(|p| ("proposal", p.id.as_str()))
        .chain(site.soundings.iter().map(|s| ("sounding", s.id.as_str())))
        .chain(
            site.partnerships
                .iter()
                .map(|p| ("partnership", p.id.as_str())),
        )
        .collect();
    report.texts.retain_mut(|t| {
        let shared = (is_organisation_field(&t.field) || t.field == "ward_cost_yen")
            && published.contains(&fold(&t.text));
        if !shared {
            return true;
        }
        if !published_pages.contains(&(t.kind, t.id.as_str())) {
            return false;
        }
        t.scope = Some(format!("{}s/{}/", t.kind, t.id));
        true
    });
}

/// Every record that may carry a `disclosure` block, with its kind, id and source.
fn disclosures(
    content: &Content,
) -> impl Iterator<Item = (&'static str, &str, &Option<Disclosure>, &raw::Source)> {
    content
        .proposals
        .iter()
        .map(|(p, s)| ("proposal", p.id.as_str(), &p.disclosure, s))
        .chain(
            content
                .soundings
                .iter()
                .map(|(r, s)| ("sounding", r.id.as_str(), &r.disclosure, s)),
        )
        .chain(
            content
                .partnerships
                .iter()
                .map(|(p, s)| ("partnership", p.id.as_str(), &p.disclosure, s)),
        )
}

fn is_organisation_field(field: &str) -> bool {
    [".name", ".name_en", ".corporate_number", ".url"]
        .iter()
        .any(|s| field.ends_with(s))
}

/// Folded organisation identities and formatted amounts that some record publishes.
fn published_values(site: &public::Site) -> HashSet<String> {
    let mut values = HashSet::new();
    let mut add = |org: &public::Organisation| {
        if let Some(name) = org.name.shown() {
            values.insert(fold(name));
        }
        if let Some(name) = &org.name_en {
            values.insert(fold(name));
        }
        if let Some(Some(number)) = org.corporate_number.shown() {
            values.insert(fold(number));
        }
        if let Some(Some(url)) = org.url.shown() {
            values.insert(fold(url));
        }
    };
    site.partnerships
        .iter()
        .flat_map(|p| &p.partners)
        .for_each(&mut add);
    site.proposals
        .iter()
        .map(|p| &p.proposer)
        .for_each(&mut add);
    site.soundings
        .iter()
        .filter_map(|s| s.participants.shown())
        .flatten()
        .for_each(&mut add);
    for yen in site
        .partnerships
        .iter()
        .filter_map(|p| p.ward_cost_yen.shown().copied().flatten())
    {
        values.extend(yen_forms(yen).iter().map(|form| fold(form)));
    }
    values
}

/// Gives each withheld text its record's `also_public` keys, and lists the entries and the
/// protections that are to end.
fn note_acknowledgements(report: &mut WithheldReport, content: &Content, build_date: Date) {
    let mut keys: HashMap<(&str, &str), Vec<String>> = HashMap::new();
    for (kind, id, disclosure, _) in disclosures(content) {
        let Some(disclosure) = disclosure else {
            continue;
        };
        if let Some(until) = disclosure.until.filter(|until| {
            *until > build_date && disclosure.reviewed && !disclosure.protected.is_empty()
        }) {
            report.ending.push((kind, id.to_string(), until));
        }
        for entry in &disclosure.also_public {
            report
                .also_public
                .push((kind, id.to_string(), entry.clone()));
        }
        if !disclosure.also_public.is_empty() {
            keys.insert(
                (kind, id),
                disclosure
                    .also_public
                    .iter()
                    .map(|e| matching::needle(e))
                    .collect(),
            );
        }
    }
    if keys.is_empty() {
        return;
    }
    for text in &mut report.texts {
        if let Some(keys) = keys.get(&(text.kind, text.id.as_str())) {
            text.acknowledged = keys.clone();
        }
    }
}

fn record_link(kind: RecordKind, id: &str, title: &str) -> RecordLink {
    RecordLink {
        kind,
        id: id.to_string(),
        title: title.to_string(),
        path: kind.path(id),
        untranslated: false,
    }
}

/// What pages, links, feeds and search results call a proposal whose title is protected.
fn withheld_proposal_title(id: &str) -> String {
    format!("{WITHHELD_LABEL}の提案（{id}）")
}

fn site_info(content: &Content, build_date: Date) -> public::SiteInfo {
    let site = &content.site;
    let base_url = if site.base_url.ends_with('/') {
        site.base_url.clone()
    } else {
        format!("{}/", site.base_url)
    };
    let base_path = base_url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_else(|| "/".to_string());
    public::SiteInfo {
        title: site.title.clone(),
        root_url: base_url.clone(),
        root_path: base_path.clone(),
        base_url,
        base_path,
        lang: public::Lang::Ja,
        en: site.en.clone().unwrap_or_default(),
        description: site.description.clone(),
        municipality: site.municipality.clone(),
        contact: site.contact.clone(),
        license: site.license.clone(),
        licence: public::Licence::of(&site.license),
        theme: site.theme.clone(),
        editor: site.editor.clone(),
        ocid_prefix: site.ocid_prefix.clone(),
        sample: site.sample,
        build_date,
    }
}

/// Applies protection to one organisation of a published record.
fn disclose_organisation(
    org: &raw::Organisation,
    protection: &Protection,
    list: &str,
    index: usize,
    kind: &'static str,
    id: &str,
    collector: &mut Collector,
) -> public::Organisation {
    let field = if list == "proposer" {
        "proposer".to_string()
    } else {
        format!("{list}[{index}]")
    };
    let protected = |sub: &str| {
        if list == "proposer" {
            protection.field("proposer") || protection.field(&format!("proposer.{sub}"))
        } else {
            protection.organisation(list, index, sub)
        }
    };
    let name = if protected("name") {
        collector.text(kind, id, &format!("{field}.name"), &org.name);
        Disclosed::Withheld
    } else {
        Disclosed::Shown(org.name.clone())
    };
    let corporate_number = if protected("corporate_number") {
        if let Some(n) = &org.corporate_number {
            collector.text(kind, id, &format!("{field}.corporate_number"), n);
        }
        Disclosed::Withheld
    } else {
        Disclosed::Shown(org.corporate_number.clone())
    };
    let url = if protected("url") {
        if let Some(u) = &org.url {
            collector.text(kind, id, &format!("{field}.url"), u);
        }
        Disclosed::Withheld
    } else {
        Disclosed::Shown(org.url.clone())
    };
    let name_en = match &org.name_en {
        Some(name_en) if name.is_withheld() => {
            collector.text(kind, id, &format!("{field}.name_en"), name_en);
            None
        }
        other => other.clone(),
    };
    let page = name.shown().map(|n| format!("partners/{}/", name_slug(n)));
    let kind = if protection.whole_organisation(list, index) {
        Disclosed::Withheld
    } else {
        Disclosed::Shown(org.kind)
    };
    public::Organisation {
        name,
        kind,
        corporate_number,
        url,
        page,
        name_en,
        untranslated: false,
    }
}

/// The English texts of a published record: a text whose field is protected is withheld
/// with it (as `en.<field>`), since a translation tells what the original says.
fn translations<'t>(
    texts: impl Iterator<Item = (&'static str, &'t String)>,
    protection: &Protection,
    kind: &'static str,
    id: &str,
    collector: &mut Collector,
) -> public::Translations {
    let mut shown = public::Translations::new();
    for (field, text) in texts {
        if protection.field(field) {
            collector.text(kind, id, &format!("en.{field}"), text);
        } else {
            shown.insert(field.to_string(), text.clone());
        }
    }
    shown
}

/// `Shown(value)` unless `field` is protected, in which case its text goes to the collector.
fn guard<T>(
    protection: &Protection,
    field: &str,
    value: T,
    texts: impl FnOnce(&T) -> Vec<String>,
    kind: &'static str,
    id: &str,
    collector: &mut Collector,
) -> Disclosed<T> {
    if protection.field(field) {
        for text in texts(&value) {
            collector.text(kind, id, field, &text);
        }
        Disclosed::Withheld
    } else {
        Disclosed::Shown(value)
    }
}

// `guard` takes these as `fn(&T)`, T being the field's own type (`String`, `Vec<Document>`).
#[expect(clippy::ptr_arg, reason = "the type guard gives")]
fn one(text: &String) -> Vec<String> {
    vec![text.clone()]
}

fn maybe(text: &Option<String>) -> Vec<String> {
    text.iter().cloned().collect()
}

fn documents(docs: &[raw::Document]) -> Vec<public::Document> {
    docs.iter()
        .map(|d| public::Document {
            title: d.title.clone(),
            url: d.url.clone(),
            kind: d.kind,
        })
        .collect()
}

#[expect(clippy::ptr_arg, reason = "the type guard gives")]
fn document_texts(docs: &Vec<public::Document>) -> Vec<String> {
    docs.iter()
        .flat_map(|d| [d.title.clone(), d.url.clone()])
        .collect()
}

fn disclose_partnership(
    build_date: Date,
    p: &raw::Partnership,
    collector: &mut Collector,
    link: &impl Fn(RecordKind, &Option<String>) -> Option<RecordLink>,
) -> public::Partnership {
    const KIND: &str = "partnership";
    let protection = Protection::of(&p.disclosure, build_date);
    collector.internal(KIND, &p.id, &p.internal);
    let id = &p.id;
    let kpis: Vec<public::Kpi> = p
        .kpis
        .iter()
        .map(|k| public::Kpi {
            name: k.name.clone(),
            unit: k.unit.clone(),
            target: k.target.clone(),
            actual: k.actual.clone(),
        })
        .collect();
    let partnership = public::Partnership {
        id: id.clone(),
        path: RecordKind::Partnership.path(id),
        modified: None,
        title: p.title.clone(),
        summary: guard(
            &protection,
            "summary",
            p.summary.clone(),
            one,
            KIND,
            id,
            collector,
        ),
        body: guard(
            &protection,
            "body",
            p.body.clone(),
            maybe,
            KIND,
            id,
            collector,
        ),
        status: p.status,
        pattern: p.pattern,
        route: p.route,
        demonstration: p.demonstration,
        agreement: p.agreement,
        involvement: p.involvement.clone(),
        concluded_on: p.concluded_on,
        fiscal_year: p.concluded_on.fiscal_year(),
        period: p.period.as_ref().map(|period| public::Period {
            start: period.start,
            end: period.end,
        }),
        partners: p
            .partners
            .iter()
            .enumerate()
            .map(|(i, org)| {
                disclose_organisation(org, &protection, "partners", i, KIND, id, collector)
            })
            .collect(),
        departments: p.departments.clone(),
        theme: link(RecordKind::Theme, &p.theme),
        proposal: link(RecordKind::Proposal, &p.proposal),
        sounding: link(RecordKind::Sounding, &p.sounding),
        policy_areas: p.policy_areas.clone(),
        sdgs: p.sdgs.clone(),
        ward_cost_yen: guard(
            &protection,
            "ward_cost_yen",
            p.ward_cost_yen,
            |yen| yen.map_or_else(Vec::new, yen_forms),
            KIND,
            id,
            collector,
        ),
        outcomes: guard(
            &protection,
            "outcomes",
            p.outcomes.clone(),
            maybe,
            KIND,
            id,
            collector,
        ),
        kpis: guard(
            &protection,
            "kpis",
            kpis,
            |kpis| kpis.iter().map(|k| k.name.clone()).collect(),
            KIND,
            id,
            collector,
        ),
        documents: guard(
            &protection,
            "documents",
            documents(&p.documents),
            document_texts,
            KIND,
            id,
            collector,
        ),
        en: translations(
            p.en.iter().flat_map(|en| en.texts()),
            &protection,
            KIND,
            id,
            collector,
        ),
        untranslated: Vec::new(),
        withheld_reason: protection.reason().0,
        withheld_until: protection.reason().1,
        withheld_fields: protection.paths.clone(),
    };
    record_protected_fields(collector, KIND, id, &protection.paths);
    partnership
}

/// How an amount is written in Japanese text (950,000円, 950000円, ¥950,000, 95万円, 95.5万円,
/// 950千円, 0.95百万円, 九十五万円), for amounts large enough that a form names them: a
/// protected amount of a few hundred yen would match every price in the site.
pub fn yen_forms(yen: u64) -> Vec<String> {
    if yen < 10_000 {
        return Vec::new();
    }
    let digits = yen.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let mut forms = vec![
        format!("{grouped}円"),
        format!("{digits}円"),
        format!("¥{grouped}"),
        format!("¥{digits}"),
    ];
    // In units of 万, 千 and 百万, with as many decimals as the amount needs (up to four).
    for (unit, size) in [("万円", 10_000u64), ("千円", 1_000), ("百万円", 1_000_000)] {
        if let Some(number) = in_units(yen, size) {
            forms.push(format!("{number}{unit}"));
        }
    }
    if yen.is_multiple_of(10_000) {
        forms.push(format!("{}万円", kanji_number(yen / 10_000)));
    }
    forms
}

/// `yen` in units of `size`, when at most four decimals write it exactly.
fn in_units(yen: u64, size: u64) -> Option<String> {
    let whole = yen / size;
    let rest = yen % size;
    if rest == 0 {
        return Some(whole.to_string());
    }
    let scale = size.min(10_000);
    let scaled = (rest * scale).checked_div(size)?;
    if scaled * size != rest * scale {
        return None;
    }
    let decimals = format!("{scaled:0width$}", width = scale.ilog10() as usize);
    Some(format!("{whole}.{}", decimals.trim_end_matches('0')))
}

/// A number below 1億 in kanji numerals as amounts are written (九十五, 千二百).
fn kanji_number(n: u64) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let below_man = |n: u64| -> String {
        let mut out = String::new();
        for (value, unit) in [(1000, "千"), (100, "百"), (10, "十")] {
            let digit = (n / value) % 10;
            if digit > 0 {
                out.push_str(if digit == 1 {
                    ""
                } else {
                    DIGITS[digit as usize]
                });
                out.push_str(unit);
            }
        }
        out.push_str(DIGITS[(n % 10) as usize]);
        out
    };
    if n >= 10_000 {
        format!("{}万{}", below_man(n / 10_000), below_man(n % 10_000))
    } else {
        below_man(n)
    }
}

fn record_protected_fields(
    collector: &mut Collector,
    kind: &'static str,
    id: &str,
    paths: &[String],
) {
    for path in paths {
        collector
            .report
            .fields
            .push((kind, id.to_string(), path.clone()));
    }
}

fn disclose_proposal(
    build_date: Date,
    p: &raw::Proposal,
    collector: &mut Collector,
    link: &impl Fn(RecordKind, &Option<String>) -> Option<RecordLink>,
) -> public::Proposal {
    const KIND: &str = "proposal";
    let protection = Protection::of(&p.disclosure, build_date);
    collector.internal(KIND, &p.id, &p.internal);
    let id = &p.id;
    let proposal = public::Proposal {
        id: id.clone(),
        path: RecordKind::Proposal.path(id),
        modified: None,
        title: guard(
            &protection,
            "title",
            p.title.clone(),
            one,
            KIND,
            id,
            collector,
        ),
        display_title: if protection.field("title") {
            withheld_proposal_title(id)
        } else {
            p.title.clone()
        },
        summary: guard(
            &protection,
            "summary",
            p.summary.clone(),
            one,
            KIND,
            id,
            collector,
        ),
        received_on: p.received_on,
        fiscal_year: p.received_on.fiscal_year(),
        route: p.route,
        theme: link(RecordKind::Theme, &p.theme),
        demonstration: p.demonstration,
        proposer: disclose_organisation(
            &p.proposer,
            &protection,
            "proposer",
            0,
            KIND,
            id,
            collector,
        ),
        departments: p.departments.clone(),
        status: p.status,
        partnership: link(RecordKind::Partnership, &p.partnership),
        idea: guard(
            &protection,
            "idea",
            p.idea.clone(),
            maybe,
            KIND,
            id,
            collector,
        ),
        incentive_applied: p.incentive_applied,
        reviewed_on: p.disclosure.as_ref().and_then(|d| d.reviewed_on),
        en: translations(
            p.en.iter().flat_map(|en| en.texts()),
            &protection,
            KIND,
            id,
            collector,
        ),
        untranslated: Vec::new(),
        withheld_reason: protection.reason().0,
        withheld_until: protection.reason().1,
        withheld_fields: protection.paths.clone(),
    };
    record_protected_fields(collector, KIND, id, &protection.paths);
    proposal
}

fn withhold_reason(disclosure: &Option<Disclosure>) -> String {
    match disclosure {
        None => kanmin_messages::t!("withheld-no-disclosure"),
        Some(_) => kanmin_messages::t!("withheld-not-reviewed"),
    }
}

fn withhold_proposal(p: &raw::Proposal, collector: &mut Collector) {
    const KIND: &str = "proposal";
    let id = &p.id;
    collector
        .report
        .records
        .push((KIND, id.clone(), withhold_reason(&p.disclosure)));
    collector.text(KIND, id, "title", &p.title);
    collector.text(KIND, id, "summary", &p.summary);
    if let Some(idea) = &p.idea {
        collector.text(KIND, id, "idea", idea);
    }
    collector.organisation(KIND, id, "proposer", &p.proposer);
    collector.translations(KIND, id, p.en.iter().flat_map(|en| en.texts()));
    collector.internal(KIND, id, &p.internal);
}

fn disclose_sounding(
    build_date: Date,
    s: &raw::Sounding,
    collector: &mut Collector,
    link: &impl Fn(RecordKind, &Option<String>) -> Option<RecordLink>,
) -> public::Sounding {
    const KIND: &str = "sounding";
    let protection = Protection::of(&s.disclosure, build_date);
    collector.internal(KIND, &s.id, &s.internal);
    let id = &s.id;
    let participants = if protection.field("participants") {
        for (i, org) in s.participants.iter().enumerate() {
            collector.organisation(KIND, id, &format!("participants[{i}]"), org);
        }
        Disclosed::Withheld
    } else {
        Disclosed::Shown(
            s.participants
                .iter()
                .enumerate()
                .map(|(i, org)| {
                    disclose_organisation(org, &protection, "participants", i, KIND, id, collector)
                })
                .collect(),
        )
    };
    let sounding = public::Sounding {
        id: id.clone(),
        path: RecordKind::Sounding.path(id),
        modified: None,
        title: s.title.clone(),
        summary: guard(
            &protection,
            "summary",
            s.summary.clone(),
            one,
            KIND,
            id,
            collector,
        ),
        departments: s.departments.clone(),
        purpose: guard(
            &protection,
            "purpose",
            s.purpose.clone(),
            maybe,
            KIND,
            id,
            collector,
        ),
        announced_on: s.announced_on,
        fiscal_year: s.announced_on.fiscal_year(),
        entry_deadline: s.entry_deadline,
        dialogue_from: s.dialogue_from,
        dialogue_to: s.dialogue_to,
        results_on: s.results_on,
        participants_count: guard(
            &protection,
            "participants_count",
            s.participants_count,
            |_| Vec::new(),
            KIND,
            id,
            collector,
        ),
        participants,
        results: guard(
            &protection,
            "results",
            s.results.clone(),
            maybe,
            KIND,
            id,
            collector,
        ),
        partnerships: s
            .partnerships
            .iter()
            .filter_map(|pid| link(RecordKind::Partnership, &Some(pid.clone())))
            .collect(),
        documents: guard(
            &protection,
            "documents",
            documents(&s.documents),
            document_texts,
            KIND,
            id,
            collector,
        ),
        reviewed_on: s.disclosure.as_ref().and_then(|d| d.reviewed_on),
        en: translations(
            s.en.iter().flat_map(|en| en.texts()),
            &protection,
            KIND,
            id,
            collector,
        ),
        untranslated: Vec::new(),
        withheld_reason: protection.reason().0,
        withheld_until: protection.reason().1,
        withheld_fields: protection.paths.clone(),
    };
    record_protected_fields(collector, KIND, id, &protection.paths);
    sounding
}

fn withhold_sounding(s: &raw::Sounding, collector: &mut Collector) {
    const KIND: &str = "sounding";
    let id = &s.id;
    collector
        .report
        .records
        .push((KIND, id.clone(), withhold_reason(&s.disclosure)));
    collector.text(KIND, id, "title", &s.title);
    collector.text(KIND, id, "summary", &s.summary);
    for (field, text) in [("purpose", &s.purpose), ("results", &s.results)] {
        if let Some(text) = text {
            collector.text(KIND, id, field, text);
        }
    }
    for (i, org) in s.participants.iter().enumerate() {
        collector.organisation(KIND, id, &format!("participants[{i}]"), org);
    }
    for doc in &s.documents {
        collector.text(KIND, id, "documents", &doc.title);
        collector.text(KIND, id, "documents", &doc.url);
    }
    collector.translations(KIND, id, s.en.iter().flat_map(|en| en.texts()));
    collector.internal(KIND, id, &s.internal);
}

/// The partnerships and proposals that name a theme, in list order.
#[derive(Default)]
struct ThemeLinks {
    partnerships: Vec<RecordLink>,
    proposals: Vec<RecordLink>,
}

fn disclose_theme(t: &raw::Theme, build_date: Date, links: ThemeLinks) -> public::Theme {
    let status = if build_date < t.open_from {
        ThemeStatus::Upcoming
    } else if build_date > t.deadline {
        ThemeStatus::Closed
    } else {
        ThemeStatus::Open
    };
    public::Theme {
        id: t.id.clone(),
        path: RecordKind::Theme.path(&t.id),
        modified: None,
        title: t.title.clone(),
        summary: t.summary.clone(),
        departments: t.departments.clone(),
        open_from: t.open_from,
        deadline: t.deadline,
        status,
        days_left: build_date.days_until(t.deadline),
        issue: t.issue.clone(),
        existing_programs: t.existing_programs.clone(),
        sustainability: t.sustainability.clone(),
        expected: t.expected.clone(),
        demonstration_eligible: t.demonstration_eligible,
        incentive: t.incentive,
        policy_areas: t.policy_areas.clone(),
        sdgs: t.sdgs.clone(),
        documents: documents(&t.documents),
        partnerships: links.partnerships,
        proposals: links.proposals,
        en: t
            .en
            .iter()
            .flat_map(|en| en.texts())
            .map(|(field, text)| (field.to_string(), text.clone()))
            .collect(),
        untranslated: Vec::new(),
    }
}

fn partner_index(
    partnerships: &[public::Partnership],
    proposals: &[public::Proposal],
    soundings: &[public::Sounding],
) -> Vec<public::PartnerIndex> {
    let mut index: BTreeMap<String, public::PartnerIndex> = BTreeMap::new();
    let mut add = |org: &public::Organisation, link: RecordLink| {
        let (Some(name), Some(&kind)) = (org.name.shown(), org.kind.shown()) else {
            return;
        };
        let slug = name_slug(name);
        let entry = index
            .entry(slug.clone())
            .or_insert_with(|| public::PartnerIndex {
                path: format!("partners/{slug}/"),
                slug,
                name: name.clone(),
                kind,
                corporate_number: None,
                url: None,
                records: Vec::new(),
                name_en: None,
                untranslated: false,
            });
        if entry.name_en.is_none() {
            entry.name_en = org.name_en.clone();
        }
        if entry.corporate_number.is_none() {
            entry.corporate_number = org.corporate_number.shown().cloned().flatten();
        }
        if entry.url.is_none() {
            entry.url = org.url.shown().cloned().flatten();
        }
        if !entry.records.contains(&link) {
            entry.records.push(link);
        }
    };
    for p in partnerships {
        for org in &p.partners {
            add(org, record_link(RecordKind::Partnership, &p.id, &p.title));
        }
    }
    for p in proposals {
        add(
            &p.proposer,
            record_link(RecordKind::Proposal, &p.id, &p.display_title),
        );
    }
    for s in soundings {
        for org in s.participants.shown().into_iter().flatten() {
            add(org, record_link(RecordKind::Sounding, &s.id, &s.title));
        }
    }
    let mut partners: Vec<_> = index.into_values().collect();
    partners.sort_by(|a, b| a.name.cmp(&b.name));
    partners
}

fn department_index(
    partnerships: &[public::Partnership],
    themes: &[public::Theme],
    proposals: &[public::Proposal],
    soundings: &[public::Sounding],
) -> Vec<public::DepartmentIndex> {
    let mut index: BTreeMap<&str, Vec<RecordLink>> = BTreeMap::new();
    for p in partnerships {
        for d in &p.departments {
            index
                .entry(d)
                .or_default()
                .push(record_link(RecordKind::Partnership, &p.id, &p.title));
        }
    }
    for t in themes {
        for d in &t.departments {
            index
                .entry(d)
                .or_default()
                .push(record_link(RecordKind::Theme, &t.id, &t.title));
        }
    }
    for p in proposals {
        for d in &p.departments {
            index.entry(d).or_default().push(record_link(
                RecordKind::Proposal,
                &p.id,
                &p.display_title,
            ));
        }
    }
    for s in soundings {
        for d in &s.departments {
            index
                .entry(d)
                .or_default()
                .push(record_link(RecordKind::Sounding, &s.id, &s.title));
        }
    }
    index
        .into_iter()
        .map(|(name, records)| {
            let slug = name_slug(name);
            public::DepartmentIndex {
                path: format!("departments/{slug}/"),
                slug,
                name: name.to_string(),
                records,
            }
        })
        .collect()
}

fn totals(content: &Content) -> public::Totals {
    // A withheld proposal counts as received (SCHEMA.md allows totals), but its status is
    // not published, so it never counts as adopted: a year with one withheld proposal would
    // otherwise tell whether it was adopted.
    let mut by_year: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
    for (p, _) in &content.proposals {
        let entry = by_year.entry(p.received_on.fiscal_year()).or_default();
        entry.0 += 1;
        if p.status == ProposalStatus::Adopted && is_reviewed(&p.disclosure) {
            entry.1 += 1;
        }
    }
    let withheld: BTreeSet<&str> = content
        .proposals
        .iter()
        .filter(|(p, _)| !is_reviewed(&p.disclosure))
        .map(|(p, _)| p.id.as_str())
        .collect();
    public::Totals {
        proposals_by_fiscal_year: by_year
            .into_iter()
            .map(
                |(fiscal_year, (received, adopted))| public::FiscalYearProposals {
                    fiscal_year,
                    received,
                    adopted,
                },
            )
            .collect(),
        proposals_received: content.proposals.len(),
        proposals_withheld: withheld.len(),
        soundings_held: content.soundings.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_the_forms_japanese_text_writes_them() {
        let forms = yen_forms(950_000);
        for form in [
            "950,000円",
            "950000円",
            "¥950,000",
            "95万円",
            "950千円",
            "0.95百万円",
            "九十五万円",
        ] {
            assert!(forms.contains(&form.to_string()), "{form} in {forms:?}");
        }
        assert!(yen_forms(955_000).contains(&"95.5万円".to_string()));
        assert!(yen_forms(1_200_000).contains(&"百二十万円".to_string()));
        assert!(yen_forms(1_234_567).contains(&"123.4567万円".to_string()));
        assert!(
            yen_forms(1_234_567).iter().all(|f| !f.contains("百万")),
            "no rounded form: {:?}",
            yen_forms(1_234_567)
        );
        assert!(yen_forms(9_999).is_empty());
    }
}
