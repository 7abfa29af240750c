//! `atlas.toml`: the site's settings.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Diagnostic;

pub const CONFIG_FILE: &str = "atlas.toml";

/// The keys `atlas.toml` takes.
const CONFIG_SHAPE: crate::model::shape::Shape = crate::model::shape::Shape {
    keys: &["title", "base_url", "description", "theme", "language"],
    tables: &[("search", &["module_dir", "script"])],
};

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

/// Why `name` cannot name a theme, if it cannot: a theme is a plain folder name under
/// `themes/` (letters, digits, `-`, `_`, `.`; not starting with a dot), so it can never
/// reach outside that folder.
pub fn theme_name_problem(name: &str) -> Option<String> {
    let shown = crate::text::excerpt(name, 60);
    if name.is_empty() {
        Some("theme is empty".to_string())
    } else if name.len() > 100 {
        Some(format!(
            "theme {shown:?} is {} characters long; at most 100 are taken",
            name.len()
        ))
    } else if name.starts_with('.')
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        Some(format!(
            "theme {shown:?} is not a folder name (only letters, digits, `-`, `_` and `.`, not starting with a dot: no paths)"
        ))
    } else {
        None
    }
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
        let mut problems = Vec::new();
        let config = crate::model::shape::parse_toml::<SiteConfig>(
            &path,
            &text,
            1,
            &CONFIG_SHAPE,
            "see the README for the keys atlas.toml takes",
            &mut problems,
        );
        // The first problem: the site settings are one small file, fixed before the rest.
        if let Some(first) = problems.into_iter().next() {
            return Err(first);
        }
        let Some(mut config) = config else {
            return Err(Diagnostic::new(&path, "cannot read the site settings"));
        };
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
        if let Some(problem) = theme_name_problem(&config.theme) {
            return Err(Diagnostic::new(&path, problem)
                .at_line(crate::model::content::key_line(&text, "theme"))
                .help("set `theme` to the name of a folder under themes/, or to \"default\" for the built-in theme"));
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
