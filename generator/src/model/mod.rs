//! The site as data: `atlas.toml` (`config`), the content folder as written (`content`:
//! discovery and front matter), each notice's Markdown rendered into sections (`markdown`),
//! and the site model every later stage reads (`site`). Reference data (`reference`), dates
//! (`date`) and slugs (`slug`) are shared by every stage.

pub mod config;
pub mod content;
pub mod date;
pub mod markdown;
pub mod reference;
pub mod shape;
pub mod site;
pub mod slug;
pub mod versions;

pub use config::SiteConfig;
pub use date::Date;
pub use reference::OrgKind;
pub use site::{Notice, Org, Site};
