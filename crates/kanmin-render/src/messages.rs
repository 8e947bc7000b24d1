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
