//! Markdown fields → safe HTML.
//!
//! Two layers: raw HTML in the source is turned into visible text before rendering (staff see
//! what they typed, nothing runs), then ammonia sanitises the result so that links can only
//! be web or mail links whatever pulldown-cmark produced.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .link_rel(Some("noopener noreferrer"))
            .add_tag_attributes("th", &["scope"])
            .rm_tags(&["img"]);
        builder
    })
}

/// Renders `source`, shifting headings so the highest becomes `<h{top_level}>` and the rest
/// keep their relative levels: a record's own `#` must not compete with the page's `<h1>`,
/// and text that starts at `##` must not skip a level under the page's section heading.
pub fn to_html(source: &str, top_level: u8) -> String {
    let events: Vec<Event> = Parser::new_ext(source, options()).collect();
    let highest = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let shift = i16::from(top_level.clamp(1, 6)) - i16::from(highest);
    let events = events.into_iter().map(|event| match event {
        // Raw HTML is shown as the text the author typed.
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shift_heading(level, shift),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => {
            Event::End(TagEnd::Heading(shift_heading(level, shift)))
        }
        // Images would load third-party content; show their description as a link instead.
        Event::Start(Tag::Image {
            dest_url,
            title,
            id,
            ..
        }) => Event::Start(Tag::Link {
            link_type: pulldown_cmark::LinkType::Inline,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, limit_nesting(drop_unsafe_links(events)));
    let clean = sanitizer().clean(&html).to_string();
    add_table_scopes(&clean)
}

/// Deeper than any text a person writes. The sanitiser's HTML tree builder spends time in
/// proportion to the depth on every element: 20,000 nested quotes or list items took seconds
/// and overflowed a thread's stack. Containers beyond this depth are dropped; their content
/// stays, flattened into the deepest kept container.
pub const MAX_NESTING: usize = 32;

fn limit_nesting<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut kept_open: Vec<bool> = Vec::new();
    let mut depth = 0;
    events.filter(move |event| match event {
        Event::Start(_) => {
            let keep = depth < MAX_NESTING;
            depth += usize::from(keep);
            kept_open.push(keep);
            keep
        }
        Event::End(_) => {
            let keep = kept_open.pop().unwrap_or(true);
            depth -= usize::from(keep);
            keep
        }
        _ => true,
    })
}

/// Schemes a link may have; a link to anything else (`javascript:`, `data:`) keeps its text
/// and loses its `<a>`: the sanitiser would drop only its `href`, leaving an anchor that
/// goes nowhere yet carries `rel` (invalid HTML).
const LINK_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

fn drop_unsafe_links<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    let mut kept_links: Vec<bool> = Vec::new();
    events.filter(move |event| match event {
        Event::Start(Tag::Link { dest_url, .. }) => {
            let keep = is_safe_link(dest_url);
            kept_links.push(keep);
            keep
        }
        Event::End(TagEnd::Link) => kept_links.pop().unwrap_or(true),
        _ => true,
    })
}

/// Reads the scheme as a URL parser does: ASCII tabs and line breaks anywhere and leading
/// control characters and spaces do not count. A link without a scheme is relative.
fn is_safe_link(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let scheme = &cleaned[..colon];
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        // A `:` after `/`, `?` or `#` belongs to a relative path or query.
        return scheme.contains(['/', '?', '#']);
    }
    LINK_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
}

/// Header cells of Markdown tables are column headers; saying so helps screen readers.
fn add_table_scopes(html: &str) -> String {
    if html.contains("<th>") {
        html.replace("<th>", "<th scope=\"col\">")
    } else {
        html.to_string()
    }
}

fn shift_heading(level: HeadingLevel, shift: i16) -> HeadingLevel {
    let n = (i16::from(level as u8) + shift).clamp(1, 6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}

/// The text a reader sees, without markup: for meta descriptions, snippets, the search index
/// and the leak scan's sentence list.
pub fn to_plain_text(source: &str) -> String {
    let mut text = String::with_capacity(source.len());
    for event in Parser::new_ext(source, options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow,
            ) => text.push('\n'),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// First `max_chars` characters of the plain text, on one line, with … when cut.
pub fn excerpt(source: &str, max_chars: usize) -> String {
    let plain = to_plain_text(source);
    let one_line: String = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = one_line.chars();
    let cut: String = chars.by_ref().take(max_chars).collect();
    if chars.next().is_some() {
        format!("{cut}…")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn raw_html_is_shown_not_run() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<b>x</b> <img src=x onerror=alert(1)>",
            2,
        );
        assert!(!html.contains("<script"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn only_web_links_survive() {
        let html = to_html(
            "[a](javascript:alert(1)) [b](https://example.org/) [c](data:text/html,x)",
            2,
        );
        assert!(!html.contains("javascript:"));
        assert!(!html.contains("data:"));
        assert!(html.contains("href=\"https://example.org/\""));
        assert!(html.contains("rel=\"noopener noreferrer\""));
    }

    #[test]
    fn a_link_that_loses_its_url_loses_its_anchor_and_keeps_its_text() {
        for source in [
            "[見守り](javascript:alert(1))",
            "[見守り](JaVa\tScript:alert(1))",
            "[見守り]( data:text/html,x)",
            "[見守り](vbscript:x)",
        ] {
            let html = to_html(source, 2);
            assert!(!html.contains("<a"), "{source}: {html}");
            assert!(html.contains("見守り"), "{source}: {html}");
        }
        assert!(to_html("[表](../themes/?q=a:b)", 2).contains("href=\"../themes/?q=a:b\""));
        assert!(to_html("[電話](tel:03-0000-0000)", 2).contains("href=\"tel:03-0000-0000\""));
    }

    #[test]
    fn headings_shift() {
        assert!(to_html("# 見出し", 3).contains("<h3>見出し</h3>"));
        assert!(to_html("## 上\n\n### 下", 3).contains("<h3>上</h3>\n<h4>下</h4>"));
        assert!(to_html("# a\n\n###### 深い", 3).contains("<h6>深い</h6>"));
    }

    #[test]
    fn tables_get_header_scope() {
        let html = to_html("| 項目 | 値 |\n|---|---|\n| a | 1 |", 2);
        assert!(html.contains("<th scope=\"col\">項目</th>"));
    }

    #[test]
    fn excerpt_cuts_on_characters() {
        assert_eq!(excerpt("**見守り**サービス", 3), "見守り…");
        assert_eq!(excerpt("短い", 10), "短い");
    }

    #[test]
    fn deep_nesting_is_flattened_quickly() {
        for (pattern, tag) in [
            ("> ", "<blockquote>"),
            ("1. ", "<ol>"),
            ("- ", "<ul>"),
            ("* > ", "<li>"),
        ] {
            let source = format!("{}深い", pattern.repeat(20_000));
            let start = std::time::Instant::now();
            let html = to_html(&source, 2);
            assert!(
                start.elapsed() < std::time::Duration::from_secs(5),
                "{pattern:?} took {:?}",
                start.elapsed()
            );
            assert!(html.matches(tag).count() <= MAX_NESTING, "{pattern:?}");
            assert!(html.contains("深い"));
        }
    }

    proptest! {
        #[test]
        fn no_live_markup_from_any_input(source in "\\PC{0,200}") {
            let html = to_html(&source, 2).to_ascii_lowercase();
            prop_assert!(!html.contains("<script"));
            prop_assert!(!html.contains("<iframe"));
            prop_assert!(!html.contains("javascript:"));
            // Text `<` is escaped, so every `<` left starts a real tag.
            for tag in html.split('<').skip(1) {
                let inside = tag.split('>').next().unwrap_or("");
                prop_assert!(!inside.contains(" on"), "event handler attribute in {}", html);
            }
        }

        #[test]
        fn injected_tags_are_inert(tag in "(script|iframe|object|style|svg)", body in "[a-z<>=\" ]{0,30}") {
            let source = format!("<{tag}>{body}</{tag}> text <{tag} onload=x>");
            let html = to_html(&source, 2).to_ascii_lowercase();
            let needle = format!("<{}", tag);
            prop_assert!(!html.contains(&needle));
        }
    }
}
