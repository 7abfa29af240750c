//! Categories of personal data, read under a heading or a lead-in that introduces them.

use std::sync::LazyLock;

use regex::Regex;

use super::{push, re, Block, Ctx, Found};
use crate::facts::registry;
use crate::facts::Facet;

static CATEGORY_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:categor\w*|types|classes|special category|what (?:personal )?information|what data)\b",
    )
});
static LEAD_IN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:includes?|including|such as)\b[^.]*:$"));
static CATEGORIES: LazyLock<Vec<(Regex, &'static str)>> =
    LazyLock::new(|| registry::compile_terms(registry::DATA_CATEGORIES));

pub(super) fn data_categories(ctx: &Ctx, b: &Block, out: &mut Vec<Found>) {
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
