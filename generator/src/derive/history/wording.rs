//! The facts that changed between two versions of a notice, in words: "now states Article
//! 9(2)(h) health or social care", "no longer names NHS England as a recipient",
//! "retention changed from eight to twelve years". Facts are compared by facet and value,
//! as the extractor finds them in each version's text.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::facts::registry::value_label;
use crate::facts::Facet;

/// One fact that changed, in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactChange {
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    pub facet: &'static str,
    /// As a clause: "now names NHS England as a recipient".
    pub text: String,
    /// As a sentence: "The notice now names NHS England as a recipient."
    pub sentence: String,
}

impl FactChange {
    fn new(kind: &'static str, facet: Facet, text: String) -> FactChange {
        let sentence = if kind == "changed" {
            let mut chars = text.chars();
            let first: String = chars
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            format!("{first}{}.", chars.as_str())
        } else {
            format!("The notice {text}.")
        };
        FactChange {
            kind,
            facet: facet.id(),
            text,
            sentence,
        }
    }
}

/// Facts found in the old and the new version, as (facet, value): what changed, by facet
/// in checklist order, then added before removed, then by value.
pub fn fact_changes(old: &[(Facet, String)], new: &[(Facet, String)]) -> Vec<FactChange> {
    let old: BTreeSet<(Facet, &str)> = old.iter().map(|(f, v)| (*f, v.as_str())).collect();
    let new: BTreeSet<(Facet, &str)> = new.iter().map(|(f, v)| (*f, v.as_str())).collect();
    let mut out = Vec::new();
    for facet in Facet::ALL {
        let added: Vec<&str> = new
            .iter()
            .filter(|(f, v)| *f == facet && !old.contains(&(facet, *v)))
            .map(|(_, v)| *v)
            .collect();
        let removed: Vec<&str> = old
            .iter()
            .filter(|(f, v)| *f == facet && !new.contains(&(facet, *v)))
            .map(|(_, v)| *v)
            .collect();
        if let ([from], [to]) = (removed.as_slice(), added.as_slice()) {
            if let Some(text) = changed(facet, from, to) {
                out.push(FactChange::new("changed", facet, text));
                continue;
            }
        }
        for value in added {
            out.push(FactChange::new(
                "added",
                facet,
                sentence(facet, value, true),
            ));
        }
        for value in removed {
            out.push(FactChange::new(
                "removed",
                facet,
                sentence(facet, value, false),
            ));
        }
    }
    out
}

fn label(facet: Facet, value: &str) -> String {
    value_label(facet, value).unwrap_or_else(|| value.to_string())
}

/// "now names X as a recipient" / "no longer names X as a recipient", and so on by facet.
pub fn sentence(facet: Facet, value: &str, added: bool) -> String {
    let label = label(facet, value);
    // "NHS England (incl. former NHS Digital)" reads as "NHS England" in a sentence.
    let name = label.split(" (").next().unwrap_or(&label).to_string();
    let now = if added { "now" } else { "no longer" };
    match facet {
        Facet::LawfulBasis | Facet::SpecialCategory => format!("{now} states {label}"),
        Facet::Recipients => format!("{now} names {name} as a recipient"),
        Facet::Sources => format!("{now} names {name} as a source of data"),
        Facet::Processors => format!("{now} names {name} as a processor"),
        Facet::Gateways => format!("{now} cites {label}"),
        Facet::Rights => format!("{now} mentions {}", lower_first(&label)),
        Facet::DataCategories => format!("{now} lists {} data", lower_first(&label)),
        Facet::Dpo => format!("{now} gives a Data Protection Officer contact ({label})"),
        Facet::Retention => match period(value) {
            Some((n, unit)) => format!(
                "{now} states a retention period of {} {unit}",
                number_words(n)
            ),
            None => format!("{now} states retention: {}", lower_first(&label)),
        },
        _ => format!(
            "{now} states {}: {}",
            lower_first(facet.label()),
            lower_first(&label)
        ),
    }
}

/// One value replaced by another, where that reads as one change.
fn changed(facet: Facet, from: &str, to: &str) -> Option<String> {
    match facet {
        Facet::Retention => match (period(from), period(to)) {
            (Some((a, unit_a)), Some((b, unit_b))) if unit_a == unit_b => Some(format!(
                "retention changed from {} to {} {unit_b}",
                number_words(a),
                number_words(b)
            )),
            (Some(_), Some(_)) => Some(format!(
                "retention changed from {} to {}",
                label(facet, from),
                label(facet, to)
            )),
            _ => None,
        },
        Facet::NationalDataOptOut
        | Facet::InternationalTransfers
        | Facet::AutomatedDecisions
        | Facet::WithdrawConsent
        | Facet::Requirement => Some(format!(
            "{} changed from “{}” to “{}”",
            lower_first(facet.label()),
            lower_first(&label(facet, from)),
            lower_first(&label(facet, to))
        )),
        _ => None,
    }
}

/// `period:P8Y` → (8, "years").
fn period(value: &str) -> Option<(u32, &'static str)> {
    let iso = value.strip_prefix("period:P")?;
    let (number, unit) = iso.split_at(iso.len().checked_sub(1)?);
    let n: u32 = number.parse().ok()?;
    let unit = match (unit, n == 1) {
        ("Y", true) => "year",
        ("Y", false) => "years",
        ("M", true) => "month",
        ("M", false) => "months",
        ("W", true) => "week",
        ("W", false) => "weeks",
        ("D", true) => "day",
        ("D", false) => "days",
        _ => return None,
    };
    Some((n, unit))
}

/// Numbers up to twenty in words, as a notice would write them; larger ones in digits.
fn number_words(n: u32) -> String {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// "Right of access" → "right of access"; names ("NHS England") left alone.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(facet: Facet, value: &str) -> (Facet, String) {
        (facet, value.to_string())
    }

    fn texts(old: &[(Facet, String)], new: &[(Facet, String)]) -> Vec<String> {
        fact_changes(old, new).into_iter().map(|c| c.text).collect()
    }

    #[test]
    fn added_and_removed_values_in_words() {
        let old = [
            v(Facet::LawfulBasis, "ukgdpr:6.1.e"),
            v(Facet::Recipients, "nhs-england"),
        ];
        let new = [
            v(Facet::LawfulBasis, "ukgdpr:6.1.e"),
            v(Facet::SpecialCategory, "ukgdpr:9.2.h"),
        ];
        assert_eq!(
            texts(&old, &new),
            vec![
                "now states Article 9(2)(h) health or social care".to_string(),
                "no longer names NHS England as a recipient".to_string(),
            ]
        );
    }

    #[test]
    fn one_period_for_another_is_a_change() {
        let old = [v(Facet::Retention, "period:P8Y")];
        let new = [v(Facet::Retention, "period:P12Y")];
        let changes = fact_changes(&old, &new);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, "changed");
        assert_eq!(
            changes[0].text,
            "retention changed from eight to twelve years"
        );
        assert_eq!(
            changes[0].sentence,
            "Retention changed from eight to twelve years."
        );
        let new = [v(Facet::Retention, "period:P30M")];
        assert_eq!(
            texts(&old, &new),
            vec!["retention changed from 8 years to 30 months".to_string()]
        );
    }

    #[test]
    fn two_new_periods_are_two_additions() {
        let old = [v(Facet::Retention, "period:P8Y")];
        let new = [
            v(Facet::Retention, "period:P12Y"),
            v(Facet::Retention, "period:P1Y"),
        ];
        assert_eq!(
            texts(&old, &new),
            vec![
                "now states a retention period of twelve years".to_string(),
                "now states a retention period of one year".to_string(),
                "no longer states a retention period of eight years".to_string(),
            ]
        );
    }

    #[test]
    fn the_same_facts_are_no_change() {
        let facts = [v(Facet::Rights, "access"), v(Facet::Complaint, "ico")];
        assert!(fact_changes(&facts, &facts).is_empty());
    }
}
