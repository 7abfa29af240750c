//! The comparison pages: `compare/` (the matrix), `compare/side-by-side/` and one page per
//! facet value under `facets/`, from the comparison view model (`derive::compare`).

use anyhow::Result;
use minijinja::context;
use rayon::prelude::*;

use crate::derive::compare::Comparison;
use crate::facts::Facet;
use crate::render::page::{to_value, RenderContext};

/// Writes the comparison pages. Returns how many pages were written.
pub fn write(cx: &RenderContext, cmp: &Comparison) -> Result<usize> {
    // The two large pages and the facet value pages, all at once.
    let matrix = || -> Result<usize> {
        cx.write(
            "compare/",
            "index.html",
            "compare.html",
            context! {
                page => cx.page("compare/", "Compare organisations", "Which bodies rely on which lawful bases, share with whom and keep data how long, with every answer linked to the words of the notice."),
                facets => to_value(&cmp.matrix),
            },
        )?;
        Ok(1)
    };
    let side_by_side = || -> Result<usize> {
        cx.write(
            "compare/side-by-side/",
            "index.html",
            "side-by-side.html",
            context! {
                page => cx.page("compare/side-by-side/", "Side by side", "Two or more organisations' privacy notices compared element by element."),
                columns => to_value(&cmp.columns),
                default_pair => cmp.default_pair(),
                facets => to_value(Facet::ALL.iter().map(|f| (f.id(), f.label())).collect::<Vec<_>>()),
            },
        )?;
        Ok(1)
    };
    let value_pages = || -> Result<usize> {
        cmp.value_pages
            .par_iter()
            .map(|vp| {
                let description = format!(
                    "{}: {} – which organisations state it, with their words.",
                    vp.facet_label, vp.label
                );
                cx.write(
                    &vp.url,
                    "index.html",
                    "facet-value.html",
                    context! {
                        page => cx.page(&vp.url, &vp.question, &description),
                        vp => to_value(vp),
                    },
                )?;
                Ok(1)
            })
            .sum()
    };
    let ((matrix, side_by_side), value_pages) =
        rayon::join(|| rayon::join(matrix, side_by_side), value_pages);
    Ok(matrix? + side_by_side? + value_pages?)
}
