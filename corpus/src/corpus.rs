//! A deterministic corpus of synthetic privacy notices, shaped like real ones, for
//! benchmarks at any size: N organisations × M notices, each notice 1,500–4,000 words with
//! headings, lists and the field's vocabulary (lawful bases in their many spellings,
//! recipients, retention, rights, statutes). Place names, services and partner bodies vary
//! from notice to notice so that, as in a real corpus, most words are not in every notice.
//!
//! The same seed always gives byte-identical output, on any machine and any version of
//! this crate's dependencies (the generator is self-contained).

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};

/// splitmix64: small, fast and fully specified, so the corpus never changes under us.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Skewed towards the front of `items` (roughly Zipf-like): common words stay common,
    /// the tail stays rare.
    pub fn pick_skewed<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let a = self.below(items.len());
        let b = self.below(items.len());
        let c = self.below(items.len());
        &items[a.min(b).min(c)]
    }
}

const SYLLABLES_A: &[&str] = &[
    "Ash", "Bram", "Card", "Dun", "Elm", "Fern", "Gran", "Hal", "Ing", "Kel", "Lang", "Mar", "Nor",
    "Oak", "Pen", "Quen", "Rad", "Stan", "Thorn", "Ux", "Ver", "Wal", "Yar", "Brent", "Cal",
    "Dray", "Eas", "Fal", "Glen", "Hart", "Kirk", "Lid", "Mel", "Ned", "Orm", "Pol",
];
const SYLLABLES_B: &[&str] = &[
    "bridge", "ford", "ham", "ton", "by", "wick", "field", "mouth", "stead", "worth", "ley",
    "dale", "borough", "chester", "minster", "combe", "holm", "hurst", "mere", "thorpe",
];
/// England's nine regions: the first entries of the regions `atlas check` accepts.
const REGIONS: &[&str] = atlas::model::reference::REGIONS.split_at(9).0;
const NHS_REGIONS: &[&str] = atlas::model::reference::NHS_REGIONS;
const NOTICE_TYPES: &[&str] = &[
    "Corporate privacy notice",
    "Council tax and business rates",
    "Adult social care",
    "Children's services",
    "Public health",
    "Housing and homelessness",
    "Patient records",
    "Research and planning",
    "Employment and recruitment",
    "CCTV and body-worn cameras",
    "Complaints and feedback",
    "Safeguarding adults",
    "Electoral register",
    "Parking enforcement",
    "Library services",
    "Blue badge scheme",
    "Education and school admissions",
    "Licensing",
    "Planning applications",
    "Waste and recycling",
    "Births, deaths and marriages",
    "National Fraud Initiative",
    "Test and trace",
    "Population health management",
    "Screening programmes",
    "Continuing healthcare",
    "Individual funding requests",
    "Freedom of information requests",
    "Special educational needs",
    "Youth offending service",
];
const SERVICES: &[&str] = &[
    "health visiting",
    "school nursing",
    "stop smoking support",
    "sexual health clinics",
    "drug and alcohol recovery",
    "weight management",
    "reablement",
    "home care",
    "day opportunities",
    "occupational therapy",
    "carers' assessments",
    "telecare",
    "family support",
    "early help",
    "fostering",
    "adoption",
    "special guardianship",
    "youth clubs",
    "school transport",
    "free school meals",
    "housing benefit",
    "council tax reduction",
    "discretionary housing payments",
    "disabled facilities grants",
    "rough sleeping outreach",
    "community safety",
    "trading standards",
    "environmental health",
    "pest control",
    "bulky waste collection",
    "garden waste subscriptions",
    "registrars",
    "leisure centres",
    "libraries",
    "adult learning",
    "apprenticeships",
    "emergency planning",
    "outpatient clinics",
    "maternity services",
    "mental health crisis care",
    "urgent treatment",
    "community nursing",
    "diabetes prevention",
    "falls prevention",
    "memory assessment",
    "wheelchair services",
    "audiology",
    "podiatry",
    "speech and language therapy",
];
const RECIPIENTS: &[&str] = &[
    "NHS England",
    "NHS Digital",
    "the UK Health Security Agency",
    "the Office for Health Improvement and Disparities",
    "the Department for Work and Pensions",
    "HM Revenue and Customs",
    "the police",
    "the Cabinet Office",
    "the Care Quality Commission",
    "Ofsted",
    "the Department for Education",
    "the Office for National Statistics",
    "the Student Loans Company",
    "CIFAS",
    "other local authorities",
    "GP practices",
    "hospital trusts",
    "the Data Services for Commissioners Regional Office (DSCRO)",
    "Midlands and Lancashire Commissioning Support Unit",
    "NECS",
    "South, Central and West Commissioning Support Unit",
    "Arden and GEM Commissioning Support Unit",
    "the Local Government Ombudsman",
    "the Health and Care Professions Council",
    "the Home Office",
    "the Electoral Commission",
    "HM Courts and Tribunals Service",
    "the Probation Service",
    "the Information Commissioner's Office",
    "Healthwatch",
    "the Disclosure and Barring Service",
];
const PROCESSOR_STEMS: &[&str] = &[
    "Civic",
    "Northgate",
    "Meridian",
    "Beacon",
    "Harbour",
    "Keystone",
    "Lumen",
    "Quarry",
    "Summit",
    "Tideway",
    "Vantage",
    "Willow",
    "Apex",
    "Bluebell",
    "Crescent",
    "Delta",
];
const PROCESSOR_KINDS: &[&str] = &[
    "Analytics Ltd",
    "Software Ltd",
    "Digital Services",
    "Records Management Ltd",
    "Payments plc",
    "Cloud Hosting Ltd",
    "Print and Post Ltd",
    "Survey Systems",
];
const LAWFUL_BASES: &[&str] = &[
    "Article 6(1)(e) of the UK GDPR (public task)",
    "Article 6 (1) (e) UK GDPR",
    "Art. 6(1)(c) – legal obligation",
    "6(1)(a) consent",
    "Article 6, 1(e)",
    "Article 6,1 (c & e)",
    "Article 6.1 c - legal obligation",
    "UK General Data Protection Regulation Article 6 (1) (a) (e)",
    "Article 6(1)(b) – performance of a contract",
    "Article 6(1)(d) – vital interests",
    "Article 6(1)(f) legitimate interests",
    "the public task basis",
    "our legal obligation",
];
const SPECIAL_CATEGORY: &[&str] = &[
    "Article 9(2)(h) – health or social care",
    "Article 9,2 (h)",
    "Article 9.2 g – substantial public interest",
    "Article 9(2)(i) – public health",
    "9(2)(j) archiving, research and statistics",
    "Article 9(2)(b) – employment and social security",
    "Article 9(2)(a) explicit consent",
];
const STATUTES: &[&str] = &[
    "the Care Act 2014",
    "the Children Act 1989",
    "the Children Act 2004",
    "the Health and Social Care Act 2012",
    "the Health and Care Act 2022",
    "the National Health Service Act 2006",
    "the Local Audit and Accountability Act 2014",
    "the Public Health (Control of Disease) Act 1984",
    "the Housing Act 1996",
    "the Local Government Finance Act 1992",
    "the Education Act 1996",
    "the Statistics and Registration Service Act 2007",
    "the Mental Health Act 1983",
    "the Crime and Disorder Act 1998",
    "the Representation of the People Act 1983",
    "the Health Protection (Notification) Regulations 2010",
    "the Health Service (Control of Patient Information) Regulations 2002",
];
const DATA_CATEGORIES: &[&str] = &[
    "name",
    "address",
    "date of birth",
    "NHS number",
    "telephone number",
    "email address",
    "National Insurance number",
    "bank details",
    "household composition",
    "ethnicity",
    "religion or belief",
    "sexual orientation",
    "physical and mental health",
    "criminal offence data",
    "employment history",
    "photographs",
    "CCTV images",
    "case notes",
    "school attendance",
    "benefit entitlement",
    "housing circumstances",
];
const RIGHTS: &[&str] = &[
    "the right to be informed",
    "the right of access",
    "the right to rectification",
    "the right to erasure",
    "the right to restrict processing",
    "the right to data portability",
    "the right to object",
    "rights in relation to automated decision making and profiling",
];
const RETENTION_PERIODS: &[&str] = &[
    "six years",
    "seven years",
    "eight years after the last contact",
    "20 years maximum",
    "until the child's 25th birthday",
    "three years",
    "one year",
    "75 years",
    "the end of the financial year plus six years",
    "ten years after death",
];

fn place(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SYLLABLES_A), rng.pick(SYLLABLES_B))
}

/// Lower-case words joined with hyphens.
fn slug(text: &str) -> String {
    atlas::model::slug::slugify(text)
}

struct OrgPlan {
    slug: String,
    name: String,
    kind: &'static str,
    region: &'static str,
    nhs_region: &'static str,
    place: String,
}

fn plan_org(rng: &mut Rng, index: usize) -> OrgPlan {
    let place = place(rng);
    let (kind, name) = match rng.below(100) {
        0..=34 => (
            "council",
            match rng.below(4) {
                0 => format!("{place} City Council"),
                1 => format!("{place} County Council"),
                2 => format!("London Borough of {place}"),
                _ => format!("{place} District Council"),
            },
        ),
        35..=44 => ("icb", format!("NHS {place} Integrated Care Board")),
        45..=69 => (
            "nhs-trust",
            match rng.below(3) {
                0 => format!("{place} Hospitals NHS Foundation Trust"),
                1 => format!("{place} Community Health NHS Trust"),
                _ => format!("{place} Mental Health NHS Trust"),
            },
        ),
        _ => ("other", format!("{place} Medical Practice")),
    };
    let nhs_region = if kind == "council" {
        ""
    } else {
        *rng.pick(NHS_REGIONS)
    };
    OrgPlan {
        slug: format!("{}-{index}", slug(&name)),
        name,
        kind,
        region: REGIONS[rng.below(REGIONS.len())],
        nhs_region,
        place,
    }
}

fn sentence(rng: &mut Rng, org: &OrgPlan) -> String {
    let service = rng.pick_skewed(SERVICES);
    let recipient = rng.pick_skewed(RECIPIENTS);
    let other_place = place(rng);
    match rng.below(16) {
        0 => format!("We use your information to provide {service} to residents of {} and {other_place}.", org.place),
        1 => format!("We may share information with {recipient} where the law requires or allows us to."),
        2 => format!("The lawful basis for this processing is {}.", rng.pick(LAWFUL_BASES)),
        3 => format!("Where we process special category data we rely on {}.", rng.pick(SPECIAL_CATEGORY)),
        4 => format!("This processing is required under {}.", rng.pick_skewed(STATUTES)),
        5 => format!("We keep records about {service} for {} and then securely destroy them.", rng.pick(RETENTION_PERIODS)),
        6 => format!("You have {} and you can ask us about it at any time.", rng.pick(RIGHTS)),
        7 => format!("Information about your {} and {} is collected when you contact {service}.", rng.pick_skewed(DATA_CATEGORIES), rng.pick_skewed(DATA_CATEGORIES)),
        8 => format!("{} {} processes data on our behalf under a written contract and may not use it for anything else.", rng.pick(PROCESSOR_STEMS), rng.pick(PROCESSOR_KINDS)),
        9 => format!("Staff at the {other_place} office who work in {service} can see only the records they need."),
        10 => "If you are unhappy with how we have handled your information you can complain to the Information Commissioner's Office.".to_string(),
        11 => format!("We receive information from {recipient} and from {} when they refer you to us.", rng.pick_skewed(RECIPIENTS)),
        12 => "Your confidential patient information is only used like this where allowed by law, and the national data opt-out applies where it is not used for your individual care.".to_string(),
        13 => format!("We do not transfer your information outside the UK, except where {} hosts data in the European Economic Area under an adequacy decision.", rng.pick(PROCESSOR_STEMS)),
        14 => format!("Decisions about {service} are never made by automated means without a person reviewing them."),
        _ => format!("{} works with partners across {} to plan {service} and to improve outcomes for local people.", org.name, org.region),
    }
}

fn paragraph(rng: &mut Rng, org: &OrgPlan, out: &mut String, words: &mut usize) {
    let n = rng.between(3, 7);
    let mut text = String::new();
    for i in 0..n {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(&sentence(rng, org));
    }
    *words += text.split_whitespace().count();
    out.push_str(&text);
    out.push_str("\n\n");
}

fn list(rng: &mut Rng, out: &mut String, words: &mut usize) {
    let (intro, items): (&str, &[&str]) = match rng.below(4) {
        0 => ("We may share your information with:", RECIPIENTS),
        1 => ("The information we hold includes:", DATA_CATEGORIES),
        2 => ("Under data protection law you have:", RIGHTS),
        _ => ("This includes services such as:", SERVICES),
    };
    out.push_str(intro);
    out.push_str("\n\n");
    *words += intro.split_whitespace().count();
    for _ in 0..rng.between(3, 8) {
        let item = rng.pick_skewed(items);
        *words += item.split_whitespace().count();
        let _ = writeln!(out, "- {item}");
    }
    out.push('\n');
}

const HEADINGS: &[&str] = &[
    "Who we are",
    "What information we collect",
    "Why we use your information",
    "Our lawful basis for using your information",
    "Special category information",
    "Who we share your information with",
    "How long we keep your information",
    "Your rights",
    "National data opt-out",
    "Data processors",
    "Transfers outside the UK",
    "Automated decision making",
    "How to complain",
    "Contact our Data Protection Officer",
    "Where we get your information from",
    "How we keep your information secure",
    "Changes to this notice",
];

fn notice_body(rng: &mut Rng, org: &OrgPlan, target_words: usize) -> String {
    let mut out = String::new();
    let mut words = 0;
    paragraph(rng, org, &mut out, &mut words);
    let mut h = 0;
    while words < target_words {
        let heading = HEADINGS[h % HEADINGS.len()];
        if h >= HEADINGS.len() {
            let _ = writeln!(out, "## {heading}: {}\n", rng.pick(SERVICES));
        } else {
            let _ = writeln!(out, "## {heading}\n");
        }
        h += 1;
        for _ in 0..rng.between(1, 3) {
            paragraph(rng, org, &mut out, &mut words);
            if rng.chance(35) {
                list(rng, &mut out, &mut words);
            }
        }
        if rng.chance(25) {
            let _ = writeln!(
                out,
                "### {} in {}\n",
                capitalise(SERVICES[rng.below(SERVICES.len())]),
                org.place
            );
            paragraph(rng, org, &mut out, &mut words);
        }
    }
    let _ = writeln!(
        out,
        "## Contact us\n\nWrite to the Data Protection Officer, {}, or email <dpo@{}.example.org.uk>.\n",
        org.name,
        org.slug
    );
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// What `write` produced.
#[derive(Debug, Clone, Copy, Default)]
pub struct CorpusStats {
    pub orgs: usize,
    pub notices: usize,
    pub words: usize,
    pub bytes: usize,
}

/// Writes `orgs` × `notices` content folders under `root/content/`, plus an `atlas.toml`.
/// Nothing else: `atlas` carries the default theme and the search module.
pub fn write(root: &Path, orgs: usize, notices: usize, seed: u64) -> Result<CorpusStats> {
    let content = root.join("content");
    if content.exists() {
        std::fs::remove_dir_all(&content)
            .with_context(|| format!("cannot clear {}", content.display()))?;
    }
    std::fs::create_dir_all(root)?;
    std::fs::write(
        root.join("atlas.toml"),
        format!(
            "title = \"Notice Atlas corpus {orgs}×{notices}\"\nbase_url = \"http://127.0.0.1/\"\ndescription = \"Synthetic notices (seed {seed}) for benchmarks.\"\n"
        ),
    )?;
    let mut rng = Rng::new(seed);
    let mut stats = CorpusStats::default();
    for o in 0..orgs {
        let org = plan_org(&mut rng, o);
        let dir = content.join(&org.slug);
        std::fs::create_dir_all(dir.join("notices"))?;
        std::fs::write(
            dir.join("org.toml"),
            format!(
                "name = \"{}\"\nkind = \"{}\"\nwebsite = \"https://{}.example.org.uk\"\nregion = \"{}\"\nnhs_region = \"{}\"\ndescription = \"A synthetic {} for benchmarks.\"\n",
                org.name, org.kind, org.slug, org.region, org.nhs_region, org.kind
            ),
        )?;
        stats.orgs += 1;
        let mut used = std::collections::HashSet::new();
        for n in 0..notices {
            let kind = rng.pick(NOTICE_TYPES);
            let mut notice_slug = slug(kind);
            if !used.insert(notice_slug.clone()) {
                notice_slug = format!("{notice_slug}-{n}");
                used.insert(notice_slug.clone());
            }
            let target = rng.between(1_500, 4_000);
            let body = notice_body(&mut rng, &org, target);
            let text = format!(
                "+++\ntitle = \"{kind}\"\nretrieved = 2026-11-{:02}\nlast_updated = 20{:02}-{:02}-{:02}\nsummary = \"How {} uses personal information for {}.\"\n+++\n\n{body}",
                rng.between(1, 20),
                rng.between(18, 25),
                rng.between(1, 12),
                rng.between(1, 28),
                org.name,
                kind.to_lowercase()
            );
            stats.words += body.split_whitespace().count();
            stats.bytes += text.len();
            std::fs::write(dir.join("notices").join(format!("{notice_slug}.md")), text)?;
            stats.notices += 1;
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus_other_seed_other_corpus() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let c = tempfile::tempdir().unwrap();
        let sa = write(a.path(), 3, 2, 7).unwrap();
        write(b.path(), 3, 2, 7).unwrap();
        write(c.path(), 3, 2, 8).unwrap();
        let read_all = |root: &Path| {
            let mut files: Vec<_> = walkdir::WalkDir::new(root.join("content"))
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    (
                        e.path().strip_prefix(root).unwrap().to_path_buf(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect();
            files.sort();
            files
        };
        assert_eq!(read_all(a.path()), read_all(b.path()));
        assert_ne!(read_all(a.path()), read_all(c.path()));
        assert_eq!(sa.orgs, 3);
        assert_eq!(sa.notices, 6);
        let per_notice = sa.words / sa.notices;
        assert!(
            (1_500..=4_600).contains(&per_notice),
            "{per_notice} words per notice"
        );
    }

    #[test]
    fn the_corpus_builds_and_its_vocabulary_varies() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), 4, 3, 1).unwrap();
        let content = atlas::model::content::load(&dir.path().join("content")).unwrap();
        assert_eq!(content.orgs.len(), 4);
        let site = atlas::model::Site::from_content(content);
        // A place-specific word appears in some notices but not all.
        let texts: Vec<String> = site
            .orgs
            .iter()
            .flat_map(|o| o.notices.iter())
            .map(|n| {
                n.sections
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let org_place = &site.orgs[0]
            .name
            .split_whitespace()
            .next()
            .unwrap()
            .to_string();
        let with = texts
            .iter()
            .filter(|t| t.contains(org_place.as_str()))
            .count();
        assert!(
            with > 0 && with < texts.len(),
            "{org_place} in {with} of {}",
            texts.len()
        );
        for notice in site.orgs.iter().flat_map(|o| o.notices.iter()) {
            assert!(
                notice.sections.len() >= 8,
                "{} has {} sections",
                notice.title,
                notice.sections.len()
            );
        }
    }
}
