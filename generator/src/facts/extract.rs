//! Finding facts in notice text. Rules read one block (paragraph, list item, table cell) at a
//! time, with the section heading as context; each fact quotes the sentence it came from.
//! The phrasings and traps handled are those listed in docs/domain.md, one test each below.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::registry::{
    self, article_letters, schedule1_part, Matcher, GATEWAY_MATCHER, PARTY_MATCHER,
    PROCESSOR_MATCHER, SOURCE_MATCHER,
};
use super::{Facet, Fact, Origin};
use crate::site::{Notice, Org};

/// Longest quote kept; longer sentences are cut to a window around the match.
const MAX_QUOTE: usize = 320;

/// A fact before it is tied to its notice and section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub facet: Facet,
    pub value: String,
    pub quote: String,
    pub detail: String,
}

/// Every fact in one notice, one per section, facet and value, in section order.
pub fn notice_facts(org: &Org, notice: &Notice) -> Vec<Fact> {
    let mut facts = Vec::new();
    for section in &notice.sections {
        let heading = section.heading_path();
        let mut seen = HashSet::new();
        for found in section_facts(&heading, &section.blocks) {
            if !seen.insert((found.facet, found.value.clone())) {
                continue;
            }
            let label = registry::value_label(found.facet, &found.value)
                .unwrap_or_else(|| found.value.clone());
            facts.push(Fact {
                org: org.slug.clone(),
                notice: notice.slug.clone(),
                anchor: section.anchor.clone(),
                heading: if section.anchor.is_empty() {
                    notice.title.clone()
                } else {
                    heading.clone()
                },
                facet: found.facet,
                value: found.value,
                label,
                quote: found.quote,
                detail: found.detail,
                origin: Origin::Extracted,
            });
        }
    }
    facts
}

/// Facts in one section's blocks, `heading` being the section's heading path.
pub fn section_facts(heading: &str, blocks: &[String]) -> Vec<Found> {
    let mut out = Vec::new();
    let heading_lower = heading.to_lowercase();
    for (i, block) in blocks.iter().enumerate() {
        let ctx = Ctx {
            heading: &heading_lower,
            blocks,
            index: i,
        };
        // The sentences are found once per block: every rule and every quote reads them.
        let b = Block {
            text: block,
            sentences: sentences(block),
        };
        articles(&b, &mut out);
        named_bases(&b, &mut out);
        schedule1(&b, &mut out);
        gateways(&b, &mut out);
        recipients(&b, &mut out);
        sources(&ctx, &b, &mut out);
        processors(&ctx, &b, &mut out);
        retention(&ctx, &b, &mut out);
        dpo(&ctx, &b, &mut out);
        rights(&b, &mut out);
        simple_statements(&b, &mut out);
        data_categories(&ctx, &b, &mut out);
    }
    drop_unreachable_dpo(&mut out);
    out
}

struct Ctx<'a> {
    heading: &'a str,
    blocks: &'a [String],
    index: usize,
}

/// A block and its sentences.
struct Block<'a> {
    text: &'a str,
    sentences: Vec<(usize, usize)>,
}

impl Block<'_> {
    /// The sentence containing byte `at`.
    fn sentence_at(&self, at: usize) -> (usize, usize) {
        self.sentences
            .iter()
            .copied()
            .find(|&(s, e)| at >= s && at < e)
            .unwrap_or((0, self.text.len()))
    }
}

fn push(
    out: &mut Vec<Found>,
    facet: Facet,
    value: impl Into<String>,
    b: &Block,
    at: (usize, usize),
) {
    push_detail(out, facet, value, b, at, String::new());
}

fn push_detail(
    out: &mut Vec<Found>,
    facet: Facet,
    value: impl Into<String>,
    b: &Block,
    at: (usize, usize),
    detail: String,
) {
    out.push(Found {
        facet,
        value: value.into(),
        quote: quote_in(b.text, &b.sentences, at.0, at.1),
        detail,
    });
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern {pattern}: {e}"))
}

// ------------------------------------------------------------------ sentences and quotes

/// Byte ranges of the sentences of a block.
pub fn sentences(block: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = block.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        // Closing quotes or brackets belong to the sentence.
        let mut j = k + 1;
        while j < chars.len() && matches!(chars[j].1, '”' | '"' | '’' | ')') {
            j += 1;
        }
        if j >= chars.len() || !chars[j].1.is_whitespace() {
            continue;
        }
        let next = chars[j + 1..].iter().find(|(_, c)| !c.is_whitespace());
        let Some(&(_, next)) = next else { continue };
        if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '“' | '"' | '(')) {
            continue;
        }
        let word_start = block[..i]
            .rfind(|c: char| c.is_whitespace())
            .map(|p| p + 1)
            .unwrap_or(0);
        let word = block[word_start..i].to_lowercase();
        if matches!(
            word.as_str(),
            "art"
                | "e.g"
                | "i.e"
                | "etc"
                | "no"
                | "dr"
                | "st"
                | "para"
                | "s"
                | "reg"
                | "mr"
                | "mrs"
                | "ms"
        ) {
            continue;
        }
        let end = chars[j - 1].0 + chars[j - 1].1.len_utf8();
        out.push((start, end));
        // The space may be more than one byte (a no-break space).
        start = chars[j].0 + chars[j].1.len_utf8();
    }
    if start < block.len() && !block[start..].trim().is_empty() {
        out.push((start, block.len()));
    }
    out.into_iter()
        .map(|(s, e)| {
            let text = &block[s..e];
            let lead = text.len() - text.trim_start().len();
            let trail = text.len() - text.trim_end().len();
            (s + lead, e - trail)
        })
        .collect()
}

/// The sentence around `[start, end)`, cut to a word-aligned window when it is long.
pub fn quote(block: &str, start: usize, end: usize) -> String {
    quote_in(block, &sentences(block), start, end)
}

/// `quote`, given the block's sentences.
fn quote_in(block: &str, sentences: &[(usize, usize)], start: usize, end: usize) -> String {
    let start = floor_boundary(block, start);
    let end = ceil_boundary(block, end.max(start));
    let (s, e) = sentences
        .iter()
        .copied()
        .find(|&(s, e)| start >= s && start < e.max(s + 1))
        .unwrap_or((0, block.len()));
    let e = e.max(end.min(block.len()));
    if e - s <= MAX_QUOTE {
        return block[s..e].to_string();
    }
    let half = MAX_QUOTE.saturating_sub(end - start) / 2;
    let mut from = floor_boundary(block, start.saturating_sub(half).max(s));
    let mut to = ceil_boundary(block, (end + half).min(e));
    // Whole words only.
    if from > s {
        if let Some((p, c)) = block[from..start]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
        {
            from += p + c.len_utf8();
        }
    }
    if to < e {
        if let Some(p) = block[end..to].rfind(char::is_whitespace) {
            to = end + p;
        }
    }
    block[from..to].trim().to_string()
}

// ------------------------------------------------------------------ Articles 6 and 9

static ARTICLE_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?P<pre>\b(?:section|s|sec|regulation|reg|paragraph|para|schedule|part|clause)\.?\s*)?(?P<art>\b(?:article|art)\.?\s*)?\b(?P<num>[69])\b",
    )
});

/// One Article 6 or 9 letter cited: (article, letter, start, end).
pub fn article_mentions(text: &str) -> Vec<(u8, String, usize, usize)> {
    let mut out = Vec::new();
    for caps in ARTICLE_HEAD.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let num = caps.name("num").expect("group");
        let article: u8 = if num.as_str() == "6" { 6 } else { 9 };
        let has_article = caps.name("art").is_some();
        // "Section 6(1)(a)" of another Act is not UK GDPR.
        if !has_article && caps.name("pre").is_some() {
            continue;
        }
        let start = caps.name("art").map_or(num.start(), |m| m.start());
        if let Some((letters, end)) = parse_after_number(text, num.end(), article, has_article) {
            for letter in letters {
                out.push((article, letter, start, end));
            }
        }
        let _ = whole;
    }
    out
}

/// Reads the paragraph number and letters after "Article 6"/"9": returns the letters and
/// where the mention ends.
fn parse_after_number(
    text: &str,
    mut at: usize,
    article: u8,
    has_article: bool,
) -> Option<(Vec<String>, usize)> {
    let paragraph = if article == 6 { '1' } else { '2' };
    let bytes = text.as_bytes();
    let skip_ws = |mut i: usize| {
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        i
    };
    // Paragraph: "(1)", ".1", ",1", ", 1", or a bare " 1" before "(e)" (split lines).
    at = skip_ws(at);
    let mut bare_paragraph = false;
    if bytes.get(at) == Some(&b'(') {
        let i = skip_ws(at + 1);
        if bytes.get(i) != Some(&(paragraph as u8)) {
            return None;
        }
        let i = skip_ws(i + 1);
        if bytes.get(i) != Some(&b')') {
            return None;
        }
        at = i + 1;
    } else {
        if !has_article {
            return None;
        }
        if matches!(bytes.get(at), Some(b'.') | Some(b',')) {
            at = skip_ws(at + 1);
        } else {
            bare_paragraph = true;
        }
        if bytes.get(at) != Some(&(paragraph as u8)) {
            return None;
        }
        at += 1;
        if bytes.get(at).is_some_and(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    // Letters: "(e)", "(a) (e)", "(c & e)", " c", "(2)(h)".
    let valid = article_letters(article);
    let mut letters = Vec::new();
    let mut end = at;
    loop {
        let i = skip_ws(end);
        if bytes.get(i) == Some(&b'(') {
            let close = text[i..].find(')')? + i;
            let inner = &text[i + 1..close];
            let tokens: Vec<&str> = inner
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|t| !t.is_empty() && *t != "and" && *t != "or")
                .collect();
            if tokens.is_empty()
                || !tokens
                    .iter()
                    .all(|t| valid.contains(&t.to_ascii_lowercase().as_str()))
            {
                break;
            }
            letters.extend(tokens.iter().map(|t| t.to_ascii_lowercase()));
            end = close + 1;
            continue;
        }
        // A bare letter ("6.1 c", "9.2 g"), only straight after the paragraph or a separator.
        if !has_article || (bare_paragraph && letters.is_empty()) {
            break;
        }
        let word_end = text[i..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .map_or(text.len(), |p| i + p);
        let word = &text[i..word_end];
        if !word.is_empty()
            && word.len() <= 2
            && valid.contains(&word.to_ascii_lowercase().as_str())
            && (letters.is_empty() || text[end..i].contains(['&', ',']))
        {
            letters.push(word.to_ascii_lowercase());
            end = word_end;
            // A separator may introduce another letter: "c & e".
            let j = skip_ws(end);
            if matches!(bytes.get(j), Some(b'&') | Some(b',')) {
                end = j + 1;
                continue;
            }
            continue;
        }
        break;
    }
    if letters.is_empty() {
        return None;
    }
    Some((letters, end))
}

fn articles(b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    for (article, letter, start, end) in article_mentions(block) {
        let (facet, value) = if article == 6 {
            (Facet::LawfulBasis, format!("ukgdpr:6.1.{letter}"))
        } else {
            (Facet::SpecialCategory, format!("ukgdpr:9.2.{letter}"))
        };
        push(out, facet, value, b, (start, end));
    }
}

/// Bases named in the words of the Regulation rather than by letter. Where a letter and the
/// words disagree, both are kept.
static NAMED_BASES: LazyLock<Vec<(Regex, Facet, &'static str)>> = LazyLock::new(|| {
    vec![
        (
            re(
                r"(?i)\bwith your (?:explicit )?consent,? we (?:will|may|can) (?:process|use|collect|record|hold|share)\b",
            ),
            Facet::LawfulBasis,
            "ukgdpr:6.1.a",
        ),
        (
            re(r"(?i)\b(?:lawful|legal) basis\b[^.]{0,80}\bis (?:your )?consent\b"),
            Facet::LawfulBasis,
            "ukgdpr:6.1.a",
        ),
        (
            re(r"(?i)\bperformance of a contract\b"),
            Facet::LawfulBasis,
            "ukgdpr:6.1.b",
        ),
        (
            re(r"(?i)\bcompliance with a legal obligation\b"),
            Facet::LawfulBasis,
            "ukgdpr:6.1.c",
        ),
        (
            re(r"(?i)\bvital interests\b"),
            Facet::LawfulBasis,
            "ukgdpr:6.1.d",
        ),
        (
            re(r"(?i)\b(?:task carried out in the public interest|public task)\b"),
            Facet::LawfulBasis,
            "ukgdpr:6.1.e",
        ),
        (
            re(r"(?i)\brecognised legitimate interests?\b"),
            Facet::LawfulBasis,
            "ukgdpr:6.1.ea",
        ),
        (
            re(r"(?i)\b(?:our |the )?legitimate interests?\b"),
            Facet::LawfulBasis,
            "ukgdpr:6.1.f",
        ),
        (
            re(r"(?i)\bexplicit consent\b"),
            Facet::SpecialCategory,
            "ukgdpr:9.2.a",
        ),
        (
            re(r"(?i)\bemployment(?:,| and) social security\b"),
            Facet::SpecialCategory,
            "ukgdpr:9.2.b",
        ),
        (
            re(r"(?i)\bsubstantial public interest\b"),
            Facet::SpecialCategory,
            "ukgdpr:9.2.g",
        ),
        (
            re(
                r"(?i)\b(?:provision of health or social care|preventive or occupational medicine|management of health or social care systems)\b",
            ),
            Facet::SpecialCategory,
            "ukgdpr:9.2.h",
        ),
        (
            re(r"(?i)\bpublic interest in the area of public health\b"),
            Facet::SpecialCategory,
            "ukgdpr:9.2.i",
        ),
        (
            re(
                r"(?i)\b(?:archiving purposes in the public interest|scientific or historical research purposes)\b",
            ),
            Facet::SpecialCategory,
            "ukgdpr:9.2.j",
        ),
    ]
});

fn named_bases(b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    for (pattern, facet, value) in NAMED_BASES.iter() {
        for m in pattern.find_iter(block) {
            let lower = m.as_str().to_lowercase();
            // "recognised legitimate interest" is (ea), not also (f).
            if *value == "ukgdpr:6.1.f"
                && block[..m.start()].to_lowercase().ends_with("recognised ")
            {
                continue;
            }
            if *value == "ukgdpr:6.1.f" && lower.starts_with("recognised") {
                continue;
            }
            push(out, *facet, *value, b, (m.start(), m.end()));
        }
    }
}

static SCHEDULE1: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bSch(?:edule|\.)? ?1\b,?\s*(?:Part (?P<part>[1-3]),?\s*)?(?:paragraph|para\.?) ?(?P<para>\d{1,2})\b",
    )
});
static DPA: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:DPA(?: 2018)?|Data Protection Act(?: 2018)?)\b"));

fn schedule1(b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    for caps in SCHEDULE1.captures_iter(block) {
        let m = caps.get(0).expect("match");
        let (s, e) = b.sentence_at(m.start());
        // Other Acts have a Schedule 1 too: only the DPA 2018's is a condition.
        if !DPA.is_match(&block[s..e]) {
            continue;
        }
        let Ok(paragraph) = caps["para"].parse::<u8>() else {
            continue;
        };
        let Some(part) = schedule1_part(paragraph) else {
            continue;
        };
        let detail = match caps.name("part") {
            Some(p) if p.as_str() != part.to_string() => {
                format!(
                    "the notice says Part {}; paragraph {paragraph} is in Part {part}",
                    p.as_str()
                )
            }
            _ => String::new(),
        };
        push_detail(
            out,
            Facet::SpecialCategory,
            format!("dpa2018:sch1.p{part}.{paragraph}"),
            b,
            (m.start(), m.end()),
            detail,
        );
    }
}

fn gateways(b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    for (party, start, end) in GATEWAY_MATCHER.find_all(block) {
        push(out, Facet::Gateways, party.id, b, (start, end));
    }
}

// ------------------------------------------------------------------ who gets the data

static SHARE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:share[sd]?|sharing|provide[sd]?|providing|disclose[sd]?|disclosing|send|sends|sent|sending|pass(?:ed|es|ing)?|submit(?:s|ted|ting)?|transfer(?:s|red|ring)?|made available|give[sn]?|giving|supply|supplie[sd]|forward(?:s|ed|ing)?)\b",
    )
});
static DATA_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:data|information|details|identity|records?|videos?|clips|outcomes|results|datasets?|it|them|this)\b",
    )
});
static NEGATION: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:not|never|no)\b|n't\b"));
static FIRST_PERSON: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:we|we're|we've|us|our)\b"));
static TO_WITH_TAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:to|with)\s+(?:[\w’']+\s+){0,2}$"));
static TO_US: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\w+(?: \w+)? (?:to|by) (?:us|you)\b"));
static FRAUD_MATCHING: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:National Fraud Initiative|data matching)\b"));

fn recipients(b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    for &(s, e) in &b.sentences {
        let sentence = &block[s..e];
        for verb in SHARE_VERB.find_iter(sentence) {
            // "information provided to us" describes what we were given, not a sharing.
            if TO_US.is_match(&sentence[verb.start()..]) {
                continue;
            }
            let before = &sentence[..verb.start()];
            let near_before = &before[ceil_boundary(before, before.len().saturating_sub(40))..];
            if NEGATION.is_match(near_before) {
                continue;
            }
            // Another body as the subject ("Hospitals … must submit … to NHS Digital") is
            // its own sharing, not this body's.
            if !FIRST_PERSON.is_match(before) && !PARTY_MATCHER.find_all(before).is_empty() {
                continue;
            }
            let after = &sentence[verb.end()..];
            for (party, ps, pe) in PARTY_MATCHER.find_all(after) {
                let lead = &after[..ps];
                // The nearest verb before the body is the one that counts; a negation in
                // between ("shared for … does not include … being shared with X") undoes it.
                let lead_verbs = SHARE_VERB
                    .find_iter(lead)
                    .any(|v| !TO_US.is_match(&lead[v.start()..]));
                if !TO_WITH_TAIL.is_match(lead) || lead_verbs || NEGATION.is_match(lead) {
                    continue;
                }
                // "shared with X" (the data is the subject) or "share your data with X";
                // "provide advice to X" is not data.
                let passive = lead.split_whitespace().count() <= 3;
                if !passive && !DATA_OBJECT.is_match(lead) {
                    continue;
                }
                let at = s + verb.end() + ps;
                push(
                    out,
                    Facet::Recipients,
                    party.id,
                    b,
                    (at, s + verb.end() + pe),
                );
            }
        }
        // The National Fraud Initiative is the Cabinet Office matching bodies' data.
        if FRAUD_MATCHING.is_match(sentence) {
            if let Some((party, ps, pe)) = PARTY_MATCHER
                .find_all(sentence)
                .into_iter()
                .find(|(p, _, _)| p.id == "cabinet-office")
            {
                push(out, Facet::Recipients, party.id, b, (s + ps, s + pe));
            }
        }
    }
}

/// The first char boundary of `text` at or after byte `at` (clamped to its length): byte
/// offsets computed as "so many bytes before or after a match" may land inside a character.
pub(crate) fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The last char boundary of `text` at or before byte `at` (clamped to its length).
pub(crate) fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

static SOURCE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:receive[sd]?|receiving|obtain(?:s|ed)?|collect(?:s|ed)?|gather(?:s|ed)?|request(?:s|ed)?|get|gets|provided by|supplied by)\b",
    )
});
static SOURCE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^source(?:s)? of (?:information|data)\b:?"));
static FROM_WORD: LazyLock<Regex> = LazyLock::new(|| re(r"(?i) from "));
static SOURCE_HEADING: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bsources?\b|\bcollect\w*\b"));

fn sources(ctx: &Ctx, b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    let matchers: [&Matcher; 2] = [&SOURCE_MATCHER, &PARTY_MATCHER];
    let all = |text_start: usize, out: &mut Vec<Found>| {
        for m in matchers {
            for (party, s, e) in m.find_all(&block[text_start..]) {
                push(
                    out,
                    Facet::Sources,
                    party.id,
                    b,
                    (text_start + s, text_start + e),
                );
            }
        }
    };
    // "Source of information" followed by the sources, in the same block or the next.
    if let Some(m) = SOURCE_LABEL.find(block) {
        all(m.end(), out);
        return;
    }
    if ctx.index > 0
        && SOURCE_LABEL.is_match(&ctx.blocks[ctx.index - 1])
        && SOURCE_LABEL
            .find(&ctx.blocks[ctx.index - 1])
            .is_some_and(|m| ctx.blocks[ctx.index - 1][m.end()..].trim().is_empty())
    {
        all(0, out);
        return;
    }
    if SOURCE_HEADING.is_match(ctx.heading) {
        all(0, out);
        return;
    }
    for &(s, e) in &b.sentences {
        let sentence = &block[s..e];
        for verb in SOURCE_VERB.find_iter(sentence) {
            let after = &sentence[verb.end()..];
            // Offsets are found in `after` itself: lower-casing may change byte lengths.
            let from = if verb.as_str().to_lowercase().ends_with(" by") {
                Some(0)
            } else {
                FROM_WORD.find(after).map(|m| m.end())
            };
            let Some(from) = from else { continue };
            for m in matchers {
                for (party, ps, pe) in m.find_all(&after[from..]) {
                    let at = s + verb.end() + from;
                    push(out, Facet::Sources, party.id, b, (at + ps, at + pe));
                }
            }
        }
    }
}

static PROCESSOR_USE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:uses?|using|used|processors?|on our behalf|hosted|provided by|supplier)\b")
});

fn processors(ctx: &Ctx, b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    let heading_says = ctx.heading.contains("processor");
    for &(s, e) in &b.sentences {
        let sentence = &block[s..e];
        let found = PROCESSOR_MATCHER.find_all(sentence);
        if found.is_empty() || !(heading_says || PROCESSOR_USE.is_match(sentence)) {
            continue;
        }
        for (party, ps, pe) in found {
            push(out, Facet::Processors, party.id, b, (s + ps, s + pe));
        }
    }
}

// ------------------------------------------------------------------ retention

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|twenty-five|thirty|forty|fifty|seventy-five|hundred)\s*(?P<unit>years?|months?|weeks?|days?)\b",
    )
});
static RETENTION_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:kept|keep|keeps|retain(?:s|ed)?|retention|held|hold|stored|store|delete[sd]?|destroy(?:ed)?|dispose[sd]?)\b",
    )
});
static AGE_CONTEXT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:aged?|age of|under|over|between)\s*$"));
static MAXIMUM: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:maximum|up to|no (?:more|longer) than|at most)\b"));
static MINIMUM: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:minimum|at least)\b"));
static RETENTION_CRITERIA: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    vec![
        (
            re(r"(?i)\bRecords Management Code of Practice\b"),
            "criteria:records-management-code",
        ),
        (
            re(
                r"(?i)\b(?:our|its|the council's|the council’s) (?:records )?retention (?:policy|policies|schedules?)\b",
            ),
            "criteria:retention-policy",
        ),
        (
            re(
                r"(?i)\b(?:kept|retained|held|stored)\b[^.]{0,60}\bfor the (?:period|duration) of\b[^.]{0,60}\bonly\b",
            ),
            "criteria:until-purpose-complete",
        ),
        (
            re(
                r"(?i)\b(?:deleted|destroyed)\b[^.]{0,20}\b(?:as soon as|once|when)\b[^.]{0,60}\b(?:completed?|finished|ended|over)\b",
            ),
            "criteria:until-purpose-complete",
        ),
        (
            re(
                r"(?i)\b(?:once|when|after)\b[^.]{0,60}\b(?:is|are|has been) (?:completed?|finished|ended|over)\b[^.]{0,40}\b(?:deleted|destroyed)\b",
            ),
            "criteria:until-purpose-complete",
        ),
    ]
});

fn retention(ctx: &Ctx, b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    let heading_says = ctx.heading.contains("how long")
        || ctx.heading.contains("retention")
        || ctx.heading.contains("keep");
    for &(s, e) in &b.sentences {
        let sentence = &block[s..e];
        let about_keeping = heading_says || RETENTION_WORD.is_match(sentence);
        if !about_keeping {
            continue;
        }
        for caps in PERIOD.captures_iter(sentence) {
            let m = caps.get(0).expect("match");
            if AGE_CONTEXT.is_match(&sentence[..m.start()])
                || sentence[m.end()..]
                    .trim_start()
                    .to_lowercase()
                    .starts_with("old")
            {
                continue;
            }
            let Some(n) = number(&caps["n"]) else {
                continue;
            };
            let unit = caps["unit"].to_ascii_uppercase();
            let value = format!("period:P{n}{}", &unit[..1]);
            let window = &sentence[m.start()..floor_boundary(sentence, m.end() + 30)];
            let detail = if MAXIMUM.is_match(window) || MAXIMUM.is_match(&sentence[..m.start()]) {
                "maximum"
            } else if MINIMUM.is_match(window) || MINIMUM.is_match(&sentence[..m.start()]) {
                "minimum"
            } else {
                ""
            };
            push_detail(
                out,
                Facet::Retention,
                value,
                b,
                (s + m.start(), s + m.end()),
                detail.to_string(),
            );
        }
        for (pattern, value) in RETENTION_CRITERIA.iter() {
            if let Some(m) = pattern.find(sentence) {
                push(
                    out,
                    Facet::Retention,
                    *value,
                    b,
                    (s + m.start(), s + m.end()),
                );
            }
        }
    }
}

fn number(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse() {
        return Some(n);
    }
    let n = match word.to_lowercase().as_str() {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "twenty-five" => 25,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "seventy-five" => 75,
        "hundred" => 100,
        _ => return None,
    };
    Some(n)
}

// ------------------------------------------------------------------ DPO

static DPO_MENTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bData Protection Officer\b|\bDPO\b"));
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"));
static PHONE: LazyLock<Regex> = LazyLock::new(|| re(r"\b0\d{2,4}[ ]?\d{3,4}[ ]?\d{3,4}\b"));
/// A DPO fact with no contact of its own, dropped when the section also gives an address.
const DPO_NAMED: &str = "named";

fn dpo(ctx: &Ctx, b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    for &(s, e) in &b.sentences {
        let sentence = &block[s..e];
        let Some(m) = DPO_MENTION.find(sentence) else {
            continue;
        };
        let at = (s + m.start(), s + m.end());
        // The address is in the sentence, or in the next few blocks (a list of ways to
        // contact).
        let after = &block[s + m.end()..];
        let email = EMAIL
            .find(&sentence[m.end()..])
            .map(|m| m.as_str().to_string())
            .or_else(|| {
                if !sentence.trim_end().ends_with(':') && after.len() > sentence.len() - m.end() {
                    return None;
                }
                ctx.blocks[ctx.index + 1..]
                    .iter()
                    .take(3)
                    .find_map(|b| EMAIL.find(b).map(|m| m.as_str().to_string()))
            });
        let value = match email {
            Some(email) => email.trim_end_matches('.').to_lowercase(),
            None => match PHONE.find(sentence) {
                Some(p) => p.as_str().to_string(),
                None => DPO_NAMED.to_string(),
            },
        };
        push(out, Facet::Dpo, value, b, at);
    }
}

/// A DPO mention without an address is kept only when the section gives none elsewhere.
fn drop_unreachable_dpo(out: &mut Vec<Found>) {
    let has_contact = out
        .iter()
        .any(|f| f.facet == Facet::Dpo && f.value != DPO_NAMED);
    if has_contact {
        out.retain(|f| !(f.facet == Facet::Dpo && f.value == DPO_NAMED));
    }
}

// ------------------------------------------------------------------ rights and the rest

static RIGHTS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    vec![
        (
            re(
                r"(?i)\bright (?:of|to) access\b|\bsubject access\b|\b(?:a )?copy of (?:your|the) (?:personal )?(?:data|information)\b",
            ),
            "access",
        ),
        (
            re(
                r"(?i)\brectif\w*|\bright to (?:have \w+ )?correct\w*|\bcorrect (?:any )?inaccura\w*",
            ),
            "rectification",
        ),
        (
            re(
                r"(?i)\berasure\b|\bright to be forgotten\b|\bright to (?:have (?:your )?(?:data|information) )?(?:erased|deleted)\b",
            ),
            "erasure",
        ),
        (
            re(r"(?i)\bright to restrict\w*|\brestriction of processing\b"),
            "restriction",
        ),
        (re(r"(?i)\bportability\b"), "portability"),
        (re(r"(?i)\bright to (?:object|opt[- ]out)\b"), "objection"),
        (
            re(
                r"(?i)\brights\b[^.]{0,80}\b(?:see|explained in|set out in|refer to|described in)\b[^.]{0,60}\bnotice\b",
            ),
            "referred",
        ),
    ]
});

fn rights(b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    for (pattern, value) in RIGHTS.iter() {
        if let Some(m) = pattern.find(block) {
            push(out, Facet::Rights, *value, b, (m.start(), m.end()));
        }
    }
}

static ICO: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bInformation Commissioner(?:’s|'s|s)?(?: Office)?\b|\bICO\b"));
static COMPLAIN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:complain\w*|unhappy|concern\w*|dissatisfied|not happy)\b"));
static WITHDRAW: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bwithdraw(?:ing)? (?:your )?consent\b|\bchange your mind\b"));
static OPTIONAL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\bnot mandatory\b|\byou do not have to (?:provide|give)\b|\bis optional\b")
});
static STATUTORY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bby law,? or under the terms of a contract\b|\bstatutory (?:or|and) contractual requirement\b|\byou are required by law to (?:provide|give)\b",
    )
});
static TRANSFERS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:outside|beyond) (?:of )?the (?:UK|United Kingdom|EEA|European Economic Area|EU)\b|\boverseas\b|\binternational transfers?\b|\bthird countr(?:y|ies)\b",
    )
});
static AUTOMATED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\bautomated decision[- ]making\b|\bautomated decisions?\b|\bprofiling\b")
});
static NDOO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bnational data opt[- ]?out\b|\byour NHS data matters\b|\bregister your choice to opt out\b",
    )
});
static NOT_APPLY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:does|do|will) not apply\b|\bdoesn['’]t apply\b|\bnot applicable\b|\bis not subject to\b",
    )
});

fn simple_statements(b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    for &(s, e) in &b.sentences {
        let sentence = &block[s..e];
        if let (Some(m), true) = (ICO.find(sentence), COMPLAIN.is_match(sentence)) {
            push(
                out,
                Facet::Complaint,
                "ico",
                b,
                (s + m.start(), s + m.end()),
            );
        }
        if let Some(m) = WITHDRAW.find(sentence) {
            // "Change your mind" is about consent only where consent is the subject.
            if m.as_str().to_lowercase().contains("consent")
                || block.to_lowercase().contains("consent")
            {
                push(
                    out,
                    Facet::WithdrawConsent,
                    "stated",
                    b,
                    (s + m.start(), s + m.end()),
                );
            }
        }
        if let Some(m) = OPTIONAL.find(sentence) {
            push(
                out,
                Facet::Requirement,
                "optional",
                b,
                (s + m.start(), s + m.end()),
            );
        }
        if let Some(m) = STATUTORY.find(sentence) {
            push(
                out,
                Facet::Requirement,
                "statutory-or-contractual",
                b,
                (s + m.start(), s + m.end()),
            );
        }
        for (pattern, facet) in [
            (&*TRANSFERS, Facet::InternationalTransfers),
            (&*AUTOMATED, Facet::AutomatedDecisions),
        ] {
            if let Some(m) = pattern.find(sentence) {
                let value = if NEGATION.is_match(sentence) {
                    "none"
                } else {
                    "stated"
                };
                push(out, facet, value, b, (s + m.start(), s + m.end()));
            }
        }
        if let Some(m) = NDOO.find(sentence) {
            // "See the situations where the opt-out will not apply" describes the opt-out,
            // not this body's use of it.
            let value = if NOT_APPLY.is_match(sentence)
                && !sentence.to_lowercase().contains("situations where")
            {
                "does-not-apply"
            } else {
                "applies"
            };
            push(
                out,
                Facet::NationalDataOptOut,
                value,
                b,
                (s + m.start(), s + m.end()),
            );
        }
    }
}

static CATEGORY_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:categor\w*|types|classes|special category|what (?:personal )?information|what data)\b",
    )
});
static LEAD_IN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:includes?|including|such as)\b[^.]*:$"));
static CATEGORIES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    vec![
        (
            re(
                r"(?i)\bnames?\b[^.]{0,40}\b(?:address|email|telephone|contact)|\bcontact details\b|\bpersonal details\b",
            ),
            "identity-contact",
        ),
        (re(r"(?i)\bdates? of birth\b"), "date-of-birth"),
        (re(r"(?i)\bNHS number\b"), "nhs-number"),
        (
            re(
                r"(?i)\bhealth (?:details|information|and lifestyle)\b|\bphysical (?:or|and) mental health\b|\bmental health details\b",
            ),
            "health",
        ),
        (re(r"(?i)\bethnic\w*"), "ethnic-origin"),
        (re(r"(?i)\breligio\w*"), "religion"),
        (
            re(r"(?i)\bsexual(?:ity| orientation| life)\b|\bsex life\b"),
            "sex-life-orientation",
        ),
        (re(r"(?i)\bgender\b"), "gender"),
        (re(r"(?i)\bdisabilit\w*"), "disability"),
        (re(r"(?i)\bmarital status\b"), "marital-status"),
        (re(r"(?i)\btrade union\b"), "trade-union"),
        (re(r"(?i)\boffences\b"), "criminal-offences"),
        (
            re(r"(?i)\bfamily, lifestyle\b|\blifestyle and social circumstances\b"),
            "family-lifestyle",
        ),
        (re(r"(?i)\bfinancial details\b"), "financial"),
        (
            re(r"(?i)\bemployment and education\b"),
            "employment-education",
        ),
        (
            re(r"(?i)\bvisual images\b|\bphotographs?\b|\bvoice recordings?\b"),
            "images",
        ),
        (
            re(r"(?i)\bbirths and deaths\b|\b(?:date|cause|place) of death\b"),
            "births-deaths",
        ),
        (
            re(r"(?i)\bcookies\b|\bhow you use our website\b|\binteract with us on social media\b"),
            "online-identifiers",
        ),
    ]
});

fn data_categories(ctx: &Ctx, b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    let under_heading = CATEGORY_HEADING.is_match(ctx.heading);
    let after_lead_in = block.len() < 160
        && ctx.blocks[..ctx.index]
            .iter()
            .rev()
            .take(8)
            .take_while(|b| b.len() < 160 || LEAD_IN.is_match(b))
            .any(|b| LEAD_IN.is_match(b));
    let lead_in_itself = LEAD_IN.is_match(block);
    if !(under_heading || after_lead_in || lead_in_itself) {
        return;
    }
    for (pattern, value) in CATEGORIES.iter() {
        if let Some(m) = pattern.find(block) {
            push(out, Facet::DataCategories, *value, b, (m.start(), m.end()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, facet: Facet) -> Vec<String> {
        values_under("", text, facet)
    }

    fn values_under(heading: &str, text: &str, facet: Facet) -> Vec<String> {
        let blocks: Vec<String> = text.split('\n').map(str::to_string).collect();
        let mut v: Vec<String> = section_facts(heading, &blocks)
            .into_iter()
            .filter(|f| f.facet == facet)
            .map(|f| f.value)
            .collect();
        v.dedup();
        v
    }

    fn bases(text: &str) -> Vec<String> {
        let mut v = values(text, Facet::LawfulBasis);
        v.sort();
        v.dedup();
        v
    }

    fn conditions(text: &str) -> Vec<String> {
        let mut v = values(text, Facet::SpecialCategory);
        v.sort();
        v.dedup();
        v
    }

    // Article 6 phrasings from domain.md, one test each.

    #[test]
    fn article_6_compact() {
        assert_eq!(
            bases("This meets Article 6(1)(e) of the UK GDPR."),
            ["ukgdpr:6.1.e"]
        );
    }

    #[test]
    fn article_6_spaced() {
        assert_eq!(bases("Under Article 6 (1) (e) we may."), ["ukgdpr:6.1.e"]);
    }

    #[test]
    fn article_6_abbreviated() {
        assert_eq!(bases("See Art. 6(1)(c) for this."), ["ukgdpr:6.1.c"]);
    }

    #[test]
    fn article_6_without_the_word_article() {
        assert_eq!(
            bases("The basis is 6(1)(e) of the UK GDPR."),
            ["ukgdpr:6.1.e"]
        );
    }

    #[test]
    fn article_6_comma_form() {
        assert_eq!(
            bases("We rely on Article 6, 1(e) of the Regulation."),
            ["ukgdpr:6.1.e"]
        );
    }

    #[test]
    fn article_6_two_letters_in_one_bracket() {
        assert_eq!(
            bases("UK GDPR Article 6,1 (c & e) apply."),
            ["ukgdpr:6.1.c", "ukgdpr:6.1.e"]
        );
    }

    #[test]
    fn article_6_dotted_with_bare_letter() {
        assert_eq!(bases("Article 6.1 c - legal obligation"), ["ukgdpr:6.1.c"]);
    }

    #[test]
    fn article_6_split_across_lines() {
        // A soft line break between "Article 6" and "1 (e)" collapses to a space.
        assert_eq!(
            bases("lawful basis is UK GDPR Article 6 1 (e) as a public body"),
            ["ukgdpr:6.1.e"]
        );
    }

    #[test]
    fn article_6_two_letters_after_one_article() {
        assert_eq!(
            bases("UK General Data Protection Regulation Article 6 (1) (a) (e). Other"),
            ["ukgdpr:6.1.a", "ukgdpr:6.1.e"]
        );
    }

    #[test]
    fn article_6_recognised_legitimate_interest() {
        assert_eq!(bases("We rely on Article 6(1)(ea)."), ["ukgdpr:6.1.ea"]);
        assert_eq!(
            bases("This is a recognised legitimate interest."),
            ["ukgdpr:6.1.ea"]
        );
    }

    #[test]
    fn name_only_bases() {
        assert_eq!(bases("Our lawful basis is public task."), ["ukgdpr:6.1.e"]);
        assert_eq!(
            bases("It is necessary for compliance with a legal obligation."),
            ["ukgdpr:6.1.c"]
        );
        assert_eq!(
            bases("With your consent we will process videos of you."),
            ["ukgdpr:6.1.a"]
        );
        assert_eq!(
            bases("Performance of a contract: we pay you."),
            ["ukgdpr:6.1.b"]
        );
        assert_eq!(
            bases("We will process it for our legitimate interests."),
            ["ukgdpr:6.1.f"]
        );
    }

    // Article 9 phrasings.

    #[test]
    fn article_9_compact() {
        assert_eq!(conditions("Article 9(2)(h) applies."), ["ukgdpr:9.2.h"]);
    }

    #[test]
    fn article_9_comma_form() {
        assert_eq!(conditions("Article 9,2 (h) applies."), ["ukgdpr:9.2.h"]);
    }

    #[test]
    fn article_9_dotted_bare_letter() {
        assert_eq!(
            conditions("We rely on Article 9.2 g for this."),
            ["ukgdpr:9.2.g"]
        );
    }

    #[test]
    fn article_9_without_the_word_article() {
        assert_eq!(
            conditions("research under 9(2)(j) of the UK GDPR"),
            ["ukgdpr:9.2.j"]
        );
    }

    #[test]
    fn article_9_spaced_inside_other() {
        assert_eq!(
            conditions("Other (UK General Data Protection Regulation Article 9 (2) (a))."),
            ["ukgdpr:9.2.a"]
        );
    }

    #[test]
    fn schedule_1_paragraph_gives_part() {
        assert_eq!(
            conditions("This is further supported by Schedule 1, paragraph 3 of the DPA 2018."),
            ["dpa2018:sch1.p1.3"]
        );
        assert_eq!(
            conditions("DPA 2018 Schedule 1 Part 2 paragraph 6 (statutory purposes)."),
            ["dpa2018:sch1.p2.6"]
        );
    }

    // Traps.

    #[test]
    fn trap_letter_and_words_disagree_keeps_both() {
        assert_eq!(
            conditions(
                "We rely on 9(2)(j) as it is in the public interest in the area of public health."
            ),
            ["ukgdpr:9.2.i", "ukgdpr:9.2.j"]
        );
    }

    #[test]
    fn trap_section_of_another_act_is_not_gdpr() {
        assert!(bases("under Section 6(1)(a) of the Localism Act").is_empty());
        assert!(bases("under s.6(1)(a) of the Act").is_empty());
    }

    #[test]
    fn trap_letters_outside_the_article() {
        assert!(bases("Article 6(1)(g) does not exist.").is_empty());
        assert!(conditions("Article 9(2)(k) does not exist.").is_empty());
    }

    #[test]
    fn trap_article_without_paragraph_is_another_instrument() {
        assert!(bases("Article 6 of the Human Rights Act protects a fair trial.").is_empty());
        assert!(conditions("Article 9 of the Convention protects belief.").is_empty());
    }

    #[test]
    fn trap_schedule_1_of_another_act() {
        assert!(conditions("Schedule 1, paragraph 3 of the Children Act 1989.").is_empty());
    }

    // Recipients and their aliases.

    #[test]
    fn recipient_aliases_are_normalised() {
        for text in [
            "We provide Client Level Data to NHS Digital.",
            "We send this data to the HSCIC every month.",
            "We share your information with NHS England.",
        ] {
            assert_eq!(values(text, Facet::Recipients), ["nhs-england"], "{text}");
        }
    }

    #[test]
    fn trap_negated_sharing_is_no_recipient() {
        assert!(values(
            "Data being used or shared for purposes beyond individual care does not include your data being shared with insurance companies.",
            Facet::Recipients
        )
        .is_empty());
    }

    #[test]
    fn trap_another_body_sharing_is_not_ours() {
        assert!(values(
            "Hospitals and community organisations that provide NHS funded care must submit certain information to NHS Digital.",
            Facet::Recipients
        )
        .is_empty());
    }

    #[test]
    fn trap_receiving_from_is_a_source_not_a_recipient() {
        let text = "To help us, we receive information from NHS Digital, UK Health Security Agency and Office for Health Improvement and Disparities.";
        assert!(values(text, Facet::Recipients).is_empty());
        assert_eq!(
            values(text, Facet::Sources),
            ["nhs-england", "ukhsa", "ohid"]
        );
    }

    #[test]
    fn trap_data_provided_to_us_is_not_a_recipient() {
        assert_eq!(
            values("We may share information provided to us with other bodies responsible for auditing or administering public funds.", Facet::Recipients),
            ["public-funds-bodies"]
        );
    }

    #[test]
    fn trap_advice_is_not_data() {
        assert!(values(
            "To provide advice and guidance to care providers.",
            Facet::Recipients
        )
        .is_empty());
    }

    #[test]
    fn processors_named() {
        assert_eq!(
            values(
                "Yes - we use Survey Monkey to manage surveys.",
                Facet::Processors
            ),
            ["surveymonkey"]
        );
        assert_eq!(
            values(
                "The team uses Power BI as an analysis tool.",
                Facet::Processors
            ),
            ["microsoft"]
        );
    }

    #[test]
    fn statutory_gateways_have_canonical_names() {
        let mut v = values(
            "The legal basis is section 42(4) of the Statistics and Registration Service Act (2007) as amended by section 287 of the Health and Social Care Act (2012) and regulation 3 of the Health Service (Control of Patient Information) Regulations 2002.",
            Facet::Gateways,
        );
        v.sort();
        assert_eq!(v, ["copi-2002", "hsca-2012:s287", "srsa-2007:s42-4"]);
        assert_eq!(
            values("Section 251* NHS Act 2006.", Facet::Gateways),
            ["nhs-act-2006:s251"]
        );
    }

    // Retention.

    #[test]
    fn retention_period_is_parsed_with_its_qualifier() {
        let blocks = vec!["NHS Digital state that the data will be held for “20 years maximum from when the information is received.”".to_string()];
        let found: Vec<Found> = section_facts("", &blocks)
            .into_iter()
            .filter(|f| f.facet == Facet::Retention)
            .collect();
        assert_eq!(found[0].value, "period:P20Y");
        assert_eq!(found[0].detail, "maximum");
        assert_eq!(
            values("Records are kept for six months.", Facet::Retention),
            ["period:P6M"]
        );
    }

    #[test]
    fn trap_ages_are_not_retention_periods() {
        assert!(values(
            "We hold data about children aged 16 years.",
            Facet::Retention
        )
        .is_empty());
        assert!(values("We hold data until you are 25 years old.", Facet::Retention).is_empty());
    }

    #[test]
    fn retention_criteria() {
        assert_eq!(
            values("We retain information in accordance with the Records Management Code of Practice 2016.", Facet::Retention),
            ["criteria:records-management-code"]
        );
        assert_eq!(
            values("Videos are kept securely for the period of the intervention only, and then deleted.", Facet::Retention),
            ["criteria:until-purpose-complete"]
        );
    }

    #[test]
    fn dpo_contact_in_sentence_or_following_list() {
        assert_eq!(
            values(
                "please contact our Data Protection Officer at dpo@example.gov.uk or call.",
                Facet::Dpo
            ),
            ["dpo@example.gov.uk"]
        );
        assert_eq!(
            values("contact our Data Protection Officer by:\nemailing dpo@example.gov.uk\nmailing a letter to: Data Protection Officer, Town Hall", Facet::Dpo),
            ["dpo@example.gov.uk"]
        );
    }

    #[test]
    fn complaint_rights_and_opt_out() {
        assert_eq!(
            values(
                "You can also make a complaint to the Information Commissioner’s Office.",
                Facet::Complaint
            ),
            ["ico"]
        );
        assert_eq!(
            values(
                "You have the right to opt out of us holding your data.",
                Facet::Rights
            ),
            ["objection"]
        );
        assert_eq!(
            values(
                "To register your choice to opt out, please visit Your NHS Data Matters.",
                Facet::NationalDataOptOut
            ),
            ["applies"]
        );
        assert_eq!(
            values(
                "The national data opt-out does not apply to this data.",
                Facet::NationalDataOptOut
            ),
            ["does-not-apply"]
        );
    }

    #[test]
    fn trap_opt_out_list_item_about_situations() {
        assert_eq!(
            values(
                "The national data opt-out: see the situations where the opt-out will not apply",
                Facet::NationalDataOptOut
            ),
            ["applies"]
        );
    }

    #[test]
    fn transfers_and_automated_decisions() {
        assert_eq!(
            values(
                "We do not transfer your data outside the UK.",
                Facet::InternationalTransfers
            ),
            ["none"]
        );
        assert_eq!(
            values(
                "Some data is stored outside the EEA under safeguards.",
                Facet::InternationalTransfers
            ),
            ["stated"]
        );
        assert_eq!(
            values(
                "We do not use automated decision-making.",
                Facet::AutomatedDecisions
            ),
            ["none"]
        );
    }

    #[test]
    fn sentences_skip_abbreviations() {
        let text = "See Art. 6(1)(e) here. Next one e.g. this. Last";
        let spans: Vec<&str> = sentences(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            spans,
            ["See Art. 6(1)(e) here.", "Next one e.g. this.", "Last"]
        );
    }

    #[test]
    fn long_sentences_are_quoted_as_a_window() {
        let long = format!(
            "{} Article 6(1)(e) applies {}",
            "word ".repeat(100),
            "more ".repeat(100)
        );
        let q = quote(&long, 500, 517);
        assert!(q.len() <= MAX_QUOTE, "{}", q.len());
        assert!(q.contains("Article 6(1)(e)"));
        assert!(long.contains(&q));
    }

    // Text with characters of more than one byte: no rule may cut one in half.

    /// Curly quotes, dashes, accents, emoji and no-break spaces next to everything the rules
    /// look for, at every distance a rule measures in bytes.
    const MULTI_BYTE: &[&str] = &[
        "We keep each patient’s record on our secure computer and we share it with NHS England.",
        "Les données de l’usager — café, naïve, résumé — are shared with NHS England 😀.",
        "We share your data with the police “when required”.\u{a0}We do not share it with HMRC.",
        "Records are kept for 8 years ——— the maximum — then destroyed 😀😀😀.",
        "Records are kept for 8 years’’’’’’’’’’’’’’’’’’’’’’ maximum.",
        "We receive İİİİ information from NHS England and ﬁles from your GP practice.",
        "Source of information: İstanbul ÉÉÉ NHS England.",
        "Our Data Protection Officer – Ms Zoë Brontë – dpo@example.org ☎ 01234 567 890.",
        "Under Article 6(1)(e) – “public task” – and Article 9(2)(h)’s health care condition.",
        "Art. 9.2 g – substantial public interest ➜ Schedule 1 paragraph 6 of the DPA 2018 ✓.",
        "You have the right of access — the right to rectification — and the right to object ✓.",
        "Complain to the Information Commissioner’s Office 😀; withdraw your consent any time.",
        "The national data opt‑out does not apply ’cause we’re exempt.",
        "Transfers outside the UK – none. Automated decision‑making – none. Profiling – ✗.",
        "Categories include: names, addresses, ethnicity, religion ✓ and health information.",
        "We use Microsoft Azure 😀 as our processor, hosted in the UK.",
        "Section 251 of the NHS Act 2006 — the “COPI” regulations — apply.",
    ];

    #[test]
    fn the_reported_sentence_no_longer_panics_and_its_recipient_is_found() {
        assert_eq!(
            values(
                "We keep each patient’s record on our secure computer and we share it with NHS England.",
                Facet::Recipients
            ),
            ["nhs-england"]
        );
    }

    #[test]
    fn every_rule_reads_multi_byte_text() {
        for text in MULTI_BYTE {
            // Each text alone, under headings that switch rules on, and padded so that the
            // byte windows (40 before a verb, 30 after a period, the 320-byte quote) land in
            // the middle of characters.
            for heading in ["", "How long we keep it", "Sources of data", "Processors"] {
                for pad in 0..4 {
                    let padded = format!("{}{text}{}", "é".repeat(pad * 7), "’".repeat(pad * 40));
                    for found in section_facts(heading, &[padded.clone(), text.to_string()]) {
                        assert!(padded.contains(&found.quote) || text.contains(&found.quote));
                    }
                }
            }
        }
        assert_eq!(
            values(
                "Records are kept for 8 years ——— the maximum — then destroyed.",
                Facet::Retention
            ),
            ["period:P8Y"]
        );
        assert_eq!(
            values(
                "We receive İİİİ information from NHS England.",
                Facet::Sources
            ),
            ["nhs-england"]
        );
    }

    #[test]
    fn sentences_split_after_a_no_break_space() {
        let block = "First we store it.\u{a0}Then we share it with NHS England.";
        let s = sentences(block);
        assert_eq!(s.len(), 2);
        assert_eq!(&block[s[1].0..s[1].1], "Then we share it with NHS England.");
    }

    #[test]
    fn long_sentences_are_quoted_on_character_boundaries() {
        let long = format!(
            "{} we share it with NHS England {}",
            "é’😀 ".repeat(60),
            "–\u{a0}ü ".repeat(60)
        );
        let at = long.find("NHS England").unwrap();
        for shift in 0..6 {
            // Offsets that are not boundaries are moved to one, never sliced through.
            let q = quote(&long, at.saturating_sub(shift), at + 11 + shift);
            assert!(long.contains(&q));
            assert!(q.len() <= MAX_QUOTE + 8, "{}", q.len());
        }
    }

    mod any_text {
        use super::*;
        use proptest::prelude::*;

        /// Words the rules look for, glued to characters of two, three and four bytes.
        fn notice_like() -> impl Strategy<Value = String> {
            let words = prop::sample::select(vec![
                "We",
                "we",
                "share",
                "shared",
                "it",
                "with",
                "to",
                "from",
                "receive",
                "NHS England",
                "the police",
                "not",
                "’",
                "“",
                "”",
                "–",
                "—",
                "é",
                "İ",
                "😀",
                "\u{a0}",
                " ",
                ".",
                ":",
                ";",
                "(",
                ")",
                "kept",
                "for",
                "6",
                "years",
                "months",
                "maximum",
                "Article",
                "Art.",
                "6",
                "9",
                "(1)",
                "(2)",
                "(e)",
                "(h)",
                "1",
                "2",
                "e",
                "h",
                ".1",
                ".2",
                "Schedule 1",
                "paragraph",
                "6",
                "DPA 2018",
                "Data Protection Officer",
                "dpo@example.org",
                "01234 567 890",
                "consent",
                "public task",
                "legitimate interests",
                "national data opt-out",
                "does not apply",
                "right of access",
                "ICO",
                "complain",
                "outside the UK",
                "profiling",
                "Microsoft",
                "SurveyMonkey",
                "Source of information:",
                "include:",
                "names",
                "health",
                "information",
                "retention policy",
                "deleted",
                "once",
                "completed",
            ]);
            prop::collection::vec(words, 0..60).prop_map(|w| w.concat())
        }

        proptest! {
            #[test]
            fn arbitrary_unicode_never_panics(
                heading in "\\PC{0,30}",
                blocks in prop::collection::vec("\\PC{0,300}", 0..5),
            ) {
                for found in section_facts(&heading, &blocks) {
                    prop_assert!(blocks.iter().any(|b| b.contains(&found.quote)));
                }
            }

            #[test]
            fn notice_like_text_never_panics(
                heading in notice_like(),
                blocks in prop::collection::vec(notice_like(), 0..5),
            ) {
                for found in section_facts(&heading, &blocks) {
                    prop_assert!(blocks.iter().any(|b| b.contains(&found.quote)));
                }
            }
        }
    }
}
