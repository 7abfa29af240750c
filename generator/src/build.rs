//! `atlas build`: the pipeline as a flat list of named, timed stages, each a call into the
//! folder that does the work (model → check → facts → derive → render → emit). Everything
//! is written to a staging folder that replaces the output folder only when every stage
//! succeeded (`emit::publish`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::derive::compare::Comparison;
use crate::derive::search;
use crate::emit::assets;
use crate::emit::index::{self, IndexReport};
use crate::emit::publish::Publisher;
use crate::emit::{compress, opendata};
use crate::error::Diagnostics;
use crate::facts;
use crate::model::{content, Date, Site, SiteConfig};
use crate::render::{self, AssetPaths, Templates, Theme};

/// Folder under the site root where builds keep what outlives them (compressed copies of
/// content-hashed assets).
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
    pub stages: Vec<(&'static str, Duration)>,
    /// Said after a build that succeeded (e.g. an old copy that could not be removed).
    pub warnings: Vec<String>,
}

impl BuildReport {
    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }
}

struct Stages(Vec<(&'static str, Duration)>);

impl Stages {
    fn run<T>(&mut self, name: &'static str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let start = Instant::now();
        let value = f()?;
        self.0.push((name, start.elapsed()));
        Ok(value)
    }
}

/// Builds the site. On any error the previous output folder is left as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let root = options.root.as_path();
    let out = options.out.clone().unwrap_or_else(|| root.join("public"));
    let mut stages = Stages(Vec::new());
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
    let content = stages.run("load", || {
        content::load(&root.join(content::CONTENT_DIR)).map_err(relative)
    })?;
    stages.run("check", || {
        let problems = crate::check::content_problems(&content, &config.base_path(), Date::today());
        if problems.is_empty() {
            Ok(())
        } else {
            Err(relative(problems))
        }
    })?;
    let mut site = stages.run("markdown", || Ok(Site::from_content(content)))?;
    let facts = stages.run("facts", || facts::collect(&site).map_err(relative))?;
    site.drop_blocks();
    let site = site;
    let templates = stages.run("templates", || Templates::load(&theme))?;
    let (comparison, search_facets) = stages.run("derive", || {
        Ok(rayon::join(
            || Comparison::new(&site, &facts),
            || search::search_facets(&site, &facts),
        ))
    })?;

    let publisher = Publisher::start(root, &out)?;
    let staging = publisher.staging().to_path_buf();
    let result = (|| -> Result<BuildReport> {
        let mut assets = stages.run("assets", || write_assets(root, &theme, &config, &staging))?;
        let index = stages.run("index", || index::write(&site, &facts, &staging))?;
        assets.search_index = index.dir.clone();
        let pages = stages.run("pages", || {
            render::write_pages(
                &config,
                &templates,
                &assets,
                &site,
                &comparison,
                &search_facets,
                &staging,
            )
        })?;
        stages.run("data", || {
            opendata::write(&site, &facts, &config.base_url, &staging)
        })?;
        stages.run("metadata", || {
            let cx = render::RenderContext::new(&config, &templates, &assets, &staging);
            render::metadata::write(&cx, &site)
        })?;
        stages.run("compress", || {
            compress::precompress(&staging, &out, &root.join(CACHE_DIR).join("compressed"))
        })?;
        Ok(BuildReport {
            out: out.clone(),
            orgs: site.orgs.len(),
            notices: site.notice_count(),
            pages,
            search_module: !assets.search_script.is_empty(),
            index,
            stages: Vec::new(),
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
    if let Some(warning) = stages.run("swap", || publisher.publish())? {
        report.warnings.push(warning);
    }
    report.stages = stages.0;
    Ok(report)
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
    if let Some((script, module, wasm)) = assets::write_search_module(
        &root.join(&config.search.script),
        &root.join(&config.search.module_dir),
        out,
    )? {
        paths.search_script = script;
        paths.search_module = module;
        paths.search_wasm = wasm;
    }
    Ok(paths)
}
