//! View models derived from the site model and its facts, for the pages and the index to
//! show: the organisation list and its filters (`browse`), the comparison (`compare`), the
//! feed and sitemap entries (`feed`) and what the search index holds (`search`). Nothing
//! here renders or writes a file.

pub mod browse;
pub mod compare;
pub mod feed;
pub mod history;
pub mod search;
