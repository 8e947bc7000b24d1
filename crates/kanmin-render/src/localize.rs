//! The site in another language: the same public records with their translated texts in
//! place of the Japanese ones, so every renderer serves every language by one code path.
//! A text without a translation stays Japanese and its field is listed in `untranslated`,
//! for the templates to mark it `lang="ja"`. Only public values are read, so what disclosure
//! withheld stays withheld in every language.

use std::borrow::Cow;
use std::collections::HashMap;

use kanmin_public::{self as public, Disclosed, Lang, RecordKind, RecordLink, Translations};

use crate::messages::Locale;

/// `site` as published in `locale.lang`; the Japanese site is `site` itself, not a copy.
pub fn site<'s>(site: &'s public::Site, locale: Locale) -> Cow<'s, public::Site> {
    if locale.lang == Lang::Ja {
        return Cow::Borrowed(site);
    }
    let mut out = site.clone();
    let prefix = locale.lang.prefix();
    let info = &mut out.info;
    info.lang = locale.lang;
    info.base_url = format!("{}{prefix}", info.root_url);
    info.base_path = format!("{}{prefix}", info.root_path);
    let en = info.en.clone();
    replace(&mut info.title, en.title);
    if en.description.is_some() {
        info.description = en.description;
    }
    replace(&mut info.municipality.name, en.municipality);
    replace(&mut info.municipality.prefecture, en.prefecture);
    info.licence.title = info.licence.title_en.clone();
    info.licence.deed = info.licence.deed_en.clone();
    if let Some(contact) = en.contact {
        replace(&mut info.contact.name, contact.name);
        replace(&mut info.contact.department, contact.department);
    }

    let mut titles: HashMap<(RecordKind, String), (String, bool)> = HashMap::new();
    for p in &mut out.partnerships {
        let mut t = Texts::new(&p.en, &mut p.untranslated);
        t.plain("title", &mut p.title);
        t.shown("summary", &mut p.summary);
        t.optional("body", &mut p.body);
        t.optional("outcomes", &mut p.outcomes);
        organisations(&mut p.partners);
        reason(&mut p.withheld_reason, &mut p.untranslated);
        let untranslated = p.untranslated.contains(&"title");
        titles.insert(
            (RecordKind::Partnership, p.id.clone()),
            (p.title.clone(), untranslated),
        );
    }
    for th in &mut out.themes {
        let mut t = Texts::new(&th.en, &mut th.untranslated);
        t.plain("title", &mut th.title);
        t.plain("summary", &mut th.summary);
        t.plain("issue", &mut th.issue);
        for (field, value) in [
            ("existing_programs", &mut th.existing_programs),
            ("sustainability", &mut th.sustainability),
            ("expected", &mut th.expected),
        ] {
            if let Some(value) = value {
                t.plain(field, value);
            }
        }
        let untranslated = th.untranslated.contains(&"title");
        titles.insert(
            (RecordKind::Theme, th.id.clone()),
            (th.title.clone(), untranslated),
        );
    }
    for p in &mut out.proposals {
        let mut t = Texts::new(&p.en, &mut p.untranslated);
        t.shown("title", &mut p.title);
        t.shown("summary", &mut p.summary);
        t.optional("idea", &mut p.idea);
        let untranslated = match p.title.shown() {
            Some(title) => {
                p.display_title = title.clone();
                p.untranslated.contains(&"title")
            }
            None => {
                p.display_title = withheld_proposal_title(locale, &p.id);
                false
            }
        };
        organisations(std::slice::from_mut(&mut p.proposer));
        reason(&mut p.withheld_reason, &mut p.untranslated);
        titles.insert(
            (RecordKind::Proposal, p.id.clone()),
            (p.display_title.clone(), untranslated),
        );
    }
    for s in &mut out.soundings {
        let mut t = Texts::new(&s.en, &mut s.untranslated);
        t.plain("title", &mut s.title);
        t.shown("summary", &mut s.summary);
        t.optional("purpose", &mut s.purpose);
        t.optional("results", &mut s.results);
        if let Disclosed::Shown(participants) = &mut s.participants {
            organisations(participants);
        }
        reason(&mut s.withheld_reason, &mut s.untranslated);
        let untranslated = s.untranslated.contains(&"title");
        titles.insert(
            (RecordKind::Sounding, s.id.clone()),
            (s.title.clone(), untranslated),
        );
    }
    for page in &mut out.pages {
        let mut t = Texts::new(&page.en, &mut page.untranslated);
        t.plain("title", &mut page.title);
        t.plain("body", &mut page.body);
        match page.en.get("description") {
            Some(description) => page.description = Some(description.clone()),
            // The English page's description is made from its English body when it has one.
            None if page.en.contains_key("body") => page.description = None,
            None => {
                if page.description.is_some() {
                    page.untranslated.push("description");
                }
            }
        }
    }
    for partner in &mut out.partners {
        match &partner.name_en {
            Some(name) => partner.name = name.clone(),
            None => partner.untranslated = true,
        }
    }

    let relink = |link: &mut RecordLink| {
        if let Some((title, untranslated)) = titles.get(&(link.kind, link.id.clone())) {
            link.title = title.clone();
            link.untranslated = *untranslated;
        }
    };
    for p in &mut out.partnerships {
        for link in [&mut p.theme, &mut p.proposal, &mut p.sounding]
            .into_iter()
            .flatten()
        {
            relink(link);
        }
    }
    for t in &mut out.themes {
        t.partnerships.iter_mut().for_each(relink);
        t.proposals.iter_mut().for_each(relink);
    }
    for p in &mut out.proposals {
        for link in [&mut p.theme, &mut p.partnership].into_iter().flatten() {
            relink(link);
        }
    }
    for s in &mut out.soundings {
        s.partnerships.iter_mut().for_each(relink);
    }
    for partner in &mut out.partners {
        partner.records.iter_mut().for_each(relink);
    }
    for department in &mut out.departments {
        department.records.iter_mut().for_each(relink);
    }
    Cow::Owned(out)
}

/// What pages, links, feeds and search results call a proposal whose title is protected.
pub fn withheld_proposal_title(locale: Locale, id: &str) -> String {
    locale.fill("非公開の提案（{id}）", &[("id", id)])
}

fn replace(value: &mut String, translation: Option<String>) {
    if let Some(translation) = translation {
        *value = translation;
    }
}

/// One record's translations, put in place field by field.
struct Texts<'a> {
    en: &'a Translations,
    untranslated: &'a mut Vec<&'static str>,
}

impl<'a> Texts<'a> {
    fn new(en: &'a Translations, untranslated: &'a mut Vec<&'static str>) -> Self {
        Texts { en, untranslated }
    }

    fn plain(&mut self, field: &'static str, value: &mut String) {
        match self.en.get(field) {
            Some(text) => *value = text.clone(),
            None => self.untranslated.push(field),
        }
    }

    fn shown(&mut self, field: &'static str, value: &mut Disclosed<String>) {
        if let Disclosed::Shown(value) = value {
            self.plain(field, value);
        }
    }

    fn optional(&mut self, field: &'static str, value: &mut Disclosed<Option<String>>) {
        if let Disclosed::Shown(Some(value)) = value {
            self.plain(field, value);
        }
    }
}

/// Why a record's fields are withheld: the default reason in English, a record's own reason
/// as written (Japanese; `disclosure` has no English for it).
fn reason(reason: &mut Option<String>, untranslated: &mut Vec<&'static str>) {
    match reason.as_deref() {
        Some(public::DEFAULT_REASON) => *reason = Some(public::DEFAULT_REASON_EN.to_string()),
        Some(_) => untranslated.push("withheld_reason"),
        None => {}
    }
}

fn organisations(orgs: &mut [public::Organisation]) {
    for org in orgs {
        if let Disclosed::Shown(name) = &mut org.name {
            match &org.name_en {
                Some(name_en) => *name = name_en.clone(),
                None => org.untranslated = true,
            }
        }
    }
}
