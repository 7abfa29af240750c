//! Errors a maintainer sees: each names the file, the line and column where known, what is
//! wrong, and what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in the site's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: usize) -> Diagnostic {
        self.line = Some(line);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Shows paths relative to `root` where they lie under it.
    pub fn relative_to(mut self, root: &Path) -> Diagnostic {
        if let Ok(rel) = self.path.strip_prefix(root) {
            self.path = rel.to_path_buf();
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one pass over the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "\n{n} problem{} found; nothing was written",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// An error as the command prints it: every content problem with its place, or the error
/// and its causes.
pub fn render(e: &anyhow::Error) -> String {
    if let Some(diagnostics) = e.downcast_ref::<Diagnostics>() {
        return diagnostics.to_string();
    }
    let mut out = format!("error: {e}");
    for cause in e.chain().skip(1) {
        out.push_str(&format!("\n  caused by: {cause}"));
    }
    out
}

/// The 1-based line and column of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Turns a TOML error into a diagnostic, with `first_line` the file line where the TOML
/// text starts (front matter starts below its `+++` fence).
pub fn toml_diagnostic(
    path: &Path,
    toml_text: &str,
    first_line: usize,
    err: &toml::de::Error,
    help: &str,
) -> Diagnostic {
    let message = err.message().trim().to_string();
    let d = Diagnostic::new(path, message).help(help);
    match err.span() {
        Some(span) => {
            let (line, column) = line_col(toml_text, span.start);
            d.at(line + first_line - 1, column)
        }
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "a = 1\nbb = 2\nccc";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 8), (2, 3));
        assert_eq!(line_col(text, 100), (3, 4));
    }

    #[test]
    fn display_names_file_line_and_help() {
        let d = Diagnostic::new("content/a/org.toml", "unknown field `nmae`")
            .at(3, 1)
            .help("check the spelling");
        assert_eq!(
            d.to_string(),
            "content/a/org.toml:3:1: unknown field `nmae`\n  help: check the spelling"
        );
    }
}
