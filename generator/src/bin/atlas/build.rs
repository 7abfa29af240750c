//! `atlas build`: builds the site, showing progress while it runs (a bar on a terminal, a
//! line per stage and every few seconds otherwise, for CI logs), then what it did.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use atlas::progress::{self, Snapshot};
use atlas::text::plural_s;
use atlas::BuildOptions;

pub fn run(options: BuildOptions) -> Result<()> {
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || show_progress(&done))
    };
    let result = atlas::build(&options);
    done.store(true, Ordering::Relaxed);
    let _ = watcher.join();
    let report = result?;
    for (stage, took) in &report.stages {
        let beside = if report.beside.contains(stage) {
            "  (beside other stages)"
        } else {
            ""
        };
        eprintln!(
            "  {stage:<10} {:>8.1} ms{beside}",
            took.as_secs_f64() * 1000.0
        );
    }
    eprintln!(
        "  reused: {} of {} notices (Markdown and facts) and {} of {} pages from the last build",
        report.notices_reused, report.notices, report.pages_reused, report.pages
    );
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if !report.search_module {
        eprintln!(
            "warning: this atlas was built without the search module, so the search page cannot search; run `make wasm`, then `make atlas` (or `make install`), and build again"
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
        report.took.as_secs_f64() * 1000.0
    );
    Ok(())
}

/// Polls the build's progress until `done`.
fn show_progress(done: &AtomicBool) {
    if std::io::stderr().is_terminal() {
        show_bar(done);
    } else {
        show_lines(done);
    }
}

/// A bar (or a counter where the total is not known) redrawn ten times a second.
fn show_bar(done: &AtomicBool) {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    let known = ProgressStyle::with_template(
        "  {prefix:<10} [{bar:30}] {pos}/{len} {msg} ({per_sec:.0}, {elapsed})",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    let unknown = ProgressStyle::with_template("  {prefix:<10} {spinner} {pos} {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    let mut serial = 0;
    while !done.load(Ordering::Relaxed) {
        if let Some(s) = progress::snapshot() {
            if s.serial != serial {
                serial = s.serial;
                bar.reset();
                bar.set_prefix(s.name);
                bar.set_message(s.unit);
                if s.total > 0 {
                    bar.set_style(known.clone());
                    bar.set_length(s.total);
                } else {
                    bar.set_style(unknown.clone());
                    bar.unset_length();
                }
            }
            bar.set_position(s.done);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}

/// Plain lines: one when a stage starts, then one every ten seconds while it runs.
fn show_lines(done: &AtomicBool) {
    let mut serial = 0;
    let mut last_line = Duration::ZERO;
    while !done.load(Ordering::Relaxed) {
        if let Some(s) = progress::snapshot() {
            if s.serial != serial {
                serial = s.serial;
                last_line = Duration::ZERO;
                eprintln!("  {} …", s.name);
            } else if s.elapsed >= last_line + Duration::from_secs(10) && s.done > 0 {
                last_line = s.elapsed;
                eprintln!("  {}", line(&s));
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `pages: 5120 pages, 2100/s, 2.4 s` or `markdown: 5000/10000 notices, ...`.
fn line(s: &Snapshot) -> String {
    let secs = s.elapsed.as_secs_f64().max(0.001);
    let count = if s.total > 0 {
        format!("{}/{}", s.done, s.total)
    } else {
        s.done.to_string()
    };
    format!(
        "{}: {count} {}, {:.0}/s, {:.1} s",
        s.name,
        s.unit,
        s.done as f64 / secs,
        secs
    )
}
