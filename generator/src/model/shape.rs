//! The keys each TOML file of a site takes (`org.toml`, a notice's front matter), and the
//! reader that reports every unknown key and misplaced value of a file together with its
//! other problems, instead of stopping at the first.

use std::path::Path;

use crate::error::{toml_diagnostic, Diagnostic};
use crate::model::content::key_line;

/// The keys `org.toml` takes.
pub const ORG_SHAPE: Shape = Shape {
    keys: &[
        "name",
        "kind",
        "website",
        "region",
        "nhs_region",
        "description",
    ],
    tables: &[("codes", &["gss", "ods", "ico_registration"])],
};

/// The keys a notice's front matter takes.
pub const FRONT_MATTER_SHAPE: Shape = Shape {
    keys: &[
        "title",
        "slug",
        "source_url",
        "retrieved",
        "last_updated",
        "summary",
    ],
    tables: &[(
        "provenance",
        &["source_file", "sha256", "imported", "markdown_sha256"],
    )],
};

/// The keys of a TOML file: plain keys, and tables with their own keys.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub keys: &'static [&'static str],
    pub tables: &'static [(&'static str, &'static [&'static str])],
}

impl Shape {
    fn expected(&self, keys: &[&str]) -> String {
        keys.iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Every unknown key and every value that should be a table and is not, each with its
    /// line; the table with those left out, for the rest to be checked.
    fn problems(
        &self,
        path: &Path,
        text: &str,
        first_line: usize,
        mut table: toml::Table,
        problems: &mut Vec<Diagnostic>,
    ) -> toml::Table {
        let at = |key: &str| {
            let (line, column) = key_place(text, key);
            (line + first_line - 1, column)
        };
        let all: Vec<&str> = self
            .keys
            .iter()
            .chain(self.tables.iter().map(|(t, _)| t))
            .copied()
            .collect();
        let keys: Vec<String> = table.keys().cloned().collect();
        for key in keys {
            if let Some((_, sub)) = self.tables.iter().find(|(t, _)| *t == key) {
                match table.get_mut(&key) {
                    Some(toml::Value::Table(inner)) => {
                        let inner_keys: Vec<String> = inner.keys().cloned().collect();
                        for k in inner_keys {
                            if !sub.contains(&k.as_str()) {
                                let (line, column) = at(&k);
                                problems.push(
                                    Diagnostic::new(
                                        path,
                                        format!(
                                            "unknown field `{}` in [{key}], expected one of {}",
                                            crate::text::excerpt(&k, 60),
                                            self.expected(sub)
                                        ),
                                    )
                                    .at(line, column)
                                    .help("check the spelling; unknown keys are never ignored"),
                                );
                                inner.remove(&k);
                            }
                        }
                    }
                    _ => {
                        let (line, column) = at(&key);
                        problems.push(
                            Diagnostic::new(path, format!("`{key}` must be a table"))
                                .at(line, column)
                                .help(format!(
                                    "write a [{key}] line, then one `key = value` line each for {}",
                                    self.expected(sub)
                                )),
                        );
                        table.remove(&key);
                    }
                }
            } else if !self.keys.contains(&key.as_str()) {
                let (line, column) = at(&key);
                problems.push(
                    Diagnostic::new(
                        path,
                        format!(
                            "unknown field `{}`, expected one of {}",
                            crate::text::excerpt(&key, 60),
                            self.expected(&all)
                        ),
                    )
                    .at(line, column)
                    .help("check the spelling; unknown keys are never ignored"),
                );
                table.remove(&key);
            }
        }
        table
    }
}

/// Reads TOML of the given shape, reporting every unknown key and misplaced value, and the
/// other problems of the same file too: the text is read as a plain table first, the
/// unknown keys are reported and left out, and the rest is read as `T`. `first_line` is the
/// file line the text starts on. `None` when `T` could not be read at all.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    first_line: usize,
    shape: &Shape,
    help: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    let short = |mut d: Diagnostic| {
        d.message = crate::text::excerpt(&d.message, 300);
        d
    };
    let table = match toml::from_str::<toml::Table>(text) {
        Ok(table) => table,
        Err(e) => {
            problems.push(short(toml_diagnostic(path, text, first_line, &e, help)));
            return None;
        }
    };
    let before = problems.len();
    let table = shape.problems(path, text, first_line, table, problems);
    if problems.len() == before {
        return match toml::from_str::<T>(text) {
            Ok(value) => Some(value),
            Err(e) => {
                problems.push(short(toml_diagnostic(path, text, first_line, &e, help)));
                None
            }
        };
    }
    // The rest, without the keys already reported (no places: the text is not read again).
    match toml::Value::Table(table).try_into::<T>() {
        Ok(value) => Some(value),
        Err(e) => {
            let message = e.message().trim().to_string();
            // A required key missing where an unknown one was reported is that key
            // misspelled: said once.
            if message.starts_with("missing field") {
                return None;
            }
            let key = shape
                .keys
                .iter()
                .find(|k| message.contains(&format!("`{k}`")));
            let mut d = Diagnostic::new(path, crate::text::excerpt(&message, 300)).help(help);
            if let Some(key) = key {
                d = d.at_line(key_line(text, key) + first_line - 1);
            }
            problems.push(d);
            None
        }
    }
}

/// Line and column of the first `key = ` (or `[key]`) in `text`; (1, 1) if absent.
fn key_place(text: &str, key: &str) -> (usize, usize) {
    for (i, l) in text.lines().enumerate() {
        let trimmed = l.trim_start();
        let column = l.len() - trimmed.len() + 1;
        let rest = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")));
        if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
            return (i + 1, l[..column - 1].chars().count() + 1);
        }
        if trimmed
            .strip_prefix('[')
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix(key))
            .is_some_and(|r| r.trim_start().starts_with(']'))
        {
            return (i + 1, l[..column - 1].chars().count() + 1);
        }
    }
    (1, 1)
}
