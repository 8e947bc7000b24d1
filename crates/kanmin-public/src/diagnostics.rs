//! Errors reported to the people who write `content/`.
//!
//! A build collects every problem it can find before giving up, like a compiler, so a clerk
//! fixes a batch of mistakes in one pass instead of one per build.

use kanmin_messages::t;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Where a problem is: what a person opens to fix it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// A file or folder of the project (`content/…`, `themes/…`), shown relative to `--root`.
    /// Line and column are 1-based (the column counts characters); 0 when the problem
    /// concerns the file as a whole.
    File {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    /// The theme (as `SiteTheme::describe` names it) and, when one is to blame, its template.
    Template {
        theme: String,
        template: Option<String>,
    },
    /// An environment variable kanmin reads.
    Environment(&'static str),
    /// A file of the built site, by its path in the output.
    Output(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File { path, line: 0, .. } => write!(f, "{}", path.display()),
            Origin::File { path, line, column } => write!(f, "{}:{line}:{column}", path.display()),
            Origin::Template {
                theme,
                template: Some(template),
            } => f.write_str(&t!(
                "origin-template",
                theme = theme.as_str(),
                template = template.as_str()
            )),
            Origin::Template {
                theme,
                template: None,
            } => f.write_str(theme),
            Origin::Environment(variable) => {
                f.write_str(&t!("origin-environment", variable = *variable))
            }
            Origin::Output(path) => f.write_str(&t!("origin-output", path = path.as_str())),
        }
    }
}

/// One problem in the input, pointing at where it is and the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub origin: Origin,
    /// Field path such as `partners[0].corporate_number`; empty when not tied to a field.
    pub field: String,
    pub message: String,
    /// For a withheld text found in a public field: (the text, how many records withhold
    /// it), so that a long report can say which few texts its errors come from. Boxed, as
    /// few diagnostics have one and every `Result` that may hold a diagnostic is as large.
    pub withheld_text: Option<Box<(String, usize)>>,
}

impl Diagnostic {
    /// A problem in a file of the project.
    pub fn new(file: &Path, field: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::with_origin(
            Origin::File {
                path: file.to_path_buf(),
                line: 0,
                column: 0,
            },
            field,
            message,
        )
    }

    pub fn template(theme: String, template: Option<&str>, message: impl Into<String>) -> Self {
        Diagnostic::with_origin(
            Origin::Template {
                theme,
                template: template.map(str::to_string),
            },
            "",
            message,
        )
    }

    pub fn environment(variable: &'static str, message: impl Into<String>) -> Self {
        Diagnostic::with_origin(Origin::Environment(variable), "", message)
    }

    pub fn output(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::with_origin(Origin::Output(path.into()), "", message)
    }

    fn with_origin(origin: Origin, field: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            origin,
            field: field.into(),
            message: message.into(),
            withheld_text: None,
        }
    }

    /// The position in the file (1-based line and column).
    pub fn at(mut self, at_line: usize, at_column: usize) -> Self {
        if let Origin::File { line, column, .. } = &mut self.origin {
            (*line, *column) = (at_line, at_column);
        }
        self
    }

    /// The 1-based line in the file; 0 for the file as a whole or another origin.
    pub fn line(&self) -> usize {
        match self.origin {
            Origin::File { line, .. } => line,
            _ => 0,
        }
    }

    /// The file's path relative to `root`, as people name it from the project folder.
    fn relative_to(mut self, root: &Path) -> Self {
        if let Origin::File { path, .. } = &mut self.origin {
            if let Ok(relative) = path.strip_prefix(root) {
                *path = relative.to_path_buf();
            }
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.origin)?;
        if !self.field.is_empty() {
            write!(
                f,
                "{}: ",
                t!("diagnostic-field", field = self.field.as_str())
            )?;
        }
        f.write_str(&self.message)
    }
}

/// Everything wrong with one build, in a stable order (file, then position).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Ok when nothing was reported, so stages can end with `diagnostics.into_result(value)`.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.sorted())
        }
    }

    /// Every file path relative to `root` (`content/…` rather than `site/content/…`).
    pub fn relative_to(self, root: &Path) -> Diagnostics {
        Diagnostics(self.0.into_iter().map(|d| d.relative_to(root)).collect())
    }

    /// File order, then position: the order a person fixes them in.
    pub fn sorted(mut self) -> Diagnostics {
        self.0.sort_by(|a, b| {
            (&a.origin, &a.field, &a.message).cmp(&(&b.origin, &b.field, &b.message))
        });
        self.0.dedup();
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(
                f,
                "{}",
                t!("diagnostic-error", diagnostic = diagnostic.to_string())
            )?;
        }
        f.write_str(&t!("diagnostic-count", count = self.0.len()))
    }
}

impl Diagnostics {
    /// The errors that fit in about `max_lines` lines and a line saying how many more there
    /// are: what a build prints, so that a report of thousands of coincidences stays readable.
    /// Each error is written by `show` (one or more lines).
    pub fn summary(&self, max_lines: usize, mut show: impl FnMut(&Diagnostic) -> String) -> String {
        let mut out = String::new();
        let (mut lines, mut shown) = (0, 0);
        for diagnostic in &self.0 {
            let text = show(diagnostic);
            lines += text.lines().count();
            if shown > 0 && lines > max_lines {
                break;
            }
            out.push_str(&text);
            shown += 1;
        }
        let n = self.0.len();
        if n > shown {
            out.push_str(&self.withheld_text_digest(DIGEST_LINES));
            out.push_str(&t!("diagnostic-more", count = n - shown));
            out.push('\n');
        }
        out.push_str(&t!("diagnostic-count", count = n));
        out
    }
}

/// Withheld texts a summary names at most.
const DIGEST_LINES: usize = 10;

impl Diagnostics {
    /// Which withheld texts the errors found in public fields come from, most errors first:
    /// formulaic writing gives thousands of errors from a few stock phrases, and each phrase
    /// is one decision (a paste to fix, or a coincidence to acknowledge).
    fn withheld_text_digest(&self, limit: usize) -> String {
        let mut by_text: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for diagnostic in &self.0 {
            if let Some((text, records)) = diagnostic.withheld_text.as_deref() {
                let entry = by_text.entry(text).or_default();
                entry.0 += 1;
                entry.1 = entry.1.max(*records);
            }
        }
        if by_text.is_empty() {
            return String::new();
        }
        let mut texts: Vec<(&str, usize, usize)> = by_text
            .into_iter()
            .map(|(text, (n, records))| (text, n, records))
            .collect();
        texts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut out = t!("digest-heading", count = texts.len());
        out.push('\n');
        for (text, errors, records) in texts.iter().take(limit) {
            let line = t!(
                "digest-text",
                errors = *errors,
                text = *text,
                records = *records
            );
            out.push_str(&format!("  {line}\n"));
        }
        if texts.len() > limit {
            let more = t!("digest-more", count = texts.len() - limit);
            out.push_str(&format!("  {more}\n"));
        }
        out
    }
}

impl std::error::Error for Diagnostics {}
