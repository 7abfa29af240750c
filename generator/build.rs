//! Carries the browser search module inside the `atlas` binary, as the default theme is: the
//! wasm-bindgen output in `search-wasm/pkg/` and the search page's script
//! `search-wasm/js/search-ui.js`, so an installed `atlas` writes working search into any site.
//!
//! A release build (what `make atlas`, `make install` and `cargo install` make) without the
//! module fails and says how to build it; a debug build (tests, clippy) without it builds an
//! `atlas` that writes sites without search and says so. `ATLAS_NO_SEARCH_MODULE=1` allows a
//! release build without it on purpose.

use std::path::{Path, PathBuf};

const FILES: [(&str, &str); 3] = [
    ("SEARCH_GLUE", "../search-wasm/pkg/search_wasm.js"),
    ("SEARCH_WASM", "../search-wasm/pkg/search_wasm_bg.wasm"),
    ("SEARCH_SCRIPT", "../search-wasm/js/search-ui.js"),
];

/// The module's compressed copies, written by `scripts/build-wasm.sh`, carried when present
/// so that no build compresses the module again.
const COMPRESSED: [(&str, &str); 4] = [
    ("SEARCH_GLUE_BR", "../search-wasm/pkg/search_wasm.js.br"),
    ("SEARCH_GLUE_GZ", "../search-wasm/pkg/search_wasm.js.gz"),
    (
        "SEARCH_WASM_BR",
        "../search-wasm/pkg/search_wasm_bg.wasm.br",
    ),
    (
        "SEARCH_WASM_GZ",
        "../search-wasm/pkg/search_wasm_bg.wasm.gz",
    ),
];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-env-changed=ATLAS_NO_SEARCH_MODULE");
    let paths: Vec<(&str, PathBuf)> = FILES
        .iter()
        .map(|(name, rel)| (*name, manifest.join(rel)))
        .collect();
    for (_, path) in &paths {
        // Cargo watches a missing file too, and reruns this script once it appears.
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let present = paths.iter().all(|(_, p)| p.is_file());
    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    let allowed_without = std::env::var_os("ATLAS_NO_SEARCH_MODULE").is_some_and(|v| v == "1");
    if !present && release && !allowed_without {
        let missing: Vec<String> = paths
            .iter()
            .filter(|(_, p)| !p.is_file())
            .map(|(_, p)| display(p))
            .collect();
        eprintln!(
            "error: the search module is not built, and a release `atlas` carries it: missing {}\n  help: run `make wasm` (scripts/build-wasm.sh) first, then build again; \
             or set ATLAS_NO_SEARCH_MODULE=1 to build an atlas whose sites have no search",
            missing.join(", ")
        );
        std::process::exit(1);
    }
    if !present {
        println!(
            "cargo:warning=search module not built (run `make wasm`): this atlas writes sites without search"
        );
    }
    let mut code =
        String::from("// Written by build.rs: the search module carried by this binary.\n");
    for (name, path) in &paths {
        if present {
            code.push_str(&format!(
                "pub const {name}: Option<&[u8]> = Some(include_bytes!({:?}));\n",
                display(path)
            ));
        } else {
            code.push_str(&format!("pub const {name}: Option<&[u8]> = None;\n"));
        }
    }
    for (name, rel) in COMPRESSED {
        let path = manifest.join(rel);
        println!("cargo:rerun-if-changed={}", path.display());
        if present && path.is_file() {
            code.push_str(&format!(
                "pub const {name}: Option<&[u8]> = Some(include_bytes!({:?}));\n",
                display(&path)
            ));
        } else {
            code.push_str(&format!("pub const {name}: Option<&[u8]> = None;\n"));
        }
    }
    std::fs::write(out.join("search_module.rs"), code).expect("OUT_DIR is writable");
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
