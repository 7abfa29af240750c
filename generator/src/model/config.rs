//! `atlas.toml`: the site's settings.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{toml_diagnostic, Diagnostic};

pub const CONFIG_FILE: &str = "atlas.toml";

/// Settings read from `atlas.toml` at the site root.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    /// Absolute URL the site is published at, with a trailing slash.
    pub base_url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub search: SearchConfig,
}

/// Where the browser search module comes from: by default the one carried by `atlas`
/// itself. A site may point at its own build instead (for work on the module), relative to
/// the site root.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Folder with the wasm-bindgen output (`search_wasm.js`, `search_wasm_bg.wasm`).
    pub module_dir: Option<PathBuf>,
    /// The search page's script, which loads the module.
    pub script: Option<PathBuf>,
}

fn default_theme() -> String {
    "default".to_string()
}

fn default_language() -> String {
    "en-GB".to_string()
}

impl SiteConfig {
    /// Reads and checks `atlas.toml` under `root`.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::new(&path, format!("cannot read the site settings: {e}")).help(
                "run atlas from the site's root folder (the one holding atlas.toml and content/), or pass --root",
            )
        })?;
        let mut config: SiteConfig = toml::from_str(&text).map_err(|e| {
            toml_diagnostic(
                &path,
                &text,
                1,
                &e,
                "see the README for the keys atlas.toml takes",
            )
        })?;
        if !(config.base_url.starts_with("http://") || config.base_url.starts_with("https://")) {
            return Err(Diagnostic::new(
                &path,
                format!(
                    "base_url {:?} is not an absolute http(s) URL",
                    config.base_url
                ),
            )
            .help("write it as https://example.org/ (with the path if the site lives below one)"));
        }
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        Ok(config)
    }

    /// The path part of `base_url` (always starts and ends with `/`): what internal links
    /// are prefixed with, so the site works below a sub-path too.
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map(|(_, rest)| rest)
            .unwrap_or(&self.base_url);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> SiteConfig {
        SiteConfig {
            title: "t".into(),
            base_url: base_url.into(),
            description: String::new(),
            theme: default_theme(),
            language: default_language(),
            search: SearchConfig::default(),
        }
    }

    #[test]
    fn base_path_is_the_url_path() {
        assert_eq!(config("https://example.org/").base_path(), "/");
        assert_eq!(config("https://example.org/atlas/").base_path(), "/atlas/");
    }
}
