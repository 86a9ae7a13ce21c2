//! The fix engine: choose fixes that do not conflict, apply them, write the
//! file back atomically.
//!
//! A fix is applied whole or not at all; when two fixes touch the same bytes
//! the later one waits for the next pass (the engine re-lints and tries again).
//! Bytes outside the edits never change, so CRLF line endings survive; the
//! BOM and the file's encoding are restored when writing.

use super::{Applicability, Diagnostic, Edit};
use crate::decode::{self, EncodingInfo};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    None,
    Safe,
    /// Safe and unsafe fixes.
    Unsafe,
}

impl FixMode {
    pub fn allows(self, a: Applicability) -> bool {
        match self {
            FixMode::None => false,
            FixMode::Safe => a == Applicability::Safe,
            FixMode::Unsafe => matches!(a, Applicability::Safe | Applicability::Unsafe),
        }
    }
}

/// Applies every allowed fix that does not overlap an earlier one.
/// Returns the new text, the number of fixes applied, and whether one of them
/// asks to rewrite the file as UTF-8.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], mode: FixMode) -> (String, usize, bool) {
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    let mut applied = 0;
    let mut reencode = false;
    let mut fixes: Vec<_> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| mode.allows(f.applicability))
        .collect();
    // Safe fixes first, then by position: deterministic whatever the rule order.
    fixes.sort_by_key(|f| {
        (
            f.applicability,
            f.edits.first().map(|e| (e.range.start, e.range.end)),
        )
    });
    for fix in fixes {
        let valid = fix.edits.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        });
        let overlaps = fix
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| overlap(t, &e.range)));
        if !valid || overlaps {
            continue;
        }
        let is_noop = fix
            .edits
            .iter()
            .all(|e| text[e.range.clone()] == e.replacement);
        if is_noop && !fix.reencode_utf8 {
            continue;
        }
        for e in &fix.edits {
            taken.push(e.range.clone());
            chosen.push(e);
        }
        reencode |= fix.reencode_utf8;
        applied += 1;
    }
    chosen.sort_by_key(|e| (e.range.start, e.range.end));
    let owned: Vec<Edit> = chosen.into_iter().cloned().collect();
    (apply_edits(text, &owned), applied, reencode)
}

/// Two ranges conflict when they share a byte, or when both insert at the same point.
fn overlap(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

/// Applies sorted, non-overlapping edits.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for e in edits {
        if e.range.start < pos || e.range.end > text.len() {
            continue;
        }
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.replacement);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Writes through a temporary file in the same folder and a rename, keeping
/// the original permissions: a crash leaves either the old or the new file.
pub fn write_atomically(path: &Path, text: &str, info: &EncodingInfo) -> std::io::Result<()> {
    let bytes = decode::encode(text, info).ok_or_else(|| {
        std::io::Error::other(format!(
            "the fixed text has characters {} cannot represent; run with the non-utf8-file fix to convert the file to UTF-8",
            info.encoding.name()
        ))
    })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let perms = std::fs::metadata(path)?.permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".loclint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(&bytes)?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(perms)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A unified diff of what `--fix` would change.
pub fn unified_diff(
    path: &Path,
    old: &str,
    new: &str,
    old_info: EncodingInfo,
    new_info: EncodingInfo,
) -> String {
    let name = crate::diagnostic::render::display_path(path);
    let mut out = String::new();
    if old_info != new_info {
        out.push_str(&format!(
            "# {name}: re-encoded from {} to {}\n",
            old_info.encoding.name(),
            new_info.encoding.name()
        ));
    }
    let diff = similar::TextDiff::from_lines(old, new);
    out.push_str(
        &diff
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{name}"), &format!("b/{name}"))
            .to_string(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Fix, Severity};

    fn diag(range: std::ops::Range<usize>, repl: &str, a: Applicability) -> Diagnostic {
        Diagnostic::new("x", Severity::Error, "f.md", range.clone(), "m").with_fix(Fix::new(
            a,
            "fix",
            vec![Edit::replace(range, repl)],
        ))
    }

    #[test]
    fn overlapping_fix_waits() {
        let t = "abcdef";
        let ds = vec![
            diag(1..3, "X", Applicability::Safe),
            diag(2..4, "Y", Applicability::Safe),
            diag(4..5, "Z", Applicability::Safe),
        ];
        let (out, n, _) = apply_fixes(t, &ds, FixMode::Safe);
        assert_eq!(out, "aXdZf");
        assert_eq!(n, 2);
    }

    #[test]
    fn unsafe_needs_opt_in_and_crlf_survives() {
        let t = "a\r\nbad\r\nc\r\n";
        let ds = vec![diag(3..6, "good", Applicability::Unsafe)];
        assert_eq!(apply_fixes(t, &ds, FixMode::Safe).1, 0);
        let (out, n, _) = apply_fixes(t, &ds, FixMode::Unsafe);
        assert_eq!((out.as_str(), n), ("a\r\ngood\r\nc\r\n", 1));
    }

    #[test]
    fn display_only_never_applies() {
        let ds = vec![diag(0..1, "z", Applicability::DisplayOnly)];
        assert_eq!(apply_fixes("a", &ds, FixMode::Unsafe).1, 0);
    }

    #[test]
    fn atomic_write_keeps_bom_and_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.md");
        std::fs::write(&p, b"\xEF\xBB\xBFold").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        let info = EncodingInfo {
            bom: true,
            ..EncodingInfo::default()
        };
        write_atomically(&p, "new", &info).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"\xEF\xBB\xBFnew");
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left behind"
        );
    }
}
