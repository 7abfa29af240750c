//! The Data Protection Officer's contact.

use std::sync::LazyLock;

use regex::Regex;

use super::{push, re, Block, Ctx, Found};
use crate::facts::Facet;

static DPO_MENTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bData Protection Officer\b|(?-i:\bDPO\b)"));
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"));
static PHONE: LazyLock<Regex> = LazyLock::new(|| re(r"\b0\d{2,4}[ ]?\d{3,4}[ ]?\d{3,4}\b"));
/// A DPO fact with no contact of its own, dropped when the section also gives an address.
const DPO_NAMED: &str = "named";

/// Headings are lower-cased before rules read them.
static DPO_MENTION_IN_HEADING: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bdata protection officer\b|\bdpo\b"));
/// A UK postcode, for a postal address given as the DPO's.
static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b"));
static FORM: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:online|web|contact) form\b|\busing the form\b|\bthe form at\b"));
/// Another role's contact in the same block: not the DPO's.
static OTHER_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\bfreedom of information\b|\bFOI\b|\bcomplaints? team\b|\bcustomer services\b")
});

/// The DPO's contact: in the sentence naming the DPO (an e-mail address after the mention,
/// else a postcode, a telephone number or a web form), in the blocks a sentence ending
/// with a colon introduces (a list of ways to contact), or in any block of a section whose
/// heading names the DPO. One value per mention: the e-mail address when there is one,
/// else `post:<postcode>`, the number, `form`, or `named`.
pub(super) fn dpo(ctx: &Ctx, b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    let mut mentioned = false;
    for &(s, e) in &b.sentences {
        let sentence = &block[s..e];
        // "DPO" inside an e-mail address ("trust.dpo@nhs.net") names no one.
        let Some(m) = DPO_MENTION
            .find_iter(sentence)
            .find(|m| !in_email(sentence, m.start(), m.end()))
        else {
            continue;
        };
        mentioned = true;
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
            })
            // "Data Protection Officer, <address>. Email: …": the rest of the block.
            .or_else(|| {
                let rest = &block[e..];
                (!OTHER_ROLE.is_match(rest) && !DPO_MENTION.is_match(rest))
                    .then(|| EMAIL.find(rest).map(|m| m.as_str().to_string()))
                    .flatten()
            });
        let value = match email {
            Some(email) => email.trim_end_matches('.').to_lowercase(),
            None => other_contact(sentence).unwrap_or_else(|| DPO_NAMED.to_string()),
        };
        push(out, Facet::Dpo, value, b, at);
    }
    // Under a heading naming the DPO, a block giving a contact is the DPO's, when no contact
    // has been found for the DPO in the section yet.
    let have_contact = out
        .iter()
        .any(|f| f.facet == Facet::Dpo && f.value != DPO_NAMED);
    if !mentioned
        && !have_contact
        && DPO_MENTION_IN_HEADING.is_match(ctx.heading)
        && !OTHER_ROLE.is_match(block)
    {
        if let Some(m) = EMAIL.find(block) {
            let value = m.as_str().trim_end_matches('.').to_lowercase();
            push(out, Facet::Dpo, value, b, (m.start(), m.end()));
        } else if let Some(value) = other_contact(block) {
            if value != "form" {
                push(out, Facet::Dpo, value, b, (0, block.len()));
            }
        }
    }
}

/// Whether `[start, end)` is part of an e-mail address.
fn in_email(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    matches!(before, Some('.' | '_' | '-' | '@'))
        || matches!(after, Some('@' | '.' | '_'))
            && text[end..]
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_alphanumeric())
}

/// A contact that is not an e-mail address: postcode, telephone number or web form.
fn other_contact(text: &str) -> Option<String> {
    if let Some(p) = POSTCODE.find(text) {
        return Some(format!("post:{}", p.as_str()));
    }
    if let Some(p) = PHONE.find(text) {
        return Some(p.as_str().to_string());
    }
    FORM.is_match(text).then(|| "form".to_string())
}

/// One contact per DPO: where the section gives the DPO an e-mail address, its other
/// contacts (post, telephone, form) are left out; a mention without any contact is kept
/// only when the section gives none elsewhere.
pub(super) fn drop_unreachable_dpo(out: &mut Vec<Found>) {
    let is_email = |f: &Found| f.value.contains('@');
    let has_email = out.iter().any(|f| f.facet == Facet::Dpo && is_email(f));
    let has_contact = out
        .iter()
        .any(|f| f.facet == Facet::Dpo && f.value != DPO_NAMED);
    out.retain(|f| {
        f.facet != Facet::Dpo
            || is_email(f)
            || !(has_email || (has_contact && f.value == DPO_NAMED))
    });
}
