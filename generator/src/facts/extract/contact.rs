//! The Data Protection Officer's contact.

use std::sync::LazyLock;

use regex::Regex;

use super::{push, re, Block, Ctx, Found};
use crate::facts::Facet;

static DPO_MENTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bData Protection Officer\b|\bDPO\b"));
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"));
static PHONE: LazyLock<Regex> = LazyLock::new(|| re(r"\b0\d{2,4}[ ]?\d{3,4}[ ]?\d{3,4}\b"));
/// A DPO fact with no contact of its own, dropped when the section also gives an address.
const DPO_NAMED: &str = "named";

pub(super) fn dpo(ctx: &Ctx, b: &Block, out: &mut Vec<Found>) {
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
pub(super) fn drop_unreachable_dpo(out: &mut Vec<Found>) {
    let has_contact = out
        .iter()
        .any(|f| f.facet == Facet::Dpo && f.value != DPO_NAMED);
    if has_contact {
        out.retain(|f| !(f.facet == Facet::Dpo && f.value == DPO_NAMED));
    }
}
