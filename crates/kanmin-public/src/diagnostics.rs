//! Errors reported to the people who write `content/`.
//!
//! A build collects every problem it can find before giving up, like a compiler, so a clerk
//! fixes a batch of mistakes in one pass instead of one per build.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in the input, pointing at the file, position and field it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the file as a whole.
    pub line: usize,
    pub column: usize,
    /// Field path such as `partners[0].corporate_number`; empty when not tied to a field.
    pub field: String,
    pub message: String,
    /// For a withheld text found in a public field: (the text, how many records withhold
    /// it), so that a long report can say which few texts its errors come from.
    pub withheld_text: Option<(String, usize)>,
}

impl Diagnostic {
    pub fn new(file: &Path, field: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            field: field.into(),
            message: message.into(),
            withheld_text: None,
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        f.write_str(": ")?;
        if !self.field.is_empty() {
            write!(f, "field `{}`: ", self.field)?;
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

    /// File order, then position: the order a person fixes them in.
    pub fn sorted(mut self) -> Diagnostics {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.field, &a.message)
                .cmp(&(&b.file, b.line, b.column, &b.field, &b.message))
        });
        self.0.dedup();
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "error: {diagnostic}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })
    }
}

impl Diagnostics {
    /// The errors that fit in about `max_lines` lines and a line saying how many more there
    /// are: what a build prints, so that a report of thousands of coincidences stays readable.
    pub fn summary(&self, max_lines: usize) -> String {
        let mut out = String::new();
        let (mut lines, mut shown) = (0, 0);
        for diagnostic in &self.0 {
            let text = format!("error: {diagnostic}\n");
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
            out.push_str(&format!("… and {} more; `kanmin check` lists them all\n", n - shown));
        }
        out.push_str(&format!("{n} error{}", if n == 1 { "" } else { "s" }));
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
            if let Some((text, records)) = &diagnostic.withheld_text {
                let entry = by_text.entry(text).or_default();
                entry.0 += 1;
                entry.1 = entry.1.max(*records);
            }
        }
        if by_text.is_empty() {
            return String::new();
        }
        let mut texts: Vec<(&str, usize, usize)> = by_text.into_iter().map(|(text, (n, records))| (text, n, records)).collect();
        texts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut out = format!("the errors in public fields come from {} withheld text{}:\n", texts.len(), if texts.len() == 1 { "" } else { "s" });
        for (text, errors, records) in texts.iter().take(limit) {
            out.push_str(&format!(
                "  {errors} error{} 「{text}」 withheld by {records} record{}\n",
                if *errors == 1 { "" } else { "s" },
                if *records == 1 { "" } else { "s" }
            ));
        }
        if texts.len() > limit {
            out.push_str(&format!("  … and {} more texts\n", texts.len() - limit));
        }
        out
    }
}

impl std::error::Error for Diagnostics {}
