//! How far the extracted facts can be trusted: each facet's precision and recall measured on
//! the labelled set (tests/testsuite/facts/labels.toml), with the set's size and date. The figures are
//! written to `quality.toml` beside this file by the facts test, which fails whenever they
//! differ from what it measures, so what the pages show is never stale.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::Facet;

/// One facet's measured figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacetQuality {
    pub facet: Facet,
    /// Share of the facts found that the labels hold.
    pub precision: f64,
    /// Share of the labels that were found.
    pub recall: f64,
    /// Labels of this facet in the set.
    pub labels: u32,
    /// Facts of this facet found in the set.
    pub found: u32,
    /// Notices this facet was measured on.
    pub notices: u32,
}

/// The labelled set the figures were measured on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualitySet {
    /// When the set was last changed, `YYYY-MM-DD`.
    pub set_date: String,
    pub notices: u32,
    pub labels: u32,
    pub facets: Vec<FacetQuality>,
}

/// Why `quality.toml` could not be read (a test keeps it well formed).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct QualityError(String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    set_date: String,
    notices: u32,
    labels: u32,
    facet: Vec<FacetEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FacetEntry {
    id: String,
    precision: f64,
    recall: f64,
    labels: u32,
    found: u32,
    notices: u32,
}

fn parse(text: &str) -> Result<QualitySet, QualityError> {
    let file: File = toml::from_str(text).map_err(|e| QualityError(e.to_string()))?;
    let facets = file
        .facet
        .into_iter()
        .map(|f| {
            let facet = Facet::from_id(&f.id)
                .ok_or_else(|| QualityError(format!("unknown facet {}", f.id)))?;
            Ok(FacetQuality {
                facet,
                precision: f.precision,
                recall: f.recall,
                labels: f.labels,
                found: f.found,
                notices: f.notices,
            })
        })
        .collect::<Result<Vec<_>, QualityError>>()?;
    Ok(QualitySet {
        set_date: file.set_date,
        notices: file.notices,
        labels: file.labels,
        facets,
    })
}

static QUALITY: LazyLock<QualitySet> = LazyLock::new(|| {
    parse(include_str!("quality.toml"))
        .unwrap_or_else(|e| panic!("generator/src/facts/quality.toml: {e}"))
});

/// The labelled set and every measured facet's figures.
pub fn quality_set() -> &'static QualitySet {
    &QUALITY
}

/// Every measured facet's figures, in facet order.
pub fn quality() -> &'static [FacetQuality] {
    &QUALITY.facets
}

/// One facet's figures, when it is measured.
pub fn quality_of(facet: Facet) -> Option<&'static FacetQuality> {
    quality().iter().find(|q| q.facet == facet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checked_in_figures_read() {
        let set = quality_set();
        assert!(set.notices > 0 && set.labels > 0);
        assert_eq!(set.set_date.len(), 10);
        for q in quality() {
            assert!((0.0..=1.0).contains(&q.precision), "{q:?}");
            assert!((0.0..=1.0).contains(&q.recall), "{q:?}");
        }
        assert!(quality_of(Facet::LawfulBasis).is_some());
    }

    #[test]
    fn unknown_facets_are_errors() {
        let bad = "set_date = \"2026-01-01\"\nnotices = 1\nlabels = 1\n[[facet]]\nid = \"nope\"\nprecision = 1.0\nrecall = 1.0\nlabels = 1\nfound = 1\nnotices = 1\n";
        assert!(parse(bad).unwrap_err().to_string().contains("nope"));
    }
}
