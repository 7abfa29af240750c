//! Precompression: `.gz` and `.br` copies beside every text file and the wasm, for servers
//! that send precompressed files, reusing earlier builds' copies of unchanged files.

use std::path::Path;

use anyhow::{Context, Result};
use walkdir::WalkDir;

use crate::cache::Outputs;
use crate::files::{write_whole, Durability};

/// File types worth sending compressed.
const COMPRESSIBLE: &[&str] = &[
    "html", "css", "js", "json", "xml", "svg", "txt", "wasm", "map",
];

/// Writes `<file>.gz` and `<file>.br` beside every compressible file under `dir` whose
/// compressed form is smaller, for servers that send precompressed files (nginx
/// `gzip_static`, `brotli_static`). A file with the same content as one of the published site
/// (wherever it was: the search index folder is renamed on every change) gets that file's
/// compressed copies, linked (`outputs`). Content-hashed files are also kept in `cache` (a
/// folder that outlives builds and output folders), so a build into a fresh folder does not
/// compress the search module again either, and a copy already beside a file (the search
/// module's, carried compressed by atlas, or a reused page's) is kept. Returns how many files
/// there are.
pub fn precompress(dir: &Path, outputs: &Outputs, cache: &Path) -> Result<usize> {
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
        .inspect(|_| crate::progress::tick(1))
        .map(|path| -> Result<()> {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            // Both copies already beside it: carried with the file, or linked with a page
            // reused from the last site.
            if ["gz", "br"]
                .iter()
                .all(|ext| path.with_file_name(format!("{name}.{ext}")).is_file())
            {
                return Ok(());
            }
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let relative = path.strip_prefix(dir)?.to_string_lossy();
            let digest = crate::cache::digest(&bytes);
            if outputs.reuse_compressed(&relative, &digest) {
                return Ok(());
            }
            // Content-hashed assets (the wasm, styles, scripts) are downloaded by everyone and
            // rarely change: squeeze them hard, once (later builds reuse the result). Pages
            // and data change with every build: a fast setting keeps the build quick.
            let hashed = is_content_hashed(&name);
            for (ext, compress) in [
                ("gz", gzip as fn(&[u8], bool) -> Result<Vec<u8>>),
                ("br", brotli_compress),
            ] {
                let target = path.with_file_name(format!("{name}.{ext}"));
                if target.is_file() {
                    // Written with the file (the search module's carried copies).
                    continue;
                }
                let cached = cache.join(format!("{name}.{ext}"));
                if hashed && cached.is_file() {
                    std::fs::copy(&cached, &target)
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
                            let _ = write_whole(&cached, &packed, Durability::Written);
                        }
                    }
                }
            }
            outputs.compressed_from(&relative, &digest);
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
