//! `--diff-only REF` (`--changed-since REF`): report only the findings on
//! lines changed since a git revision, so a legacy site can gate pull
//! requests on what they touch.
//!
//! The comparison is the working tree against REF's tree, read with `gix`:
//! for each file with findings, its text at REF and its text now are split
//! into lines and diffed (histogram diff, linear in practice), and a finding
//! is kept when one of its lines was added or changed. A file REF does not
//! have (untracked, new, or outside the repository) is changed on every
//! line. Where lines were only removed, the line that now follows the gap
//! counts as changed: a deletion can break what is next to it.
//!
//! A cross-file finding (a broken anchor) also counts when the page at its
//! other end changed, since renaming a heading there breaks the link here.
//!
//! This is a filter over the report, like the baseline: the rules still see
//! the whole site, so a finding is never different because of the diff.

use crate::decode::{self, Decoded, LineIndex};
use crate::diagnostic::Diagnostic;
use gix::bstr::ByteSlice;
use gix::diff::blob::{Algorithm, Diff, InternedInput};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why `--diff-only` cannot run (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum DiffOnlyError {
    #[error("--diff-only: {path} is not inside a git repository")]
    #[diagnostic(
        code(loclint::git),
        help("run loclint from the repository's working tree, or drop --diff-only")
    )]
    NotARepository { path: String },
    #[error("--diff-only: the repository at {path} has no working tree")]
    #[diagnostic(code(loclint::git))]
    Bare { path: String },
    #[error("--diff-only: unknown revision `{rev}`: {cause}")]
    #[diagnostic(
        code(loclint::git),
        help(
            "give a branch, tag or commit the repository has (in CI, fetch it first: `git fetch origin main`)"
        )
    )]
    UnknownRevision { rev: String, cause: String },
    #[error("--diff-only: cannot read {what} from git: {cause}")]
    #[diagnostic(code(loclint::git))]
    Read { what: String, cause: String },
}

/// What changed in one file since the revision.
enum Changed {
    /// Not in the revision's tree: every line is new.
    All,
    /// One flag per line of the current text (as [`LineIndex`] counts them).
    Lines(Vec<bool>),
}

/// The revision's tree and the working tree it is compared with.
struct Revision {
    repo: gix::Repository,
    tree: gix::ObjectId,
    /// Canonical, so that checked paths (canonicalised too) strip it.
    workdir: PathBuf,
}

impl Revision {
    fn open(start: &Path, rev: &str) -> Result<Revision, DiffOnlyError> {
        let shown = start.display().to_string();
        let repo = gix::discover(start).map_err(|_| DiffOnlyError::NotARepository {
            path: shown.clone(),
        })?;
        let workdir = repo
            .workdir()
            .and_then(|w| std::fs::canonicalize(w).ok())
            .ok_or(DiffOnlyError::Bare { path: shown })?;
        let unknown = |cause: String| DiffOnlyError::UnknownRevision {
            rev: rev.to_string(),
            cause,
        };
        let tree = repo
            .rev_parse_single(rev.as_bytes().as_bstr())
            .map_err(|e| unknown(e.to_string()))?
            .object()
            .map_err(|e| unknown(e.to_string()))?
            .peel_to_tree()
            .map_err(|e| unknown(e.to_string()))?
            .id;
        Ok(Revision {
            repo,
            tree,
            workdir,
        })
    }

    /// The file's bytes at the revision; `None` when the revision has no
    /// such file (or the path is outside the working tree).
    fn old_bytes(&self, path: &Path) -> Result<Option<Vec<u8>>, DiffOnlyError> {
        let Some(rel) = self.relative(path) else {
            return Ok(None);
        };
        let err = |e: String| DiffOnlyError::Read {
            what: rel.display().to_string(),
            cause: e,
        };
        let tree = self
            .repo
            .find_tree(self.tree)
            .map_err(|e| err(e.to_string()))?;
        let Some(entry) = tree
            .lookup_entry_by_path(&rel)
            .map_err(|e| err(e.to_string()))?
        else {
            return Ok(None);
        };
        if !entry.mode().is_blob() {
            return Ok(None);
        }
        let object = entry.object().map_err(|e| err(e.to_string()))?;
        Ok(Some(object.detach().data))
    }

    fn relative(&self, path: &Path) -> Option<PathBuf> {
        // The file itself may be a symbolic link inside the tree: git tracks
        // the link, and loclint reads through it, so only the folder is resolved.
        let parent = std::fs::canonicalize(path.parent()?).ok()?;
        let rel = parent.strip_prefix(&self.workdir).ok()?;
        Some(rel.join(path.file_name()?))
    }

    fn changed_lines(&self, path: &Path, now: &str) -> Result<Changed, DiffOnlyError> {
        let Some(bytes) = self.old_bytes(path)? else {
            return Ok(Changed::All);
        };
        let Decoded::Text { text: old, .. } = decode::decode(&bytes) else {
            return Ok(Changed::All);
        };
        let lines = LineIndex::new(now).line_count();
        let mut changed = vec![false; lines];
        let input = InternedInput::new(old.as_str(), now);
        let diff = Diff::compute(Algorithm::Histogram, &input);
        for hunk in diff.hunks() {
            let (start, end) = (hunk.after.start as usize, hunk.after.end as usize);
            if start == end {
                if let Some(flag) = changed.get_mut(start.min(lines.saturating_sub(1))) {
                    *flag = true;
                }
                continue;
            }
            for flag in changed.iter_mut().take(end).skip(start) {
                *flag = true;
            }
        }
        Ok(Changed::Lines(changed))
    }

    /// Whether a page differs from the revision at all (or is new there).
    fn page_changed(&self, path: &Path) -> Result<bool, DiffOnlyError> {
        Ok(match self.old_bytes(path)? {
            None => true,
            Some(old) => std::fs::read(path).map_or(true, |now| now != old),
        })
    }
}

/// Drops the findings on lines unchanged since `rev`; returns how many.
/// `start` is where the repository is looked for.
pub fn filter(
    start: &Path,
    rev: &str,
    diagnostics: &mut Vec<Diagnostic>,
    texts: &HashMap<PathBuf, Arc<str>>,
) -> Result<usize, DiffOnlyError> {
    let revision = Revision::open(start, rev)?;
    let mut files: HashMap<PathBuf, (Changed, LineIndex)> = HashMap::new();
    let mut pages: HashMap<PathBuf, bool> = HashMap::new();
    let mut keep = Vec::with_capacity(diagnostics.len());
    for d in diagnostics.iter() {
        if let Some(target) = &d.target
            && target != &d.path
        {
            let changed = match pages.get(target) {
                Some(c) => *c,
                None => {
                    let c = revision.page_changed(target)?;
                    pages.insert(target.clone(), c);
                    c
                }
            };
            if changed {
                keep.push(true);
                continue;
            }
        }
        // A finding without text (an unreadable file) is about the whole file.
        let Some(text) = texts.get(&d.path) else {
            keep.push(true);
            continue;
        };
        if !files.contains_key(&d.path) {
            let changed = revision.changed_lines(&d.path, text)?;
            files.insert(d.path.clone(), (changed, LineIndex::new(text)));
        }
        let kept = match files.get(&d.path) {
            Some((Changed::Lines(lines), index)) => {
                let first = index.line_of(d.range.start);
                let last = index.line_of(d.range.end.max(d.range.start + 1) - 1);
                lines
                    .iter()
                    .take(last + 1)
                    .skip(first)
                    .any(|changed| *changed)
            }
            _ => true,
        };
        keep.push(kept);
    }
    let before = diagnostics.len();
    let mut flags = keep.into_iter();
    diagnostics.retain(|_| flags.next().unwrap_or(true));
    Ok(before - diagnostics.len())
}
