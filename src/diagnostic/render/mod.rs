//! Renderers: the same diagnostics as text for people (miette), JSON for
//! tools, GitHub workflow commands, and SARIF for code scanning.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use super::Diagnostic;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Line/column (1-based, columns in characters) and byte offset of a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// Turns byte offsets into positions for one file's text.
pub struct Locator<'a> {
    text: &'a str,
    index: crate::decode::LineIndex,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Locator<'a> {
        Locator {
            text,
            index: crate::decode::LineIndex::new(text),
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let (line, column) = self.index.line_col(self.text, offset);
        Position {
            line,
            column,
            offset,
        }
    }
}

/// What every renderer needs: the diagnostics and the text they point into.
pub struct RenderInput<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub texts: &'a HashMap<PathBuf, Arc<str>>,
    pub files: usize,
    pub fixed: usize,
}

impl RenderInput<'_> {
    pub fn text_of(&self, path: &Path) -> &str {
        self.texts.get(path).map_or("", |t| t)
    }

    /// Diagnostics grouped by file, in order, with a locator per file.
    pub fn by_file(&self) -> Vec<(&Path, Locator<'_>, &[Diagnostic])> {
        let mut out = Vec::new();
        let mut i = 0;
        let ds = self.diagnostics;
        while i < ds.len() {
            let path = ds[i].path.as_path();
            let mut j = i;
            while j < ds.len() && ds[j].path == ds[i].path {
                j += 1;
            }
            out.push((path, Locator::new(self.text_of(path)), &ds[i..j]));
            i = j;
        }
        out
    }
}

pub use crate::util::display_path;
