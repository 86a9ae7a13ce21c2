//! Renderers: the same diagnostics as text for people (human, concise), JSON
//! for tools, GitHub workflow commands and job summary, and SARIF for code
//! scanning.
//!
//! Every renderer counts columns in characters through one [`Locator`] per
//! file, built once in linear time, so a page with thousands of findings, or
//! one line of 50 MB, renders in time linear in the text plus the findings.
//! Grouping findings for a reader (one page-level mojibake report, one report
//! for several findings on a line, one annotation per file and rule) happens
//! here and only in the formats read by people; JSON and SARIF keep every
//! finding with its own fix.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod snippet;
pub mod style;
pub mod summary;

use super::{Applicability, Diagnostic};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Line/column (1-based, columns in characters) and byte offset of a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// Bytes between two character-count checkpoints: a position costs a binary
/// search plus at most this many bytes, whatever the line's length.
const CHECKPOINT: usize = 256;

/// Turns byte offsets into positions for one file's text.
pub struct Locator<'a> {
    text: &'a str,
    index: crate::decode::LineIndex,
    /// `chars_before[k]`: characters in `text[..k * CHECKPOINT]`.
    chars_before: Vec<usize>,
}

/// Whether a byte starts a UTF-8 character (is not a continuation byte).
fn starts_char(b: u8) -> bool {
    (b & 0xC0) != 0x80
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Locator<'a> {
        let mut chars_before = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut n = 0;
        for block in text.as_bytes().chunks(CHECKPOINT) {
            chars_before.push(n);
            n += block.iter().filter(|&&b| starts_char(b)).count();
        }
        chars_before.push(n);
        Locator {
            text,
            index: crate::decode::LineIndex::new(text),
            chars_before,
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn lines(&self) -> &crate::decode::LineIndex {
        &self.index
    }

    /// Characters in `text[..offset]`; `offset` may fall inside a character
    /// (then that character is not counted).
    fn chars_to(&self, offset: usize) -> usize {
        let block = offset / CHECKPOINT;
        let base = self.chars_before.get(block).copied().unwrap_or(0);
        let from = block * CHECKPOINT;
        base + self.text.as_bytes()[from.min(offset)..offset]
            .iter()
            .filter(|&&b| starts_char(b))
            .count()
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.index.line_of(offset);
        let start = self.index.line_start(line);
        Position {
            line: line + 1,
            column: self.chars_to(offset) - self.chars_to(start) + 1,
            offset,
        }
    }

    /// The byte range of a 0-based line, without its line ending.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.index.line_start(line);
        let mut end = if line + 1 < self.index.line_count() {
            self.index.line_start(line + 1)
        } else {
            self.text.len()
        };
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }
}

/// What every renderer needs: the diagnostics and the text they point into.
pub struct RenderInput<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub texts: &'a HashMap<PathBuf, Arc<str>>,
    /// Files checked.
    pub files: usize,
    pub fixed: usize,
}

/// Counts for summaries: severities, files with findings, what `--fix` repairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files_with_findings: usize,
    pub safe_fixes: usize,
    pub unsafe_fixes: usize,
}

impl RenderInput<'_> {
    pub fn text_of(&self, path: &Path) -> &str {
        self.texts.get(path).map_or("", |t| t)
    }

    /// Diagnostics grouped by file, in order, with a locator per file.
    pub fn by_file(&self) -> Vec<(&Path, Locator<'_>, &[Diagnostic])> {
        file_slices(self.diagnostics)
            .into_iter()
            .map(|ds| {
                let path = ds[0].path.as_path();
                (path, Locator::new(self.text_of(path)), ds)
            })
            .collect()
    }

    pub fn totals(&self) -> Totals {
        let mut t = Totals {
            files_with_findings: file_slices(self.diagnostics).len(),
            ..Totals::default()
        };
        for d in self.diagnostics {
            match d.severity {
                super::Severity::Error => t.errors += 1,
                super::Severity::Warning => t.warnings += 1,
                super::Severity::Info => t.infos += 1,
            }
            match d.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => t.safe_fixes += 1,
                Some(Applicability::Unsafe) => t.unsafe_fixes += 1,
                _ => {}
            }
        }
        t
    }
}

/// The runs of diagnostics that share a path (the input is sorted by path).
/// Writes `value` exactly as `serde_json::to_string_pretty` lays it out
/// `depth` levels deep inside a larger document (two spaces a level), so a
/// document can be written one small value at a time instead of being built
/// whole. JSON strings never hold a raw newline, so every newline of the
/// value's own pretty form starts one of its lines.
pub(crate) fn write_nested(
    out: &mut dyn Write,
    value: &serde_json::Value,
    depth: usize,
) -> io::Result<()> {
    let s = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    let pad = "  ".repeat(depth);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(pad.as_bytes())?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Writes a JSON array `depth` levels deep, as [`write_nested`] would write
/// it whole, one item at a time: only one item is built at once.
pub(crate) fn write_array(
    out: &mut dyn Write,
    items: impl Iterator<Item = serde_json::Value>,
    depth: usize,
) -> io::Result<()> {
    let pad = "  ".repeat(depth);
    let mut first = true;
    for item in items {
        out.write_all(if first { b"[\n" } else { b",\n" })?;
        first = false;
        out.write_all(pad.as_bytes())?;
        out.write_all(b"  ")?;
        write_nested(out, &item, depth + 1)?;
    }
    if first {
        out.write_all(b"[]")
    } else {
        out.write_all(b"\n")?;
        out.write_all(pad.as_bytes())?;
        out.write_all(b"]")
    }
}

/// A renderer's output as a string, for callers that want one.
pub(crate) fn to_string(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
    let mut buf = Vec::new();
    // Writing into memory fails only when serialization does, which the
    // values built here never make it do.
    if write(&mut buf).is_err() {
        buf.clear();
    }
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

pub fn file_slices(ds: &[Diagnostic]) -> Vec<&[Diagnostic]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ds.len() {
        let mut j = i + 1;
        while j < ds.len() && ds[j].path == ds[i].path {
            j += 1;
        }
        out.push(&ds[i..j]);
        i = j;
    }
    out
}

pub use crate::util::display_path;

/// A path as printed to a terminal or a workflow log: relative to the working
/// folder, with control characters escaped so a file name cannot move the
/// cursor, change colours or forge a line of output.
pub fn shown_path(path: &Path) -> String {
    escape_controls(&display_path(path))
}

/// Control characters (C0, DEL, C1) as `\u{..}` escapes; everything else as is.
pub fn escape_controls(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// "1 file", "2 files", "1 fix", "2 fixes".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        format!("{n} {word}es")
    } else {
        format!("{n} {word}s")
    }
}

/// What `--fix` does with a fix, for a human: `None` when it is never applied.
pub fn fix_flag(a: Applicability) -> Option<&'static str> {
    match a {
        Applicability::Safe => Some("--fix"),
        Applicability::Unsafe => Some("--fix --unsafe-fixes"),
        Applicability::DisplayOnly => None,
    }
}

/// A word quoted for a POSIX shell when it needs it, for commands printed to copy.
pub fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | '_' | ':' | '@' | '+' | ',')
        });
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_on_long_lines() {
        let line = "가".repeat(1000) + "x";
        let loc = Locator::new(&line);
        let p = loc.position(3000);
        assert_eq!((p.line, p.column), (1, 1001));
        let text = format!("ab\n{line}");
        let loc = Locator::new(&text);
        assert_eq!(loc.position(3 + 3000).column, 1001);
        assert_eq!(loc.position(1).column, 2);
        assert_eq!(loc.position(text.len() + 5).offset, text.len());
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(157, "fix"), "157 fixes");
        assert_eq!(plural(1, "fix"), "1 fix");
        assert_eq!(plural(2, "file"), "2 files");
        assert_eq!(plural(0, "warning"), "0 warnings");
    }

    #[test]
    fn controls_in_paths_are_escaped() {
        assert_eq!(escape_controls("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\\u{a}");
        assert_eq!(escape_controls("자주 묻는 질문.md"), "자주 묻는 질문.md");
    }
}
