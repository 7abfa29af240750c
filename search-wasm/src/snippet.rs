//! Which section of a hit to show and the excerpt of it: the words the query matched,
//! found again in the stored text with the index's own analyzer.

use std::collections::HashSet;
use std::sync::Arc;

use tantivy::query::Query;
use tantivy::DocAddress;

use crate::engine::{Hit, SnippetPart};
use crate::query::Partial;
use crate::schema::{self, AtlasSchema};
use crate::stored::{StoredNotice, StoredSection};

/// Length of the snippet shown under each result, in characters.
pub(crate) const SNIPPET_CHARS: usize = 180;

/// Builds one hit per ranked notice from its stored sections: the section that matches
/// the query best, and an excerpt of it around the matches.
pub(crate) fn hits(
    fields: &AtlasSchema,
    query: &str,
    ranked_query: &dyn Query,
    docs: &[(f32, DocAddress)],
    notices: &[Arc<StoredNotice>],
) -> Vec<Hit> {
    let mut matcher = WordMatcher::new(fields, query, ranked_query);
    docs.iter()
        .zip(notices)
        .map(|(&(score, _), notice)| {
            let mut scored: Vec<(SectionMatch, Vec<Word>)> = notice
                .sections
                .iter()
                .map(|s| matcher.score_section(s))
                .collect();
            // The best section: most distinct words matched, then matches in its heading,
            // then most matches; the earliest wins a tie. Without any match (the notice
            // matched on its title or organisation), its first section with text.
            let best = scored
                .iter()
                .enumerate()
                .filter(|(_, (m, _))| m.distinct > 0)
                .max_by(|(i, (a, _)), (j, (b, _))| a.key().cmp(&b.key()).then(j.cmp(i)))
                .map(|(i, _)| i)
                .or_else(|| notice.sections.iter().position(|s| !s.text.is_empty()))
                .unwrap_or(0);
            let words = if best < scored.len() {
                std::mem::take(&mut scored[best].1)
            } else {
                Vec::new()
            };
            let section = notice.sections.get(best);
            let (heading, anchor) = match section {
                Some(s) if !s.anchor.is_empty() => (s.heading.clone(), s.anchor.clone()),
                _ => (notice.notice_title.clone(), String::new()),
            };
            let url = if anchor.is_empty() {
                notice.url.clone()
            } else {
                format!("{}#{anchor}", notice.url)
            };
            let text = section.map(|s| s.text.as_str()).unwrap_or_default();
            Hit {
                org: notice.org.clone(),
                org_name: notice.org_name.clone(),
                org_kind: notice.org_kind.clone(),
                region: notice.region.clone(),
                notice: notice.notice.clone(),
                notice_title: notice.notice_title.clone(),
                heading,
                anchor,
                url,
                score,
                snippet: snippet(text, &words),
            }
        })
        .collect()
}

/// How well one section matches the query.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct SectionMatch {
    /// Distinct query words found in the heading or the text.
    distinct: usize,
    /// Distinct query words found in the heading.
    in_heading: usize,
    /// Matching words in the text, all counted.
    occurrences: usize,
}

impl SectionMatch {
    fn key(&self) -> (usize, usize, usize) {
        (self.distinct, self.in_heading, self.occurrences)
    }
}

/// Decides which words of a stored text the query matched, the way the index did: the same
/// analyzer, compared with the query's terms and, for a word still being typed, its prefix.
///
/// Stemming every word of every hit would cost more than the search itself, so a word is
/// analysed only when its first two letters are those of a term it could stem to (a stem
/// keeps the first letters of its word).
struct WordMatcher {
    terms: HashSet<String>,
    prefix: Option<Partial>,
    /// The first one or two letters of every term that can match.
    leads: Vec<String>,
    analyzer: tantivy::tokenizer::TextAnalyzer,
}

/// A matching word of a text: where it is and its indexed form.
struct Word {
    start: usize,
    end: usize,
    term: String,
}

/// The width in bytes of the character at byte `at` of `text`, and whether it is
/// alphanumeric (as `char::is_alphanumeric`).
#[inline(always)]
fn char_at(text: &str, at: usize) -> (usize, bool) {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        return (1, byte.is_ascii_alphanumeric());
    }
    let c = text[at..].chars().next().expect("at a character boundary");
    (c.len_utf8(), c.is_alphanumeric())
}

/// The first `n` characters of `text`, lower-cased.
fn lead(text: &str, n: usize) -> String {
    text.chars().take(n).flat_map(char::to_lowercase).collect()
}

impl WordMatcher {
    fn new(fields: &AtlasSchema, text: &str, query: &dyn Query) -> WordMatcher {
        let text_fields = [fields.heading, fields.body];
        let mut terms = HashSet::new();
        query.query_terms(&mut |term, _| {
            let value = term.value();
            let Some(t) = value.as_str() else {
                return;
            };
            if text_fields.contains(&term.field()) {
                terms.insert(t.to_string());
            } else if term.field() == fields.pairs {
                terms.extend(t.split(schema::PAIR_SEPARATOR).map(str::to_string));
            }
        });
        let prefix = Partial::of_query(text);
        let mut leads: Vec<String> = terms.iter().map(|t| lead(t, 2)).collect();
        if let Some(p) = &prefix {
            leads.push(lead(&p.prefix, 2));
            leads.extend(p.whole.iter().map(|w| lead(w, 2)));
        }
        leads.sort();
        leads.dedup();
        WordMatcher {
            terms,
            prefix,
            leads,
            analyzer: schema::analyzer(),
        }
    }

    fn matches(&self, term: &str) -> bool {
        self.terms.contains(term) || self.prefix.as_ref().is_some_and(|p| p.matches(term))
    }

    /// The words of `text` the query matched, in order.
    fn found(&mut self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        if self.leads.is_empty() {
            return out;
        }
        // Walked byte by byte (a character's width only where it is not ASCII): this loop
        // reads every character of every hit's notice.
        let mut at = 0;
        while at < text.len() {
            let start = at;
            let (width, alphanumeric) = char_at(text, at);
            at += width;
            if !alphanumeric {
                continue;
            }
            while at < text.len() {
                let (width, alphanumeric) = char_at(text, at);
                if !alphanumeric {
                    break;
                }
                at += width;
            }
            let end = at;
            let word = &text[start..end];
            let candidate = !word.is_ascii()
                || self.leads.iter().any(|l| {
                    word.len() >= l.len()
                        && word.as_bytes()[..l.len()].eq_ignore_ascii_case(l.as_bytes())
                });
            if !candidate {
                continue;
            }
            let term = schema::first_token(&mut self.analyzer, word);
            if let Some(term) = term.filter(|t| self.matches(t)) {
                out.push(Word { start, end, term });
            }
        }
        out
    }

    /// How well a section matches, and the matching words of its text.
    fn score_section(&mut self, section: &StoredSection) -> (SectionMatch, Vec<Word>) {
        let mut seen: HashSet<String> = HashSet::new();
        let mut in_heading = 0;
        for w in self.found(&section.heading) {
            if seen.insert(w.term) {
                in_heading += 1;
            }
        }
        let words = self.found(&section.text);
        seen.extend(words.iter().map(|w| w.term.clone()));
        let score = SectionMatch {
            distinct: seen.len(),
            in_heading,
            occurrences: words.len(),
        };
        (score, words)
    }
}

/// The largest char boundary of `text` at or below `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// About `SNIPPET_CHARS` of `text` around the run of matches (`hits`, in order) with the
/// most distinct words, cut at word boundaries, the matches marked.
fn snippet(text: &str, hits: &[Word]) -> Vec<SnippetPart> {
    // The window starting at the match that covers the most distinct words.
    let mut best: Option<(usize, usize)> = None;
    for (i, first) in hits.iter().enumerate() {
        let distinct: HashSet<&str> = hits[i..]
            .iter()
            .take_while(|w| w.end <= first.start + SNIPPET_CHARS)
            .map(|w| w.term.as_str())
            .collect();
        if best.is_none_or(|(_, n)| distinct.len() > n) {
            best = Some((i, distinct.len()));
        }
    }
    let (start, end) = match best {
        None => (0, floor_boundary(text, SNIPPET_CHARS)),
        Some((i, _)) => {
            let at = hits[i].start;
            // A little context before the first match, from a word's start.
            let lead = floor_boundary(text, at.saturating_sub(SNIPPET_CHARS / 4));
            let start = if lead == 0 {
                0
            } else {
                text[lead..at]
                    .find(char::is_whitespace)
                    .map(|k| lead + k + 1)
                    .unwrap_or(at)
            };
            (start, floor_boundary(text, start + SNIPPET_CHARS))
        }
    };
    // End at a word boundary unless the text ends first.
    let end = if end < text.len() {
        text[start..end]
            .rfind(char::is_whitespace)
            .map(|k| start + k)
            .filter(|&e| e > start)
            .unwrap_or(end)
    } else {
        end
    };
    let mut parts = Vec::new();
    let mut push = |text: &str, mark: bool| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(SnippetPart {
                text: last,
                mark: m,
            }) if *m == mark => last.push_str(text),
            _ => parts.push(SnippetPart {
                text: text.to_string(),
                mark,
            }),
        }
    };
    if start > 0 {
        push("…", false);
    }
    let mut at = start;
    for w in hits.iter().filter(|w| w.start >= start && w.end <= end) {
        push(&text[at..w.start], false);
        push(&text[w.start..w.end], true);
        at = w.end;
    }
    push(text[at..end].trim_end(), false);
    if end < text.len() {
        push("…", false);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_as_char_is_alphanumeric_splits_them() {
        let text = "Café-crème, naïve 2024; ΔΣ x\u{2014}y  end";
        let mut expected = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let (width, alphanumeric) = char_at(text, at);
            let c = text[at..].chars().next().unwrap();
            assert_eq!((width, alphanumeric), (c.len_utf8(), c.is_alphanumeric()));
            at += width;
            expected.push(c);
        }
        assert_eq!(expected, text.chars().collect::<Vec<_>>());
    }
}
