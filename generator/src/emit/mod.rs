//! Writing the site's files, one module per artefact: styles, scripts, static files and the
//! search module (`assets`), the search index and its stored notices (`index`), the open data
//! (`opendata`), precompressed copies (`compress`), and publishing the finished site
//! (`publish`: where a build may write, staging, the atomic swap).

pub mod assets;
pub mod compress;
pub mod index;
pub mod opendata;
pub mod publish;
