//! `atlas search`: a query against a built site's index, with the browser's own code.

use std::path::Path;

use anyhow::Result;
use atlas::text::plural_s;

pub fn run(
    site: &Path,
    json: bool,
    limit: usize,
    filters: Vec<search_wasm::Filter>,
    as_typed: bool,
    query: &[String],
) -> Result<()> {
    let engine = atlas::emit::index::open(site)?;
    let results = engine.search(
        &query.join(" "),
        search_wasm::SearchOptions {
            limit,
            offset: 0,
            filters,
            counts: true,
        },
        if as_typed {
            search_wasm::Spelling::AsTyped
        } else {
            search_wasm::Spelling::Correct
        },
    )?;
    print_results(&results, json).or_else(ignore_broken_pipe)
}

/// Writes search results to stdout, as JSON or as text.
fn print_results(results: &search_wasm::SearchResults, json: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, results)?;
        return writeln!(out);
    }
    writeln!(
        out,
        "{} notice{} match {:?}{}",
        results.total,
        plural_s(results.total),
        results.query,
        if results.relaxed {
            " (no notice has every word; showing notices with any)"
        } else {
            ""
        }
    )?;
    if let Some(searched) = &results.searched {
        writeln!(
            out,
            "showing results for {searched:?}; --as-typed searches the words as typed"
        )?;
    }
    let mut group = "";
    for count in &results.facets {
        if count.facet != group {
            group = &count.facet;
            write!(out, "\n{group}:")?;
        }
        write!(out, " {} ({})", count.value, count.count)?;
    }
    if !results.facets.is_empty() {
        writeln!(out)?;
    }
    for (i, hit) in results.hits.iter().enumerate() {
        writeln!(
            out,
            "\n{}. {} — {} › {}\n   /{}  (score {:.2})\n   {}",
            i + 1,
            hit.org_name,
            hit.notice_title,
            hit.heading,
            hit.url,
            hit.score,
            hit.snippet_text("[", "]")
        )?;
    }
    Ok(())
}

/// Reads `GROUP=VALUE` for `--facet`.
pub fn parse_facet(text: &str) -> Result<search_wasm::Filter> {
    let (facet, value) = text.split_once('=').ok_or_else(|| {
        anyhow::anyhow!("expected GROUP=VALUE, e.g. lawful_basis=ukgdpr:6.1.e, got {text:?}")
    })?;
    if !search_wasm::schema::FACET_GROUPS.contains(&facet) {
        anyhow::bail!(
            "unknown facet group {facet:?}; use one of: {}",
            search_wasm::schema::FACET_GROUPS.join(", ")
        );
    }
    Ok(search_wasm::Filter {
        facet: facet.to_string(),
        value: value.to_string(),
    })
}

/// A reader that stops early (`atlas search … | head`) is not an error.
fn ignore_broken_pipe(e: std::io::Error) -> Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e.into())
    }
}
