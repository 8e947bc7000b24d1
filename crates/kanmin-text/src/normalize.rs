//! One text form for indexing, querying and the leak scan: NFKC (so ｼｪｱｻｲｸﾙ is シェアサイクル
//! and ＩｏＴ is IoT) followed by lowercase.

use unicode_normalization::UnicodeNormalization;

pub fn normalize(text: &str) -> String {
    // Most characters of the records are kana, kanji and ASCII, which NFKC leaves as they are,
    // so only the stretches around other characters go through the full algorithm (it was a
    // fifth of the search index's build time). One such character ends a stretch: nothing before
    // it composes with it. The one before a stretch goes into it, as a combining mark may follow
    // (か and U+3099 compose to が).
    let mut out = String::with_capacity(text.len());
    let mut stretch_start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !is_stable(c) {
            stretch_start.get_or_insert(at);
            continue;
        }
        if let Some(start) = stretch_start.take() {
            out.extend(text[start..at].nfkc().flat_map(char::to_lowercase));
        }
        match chars.peek() {
            Some(&(_, next)) if !is_stable(next) => stretch_start = Some(at),
            _ => out.push(c.to_ascii_lowercase()),
        }
    }
    if let Some(start) = stretch_start {
        out.extend(text[start..].nfkc().flat_map(char::to_lowercase));
    }
    out
}

/// Characters that NFKC maps to themselves, that combine with nothing before them, and whose
/// lowercase is themselves or their ASCII lowercase: ASCII, hiragana and katakana letters,
/// and the CJK unified ideographs of the basic block.
pub(crate) fn is_stable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fa}' | '\u{4e00}'..='\u{9fff}')
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    use super::normalize;

    #[test]
    fn folds_width_and_case() {
        assert_eq!(normalize("ｼｪｱｻｲｸﾙ"), "シェアサイクル");
        assert_eq!(normalize("ＩｏＴ"), "iot");
        assert_eq!(normalize("①"), "1");
        assert_eq!(normalize("か\u{3099}ハ\u{309a}e\u{301}"), "がパé");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        #[test]
        fn is_nfkc_then_lowercase(text in "[a-zA-Z0-9 　、。（）「」ー・かがハパｶﾞﾊﾟ①ＩｏＴ㈱㍻ﾞﾟ\u{3099}\u{309a}\u{301}\u{308}Åﬁ가\u{1100}\u{1161}İΣ漢字]{0,16}", any_text in any::<String>()) {
            for text in [text, any_text] {
                let reference: String = text.nfkc().flat_map(char::to_lowercase).collect();
                prop_assert_eq!(normalize(&text), reference);
            }
        }
    }
}
