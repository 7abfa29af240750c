//! Reference data every stage shares: the kinds of public body, the ONS and NHS England
//! regions, and the GSS code prefixes that fit each kind.

use serde::{Deserialize, Serialize};

/// What kind of public body an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrgKind {
    Council,
    Icb,
    NhsTrust,
    Other,
}

impl OrgKind {
    pub const ALL: [OrgKind; 4] = [
        OrgKind::Council,
        OrgKind::Icb,
        OrgKind::NhsTrust,
        OrgKind::Other,
    ];

    /// The id used in files, URLs and the index.
    pub fn id(self) -> &'static str {
        match self {
            OrgKind::Council => "council",
            OrgKind::Icb => "icb",
            OrgKind::NhsTrust => "nhs-trust",
            OrgKind::Other => "other",
        }
    }

    /// A plain-language plural label.
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Council => "Councils",
            OrgKind::Icb => "Integrated care boards",
            OrgKind::NhsTrust => "NHS trusts",
            OrgKind::Other => "Other bodies",
        }
    }
}

/// GSS code prefixes an organisation on the site can carry (ONS Register of Geographic Codes).
pub const GSS_PREFIXES: &[(&str, &str)] = &[
    ("E06", "unitary authority"),
    ("E07", "non-metropolitan district"),
    ("E08", "metropolitan district"),
    ("E09", "London borough"),
    ("E10", "county"),
    ("E11", "metropolitan county"),
    ("E38", "sub-ICB location"),
    ("E54", "integrated care board"),
    ("W06", "Welsh unitary authority"),
    ("W11", "Welsh local health board"),
    ("S08", "Scottish health board"),
    ("S12", "Scottish council area"),
    ("N09", "Northern Irish local government district"),
];

/// ONS regions and nations.
pub const REGIONS: &[&str] = &[
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
    "Scotland",
    "Northern Ireland",
];

/// NHS England's regions.
pub const NHS_REGIONS: &[&str] = &[
    "East of England",
    "London",
    "Midlands",
    "North East and Yorkshire",
    "North West",
    "South East",
    "South West",
];
