//! Which writing system a character belongs to: the one script table.
//!
//! The translation rules ask one question over and over: is this run of text
//! in the page's own language (Hangul, Kana, Han) or in Latin script? Unicode's
//! Script property would answer it, but the standard library does not expose
//! it and the few blocks that matter for ko/ja/zh docs are stable, so the
//! ranges are listed here, once (`TABLE`). Everything else that asks "is
//! this Hangul / kana / an ideograph / a CJK letter" calls [`script_of`] or
//! one of the helpers below, never its own ranges: a second copy drifts (one
//! ended the Hangul syllables at U+D7FF, another at U+D7A3).

use std::ops::RangeInclusive;
use std::sync::LazyLock;

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

/// Which script the letters of each range belong to: the one script table.
///
/// The ranges are sorted and disjoint (a test checks it); [`script_of`]
/// finds a character's range by binary search. For the CJK scripts they are
/// exact: the letters Unicode 16.0 assigns to the script (`Scripts.txt`), so
/// unassigned code points, and the symbols and punctuation in a script's
/// blocks (circled Hangul, Kangxi radicals, the katakana middle dot `・`
/// U+30FB), are `Other`. Deliberate departures, each marked in the table:
/// - the kana voicing marks (U+3099..U+309C), the length marks (`ー` U+30FC,
///   `ｰ` U+FF70) and the halfwidth voicing marks (U+FF9E, U+FF9F) are in the
///   Common or Inherited script, but only kana words use them (their
///   `Script_Extensions` are Hiragana and Katakana), so they count as the kana
///   they sit in;
/// - Hangzhou numerals (U+3021..U+3029, U+3038..U+303A) are left to
///   [`Script::Digit`]: they are numbers, not letters;
/// - Latin, Greek and Cyrillic go by block (Basic Latin letters, Latin-1
///   Supplement without `×` and `÷`, Latin Extended-A and -B, Latin Extended
///   Additional, fullwidth Latin; Greek and Coptic; Cyrillic): the rules ask
///   only whether a word is Latin, never about the edges of these blocks.
#[rustfmt::skip]
const TABLE: &[(u32, u32, Script)] = &[
    (0x0041, 0x005A, Script::Latin),
    (0x0061, 0x007A, Script::Latin),
    (0x00C0, 0x00D6, Script::Latin),
    (0x00D8, 0x00F6, Script::Latin),
    (0x00F8, 0x024F, Script::Latin),
    (0x0370, 0x03FF, Script::Greek),      // block: Greek and Coptic
    (0x0400, 0x04FF, Script::Cyrillic),   // block: Cyrillic
    (0x1100, 0x11FF, Script::Hangul),     // Hangul Jamo
    (0x1E00, 0x1EFF, Script::Latin),      // Latin Extended Additional
    (0x3005, 0x3005, Script::Han),        // 々 iteration mark
    (0x3007, 0x3007, Script::Han),        // 〇 ideographic zero
    (0x303B, 0x303B, Script::Han),        // 〻 vertical iteration mark
    (0x3041, 0x3096, Script::Hiragana),
    (0x3099, 0x309C, Script::Hiragana),   // voicing marks (departure, see above)
    (0x309D, 0x309F, Script::Hiragana),
    (0x30A1, 0x30FA, Script::Katakana),
    (0x30FC, 0x30FC, Script::Katakana),   // ー prolonged sound mark (departure)
    (0x30FD, 0x30FF, Script::Katakana),
    (0x3131, 0x318E, Script::Hangul),     // Hangul Compatibility Jamo
    (0x31F0, 0x31FF, Script::Katakana),   // Katakana Phonetic Extensions
    (0x3400, 0x4DBF, Script::Han),        // CJK Extension A
    (0x4E00, 0x9FFF, Script::Han),        // CJK Unified Ideographs
    (0xA960, 0xA97C, Script::Hangul),     // Hangul Jamo Extended-A
    (0xAC00, 0xD7A3, Script::Hangul),     // Hangul Syllables (HANGUL_SYLLABLES)
    (0xD7B0, 0xD7C6, Script::Hangul),     // Hangul Jamo Extended-B
    (0xD7CB, 0xD7FB, Script::Hangul),
    (0xF900, 0xFA6D, Script::Han),        // CJK Compatibility Ideographs
    (0xFA70, 0xFAD9, Script::Han),
    (0xFF21, 0xFF3A, Script::Latin),      // fullwidth Latin
    (0xFF41, 0xFF5A, Script::Latin),
    (0xFF66, 0xFF9F, Script::Katakana),   // halfwidth katakana, ｰ and marks (departure)
    (0xFFA0, 0xFFBE, Script::Hangul),     // halfwidth Hangul
    (0xFFC2, 0xFFC7, Script::Hangul),
    (0xFFCA, 0xFFCF, Script::Hangul),
    (0xFFD2, 0xFFD7, Script::Hangul),
    (0xFFDA, 0xFFDC, Script::Hangul),
    (0x1AFF0, 0x1AFF3, Script::Katakana), // Kana Extended-B
    (0x1AFF5, 0x1AFFB, Script::Katakana),
    (0x1AFFD, 0x1AFFE, Script::Katakana),
    (0x1B000, 0x1B000, Script::Katakana), // Kana Supplement
    (0x1B001, 0x1B11F, Script::Hiragana), // hentaigana
    (0x1B120, 0x1B122, Script::Katakana), // Kana Extended-A
    (0x1B132, 0x1B132, Script::Hiragana), // Small Kana Extension
    (0x1B150, 0x1B152, Script::Hiragana),
    (0x1B155, 0x1B155, Script::Katakana),
    (0x1B164, 0x1B167, Script::Katakana),
    (0x20000, 0x2A6DF, Script::Han),      // CJK Extensions B to I
    (0x2A700, 0x2B739, Script::Han),
    (0x2B740, 0x2B81D, Script::Han),
    (0x2B820, 0x2CEA1, Script::Han),
    (0x2CEB0, 0x2EBE0, Script::Han),
    (0x2EBF0, 0x2EE5D, Script::Han),
    (0x2F800, 0x2FA1D, Script::Han),      // CJK Compatibility Ideographs Supplement
    (0x30000, 0x3134A, Script::Han),
    (0x31350, 0x323AF, Script::Han),
];

/// The precomposed Hangul syllables, 가 (U+AC00) to 힣 (U+D7A3): 19 initials
/// x 21 medials x 28 finals in order, which syllable arithmetic relies on.
pub const HANGUL_SYLLABLES: RangeInclusive<char> = '\u{AC00}'..='\u{D7A3}';

/// The script of one character.
pub fn script_of(c: char) -> Script {
    // Every page is scanned character by character: the Basic Multilingual
    // Plane is looked up in a table expanded once from `TABLE`.
    static BMP: LazyLock<Vec<Script>> = LazyLock::new(|| {
        (0u32..0x1_0000)
            .map(|u| char::from_u32(u).map_or(Script::Other, script_by_table))
            .collect()
    });
    match BMP.get(c as usize) {
        Some(&s) => s,
        None => script_by_table(c),
    }
}

/// [`script_of`] read from `TABLE` directly.
fn script_by_table(c: char) -> Script {
    if c.is_ascii() {
        return match c {
            'A'..='Z' | 'a'..='z' => Script::Latin,
            '0'..='9' => Script::Digit,
            _ if c.is_whitespace() => Script::Space,
            _ => Script::Other,
        };
    }
    let u = u32::from(c);
    let i = TABLE.partition_point(|&(_, last, _)| last < u);
    match TABLE.get(i) {
        Some(&(first, _, script)) if first <= u => script,
        _ if c.is_whitespace() => Script::Space,
        _ if c.is_numeric() => Script::Digit,
        _ => Script::Other,
    }
}

/// `script_of(c) == Script::Latin`.
pub fn is_latin_letter(c: char) -> bool {
    script_of(c) == Script::Latin
}

/// `script_of(c) == Script::Hangul`.
pub fn is_hangul(c: char) -> bool {
    script_of(c) == Script::Hangul
}

/// A letter of Hangul, kana or Han: `script_of(c).is_cjk()`.
pub fn is_cjk(c: char) -> bool {
    !c.is_ascii() && script_of(c).is_cjk()
}

/// Fullwidth and ideographic punctuation (`。`, `、`, `，`, `：`, `（`, `「`,
/// `・`...): what CJK text puts where English puts ASCII punctuation, and
/// what a translator turns `.` into. Not letters: [`script_of`] says `Other`.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{3003}'   // ideographic space, 、 。 〃
        | '\u{3008}'..='\u{3011}' // 〈 〉 《 》 「 」 『 』 【 】
        | '\u{3014}'..='\u{301F}' // 〔 〕 〖 〗 〘 〙 〚 〛 〜 〝 〞 〟
        | '\u{30FB}'              // ・ katakana middle dot
        | '\u{FF01}'..='\u{FF0F}' // fullwidth ! " # $ % & ' ( ) * + , - . /
        | '\u{FF1A}'..='\u{FF20}' // fullwidth : ; < = > ? @
        | '\u{FF3B}'..='\u{FF40}' // fullwidth [ \ ] ^ _ `
        | '\u{FF5B}'..='\u{FF65}') // fullwidth { | } ~, ｟ ｠, halfwidth ｡ ｢ ｣ ､ ･
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
            // Most letters of most pages are ASCII.
            if c.is_ascii() {
                n.latin += usize::from(c.is_ascii_alphabetic());
                continue;
            }
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
    fn expanded_table_agrees_with_the_ranges() {
        for u in 0..=0x10_FFFF_u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(script_of(c), script_by_table(c), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn table_is_sorted_and_disjoint() {
        use super::TABLE;
        for &(first, last, _) in TABLE {
            assert!(first <= last, "{first:X}..{last:X}");
            assert!(char::from_u32(first).is_some() && char::from_u32(last).is_some());
        }
        for w in TABLE.windows(2) {
            assert!(w[0].1 < w[1].0, "{:X} overlaps {:X}", w[0].1, w[1].0);
        }
    }

    #[test]
    fn range_edges_are_exact() {
        use super::{HANGUL_SYLLABLES, Script, is_cjk, script_of};
        assert_eq!(script_of(*HANGUL_SYLLABLES.start()), Script::Hangul);
        assert_eq!(script_of(*HANGUL_SYLLABLES.end()), Script::Hangul);
        assert_eq!(script_of('\u{D7A4}'), Script::Other, "unassigned after 힣");
        assert_eq!(script_of('\u{D7B0}'), Script::Hangul, "Jamo Extended-B");
        assert_eq!(script_of('\u{D7FF}'), Script::Other, "unassigned");
        assert_eq!(script_of('\u{3130}'), Script::Other, "unassigned");
        assert_eq!(script_of('ﾡ'), Script::Hangul, "halfwidth Hangul");
        assert_eq!(script_of('\u{3040}'), Script::Other, "unassigned");
        assert_eq!(script_of('゛'), Script::Hiragana, "voicing mark");
        assert_eq!(script_of('・'), Script::Other, "middle dot is punctuation");
        assert_eq!(script_of('ｰ'), Script::Katakana, "halfwidth length mark");
        assert_eq!(script_of('\u{4DC0}'), Script::Other, "hexagram symbol");
        assert_eq!(script_of('\u{FA6E}'), Script::Other, "unassigned");
        assert_eq!(script_of('𠀀'), Script::Han, "Extension B");
        assert_eq!(script_of('〡'), Script::Digit, "Hangzhou numeral");
        assert_eq!(script_of('㉠'), Script::Other, "circled Hangul is a symbol");
        assert_eq!(script_of('７'), Script::Digit);
        assert_eq!(script_of('\u{3000}'), Script::Space);
        assert!(is_cjk('ㄱ') && is_cjk('々') && !is_cjk('a') && !is_cjk('。'));
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
