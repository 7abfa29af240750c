//! Styles, static files and the search module: bundled, minified, content-hashed.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use lightningcss::bundler::{Bundler, FileProvider};
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions};
use lightningcss::targets::{Browsers, Targets};
use serde::Serialize;
use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::index::hex;

/// Site-relative paths of the assets pages link to.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AssetPaths {
    pub css: String,
    /// Empty when the search module has not been built.
    pub search_script: String,
    pub search_module: String,
    pub search_wasm: String,
    pub search_index: String,
}

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

/// Bundles `main.css` (following `@import`s) from the first of `dirs` that has it,
/// minifies it for the browser targets and writes it as `assets/main.<hash>.css`.
pub fn write_css(dirs: &[PathBuf], out: &Path) -> Result<String> {
    let entry = dirs
        .iter()
        .map(|d| d.join("main.css"))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            anyhow!(
                "no main.css in {}",
                dirs.iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" or ")
            )
        })?;
    let provider = FileProvider::new();
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

/// Copies every file under each of `dirs` into `out`, earlier folders winning.
pub fn copy_static(dirs: &[PathBuf], out: &Path) -> Result<()> {
    let mut copied = std::collections::BTreeSet::new();
    for dir in dirs {
        if !dir.is_dir() {
            continue;
        }
        for entry in WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir)?.to_path_buf();
            if !copied.insert(rel.clone()) {
                continue;
            }
            let target = out.join(&rel);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(entry.path(), &target).with_context(|| {
                format!(
                    "cannot copy {} to {}",
                    entry.path().display(),
                    target.display()
                )
            })?;
        }
    }
    Ok(())
}

/// The built search module, if present: the page script, the wasm-bindgen glue and the
/// wasm, each copied with a content hash in its name.
pub fn write_search_module(
    script: &Path,
    module_dir: &Path,
    out: &Path,
) -> Result<Option<(String, String, String)>> {
    let glue_path = module_dir.join("search_wasm.js");
    let wasm_path = module_dir.join("search_wasm_bg.wasm");
    if !glue_path.is_file() || !wasm_path.is_file() {
        return Ok(None);
    }
    let read = |p: &Path| std::fs::read(p).with_context(|| format!("cannot read {}", p.display()));
    let glue = write_hashed(out, "search", "search_wasm", "js", &read(&glue_path)?)?;
    let wasm = write_hashed(out, "search", "search_wasm_bg", "wasm", &read(&wasm_path)?)?;
    let script = write_hashed(out, "search", "search-ui", "js", &read(script)?)?;
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
