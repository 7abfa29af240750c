//! Who gets the data (recipients), where it comes from (sources), who processes it for the
//! body (processors) and the statutory gateways cited, all named from the registry.

use std::sync::LazyLock;

use regex::Regex;

use super::text::ceil_boundary;
use super::{push, re, Block, Ctx, Found};
use crate::facts::registry::{
    Matcher, GATEWAY_MATCHER, PARTY_MATCHER, PROCESSOR_MATCHER, SOURCE_MATCHER,
};
use crate::facts::Facet;

pub(super) fn gateways(b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    for (party, start, end) in GATEWAY_MATCHER.find_all(block) {
        push(out, Facet::Gateways, party.id, b, (start, end));
    }
}

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
pub(super) static NEGATION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:not|never|no)\b|n't\b"));
static FIRST_PERSON: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:we|we're|we've|us|our)\b"));
static TO_WITH_TAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:to|with)\s+(?:[\w’']+\s+){0,2}$"));
static TO_US: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\w+(?: \w+)? (?:to|by) (?:us|you)\b"));
static FRAUD_MATCHING: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:National Fraud Initiative|data matching)\b"));

pub(super) fn recipients(b: &Block, out: &mut Vec<Found>) {
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

static SOURCE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:receive[sd]?|receiving|obtain(?:s|ed)?|collect(?:s|ed)?|gather(?:s|ed)?|request(?:s|ed)?|get|gets|provided by|supplied by)\b",
    )
});
static SOURCE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^source(?:s)? of (?:information|data)\b:?"));
static FROM_WORD: LazyLock<Regex> = LazyLock::new(|| re(r"(?i) from "));
static SOURCE_HEADING: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bsources?\b|\bcollect\w*\b"));

pub(super) fn sources(ctx: &Ctx, b: &Block, out: &mut Vec<Found>) {
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

pub(super) fn processors(ctx: &Ctx, b: &Block, out: &mut Vec<Found>) {
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
