//! Finding the files to check.
//!
//! Directories are walked in parallel with the `ignore` crate, which honours
//! `.gitignore` (also outside git repositories) and `.loclintignore`.
//!
//! A file named on the command line (or the path given to standard input with
//! `--stdin-filename`) goes through the same config as a walked file in its
//! folder: the nearest `loclint.toml` is loaded (an invalid one stops the run
//! with exit 2, as in a walk), and its `include`/`exclude` decide whether the
//! file is checked. This is what keeps a pre-commit hook, which always names
//! files, from linting folders the config excludes. `--no-force-exclude`
//! checks named files anyway. Ignore files never apply to named files: naming
//! a file is a stronger statement than a `.gitignore` line.

use super::{RunError, RunOptions};
use crate::config::ConfigResolver;
use ignore::{WalkBuilder, WalkState};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Text read from standard input (`loclint check -`), checked as if it were
/// the file at `path`.
#[derive(Debug, Clone)]
pub struct StdinInput {
    /// Absolute and normalised: `--stdin-filename`, or `<stdin>` in the
    /// current folder (so config discovery starts there).
    pub path: PathBuf,
    /// `--stdin-filename` was given, so `include`/`exclude` apply to `path`.
    pub named: bool,
    pub bytes: Vec<u8>,
}

impl StdinInput {
    /// The name diagnostics carry when no `--stdin-filename` is given.
    pub const UNNAMED: &'static str = "<stdin>";

    pub fn new(filename: Option<&Path>, bytes: Vec<u8>) -> StdinInput {
        StdinInput {
            path: absolute(filename.unwrap_or(Path::new(Self::UNNAMED))),
            named: filename.is_some(),
            bytes,
        }
    }
}

pub struct Walked {
    /// Sorted, without duplicates.
    pub files: Vec<PathBuf>,
    /// Folders and files that exist but could not be read (permission
    /// denied): reported as `io-error`, never skipped quietly. Sorted.
    pub errors: Vec<(PathBuf, String)>,
    /// Things skipped on the way (unreadable folders, symlink loops, named
    /// files the config excludes, folders without Markdown), sorted.
    pub notes: Vec<String>,
}

/// Config bases, site roots and link targets compare directly when every
/// path inside is absolute. Renderers show them relative to the current folder.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path)
        .map(|p| crate::util::normalize(&p))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The folders whose files a run may read and write through symbolic links:
/// the checked folders and the current folder, as the disk names them. A
/// link that leads elsewhere (`docs/etc -> /etc`) is not followed. A named
/// folder that is itself a link is no root of its own: a pull request can
/// turn `docs` into a link to `/`, and CI names `docs`.
pub(super) fn tree_roots(opts: &RunOptions) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = opts
        .paths
        .iter()
        .filter(|p| {
            p.is_dir()
                && !std::fs::symlink_metadata(absolute(p)).is_ok_and(|m| m.file_type().is_symlink())
        })
        .chain(std::iter::once(&PathBuf::from(".")))
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    roots.sort();
    roots.dedup();
    roots
}

/// Where a symbolic link leads, when that is inside `roots`.
fn inside(roots: &[PathBuf], link: &Path) -> bool {
    std::fs::canonicalize(link).is_ok_and(|t| roots.iter().any(|r| t.starts_with(r)))
}

/// The path an error of the walk is about.
fn error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// The walker over one named folder: ignore files, hidden entries and the
/// symbolic links that lead out of `roots` (noted in `outside`) are left out.
/// `collect` and `folders` share it, so `--watch` watches exactly the folders
/// that a check walks.
fn builder(
    root: &Path,
    opts: &RunOptions,
    roots: Vec<PathBuf>,
    outside: Option<Arc<Mutex<Vec<PathBuf>>>>,
) -> WalkBuilder {
    let mut walker = WalkBuilder::new(root);
    walker
        .standard_filters(true)
        .require_git(false)
        .follow_links(true)
        .filter_entry(move |e| {
            if e.depth() == 0 || !e.path_is_symlink() || inside(&roots, e.path()) {
                return true;
            }
            if let Some(Ok(mut o)) = outside.as_ref().map(|o| o.lock()) {
                o.push(e.path().to_path_buf());
            }
            false
        })
        .add_custom_ignore_filename(LOCLINTIGNORE)
        .threads(super::thread_count(opts.threads));
    walker
}

/// loclint's own ignore file, read like `.gitignore`.
const LOCLINTIGNORE: &str = ".loclintignore";

/// The ignore files the walker reads (`standard_filters`: `.gitignore`,
/// `.ignore`, and loclint's own): a change to one can change what it finds.
pub const IGNORE_FILES: &[&str] = &[".gitignore", ".ignore", LOCLINTIGNORE];

/// The folders a walk of `opts.paths` enters (absolute, sorted): each named
/// folder and the folders below it that the ignore files, hidden-entry rule
/// and symbolic-link roots leave in; for a named file, its folder.
pub fn folders(opts: &RunOptions) -> Vec<PathBuf> {
    let roots = tree_roots(opts);
    let mut dirs = Vec::new();
    for given in &opts.paths {
        let root = absolute(given);
        if !root.is_dir() {
            if let Some(parent) = root.parent() {
                dirs.push(parent.to_path_buf());
            }
            continue;
        }
        let walker = builder(&root, opts, roots.clone(), None).build();
        dirs.extend(
            walker
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_some_and(|t| t.is_dir()))
                .map(|e| e.path().to_path_buf()),
        );
    }
    dirs.sort();
    dirs.dedup();
    dirs
}

pub fn collect(opts: &RunOptions, configs: &ConfigResolver) -> Result<Walked, RunError> {
    let files = Mutex::new(Vec::new());
    let notes = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let roots = tree_roots(opts);
    let outside: Arc<Mutex<Vec<PathBuf>>> = Arc::default();
    let first_error: Mutex<Option<RunError>> = Mutex::new(None);
    // Named files left out: by a config's `include`/`exclude`, or by the
    // default extension filter (the only one without a config: `--isolated`).
    let mut excluded_named = 0;
    let mut not_markdown_named = 0;
    let push = |path: PathBuf| {
        if let Ok(mut f) = files.lock() {
            f.push(path);
        }
    };
    if let Some(stdin) = &opts.stdin {
        let cfg = configs
            .for_dir(stdin.path.parent().unwrap_or(Path::new(".")))
            .map_err(RunError::Config)?;
        if !stdin.named || !opts.force_exclude || cfg.wants(&stdin.path) {
            push(stdin.path.clone());
        } else if cfg.excludes_by_setting(&stdin.path) {
            excluded_named += 1;
        } else {
            not_markdown_named += 1;
        }
    }
    for given in &opts.paths {
        let root = absolute(given);
        // A dangling link is kept, to be reported as unreadable.
        if std::fs::symlink_metadata(&root).is_ok_and(|m| m.file_type().is_symlink())
            && std::fs::canonicalize(&root).is_ok()
            && !inside(&roots, &root)
        {
            if let Ok(mut o) = outside.lock() {
                o.push(root);
            }
            continue;
        }
        if !root.is_dir() {
            // Named files: the same config as a walked file in that folder.
            // A path that cannot be read is kept, to be reported as `io-error`.
            let cfg = configs
                .for_dir(root.parent().unwrap_or(Path::new(".")))
                .map_err(RunError::Config)?;
            if !opts.force_exclude || cfg.wants(&root) {
                push(root);
            } else if cfg.excludes_by_setting(&root) {
                excluded_named += 1;
            } else {
                not_markdown_named += 1;
            }
            continue;
        }
        let found = AtomicUsize::new(0);
        let walker = builder(&root, opts, roots.clone(), Some(outside.clone())).build_parallel();
        walker.run(|| {
            let files = &files;
            let notes = &notes;
            let errors = &errors;
            let first_error = &first_error;
            let found = &found;
            Box::new(move |entry| {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        let denied = e
                            .io_error()
                            .is_some_and(|io| io.kind() == std::io::ErrorKind::PermissionDenied);
                        match error_path(&e) {
                            Some(path) if denied => {
                                if let Ok(mut errs) = errors.lock() {
                                    errs.push((
                                        path.to_path_buf(),
                                        "permission denied".to_string(),
                                    ));
                                }
                            }
                            _ => {
                                if let Ok(mut n) = notes.lock() {
                                    n.push(format!("skipped: {e}"));
                                }
                            }
                        }
                        return WalkState::Continue;
                    }
                };
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    return WalkState::Continue;
                }
                let path = entry.path();
                let dir = path.parent().unwrap_or(Path::new("."));
                match configs.for_dir(dir) {
                    Ok(cfg) => {
                        if cfg.wants(path) {
                            found.fetch_add(1, Ordering::Relaxed);
                            if let Ok(mut f) = files.lock() {
                                f.push(path.to_path_buf());
                            }
                        }
                        WalkState::Continue
                    }
                    Err(e) => {
                        if let Ok(mut slot) = first_error.lock() {
                            slot.get_or_insert(RunError::Config(e));
                        }
                        WalkState::Quit
                    }
                }
            })
        });
        if let Some(e) = first_error.lock().ok().and_then(|mut s| s.take()) {
            return Err(e);
        }
        if found.into_inner() == 0
            && let Ok(mut n) = notes.lock()
        {
            n.push(format!("no .md/.mdx files under {}", given.display()));
        }
    }
    let mut files = files.into_inner().unwrap_or_default();
    files.sort();
    files.dedup();
    let mut notes = notes.into_inner().unwrap_or_default();
    let mut outside = outside.lock().map(|o| o.clone()).unwrap_or_default();
    if !outside.is_empty() {
        outside.sort();
        let shown: Vec<String> = outside
            .iter()
            .take(3)
            .map(|p| crate::util::display_path(p))
            .collect();
        let more = if outside.len() > 3 { ", ..." } else { "" };
        let (n, they) = if outside.len() == 1 {
            ("1 symbolic link".to_string(), "leads")
        } else {
            (format!("{} symbolic links", outside.len()), "lead")
        };
        notes.push(format!(
            "not followed: {n} that {they} out of the checked folders ({}{more})",
            shown.join(", ")
        ));
    }
    let mut errors = errors.into_inner().unwrap_or_default();
    errors.sort();
    errors.dedup();
    let counted = |n: usize| {
        if n == 1 {
            ("file", "it")
        } else {
            ("files", "them")
        }
    };
    if excluded_named > 0 {
        let (noun, them) = counted(excluded_named);
        notes.push(format!(
            "{excluded_named} named {noun} excluded by config (--no-force-exclude checks {them})"
        ));
    }
    if not_markdown_named > 0 {
        let (noun, them) = counted(not_markdown_named);
        let exts = crate::config::DEFAULT_EXTENSIONS
            .iter()
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(", ");
        notes.push(format!(
            "{not_markdown_named} named {noun} skipped: not Markdown ({exts}; --no-force-exclude checks {them})"
        ));
    }
    notes.sort();
    Ok(Walked {
        files,
        errors,
        notes,
    })
}
