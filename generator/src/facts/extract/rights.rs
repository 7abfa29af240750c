//! The data subject's rights a notice names.

use std::sync::LazyLock;

use regex::Regex;

use super::{push, Block, Found};
use crate::facts::registry;
use crate::facts::Facet;

static RIGHTS: LazyLock<Vec<(Regex, &'static str)>> =
    LazyLock::new(|| registry::compile_terms(registry::RIGHTS));

pub(super) fn rights(b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    for (pattern, value) in RIGHTS.iter() {
        if let Some(m) = pattern.find(block) {
            push(out, Facet::Rights, *value, b, (m.start(), m.end()));
        }
    }
}
