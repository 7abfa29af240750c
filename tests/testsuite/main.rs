//! The integration tests, in one binary: a module per feature, each with its fixtures in the
//! folder of the same name beside it. They run the real `atlas` binary (or the library, for
//! the extractor's figures) over sites made in temporary folders.
//!
//! `cargo test -p notice-atlas --test testsuite` runs them all; add a module name to run one
//! feature (`cargo test -p notice-atlas --test testsuite facts -- --nocapture`).

mod build;
mod check;
mod common;
mod facts;
mod history;
mod hostile;
mod http;
mod import;
mod incremental;
mod kill;
mod serve;
