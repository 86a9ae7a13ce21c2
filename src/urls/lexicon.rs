//! Target-language words -> the English words they translate, for reading URLs.
//!
//! Built from the locale's glossary (`support` -> `지원`) plus the URL words in
//! `rules/url-words.toml`. A URL word may be a compound of glossary words
//! (`고객지원` = `고객` + `지원`), so `segment` covers a word with entries.
//! Mojibake that the safe repair could not undo (bytes lost in the mis-decode)
//! still spells a known word in a known way, so each entry is also indexed by
//! its Windows-1254/1252 garbled forms (`지원` -> `ì§€ì›`).

use std::collections::HashMap;

/// One target word and the English words it translates, in glossary order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub target: String,
    pub english: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: Vec<Entry>,
    /// Spelling (target word, its joined form, or a garbled form) -> entry index.
    index: HashMap<String, usize>,
    /// Target word -> entry index.
    by_target: HashMap<String, usize>,
    /// Longest spelling, in chars.
    max_chars: usize,
}

/// A piece of a segmented word: the entry and the byte range it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    pub range: std::ops::Range<usize>,
    pub entry: &'a Entry,
}

impl Lexicon {
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// Adds a glossary pair. Pairs whose target is ASCII are ignored: they
    /// cannot explain a non-ASCII URL part.
    pub fn add(&mut self, english: &str, target: &str) {
        let english = english.trim();
        let target = target.trim();
        if english.is_empty() || target.is_empty() || target.is_ascii() || !english.is_ascii() {
            return;
        }
        // A multi-word English term becomes one URL word: `help desk` -> `help-desk`.
        let english = english
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-")
            .to_ascii_lowercase();
        let idx = match self.by_target.get(target) {
            Some(&i) => i,
            None => {
                self.entries.push(Entry {
                    target: target.to_string(),
                    english: Vec::new(),
                });
                self.by_target
                    .insert(target.to_string(), self.entries.len() - 1);
                self.entries.len() - 1
            }
        };
        if !self.entries[idx].english.contains(&english) {
            self.entries[idx].english.push(english);
        }
        let mut spellings = vec![
            target.to_string(),
            target.split_whitespace().collect::<String>(),
        ];
        for enc in [encoding_rs::WINDOWS_1254, encoding_rs::WINDOWS_1252] {
            spellings.push(garble(target, enc));
        }
        for s in spellings {
            if s.is_empty() {
                continue;
            }
            self.max_chars = self.max_chars.max(s.chars().count());
            self.index.entry(s).or_insert(idx);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry spelled exactly `word`.
    pub fn get(&self, word: &str) -> Option<&Entry> {
        self.index.get(word).map(|&i| &self.entries[i])
    }

    /// Covers `word` with entries, fewest pieces first. A compound needs a
    /// piece of two characters or more: single-character entries (`팀`)
    /// alone would cover ordinary words by chance.
    pub fn segment(&self, word: &str) -> Option<Vec<Piece<'_>>> {
        if let Some(entry) = self.get(word) {
            return Some(vec![Piece {
                range: 0..word.len(),
                entry,
            }]);
        }
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(word.len()))
            .collect();
        let n = bounds.len() - 1;
        if !(2..=64).contains(&n) {
            return None;
        }
        // best[i]: fewest pieces covering the first i chars, with the last piece's start.
        let mut best: Vec<Option<(usize, usize, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0, usize::MAX));
        for end in 1..=n {
            for start in end.saturating_sub(self.max_chars)..end {
                let Some((count, _, _)) = best[start] else {
                    continue;
                };
                if let Some(&idx) = self.index.get(&word[bounds[start]..bounds[end]])
                    && best[end].is_none_or(|(c, _, _)| count + 1 < c)
                {
                    best[end] = Some((count + 1, start, idx));
                }
            }
        }
        let mut pieces = Vec::new();
        let mut at = n;
        while at > 0 {
            let (_, start, idx) = best[at]?;
            pieces.push(Piece {
                range: bounds[start]..bounds[at],
                entry: &self.entries[idx],
            });
            at = start;
        }
        pieces.reverse();
        pieces
            .iter()
            .any(|p| word[p.range.clone()].chars().nth(1).is_some())
            .then_some(pieces)
    }
}

/// `word` as it reads after its UTF-8 bytes were decoded with `enc`, with the
/// bytes that encoding leaves undefined (and the soft hyphen) dropped, the way
/// the seed pages lost them.
pub fn garble(word: &str, enc: &'static encoding_rs::Encoding) -> String {
    let kept: Vec<u8> = word.bytes().filter(|&b| !is_lost(b, enc)).collect();
    let (text, _) = enc.decode_without_bom_handling(&kept);
    text.into_owned()
}

/// Bytes that decode to a C1 control or the soft hyphen: invisible or
/// undefined, so they vanish when such text is copied.
fn is_lost(b: u8, enc: &'static encoding_rs::Encoding) -> bool {
    if b < 0x80 {
        return false;
    }
    let byte = [b];
    let (text, _) = enc.decode_without_bom_handling(&byte);
    text.chars()
        .all(|c| ('\u{80}'..='\u{9F}').contains(&c) || c == '\u{AD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ko() -> Lexicon {
        let mut l = Lexicon::new();
        for (e, t) in [
            ("support", "지원"),
            ("customer", "고객"),
            ("team", "팀"),
            ("helpdesk", "헬프데스크"),
            ("help desk", "헬프데스크"),
            ("admin", "관리자"),
            ("administrator", "관리자"),
            ("knowledge base", "지식 베이스"),
            ("api", "api"),
        ] {
            l.add(e, t);
        }
        l
    }

    #[test]
    fn lookup_and_alternatives() {
        let l = ko();
        assert_eq!(l.get("지원").unwrap().english, ["support"]);
        assert_eq!(l.get("관리자").unwrap().english, ["admin", "administrator"]);
        assert_eq!(
            l.get("헬프데스크").unwrap().english,
            ["helpdesk", "help-desk"]
        );
        assert_eq!(l.get("지식베이스").unwrap().english, ["knowledge-base"]);
        assert!(l.get("api").is_none());
        assert!(l.get("전송").is_none());
    }

    #[test]
    fn compounds() {
        let l = ko();
        let seg = l.segment("고객지원팀").unwrap();
        let words: Vec<&str> = seg.iter().map(|p| p.entry.english[0].as_str()).collect();
        assert_eq!(words, ["customer", "support", "team"]);
        assert_eq!(l.segment("팀").unwrap().len(), 1);
        // `팀` alone inside a word is not evidence.
        assert!(l.segment("팀장").is_none());
        assert!(l.segment("전송_계층_보안").is_none());
        assert!(l.segment("메모이제이션").is_none());
    }

    #[test]
    fn garbled_forms() {
        // As in the seed page: UTF-8 read as Windows-1254, byte 0x90 lost.
        assert_eq!(garble("지원", encoding_rs::WINDOWS_1254), "ì§€ì›");
        let l = ko();
        assert_eq!(l.get("ì§€ì›").unwrap().target, "지원");
        assert_eq!(l.segment("ì§€ì›").unwrap()[0].entry.english, ["support"]);
    }
}
