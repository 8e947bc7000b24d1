//! Minifies a theme's templates once, when they are loaded, rather than every page they render.
//!
//! A page's bytes are mostly record text, which tera has already escaped and which no minifier
//! shortens; what minifying removes comes from the template: line breaks and indentation
//! between tags, quotes around attribute values. Removing them from the template's literal
//! HTML costs a few milliseconds per build instead of a parse of every page (on the 10k corpus,
//! minifying 13,000 pages took a quarter of the build).
//!
//! Only what cannot change what a reader sees or a parser builds is removed, and tera syntax
//! (`{{ }}`, `{% %}`, `{# #}`, raw blocks) is copied as written, wherever it stands:
//! - a whitespace run in text next to the start or end tag of an element that is laid out as a
//!   block (`<li>`, `</p>`, `<meta>`) is dropped: a browser does not render whitespace at a
//!   line's edges. Any other run becomes one space, which renders the same;
//! - the content of `pre`, `textarea`, `code`, `script` and `style`, comments, and anything
//!   the reader does not recognise as a tag are copied as written;
//! - inside a tag, whitespace runs become one space, and a literal attribute value loses its
//!   quotes when nothing in it needs them and whitespace or `>` follows it.
//!
//! The tests check this against minify-html, which minified every page before: minifying a
//! page rendered from minified templates must give exactly what minifying the page rendered
//! from the original templates gives, so nothing dropped here was something it kept.

/// Elements whose boxes are blocks (or are not rendered at all, like the head's): whitespace
/// beside their tags is not rendered.
const BLOCK_ELEMENTS: &[&str] = &[
    "!doctype",
    "address",
    "article",
    "aside",
    "base",
    "blockquote",
    "body",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "meta",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements whose content is copied as written: whitespace in it is shown (`pre`, `textarea`,
/// `code`) or is not HTML text at all (`script`, `style`).
const VERBATIM_ELEMENTS: &[&str] = &["code", "pre", "script", "style", "textarea"];

/// One piece of a template, as the minifier sees it.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    /// HTML text between tags, whose whitespace may go.
    Text(&'a str),
    /// A tag as it will be written (already minified), and whether it is a block's.
    Tag { markup: String, block: bool },
    /// Copied as written: tera syntax, comments, verbatim element content.
    Verbatim(&'a str),
}

/// The template with the whitespace and quotes no reader needs removed from its HTML.
pub fn minify_template(source: &str) -> String {
    let pieces = pieces(source);
    let mut out = String::with_capacity(source.len());
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(text) => {
                let block_before =
                    index > 0 && matches!(pieces[index - 1], Piece::Tag { block: true, .. });
                let block_after =
                    matches!(pieces.get(index + 1), Some(Piece::Tag { block: true, .. }));
                push_text(&mut out, text, block_before, block_after);
            }
            Piece::Tag { markup, .. } => out.push_str(markup),
            Piece::Verbatim(text) => out.push_str(text),
        }
    }
    out
}

/// Appends text with each whitespace run as one space, and none at an edge beside a block.
fn push_text(out: &mut String, text: &str, block_before: bool, block_after: bool) {
    let mut words = text
        .split(is_html_space)
        .filter(|word| !word.is_empty())
        .peekable();
    let starts_with_space = text.starts_with(is_html_space);
    let ends_with_space = text.ends_with(is_html_space);
    if words.peek().is_none() {
        if !text.is_empty() && !block_before && !block_after {
            out.push(' ');
        }
        return;
    }
    if starts_with_space && !block_before {
        out.push(' ');
    }
    let mut first = true;
    for word in words {
        if !first {
            out.push(' ');
        }
        out.push_str(word);
        first = false;
    }
    if ends_with_space && !block_after {
        out.push(' ');
    }
}

/// HTML's whitespace: other Unicode spaces (an ideographic space in Japanese text) are
/// characters a reader sees.
fn is_html_space(c: char) -> bool {
    c.is_ascii() && is_html_space_byte(c as u8)
}

fn is_html_space_byte(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Splits a template into text, tags and verbatim pieces.
fn pieces(source: &str) -> Vec<Piece<'_>> {
    let bytes = source.as_bytes();
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    fn flush_text<'a>(pieces: &mut Vec<Piece<'a>>, source: &'a str, from: usize, to: usize) {
        if from < to {
            pieces.push(Piece::Text(&source[from..to]));
        }
    }
    while at < bytes.len() {
        if let Some(end) = tera_end(source, at) {
            flush_text(&mut pieces, source, text_start, at);
            let end = raw_block_end(source, at, end).unwrap_or(end);
            pieces.push(Piece::Verbatim(&source[at..end]));
            at = end;
            text_start = at;
            continue;
        }
        if bytes[at] != b'<' {
            at += 1;
            continue;
        }
        if source[at..].starts_with("<!--") {
            flush_text(&mut pieces, source, text_start, at);
            let end = source[at + 4..]
                .find("-->")
                .map_or(source.len(), |i| at + 4 + i + 3);
            pieces.push(Piece::Verbatim(&source[at..end]));
            at = end;
            text_start = at;
            continue;
        }
        let Some(Tag {
            name,
            closing,
            markup,
            end,
        }) = read_tag(source, at)
        else {
            at += 1;
            continue;
        };
        flush_text(&mut pieces, source, text_start, at);
        at = end;
        pieces.push(Piece::Tag {
            block: name.as_deref().is_some_and(|n| BLOCK_ELEMENTS.contains(&n)),
            markup,
        });
        if let Some(name) = name.filter(|n| !closing && VERBATIM_ELEMENTS.contains(&n.as_str())) {
            let end = verbatim_end(source, at, &name);
            pieces.push(Piece::Verbatim(&source[at..end]));
            at = end;
        }
        text_start = at;
    }
    flush_text(&mut pieces, source, text_start, bytes.len());
    pieces
}

/// Where the tera tag starting at `at` ends (just past `}}`, `%}` or `#}`), if one starts
/// there. String literals inside an expression may hold the closing characters.
fn tera_end(source: &str, at: usize) -> Option<usize> {
    let rest = &source.as_bytes()[at..];
    let close: &[u8] = match rest.get(..2)? {
        b"{{" => b"}}",
        b"{%" => b"%}",
        b"{#" => {
            return Some(
                source[at + 2..]
                    .find("#}")
                    .map_or(source.len(), |i| at + 2 + i + 2),
            )
        }
        _ => return None,
    };
    let mut i = 2;
    while i < rest.len() {
        match rest[i] {
            quote @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < rest.len() && rest[i] != quote {
                    i += 1;
                }
            }
            _ if rest[i..].starts_with(close) => return Some(at + i + 2),
            _ => {}
        }
        i += 1;
    }
    Some(source.len())
}

/// For `{% raw %}` at `at` (ending at `end`), where its `{% endraw %}` ends: what lies
/// between is output as written, so it is copied as written.
fn raw_block_end(source: &str, at: usize, end: usize) -> Option<usize> {
    if statement_word(&source[at..end]) != Some("raw") {
        return None;
    }
    let mut from = end;
    while let Some(offset) = source[from..].find("{%") {
        let start = from + offset;
        let close = tera_end(source, start)?;
        if statement_word(&source[start..close]) == Some("endraw") {
            return Some(close);
        }
        from = close;
    }
    Some(source.len())
}

/// The word of a statement tag such as `{%- raw -%}`.
fn statement_word(tag: &str) -> Option<&str> {
    let inner = tag.strip_prefix("{%")?.strip_suffix("%}")?;
    let inner = inner
        .trim_start_matches(['-', '+'])
        .trim_end_matches(['-', '+'])
        .trim();
    (!inner.contains(char::is_whitespace)).then_some(inner)
}

/// Where the content of a verbatim element opened just before `at` ends: at its end tag, not
/// counting anything inside tera syntax.
fn verbatim_end(source: &str, mut at: usize, name: &str) -> usize {
    let bytes = source.as_bytes();
    while at < bytes.len() {
        if let Some(end) = tera_end(source, at) {
            at = end;
            continue;
        }
        if bytes[at] == b'<' && bytes.get(at + 1) == Some(&b'/') {
            let candidate = &source.as_bytes()[at + 2..];
            if candidate.len() >= name.len()
                && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            {
                return at;
            }
        }
        at += 1;
    }
    bytes.len()
}

struct Tag {
    /// Lowercase, when the name is written out (`<h{{ level }}>` has none the minifier knows).
    name: Option<String>,
    closing: bool,
    markup: String,
    end: usize,
}

/// Reads the tag starting at `at`, if a tag starts there: `<` and a letter, `</` and a letter,
/// or a doctype. Returns `None` when the template ends inside it.
fn read_tag(source: &str, at: usize) -> Option<Tag> {
    let bytes = source.as_bytes();
    let closing = bytes.get(at + 1) == Some(&b'/');
    let name_start = at + 1 + usize::from(closing);
    let first = *bytes.get(name_start)?;
    let doctype = !closing
        && source
            .get(name_start..name_start + 8)
            .is_some_and(|s| s.eq_ignore_ascii_case("!doctype"));
    if !(first.is_ascii_alphabetic() || doctype) {
        return None;
    }
    let mut name_end = name_start + 1;
    while name_end < bytes.len()
        && (bytes[name_end].is_ascii_alphanumeric() || bytes[name_end] == b'-')
    {
        name_end += 1;
    }
    let name_is_whole = !source[name_end..].starts_with('{');
    let name = name_is_whole.then(|| source[name_start..name_end].to_ascii_lowercase());

    let mut markup = String::with_capacity(64);
    markup.push_str(&source[at..name_end]);
    let mut i = name_end;
    while i < bytes.len() {
        if let Some(end) = tera_end(source, i) {
            markup.push_str(&source[i..end]);
            i = end;
            continue;
        }
        match bytes[i] {
            b'>' => {
                markup.push('>');
                return Some(Tag {
                    name,
                    closing,
                    markup,
                    end: i + 1,
                });
            }
            byte if is_html_space_byte(byte) => {
                while i < bytes.len() && is_html_space_byte(bytes[i]) {
                    i += 1;
                }
                markup.push(' ');
            }
            b'=' if matches!(bytes.get(i + 1), Some(b'"' | b'\'')) => {
                let quote = bytes[i + 1];
                let value_start = i + 2;
                let mut j = value_start;
                let mut literal = true;
                while j < bytes.len() && bytes[j] != quote {
                    if let Some(end) = tera_end(source, j) {
                        literal = false;
                        j = end;
                    } else {
                        j += 1;
                    }
                }
                if j >= bytes.len() {
                    return None;
                }
                let value = &source[value_start..j];
                let followed_by_end = bytes
                    .get(j + 1)
                    .is_some_and(|&next| next == b'>' || is_html_space_byte(next));
                markup.push('=');
                if literal && followed_by_end && unquoted_is_safe(value) {
                    markup.push_str(value);
                } else {
                    markup.push_str(&source[i + 1..=j]);
                }
                i = j + 1;
            }
            _ => {
                let next = source[i..].chars().next().expect("inside the source");
                markup.push(next);
                i += next.len_utf8();
            }
        }
    }
    None
}

/// Whether an attribute value reads the same without quotes: not empty, and none of the
/// characters that end or change an unquoted value. `&` is kept quoted so a character
/// reference reads exactly as it did.
fn unquoted_is_safe(value: &str) -> bool {
    !value.is_empty()
        && !value.contains(|c: char| {
            is_html_space(c) || matches!(c, '"' | '\'' | '=' | '<' | '>' | '`' | '&' | '{' | '}')
        })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::minify_template;

    #[test]
    fn whitespace_beside_a_block_goes_and_other_runs_become_one_space() {
        assert_eq!(
            minify_template(
                "<ul>\n  <li>\n    <a href=\"x\">a</a>\n    <a href=\"y\">b</a>\n  </li>\n</ul>\n"
            ),
            "<ul><li><a href=x>a</a> <a href=y>b</a></li></ul>"
        );
        assert_eq!(
            minify_template("<p>一つ目の\n   文。 <strong>強調</strong>\n</p>"),
            "<p>一つ目の 文。 <strong>強調</strong></p>"
        );
        // An ideographic space is text.
        assert_eq!(
            minify_template("<p>\u{3000}字下げ</p>"),
            "<p>\u{3000}字下げ</p>"
        );
    }

    #[test]
    fn tera_syntax_is_copied_as_written_wherever_it_stands() {
        let source = "<a href=\"{{ root }}{{ p.path }}\"\n  {%- if here == \"a > b\" %} aria-current=\"page\"{% endif %}>{{ p.title }}</a>\n{# a comment with \"quotes\" and <tags> #}\n<h{{ level }} class=\"t\">x</h{{ level }}>";
        let out = minify_template(source);
        for tera in [
            "{{ root }}{{ p.path }}",
            "{%- if here == \"a > b\" %}",
            "{% endif %}",
            "{# a comment with \"quotes\" and <tags> #}",
            "<h{{ level }}",
            "</h{{ level }}>",
        ] {
            assert!(out.contains(tera), "{tera} in {out}");
        }
        // A value followed by tera syntax keeps its quotes: what follows could be a name.
        assert!(out.contains("aria-current=\"page\"{% endif %}"), "{out}");
        assert!(out.contains("class=t>"), "{out}");
    }

    #[test]
    fn raw_blocks_comments_and_verbatim_elements_are_untouched() {
        for source in [
            "<pre>\n  two  spaces\n</pre>",
            "<textarea>\n a\n</textarea>",
            "<p>x <code>a  b</code> y</p>",
            "<script>\n  if (a < b) { x = \"  \"; }\n</script>",
            "<style>\n  p  { margin: 0 }\n</style>",
            "<!--  a  comment  -->",
            "{% raw %}\n  <li>  {{ kept }}  </li>\n{% endraw %}",
        ] {
            assert_eq!(minify_template(source), source);
        }
    }

    #[test]
    fn quotes_stay_where_a_value_needs_them() {
        assert_eq!(
            minify_template("<a class=\"a b\" title='x=y' data-e=\"\" href=\"a&amp;b\" id=\"k\">"),
            "<a class=\"a b\" title='x=y' data-e=\"\" href=\"a&amp;b\" id=k>"
        );
        // `/>` after an unquoted value would join the value.
        assert_eq!(
            minify_template("<img src=\"x.png\" alt=\"\"/>"),
            "<img src=x.png alt=\"\"/>"
        );
        assert_eq!(minify_template("<img alt=\"x\"/>"), "<img alt=\"x\"/>");
    }

    /// What the minifier may remove: HTML whitespace and attribute quotes.
    fn without_spaces_and_quotes(text: &str) -> String {
        text.chars()
            .filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '"' | '\''))
            .collect()
    }

    proptest! {
        #[test]
        fn only_whitespace_and_quotes_are_removed_and_minifying_again_changes_nothing(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("<li>"), Just("</li>"), Just("<span class=\"a\">"), Just("</span>"), Just("<a href=\"{{ u }}\" id=\"x\">"),
                    Just("<pre>"), Just("</pre>"), Just("<script>"), Just("</script>"), Just("{% if a %}"), Just("{% endif %}"),
                    Just("{{ \"}}\" }}"), Just("{% raw %}"), Just("{% endraw %}"), Just("<!--"), Just("-->"), Just("<"), Just(">"),
                    Just(" "), Just("\n  "), Just("語"), Just("a"), Just("\""), Just("="), Just("<p title='t'>"), Just("{#"), Just("#}"),
                ],
                0..24,
            )
        ) {
            let source: String = pieces.concat();
            let once = minify_template(&source);
            prop_assert_eq!(without_spaces_and_quotes(&once), without_spaces_and_quotes(&source));
            prop_assert_eq!(minify_template(&once), once.clone());
        }
    }
}
