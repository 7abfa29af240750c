//! Index schema and text analysis shared by the index writer and every reader.

use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST,
    STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};
use tantivy::{Index, TantivyDocument};

pub use crate::stored::{stored_path, StoredDirs, StoredNotice, StoredSection, STORED_DIR};

/// Name under which the analyzer below is registered on every index.
pub const TOKENIZER: &str = "atlas_en";

/// The analyzer for all searchable text: split on non-alphanumerics, drop absurdly long
/// tokens, lower-case, fold accents, then English stemming.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(EnglishStemmer)
        .build()
}

/// The Snowball English stemmer as a token filter. (tantivy's own `Stemmer` filter chooses
/// its language at run time, which links every language's stemmer into the browser module;
/// this one links English only, and stems exactly as that filter does for English.)
#[derive(Clone, Copy)]
pub struct EnglishStemmer;

impl TokenFilter for EnglishStemmer {
    type Tokenizer<T: Tokenizer> = EnglishStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> EnglishStemmerFilter<T> {
        EnglishStemmerFilter { inner: tokenizer }
    }
}

/// A tokenizer whose tokens are stemmed (see `EnglishStemmer`).
#[derive(Clone)]
pub struct EnglishStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for EnglishStemmerFilter<T> {
    type TokenStream<'a> = EnglishStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        EnglishStemmerStream {
            inner: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

/// The tokens of a stream, stemmed.
pub struct EnglishStemmerStream<S> {
    inner: S,
    stemmer: frostem::Stemmer,
}

impl<S: TokenStream> TokenStream for EnglishStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        if let std::borrow::Cow::Owned(stem) = self.stemmer.stem(&token.text) {
            token.text = stem;
        }
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

/// Lower-cased, accent-folded tokens without stemming: used to build prefix terms for
/// search-as-you-type, where the word is still being typed.
pub fn unstemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Name under which the word-pair analyzer is registered.
pub const PAIR_TOKENIZER: &str = "atlas_pairs";

/// Separates the two words of a pair term (words never contain a space).
pub const PAIR_SEPARATOR: char = ' ';

/// Each two neighbouring words of a text as one term, `first second`, both analysed as
/// `analyzer` does: the index of the `pairs` field, which answers phrase queries without
/// word positions (see `AtlasSchema::build`).
#[derive(Clone)]
pub struct PairTokenizer {
    words: TextAnalyzer,
}

impl Default for PairTokenizer {
    fn default() -> Self {
        PairTokenizer { words: analyzer() }
    }
}

/// The pairs of one text: its words are analysed up front, each pair's term is written
/// into one reused token as the stream advances.
pub struct PairStream {
    words: Vec<Token>,
    next: usize,
    pair: Token,
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream {
        PairStream {
            words: words(&mut self.words, text),
            next: 0,
            pair: Token::default(),
        }
    }
}

impl TokenStream for PairStream {
    fn advance(&mut self) -> bool {
        while self.next + 1 < self.words.len() {
            let (first, second) = (&self.words[self.next], &self.words[self.next + 1]);
            self.next += 1;
            // Words the analyzer dropped between them (too long) break the pair.
            if second.position != first.position + 1 {
                continue;
            }
            self.pair.offset_from = first.offset_from;
            self.pair.offset_to = second.offset_to;
            self.pair.position = first.position;
            self.pair.position_length = 1;
            self.pair.text.clear();
            self.pair.text.push_str(&first.text);
            self.pair.text.push(PAIR_SEPARATOR);
            self.pair.text.push_str(&second.text);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.pair
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.pair
    }
}

/// The words of `text` as `analyzer` makes them.
pub(crate) fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |t| out.push(t.clone()));
    out
}

/// Registers the analyzers on an index (writer or reader side).
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(TOKENIZER, analyzer());
    index
        .tokenizers()
        .register(PAIR_TOKENIZER, PairTokenizer::default());
}

/// The facet groups a search can filter by and count, in the order pages show them:
/// organisation kind and region, and the notice's lawful bases and recipients.
pub const FACET_GROUPS: [&str; 4] = ["kind", "region", "lawful_basis", "recipients"];

/// The schema and its fields, resolved once.
#[derive(Clone, Debug)]
pub struct AtlasSchema {
    pub schema: Schema,
    pub org: Field,
    pub org_name: Field,
    pub org_kind: Field,
    pub region: Field,
    pub notice: Field,
    pub notice_title: Field,
    /// Every heading of the notice (one value each).
    pub heading: Field,
    /// Every section's text (one value each).
    pub body: Field,
    /// Every text above as neighbouring word pairs, for phrases (see `build`).
    pub pairs: Field,
    /// Hierarchical facets `/group/value`, for filters and counts.
    pub facets: Field,
    /// The notice's place in the build's list, to name its stored file after the index is
    /// written (tantivy may reorder documents when it merges segments).
    pub ord: Field,
}

impl AtlasSchema {
    /// Builds the schema used for every index the project writes.
    pub fn build() -> AtlasSchema {
        let mut builder = Schema::builder();
        // Field norms (one byte per document per field) let BM25 weigh a match in a short
        // text above one in a long text. They matter for notice bodies, whose lengths vary
        // widely, and little for names, titles and headings; and a reader fetching the
        // index by byte range must load a field's norms whole, so only the body keeps them.
        // Nothing is stored: results are shown from the stored notices (`StoredNotice`).
        //
        // No field keeps word positions. A phrase query over positions must read the
        // positions of every word of the phrase in every notice, and the words of a phrase
        // someone searches for ("national data opt-out") are common ones: at 10,000 notices
        // that is a megabyte for one query. Instead each two neighbouring words of every
        // text are indexed as one term of the `pairs` field, and a phrase becomes "every pair
        // of its words", a few small posting lists. That is exact for two words and, for
        // longer phrases, true unless the pairs occur apart in one notice.
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs);
        let short_text =
            TextOptions::default().set_indexing_options(indexing.clone().set_fieldnorms(false));
        let long_text = TextOptions::default().set_indexing_options(indexing);
        let pair_text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(PAIR_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqs)
                .set_fieldnorms(false),
        );
        let org = builder.add_text_field("org", STRING);
        let org_name = builder.add_text_field("org_name", short_text.clone());
        let org_kind = builder.add_text_field("org_kind", STRING);
        let region = builder.add_text_field("region", STRING);
        let notice = builder.add_text_field("notice", STRING);
        let notice_title = builder.add_text_field("notice_title", short_text.clone());
        let heading = builder.add_text_field("heading", short_text);
        let body = builder.add_text_field("body", long_text);
        let pairs = builder.add_text_field("pairs", pair_text);
        let facets = builder.add_facet_field("facets", FacetOptions::default());
        let ord = builder.add_u64_field("ord", FAST);
        AtlasSchema {
            schema: builder.build(),
            org,
            org_name,
            org_kind,
            region,
            notice,
            notice_title,
            heading,
            body,
            pairs,
            facets,
            ord,
        }
    }

    /// The fields a query's words are looked for in, unless it names a field.
    pub fn searched(&self) -> [Field; 4] {
        [self.org_name, self.notice_title, self.heading, self.body]
    }

    /// Resolves the fields of an opened index, checking that it was written with this schema.
    pub fn from_schema(schema: Schema) -> tantivy::Result<AtlasSchema> {
        let expected = AtlasSchema::build();
        if schema != expected.schema {
            return Err(tantivy::TantivyError::SchemaError(
                "the search index was written by a different version of Notice Atlas; rebuild the site"
                    .to_string(),
            ));
        }
        Ok(expected)
    }

    /// Turns a notice into a tantivy document: `ord` is its place in the build's list and
    /// `facets` its (group, value) pairs, groups from `FACET_GROUPS`.
    ///
    /// The text is analysed by the writer's threads. (Handing tantivy pre-analysed tokens
    /// instead was measured slower: it keeps them in the document as JSON and parses them
    /// back on the indexing thread.)
    pub fn document(
        &self,
        ord: u64,
        notice: &StoredNotice,
        facets: &[(String, String)],
    ) -> TantivyDocument {
        let mut d = TantivyDocument::default();
        d.add_u64(self.ord, ord);
        d.add_text(self.org, &notice.org);
        d.add_text(self.org_name, &notice.org_name);
        d.add_text(self.pairs, &notice.org_name);
        d.add_text(self.org_kind, &notice.org_kind);
        d.add_text(self.region, &notice.region);
        d.add_text(self.notice, &notice.notice);
        d.add_text(self.notice_title, &notice.notice_title);
        d.add_text(self.pairs, &notice.notice_title);
        for section in &notice.sections {
            if !section.heading.is_empty() {
                d.add_text(self.heading, &section.heading);
                d.add_text(self.pairs, &section.heading);
            }
            if !section.text.is_empty() {
                d.add_text(self.body, &section.text);
                d.add_text(self.pairs, &section.text);
            }
        }
        for (group, value) in facets {
            d.add_facet(self.facets, facet(group, value));
        }
        d
    }
}

/// The facet path of a value: `/group/value` (a value may hold any character).
pub fn facet(group: &str, value: &str) -> Facet {
    Facet::from_path([group, value])
}

/// The first word of `text` as `analyzer` makes it.
pub(crate) fn first_token(analyzer: &mut TextAnalyzer, text: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = None;
    stream.process(&mut |token| {
        if out.is_none() {
            out = Some(token.text.clone());
        }
    });
    out
}
