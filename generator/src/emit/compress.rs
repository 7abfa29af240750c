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
            let copy = |ext: &str, compress: fn(&[u8], bool) -> Result<Vec<u8>>| -> Result<()> {
                let target = path.with_file_name(format!("{name}.{ext}"));
                if target.is_file() {
                    // Written with the file (the search module's carried copies).
                    return Ok(());
                }
                let cached = cache.join(format!("{name}.{ext}"));
                if hashed && cached.is_file() {
                    std::fs::copy(&cached, &target)
                        .with_context(|| format!("cannot write {}", target.display()))?;
                    return Ok(());
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
                Ok(())
            };
            if bytes.len() >= BIG {
                // A large file (the open data) would keep one core busy for both copies
                // while the others have finished: its two copies are made side by side.
                let (gz, br) = rayon::join(|| copy("gz", gzip), || copy("br", brotli_compress));
                gz?;
                br?;
            } else {
                copy("gz", gzip)?;
                copy("br", brotli_compress)?;
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

/// A file this large has its two compressed copies made in parallel.
const BIG: usize = 1 << 20;

/// Brotli at the highest quality for assets, a fast one (5) for pages and data.
fn brotli_compress(bytes: &[u8], best: bool) -> Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: if best { 11 } else { 5 },
        lgwin: 22,
        // Told the input's size, the encoder picks the match finder that suits it: without
        // it, quality 5 made a 52 MB data file 6.8 MB where gzip made 2.3 MB (1.8 MB with).
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Open data as large as a national site's: records alike in shape, varied in words.
    fn large_json(bytes: usize) -> Vec<u8> {
        let words = [
            "council",
            "health",
            "records",
            "care",
            "public",
            "task",
            "consent",
            "contract",
            "legal",
            "obligation",
            "vital",
            "interests",
            "legitimate",
            "retention",
            "years",
            "shared",
            "with",
            "police",
            "schools",
            "providers",
            "section",
            "article",
            "data",
        ];
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        // Wording many notices share, as bodies copy each other's paragraphs: repeats far
        // apart, which only a long window finds.
        let shared: Vec<String> = (0..64)
            .map(|_| {
                (0..60)
                    .map(|_| words[next(words.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let mut out = String::from("{\n  \"notices\": [\n");
        let mut i = 0;
        while out.len() < bytes {
            let heading: Vec<&str> = (0..4).map(|_| words[next(words.len())]).collect();
            out.push_str(&format!(
                "    {{\n      \"org\": \"body-{}\",\n      \"notice\": \"notice-{i}\",\n      \"heading\": \"{}\",\n      \"quote\": \"{}\",\n      \"url\": \"https://example.org/orgs/body-{}/notice-{i}/#{}\",\n      \"facts\": {}\n    }},\n",
                i / 20,
                heading.join(" "),
                shared[next(shared.len())],
                i / 20,
                heading.join("-"),
                next(200)
            ));
            i += 1;
        }
        out.push_str("  ]\n}\n");
        out.into_bytes()
    }

    #[test]
    fn a_large_file_compresses_smaller_with_brotli_than_with_gzip() {
        let json = large_json(9 << 20);
        let gz = gzip(&json, false).unwrap();
        let br = brotli_compress(&json, false).unwrap();
        assert!(
            br.len() * 5 < gz.len() * 4,
            "br {} B, gz {} B",
            br.len(),
            gz.len()
        );
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, json);
    }
}
