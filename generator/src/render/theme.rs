//! Where templates, styles, scripts and static files come from: the one place that decides.
//!
//! Every file is looked up by its name inside a folder (`templates/`, `styles/`, `scripts/`,
//! `static/`) in three layers, the first that has it winning:
//!
//! 1. the site's own folder beside `atlas.toml`,
//! 2. the theme `atlas.toml` names, `themes/<theme>/`,
//! 3. the built-in default theme, compiled into the `atlas` binary from `themes/default/`.
//!
//! So a site overrides one template, style or static file by putting a file of the same
//! name in its own folder, and a theme only needs the files it changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use walkdir::WalkDir;

/// The folders a theme has.
pub const FOLDERS: [&str; 4] = ["templates", "styles", "scripts", "static"];

/// The name of the theme compiled into the binary.
pub const BUILT_IN: &str = "default";

macro_rules! built_in {
    ($($folder:literal / $name:literal),* $(,)?) => {
        &[$(($folder, $name, include_bytes!(concat!("../../../themes/default/", $folder, "/", $name)))),*]
    };
}

/// The default theme, one copy: the files under `themes/default/`, embedded at compile time.
const BUILT_IN_FILES: &[(&str, &str, &[u8])] = built_in![
    "templates" / "base.html",
    "templates" / "header.html",
    "templates" / "footer.html",
    "templates" / "macros.html",
    "templates" / "home.html",
    "templates" / "orgs.html",
    "templates" / "org.html",
    "templates" / "notice.html",
    "templates" / "search.html",
    "templates" / "404.html",
    "templates" / "sitemap.xml",
    "templates" / "feed.xml",
    "templates" / "robots.txt",
    "templates" / "compare.html",
    "templates" / "side-by-side.html",
    "templates" / "facet-value.html",
    "templates" / "org-facts.html",
    "templates" / "compare-element.html",
    "templates" / "peers.html",
    "templates" / "pair.html",
    "templates" / "facts-about.html",
    "templates" / "search-filters.html",
    "templates" / "changes.html",
    "templates" / "changes.xml",
    "styles" / "main.css",
    "styles" / "tokens.css",
    "styles" / "base.css",
    "styles" / "layout.css",
    "styles" / "components.css",
    "styles" / "data.css",
    "styles" / "search.css",
    "styles" / "compare.css",
    "styles" / "history.css",
    "styles" / "print.css",
    "styles" / "overrides.css",
    "scripts" / "site.js",
    "static" / "favicon.svg",
    "static" / "evidence.js",
    "static" / "side-by-side.js",
];

/// One layer of the lookup.
#[derive(Debug, Clone)]
enum Layer {
    Dir(PathBuf),
    BuiltIn,
}

/// Where a file was found.
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    BuiltIn(&'static [u8]),
}

/// A file of the theme, after the lookup.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Its name inside the folder, with `/` separators, e.g. `main.css`.
    pub name: String,
    pub source: Source,
}

impl ThemeFile {
    /// Where the file came from, for messages: a path, or `<built-in default>/folder/name`.
    pub fn origin(&self, folder: &str) -> String {
        match &self.source {
            Source::File(path) => path.display().to_string(),
            Source::BuiltIn(_) => format!("<built-in {BUILT_IN} theme>/{folder}/{}", self.name),
        }
    }

    pub fn read(&self) -> Result<Vec<u8>> {
        match &self.source {
            Source::File(path) => {
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
            }
            Source::BuiltIn(bytes) => Ok(bytes.to_vec()),
        }
    }

    pub fn read_to_string(&self, folder: &str) -> Result<String> {
        String::from_utf8(self.read()?)
            .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", self.origin(folder)))
    }
}

/// The layered lookup for one site.
#[derive(Debug, Clone)]
pub struct Theme {
    layers: Vec<Layer>,
}

impl Theme {
    /// The lookup for the site at `root` using the theme `name`. A theme other than the
    /// built-in one must exist under `themes/`.
    pub fn new(root: &Path, name: &str) -> Result<Theme> {
        if let Some(problem) = crate::model::config::theme_name_problem(name) {
            bail!(
                "{}: {problem}\n  help: set `theme` in atlas.toml to the name of a folder under themes/, or to \"{BUILT_IN}\" for the built-in theme",
                root.join(crate::model::config::CONFIG_FILE).display(),
            );
        }
        let theme_dir = root.join("themes").join(name);
        let linked = theme_dir
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        if linked {
            bail!(
                "{}: theme {name:?} is a link (themes/{name}); a theme must be a folder under themes/\n  help: copy the theme into themes/{name}/",
                root.join(crate::model::config::CONFIG_FILE).display(),
            );
        }
        if !theme_dir.is_dir() && name != BUILT_IN {
            bail!(
                "{}: theme {name:?} not found (looked in {})\n  help: set `theme` in atlas.toml to a folder under themes/, or to \"{BUILT_IN}\" for the built-in theme",
                root.join(crate::model::config::CONFIG_FILE).display(),
                theme_dir.display()
            );
        }
        Ok(Theme {
            layers: vec![
                Layer::Dir(root.to_path_buf()),
                Layer::Dir(theme_dir),
                Layer::BuiltIn,
            ],
        })
    }

    /// Every file of `folder`, sorted by name, each from the first layer that has it.
    pub fn files(&self, folder: &str) -> Result<Vec<ThemeFile>> {
        let mut found: BTreeMap<String, ThemeFile> = BTreeMap::new();
        for layer in &self.layers {
            match layer {
                Layer::Dir(root) => {
                    let dir = root.join(folder);
                    if !dir.is_dir() {
                        continue;
                    }
                    for entry in WalkDir::new(&dir).sort_by_file_name() {
                        let entry =
                            entry.with_context(|| format!("cannot read {}", dir.display()))?;
                        if !entry.file_type().is_file() {
                            continue;
                        }
                        let name = relative_name(&dir, entry.path());
                        found.entry(name.clone()).or_insert(ThemeFile {
                            name,
                            source: Source::File(entry.into_path()),
                        });
                    }
                }
                Layer::BuiltIn => {
                    for (f, name, bytes) in BUILT_IN_FILES {
                        if *f == folder {
                            found.entry(name.to_string()).or_insert(ThemeFile {
                                name: name.to_string(),
                                source: Source::BuiltIn(bytes),
                            });
                        }
                    }
                }
            }
        }
        Ok(found.into_values().collect())
    }

    /// One file of `folder` by name, from the first layer that has it.
    pub fn find(&self, folder: &str, name: &str) -> Option<ThemeFile> {
        for layer in &self.layers {
            match layer {
                Layer::Dir(root) => {
                    let path = root.join(folder).join(name);
                    if path.is_file() {
                        return Some(ThemeFile {
                            name: name.to_string(),
                            source: Source::File(path),
                        });
                    }
                }
                Layer::BuiltIn => {
                    if let Some((_, _, bytes)) = BUILT_IN_FILES
                        .iter()
                        .find(|(f, n, _)| *f == folder && *n == name)
                    {
                        return Some(ThemeFile {
                            name: name.to_string(),
                            source: Source::BuiltIn(bytes),
                        });
                    }
                }
            }
        }
        None
    }

    /// The folders searched for `folder`, for messages.
    pub fn describe(&self, folder: &str) -> String {
        self.layers
            .iter()
            .map(|l| match l {
                Layer::Dir(root) => root.join(folder).display().to_string(),
                Layer::BuiltIn => format!("the built-in {BUILT_IN} theme"),
            })
            .collect::<Vec<_>>()
            .join(", then ")
    }
}

fn relative_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_is_the_repository_theme() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default");
        for folder in FOLDERS {
            let on_disk: Vec<String> = WalkDir::new(repo.join(folder))
                .sort_by_file_name()
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .map(|e| relative_name(&repo.join(folder), e.path()))
                .collect();
            let embedded: Vec<String> = BUILT_IN_FILES
                .iter()
                .filter(|(f, _, _)| *f == folder)
                .map(|(_, n, _)| n.to_string())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            assert_eq!(
                embedded, on_disk,
                "BUILT_IN_FILES in theme.rs must list every file of themes/default/{folder}"
            );
        }
    }

    #[test]
    fn theme_names_are_plain_folder_names() {
        for bad in [
            "", "../../x", "/etc", "..", ".", "a/b", "a\\b", ".hidden", "x\0y", "é",
        ] {
            assert!(
                crate::model::config::theme_name_problem(bad).is_some(),
                "{bad:?}"
            );
            assert!(
                Theme::new(Path::new("/nonexistent"), bad).is_err(),
                "{bad:?}"
            );
        }
        for good in ["default", "civic", "civic-2", "my_theme", "v1.2"] {
            assert!(
                crate::model::config::theme_name_problem(good).is_none(),
                "{good:?}"
            );
        }
    }

    #[test]
    fn site_files_win_over_theme_files_over_built_in() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("styles")).unwrap();
        std::fs::create_dir_all(root.join("themes/civic/styles")).unwrap();
        std::fs::write(root.join("styles/tokens.css"), "site").unwrap();
        std::fs::write(root.join("themes/civic/styles/tokens.css"), "theme").unwrap();
        std::fs::write(root.join("themes/civic/styles/base.css"), "theme").unwrap();
        let theme = Theme::new(root, "civic").unwrap();
        let text = |name: &str| {
            theme
                .find("styles", name)
                .unwrap()
                .read_to_string("styles")
                .unwrap()
        };
        assert_eq!(text("tokens.css"), "site");
        assert_eq!(text("base.css"), "theme");
        assert!(text("main.css").contains("@import"));
        let names: Vec<_> = theme
            .files("styles")
            .unwrap()
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert!(names.contains(&"print.css".to_string()), "{names:?}");
        assert!(Theme::new(root, "missing").is_err());
        assert!(Theme::new(root, BUILT_IN).is_ok());
    }
}
