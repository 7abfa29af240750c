//! Running a query: ranking the notices, then their hits from the stored notices.

use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::directory::RamDirectory;
use tantivy::query::{AllQuery, EnableScoring, Query};
use tantivy::schema::Field;
use tantivy::{Directory, DocAddress, Index, IndexReader, ReloadPolicy, Searcher};

use crate::error::Result;
pub use crate::facets::{FacetCount, Filter};
use crate::query::{self, Partial, QueryBuilder, Spelling, Words};
use crate::schema::{self, AtlasSchema};
use crate::stored::{NoticeStore, StoredNotice};
use crate::{facets, snippet};

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
    /// The query as searched when some of its words were found in no notice and replaced
    /// by the closest indexed words ("safegaurding" searched as "safeguarding"); absent
    /// when the words were searched as typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub searched: Option<String>,
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
    /// The query text searched, when it is not the one typed (see `SearchResults`).
    pub searched: Option<String>,
}

/// A tantivy reader over one Notice Atlas index plus the query machinery.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    fields: AtlasSchema,
    queries: QueryBuilder,
    corrections: query::Corrections,
}

impl Engine {
    /// Opens an index held in memory as `(file name, bytes)` pairs: how the browser receives
    /// the files, and how `atlas search` reads them too, so both run identical code.
    pub fn from_files<I, N, B>(files: I) -> Result<Engine>
    where
        I: IntoIterator<Item = (N, B)>,
        N: AsRef<str>,
        B: Into<Vec<u8>>,
    {
        let dir = RamDirectory::create();
        for (name, bytes) in files {
            dir.atomic_write(std::path::Path::new(name.as_ref()), &bytes.into())
                .map_err(tantivy::TantivyError::from)?;
        }
        Engine::open(Index::open(dir)?)
    }

    /// Wraps an opened index.
    pub fn open(index: Index) -> Result<Engine> {
        schema::register_tokenizers(&index);
        let fields = AtlasSchema::from_schema(index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let queries = QueryBuilder::new(&index, &fields);
        Ok(Engine {
            index,
            reader,
            fields,
            queries,
            corrections: query::Corrections::default(),
        })
    }

    /// Number of indexed sections.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a query, reading the hits' notices from `notices`. Never fails on the query's
    /// syntax: what the parser cannot read is searched as plain words. Words no notice
    /// contains are replaced by the closest indexed ones (see `search_with`).
    pub fn search(
        &self,
        query: &str,
        options: SearchOptions,
        notices: &dyn NoticeStore,
    ) -> Result<SearchResults> {
        self.search_with(query, options, notices, Spelling::Correct)
    }

    /// `search`, saying whether words no notice contains may be corrected.
    pub fn search_with(
        &self,
        query: &str,
        options: SearchOptions,
        notices: &dyn NoticeStore,
        spelling: Spelling,
    ) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let ranked = self.rank(&searcher, query, &options, spelling)?;
        let stored = self
            .keys(&searcher, &ranked.docs)
            .into_iter()
            .map(|key| notices.notice(key))
            .collect::<Result<Vec<_>>>()?;
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
        let text = &*query::bounded(text);
        let queries = vec![
            self.queries.build(text, Words::All),
            self.queries.build(text, Words::Any),
        ];
        (queries, Partial::of_query(text).map(|p| p.prefix))
    }

    /// The query text to search for `query`: the words no notice contains corrected when
    /// `spelling` allows, `None` when that is the text as typed.
    pub(crate) fn correction(
        &self,
        searcher: &Searcher,
        query: &str,
        spelling: Spelling,
    ) -> Result<Option<String>> {
        if spelling == Spelling::AsTyped {
            return Ok(None);
        }
        let bounded = query::bounded(query);
        Ok(query::corrected(
            searcher,
            &self.fields.searched(),
            &self.corrections,
            &bounded,
        )?)
    }

    /// Ranks the matching sections and counts facet values, without reading stored text.
    pub(crate) fn rank(
        &self,
        searcher: &Searcher,
        query: &str,
        options: &SearchOptions,
        spelling: Spelling,
    ) -> Result<Ranked> {
        let searched = self.correction(searcher, query, spelling)?;
        let bounded = query::bounded(query);
        let query = searched.as_deref().unwrap_or(&bounded);
        let trimmed = query.trim();
        if trimmed.is_empty() {
            // No words: the sections the filters select, or none (with counts over all).
            let all: Box<dyn Query> = Box::new(AllQuery);
            let facets = if options.counts {
                facets::counts(searcher, self.fields.facets, &*all, &options.filters)?
            } else {
                Vec::new()
            };
            let (docs, total) = if options.filters.is_empty() {
                (Vec::new(), 0)
            } else {
                let filtered =
                    facets::filtered(self.fields.facets, all.box_clone(), &options.filters, None);
                collect(searcher, &*filtered, options)?
            };
            return Ok(Ranked {
                query: all,
                docs,
                total,
                relaxed: false,
                facets,
                searched: None,
            });
        }
        let strict = self.queries.build(query, Words::All);
        let filtered = facets::filtered(
            self.fields.facets,
            strict.box_clone(),
            &options.filters,
            None,
        );
        let (mut docs, mut total) = collect(searcher, &*filtered, options)?;
        let mut relaxed = false;
        let mut used = strict;
        if total == 0 && trimmed.split_whitespace().nth(1).is_some() {
            let loose = self.queries.build(query, Words::Any);
            let filtered = facets::filtered(
                self.fields.facets,
                loose.box_clone(),
                &options.filters,
                None,
            );
            (docs, total) = collect(searcher, &*filtered, options)?;
            relaxed = total > 0;
            used = loose;
        }
        let facets = if options.counts {
            facets::counts(searcher, self.fields.facets, &*used, &options.filters)?
        } else {
            Vec::new()
        };
        Ok(Ranked {
            query: used,
            docs,
            total,
            relaxed,
            facets,
            searched,
        })
    }

    /// Makes the hits of a ranking from its notices (one per ranked document, in order).
    pub(crate) fn finish(
        &self,
        query: &str,
        ranked: Ranked,
        notices: &[Arc<StoredNotice>],
    ) -> SearchResults {
        let bounded = query::bounded(query);
        let searched = ranked.searched.as_deref().unwrap_or(&bounded);
        let hits = snippet::hits(
            &self.fields,
            searched,
            &*ranked.query,
            &ranked.docs,
            notices,
        );
        SearchResults {
            query: query.to_string(),
            total: ranked.total,
            relaxed: ranked.relaxed,
            searched: ranked.searched,
            hits,
            facets: ranked.facets,
        }
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

    /// The underlying index, for callers that want statistics.
    pub fn index(&self) -> &Index {
        &self.index
    }
}

/// Runs `collector` over every segment, one after the other. (`Searcher::search` does the
/// same through an executor that can also spread segments over threads: code the browser,
/// with one thread, does not need.)
pub(crate) fn search<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
) -> tantivy::Result<C::Fruit> {
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    let weight = query.weight(scoring)?;
    let fruits = searcher
        .segment_readers()
        .iter()
        .enumerate()
        .map(|(ord, segment)| collector.collect_segment(&*weight, ord as u32, segment))
        .collect::<tantivy::Result<Vec<_>>>()?;
    collector.merge_fruits(fruits)
}

/// The top `options.limit` documents after `options.offset`, and how many match.
fn collect(
    searcher: &Searcher,
    query: &dyn Query,
    options: &SearchOptions,
) -> tantivy::Result<(Vec<(f32, DocAddress)>, usize)> {
    let limit = options.limit.max(1);
    let top = TopDocs::with_limit(limit)
        .and_offset(options.offset)
        .order_by_score();
    search(searcher, query, &(top, Count))
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
    use crate::snippet::SNIPPET_CHARS;
    use crate::test_index::*;

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
