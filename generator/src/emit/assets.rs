//! Styles, static files and the search module: bundled, minified, content-hashed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use lightningcss::bundler::{Bundler, ResolveResult, SourceProvider};
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions};
use lightningcss::targets::{Browsers, Targets};
use sha2::{Digest, Sha256};

use crate::files::hex;
use crate::model::config::SearchConfig;
use crate::render::Theme;

/// Browsers the CSS is compiled for: the last few years of the major engines.
fn targets() -> Targets {
    let v = |major: u32| Some(major << 16);
    Targets::from(Browsers {
        chrome: v(100),
        edge: v(100),
        firefox: v(100),
        safari: v(15),
        ios_saf: v(15),
        android: v(100),
        samsung: v(17),
        opera: v(86),
        ie: None,
    })
}

/// Bundles `main.css` (following `@import`s, each looked up site → theme → built-in by
/// name), minifies it for the browser targets and writes it as `assets/main.<hash>.css`.
pub fn write_css(theme: &Theme, out: &Path) -> Result<String> {
    let provider = StyleProvider::load(theme)?;
    let entry = provider.path_of("main.css").ok_or_else(|| {
        anyhow!(
            "no main.css in {}; a theme's styles start from main.css",
            theme.describe("styles")
        )
    })?;
    let mut bundler = Bundler::new(&provider, None, ParserOptions::default());
    let mut sheet = bundler
        .bundle(&entry)
        .map_err(|e| anyhow!("{}: {e}", entry.display()))?;
    let targets = targets();
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .map_err(|e| anyhow!("{}: {e}", entry.display()))?;
    let css = sheet
        .to_css(PrinterOptions {
            minify: true,
            targets,
            ..PrinterOptions::default()
        })
        .map_err(|e| anyhow!("{}: {e}", entry.display()))?
        .code;
    write_hashed(out, "assets", "main", "css", css.as_bytes())
}

/// The theme's styles, read up front, for the bundler: each file is known by the path it
/// came from (so errors name it), and an `@import` is resolved by name through the layers.
struct StyleProvider {
    /// Path of each file (real, or a `<built-in …>` label) → its text.
    sources: BTreeMap<PathBuf, String>,
    /// Name inside `styles/` → path of the winning file.
    by_name: BTreeMap<String, PathBuf>,
}

impl StyleProvider {
    fn load(theme: &Theme) -> Result<StyleProvider> {
        let mut sources = BTreeMap::new();
        let mut by_name = BTreeMap::new();
        for file in theme.files("styles")? {
            let path = PathBuf::from(file.origin("styles"));
            sources.insert(path.clone(), file.read_to_string("styles")?);
            by_name.insert(file.name, path);
        }
        Ok(StyleProvider { sources, by_name })
    }

    fn path_of(&self, name: &str) -> Option<PathBuf> {
        self.by_name.get(name).cloned()
    }

    fn name_of(&self, path: &Path) -> Option<&str> {
        self.by_name
            .iter()
            .find(|(_, p)| p.as_path() == path)
            .map(|(n, _)| n.as_str())
    }
}

impl SourceProvider for StyleProvider {
    type Error = std::io::Error;

    fn read<'a>(&'a self, file: &Path) -> Result<&'a str, Self::Error> {
        self.sources.get(file).map(String::as_str).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} not found", file.display()),
            )
        })
    }

    fn resolve(
        &self,
        specifier: &str,
        originating_file: &Path,
    ) -> Result<ResolveResult, Self::Error> {
        let from = self.name_of(originating_file).unwrap_or("main.css");
        let name = join_name(from, specifier);
        self.path_of(&name).map(ResolveResult::from).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("@import {specifier:?}: no styles/{name} in the site, its theme or the built-in theme"),
            )
        })
    }
}

/// `specifier` relative to the folder of `from`, both names inside `styles/`.
fn join_name(from: &str, specifier: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in specifier.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Copies every static file of the theme into `out` (site → theme → built-in by name).
pub fn copy_static(theme: &Theme, out: &Path) -> Result<()> {
    for file in theme.files("static")? {
        let target = out.join(&file.name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, file.read()?).with_context(|| {
            format!(
                "cannot copy {} to {}",
                file.origin("static"),
                target.display()
            )
        })?;
    }
    Ok(())
}

/// Writes the theme's page script `scripts/site.js` as `assets/site.<hash>.js`, if the theme
/// has one; returns its site-relative path or an empty string.
pub fn write_site_script(theme: &Theme, out: &Path) -> Result<String> {
    match theme.find("scripts", "site.js") {
        Some(file) => write_hashed(out, "assets", "site", "js", &file.read()?),
        None => Ok(String::new()),
    }
}

/// The search module `atlas` carries (see `build.rs`): wasm-bindgen's glue, the wasm and
/// the search page's script. `None` when this `atlas` was built without it.
mod carried {
    include!(concat!(env!("OUT_DIR"), "/search_module.rs"));
}

/// Whether this `atlas` carries the search module.
pub fn carries_search_module() -> bool {
    carried::SEARCH_WASM.is_some()
}

/// Writes the search module with content hashes in its names: the one `atlas` carries, or
/// the site's own build where `atlas.toml`'s `[search]` names one. Returns the page
/// script's, the glue's and the wasm's paths, or `None` when there is no module.
pub fn write_search_module(
    root: &Path,
    config: &SearchConfig,
    out: &Path,
) -> Result<Option<(String, String, String)>> {
    let read = |p: &Path| {
        std::fs::read(p).with_context(|| {
            format!(
                "cannot read {} (named in atlas.toml's [search])",
                p.display()
            )
        })
    };
    let (glue, wasm) = match &config.module_dir {
        Some(dir) => (
            read(&root.join(dir).join("search_wasm.js"))?,
            read(&root.join(dir).join("search_wasm_bg.wasm"))?,
        ),
        None => match (carried::SEARCH_GLUE, carried::SEARCH_WASM) {
            (Some(glue), Some(wasm)) => (glue.to_vec(), wasm.to_vec()),
            _ => return Ok(None),
        },
    };
    let script = match (&config.script, carried::SEARCH_SCRIPT) {
        (Some(path), _) => read(&root.join(path))?,
        (None, Some(script)) => script.to_vec(),
        (None, None) => return Ok(None),
    };
    let glue = write_hashed(out, "search", "search_wasm", "js", &glue)?;
    let wasm = write_hashed(out, "search", "search_wasm_bg", "wasm", &wasm)?;
    if config.module_dir.is_none() {
        // The compressed copies carried with the module, for the compress stage to keep.
        for (path, ext, bytes) in [
            (&glue, "br", carried::SEARCH_GLUE_BR),
            (&glue, "gz", carried::SEARCH_GLUE_GZ),
            (&wasm, "br", carried::SEARCH_WASM_BR),
            (&wasm, "gz", carried::SEARCH_WASM_GZ),
        ] {
            if let Some(bytes) = bytes {
                let target = out.join(format!("{path}.{ext}"));
                std::fs::write(&target, bytes)
                    .with_context(|| format!("cannot write {}", target.display()))?;
            }
        }
    }
    let script = write_hashed(out, "search", "search-ui", "js", &script)?;
    Ok(Some((script, glue, wasm)))
}

/// Writes `bytes` to `out/<dir>/<stem>.<hash>.<ext>` and returns the site-relative path.
pub fn write_hashed(out: &Path, dir: &str, stem: &str, ext: &str, bytes: &[u8]) -> Result<String> {
    let hash = hex(&Sha256::digest(bytes)[..5]);
    let rel = format!("{dir}/{stem}.{hash}.{ext}");
    let path = out.join(&rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(rel)
}
