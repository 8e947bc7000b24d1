//! schema.org structured data (JSON-LD) for detail pages, built with serde_json from
//! `public::Site` and handed to the base template as the string `json_ld`, which it writes
//! inside `<script type="application/ld+json">`.
//!
//! The breadcrumb trail mirrors the visible one in the templates: home → list → record.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use crate::html::PageJob;
use crate::messages::Locale;
use kanmin_public::Term;
use kanmin_public::{Organisation, PartnerIndex, Site};
use kanmin_text::markdown;

/// Adds `json_ld` to the context of every detail page in `jobs`.
pub fn annotate(site: &Site, locale: Locale, jobs: &mut [PageJob]) {
    // Only for the pages at hand: `kanmin serve` annotates a single page after an edit.
    let wanted: HashSet<&str> = jobs.iter().map(|job| job.path.as_str()).collect();
    let wanted = |path: &str| wanted.contains(path);
    let mut by_path: HashMap<String, String> = HashMap::new();
    let b = Builder { site, locale };
    by_path.par_extend(
        site.partnerships
            .par_iter()
            .filter(|r| wanted(&r.path))
            .map(|p| {
                let mut article =
                    b.article(&p.title, p.summary.shown().map(String::as_str), &p.path);
                article.insert("@type".into(), json!("Article"));
                article.insert("datePublished".into(), json!(p.concluded_on));
                let partners: Vec<Value> = p
                    .partners
                    .iter()
                    .filter_map(|o| b.organisation(o))
                    .collect();
                if !partners.is_empty() {
                    article.insert("mentions".into(), Value::Array(partners));
                }
                if !p.policy_areas.is_empty() {
                    article.insert("keywords".into(), json!(p.policy_areas.join(",")));
                }
                (
                    p.path.clone(),
                    b.graph(
                        Value::Object(article),
                        "partnerships/",
                        "連携事例",
                        &p.title,
                        &p.path,
                    ),
                )
            }),
    );
    by_path.par_extend(site.themes.par_iter().filter(|r| wanted(&r.path)).map(|t| {
        let event = json!({
            "@type": "Event",
            "name": locale.fill("提案募集：{title}", &[("title", &t.title)]),
            "description": markdown::excerpt(&t.summary, 300),
            "url": b.url(&t.path),
            "startDate": t.open_from,
            "endDate": t.deadline,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
            "location": {"@type": "VirtualLocation", "url": b.url(&t.path)},
            "organizer": b.municipality(),
        });
        (
            t.path.clone(),
            b.graph(event, "themes/", "募集テーマ", &t.title, &t.path),
        )
    }));
    by_path.par_extend(
        site.proposals
            .par_iter()
            .filter(|r| wanted(&r.path))
            .map(|p| {
                let title = p.display_title.clone();
                let mut work = b.article(&title, p.summary.shown().map(String::as_str), &p.path);
                work.insert("@type".into(), json!("CreativeWork"));
                work.insert("dateCreated".into(), json!(p.received_on));
                if let Some(author) = b.organisation(&p.proposer) {
                    work.insert("author".into(), author);
                }
                (
                    p.path.clone(),
                    b.graph(Value::Object(work), "proposals/", "提案", &title, &p.path),
                )
            }),
    );
    by_path.par_extend(
        site.soundings
            .par_iter()
            .filter(|r| wanted(&r.path))
            .map(|s| {
                let mut article =
                    b.article(&s.title, s.summary.shown().map(String::as_str), &s.path);
                article.insert("@type".into(), json!("Article"));
                article.insert(
                    "datePublished".into(),
                    json!(s.results_on.unwrap_or(s.announced_on)),
                );
                (
                    s.path.clone(),
                    b.graph(
                        Value::Object(article),
                        "soundings/",
                        "サウンディング",
                        &s.title,
                        &s.path,
                    ),
                )
            }),
    );
    by_path.par_extend(
        site.partners
            .par_iter()
            .filter(|r| wanted(&r.path))
            .map(|p| {
                (
                    p.path.clone(),
                    b.graph(b.partner(p), "partners/", "連携先", &p.name, &p.path),
                )
            }),
    );
    by_path.par_extend(
        site.departments
            .par_iter()
            .filter(|r| wanted(&r.path))
            .map(|d| {
                let department = json!({
                    "@type": "GovernmentOrganization",
                    "name": d.name,
                    "url": b.url(&d.path),
                    "parentOrganization": b.municipality(),
                });
                (
                    d.path.clone(),
                    b.graph(department, "departments/", "所管課", &d.name, &d.path),
                )
            }),
    );
    for job in jobs.iter_mut() {
        if let Some(json) = by_path.remove(&job.path) {
            job.context.insert("json_ld", &json);
        }
    }
}

struct Builder<'a> {
    site: &'a Site,
    locale: Locale<'a>,
}

impl Builder<'_> {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.site.info.base_url)
    }

    fn municipality(&self) -> Value {
        json!({
            "@type": "GovernmentOrganization",
            "name": self.site.info.municipality.name,
            "url": self.site.info.base_url,
            "address": {
                "@type": "PostalAddress",
                "addressRegion": self.site.info.municipality.prefecture,
                "addressLocality": self.site.info.municipality.name,
                "addressCountry": "JP",
            },
        })
    }

    fn article(&self, headline: &str, summary: Option<&str>, path: &str) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("headline".into(), json!(headline));
        if let Some(summary) = summary {
            map.insert("description".into(), json!(markdown::excerpt(summary, 300)));
        }
        map.insert("url".into(), json!(self.url(path)));
        map.insert("inLanguage".into(), json!("ja"));
        map.insert("publisher".into(), self.municipality());
        map.insert("license".into(), json!(self.site.info.licence.url));
        map
    }

    /// An organisation whose name is public; `None` when it is protected (the whole
    /// organisation is then left out rather than shown as an anonymous entry).
    fn organisation(&self, org: &Organisation) -> Option<Value> {
        let name = org.name.shown()?;
        let mut map = Map::new();
        map.insert(
            "@type".into(),
            json!(schema_type(org.kind.shown().map_or("", |k| k.code()))),
        );
        map.insert("name".into(), json!(name));
        if let Some(page) = &org.page {
            map.insert("url".into(), json!(self.url(page)));
        }
        Some(Value::Object(map))
    }

    fn partner(&self, partner: &PartnerIndex) -> Value {
        let mut map = Map::new();
        map.insert("@type".into(), json!(schema_type(partner.kind.code())));
        map.insert("name".into(), json!(partner.name));
        map.insert("url".into(), json!(self.url(&partner.path)));
        if let Some(url) = &partner.url {
            map.insert("sameAs".into(), json!(url));
        }
        if let Some(number) = &partner.corporate_number {
            map.insert(
                "identifier".into(),
                json!({"@type": "PropertyValue", "propertyID": self.locale.t("法人番号"), "value": number}),
            );
        }
        Value::Object(map)
    }

    /// The record's node and its breadcrumb trail, as one script's text.
    fn graph(
        &self,
        node: Value,
        list_path: &str,
        list_name: &'static str,
        name: &str,
        path: &str,
    ) -> String {
        let mut node = node;
        if let Value::Object(map) = &mut node {
            map.insert("@id".into(), json!(format!("{}#record", self.url(path))));
        }
        let crumbs = json!({
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": self.locale.t("ホーム"), "item": self.site.info.base_url},
                {"@type": "ListItem", "position": 2, "name": self.locale.t(list_name), "item": self.url(list_path)},
                {"@type": "ListItem", "position": 3, "name": name, "item": self.url(path)},
            ],
        });
        script_safe(&json!({"@context": "https://schema.org", "@graph": [node, crumbs]}))
    }
}

fn schema_type(kind: &str) -> &'static str {
    match kind {
        "company" | "financial" => "Corporation",
        "npo" => "NGO",
        "university" => "CollegeOrUniversity",
        "public" => "GovernmentOrganization",
        _ => "Organization",
    }
}

/// JSON that cannot end the `<script>` element it sits in, whatever the text holds: `<`,
/// `>` and `&` become JSON escapes, which parse to the same string.
pub fn script_safe(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_cannot_close_the_script() {
        let text = script_safe(&json!({"name": "</script><script>alert(1)</script>&"}));
        assert!(!text.contains('<'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script>&");
    }
}
