//! Canonical names: the closed value lists of the facets (rights, data categories, retention
//! criteria, the articles' letters, ...) with their labels and wordings, and (in `parties`)
//! the bodies and kinds of body a notice may share data with or receive it from, with the
//! aliases notices use, processors and statutory gateways. Values are ids; labels are what
//! pages show.

use regex::Regex;

use super::Facet;

mod parties;

pub use parties::{
    Matcher, Party, GATEWAYS, GATEWAY_MATCHER, PARTIES, PARTY_MATCHER, PROCESSORS,
    PROCESSOR_MATCHER, SOURCES, SOURCE_MATCHER,
};

/// A value of a closed facet found by wording: its id, its label, and the case-insensitive
/// patterns that state it (tried in order). The one table of these ids: the extractor
/// compiles the patterns, pages show the labels.
pub struct Term {
    pub id: &'static str,
    pub label: &'static str,
    pub patterns: &'static [&'static str],
}

/// Rights a notice names.
pub const RIGHTS: &[Term] = &[
    Term {
        id: "access",
        label: "Access",
        patterns: &[
            r"(?i)\bright (?:of|to) access\b|\bsubject access\b|\b(?:a )?copy of (?:your|the) (?:personal )?(?:data|information)\b",
        ],
    },
    Term {
        id: "rectification",
        label: "Rectification",
        patterns: &[
            r"(?i)\brectif\w*|\bright to (?:have \w+ )?correct\w*|\bcorrect (?:any )?inaccura\w*",
        ],
    },
    Term {
        id: "erasure",
        label: "Erasure",
        patterns: &[
            r"(?i)\berasure\b|\bright to be forgotten\b|\bright to (?:have (?:your )?(?:data|information) )?(?:erased|deleted)\b",
        ],
    },
    Term {
        id: "restriction",
        label: "Restriction",
        patterns: &[r"(?i)\bright to restrict\w*|\brestriction of processing\b"],
    },
    Term {
        id: "portability",
        label: "Portability",
        patterns: &[r"(?i)\bportability\b"],
    },
    Term {
        id: "objection",
        label: "Objection / opting out",
        patterns: &[r"(?i)\bright to (?:object|opt[- ]out)\b"],
    },
    Term {
        id: "referred",
        label: "Rights explained in another notice",
        patterns: &[
            r"(?i)\brights\b[^.]{0,80}\b(?:see|explained in|set out in|refer to|described in)\b[^.]{0,60}\bnotice\b",
        ],
    },
];

/// Values of the other closed facets that are not parties: (id, label).
/// Categories of personal data.
pub const DATA_CATEGORIES: &[Term] = &[
    Term {
        id: "identity-contact",
        label: "Name and contact details",
        patterns: &[
            r"(?i)\bnames?\b[^.]{0,40}\b(?:address|email|telephone|contact)|\bcontact details\b|\bpersonal details\b",
        ],
    },
    Term {
        id: "date-of-birth",
        label: "Date of birth",
        patterns: &[r"(?i)\bdates? of birth\b"],
    },
    Term {
        id: "nhs-number",
        label: "NHS number",
        patterns: &[r"(?i)\bNHS number\b"],
    },
    Term {
        id: "health",
        label: "Physical or mental health",
        patterns: &[
            r"(?i)\bhealth (?:details|information|and lifestyle)\b|\bphysical (?:or|and) mental health\b|\bmental health details\b",
        ],
    },
    Term {
        id: "ethnic-origin",
        label: "Racial or ethnic origin",
        patterns: &[r"(?i)\bethnic\w*"],
    },
    Term {
        id: "religion",
        label: "Religious or similar beliefs",
        patterns: &[r"(?i)\breligio\w*"],
    },
    Term {
        id: "sex-life-orientation",
        label: "Sex life or sexual orientation",
        patterns: &[r"(?i)\bsexual(?:ity| orientation| life)\b|\bsex life\b"],
    },
    Term {
        id: "gender",
        label: "Gender",
        patterns: &[r"(?i)\bgender\b"],
    },
    Term {
        id: "disability",
        label: "Disability",
        patterns: &[r"(?i)\bdisabilit\w*"],
    },
    Term {
        id: "marital-status",
        label: "Marital status",
        patterns: &[r"(?i)\bmarital status\b"],
    },
    Term {
        id: "trade-union",
        label: "Trade union membership",
        patterns: &[r"(?i)\btrade union\b"],
    },
    Term {
        id: "criminal-offences",
        label: "Offences and alleged offences",
        patterns: &[r"(?i)\boffences\b"],
    },
    Term {
        id: "family-lifestyle",
        label: "Family, lifestyle and social circumstances",
        patterns: &[r"(?i)\bfamily, lifestyle\b|\blifestyle and social circumstances\b"],
    },
    Term {
        id: "financial",
        label: "Financial details",
        patterns: &[r"(?i)\bfinancial details\b"],
    },
    Term {
        id: "employment-education",
        label: "Employment and education",
        patterns: &[r"(?i)\bemployment and education\b"],
    },
    Term {
        id: "images",
        label: "Images, video or voice recordings",
        patterns: &[r"(?i)\bvisual images\b|\bphotographs?\b|\bvoice recordings?\b"],
    },
    Term {
        id: "births-deaths",
        label: "Births and deaths registrations",
        patterns: &[r"(?i)\bbirths and deaths\b|\b(?:date|cause|place) of death\b"],
    },
    Term {
        id: "online-identifiers",
        label: "Website use, cookies and social media",
        patterns: &[
            r"(?i)\bcookies\b|\bhow you use our website\b|\binteract with us on social media\b",
        ],
    },
];
const YES_NO: &[(&str, &str)] = &[("stated", "Stated"), ("none", "Says there is none")];
const OPT_OUT: &[(&str, &str)] = &[("applies", "Applies"), ("does-not-apply", "Does not apply")];
const REQUIREMENT: &[(&str, &str)] = &[
    ("statutory-or-contractual", "Required by law or contract"),
    ("optional", "Not mandatory"),
];
/// Retention criteria (a period is `period:P…`, not listed).
pub const RETENTION_CRITERIA: &[Term] = &[
    Term {
        id: "criteria:records-management-code",
        label: "Records Management Code of Practice",
        patterns: &[r"(?i)\bRecords Management Code of Practice\b"],
    },
    Term {
        id: "criteria:retention-policy",
        label: "The body's retention policy or schedule",
        patterns: &[
            r"(?i)\b(?:our|its|the council's|the council’s) (?:records )?retention (?:policy|policies|schedules?)\b",
        ],
    },
    Term {
        id: "criteria:until-purpose-complete",
        label: "Until the purpose is complete, then deleted",
        patterns: &[
            r"(?i)\b(?:kept|retained|held|stored)\b[^.]{0,60}\bfor the (?:period|duration) of\b[^.]{0,60}\bonly\b",
            r"(?i)\b(?:deleted|destroyed)\b[^.]{0,20}\b(?:as soon as|once|when)\b[^.]{0,60}\b(?:completed?|finished|ended|over)\b",
            r"(?i)\b(?:once|when|after)\b[^.]{0,60}\b(?:is|are|has been) (?:completed?|finished|ended|over)\b[^.]{0,40}\b(?:deleted|destroyed)\b",
        ],
    },
];
const COMPLAINT: &[(&str, &str)] = &[("ico", "May complain to the ICO")];

/// The plain-words label of a value, or `None` when the facet does not know the value.
pub fn value_label(facet: Facet, value: &str) -> Option<String> {
    let from_terms = |list: &[Term]| {
        list.iter()
            .find(|t| t.id == value)
            .map(|t| t.label.to_string())
    };
    let from = |list: &[(&str, &str)]| {
        list.iter()
            .find(|(id, _)| *id == value)
            .map(|(_, l)| l.to_string())
    };
    let from_parties = |m: &Matcher| m.get(value).map(|p| p.label.to_string());
    match facet {
        Facet::LawfulBasis => article_label(value, 6),
        Facet::SpecialCategory => article_label(value, 9).or_else(|| schedule1_label(value)),
        Facet::Recipients => from_parties(&PARTY_MATCHER),
        Facet::Sources => from_parties(&SOURCE_MATCHER).or_else(|| from_parties(&PARTY_MATCHER)),
        Facet::Processors => from_parties(&PROCESSOR_MATCHER),
        Facet::Gateways => from_parties(&GATEWAY_MATCHER).or_else(|| Some(value.to_string())),
        Facet::Rights => from_terms(RIGHTS),
        Facet::DataCategories => from_terms(DATA_CATEGORIES),
        Facet::InternationalTransfers | Facet::AutomatedDecisions | Facet::WithdrawConsent => {
            from(YES_NO)
        }
        Facet::NationalDataOptOut => from(OPT_OUT),
        Facet::Requirement => from(REQUIREMENT),
        Facet::Complaint => from(COMPLAINT),
        Facet::Retention => from_terms(RETENTION_CRITERIA).or_else(|| period_label(value)),
        Facet::Dpo => (!value.trim().is_empty()).then(|| value.to_string()),
    }
}

/// The compiled patterns of a term table, flattened in order: (pattern, id).
pub fn compile_terms(terms: &'static [Term]) -> Vec<(Regex, &'static str)> {
    terms
        .iter()
        .flat_map(|t| {
            t.patterns.iter().map(move |p| {
                let re = Regex::new(p).unwrap_or_else(|e| panic!("bad pattern {p}: {e}"));
                (re, t.id)
            })
        })
        .collect()
}

/// Letters each article takes.
pub fn article_letters(article: u8) -> &'static [&'static str] {
    match article {
        6 => &["a", "b", "c", "d", "e", "ea", "f"],
        9 => &["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
        _ => &[],
    }
}

fn article_label(value: &str, article: u8) -> Option<String> {
    let prefix = if article == 6 {
        "ukgdpr:6.1."
    } else {
        "ukgdpr:9.2."
    };
    let letter = value.strip_prefix(prefix)?;
    if !article_letters(article).contains(&letter) {
        return None;
    }
    let words = match (article, letter) {
        (6, "a") => "consent",
        (6, "b") => "contract",
        (6, "c") => "legal obligation",
        (6, "d") => "vital interests",
        (6, "e") => "public task",
        (6, "ea") => "recognised legitimate interest",
        (6, "f") => "legitimate interests",
        (9, "a") => "explicit consent",
        (9, "b") => "employment and social security",
        (9, "c") => "vital interests",
        (9, "d") => "not-for-profit bodies",
        (9, "e") => "made public by the person",
        (9, "f") => "legal claims",
        (9, "g") => "substantial public interest",
        (9, "h") => "health or social care",
        (9, "i") => "public health",
        _ => "archiving, research and statistics",
    };
    let paragraph = if article == 6 { 1 } else { 2 };
    Some(format!("Article {article}({paragraph})({letter}) {words}"))
}

/// `dpa2018:sch1.p1.3` → "DPA 2018 Schedule 1 Part 1 paragraph 3".
fn schedule1_label(value: &str) -> Option<String> {
    let rest = value.strip_prefix("dpa2018:sch1.p")?;
    let (part, paragraph) = rest.split_once('.')?;
    let part: u8 = part.parse().ok()?;
    let paragraph: u8 = paragraph.parse().ok()?;
    (schedule1_part(paragraph) == Some(part))
        .then(|| format!("DPA 2018 Schedule 1 Part {part} paragraph {paragraph}"))
}

/// The Part of DPA 2018 Schedule 1 a paragraph is in.
pub fn schedule1_part(paragraph: u8) -> Option<u8> {
    match paragraph {
        1..=4 => Some(1),
        5..=28 => Some(2),
        29..=37 => Some(3),
        _ => None,
    }
}

/// `period:P20Y` → "20 years".
fn period_label(value: &str) -> Option<String> {
    let iso = value.strip_prefix("period:P")?;
    let unit_at = iso.char_indices().last()?.0;
    let (number, unit) = iso.split_at(unit_at);
    let n: u32 = number.parse().ok()?;
    let unit = match unit {
        "Y" => "year",
        "M" => "month",
        "W" => "week",
        "D" => "day",
        _ => return None,
    };
    Some(format!("{n} {unit}{}", if n == 1 { "" } else { "s" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_normalise_to_one_body() {
        for text in ["sent to NHS Digital", "the HSCIC", "NHS England"] {
            let found = PARTY_MATCHER.find_all(text);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].0.id, "nhs-england");
        }
        // Acronyms are case-sensitive: "phe" in a word or lower case is not PHE.
        assert!(PARTY_MATCHER.find_all("the phe word").is_empty());
    }

    #[test]
    fn every_pattern_compiles_and_labels_resolve() {
        for m in [
            &*PARTY_MATCHER,
            &*SOURCE_MATCHER,
            &*PROCESSOR_MATCHER,
            &*GATEWAY_MATCHER,
        ] {
            assert!(!m.parties.is_empty());
        }
        assert_eq!(
            value_label(Facet::LawfulBasis, "ukgdpr:6.1.e").unwrap(),
            "Article 6(1)(e) public task"
        );
        assert!(value_label(Facet::LawfulBasis, "ukgdpr:6.1.g").is_none());
        assert!(value_label(Facet::SpecialCategory, "ukgdpr:9.2.k").is_none());
        assert_eq!(
            value_label(Facet::SpecialCategory, "dpa2018:sch1.p1.3").unwrap(),
            "DPA 2018 Schedule 1 Part 1 paragraph 3"
        );
        assert!(value_label(Facet::SpecialCategory, "dpa2018:sch1.p2.3").is_none());
        assert_eq!(
            value_label(Facet::Retention, "period:P20Y").unwrap(),
            "20 years"
        );
    }
}
