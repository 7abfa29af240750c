//! What changed in a notice's text between two versions: sentence by sentence (headings
//! as their own lines), and word by word inside a sentence that was reworded rather than
//! replaced. Only the changes are kept, each with a sentence of context either side,
//! grouped under the heading they fall in.

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, ChangeTag, DiffOp, TextDiff};

use crate::facts::extract::sentences;
use crate::model::markdown;

/// Sentences of context kept before and after a change.
const CONTEXT: usize = 1;
/// How alike (0–1, by words) a removed and an added sentence must be to be shown as one
/// sentence reworded.
const REWORDED: f32 = 0.5;

/// One line of the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// `same`, `added`, `removed` or `changed` (reworded: see `words`).
    pub kind: &'static str,
    /// A heading rather than a sentence.
    pub heading: bool,
    /// The text, for `same`, `added` and `removed`.
    pub text: String,
    /// For `changed`: the sentence as runs of `same`, `added` and `removed` words.
    pub words: Vec<Run>,
}

/// Words of one kind in a reworded sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub kind: &'static str,
    pub text: String,
}

/// The changes under one heading (the introduction's heading is empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hunk {
    pub heading: String,
    pub lines: Vec<Line>,
}

/// The whole diff and its counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TextChanges {
    pub hunks: Vec<Hunk>,
    pub added: usize,
    pub removed: usize,
    pub reworded: usize,
}

/// A line of text in reading order: a heading, or a sentence under `heading`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Unit {
    heading: bool,
    text: String,
}

/// The notice's text as headings and sentences.
fn units(notice_markdown: &str) -> Vec<Unit> {
    let rendered = markdown::render(notice_markdown);
    let mut out = Vec::new();
    for section in &rendered.sections {
        if !section.heading.is_empty() {
            out.push(Unit {
                heading: true,
                text: section.heading.clone(),
            });
        }
        for block in &section.blocks {
            for (start, end) in sentences(block) {
                let text = block[start..end].trim();
                if !text.is_empty() {
                    out.push(Unit {
                        heading: false,
                        text: text.to_string(),
                    });
                }
            }
        }
    }
    out
}

/// What changed from `old` to `new` (two notices' Markdown bodies).
pub fn diff(old: &str, new: &str) -> TextChanges {
    diff_units(&units(old), &units(new))
}

fn diff_units(old: &[Unit], new: &[Unit]) -> TextChanges {
    let mut changes = TextChanges::default();
    // Every line in order, with the heading it falls under.
    let mut lines: Vec<(String, Line)> = Vec::new();
    let mut heading = String::new();
    let line = |kind: &'static str, unit: &Unit| Line {
        kind,
        heading: unit.heading,
        text: unit.text.clone(),
        words: Vec::new(),
    };
    for op in capture_diff_slices(Algorithm::Patience, old, new) {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                for unit in &new[new_index..new_index + len] {
                    if unit.heading {
                        heading = unit.text.clone();
                    } else {
                        lines.push((heading.clone(), line("same", unit)));
                    }
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for unit in &old[old_index..old_index + old_len] {
                    changes.removed += 1;
                    lines.push((heading.clone(), line("removed", unit)));
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for unit in &new[new_index..new_index + new_len] {
                    if unit.heading {
                        heading = unit.text.clone();
                    }
                    changes.added += 1;
                    lines.push((heading.clone(), line("added", unit)));
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let old = &old[old_index..old_index + old_len];
                let new = &new[new_index..new_index + new_len];
                for i in 0..old.len().max(new.len()) {
                    match (old.get(i), new.get(i)) {
                        (Some(o), Some(n)) if o.heading == n.heading && alike(&o.text, &n.text) => {
                            if n.heading {
                                heading = n.text.clone();
                            }
                            changes.reworded += 1;
                            lines.push((
                                heading.clone(),
                                Line {
                                    kind: "changed",
                                    heading: n.heading,
                                    text: String::new(),
                                    words: words(&o.text, &n.text),
                                },
                            ));
                        }
                        (o, n) => {
                            if let Some(o) = o {
                                changes.removed += 1;
                                lines.push((heading.clone(), line("removed", o)));
                            }
                            if let Some(n) = n {
                                if n.heading {
                                    heading = n.text.clone();
                                }
                                changes.added += 1;
                                lines.push((heading.clone(), line("added", n)));
                            }
                        }
                    }
                }
            }
        }
    }
    // Keep the changes and their context under the same heading; a new hunk at each gap
    // or heading.
    let keep: Vec<bool> = (0..lines.len())
        .map(|i| {
            let lo = i.saturating_sub(CONTEXT);
            let hi = (i + CONTEXT).min(lines.len().saturating_sub(1));
            let heading = &lines[i].0;
            lines[lo..=hi]
                .iter()
                .any(|(h, l)| l.kind != "same" && h == heading)
        })
        .collect();
    let mut previous_kept = false;
    for (i, (heading, line)) in lines.into_iter().enumerate() {
        if !keep[i] {
            previous_kept = false;
            continue;
        }
        let continues = previous_kept
            && changes
                .hunks
                .last()
                .is_some_and(|h: &Hunk| h.heading == heading);
        if !continues {
            changes.hunks.push(Hunk {
                heading,
                lines: Vec::new(),
            });
        }
        if let Some(hunk) = changes.hunks.last_mut() {
            hunk.lines.push(line);
        }
        previous_kept = true;
    }
    changes
}

fn alike(a: &str, b: &str) -> bool {
    TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_words(a, b)
        .ratio()
        >= REWORDED
}

/// A reworded sentence as runs of kept, removed and added words (spaces kept with them).
fn words(old: &str, new: &str) -> Vec<Run> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_words(old, new);
    let mut runs: Vec<Run> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Delete => "removed",
            ChangeTag::Insert => "added",
        };
        let text = change.value();
        // White space between two changed words stays with them.
        let kind = if text.trim().is_empty() {
            runs.last().map_or("same", |r| r.kind)
        } else {
            kind
        };
        match runs.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(text),
            _ => runs.push(Run {
                kind,
                text: text.to_string(),
            }),
        }
    }
    // A space ending a changed run belongs between runs, outside the marks.
    let mut out: Vec<Run> = Vec::new();
    for run in runs {
        if run.kind != "same" && run.text.ends_with(' ') && run.text.trim_end() != "" {
            let trimmed = run.text.trim_end().to_string();
            out.push(Run {
                kind: run.kind,
                text: trimmed,
            });
            push_same(&mut out, " ");
        } else if run.kind == "same" {
            push_same(&mut out, &run.text);
        } else {
            out.push(run);
        }
    }
    out
}

fn push_same(out: &mut Vec<Run>, text: &str) {
    match out.last_mut() {
        Some(last) if last.kind == "same" => last.text.push_str(text),
        _ => out.push(Run {
            kind: "same",
            text: text.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(c: &TextChanges) -> Vec<(&'static str, String)> {
        c.hunks
            .iter()
            .flat_map(|h| h.lines.iter())
            .map(|l| {
                let text = if l.kind == "changed" {
                    l.words
                        .iter()
                        .map(|r| match r.kind {
                            "added" => format!("[+{}]", r.text),
                            "removed" => format!("[-{}]", r.text),
                            _ => r.text.clone(),
                        })
                        .collect()
                } else {
                    l.text.clone()
                };
                (l.kind, text)
            })
            .collect()
    }

    const OLD: &str = "## Who we are\n\nWe are a council. We hold records.\n\n## Keeping data\n\nWe keep records for eight years. Then we delete them. We review this yearly.\n";

    #[test]
    fn unchanged_text_has_no_hunks() {
        let c = diff(OLD, OLD);
        assert_eq!(c, TextChanges::default());
    }

    #[test]
    fn sentences_added_and_removed_with_context_under_their_heading() {
        let new = "## Who we are\n\nWe are a council. We hold records. We share them with NHS England.\n\n## Keeping data\n\nWe keep records for eight years. We review this yearly.\n";
        let c = diff(OLD, new);
        assert_eq!((c.added, c.removed, c.reworded), (1, 1, 0));
        assert_eq!(c.hunks.len(), 2);
        assert_eq!(c.hunks[0].heading, "Who we are");
        assert_eq!(
            kinds(&c),
            vec![
                ("same", "We hold records.".to_string()),
                ("added", "We share them with NHS England.".to_string()),
                ("same", "We keep records for eight years.".to_string()),
                ("removed", "Then we delete them.".to_string()),
                ("same", "We review this yearly.".to_string()),
            ]
        );
        assert_eq!(c.hunks[1].heading, "Keeping data");
    }

    #[test]
    fn a_reworded_sentence_is_diffed_word_by_word() {
        let new = OLD.replace("for eight years", "for twelve years");
        let c = diff(OLD, &new);
        assert_eq!((c.added, c.removed, c.reworded), (0, 0, 1));
        let lines = kinds(&c);
        assert!(
            lines.contains(&(
                "changed",
                "We keep records for [-eight][+twelve] years.".to_string()
            )),
            "{lines:?}"
        );
    }

    #[test]
    fn a_replaced_sentence_is_removed_and_added() {
        let new = OLD.replace(
            "Then we delete them.",
            "Paper files are shredded by a contractor.",
        );
        let c = diff(OLD, &new);
        assert_eq!((c.added, c.removed, c.reworded), (1, 1, 0));
    }

    #[test]
    fn a_new_heading_is_a_line_and_heads_its_hunk() {
        let new = format!("{OLD}\n## Your rights\n\nYou may ask for a copy.\n");
        let c = diff(OLD, &new);
        let last = c.hunks.last().unwrap();
        assert_eq!(last.heading, "Your rights");
        assert!(last.lines.iter().any(|l| l.heading && l.kind == "added"));
        assert_eq!(c.added, 2);
    }
}
