//! Notice Atlas: builds one static site from many UK public bodies' privacy notices.
//!
//! The pipeline (see `build`): read `atlas.toml` (`config`) and `content/` (`content`),
//! render Markdown into the site model (`markdown`, `site`), write styles and the search
//! module (`assets`), the tantivy index (`index`) and the pages (`render`), then the
//! sitemap, feed and robots.txt (`metadata`) and precompressed copies of text files. Theme
//! files are looked up site → theme → built-in in one place (`theme`); the organisation list
//! and its filter pages are modelled in `browse`.

pub mod assets;
pub mod browse;
pub mod build;
pub mod check;
pub mod compare;
pub mod config;
pub mod content;
pub mod corpus;
pub mod error;
pub mod facts;
pub mod import;
pub mod index;
pub mod markdown;
pub mod metadata;
pub mod opendata;
pub mod render;
pub mod serve;
pub mod site;
pub mod theme;

pub use build::{build, BuildOptions, BuildReport};
