//! Running a query: lenient parsing, search-as-you-type prefixes, ranking and snippets.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Arc;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::directory::RamDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, FuzzyTermQuery, Occur, Query, QueryParser, TermQuery,
};

use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Directory, DocAddress, Index, IndexReader, ReloadPolicy, Searcher, Term};

use tantivy::query_grammar::{
    self, Delimiter, Occur as GrammarOccur, UserInputAst, UserInputLeaf, UserInputLiteral,
};

use crate::schema::{self, AtlasSchema, StoredNotice, StoredSection};

/// Shortest partial word that is expanded as a prefix while the reader is still typing.
const MIN_PREFIX_CHARS: usize = 2;
/// Shortest stem tried when a partial word is cut back to a possible stem.
const MIN_STEM_CHARS: usize = 4;
/// Length of the snippet shown under each result, in characters.
const SNIPPET_CHARS: usize = 180;

/// What a caller may ask of a search besides the query text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    /// Only sections with these facet values: values of one group are alternatives (any
    /// may match), groups all apply.
    #[serde(default)]
    pub filters: Vec<Filter>,
    /// Count facet values over the matching sections. Counting reads the facet column of
    /// every match, which a reader fetching the index by byte range may prefer to skip.
    #[serde(default = "counts_by_default")]
    pub counts: bool,
}

fn counts_by_default() -> bool {
    true
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            filters: Vec::new(),
            counts: true,
        }
    }
}

/// One facet value to filter by, e.g. `lawful_basis` = `ukgdpr:6.1.e`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub facet: String,
    pub value: String,
}

/// How many matching sections carry a facet value. Counts for a group are taken with the
/// filters of the other groups applied but not its own, so choosing one value does not hide
/// its alternatives.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FacetCount {
    pub facet: String,
    pub value: String,
    pub count: u64,
}

/// One matching notice section.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Hit {
    pub org: String,
    pub org_name: String,
    pub org_kind: String,
    pub region: String,
    pub notice: String,
    pub notice_title: String,
    pub heading: String,
    pub anchor: String,
    /// Site-relative URL of the section (no leading slash), anchor included.
    pub url: String,
    pub score: f32,
    /// An excerpt of the section as plain-text parts, the matching ones marked. Callers
    /// build their own markup from it, so nothing stored in the index is parsed as HTML.
    pub snippet: Vec<SnippetPart>,
}

/// A run of snippet text, highlighted or not.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SnippetPart {
    pub text: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mark: bool,
}

/// The answer to one query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SearchResults {
    pub query: String,
    /// Number of sections that match, of which `hits` is one page.
    pub total: usize,
    /// True when no section contained every word and the results match any word instead.
    pub relaxed: bool,
    pub hits: Vec<Hit>,
    /// Counts per facet value over the matching sections (over every section when the query
    /// is empty), groups in `FACET_GROUPS` order, values by count then name.
    #[serde(default)]
    pub facets: Vec<FacetCount>,
}

/// A query ranked, its documents not yet read.
pub(crate) struct Ranked {
    pub query: Box<dyn Query>,
    pub docs: Vec<(f32, DocAddress)>,
    pub total: usize,
    pub relaxed: bool,
    pub facets: Vec<FacetCount>,
}

/// A tantivy reader over one Notice Atlas index plus the query machinery.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    fields: AtlasSchema,
    all_words: QueryParser,
    any_word: QueryParser,
}

impl Engine {
    /// Opens an index held in memory as `(file name, bytes)` pairs: how the browser receives
    /// the files, and how `atlas search` reads them too, so both run identical code.
    pub fn from_files<I, N, B>(files: I) -> tantivy::Result<Engine>
    where
        I: IntoIterator<Item = (N, B)>,
        N: AsRef<str>,
        B: Into<Vec<u8>>,
    {
        let dir = RamDirectory::create();
        for (name, bytes) in files {
            dir.atomic_write(std::path::Path::new(name.as_ref()), &bytes.into())?;
        }
        Engine::open(Index::open(dir)?)
    }

    /// Wraps an opened index.
    pub fn open(index: Index) -> tantivy::Result<Engine> {
        schema::register_tokenizers(&index);
        let fields = AtlasSchema::from_schema(index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searched = fields.searched().to_vec();
        let mut all_words = QueryParser::for_index(&index, searched.clone());
        all_words.set_conjunction_by_default();
        let mut any_word = QueryParser::for_index(&index, searched);
        for parser in [&mut all_words, &mut any_word] {
            parser.set_field_boost(fields.heading, 2.0);
            parser.set_field_boost(fields.notice_title, 1.5);
            parser.set_field_boost(fields.org_name, 1.5);
        }
        Ok(Engine {
            index,
            reader,
            fields,
            all_words,
            any_word,
        })
    }

    /// Number of indexed sections.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a query, reading the hits' notices from `notices`. Never fails on the query's
    /// syntax: what the parser cannot read is searched as plain words.
    pub fn search(
        &self,
        query: &str,
        options: SearchOptions,
        notices: &dyn NoticeSource,
    ) -> tantivy::Result<SearchResults> {
        let searcher = self.reader.searcher();
        let ranked = self.rank(&searcher, query, &options)?;
        let stored = self
            .keys(&searcher, &ranked.docs)
            .into_iter()
            .map(|key| {
                notices.notice(key).map_err(|e| {
                    tantivy::TantivyError::InternalError(format!(
                        "stored notice {}: {e}",
                        schema::stored_path(key)
                    ))
                })
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(self.finish(query, ranked, &stored))
    }

    /// The current searcher (the index never changes once opened).
    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The fields a query searches.
    pub(crate) fn searched_fields(&self) -> [Field; 4] {
        self.fields.searched()
    }

    /// Name of the facet field, as the fast-field readers want it.
    pub(crate) fn facets_field_name(&self) -> String {
        self.index
            .schema()
            .get_field_name(self.fields.facets)
            .to_string()
    }

    /// Every query `search` may run for `text`, and the partial last word it expands.
    pub(crate) fn plan(&self, text: &str) -> (Vec<Box<dyn Query>>, Option<String>) {
        let queries = vec![
            self.build_query(&self.all_words, text),
            self.build_query(&self.any_word, text),
        ];
        let prefix = trailing_partial_word(text)
            .and_then(|(_, partial)| partial_terms(partial))
            .map(|(prefix, _)| prefix);
        (queries, prefix)
    }

    /// Ranks the matching sections and counts facet values, without reading stored text.
    pub(crate) fn rank(
        &self,
        searcher: &Searcher,
        query: &str,
        options: &SearchOptions,
    ) -> tantivy::Result<Ranked> {
        let trimmed = query.trim();
        if trimmed.is_empty() {
            // No words: the sections the filters select, or none (with counts over all).
            let all: Box<dyn Query> = Box::new(AllQuery);
            let facets = if options.counts {
                self.facet_counts(searcher, &*all, &options.filters)?
            } else {
                Vec::new()
            };
            let (docs, total) = if options.filters.is_empty() {
                (Vec::new(), 0)
            } else {
                let filtered = self.filtered(all.box_clone(), &options.filters, None);
                self.collect(searcher, &*filtered, options)?
            };
            return Ok(Ranked {
                query: all,
                docs,
                total,
                relaxed: false,
                facets,
            });
        }
        let strict = self.build_query(&self.all_words, query);
        let filtered = self.filtered(strict.box_clone(), &options.filters, None);
        let (mut docs, mut total) = self.collect(searcher, &*filtered, options)?;
        let mut relaxed = false;
        let mut used = strict;
        if total == 0 && trimmed.split_whitespace().nth(1).is_some() {
            let loose = self.build_query(&self.any_word, query);
            let filtered = self.filtered(loose.box_clone(), &options.filters, None);
            (docs, total) = self.collect(searcher, &*filtered, options)?;
            relaxed = total > 0;
            used = loose;
        }
        let facets = if options.counts {
            self.facet_counts(searcher, &*used, &options.filters)?
        } else {
            Vec::new()
        };
        Ok(Ranked {
            query: used,
            docs,
            total,
            relaxed,
            facets,
        })
    }

    /// Makes the hits of a ranking from its notices (one per ranked document, in order).
    pub(crate) fn finish(
        &self,
        query: &str,
        ranked: Ranked,
        notices: &[Arc<StoredNotice>],
    ) -> SearchResults {
        let hits = self.present(query, &*ranked.query, &ranked.docs, notices);
        SearchResults {
            query: query.to_string(),
            total: ranked.total,
            relaxed: ranked.relaxed,
            hits,
            facets: ranked.facets,
        }
    }

    /// `query` restricted by the filters, leaving out those of group `except`.
    fn filtered(
        &self,
        query: Box<dyn Query>,
        filters: &[Filter],
        except: Option<&str>,
    ) -> Box<dyn Query> {
        let mut clauses = vec![(Occur::Must, query)];
        for group in schema::FACET_GROUPS {
            if except == Some(group) {
                continue;
            }
            let alternatives: Vec<(Occur, Box<dyn Query>)> = filters
                .iter()
                .filter(|f| f.facet == group)
                .map(|f| {
                    let term =
                        Term::from_facet(self.fields.facets, &schema::facet(group, &f.value));
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                    (Occur::Should, q)
                })
                .collect();
            if !alternatives.is_empty() {
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
            }
        }
        if clauses.len() == 1 {
            return clauses.pop().expect("one clause").1;
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Sections per facet value, each group counted without its own filters.
    fn facet_counts(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        filters: &[Filter],
    ) -> tantivy::Result<Vec<FacetCount>> {
        let field_name = self
            .index
            .schema()
            .get_field_name(self.fields.facets)
            .to_string();
        let mut out = Vec::new();
        for group in schema::FACET_GROUPS {
            let q = self.filtered(query.box_clone(), filters, Some(group));
            let mut collector = FacetCollector::for_field(&field_name);
            collector.add_facet(tantivy::schema::Facet::from_path([group]));
            let counts = searcher.search(&*q, &collector)?;
            let mut values: Vec<FacetCount> = counts
                .get(tantivy::schema::Facet::from_path([group]))
                .map(|(facet, count)| FacetCount {
                    facet: group.to_string(),
                    value: facet
                        .to_path()
                        .last()
                        .map(|v| v.to_string())
                        .unwrap_or_default(),
                    count,
                })
                .collect();
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            out.extend(values);
        }
        Ok(out)
    }

    fn collect(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        options: &SearchOptions,
    ) -> tantivy::Result<(Vec<(f32, DocAddress)>, usize)> {
        let limit = options.limit.max(1);
        let top = TopDocs::with_limit(limit)
            .and_offset(options.offset)
            .order_by_score();
        searcher.search(query, &(top, Count))
    }

    /// Parses leniently (what cannot be read is searched as words), phrases becoming word
    /// pairs (see `phrases_as_pairs`).
    fn parse(&self, parser: &QueryParser, text: &str) -> Box<dyn Query> {
        let (ast, _errors) = query_grammar::parse_query_lenient(text);
        let (query, _errors) =
            parser.build_query_from_user_input_ast_lenient(self.phrases_as_pairs(ast));
        query
    }

    /// Rewrites every phrase (quoted, or words joined by punctuation such as "opt-out") as
    /// its neighbouring word pairs, all required, in the `pairs` field: the index keeps no
    /// word positions (see `AtlasSchema::build`). A phrase aimed at one field, or with a
    /// slop (`"a b"~2`), asks for all its words in that field instead.
    fn phrases_as_pairs(&self, ast: UserInputAst) -> UserInputAst {
        match ast {
            UserInputAst::Clause(clauses) => UserInputAst::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, sub)| (occur, self.phrases_as_pairs(sub)))
                    .collect(),
            ),
            UserInputAst::Boost(sub, boost) => {
                UserInputAst::Boost(Box::new(self.phrases_as_pairs(*sub)), boost)
            }
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(literal) => self.literal_as_pairs(literal),
                other => UserInputAst::Leaf(Box::new(other)),
            },
        }
    }

    fn literal_as_pairs(&self, literal: UserInputLiteral) -> UserInputAst {
        let words = word_slices(&literal.phrase);
        if words.len() < 2 {
            return UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)));
        }
        let leaf = |field: Option<String>, phrase: String| {
            (
                Some(GrammarOccur::Must),
                UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(UserInputLiteral {
                    field_name: field,
                    phrase,
                    delimiter: Delimiter::None,
                    slop: 0,
                    prefix: false,
                }))),
            )
        };
        if literal.field_name.is_some() || literal.slop > 0 {
            return UserInputAst::Clause(
                words
                    .iter()
                    .map(|w| leaf(literal.field_name.clone(), w.to_string()))
                    .collect(),
            );
        }
        let pairs = self
            .index
            .schema()
            .get_field_name(self.fields.pairs)
            .to_string();
        UserInputAst::Clause(
            words
                .windows(2)
                .map(|w| {
                    leaf(
                        Some(pairs.clone()),
                        format!("{}{}{}", w[0], schema::PAIR_SEPARATOR, w[1]),
                    )
                })
                .collect(),
        )
    }

    /// The parsed query, plus, while the last word is still being typed, the same query with
    /// that word taken as a prefix.
    fn build_query(&self, parser: &QueryParser, text: &str) -> Box<dyn Query> {
        let parsed = self.parse(parser, text);
        let Some((rest, partial)) = trailing_partial_word(text) else {
            return parsed;
        };
        let Some((prefix, whole_terms)) = partial_terms(partial) else {
            return parsed;
        };
        let fields = self.fields.searched();
        let prefix_query: Box<dyn Query> = Box::new(BooleanQuery::new(
            fields
                .iter()
                .flat_map(|&field| {
                    let term = Term::from_field_text(field, &prefix);
                    let prefix: Box<dyn Query> =
                        Box::new(FuzzyTermQuery::new_prefix(term, 0, false));
                    let whole = whole_terms.iter().map(move |text| {
                        let term = Term::from_field_text(field, text);
                        let q: Box<dyn Query> =
                            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                        q
                    });
                    std::iter::once(prefix).chain(whole)
                })
                .map(|q| (Occur::Should, q))
                .collect(),
        ));
        let with_prefix: Box<dyn Query> = if rest.trim().is_empty() {
            prefix_query
        } else {
            let rest_query = self.parse(parser, rest);
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, rest_query),
                (Occur::Must, prefix_query),
            ]))
        };
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, parsed),
            (Occur::Should, with_prefix),
        ]))
    }

    /// The key of each ranked document: its number across segments, which names its stored
    /// notice (`schema::stored_path`).
    pub(crate) fn keys(&self, searcher: &Searcher, docs: &[(f32, DocAddress)]) -> Vec<u32> {
        let mut bases = Vec::with_capacity(searcher.segment_readers().len());
        let mut base = 0;
        for segment in searcher.segment_readers() {
            bases.push(base);
            base += segment.max_doc();
        }
        docs.iter()
            .map(|(_, a)| bases[a.segment_ord as usize] + a.doc_id)
            .collect()
    }

    /// Builds one hit per ranked notice from its stored sections: the section that matches
    /// the query best, and an excerpt of it around the matches.
    fn present(
        &self,
        query: &str,
        ranked_query: &dyn Query,
        docs: &[(f32, DocAddress)],
        notices: &[Arc<StoredNotice>],
    ) -> Vec<Hit> {
        let mut matcher = Matcher::new(self, query, ranked_query);
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
                    snippet: Matcher::snippet(text, &words),
                }
            })
            .collect()
    }

    /// The underlying index, for callers that want statistics.
    pub fn index(&self) -> &Index {
        &self.index
    }
}

/// Splits `text` into what comes before the last word and the last word, when the text
/// ends inside a plain word (the reader is still typing it). Words in quotes or after a
/// field name are left alone.
fn trailing_partial_word(text: &str) -> Option<(&str, &str)> {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    let (rest, word) = text.split_at(start);
    if rest.ends_with(['"', ':', '*', '~', '^']) || text.matches('"').count() % 2 == 1 {
        return None;
    }
    if matches!(word, "AND" | "OR" | "NOT") {
        return None;
    }
    Some((rest, word))
}

/// Terms that a partial word may stand for in the stemmed index: every indexed term that
/// starts with the word as typed ("privac" finds the stem "privaci"), plus the word cut
/// back by one or two letters as whole terms, because a stem is often shorter than the
/// word it came from ("nationa" finds "nation", the stem of "national").
fn partial_terms(partial: &str) -> Option<(String, Vec<String>)> {
    let raw = first_token(&mut schema::unstemmed_analyzer(), partial)?;
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
    Some((raw, whole))
}

/// The words of a query phrase as typed (the pair analyzer stems them itself).
fn word_slices(phrase: &str) -> Vec<&str> {
    schema::words(&mut schema::unstemmed_analyzer(), phrase)
        .iter()
        .map(|t| &phrase[t.offset_from..t.offset_to])
        .collect()
}

fn first_token(analyzer: &mut tantivy::tokenizer::TextAnalyzer, text: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = None;
    stream.process(&mut |token| {
        if out.is_none() {
            out = Some(token.text.clone());
        }
    });
    out
}

/// Where the notices of ranked documents come from: files beside the index (`atlas
/// search`), pages fetched by the browser, or memory (tests).
pub trait NoticeSource {
    /// The stored notice of document `key` (see `Engine::keys`).
    fn notice(&self, key: u32) -> Result<Arc<StoredNotice>, String>;
}

/// Notices in memory, in index order.
impl NoticeSource for Vec<Arc<StoredNotice>> {
    fn notice(&self, key: u32) -> Result<Arc<StoredNotice>, String> {
        self.get(key as usize)
            .cloned()
            .ok_or_else(|| format!("no stored notice {key}"))
    }
}

/// Stored notices read from an index folder on disk (`atlas search`, benchmarks).
#[cfg(not(target_arch = "wasm32"))]
pub struct NoticeFiles {
    pub dir: std::path::PathBuf,
}

#[cfg(not(target_arch = "wasm32"))]
impl NoticeSource for NoticeFiles {
    fn notice(&self, key: u32) -> Result<Arc<StoredNotice>, String> {
        let path = self.dir.join(schema::stored_path(key));
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_slice(&bytes)
            .map(Arc::new)
            .map_err(|e| format!("{} is not a valid stored notice: {e}", path.display()))
    }
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
struct Matcher {
    terms: HashSet<String>,
    prefix: Option<(String, Vec<String>)>,
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

/// The first `n` characters of `text`, lower-cased.
fn lead(text: &str, n: usize) -> String {
    text.chars().take(n).flat_map(char::to_lowercase).collect()
}

impl Matcher {
    fn new(engine: &Engine, text: &str, query: &dyn Query) -> Matcher {
        let text_fields = [engine.fields.heading, engine.fields.body];
        let mut terms = HashSet::new();
        query.query_terms(&mut |term, _| {
            let value = term.value();
            let Some(t) = value.as_str() else {
                return;
            };
            if text_fields.contains(&term.field()) {
                terms.insert(t.to_string());
            } else if term.field() == engine.fields.pairs {
                terms.extend(t.split(schema::PAIR_SEPARATOR).map(str::to_string));
            }
        });
        let prefix = trailing_partial_word(text).and_then(|(_, partial)| partial_terms(partial));
        let mut leads: Vec<String> = terms.iter().map(|t| lead(t, 2)).collect();
        if let Some((p, whole)) = &prefix {
            leads.push(lead(p, 2));
            leads.extend(whole.iter().map(|w| lead(w, 2)));
        }
        leads.sort();
        leads.dedup();
        Matcher {
            terms,
            prefix,
            leads,
            analyzer: schema::analyzer(),
        }
    }

    fn matches(&self, term: &str) -> bool {
        self.terms.contains(term)
            || self.prefix.as_ref().is_some_and(|(prefix, whole)| {
                term.starts_with(prefix.as_str()) || whole.iter().any(|w| w == term)
            })
    }

    /// The words of `text` the query matched, in order.
    fn found(&mut self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        if self.leads.is_empty() {
            return out;
        }
        let mut rest = text.char_indices().peekable();
        while let Some((start, c)) = rest.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(i, c)) = rest.peek() {
                if !c.is_alphanumeric() {
                    break;
                }
                end = i + c.len_utf8();
                rest.next();
            }
            let word = &text[start..end];
            let candidate = !word.is_ascii()
                || self.leads.iter().any(|l| {
                    word.len() >= l.len()
                        && word.as_bytes()[..l.len()].eq_ignore_ascii_case(l.as_bytes())
                });
            if !candidate {
                continue;
            }
            let term = first_token(&mut self.analyzer, word);
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
}

/// The largest char boundary of `text` at or below `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl Hit {
    /// The snippet as one string, highlights wrapped in `open` and `close`.
    pub fn snippet_text(&self, open: &str, close: &str) -> String {
        self.snippet
            .iter()
            .map(|p| {
                if p.mark {
                    format!("{open}{}{close}", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A notice with its facets, as the index writer receives it.
    struct Doc {
        notice: StoredNotice,
        facets: Vec<(String, String)>,
    }

    /// A notice of one organisation with sections given as (heading, text).
    fn notice(org: &str, sections: &[(&str, &str)]) -> Doc {
        Doc {
            notice: StoredNotice {
                org: org.to_string(),
                org_name: format!("{org} Council"),
                org_kind: "council".to_string(),
                region: "London".to_string(),
                notice: "privacy".to_string(),
                notice_title: "Privacy notice".to_string(),
                url: format!("orgs/{org}/privacy/"),
                sections: sections
                    .iter()
                    .map(|(heading, text)| StoredSection {
                        heading: heading.to_string(),
                        anchor: heading.to_lowercase().replace(' ', "-"),
                        text: text.to_string(),
                    })
                    .collect(),
            },
            facets: vec![
                ("kind".to_string(), "council".to_string()),
                ("region".to_string(), "London".to_string()),
            ],
        }
    }

    fn section(org: &str, heading: &str, body: &str) -> Doc {
        notice(org, &[(heading, body)])
    }

    fn with_facets(mut doc: Doc, facets: &[(&str, &str)]) -> Doc {
        doc.facets
            .extend(facets.iter().map(|(g, v)| (g.to_string(), v.to_string())));
        doc
    }

    /// An engine over notices held in memory.
    struct TestIndex {
        engine: Engine,
        notices: Vec<Arc<StoredNotice>>,
    }

    impl TestIndex {
        fn search(&self, query: &str, options: SearchOptions) -> tantivy::Result<SearchResults> {
            self.engine.search(query, options, &self.notices)
        }
    }

    fn filters(pairs: &[(&str, &str)]) -> SearchOptions {
        SearchOptions {
            filters: pairs
                .iter()
                .map(|(facet, value)| Filter {
                    facet: facet.to_string(),
                    value: value.to_string(),
                })
                .collect(),
            ..SearchOptions::default()
        }
    }

    fn faceted() -> TestIndex {
        engine(&[
            with_facets(
                section("a", "Lawful basis", "We rely on public task for your data."),
                &[
                    ("lawful_basis", "ukgdpr:6.1.e"),
                    ("recipients", "nhs-england"),
                ],
            ),
            with_facets(
                section("b", "Lawful basis", "We rely on consent for your data."),
                &[("lawful_basis", "ukgdpr:6.1.a")],
            ),
            with_facets(
                section(
                    "c",
                    "Lawful basis",
                    "Public task and consent for your data.",
                ),
                &[
                    ("lawful_basis", "ukgdpr:6.1.a"),
                    ("lawful_basis", "ukgdpr:6.1.e"),
                ],
            ),
        ])
    }

    fn count(r: &SearchResults, facet: &str, value: &str) -> u64 {
        r.facets
            .iter()
            .find(|c| c.facet == facet && c.value == value)
            .map_or(0, |c| c.count)
    }

    #[test]
    fn filters_restrict_and_counts_ignore_their_own_group() {
        let e = faceted();
        let r = e
            .search("data", filters(&[("lawful_basis", "ukgdpr:6.1.e")]))
            .unwrap();
        let mut got = orgs(&r);
        got.sort();
        assert_eq!(got, ["a", "c"]);
        // Counts for lawful_basis are over all matches (its own filter left out)...
        assert_eq!(count(&r, "lawful_basis", "ukgdpr:6.1.a"), 2);
        assert_eq!(count(&r, "lawful_basis", "ukgdpr:6.1.e"), 2);
        // ...and for other groups over the filtered matches.
        assert_eq!(count(&r, "recipients", "nhs-england"), 1);
        assert_eq!(count(&r, "kind", "council"), 2);
    }

    #[test]
    fn values_of_one_group_are_alternatives_and_groups_combine() {
        let e = faceted();
        let r = e
            .search(
                "data",
                filters(&[
                    ("lawful_basis", "ukgdpr:6.1.e"),
                    ("lawful_basis", "ukgdpr:6.1.a"),
                ]),
            )
            .unwrap();
        assert_eq!(r.total, 3);
        let r = e
            .search(
                "data",
                filters(&[
                    ("lawful_basis", "ukgdpr:6.1.a"),
                    ("recipients", "nhs-england"),
                ]),
            )
            .unwrap();
        assert_eq!(r.total, 0);
    }

    #[test]
    fn counts_can_be_skipped_without_changing_the_hits() {
        let e = faceted();
        let counted = e
            .search("data", filters(&[("lawful_basis", "ukgdpr:6.1.e")]))
            .unwrap();
        let uncounted = e
            .search(
                "data",
                SearchOptions {
                    counts: false,
                    ..filters(&[("lawful_basis", "ukgdpr:6.1.e")])
                },
            )
            .unwrap();
        assert!(!counted.facets.is_empty());
        assert!(uncounted.facets.is_empty());
        assert_eq!(uncounted.hits, counted.hits);
        assert_eq!(uncounted.total, counted.total);
    }

    #[test]
    fn filters_without_words_list_the_selected_sections() {
        let e = faceted();
        let r = e
            .search("", filters(&[("recipients", "nhs-england")]))
            .unwrap();
        assert_eq!(orgs(&r), ["a"]);
        let r = e.search("", SearchOptions::default()).unwrap();
        assert_eq!(r.total, 0);
        assert_eq!(count(&r, "kind", "council"), 3);
    }

    fn engine(docs: &[Doc]) -> TestIndex {
        let fields = AtlasSchema::build();
        let index = Index::create_in_ram(fields.schema.clone());
        schema::register_tokenizers(&index);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (ord, d) in docs.iter().enumerate() {
            writer
                .add_document(fields.document(ord as u64, &d.notice, &d.facets))
                .unwrap();
        }
        writer.commit().unwrap();
        TestIndex {
            engine: Engine::open(index).unwrap(),
            notices: docs.iter().map(|d| Arc::new(d.notice.clone())).collect(),
        }
    }

    fn corpus() -> TestIndex {
        engine(&[
            section(
                "staffs",
                "National data opt-out",
                "The national data opt-out applies to confidential patient information.",
            ),
            section(
                "dudley",
                "Your rights",
                "You have the right to ask for a copy of your data. Data is kept safe.",
            ),
            section(
                "worcs",
                "Surveys",
                "We use Survey Monkey to run surveys <script>alert(1)</script> about privacy.",
            ),
        ])
    }

    fn orgs(results: &SearchResults) -> Vec<&str> {
        results.hits.iter().map(|h| h.org.as_str()).collect()
    }

    #[test]
    fn phrase_with_hyphen_finds_the_right_section_first() {
        let r = corpus()
            .search("national data opt-out", SearchOptions::default())
            .unwrap();
        assert_eq!(orgs(&r), vec!["staffs"]);
        assert!(!r.relaxed);
        let marked: Vec<_> = r.hits[0]
            .snippet
            .iter()
            .filter(|p| p.mark)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, ["national", "data", "opt", "out"]);
    }

    #[test]
    fn a_phrase_needs_its_words_side_by_side() {
        let e = engine(&[
            section("apart", "Sharing", "National rules say your data is safe."),
            section("together", "Sharing", "We follow the national data rules."),
        ]);
        let r = e
            .search("\"national data\"", SearchOptions::default())
            .unwrap();
        assert_eq!(orgs(&r), ["together"]);
        // Unquoted, both words anywhere will do.
        let r = e
            .search("national data ", SearchOptions::default())
            .unwrap();
        assert_eq!(r.total, 2);
        // Three words: every neighbouring pair.
        let r = e
            .search("\"follow the national\"", SearchOptions::default())
            .unwrap();
        assert_eq!(orgs(&r), ["together"]);
        let r = e
            .search("\"rules say national\"", SearchOptions::default())
            .unwrap();
        assert_eq!(r.total, 0);
    }

    #[test]
    fn a_hit_shows_the_section_that_matches_best() {
        let e = engine(&[notice(
            "multi",
            &[
                ("", "Introduction to this notice about council services."),
                ("Who we share with", "We share records with the police."),
                (
                    "Police and courts",
                    "The police may ask for records; courts may order us to share them.",
                ),
            ],
        )]);
        let r = e
            .search("police records", SearchOptions::default())
            .unwrap();
        let hit = &r.hits[0];
        // Both sections hold both words; the one whose heading matches too wins.
        assert_eq!(hit.anchor, "police-and-courts");
        assert_eq!(hit.url, "orgs/multi/privacy/#police-and-courts");
        assert_eq!(hit.heading, "Police and courts");
        // Matched only by its organisation's name: the notice's first text, no anchor.
        let r = e.search("multi", SearchOptions::default()).unwrap();
        let hit = &r.hits[0];
        assert_eq!(hit.anchor, "");
        assert_eq!(hit.url, "orgs/multi/privacy/");
        assert_eq!(hit.heading, "Privacy notice");
        assert_eq!(
            hit.snippet_text("[", "]"),
            "Introduction to this notice about council services."
        );
    }

    #[test]
    fn long_snippets_are_cut_around_the_matches() {
        let filler = "Words that say nothing in particular. ".repeat(20);
        let text = format!("{filler}The retention schedule keeps records for six years. {filler}");
        let e = engine(&[section("long", "Keeping", &text)]);
        let r = e.search("retention", SearchOptions::default()).unwrap();
        let snippet = r.hits[0].snippet_text("[", "]");
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
        assert!(
            snippet.contains("The [retention] schedule keeps records"),
            "{snippet}"
        );
        assert!(snippet.chars().count() <= SNIPPET_CHARS + 8, "{snippet}");
    }

    #[test]
    fn stemming_matches_other_word_forms() {
        let r = corpus().search("survey", SearchOptions::default()).unwrap();
        assert_eq!(orgs(&r), vec!["worcs"]);
    }

    #[test]
    fn snippets_are_plain_text_parts() {
        let r = corpus().search("monkey", SearchOptions::default()).unwrap();
        let hit = &r.hits[0];
        assert_eq!(
            hit.snippet_text("[", "]"),
            "We use Survey [Monkey] to run surveys <script>alert(1)</script> about privacy."
        );
    }

    #[test]
    fn malformed_queries_still_search() {
        let e = corpus();
        for q in [
            "national AND",
            "\"data",
            "(rights",
            "opt-out)",
            "body:",
            "^^^",
            "~",
            "*",
        ] {
            let r = e.search(q, SearchOptions::default());
            assert!(r.is_ok(), "query {q:?} failed: {r:?}");
        }
        let r = e.search("(rights", SearchOptions::default()).unwrap();
        assert_eq!(orgs(&r), vec!["dudley"]);
    }

    #[test]
    fn partial_last_word_matches_as_prefix() {
        let e = corpus();
        let r = e.search("nationa", SearchOptions::default()).unwrap();
        assert_eq!(orgs(&r), vec!["staffs"]);
        let r = e
            .search("copy of your da", SearchOptions::default())
            .unwrap();
        assert_eq!(orgs(&r), vec!["dudley"]);
        // A completed word (trailing space) is not expanded.
        let r = e.search("da ", SearchOptions::default()).unwrap();
        assert_eq!(r.total, 0);
    }

    #[test]
    fn falls_back_to_any_word_when_no_section_has_all() {
        let r = corpus()
            .search("monkey rights", SearchOptions::default())
            .unwrap();
        assert!(r.relaxed);
        assert_eq!(r.total, 2);
    }

    #[test]
    fn empty_query_returns_nothing() {
        let r = corpus().search("   ", SearchOptions::default()).unwrap();
        assert_eq!(r.total, 0);
        assert!(r.hits.is_empty());
    }

    #[test]
    fn reopening_from_files_gives_the_same_answers() {
        let fields = AtlasSchema::build();
        let dir = RamDirectory::create();
        let index = Index::create(dir.clone(), fields.schema.clone(), Default::default()).unwrap();
        schema::register_tokenizers(&index);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let doc = section("a", "Retention", "kept for 8 years");
        writer
            .add_document(fields.document(0, &doc.notice, &doc.facets))
            .unwrap();
        writer.commit().unwrap();
        drop(writer);
        let mut files = Vec::new();
        for name in ["meta.json", ".managed.json"] {
            files.push((name.to_string(), dir.atomic_read(name.as_ref()).unwrap()));
        }
        let managed: Vec<String> =
            serde_json::from_slice(&dir.atomic_read(".managed.json".as_ref()).unwrap()).unwrap();
        for name in managed {
            if let Ok(bytes) = dir.open_read(name.as_ref()) {
                files.push((name, bytes.read_bytes().unwrap().to_vec()));
            }
        }
        let e = Engine::from_files(files).unwrap();
        let notices = vec![Arc::new(doc.notice)];
        let r = e
            .search("years", SearchOptions::default(), &notices)
            .unwrap();
        assert_eq!(orgs(&r), vec!["a"]);
    }
}
