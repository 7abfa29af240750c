//! Canonical names: the bodies and kinds of body a notice may share data with or receive it
//! from (with the aliases notices use), processors, statutory gateways, and the closed value
//! lists of the other facets. Values are ids; labels are what pages show.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use super::Facet;

/// A named party: a body, a kind of body, or a product a processor runs.
pub struct Party {
    pub id: &'static str,
    pub label: &'static str,
    /// Case-insensitive regex alternatives, matched on word boundaries.
    pub aliases: &'static [&'static str],
}

/// Bodies and kinds of body that receive data or supply it. NHS Digital and the HSCIC are
/// NHS England (their functions moved in 2023); Public Health England's health protection
/// went to UKHSA.
pub const PARTIES: &[Party] = &[
    Party {
        id: "nhs-england",
        label: "NHS England (incl. former NHS Digital)",
        aliases: &[
            "NHS England",
            "NHS Digital",
            "HSCIC",
            "Health and Social Care Information Centre",
        ],
    },
    Party {
        id: "ukhsa",
        label: "UK Health Security Agency",
        aliases: &[
            "UK Health Security Agency",
            "UKHSA",
            "Public Health England",
            "PHE",
        ],
    },
    Party {
        id: "ohid",
        label: "Office for Health Improvement and Disparities",
        aliases: &["Office for Health Improvement and Disparities", "OHID"],
    },
    Party {
        id: "dscro",
        label: "Data Services for Commissioners Regional Office",
        aliases: &[
            "Data Services for Commissioners Regional Offices?",
            "DSCROs?",
        ],
    },
    Party {
        id: "csu-scw",
        label: "South, Central and West Commissioning Support Unit",
        aliases: &[
            "South,? Central and West Commissioning Support Unit",
            "SCW CSU",
        ],
    },
    Party {
        id: "csu-mlcsu",
        label: "Midlands and Lancashire Commissioning Support Unit",
        aliases: &[
            "Midlands and Lancashire (?:Commissioning Support Unit|CSU)",
            "MLCSU",
        ],
    },
    Party {
        id: "csu-necs",
        label: "North of England Commissioning Support",
        aliases: &["North of England Commissioning Support(?: Unit)?", "NECS"],
    },
    Party {
        id: "csu-agem",
        label: "Arden and GEM Commissioning Support Unit",
        aliases: &["Arden and (?:GEM|Greater East Midlands)(?: Commissioning Support Unit| CSU)?"],
    },
    Party {
        id: "ons",
        label: "Office for National Statistics",
        aliases: &["Office for National Statistics", "ONS"],
    },
    Party {
        id: "cabinet-office",
        label: "Cabinet Office (National Fraud Initiative)",
        aliases: &["Cabinet Office"],
    },
    Party {
        id: "dhsc",
        label: "Department of Health and Social Care",
        aliases: &["Department of Health and Social Care", "DHSC"],
    },
    Party {
        id: "dwp",
        label: "Department for Work and Pensions",
        aliases: &["Department for Work and Pensions", "DWP"],
    },
    Party {
        id: "hmrc",
        label: "HM Revenue and Customs",
        aliases: &["HM Revenue (?:and|&) Customs", "HMRC"],
    },
    Party {
        id: "dfe",
        label: "Department for Education",
        aliases: &["Department for Education", "DfE"],
    },
    Party {
        id: "police",
        label: "The police",
        aliases: &["police(?: forces?| service)?"],
    },
    Party {
        id: "cqc",
        label: "Care Quality Commission",
        aliases: &["Care Quality Commission", "CQC"],
    },
    Party {
        id: "ofsted",
        label: "Ofsted",
        aliases: &["Ofsted"],
    },
    Party {
        id: "slc",
        label: "Student Loans Company",
        aliases: &["Student Loans Company"],
    },
    Party {
        id: "cifas",
        label: "Cifas",
        aliases: &["CIFAS"],
    },
    Party {
        id: "gp-practices",
        label: "GP practices",
        aliases: &["GP practices?", "GP surgery", "GP surgeries", "your GP"],
    },
    Party {
        id: "hospitals",
        label: "Hospitals",
        aliases: &["hospitals?"],
    },
    Party {
        id: "other-councils",
        label: "Other councils",
        aliases: &["other (?:local )?councils", "other local authorities"],
    },
    Party {
        id: "care-providers",
        label: "Care providers",
        aliases: &["(?:other |appointed )?care providers"],
    },
    Party {
        id: "payroll-provider",
        label: "Payroll provider",
        aliases: &["payroll (?:service )?provider"],
    },
    Party {
        id: "pension-scheme",
        label: "Pension scheme",
        aliases: &["pension scheme"],
    },
    Party {
        id: "public-funds-bodies",
        label: "Bodies that audit or administer public funds",
        aliases: &["bodies responsible for auditing or administering public funds"],
    },
    Party {
        id: "referral-organisations",
        label: "Organisations and agencies, for onward referral",
        aliases: &[
            "(?:other )?relevant organisations(?: and agencies)?",
            "other organisations and agencies",
        ],
    },
    Party {
        id: "professionals",
        label: "Professionals working with the person",
        aliases: &[
            "relevant professionals",
            "other professionals",
            "professionals working with you",
        ],
    },
    Party {
        id: "training-supervisor",
        label: "A trainee's supervisor",
        aliases: &["(?:their|a|the) supervisors?"],
    },
    Party {
        id: "complaint-subject",
        label: "Whoever a complaint is about",
        aliases: &[
            "whoever the complaint is about",
            "the subject of (?:the|a|your) complaint",
        ],
    },
    Party {
        id: "insurance-companies",
        label: "Insurance companies",
        aliases: &["insurance companies", "insurers"],
    },
];

/// Where data comes from, besides the bodies above.
pub const SOURCES: &[Party] = &[
    Party {
        id: "data-subject",
        label: "The person themselves",
        aliases: &[
            "data subjects?",
            "personal information you give to us",
            "you give (?:to )?us",
            "you provide",
        ],
    },
    Party {
        id: "family",
        label: "Family members",
        aliases: &["family members?"],
    },
    Party {
        id: "legal-representative",
        label: "Legal representatives",
        aliases: &["legal representatives?"],
    },
    Party {
        id: "primary-care",
        label: "Primary care",
        aliases: &["primary care"],
    },
    Party {
        id: "secondary-care",
        label: "Secondary care",
        aliases: &["secondary care"],
    },
    Party {
        id: "community-care",
        label: "Community care",
        aliases: &["community care"],
    },
    Party {
        id: "local-authority",
        label: "Local authorities",
        aliases: &["local authorit(?:y|ies)"],
    },
    Party {
        id: "commissioned-services",
        label: "Commissioned services",
        aliases: &["commissioned services"],
    },
    Party {
        id: "recruitment-agencies",
        label: "Recruitment agencies",
        aliases: &["recruitment agenc(?:y|ies)"],
    },
    Party {
        id: "occupational-health",
        label: "Occupational health",
        aliases: &["occupational health"],
    },
    Party {
        id: "professionals",
        label: "Other professionals",
        aliases: &["other professionals"],
    },
    Party {
        id: "public-or-staff",
        label: "Members of the public or staff",
        aliases: &["members? of the public or staff"],
    },
    Party {
        id: "social-media",
        label: "Social media",
        aliases: &["social media"],
    },
    Party {
        id: "website",
        label: "Website",
        aliases: &["our website"],
    },
];

/// Processors: products and the companies behind them.
pub const PROCESSORS: &[Party] = &[
    Party {
        id: "surveymonkey",
        label: "SurveyMonkey",
        aliases: &["Survey ?Monkey"],
    },
    Party {
        id: "microsoft",
        label: "Microsoft (Power BI, Microsoft 365)",
        aliases: &[
            "Power ?BI",
            "Microsoft(?: 365| Teams| Azure)?",
            "Office 365",
        ],
    },
    Party {
        id: "google",
        label: "Google",
        aliases: &["Google(?: Analytics| Workspace| Forms)?"],
    },
    Party {
        id: "amazon-web-services",
        label: "Amazon Web Services",
        aliases: &["Amazon Web Services", "AWS"],
    },
    Party {
        id: "mailchimp",
        label: "Mailchimp",
        aliases: &["Mail ?chimp"],
    },
    Party {
        id: "gov-notify",
        label: "GOV.UK Notify",
        aliases: &["GOV\\.UK Notify"],
    },
];

/// Statutory gateways with their canonical names.
pub const GATEWAYS: &[Party] = &[
    Party {
        id: "nhs-act-2006:s251",
        label: "NHS Act 2006 s251",
        aliases: &[
            "Section 251\\*?(?: of the)? NHS(?: 2006)? Act(?: 2006)?",
            "s\\.? ?251 (?:of the )?NHS Act",
            "section 251 support",
        ],
    },
    Party {
        id: "copi-2002",
        label: "Health Service (Control of Patient Information) Regulations 2002",
        aliases: &[
            "Control of Patient Information\\)? Regulations(?: 2002)?",
            "COPI(?: Regulations)?",
        ],
    },
    Party {
        id: "hsca-2012:s251b",
        label: "Health and Social Care Act 2012 s251B",
        aliases: &["(?:section|s\\.?) ?251B"],
    },
    Party {
        id: "hsca-2012:s259",
        label: "Health and Social Care Act 2012 s259",
        aliases: &["Section 259 ?(?:\\(\\d+\\) ?)?of the Health and Social Care Act 2012"],
    },
    Party {
        id: "hsca-2012:s287",
        label: "Health and Social Care Act 2012 s287",
        aliases: &["section 287 of the Health and Social Care Act(?: \\(?2012\\)?)?"],
    },
    Party {
        id: "hsca-2012",
        label: "Health and Social Care Act 2012",
        aliases: &["Health and Social Care Act \\(?2012\\)?"],
    },
    Party {
        id: "srsa-2007:s42-4",
        label: "Statistics and Registration Service Act 2007 s42(4)",
        aliases: &["section 42 ?\\(4\\) of the Statistics and Registration Service Act"],
    },
    Party {
        id: "care-act-2014",
        label: "Care Act 2014",
        aliases: &["Care Act(?: 201[24])?"],
    },
    Party {
        id: "children-act-1989",
        label: "Children Act 1989",
        aliases: &["Children Act 1989"],
    },
    Party {
        id: "children-act-2004",
        label: "Children Act 2004",
        aliases: &["Children Act 2004"],
    },
    Party {
        id: "hca-2022",
        label: "Health and Care Act 2022",
        aliases: &["Health and Care Act 2022"],
    },
    Party {
        id: "laaa-2014:part6",
        label: "Local Audit and Accountability Act 2014 Part 6 (National Fraud Initiative)",
        aliases: &["Local Audit and Accountability Act(?: 2014)?"],
    },
    Party {
        id: "phcda-1984",
        label: "Public Health (Control of Disease) Act 1984",
        aliases: &["Public Health \\(Control of Disease\\) Act(?: 1984)?"],
    },
    Party {
        id: "hpn-regs-2010",
        label: "Health Protection (Notification) Regulations 2010",
        aliases: &["Health Protection \\(Notification\\) Regulations(?: 2010)?"],
    },
    Party {
        id: "common-law-confidentiality",
        label: "Common law duty of confidentiality",
        aliases: &["common law duty of confidentiality"],
    },
    Party {
        id: "hra-1998",
        label: "Human Rights Act 1998",
        aliases: &["Human Rights Act(?: 1998)?"],
    },
    Party {
        id: "misuse-of-drugs-act-1971",
        label: "Misuse of Drugs Act 1971",
        aliases: &["Misuse of Drugs Act(?: 1971)?"],
    },
    Party {
        id: "medicines-act-1968",
        label: "Medicines Act 1968",
        aliases: &["Medicines Act(?: 1968)?"],
    },
    Party {
        id: "human-medicines-regs-2012",
        label: "Human Medicines Regulations 2012",
        aliases: &["Human Medicines Regulations(?: 2012)?"],
    },
];

/// A party list compiled into one matcher per party.
pub struct Matcher {
    pub parties: &'static [Party],
    regexes: Vec<Regex>,
    /// The same aliases without the word boundaries, all in one automaton: a party can be
    /// mentioned only where this finds its aliases, so one pass over the text picks the few
    /// regexes worth running (and never quits on non-ASCII text, as Unicode word boundaries
    /// make the fast engines do).
    prefilter: RegexSet,
}

impl Matcher {
    fn new(parties: &'static [Party]) -> Matcher {
        // Acronyms stay case-sensitive ("PHE" is not "phe"); the rest matches in any case.
        let alternatives: Vec<String> = parties
            .iter()
            .map(|p| {
                let parts: Vec<String> = p
                    .aliases
                    .iter()
                    .map(|a| {
                        if is_acronym(a) {
                            a.to_string()
                        } else {
                            format!("(?i:{a})")
                        }
                    })
                    .collect();
                format!("(?:{})", parts.join("|"))
            })
            .collect();
        let regexes = parties
            .iter()
            .zip(&alternatives)
            .map(|(p, a)| {
                Regex::new(&format!(r"\b{a}\b"))
                    .unwrap_or_else(|e| panic!("bad alias pattern for {}: {e}", p.id))
            })
            .collect();
        let prefilter = RegexSet::new(&alternatives).expect("the aliases compiled one by one");
        Matcher {
            parties,
            regexes,
            prefilter,
        }
    }

    /// Every party mentioned in `text`: (party, start, end), in order of position.
    pub fn find_all(&self, text: &str) -> Vec<(&'static Party, usize, usize)> {
        let mut found = Vec::new();
        for i in self.prefilter.matches(text).iter() {
            let (party, re) = (&self.parties[i], &self.regexes[i]);
            for m in re.find_iter(text) {
                found.push((party, m.start(), m.end()));
            }
        }
        found.sort_by_key(|(_, start, end)| (*start, std::cmp::Reverse(*end)));
        // Drop matches inside a longer, earlier one ("NHS England" inside nothing, but
        // "Health and Social Care Act 2012" inside "Section 259 … Act 2012").
        let mut kept: Vec<(&'static Party, usize, usize)> = Vec::new();
        for m in found {
            if kept.iter().any(|k| m.1 >= k.1 && m.2 <= k.2) {
                continue;
            }
            kept.push(m);
        }
        kept
    }

    pub fn get(&self, id: &str) -> Option<&'static Party> {
        self.parties.iter().find(|p| p.id == id)
    }
}

fn is_acronym(alias: &str) -> bool {
    alias.len() <= 6
        && alias
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '?' || c == 's')
}

pub static PARTY_MATCHER: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(PARTIES));
pub static SOURCE_MATCHER: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(SOURCES));
pub static PROCESSOR_MATCHER: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(PROCESSORS));
pub static GATEWAY_MATCHER: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(GATEWAYS));

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
