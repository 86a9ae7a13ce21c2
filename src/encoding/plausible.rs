//! Which characters a repair may produce.
//!
//! A wrong decode is undone only when the result is text people write. Bytes
//! of legitimate Latin text that happen to form valid UTF-8 tend to land in
//! IPA, combining marks, NKo, private use or C1 controls; real repairs land in
//! Latin, Greek, Cyrillic, CJK, Hangul, punctuation and symbols.

/// True when `c` may appear in a repaired run.
pub(crate) fn is_plausible(c: char) -> bool {
    matches!(u32::from(c),
        0x09 | 0x0a | 0x0d | 0x20..=0x7e
        | 0xa0..=0x24f          // Latin-1 letters and signs, Latin Extended-A/B
        | 0x370..=0x3ff         // Greek
        | 0x400..=0x52f         // Cyrillic
        | 0x531..=0x58f         // Armenian
        | 0x5d0..=0x5ea         // Hebrew letters
        | 0x600..=0x6ff         // Arabic
        | 0x900..=0xdff         // Indic scripts
        | 0xe00..=0xe7f         // Thai
        | 0x10a0..=0x10ff       // Georgian
        | 0x1100..=0x11ff       // Hangul Jamo
        | 0x1e00..=0x1fff       // Latin Extended Additional (Vietnamese), Greek Extended
        | 0x2000..=0x206f       // General Punctuation
        | 0x2070..=0x209f       // super- and subscripts
        | 0x20a0..=0x20cf       // currency
        | 0x20e3                // combining enclosing keycap (1️⃣)
        | 0x2100..=0x23ff       // letterlike, number forms, arrows, math, technical
        | 0x2460..=0x27bf       // enclosed, box drawing, shapes, symbols, dingbats
        | 0x2b00..=0x2bff       // arrows and symbols (⭐)
        | 0x2e80..=0x2fdf       // CJK radicals
        | 0x3000..=0x30ff       // CJK punctuation, kana
        | 0x3100..=0x31ff       // Bopomofo, Hangul compatibility Jamo, kana extensions
        | 0x3200..=0x33ff       // enclosed CJK, compatibility
        | 0x3400..=0x4dbf       // CJK Extension A
        | 0x4e00..=0x9fff       // CJK Unified Ideographs
        | 0xac00..=0xd7a3       // Hangul syllables
        | 0xf900..=0xfaff       // CJK compatibility ideographs
        | 0xfe0e..=0xfe0f       // text and emoji presentation selectors (⚠️)
        | 0xfe30..=0xfe4f       // CJK compatibility forms
        | 0xff01..=0xffef       // full- and half-width forms
        | 0xfffd                // a replacement character that was already there
        | 0x1f000..=0x1faff     // emoji
        | 0x20000..=0x2ffff     // CJK Extensions B..
    )
}

/// Scripts that are rarely the target of a repair: one such character alone
/// is more likely legitimate Latin text than a repair.
pub(crate) fn is_rare_script(c: char) -> bool {
    matches!(u32::from(c), 0x250..=0x2af | 0x300..=0x36f | 0x531..=0xdff | 0x10a0..=0x10ff | 0x1100..=0x11ff)
}

/// Characters a single-byte code page can show for a byte >= 0x80: the
/// cheap first test of whether a stretch of text can be single-byte mojibake.
pub(crate) fn single_byte_capable(c: char) -> bool {
    matches!(u32::from(c),
        0x80..=0x5ff | 0x2010..=0x2122 | 0x2202..=0x25ca | 0xf8ff | 0xfb01..=0xfb02 | 0xfffd)
}
