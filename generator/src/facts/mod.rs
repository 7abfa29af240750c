//! Facts: what each notice states about the elements UK GDPR Articles 13 and 14 require
//! (lawful bases, special-category conditions, recipients, retention, …), each with the exact
//! words it came from and the section they are in.
//!
//! `extract` finds them in the text; `reviewed` applies maintainers' corrections from a
//! `<notice>.facts.toml` file beside the notice; `registry` holds the canonical names
//! (bodies and their aliases, statutory gateways) and the ids and labels of values;
//! `quality` gives each facet's precision and recall measured on the labelled set.

pub mod extract;
pub mod quality;
pub mod registry;
pub mod reviewed;

pub use quality::{quality, quality_of, quality_set, FacetQuality, QualitySet};

use std::path::Path;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;
use crate::model::site::{Notice, Org, Site};

/// One element a notice must state, as a comparison facet. Ids follow domain.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Facet {
    Dpo,
    LawfulBasis,
    SpecialCategory,
    Gateways,
    DataCategories,
    Sources,
    Recipients,
    Processors,
    InternationalTransfers,
    Retention,
    Rights,
    WithdrawConsent,
    Complaint,
    Requirement,
    AutomatedDecisions,
    NationalDataOptOut,
}

/// Every facet with its id (used in files, URLs, the index and open data) and its label
/// (the element in plain words), in the order the Article 13/14 checklist lists them: the
/// one table of facet ids and labels.
const FACETS: [(Facet, &str, &str); 16] = [
    (Facet::Dpo, "dpo", "Data Protection Officer contact"),
    (
        Facet::LawfulBasis,
        "lawful_basis",
        "Lawful basis (Article 6)",
    ),
    (
        Facet::SpecialCategory,
        "special_category",
        "Special-category condition (Article 9, DPA 2018 Schedule 1)",
    ),
    (Facet::Gateways, "gateways", "Statutory gateways"),
    (
        Facet::DataCategories,
        "data_categories",
        "Categories of personal data",
    ),
    (Facet::Sources, "sources", "Where the data comes from"),
    (Facet::Recipients, "recipients", "Who receives the data"),
    (Facet::Processors, "processors", "Processors named"),
    (
        Facet::InternationalTransfers,
        "international_transfers",
        "Transfers outside the UK",
    ),
    (Facet::Retention, "retention", "How long data is kept"),
    (Facet::Rights, "rights", "Rights named"),
    (
        Facet::WithdrawConsent,
        "withdraw_consent",
        "Right to withdraw consent",
    ),
    (
        Facet::Complaint,
        "complaint",
        "Right to complain to the ICO",
    ),
    (
        Facet::Requirement,
        "requirement",
        "Whether providing data is required",
    ),
    (
        Facet::AutomatedDecisions,
        "automated_decisions",
        "Automated decision-making",
    ),
    (
        Facet::NationalDataOptOut,
        "national_data_opt_out",
        "National data opt-out",
    ),
];

impl Facet {
    /// Every facet, in the order the Article 13/14 checklist lists the elements.
    pub const ALL: [Facet; 16] = {
        let mut all = [Facet::Dpo; 16];
        let mut i = 0;
        while i < 16 {
            all[i] = FACETS[i].0;
            i += 1;
        }
        all
    };

    fn entry(self) -> &'static (Facet, &'static str, &'static str) {
        FACETS
            .iter()
            .find(|e| e.0 == self)
            .expect("every facet is in the table")
    }

    /// The id used in files, URLs, the index and open data.
    pub fn id(self) -> &'static str {
        self.entry().1
    }

    pub fn from_id(id: &str) -> Option<Facet> {
        FACETS.iter().find(|e| e.1 == id).map(|e| e.0)
    }

    /// The element in plain words.
    pub fn label(self) -> &'static str {
        self.entry().2
    }

    /// URL segment: the id with hyphens.
    pub fn slug(self) -> String {
        self.id().replace('_', "-")
    }

    /// Facets whose values come from a closed list (anything else is an error in a
    /// reviewed-facts file).
    pub fn is_closed(self) -> bool {
        !matches!(self, Facet::Gateways | Facet::Dpo)
    }
}

/// Where a fact comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Found by the extractor.
    Extracted,
    /// Added, corrected or confirmed by a maintainer in a reviewed-facts file.
    Reviewed,
}

impl Origin {
    pub fn id(self) -> &'static str {
        match self {
            Origin::Extracted => "extracted",
            Origin::Reviewed => "reviewed",
        }
    }
}

/// One thing a notice states, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
///
/// A national site holds a million of these at once, so the strings that repeat (the
/// organisation, notice, section, value and label) are shared ([`Shared`], see [`intern`]):
/// a fact owns only its quote and detail.
pub struct Fact {
    pub org: Shared,
    pub notice: Shared,
    /// Heading anchor of the section the quote is in; empty for the introduction.
    pub anchor: Shared,
    pub heading: Shared,
    pub facet: Facet,
    /// Canonical value, e.g. `ukgdpr:6.1.e`, `nhs-england`, `period:P20Y`.
    pub value: Shared,
    /// The value in plain words.
    pub label: Shared,
    /// The exact words of the notice that state it.
    pub quote: Box<str>,
    /// Anything parsed beyond the value, e.g. "maximum" for a retention period.
    pub detail: Box<str>,
    pub origin: Origin,
}

/// A string many facts hold: cloning it copies a pointer.
pub type Shared = std::sync::Arc<str>;

thread_local! {
    /// The values and labels this thread's facts share (see [`intern`]): a few thousand on a
    /// national site.
    static VALUES: std::cell::RefCell<HashSet<Shared>> = std::cell::RefCell::new(HashSet::new());
}

/// `s` as held in `set`, added when it is not there yet.
fn share(set: &mut HashSet<Shared>, s: &str) -> Shared {
    match set.get(s) {
        Some(shared) => shared.clone(),
        None => {
            let shared: Shared = s.into();
            set.insert(shared.clone());
            shared
        }
    }
}

/// Makes `facts` (one notice's, as extracted) share their repeated strings: the
/// organisation, notice, anchor and heading with each other, and the value and label with
/// every other fact this thread has seen, so that a site's facts hold each value once per
/// thread rather than once per fact.
pub fn intern(facts: &mut [Fact]) {
    let mut local: HashSet<Shared> = HashSet::new();
    VALUES.with(|values| {
        let mut values = values.borrow_mut();
        for f in facts.iter_mut() {
            for s in [&mut f.org, &mut f.notice, &mut f.anchor, &mut f.heading] {
                *s = share(&mut local, s);
            }
            for s in [&mut f.value, &mut f.label] {
                *s = share(&mut values, s);
            }
        }
    });
}

/// A fact as the cache files it (the same fields as [`Fact`], in the same order), read
/// without copying its strings: [`FactRef::to_facts`] makes the facts, sharing as
/// [`intern`] does, so reading a million facts back allocates little more than their quotes.
#[derive(Debug, Deserialize)]
pub struct FactRef<'a> {
    org: &'a str,
    notice: &'a str,
    anchor: &'a str,
    heading: &'a str,
    facet: Facet,
    value: &'a str,
    label: &'a str,
    quote: &'a str,
    detail: &'a str,
    origin: Origin,
}

impl FactRef<'_> {
    /// One notice's facts, read back.
    pub fn to_facts(refs: &[FactRef]) -> Vec<Fact> {
        let mut local: HashSet<Shared> = HashSet::new();
        VALUES.with(|values| {
            let mut values = values.borrow_mut();
            refs.iter()
                .map(|r| Fact {
                    org: share(&mut local, r.org),
                    notice: share(&mut local, r.notice),
                    anchor: share(&mut local, r.anchor),
                    heading: share(&mut local, r.heading),
                    facet: r.facet,
                    value: share(&mut values, r.value),
                    label: share(&mut values, r.label),
                    quote: r.quote.into(),
                    detail: r.detail.into(),
                    origin: r.origin,
                })
                .collect()
        })
    }
}

/// Every fact of a site, extracted and then corrected by the reviewed-facts files.
/// Order: site order of notices, then section order, then facet, then value.
pub fn collect(site: &Site) -> Result<Vec<Fact>, Vec<Diagnostic>> {
    collect_with(site, &|org, notice| {
        extract::notice_facts(&org.slug, notice)
    })
}

/// [`collect`], with the extractor's facts for each notice from `extracted` (which may have
/// kept them from an earlier build).
pub fn collect_with(
    site: &Site,
    extracted: &(dyn Fn(&Org, &Notice) -> Vec<Fact> + Sync),
) -> Result<Vec<Fact>, Vec<Diagnostic>> {
    use rayon::prelude::*;
    // Each notice on its own (in parallel), then merged in site order.
    let per_notice: Vec<(Vec<Fact>, Vec<Diagnostic>)> = site
        .orgs
        .par_iter()
        .flat_map_iter(|org| org.notices.iter().map(move |notice| (org, notice)))
        .map(|(org, notice)| {
            let mut problems = Vec::new();
            let extracted = extracted(org, notice);
            let facts = match reviewed::load_for(notice) {
                Ok(Some(file)) => {
                    let merged = reviewed::apply(&file, org, notice, extracted, &mut problems);
                    if problems.is_empty() {
                        merged
                    } else {
                        Vec::new()
                    }
                }
                Ok(None) => extracted,
                Err(d) => {
                    problems.push(d);
                    Vec::new()
                }
            };
            (facts, problems)
        })
        .collect();
    // Sized once: a million facts grown by doubling would hold two copies at the end.
    let mut facts = Vec::with_capacity(per_notice.iter().map(|(f, _)| f.len()).sum());
    let mut problems = Vec::new();
    for (f, p) in per_notice {
        facts.extend(f);
        problems.extend(p);
    }
    problems.extend(reviewed::stray_files(site));
    if problems.is_empty() {
        Ok(facts)
    } else {
        Err(problems)
    }
}

/// Checks every reviewed-facts file of a site without building anything: what `atlas check`
/// reports. Empty when all are valid.
pub fn check_reviewed(site: &Site) -> Vec<Diagnostic> {
    match collect(site) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    }
}

/// The path a reviewed-facts file for `notice_path` has.
pub fn reviewed_path(notice_path: &Path) -> std::path::PathBuf {
    notice_path.with_extension("facts.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(notice: &str, value: &str, quote: &str) -> Fact {
        Fact {
            org: String::from("org").into(),
            notice: notice.to_string().into(),
            anchor: String::new().into(),
            heading: String::from("Intro").into(),
            facet: Facet::LawfulBasis,
            value: value.to_string().into(),
            label: format!("label of {value}").into(),
            quote: quote.into(),
            detail: "".into(),
            origin: Origin::Extracted,
        }
    }

    #[test]
    fn interned_facts_share_their_repeated_strings_and_keep_their_values() {
        use std::sync::Arc;
        let mut first = vec![fact("a", "x", "one"), fact("a", "y", "two")];
        let before = first.clone();
        intern(&mut first);
        assert_eq!(first, before);
        assert!(Arc::ptr_eq(&first[0].org, &first[1].org));
        assert!(Arc::ptr_eq(&first[0].notice, &first[1].notice));
        assert!(Arc::ptr_eq(&first[0].heading, &first[1].heading));
        assert!(!Arc::ptr_eq(&first[0].value, &first[1].value));
        // Values and labels are shared with earlier notices' facts too.
        let mut second = vec![fact("b", "x", "three")];
        intern(&mut second);
        assert_eq!(&*second[0].notice, "b");
        assert!(Arc::ptr_eq(&first[0].value, &second[0].value));
        assert!(Arc::ptr_eq(&first[0].label, &second[0].label));
    }

    /// Facts filed in the cache read back equal, sharing their strings as extracted ones do.
    #[test]
    fn facts_read_back_from_the_cache_equal_those_filed() {
        use std::sync::Arc;
        let facts = vec![
            fact("a", "x", "one"),
            fact("a", "y", "two \u{2019}"),
            fact("a", "x", ""),
        ];
        let bytes = postcard::to_stdvec(&facts).unwrap();
        let refs: Vec<FactRef> = postcard::from_bytes(&bytes).unwrap();
        let back = FactRef::to_facts(&refs);
        assert_eq!(back, facts);
        assert!(Arc::ptr_eq(&back[0].notice, &back[1].notice));
        assert!(Arc::ptr_eq(&back[0].value, &back[2].value));
        let mut extracted = facts.clone();
        intern(&mut extracted);
        assert!(Arc::ptr_eq(&back[0].value, &extracted[0].value));
    }

    #[test]
    fn every_facet_has_one_id_and_label() {
        let mut ids: Vec<&str> = Facet::ALL.iter().map(|f| f.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Facet::ALL.len());
        for f in Facet::ALL {
            assert_eq!(Facet::from_id(f.id()), Some(f));
            assert!(!f.label().is_empty());
        }
    }
}
