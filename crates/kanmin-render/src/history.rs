//! What changed in each record, from its public revisions (`Site::history`): the changes are
//! read field by field through the open-data field definitions, so a change shows exactly the
//! fields the open data publishes, under the same names.

use kanmin_public::date::Date;
use kanmin_public::history::Revision;
use kanmin_public::{self as public, Lang, RecordKind};
use serde::Serialize;

use crate::format;
use crate::opendata::schema::{self, Field, Type, Value};

/// Texts longer than this, and Markdown, are summarised as 「本文を更新」.
const SHORT_CHARS: usize = 40;

/// One public change of a record.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub kind: RecordKind,
    pub id: String,
    /// The record's title now.
    pub title: String,
    pub path: String,
    pub commit: String,
    /// RFC 3339, in Japan's time.
    pub time: String,
    pub date: Date,
    /// The first public version (or, in a shallow clone, the oldest known one).
    pub first: bool,
    pub baseline: bool,
    pub fields: Vec<FieldChange>,
    /// Departments and public partner names of the record after the change: what the
    /// department and partner feeds select by.
    #[serde(skip)]
    pub departments: Vec<String>,
    #[serde(skip)]
    pub partners: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldChange {
    pub key: &'static str,
    pub title: &'static str,
    /// The open data's English name of the field, for the English pages.
    pub title_en: Option<&'static str>,
    /// Short values as shown; `None` for long texts (「本文を更新」) and empty values.
    pub before: Option<String>,
    pub after: Option<String>,
    pub long: bool,
}

/// A record's history as its page shows it: newest first.
#[derive(Debug, Clone, Serialize)]
pub struct RecordHistory {
    pub last_modified: Date,
    pub changes: Vec<Change>,
}

/// Every public change of the site, newest first (then by path).
pub fn changes(site: &public::Site) -> Vec<Change> {
    let Some(history) = &site.history else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in &site.partnerships {
        if let Some(revisions) = history.partnerships.get(&p.id) {
            let partners = |r: &public::Partnership| {
                r.partners
                    .iter()
                    .filter_map(|o| o.name.shown().cloned())
                    .collect()
            };
            out.extend(of_record(
                RecordKind::Partnership,
                &p.id,
                &p.title,
                &p.path,
                revisions,
                &schema::partnership_fields(),
                |r| r.departments.clone(),
                partners,
            ));
        }
    }
    for t in &site.themes {
        if let Some(revisions) = history.themes.get(&t.id) {
            out.extend(of_record(
                RecordKind::Theme,
                &t.id,
                &t.title,
                &t.path,
                revisions,
                &schema::theme_fields(),
                |r| r.departments.clone(),
                |_| Vec::new(),
            ));
        }
    }
    for p in &site.proposals {
        if let Some(revisions) = history.proposals.get(&p.id) {
            let partners =
                |r: &public::Proposal| r.proposer.name.shown().cloned().into_iter().collect();
            out.extend(of_record(
                RecordKind::Proposal,
                &p.id,
                &p.display_title,
                &p.path,
                revisions,
                &schema::proposal_fields(),
                |r| r.departments.clone(),
                partners,
            ));
        }
    }
    for s in &site.soundings {
        if let Some(revisions) = history.soundings.get(&s.id) {
            let partners = |r: &public::Sounding| {
                r.participants
                    .shown()
                    .map(|list| {
                        list.iter()
                            .filter_map(|o| o.name.shown().cloned())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            out.extend(of_record(
                RecordKind::Sounding,
                &s.id,
                &s.title,
                &s.path,
                revisions,
                &schema::sounding_fields(),
                |r| r.departments.clone(),
                partners,
            ));
        }
    }
    out.sort_by(|a, b| (&b.time, &a.path).cmp(&(&a.time, &b.path)));
    out
}

/// A partner's or department's index page whose records changed, with its feed of those
/// changes beside it. One list serves the feeds and the pages' links, so a page links exactly
/// the feed that is written.
pub struct IndexFeed<'s> {
    pub name: &'s str,
    /// The index page's site path (`departments/<slug>/`).
    pub page: &'s str,
    partner: bool,
}

impl IndexFeed<'_> {
    pub fn path(&self) -> String {
        format!("{}atom.xml", self.page)
    }

    pub fn selects(&self, change: &Change) -> bool {
        let names = if self.partner {
            &change.partners
        } else {
            &change.departments
        };
        names.iter().any(|name| name == self.name)
    }
}

/// The departments' and partners' feeds of changes, of those with changes.
pub fn index_feeds<'s>(site: &'s public::Site, changes: &[Change]) -> Vec<IndexFeed<'s>> {
    let departments = site.departments.iter().map(|d| IndexFeed {
        name: &d.name,
        page: &d.path,
        partner: false,
    });
    let partners = site.partners.iter().map(|p| IndexFeed {
        name: &p.name,
        page: &p.path,
        partner: true,
    });
    departments
        .chain(partners)
        .filter(|feed| changes.iter().any(|c| feed.selects(c)))
        .collect()
}

/// One record's changes for its page, keyed by record path.
pub fn by_path(changes: &[Change]) -> std::collections::HashMap<&str, RecordHistory> {
    let mut out: std::collections::HashMap<&str, RecordHistory> = std::collections::HashMap::new();
    for change in changes {
        let entry = out
            .entry(change.path.as_str())
            .or_insert_with(|| RecordHistory {
                last_modified: change.date,
                changes: Vec::new(),
            });
        entry.last_modified = entry.last_modified.max(change.date);
        entry.changes.push(change.clone());
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn of_record<R>(
    kind: RecordKind,
    id: &str,
    title: &str,
    path: &str,
    revisions: &[Revision<R>],
    fields: &[Field<R>],
    departments: impl Fn(&R) -> Vec<String>,
    partners: impl Fn(&R) -> Vec<String>,
) -> Vec<Change> {
    let mut out = Vec::new();
    let mut previous: Option<&R> = None;
    for revision in revisions {
        let record = &revision.record;
        let fields_changed = match previous {
            None => Vec::new(),
            Some(before) => fields
                .iter()
                .filter(|f| !matches!(f.key, "id" | "url" | "modified"))
                .filter_map(|f| {
                    let (old, new) = ((f.get)(before), (f.get)(record));
                    (old != new).then(|| field_change(f, &old, &new))
                })
                .collect(),
        };
        // A change only to what the open data does not publish (the English texts) is
        // still a change of the page.
        out.push(Change {
            kind,
            id: id.to_string(),
            title: title.to_string(),
            path: path.to_string(),
            commit: revision.stamp.commit.clone(),
            time: revision.stamp.rfc3339(),
            date: revision.stamp.date(),
            first: previous.is_none(),
            baseline: revision.baseline,
            fields: fields_changed,
            departments: departments(record),
            partners: partners(record),
        });
        previous = Some(record);
    }
    out
}

fn field_change<R>(field: &Field<R>, old: &Value, new: &Value) -> FieldChange {
    let long = matches!(field.ty, Type::Markdown)
        || [old, new]
            .iter()
            .any(|v| shown(field.ty, v).is_some_and(|s| s.chars().count() > SHORT_CHARS));
    FieldChange {
        key: field.key,
        title: field.title,
        title_en: schema::english_title(field.key),
        before: if long { None } else { shown(field.ty, old) },
        after: if long { None } else { shown(field.ty, new) },
        long,
    }
}

/// A value as a change summary shows it; `None` when empty.
fn shown(ty: Type, value: &Value) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        Value::Withheld => "非公開".to_string(),
        Value::Text(t) => t.clone(),
        Value::Integer(n) => n.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Date(d) => format::date(*d, Lang::Ja),
        Value::Bool(b) => if *b { "はい" } else { "いいえ" }.to_string(),
        Value::Code(code) => match ty {
            Type::Code(vocabulary) | Type::List(&Type::Code(vocabulary)) => {
                format::label(vocabulary, code).unwrap_or(code).to_string()
            }
            _ => code.clone(),
        },
        Value::List(items) => {
            let inner = match ty {
                Type::List(inner) => *inner,
                other => other,
            };
            let parts: Vec<String> = items.iter().filter_map(|v| shown(inner, v)).collect();
            if parts.is_empty() {
                return None;
            }
            parts.join("、")
        }
        Value::Object(parts) => {
            let parts: Vec<String> = parts.iter().filter_map(|v| shown(Type::Text, v)).collect();
            if parts.is_empty() {
                return None;
            }
            parts.join("〜")
        }
        Value::Objects(rows) => {
            let rows: Vec<String> = rows
                .iter()
                .filter_map(|row| row.iter().find_map(|v| shown(Type::Text, v)))
                .collect();
            if rows.is_empty() {
                return None;
            }
            rows.join("、")
        }
    };
    (!text.is_empty()).then_some(text)
}
