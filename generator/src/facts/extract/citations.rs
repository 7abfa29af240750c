//! Articles 6 and 9 cited by letter, in one mention or split over sentences, lines, blocks
//! and list items. The rules are described in `lawful_basis`.

use std::sync::LazyLock;

use regex::Regex;

use super::lawful_basis::{is_lesson, not_relied_on};
use super::structure::Kind;
use super::{push, re, Block, Ctx, Found};
use crate::facts::registry::article_letters;
use crate::facts::Facet;

/// One Article 6 or 9 letter cited: (article, letter, start, end).
pub fn article_mentions(text: &str) -> Vec<(u8, String, usize, usize)> {
    heads(text)
        .into_iter()
        .flat_map(|h| {
            h.letters
                .into_iter()
                .map(move |l| (h.article, l, h.start, h.end))
        })
        .collect()
}

/// "Article 6"/"9" in a text, with the letters cited right after it (none for a head that
/// a later marker continues).
#[derive(Debug)]
pub(super) struct Head {
    pub(super) article: u8,
    letters: Vec<String>,
    start: usize,
    end: usize,
    /// May open a split citation: named, with no letter, no other paragraph, no other law.
    opens: bool,
}

static OTHER_LAW: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:\(\s*[13-9]\s*\)\s*)?(?:of|in|under)\s+(?:the\s+)?(?:european convention|convention|echr|human rights|[\w ]{0,40}?\b(?:act|regulations|order|directive|treaty)\b)",
    )
});
static GDPR_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^\s*(?:of|in|under)\s+(?:the\s+)?(?:uk\s+|eu\s+)?(?:gdpr|general data protection)")
});

pub(super) fn heads(text: &str) -> Vec<Head> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    // Every 6 or 9 that stands alone (not inside a longer number or word), read backwards
    // for "Article"/"Art." or another instrument's "Section", "Regulation" …: a scan of the
    // bytes, as the candidates are rare and a regex with optional prefixes is slow.
    for (i, &c) in bytes.iter().enumerate() {
        if !(c == b'6' || c == b'9')
            || (i > 0 && is_word_byte(bytes[i - 1]))
            || bytes.get(i + 1).is_some_and(|&n| is_word_byte(n))
        {
            continue;
        }
        let article: u8 = if c == b'6' { 6 } else { 9 };
        let art_start = word_before(text, i, &["article", "art"]);
        let named = art_start.is_some();
        // "Section 6(1)(a)" of another Act is not UK GDPR.
        if !named && word_before(text, i, OTHER_UNITS).is_some() {
            continue;
        }
        let start = art_start.unwrap_or(i);
        let num_end = i + 1;
        match parse_after_number(text, num_end, article, named) {
            Some((letters, end)) => out.push(Head {
                article,
                letters,
                start,
                end,
                opens: false,
            }),
            None if named => {
                let after = &text[num_end..];
                let other_paragraph = other_paragraph(after, article);
                let other_law = OTHER_LAW.is_match(after) && !GDPR_NAMED.is_match(after);
                out.push(Head {
                    article,
                    letters: Vec::new(),
                    start,
                    end: num_end + paragraph_len(after, article),
                    opens: !other_paragraph && !other_law,
                });
            }
            None => {}
        }
    }
    out
}

/// Units of other instruments that a bare number may follow.
const OTHER_UNITS: &[&str] = &[
    "section",
    "s",
    "sec",
    "regulation",
    "reg",
    "regs",
    "paragraph",
    "para",
    "schedule",
    "part",
    "clause",
    "chapter",
    "rule",
];

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Where one of `words` (any case) starts, when it stands as a whole word right before byte
/// `at`, with an optional dot and spaces in between ("Art. 6", "Article 6", "s.6").
fn word_before(text: &str, at: usize, words: &[&str]) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut end = at;
    while end > 0 && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if end > 0 && bytes[end - 1] == b'.' {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    if start == end || (start > 0 && is_word_byte(bytes[start - 1])) {
        return None;
    }
    let word = &text[start..end];
    words
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
        .then_some(start)
}

/// "Article 9(3)", "Article 6.4": a paragraph other than the one with the letters.
fn other_paragraph(after: &str, article: u8) -> bool {
    let want = if article == 6 { '1' } else { '2' };
    let t = after.trim_start();
    let digit = if let Some(rest) = t.strip_prefix('(') {
        rest.trim_start().chars().next()
    } else if let Some(rest) = t.strip_prefix(['.', ',']) {
        rest.trim_start().chars().next()
    } else {
        None
    };
    digit.is_some_and(|d| d.is_ascii_digit() && d != want)
}

/// Length of "(2)", ".2", "(1) " after an article number when it is the article's own
/// paragraph, so the head includes it.
fn paragraph_len(after: &str, article: u8) -> usize {
    let want = if article == 6 { "1" } else { "2" };
    for form in ["(", ".", ", ", ","] {
        if let Some(rest) = after.strip_prefix(form) {
            if let Some(rest2) = rest.strip_prefix(want) {
                let close = usize::from(form == "(" && rest2.starts_with(')'));
                if form != "(" || close == 1 {
                    return form.len() + 1 + close;
                }
            }
        }
    }
    0
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
    let mut bracketed_paragraph = false;
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
        bracketed_paragraph = true;
    } else {
        if !has_article {
            return None;
        }
        if matches!(bytes.get(at), Some(b'.') | Some(b',')) {
            at = skip_ws(at + 1);
        } else {
            bare_paragraph = true;
        }
        // "Article 6, paragraph 1(e)": the paragraph named in words.
        if text[at..]
            .get(..9)
            .is_some_and(|w| w.eq_ignore_ascii_case("paragraph"))
        {
            at = skip_ws(at + 9);
            bare_paragraph = false;
        }
        if bytes.get(at) != Some(&(paragraph as u8)) {
            return None;
        }
        at += 1;
        if bytes.get(at).is_some_and(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    // Letters: "(e)", "(a) (e)", "(c & e)", "(c) and (e)", " c", ".c", "(2)(h)".
    let valid = article_letters(article);
    let mut letters = Vec::new();
    let mut end = at;
    loop {
        let mut i = skip_ws(end);
        // "(c) and (e)", "(c), (e)", "(c) or (e)": another bracketed letter.
        if !letters.is_empty() {
            for joiner in ["and ", "or ", "& ", ", ", ","] {
                if text[i..].starts_with(joiner)
                    && bytes.get(skip_ws(i + joiner.len())) == Some(&b'(')
                {
                    i = skip_ws(i + joiner.len());
                    break;
                }
            }
        }
        if bytes.get(i) == Some(&b'(') {
            let close = match text[i..].find(')') {
                Some(p) => p + i,
                None => break,
            };
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
        // "6.1.c": a dot straight before the letter.
        if letters.is_empty() && bytes.get(i) == Some(&b'.') && i == end {
            i += 1;
        }
        // A bare letter ("6.1 c", "9.2 g"), straight after the paragraph or a separator.
        // After a bare paragraph ("Art 6 1 e") or with no "Article" ("6(1) e") the letter
        // must end the citation: a dash, punctuation or the end of the text follows.
        let strict = !has_article || bare_paragraph;
        if strict && !(letters.is_empty() && (has_article || bracketed_paragraph)) {
            break;
        }
        let word_end = text[i..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .map_or(text.len(), |p| i + p);
        let word = &text[i..word_end];
        let ends_citation = || {
            let rest = text[word_end..].trim_start_matches(' ');
            rest.is_empty() || rest.starts_with(['–', '—', '-', ',', ';', ':', '.', ')'])
        };
        if !word.is_empty()
            && word.len() <= 2
            && valid.contains(&word.to_ascii_lowercase().as_str())
            && (letters.is_empty() || text[end..i].contains(['&', ',']))
            && (!strict || ends_citation())
        {
            letters.push(word.to_ascii_lowercase());
            end = word_end;
            // A separator may introduce another letter: "c & e".
            let j = skip_ws(end);
            if !strict && matches!(bytes.get(j), Some(b'&') | Some(b',')) {
                end = j + 1;
                continue;
            }
            if strict {
                break;
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

pub(super) fn value(article: u8, letter: &str) -> (Facet, String) {
    if article == 6 {
        (Facet::LawfulBasis, format!("ukgdpr:6.1.{letter}"))
    } else {
        (Facet::SpecialCategory, format!("ukgdpr:9.2.{letter}"))
    }
}

/// An open split citation: the article whose letters the next blocks may give.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Pending {
    article: Option<u8>,
    /// The block that opened it.
    from: usize,
}

/// A marker continuing a split citation: "(e)", "1 (e)", "2(h)", "e)".
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:(?P<para>\d)\s*)?(?:\((?P<l1>[a-j]{1,2})\)|(?P<l2>[a-j])\))(?:\s|$)")
});
/// A marker inside a continuation: at its start, or after a colon, semicolon, comma, "and"
/// or "or".
static INNER_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?:^|[:;,]|\band|\bor)\s*(?:(?P<para>\d)\s*)?\((?P<l>[a-j]{1,2})\)\s")
});

fn marker_letter(caps: &regex::Captures, article: u8) -> Option<String> {
    let want = if article == 6 { "1" } else { "2" };
    if caps.name("para").is_some_and(|p| p.as_str() != want) {
        return None;
    }
    let letter = caps
        .name("l")
        .or_else(|| caps.name("l1"))
        .or_else(|| caps.name("l2"))?
        .as_str()
        .to_ascii_lowercase();
    article_letters(article)
        .contains(&letter.as_str())
        .then_some(letter)
}

/// Letters cited by article: in one mention, split over a block, or continuing a head from
/// an earlier block.
pub(super) fn articles(ctx: &Ctx, b: &Block, pending: &mut Pending, out: &mut Vec<Found>) {
    let block = b.text;
    let lesson = |at: usize| {
        let (s, e) = b.sentence_at(at);
        is_lesson(ctx, &block[s..e])
    };
    // A block continuing an open head from before.
    if let Some(article) = pending.article {
        let continues = match ctx.shape().kind {
            Kind::Item { .. } => ctx.shape().intro.is_some_and(|i| i >= pending.from),
            _ => true,
        };
        match MARKER.captures(block).filter(|_| continues) {
            Some(caps) => {
                if let Some(letter) = marker_letter(&caps, article) {
                    let (facet, value) = value(article, &letter);
                    let m = caps.get(0).expect("match");
                    push(out, facet, value, b, (m.start(), m.end()));
                }
            }
            None => pending.article = None,
        }
    }
    let heads = heads(block);
    for (k, head) in heads.iter().enumerate() {
        if (head.letters.is_empty() && !head.opens)
            || lesson(head.start)
            || not_relied_on(block, b, head.start)
        {
            continue;
        }
        for letter in &head.letters {
            let (facet, value) = value(head.article, letter);
            push(out, facet, value, b, (head.start, head.end));
        }
        if !head.opens {
            continue;
        }
        // The rest of the block up to the next article mentioned continues the head.
        let until = heads.get(k + 1).map_or(block.len(), |h| h.start);
        let rest = &block[head.end..until];
        let mut any = false;
        for caps in INNER_MARKER.captures_iter(rest) {
            if let Some(letter) = marker_letter(&caps, head.article) {
                let m = caps.get(0).expect("match");
                let (facet, value) = value(head.article, &letter);
                push(
                    out,
                    facet,
                    value,
                    b,
                    (head.end + m.start(), head.end + m.end()),
                );
                any = true;
            }
        }
        // A head ending its block (or its last sentence) opens a citation the next blocks
        // may continue.
        if k + 1 == heads.len() && !any && rest.trim().len() <= 80 {
            *pending = Pending {
                article: Some(head.article),
                from: ctx.index,
            };
        }
    }
}
