//! Single-byte code pages that UTF-8 text is commonly misread as.
//!
//! Each page gets a decode table (byte -> char, `None` where the page leaves
//! the byte undefined) and a reverse map (char -> byte), both built once on
//! first use. The reverse map also takes the C1 control U+0080..U+009F back to
//! its byte for the undefined bytes, because that is what a decoder that keeps
//! undefined bytes (every browser) writes for them.
//!
//! The windows-125x and Macintosh tables come from `encoding_rs` (WHATWG). WHATWG
//! maps the label ISO-8859-1 to windows-1252, so the true ISO-8859-1 (every byte
//! is the code point of the same value, 0x80..0x9F being C1 controls) is built
//! here from its definition.

use std::sync::LazyLock;

/// A single-byte code page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CodePage {
    Windows1252,
    Windows1254,
    Windows1250,
    Windows1251,
    Windows1253,
    Windows1257,
    /// ISO-8859-1 proper: 0x80..0x9F are the C1 controls.
    Latin1,
    MacRoman,
}

impl CodePage {
    /// All pages, in the order used to break ties when several explain a run
    /// equally well (the most common misreading first).
    pub const ALL: [CodePage; 8] = [
        CodePage::Windows1252,
        CodePage::Windows1254,
        CodePage::Latin1,
        CodePage::Windows1250,
        CodePage::Windows1251,
        CodePage::Windows1253,
        CodePage::Windows1257,
        CodePage::MacRoman,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CodePage::Windows1252 => "Windows-1252",
            CodePage::Windows1254 => "Windows-1254",
            CodePage::Windows1250 => "Windows-1250",
            CodePage::Windows1251 => "Windows-1251",
            CodePage::Windows1253 => "Windows-1253",
            CodePage::Windows1257 => "Windows-1257",
            CodePage::Latin1 => "ISO-8859-1",
            CodePage::MacRoman => "Mac OS Roman",
        }
    }

    fn index(self) -> usize {
        match self {
            CodePage::Windows1252 => 0,
            CodePage::Windows1254 => 1,
            CodePage::Latin1 => 2,
            CodePage::Windows1250 => 3,
            CodePage::Windows1251 => 4,
            CodePage::Windows1253 => 5,
            CodePage::Windows1257 => 6,
            CodePage::MacRoman => 7,
        }
    }

    fn table(self) -> &'static Table {
        &TABLES[self.index()]
    }

    /// The character this page shows for `byte`, `None` when the page leaves it undefined.
    pub fn decode_byte(self, byte: u8) -> Option<char> {
        self.table().decode[usize::from(byte)]
    }

    /// The byte that this page decodes to `c` (ASCII maps to itself; a C1
    /// control maps to the undefined byte of the same value).
    pub fn encode_char(self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return u8::try_from(c).ok();
        }
        let cp = usize::try_from(u32::from(c)).ok()?;
        match self.table().encode.get(cp) {
            Some(&b) if b != 0 => Some(b),
            _ => None,
        }
    }

    /// Bytes the page leaves undefined: what a lossy round trip drops or replaces.
    pub fn undefined_bytes(self) -> &'static [u8] {
        &self.table().undefined
    }

    /// Whether `c` is a character this page can produce from a byte >= 0x80.
    pub fn is_high_char(self, c: char) -> bool {
        self.encode_char(c).is_some_and(|b| b >= 0x80)
    }
}

struct Table {
    decode: [Option<char>; 256],
    /// Dense over the BMP (every page's characters are there): 0 = not in the page.
    encode: Vec<u8>,
    undefined: Vec<u8>,
}

static TABLES: LazyLock<Vec<Table>> = LazyLock::new(|| {
    let mut pages = CodePage::ALL;
    pages.sort_by_key(|p| p.index());
    pages.iter().map(|&p| build(p)).collect()
});

fn build(page: CodePage) -> Table {
    let whatwg = match page {
        CodePage::Windows1252 => Some(encoding_rs::WINDOWS_1252),
        CodePage::Windows1254 => Some(encoding_rs::WINDOWS_1254),
        CodePage::Windows1250 => Some(encoding_rs::WINDOWS_1250),
        CodePage::Windows1251 => Some(encoding_rs::WINDOWS_1251),
        CodePage::Windows1253 => Some(encoding_rs::WINDOWS_1253),
        CodePage::Windows1257 => Some(encoding_rs::WINDOWS_1257),
        CodePage::MacRoman => Some(encoding_rs::MACINTOSH),
        CodePage::Latin1 => None,
    };
    let mut decode = [None; 256];
    let mut encode = vec![0u8; 0x10000];
    let mut put = |c: char, b: u8| {
        if let Ok(cp) = usize::try_from(u32::from(c))
            && cp < 0x10000
        {
            encode[cp] = b;
        }
    };
    let mut undefined = Vec::new();
    for byte in 0u8..=255 {
        let c = match whatwg {
            // ISO-8859-1 proper: the byte value is the code point.
            None => Some(char::from(byte)),
            Some(enc) => enc
                .decode_without_bom_handling_and_without_replacement(&[byte])
                .and_then(|s| s.chars().next()),
        };
        // WHATWG fills the bytes Microsoft leaves undefined with the C1 control
        // of the same value; for our purposes those bytes are undefined.
        let defined = match c {
            Some(ch) => whatwg.is_none() || !('\u{80}'..='\u{9f}').contains(&ch),
            None => false,
        };
        if defined {
            decode[usize::from(byte)] = c;
            if let Some(ch) = c
                && byte >= 0x80
            {
                put(ch, byte);
            }
        } else {
            undefined.push(byte);
            if (0x80..=0x9f).contains(&byte) {
                put(char::from(byte), byte);
            }
        }
    }
    Table {
        decode,
        encode,
        undefined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1254_undefined_bytes_match_the_microsoft_table() {
        assert_eq!(
            CodePage::Windows1254.undefined_bytes(),
            &[0x81, 0x8d, 0x8e, 0x8f, 0x90, 0x9d, 0x9e]
        );
        assert_eq!(
            CodePage::Windows1252.undefined_bytes(),
            &[0x81, 0x8d, 0x8f, 0x90, 0x9d]
        );
        assert_eq!(CodePage::Windows1251.undefined_bytes(), &[0x98]);
        assert!(CodePage::Latin1.undefined_bytes().is_empty());
        assert!(CodePage::MacRoman.undefined_bytes().is_empty());
    }

    #[test]
    fn round_trips_every_defined_byte() {
        for page in CodePage::ALL {
            for byte in 0x80u8..=0xff {
                if let Some(c) = page.decode_byte(byte) {
                    assert_eq!(page.encode_char(c), Some(byte), "{page:?} {byte:#x}");
                }
            }
        }
    }

    #[test]
    fn known_characters() {
        assert_eq!(CodePage::Windows1254.decode_byte(0xf0), Some('ğ'));
        assert_eq!(CodePage::Windows1252.decode_byte(0xf0), Some('ð'));
        assert_eq!(CodePage::Latin1.decode_byte(0x85), Some('\u{85}'));
        assert_eq!(CodePage::MacRoman.decode_byte(0xa5), Some('•'));
        assert_eq!(CodePage::MacRoman.decode_byte(0x80), Some('Ä'));
        assert_eq!(CodePage::Windows1252.encode_char('\u{81}'), Some(0x81));
        assert_eq!(CodePage::Windows1252.encode_char('한'), None);
    }
}
