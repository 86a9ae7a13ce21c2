//! Localized URLs and email addresses: what a machine translator does to them,
//! and how to undo it.
//!
//! A translator that does not know what a URL is translates the words in it:
//! `https://support.freshdesk.com/support/solutions` becomes
//! `https://지원.freshdesk.com/지원/solutions`, `support@freshdesk.com` becomes
//! `지원@freshdesk.com`. Such a link points nowhere. Other non-English URLs are
//! fine (`https://ko.wikipedia.org/wiki/전송_계층_보안`), so the evidence must
//! be specific: the English source page holds a link of the same shape whose
//! ASCII parts are equal, or the locale's glossary shows the words to be
//! translations of ASCII words.
//!
//! This module is pure: it works on strings and the parsed `Document`s handed
//! to it, and the three rules in `checks/` (`localized-url`,
//! `localized-email`, `url-glued-to-text`) only turn its findings into
//! diagnostics.
//!
//! - `shape`: a URL or address split into parts with byte ranges.
//! - `lexicon`: target-language words -> English, through the glossary.
//! - `words`: URL-specific data (`rules/url-words.toml`).
//! - `localized`: which parts are translations, and the restored link.
//! - `glued`: a bare URL that swallowed the text after it.
//! - `scan`: URLs and addresses in text that the parser did not link.

pub mod glued;
pub mod lexicon;
pub mod localized;
pub mod scan;
pub mod shape;
pub mod words;

/// A letter of the scripts loclint's target locales are written in: Hangul,
/// kana, and CJK ideographs. These are what a translator puts into a URL.
pub fn is_cjk_letter(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'   // Hangul Jamo
        | '\u{3041}'..='\u{3096}' // Hiragana
        | '\u{309D}'..='\u{309F}'
        | '\u{30A1}'..='\u{30FA}' // Katakana
        | '\u{30FC}'..='\u{30FF}'
        | '\u{3131}'..='\u{318E}' // Hangul compatibility Jamo
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7A3}' // Hangul syllables
        | '\u{D7B0}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}' // half-width katakana
        | '\u{20000}'..='\u{2FA1F}')
}

/// Full-width and ideographic punctuation (`。`, `，`, `：`, `（`...): what CJK
/// text puts right after a URL, and what a translator turns `.` into.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301F}'
        | '\u{30FB}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}')
}

/// The ASCII character a full-width form stands for (`。` and `．` -> `.`,
/// `／` -> `/`), for the URL punctuation a translator may have converted.
pub fn ascii_of_fullwidth(c: char) -> Option<char> {
    match c {
        '\u{3002}' | '\u{FF61}' => Some('.'),
        '\u{3001}' => Some(','),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21),
        _ => None,
    }
}

/// True when `s` holds a character a translator would have written.
pub fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| is_cjk_letter(c) || is_cjk_punct(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        for c in ['지', 'サ', 'ポ', '状', 'ㄱ'] {
            assert!(is_cjk_letter(c), "{c}");
        }
        for c in ['a', 'é', '€', '。', ' '] {
            assert!(!is_cjk_letter(c), "{c}");
        }
        for c in ['。', '，', '：', '（', '」'] {
            assert!(is_cjk_punct(c), "{c}");
        }
        assert_eq!(ascii_of_fullwidth('。'), Some('.'));
        assert_eq!(ascii_of_fullwidth('／'), Some('/'));
        assert_eq!(ascii_of_fullwidth('＃'), Some('#'));
        assert_eq!(ascii_of_fullwidth('a'), None);
    }
}
