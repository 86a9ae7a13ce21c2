//! Diagnostics, fixes and edits as plain data.
//!
//! Rules produce these; only the renderers in `render/` turn them into text for
//! people or tools. Ranges are byte offsets into the decoded UTF-8 text of a file
//! and always lie on char boundaries; columns are computed when rendering.

pub mod apply;
pub mod render;

use serde::Serialize;
use std::ops::Range;
use std::path::PathBuf;

/// How serious a finding is. Ordered so that `Error > Warning > Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Whether a fix may be applied without a human looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Certain: applied by `--fix`.
    Safe,
    /// A guess or a change of meaning: applied only with `--unsafe-fixes`.
    Unsafe,
    /// Shown to the user, never applied.
    DisplayOnly,
}

/// One replacement of a byte range of the decoded text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    pub fn replace(range: Range<usize>, replacement: impl Into<String>) -> Edit {
        Edit {
            range,
            replacement: replacement.into(),
        }
    }
}

/// A set of edits applied all together or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    pub message: String,
    /// Sorted by start, never overlapping.
    pub edits: Vec<Edit>,
    /// Rewrite the whole file as UTF-8 (used by `non-utf8-file`); edits may be empty.
    pub reencode_utf8: bool,
}

impl Fix {
    pub fn new(
        applicability: Applicability,
        message: impl Into<String>,
        mut edits: Vec<Edit>,
    ) -> Fix {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Fix {
            applicability,
            message: message.into(),
            edits,
            reencode_utf8: false,
        }
    }

    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Safe, message, edits)
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Unsafe, message, edits)
    }

    pub fn display_only(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::DisplayOnly, message, edits)
    }
}

/// A secondary span with a short text, shown under the source snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub range: Range<usize>,
    pub message: String,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub path: PathBuf,
    pub range: Range<usize>,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// The defect this finding is one instance of, in the reader's words (for
    /// `mojibake`: the round trip the page went through). Renderers for people
    /// fold a page's many findings of one group into one report; JSON and
    /// SARIF keep every finding.
    pub group: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the rule's default severity; the engine applies
    /// configured overrides afterwards, so rules never need to.
    pub fn new(
        rule: &'static str,
        severity: Severity,
        path: impl Into<PathBuf>,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            path: path.into(),
            range,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            fix: None,
            group: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, range: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            range,
            message: message.into(),
        });
        self
    }

    pub fn with_group(mut self, group: impl Into<String>) -> Diagnostic {
        self.group = Some(group.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }
}
