//! The parties a notice names: bodies and kinds of body that receive data or supply it,
//! processors and statutory gateways, each with the aliases notices use, and one compiled
//! matcher per list.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

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
