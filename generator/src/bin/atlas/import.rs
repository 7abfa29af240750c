//! `atlas import`: a raw notice into content/, and a report of what was recognised.

use anyhow::Result;
use atlas::import::{ImportOptions, ImportReport};

pub fn run(options: ImportOptions) -> Result<()> {
    let address = options.file.to_string_lossy();
    let report = if address.starts_with("http://") || address.starts_with("https://") {
        let url = address.into_owned();
        let limits = atlas::import::fetch::FetchLimits::from_env();
        let fetched = atlas::import::fetch::Fetcher::new(limits).fetch(&url)?;
        println!(
            "fetched {} ({} bytes{})",
            fetched.url,
            fetched.bytes.len(),
            if fetched.final_url != fetched.url {
                format!(", from {}", fetched.final_url)
            } else {
                String::new()
            }
        );
        atlas::import::import_fetched(&options, &fetched)?
    } else {
        atlas::import::import(&options)?
    };
    print_report(&report);
    Ok(())
}

/// What an import recognised, for the maintainer to review.
fn print_report(report: &ImportReport) {
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
