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
    /// Turn a raw notice (plain text or a saved HTML page) into a Markdown notice in
    /// content/<org>/notices/, and print what was recognised for review.
    Import {
        /// The raw notice: a .txt file of the page's text, or the page saved as HTML.
        file: PathBuf,
        /// The organisation's folder name under content/ (created with an org.toml
        /// skeleton when new).
        #[arg(long)]
        org: String,
        /// The address the notice was published at.
        #[arg(long)]
        url: Option<String>,
        /// The notice's title, when the page's own is not right.
        #[arg(long)]
        title: Option<String>,
        /// The notice's file name under notices/ (default: from the title).
        #[arg(long)]
        slug: Option<String>,
        /// When the page was taken, YYYY-MM-DD (default: today).
        #[arg(long)]
        retrieved: Option<String>,
        /// Overwrite an existing notice of the same slug.
        #[arg(long)]
        force: bool,
        /// Site root (holds content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Check all content, or one organisation folder: required fields, codes, dates,
    /// unknown keys, duplicate slugs, links. Reports every problem; exits non-zero if any.
    Check {
        /// The site root, content/, or one organisation folder (default: the current folder).
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Build, serve at http://127.0.0.1:PORT/, rebuild when content/, themes/ or atlas.toml
    /// change, and reload the open pages.
    Serve {
        /// Site root (holds atlas.toml, content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: <root>/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Port on 127.0.0.1; 0 picks a free one.
        #[arg(long, default_value_t = 8000)]
        port: u16,
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
        /// Only notices with this facet value, as GROUP=VALUE (groups: kind, region,
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
            eprintln!("{}", atlas::error::render(&e));
            ExitCode::FAILURE
        }
    }
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
                "built {} organisations, {} notices, {} pages, {} indexed notices ({} KB index) into {} in {:.0} ms",
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
        Command::Import {
            file,
            org,
            url,
            title,
            slug,
            retrieved,
            force,
            root,
        } => {
            let report = atlas::import::import(&atlas::import::ImportOptions {
                root,
                file,
                org,
                url,
                title,
                slug,
                retrieved,
                force,
                today: atlas::content::today(),
            })?;
            print_import_report(&report);
            Ok(())
        }
        Command::Serve { root, out, port } => {
            atlas::serve::serve(&atlas::serve::ServeOptions { root, out, port })
        }
        Command::Check { path } => {
            let scope = atlas::check::Scope::resolve(&path)
                .map_err(|d| atlas::error::Diagnostics(vec![d]))?;
            let report = atlas::check::check(&scope, &atlas::content::today());
            let what = match &scope.org {
                Some(org) => org.display().to_string(),
                None => format!("{} organisations", report.orgs),
            };
            if report.problems.is_empty() {
                println!(
                    "checked {what}, {} notice{}: no problems",
                    report.notices,
                    if report.notices == 1 { "" } else { "s" }
                );
                return Ok(());
            }
            for d in &report.problems {
                eprintln!("error: {d}");
            }
            let n = report.problems.len();
            Err(anyhow::anyhow!(
                "{n} problem{} found in {what} ({} notice{} checked)",
                if n == 1 { "" } else { "s" },
                report.notices,
                if report.notices == 1 { "" } else { "s" }
            ))
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
                    counts: true,
                },
            )?;
            print_results(&results, json).or_else(ignore_broken_pipe)
        }
    }
}

/// What an import recognised, for the maintainer to review.
fn print_import_report(report: &atlas::import::ImportReport) {
    let c = &report.converted;
    let at = |line: Option<usize>| match line {
        Some(l) => format!("line {l:<4} "),
        None => String::new(),
    };
    println!(
        "{} {} ({}, {} bytes, sha256 {}…)",
        if report.replaced { "replaced" } else { "wrote" },
        report.notice_path.display(),
        c.format.label(),
        report.bytes,
        &c.sha256[..12]
    );
    if let Some(root) = &c.content_root {
        println!(
            "  content: {root}; the rest of the page (banners, header, navigation, footer) ignored"
        );
    }
    println!("  title: {} (from {})", c.title, c.title_source);
    match &c.last_updated {
        Some(d) => println!("  last_updated: {} (from {:?})", d.date, d.phrase),
        None => println!("  last_updated: none stated"),
    }
    println!("  headings ({}):", c.headings.len());
    for h in &c.headings {
        println!("    {}{}", at(h.line), h.text);
    }
    println!("  lists ({}):", c.lists.len());
    for l in &c.lists {
        println!("    {}{}", at(l.line), l.text);
    }
    println!("  paragraphs: {}, tables: {}", c.paragraphs, c.tables);
    println!(
        "  links: {} email, {} phone, {} web{}",
        c.links.emails,
        c.links.phones,
        c.links.web,
        if c.links.page > 0 {
            format!(", {} from the page", c.links.page)
        } else {
            String::new()
        }
    );
    if !c.links_dropped.is_empty() {
        println!(
            "  links kept as text only ({}): {}",
            c.links_dropped.len(),
            c.links_dropped.join(", ")
        );
    }
    if !c.skipped.is_empty() {
        let skipped: Vec<String> = c.skipped.iter().map(|(n, k)| format!("{n} ×{k}")).collect();
        println!("  skipped elements: {}", skipped.join(", "));
    }
    println!("  dropped ({}):", c.dropped.len());
    for d in &c.dropped {
        let mut text: String = d.text.chars().take(70).collect();
        if text.len() < d.text.len() {
            text.push('…');
        }
        println!("    {}{:?} ({})", at(d.line), text, d.reason);
    }
    if let Some(org) = &report.org_created {
        println!(
            "new organisation: fill in {} (name, kind, website, region, codes)",
            org.display()
        );
    }
    println!(
        "next: write the summary, read the notice against its source, then run `atlas check {}`",
        report
            .notice_path
            .parent()
            .and_then(|p| p.parent())
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    );
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
        if results.total == 1 { "" } else { "s" },
        results.query,
        if results.relaxed {
            " (no notice has every word; showing notices with any)"
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
