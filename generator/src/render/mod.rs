//! Turning view models into pages: theme files looked up site → theme → built-in (`theme`),
//! the templates (`templates`), what every page shares and the one page writer (`page`),
//! then one file per page family.

pub mod compare;
pub mod history;
pub mod home;
pub mod metadata;
pub mod orgs;
pub mod page;
pub mod search;
pub mod templates;
pub mod theme;

use anyhow::Result;

use crate::derive::compare::Comparison;
use crate::model::Site;

pub use page::{AssetPaths, RenderContext};
pub use templates::Templates;
pub use theme::Theme;

/// Every HTML page of the site but the search page and the 404 page ([`search::write`]: the
/// search page names the merged index, so the build writes them once it is merged). Returns
/// how many there are (written or reused).
pub fn write_pages(cx: &RenderContext, site: &Site, comparison: &Comparison) -> Result<usize> {
    Ok(home::write(cx, site)?
        + orgs::write_lists(cx, site)?
        + orgs::write_orgs(cx, site, comparison)?
        + compare::write(cx, comparison)?)
}
