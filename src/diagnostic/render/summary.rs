//! The GitHub job summary (`GITHUB_STEP_SUMMARY`): Markdown tables of the
//! files, the rules, and what `--fix` would repair.
//!
//! The summary is a list of sections ([`SECTIONS`]), each a function that
//! returns its Markdown or `None` when it has nothing to say. A new section
//! (say, a per-locale parity table) is one more function in the list; data the
//! diagnostics do not carry (pages per locale) becomes a field of [`Summary`],
//! filled by the caller.

use super::{RenderInput, display_path, escape_controls, plural};
use crate::diagnostic::{Applicability, Diagnostic};
use std::collections::BTreeMap;

/// What the sections read.
pub struct Summary<'a> {
    pub input: &'a RenderInput<'a>,
}

/// A part of the summary: its Markdown, or `None` to leave it out.
pub type Section = fn(&Summary) -> Option<String>;

/// The sections, in the order they are written.
pub const SECTIONS: &[Section] = &[totals, files, rules, fixes];

/// Most rows of the files table; the rest are counted in its last row.
const MAX_FILES: usize = 50;

pub fn render(summary: &Summary) -> String {
    let mut out = String::from("## loclint\n\n");
    for section in SECTIONS {
        if let Some(s) = section(summary) {
            out.push_str(&s);
            out.push('\n');
        }
    }
    out
}

/// A table cell: one line, no pipes, no control characters.
fn cell(s: &str) -> String {
    escape_controls(s).replace('|', "\\|")
}

fn code(s: &str) -> String {
    format!("`{}`", cell(s).replace('`', "'"))
}

fn fix_counts(ds: &[&Diagnostic]) -> (usize, usize) {
    let of = |a| {
        ds.iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == a))
            .count()
    };
    (of(Applicability::Safe), of(Applicability::Unsafe))
}

fn totals(s: &Summary) -> Option<String> {
    let t = s.input.totals();
    if s.input.diagnostics.is_empty() {
        return Some(format!(
            "All clean: {} checked.\n",
            plural(s.input.files, "file")
        ));
    }
    Some(format!(
        "{}, {} in {} of {}.\n",
        plural(t.errors, "error"),
        plural(t.warnings, "warning"),
        t.files_with_findings,
        plural(s.input.files.max(t.files_with_findings), "file")
    ))
}

fn files(s: &Summary) -> Option<String> {
    let slices = super::file_slices(s.input.diagnostics);
    if slices.is_empty() {
        return None;
    }
    let mut out = String::from(
        "| file | errors | warnings | findings | `--fix` repairs | `--fix --unsafe-fixes` adds |\n| --- | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for ds in slices.iter().take(MAX_FILES) {
        let all: Vec<&Diagnostic> = ds.iter().collect();
        let errors = ds
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .count();
        let warnings = ds
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Warning)
            .count();
        let (safe, unsafe_) = fix_counts(&all);
        out.push_str(&format!(
            "| {} | {errors} | {warnings} | {} | {safe} | {unsafe_} |\n",
            code(&display_path(&ds[0].path)),
            ds.len()
        ));
    }
    if slices.len() > MAX_FILES {
        out.push_str(&format!(
            "| and {} more | | | | | |\n",
            plural(slices.len() - MAX_FILES, "file")
        ));
    }
    Some(out)
}

fn rules(s: &Summary) -> Option<String> {
    let mut by_rule: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in s.input.diagnostics {
        by_rule.entry(d.rule).or_default().push(d);
    }
    if by_rule.is_empty() {
        return None;
    }
    let mut out = String::from(
        "| rule | findings | files | `--fix` repairs | `--fix --unsafe-fixes` adds |\n| --- | ---: | ---: | ---: | ---: |\n",
    );
    for (rule, ds) in &by_rule {
        let mut paths: Vec<&std::path::Path> = ds.iter().map(|d| d.path.as_path()).collect();
        paths.dedup();
        let (safe, unsafe_) = fix_counts(ds);
        out.push_str(&format!(
            "| {} | {} | {} | {safe} | {unsafe_} |\n",
            code(rule),
            ds.len(),
            paths.len()
        ));
    }
    Some(out)
}

fn fixes(s: &Summary) -> Option<String> {
    let t = s.input.totals();
    if t.safe_fixes + t.unsafe_fixes == 0 {
        return None;
    }
    let mut out = String::new();
    if t.safe_fixes > 0 {
        out.push_str(&format!(
            "`loclint check --fix` repairs {} (certain).",
            plural(t.safe_fixes, "finding")
        ));
    }
    if t.unsafe_fixes > 0 {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!(
            "`loclint check --fix --unsafe-fixes` also applies {} (guesses: review the diff from `loclint check --diff --unsafe-fixes`).",
            plural(t.unsafe_fixes, "fix")
        ));
    }
    out.push('\n');
    Some(out)
}
