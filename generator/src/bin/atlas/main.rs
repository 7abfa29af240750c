//! The `atlas` command: the arguments here, one file per subcommand beside this one.

mod build;
mod check;
mod import;
mod refresh;
mod search;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// A build frees hundreds of megabytes between stages (each notice's HTML once it is filed,
/// the site model before compression); this allocator gives freed memory back to the system,
/// where the system allocator keeps most of it, so the build's peak stays near what it holds.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Turn a raw notice (plain text or a saved HTML page, or a page fetched from an
    /// http(s) address) into a Markdown notice in content/<org>/notices/, and print what was
    /// recognised for review.
    Import {
        /// The raw notice: a .txt file of the page's text, the page saved as HTML, or the
        /// page's http(s) address to fetch it.
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
    /// Fetch every notice that records a source_url again and compare it with the notice as
    /// last imported: unchanged, changed (the old version kept in <slug>.versions/), kept
    /// for review (the notice was edited by hand), or failed. Exits non-zero if any failed.
    Refresh {
        /// The site root, content/, one organisation folder or one notice file.
        #[arg(default_value = ".")]
        path: PathBuf,
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
        #[arg(long = "facet", value_name = "GROUP=VALUE", value_parser = search::parse_facet)]
        facets: Vec<search_wasm::Filter>,
        /// Search the words as typed: no correction of words no notice contains.
        #[arg(long)]
        as_typed: bool,
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
        } => build::run(atlas::BuildOptions {
            root,
            out,
            base_url,
            old_site: atlas::build::OldSite::RemoveDuringNextBuild,
        }),
        Command::Import {
            file,
            org,
            url,
            title,
            slug,
            retrieved,
            force,
            root,
        } => import::run(atlas::import::ImportOptions {
            root,
            file,
            org,
            url,
            title,
            slug,
            retrieved,
            force,
            today: atlas::model::Date::today(),
        }),
        Command::Serve { root, out, port } => {
            atlas::serve::serve(&atlas::serve::ServeOptions { root, out, port })
        }
        Command::Check { path } => check::run(&path),
        Command::Refresh { path } => refresh::run(&path, atlas::model::Date::today()),
        Command::Search {
            site,
            json,
            limit,
            facets,
            as_typed,
            query,
        } => search::run(&site, json, limit, facets, as_typed, &query),
    }
}
