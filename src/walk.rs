//! Finding the files to check.
//!
//! Directories are walked in parallel with the `ignore` crate, which honours
//! `.gitignore` (also outside git repositories) and `.loclintignore`. Files
//! named on the command line are always checked, even when ignored.

use crate::config::ConfigResolver;
use crate::engine::RunError;
use ignore::{WalkBuilder, WalkState};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Walked {
    /// Sorted, without duplicates.
    pub files: Vec<PathBuf>,
    /// Things skipped on the way (unreadable folders, symlink loops).
    pub notes: Vec<String>,
}

pub fn collect(
    paths: &[PathBuf],
    threads: Option<usize>,
    configs: &ConfigResolver,
) -> Result<Walked, RunError> {
    let files = Mutex::new(Vec::new());
    let notes = Mutex::new(Vec::new());
    let first_error: Mutex<Option<RunError>> = Mutex::new(None);
    for root in paths {
        // Absolute paths inside: config bases, site roots and link targets then
        // compare directly. Renderers show them relative to the current folder.
        let root = std::path::absolute(root)
            .map(|p| crate::engine::normalize(&p))
            .unwrap_or_else(|_| root.clone());
        if !root.is_dir() {
            if let Ok(mut f) = files.lock() {
                f.push(root.clone());
            }
            continue;
        }
        let walker = WalkBuilder::new(&root)
            .standard_filters(true)
            .require_git(false)
            .follow_links(true)
            .add_custom_ignore_filename(".loclintignore")
            .threads(threads.unwrap_or(0))
            .build_parallel();
        walker.run(|| {
            let files = &files;
            let notes = &notes;
            let first_error = &first_error;
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
    }
    let mut files = files.into_inner().unwrap_or_default();
    files.sort();
    files.dedup();
    let mut notes = notes.into_inner().unwrap_or_default();
    notes.sort();
    Ok(Walked { files, notes })
}
