//! What kanmin tells people, in their language: one Fluent message table per language
//! (`ja.ftl`, `en.ftl`). Code names a message by its id and passes the values; no sentence
//! is written in Rust, so the two tables cannot say different things in different places.
//!
//! The `kanmin` command speaks Japanese unless `--lang en` or `KANMIN_LANG=en` asks for
//! English; the library, whose callers are programs and tests, speaks English unless told.
//!
//! File paths, line and column numbers, field names and values pass through unchanged, so
//! a Japanese and an English report point at the same place in the same words.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
pub use fluent_bundle::FluentValue;
use fluent_bundle::{FluentArgs, FluentResource};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    /// `ja`, `en` (and `ja-JP`, `en_US.UTF-8` as locales spell them).
    pub fn parse(text: &str) -> Option<Lang> {
        let primary = text
            .split(['-', '_', '.'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn table(self) -> (&'static str, &'static str) {
        match self {
            Lang::Ja => ("ja", include_str!("ja.ftl")),
            Lang::En => ("en", include_str!("en.ftl")),
        }
    }
}

static CHOSEN: OnceLock<Lang> = OnceLock::new();

/// Sets the language for the rest of the process; the first call wins.
pub fn choose(lang: Lang) {
    let _ = CHOSEN.set(lang);
}

/// `KANMIN_LANG`, when it names a language kanmin speaks.
pub fn from_environment() -> Option<Lang> {
    std::env::var("KANMIN_LANG")
        .ok()
        .and_then(|value| Lang::parse(&value))
}

/// The language in use: the one chosen, else `KANMIN_LANG`, else English.
pub fn lang() -> Lang {
    *CHOSEN.get_or_init(|| from_environment().unwrap_or(Lang::En))
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static JA: OnceLock<Bundle> = OnceLock::new();
    static EN: OnceLock<Bundle> = OnceLock::new();
    let cell = match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        let (tag, source) = lang.table();
        let resource = FluentResource::try_new(source.to_string())
            .unwrap_or_else(|(_, errors)| panic!("{tag}.ftl does not parse: {errors:?}"));
        let mut bundle = FluentBundle::new_concurrent(vec![tag.parse().expect("a language tag")]);
        // Isolation marks around values would end up in file paths copied from a terminal.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("{tag}.ftl repeats a message: {errors:?}"));
        bundle
    })
}

/// The message `id` in `lang`, with `args` filled in.
pub fn format_in(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        panic!("message `{id}` is missing from the {lang:?} table");
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    assert!(
        errors.is_empty(),
        "message `{id}` ({lang:?}) lacks a value: {errors:?}"
    );
    text.into_owned()
}

/// The message `id` in the language in use.
pub fn format(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    format_in(lang(), id, args)
}

/// `t!("new-written", file = path)`: a message of the tables, in the
/// language in use.
#[macro_export]
macro_rules! t {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::format(
            $id,
            &[$((stringify!($name), $crate::FluentValue::from($value))),*],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Message ids and, per id, the variables it uses.
    fn table(lang: Lang) -> std::collections::BTreeMap<String, BTreeSet<String>> {
        let (_, source) = lang.table();
        let mut table = std::collections::BTreeMap::new();
        let mut current = None;
        for line in source.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !line.starts_with(' ') {
                if let Some((id, _)) = line.split_once(" =") {
                    current = Some(id.trim().to_string());
                    table.insert(id.trim().to_string(), BTreeSet::new());
                }
            }
            let id = current.clone().expect("a message before its continuation");
            let mut rest = line;
            while let Some(start) = rest.find("{ $") {
                let name: String = rest[start + 3..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                table.get_mut(&id).unwrap().insert(name);
                rest = &rest[start + 3..];
            }
        }
        table
    }

    #[test]
    fn both_tables_have_the_same_messages_with_the_same_values() {
        let ja = table(Lang::Ja);
        let en = table(Lang::En);
        assert_eq!(
            ja.keys().collect::<Vec<_>>(),
            en.keys().collect::<Vec<_>>(),
            "the tables list different messages"
        );
        for (id, names) in &ja {
            assert_eq!(names, &en[id], "message `{id}` uses different values");
        }
        // Parse both for real.
        let _ = bundle(Lang::Ja);
        let _ = bundle(Lang::En);
    }

    /// Every message the code names exists, and every message of the tables is named by
    /// the code: a table cannot hold dead sentences or miss a live one.
    #[test]
    fn the_code_uses_every_message_and_only_those() {
        let ja = table(Lang::Ja);
        let mut used = BTreeSet::new();
        // The whole workspace: the command and every crate.
        let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let sources = ["src", "crates"].map(|dir| std::path::Path::new(workspace).join(dir));
        for entry in sources.iter().flat_map(walkdir::WalkDir::new) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                // Code only: documentation may name messages as examples.
                let code: String = text
                    .lines()
                    .filter(|line| !line.trim_start().starts_with("//"))
                    .collect::<Vec<_>>()
                    .join("\n");
                for (i, _) in code.match_indices("t!(") {
                    let called = !code[..i]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_');
                    let Some(rest) = code[i + 3..].trim_start().strip_prefix('"') else {
                        continue;
                    };
                    let id: String = rest.chars().take_while(|c| *c != '"').collect();
                    let is_id = id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                    if called && is_id && !id.is_empty() {
                        used.insert(id);
                    }
                }
            }
        }
        let defined: BTreeSet<String> = ja.keys().cloned().collect();
        let missing: Vec<_> = used.difference(&defined).collect();
        let unused: Vec<_> = defined.difference(&used).collect();
        assert!(
            missing.is_empty(),
            "used but not in the tables: {missing:?}"
        );
        assert!(
            unused.is_empty(),
            "in the tables but never used: {unused:?}"
        );
    }

    #[test]
    fn languages_parse_from_locales() {
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("ja-JP"), Some(Lang::Ja));
        assert_eq!(Lang::parse("fr"), None);
    }
}
