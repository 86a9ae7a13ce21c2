//! `loclint check`: builds the run from the flags and renders its report.
//!
//! Standard input (`-`, `--stdin-filename`) is read here and handed to the
//! engine as one more named file; with `--fix` the fixed text is this
//! command's stdout and the report moves to stderr, so an editor can pipe a
//! buffer through `loclint check --fix -`.

use super::{CheckArgs, Color, FailOn, Format, Outcome};
use crate::config::{ConfigMode, FileConfig};
use crate::diagnostic::Severity;
use crate::diagnostic::apply::FixMode;
use crate::diagnostic::render::style::{ColorChoice, use_color};
use crate::diagnostic::render::{self, RenderInput, human, plural};
use crate::engine::StdinInput;
use crate::engine::{self, RunError, RunOptions};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What `check` prints: the report on stdout, notes on stderr (with `--fix`
/// on standard input: the fixed text on stdout, everything else on stderr).
pub struct CheckOutput {
    pub stdout: Vec<u8>,
    /// A report written straight to stdout after `stdout` (JSON and SARIF,
    /// which can be far larger than the pages they describe).
    pub stream: Option<Stream>,
    pub stderr: String,
    pub outcome: Outcome,
}

/// Writes a report into a writer.
pub type Stream = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()>>;

/// Errors of `check` itself, before or around the run (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CheckError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Run(#[from] RunError),
    #[error("{0}")]
    #[diagnostic(code(loclint::usage))]
    Usage(&'static str),
    #[error("cannot read standard input: {0}")]
    #[diagnostic(code(loclint::stdin))]
    Stdin(String),
    #[error("cannot write {path}: {cause}")]
    #[diagnostic(code(loclint::output))]
    Output { path: String, cause: String },
    #[error(transparent)]
    #[diagnostic(transparent)]
    Baseline(#[from] super::baseline::BaselineError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    DiffOnly(#[from] super::diff_only::DiffOnlyError),
}

/// The paths to walk, and whether standard input is checked instead.
fn inputs(args: &CheckArgs) -> Result<(Vec<PathBuf>, bool), CheckError> {
    let dash = Path::new("-");
    let stdin = args.paths.iter().any(|p| p == dash)
        || (args.paths.is_empty() && args.stdin_filename.is_some());
    if stdin {
        if args.paths.iter().any(|p| p != dash) {
            return Err(CheckError::Usage(
                "`-` (standard input) cannot be combined with other paths",
            ));
        }
        return Ok((Vec::new(), true));
    }
    if args.stdin_filename.is_some() {
        return Err(CheckError::Usage(
            "--stdin-filename names standard input; it cannot be combined with paths to check",
        ));
    }
    if args.paths.is_empty() {
        return Ok((vec![PathBuf::from(".")], false));
    }
    Ok((args.paths.clone(), false))
}

fn read_stdin() -> Result<Vec<u8>, CheckError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(engine::MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CheckError::Stdin(e.to_string()))?;
    if bytes.len() as u64 > engine::MAX_FILE_SIZE {
        return Err(CheckError::Stdin(format!(
            "over the {} MB limit",
            engine::MAX_FILE_SIZE / (1024 * 1024)
        )));
    }
    Ok(bytes)
}

/// How configs are found: `--isolated`, `--config FILE` (loaded now), or discovery.
pub(super) fn config_mode(args: &CheckArgs) -> Result<ConfigMode, CheckError> {
    Ok(if args.isolated {
        ConfigMode::Isolated
    } else if let Some(path) = &args.config {
        if !path.is_file() {
            return Err(RunError::MissingPath(path.display().to_string()).into());
        }
        ConfigMode::Fixed(Arc::new(
            FileConfig::load(path, crate::checks::is_known).map_err(RunError::from)?,
        ))
    } else {
        ConfigMode::Discover
    })
}

pub fn run(args: &CheckArgs) -> Result<CheckOutput, CheckError> {
    let (paths, use_stdin) = inputs(args)?;
    let config = config_mode(args)?;
    let fix = match (args.fix || args.diff, args.unsafe_fixes) {
        (false, _) => FixMode::None,
        (true, false) => FixMode::Safe,
        (true, true) => FixMode::Unsafe,
    };
    let stdin = if use_stdin {
        Some(StdinInput::new(
            args.stdin_filename.as_deref(),
            read_stdin()?,
        ))
    } else {
        None
    };
    // `--fix` on standard input: the fixed text is the output, the report goes to stderr.
    let pipe = stdin.is_some() && args.fix && !args.diff;
    let opts = RunOptions {
        paths,
        threads: args.threads,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        config,
        fix,
        diff: args.diff,
        online: args.online,
        force: args.force,
        allow_private_hosts: args.allow_private_hosts,
        cache_dir: args.cache_dir.clone(),
        no_cache: args.no_cache,
        force_exclude: !args.no_force_exclude,
        stdin,
    };
    let mut report = engine::run(&opts)?;
    let unchanged = diff_only(args, &opts, &mut report)?;
    let baselined = baseline(args, &mut report)?;
    let input = RenderInput {
        diagnostics: &report.diagnostics,
        texts: &report.texts,
        files: report.files,
        fixed: report.fixed,
    };
    let mut stderr = String::new();
    if !args.quiet {
        for n in report.notes.iter().chain(&unchanged).chain(&baselined) {
            stderr.push_str(&format!("note: {n}\n"));
        }
    }
    if args.diff {
        let stdout = report.diffs.concat().into_bytes();
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
            stream: None,
            stderr,
            outcome,
        });
    }
    if args.statistics && matches!(args.format, Format::Github | Format::Sarif) {
        return Err(CheckError::Usage(
            "--statistics prints a count per rule as a table or as JSON; it cannot be combined with --format github or sarif",
        ));
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| report.diagnostics.iter().any(|d| d.severity >= t));
    let outcome = if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    // JSON and SARIF are written one finding at a time, straight to where
    // they go: on a lossy-mojibake site they are many times the size of the
    // pages, and building them whole first multiplies that again.
    if !pipe && !args.statistics && matches!(args.format, Format::Json | Format::Sarif) {
        let format = args.format;
        let write: Stream = Box::new(move |out: &mut dyn Write| {
            let input = RenderInput {
                diagnostics: &report.diagnostics,
                texts: &report.texts,
                files: report.files,
                fixed: report.fixed,
            };
            if format == Format::Sarif {
                render::sarif::render_to(&input, out)
            } else {
                render::json::render_to(&input, out)
            }
        });
        if let Some(path) = &args.output_file {
            let failed = |e: std::io::Error| CheckError::Output {
                path: path.display().to_string(),
                cause: e.to_string(),
            };
            let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(failed)?);
            write(&mut file).map_err(failed)?;
            file.flush().map_err(failed)?;
            return Ok(CheckOutput {
                stdout: Vec::new(),
                stream: None,
                stderr,
                outcome,
            });
        }
        return Ok(CheckOutput {
            stdout: Vec::new(),
            stream: Some(write),
            stderr,
            outcome,
        });
    }
    // The report goes to a terminal only when it is not piped elsewhere.
    let terminal = args.output_file.is_none()
        && if pipe {
            std::io::stderr().is_terminal()
        } else {
            std::io::stdout().is_terminal()
        };
    let mut stdout = match args.format {
        Format::Json if args.statistics => statistics_json(&input, &report.translations),
        Format::Json => render::json::render(&input),
        Format::Github => render::github::render(&input),
        Format::Sarif => render::sarif::render(&input),
        Format::Human | Format::Concise if args.statistics => {
            statistics(&input, &report.translations)
        }
        Format::Concise => render::concise::render(&input),
        Format::Human => {
            let choice = match args.color {
                Color::Auto => ColorChoice::Auto,
                Color::Always => ColorChoice::Always,
                Color::Never => ColorChoice::Never,
            };
            let color = use_color(choice, terminal, |k| std::env::var(k).ok());
            human::render(
                &input,
                human::HumanOptions {
                    color,
                    width: terminal_width(terminal),
                    show_fixes: args.show_fixes,
                },
            )
        }
    };
    // Nothing checked and nothing found: the notes say why (an empty folder,
    // excluded named files); "All clean" would read as success.
    let nothing = report.files == 0 && report.diagnostics.is_empty();
    if matches!(args.format, Format::Human | Format::Concise) && !args.quiet && !nothing {
        stdout.push_str(&human::summary(&input));
        if report.unchecked_external > 0 {
            stdout.push_str(&format!(
                " {} not checked (offline; use --online).",
                plural(report.unchecked_external, "external link")
            ));
        }
        stdout.push('\n');
    }
    if args.format == Format::Github
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
    {
        let text = render::summary::render(&render::summary::Summary {
            input: &input,
            translations: &report.translations,
        });
        append(Path::new(&path), &text)?;
    }
    let stdout = match opts.stdin {
        Some(given) if pipe => {
            stderr.push_str(&stdout);
            report.stdin_fixed.take().unwrap_or(given.bytes)
        }
        _ => match &args.output_file {
            Some(path) => {
                std::fs::write(path, stdout.as_bytes()).map_err(|e| CheckError::Output {
                    path: path.display().to_string(),
                    cause: e.to_string(),
                })?;
                Vec::new()
            }
            None => stdout.into_bytes(),
        },
    };
    Ok(CheckOutput {
        stdout,
        stream: None,
        stderr,
        outcome,
    })
}

/// Columns for the human format: `COLUMNS`, else the terminal's, else 100.
fn terminal_width(terminal: bool) -> usize {
    if let Some(w) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|w| *w > 0)
    {
        return w;
    }
    if terminal && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
        return usize::from(w);
    }
    100
}

/// `--diff-only REF`: findings on unchanged lines leave the report first,
/// so the baseline counts only what is left.
fn diff_only(
    args: &CheckArgs,
    opts: &RunOptions,
    report: &mut engine::Report,
) -> Result<Option<String>, CheckError> {
    let Some(rev) = &args.diff_only else {
        return Ok(None);
    };
    // The repository is the one holding what is checked.
    let first = opts
        .stdin
        .as_ref()
        .map(|s| s.path.clone())
        .or_else(|| opts.paths.first().cloned())
        .unwrap_or_else(|| PathBuf::from("."));
    let start = if first.is_dir() {
        first
    } else {
        first
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    let hidden = super::diff_only::filter(&start, rev, &mut report.diagnostics, &report.texts)?;
    Ok(Some(format!(
        "{} on lines unchanged since {rev} not reported",
        plural(hidden, "finding")
    )))
}

/// `--write-baseline` and `--baseline`: remembered findings leave the
/// report before anything renders or counts it; the note says how many.
fn baseline(args: &CheckArgs, report: &mut engine::Report) -> Result<Option<String>, CheckError> {
    use super::baseline::Baseline;
    let (baseline, file) = match (&args.write_baseline, &args.baseline) {
        (Some(file), _) => {
            let b = Baseline::of(file, &report.diagnostics, &report.texts);
            b.write(file)?;
            (b, file)
        }
        (None, Some(file)) => (Baseline::load(file)?, file),
        (None, None) => return Ok(None),
    };
    let hidden = baseline.filter(&mut report.diagnostics, &report.texts);
    Ok(Some(format!(
        "{} in the baseline {} not reported",
        plural(hidden, "finding"),
        file.display()
    )))
}

/// Appends to the job summary file, which other steps write too.
fn append(path: &Path, text: &str) -> Result<(), CheckError> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| CheckError::Output {
            path: path.display().to_string(),
            cause: e.to_string(),
        })
}

/// Findings and safe fixes per rule, most findings first.
fn rule_counts<'a>(input: &RenderInput<'a>) -> Vec<(&'static str, (usize, usize))> {
    let mut counts: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
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
    rows
}

fn statistics_json(input: &RenderInput, translations: &BTreeMap<PathBuf, String>) -> String {
    let rows: Vec<serde_json::Value> = rule_counts(input)
        .into_iter()
        .map(|(rule, (count, fixable))| serde_json::json!({"rule": rule, "count": count, "fixable": fixable}))
        .collect();
    let mut v = serde_json::json!({"version": 1, "statistics": rows});
    let parity = render::summary::parity_rows(input.diagnostics, translations);
    if !parity.is_empty() {
        v["parity"] = serde_json::json!(parity);
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

fn statistics(input: &RenderInput, translations: &BTreeMap<PathBuf, String>) -> String {
    let mut s = String::new();
    for (rule, (n, fixable)) in rule_counts(input) {
        let fix = if fixable > 0 {
            format!("  ({fixable} fixable)")
        } else {
            String::new()
        };
        s.push_str(&format!("{n:>6}  {rule}{fix}\n"));
    }
    let parity = render::summary::parity_rows(input.diagnostics, translations);
    if !parity.is_empty() {
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str("locale    pages  stale  missing sections  untranslated paragraphs\n");
        for r in parity {
            s.push_str(&format!(
                "{:<8} {:>6} {:>6} {:>17} {:>24}\n",
                r.locale, r.pages, r.stale, r.missing_sections, r.untranslated_paragraphs
            ));
        }
    }
    s
}
