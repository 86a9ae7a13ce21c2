//! Locale tags, and which language a page's letters point at.

use super::script::ScriptCounts;

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

/// How many bytes of a page [`PageScripts::of`] reads: the first 16 KiB say
/// which language a page is in as well as the whole.
pub const PAGE_SAMPLE: usize = 16 * 1024;

/// The letters of a page's first [`PAGE_SAMPLE`] bytes, by script: what its
/// language is guessed from. The counting is [`ScriptCounts`]'s (the one
/// script table); this only bounds the work on long pages.
#[derive(Debug, Clone, Copy)]
pub struct PageScripts;

impl PageScripts {
    pub fn of(text: &str) -> ScriptCounts {
        let mut end = text.len().min(PAGE_SAMPLE);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        ScriptCounts::of(&text[..end])
    }
}

// Which language letter counts point at (here, with the locales they name).
impl ScriptCounts {
    /// The language the counts point at; English unless a CJK script is a
    /// real part of the text (one CJK character carries about as much as a
    /// short English word, so the bar is low but not trivial).
    pub fn dominant(&self) -> Locale {
        let cjk = self.cjk();
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
