//! `atlas check`: every problem in the site or one organisation folder, with file and line.

use std::path::Path;

use anyhow::Result;
use atlas::model::Date;
use atlas::text::{count, plural_s};

pub fn run(path: &Path) -> Result<()> {
    let scope =
        atlas::check::Scope::resolve(path).map_err(|d| atlas::error::Diagnostics(vec![d]))?;
    let report = atlas::check::check(&scope, Date::today());
    let what = match &scope.org {
        Some(org) => org.display().to_string(),
        None => format!("{} organisations", report.orgs),
    };
    let notices = count(report.notices, "notice", "notices");
    if report.problems.is_empty() {
        println!("checked {what}, {notices}: no problems");
        return Ok(());
    }
    for d in &report.problems {
        eprintln!("error: {d}");
    }
    let n = report.problems.len();
    Err(anyhow::anyhow!(
        "{n} problem{} found in {what} ({notices} checked)",
        plural_s(n)
    ))
}
