//! Lawful bases (Article 6(1)) and special-category conditions (Article 9(2), DPA 2018
//! Schedule 1): cited by letter, or named in the words of the Regulation.

use std::sync::LazyLock;

use regex::Regex;

use super::{push, push_detail, re, Block, Found};
use crate::facts::registry::{article_letters, schedule1_part};
use crate::facts::Facet;

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

pub(super) fn articles(b: &Block, out: &mut Vec<Found>) {
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

pub(super) fn named_bases(b: &Block, out: &mut Vec<Found>) {
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

pub(super) fn schedule1(b: &Block, out: &mut Vec<Found>) {
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
