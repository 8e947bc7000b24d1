//! The leak scan at the source: before anything is rendered, every public field of every
//! published record, free page and `site.yaml` is searched for every withheld text, and each
//! hit is reported where a clerk can fix it: at the public field's file, line and column,
//! naming the withheld record and field it matches, once per (public field, withheld value).
//!
//! Japanese administrative writing is formulaic, so many hits are coincidences (a stock
//! phrase in a protected idea and in a public summary). Each error ends with the one line that
//! acknowledges the text in the withheld record's `disclosure.also_public`; the scans then
//! skip exactly that text. The scan of the output files after rendering stays as the net
//! behind this one (templates, derived forms, encodings).

use kanmin_messages::t;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rayon::prelude::*;

use super::{disclosures, WithheldReport, WithheldText};
use kanmin_content::model::{Content, Source};
use kanmin_content::spans;
use kanmin_public::diagnostics::{Diagnostic, Diagnostics};
use kanmin_public::{self as public, RecordKind};
use kanmin_text::matching::{fold, needle};

/// What the scan found: errors stop the build, warnings are printed.
#[derive(Debug, Default)]
pub struct SourceScan {
    pub errors: Diagnostics,
    pub warnings: Vec<Diagnostic>,
}

/// Keys of public records and pages that are derived, not written (ids, paths, codes), or
/// that hold other records' titles (links), which are scanned where those are written.
const DERIVED_KEYS: &[&str] = &[
    "id",
    "path",
    "page",
    "kind",
    "fiscal_year",
    "withheld_fields",
    "withheld_until",
    "status",
    "days_left",
    "order",
    "base_url",
    "base_path",
    "license",
    "theme",
    "build_date",
    "sample",
];
/// Keys whose values are links to other records (`RecordLink`s).
const LINK_KEYS: &[&str] = &[
    "theme",
    "proposal",
    "sounding",
    "partnership",
    "partnerships",
    "proposals",
];

/// One piece of a withheld value, as the automaton searches for it.
struct Piece {
    owner: usize,
    text: String,
    /// `matching::needle` of the text: what is searched for, and what `also_public` entries
    /// are compared with.
    key: String,
    acknowledged: bool,
}

/// One public text: where it is written and whose record it belongs to.
struct PublicText<'a> {
    source: &'a Source,
    /// The YAML path (`partners[0].name`), or the front matter key or `body` of a page.
    field: String,
    text: String,
    /// `proposals/q-1/` for a record's own fields, where its scoped values are searched.
    record: Option<String>,
    /// A link's title: another record's text, searched only for the scoped values of this one.
    linked: bool,
}

pub fn scan_sources(content: &Content, site: &public::Site, report: &WithheldReport) -> SourceScan {
    let withheld = &report.texts;
    let pieces: Vec<Piece> = withheld
        .par_iter()
        .enumerate()
        .flat_map_iter(|(owner, item)| {
            item.pieces()
                .into_iter()
                .map(move |(text, acknowledged)| Piece {
                    owner,
                    key: needle(&text),
                    text,
                    acknowledged,
                })
        })
        .collect();
    // A stock phrase is a piece of hundreds of values: searched for once.
    let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, piece) in pieces.iter().enumerate() {
        by_key.entry(&piece.key).or_default().push(index);
    }
    let (keys, pieces_of): (Vec<&str>, Vec<Vec<usize>>) = by_key.into_iter().unzip();
    let mut scan = SourceScan::default();
    let mut used = BTreeSet::new();
    if !keys.is_empty() {
        let texts = public_texts(content, site);
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA).filter(|_| keys.len() < 2_000))
            .build(&keys)
            .expect("withheld pieces form a valid automaton");
        let hits: Vec<(usize, Vec<usize>)> = texts
            .par_iter()
            .enumerate()
            .filter_map(|(index, public)| {
                let folded = fold(&public.text);
                let mut found: Vec<usize> = automaton
                    .find_overlapping_iter(&folded)
                    .flat_map(|m| pieces_of[m.pattern().as_usize()].iter().copied())
                    .collect();
                found.sort_unstable();
                found.dedup();
                (!found.is_empty()).then_some((index, found))
            })
            .collect();
        used = report_hits(&texts, &hits, &pieces, report, &mut scan, content);
    }
    check_acknowledgements(content, report, &used, &mut scan);
    scan
}

/// One error per public field and withheld text: a stock phrase that a thousand withheld
/// ideas share is one finding in each public field that holds it, naming the first records
/// that withhold it, not a thousand.
fn report_hits(
    texts: &[PublicText],
    hits: &[(usize, Vec<usize>)],
    pieces: &[Piece],
    report: &WithheldReport,
    scan: &mut SourceScan,
    content: &Content,
) -> BTreeSet<(&'static str, String, String)> {
    let withheld = &report.texts;
    let withheld_whole: BTreeSet<(&str, &str)> = report
        .records
        .iter()
        .map(|(kind, id, _)| (*kind, id.as_str()))
        .collect();
    let mut used_pieces = vec![false; pieces.len()];
    let content_dir = content
        .site_source
        .path
        .parent()
        .unwrap_or(Path::new("content"));
    for (index, found) in hits {
        let public = &texts[*index];
        // Per withheld value its first piece found here; then the values by that piece.
        let mut values_seen = BTreeSet::new();
        let mut by_piece: BTreeMap<String, (&str, Vec<&WithheldText>)> = BTreeMap::new();
        for &piece_index in found {
            let piece = &pieces[piece_index];
            let item = &withheld[piece.owner];
            let in_scope = match &item.scope {
                Some(scope) => public.record.as_deref() == Some(scope),
                None => !public.linked,
            };
            if !in_scope {
                continue;
            }
            if piece.acknowledged {
                used_pieces[piece_index] = true;
            } else if values_seen.insert(piece.owner) {
                by_piece
                    .entry(piece.key.clone())
                    .or_insert((&piece.text, Vec::new()))
                    .1
                    .push(item);
            }
        }
        for (piece, items) in by_piece.into_values() {
            let whole = withheld_whole.contains(&(items[0].kind, items[0].id.as_str()));
            scan.errors
                .push(hit_diagnostic(public, &items, piece, whole, content_dir));
        }
    }
    let acknowledged_and_used = pieces.iter().zip(used_pieces).filter(|(_, used)| *used);
    acknowledged_and_used
        .map(|(piece, _)| {
            (
                withheld[piece.owner].kind,
                withheld[piece.owner].id.clone(),
                piece.key.clone(),
            )
        })
        .collect()
}

/// Records named in full in one error; the rest are counted.
const RECORDS_NAMED: usize = 3;

fn hit_diagnostic(
    public: &PublicText,
    items: &[&WithheldText],
    piece: &str,
    withheld_whole: bool,
    content_dir: &Path,
) -> Diagnostic {
    let item = items[0];
    let withheld_file = content_dir.join(item.file());
    let why = if item.scope.is_some() {
        "scoped"
    } else if item.field == "internal" {
        "internal"
    } else if withheld_whole {
        "unpublished"
    } else {
        "protected"
    };
    let records: BTreeSet<String> = items.iter().map(|i| i.file()).collect();
    let others: Vec<&String> = records.iter().filter(|f| **f != item.file()).collect();
    let also = match others.len() {
        0 => String::new(),
        n => {
            let named: Vec<&str> = others
                .iter()
                .take(RECORDS_NAMED)
                .map(|f| f.as_str())
                .collect();
            t!(
                "leak-also-withheld-by",
                count = n,
                named = named.join(", "),
                more = n.saturating_sub(RECORDS_NAMED)
            )
        }
    };
    let mut message = t!(
        "leak-found",
        linked = if public.linked { "yes" } else { "no" },
        file = withheld_file.display().to_string(),
        field = item.field.as_str(),
        why = why,
        also = also,
        text = preview(piece)
    );
    if item.field != "internal" && item.scope.is_none() {
        message.push('\n');
        message.push_str(&t!(
            "leak-acknowledge-hint",
            file = withheld_file.display().to_string(),
            others = if others.is_empty() { "no" } else { "yes" },
            line = yaml_quoted(piece)
        ));
    }

    let (line, column) = position(public);
    let mut diagnostic =
        Diagnostic::new(&public.source.path, public.field.clone(), message).at(line, column);
    diagnostic.withheld_text = Some(Box::new((preview(piece), records.len())));
    diagnostic
}

fn position(public: &PublicText) -> (usize, usize) {
    let text = &public.source.text;
    if public.source.path.extension().is_some_and(|e| e == "md") {
        return line_of(text, &public.text);
    }
    spans::locate(text, &public.field).unwrap_or_else(|| line_of(text, &public.text))
}

/// Line and column of the first line of `value` in `text`, or (0, 0) when it is not there as
/// written (a YAML block scalar folded differently).
fn line_of(text: &str, value: &str) -> (usize, usize) {
    let first = value
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    match text.find(first).filter(|_| !first.is_empty()) {
        Some(at) => {
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (line, column)
        }
        None => (0, 0),
    }
}

fn preview(text: &str) -> String {
    let cut: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        format!("{cut}…")
    } else {
        cut
    }
}

/// A YAML double-quoted scalar: what a clerk can paste as it is.
fn yaml_quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// `also_public` entries that are no withheld text of their record are errors; entries no
/// public text contains any more are warnings.
fn check_acknowledgements(
    content: &Content,
    report: &WithheldReport,
    used: &BTreeSet<(&'static str, String, String)>,
    scan: &mut SourceScan,
) {
    if report.also_public.is_empty() {
        return;
    }
    let mut keys_of: HashMap<(&str, &str), BTreeSet<String>> = HashMap::new();
    for item in &report.texts {
        let keys = keys_of.entry((item.kind, item.id.as_str())).or_default();
        keys.insert(needle(&item.text));
        keys.extend(item.pieces().iter().map(|(p, _)| needle(p)));
    }
    for (kind, id, disclosure, source) in disclosures(content) {
        let Some(disclosure) = disclosure else {
            continue;
        };
        let lifted =
            disclosure.reviewed && report.texts.iter().all(|t| !(t.kind == kind && t.id == id));
        for (i, entry) in disclosure.also_public.iter().enumerate() {
            let field = format!("disclosure.also_public[{i}]");
            let key = needle(entry);
            let (line, column) = spans::locate(&source.text, &field).unwrap_or((0, 0));
            let known = keys_of
                .get(&(kind, id))
                .is_some_and(|keys| keys.contains(&key));
            if !known && lifted {
                scan.warnings.push(
                    Diagnostic::new(&source.path, field, t!("also-public-nothing-withheld"))
                        .at(line, column),
                );
            } else if !known {
                scan.errors.push(
                    Diagnostic::new(
                        &source.path,
                        field,
                        t!("also-public-unknown", text = preview(entry)),
                    )
                    .at(line, column),
                );
            } else if !used.contains(&(kind, id.to_string(), key)) {
                scan.warnings.push(
                    Diagnostic::new(
                        &source.path,
                        field,
                        t!("also-public-unused", text = preview(entry)),
                    )
                    .at(line, column),
                );
            }
        }
    }
}

/// Every public text of the site, with where it is written.
fn public_texts<'a>(content: &'a Content, site: &public::Site) -> Vec<PublicText<'a>> {
    let sources: HashMap<(&str, &str), &Source> = content
        .partnerships
        .iter()
        .map(|(r, s)| (("partnerships", r.id.as_str()), s))
        .chain(
            content
                .themes
                .iter()
                .map(|(r, s)| (("themes", r.id.as_str()), s)),
        )
        .chain(
            content
                .proposals
                .iter()
                .map(|(r, s)| (("proposals", r.id.as_str()), s)),
        )
        .chain(
            content
                .soundings
                .iter()
                .map(|(r, s)| (("soundings", r.id.as_str()), s)),
        )
        .chain(
            content
                .pages
                .iter()
                .map(|(r, s)| (("pages", r.id.as_str()), s)),
        )
        .collect();
    let identities = linked_identities(site);
    let mut texts = Vec::new();
    let mut add_record =
        |kind: RecordKind, id: &str, record: serde_json::Result<serde_json::Value>| {
            let Some(source) = sources.get(&(kind.folder(), id)) else {
                return;
            };
            let record_path = kind.path(id);
            let mut strings = Vec::new();
            walk(
                &record.unwrap_or_default(),
                String::new(),
                Some(&identities),
                &mut strings,
            );
            for (field, text, linked) in strings {
                texts.push(PublicText {
                    source,
                    field,
                    text,
                    record: Some(record_path.clone()),
                    linked,
                });
            }
        };
    for p in &site.partnerships {
        add_record(RecordKind::Partnership, &p.id, serde_json::to_value(p));
    }
    for t in &site.themes {
        add_record(RecordKind::Theme, &t.id, serde_json::to_value(t));
    }
    for p in &site.proposals {
        add_record(RecordKind::Proposal, &p.id, serde_json::to_value(p));
    }
    for s in &site.soundings {
        add_record(RecordKind::Sounding, &s.id, serde_json::to_value(s));
    }
    for page in &site.pages {
        if let Some(source) = sources.get(&("pages", page.id.as_str())) {
            let japanese = [
                ("title", Some(&page.title)),
                ("description", page.description.as_ref()),
                ("body", Some(&page.body)),
            ]
            .into_iter()
            .filter_map(|(field, text)| Some((field.to_string(), text?)));
            let english = page
                .en
                .iter()
                .map(|(field, text)| (format!("en.{field}"), text));
            for (field, text) in japanese.chain(english) {
                texts.push(PublicText {
                    source,
                    field,
                    text: text.clone(),
                    record: None,
                    linked: false,
                });
            }
        }
    }
    let mut strings = Vec::new();
    walk(
        &serde_json::to_value(&site.info).unwrap_or_default(),
        String::new(),
        None,
        &mut strings,
    );
    for (field, text, _) in strings {
        texts.push(PublicText {
            source: &content.site_source,
            field,
            text,
            record: None,
            linked: false,
        });
    }
    texts
}

/// The public organisations' names, 法人番号 and URLs of every published record, by the
/// (kind, id) its links carry: a record linked to one whose partner is its own protected
/// proposer tells who proposed it.
type Identities = HashMap<(String, String), Vec<String>>;

fn linked_identities(site: &public::Site) -> Identities {
    let shown = |orgs: &mut dyn Iterator<Item = &public::Organisation>| -> Vec<String> {
        orgs.flat_map(|o| {
            let number = o.corporate_number.shown().cloned().flatten();
            let url = o.url.shown().cloned().flatten();
            o.name
                .shown()
                .cloned()
                .into_iter()
                .chain(o.name_en.clone())
                .chain(number)
                .chain(url)
        })
        .collect()
    };
    let mut identities = Identities::new();
    for p in &site.partnerships {
        identities.insert(
            ("partnership".into(), p.id.clone()),
            shown(&mut p.partners.iter()),
        );
    }
    for p in &site.proposals {
        identities.insert(
            ("proposal".into(), p.id.clone()),
            shown(&mut std::iter::once(&p.proposer)),
        );
    }
    for s in &site.soundings {
        identities.insert(
            ("sounding".into(), s.id.clone()),
            shown(&mut s.participants.shown().into_iter().flatten()),
        );
    }
    identities
}

/// The strings of a public record as (YAML path, text, is another record's text reached by
/// a link). `identities` is given for a record (links are read), not for `site.yaml`.
fn walk(
    value: &serde_json::Value,
    path: String,
    identities: Option<&Identities>,
    out: &mut Vec<(String, String, bool)>,
) {
    let top = identities.is_some() && path.is_empty();
    match value {
        serde_json::Value::String(text) => out.push((path, text.clone(), false)),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), None, out);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                if let Some(identities) =
                    identities.filter(|_| top && LINK_KEYS.contains(&key.as_str()))
                {
                    linked_texts(value, key, identities, out);
                    continue;
                }
                if DERIVED_KEYS.contains(&key.as_str()) {
                    continue;
                }
                let field = match (top, key.as_str()) {
                    (true, "withheld_reason") => "disclosure.reason".to_string(),
                    _ if path.is_empty() => key.clone(),
                    _ => format!("{path}.{key}"),
                };
                walk(value, field, None, out);
            }
        }
        _ => {}
    }
}

/// A link's title and the public organisations of the record it leads to.
fn linked_texts(
    value: &serde_json::Value,
    key: &str,
    identities: &Identities,
    out: &mut Vec<(String, String, bool)>,
) {
    let links: Vec<&serde_json::Value> = match value {
        serde_json::Value::Array(items) => items.iter().collect(),
        serde_json::Value::Object(_) => vec![value],
        _ => Vec::new(),
    };
    for link in links {
        if let Some(title) = link.get("title").and_then(|t| t.as_str()) {
            out.push((key.to_string(), title.to_string(), true));
        }
        let target = (
            link.get("kind").and_then(|k| k.as_str()),
            link.get("id").and_then(|i| i.as_str()),
        );
        if let (Some(kind), Some(id)) = target {
            for identity in identities
                .get(&(kind.to_string(), id.to_string()))
                .into_iter()
                .flatten()
            {
                out.push((key.to_string(), identity.clone(), true));
            }
        }
    }
}
