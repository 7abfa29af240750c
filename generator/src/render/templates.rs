//! Page templates: minijinja, looked up in the site's own `templates/` first, then in the
//! theme's, then in the built-in default theme (see `theme.rs`).

use anyhow::{bail, Result};
use minijinja::{AutoEscape, Environment, Value};

use crate::model::Date;
use crate::render::theme::Theme;

/// The templates a theme must provide.
pub const REQUIRED: &[&str] = &[
    "home.html",
    "orgs.html",
    "org.html",
    "notice.html",
    "search.html",
    "404.html",
    "sitemap.xml",
    "feed.xml",
    "robots.txt",
];

/// Loaded templates, ready to render pages.
pub struct Templates {
    env: Environment<'static>,
    /// Every template's name and source, hashed: part of every page's key in the build cache.
    digest: crate::cache::Key,
}

impl Templates {
    /// Loads every template of the theme (site over theme over built-in, by file name).
    pub fn load(theme: &Theme) -> Result<Templates> {
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
        env.add_filter("date", long_date);
        let mut loaded = std::collections::BTreeSet::new();
        let mut digest = crate::cache::KeyBuilder::new("templates");
        for file in theme.files("templates")? {
            let source = file.read_to_string("templates")?;
            digest = digest.str(&file.name).str(&source);
            let origin = file.origin("templates");
            env.add_template_owned(file.name.clone(), source)
                .map_err(|e| template_error(&origin, &e))?;
            loaded.insert(file.name);
        }
        for required in REQUIRED {
            if !loaded.contains(*required) {
                bail!(
                    "template {required} not found in {}; a theme must provide {}",
                    theme.describe("templates"),
                    REQUIRED.join(", ")
                );
            }
        }
        Ok(Templates {
            env,
            digest: digest.finish(),
        })
    }

    /// Renders one template with `context`.
    /// What the templates are, for keys of work made with them.
    pub fn digest(&self) -> &crate::cache::Key {
        &self.digest
    }

    pub fn render(&self, name: &str, context: Value) -> Result<String> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| anyhow::anyhow!("{e:#}"))?;
        template.render(context).map_err(|e| {
            // minijinja reports an error inside an include as a chain: show all of it.
            let mut message = format!("cannot render {name}: {e:#}");
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                message.push_str(&format!("\n  caused by: {cause:#}"));
                source = cause.source();
            }
            anyhow::anyhow!(message)
        })
    }
}

/// `2023-09-06` → `6 September 2023`, the way GOV.UK writes dates; anything else as is.
pub fn long_date(value: String) -> String {
    Date::parse(&value).map(Date::long).unwrap_or(value)
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

fn template_error(origin: &str, err: &minijinja::Error) -> anyhow::Error {
    match err.line() {
        Some(line) => anyhow::anyhow!("{origin}:{line}: {err:#}"),
        None => anyhow::anyhow!("{origin}: {err:#}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_out() {
        assert_eq!(long_date("2023-09-06".into()), "6 September 2023");
        assert_eq!(long_date("2026-12-31".into()), "31 December 2026");
        assert_eq!(long_date("soon".into()), "soon");
        assert_eq!(long_date("2023-13-01".into()), "2023-13-01");
    }
}
