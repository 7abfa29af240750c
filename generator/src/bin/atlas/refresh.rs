//! `atlas refresh [PATH]`: fetches every notice with a `source_url` again, one line per
//! notice, then a summary; exits non-zero when any notice failed (after trying them all).

use std::path::Path;

use anyhow::{bail, Result};
use atlas::import::fetch::{FetchLimits, Fetcher};
use atlas::import::refresh::{notices_in, refresh_notice, Outcome, Summary};
use atlas::model::Date;

pub fn run(path: &Path, today: Date) -> Result<()> {
    let (notices, problems) = notices_in(path).map_err(|d| atlas::error::Diagnostics(vec![d]))?;
    // A notice that cannot be read cannot be refreshed: that fails the command. Other
    // problems (an org.toml still to fill in) are shown, for `atlas check` to settle.
    let unreadable = problems
        .iter()
        .filter(|p| p.path.components().any(|c| c.as_os_str() == "notices"))
        .count();
    for problem in &problems {
        let is_notice = problem
            .path
            .components()
            .any(|c| c.as_os_str() == "notices");
        eprintln!("{}: {problem}", if is_notice { "error" } else { "warning" });
    }
    let mut fetcher = Fetcher::new(FetchLimits::from_env());
    let mut summary = Summary::default();
    for notice in &notices {
        let shown = notice.path.display();
        if notice.source_url.trim().is_empty() {
            summary.skipped += 1;
            println!("skipped    {shown}: no source_url to fetch");
            continue;
        }
        let outcome = refresh_notice(notice, &mut fetcher, today);
        summary.add(&outcome);
        match &outcome {
            Outcome::Unchanged => println!("unchanged  {shown}: nothing written"),
            Outcome::Changed { kept } => println!(
                "changed    {shown}: replaced; the version before kept as {}",
                kept.display()
            ),
            Outcome::KeptForReview { review, why } => println!(
                "review     {shown}: not replaced ({why}); the fetched version is in {} for review\n  help: compare the two, carry the new text into the notice by hand, then delete the fetched file",
                review.display()
            ),
            Outcome::Failed { reason, help } => {
                eprintln!("error: {shown}: {}: {reason}", notice.source_url);
                if !help.is_empty() {
                    eprintln!("  help: {help}");
                }
            }
        }
    }
    println!(
        "{} unchanged, {} changed, {} kept for review, {} failed{}",
        summary.unchanged,
        summary.changed,
        summary.review,
        summary.failed,
        if summary.skipped > 0 {
            format!(" ({} without a source_url skipped)", summary.skipped)
        } else {
            String::new()
        }
    );
    if summary.failed > 0 || unreadable > 0 {
        bail!(
            "{} notice{} could not be refreshed{}",
            summary.failed,
            if summary.failed == 1 { "" } else { "s" },
            if unreadable == 0 {
                String::new()
            } else {
                format!(" and {unreadable} problem(s) were found reading notices")
            }
        );
    }
    Ok(())
}
