//! Search that forgives typos. A word of the query that no notice contains is replaced by
//! the indexed word closest to it: one edit away for words of up to seven letters, two for
//! longer ones (a swap of two neighbouring letters is one edit). Words shorter than four
//! letters, words some notice contains, phrases, field values and excluded words are left
//! as typed, so a notice with the word as typed always ranks as it would without this.
//!
//! Only the indexed words sharing the typed word's first letter are compared, which keeps
//! the dictionary blocks a reader fetching the index by byte range needs to those of one
//! letter: the first letter of a word is the one people mistype least.

use std::collections::HashMap;
use std::sync::Mutex;

use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::prefix::{prefix_end, trailing_partial_word, Partial};
use crate::schema;

/// Shortest word (in letters) corrected, with one edit.
const MIN_CORRECTED_CHARS: usize = 4;
/// Shortest word corrected with up to two edits.
const TWO_EDITS_CHARS: usize = 8;
/// Most unknown words whose closest indexed word is remembered.
const REMEMBERED_WORDS: usize = 512;

/// The closest indexed word found for each unknown word, by its folded and stemmed forms.
/// Finding one reads every indexed word of its first letter; a reader typing a query asks
/// again for the same words at each key press, and the index never changes once open.
#[derive(Default)]
pub(crate) struct Corrections {
    closest: Mutex<HashMap<(String, String), Option<String>>>,
}

impl Corrections {
    fn get(&self, word: &QueryWord) -> Option<Option<String>> {
        let closest = self.closest.lock().expect("corrections lock");
        closest
            .get(&(word.folded.clone(), word.stem.clone()))
            .cloned()
    }

    fn remember(&self, word: &QueryWord, found: &Option<String>) {
        let mut closest = self.closest.lock().expect("corrections lock");
        if closest.len() >= REMEMBERED_WORDS {
            closest.clear();
        }
        closest.insert((word.folded.clone(), word.stem.clone()), found.clone());
    }
}

/// Whether a search may replace unknown words by the closest indexed ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Spelling {
    /// Correct words no notice contains (the default).
    #[default]
    Correct,
    /// Search the words exactly as typed.
    AsTyped,
}

/// A word of the query that may be corrected: where it is, and how the index reads it.
struct QueryWord {
    start: usize,
    end: usize,
    /// Lower-cased and accent-folded, not stemmed.
    folded: String,
    /// As the index holds it (stemmed).
    stem: String,
    /// Still being typed: the last word, not followed by a space.
    partial: Option<Partial>,
}

/// The query with each unknown word replaced by the closest indexed word, or `None` when
/// every word is known or none has a close enough neighbour. Reads the dictionaries of
/// `fields` (the searched ones); an error is a read that failed (for a reader fetching by
/// byte range: pages not loaded yet, recorded by its directory).
pub(crate) fn corrected(
    searcher: &Searcher,
    fields: &[Field],
    remembered: &Corrections,
    text: &str,
) -> tantivy::Result<Option<String>> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut changed = false;
    for word in words(text) {
        if known(searcher, fields, &word)? {
            continue;
        }
        let replacement = match remembered.get(&word) {
            Some(found) => found,
            None => {
                let found = closest(searcher, fields, &word)?;
                remembered.remember(&word, &found);
                found
            }
        };
        let Some(replacement) = replacement else {
            continue;
        };
        out.push_str(&text[at..word.start]);
        out.push_str(&replacement);
        at = word.end;
        changed = true;
    }
    out.push_str(&text[at..]);
    Ok(changed.then_some(out))
}

/// The plain words of a query that may be corrected: outside quotes, standing alone
/// (after a space, `(` or `+`, before a space or `)`), not an operator.
fn words(text: &str) -> Vec<QueryWord> {
    let mut out = Vec::new();
    let mut analyzer = schema::analyzer();
    let mut unstemmed = schema::unstemmed_analyzer();
    let partial_at = trailing_partial_word(text).map(|(rest, _)| rest.len());
    let mut in_quotes = false;
    let mut chars = text.char_indices().peekable();
    let mut before: Option<char> = None;
    while let Some((start, c)) = chars.next() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if !c.is_alphanumeric() {
            before = Some(c);
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        let after = text[end..].chars().next();
        let alone_before = before.is_none_or(|c| c.is_whitespace() || c == '(' || c == '+');
        let alone_after = after.is_none_or(|c| c.is_whitespace() || c == ')');
        before = text[..end].chars().next_back();
        let word = &text[start..end];
        if in_quotes || !alone_before || !alone_after || matches!(word, "AND" | "OR" | "NOT") {
            continue;
        }
        let (Some(folded), Some(stem)) = (
            schema::first_token(&mut unstemmed, word),
            schema::first_token(&mut analyzer, word),
        ) else {
            continue;
        };
        if folded.chars().count() < MIN_CORRECTED_CHARS {
            continue;
        }
        let partial = (partial_at == Some(start))
            .then(|| Partial::of_word(word))
            .flatten();
        out.push(QueryWord {
            start,
            end,
            folded,
            stem,
            partial,
        });
    }
    out
}

/// Whether some notice has the word (or, for a word still being typed, a word it starts).
fn known(searcher: &Searcher, fields: &[Field], word: &QueryWord) -> tantivy::Result<bool> {
    for &field in fields {
        if searcher.doc_freq(&Term::from_field_text(field, &word.stem))? > 0 {
            return Ok(true);
        }
        let Some(partial) = &word.partial else {
            continue;
        };
        for whole in &partial.whole {
            if searcher.doc_freq(&Term::from_field_text(field, whole))? > 0 {
                return Ok(true);
            }
        }
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut range = inverted.terms().range().ge(partial.prefix.as_bytes());
            if let Some(end) = prefix_end(partial.prefix.as_bytes()) {
                range = range.lt(end);
            }
            let mut stream = range.into_stream()?;
            if stream.advance() && stream.key().starts_with(partial.prefix.as_bytes()) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The indexed word closest to `word` within its edit budget, as the reader would write
/// it; ties go to the word more notices contain.
fn closest(
    searcher: &Searcher,
    fields: &[Field],
    word: &QueryWord,
) -> tantivy::Result<Option<String>> {
    let budget = if word.folded.chars().count() >= TWO_EDITS_CHARS {
        2
    } else {
        1
    };
    let Some(first) = word.folded.chars().next() else {
        return Ok(None);
    };
    let (low, high) = letter_range(first);
    let folded: Vec<char> = word.folded.chars().collect();
    let stem: Vec<char> = word.stem.chars().collect();
    // (edits, notices containing it as a negative for ordering, term)
    let mut best: Option<(usize, i64, String)> = None;
    let mut candidate: Vec<char> = Vec::new();
    for &field in fields {
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(low.as_bytes())
                .lt(high.as_bytes())
                .into_stream()?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                candidate.clear();
                candidate.extend(term.chars());
                let edits = [&folded, &stem]
                    .iter()
                    .filter_map(|w| edits_within(w, &candidate, budget))
                    .min();
                let Some(edits) = edits else {
                    continue;
                };
                let key = (edits, -i64::from(stream.value().doc_freq), term.to_string());
                if best.as_ref().is_none_or(|b| key < *b) {
                    best = Some(key);
                }
            }
        }
    }
    Ok(best.map(|(_, _, term)| spelled_like(word, &term)))
}

/// The keys of the terms starting with `letter`: from the letter to the next one.
fn letter_range(letter: char) -> (String, String) {
    let low = letter.to_string();
    let next = char::from_u32(letter as u32 + 1).unwrap_or(char::MAX);
    (low, next.to_string())
}

/// An indexed (stemmed) term written as the reader would: the ending they typed after the
/// stem put back when the result still stems to the term ("safegaurding" whose stem
/// "safegaurd" became "safeguard" reads "safeguarding"), else the term itself.
fn spelled_like(word: &QueryWord, term: &str) -> String {
    if let Some(ending) = word.folded.strip_prefix(word.stem.as_str()) {
        let spelled = format!("{term}{ending}");
        if schema::first_token(&mut schema::analyzer(), &spelled).as_deref() == Some(term) {
            return spelled;
        }
    }
    term.to_string()
}

/// The edit distance between `a` and `b` (insertions, deletions, substitutions and swaps
/// of neighbouring letters, each one edit), if it is at most `max`.
pub(crate) fn edits_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    // Three rows of the distance table: two back (for swaps), previous, current.
    let mut rows = vec![0usize; 3 * width];
    for (j, cell) in rows[width..2 * width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (older, rest) = rows.split_at_mut(width);
        let (prev, cur) = rest.split_at_mut(width);
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(older[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        rows.rotate_left(width);
    }
    // After the last rotation the current row sits in the middle.
    let last = rows[width + b.len()];
    (last <= max).then_some(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SearchOptions;
    use crate::test_index::*;

    fn typos() -> TestIndex {
        engine(&[
            section(
                "kent",
                "Safeguarding",
                "We share information to safeguard children and adults at risk.",
            ),
            section(
                "bath",
                "Guidance",
                "National guidance on records management applies to this notice.",
            ),
            section(
                "leeds",
                "Payments",
                "When you pay an invoice we keep the invoice for six years.",
            ),
            section(
                "worcs",
                "Surveys",
                "We use Survey Monkey to run surveys about our services.",
            ),
            section(
                "york",
                "Monky business",
                "A notice that spells monky as typed, for the exact match.",
            ),
        ])
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn edit_distance_counts_a_swap_as_one() {
        assert_eq!(edits_within(&chars("gaur"), &chars("guar"), 2), Some(1));
        assert_eq!(edits_within(&chars("invois"), &chars("invoic"), 1), Some(1));
        assert_eq!(edits_within(&chars("monky"), &chars("monkey"), 1), Some(1));
        assert_eq!(edits_within(&chars("abc"), &chars("abc"), 0), Some(0));
        assert_eq!(edits_within(&chars("kitten"), &chars("sitting"), 2), None);
        assert_eq!(
            edits_within(&chars("kitten"), &chars("sitting"), 3),
            Some(3)
        );
        assert_eq!(edits_within(&chars(""), &chars("ab"), 2), Some(2));
    }

    #[test]
    fn misspelt_words_find_the_right_notices() {
        let e = typos();
        for (typed, org, searched) in [
            ("safegaurding", "kent", "safeguarding"),
            ("Guidence", "bath", "guidance"),
            ("invoise ", "leeds", "invoice "),
            ("records guidence", "bath", "records guidance"),
        ] {
            let r = e.search(typed, SearchOptions::default()).unwrap();
            assert_eq!(orgs(&r), [org], "{typed}");
            assert_eq!(r.searched.as_deref(), Some(searched), "{typed}");
            assert_eq!(r.query, typed);
        }
    }

    #[test]
    fn the_corrected_word_is_highlighted() {
        let r = typos().search("invoise", SearchOptions::default()).unwrap();
        assert!(
            r.hits[0]
                .snippet_text("[", "]")
                .contains("pay an [invoice]"),
            "{:?}",
            r.hits[0].snippet
        );
    }

    #[test]
    fn a_word_some_notice_has_is_searched_as_typed() {
        let e = typos();
        // "monky" is in one notice: that one is found, and nothing is corrected.
        let r = e.search("monky ", SearchOptions::default()).unwrap();
        assert_eq!(orgs(&r), ["york"]);
        assert_eq!(r.searched, None);
        let r = e.search("monkey ", SearchOptions::default()).unwrap();
        assert_eq!(orgs(&r), ["worcs"]);
        // Well spelt queries report nothing.
        let r = e.search("invoice", SearchOptions::default()).unwrap();
        assert_eq!(r.searched, None);
    }

    #[test]
    fn short_words_phrases_fields_and_exclusions_are_not_corrected() {
        let e = typos();
        for q in [
            "paj ",
            "\"guidence\"",
            "heading:guidence",
            "invoice -guidence",
            "zzzzzzzz",
        ] {
            let r = e.search(q, SearchOptions::default()).unwrap();
            assert_eq!(r.searched, None, "{q}");
        }
    }

    #[test]
    fn one_edit_for_short_words_two_for_long_ones() {
        let e = typos();
        // Seven letters, two edits away from "invoice": not corrected.
        let r = e.search("imvoise ", SearchOptions::default()).unwrap();
        assert_eq!(r.total, 0);
        // Eleven letters, two edits ("safgaurding": a missing letter and a swap).
        let r = e.search("safgaurding ", SearchOptions::default()).unwrap();
        assert_eq!(orgs(&r), ["kent"]);
    }

    #[test]
    fn words_can_be_searched_as_typed() {
        let e = typos();
        let r = e
            .engine
            .search_with(
                "safegaurding",
                SearchOptions::default(),
                &e.notices,
                Spelling::AsTyped,
            )
            .unwrap();
        assert_eq!(r.total, 0);
        assert_eq!(r.searched, None);
    }
}
