//! Which section of a hit to show and the excerpt of it: the words the query matched,
//! found again in the stored text with the index's own analyzer.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
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
/// keeps the first letters of its word), and each distinct word once per query: a notice
/// repeats its words (`our`, `council`, `data`) hundreds of times.
struct WordMatcher {
    terms: HashSet<String>,
    prefix: Option<Partial>,
    leads: Leads,
    analyzer: tantivy::tokenizer::TextAnalyzer,
    /// Each word analysed so far, as written, and the term it matched (`None`: no match).
    analysed: HashMap<String, Option<String>, BuildHasherDefault<WordHasher>>,
}

/// The first one or two letters of every term that can match, as a table an ASCII word's
/// first two bytes are looked up in. (A word with any other character is always analysed:
/// a lead that is not ASCII can only begin such a word.)
struct Leads {
    /// No term can match: nothing is analysed.
    none: bool,
    /// An empty lead: every word is analysed.
    every: bool,
    /// Bit `b` set: a lead of the one letter `b`.
    single: u128,
    /// Bit `b` of entry `a` set: a lead of the two letters `a`, `b`.
    pairs: [u128; 128],
}

impl Leads {
    fn new(leads: &[String]) -> Leads {
        let mut table = Leads {
            none: leads.is_empty(),
            every: false,
            single: 0,
            pairs: [0; 128],
        };
        for lead in leads.iter().filter(|l| l.is_ascii()) {
            match *lead.as_bytes() {
                [] => table.every = true,
                [a] => table.single |= 1 << a,
                [a, b] => table.pairs[usize::from(a)] |= 1 << b,
                _ => {}
            }
        }
        table
    }

    /// Whether the ASCII word `word` begins with a lead, letters in either case.
    #[inline(always)]
    fn may_start(&self, word: &[u8]) -> bool {
        let Some(&first) = word.first() else {
            return self.every;
        };
        let a = first.to_ascii_lowercase();
        self.every
            || self.single & (1 << a) != 0
            || word
                .get(1)
                .is_some_and(|b| self.pairs[usize::from(a)] & (1 << b.to_ascii_lowercase()) != 0)
    }
}

/// A small, fast hash for the words of one query's hits (Fx-style: rotate, xor, multiply).
/// Their text is the site's own, so there is no one to attack the table.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
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
        WordMatcher {
            terms,
            prefix,
            leads: Leads::new(&leads),
            analyzer: schema::analyzer(),
            analysed: HashMap::default(),
        }
    }

    fn matches(&self, term: &str) -> bool {
        self.terms.contains(term) || self.prefix.as_ref().is_some_and(|p| p.matches(term))
    }

    /// The words of `text` the query matched, in order.
    fn found(&mut self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        if self.leads.none {
            return out;
        }
        // Walked byte by byte (a character's width only where it is not ASCII): this loop
        // reads every character of every hit's notice.
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let start = at;
            let (width, alphanumeric) = char_at(text, at);
            at += width;
            if !alphanumeric {
                continue;
            }
            let mut ascii = width == 1;
            while at < bytes.len() {
                if bytes[at].is_ascii_alphanumeric() {
                    at += 1;
                    continue;
                }
                let (width, alphanumeric) = char_at(text, at);
                if !alphanumeric {
                    break;
                }
                ascii = false;
                at += width;
            }
            let end = at;
            if ascii && !self.leads.may_start(&bytes[start..end]) {
                continue;
            }
            let word = &text[start..end];
            let term = match self.analysed.get(word) {
                Some(known) => known.clone(),
                None => {
                    let term =
                        schema::first_token(&mut self.analyzer, word).filter(|t| self.matches(t));
                    self.analysed.insert(word.to_string(), term.clone());
                    term
                }
            };
            if let Some(term) = term {
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
    use crate::test_index::corpus;

    /// Every word of `text` analysed, none skipped: what `WordMatcher::found` must find.
    fn found_by_analysing_all(matcher: &WordMatcher, text: &str) -> Vec<(usize, usize, String)> {
        let mut analyzer = schema::analyzer();
        let mut out = Vec::new();
        let mut start = None;
        for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(at),
                (false, Some(s)) => {
                    let term = schema::first_token(&mut analyzer, &text[s..at]);
                    if let Some(term) = term.filter(|t| matcher.matches(t)) {
                        out.push((s, at, term));
                    }
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn found_words_are_those_analysing_every_word_finds() {
        let index = corpus();
        let fields = AtlasSchema::build();
        let text = "Our council's Council Tax team: councils, COUNCILLORS and taxes. Data, \
            DATA-sharing, datum; opted out (opt-out) of the national data opt-out. Naïve \
            café CAFÉ Über über ÉCOLE. Safeguarding safeguards SAFEGUARD safe-guarding. \
            Rights, right, RIGHTS, righteous; records recorded Recording police polic x a \
            I 42 4th";
        for query in [
            "council tax",
            "\"national data opt-out\"",
            "safeguar",
            "records polic",
            "heading:rights",
            "cafe ecole",
            "über",
            "a i x",
            "4th 42",
        ] {
            for ranked in index.engine.plan(query).0 {
                let mut matcher = WordMatcher::new(&fields, query, &*ranked);
                let expected = found_by_analysing_all(&matcher, text);
                assert!(!expected.is_empty(), "{query}");
                let mut found = || -> Vec<_> {
                    matcher
                        .found(text)
                        .into_iter()
                        .map(|w| (w.start, w.end, w.term))
                        .collect()
                };
                assert_eq!(found(), expected, "{query}");
                // Asked again, the words come from the matcher's memory of them.
                assert_eq!(found(), expected, "{query}, again");
            }
        }
    }

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
