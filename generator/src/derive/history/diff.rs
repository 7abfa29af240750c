//! What changed in a notice's text between two versions: sentence by sentence (headings
//! as their own lines), and word by word inside a sentence that was reworded rather than
//! replaced. Only the changes are kept, each with a sentence of context either side,
//! grouped under the heading they fall in.

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, ChangeTag, DiffOp};

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
    let (a, b) = (tokens(a), tokens(b));
    let ops = capture_diff_slices(Algorithm::Patience, &a, &b);
    similar::get_diff_ratio(&ops, a.len(), b.len()) >= REWORDED
}

/// Words, runs of white space and single punctuation marks, so that "task)." and
/// "task) and" share "task" and ")".
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let class = |c: char| {
        if c.is_alphanumeric() {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut previous: Option<u8> = None;
    for (i, c) in text.char_indices() {
        let k = class(c);
        if i > start && (previous != Some(k) || k == 2) {
            out.push(&text[start..i]);
            start = i;
        }
        previous = Some(k);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// A reworded sentence as runs of kept, removed and added words.
fn words(old: &str, new: &str) -> Vec<Run> {
    let (a, b) = (tokens(old), tokens(new));
    let mut runs: Vec<Run> = Vec::new();
    let mut push = |kind: &'static str, text: &str| match runs.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => runs.push(Run {
            kind,
            text: text.to_string(),
        }),
    };
    for op in capture_diff_slices(Algorithm::Patience, &a, &b) {
        for change in op.iter_changes(&a, &b) {
            let kind = match change.tag() {
                ChangeTag::Equal => "same",
                ChangeTag::Delete => "removed",
                ChangeTag::Insert => "added",
            };
            push(kind, change.value());
        }
    }
    // A lone space kept between two changes of one kind joins them; spaces at the ends
    // of a change go outside its mark.
    let mut merged: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        let run = runs[i].clone();
        if run.kind == "same"
            && run.text.trim().is_empty()
            && i > 0
            && i + 1 < runs.len()
            && merged
                .last()
                .is_some_and(|m: &Run| m.kind != "same" && m.kind == runs[i + 1].kind)
        {
            if let Some(last) = merged.last_mut() {
                last.text.push_str(&run.text);
                last.text.push_str(&runs[i + 1].text);
            }
            i += 2;
            continue;
        }
        merged.push(run);
        i += 1;
    }
    let mut out: Vec<Run> = Vec::new();
    for run in merged {
        if run.kind == "same" {
            push_same(&mut out, &run.text);
            continue;
        }
        let trimmed = run.text.trim();
        if trimmed.is_empty() {
            continue;
        }
        if run.text.starts_with(char::is_whitespace) {
            push_same(&mut out, " ");
        }
        out.push(Run {
            kind: run.kind,
            text: trimmed.to_string(),
        });
        if run.text.ends_with(char::is_whitespace) {
            push_same(&mut out, " ");
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
    fn punctuation_is_its_own_word() {
        assert_eq!(
            tokens("(public task)."),
            ["(", "public", " ", "task", ")", "."]
        );
        let old = "## Basis\n\nThe basis is Article 6(1)(e) (public task).\n";
        let new = "## Basis\n\nThe basis is Article 6(1)(e) (public task) and Article 9(2)(h).\n";
        let lines = kinds(&diff(old, new));
        assert_eq!(
            lines,
            vec![(
                "changed",
                "The basis is Article 6(1)(e) (public task) [+and Article 9(2)(h)].".to_string()
            )]
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
