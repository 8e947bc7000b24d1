//! The message tables: what the site says in each language. As in gettext, a message's key
//! is its Japanese text, written where it is used (`{{ "連携事例" | t }}` in a template,
//! `locale.t("連携事例")` in Rust): the Japanese site reads as its templates do, and a
//! language's table (`messages/<lang>.yaml` of the theme) maps each Japanese text to its
//! translation. A theme's own table overrides the default's entries one by one (its `ja.yaml`
//! rewords the Japanese); `{name}` in a text is a value filled in where the text is used.

use std::collections::BTreeMap;

use serde::Serialize;

use kanmin_public::diagnostics::{Diagnostic, Diagnostics};
use kanmin_public::Lang;

/// One language's table: Japanese text → text in the language.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Hash)]
pub struct Messages {
    lang: Option<Lang>,
    table: BTreeMap<String, String>,
}

impl Messages {
    /// The default table for `lang` with `overrides` (a theme's table, as (file, text)) on
    /// top. For a language other than Japanese, a key the default table does not have is an
    /// error: a typo in a theme would otherwise leave the default text without a word.
    pub fn load(
        default: &str,
        overrides: Option<(&str, &str)>,
        lang: Lang,
    ) -> Result<Messages, Diagnostics> {
        let parse = |file: &str, text: &str| -> Result<BTreeMap<String, String>, Diagnostics> {
            if text.trim().is_empty() {
                return Ok(BTreeMap::new());
            }
            serde_yaml::from_str(text).map_err(|err| {
                Diagnostics(vec![Diagnostic::template(
                    file.to_string(),
                    None,
                    format!("message table for `{}`: {err}", lang.code()),
                )])
            })
        };
        let mut table = parse(&format!("built-in messages/{}.yaml", lang.code()), default)?;
        if let Some((file, text)) = overrides {
            let mut diagnostics = Diagnostics::default();
            for (key, value) in parse(file, text)? {
                if lang != Lang::Ja && !table.contains_key(&key) {
                    diagnostics.push(Diagnostic::template(
                        file.to_string(),
                        None,
                        format!("unknown message `{key}`: the default table has no such text"),
                    ));
                    continue;
                }
                table.insert(key, value);
            }
            diagnostics.into_result(())?;
        }
        Ok(Messages {
            lang: Some(lang),
            table,
        })
    }

    /// `key` in this table's language: Japanese text stands for itself unless a theme
    /// rewords it. `None` for a text a translation lacks.
    pub fn get<'a>(&'a self, key: &'a str) -> Option<&'a str> {
        match self.table.get(key) {
            Some(text) => Some(text),
            None if self.lang.is_none_or(|lang| lang == Lang::Ja) => Some(key),
            None => None,
        }
    }

    /// `key` in this table's language, or as written when the table lacks it (which the
    /// tests rule out for every text Rust asks for).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.get(key).unwrap_or(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.table.keys().map(String::as_str)
    }
}

/// `text` with each `{name}` replaced by its value.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// What renders a page in one language: the language and its message table.
#[derive(Debug, Clone, Copy)]
pub struct Locale<'a> {
    pub lang: Lang,
    pub messages: &'a Messages,
}

impl<'a> Locale<'a> {
    /// A message of the theme in this language.
    pub fn t(&self, key: &'a str) -> &'a str {
        self.messages.text(key)
    }

    /// A message with its `{name}` values filled in.
    pub fn fill(&self, key: &'a str, values: &[(&str, &str)]) -> String {
        fill(self.t(key), values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The double-quoted literals of `code`, with `\"`, `\\` and `\n` read as Rust and
    /// tera read them.
    fn literals(code: &str, out: &mut BTreeSet<String>) {
        let mut chars = code.chars();
        while let Some(c) = chars.next() {
            if c != '"' {
                continue;
            }
            let mut literal = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => match chars.next() {
                        Some('n') => literal.push('\n'),
                        Some(other) => literal.push(other),
                        None => break,
                    },
                    other => literal.push(other),
                }
            }
            out.insert(literal);
        }
    }

    fn is_japanese(text: &str) -> bool {
        text.chars().any(|c| {
            matches!(c, '\u{3000}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff01}'..='\u{ff5e}')
        })
    }

    /// Every Japanese literal of the default theme's template tags and of the renderers that
    /// write page texts: the messages the site shows. Open data keeps its Japanese columns
    /// and texts (`opendata`), and `format` writes dates itself.
    fn messages_in_use() -> BTreeSet<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = BTreeSet::new();
        let templates = root.join("../../themes/default/templates");
        for entry in std::fs::read_dir(templates).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for tag in text.split("{{").chain(text.split("{%")).skip(1) {
                let end = tag
                    .find("}}")
                    .or_else(|| tag.find("%}"))
                    .unwrap_or(tag.len());
                literals(&tag[..end], &mut found);
            }
        }
        let sources = [
            "texts.rs",
            "html.rs",
            "jsonld.rs",
            "localize.rs",
            "stats/mod.rs",
            "stats/svg.rs",
            "feeds/atom.rs",
            "feeds/ical.rs",
        ];
        for source in sources {
            let text = std::fs::read_to_string(root.join("src").join(source)).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let code: String = code
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            literals(&code, &mut found);
        }
        found.retain(|text| is_japanese(text));
        found
    }

    fn english() -> Messages {
        crate::theme::SiteTheme::load(Path::new("/nonexistent"), None)
            .unwrap()
            .messages(Lang::En)
            .clone()
    }

    #[test]
    fn every_message_the_site_shows_has_its_english() {
        let english = english();
        let missing: Vec<String> = messages_in_use()
            .into_iter()
            .filter(|text| english.get(text).is_none())
            .collect();
        assert!(missing.is_empty(), "no English for {missing:#?}");
    }

    #[test]
    fn the_english_table_has_no_message_nothing_shows() {
        let used = messages_in_use();
        let english = english();
        let stale: Vec<&str> = english
            .keys()
            .filter(|key| is_japanese(key) && !used.contains(*key))
            .collect();
        assert!(stale.is_empty(), "unused messages {stale:#?}");
    }

    #[test]
    fn a_theme_table_may_only_reword_known_messages() {
        let default = "\"連携事例\": \"Partnerships\"\n";
        let own = (
            "themes/x/messages/en.yaml",
            "\"連携事例\": \"Collaborations\"\n",
        );
        let messages = Messages::load(default, Some(own), Lang::En).unwrap();
        assert_eq!(messages.get("連携事例"), Some("Collaborations"));
        assert_eq!(messages.get("提案"), None);
        let typo = (
            "themes/x/messages/en.yaml",
            "\"連携事列\": \"Collaborations\"\n",
        );
        let error = Messages::load(default, Some(typo), Lang::En).unwrap_err();
        assert!(
            error.to_string().contains("unknown message `連携事列`"),
            "{error}"
        );
        // Japanese stands for itself, and a theme may reword it.
        let japanese =
            Messages::load("", Some(("ja.yaml", "\"提案\": \"ご提案\"\n")), Lang::Ja).unwrap();
        assert_eq!(japanese.get("提案"), Some("ご提案"));
        assert_eq!(japanese.get("連携事例"), Some("連携事例"));
    }

    #[test]
    fn fill_replaces_named_values() {
        assert_eq!(fill("{a}（{b}件）", &[("a", "x"), ("b", "3")]), "x（3件）");
        assert_eq!(fill("{q} stays", &[]), "{q} stays");
    }
}
