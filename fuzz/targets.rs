//! The bodies of the fuzz targets, shared by the cargo-fuzz targets
//! (`fuzz_targets/`, nightly) and the stable driver (`examples/fuzz_stable.rs`).
//! Each takes arbitrary bytes and panics when an invariant breaks.

use loclint::checks;
use loclint::config::ConfigMode;
use loclint::decode::{self, Decoded};
use loclint::diagnostic::apply::{self, FixMode};
use loclint::engine::{Workspace, check_text, fix_text};
use std::path::Path;

/// Decoding never fails; text that decoded without errors encodes back to
/// the same bytes; damaged UTF-8 maps back to its bytes piece by piece.
pub fn decode(data: &[u8]) {
    let Decoded::Text { text, info } = decode::decode(data) else {
        return;
    };
    if info.is_utf8() && !info.bom {
        if info.had_errors {
            assert!(
                decode::utf8_pieces(data, &text).is_some(),
                "pieces of damaged UTF-8"
            );
        } else {
            assert_eq!(decode::encode(&text, &info).as_deref(), Some(data));
        }
    }
}

/// Parsing never panics, and every range it gives lies on char boundaries.
pub fn parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = loclint::document::parse("fuzz.md".into(), text);
    let ok = |r: &std::ops::Range<usize>| {
        r.start <= r.end && doc.text.is_char_boundary(r.start) && doc.text.is_char_boundary(r.end)
    };
    for l in &doc.links {
        assert!(
            ok(&l.range) && ok(&l.dest_range),
            "link range {:?}",
            l.range
        );
    }
    for h in &doc.headings {
        assert!(ok(&h.range), "heading range {:?}", h.range);
    }
}

/// The mojibake engine never panics and repairs only whole characters.
pub fn mojibake(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut at = 0;
    for r in loclint::encoding::analyze_text(&text) {
        assert!(
            r.range.start >= at && r.range.end <= text.len(),
            "sorted, inside"
        );
        assert!(text.is_char_boundary(r.range.start) && text.is_char_boundary(r.range.end));
        at = r.range.end;
    }
}

/// One fix run reaches a fixed point, and the bytes the write path makes
/// decode to the fixed text, every byte outside the edits kept.
pub fn fix(data: &[u8]) {
    let Decoded::Text { text, info } = decode::decode(data) else {
        return;
    };
    let ws = Workspace::new(ConfigMode::Isolated);
    let path = Path::new("/nonexistent-loclint-fuzz/i18n/ko/page.md");
    let rules = checks::all();
    let diags = check_text(&ws, path, text.clone(), info.clone(), rules);
    let applied = apply::apply_fixes_with_edits(&text, &diags, FixMode::Safe);
    if applied.count > 0
        && !applied.reencode
        && let Ok(bytes) =
            apply::fixed_bytes(data, &text, &info, &applied.edits, &applied.text, &info)
        && let Decoded::Text { text: again, .. } = decode::decode(&bytes)
        && info.is_utf8()
    {
        assert_eq!(
            again, applied.text,
            "written bytes decode to the fixed text"
        );
    }
    let fixed = fix_text(&ws, path, text, info, rules, FixMode::Safe);
    let (_, left, _) = apply::apply_fixes(&fixed.text, &fixed.diagnostics, FixMode::Safe);
    assert_eq!(left, 0, "a safe fix still applies after one run");
}
