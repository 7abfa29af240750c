//! Maintainers' corrections: `<notice>.facts.toml` beside a notice adds, corrects, removes or
//! confirms facts. Every entry is checked against the notice (a quote must be in it, a fact
//! to remove must have been extracted), and problems name the file and line.
//!
//! ```toml
//! [[fact]]
//! action = "add"            # add | correct | remove | confirm
//! facet = "recipients"
//! value = "nhs-england"
//! quote = "providing Client-Level Data to NHS Digital"   # add: words of the notice
//! note = "why"              # optional
//!
//! [[fact]]
//! action = "correct"
//! facet = "lawful_basis"
//! value = "ukgdpr:6.1.a"    # the extracted value
//! to = "ukgdpr:6.1.e"       # what it should be
//! ```

use crate::text::collapse_whitespace as collapse;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{registry, reviewed_path, Facet, Fact, Origin};
use crate::error::{line_col, toml_diagnostic, Diagnostic};
use crate::model::site::{Notice, Org, Site};

const HELP: &str = "each [[fact]] takes action (add | correct | remove | confirm), facet, value, and quote (add), to (correct), note (optional)";

/// What to do with a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Add,
    Correct,
    Remove,
    Confirm,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub action: Action,
    pub facet: String,
    pub value: String,
    #[serde(default)]
    pub quote: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    #[serde(default)]
    fact: Vec<Spanned<Entry>>,
}

/// A parsed reviewed-facts file: its entries with their line numbers.
#[derive(Debug, Clone)]
pub struct ReviewedFile {
    pub path: PathBuf,
    pub entries: Vec<(usize, Entry)>,
}

/// Reads the reviewed-facts file of a notice, if it has one.
pub fn load_for(notice: &Notice) -> Result<Option<ReviewedFile>, Diagnostic> {
    if notice.source_path.as_os_str().is_empty() {
        return Ok(None);
    }
    let path = reviewed_path(&notice.source_path);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Diagnostic::new(&path, format!("cannot read file: {e}")))?;
    parse(&path, &text).map(Some)
}

/// Parses a reviewed-facts file's text.
pub fn parse(path: &Path, text: &str) -> Result<ReviewedFile, Diagnostic> {
    let file: FileToml =
        toml::from_str(text).map_err(|e| toml_diagnostic(path, text, 1, &e, HELP))?;
    let entries = file
        .fact
        .into_iter()
        .map(|spanned| {
            let (line, _) = line_col(text, spanned.span().start);
            (line, spanned.into_inner())
        })
        .collect();
    Ok(ReviewedFile {
        path: path.to_path_buf(),
        entries,
    })
}

/// Applies a reviewed-facts file to a notice's extracted facts. Problems go to `problems`;
/// the facts returned are only meaningful when none were added.
pub fn apply(
    file: &ReviewedFile,
    org: &Org,
    notice: &Notice,
    mut facts: Vec<Fact>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Fact> {
    for (line, entry) in &file.entries {
        let line = *line;
        let problem = |message: String, help: &str| {
            Diagnostic::new(&file.path, message)
                .at_line(line)
                .help(help)
        };
        let Some(facet) = Facet::from_id(&entry.facet) else {
            let ids: Vec<&str> = Facet::ALL.iter().map(|f| f.id()).collect();
            problems.push(problem(
                format!("unknown facet {:?}", entry.facet),
                &format!("use one of: {}", ids.join(", ")),
            ));
            continue;
        };
        let check_value = |value: &str, problems: &mut Vec<Diagnostic>| -> Option<String> {
            match registry::value_label(facet, value) {
                Some(label) if !value.trim().is_empty() => Some(label),
                _ => {
                    problems.push(problem(
                        format!("{value:?} is not a value of facet {}", facet.id()),
                        value_help(facet),
                    ));
                    None
                }
            }
        };
        let matching = |facts: &[Fact]| {
            facts
                .iter()
                .any(|f| f.facet == facet && *f.value == *entry.value)
        };
        match entry.action {
            Action::Add => {
                let Some(label) = check_value(&entry.value, problems) else {
                    continue;
                };
                if entry.quote.trim().is_empty() {
                    problems.push(problem(
                        "an added fact needs a quote".to_string(),
                        "copy the words of the notice that state it into `quote`",
                    ));
                    continue;
                }
                let Some((anchor, heading)) = find_quote(notice, &entry.quote) else {
                    problems.push(problem(
                        format!("quote not found in {}: {:?}", notice_file(notice), entry.quote),
                        "copy the words exactly as the notice has them (spacing may differ, wording may not)",
                    ));
                    continue;
                };
                facts.retain(|f| !(f.facet == facet && *f.value == *entry.value));
                facts.push(Fact {
                    org: org.slug.as_str().into(),
                    notice: notice.slug.as_str().into(),
                    anchor: anchor.into(),
                    heading: heading.into(),
                    facet,
                    value: entry.value.as_str().into(),
                    label: label.into(),
                    quote: collapse(&entry.quote).into(),
                    detail: entry.note.as_str().into(),
                    origin: Origin::Reviewed,
                });
            }
            Action::Remove | Action::Correct | Action::Confirm => {
                if !matching(&facts) {
                    problems.push(problem(
                        format!(
                            "no extracted {} fact with value {:?} to {}",
                            facet.id(),
                            entry.value,
                            action_word(entry.action)
                        ),
                        "the extractor no longer finds it (perhaps fixed); delete this entry, or use action = \"add\"",
                    ));
                    continue;
                }
                match entry.action {
                    Action::Remove => {
                        facts.retain(|f| !(f.facet == facet && *f.value == *entry.value));
                    }
                    Action::Confirm => {
                        for f in facts
                            .iter_mut()
                            .filter(|f| f.facet == facet && *f.value == *entry.value)
                        {
                            f.origin = Origin::Reviewed;
                        }
                    }
                    _ => {
                        if entry.to.trim().is_empty() {
                            problems.push(problem(
                                "a correction needs `to`, the right value".to_string(),
                                value_help(facet),
                            ));
                            continue;
                        }
                        let Some(label) = check_value(&entry.to, problems) else {
                            continue;
                        };
                        for f in facts
                            .iter_mut()
                            .filter(|f| f.facet == facet && *f.value == *entry.value)
                        {
                            f.value = entry.to.as_str().into();
                            f.label = label.as_str().into();
                            f.origin = Origin::Reviewed;
                            if !entry.note.is_empty() {
                                f.detail = entry.note.as_str().into();
                            }
                        }
                    }
                }
            }
        }
    }
    // One fact per section, facet and value, sections in notice order.
    let order = |anchor: &str| {
        notice
            .sections
            .iter()
            .position(|s| s.anchor == anchor)
            .unwrap_or(usize::MAX)
    };
    facts.sort_by_key(|f| order(&f.anchor));
    let mut seen = std::collections::HashSet::new();
    facts.retain(|f| seen.insert((f.anchor.clone(), f.facet, f.value.clone())));
    facts
}

/// Reviewed-facts files with no notice beside them.
pub fn stray_files(site: &Site) -> Vec<Diagnostic> {
    let mut expected = std::collections::BTreeSet::new();
    let mut dirs = std::collections::BTreeSet::new();
    for notice in site.orgs.iter().flat_map(|o| &o.notices) {
        if let Some(dir) = notice.source_path.parent() {
            dirs.insert(dir.to_path_buf());
        }
        expected.insert(reviewed_path(&notice.source_path));
    }
    let mut problems = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let is_facts = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".facts.toml"));
            if is_facts && !expected.contains(&path) {
                problems.push(
                    Diagnostic::new(&path, "reviewed-facts file with no notice beside it")
                        .help("name it after its notice: <notice>.md has <notice>.facts.toml"),
                );
            }
        }
    }
    problems
}

/// The section whose text holds `quote` (whitespace-insensitive): its anchor and heading.
fn find_quote(notice: &Notice, quote: &str) -> Option<(String, String)> {
    let wanted = collapse(quote);
    notice
        .sections
        .iter()
        .find(|s| s.text.contains(&wanted) || s.blocks.iter().any(|b| b.contains(&wanted)))
        .map(|s| {
            let heading = if s.anchor.is_empty() {
                notice.title.clone()
            } else {
                s.heading_path()
            };
            (s.anchor.clone(), heading)
        })
}

fn notice_file(notice: &Notice) -> String {
    notice
        .source_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| notice.slug.clone())
}

fn action_word(action: Action) -> &'static str {
    match action {
        Action::Add => "add",
        Action::Correct => "correct",
        Action::Remove => "remove",
        Action::Confirm => "confirm",
    }
}

fn value_help(facet: Facet) -> &'static str {
    match facet {
        Facet::LawfulBasis => "lawful bases are ukgdpr:6.1.a … ukgdpr:6.1.f or ukgdpr:6.1.ea",
        Facet::SpecialCategory => "conditions are ukgdpr:9.2.a … ukgdpr:9.2.j or dpa2018:sch1.p<part>.<paragraph>",
        Facet::Recipients | Facet::Sources | Facet::Processors => {
            "use an id from generator/src/facts/registry.rs (e.g. nhs-england, ukhsa, cabinet-office)"
        }
        Facet::Retention => "use period:P<n>Y|M|W|D (e.g. period:P20Y) or a criteria: id from registry.rs",
        _ => "see the values listed for this facet in generator/src/facts/registry.rs",
    }
}
