//! Notice Atlas: builds one static site from many UK public bodies' privacy notices.
//!
//! The folders read top to bottom as the data flow (see ARCHITECTURE.md):
//!
//! - `import`: a raw notice (text or saved HTML) → a Markdown notice in `content/`;
//! - `model`: `atlas.toml` and `content/` read, Markdown rendered into the site model;
//! - `check`: everything a build would refuse, with file and line (also `atlas check`);
//! - `facts`: what each notice states, with its quote, and maintainers' corrections;
//! - `derive`: view models for pages and the index (lists, comparison, feed, search facets);
//! - `render`: the theme and its templates, one file per page family;
//! - `emit`: assets, the search index, open data, precompression, publishing;
//! - `build`: the stage list that runs them in order; `serve`: build, watch and reload.

pub mod build;
pub mod cache;
pub mod check;
pub mod derive;
pub mod emit;
pub mod error;
pub mod facts;
pub mod files;
pub mod import;
pub mod model;
pub mod progress;
pub mod render;
pub mod serve;
pub mod text;

pub use build::{build, BuildOptions, BuildReport};
