//! Atom feeds (RFC 4287): one of new partnerships, themes and sounding results, one of
//! themes alone. Each entry's id is the record's absolute URL, which SCHEMA.md makes
//! permanent, and its `updated` is a date taken from the record itself, so an unchanged
//! record keeps its entry unchanged from one daily build to the next.

use std::cmp::Reverse;

use crate::feeds::{japan_midnight, ATOM_PATH, THEMES_ATOM_PATH};
use crate::format;
use crate::history::Change;
use crate::messages::Locale;
use crate::xml;
use kanmin_public::date::Date;
use kanmin_public::Term;
use kanmin_public::{Site, Theme};
use kanmin_text::markdown;

/// Newest entries per feed: readers poll feeds often, and history lives on the site.
pub const MAX_ENTRIES: usize = 100;

struct Entry {
    /// The entry's id when it is not `url` (several changes of one record).
    id: Option<String>,
    url: String,
    title: String,
    updated: Date,
    /// The instant within `updated` (RFC 3339), when known: a change's commit time.
    at: Option<String>,
    kind: &'static str,
    kind_label: String,
    summary: String,
    content_html: String,
}

struct Feed<'a> {
    path: &'a str,
    title: String,
    subtitle: String,
    alternate: String,
    entries: Vec<Entry>,
}

/// Partnerships (by conclusion date), themes (by opening date) and sounding results (by
/// publication date, or announcement while results are pending).
pub fn everything(site: &Site, locale: Locale) -> Vec<u8> {
    let base = &site.info.base_url;
    let lang = locale.lang;
    let wareki = |date| format::date(date, lang);
    let mut entries: Vec<Entry> = Vec::new();
    // Only the newest of each kind can make the cut; rendering 10,000 summaries to keep 100
    // would be wasted work.
    entries.extend(
        newest(&site.partnerships, |p| (p.concluded_on, &p.path)).map(|p| {
            let summary = p.summary.shown().map(String::as_str).unwrap_or("");
            let facts = format!(
                "<p>{}</p>",
                xml::escape(&locale.fill(
                    "{pattern}／{route}／締結日：{date}／所管課：{departments}",
                    &[
                        ("pattern", p.pattern.label_in(lang)),
                        ("route", p.route.label_in(lang)),
                        ("date", &wareki(p.concluded_on)),
                        ("departments", &p.departments.join(locale.t("、"))),
                    ],
                )),
            );
            Entry {
                id: None,
                url: format!("{base}{}", p.path),
                title: p.title.clone(),
                updated: p.concluded_on,
                at: None,
                kind: "partnership",
                kind_label: locale.t("連携事例").to_string(),
                summary: markdown::excerpt(summary, 200),
                content_html: facts + &markdown::to_html(summary, 2),
            }
        }),
    );
    entries.extend(
        newest(&site.themes, |t| (t.open_from, &t.path)).map(|t| theme_entry(base, t, locale)),
    );
    entries.extend(
        newest(&site.soundings, |s| {
            (s.results_on.unwrap_or(s.announced_on), &s.path)
        })
        .map(|s| {
            let summary = s.summary.shown().map(String::as_str).unwrap_or("");
            let results = s.results.shown().and_then(Option::as_deref);
            let mut content = markdown::to_html(summary, 2);
            if let (Some(results), Some(on)) = (results, s.results_on) {
                content.push_str(&format!(
                    "<h2>{}</h2>",
                    xml::escape(&locale.fill("結果（{date}公表）", &[("date", &wareki(on))]))
                ));
                content.push_str(&markdown::to_html(results, 3));
            }
            Entry {
                id: None,
                url: format!("{base}{}", s.path),
                title: s.title.clone(),
                updated: s.results_on.unwrap_or(s.announced_on),
                at: None,
                kind: "sounding",
                kind_label: locale.t("サウンディング型市場調査").to_string(),
                summary: markdown::excerpt(summary, 200),
                content_html: content,
            }
        }),
    );
    let feed = Feed {
        path: ATOM_PATH,
        title: locale.fill("{site}：新着情報", &[("site", &site.info.title)]),
        subtitle: locale.fill(
            "{municipality}の官民連携の連携事例、募集テーマ、サウンディング型市場調査の結果",
            &[("municipality", &site.info.municipality.name)],
        ),
        alternate: base.clone(),
        entries,
    };
    write(site, locale, feed)
}

pub fn themes(site: &Site, locale: Locale) -> Vec<u8> {
    let base = &site.info.base_url;
    let feed = Feed {
        path: THEMES_ATOM_PATH,
        title: locale.fill("{site}：募集テーマ", &[("site", &site.info.title)]),
        subtitle: locale
            .t("テーマ設定型の提案募集テーマ（募集開始日の新しい順）")
            .to_string(),
        alternate: format!("{base}themes/"),
        entries: newest(&site.themes, |t| (t.open_from, &t.path))
            .map(|t| theme_entry(base, t, locale))
            .collect(),
    };
    write(site, locale, feed)
}

/// One entry per public change (`render::history`), newest first: of the whole site, or of
/// the records of one department or partner (`select`).
pub fn changes(
    site: &Site,
    locale: Locale,
    changes: &[Change],
    path: &str,
    title: String,
    alternate: String,
    select: impl Fn(&Change) -> bool,
) -> Vec<u8> {
    let base = &site.info.base_url;
    let entries = changes
        .iter()
        .filter(|c| select(c))
        .take(MAX_ENTRIES)
        .map(|c| {
            let what = if c.baseline {
                locale.t("記録されている最も古い版").to_string()
            } else if c.first {
                locale.t("公開しました。").to_string()
            } else if c.fields.is_empty() {
                locale.t("英語の表記を更新しました。").to_string()
            } else {
                let none = locale.t("（なし）");
                c.fields
                    .iter()
                    .map(|f| {
                        if f.long {
                            locale.fill("{a}：本文を更新", &[("a", f.title)])
                        } else {
                            locale.fill(
                                "{a}：{b} → {c}",
                                &[
                                    ("a", f.title),
                                    ("b", f.before.as_deref().unwrap_or(none)),
                                    ("c", f.after.as_deref().unwrap_or(none)),
                                ],
                            )
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(locale.t("／"))
            };
            let url = format!("{base}{}", c.path);
            Entry {
                id: Some(format!("{url}#change-{}", c.commit)),
                url,
                title: c.title.clone(),
                updated: c.date,
                at: Some(c.time.clone()),
                kind: c.kind.folder().trim_end_matches('s'),
                kind_label: crate::opendata::schema::dataset_title(c.kind).to_string(),
                summary: what.clone(),
                content_html: format!("<p>{}</p>", xml::escape(&what)),
            }
        })
        .collect();
    let feed = Feed {
        path,
        title,
        subtitle: locale.fill(
            "{municipality}の官民連携の記録の更新履歴（新しい順）",
            &[("municipality", &site.info.municipality.name)],
        ),
        alternate,
        entries,
    };
    write(site, locale, feed)
}

/// The `MAX_ENTRIES` records with the latest feed dates, in the order `write` sorts entries
/// (date descending, then URL), so preselecting changes nothing but the work done.
fn newest<'a, T>(
    records: &'a [T],
    key: impl Fn(&'a T) -> (Date, &'a String),
) -> impl Iterator<Item = &'a T> {
    let mut ordered: Vec<&'a T> = records.iter().collect();
    ordered.sort_by_cached_key(|r| {
        let (date, path) = key(r);
        (Reverse(date), path)
    });
    ordered.truncate(MAX_ENTRIES);
    ordered.into_iter()
}

/// A theme's entry describes the call itself, not today's status, so it stays unchanged
/// while the theme moves from upcoming to open to closed.
fn theme_entry(base: &str, theme: &Theme, locale: Locale) -> Entry {
    let wareki = |date| format::date(date, locale.lang);
    let mut content = format!(
        "<p>{}</p>",
        xml::escape(&locale.fill(
            "募集期間：{from}から{to}まで／所管課：{departments}",
            &[
                ("from", &wareki(theme.open_from)),
                ("to", &wareki(theme.deadline)),
                ("departments", &theme.departments.join(locale.t("、"))),
            ],
        ))
    );
    content.push_str(&markdown::to_html(&theme.summary, 2));
    if theme.demonstration_eligible {
        content.push_str(&format!(
            "<p>{}</p>",
            xml::escape(locale.t("実証実験提案制度の対象です。"))
        ));
    }
    Entry {
        id: None,
        url: format!("{base}{}", theme.path),
        title: theme.title.clone(),
        updated: theme.open_from,
        at: None,
        kind: "theme",
        kind_label: locale.t("募集テーマ").to_string(),
        summary: markdown::excerpt(&theme.summary, 200),
        content_html: content,
    }
}

fn write(site: &Site, locale: Locale, mut feed: Feed) -> Vec<u8> {
    // An entry may not be updated later than its feed (the build date): a record dated in
    // the future (a theme opening next month) is listed as of today until its date comes,
    // and keeps its own date in the content and on its page.
    for entry in &mut feed.entries {
        if entry.updated > site.info.build_date {
            entry.updated = site.info.build_date;
            entry.at = None;
        }
    }
    // Instants of one offset (+09:00) sort as their text does.
    feed.entries.sort_by(|a, b| {
        (Reverse(a.updated), Reverse(&a.at), &a.url).cmp(&(
            Reverse(b.updated),
            Reverse(&b.at),
            &b.url,
        ))
    });
    feed.entries.truncate(MAX_ENTRIES);
    let info = &site.info;
    let self_url = format!("{}{}", info.base_url, feed.path);
    let mut out = String::with_capacity(2048 + feed.entries.len() * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        locale.lang.code()
    ));
    out.push_str(&format!("<id>{}</id>\n", xml::escape(&self_url)));
    out.push_str(&format!("<title>{}</title>\n", xml::escape(&feed.title)));
    out.push_str(&format!(
        "<subtitle>{}</subtitle>\n",
        xml::escape(&feed.subtitle)
    ));
    // The feed as a document changes with each build (it is regenerated daily), and is never
    // older than its newest entry (a change committed on the build's day).
    let newest = feed.entries.iter().filter_map(|e| e.at.clone()).max();
    let built = japan_midnight(info.build_date);
    out.push_str(&format!(
        "<updated>{}</updated>\n",
        newest.filter(|at| *at > built).unwrap_or(built)
    ));
    out.push_str("<author>");
    out.push_str(&format!(
        "<name>{}</name>",
        xml::escape(&locale.fill(
            "{municipality}（{contact}）",
            &[
                ("municipality", &info.municipality.name),
                ("contact", &info.contact.name)
            ],
        ))
    ));
    if let Some(url) = &info.contact.url {
        out.push_str(&format!("<uri>{}</uri>", xml::escape(url)));
    }
    out.push_str("</author>\n");
    out.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml::escape(&self_url)
    ));
    out.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml::escape(&feed.alternate)
    ));
    out.push_str(&format!(
        "<rights>{}</rights>\n",
        xml::escape(&info.license)
    ));
    out.push_str("<generator>kanmin</generator>\n");
    for entry in &feed.entries {
        let url = xml::escape(&entry.url);
        out.push_str("<entry>\n");
        out.push_str(&format!(
            "<id>{}</id>\n",
            entry.id.as_deref().map_or(url.clone(), xml::escape)
        ));
        out.push_str(&format!("<title>{}</title>\n", xml::escape(&entry.title)));
        out.push_str(&format!(
            "<updated>{}</updated>\n",
            entry
                .at
                .clone()
                .unwrap_or_else(|| japan_midnight(entry.updated))
        ));
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n"
        ));
        out.push_str(&format!(
            "<category term=\"{}\" label=\"{}\"/>\n",
            entry.kind,
            xml::escape(&entry.kind_label)
        ));
        out.push_str(&format!(
            "<summary type=\"text\">{}</summary>\n",
            xml::escape(&entry.summary)
        ));
        out.push_str(&format!(
            "<content type=\"html\">{}</content>\n",
            xml::escape(&entry.content_html)
        ));
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out.into_bytes()
}
