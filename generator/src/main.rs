//! The `atlas` command.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

use atlas::build::{build, BuildOptions};

#[derive(Parser)]
#[command(
    name = "atlas",
    version,
    about = "Build one searchable site from many privacy notices"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from content/ into public/.
    Build {
        /// Site root (holds atlas.toml, content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: <root>/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Publish at this URL instead of atlas.toml's base_url.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Search a built site's index from the terminal, with the browser's query code.
    Search {
        /// Folder of the built site.
        #[arg(long, default_value = "public")]
        site: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// How many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Only sections with this facet value, as GROUP=VALUE (groups: kind, region,
        /// lawful_basis, recipients), e.g. --facet lawful_basis=ukgdpr:6.1.e. Repeat it:
        /// values of one group are alternatives, groups combine. Counts per value are printed.
        #[arg(long = "facet", value_name = "GROUP=VALUE", value_parser = parse_facet)]
        facets: Vec<search_wasm::Filter>,
        /// The query (words, "phrases", -excluded, field:value); may be empty with --facet.
        #[arg(required_unless_present = "facets")]
        query: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", render_error(&e));
            ExitCode::FAILURE
        }
    }
}

fn render_error(e: &anyhow::Error) -> String {
    if let Some(diagnostics) = e.downcast_ref::<atlas::error::Diagnostics>() {
        return diagnostics.to_string();
    }
    let mut out = format!("error: {e}");
    for cause in e.chain().skip(1) {
        out.push_str(&format!("\n  caused by: {cause}"));
    }
    out
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
        } => {
            let report = build(&BuildOptions {
                root,
                out,
                base_url,
            })?;
            for (stage, took) in &report.stages {
                eprintln!("  {stage:<10} {:>8.1} ms", took.as_secs_f64() * 1000.0);
            }
            if !report.search_module {
                eprintln!(
                    "warning: search module not built, so the search page cannot search; run `make wasm` and build again"
                );
            }
            println!(
                "built {} organisations, {} notices, {} pages, {} indexed sections ({} KB index) into {} in {:.0} ms",
                report.orgs,
                report.notices,
                report.pages,
                report.index.docs,
                report.index.bytes / 1024,
                report.out.display(),
                report.total().as_secs_f64() * 1000.0
            );
            Ok(())
        }
        Command::Search {
            site,
            json,
            limit,
            facets,
            query,
        } => {
            let engine = atlas::index::open(&site)?;
            let query = query.join(" ");
            let results = engine.search(
                &query,
                search_wasm::SearchOptions {
                    limit,
                    offset: 0,
                    filters: facets,
                },
            )?;
            print_results(&results, json).or_else(ignore_broken_pipe)
        }
    }
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
        "{} section{} match {:?}{}",
        results.total,
        if results.total == 1 { "" } else { "s" },
        results.query,
        if results.relaxed {
            " (no section has every word; showing sections with any)"
        } else {
            ""
        }
    )?;
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
fn parse_facet(text: &str) -> Result<search_wasm::Filter, String> {
    let (facet, value) = text.split_once('=').ok_or_else(|| {
        format!("expected GROUP=VALUE, e.g. lawful_basis=ukgdpr:6.1.e, got {text:?}")
    })?;
    if !search_wasm::schema::FACET_GROUPS.contains(&facet) {
        return Err(format!(
            "unknown facet group {facet:?}; use one of: {}",
            search_wasm::schema::FACET_GROUPS.join(", ")
        ));
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
