//! `atlas build`: the pipeline as a flat list of named, timed stages, each a call into the
//! folder that does the work (model → check → facts → derive → render → emit). Everything
//! is written to a staging folder that replaces the output folder only when every stage
//! succeeded (`emit::publish`).

mod work;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::cache::Outputs;
use crate::derive::compare::{Comparison, Grouped};
use crate::derive::search;
use crate::emit::assets;
use crate::emit::index::{self, IndexReport};
pub use crate::emit::publish::OldSite;
use crate::emit::publish::Publisher;
use crate::emit::{compress, opendata};
use crate::error::Diagnostics;
use crate::facts;
use crate::model::{Date, Site, SiteConfig};
use crate::progress;
use crate::render::{self, AssetPaths, Templates, Theme};

/// Folder under the site root where builds keep what outlives them: each notice's rendered
/// Markdown and facts, the record of the published pages' keys, compressed copies of
/// content-hashed assets (see `crate::cache`).
pub const CACHE_DIR: &str = ".atlas-cache";

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root: `atlas.toml`, `content/`, `themes/`.
    pub root: PathBuf,
    /// Output folder; `<root>/public` when not given.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` from `atlas.toml` (e.g. for a local preview).
    pub base_url: Option<String>,
    /// What becomes of the site this build replaces.
    pub old_site: OldSite,
}

/// What a build did, for the command to print.
#[derive(Debug)]
pub struct BuildReport {
    pub out: PathBuf,
    pub orgs: usize,
    pub notices: usize,
    pub pages: usize,
    pub index: IndexReport,
    pub search_module: bool,
    /// Each stage and how long it took, in the order they ended. Stages run one after
    /// another, but for those named in `beside`, which ran beside others.
    pub stages: Vec<(&'static str, Duration)>,
    /// Stages that ran beside others (so not part of the total).
    pub beside: Vec<&'static str>,
    /// The whole build, from reading the configuration to publishing.
    pub took: Duration,
    /// Notices whose rendered Markdown and facts came from the cache.
    pub notices_reused: usize,
    /// Pages linked from the last site rather than rendered.
    pub pages_reused: usize,
    /// Said after a build that succeeded (e.g. an old copy that could not be removed).
    pub warnings: Vec<String>,
}

struct Stages {
    took: Vec<(&'static str, Duration)>,
    beside: Vec<&'static str>,
}

impl Stages {
    /// A stage that ran beside the others, taking `took`.
    fn beside(&mut self, name: &'static str, took: Duration) {
        self.took.push((name, took));
        self.beside.push(name);
    }

    fn run<T>(&mut self, name: &'static str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        self.counted(name, "", 0, f)
    }

    /// A stage whose items (`total` of `unit`, 0 when not known ahead) are counted in
    /// `progress` as they are done.
    fn counted<T>(
        &mut self,
        name: &'static str,
        unit: &'static str,
        total: usize,
        f: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        progress::start(name, unit, total as u64);
        let start = Instant::now();
        let value = f();
        progress::finish();
        let value = value?;
        self.took.push((name, start.elapsed()));
        Ok(value)
    }
}

/// Builds the site. On any error the previous output folder is left as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let root = options.root.as_path();
    let out = options.out.clone().unwrap_or_else(|| root.join("public"));
    let started = Instant::now();
    let mut stages = Stages {
        took: Vec::new(),
        beside: Vec::new(),
    };
    let relative = |problems: Vec<crate::error::Diagnostic>| -> anyhow::Error {
        Diagnostics(problems.into_iter().map(|d| d.relative_to(root)).collect()).into()
    };

    let mut config = stages.run("config", || {
        SiteConfig::load(root).map_err(|d| relative(vec![d]))
    })?;
    if let Some(base_url) = &options.base_url {
        config.base_url = if base_url.ends_with('/') {
            base_url.clone()
        } else {
            format!("{base_url}/")
        };
    }
    crate::emit::publish::check_output(root, &out)?;
    let theme = Theme::new(root, &config.theme)?;
    let cache = root.join(CACHE_DIR);
    // Each notice's headings and links as checking reads them, kept by its text.
    let scans = crate::cache::Store::open(&cache.join("notices"));
    // Read and checked as `atlas check` checks the site, so the build refuses exactly what
    // check reports, all of it at once.
    let content = stages.run("load", || {
        let today = Date::today();
        crate::check::load_checked_with(root, &config.base_path(), today, Some(&scans))
            .map_err(relative)
    })?;
    let notices: usize = content.orgs.iter().map(|o| o.notices.len()).sum();
    let work = work::NoticeWork::open(&cache);
    let site = stages.counted("markdown", "notices", notices, || {
        Ok(Site::from_content_with(
            content,
            &|key| work.earlier(key),
            &|org, notice| work.rendered(org, notice),
        ))
    })?;
    let facts = stages.counted("facts", "notices", notices, || {
        facts::collect_with(&site, &|org, notice| work.facts(org, notice)).map_err(relative)
    })?;
    let templates = stages.run("templates", || Templates::load(&theme))?;
    let (orgs, notices) = (site.orgs.len(), site.notice_count());
    // The site model is handed to the stages that read it, and freed before the stages that
    // only write files (compressed copies, publishing).
    let model = (site, facts);

    let publisher = stages.run("start", || Publisher::start(root, &out))?;
    let staging = publisher.staging().to_path_buf();
    // Which key each page of the published site was made from: one record per output folder.
    let record = cache
        .join("outputs")
        .join(format!("{}.bin", outputs_name(&out)));
    let outputs = stages.run("record", || {
        Ok(Outputs::open(
            &record,
            &out,
            &staging,
            crate::emit::publish::MARKER,
        ))
    })?;
    let result = (|| -> Result<BuildReport> {
        let (mut site, facts) = model;
        let mut assets = stages.run("assets", || write_assets(root, &theme, &config, &staging))?;
        // Derive (the facts grouped for the comparison, and the search page's facets) runs
        // beside the index's groups, which read the notices' text: a build after an edit
        // indexes one group, on one core.
        let (groups, derived) = std::thread::scope(|scope| {
            let deriving = scope.spawn(|| {
                let start = Instant::now();
                let derived = rayon::join(
                    || Grouped::new(&site, &facts),
                    || search::search_facets(&site, &facts),
                );
                (derived, start.elapsed())
            });
            let groups = stages.counted("index", "notices", notices, || {
                index::write_groups(&site, &facts, &staging, &cache, &outputs)
            });
            (groups, deriving.join())
        });
        let groups = groups?;
        let ((grouped, search_facets), derive_took) =
            derived.map_err(|_| anyhow::anyhow!("grouping the facts for the comparison failed"))?;
        stages.beside("derive", derive_took);
        // Only the index's groups read the notices' plain text.
        site.drop_text();
        let site = site;
        // The merge of the index's groups reads nothing of the site and runs on one core:
        // the stages up to the search page (the one page that names the merged index) run
        // beside it.
        let (merged, beside) = std::thread::scope(|scope| {
            let merging = scope.spawn(|| {
                let start = Instant::now();
                index::merge(groups, &staging).map(|index| (index, start.elapsed()))
            });
            let beside = (|| -> Result<_> {
                let comparison =
                    stages.run("compare", || Ok(Comparison::from_grouped(&site, grouped)))?;
                let pages = stages.counted("pages", "pages", 0, || {
                    let html = |notice: &crate::model::site::Notice| work.html(notice);
                    let cx = render::RenderContext::new(&config, &templates, &assets, &staging)
                        .reusing(&outputs)
                        .with_notice_html(&html);
                    render::write_pages(&cx, &site, &comparison)
                })?;
                stages.run("data", || {
                    opendata::write(
                        &site,
                        &facts,
                        &comparison.records,
                        &config.base_url,
                        &staging,
                        &outputs,
                        &cache,
                    )
                })?;
                stages.run("metadata", || {
                    let cx = render::RenderContext::new(&config, &templates, &assets, &staging)
                        .reusing(&outputs);
                    render::metadata::write(&cx, &site)
                })?;
                let changes = stages.counted("history", "pages", 0, || {
                    let cx = render::RenderContext::new(&config, &templates, &assets, &staging)
                        .reusing(&outputs);
                    render::history::write(&cx, &site)
                })?;
                Ok(pages + changes)
            })();
            let merged = merging
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("merging the search index failed")));
            (merged, beside)
        });
        let pages = beside?;
        let (index, merge_took) = merged?;
        stages.beside("merge", merge_took);
        assets.search_index = index.dir.clone();
        let pages = pages
            + stages.run("search", || {
                let cx = render::RenderContext::new(&config, &templates, &assets, &staging)
                    .reusing(&outputs);
                render::search::write(&cx, &search_facets)
            })?;
        drop(search_facets);
        drop((site, facts));
        stages.counted("compress", "files", 0, || {
            compress::precompress(&staging, &outputs, &cache.join("compressed"))
        })?;
        Ok(BuildReport {
            out: out.clone(),
            orgs,
            notices,
            pages,
            search_module: !assets.search_script.is_empty(),
            index,
            stages: Vec::new(),
            beside: Vec::new(),
            took: Duration::ZERO,
            notices_reused: work.reused(),
            pages_reused: outputs.reused(),
            warnings: Vec::new(),
        })
    })();
    let mut report = match result {
        Ok(report) => report,
        Err(e) => {
            publisher.abandon();
            return Err(e);
        }
    };
    // Recorded from the staged files, which keep their identity when published; a build
    // stopped before it publishes leaves a record of a site that was not published, which the
    // next build recognises as such (its marker is not the one recorded) and does not use.
    if let Some(warning) = stages.run("publish", || publisher.publish(options.old_site, outputs))? {
        report.warnings.push(warning);
    }
    stages.run("sweep", || {
        work.sweep();
        crate::check::sweep_scans(&scans);
        Ok(())
    })?;
    report.stages = stages.took;
    report.beside = stages.beside;
    report.took = started.elapsed();
    Ok(report)
}

/// The record of an output folder's pages is named after the folder's absolute path.
fn outputs_name(out: &Path) -> String {
    let absolute = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    crate::cache::digest(absolute.as_os_str().as_encoded_bytes()).hex()[..16].to_string()
}

fn write_assets(root: &Path, theme: &Theme, config: &SiteConfig, out: &Path) -> Result<AssetPaths> {
    assets::copy_static(theme, out)?;
    let css = assets::write_css(theme, out)?;
    let script = assets::write_site_script(theme, out)?;
    let mut paths = AssetPaths {
        css,
        script,
        ..AssetPaths::default()
    };
    if let Some((script, module, wasm)) = assets::write_search_module(root, &config.search, out)? {
        paths.search_script = script;
        paths.search_module = module;
        paths.search_wasm = wasm;
    }
    Ok(paths)
}
