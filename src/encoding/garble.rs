//! The defects themselves, run forwards: take good text through a wrong
//! decode. Used by the tests, the property tests and the self-test to make
//! mojibake whose repair is known.

use super::codepage::CodePage;
use super::dbcs::Dbcs;

/// What the faulty decoder did with bytes the code page leaves undefined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Undefined {
    /// Kept as the C1 control of the same value (browsers, WHATWG).
    KeepC1,
    /// Deleted.
    Drop,
    /// Replaced by U+FFFD.
    Fffd,
    /// Replaced by "?".
    Question,
}

/// How one wrong single-byte decode treated the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SingleByteOptions {
    pub undefined: Undefined,
    /// U+00A0 written as a plain space.
    pub nbsp_to_space: bool,
    /// U+00AD (byte 0xAD) deleted.
    pub strip_soft_hyphen: bool,
}

impl SingleByteOptions {
    pub const LOSSLESS: SingleByteOptions = SingleByteOptions {
        undefined: Undefined::KeepC1,
        nbsp_to_space: false,
        strip_soft_hyphen: false,
    };
}

/// Decodes `bytes` with a single-byte page.
pub fn decode_single(bytes: &[u8], page: CodePage, opts: SingleByteOptions) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        match page.decode_byte(b) {
            Some('\u{a0}') if opts.nbsp_to_space => out.push(' '),
            Some('\u{ad}') if opts.strip_soft_hyphen => {}
            Some(c) => out.push(c),
            None => match opts.undefined {
                Undefined::KeepC1 => {
                    if (0x80..=0x9f).contains(&b) {
                        out.push(char::from(b));
                    } else {
                        out.push('\u{fffd}');
                    }
                }
                Undefined::Drop => {}
                Undefined::Fffd => out.push('\u{fffd}'),
                Undefined::Question => out.push('?'),
            },
        }
    }
    out
}

/// UTF-8 text decoded with a single-byte page and saved again as UTF-8.
pub fn utf8_as_single(s: &str, page: CodePage, opts: SingleByteOptions) -> String {
    decode_single(s.as_bytes(), page, opts)
}

/// UTF-8 text decoded with a double-byte encoding (malformed sequences become U+FFFD).
pub fn utf8_as_dbcs(s: &str, dbcs: Dbcs) -> String {
    dbcs.decode_lossy(s.as_bytes())
}

/// Text saved in a double-byte encoding, then decoded with a single-byte page.
/// `None` when the text has characters the double-byte encoding lacks.
pub fn dbcs_as_single(
    s: &str,
    dbcs: Dbcs,
    page: CodePage,
    opts: SingleByteOptions,
) -> Option<String> {
    dbcs.encode_str(s).map(|b| decode_single(&b, page, opts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_defect() {
        let opts = SingleByteOptions {
            undefined: Undefined::Drop,
            nbsp_to_space: false,
            strip_soft_hyphen: true,
        };
        assert_eq!(utf8_as_single("및", CodePage::Windows1254, opts), "ë°");
        assert_eq!(utf8_as_single("원", CodePage::Windows1254, opts), "ì›");
        assert_eq!(
            utf8_as_single("é", CodePage::Windows1252, SingleByteOptions::LOSSLESS),
            "Ã©"
        );
    }

    #[test]
    fn euc_kr_read_as_windows_1252() {
        let s = dbcs_as_single(
            "안녕하세요",
            Dbcs::EucKr,
            CodePage::Windows1252,
            SingleByteOptions::LOSSLESS,
        );
        assert_eq!(s.as_deref(), Some("¾È³çÇÏ¼¼¿ä"));
    }
}
