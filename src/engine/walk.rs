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
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

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

pub fn collect(opts: &RunOptions, configs: &ConfigResolver) -> Result<Walked, RunError> {
    let files = Mutex::new(Vec::new());
    let notes = Mutex::new(Vec::new());
    let first_error: Mutex<Option<RunError>> = Mutex::new(None);
    let mut excluded_named = 0;
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
        } else {
            excluded_named += 1;
        }
    }
    for given in &opts.paths {
        let root = absolute(given);
        if !root.is_dir() {
            // Named files: the same config as a walked file in that folder.
            // A path that cannot be read is kept, to be reported as `io-error`.
            let cfg = configs
                .for_dir(root.parent().unwrap_or(Path::new(".")))
                .map_err(RunError::Config)?;
            if !opts.force_exclude || cfg.wants(&root) {
                push(root);
            } else {
                excluded_named += 1;
            }
            continue;
        }
        let found = AtomicUsize::new(0);
        let walker = WalkBuilder::new(&root)
            .standard_filters(true)
            .require_git(false)
            .follow_links(true)
            .add_custom_ignore_filename(".loclintignore")
            .threads(super::thread_count(opts.threads))
            .build_parallel();
        walker.run(|| {
            let files = &files;
            let notes = &notes;
            let first_error = &first_error;
            let found = &found;
            Box::new(move |entry| {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        if let Ok(mut n) = notes.lock() {
                            n.push(format!("skipped: {e}"));
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
        if found.into_inner() == 0 {
            if let Ok(mut n) = notes.lock() {
                n.push(format!("no .md/.mdx files under {}", given.display()));
            }
        }
    }
    let mut files = files.into_inner().unwrap_or_default();
    files.sort();
    files.dedup();
    let mut notes = notes.into_inner().unwrap_or_default();
    if excluded_named > 0 {
        let (noun, them) = if excluded_named == 1 {
            ("file", "it")
        } else {
            ("files", "them")
        };
        notes.push(format!(
            "{excluded_named} named {noun} excluded by config (--no-force-exclude checks {them})"
        ));
    }
    notes.sort();
    Ok(Walked { files, notes })
}
