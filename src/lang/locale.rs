//! Locale tags, and which language a page's letters point at.

/// A BCP 47-ish locale tag as used in paths ("ko", "ja", "zh-Hans", "pt-BR").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Locale(String);

impl Default for Locale {
    fn default() -> Self {
        Locale("en".to_string())
    }
}

impl Locale {
    pub fn new(tag: &str) -> Locale {
        Locale(tag.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag, lowercased ("zh-Hans" -> "zh").
    pub fn language(&self) -> String {
        self.0
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    }

    pub fn is_english(&self) -> bool {
        self.language() == "en"
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Counts of letters by script, for guessing a page's language.
#[derive(Debug, Default, Clone, Copy)]
pub struct PageScripts {
    pub latin: usize,
    pub hangul: usize,
    pub kana: usize,
    pub han: usize,
    pub other: usize,
}

impl PageScripts {
    pub fn of(text: &str) -> PageScripts {
        // Byte-level: this runs over every page without a locale in its path,
        // and nearly all letters are ASCII or 3-byte (BMP) sequences.
        let mut c = PageScripts::default();
        // The first 16 KiB say which language a page is in as well as the whole.
        let b = &text.as_bytes()[..text.len().min(16 * 1024)];
        let mut i = 0;
        while i < b.len() {
            let x = b[i];
            if x < 0x80 {
                c.latin += usize::from(x.is_ascii_alphabetic());
                i += 1;
            } else if x & 0xF0 == 0xE0 && i + 2 < b.len() {
                let cp = (u32::from(x & 0x0F) << 12)
                    | (u32::from(b[i + 1] & 0x3F) << 6)
                    | u32::from(b[i + 2] & 0x3F);
                match cp {
                    0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F => c.hangul += 1,
                    0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9D => c.kana += 1,
                    0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF => c.han += 1,
                    _ => {}
                }
                i += 3;
            } else {
                if x >= 0xC0 {
                    c.other += 1;
                }
                i += match x {
                    0xC0..=0xDF => 2,
                    0xF0..=0xF7 => 4,
                    _ => 1,
                };
            }
        }
        c
    }

    /// The language the counts point at; English unless a CJK script is a
    /// real part of the text (one CJK character carries about as much as a
    /// short English word, so the bar is low but not trivial).
    pub fn dominant(&self) -> Locale {
        let cjk = self.hangul + self.kana + self.han;
        if cjk < 8 || cjk * 12 < self.latin {
            return Locale::default();
        }
        self.cjk_language()
    }

    /// Which of Korean, Japanese and Chinese the CJK letters point at,
    /// however few they are.
    pub fn cjk_language(&self) -> Locale {
        if self.hangul >= self.kana && self.hangul * 2 >= self.han {
            Locale::new("ko")
        } else if self.kana * 10 >= self.han {
            Locale::new("ja")
        } else {
            Locale::new("zh")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_detection() {
        assert_eq!(
            PageScripts::of("자주 묻는 질문과 답변입니다 SSL")
                .dominant()
                .as_str(),
            "ko"
        );
        assert_eq!(
            PageScripts::of("よくある質問とその答えです")
                .dominant()
                .as_str(),
            "ja"
        );
        assert_eq!(
            PageScripts::of("常见问题及其解答说明文档")
                .dominant()
                .as_str(),
            "zh"
        );
        assert_eq!(
            PageScripts::of("Plain English text about 한국")
                .dominant()
                .as_str(),
            "en"
        );
    }
}
