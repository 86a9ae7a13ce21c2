//! Phase 3 with `--fix`: apply what does not conflict, re-check the changed
//! files, re-index them, and run the cross-file rules again over every page,
//! until no fix applies. The report is then a fresh check of the fixed files.

use super::check::{FileState, Plan, check_text, phase1, phase2};
use super::workspace::{Loaded, Workspace};
use super::{Report, RunOptions};
use crate::checks::Rule;
use crate::decode::{Decoded, EncodingInfo, decode};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::apply::{self, FixMode};
use crate::util::fsio::{self, FileId};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Passes after which a fix that keeps producing fixes is left alone.
const MAX_PASSES: usize = 10;

/// A file's index, its bytes before, its fixed bytes (or why they cannot be
/// written) and how many fixes they hold.
type PlannedWrite = (usize, Vec<u8>, Result<Vec<u8>, String>, usize);

pub(super) fn fix_loop(
    ws: &Workspace,
    plan: &Plan,
    opts: &RunOptions,
    files: &mut [FileState],
    report: &mut Report,
) {
    // The bytes each file had before any fix, for `--diff`.
    let mut originals: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    let names = other_names(files);
    for _ in 0..MAX_PASSES {
        let edits: Vec<PlannedWrite> = files
            .par_iter()
            .enumerate()
            .filter(|(_, f)| f.checked && f.write_error.is_none())
            .filter(|(_, f)| {
                f.diagnostics.iter().any(|d| {
                    d.fix
                        .as_ref()
                        .is_some_and(|x| opts.fix.allows(x.applicability))
                })
            })
            .filter_map(|(i, f)| {
                let bytes = ws.read_bytes(&f.path).ok()?;
                let Decoded::Text { text, info } = decode(&bytes) else {
                    return None;
                };
                let applied = apply::apply_fixes_with_edits(&text, &f.diagnostics, opts.fix);
                if applied.count == 0 {
                    return None;
                }
                let new_info = if applied.reencode {
                    EncodingInfo::default()
                } else {
                    info.clone()
                };
                let fixed = apply::fixed_bytes(
                    &bytes,
                    &text,
                    &info,
                    &applied.edits,
                    &applied.text,
                    &new_info,
                );
                Some((i, bytes, fixed, applied.count))
            })
            .collect();
        if edits.is_empty() {
            break;
        }
        let mut changed = Vec::new();
        let mut written = HashSet::new();
        for (i, old, fixed, applied) in edits {
            // Another name of this file was written in this pass: the fixes
            // planned under this name are planned again on the written bytes.
            if let Some((id, _)) = &names[i]
                && !written.insert(id.clone())
            {
                continue;
            }
            let path = files[i].path.clone();
            let fixed = match fixed {
                Ok(b) => b,
                Err(e) => {
                    files[i].write_error = Some(e);
                    continue;
                }
            };
            if opts.diff || ws.is_stdin(&path) {
                originals.entry(path.clone()).or_insert(old);
                ws.set_override(&path, fixed);
            } else if let Err(e) = apply::write_atomically(&path, &fixed, opts.force) {
                files[i].write_error = Some(describe(&e));
                continue;
            }
            report.fixed += applied;
            changed.push(i);
            for &j in names[i].iter().flat_map(|(_, all)| all.iter()) {
                if j != i && (opts.diff || ws.is_stdin(&files[j].path)) {
                    let alias = files[j].path.clone();
                    if let Ok(before) = ws.read_bytes(&alias) {
                        originals.entry(alias.clone()).or_insert(before);
                    }
                    if let Some(now) = ws.override_of(&path) {
                        ws.set_override(&alias, now.to_vec());
                    }
                }
                changed.push(j);
            }
        }
        changed.sort_unstable();
        changed.dedup();
        // Re-check and re-index the changed files, then every page's
        // cross-file findings: an anchor fixed here may mend a link there.
        let rechecked: Vec<(usize, FileState)> = changed
            .par_iter()
            .filter_map(|&i| {
                let path = &files[i].path;
                match ws.load(path) {
                    Loaded::Doc(doc) => {
                        let cfg = ws.config_for(path);
                        let source = |p: &Path| match ws.load(p) {
                            Loaded::Doc(d) => Some(d),
                            _ => None,
                        };
                        Some((i, phase1(ws, plan, &doc, cfg, &source)))
                    }
                    _ => None,
                }
            })
            .collect();
        for (i, f) in rechecked {
            files[i] = f;
        }
        files.par_iter_mut().for_each(|f| phase2(ws, plan, f));
    }
    for (path, old) in originals {
        let Some(new) = ws.override_of(&path) else {
            continue;
        };
        if ws.is_stdin(&path) && !opts.diff {
            report.stdin_fixed = Some(new.to_vec());
            continue;
        }
        let text_of = |bytes: &[u8]| match decode(bytes) {
            Decoded::Text { text, info } => Some((text, info)),
            Decoded::Binary => None,
        };
        if *new == *old {
            continue;
        }
        if let (Some((old, old_info)), Some((new, new_info))) = (text_of(&old), text_of(&new)) {
            report
                .diffs
                .push(apply::unified_diff(&path, &old, &new, old_info, new_info));
        }
    }
}

/// For each file met under more than one name in the run (a link and its
/// target, hard links), its identity and the indexes of all its names;
/// `None` for the others.
fn other_names(files: &[FileState]) -> Vec<Option<(FileId, Vec<usize>)>> {
    let ids: Vec<Option<FileId>> = files
        .par_iter()
        .map(|f| f.checked.then(|| fsio::identity(&f.path)).flatten())
        .collect();
    let mut by_id: HashMap<&FileId, Vec<usize>> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        if let Some(id) = id {
            by_id.entry(id).or_default().push(i);
        }
    }
    ids.iter()
        .map(|id| {
            let id = id.as_ref()?;
            let all = by_id.get(id).filter(|all| all.len() > 1)?;
            Some((id.clone(), all.clone()))
        })
        .collect()
}

/// An I/O error as the `io-error` finding says it: "permission denied" in
/// words, whatever the platform's wording.
pub(crate) fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        // Ours say what to do (`--force`); the system's get plain words.
        std::io::ErrorKind::PermissionDenied if !e.to_string().contains("--force") => {
            "permission denied".to_string()
        }
        _ => e.to_string(),
    }
}

/// Removes the temporary files a `--fix` killed half-way left in these
/// folders (the files they were to replace are intact: the rename never
/// happened). Returns how many were removed.
pub(super) fn clean_stale_temps<'a>(dirs: impl IntoIterator<Item = &'a Path>) -> usize {
    let mut removed = 0;
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries.flatten() {
            let stale = e.file_name().to_str().is_some_and(apply::is_temp_name)
                && e.file_type().is_ok_and(|t| t.is_file());
            if stale && std::fs::remove_file(e.path()).is_ok() {
                removed += 1;
            }
        }
    }
    removed
}

/// What fixing one text left behind.
pub struct Fixed {
    pub text: String,
    /// How to write `text` (UTF-8 once a fix re-encoded it).
    pub encoding: EncodingInfo,
    /// The findings of the fixed text.
    pub diagnostics: Vec<Diagnostic>,
    /// Fixes applied over all passes.
    pub applied: usize,
}

/// The fix loop on one text, as `--fix` runs it on a file: apply what `mode`
/// allows and does not conflict, re-check, until nothing applies. For tests
/// and editors.
pub fn fix_text(
    ws: &Workspace,
    path: &Path,
    text: String,
    encoding: EncodingInfo,
    rules: &[&'static dyn Rule],
    mode: FixMode,
) -> Fixed {
    let mut fixed = Fixed {
        diagnostics: check_text(ws, path, text.clone(), encoding.clone(), rules),
        text,
        encoding,
        applied: 0,
    };
    for _ in 0..MAX_PASSES {
        let applied = apply::apply_fixes_with_edits(&fixed.text, &fixed.diagnostics, mode);
        if applied.count == 0 {
            break;
        }
        fixed.applied += applied.count;
        fixed.encoding = if applied.reencode {
            EncodingInfo::default()
        } else {
            apply::info_after_edits(&fixed.encoding, &applied.edits)
        };
        fixed.text = applied.text;
        fixed.diagnostics = check_text(ws, path, fixed.text.clone(), fixed.encoding.clone(), rules);
    }
    fixed
}
