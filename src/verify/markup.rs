//! What the leak scan reads of an HTML or XML document, and the links the link check follows,
//! from one pass over its bytes.
//!
//! The view holds every byte of the document in some form, so that one scan of the view for
//! the needles (which come decoded and collapsed too, see `needles_for`) finds all a scan of
//! the bytes would, and more: text between tags with character
//! references decoded and whitespace runs collapsed, so a sentence split by `<strong>` or
//! written `&#39;` reads as one (the minifier re-encodes text in whatever form is shortest);
//! the text of `<script>` and `<style>` as written; and, each on its own after a
//! `SEGMENT_BREAK`, every tag as written, every attribute value decoded and collapsed, and
//! every comment as written.
//!
//! It follows the HTML tokenizer's rules where they decide what is text and what is markup
//! (what starts a tag, attribute quoting, comments, the elements whose content is raw text)
//! and leaves out what only matters to a browser's tree (script escape states, error
//! recovery): wherever it draws a line differently from a browser, the bytes on either side
//! still land in the view. Tests compare it with html5ever's tokenizer.

use std::borrow::Cow;

/// Separates attribute values, tags and comments from the text and from each other: no
/// needle holds it, so no match spans two segments.
pub const SEGMENT_BREAK: char = '\u{1}';

pub struct MarkupView {
    /// The text, then the segments.
    pub text: String,
    /// Values of `href`, `src` and `action` attributes, decoded.
    pub links: Vec<String>,
}

impl MarkupView {
    pub fn of(bytes: &[u8]) -> MarkupView {
        // Pages are UTF-8 but for a broken file a theme may bring. Checked with SIMD instructions
        // first (10k corpus: leak scan and link check 665 → 623 ms).
        let html = simdutf8::basic::from_utf8(bytes)
            .map_or_else(|_| String::from_utf8_lossy(bytes), Cow::Borrowed);
        let Reader {
            mut text,
            segments,
            links,
            ..
        } = Reader::read(&html);
        text.push_str(&segments);
        MarkupView { text, links }
    }
}

/// The text of `markup` as the view has it, without the segments: what a withheld text
/// written with tags in it becomes in a page where they were left as tags. `None` when the
/// markup ends inside a tag, comment or raw text element: cut out of a longer text (a
/// sentence ending at `?` inside a link), its text would be only part of what a page shows.
pub fn text_of(markup: &str) -> Option<String> {
    let reader = Reader::read(markup);
    (!reader.unfinished).then_some(reader.text)
}

struct Reader<'a> {
    html: &'a str,
    /// Byte offset of the next unread byte.
    at: usize,
    text: String,
    /// Whether `text` ends in a collapsed whitespace run.
    in_space: bool,
    segments: String,
    links: Vec<String>,
    /// Whether the input ended inside a tag, comment or raw text element.
    unfinished: bool,
}

/// Attributes whose values the link check follows.
const LINK_ATTRIBUTES: [&str; 3] = ["href", "src", "action"];

/// Elements whose content is text up to their end tag: raw, or with character references
/// decoded (`title`, `textarea`).
fn raw_text_kind(name: &str) -> Option<RawText> {
    match name {
        "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawText::AsWritten),
        "title" | "textarea" => Some(RawText::Decoded),
        "plaintext" => Some(RawText::ToTheEnd),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RawText {
    AsWritten,
    Decoded,
    ToTheEnd,
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

impl<'a> Reader<'a> {
    fn read(html: &'a str) -> Reader<'a> {
        let mut reader = Reader {
            html,
            at: 0,
            text: String::with_capacity(html.len()),
            in_space: false,
            segments: String::new(),
            links: Vec::new(),
            unfinished: false,
        };
        reader.read_all();
        reader
    }

    fn read_all(&mut self) {
        let html = self.html;
        let bytes = html.as_bytes();
        while self.at < bytes.len() {
            let Some(offset) = memchr::memchr(b'<', &bytes[self.at..]) else {
                self.push_decoded_text(self.at, bytes.len());
                break;
            };
            let lt = self.at + offset;
            self.push_decoded_text(self.at, lt);
            let next = bytes.get(lt + 1).copied();
            let after = bytes.get(lt + 2).copied();
            self.at = match (next, after) {
                (Some(b'!'), _) if bytes[lt..].starts_with(b"<!--") => self.comment(lt),
                (Some(b'!'), _) => self.bogus_comment(lt + 2),
                (Some(b'?'), _) => self.bogus_comment(lt + 1),
                (Some(b'/'), Some(b'>')) => lt + 3,
                (Some(b'/'), Some(c)) if c.is_ascii_alphabetic() => self.tag(lt, true),
                (Some(b'/'), Some(_)) => self.bogus_comment(lt + 2),
                (Some(c), _) if c.is_ascii_alphabetic() => self.tag(lt, false),
                // `<` that starts nothing is text.
                _ => {
                    self.push_text("<");
                    lt + 1
                }
            };
        }
    }

    fn push_text(&mut self, text: &str) {
        super::push_collapsed(&mut self.text, text, &mut self.in_space);
    }

    fn push_decoded_text(&mut self, start: usize, end: usize) {
        if start < end {
            let decoded = htmlize::unescape(&self.html[start..end]);
            self.push_text(&decoded);
        }
    }

    /// A segment as written and, where whitespace runs make a difference, collapsed too: the
    /// page's bytes and a reader's eye each have one.
    fn push_segment(&mut self, segment: &str) {
        self.segments.push(SEGMENT_BREAK);
        self.segments.push_str(segment);
        self.push_collapsed_copy(segment);
    }

    /// `text` with its whitespace runs collapsed, as a segment, unless that is `text` itself.
    fn push_collapsed_copy(&mut self, text: &str) {
        let mut previous_space = false;
        let collapsible = text.chars().any(|c| {
            let space = c.is_whitespace();
            let collapsible = space && (c != ' ' || previous_space);
            previous_space = space;
            collapsible
        });
        if collapsible {
            self.segments.push(SEGMENT_BREAK);
            super::push_collapsed(&mut self.segments, text, &mut false);
        }
    }

    /// `<!--` … `-->` (or `--!>`, or the end); `<!-->` and `<!--->` are empty comments.
    fn comment(&mut self, lt: usize) -> usize {
        let html = self.html;
        let bytes = html.as_bytes();
        let body = lt + 4;
        if bytes[body..].starts_with(b">") {
            return body + 1;
        }
        if bytes[body..].starts_with(b"->") {
            return body + 2;
        }
        let mut search = body;
        let (content_end, next) = loop {
            let Some(offset) = memchr::memmem::find(&bytes[search..], b"--") else {
                self.unfinished = true;
                break (bytes.len(), bytes.len());
            };
            let dashes = search + offset;
            if bytes[dashes + 2..].starts_with(b">") {
                break (dashes, dashes + 3);
            }
            if bytes[dashes + 2..].starts_with(b"!>") {
                break (dashes, dashes + 4);
            }
            search = dashes + 1;
        };
        self.push_segment(&html[body..content_end]);
        next
    }

    /// `<!DOCTYPE …>`, `<![CDATA[…`, `<?…>`, `</…>` without a name: up to the first `>`.
    fn bogus_comment(&mut self, body: usize) -> usize {
        let html = self.html;
        let bytes = html.as_bytes();
        let end = memchr::memchr(b'>', &bytes[body..]).map_or_else(
            || {
                self.unfinished = true;
                bytes.len()
            },
            |offset| body + offset,
        );
        self.push_segment(&html[body..end]);
        (end + 1).min(bytes.len())
    }

    /// A start or end tag from its `<`; returns where reading goes on.
    fn tag(&mut self, lt: usize, is_end: bool) -> usize {
        let html = self.html;
        let bytes = html.as_bytes();
        let mut at = lt + if is_end { 2 } else { 1 };
        let name_start = at;
        while at < bytes.len() && !is_space(bytes[at]) && bytes[at] != b'/' && bytes[at] != b'>' {
            at += 1;
        }
        let name = html[name_start..at].to_ascii_lowercase();
        // A repeated attribute is dropped by browsers (the first one counts), so only the
        // first of each is a link; every value is read all the same.
        let mut links_seen = [false; LINK_ATTRIBUTES.len()];
        loop {
            while at < bytes.len() && (is_space(bytes[at]) || bytes[at] == b'/') {
                at += 1;
            }
            if at >= bytes.len() {
                self.unfinished = true;
                break;
            }
            if bytes[at] == b'>' {
                at += 1;
                break;
            }
            // A name may start with `=`, which is then part of it.
            let attribute_start = at;
            at += 1;
            while at < bytes.len()
                && !is_space(bytes[at])
                && !matches!(bytes[at], b'/' | b'>' | b'=')
            {
                at += 1;
            }
            let attribute = &html[attribute_start..at];
            while at < bytes.len() && is_space(bytes[at]) {
                at += 1;
            }
            let value = if bytes.get(at) == Some(&b'=') {
                at += 1;
                while at < bytes.len() && is_space(bytes[at]) {
                    at += 1;
                }
                let written = match bytes.get(at) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let start = at + 1;
                        let end = memchr::memchr(quote, &bytes[start..])
                            .map_or(bytes.len(), |offset| start + offset);
                        at = (end + 1).min(bytes.len());
                        &html[start..end]
                    }
                    _ => {
                        let start = at;
                        while at < bytes.len() && !is_space(bytes[at]) && bytes[at] != b'>' {
                            at += 1;
                        }
                        &html[start..at]
                    }
                };
                htmlize::unescape_attribute(written)
            } else {
                Cow::Borrowed("")
            };
            if let Some(link) = LINK_ATTRIBUTES
                .iter()
                .position(|link| attribute.eq_ignore_ascii_case(link))
            {
                if !std::mem::replace(&mut links_seen[link], true) {
                    self.links.push(value.to_string());
                }
            }
            // A value without character references is in the tag as written (and collapsed,
            // below), so only a decoded one needs a segment of its own.
            if let Cow::Owned(decoded) = value {
                self.segments.push(SEGMENT_BREAK);
                super::push_collapsed(&mut self.segments, &decoded, &mut false);
            }
        }
        self.push_segment(&html[lt..at]);
        match (is_end, raw_text_kind(&name)) {
            (false, Some(kind)) => self.raw_text(at, &name, kind),
            _ => at,
        }
    }

    /// The content of a raw text element from `start` up to its end tag, which is read next.
    fn raw_text(&mut self, start: usize, name: &str, kind: RawText) -> usize {
        let html = self.html;
        let bytes = html.as_bytes();
        let end = if kind == RawText::ToTheEnd {
            bytes.len()
        } else {
            end_tag(bytes, start, name)
        };
        self.unfinished |= end == bytes.len();
        if kind == RawText::Decoded {
            self.push_decoded_text(start, end);
        } else {
            // As written, whitespace too: a needle in an escaped form (JSON in a structured
            // data script) keeps its spaces.
            let content = &html[start..end];
            if !content.is_empty() {
                self.text.push_str(content);
                self.in_space = content.ends_with(char::is_whitespace);
                self.push_collapsed_copy(content);
            }
        }
        end
    }
}

/// Where `</name` followed by whitespace, `/` or `>` starts, from `start`; or the end.
fn end_tag(bytes: &[u8], start: usize, name: &str) -> usize {
    let mut at = start;
    while let Some(offset) = memchr::memmem::find(&bytes[at..], b"</") {
        let candidate = at + offset;
        let name_end = candidate + 2 + name.len();
        let closes = bytes
            .get(candidate + 2..name_end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && bytes
                .get(name_end)
                .is_none_or(|&b| is_space(b) || b == b'/' || b == b'>');
        if closes {
            return candidate;
        }
        at = candidate + 2;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::states::RawKind;
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };
    use proptest::prelude::*;

    use super::*;
    use crate::verify::collapse_whitespace;

    /// html5ever's tokenizer, told about raw text elements as its tree builder would tell it:
    /// the text (collapsed), each attribute value and comment (collapsed), the links.
    fn reference(html: &str) -> (String, Vec<String>, Vec<String>) {
        #[derive(Default)]
        struct Sink {
            text: RefCell<String>,
            segments: RefCell<Vec<String>>,
            links: RefCell<Vec<String>>,
        }
        impl TokenSink for Sink {
            type Handle = ();
            fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
                match token {
                    Token::CharacterTokens(text) => self.text.borrow_mut().push_str(&text),
                    Token::CommentToken(text) => {
                        self.segments.borrow_mut().push(collapse_whitespace(&text))
                    }
                    Token::TagToken(tag) => {
                        self.segments
                            .borrow_mut()
                            .extend(tag.attrs.iter().map(|a| collapse_whitespace(&a.value)));
                        let is_link = |a: &&html5ever::Attribute| {
                            matches!(&*a.name.local, "href" | "src" | "action")
                        };
                        self.links.borrow_mut().extend(
                            tag.attrs
                                .iter()
                                .filter(is_link)
                                .map(|a| a.value.to_string()),
                        );
                        if tag.kind == TagKind::StartTag {
                            let raw = match &*tag.name {
                                "script" => Some(RawKind::ScriptData),
                                "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                                    Some(RawKind::Rawtext)
                                }
                                "title" | "textarea" => Some(RawKind::Rcdata),
                                _ => None,
                            };
                            if let Some(kind) = raw {
                                return TokenSinkResult::RawData(kind);
                            }
                        }
                    }
                    _ => {}
                }
                TokenSinkResult::Continue
            }
        }
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(html));
        let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        let sink = tokenizer.sink;
        (
            collapse_whitespace(&sink.text.into_inner()),
            sink.segments.into_inner(),
            sink.links.into_inner(),
        )
    }

    /// Pieces of pages as kanmin and custom themes write them, and of broken markup.
    const PIECES: &[&str] = &[
        "独自の需要予測",
        "秘密",
        "R&amp;D",
        "&#39;",
        "&#x27;",
        "&copy;",
        "&amp;lt;",
        "&notit;",
        "&",
        " ",
        "  ",
        "\n",
        "\t",
        "<",
        ">",
        "a",
        "=",
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<br>",
        "<br/>",
        "<a href=x/>",
        "<a href='y z'>",
        "<a href=\"q&amp;r\">",
        "</a>",
        "<a title=\"<i>\" href=&quot;q>",
        "<img src=a.png alt='a&amp;b'>",
        "<x y=\"1\" z>",
        "<div\n class=a\n>",
        "<P CLASS=B>",
        "<a =x href=y>",
        "<a href = 'sp' >",
        "<a href=first HREF=second>",
        "<a href href=late>",
        "<input value=>",
        "<e a=\"unterminated",
        "<e a='",
        "<e",
        "<script>",
        "</script>",
        "<SCRIPT type=application/ld+json>",
        "</script >",
        "</scripts>",
        "<style>",
        "</style>",
        "<title>",
        "</title>",
        "<textarea>",
        "</textarea>",
        "<xmp>",
        "</xmp>",
        "<!-- c -->",
        "<!--",
        "-->",
        "<!-->",
        "<!--->",
        "<!---->",
        "<!-- a -- b --!>",
        "<!DOCTYPE html>",
        "<![CDATA[x>y]]>",
        "<?xml v?>",
        "</>",
        "</ x>",
        "</1>",
        "</",
        "<!",
        "<?",
        "-",
        "!",
    ];

    fn page() -> impl Strategy<Value = String> {
        pieces_of(PIECES.to_vec())
    }

    /// Pages whose scripts hold no `<!--`: there the tokenizer's script escape states (which
    /// this reader leaves out) may move a script's end. every_byte_lands_in_the_view covers
    /// those pages.
    fn page_without_escaped_scripts() -> impl Strategy<Value = String> {
        prop_oneof![
            pieces_of(
                PIECES
                    .iter()
                    .copied()
                    .filter(|p| !p.to_ascii_lowercase().contains("<script"))
                    .collect()
            ),
            pieces_of(
                PIECES
                    .iter()
                    .copied()
                    .filter(|p| !p.contains("<!"))
                    .collect()
            ),
        ]
    }

    fn pieces_of(pieces: Vec<&'static str>) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(pieces), 0..40)
            .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn reads_pages_as_html5ever_does(html in page_without_escaped_scripts()) {
            let (text, segments, links) = reference(&html);
            let view = MarkupView::of(html.as_bytes());
            prop_assert_eq!(collapse_whitespace(&Reader::read(&html).text), text);
            prop_assert_eq!(view.links, links);
            for segment in segments {
                prop_assert!(view.text.contains(&segment), "segment {:?} missing from {:?}", segment, view.text);
            }
        }

        #[test]
        fn every_byte_lands_in_the_view(html in page()) {
            // Each run of Japanese of the page, as written, is in the view: as text, in a
            // tag, in a comment or in raw text.
            let whole = MarkupView::of(html.as_bytes()).text;
            for word in html.split(|c: char| c.is_ascii()).filter(|w| !w.is_empty()) {
                prop_assert!(whole.contains(word), "{:?} missing", word);
            }
        }
    }

    /// Every page of the sample site, built here, as html5ever reads it; another built site
    /// with `KANMIN_VIEW_SITE=public cargo test --release pages_of_a_built_site`.
    #[test]
    fn pages_of_a_built_site_read_as_html5ever_reads_them() {
        let built = tempfile::tempdir().unwrap();
        let site = match std::env::var("KANMIN_VIEW_SITE") {
            Ok(site) => std::path::PathBuf::from(site),
            Err(_) => {
                let output = built.path().join("public");
                let date = crate::date::Date::parse("2026-09-21").unwrap();
                crate::build(
                    std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
                    &output,
                    date,
                )
                .expect("the sample site builds");
                output
            }
        };
        let mut pages = 0;
        for entry in walkdir::WalkDir::new(&site)
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.path().extension().is_some_and(|e| e == "html") {
                let html = std::fs::read_to_string(entry.path()).unwrap();
                let (text, segments, links) = reference(&html);
                let view = MarkupView::of(html.as_bytes());
                assert_eq!(
                    collapse_whitespace(&Reader::read(&html).text),
                    text,
                    "{}",
                    entry.path().display()
                );
                assert_eq!(view.links, links, "{}", entry.path().display());
                assert!(
                    segments.iter().all(|s| view.text.contains(s.as_str())),
                    "{}",
                    entry.path().display()
                );
                pages += 1;
            }
        }
        assert!(pages > 0);
    }

    #[test]
    fn text_and_segments() {
        let view = MarkupView::of("<p class='a  b' title='R&amp;D  z'>R&amp;D<!-- x  y --></p><script>var s = \"a  b\";</script>".as_bytes()).text;
        let parts: Vec<&str> = view.split(SEGMENT_BREAK).collect();
        assert_eq!(
            parts[0], "R&Dvar s = \"a  b\";",
            "text decoded, script as written"
        );
        assert!(
            parts.contains(&"<p class='a  b' title='R&amp;D  z'>") && parts.contains(&" x  y ")
        );
        // A decoded value has a segment; one as written is read in the tag, collapsed too.
        assert!(
            parts.contains(&"R&D z") && parts.contains(&"<p class='a b' title='R&amp;D z'>"),
            "{parts:?}"
        );
    }
}
