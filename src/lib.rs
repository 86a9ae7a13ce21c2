//! loclint: a linter for localized documentation.
//!
//! Data flows one way: `walk` finds files, `source` decodes them, `document`
//! parses each once, `checks` (the rules) turn documents into
//! `diagnostic::Diagnostic`s, the `engine` sorts, suppresses and fixes, and
//! `diagnostic::render` prints. Rules are pure functions of a parsed document
//! and a read-only `Workspace`, so files are checked in parallel.

pub mod checks;
pub mod cli;
pub mod config;
pub mod decode;
pub mod diagnostic;
pub mod document;
pub mod encoding;
pub mod engine;
pub mod lang;
pub mod links;
pub mod pairing;
pub mod urls;
pub mod util;
pub mod walk;
