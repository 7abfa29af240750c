//! The extractor against the labelled set (tests/testsuite/facts/labels.toml): precision and recall per
//! facet, on the five seed notices in content/ and on the team's own short notices in
//! tests/testsuite/facts/notices/, each read through the same pipeline a build uses (content load,
//! site model, `facts::collect`). Labels and facts are matched by org + notice + facet + value,
//! never by section anchor (headings may move when a notice is re-imported); every label's
//! quote is checked to be in its notice and every fact's quote in its section.
//!
//! The measured figures are checked in at generator/src/facts/quality.toml for the pages;
//! this test fails when they differ from what it measures. `UPDATE_QUALITY=1` rewrites them.
//!
//! `cargo test -p notice-atlas --test testsuite facts -- --nocapture` prints the tables.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use atlas::facts::{self, Facet};
use atlas::model::Site;
use serde::Deserialize;

use crate::common::repo;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Labels {
    /// When the set was last changed (notices or labels).
    set_date: toml::value::Datetime,
    /// The seed notices' labels, one table each.
    label: Vec<Label>,
    /// The team set's labels, grouped by notice.
    notice: Vec<NoticeLabels>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Label {
    org: String,
    notice: String,
    facet: String,
    value: String,
    quote: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeLabels {
    org: String,
    notice: String,
    /// "held-out" for notices written after the extractor was finished and measured before
    /// any change to it; empty for the rest of the team set.
    #[serde(default)]
    batch: String,
    /// [facet, value, quote]
    facts: Vec<[String; 3]>,
}

/// Facets measured on the seed notices, with the precision and recall each must reach.
const SEED_THRESHOLDS: &[(Facet, f64, f64)] = &[
    (Facet::LawfulBasis, 0.95, 0.90),
    (Facet::SpecialCategory, 0.95, 0.90),
    (Facet::Recipients, 0.85, 0.80),
    (Facet::Processors, 0.85, 0.80),
    (Facet::Retention, 0.85, 0.80),
    (Facet::Dpo, 0.85, 0.80),
];

/// Facets measured on the team set: every one must reach 0.95 precision and recall.
const TEAM_FACETS: &[Facet] = &[
    Facet::LawfulBasis,
    Facet::SpecialCategory,
    Facet::NationalDataOptOut,
    Facet::Retention,
    Facet::Dpo,
];
const TEAM_MIN: f64 = 0.95;

type Key = (String, String, &'static str, String);

/// One labelled set read through the build's pipeline: what it expects and what is found.
struct Set {
    name: &'static str,
    notices: usize,
    facets: Vec<Facet>,
    expected: BTreeSet<Key>,
    found: BTreeSet<Key>,
    evidence: BTreeMap<Key, String>,
}

fn load_site(dir: &Path) -> Site {
    let content = atlas::model::content::load(dir)
        .unwrap_or_else(|e| panic!("{} does not load: {e:?}", dir.display()));
    Site::from_content(content)
}

fn measure(
    name: &'static str,
    site: &Site,
    labels: &[(String, String, String, String, String)],
    facets: Vec<Facet>,
    only: Option<&BTreeSet<(String, String)>>,
) -> Set {
    let wanted = |org: &str, notice: &str| {
        only.is_none_or(|o| o.contains(&(org.to_string(), notice.to_string())))
    };
    let mut expected = BTreeSet::new();
    for (org, notice_slug, facet, value, quote) in labels {
        let facet = Facet::from_id(facet).unwrap_or_else(|| panic!("unknown facet {facet}"));
        assert!(
            facets.contains(&facet),
            "{org}/{notice_slug}: {} is not measured on the {name} set",
            facet.id()
        );
        let notice = site
            .orgs
            .iter()
            .find(|o| &o.slug == org)
            .and_then(|o| o.notices.iter().find(|n| &n.slug == notice_slug))
            .unwrap_or_else(|| panic!("no notice {org}/{notice_slug}"));
        // Every label's quote is in its notice, so labels cannot drift from the text unseen.
        let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            notice.sections.iter().any(|s| s.text.contains(&quote)),
            "label quote not in {org}/{notice_slug}: {quote}"
        );
        let key = (org.clone(), notice_slug.clone(), facet.id(), value.clone());
        assert!(
            expected.insert(key),
            "label twice: {org}/{notice_slug} {value}"
        );
    }
    let mut found = BTreeSet::new();
    let mut evidence = BTreeMap::new();
    let all = facts::collect(site).unwrap_or_else(|e| panic!("facts of {name}: {e:?}"));
    for fact in all {
        let notice = site
            .orgs
            .iter()
            .find(|o| *o.slug == *fact.org)
            .and_then(|o| o.notices.iter().find(|n| *n.slug == *fact.notice))
            .expect("a fact's notice exists");
        // The quote is exact words of the section it names.
        let section = notice
            .sections
            .iter()
            .find(|s| *s.anchor == *fact.anchor)
            .expect("a fact's section exists");
        assert!(section.text.contains(&*fact.quote), "{fact:?}");
        if !facets.contains(&fact.facet) || !wanted(&fact.org, &fact.notice) {
            continue;
        }
        let key = (
            fact.org.to_string(),
            fact.notice.to_string(),
            fact.facet.id(),
            fact.value.to_string(),
        );
        evidence.entry(key.clone()).or_insert(fact.quote.into());
        found.insert(key);
    }
    let notices = site
        .orgs
        .iter()
        .flat_map(|o| o.notices.iter().map(move |n| (o, n)))
        .filter(|(o, n)| wanted(&o.slug, &n.slug))
        .count();
    Set {
        name,
        notices,
        facets,
        expected,
        found,
        evidence,
    }
}

/// Precision and recall of one facet over some sets.
#[derive(Debug, Clone, Copy)]
struct Score {
    labels: usize,
    found: usize,
    right: usize,
    notices: usize,
}

impl Score {
    fn of(facet: Facet, sets: &[&Set]) -> Score {
        let mut s = Score {
            labels: 0,
            found: 0,
            right: 0,
            notices: 0,
        };
        for set in sets.iter().filter(|set| set.facets.contains(&facet)) {
            let exp: BTreeSet<&Key> = set.expected.iter().filter(|k| k.2 == facet.id()).collect();
            let got: BTreeSet<&Key> = set.found.iter().filter(|k| k.2 == facet.id()).collect();
            s.labels += exp.len();
            s.found += got.len();
            s.right += exp.intersection(&got).count();
            s.notices += set.notices;
        }
        s
    }

    fn precision(self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.right as f64 / self.found as f64
        }
    }

    fn recall(self) -> f64 {
        if self.labels == 0 {
            1.0
        } else {
            self.right as f64 / self.labels as f64
        }
    }
}

fn print_table(title: &str, facets: &[Facet], sets: &[&Set]) {
    let notices: usize = sets.iter().map(|s| s.notices).sum();
    let labels: usize = sets.iter().map(|s| s.expected.len()).sum();
    println!("\n{title}: {notices} notices, {labels} labels");
    println!(
        "{:<22} {:>5} {:>5} {:>5} {:>9} {:>7}",
        "facet", "label", "found", "right", "precision", "recall"
    );
    for &facet in facets {
        let s = Score::of(facet, sets);
        println!(
            "{:<22} {:>5} {:>5} {:>5} {:>9.3} {:>7.3}",
            facet.id(),
            s.labels,
            s.found,
            s.right,
            s.precision(),
            s.recall()
        );
    }
}

fn print_differences(set: &Set) {
    for k in set.found.difference(&set.expected) {
        println!(
            "    {} extra:  {}/{} {} {} — {:?}",
            set.name, k.0, k.1, k.2, k.3, set.evidence[k]
        );
    }
    for k in set.expected.difference(&set.found) {
        println!("    {} missed: {}/{} {} {}", set.name, k.0, k.1, k.2, k.3);
    }
}

/// The checked-in figures file, as this run measures it.
fn quality_file(set_date: &str, facets: &[Facet], sets: &[&Set]) -> String {
    let notices: usize = sets.iter().map(|s| s.notices).sum();
    let labels: usize = sets.iter().map(|s| s.expected.len()).sum();
    let mut out = String::from(
        "# Measured precision and recall of the fact extractor on the labelled set\n\
         # (tests/testsuite/facts/labels.toml: the seed notices and the team's notices together).\n\
         # Written by tests/testsuite/facts.rs, never by hand: the test fails when these figures differ\n\
         # from what it measures; `UPDATE_QUALITY=1 cargo test -p notice-atlas --test facts`\n\
         # rewrites them.\n",
    );
    out.push_str(&format!(
        "set_date = \"{set_date}\"\nnotices = {notices}\nlabels = {labels}\n"
    ));
    for &facet in facets {
        let s = Score::of(facet, sets);
        out.push_str(&format!(
            "\n[[facet]]\nid = \"{}\"\nprecision = {:.3}\nrecall = {:.3}\nlabels = {}\nfound = {}\nnotices = {}\n",
            facet.id(),
            s.precision(),
            s.recall(),
            s.labels,
            s.found,
            s.notices
        ));
    }
    out
}

#[test]
fn extractor_meets_precision_and_recall_on_the_labelled_set() {
    let text = std::fs::read_to_string(repo().join("tests/testsuite/facts/labels.toml")).unwrap();
    let labels: Labels = toml::from_str(&text).expect("labels.toml parses");

    let seed_labels: Vec<_> = labels
        .label
        .iter()
        .map(|l| {
            (
                l.org.clone(),
                l.notice.clone(),
                l.facet.clone(),
                l.value.clone(),
                l.quote.clone(),
            )
        })
        .collect();
    let team_labels = |held_out: bool| -> Vec<_> {
        labels
            .notice
            .iter()
            .filter(|n| (n.batch == "held-out") == held_out)
            .flat_map(|n| {
                n.facts.iter().map(|[facet, value, quote]| {
                    (
                        n.org.clone(),
                        n.notice.clone(),
                        facet.clone(),
                        value.clone(),
                        quote.clone(),
                    )
                })
            })
            .collect()
    };
    let team_notices = |held_out: bool| -> BTreeSet<(String, String)> {
        labels
            .notice
            .iter()
            .filter(|n| (n.batch == "held-out") == held_out)
            .map(|n| (n.org.clone(), n.notice.clone()))
            .collect()
    };
    for n in &labels.notice {
        assert!(
            n.batch.is_empty() || n.batch == "held-out",
            "{}/{}: unknown batch {}",
            n.org,
            n.notice,
            n.batch
        );
    }

    let seeds = measure(
        "seeds",
        &load_site(&repo().join("content")),
        &seed_labels,
        SEED_THRESHOLDS.iter().map(|t| t.0).collect(),
        None,
    );
    let team_site = load_site(&repo().join("tests/testsuite/facts/notices"));
    // Every team notice has its labels entry (even if empty), so none is measured unread.
    for org in &team_site.orgs {
        for n in &org.notices {
            assert!(
                labels
                    .notice
                    .iter()
                    .any(|l| l.org == org.slug && l.notice == n.slug),
                "tests/testsuite/facts/notices/{}/notices/{}.md has no [[notice]] in labels.toml",
                org.slug,
                n.slug
            );
        }
    }
    let team = measure(
        "team",
        &team_site,
        &team_labels(false),
        TEAM_FACETS.to_vec(),
        Some(&team_notices(false)),
    );
    let held_out = measure(
        "held-out",
        &team_site,
        &team_labels(true),
        TEAM_FACETS.to_vec(),
        Some(&team_notices(true)),
    );

    let mut all_facets: Vec<Facet> = SEED_THRESHOLDS.iter().map(|t| t.0).collect();
    for f in TEAM_FACETS {
        if !all_facets.contains(f) {
            all_facets.push(*f);
        }
    }
    all_facets.sort();
    let seed_facets: Vec<Facet> = SEED_THRESHOLDS.iter().map(|t| t.0).collect();
    print_table("Seed notices", &seed_facets, &[&seeds]);
    print_differences(&seeds);
    print_table("Team set", TEAM_FACETS, &[&team]);
    print_differences(&team);
    print_table("Held-out part of the team set", TEAM_FACETS, &[&held_out]);
    print_differences(&held_out);
    print_table(
        "Team set with its held-out part",
        TEAM_FACETS,
        &[&team, &held_out],
    );
    print_table("Overall", &all_facets, &[&seeds, &team, &held_out]);

    let mut failures = Vec::new();
    for &(facet, min_p, min_r) in SEED_THRESHOLDS {
        let s = Score::of(facet, &[&seeds]);
        if s.precision() < min_p || s.recall() < min_r {
            failures.push(format!(
                "seeds {}: precision {:.3} (min {min_p}), recall {:.3} (min {min_r})",
                facet.id(),
                s.precision(),
                s.recall()
            ));
        }
    }
    for &facet in TEAM_FACETS {
        let s = Score::of(facet, &[&team, &held_out]);
        if s.precision() < TEAM_MIN || s.recall() < TEAM_MIN {
            failures.push(format!(
                "team {}: precision {:.3}, recall {:.3} (min {TEAM_MIN} each)",
                facet.id(),
                s.precision(),
                s.recall()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "below threshold:\n{}",
        failures.join("\n")
    );

    // The figures the pages show are the ones measured here.
    let measured = quality_file(
        &labels.set_date.to_string(),
        &all_facets,
        &[&seeds, &team, &held_out],
    );
    let path = repo().join("generator/src/facts/quality.toml");
    if std::env::var_os("UPDATE_QUALITY").is_some() {
        std::fs::write(&path, &measured).unwrap();
        // The library embeds the file when it is compiled: the next run checks it.
        println!("\nwrote {}", path.display());
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == measured,
        "generator/src/facts/quality.toml differs from the measured figures; \
         run `UPDATE_QUALITY=1 cargo test -p notice-atlas --test facts`:\n{measured}"
    );
    // And the library reads that same file.
    for q in facts::quality() {
        let s = Score::of(q.facet, &[&seeds, &team, &held_out]);
        assert_eq!(q.labels as usize, s.labels, "{}", q.facet.id());
        assert!(
            (q.precision - s.precision()).abs() < 0.0005,
            "{}",
            q.facet.id()
        );
        assert!((q.recall - s.recall()).abs() < 0.0005, "{}", q.facet.id());
    }
}
