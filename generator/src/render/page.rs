//! What every page shares: the site's fields, the asset paths, the `page` value (URL, title,
//! description, canonical URL, Open Graph type), and the one function that writes a page.

use std::path::Path;

use anyhow::{Context, Result};
use minijinja::value::Serde;
use minijinja::{context, Value};
use serde::Serialize;

use crate::model::SiteConfig;
use crate::render::Templates;

/// Site-relative paths of the assets pages link to (written by `emit::assets`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct AssetPaths {
    pub css: String,
    /// The theme's page script (filters, copy-link buttons); empty if it has none.
    pub script: String,
    /// Empty when the search module has not been built.
    pub search_script: String,
    pub search_module: String,
    pub search_wasm: String,
    pub search_index: String,
}

/// The site's fields as templates see them (`site.title`, ...).
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
}

/// Everything a page family needs to render and write its pages: the configuration, the
/// templates, the context shared by every page and the output folder.
pub struct RenderContext<'a> {
    pub config: &'a SiteConfig,
    pub templates: &'a Templates,
    /// `site`, `base` and `assets`, merged into every page's context.
    pub common: Value,
    pub out: &'a Path,
}

impl<'a> RenderContext<'a> {
    pub fn new(
        config: &'a SiteConfig,
        templates: &'a Templates,
        assets: &AssetPaths,
        out: &'a Path,
    ) -> RenderContext<'a> {
        let site_view = SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            language: &config.language,
        };
        let common = context! {
            site => to_value(&site_view),
            base => config.base_path(),
            assets => to_value(assets),
        };
        RenderContext {
            config,
            templates,
            common,
            out,
        }
    }

    /// The `page` every template gets.
    pub fn page(&self, url: &str, title: &str, description: &str) -> Value {
        context! {
            url => url,
            title => title,
            description => description,
            canonical => format!("{}{url}", self.config.base_url),
            kind => if url.is_empty() { "website" } else { "article" },
        }
    }

    /// Renders `template` with `values` merged over the common context and writes it to
    /// `out/<url>/<file>`.
    pub fn write(&self, url: &str, file: &str, template: &str, values: Value) -> Result<()> {
        let html = self.templates.render(
            template,
            context! {
                ..values,
                ..self.common.clone()
            },
        )?;
        write_file(self.out, url, file, html)?;
        crate::progress::tick(1);
        Ok(())
    }
}

/// Writes one rendered file to `out/<url>/<file>`.
pub fn write_file(out: &Path, url: &str, file: &str, text: String) -> Result<()> {
    let path = out.join(url).join(file);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Any serialisable value as a template value.
pub fn to_value<T: Serialize>(value: T) -> Value {
    Value::from(Serde(value))
}
