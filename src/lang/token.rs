//! Tokens: words, numbers, spaces and punctuation, each tagged with a script.
//!
//! Word boundaries come from Unicode's default rules (UAX #29, via
//! `unicode-segmentation`), which keep "Let's", "Node.js" and "1.2" whole.
//! Two adjustments make them useful for language mixing: a word is split where
//! its letters change script ("certificate하는" -> "certificate" + "하는",
//! because UAX #29 treats Hangul and Latin alike), and adjacent pieces of one
//! CJK script are joined back into a run (UAX #29 cuts kana and ideographs
//! into single characters, which says nothing about language).

use super::script::{Script, script_of};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Contains at least one letter.
    Word,
    /// Digits, possibly with separators ("1.2", "256").
    Number,
    Space,
    /// Punctuation, symbols, emoji.
    Punct,
}

/// A token borrowed from the text it was cut from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    /// Byte offset of the token in the tokenized text.
    pub start: usize,
    pub kind: TokenKind,
    /// Script of the token's letters for words; Digit/Space/Other otherwise.
    pub script: Script,
}

impl Token<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end()
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// A Latin word written in capitals only, two letters or more ("SSL", "APIs" is not).
    pub fn is_acronym(&self) -> bool {
        self.script == Script::Latin && is_acronym(self.text)
    }
}

/// True for "SSL", "TLS", "HTTP2": at least two capitals and no lowercase letter.
pub fn is_acronym(word: &str) -> bool {
    let caps = word.chars().filter(char::is_ascii_uppercase).count();
    caps >= 2 && !word.chars().any(|c| c.is_lowercase())
}

/// All tokens of `text`, in order, covering it without gaps.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token<'_>> = Vec::new();
    for (start, seg) in text.split_word_bound_indices() {
        split_by_script(text, start, seg, &mut out);
    }
    out
}

/// The word tokens of `text`.
pub fn words(text: &str) -> impl Iterator<Item = Token<'_>> {
    tokens(text).into_iter().filter(Token::is_word)
}

fn kind_of(seg: &str) -> (TokenKind, Script) {
    let mut digit = false;
    for c in seg.chars() {
        let s = script_of(c);
        if s.is_letter() {
            return (TokenKind::Word, s);
        }
        digit |= s == Script::Digit;
    }
    if digit {
        (TokenKind::Number, Script::Digit)
    } else if seg.chars().all(char::is_whitespace) {
        (TokenKind::Space, Script::Space)
    } else {
        (TokenKind::Punct, Script::Other)
    }
}

fn push<'a>(text: &'a str, range: Range<usize>, out: &mut Vec<Token<'a>>) {
    if range.is_empty() {
        return;
    }
    let piece = &text[range.clone()];
    let (kind, script) = kind_of(piece);
    // Join with the previous token when both are the same CJK script and touch.
    if kind == TokenKind::Word
        && script.is_cjk()
        && let Some(prev) = out.last_mut()
        && prev.kind == TokenKind::Word
        && prev.script == script
        && prev.end() == range.start
    {
        prev.text = &text[prev.start..range.end];
        return;
    }
    out.push(Token {
        text: piece,
        start: range.start,
        kind,
        script,
    });
}

/// Splits one UAX #29 segment where its letters change script. Non-letters
/// between letters of two different scripts become their own token; inside one
/// script they stay in the word ("Let's", "e.g").
fn split_by_script<'a>(text: &'a str, seg_start: usize, seg: &str, out: &mut Vec<Token<'a>>) {
    let mut run_start = seg_start;
    let mut run_script: Option<Script> = None;
    // Offset where the trailing non-letters of the current run begin.
    let mut tail_start: Option<usize> = None;
    for (i, c) in seg.char_indices() {
        let at = seg_start + i;
        let s = script_of(c);
        if !s.is_letter() {
            if run_script.is_some() && tail_start.is_none() {
                tail_start = Some(at);
            }
            continue;
        }
        match run_script {
            Some(rs) if rs != s => {
                let cut = tail_start.unwrap_or(at);
                push(text, run_start..cut, out);
                push(text, cut..at, out);
                run_start = at;
            }
            _ => {}
        }
        run_script = Some(s);
        tail_start = None;
    }
    push(text, run_start..seg_start + seg.len(), out);
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokens(s).iter().map(|t| t.text).collect()
    }

    #[test]
    fn splits_latin_from_hangul() {
        assert_eq!(
            texts("certificate하는 방법은"),
            ["certificate", "하는", " ", "방법은"]
        );
        assert_eq!(texts("SSL을"), ["SSL", "을"]);
        assert_eq!(texts("고객’s data"), ["고객", "’", "s", " ", "data"]);
    }

    #[test]
    fn keeps_english_words_whole() {
        assert_eq!(
            texts("Let's use Node.js 1.2"),
            ["Let's", " ", "use", " ", "Node.js", " ", "1.2"]
        );
    }

    #[test]
    fn joins_cjk_runs() {
        assert_eq!(
            texts("設定する方法は？"),
            ["設定", "する", "方法", "は", "？"]
        );
        assert_eq!(texts("如何设置SSL？"), ["如何设置", "SSL", "？"]);
    }

    #[test]
    fn covers_the_text() {
        for s in [
            "왜 are we 'x' 오류 when?",
            "a—b",
            "",
            "  ",
            "📋 데이터",
            "ＡＢＣ全角",
        ] {
            let toks = tokens(s);
            let joined: String = toks.iter().map(|t| t.text).collect();
            assert_eq!(joined, s);
            for w in toks.windows(2) {
                assert_eq!(w[0].end(), w[1].start);
            }
        }
    }

    #[test]
    fn tags_kinds() {
        let t = tokens("TLS 1.0 지원");
        assert_eq!(t[0].kind, TokenKind::Word);
        assert!(t[0].is_acronym());
        assert_eq!(t[2].kind, TokenKind::Number);
        assert_eq!(t[4].script, Script::Hangul);
    }
}
