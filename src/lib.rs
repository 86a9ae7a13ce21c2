//! loclint: a linter for localized documentation.
//!
//! Data flows one way: the engine's walk finds the files, `decode` turns bytes into
//! text, `document` parses each file once (with its repaired view), `pairing`
//! finds its locale and English source, and `checks` (the rules) turn it into
//! `diagnostic::Diagnostic`s. The `engine` runs this per file in parallel,
//! reducing each file to a small page index; runs the cross-file rules over
//! the indexes; then sorts, and renders (`diagnostic::render`) or fixes
//! (`diagnostic::apply`). Rules are pure functions: no I/O, no global state.
//!
//! Modules are layered, lowest first: `util`; `lang`, `urls`; `decode`;
//! `encoding`; `diagnostic`; `document`; `config`; `pairing`; `links`;
//! `checks`; `engine`; `diagnostic::render`; `cli`, `lsp`. A module imports
//! only its own layer and lower ones (`tests/layering.rs`); `ARCHITECTURE.md`
//! says what each owns and may not do.

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
pub mod lsp;
pub mod pairing;
pub mod urls;
pub mod util;
