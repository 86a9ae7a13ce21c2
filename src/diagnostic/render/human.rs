//! `--format human`: miette reports with the source snippet, labels, help and
//! a preview of the fix, then a one-line summary.

use super::{RenderInput, display_path};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, SourceCode, SourceSpan,
    SpanContents,
};
use rayon::prelude::*;
use std::fmt;

#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

/// The file text as miette source, with the display path as its name.
///
/// miette finds a span's lines by scanning from the start of the text, which
/// is quadratic over a page with many findings; the line index gives the
/// window of context lines directly, and miette reads only that window.
struct Source<'a> {
    name: String,
    text: &'a str,
    index: &'a crate::decode::LineIndex,
}

impl SourceCode for Source<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let start = span.offset().min(self.text.len());
        let end = (span.offset() + span.len()).min(self.text.len());
        let first = self.index.line_of(start).saturating_sub(before);
        let last = self.index.line_of(end) + after + 2;
        let base = self.index.line_start(first);
        let stop = if last < self.index.line_count() {
            self.index.line_start(last)
        } else {
            self.text.len()
        };
        let window = self.text.as_bytes().get(base..stop).unwrap_or_default();
        let local = SourceSpan::from((start - base)..(start - base + span.len()));
        let inner = window.read_span(&local, before, after)?;
        let found = inner.span();
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::from((found.offset() + base)..(found.offset() + base + found.len())),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        )))
    }
}

struct Report<'a> {
    d: &'a Diagnostic,
    source: Source<'a>,
    help: Option<String>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Report<'_> {}

fn span(r: &std::ops::Range<usize>) -> SourceSpan {
    SourceSpan::from(r.start..r.end)
}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.d.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        if self.source.text.is_empty() {
            None
        } else {
            Some(&self.source)
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.source.text.is_empty() {
            return None;
        }
        let primary = LabeledSpan::new_primary_with_span(None, span(&self.d.range));
        let rest = self
            .d
            .labels
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), span(&l.range)));
        Some(Box::new(std::iter::once(primary).chain(rest)))
    }
}

/// Help text plus a one-line preview of the fix.
fn help_with_fix(d: &Diagnostic, text: &str) -> Option<String> {
    let mut parts: Vec<String> = d.help.iter().cloned().collect();
    if let Some(f) = &d.fix {
        let kind = match f.applicability {
            Applicability::Safe => "fix (safe, --fix)",
            Applicability::Unsafe => "fix (unsafe, --fix --unsafe-fixes)",
            Applicability::DisplayOnly => "suggestion",
        };
        let mut line = format!("{kind}: {}", f.message);
        if let [e] = f.edits.as_slice() {
            let old = text.get(e.range.clone()).unwrap_or("");
            if old.chars().count() <= 80
                && e.replacement.chars().count() <= 80
                && !old.contains('\n')
                && !e.replacement.contains('\n')
            {
                line.push_str(&format!(": `{old}` -> `{}`", e.replacement));
            }
        }
        parts.push(line);
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("\n"))
    }
}

pub fn render(input: &RenderInput, opts: HumanOptions) -> String {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false);
    let files = input.by_file();
    // Files render independently; rayon keeps their order.
    let chunks: Vec<String> = files
        .par_iter()
        .map(|(path, loc, ds)| render_file(input, &handler, path, loc, ds))
        .collect();
    chunks.concat()
}

fn render_file(
    input: &RenderInput,
    handler: &GraphicalReportHandler,
    path: &std::path::Path,
    loc: &super::Locator,
    ds: &[Diagnostic],
) -> String {
    let mut out = String::new();
    let full = input.text_of(path);
    let name = display_path(path);
    let index = crate::decode::LineIndex::new(full);
    for d in ds {
        // Snippets of very long lines are unreadable, and past 65,535
        // columns the terminal formatter cannot pad them: show the position only.
        let text = if snippet_fits(full, &index, d) {
            full
        } else {
            ""
        };
        let report = Report {
            d,
            source: Source {
                name: name.clone(),
                text,
                index: &index,
            },
            help: help_with_fix(d, full),
        };
        if text.is_empty() && !full.is_empty() {
            let p = loc.position(d.range.start);
            out.push_str(&format!("{name}:{}:{}: ", p.line, p.column));
        } else if text.is_empty() {
            out.push_str(&format!("{name}: "));
        }
        let _ = handler.render_report(&mut out, &report);
        out.push('\n');
    }
    out
}

/// Longest line (in bytes) shown as a source snippet.
const MAX_SNIPPET_LINE: usize = 32 * 1024;

/// Whether every line a report would show (the spans' lines and one line of
/// context around them) is short enough to print.
fn snippet_fits(text: &str, index: &crate::decode::LineIndex, d: &Diagnostic) -> bool {
    let spans = std::iter::once(&d.range).chain(d.labels.iter().map(|l| &l.range));
    spans.into_iter().all(|r| {
        let first = index.line_of(r.start).saturating_sub(1);
        let last = (index.line_of(r.end) + 1).min(index.line_count().saturating_sub(1));
        (first..=last).all(|line| {
            let start = index.line_start(line);
            let end = if line + 1 < index.line_count() {
                index.line_start(line + 1)
            } else {
                text.len()
            };
            end.saturating_sub(start) <= MAX_SNIPPET_LINE
        })
    })
}

/// "Found 3 errors, 1 warning in 12 files (2 fixes applied)."
pub fn summary(input: &RenderInput) -> String {
    let count = |s: Severity| input.diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let mut s = if e + w + i == 0 {
        format!("All clean: {} checked.", plural(input.files, "file"))
    } else {
        let mut parts = vec![plural(e, "error"), plural(w, "warning")];
        if i > 0 {
            parts.push(plural(i, "info"));
        }
        format!(
            "Found {} in {}.",
            parts.join(", "),
            plural(input.files, "file")
        )
    };
    if input.fixed > 0 {
        s.push_str(&format!(" Applied {}.", plural(input.fixed, "fix")));
    }
    let fixable = input
        .diagnostics
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
        })
        .count();
    let unsafe_ = input
        .diagnostics
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Unsafe)
        })
        .count();
    if fixable > 0 {
        s.push_str(&format!(" {fixable} fixable with --fix."));
    }
    if unsafe_ > 0 {
        s.push_str(&format!(" {unsafe_} more with --fix --unsafe-fixes."));
    }
    s
}
