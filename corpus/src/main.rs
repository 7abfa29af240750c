//! `atlas-corpus`: writes a deterministic synthetic corpus of notices for benchmarks. Not
//! part of the product: its own crate, built with the workspace.

use std::path::PathBuf;

use clap::Parser;

mod corpus;

#[derive(Parser)]
#[command(
    name = "atlas-corpus",
    about = "Write N organisations × M synthetic notices as a site folder (content/ and atlas.toml)"
)]
struct Args {
    /// Number of organisations.
    #[arg(long)]
    orgs: usize,
    /// Notices per organisation.
    #[arg(long)]
    notices: usize,
    /// Seed: the same seed always writes the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write the site into (its content/ is replaced).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    match corpus::write(&args.out, args.orgs, args.notices, args.seed) {
        Ok(stats) => {
            println!(
                "wrote {} organisations, {} notices, {} words, {} MB of Markdown into {}",
                stats.orgs,
                stats.notices,
                stats.words,
                stats.bytes / 1_000_000,
                args.out.display()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
