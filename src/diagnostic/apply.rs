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

/// What applying the allowed fixes to one text did.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    pub text: String,
    /// The edits applied, sorted and disjoint, in the input text's offsets.
    pub edits: Vec<Edit>,
    /// Fixes applied.
    pub count: usize,
    /// One of them asks to rewrite the file as UTF-8.
    pub reencode: bool,
}

/// Applies every allowed fix that does not overlap an earlier one.
/// Returns the new text, the number of fixes applied, and whether one of them
/// asks to rewrite the file as UTF-8.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], mode: FixMode) -> (String, usize, bool) {
    let a = apply_fixes_with_edits(text, diagnostics, mode);
    (a.text, a.count, a.reencode)
}

/// [`apply_fixes`], also returning the edits it applied.
pub fn apply_fixes_with_edits(text: &str, diagnostics: &[Diagnostic], mode: FixMode) -> Applied {
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
    let edits: Vec<Edit> = chosen.into_iter().cloned().collect();
    Applied {
        text: apply_edits(text, &edits),
        edits,
        count: applied,
        reencode,
    }
}

/// The file's new bytes after `edits` turned its decoded `text` into
/// `fixed`: every byte outside the edits stays as it was, invalid bytes
/// included, and only the replacements are encoded. A fix that re-encodes
/// the file (`new_info` differs from `info`) rewrites all of it.
///
/// # Errors
/// A message when the fixed text cannot be written without changing bytes
/// outside the edits, or has characters the encoding cannot represent.
pub fn fixed_bytes(
    original: &[u8],
    text: &str,
    info: &EncodingInfo,
    edits: &[Edit],
    fixed: &str,
    new_info: &EncodingInfo,
) -> Result<Vec<u8>, String> {
    let unrepresentable = |enc: &EncodingInfo| {
        format!(
            "the fixed text has characters {} cannot represent; run with the non-utf8-file fix to convert the file to UTF-8",
            enc.encoding.name()
        )
    };
    if new_info != info {
        return decode::encode(fixed, new_info).ok_or_else(|| unrepresentable(new_info));
    }
    // Without decoding errors the text is the bytes: encoding it back gives
    // them again (checked, so that a code page that does not round-trip
    // never rewrites what no edit touched).
    if !info.had_errors && decode::encode(text, info).as_deref() == Some(original) {
        return decode::encode(fixed, info).ok_or_else(|| unrepresentable(info));
    }
    if info.is_utf8() {
        let bom = if info.bom { 3 } else { 0 };
        if let Some(out) = splice_utf8(original, bom, text, edits) {
            return Ok(out);
        }
    }
    Err(format!(
        "the file is not valid {} and its bytes cannot be kept outside the fixes; fix it by hand",
        info.encoding.name()
    ))
}

/// Copies the bytes between the edits from the file and encodes only the
/// replacements. `None` when an edit boundary falls inside an invalid
/// sequence or `text` is not what the bytes decode to.
fn splice_utf8(original: &[u8], bom: usize, text: &str, edits: &[Edit]) -> Option<Vec<u8>> {
    let body = original.get(bom..)?;
    let pieces = decode::utf8_pieces(body, text)?;
    let byte_at = |t: usize| -> Option<usize> {
        let i = pieces.partition_point(|(tr, _)| tr.end < t);
        let Some((tr, br)) = pieces.get(i) else {
            return (t == text.len()).then_some(body.len());
        };
        if tr.end - tr.start == br.end - br.start {
            Some(br.start + (t - tr.start))
        } else if t == tr.start {
            Some(br.start)
        } else if t == tr.end {
            Some(br.end)
        } else {
            None
        }
    };
    let mut out = Vec::with_capacity(original.len() + 64);
    out.extend_from_slice(&original[..bom]);
    let mut pos = 0;
    for e in edits {
        let start = byte_at(e.range.start)?;
        let end = byte_at(e.range.end)?;
        if start < pos || end < start {
            return None;
        }
        out.extend_from_slice(&body[pos..start]);
        out.extend_from_slice(e.replacement.as_bytes());
        pos = end;
    }
    out.extend_from_slice(&body[pos..]);
    Some(out)
}

/// `info` for the text that `edits` make of the text it describes: each
/// invalid sequence moves with the text around it, and one inside an edit
/// is gone (the edit replaced its U+FFFD).
pub fn info_after_edits(info: &EncodingInfo, edits: &[Edit]) -> EncodingInfo {
    if info.invalid.is_empty() || edits.is_empty() {
        return info.clone();
    }
    let mut kept = Vec::with_capacity(info.invalid.len());
    let (mut e, mut shift) = (0usize, 0isize);
    for seq in info.invalid.iter() {
        while let Some(edit) = edits.get(e).filter(|x| x.range.end <= seq.at) {
            shift += edit.replacement.len() as isize - (edit.range.end - edit.range.start) as isize;
            e += 1;
        }
        if edits
            .get(e)
            .is_some_and(|x| x.range.start <= seq.at && seq.at < x.range.end)
        {
            continue;
        }
        kept.push(decode::InvalidUtf8 {
            at: seq.at.saturating_add_signed(shift),
            bytes: seq.bytes.clone(),
        });
    }
    EncodingInfo {
        invalid: kept.into(),
        ..info.clone()
    }
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

/// Writes a fixed file through a temporary file in the same folder and a
/// rename, so that a crash leaves either the old or the new file.
///
/// A symbolic link is fixed where it points (the link stays a link); the
/// caller has checked that it points inside the checked tree. Permissions,
/// owner and group are kept. A file with other hard links is rewritten in
/// place instead, since a rename would split it from them. A read-only file
/// is refused unless `force`.
pub fn write_atomically(path: &Path, bytes: &[u8], force: bool) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    if !meta.is_file() {
        return Err(std::io::Error::other(format!(
            "not a regular file ({})",
            crate::util::fsio::kind_of(&meta)
        )));
    }
    if meta.permissions().readonly() && !force {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file is read-only; --fix --force rewrites it",
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return write_in_place(&target, bytes);
        }
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().set_permissions(meta.permissions())?;
    #[cfg(unix)]
    keep_owner(tmp.as_file(), &meta)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// Temporary files are `.loclint-XXXXXX.tmp` next to the file they replace.
pub const TEMP_PREFIX: &str = ".loclint-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// Whether a file name is one of `write_atomically`'s temporary files.
pub fn is_temp_name(name: &str) -> bool {
    name.strip_prefix(TEMP_PREFIX)
        .and_then(|r| r.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|mid| mid.len() == 6 && mid.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The new file gets the old one's owner and group; when that is not
/// allowed, the fix is not written rather than written with another owner.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, old: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let new = file.metadata()?;
    if (new.uid(), new.gid()) == (old.uid(), old.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("cannot keep the file's owner and group ({e})"),
        )
    })
}

/// Hard links share one inode, so the only way to keep them is to rewrite
/// that inode. Not atomic: this is the one case where a crash can tear a file.
#[cfg(unix)]
fn write_in_place(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(target)?;
    f.write_all(bytes)?;
    f.sync_all()
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
    fn invalid_bytes_move_with_the_edits() {
        let mut bytes = "한국어로 쓴 문장입니다 정말로요 ".as_bytes().to_vec();
        let head = bytes.len();
        bytes.extend_from_slice(b"ab \xff cd \xfe ef \xfd");
        let decode::Decoded::Text { text, info } = decode::decode(&bytes) else {
            panic!()
        };
        let text = &text[head..];
        let info = EncodingInfo {
            invalid: info
                .invalid
                .iter()
                .map(|s| decode::InvalidUtf8 {
                    at: s.at - head,
                    bytes: s.bytes.clone(),
                })
                .collect(),
            ..info
        };
        let at: Vec<usize> = info.invalid.iter().map(|s| s.at).collect();
        assert_eq!(at, [3, 10, 17]);
        // Grow the text before the first, replace the second, shrink before the third.
        let edits = [
            Edit::replace(0..2, "abcd"),
            Edit::replace(10..13, "?"),
            Edit::replace(14..16, ""),
        ];
        let fixed = apply_edits(text, &edits);
        let after = info_after_edits(&info, &edits);
        let at: Vec<usize> = after.invalid.iter().map(|s| s.at).collect();
        assert_eq!(at, [5, 15]);
        for a in at {
            assert_eq!(&fixed[a..a + 3], "\u{FFFD}");
        }
        assert_eq!(&*after.invalid[1].bytes, b"\xfd");
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
        let bytes = decode::encode("new", &info).unwrap();
        write_atomically(&p, &bytes, false).unwrap();
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
