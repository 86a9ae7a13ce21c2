//! Runs the rules over a set of paths, in three phases.
//!
//! - Phase 1, per file and in parallel: read, decode, parse, pair with the
//!   English source, build the repaired view, run the single-file rules, and
//!   reduce the page to its [`PageIndex`]. The document is dropped then.
//!   Files are taken in pairing groups (an English page with its
//!   translations), so a source page is parsed once and shared while its
//!   translations are checked.
//! - Between the phases, with `--online`, every distinct external URL once.
//! - Phase 2, per file: the cross-file rules over the page indexes.
//! - Phase 3 (`fix`): apply fixes, re-check the changed files, re-index, and
//!   repeat until nothing changes, so one `--fix` reaches a fixed point and
//!   the report is a fresh check of the fixed files.
//!
//! Which rules run where comes from their metadata alone. Output order never
//! depends on scheduling: diagnostics are sorted before they leave.

mod check;
mod fix;
mod walk;
mod workspace;

pub use crate::util::normalize;
pub use check::check_text;
pub use fix::{Fixed, fix_text};
pub use walk::{IGNORE_FILES, StdinInput, folders};
pub use workspace::{Loaded, MAX_FILE_SIZE, Workspace};

use crate::checks::{self, Rule};
use crate::config::{ConfigError, ConfigMode};
use crate::diagnostic::apply::FixMode;
use crate::diagnostic::{Diagnostic, Severity};
use check::{FileState, Plan};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub paths: Vec<PathBuf>,
    pub threads: Option<usize>,
    /// Only these rules (`--select`).
    pub select: Option<Vec<String>>,
    /// Never these rules (`--ignore`).
    pub ignore: Vec<String>,
    pub config: ConfigMode,
    pub fix: FixMode,
    /// Compute fixes but write nothing; the report carries unified diffs.
    pub diff: bool,
    /// Check external links over the network.
    pub online: bool,
    /// Rewrite read-only files too when fixing (`--force`).
    pub force: bool,
    pub allow_private_hosts: bool,
    /// Where loclint keeps its cache (`--cache-dir`), over `links.cache-dir`.
    pub cache_dir: Option<PathBuf>,
    /// Neither read nor write the link cache (`--no-cache`).
    pub no_cache: bool,
    /// Apply `include`/`exclude` to named files too (off: `--no-force-exclude`).
    pub force_exclude: bool,
    /// Text from standard input, checked in place of the file at its path and
    /// never written back (the fixed bytes are returned in the report).
    pub stdin: Option<walk::StdinInput>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            paths: vec![PathBuf::from(".")],
            threads: None,
            select: None,
            ignore: Vec::new(),
            config: ConfigMode::Discover,
            fix: FixMode::None,
            diff: false,
            online: false,
            force: false,
            allow_private_hosts: false,
            cache_dir: None,
            no_cache: false,
            force_exclude: true,
            stdin: None,
        }
    }
}

/// Errors that stop a run before it starts (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RunError {
    #[error("path does not exist: {0}")]
    #[diagnostic(
        code(loclint::path),
        help("check the spelling, or run from the folder that contains it")
    )]
    MissingPath(String),
    #[error("unknown rule `{0}` in {1}")]
    #[diagnostic(code(loclint::rule), help("`loclint rule --all` lists the rules"))]
    UnknownRule(String, &'static str),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] Box<ConfigError>),
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

/// What a run found and did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files checked.
    pub files: usize,
    /// Sorted by path, position, rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Fixes applied (or, with `--diff`, that would be applied).
    pub fixed: usize,
    /// Files skipped and why (binary, symlink loops...), sorted.
    pub notes: Vec<String>,
    /// The text each diagnostic's ranges refer to (after fixes when fixing),
    /// for the files that have diagnostics.
    pub texts: HashMap<PathBuf, Arc<str>>,
    /// Unified diffs (`--diff`), sorted by path.
    pub diffs: Vec<String>,
    /// External links seen but not checked because the run was offline.
    pub unchecked_external: usize,
    /// With `--fix` on standard input: the fixed bytes, when fixes changed them.
    pub stdin_fixed: Option<Vec<u8>>,
    /// The checked pages that have an English source, and their locales
    /// (for the parity summary).
    pub translations: BTreeMap<PathBuf, String>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The rules a run reports, after `--select` and `--ignore`.
pub fn selected_rules(opts: &RunOptions) -> Result<Vec<&'static dyn Rule>, RunError> {
    for (list, flag) in [
        (opts.select.as_deref().unwrap_or(&[]), "--select"),
        (&opts.ignore[..], "--ignore"),
    ] {
        if let Some(bad) = list.iter().find(|n| checks::by_name(n).is_none()) {
            return Err(RunError::UnknownRule(bad.clone(), flag));
        }
    }
    Ok(checks::all()
        .iter()
        .copied()
        .filter(|r| {
            opts.select
                .as_ref()
                .is_none_or(|s| s.iter().any(|n| n == r.meta().name))
        })
        .filter(|r| !opts.ignore.iter().any(|n| n == r.meta().name))
        .collect())
}

/// Worker threads per core at most: more only adds scheduling and memory
/// (thousands of threads took minutes on one file).
pub const THREADS_PER_CORE: usize = 4;

/// The worker threads a run uses for `--threads N` (0 or none: one per
/// core), capped at `THREADS_PER_CORE` per core.
pub fn thread_count(requested: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    match requested {
        None | Some(0) => cores,
        Some(n) => n.min(cores * THREADS_PER_CORE),
    }
}

/// The files a run of `opts` would check, as the walk finds them (absolute,
/// sorted): what `--watch` compares a changed path with.
pub fn walk_files(opts: &RunOptions) -> Result<Vec<PathBuf>, RunError> {
    let ws = Workspace::new(opts.config.clone());
    Ok(walk::collect(opts, &ws.configs)?.files)
}

/// Runs a whole check (and fix) over the given paths.
pub fn run(opts: &RunOptions) -> Result<Report, RunError> {
    let rules = selected_rules(opts)?;
    let threads = thread_count(opts.threads);
    for p in &opts.paths {
        // A path behind a folder we may not read exists for all we know: it
        // is checked, and reported as unreadable.
        if std::fs::symlink_metadata(p).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
            return Err(RunError::MissingPath(p.display().to_string()));
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    pool.install(|| run_in_pool(opts, &rules))
}

fn run_in_pool(opts: &RunOptions, rules: &[&'static dyn Rule]) -> Result<Report, RunError> {
    let mut ws = Workspace::new(opts.config.clone());
    if let Some(stdin) = &opts.stdin {
        ws.set_stdin(stdin.path.clone(), stdin.bytes.clone());
    }
    let walked = walk::collect(opts, &ws.configs)?;
    ws.set_roots(walk::tree_roots(opts));
    let mut report = Report {
        notes: walked.notes,
        ..Report::default()
    };
    let plan = Plan::new(rules);

    // Phase 1, in pairing groups: a source page is parsed once for the group.
    let keyed: Vec<(PathBuf, PathBuf, u64)> = walked
        .files
        .into_par_iter()
        .map(|f| {
            let key = ws.source_candidate(&f).unwrap_or_else(|| f.clone());
            let size = std::fs::metadata(&f).map_or(0, |m| m.len());
            (key, f, size)
        })
        .collect();
    let mut groups: BTreeMap<PathBuf, (Vec<PathBuf>, u64)> = BTreeMap::new();
    for (key, f, size) in keyed {
        let g = groups.entry(key).or_default();
        g.0.push(f);
        g.1 += size;
    }
    // Largest groups first, so that no big page is left to one thread at
    // the end; the files are sorted by path afterwards.
    let mut groups: Vec<(PathBuf, (Vec<PathBuf>, u64))> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.1.cmp(&a.1.1).then_with(|| a.0.cmp(&b.0)));
    let mut files: Vec<FileState> = groups
        .par_iter()
        .with_max_len(1)
        .flat_map_iter(|(key, (members, _))| check::phase1_group(&ws, &plan, key, members))
        .collect();
    for (path, cause) in walked.errors {
        let cfg = ws.config_for(&path);
        files.push(FileState::failed(&path, cfg, cause));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));

    // Between the phases: external links, every distinct URL once per run.
    check::external_links(&ws, opts, &files, &mut report);

    // Phase 2: the cross-file rules over the indexes.
    files
        .par_iter_mut()
        .for_each(|f| check::phase2(&ws, &plan, f));

    if opts.fix != FixMode::None && !opts.diff {
        let dirs: BTreeSet<&Path> = files.iter().filter_map(|f| f.path.parent()).collect();
        let removed = fix::clean_stale_temps(dirs);
        if removed > 0 {
            report.notes.push(format!(
                "removed {removed} temporary file{} left by an interrupted --fix",
                if removed == 1 { "" } else { "s" }
            ));
        }
    }
    if opts.fix != FixMode::None {
        fix::fix_loop(&ws, &plan, opts, &mut files, &mut report);
    }

    let texts: Vec<Option<(PathBuf, Arc<str>)>> = files
        .par_iter()
        .map(|f| {
            if f.diagnostics.is_empty() {
                return None;
            }
            ws.read_text(&f.path)
                .map(|(t, _)| (f.path.clone(), Arc::from(t)))
        })
        .collect();
    report.texts.extend(texts.into_iter().flatten());
    for f in files {
        report.files += usize::from(f.checked);
        if let Some(ix) = &f.index
            && ix.source_path.is_some()
            && !ix.locale.is_english()
        {
            report
                .translations
                .insert(f.path.clone(), ix.locale.as_str().to_string());
        }
        report.notes.extend(f.notes);
        report.diagnostics.extend(f.diagnostics);
    }
    sort_diagnostics(&mut report.diagnostics);
    report.notes.extend(ws.history_notes());
    report.notes.sort();
    report.diffs.sort();
    Ok(report)
}

pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.path, a.range.start, a.rule, a.range.end, &a.message).cmp(&(
            &b.path,
            b.range.start,
            b.rule,
            b.range.end,
            &b.message,
        ))
    });
}
