//! The searchable documents: one per published record, holding only what its page shows.
//! Built from `public::Site`, so withheld records and protected fields cannot enter the index.

use kanmin_public::date::Date;
use kanmin_public::Term;
use kanmin_public::{self as public, Disclosed, Organisation, RecordKind};
use kanmin_text::markdown;

/// Facet dimensions, in the order the search form shows them. The names are URL parameters.
pub const FACETS: [&str; 6] = ["kind", "status", "pattern", "route", "fy", "dept"];

#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub kind: RecordKind,
    pub path: String,
    /// Shown as the result's link text; ranked above the body.
    pub title: String,
    pub date: Date,
    pub departments: Vec<String>,
    /// Plain text of every other published field, one field per line.
    pub body: String,
    /// Plain text of the first published prose field (the summary): the result's snippet.
    pub lead: String,
    /// Published names of the partners, proposer or participants.
    pub organisations: Vec<String>,
    /// `(facet, value code)` pairs; a record may have several departments.
    pub facets: Vec<(&'static str, String)>,
}

impl SearchDoc {
    /// The text positions in the index refer to: normalised title, a line break, normalised
    /// body. A query term never contains whitespace, so no match crosses the break.
    pub fn indexed_text(&self) -> (Vec<char>, usize) {
        let title: Vec<char> = super::normalize(&self.title).chars().collect();
        let title_len = title.len();
        let mut text = title;
        text.push('\n');
        text.extend(super::normalize(&self.body).chars());
        (text, title_len)
    }
}

/// All published records, newest first: a document's id is its place in this order, so
/// ranking by date is ranking by id and the newest results share the first doc shards.
pub fn documents(site: &public::Site) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for p in &site.partnerships {
        let mut body = Body::default();
        body.markdown(p.summary.shown());
        body.markdown(p.body.shown().and_then(Option::as_ref));
        body.markdown(p.outcomes.shown().and_then(Option::as_ref));
        body.organisations(&p.partners);
        body.lines(&p.departments);
        body.lines(&p.policy_areas);
        let mut facets = common_facets(RecordKind::Partnership, p.fiscal_year, &p.departments);
        facets.push(("status", p.status.code().to_string()));
        facets.push(("pattern", p.pattern.code().to_string()));
        facets.push(("route", p.route.code().to_string()));
        docs.push(doc(
            RecordKind::Partnership,
            &p.path,
            &p.title,
            p.concluded_on,
            &p.departments,
            body,
            facets,
        ));
    }
    for t in &site.themes {
        let mut body = Body::default();
        body.markdown(Some(&t.summary));
        body.markdown(Some(&t.issue));
        for field in [&t.existing_programs, &t.sustainability, &t.expected] {
            body.markdown(field.as_ref());
        }
        body.lines(&t.departments);
        body.lines(&t.policy_areas);
        let mut facets =
            common_facets(RecordKind::Theme, t.open_from.fiscal_year(), &t.departments);
        facets.push(("status", t.status.code().to_string()));
        docs.push(doc(
            RecordKind::Theme,
            &t.path,
            &t.title,
            t.open_from,
            &t.departments,
            body,
            facets,
        ));
    }
    for p in &site.proposals {
        let mut body = Body::default();
        body.markdown(p.summary.shown());
        body.markdown(p.idea.shown().and_then(Option::as_ref));
        body.organisations(std::slice::from_ref(&p.proposer));
        body.lines(&p.departments);
        let mut facets = common_facets(RecordKind::Proposal, p.fiscal_year, &p.departments);
        facets.push(("status", p.status.code().to_string()));
        facets.push(("route", p.route.code().to_string()));
        let title = p.display_title.clone();
        docs.push(doc(
            RecordKind::Proposal,
            &p.path,
            &title,
            p.received_on,
            &p.departments,
            body,
            facets,
        ));
    }
    for s in &site.soundings {
        let mut body = Body::default();
        body.markdown(s.summary.shown());
        body.markdown(s.purpose.shown().and_then(Option::as_ref));
        body.markdown(s.results.shown().and_then(Option::as_ref));
        if let Disclosed::Shown(participants) = &s.participants {
            body.organisations(participants);
        }
        body.lines(&s.departments);
        let facets = common_facets(RecordKind::Sounding, s.fiscal_year, &s.departments);
        docs.push(doc(
            RecordKind::Sounding,
            &s.path,
            &s.title,
            s.announced_on,
            &s.departments,
            body,
            facets,
        ));
    }
    docs.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.path.cmp(&b.path))
    });
    docs
}

fn doc(
    kind: RecordKind,
    path: &str,
    title: &str,
    date: Date,
    departments: &[String],
    body: Body,
    facets: Vec<(&'static str, String)>,
) -> SearchDoc {
    SearchDoc {
        kind,
        path: path.to_string(),
        title: title.to_string(),
        date,
        departments: departments.to_vec(),
        body: body.lines.join("\n"),
        lead: body.lead.unwrap_or_default(),
        organisations: body.organisations,
        facets,
    }
}

fn common_facets(
    kind: RecordKind,
    fiscal_year: i32,
    departments: &[String],
) -> Vec<(&'static str, String)> {
    let mut facets = vec![
        ("kind", kind.code().to_string()),
        ("fy", fiscal_year.to_string()),
    ];
    facets.extend(departments.iter().map(|d| ("dept", d.clone())));
    facets
}

/// Published text, one field per line, whitespace inside a field collapsed.
#[derive(Default)]
struct Body {
    lines: Vec<String>,
    lead: Option<String>,
    organisations: Vec<String>,
}

impl Body {
    fn markdown(&mut self, source: Option<&String>) {
        if let Some(source) = source {
            let line = collapse(&markdown::to_plain_text(source));
            if self.lead.is_none() && !line.is_empty() {
                self.lead = Some(line.clone());
            }
            self.push_line(line);
        }
    }

    fn lines(&mut self, values: &[String]) {
        for value in values {
            self.push(value);
        }
    }

    fn organisations(&mut self, organisations: &[Organisation]) {
        for organisation in organisations {
            if let Some(name) = organisation.name.shown() {
                self.push(name);
                self.organisations.push(name.clone());
            }
        }
    }

    fn push(&mut self, text: &str) {
        self.push_line(collapse(text));
    }

    fn push_line(&mut self, line: String) {
        if !line.is_empty() {
            self.lines.push(line);
        }
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
