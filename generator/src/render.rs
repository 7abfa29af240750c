//! Page templates: minijinja, looked up in the site's own `templates/` first, then in the
//! theme's.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use minijinja::{AutoEscape, Environment, Value};
use walkdir::WalkDir;

/// The templates a theme must provide.
pub const REQUIRED: &[&str] = &[
    "home.html",
    "org.html",
    "notice.html",
    "search.html",
    "404.html",
];

/// Loaded templates, ready to render pages.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Loads every `*.html` template from `dirs`, earlier folders winning over later ones.
    pub fn load(dirs: &[PathBuf]) -> Result<Templates> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".xml") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_formatter(|out, state, value| {
            // Escape what HTML needs and nothing more, so URLs stay readable.
            match (state.auto_escape(), value.as_str()) {
                (AutoEscape::Html, Some(text)) if !value.is_safe() => write_escaped(out, text)
                    .map_err(|e| {
                        minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string())
                    }),
                _ => minijinja::escape_formatter(out, state, value),
            }
        });
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .expect("the default delimiters are valid"),
        );
        let mut loaded = std::collections::BTreeSet::new();
        for dir in dirs {
            if !dir.is_dir() {
                continue;
            }
            for entry in WalkDir::new(dir).sort_by_file_name() {
                let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let name = template_name(dir, entry.path());
                if loaded.contains(&name) {
                    continue;
                }
                let source = std::fs::read_to_string(entry.path())
                    .with_context(|| format!("cannot read template {}", entry.path().display()))?;
                env.add_template_owned(name.clone(), source)
                    .map_err(|e| template_error(entry.path(), &e))?;
                loaded.insert(name);
            }
        }
        for required in REQUIRED {
            if !loaded.contains(*required) {
                bail!(
                    "template {required} not found in {}; a theme must provide {}",
                    dirs.iter()
                        .map(|d| d.display().to_string())
                        .collect::<Vec<_>>()
                        .join(" or "),
                    REQUIRED.join(", ")
                );
            }
        }
        Ok(Templates { env })
    }

    /// Renders one template with `context`.
    pub fn render(&self, name: &str, context: Value) -> Result<String> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| anyhow::anyhow!("{e:#}"))?;
        template
            .render(context)
            .map_err(|e| anyhow::anyhow!("cannot render {name}: {e:#}"))
    }
}

fn write_escaped(out: &mut minijinja::Output, text: &str) -> std::fmt::Result {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let entity = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&text[start..i])?;
        out.write_str(entity)?;
        start = i + 1;
    }
    out.write_str(&text[start..])
}

fn template_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn template_error(path: &Path, err: &minijinja::Error) -> anyhow::Error {
    match err.line() {
        Some(line) => anyhow::anyhow!("{}:{line}: {err:#}", path.display()),
        None => anyhow::anyhow!("{}: {err:#}", path.display()),
    }
}
