//! Styles, static files and the search module: bundled, minified, content-hashed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use lightningcss::bundler::{Bundler, ResolveResult, SourceProvider};
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions};
use lightningcss::targets::{Browsers, Targets};
use serde::Serialize;
use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::index::hex;
use crate::theme::Theme;

/// Site-relative paths of the assets pages link to.
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

/// File types worth sending compressed.
const COMPRESSIBLE: &[&str] = &[
    "html", "css", "js", "json", "xml", "svg", "txt", "wasm", "map",
];

/// Writes `<file>.gz` and `<file>.br` beside every compressible file under `dir` whose
/// compressed form is smaller, for servers that send precompressed files (nginx
/// `gzip_static`, `brotli_static`). A file identical to the one at the same place in
/// `previous` (the last build) reuses that build's compressed copies, so the large search
/// module is compressed once, not on every build. Content-hashed files are also kept in
/// `cache` (a folder that outlives builds and output folders), so a build into a fresh
/// folder does not compress the search module again either. Returns how many files were
/// compressed.
pub fn precompress(dir: &Path, previous: &Path, cache: &Path) -> Result<usize> {
    let mut files = Vec::new();
    for entry in WalkDir::new(dir) {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let compressible = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if entry.file_type().is_file() && compressible {
            files.push(entry.into_path());
        }
    }
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|path| -> Result<()> {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let old = previous.join(path.strip_prefix(dir)?);
            // Content-hashed assets (the wasm, styles, scripts) are downloaded by everyone and
            // rarely change: squeeze them hard, once (later builds reuse the result). Pages
            // and data change with every build: a fast setting keeps the build quick.
            let hashed = is_content_hashed(&name);
            for (ext, compress) in [
                ("gz", gzip as fn(&[u8], bool) -> Result<Vec<u8>>),
                ("br", brotli_compress),
            ] {
                let target = path.with_file_name(format!("{name}.{ext}"));
                let old_compressed = old.with_file_name(format!("{name}.{ext}"));
                let cached = cache.join(format!("{name}.{ext}"));
                if hashed && cached.is_file() {
                    std::fs::copy(&cached, &target)
                        .with_context(|| format!("cannot write {}", target.display()))?;
                    continue;
                }
                if old_compressed.is_file() && std::fs::read(&old).is_ok_and(|o| o == bytes) {
                    std::fs::copy(&old_compressed, &target)
                        .with_context(|| format!("cannot write {}", target.display()))?;
                    continue;
                }
                let packed = compress(&bytes, hashed)?;
                if packed.len() < bytes.len() {
                    std::fs::write(&target, &packed)
                        .with_context(|| format!("cannot write {}", target.display()))?;
                    if hashed {
                        // A cache that cannot be written only costs time on the next build.
                        if std::fs::create_dir_all(cache).is_ok() {
                            let partial =
                                cache.join(format!(".{name}.{ext}.{}", std::process::id()));
                            if std::fs::write(&partial, &packed).is_ok() {
                                let _ = std::fs::rename(&partial, &cached);
                            }
                        }
                    }
                }
            }
            Ok(())
        })
        .collect::<Result<Vec<()>>>()?;
    Ok(files.len())
}

/// `name.0123456789.ext`: a file named by its content.
fn is_content_hashed(name: &str) -> bool {
    let mut parts = name.rsplit('.');
    let _ext = parts.next();
    parts
        .next()
        .is_some_and(|h| h.len() == 10 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn gzip(bytes: &[u8], best: bool) -> Result<Vec<u8>> {
    use std::io::Write;
    let level = if best {
        flate2::Compression::best()
    } else {
        flate2::Compression::new(6)
    };
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// Brotli at the highest quality for assets, a fast one (5) for pages and data.
fn brotli_compress(bytes: &[u8], best: bool) -> Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: if best { 11 } else { 5 },
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
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
