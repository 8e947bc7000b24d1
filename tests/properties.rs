//! Property tests over the whole pipeline: what content says never becomes markup, and what
//! is withheld is found by the leak scan wherever and however it appears.

mod common;

use common::*;
use kanmin::disclose::WithheldText;
use kanmin::output::OutputFile;
use kanmin::verify::leak_scan;
use proptest::prelude::*;

/// Marker tag and attribute: if either is ever parsed as markup, content escaped its field.
const PROBE_TAG: &str = "kanmin-probe";
const PROBE_ATTRIBUTE: &str = "kanmin-attr";

/// Text with markup-significant characters and attempts to close a tag, an attribute, a
/// comment or a CDATA section and open a probe of its own.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "\\PC{0,12}",
        "[<>&\"'`=/ ]{1,6}",
        Just(format!("<{PROBE_TAG}>")),
        Just(format!("\"><{PROBE_TAG} x=1>")),
        Just(format!("' {PROBE_ATTRIBUTE}='1")),
        Just(format!("\" {PROBE_ATTRIBUTE}=\"1")),
        Just(format!("</title></script><{PROBE_TAG}>")),
        Just(format!("--><!]]><{PROBE_TAG}>")),
        Just(format!("&lt;{PROBE_TAG}&gt;")),
    ];
    proptest::collection::vec(piece, 1..6).prop_map(|pieces| format!("連携{}", pieces.concat()))
}

/// A project where every text field of every record kind holds `text`.
fn project_with(text: &str) -> Fixture {
    let t = yaml_string(text);
    // Texts inside lists become CSV cells joined by `;`, which validation refuses in them.
    let l = yaml_string(&text.replace(';', "；"));
    let site = Fixture::minimal();
    site.write(
        "content/site.yaml",
        &format!(
            "title: {t}\nbase_url: https://example.org/colab/\n\
             municipality: {{name: 世田谷区, prefecture: 東京都, code: \"131121\"}}\n\
             contact: {{name: {t}, department: {t}, email: colab@example.jp}}\ndescription: {t}\n"
        ),
    );
    site.write(
        "content/partnerships/p1.yaml",
        &format!(
            "title: {t}\nsummary: {t}\nbody: {t}\noutcomes: {t}\nstatus: active\npattern: introduce\n\
             route: theme\ntheme: t1\nagreement: agreement\nconcluded_on: 2026-05-01\n\
             partners: [{{name: {l}, kind: company, url: \"https://example.com/a?b=1&c=2\"}}]\n\
             departments: [{l}]\npolicy_areas: [{l}]\nkpis: [{{name: {l}, unit: {l}}}]\n\
             documents: [{{title: {l}, url: \"https://example.org/x.pdf\", kind: report}}]\n"
        ),
    );
    site.write(
        "content/themes/t1.yaml",
        &format!(
            "title: {t}\nsummary: {t}\ndepartments: [{l}]\nopen_from: 2026-10-01\ndeadline: 2026-12-31\n\
             issue: {t}\nexisting_programs: {t}\nsustainability: {t}\nexpected: {t}\npolicy_areas: [{l}]\n"
        ),
    );
    site.write(
        "content/proposals/q1.yaml",
        &format!(
            "title: {t}\nsummary: {t}\nreceived_on: 2026-06-01\nroute: theme\ntheme: t1\n\
             proposer: {{name: {t}, kind: npo}}\ndepartments: [{l}]\nstatus: adopted\nidea: {t}\n\
             disclosure: {{reviewed: true, reviewed_on: 2026-06-10}}\n"
        ),
    );
    site.write(
        "content/soundings/s1.yaml",
        &format!(
            "title: {t}\nsummary: {t}\ndepartments: [{l}]\npurpose: {t}\nannounced_on: 2026-04-01\n\
             participants: [{{name: {l}, kind: association}}]\nresults: {t}\n\
             disclosure: {{reviewed: true, reviewed_on: 2026-06-10}}\n"
        ),
    );
    site.write(
        "content/pages/info.md",
        &format!("---\ntitle: {t}\ndescription: {t}\n---\n{text}\n"),
    );
    site
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn content_text_never_becomes_markup(text in hostile_text()) {
        let site = project_with(&text);
        if let Err(err) = site.build() {
            panic!("build failed for {text:?}:\n{err}");
        }
        let files = site.output_files();
        let probes = scraper::Selector::parse(&format!("{PROBE_TAG}, [{PROBE_ATTRIBUTE}]")).expect("selector");
        prop_assert!(files.iter().filter(|(path, _)| path.ends_with(".html")).count() >= 8);
        for (path, bytes) in &files {
            if !path.ends_with(".html") {
                continue;
            }
            // Parsed as a browser parses it: text in <title> or in attribute values is no tag.
            let document = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
            let injected: Vec<String> = document.select(&probes).map(|e| e.html()).collect();
            prop_assert!(injected.is_empty(), "content became markup in {}: {:?}", path, injected);
        }
    }
}

// ---- leak scan ----

fn withheld(text: &str) -> WithheldText {
    WithheldText::new("proposal", "q1", "idea", text)
}

/// Characters of Japanese prose and of markup, with no sentence stop, so the withheld value
/// is one needle and "contains it" has one meaning.
const ALPHABET: &str = "[ぁ-んァ-ン一-龠a-zA-Z0-9<>&\"' 、・（）]";

fn secret() -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("{ALPHABET}{{10,40}}"))
        .expect("valid pattern")
        .prop_filter("≥10 characters once trimmed", |s| {
            s.trim().chars().count() >= 10
        })
}

fn filler() -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("{ALPHABET}{{0,60}}")).expect("valid pattern")
}

/// How tera writes text into HTML.
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// An HTML page as a minifier writes it: the scan must find a text however a page encodes it
/// (minify-html writes each character reference in its shortest form).
fn page(body: &str) -> OutputFile {
    let html = format!(
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>t</title></head><body>{body}</body></html>"
    );
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        ..minify_html::Cfg::default()
    };
    OutputFile::new(
        "partnerships/p1/index.html",
        minify_html::minify(html.as_bytes(), &cfg),
    )
}

fn json(value: &str) -> OutputFile {
    OutputFile::new(
        "data/proposals.json",
        format!("{{\"idea\":{}}}", serde_json::to_string(value).unwrap()),
    )
}

/// Splits at a character boundary chosen by `at` (0..1).
fn split_at_fraction(text: &str, at: f64) -> (&str, &str) {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let index = boundaries[((boundaries.len() - 1) as f64 * at) as usize];
    text.split_at(index)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn withheld_text_is_found_in_escaped_html(secret in secret(), before in filler(), after in filler()) {
        let text = format!("{before}{secret}{after}");
        let escaped = escape_html(&text);
        let item = withheld(&secret);
        prop_assert!(leak_scan(&[page(&format!("<p>{escaped}</p>"))], std::slice::from_ref(&item)).is_err(), "text: {}", text);
        let attribute = page(&format!("<p title=\"{escaped}\">x</p>"));
        prop_assert!(leak_scan(&[attribute], &[item]).is_err(), "attribute: {}", text);
    }

    #[test]
    fn withheld_text_is_found_through_markup(secret in secret(), before in filler(), after in filler(), at in 0.0f64..1.0) {
        let (head, tail) = split_at_fraction(&secret, at);
        let body = format!(
            "<p>{}<strong>{}</strong>{}</p>",
            escape_html(&format!("{before}{head}")),
            escape_html(tail),
            escape_html(&after)
        );
        prop_assert!(leak_scan(&[page(&body)], &[withheld(&secret)]).is_err(), "body: {}", body);
    }

    #[test]
    fn withheld_text_is_found_in_json(secret in secret(), before in filler(), after in filler()) {
        let file = json(&format!("{before}{secret}{after}"));
        prop_assert!(leak_scan(&[file], &[withheld(&secret)]).is_err());
    }

    #[test]
    fn text_without_the_withheld_value_passes(secret in secret(), text in filler()) {
        // The scans compare folded text (`matching::fold`): widths, case and spaces inside
        // Japanese text do not tell two texts apart.
        let fold = kanmin::text::matching::fold;
        let visible = |s: &str| fold(&kanmin::text::markdown::to_plain_text(s));
        prop_assume!(!fold(&text).contains(&fold(secret.trim())));
        prop_assume!(!fold(&text).contains(&visible(secret.trim())));
        let item = withheld(&secret);
        let html = page(&format!("<p>{}</p>", escape_html(&text)));
        prop_assert!(leak_scan(&[html, json(&text)], &[item]).is_ok(), "text: {}", text);
    }
}
