//! What every page shares: the site's fields, the asset paths, the `page` value (URL, title,
//! description, canonical URL, Open Graph type), and the one function that writes a page.

use std::path::Path;

use anyhow::{Context, Result};
use minijinja::value::Serde;
use minijinja::{context, Value};
use serde::Serialize;

use crate::cache::{Key, KeyBuilder, Outputs};
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
    /// The index folder, which changes with any notice: given to the search page only (as
    /// `assets.search_index`), so that a change of text does not change every page.
    #[serde(skip_serializing_if = "String::is_empty")]
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
    /// `site`, `base` and `assets` (all but the index folder), merged into every page's
    /// context.
    pub common: Value,
    /// Every asset path, the index folder included, for the search page.
    pub search_assets: Value,
    pub out: &'a Path,
    /// The last published site's pages by key, when the build may reuse them.
    outputs: Option<&'a Outputs>,
    /// The templates and the common context, hashed: where every page's key starts.
    base_key: Key,
    /// A notice's HTML, for a notice whose page is rendered (the site model holds none for
    /// notices taken from the build cache).
    notice_html: Option<&'a NoticeHtml<'a>>,
}

/// Reads a notice's HTML back (see `build::work`).
pub type NoticeHtml<'a> = dyn Fn(&crate::model::site::Notice) -> Result<String> + Sync + 'a;

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
        let shared_assets = AssetPaths {
            search_index: String::new(),
            ..assets.clone()
        };
        let common = context! {
            site => to_value(&site_view),
            base => config.base_path(),
            assets => to_value(&shared_assets),
        };
        let base_key = KeyBuilder::new("page")
            .key_part(templates.digest())
            .json(&common)
            .finish();
        RenderContext {
            config,
            templates,
            common,
            search_assets: to_value(assets),
            out,
            outputs: None,
            base_key,
            notice_html: None,
        }
    }

    /// Where the HTML of notices taken from the build cache is read from.
    pub fn with_notice_html(mut self, html: &'a NoticeHtml<'a>) -> RenderContext<'a> {
        self.notice_html = Some(html);
        self
    }

    /// A notice's HTML: the site model's, or read back (see [`Self::with_notice_html`]).
    pub fn notice_html(&self, notice: &crate::model::site::Notice) -> Result<String> {
        match self.notice_html {
            Some(html) => html(notice),
            None => Ok(notice.html.clone()),
        }
    }

    /// Reuses the pages of the last published site whose key is unchanged.
    pub fn reusing(mut self, outputs: &'a Outputs) -> RenderContext<'a> {
        self.outputs = Some(outputs);
        self
    }

    /// A page key: the templates, the common context and `template`, then the caller's parts.
    pub fn key(&self, template: &str) -> KeyBuilder {
        KeyBuilder::new("page")
            .key_part(&self.base_key)
            .str(template)
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

    /// Renders `template` with `values` merged over the common context (a page's own value
    /// wins: the search page's `assets`) and writes it to
    /// `out/<url>/<file>`, or links the last site's copy when it was made from the same
    /// template and values.
    pub fn write(&self, url: &str, file: &str, template: &str, values: Value) -> Result<()> {
        let key = self
            .outputs
            .map(|_| self.key(template).json(&values).finish());
        self.write_keyed(url, file, template, key, || values)
    }

    /// [`RenderContext::write`] for a page whose key the caller has made (with
    /// [`RenderContext::key`]) from everything `values` holds, more cheaply than hashing
    /// the values; `values` is only called when the page is rendered.
    pub fn write_keyed(
        &self,
        url: &str,
        file: &str,
        template: &str,
        key: Option<Key>,
        values: impl FnOnce() -> Value,
    ) -> Result<()> {
        self.try_write_keyed(url, file, template, key, || Ok(values()))
    }

    /// [`RenderContext::write_keyed`] with values that may fail to be made.
    pub fn try_write_keyed(
        &self,
        url: &str,
        file: &str,
        template: &str,
        key: Option<Key>,
        values: impl FnOnce() -> Result<Value>,
    ) -> Result<()> {
        crate::progress::tick(1);
        self.write_text_keyed(url, file, key, Kept::Page, || {
            self.templates.render(
                template,
                context! {
                    ..values()?,
                    ..self.common.clone()
                },
            )
        })
    }

    /// Whether pages are keyed (only then are keys worth making).
    pub fn keyed(&self) -> bool {
        self.outputs.is_some()
    }

    /// Writes a file that is not a page (a feed, the sitemap) to `out/<url>/<file>`, or keeps
    /// the published one when it was made from `key` (made with [`RenderContext::key`] from
    /// everything `text` reads); `text` is only called when the file is written.
    pub fn write_other_keyed(
        &self,
        url: &str,
        file: &str,
        key: Option<Key>,
        text: impl FnOnce() -> Result<String>,
    ) -> Result<()> {
        self.write_text_keyed(url, file, key, Kept::Other, text)
    }

    /// Writes `text()` to `out/<url>/<file>`, or keeps the published file when it was made
    /// from `key` (`kept`: whether it then counts as a page reused).
    fn write_text_keyed(
        &self,
        url: &str,
        file: &str,
        key: Option<Key>,
        kept: Kept,
        text: impl FnOnce() -> Result<String>,
    ) -> Result<()> {
        let path = format!("{url}{file}");
        let outputs = self.outputs.zip(key.as_ref());
        if let Some((outputs, key)) = outputs {
            let kept = match kept {
                Kept::Page => outputs.reuse(&path, key),
                Kept::Other => outputs.keep(&path, key),
            };
            if kept {
                return Ok(());
            }
        }
        write_file(self.out, url, file, text()?)?;
        if let Some((outputs, key)) = outputs {
            outputs.made_from(&path, key);
        }
        Ok(())
    }
}

/// What a file kept from the published site counts as.
#[derive(Clone, Copy)]
enum Kept {
    /// A page reused (counted in the build's report).
    Page,
    /// Another file: a feed, the sitemap.
    Other,
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
