//! How a withheld text is recognised wherever it was written: the one comparison form both
//! leak scans use (the scan of the public fields before rendering, in `disclose::sources`,
//! and the scan of every output file after it, in `verify`), and the pieces of a withheld
//! value that are searched for.
//!
//! Text is pasted between records with its form changed: full-width and half-width letters
//! and kana, upper and lower case, NFD from macOS, a line re-wrapped in YAML, a zero-width
//! space or soft hyphen from a word processor, a URL percent-encoded by a browser. The scans
//! compare `fold`ed haystacks with `fold`ed needles, so all of these meet in one form.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use crate::normalize;

/// Shortest organisation identity (name, 法人番号, URL) or formatted amount searched for as
/// a whole: shorter names ("A社") occur in ordinary text too often to mean anything.
pub const MIN_IDENTITY_CHARS: usize = 4;
/// Shortest other whole value searched for.
pub const MIN_VALUE_CHARS: usize = 8;
/// Sentences of longer texts are searched for from this length, without the closing mark
/// (SCHEMA.md, Disclosure rule 4).
pub const MIN_SENTENCE_CHARS: usize = 10;

/// The comparison form: percent-escapes (`%E6%8F%90`) and backslash escapes (`\n`, `\"`,
/// `\u3042`: JSON, iCalendar) decoded, NFKC, lowercase, invisible characters (zero-width
/// characters, soft hyphens, byte-order marks, variation selectors) and ASCII double quotes
/// (CSV doubles them) removed, and whitespace removed, except one space where it stood between
/// two ASCII letters or digits: Japanese re-wrapped anywhere reads as one run, while English
/// words stay words ("as on yesterday" must not read as "sony").
pub fn fold(text: &str) -> String {
    let decoded = decode_escapes(text);
    let text = decoded.as_ref();
    let bytes = text.as_bytes();
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        pending_space: false,
        last_alphanumeric: false,
    };
    // As in `search::normalize`, most characters skip the NFKC algorithm: runs of characters
    // folding keeps as they are (kana, kanji, lowercase ASCII, Japanese punctuation: the
    // bulk of every page) are copied as slices, found by their UTF-8 bytes; characters with
    // a simple fold (capitals, spaces, full-width ASCII) are folded one by one; stretches of
    // other characters go through NFKC, with the character before them, which a combining
    // mark may join (か and U+3099 are が). The leak scan folds every output file.
    let mut run_start = 0;
    let mut last_in_run = 0;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(len) = kept_as_is_len(bytes, at) {
            last_in_run = at;
            at += len;
            continue;
        }
        let c = text[at..].chars().next().expect("at a character boundary");
        let simple = simple_fold(c).filter(|_| next_is_simple(text, at + c.len_utf8()));
        if let Some(simple) = simple {
            out.push_run(&text[run_start..at]);
            out.push(simple);
            at += c.len_utf8();
        } else {
            let stretch_start = if run_start < at && simple_fold(c).is_none() {
                last_in_run
            } else {
                at
            };
            out.push_run(&text[run_start..stretch_start]);
            let end = stretch_end(text, at);
            out.push_stretch(&text[stretch_start..end]);
            at = end;
        }
        run_start = at;
    }
    out.push_run(&text[run_start..]);
    out.text
}

/// The length of the character at `at` when folding keeps it as it is and it is one of the
/// bulk of every page: ASCII but capitals, space, `"` and controls; hiragana, katakana and
/// the basic CJK ideographs; 、。「」『』【】・ー.
fn kept_as_is_len(bytes: &[u8], at: usize) -> Option<usize> {
    let first = bytes[at];
    if first < 0x80 {
        return (first.is_ascii_graphic() && first != b'"' && !first.is_ascii_uppercase())
            .then_some(1);
    }
    if first & 0xf0 != 0xe0 {
        return None;
    }
    let code = (u32::from(first & 0x0f) << 12)
        | (u32::from(bytes[at + 1] & 0x3f) << 6)
        | u32::from(bytes[at + 2] & 0x3f);
    matches!(code, 0x3041..=0x3096 | 0x30a1..=0x30fa | 0x4e00..=0x9fff | 0x3001 | 0x3002 | 0x300c..=0x3011 | 0x30fb | 0x30fc)
        .then_some(3)
}

/// Whether the character at `at` (if any) has a simple fold: a character before it need
/// not go through NFKC with it.
fn next_is_simple(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_none_or(|next| simple_fold(next).is_some())
}

/// Where a stretch of characters that go through NFKC, starting at `at`, ends: before the
/// first character with a simple fold that is followed by another such character (or ends
/// the text).
fn stretch_end(text: &str, at: usize) -> usize {
    let mut end = at;
    for c in text[at..].chars() {
        let after = end + c.len_utf8();
        if end > at && simple_fold(c).is_some() && next_is_simple(text, after) {
            return end;
        }
        end = after;
    }
    end
}

/// What NFKC and lowercase make of a character when no combining mark follows it, for the
/// characters whose answer is simple: ASCII, kana, kanji (`normalize::is_stable`), the
/// Japanese punctuation NFKC keeps (、。「」『』【】・ー), full-width ASCII (its ASCII) and the
/// ideographic space. `None` for every other character. None of these composes with the
/// character before it.
fn simple_fold(c: char) -> Option<char> {
    if normalize::is_stable(c) {
        return Some(c.to_ascii_lowercase());
    }
    match c {
        '\u{3001}'
        | '\u{3002}'
        | '\u{300c}'..='\u{3011}'
        | '\u{30fb}'
        | '\u{30fc}'
        | '\n'
        | '\r'
        | '\t' => Some(c),
        '\u{3000}' => Some(' '),
        '\u{ff01}'..='\u{ff5e}' => {
            char::from_u32(c as u32 - 0xfee0).map(|ascii| ascii.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// The folded text as it is written, and what decides whether a space is kept.
struct Folded {
    text: String,
    pending_space: bool,
    last_alphanumeric: bool,
}

impl Folded {
    /// Characters that go through NFKC. The spacing sound marks (゛゜, typed by older input
    /// methods) read as the combining ones: ハ゜ is パ to a reader, while NFKC makes it ハ, a
    /// space and a loose mark.
    fn push_stretch(&mut self, stretch: &str) {
        let marks = stretch.chars().map(|c| match c {
            '\u{309b}' => '\u{3099}',
            '\u{309c}' => '\u{309a}',
            other => other,
        });
        marks
            .nfkc()
            .flat_map(char::to_lowercase)
            .for_each(|c| self.push(c));
    }

    /// A run of `is_kept_as_is` characters.
    fn push_run(&mut self, run: &str) {
        let (Some(first), Some(last)) = (run.chars().next(), run.chars().next_back()) else {
            return;
        };
        if self.pending_space && self.last_alphanumeric && first.is_ascii_alphanumeric() {
            self.text.push(' ');
        }
        self.pending_space = false;
        self.last_alphanumeric = last.is_ascii_alphanumeric();
        self.text.push_str(run);
    }

    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.pending_space = true;
            return;
        }
        if c == '"' || is_invisible(c) {
            return;
        }
        let alphanumeric = c.is_ascii_alphanumeric();
        if self.pending_space && self.last_alphanumeric && alphanumeric {
            self.text.push(' ');
        }
        self.pending_space = false;
        self.last_alphanumeric = alphanumeric;
        self.text.push(c);
    }
}

/// What a piece is searched for as, and the key an `also_public` entry and a piece are
/// compared by: folded, without the sentence's closing mark, which a paste may change
/// ("… forecast." quoted as "… forecast, as agreed").
pub fn needle(text: &str) -> String {
    let folded = fold(text);
    folded.trim_end_matches(SENTENCE_MARKS).to_string()
}

/// Marks that close a sentence, as `sentences` cuts them.
pub const SENTENCE_MARKS: [char; 7] = ['。', '．', '！', '？', '!', '?', '.'];

/// Default_Ignorable_Code_Point characters that editors and word processors insert and that
/// show as nothing (NFKC keeps them), and the blanks that show as a space without being
/// whitespace (the Braille blank, the Hangul fillers).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{2800}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}'
        | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}' | '\u{e0000}'..='\u{e0fff}')
}

/// `%XX` runs that spell UTF-8 become their characters; backslash escapes their character
/// (`\n`, `\r`, `\t` a space). Other text stays as written.
fn decode_escapes(text: &str) -> Cow<'_, str> {
    if !has_escape(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'%' => {
                let mut decoded = Vec::new();
                let mut end = at;
                while end + 2 < bytes.len() && bytes[end] == b'%' {
                    match (hex(bytes[end + 1]), hex(bytes[end + 2])) {
                        (Some(high), Some(low)) => decoded.push(high * 16 + low),
                        _ => break,
                    }
                    end += 3;
                }
                match std::str::from_utf8(&decoded) {
                    Ok(chars) if !decoded.is_empty() => {
                        out.push_str(chars);
                        at = end;
                    }
                    _ => {
                        out.push('%');
                        at += 1;
                    }
                }
            }
            b'\\' if at + 1 < bytes.len() => {
                let next = text[at + 1..].chars().next().expect("a character follows");
                match next {
                    'n' | 'r' | 't' => out.push(' '),
                    'u' if at + 6 <= bytes.len() => match text
                        .get(at + 2..at + 6)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                    {
                        Some(c) => {
                            out.push(c);
                            at += 6;
                            continue;
                        }
                        None => out.push('u'),
                    },
                    other => out.push(other),
                }
                at += 1 + next.len_utf8();
            }
            _ => {
                let c = text[at..].chars().next().expect("at a character boundary");
                out.push(c);
                at += c.len_utf8();
            }
        }
    }
    Cow::Owned(out)
}

/// Whether `decode_escapes` would change anything: pages hold `%` and `\\` in styles and
/// scripts far more often than escapes.
fn has_escape(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(b'%', b'\\', bytes).any(|at| match bytes[at] {
        b'%' => {
            bytes.get(at + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(at + 2).is_some_and(u8::is_ascii_hexdigit)
        }
        _ => at + 1 < bytes.len(),
    })
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

/// The sentences of `text`, as written (trimmed, whitespace runs as one space): cut at
/// Japanese and Latin sentence marks, at a `.` before whitespace, and where a Markdown block
/// starts (a blank line, a list item, a heading, a quote, a table row). A line break inside a
/// sentence does not cut it: YAML and Markdown re-wrap lines anywhere.
pub fn sentences(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let cut_after = match c {
            '。' | '．' | '！' | '？' | '!' | '?' => true,
            '.' => chars.peek().is_none_or(|next| next.is_whitespace()),
            '\n' => {
                let rest: String = chars.clone().take_while(|&c| c != '\n').collect();
                let line = rest.trim_start();
                line.is_empty()
                    || line.starts_with(['-', '*', '+', '#', '>', '|'])
                    || line.split_once(". ").is_some_and(|(n, _)| {
                        !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
                    })
            }
            _ => false,
        };
        current.push(c);
        if cut_after {
            pieces.push(std::mem::take(&mut current));
        }
    }
    pieces.push(current);
    pieces
        .into_iter()
        .map(|piece| {
            let trimmed = piece
                .trim()
                .trim_start_matches(['-', '*', '+', '#', '>', '|', ' '])
                .trim();
            trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .filter(|s| s.trim_end_matches(SENTENCE_MARKS).chars().count() >= MIN_SENTENCE_CHARS)
        .collect()
}

/// The pieces of one withheld value that are searched for: its sentences (of its text as
/// written and of its Markdown as plain text), or the whole value when it has none and is
/// long enough to mean something (`min_whole` characters). Each piece as written.
pub fn pieces(
    text: &str,
    min_whole: usize,
    plain_text: impl FnOnce(&str) -> String,
) -> Vec<String> {
    let text = text.trim();
    let mut found = sentences(text);
    let mut keys: std::collections::HashSet<String> = found.iter().map(|s| needle(s)).collect();
    for sentence in sentences(&plain_text(text)) {
        if keys.insert(needle(&sentence)) {
            found.push(sentence);
        }
    }
    if found.is_empty() && text.chars().count() >= min_whole {
        found.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn paste_variants_fold_to_one_form() {
        let original = "区民サービスの向上をＡＩで図る";
        for variant in [
            "区民サービスの向上をAIで図る",
            "区民サービスの向上をａｉで図る",
            "区民ｻｰﾋﾞｽの向上をAIで図る",
            "区民サービスの\n  向上をAIで図る",
            "区民サービスの　向上を AI で図る",
            "区民サー\u{200b}ビスの向上を\u{ad}AIで図る",
            "区民サーヒ\u{3099}スの向上をAIで図る",
            "%E5%8C%BA%E6%B0%91サービスの向上をAIで図る",
            "\\u533a民サービスの向上をAIで図る",
            "区民サ\u{2800}ービスの向上をAIで図る",
        ] {
            assert_eq!(fold(variant), fold(original), "{variant}");
        }
        assert_eq!(
            fold("We will  deploy\nthe model"),
            "we will deploy the model"
        );
        assert_eq!(fold("道路ハ゜トロール"), fold("道路パトロール"));
        assert_ne!(fold("as on yesterday"), fold("asonyesterday"));
        assert_eq!(fold("a\u{1}b"), "a\u{1}b", "segment breaks stay");
    }

    #[test]
    fn sentences_end_at_marks_and_blocks_not_at_line_breaks() {
        let text = "独自の需要予測モデルで\n配車を最適化する。需要の少ない時間帯は乗り合いにする！\n\n- 箇条書きの一つ目の項目です\n- Rebalancing by demand forecasts. Routes at 3.5 km are kept";
        assert_eq!(
            sentences(text),
            vec![
                "独自の需要予測モデルで 配車を最適化する。",
                "需要の少ない時間帯は乗り合いにする！",
                "箇条書きの一つ目の項目です",
                "Rebalancing by demand forecasts.",
                "Routes at 3.5 km are kept",
            ]
        );
        assert!(sentences("短い。文。").is_empty());
    }

    #[test]
    fn acknowledgement_keys_ignore_the_closing_mark_and_the_form() {
        assert_eq!(
            needle("区民サービスの向上を図る。"),
            needle("区民サービスの 向上を図る")
        );
    }

    #[test]
    fn whole_values_are_pieces_only_without_sentences() {
        assert_eq!(
            pieces("ＡＢＣテック株式会社", MIN_IDENTITY_CHARS, str::to_string),
            vec!["ＡＢＣテック株式会社"]
        );
        assert!(pieces("A社", MIN_IDENTITY_CHARS, str::to_string).is_empty());
        assert_eq!(
            pieces(
                "独自の需要予測モデルで配車を最適化する。",
                MIN_VALUE_CHARS,
                str::to_string
            )
            .len(),
            1
        );
    }

    proptest! {
        #[test]
        fn folding_is_idempotent_and_blind_to_inserted_space_in_japanese(text in "[あ-んア-ン一-龠ａ-ｚA-Z0-9 　\n\u{200b}]{0,24}", at in 0usize..24) {
            let folded = fold(&text);
            prop_assert_eq!(fold(&folded), folded.clone());
            let chars: Vec<char> = text.chars().collect();
            let at = at.min(chars.len());
            let (before, after): (String, String) = (chars[..at].iter().collect(), chars[at..].iter().collect());
            let japanese_seam = !fold(&before).ends_with(|c: char| c.is_ascii_alphanumeric()) || !fold(&after).starts_with(|c: char| c.is_ascii_alphanumeric());
            if japanese_seam {
                prop_assert_eq!(fold(&format!("{before}\u{3000}{after}")), folded);
            }
        }

        #[test]
        fn is_nfkc_lowercase_and_the_folding_rules(text in "[a-zA-Z0-9 　\n、。「」（）ー・かがハパｶﾞﾊﾟＡｂ①㈱ﾞﾟ\u{3099}\u{309a}\u{301}\u{200b}\u{ad}\"漢字]{0,16}", any_text in any::<String>()) {
            for text in [text, any_text] {
                let decoded = decode_escapes(&text).replace('\u{309b}', "\u{3099}").replace('\u{309c}', "\u{309a}");
                let reference: String = {
                    let normalised: String = decoded.nfkc().flat_map(char::to_lowercase).collect();
                    let mut out = Folded { text: String::new(), pending_space: false, last_alphanumeric: false };
                    normalised.chars().for_each(|c| out.push(c));
                    out.text
                };
                prop_assert_eq!(fold(&text), reference);
            }
        }

        #[test]
        fn percent_encoding_decodes_back(text in "[あ-んa-z一-龠]{1,12}") {
            let encoded: String = text.bytes().map(|b| format!("%{b:02X}")).collect();
            prop_assert_eq!(fold(&encoded), fold(&text));
        }
    }
}
