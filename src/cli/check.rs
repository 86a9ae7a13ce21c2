//! `loclint check`.

use super::{CheckArgs, FailOn, Format, Outcome};
use crate::config::{ConfigMode, FileConfig};
use crate::diagnostic::Severity;
use crate::diagnostic::apply::FixMode;
use crate::diagnostic::render::{self, RenderInput, human};
use crate::engine::{self, RunError, RunOptions};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Arc;

/// What `check` prints: the report on stdout, notes on stderr.
pub struct CheckOutput {
    pub stdout: String,
    pub stderr: String,
    pub outcome: Outcome,
}

pub fn run(args: &CheckArgs) -> Result<CheckOutput, RunError> {
    let config = if args.isolated {
        ConfigMode::Isolated
    } else if let Some(path) = &args.config {
        if !path.is_file() {
            return Err(RunError::MissingPath(path.display().to_string()));
        }
        ConfigMode::Fixed(Arc::new(FileConfig::load(path, crate::checks::is_known)?))
    } else {
        ConfigMode::Discover
    };
    let fix = match (args.fix || args.diff, args.unsafe_fixes) {
        (false, _) => FixMode::None,
        (true, false) => FixMode::Safe,
        (true, true) => FixMode::Unsafe,
    };
    let opts = RunOptions {
        paths: args.paths.clone(),
        threads: args.threads,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        config,
        fix,
        diff: args.diff,
        online: args.online,
        allow_private_hosts: args.allow_private_hosts,
    };
    let report = engine::run(&opts)?;
    let input = RenderInput {
        diagnostics: &report.diagnostics,
        texts: &report.texts,
        files: report.files,
        fixed: report.fixed,
    };
    let mut stderr = String::new();
    if !args.quiet {
        for n in &report.notes {
            stderr.push_str(&format!("note: {n}\n"));
        }
    }
    if args.diff {
        let stdout: String = report.diffs.concat();
        let outcome = if report.diffs.is_empty() {
            Outcome::Clean
        } else {
            Outcome::Findings
        };
        if !args.quiet {
            stderr.push_str(&format!(
                "{} would change, {} fixes.\n",
                plural(report.diffs.len(), "file"),
                report.fixed
            ));
        }
        return Ok(CheckOutput {
            stdout,
            stderr,
            outcome,
        });
    }
    let mut stdout = match args.format {
        Format::Json => render::json::render(&input),
        Format::Github => render::github::render(&input),
        Format::Sarif => render::sarif::render(&input),
        Format::Human if args.statistics => statistics(&input),
        Format::Human => {
            let color = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let width = std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.parse().ok())
                .unwrap_or(100);
            human::render(&input, human::HumanOptions { color, width })
        }
    };
    if args.format == Format::Human && !args.quiet {
        stdout.push_str(&human::summary(&input));
        if report.unchecked_external > 0 {
            stdout.push_str(&format!(
                " {} not checked (offline; use --online).",
                plural(report.unchecked_external, "external link")
            ));
        }
        stdout.push('\n');
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| report.diagnostics.iter().any(|d| d.severity >= t));
    Ok(CheckOutput {
        stdout,
        stderr,
        outcome: if failing {
            Outcome::Findings
        } else {
            Outcome::Clean
        },
    })
}

fn plural(n: usize, w: &str) -> String {
    if n == 1 {
        format!("{n} {w}")
    } else {
        format!("{n} {w}s")
    }
}

fn statistics(input: &RenderInput) -> String {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for d in input.diagnostics {
        let e = counts.entry(d.rule).or_default();
        e.0 += 1;
        if d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Safe)
        {
            e.1 += 1;
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let mut s = String::new();
    for (rule, (n, fixable)) in rows {
        let fix = if fixable > 0 {
            format!("  ({fixable} fixable)")
        } else {
            String::new()
        };
        s.push_str(&format!("{n:>6}  {rule}{fix}\n"));
    }
    s
}
