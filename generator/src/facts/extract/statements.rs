//! Single statements: the right to complain to the ICO, to withdraw consent, whether giving
//! data is required, transfers abroad, automated decisions, and the national data opt-out.

use std::sync::LazyLock;

use regex::Regex;

use super::parties::NEGATION;
use super::{push, re, Block, Ctx, Found};
use crate::facts::Facet;

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
        r"(?i)\bnational data opt[- ]?outs?\b|\byour NHS data matters\b|\bregister your choice to opt out\b",
    )
});
static NOT_APPLY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:does|do|will) not apply\b|\bdoesn['’]t apply\b|\bnot applicable\b|\bis not subject to\b|\b(?:is|are) not covered by\b|\boutside the scope of\b|\b(?:is|are) not relevant\b",
    )
});
static OPT_OUT_HEADING: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bnational data opt[- ]?outs?\b|\byour nhs data matters\b"));
static APPLY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:apply|applies|applied|respect|respects|honour|honours|uphold|upholds)\b\s+(?:it|this|your (?:choice|opt[- ]?out))\b",
    )
});

pub(super) fn simple_statements(ctx: &Ctx, b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    let under_opt_out_heading = OPT_OUT_HEADING.is_match(ctx.heading);
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
            push(
                out,
                Facet::NationalDataOptOut,
                opt_out_value(sentence),
                b,
                (s + m.start(), s + m.end()),
            );
        } else if under_opt_out_heading {
            // Under a heading about the opt-out, "we apply it" is about the opt-out.
            if let Some(m) = APPLY_WORD.find(sentence) {
                push(
                    out,
                    Facet::NationalDataOptOut,
                    opt_out_value(sentence),
                    b,
                    (s + m.start(), s + m.end()),
                );
            }
        }
    }
}

/// Whether a sentence about the national data opt-out says it applies to this body's use.
/// "See the situations where the opt-out will not apply" describes the opt-out, not this
/// body's use of it.
fn opt_out_value(sentence: &str) -> &'static str {
    if NOT_APPLY.is_match(sentence) && !sentence.to_lowercase().contains("situations where") {
        "does-not-apply"
    } else {
        "applies"
    }
}
