//! Validate and link: rules that span fields or records, checked after every file parsed.
//! All problems are collected, each located in its file through `content::spans`.

use kanmin_messages::t;
use std::collections::HashSet;

use crate::model::{self as raw, Content, Source};
use crate::spans;
use kanmin_public::date::Date;
use kanmin_public::diagnostics::{Diagnostic, Diagnostics};
use kanmin_public::protectable::check_protected_path;
use kanmin_public::RecordKind;

/// The guideline's cap on the ward's share of a demonstration (実証実験提案制度), from FY2026.
pub const DEMONSTRATION_CAP_YEN: u64 = 1_000_000;
pub const DEMONSTRATION_CAP_FROM_FY: i32 = 2026;
/// 10兆円: far above any ward's whole budget, so larger amounts are typing errors; it also keeps
/// totals over every record inside the integer range of statistics and open data.
pub const MAX_YEN: u64 = 10_000_000_000_000;

struct Checker<'a> {
    source: &'a Source,
    diagnostics: &'a mut Diagnostics,
}

impl Checker<'_> {
    fn error(&mut self, field: &str, message: impl Into<String>) {
        let mut diagnostic = Diagnostic::new(&self.source.path, field, message);
        if let Some((line, column)) = spans::locate(&self.source.text, field) {
            diagnostic = diagnostic.at(line, column);
        }
        self.diagnostics.push(diagnostic);
    }

    fn text(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.error(field, t!("check-empty"));
        }
    }

    fn url(&mut self, field: &str, value: &str) {
        if let Err(message) = check_url(value) {
            self.error(field, message);
        }
    }

    fn list(&mut self, field: &str, values: &[String]) {
        if values.is_empty() {
            self.error(field, t!("check-needs-entry"));
        }
        for (i, value) in values.iter().enumerate() {
            self.text(&format!("{field}[{i}]"), value);
        }
    }

    fn organisation(&mut self, field: &str, org: &raw::Organisation) {
        self.text(&format!("{field}.name"), &org.name);
        if let Some(name) = &org.name_en {
            self.text(&format!("{field}.name_en"), name);
        }
        if let Some(number) = &org.corporate_number {
            if let Err(message) = check_corporate_number(number) {
                self.error(&format!("{field}.corporate_number"), message);
            }
        }
        if let Some(url) = &org.url {
            self.url(&format!("{field}.url"), url);
        }
    }

    /// An `en:` block: no empty text, and no translation of a field the record leaves out,
    /// which no page would show (and disclosure could not tie to a protected field).
    fn translations<'t>(
        &mut self,
        texts: impl Iterator<Item = (&'static str, &'t String)>,
        has_japanese: impl Fn(&str) -> bool,
    ) {
        for (field, text) in texts {
            let path = format!("en.{field}");
            self.text(&path, text);
            if !has_japanese(field) {
                self.error(
                    &path,
                    format!("translates `{field}`, which the record does not have"),
                );
            }
        }
    }

    fn documents(&mut self, documents: &[raw::Document]) {
        for (i, doc) in documents.iter().enumerate() {
            self.text(&format!("documents[{i}].title"), &doc.title);
            self.url(&format!("documents[{i}].url"), &doc.url);
        }
    }

    fn sdgs(&mut self, sdgs: &[u8]) {
        for (i, goal) in sdgs.iter().enumerate() {
            if !(1..=17).contains(goal) {
                self.error(&format!("sdgs[{i}]"), t!("check-sdg-range", goal = *goal));
            }
        }
    }

    fn order(&mut self, field: &str, earlier: Option<Date>, later: Option<Date>, what: &str) {
        if let (Some(a), Some(b)) = (earlier, later) {
            if b < a {
                self.error(
                    field,
                    t!(
                        "check-date-order",
                        later = b.iso(),
                        earlier = a.iso(),
                        rule = what
                    ),
                );
            }
        }
    }

    fn link(&mut self, field: &str, id: &Option<String>, kind: RecordKind, known: &HashSet<&str>) {
        if let Some(id) = id {
            self.link_one(field, id, kind, known);
        }
    }

    fn link_one(&mut self, field: &str, id: &str, kind: RecordKind, known: &HashSet<&str>) {
        if !known.contains(id) {
            self.error(
                field,
                t!(
                    "check-no-such-record",
                    kind = kind_name(kind),
                    id = id,
                    folder = kind.folder()
                ),
            );
        }
    }

    fn protected(
        &mut self,
        kind: RecordKind,
        disclosure: &Option<raw::Disclosure>,
        lists: &[(&str, usize)],
    ) {
        let Some(disclosure) = disclosure else { return };
        for (i, path) in disclosure.protected.iter().enumerate() {
            if let Err(message) = check_protected_path(kind, path, lists) {
                self.error(&format!("disclosure.protected[{i}]"), message);
            }
        }
        self.order(
            "disclosure.until",
            disclosure.reviewed_on,
            disclosure.until,
            &t!("order-protection"),
        );
        if let Some(reason) = &disclosure.reason {
            self.text("disclosure.reason", reason);
        }
        for (i, entry) in disclosure.also_public.iter().enumerate() {
            if entry.trim().is_empty() {
                self.error(
                    &format!("disclosure.also_public[{i}]"),
                    t!("check-also-public-empty"),
                );
            }
        }
    }
}

fn kind_name(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Partnership => "partnership",
        RecordKind::Theme => "theme",
        RecordKind::Proposal => "proposal",
        RecordKind::Sounding => "sounding",
    }
}

/// Only web links may be published: `javascript:`, `data:` and relative paths are refused.
pub fn check_url(url: &str) -> Result<(), String> {
    let lower = url.trim().to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return Err(t!("check-url-scheme", url = url));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(t!("check-url-invalid", url = url));
    }
    Ok(())
}

/// 法人番号: 13 digits whose first digit is a check digit over the other twelve
/// (国税庁「法人番号の指定」: 9 − (Σ Pn×Qn mod 9), Qn = 1 for odd n, 2 for even n, counted
/// from the lowest digit).
pub fn check_corporate_number(number: &str) -> Result<(), String> {
    if number.len() != 13 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(t!("check-corporate-digits", number = number));
    }
    let digits: Vec<u32> = number.bytes().map(|b| u32::from(b - b'0')).collect();
    let expected = corporate_check_digit(&digits[1..]);
    if digits[0] == expected {
        Ok(())
    } else {
        Err(t!(
            "check-corporate-check-digit",
            number = number,
            expected = expected
        ))
    }
}

/// The check digit (the first digit) of a 法人番号 whose other twelve digits are `body`.
pub fn corporate_check_digit(body: &[u32]) -> u32 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { d * 2 })
        .sum();
    9 - sum % 9
}

/// 全国地方公共団体コード: five digits and a check digit (modulus 11, weights 6..2).
pub fn check_municipality_code(code: &str) -> Result<(), String> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(t!("check-municipality-digits", code = code));
    }
    let digits: Vec<u32> = code.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = digits[..5]
        .iter()
        .zip([6, 5, 4, 3, 2])
        .map(|(d, w)| d * w)
        .sum();
    let remainder = sum % 11;
    let expected = match remainder {
        0 => 1,
        1 => 0,
        r => 11 - r,
    } % 10;
    if digits[5] == expected {
        Ok(())
    } else {
        Err(t!(
            "check-municipality-check-digit",
            code = code,
            expected = expected
        ))
    }
}

/// Checks every cross-field and cross-record rule; Ok when the content may be published.
pub fn validate<'a>(content: &'a Content) -> Result<(), Diagnostics> {
    let mut diagnostics = content.load_errors.clone();
    // A file that failed to load still exists; links to it are not reported a second time.
    let ids = |folder: &str, parsed: Vec<&'a str>| -> HashSet<&'a str> {
        let failed = content
            .unparsed
            .iter()
            .filter(|(f, _)| *f == folder)
            .map(|(_, id)| id.as_str());
        parsed.into_iter().chain(failed).collect()
    };
    let partnership_ids = ids(
        "partnerships",
        content
            .partnerships
            .iter()
            .map(|(r, _)| r.id.as_str())
            .collect(),
    );
    let theme_ids = ids(
        "themes",
        content.themes.iter().map(|(r, _)| r.id.as_str()).collect(),
    );
    let proposal_ids = ids(
        "proposals",
        content
            .proposals
            .iter()
            .map(|(r, _)| r.id.as_str())
            .collect(),
    );
    let sounding_ids = ids(
        "soundings",
        content
            .soundings
            .iter()
            .map(|(r, _)| r.id.as_str())
            .collect(),
    );

    site(content, &mut diagnostics);

    for (p, source) in &content.partnerships {
        let mut c = Checker {
            source,
            diagnostics: &mut diagnostics,
        };
        c.text("title", &p.title);
        c.text("summary", &p.summary);
        if p.partners.is_empty() {
            c.error("partners", t!("check-needs-partner"));
        }
        for (i, org) in p.partners.iter().enumerate() {
            c.organisation(&format!("partners[{i}]"), org);
        }
        c.list("departments", &p.departments);
        c.link("theme", &p.theme, RecordKind::Theme, &theme_ids);
        c.link("proposal", &p.proposal, RecordKind::Proposal, &proposal_ids);
        c.link("sounding", &p.sounding, RecordKind::Sounding, &sounding_ids);
        c.sdgs(&p.sdgs);
        c.documents(&p.documents);
        if let Some(period) = &p.period {
            c.order(
                "period.end",
                Some(period.start),
                period.end,
                &t!("order-period"),
            );
        }
        if let Some(cost) = p.ward_cost_yen.filter(|&cost| cost > MAX_YEN) {
            c.error(
                "ward_cost_yen",
                t!("check-yen-too-large", cost = cost, max = MAX_YEN),
            );
        }
        if let Some(cost) = p.ward_cost_yen {
            let fiscal_year = p.concluded_on.fiscal_year();
            if p.demonstration
                && fiscal_year >= DEMONSTRATION_CAP_FROM_FY
                && cost > DEMONSTRATION_CAP_YEN
            {
                c.error(
                    "ward_cost_yen",
                    t!(
                        "check-demonstration-cap",
                        cost = cost,
                        cap = DEMONSTRATION_CAP_YEN,
                        from = DEMONSTRATION_CAP_FROM_FY,
                        year = fiscal_year
                    ),
                );
            }
        }
        for (i, kpi) in p.kpis.iter().enumerate() {
            c.text(&format!("kpis[{i}].name"), &kpi.name);
            for (field, value) in [("target", &kpi.target), ("actual", &kpi.actual)] {
                if let Some(raw::KpiValue::Number(n)) = value {
                    if !n.is_finite() {
                        c.error(
                            &format!("kpis[{i}].{field}"),
                            t!("check-not-a-usable-number", value = n.to_string()),
                        );
                    }
                }
            }
        }
        c.protected(
            RecordKind::Partnership,
            &p.disclosure,
            &[("partners", p.partners.len())],
        );
        if let Some(en) = &p.en {
            c.translations(en.texts(), |field| match field {
                "body" => p.body.is_some(),
                "outcomes" => p.outcomes.is_some(),
                _ => true,
            });
        }
    }

    for (t, source) in &content.themes {
        let mut c = Checker {
            source,
            diagnostics: &mut diagnostics,
        };
        c.text("title", &t.title);
        c.text("summary", &t.summary);
        c.text("issue", &t.issue);
        c.list("departments", &t.departments);
        c.order(
            "deadline",
            Some(t.open_from),
            Some(t.deadline),
            &t!("order-deadline"),
        );
        c.sdgs(&t.sdgs);
        c.documents(&t.documents);
        if let Some(en) = &t.en {
            c.translations(en.texts(), |field| match field {
                "existing_programs" => t.existing_programs.is_some(),
                "sustainability" => t.sustainability.is_some(),
                "expected" => t.expected.is_some(),
                _ => true,
            });
        }
    }

    for (p, source) in &content.proposals {
        let mut c = Checker {
            source,
            diagnostics: &mut diagnostics,
        };
        c.text("title", &p.title);
        c.text("summary", &p.summary);
        c.organisation("proposer", &p.proposer);
        c.list("departments", &p.departments);
        match (p.route, &p.theme) {
            (raw::ProposalRoute::Theme, None) => {
                c.error("theme", t!("check-theme-route-needs-theme"))
            }
            (raw::ProposalRoute::PrivateProposal, Some(_)) => {
                c.error("theme", t!("check-theme-only-for-theme-route"))
            }
            _ => c.link("theme", &p.theme, RecordKind::Theme, &theme_ids),
        }
        c.link(
            "partnership",
            &p.partnership,
            RecordKind::Partnership,
            &partnership_ids,
        );
        c.protected(RecordKind::Proposal, &p.disclosure, &[]);
        if let Some(en) = &p.en {
            c.translations(en.texts(), |field| field != "idea" || p.idea.is_some());
        }
    }

    for (s, source) in &content.soundings {
        let mut c = Checker {
            source,
            diagnostics: &mut diagnostics,
        };
        c.text("title", &s.title);
        c.text("summary", &s.summary);
        c.list("departments", &s.departments);
        for (i, org) in s.participants.iter().enumerate() {
            c.organisation(&format!("participants[{i}]"), org);
        }
        for (i, id) in s.partnerships.iter().enumerate() {
            c.link_one(
                &format!("partnerships[{i}]"),
                id,
                RecordKind::Partnership,
                &partnership_ids,
            );
        }
        c.order(
            "entry_deadline",
            Some(s.announced_on),
            s.entry_deadline,
            &t!("order-entry-deadline"),
        );
        c.order(
            "dialogue_to",
            s.dialogue_from,
            s.dialogue_to,
            &t!("order-dialogue"),
        );
        c.order(
            "results_on",
            s.dialogue_to.or(s.dialogue_from),
            s.results_on,
            &t!("order-results"),
        );
        if let Some(count) = s.participants_count {
            if (count as usize) < s.participants.len() {
                c.error(
                    "participants_count",
                    t!(
                        "check-participants-count",
                        count = count,
                        listed = s.participants.len()
                    ),
                );
            }
        }
        c.documents(&s.documents);
        c.protected(
            RecordKind::Sounding,
            &s.disclosure,
            &[("participants", s.participants.len())],
        );
        if let Some(en) = &s.en {
            c.translations(en.texts(), |field| match field {
                "purpose" => s.purpose.is_some(),
                "results" => s.results.is_some(),
                _ => true,
            });
        }
    }

    for (page, source) in &content.pages {
        let mut c = Checker {
            source,
            diagnostics: &mut diagnostics,
        };
        c.text("title", &page.title);
        if let Some(en) = &page.en {
            c.translations(en.texts(), |_| true);
        }
        if RESERVED_PAGE_IDS.contains(&page.id.as_str()) {
            c.error("", t!("check-reserved-page", id = page.id.as_str()));
        }
    }

    diagnostics.into_result(())
}

/// Top-level paths the generator writes; a page with one of these names would collide.
pub const RESERVED_PAGE_IDS: [&str; 12] = [
    "partnerships",
    "themes",
    "proposals",
    "soundings",
    "partners",
    "departments",
    "search",
    "data",
    "stats",
    "static",
    "feeds",
    // The English site.
    "en",
];

fn site(content: &Content, diagnostics: &mut Diagnostics) {
    let site = &content.site;
    let mut c = Checker {
        source: &content.site_source,
        diagnostics,
    };
    c.text("title", &site.title);
    c.url("base_url", &site.base_url);
    if let Err(message) = check_municipality_code(&site.municipality.code) {
        c.error("municipality.code", message);
    }
    if let Some(url) = &site.contact.url {
        c.url("contact.url", url);
    }
    if let Some(email) = &site.contact.email {
        let valid = email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty()
                && host.contains('.')
                && !email
                    .chars()
                    .any(|ch| ch.is_whitespace() || ch == '<' || ch == '>')
        });
        if !valid {
            c.error("contact.email", t!("check-email", email = email.as_str()));
        }
    }
    if let Some(editor) = &site.editor {
        if let Some(script) = &editor.script {
            c.url("editor.script", script);
        }
        if let Some(kanmin_public::LocalBackend::Url { url }) = &editor.local_backend {
            c.url("editor.local_backend.url", url);
        }
        if !editor.backend.contains_key("name") {
            c.error("editor.backend", t!("check-editor-backend-name"));
        }
    }
    if let Some(prefix) = &site.ocid_prefix {
        // OCDS prefixes are `ocds-` and six characters, as the registry assigns them.
        let rest = prefix.strip_prefix("ocds-").unwrap_or("");
        let valid = rest.len() == 6
            && rest
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit());
        if !valid {
            c.error(
                "ocid_prefix",
                t!("check-ocid-prefix", prefix = prefix.as_str()),
            );
        }
    }
    if let Some(theme) = &site.theme {
        if crate::check_id(theme).is_err() {
            c.error("theme", t!("check-theme-folder", theme = theme.as_str()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn corporate_numbers() {
        // 国税庁's published example.
        assert!(check_corporate_number("8700110005901").is_ok());
        assert!(check_corporate_number("7700110005901").is_err());
        assert!(check_corporate_number("870011000590").is_err());
        assert!(check_corporate_number("８７００１１０００５９０１").is_err());
    }

    #[test]
    fn municipality_codes() {
        assert!(check_municipality_code("131121").is_ok());
        assert!(check_municipality_code("131130").is_ok());
        assert!(check_municipality_code("131122").is_err());
        assert!(check_municipality_code("13112").is_err());
    }

    #[test]
    fn urls() {
        assert!(check_url("https://example.org/a?b#c").is_ok());
        assert!(check_url("HTTP://EXAMPLE.ORG").is_ok());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url(" javascript:alert(1)").is_err());
        assert!(check_url("data:text/html,x").is_err());
        assert!(check_url("/relative").is_err());
        assert!(check_url("https://").is_err());
        assert!(check_url("https://a b").is_err());
    }

    proptest! {
        #[test]
        fn exactly_one_check_digit_verifies(body in proptest::collection::vec(0u32..10, 12)) {
            let body_text: String = body.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
            let valid: Vec<u32> = (0..10).filter(|d| check_corporate_number(&format!("{d}{body_text}")).is_ok()).collect();
            prop_assert_eq!(valid.len(), 1);
        }

        #[test]
        fn only_web_schemes_pass(url in "\\PC*") {
            if check_url(&url).is_ok() {
                let lower = url.to_ascii_lowercase();
                prop_assert!(lower.starts_with("http://") || lower.starts_with("https://"));
            }
        }

        /// Addresses made of a scheme, a host and a rest: web addresses with a host and no
        /// blank pass whatever the case of the scheme; every other scheme, a missing host
        /// and a blank anywhere fail.
        #[test]
        fn web_addresses_pass_and_others_fail(
            scheme in prop::sample::select(vec![
                "https://", "http://", "HTTPS://", "Http://", "javascript:", "JavaScript:", "data:", "ftp://",
                "//", "", " https://", "https//",
            ]),
            host in "[a-z0-9.-]{0,12}",
            rest in "(/[\\PC]{0,20})?",
        ) {
            let url = format!("{scheme}{host}{rest}");
            let web_scheme = matches!(scheme.to_ascii_lowercase().as_str(), "https://" | "http://");
            let blank = url.chars().any(|c| c.is_whitespace() || c.is_control());
            prop_assert_eq!(check_url(&url).is_ok(), web_scheme && !host.is_empty() && !blank, "{}", url);
        }
    }
}
