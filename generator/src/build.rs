//! `atlas build`: the pipeline as a flat list of named, timed stages. Everything is written
//! to a staging folder that replaces the output folder only when every stage succeeded.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use minijinja::value::Serde;
use minijinja::{context, Value};
use rayon::prelude::*;
use serde::Serialize;

use crate::assets::{self, AssetPaths};
use crate::browse;
use crate::compare::{self, Comparison};
use crate::config::SiteConfig;
use crate::content;
use crate::error::Diagnostics;
use crate::facts::{self, Fact};
use crate::index::{self, IndexReport};
use crate::metadata;
use crate::opendata;
use crate::render::Templates;
use crate::site::Site;
use crate::theme::Theme;

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

/// Common page data.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
}

/// Builds the site. On any error the previous output folder is left as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let root = options.root.as_path();
    let out = options.out.clone().unwrap_or_else(|| root.join("public"));
    let mut stages = Stages(Vec::new());

    let mut config = stages.run("config", || {
        Ok(SiteConfig::load(root).map_err(|d| Diagnostics(vec![d.relative_to(root)]))?)
    })?;
    if let Some(base_url) = &options.base_url {
        config.base_url = if base_url.ends_with('/') {
            base_url.clone()
        } else {
            format!("{base_url}/")
        };
    }
    let theme = Theme::new(root, &config.theme)?;
    let content = stages.run("load", || {
        content::load(&root.join(content::CONTENT_DIR)).map_err(|problems| {
            Diagnostics(problems.into_iter().map(|d| d.relative_to(root)).collect()).into()
        })
    })?;
    stages.run("check", || {
        let problems =
            crate::check::content_problems(&content, &config.base_path(), &content::today());
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Diagnostics(problems.into_iter().map(|d| d.relative_to(root)).collect()).into())
        }
    })?;
    let mut site = stages.run("markdown", || Ok(Site::from_content(content)))?;
    let facts = stages.run("facts", || {
        facts::collect(&site).map_err(|problems| {
            Diagnostics(problems.into_iter().map(|d| d.relative_to(root)).collect()).into()
        })
    })?;
    site.drop_blocks();
    let site = site;
    let templates = stages.run("templates", || Templates::load(&theme))?;

    let staging = staging_dir(&out)?;
    let result = (|| -> Result<BuildReport> {
        let mut assets = stages.run("assets", || write_assets(root, &theme, &config, &staging))?;
        let index = stages.run("index", || index::write(&site, &facts, &staging))?;
        assets.search_index = index.dir.clone();
        let pages = stages.run("pages", || {
            render_pages(&config, &site, &facts, &templates, &assets, &staging)
        })?;
        stages.run("data", || {
            opendata::write(&site, &facts, &config.base_url, &staging)
        })?;
        stages.run("metadata", || {
            metadata::write(&config, &site, &templates, &staging)
        })?;
        stages.run("compress", || {
            assets::precompress(&staging, &out, &root.join(CACHE_DIR).join("compressed"))
        })?;
        Ok(BuildReport {
            out: out.clone(),
            orgs: site.orgs.len(),
            notices: site.notice_count(),
            pages,
            search_module: !assets.search_script.is_empty(),
            index,
            stages: Vec::new(),
        })
    })();
    let mut report = match result {
        Ok(report) => report,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    stages.run("swap", || replace_dir(&staging, &out))?;
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

fn render_pages(
    config: &SiteConfig,
    site: &Site,
    facts: &[Fact],
    templates: &Templates,
    assets: &AssetPaths,
    out: &Path,
) -> Result<usize> {
    let comparison = Comparison::new(site, facts);
    let base = config.base_path();
    let site_view = SiteView {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        language: &config.language,
    };
    let common = context! {
        site => to_value(&site_view),
        base => base,
        assets => to_value(assets),
    };
    let page =
        |url: &str, title: &str, description: &str| page_context(config, url, title, description);
    let mut pages = 0;
    let mut write = |url: &str, file: &str, html: String| -> Result<()> {
        write_page(out, url, file, html)?;
        pages += 1;
        Ok(())
    };

    let groups = to_value(site.orgs_by_kind());
    let kinds = to_value(browse::kinds(site));
    let regions = to_value(browse::regions(site));
    let recent = to_value(
        metadata::feed_entries(config, site)
            .into_iter()
            .take(5)
            .collect::<Vec<_>>(),
    );
    let home = templates.render(
        "home.html",
        context! {
            page => page("", &config.title, &config.description),
            groups => groups,
            kinds => kinds.clone(),
            regions => regions.clone(),
            recent => recent,
            org_count => site.orgs.len(),
            notice_count => site.notice_count(),
            ..common.clone()
        },
    )?;
    write("", "index.html", home)?;

    for list in browse::list_pages(site) {
        let html = templates.render(
            "orgs.html",
            context! {
                page => page(&list.url, &list.title, &list.description),
                list => to_value(&list),
                ..common.clone()
            },
        )?;
        write(&list.url, "index.html", html)?;
    }

    // Organisation and notice pages, the bulk of the site, rendered in parallel.
    let org_pages: Vec<usize> = site
        .orgs
        .par_iter()
        .map(|org| -> Result<usize> {
            let org_value = to_value(org);
            let description = if org.description.is_empty() {
                format!("Privacy notices published by {}.", org.name)
            } else {
                org.description.clone()
            };
            let html = templates.render(
                "org.html",
                context! {
                    page => page(&org.url, &org.name, &description),
                    org => org_value.clone(),
                    org_facts => comparison.by_org.get(&org.slug).map(to_value),
                    ..common.clone()
                },
            )?;
            write_page(out, &org.url, "index.html", html)?;
            for notice in &org.notices {
                let html = templates.render(
                    "notice.html",
                    context! {
                        page => page(&notice.url, &format!("{} – {}", notice.title, org.name), &notice.summary),
                        org => org_value.clone(),
                        notice => to_value(notice),
                        ..common.clone()
                    },
                )?;
                write_page(out, &notice.url, "index.html", html)?;
            }
            Ok(1 + org.notices.len())
        })
        .collect::<Result<_>>()?;
    let org_page_count: usize = org_pages.iter().sum();

    let compared = compare::render_pages(config, &comparison, templates, &common, out)?;
    let search = templates.render(
        "search.html",
        context! {
            page => page("search/", "Search notices", "Search every organisation's privacy notices at once."),
            search_facets => to_value(index::search_facets(site, facts)),
            ..common.clone()
        },
    )?;
    write("search/", "index.html", search)?;
    let not_found = templates.render(
        "404.html",
        context! {
            page => page("404.html", "Page not found", ""),
            ..common.clone()
        },
    )?;
    write("", "404.html", not_found)?;
    Ok(pages + compared + org_page_count)
}

/// The `page` every template gets: its URL, title, description, canonical URL and Open
/// Graph type.
pub(crate) fn page_context(
    config: &SiteConfig,
    url: &str,
    title: &str,
    description: &str,
) -> Value {
    context! {
        url => url,
        title => title,
        description => description,
        canonical => format!("{}{url}", config.base_url),
        kind => if url.is_empty() { "website" } else { "article" },
    }
}

/// Writes one rendered page to `out/<url>/<file>`.
pub(crate) fn write_page(out: &Path, url: &str, file: &str, html: String) -> Result<()> {
    let path = out.join(url).join(file);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, html).with_context(|| format!("cannot write {}", path.display()))
}

fn to_value<T: Serialize>(value: T) -> Value {
    Value::from(Serde(value))
}

/// A fresh, empty folder beside `out` (same file system, so the final move is a rename).
fn staging_dir(out: &Path) -> Result<PathBuf> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("cannot create {}", staging.display()))?;
    Ok(staging)
}

/// Moves `staging` to `out`, replacing what was there.
fn replace_dir(staging: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        let old = staging.with_file_name(format!(
            "{}.old",
            staging.file_name().unwrap_or_default().to_string_lossy()
        ));
        std::fs::rename(out, &old)
            .with_context(|| format!("cannot move the previous {} aside", out.display()))?;
        std::fs::rename(staging, out)
            .with_context(|| format!("cannot move the new site to {}", out.display()))?;
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove {}", old.display()))?;
    } else {
        std::fs::rename(staging, out)
            .with_context(|| format!("cannot move the new site to {}", out.display()))?;
    }
    Ok(())
}
