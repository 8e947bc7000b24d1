//! Any text as a Markdown field: rendering must not panic or hang, and the sanitised HTML
//! must never hold anything that runs.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FORBIDDEN_TAGS: [&str; 12] =
    ["script", "iframe", "object", "embed", "style", "svg", "math", "img", "form", "link", "meta", "base"];
const URL_ATTRIBUTES: [&str; 4] = ["href", "src", "action", "formaction"];

fuzz_target!(|data: &[u8]| {
    let Some((&level, bytes)) = data.split_first() else { return };
    let Ok(source) = std::str::from_utf8(bytes) else { return };
    let html = kanmin::text::markdown::to_html(source, level % 7);
    // Text `<` is escaped by the sanitiser, so every `<` left opens a real tag.
    for tag in html.split('<').skip(1) {
        let (name, attributes) = parse_tag(tag);
        assert!(!FORBIDDEN_TAGS.contains(&name.as_str()), "<{name}> survived sanitising: {html}");
        for (attribute, value) in attributes {
            assert!(!attribute.starts_with("on"), "event handler `{attribute}` in {html}");
            assert!(attribute != "style", "style attribute in {html}");
            if URL_ATTRIBUTES.contains(&attribute.as_str()) {
                let scheme = value.split([':', '/', '?', '#']).next().unwrap_or("");
                let has_scheme = value.contains(':') && !value.starts_with(['/', '?', '#']) && value.find(':') == Some(scheme.len());
                assert!(
                    !has_scheme || ["http", "https", "mailto", "tel"].contains(&scheme.to_ascii_lowercase().as_str()),
                    "{attribute}=\"{value}\" with a scheme other than web or mail links: {html}"
                );
            }
        }
    }
    let _ = kanmin::text::markdown::to_plain_text(source);
    let _ = kanmin::text::markdown::excerpt(source, 120);
});

/// Lower-case name and (lower-case name, raw value) attributes of the tag that `text` (what
/// follows a `<`) opens or closes.
fn parse_tag(text: &str) -> (String, Vec<(String, String)>) {
    let text = text.trim_start_matches('/');
    let name_end = text.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(text.len());
    let name = text[..name_end].to_ascii_lowercase();
    let mut rest = &text[name_end..];
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() || rest.starts_with('>') {
            break;
        }
        let end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>').unwrap_or(rest.len());
        let attribute = rest[..end].to_ascii_lowercase();
        rest = &rest[end..];
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let (raw, remaining) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(quote).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let close = after.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(after.len());
                    (&after[..close], &after[close..])
                }
            };
            value = raw.replace("&amp;", "&");
            rest = remaining;
        }
        attributes.push((attribute, value));
    }
    (name, attributes)
}
