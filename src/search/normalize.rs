//! One text form for indexing, querying and the leak scan: NFKC (so ｼｪｱｻｲｸﾙ is シェアサイクル
//! and ＩｏＴ is IoT) followed by lowercase.

use unicode_normalization::UnicodeNormalization;

pub fn normalize(text: &str) -> String {
    text.nfkc().flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn folds_width_and_case() {
        assert_eq!(normalize("ｼｪｱｻｲｸﾙ"), "シェアサイクル");
        assert_eq!(normalize("ＩｏＴ"), "iot");
        assert_eq!(normalize("①"), "1");
    }
}
