//! Themes: the default theme is compiled into the binary; a site's own `themes/<name>/`
//! folder overrides any template or static file by giving one of the same name.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::messages::Messages;
use crate::OutputFile;
use kanmin_public::diagnostics::{Diagnostic, Diagnostics};
use kanmin_public::Lang;

static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../themes/default");

pub const DEFAULT_THEME_NAME: &str = "default";

pub struct SiteTheme {
    name: String,
    folder: Option<PathBuf>,
    templates: BTreeMap<String, String>,
    static_files: BTreeMap<String, Vec<u8>>,
    /// The message table of each language, in `Lang::ALL`'s order.
    messages: Vec<Messages>,
}

impl SiteTheme {
    /// The theme named in site.yaml (or the default), with `root/themes/<name>/` on top.
    pub fn load(root: &Path, name: Option<&str>) -> Result<SiteTheme, Diagnostics> {
        let name = name.unwrap_or(DEFAULT_THEME_NAME).to_string();
        let mut templates = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        let mut default_messages = BTreeMap::new();
        for (path, bytes) in embedded_files() {
            if let Some(table) = path.strip_prefix("messages/") {
                default_messages.insert(
                    table.to_string(),
                    String::from_utf8_lossy(bytes).into_owned(),
                );
            }
            if let Some(template) = path.strip_prefix("templates/") {
                templates.insert(
                    template.to_string(),
                    String::from_utf8_lossy(bytes).into_owned(),
                );
            } else if path.starts_with("static/") {
                static_files.insert(path.to_string(), bytes.to_vec());
            }
        }
        let folder = root.join("themes").join(&name);
        let mut theme = SiteTheme {
            name: name.clone(),
            folder: None,
            templates,
            static_files,
            messages: Vec::new(),
        };
        let mut own_messages = BTreeMap::new();
        if folder.is_dir() {
            own_messages = theme.overlay(root, &folder)?;
            theme.folder = Some(folder.clone());
        } else if name != DEFAULT_THEME_NAME {
            return Err(Diagnostics(vec![Diagnostic::new(
                &root.join("content/site.yaml"),
                "theme",
                kanmin_messages::t!(
                    "theme-not-found",
                    name = name,
                    folder = folder.display().to_string()
                ),
            )]));
        }
        let mut diagnostics = Diagnostics::default();
        for lang in Lang::ALL {
            let file = format!("{}.yaml", lang.code());
            let own = own_messages.get(&file).map(|text: &String| {
                (
                    folder.join("messages").join(&file).display().to_string(),
                    text.as_str(),
                )
            });
            let default = default_messages.get(&file).map_or("", String::as_str);
            match Messages::load(default, own.as_ref().map(|(f, t)| (f.as_str(), *t)), lang) {
                Ok(messages) => theme.messages.push(messages),
                Err(errors) => diagnostics.extend(errors),
            }
        }
        diagnostics.into_result(theme)
    }

    /// The message table of `lang`.
    pub fn messages(&self, lang: Lang) -> &Messages {
        let index = Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0);
        &self.messages[index]
    }

    /// Reads the theme folder over the default theme; returns its message tables by file name.
    fn overlay(
        &mut self,
        root: &Path,
        folder: &Path,
    ) -> Result<BTreeMap<String, String>, Diagnostics> {
        let mut messages = BTreeMap::new();
        let mut diagnostics = Diagnostics::default();
        let themes_root = root
            .join("themes")
            .canonicalize()
            .unwrap_or_else(|_| root.join("themes"));
        for entry in WalkDir::new(folder).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    diagnostics.push(Diagnostic::new(
                        folder,
                        "",
                        kanmin_messages::t!("theme-cannot-list", reason = err.to_string()),
                    ));
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let path = entry.path();
            let relative = path
                .strip_prefix(folder)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            let inside = path
                .canonicalize()
                .is_ok_and(|real| real.starts_with(&themes_root));
            if !inside {
                diagnostics.push(Diagnostic::new(
                    path,
                    "",
                    kanmin_messages::t!("theme-outside"),
                ));
                continue;
            }
            let bytes = match fs::read(path) {
                Ok(bytes) => bytes,
                Err(err) => {
                    diagnostics.push(Diagnostic::new(
                        path,
                        "",
                        kanmin_messages::t!("load-cannot-read", reason = err.to_string()),
                    ));
                    continue;
                }
            };
            if let Some(table) = relative.strip_prefix("messages/") {
                match String::from_utf8(bytes) {
                    Ok(text) => {
                        messages.insert(table.to_string(), text);
                    }
                    Err(_) => diagnostics.push(Diagnostic::new(
                        path,
                        "",
                        "message table is not valid UTF-8",
                    )),
                }
            } else if let Some(template) = relative.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(text) => {
                        self.templates.insert(template.to_string(), text);
                    }
                    Err(_) => diagnostics.push(Diagnostic::new(
                        path,
                        "",
                        kanmin_messages::t!("theme-not-utf8"),
                    )),
                }
            } else if relative.starts_with("static/") {
                self.static_files.insert(relative, bytes);
            }
        }
        diagnostics.into_result(messages)
    }

    /// (name, source) of every template, for tera.
    pub fn templates(&self) -> Vec<(String, String)> {
        self.templates
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Static assets copied as they are under `static/`.
    pub fn static_files(&self) -> Vec<OutputFile> {
        self.static_files
            .iter()
            .map(|(path, bytes)| OutputFile::new(path.clone(), bytes.clone()))
            .collect()
    }

    /// One static file's bytes, by its path in the site (`static/search.js`), without copying
    /// the others as `static_files` does.
    pub fn static_file(&self, path: &str) -> Option<&[u8]> {
        self.static_files.get(path).map(Vec::as_slice)
    }

    /// For error messages: which theme and where.
    pub fn describe(&self) -> String {
        match &self.folder {
            Some(folder) => kanmin_messages::t!(
                "theme-folder",
                folder = folder.display().to_string(),
                name = self.name.as_str()
            ),
            None => kanmin_messages::t!("theme-built-in", name = self.name.as_str()),
        }
    }
}

fn embedded_files() -> Vec<(String, &'static [u8])> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
        for file in dir.files() {
            out.push((
                file.path().to_string_lossy().replace('\\', "/"),
                file.contents(),
            ));
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut files = Vec::new();
    walk(&DEFAULT_THEME, &mut files);
    files
}
