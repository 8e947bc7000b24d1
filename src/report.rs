//! How diagnostics read on a terminal: an error in a file of the project comes with the line
//! it points at and a caret under the column, as rustc shows its errors, so a clerk sees the
//! mistake without opening the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use crate::diagnostics::{Diagnostic, Origin};

/// Shows diagnostics, reading each file they point into once.
pub struct Reporter {
    root: PathBuf,
    renderer: Renderer,
    sources: HashMap<PathBuf, Option<String>>,
}

impl Reporter {
    /// `root` is the project folder the diagnostics' paths are relative to; `styled` adds
    /// terminal colours.
    pub fn new(root: &Path, styled: bool) -> Reporter {
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Reporter {
            root: root.to_path_buf(),
            renderer,
            sources: HashMap::new(),
        }
    }

    /// One diagnostic, ending with a newline.
    pub fn show(&mut self, diagnostic: &Diagnostic) -> String {
        let Origin::File { path, line, column } = &diagnostic.origin else {
            return one_line(diagnostic);
        };
        let source = self
            .sources
            .entry(path.clone())
            .or_insert_with(|| std::fs::read_to_string(self.root.join(path)).ok())
            .as_deref();
        let Some(text) = source
            .filter(|_| *line > 0)
            .and_then(|s| s.lines().nth(line - 1))
        else {
            return one_line(diagnostic);
        };
        let title = match diagnostic.field.as_str() {
            "" => diagnostic.message.clone(),
            field => format!(
                "{}: {}",
                crate::t!("diagnostic-field", field = field),
                diagnostic.message
            ),
        };
        let caret = caret_span(text, *column);
        let shown_path = path.display().to_string();
        let level = Level::ERROR.with_name(crate::t!("diagnostic-level"));
        let report = [level.primary_title(&title).element(
            Snippet::source(text)
                .line_start(*line)
                .path(&shown_path)
                .annotation(AnnotationKind::Primary.span(caret)),
        )];
        format!("{}\n", self.renderer.render(&report))
    }
}

fn one_line(diagnostic: &Diagnostic) -> String {
    crate::t!("diagnostic-error", diagnostic = diagnostic.to_string()) + "\n"
}

/// The bytes of the character at 1-based `column` (in characters); the line's end when the
/// column lies beyond it.
fn caret_span(line: &str, column: usize) -> std::ops::Range<usize> {
    match line.char_indices().nth(column.saturating_sub(1)) {
        Some((start, c)) => start..start + c.len_utf8(),
        None => line.len()..line.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_errors_show_their_line_with_a_caret() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("content/partnerships")).unwrap();
        std::fs::write(
            root.path().join("content/partnerships/a.yaml"),
            "title: 見守り\nconcluded_on: 2025-13-01\n",
        )
        .unwrap();
        let diagnostic = Diagnostic::new(
            Path::new("content/partnerships/a.yaml"),
            "concluded_on",
            "2025-13-01 is not a date",
        )
        .at(2, 15);
        let shown = Reporter::new(root.path(), false).show(&diagnostic);
        assert!(
            shown.contains("content/partnerships/a.yaml:2:15"),
            "{shown}"
        );
        assert!(
            shown.contains("field `concluded_on`: 2025-13-01 is not a date"),
            "{shown}"
        );
        let lines: Vec<&str> = shown.lines().collect();
        let source = lines
            .iter()
            .position(|l| l.ends_with("concluded_on: 2025-13-01"))
            .expect(&shown);
        let caret = lines[source + 1];
        let source_start = lines[source].find("concluded_on").unwrap();
        assert_eq!(caret.find('^'), Some(source_start + 14), "{shown}");
    }

    #[test]
    fn other_origins_and_missing_files_read_as_one_line() {
        let root = tempfile::tempdir().unwrap();
        let mut reporter = Reporter::new(root.path(), false);
        let gone = Diagnostic::new(Path::new("content/gone.yaml"), "", "cannot read").at(3, 1);
        assert_eq!(
            reporter.show(&gone),
            "error: content/gone.yaml:3:1: cannot read\n"
        );
        let variable = Diagnostic::environment(
            "SOURCE_DATE_EPOCH",
            "`x` is not a Unix timestamp in seconds",
        );
        assert_eq!(reporter.show(&variable), "error: environment variable SOURCE_DATE_EPOCH: `x` is not a Unix timestamp in seconds\n");
    }

    #[test]
    fn carets_count_characters() {
        assert_eq!(
            caret_span("題名: 見守り", 5),
            "題名: ".len().."題名: 見".len()
        );
        assert_eq!(caret_span("ab", 9), 2..2);
    }
}
