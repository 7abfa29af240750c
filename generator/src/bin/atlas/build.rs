//! `atlas build`: builds the site and prints what it did, stage by stage.

use anyhow::Result;
use atlas::text::plural_s;
use atlas::BuildOptions;

pub fn run(options: BuildOptions) -> Result<()> {
    let report = atlas::build(&options)?;
    for (stage, took) in &report.stages {
        eprintln!("  {stage:<10} {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if !report.search_module {
        eprintln!(
            "warning: search module not built, so the search page cannot search; run `make wasm` and build again"
        );
    }
    println!(
        "built {} organisation{}, {} notice{}, {} pages, {} indexed notices ({} KB index) into {} in {:.0} ms",
        report.orgs,
        plural_s(report.orgs),
        report.notices,
        plural_s(report.notices),
        report.pages,
        report.index.docs,
        report.index.bytes / 1024,
        report.out.display(),
        report.total().as_secs_f64() * 1000.0
    );
    Ok(())
}
