//! Phase 3 with `--fix`: apply what does not conflict, re-check the changed
//! files, re-index them, and run the cross-file rules again over every page,
//! until no fix applies. The report is then a fresh check of the fixed files.

use super::check::{FileState, Plan, check_text, phase1, phase2};
use super::workspace::{Loaded, Workspace};
use super::{Report, RunOptions};
use crate::checks::Rule;
use crate::decode::EncodingInfo;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::apply::{self, FixMode};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Passes after which a fix that keeps producing fixes is left alone.
const MAX_PASSES: usize = 10;

pub(super) fn fix_loop(
    ws: &Workspace,
    plan: &Plan,
    opts: &RunOptions,
    files: &mut [FileState],
    report: &mut Report,
) {
    // The text each file had before any fix, for `--diff`.
    let mut originals: BTreeMap<PathBuf, (String, EncodingInfo)> = BTreeMap::new();
    for _ in 0..MAX_PASSES {
        let edits: Vec<(usize, String, EncodingInfo, usize)> = files
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
                let (text, info) = ws.read_text(&f.path)?;
                let (fixed, applied, reencode) =
                    apply::apply_fixes(&text, &f.diagnostics, opts.fix);
                let info = if reencode {
                    EncodingInfo::default()
                } else {
                    info
                };
                (applied > 0).then_some((i, fixed, info, applied))
            })
            .collect();
        if edits.is_empty() {
            break;
        }
        let mut changed = Vec::new();
        for (i, fixed, new_info, applied) in edits {
            let path = files[i].path.clone();
            report.fixed += applied;
            if opts.diff || ws.is_stdin(&path) {
                if !originals.contains_key(&path) {
                    if let Some(orig) = ws.read_text(&path) {
                        originals.insert(path.clone(), orig);
                    }
                }
                ws.set_override(&path, fixed, new_info);
                changed.push(i);
            } else {
                match apply::write_atomically(&path, &fixed, &new_info) {
                    Ok(()) => changed.push(i),
                    Err(e) => files[i].write_error = Some(e.to_string()),
                }
            }
        }
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
    for (path, (old, old_info)) in originals {
        if let Some((new, new_info)) = ws.override_of(&path) {
            if ws.is_stdin(&path) && !opts.diff {
                report.stdin_fixed = crate::decode::encode(&new, &new_info);
                if report.stdin_fixed.is_none() {
                    report.notes.push(format!(
                        "could not fix standard input: the fixed text has characters {} cannot represent",
                        new_info.encoding.name()
                    ));
                }
                continue;
            }
            if new != old || new_info != old_info {
                report
                    .diffs
                    .push(apply::unified_diff(&path, &old, &new, old_info, new_info));
            }
        }
    }
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
        diagnostics: check_text(ws, path, text.clone(), encoding, rules),
        text,
        encoding,
        applied: 0,
    };
    for _ in 0..MAX_PASSES {
        let (next, applied, reencode) = apply::apply_fixes(&fixed.text, &fixed.diagnostics, mode);
        if applied == 0 {
            break;
        }
        fixed.applied += applied;
        if reencode {
            fixed.encoding = EncodingInfo::default();
        }
        fixed.text = next;
        fixed.diagnostics = check_text(ws, path, fixed.text.clone(), fixed.encoding, rules);
    }
    fixed
}
