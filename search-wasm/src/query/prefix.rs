//! Search as you type: the word still being typed is matched as a prefix.

use tantivy::query::{
    BitSetDocSet, BooleanQuery, ConstScorer, EnableScoring, Explanation, Occur, Query, Scorer,
    Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TantivyError, Term};

use super::IndexedTermQuery;
use crate::schema;

/// Shortest partial word that is expanded as a prefix while the reader is still typing.
const MIN_PREFIX_CHARS: usize = 2;
/// Shortest stem tried when a partial word is cut back to a possible stem.
const MIN_STEM_CHARS: usize = 4;

/// Splits `text` into what comes before the last word and the last word, when the text
/// ends inside a plain word (the reader is still typing it). Words in quotes or after a
/// field name are left alone.
pub(crate) fn trailing_partial_word(text: &str) -> Option<(&str, &str)> {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    let (rest, word) = text.split_at(start);
    // A word still being typed follows a space, an opening parenthesis or `+`. After other
    // punctuation it is the last part of a joined word ("opt-out", searched as the words
    // it joins), a field's value, an excluded word or inside a phrase: none is expanded.
    if !(rest.is_empty() || rest.ends_with(|c: char| c.is_whitespace() || c == '(' || c == '+'))
        || text.matches('"').count() % 2 == 1
    {
        return None;
    }
    if matches!(word, "AND" | "OR" | "NOT") {
        return None;
    }
    Some((rest, word))
}

/// A word still being typed, as the index may hold it.
#[derive(Debug, Clone)]
pub(crate) struct Partial {
    /// The word as typed, lower-cased and folded: every indexed term starting with it
    /// matches ("privac" finds the stem "privaci").
    pub prefix: String,
    /// The word cut back by one or two letters, matched as whole terms, because a stem is
    /// often shorter than the word it came from ("nationa" finds "nation", the stem of
    /// "national").
    pub whole: Vec<String>,
}

impl Partial {
    /// The partial last word of `text`, if it ends inside one long enough to expand.
    pub fn of_query(text: &str) -> Option<Partial> {
        trailing_partial_word(text).and_then(|(_, partial)| Partial::of_word(partial))
    }

    /// Terms that a partial word may stand for in the stemmed index.
    pub fn of_word(partial: &str) -> Option<Partial> {
        let raw = schema::first_token(&mut schema::unstemmed_analyzer(), partial)?;
        let chars: Vec<char> = raw.chars().collect();
        if chars.len() < MIN_PREFIX_CHARS {
            return None;
        }
        let mut whole = Vec::new();
        for cut in 1..=2 {
            if chars.len() >= MIN_STEM_CHARS + cut {
                whole.push(chars[..chars.len() - cut].iter().collect());
            }
        }
        Some(Partial { prefix: raw, whole })
    }

    /// Whether an indexed term is one this partial word stands for.
    pub fn matches(&self, term: &str) -> bool {
        term.starts_with(self.prefix.as_str()) || self.whole.iter().any(|w| w == term)
    }

    /// Any of the terms in any of `fields`.
    pub fn query(&self, fields: &[Field]) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            fields
                .iter()
                .flat_map(|&field| {
                    let prefix: Box<dyn Query> = Box::new(PrefixQuery {
                        field,
                        prefix: self.prefix.clone(),
                    });
                    let whole = self.whole.iter().map(move |text| {
                        let term = Term::from_field_text(field, text);
                        let q: Box<dyn Query> =
                            IndexedTermQuery::boxed(term, IndexRecordOption::WithFreqs);
                        q
                    });
                    std::iter::once(prefix).chain(whole)
                })
                .map(|q| (Occur::Should, q))
                .collect(),
        ))
    }
}

/// The first key after every key starting with `prefix`, for a bounded range over a term
/// dictionary (an unbounded one reads the dictionary to its end); `None` when there is no
/// such key (the prefix is empty or all `0xff`).
pub(crate) fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// Every notice with a term of `field` starting with `prefix`, all scored alike (1, times
/// the boost): a word still being typed says little about which of its completions is
/// meant. (tantivy's `FuzzyTermQuery::new_prefix` with no edits matches and scores the
/// same, through a Levenshtein automaton this needs no code for.)
#[derive(Debug, Clone)]
pub(crate) struct PrefixQuery {
    field: Field,
    prefix: String,
}

impl Query for PrefixQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for PrefixQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut docs = BitSet::with_max_value(reader.max_doc());
        let inverted = reader.inverted_index(self.field)?;
        let mut range = inverted.terms().range().ge(self.prefix.as_bytes());
        if let Some(end) = prefix_end(self.prefix.as_bytes()) {
            range = range.lt(end);
        }
        let mut terms = range.into_stream()?;
        while terms.advance() {
            let mut postings = inverted
                .read_block_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
            while !postings.docs().is_empty() {
                for &doc in postings.docs() {
                    docs.insert(doc);
                }
                postings.advance();
            }
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("PrefixQuery", 1.0))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )))
        }
    }
}
