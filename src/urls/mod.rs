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

use crate::lang::script::{is_cjk, is_cjk_punct};

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

/// True when `s` holds a character a translator would have written: a CJK
/// letter or CJK punctuation (both from the one script table, `lang::script`).
pub fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| is_cjk(c) || is_cjk_punct(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        for s in ["지", "サ", "ポ", "状", "ㄱ", "。", "，", "：", "（", "」"] {
            assert!(has_cjk(s), "{s}");
        }
        for s in ["a", "é", "€", " ", "%E2%82%AC"] {
            assert!(!has_cjk(s), "{s}");
        }
        assert_eq!(ascii_of_fullwidth('。'), Some('.'));
        assert_eq!(ascii_of_fullwidth('／'), Some('/'));
        assert_eq!(ascii_of_fullwidth('＃'), Some('#'));
        assert_eq!(ascii_of_fullwidth('a'), None);
    }
}
