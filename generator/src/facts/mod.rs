//! Facts: what each notice states about the elements UK GDPR Articles 13 and 14 require
//! (lawful bases, special-category conditions, recipients, retention, …), each with the exact
//! words it came from and the section they are in.
//!
//! `extract` finds them in the text; `reviewed` applies maintainers' corrections from a
//! `<notice>.facts.toml` file beside the notice; `registry` holds the canonical names
//! (bodies and their aliases, statutory gateways).

pub mod extract;
pub mod registry;
pub mod reviewed;

use std::path::Path;

use serde::Serialize;

use crate::error::Diagnostic;
use crate::model::site::Site;

/// One element a notice must state, as a comparison facet. Ids follow domain.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

impl Facet {
    /// Every facet, in the order the Article 13/14 checklist lists the elements.
    pub const ALL: [Facet; 16] = [
        Facet::Dpo,
        Facet::LawfulBasis,
        Facet::SpecialCategory,
        Facet::Gateways,
        Facet::DataCategories,
        Facet::Sources,
        Facet::Recipients,
        Facet::Processors,
        Facet::InternationalTransfers,
        Facet::Retention,
        Facet::Rights,
        Facet::WithdrawConsent,
        Facet::Complaint,
        Facet::Requirement,
        Facet::AutomatedDecisions,
        Facet::NationalDataOptOut,
    ];

    /// The id used in files, URLs, the index and open data.
    pub fn id(self) -> &'static str {
        match self {
            Facet::Dpo => "dpo",
            Facet::LawfulBasis => "lawful_basis",
            Facet::SpecialCategory => "special_category",
            Facet::Gateways => "gateways",
            Facet::DataCategories => "data_categories",
            Facet::Sources => "sources",
            Facet::Recipients => "recipients",
            Facet::Processors => "processors",
            Facet::InternationalTransfers => "international_transfers",
            Facet::Retention => "retention",
            Facet::Rights => "rights",
            Facet::WithdrawConsent => "withdraw_consent",
            Facet::Complaint => "complaint",
            Facet::Requirement => "requirement",
            Facet::AutomatedDecisions => "automated_decisions",
            Facet::NationalDataOptOut => "national_data_opt_out",
        }
    }

    pub fn from_id(id: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.id() == id)
    }

    /// The element in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Facet::Dpo => "Data Protection Officer contact",
            Facet::LawfulBasis => "Lawful basis (Article 6)",
            Facet::SpecialCategory => "Special-category condition (Article 9, DPA 2018 Schedule 1)",
            Facet::Gateways => "Statutory gateways",
            Facet::DataCategories => "Categories of personal data",
            Facet::Sources => "Where the data comes from",
            Facet::Recipients => "Who receives the data",
            Facet::Processors => "Processors named",
            Facet::InternationalTransfers => "Transfers outside the UK",
            Facet::Retention => "How long data is kept",
            Facet::Rights => "Rights named",
            Facet::WithdrawConsent => "Right to withdraw consent",
            Facet::Complaint => "Right to complain to the ICO",
            Facet::Requirement => "Whether providing data is required",
            Facet::AutomatedDecisions => "Automated decision-making",
            Facet::NationalDataOptOut => "National data opt-out",
        }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub org: String,
    pub notice: String,
    /// Heading anchor of the section the quote is in; empty for the introduction.
    pub anchor: String,
    pub heading: String,
    pub facet: Facet,
    /// Canonical value, e.g. `ukgdpr:6.1.e`, `nhs-england`, `period:P20Y`.
    pub value: String,
    /// The value in plain words.
    pub label: String,
    /// The exact words of the notice that state it.
    pub quote: String,
    /// Anything parsed beyond the value, e.g. "maximum" for a retention period.
    pub detail: String,
    pub origin: Origin,
}

/// Every fact of a site, extracted and then corrected by the reviewed-facts files.
/// Order: site order of notices, then section order, then facet, then value.
pub fn collect(site: &Site) -> Result<Vec<Fact>, Vec<Diagnostic>> {
    use rayon::prelude::*;
    // Each notice on its own (in parallel), then merged in site order.
    let per_notice: Vec<(Vec<Fact>, Vec<Diagnostic>)> = site
        .orgs
        .par_iter()
        .flat_map_iter(|org| org.notices.iter().map(move |notice| (org, notice)))
        .map(|(org, notice)| {
            let mut problems = Vec::new();
            let extracted = extract::notice_facts(org, notice);
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
    let mut facts = Vec::new();
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

/// Lower-case ASCII slug of a value for URLs: `ukgdpr:9.2.h` → `ukgdpr-9-2-h`.
pub fn value_slug(value: &str) -> String {
    crate::model::slug::slugify(value)
}

/// The path a reviewed-facts file for `notice_path` has.
pub fn reviewed_path(notice_path: &Path) -> std::path::PathBuf {
    notice_path.with_extension("facts.toml")
}
