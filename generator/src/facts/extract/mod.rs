//! Finding facts in notice text. Rules read one block (paragraph, list item, table cell) at a
//! time, with the section heading as context; each fact quotes the sentence it came from.
//! The phrasings and traps handled are those listed in docs/domain.md, with tests in
//! `tests.rs`.
//!
//! One file per family of rules: `citations` (Articles 6 and 9 by letter) and `lawful_basis`
//! (conditions in words, Schedule 1, and the structural rules of both), `parties`
//! (recipients, sources, processors, gateways), `retention`, `contact` (the DPO),
//! `rights`, `statements` (complaint, withdrawing consent, requirement, transfers,
//! automated decisions, national data opt-out), `categories` (data categories); `text`
//! cuts blocks into sentences and quotes; `structure` reads the notice's lists, their
//! introductions and its tables. Ids and labels of values come from the registry.

mod categories;
mod citations;
mod contact;
mod lawful_basis;
mod parties;
mod retention;
mod rights;
mod statements;
pub mod structure;
mod text;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use regex::Regex;

use super::registry;
use super::{Facet, Fact, Origin};
use crate::model::site::Notice;

pub use citations::article_mentions;
pub use text::{quote, sentences};

use structure::Shape;
use text::quote_in;

/// A fact before it is tied to its notice and section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub facet: Facet,
    pub value: String,
    pub quote: String,
    pub detail: String,
}

/// Every fact in one notice, one per section, facet and value, in section order.
pub fn notice_facts(org_slug: &str, notice: &Notice) -> Vec<Fact> {
    let mut facts = Vec::new();
    // The notice's structure (lists, their introductions, tables) from its rendered HTML.
    let html = structure::read_html(&notice.html);
    let no_blocks = Vec::new();
    for section in &notice.sections {
        let heading = section.heading_path();
        let shapes = structure::shapes(
            &section.blocks,
            html.get(&section.anchor).unwrap_or(&no_blocks),
        );
        let mut seen = HashSet::new();
        for found in shaped_section_facts(&heading, &section.blocks, &shapes) {
            if !seen.insert((found.facet, found.value.clone())) {
                continue;
            }
            let label = registry::value_label(found.facet, &found.value)
                .unwrap_or_else(|| found.value.clone());
            facts.push(Fact {
                org: org_slug.into(),
                notice: notice.slug.as_str().into(),
                anchor: section.anchor.as_str().into(),
                heading: if section.anchor.is_empty() {
                    notice.title.as_str().into()
                } else {
                    heading.as_str().into()
                },
                facet: found.facet,
                value: found.value.into(),
                label: label.into(),
                quote: found.quote.into(),
                detail: found.detail.into(),
                origin: Origin::Extracted,
            });
        }
    }
    crate::facts::intern(&mut facts);
    facts
}

/// Facts in one section's blocks, `heading` being the section's heading path. Without the
/// notice's HTML, a block ending with a colon is read as introducing a list of the short
/// blocks after it.
pub fn section_facts(heading: &str, blocks: &[String]) -> Vec<Found> {
    shaped_section_facts(heading, blocks, &structure::guess(blocks))
}

/// Facts in one section's blocks, given each block's shape.
pub fn shaped_section_facts(heading: &str, blocks: &[String], shapes: &[Shape]) -> Vec<Found> {
    let mut out = Vec::new();
    let heading_lower = heading.to_lowercase();
    let mut pending = citations::Pending::default();
    let lists = RefCell::new(HashMap::new());
    let heading_flags = std::cell::OnceCell::new();
    for (i, block) in blocks.iter().enumerate() {
        let ctx = Ctx {
            heading: &heading_lower,
            blocks,
            index: i,
            shapes,
            lists: &lists,
            heading_flags: &heading_flags,
        };
        // The sentences are found once per block: every rule and every quote reads them.
        let b = Block {
            text: block,
            sentences: sentences(block),
        };
        citations::articles(&ctx, &b, &mut pending, &mut out);
        lawful_basis::conditions(&ctx, &b, &mut out);
        lawful_basis::schedule1(&b, &mut out);
        parties::gateways(&b, &mut out);
        parties::recipients(&b, &mut out);
        parties::sources(&ctx, &b, &mut out);
        parties::processors(&ctx, &b, &mut out);
        retention::retention(&ctx, &b, &mut out);
        contact::dpo(&ctx, &b, &mut out);
        rights::rights(&b, &mut out);
        statements::simple_statements(&ctx, &b, &mut out);
        categories::data_categories(&ctx, &b, &mut out);
    }
    contact::drop_unreachable_dpo(&mut out);
    out
}

struct Ctx<'a> {
    /// The section's heading path, lower-case.
    heading: &'a str,
    blocks: &'a [String],
    index: usize,
    /// Every block's shape, in the order of `blocks`.
    shapes: &'a [Shape],
    /// What the section's lists were found to be (a list of all the bases, as a lesson),
    /// by list number, once each.
    lists: &'a RefCell<HashMap<u32, bool>>,
    /// What the heading says about the legal basis, read when first needed.
    heading_flags: &'a std::cell::OnceCell<lawful_basis::HeadingFlags>,
}

impl Ctx<'_> {
    /// This block's shape (a paragraph when none is known).
    fn shape(&self) -> Shape {
        self.shapes.get(self.index).copied().unwrap_or_default()
    }

    fn heading_flags(&self) -> lawful_basis::HeadingFlags {
        *self
            .heading_flags
            .get_or_init(|| lawful_basis::HeadingFlags::of(self.heading))
    }
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

#[cfg(test)]
mod tests;
