//! Notice Atlas: builds one static site from many UK public bodies' privacy notices.
//!
//! The pipeline (see `build`): read `atlas.toml` (`config`) and `content/` (`content`),
//! render Markdown into the site model (`markdown`, `site`), write styles and the search
//! module (`assets`), the tantivy index (`index`) and the pages (`render`).

pub mod assets;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod import;
pub mod index;
pub mod markdown;
pub mod render;
pub mod serve;
pub mod site;

pub use build::{build, BuildOptions, BuildReport};
