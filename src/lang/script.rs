//! Which writing system a character belongs to.
//!
//! The translation rules ask one question over and over: is this run of text
//! in the page's own language (Hangul, Kana, Han) or in Latin script? Unicode's
//! Script property would answer it, but the standard library does not expose
//! it and the few blocks that matter for ko/ja/zh docs are stable, so the
//! ranges are listed here.

/// A writing system, coarse enough for language mixing decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Script {
    /// Basic and extended Latin letters, including fullwidth Latin.
    Latin,
    /// Hangul syllables and jamo.
    Hangul,
    Hiragana,
    /// Katakana, including the prolonged sound mark and halfwidth forms.
    Katakana,
    /// CJK ideographs (hanzi, kanji, hanja).
    Han,
    Cyrillic,
    Greek,
    /// Decimal digits of any width.
    Digit,
    /// Whitespace.
    Space,
    /// Punctuation, symbols, marks, emoji: anything that belongs to no language.
    Other,
}

impl Script {
    /// Letters of a language (not digits, spaces, punctuation).
    pub fn is_letter(self) -> bool {
        !matches!(self, Script::Digit | Script::Space | Script::Other)
    }

    /// Hangul, Kana or Han.
    pub fn is_cjk(self) -> bool {
        matches!(
            self,
            Script::Hangul | Script::Hiragana | Script::Katakana | Script::Han
        )
    }

    pub fn is_kana(self) -> bool {
        matches!(self, Script::Hiragana | Script::Katakana)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Hangul => "Hangul",
            Script::Hiragana => "Hiragana",
            Script::Katakana => "Katakana",
            Script::Han => "Han",
            Script::Cyrillic => "Cyrillic",
            Script::Greek => "Greek",
            Script::Digit => "Digit",
            Script::Space => "Space",
            Script::Other => "Other",
        }
    }
}

/// `script_of(c) == Script::Latin`, without walking the whole table: the
/// hot loops over CJK text ask this of every character.
pub fn is_latin_letter(c: char) -> bool {
    let u = c as u32;
    match u {
        0x41..=0x5A | 0x61..=0x7A => true,
        0..=0xBF => false,
        0xC0..=0x24F => u != 0xD7 && u != 0xF7,
        0x1E00..=0x1EFF | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => true,
        _ => false,
    }
}

/// `script_of(c) == Script::Hangul`, without walking the whole table.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32,
        0xAC00..=0xD7FF | 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xFFA0..=0xFFDC)
}

/// The script of one character.
pub fn script_of(c: char) -> Script {
    let u = c as u32;
    match u {
        0x30..=0x39 | 0xFF10..=0xFF19 => Script::Digit,
        0x41..=0x5A | 0x61..=0x7A | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Script::Latin,
        0xC0..=0x24F if u != 0xD7 && u != 0xF7 => Script::Latin,
        0x1E00..=0x1EFF => Script::Latin,
        0x370..=0x3FF => Script::Greek,
        0x400..=0x4FF => Script::Cyrillic,
        0x1100..=0x11FF
        | 0x3130..=0x318F
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7AF
        | 0xD7B0..=0xD7FF
        | 0xFFA0..=0xFFDC => Script::Hangul,
        0x3041..=0x309F => Script::Hiragana,
        // U+30FC (prolonged sound mark) sits in the Katakana block and mostly follows katakana.
        0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Katakana,
        0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF
        | 0x3005
        | 0x3007 => Script::Han,
        _ if c.is_whitespace() => Script::Space,
        _ if c.is_numeric() => Script::Digit,
        _ => Script::Other,
    }
}

/// Whether `text` holds at least `n` runs of Latin letters. Every Latin word
/// the tokenizer finds holds at least one run of its own, so fewer runs than
/// `n` means fewer than `n` Latin words: a cheap test that lets callers skip
/// the full analysis of text that cannot meet a word-count threshold.
pub fn has_latin_runs(text: &str, n: usize) -> bool {
    if n == 0 {
        return true;
    }
    let mut runs = 0;
    let mut in_run = false;
    for c in text.chars() {
        let latin = if c.is_ascii() {
            c.is_ascii_alphabetic()
        } else {
            is_latin_letter(c)
        };
        if latin && !in_run {
            runs += 1;
            if runs >= n {
                return true;
            }
        }
        in_run = latin;
    }
    false
}

/// How many letters of each kind a text holds (digits, spaces and punctuation are not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScriptCounts {
    pub latin: usize,
    pub hangul: usize,
    pub kana: usize,
    pub han: usize,
    pub other_letters: usize,
}

impl ScriptCounts {
    pub fn of(text: &str) -> ScriptCounts {
        let mut n = ScriptCounts::default();
        for c in text.chars() {
            match script_of(c) {
                Script::Latin => n.latin += 1,
                Script::Hangul => n.hangul += 1,
                Script::Hiragana | Script::Katakana => n.kana += 1,
                Script::Han => n.han += 1,
                Script::Cyrillic | Script::Greek => n.other_letters += 1,
                Script::Digit | Script::Space | Script::Other => {}
            }
        }
        n
    }

    /// Letters of the CJK scripts together.
    pub fn cjk(&self) -> usize {
        self.hangul + self.kana + self.han
    }

    /// Letters written in the native scripts of `locale` (see [`native_scripts`]).
    pub fn native(&self, locale: &str) -> usize {
        match base_locale(locale) {
            "ko" => self.hangul + self.han,
            "ja" => self.kana + self.han,
            "zh" => self.han,
            _ => 0,
        }
    }
}

/// The scripts a page in `locale` is written in, besides Latin loanwords.
pub fn native_scripts(locale: &str) -> &'static [Script] {
    match base_locale(locale) {
        "ko" => &[Script::Hangul, Script::Han],
        "ja" => &[Script::Hiragana, Script::Katakana, Script::Han],
        "zh" => &[Script::Han],
        _ => &[],
    }
}

/// True when `c` is written in one of the native scripts of `locale`.
pub fn is_native(c: char, locale: &str) -> bool {
    native_scripts(locale).contains(&script_of(c))
}

/// "ko-KR" -> "ko", "zh-Hans" -> "zh", "pt_BR" -> "pt"; lowercase ASCII.
pub fn base_locale(locale: &str) -> &str {
    let end = locale.find(['-', '_']).unwrap_or(locale.len());
    let base = &locale[..end];
    // Locale tags are ASCII; a match on the common ones avoids allocating.
    match base {
        "KO" | "Ko" => "ko",
        "JA" | "Ja" => "ja",
        "ZH" | "Zh" => "zh",
        "EN" | "En" => "en",
        _ => base,
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {

    #[test]
    fn fast_script_tests_agree_with_script_of() {
        use super::{Script, is_hangul, is_latin_letter, script_of};
        for u in (0..0x3_0000u32).filter_map(char::from_u32) {
            assert_eq!(is_latin_letter(u), script_of(u) == Script::Latin, "{u:?}");
            assert_eq!(is_hangul(u), script_of(u) == Script::Hangul, "{u:?}");
        }
    }

    #[test]
    fn latin_runs_never_undercount_words() {
        use super::has_latin_runs;
        assert!(has_latin_runs("request a new SSL certificate하는 방법", 3));
        assert!(has_latin_runs("Let's go café", 3));
        assert!(!has_latin_runs("SSL 및 보안 설정", 2));
        assert!(has_latin_runs("SSL 및 보안 설정", 1));
        assert!(has_latin_runs("", 0));
        assert!(!has_latin_runs("안녕하세요", 1));
    }

    use super::*;

    #[test]
    fn classifies_scripts() {
        assert_eq!(script_of('a'), Script::Latin);
        assert_eq!(script_of('é'), Script::Latin);
        assert_eq!(script_of('한'), Script::Hangul);
        assert_eq!(script_of('ㄱ'), Script::Hangul);
        assert_eq!(script_of('か'), Script::Hiragana);
        assert_eq!(script_of('カ'), Script::Katakana);
        assert_eq!(script_of('ー'), Script::Katakana);
        assert_eq!(script_of('漢'), Script::Han);
        assert_eq!(script_of('々'), Script::Han);
        assert_eq!(script_of('7'), Script::Digit);
        assert_eq!(script_of(' '), Script::Space);
        assert_eq!(script_of('?'), Script::Other);
        assert_eq!(script_of('？'), Script::Other);
        assert_eq!(script_of('×'), Script::Other);
        assert_eq!(script_of('📋'), Script::Other);
    }

    #[test]
    fn counts_letters() {
        let n = ScriptCounts::of("React 컴포넌트 1개");
        assert_eq!(n.latin, 5);
        assert_eq!(n.hangul, 5);
        assert_eq!(n.native("ko"), 5);
        assert_eq!(ScriptCounts::of("設定する").native("ja"), 4);
        assert_eq!(ScriptCounts::of("设置").native("zh-Hans"), 2);
    }

    #[test]
    fn base_locales() {
        assert_eq!(base_locale("ko"), "ko");
        assert_eq!(base_locale("zh-Hans"), "zh");
        assert_eq!(base_locale("ja_JP"), "ja");
        assert_eq!(base_locale("KO"), "ko");
    }
}
