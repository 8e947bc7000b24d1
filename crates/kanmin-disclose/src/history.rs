//! Earlier versions of the published records, disclosed under their own rules *and* today's:
//! a field protected now stays hidden in its past values too, a record that was withheld
//! (unreviewed, or removed) has no public versions until it was published, and a version
//! whose public view equals the one before it (a commit that changed only protected fields,
//! `internal` or `disclosure` details) is no version at all, so it changes no output byte.
//! Records withheld today, and records removed from the content, have no history.
//!
//! What the past versions withheld joins the withheld texts the leak scan looks for, less
//! the pieces some public version of the same record shows (a protection lifted later).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use kanmin_content::history::{History, Version};
use kanmin_content::model::{self as raw, Content, Disclosure};
use kanmin_public::date::Date;
use kanmin_public::history::{Histories, Revision, Stamp};
use kanmin_public::{self as public, RecordKind, RecordLink};
use kanmin_text::matching::{fold, needle};

use super::{
    disclose_partnership, disclose_proposal, disclose_sounding, disclose_theme, is_reviewed,
    withhold_proposal, withhold_sounding, Collector, ThemeLinks, WithheldReport, WithheldText,
};

/// Each of `site`'s records dated by its latest public revision: the day its public view
/// last changed (a commit that changed only withheld data made no revision, so it dates
/// nothing).
pub fn mark_modified(site: &mut public::Site, histories: &Histories) {
    fn mark<R>(
        records: &mut [R],
        revisions: &HashMap<String, Vec<Revision<R>>>,
        id: impl Fn(&R) -> &str,
        modified: impl Fn(&mut R) -> &mut Option<Date>,
    ) {
        for record in records {
            let latest = revisions.get(id(record)).and_then(|list| list.last());
            *modified(record) = latest.map(|revision| revision.stamp.date());
        }
    }
    mark(
        &mut site.partnerships,
        &histories.partnerships,
        |r| &r.id,
        |r| &mut r.modified,
    );
    mark(
        &mut site.themes,
        &histories.themes,
        |r| &r.id,
        |r| &mut r.modified,
    );
    mark(
        &mut site.proposals,
        &histories.proposals,
        |r| &r.id,
        |r| &mut r.modified,
    );
    mark(
        &mut site.soundings,
        &histories.soundings,
        |r| &r.id,
        |r| &mut r.modified,
    );
}

/// The public versions of `site`'s records from `history`; adds what they withheld to
/// `report.texts`.
pub fn disclose_history(
    content: &Content,
    history: &History,
    site: &public::Site,
    build_date: Date,
    report: &mut WithheldReport,
) -> Histories {
    let links = Links::of(site);
    let link = |kind: RecordKind, id: &Option<String>| links.get(kind, id);
    let partnerships: HashMap<&str, &Arc<raw::Partnership>> = content
        .partnerships
        .iter()
        .map(|(p, _)| (p.id.as_str(), p))
        .collect();
    let themes: HashMap<&str, &Arc<raw::Theme>> = content
        .themes
        .iter()
        .map(|(t, _)| (t.id.as_str(), t))
        .collect();
    let proposals: HashMap<&str, &Arc<raw::Proposal>> = content
        .proposals
        .iter()
        .map(|(p, _)| (p.id.as_str(), p))
        .collect();
    let soundings: HashMap<&str, &Arc<raw::Sounding>> = content
        .soundings
        .iter()
        .map(|(s, _)| (s.id.as_str(), s))
        .collect();

    let mut texts = Vec::new();
    let partnership_revisions = each(
        site.partnerships.iter().map(|p| p.id.as_str()),
        &history.partnerships,
        &mut texts,
        |id, versions| {
            let now = partnerships.get(id)?;
            Some(revisions(
                versions,
                now.disclosure.as_ref(),
                |old, collector| {
                    let mut old = old.clone();
                    old.disclosure = merged(
                        old.disclosure.as_ref(),
                        now.disclosure.as_ref(),
                        |path| carried(path, "partners", &now.partners, &old.partners),
                        build_date,
                    );
                    Some(disclose_partnership(build_date, &old, collector, &link))
                },
            ))
        },
    );
    let theme_revisions = each(
        site.themes.iter().map(|t| t.id.as_str()),
        &history.themes,
        &mut texts,
        |id, versions| {
            themes.get(id)?;
            Some(revisions(versions, None, |old: &raw::Theme, collector| {
                collector.internal("theme", &old.id, &old.internal);
                Some(disclose_theme(old, build_date, ThemeLinks::default()))
            }))
        },
    );
    let proposal_revisions = each(
        site.proposals.iter().map(|p| p.id.as_str()),
        &history.proposals,
        &mut texts,
        |id, versions| {
            let now = proposals.get(id)?;
            Some(revisions(
                versions,
                now.disclosure.as_ref(),
                |old, collector| {
                    if !is_reviewed(&old.disclosure) {
                        withhold_proposal(old, collector);
                        return None;
                    }
                    let mut old = old.clone();
                    old.disclosure = merged(
                        old.disclosure.as_ref(),
                        now.disclosure.as_ref(),
                        |path| vec![path.to_string()],
                        build_date,
                    );
                    Some(disclose_proposal(build_date, &old, collector, &link))
                },
            ))
        },
    );
    let sounding_revisions = each(
        site.soundings.iter().map(|s| s.id.as_str()),
        &history.soundings,
        &mut texts,
        |id, versions| {
            let now = soundings.get(id)?;
            Some(revisions(
                versions,
                now.disclosure.as_ref(),
                |old, collector| {
                    if !is_reviewed(&old.disclosure) {
                        withhold_sounding(old, collector);
                        return None;
                    }
                    let mut old = old.clone();
                    old.disclosure = merged(
                        old.disclosure.as_ref(),
                        now.disclosure.as_ref(),
                        |path| carried(path, "participants", &now.participants, &old.participants),
                        build_date,
                    );
                    Some(disclose_sounding(build_date, &old, collector, &link))
                },
            ))
        },
    );
    // Only texts the report does not hold already: today's values are scanned once.
    let known: std::collections::HashSet<(&str, &str, &str, &str)> = report
        .texts
        .iter()
        .map(|t| (t.kind, t.id.as_str(), t.field.as_str(), t.text.as_str()))
        .collect();
    let mut fresh: Vec<WithheldText> = texts
        .into_iter()
        .filter(|t| !known.contains(&(t.kind, t.id.as_str(), t.field.as_str(), t.text.as_str())))
        .collect();
    fresh.sort_by(|a, b| {
        (a.kind, &a.id, &a.field, &a.text).cmp(&(b.kind, &b.id, &b.field, &b.text))
    });
    fresh.dedup();
    report.texts.extend(fresh);
    Histories {
        partnerships: partnership_revisions,
        themes: theme_revisions,
        proposals: proposal_revisions,
        soundings: sounding_revisions,
        shallow: history.shallow,
    }
}

/// Every published record with versions, in parallel: its revisions, and the withheld texts
/// of its versions (less what a revision shows).
fn each<'s, R: Sync + Send, P: Send>(
    published: impl Iterator<Item = &'s str>,
    versions: &HashMap<String, Vec<Version<R>>>,
    texts: &mut Vec<WithheldText>,
    one: impl Fn(&str, &[Version<R>]) -> Option<(Vec<Revision<P>>, Vec<WithheldText>)> + Sync,
) -> HashMap<String, Vec<Revision<P>>> {
    let ids: Vec<&str> = published.collect();
    let done: Vec<(String, Vec<Revision<P>>, Vec<WithheldText>)> = ids
        .par_iter()
        .filter_map(|id| {
            let list = versions.get(*id)?;
            let (revisions, withheld) = one(id, list)?;
            Some((id.to_string(), revisions, withheld))
        })
        .collect();
    let mut out = HashMap::with_capacity(done.len());
    for (id, revisions, withheld) in done {
        texts.extend(withheld);
        if !revisions.is_empty() {
            out.insert(id, revisions);
        }
    }
    out
}

/// The revisions of one record from its versions, each disclosed by `disclose_one` (`None`:
/// withheld whole then), and what those versions withheld, less the pieces a revision shows.
fn revisions<R, P: Serialize>(
    versions: &[Version<R>],
    today: Option<&Disclosure>,
    disclose_one: impl Fn(&R, &mut Collector) -> Option<P>,
) -> (Vec<Revision<P>>, Vec<WithheldText>) {
    let mut collector = Collector::default();
    let mut out: Vec<Revision<P>> = Vec::new();
    let mut shown: Vec<String> = Vec::new();
    let mut previous: Option<String> = None;
    for version in versions {
        let public = version
            .record
            .as_deref()
            .and_then(|record| disclose_one(record, &mut collector));
        let Some(public) = public else {
            previous = None;
            continue;
        };
        let view = serde_json::to_string(&public).unwrap_or_default();
        if previous.as_ref() == Some(&view) {
            continue;
        }
        shown.push(fold(&view));
        previous = Some(view);
        out.push(Revision {
            stamp: Arc::new(Stamp {
                commit: version.stamp.commit.clone(),
                seconds: version.stamp.seconds,
            }),
            record: public,
            baseline: version.baseline,
        });
    }
    let acknowledged: Vec<String> = today
        .map(|d| d.also_public.iter().map(|t| needle(t)).collect())
        .unwrap_or_default();
    let mut withheld = Vec::new();
    for mut text in collector.report.texts {
        let pieces = text.pieces();
        let public: Vec<String> = pieces
            .iter()
            .map(|(piece, _)| needle(piece))
            .filter(|n| {
                acknowledged.contains(n) || shown.iter().any(|view| view.contains(n.as_str()))
            })
            .collect();
        if public.len() < pieces.len() {
            text.acknowledged = public;
            withheld.push(text);
        }
    }
    (out, withheld)
}

/// `old`'s disclosure with today's protections added: each side's paths count while its own
/// `until` has not come; the reason and end date shown are today's when today protects
/// anything. `carry` maps one of today's paths onto the old version.
fn merged(
    old: Option<&Disclosure>,
    today: Option<&Disclosure>,
    carry: impl Fn(&str) -> Vec<String>,
    build_date: Date,
) -> Option<Disclosure> {
    let active = |d: Option<&Disclosure>| -> Vec<String> {
        d.filter(|d| d.until.is_none_or(|until| build_date < until))
            .map(|d| d.protected.clone())
            .unwrap_or_default()
    };
    let today_paths: Vec<String> = active(today).iter().flat_map(|p| carry(p)).collect();
    let mut protected = active(old);
    if today_paths.is_empty() && protected.is_empty() {
        return old.cloned();
    }
    for path in today_paths.iter() {
        if !protected.contains(path) {
            protected.push(path.clone());
        }
    }
    let (reason, until) = match today {
        Some(t) if !active(today).is_empty() => (t.reason.clone(), t.until),
        _ => old.map_or((None, None), |o| (o.reason.clone(), o.until)),
    };
    let mut also_public: Vec<String> = old.map(|o| o.also_public.clone()).unwrap_or_default();
    also_public.extend(today.iter().flat_map(|t| t.also_public.iter().cloned()));
    Some(Disclosure {
        reviewed: old.is_some_and(|o| o.reviewed),
        reviewed_on: old.and_then(|o| o.reviewed_on),
        protected,
        reason,
        until,
        also_public,
    })
}

/// Today's path onto an old version: a path into one organisation of `list`
/// (`partners[1].name`) protects that organisation wherever it stood then, found by its
/// 法人番号 or its name, and the same position too.
fn carried(
    path: &str,
    list: &str,
    today: &[raw::Organisation],
    old: &[raw::Organisation],
) -> Vec<String> {
    let Some(rest) = path.strip_prefix(list).and_then(|r| r.strip_prefix('[')) else {
        return vec![path.to_string()];
    };
    let Some((index, tail)) = rest
        .split_once(']')
        .and_then(|(i, tail)| Some((i.parse::<usize>().ok()?, tail)))
    else {
        return vec![path.to_string()];
    };
    let mut out = Vec::new();
    if index < old.len() {
        out.push(path.to_string());
    }
    if let Some(org) = today.get(index) {
        for (position, candidate) in old.iter().enumerate() {
            if position != index && same_organisation(org, candidate) {
                out.push(format!("{list}[{position}]{tail}"));
            }
        }
    }
    out
}

fn same_organisation(a: &raw::Organisation, b: &raw::Organisation) -> bool {
    let number = |o: &raw::Organisation| o.corporate_number.as_deref().map(fold);
    (number(a).is_some() && number(a) == number(b)) || fold(&a.name) == fold(&b.name)
}

/// Links to today's published records, for past versions: a link names what it links to as
/// it is now, and a record withheld now is linked from no version.
struct Links {
    titles: HashMap<(RecordKind, String), String>,
}

impl Links {
    fn of(site: &public::Site) -> Links {
        let mut titles = HashMap::new();
        for p in &site.partnerships {
            titles.insert((RecordKind::Partnership, p.id.clone()), p.title.clone());
        }
        for t in &site.themes {
            titles.insert((RecordKind::Theme, t.id.clone()), t.title.clone());
        }
        for p in &site.proposals {
            titles.insert(
                (RecordKind::Proposal, p.id.clone()),
                p.display_title.clone(),
            );
        }
        for s in &site.soundings {
            titles.insert((RecordKind::Sounding, s.id.clone()), s.title.clone());
        }
        Links { titles }
    }

    fn get(&self, kind: RecordKind, id: &Option<String>) -> Option<RecordLink> {
        let id = id.as_deref()?;
        let title = self.titles.get(&(kind, id.to_string()))?;
        Some(RecordLink {
            kind,
            id: id.to_string(),
            title: title.clone(),
            path: kind.path(id),
            untranslated: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(name: &str, number: Option<&str>) -> raw::Organisation {
        raw::Organisation {
            name: name.to_string(),
            kind: kanmin_public::OrganisationKind::Company,
            corporate_number: number.map(str::to_string),
            url: None,
            name_en: None,
        }
    }

    #[test]
    fn a_protected_partner_stays_protected_where_it_stood_before() {
        let today = [org("甲株式会社", None), org("乙株式会社", None)];
        let old = [
            org("乙株式会社", None),
            org("甲株式会社", None),
            org("丙", None),
        ];
        assert_eq!(
            carried("partners[1].name", "partners", &today, &old),
            vec![
                "partners[1].name".to_string(),
                "partners[0].name".to_string()
            ]
        );
        let shorter = [org("乙株式会社", None)];
        assert_eq!(
            carried("partners[1].name", "partners", &today, &shorter),
            vec!["partners[0].name".to_string()]
        );
        assert_eq!(
            carried("partners.name", "partners", &today, &old),
            vec!["partners.name".to_string()]
        );
    }

    #[test]
    fn today_protections_join_the_old_ones_until_they_end() {
        let day = Date::parse("2026-06-01").unwrap();
        let disclosure = |protected: &[&str], until: Option<&str>| Disclosure {
            reviewed: true,
            reviewed_on: None,
            protected: protected.iter().map(|p| p.to_string()).collect(),
            reason: None,
            until: until.map(|u| Date::parse(u).unwrap()),
            also_public: Vec::new(),
        };
        let old = disclosure(&["summary"], None);
        let today = disclosure(&["idea"], None);
        let same = |p: &str| vec![p.to_string()];
        let both = merged(Some(&old), Some(&today), same, day).unwrap();
        assert_eq!(both.protected, ["summary", "idea"]);
        let ended = disclosure(&["idea"], Some("2026-05-01"));
        let only_old = merged(Some(&old), Some(&ended), same, day).unwrap();
        assert_eq!(only_old.protected, ["summary"]);
        let none = merged(None, Some(&today), same, day).unwrap();
        assert!(!none.reviewed, "a version never reviewed stays unreviewed");
    }
}
