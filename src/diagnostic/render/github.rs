//! `--format github`: workflow commands that GitHub Actions turns into
//! annotations on the pull request.
//!
//! GitHub shows only the first few annotations of a step, so a file with many
//! findings of one rule gets one annotation for them: the count and the first
//! lines, at the first finding. Every finding stays in JSON and SARIF; the
//! job summary (`summary`) has the counts.

use super::{Locator, RenderInput, plural, shown_path};
use crate::diagnostic::{Diagnostic, Severity};

/// Most findings of one rule in one file annotated one by one; more are one annotation.
pub const MAX_PER_RULE: usize = 5;
/// Findings quoted in a grouped annotation.
const QUOTED: usize = 5;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn kind(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn command(
    out: &mut String,
    file: &str,
    loc: &Locator,
    d: &Diagnostic,
    title: &str,
    message: &str,
) {
    let (s, e) = (loc.position(d.range.start), loc.position(d.range.end));
    out.push_str(&format!(
        "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}\n",
        kind(d.severity),
        s.line,
        s.column,
        e.line,
        e.column,
        escape_property(title),
        escape_data(message)
    ));
}

pub fn render(input: &RenderInput) -> String {
    let mut out = String::new();
    for (path, loc, ds) in input.by_file() {
        let file = escape_property(&shown_path(path));
        // Rules in order of their first finding; findings in file order.
        let mut rules: Vec<(&str, Vec<&Diagnostic>)> = Vec::new();
        for d in ds {
            match rules.iter_mut().find(|(r, _)| *r == d.rule) {
                Some((_, v)) => v.push(d),
                None => rules.push((d.rule, vec![d])),
            }
        }
        let mut commands: Vec<(usize, String)> = Vec::new();
        for (rule, found) in rules {
            if found.len() <= MAX_PER_RULE {
                for d in found {
                    let mut message = d.message.clone();
                    if let Some(h) = &d.help {
                        message.push_str("\nhelp: ");
                        message.push_str(h);
                    }
                    let mut c = String::new();
                    command(&mut c, &file, &loc, d, rule, &message);
                    commands.push((d.range.start, c));
                }
                continue;
            }
            let Some(first) = found.first() else {
                continue;
            };
            let severity = found
                .iter()
                .map(|d| d.severity)
                .max()
                .unwrap_or(first.severity);
            let fixable = found
                .iter()
                .filter(|d| {
                    d.fix
                        .as_ref()
                        .is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Safe)
                })
                .count();
            let mut message = format!("{} of {rule} in this file", plural(found.len(), "finding"));
            if fixable > 0 {
                message.push_str(&format!(" ({fixable} fixable with `loclint check --fix`)"));
            }
            message.push_str("; the first:");
            for d in found.iter().take(QUOTED) {
                let p = loc.position(d.range.start);
                message.push_str(&format!(
                    "\n{}:{}: {}",
                    p.line,
                    p.column,
                    super::snippet::truncate(&d.message, 200)
                ));
            }
            if found.len() > QUOTED {
                message.push_str(&format!(
                    "\n... and {} more (`loclint check {}`)",
                    found.len() - QUOTED,
                    super::shell_quote(&super::display_path(path))
                ));
            }
            let lead = Diagnostic {
                severity,
                ..(*first).clone()
            };
            let mut c = String::new();
            command(
                &mut c,
                &file,
                &loc,
                &lead,
                &format!("{rule} ({})", plural(found.len(), "finding")),
                &message,
            );
            commands.push((first.range.start, c));
        }
        commands.sort_by_key(|(at, _)| *at);
        for (_, c) in commands {
            out.push_str(&c);
        }
    }
    out
}
