//! The extractor against the labelled set (tests/facts/labels.toml): precision and recall per
//! facet over the five seed notices in content/. Labels and facts are matched by
//! org + notice + facet + value, never by section anchor (headings may move when a notice is
//! re-imported); the quote is checked to be in the notice.

use std::collections::{BTreeMap, BTreeSet};

use atlas::facts::{extract, Facet};
use atlas::model::Site;
use serde::Deserialize;

use crate::common::repo;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Labels {
    label: Vec<Label>,
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

/// Facets measured, with the precision and recall each must reach.
const THRESHOLDS: &[(Facet, f64, f64)] = &[
    (Facet::LawfulBasis, 0.95, 0.90),
    (Facet::SpecialCategory, 0.95, 0.90),
    (Facet::Recipients, 0.85, 0.80),
    (Facet::Processors, 0.85, 0.80),
    (Facet::Retention, 0.85, 0.80),
    (Facet::Dpo, 0.85, 0.80),
];

type Key = (String, String, &'static str, String);

#[test]
fn extractor_meets_precision_and_recall_on_the_seed_notices() {
    let text = std::fs::read_to_string(repo().join("tests/facts/labels.toml")).unwrap();
    let labels: Labels = toml::from_str(&text).expect("labels.toml parses");
    let content = atlas::model::content::load(&repo().join("content")).expect("content loads");
    let site = Site::from_content(content);

    // Every label's quote is in its notice, so labels cannot drift from the text unseen.
    let mut expected: BTreeSet<Key> = BTreeSet::new();
    for l in &labels.label {
        let facet = Facet::from_id(&l.facet).unwrap_or_else(|| panic!("unknown facet {}", l.facet));
        let notice = site
            .orgs
            .iter()
            .find(|o| o.slug == l.org)
            .and_then(|o| o.notices.iter().find(|n| n.slug == l.notice))
            .unwrap_or_else(|| panic!("no notice {}/{}", l.org, l.notice));
        let quote = l.quote.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            notice.sections.iter().any(|s| s.text.contains(&quote)),
            "label quote not in {}/{}: {quote}",
            l.org,
            l.notice
        );
        expected.insert((l.org.clone(), l.notice.clone(), facet.id(), l.value.clone()));
    }

    let mut found: BTreeSet<Key> = BTreeSet::new();
    let mut evidence: BTreeMap<Key, String> = BTreeMap::new();
    for org in &site.orgs {
        for notice in &org.notices {
            for fact in extract::notice_facts(org, notice) {
                // The quote is exact words of the section it names.
                let section = notice
                    .sections
                    .iter()
                    .find(|s| s.anchor == fact.anchor)
                    .unwrap();
                assert!(section.text.contains(&fact.quote), "{fact:?}");
                let key = (
                    fact.org.clone(),
                    fact.notice.clone(),
                    fact.facet.id(),
                    fact.value.clone(),
                );
                evidence.entry(key.clone()).or_insert(fact.quote.clone());
                found.insert(key);
            }
        }
    }

    let mut failures = Vec::new();
    println!(
        "\n{:<18} {:>5} {:>5} {:>5} {:>9} {:>7}",
        "facet", "label", "found", "right", "precision", "recall"
    );
    for &(facet, min_p, min_r) in THRESHOLDS {
        let exp: BTreeSet<&Key> = expected.iter().filter(|k| k.2 == facet.id()).collect();
        let got: BTreeSet<&Key> = found.iter().filter(|k| k.2 == facet.id()).collect();
        let right = exp.intersection(&got).count();
        let precision = if got.is_empty() {
            1.0
        } else {
            right as f64 / got.len() as f64
        };
        let recall = if exp.is_empty() {
            1.0
        } else {
            right as f64 / exp.len() as f64
        };
        println!(
            "{:<18} {:>5} {:>5} {:>5} {:>9.3} {:>7.3}",
            facet.id(),
            exp.len(),
            got.len(),
            right,
            precision,
            recall
        );
        for k in got.difference(&exp) {
            println!("    extra:  {}/{} {} — {:?}", k.0, k.1, k.3, evidence[*k]);
        }
        for k in exp.difference(&got) {
            println!("    missed: {}/{} {}", k.0, k.1, k.3);
        }
        if precision < min_p || recall < min_r {
            failures.push(format!(
                "{}: precision {precision:.3} (min {min_p}), recall {recall:.3} (min {min_r})",
                facet.id()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "below threshold:\n{}",
        failures.join("\n")
    );
}
