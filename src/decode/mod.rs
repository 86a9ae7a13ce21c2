//! Bytes to text, and where text sits in a file.
//!
//! Everything downstream works on UTF-8 `String`s and byte offsets, so this
//! module is the one place that knows about BOMs, UTF-16 and legacy code pages.
//! Decoding never fails: a file is either text (perhaps with replacement
//! characters, recorded in `had_errors`) or binary, which is skipped.

use crate::lang::script;
use encoding_rs::Encoding;
use std::ops::Range;
use std::sync::Arc;

/// How the bytes of a file were turned into text.
#[derive(Debug, Clone)]
pub struct EncodingInfo {
    /// The encoding the bytes were read as.
    pub encoding: &'static Encoding,
    /// The file started with a byte order mark (kept when the file is written back).
    pub bom: bool,
    /// Some bytes could not be decoded and became U+FFFD.
    pub had_errors: bool,
    /// How the encoding was determined.
    pub detection: Detection,
    /// In UTF-8 with damage, each invalid sequence: what a finding shows
    /// of bytes the text only holds as U+FFFD.
    pub invalid: Arc<[InvalidUtf8]>,
}

/// Two infos are equal when they write text back as the same bytes; where
/// the invalid sequences sit moves with every edit and is not part of that.
impl PartialEq for EncodingInfo {
    fn eq(&self, other: &Self) -> bool {
        self.encoding == other.encoding
            && self.bom == other.bom
            && self.had_errors == other.had_errors
            && self.detection == other.detection
    }
}

impl Eq for EncodingInfo {}

/// An invalid UTF-8 sequence: the offset in the text of the U+FFFD it
/// became, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidUtf8 {
    pub at: usize,
    pub bytes: Box<[u8]>,
}

/// The invalid sequences of UTF-8 `bytes` (without a BOM), where each sits
/// in the text [`decode`] makes of them (one U+FFFD per sequence).
fn invalid_sequences(bytes: &[u8]) -> Arc<[InvalidUtf8]> {
    let mut at = 0;
    let mut out = Vec::new();
    for chunk in bytes.utf8_chunks() {
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            out.push(InvalidUtf8 {
                at,
                bytes: chunk.invalid().into(),
            });
            at += '\u{FFFD}'.len_utf8();
        }
    }
    out.into()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detection {
    /// Valid UTF-8 without a BOM.
    Utf8,
    /// A byte order mark.
    Bom,
    /// NUL byte pattern of BOM-less UTF-16.
    Utf16Pattern,
    /// Statistical detection (chardetng).
    Guessed,
    /// Statistical detection of bytes of which many are valid UTF-8
    /// characters: perhaps UTF-8 with heavy damage, so no certain rewrite.
    GuessedOverUtf8,
}

impl Default for EncodingInfo {
    fn default() -> Self {
        EncodingInfo {
            encoding: encoding_rs::UTF_8,
            bom: false,
            had_errors: false,
            detection: Detection::Utf8,
            invalid: Arc::from([]),
        }
    }
}

impl EncodingInfo {
    pub fn is_utf8(&self) -> bool {
        self.encoding == encoding_rs::UTF_8
    }
}

/// The result of reading a file's bytes.
#[derive(Debug)]
pub enum Decoded {
    Text {
        text: String,
        info: EncodingInfo,
    },
    /// NUL bytes that do not fit UTF-16: not a text file.
    Binary,
}

/// Turns bytes into text. Linear in the input size.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        let invalid = if had_errors && encoding == encoding_rs::UTF_8 {
            invalid_sequences(body)
        } else {
            Arc::from([])
        };
        return Decoded::Text {
            text: text.into_owned(),
            info: EncodingInfo {
                encoding,
                bom: true,
                had_errors,
                detection: Detection::Bom,
                invalid,
            },
        };
    }
    // A NUL never occurs in text files except in UTF-16, so check it first: this
    // also keeps binary files away from the (slower) detector.
    if memchr_nul(bytes) {
        return match utf16_by_nul_pattern(bytes) {
            Some(encoding) => {
                let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
                Decoded::Text {
                    text: text.into_owned(),
                    info: EncodingInfo {
                        encoding,
                        bom: false,
                        had_errors,
                        detection: Detection::Utf16Pattern,
                        invalid: Arc::from([]),
                    },
                }
            }
            None => Decoded::Binary,
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded::Text {
            text: s.to_owned(),
            info: EncodingInfo::default(),
        },
        Err(_) if mostly_utf8(bytes) => Decoded::Text {
            text: String::from_utf8_lossy(bytes).into_owned(),
            info: EncodingInfo {
                had_errors: true,
                invalid: invalid_sequences(bytes),
                ..EncodingInfo::default()
            },
        },
        Err(_) => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            Decoded::Text {
                text: text.into_owned(),
                info: EncodingInfo {
                    encoding,
                    bom: false,
                    had_errors,
                    detection: if maybe_utf8(bytes) {
                        Detection::GuessedOverUtf8
                    } else {
                        Detection::Guessed
                    },
                    invalid: Arc::from([]),
                },
            }
        }
    }
}

/// Valid multi-byte UTF-8 characters per invalid sequence from which a file
/// is UTF-8 with damage rather than a legacy code page. Legacy Korean,
/// Japanese and Chinese text forms a valid UTF-8 sequence by chance for
/// roughly one character in ten, so it stays far below this.
const UTF8_EVIDENCE: usize = 4;

/// UTF-8 with a few invalid bytes (a truncated character, a stray byte): the
/// valid multi-byte characters outnumber the invalid sequences many times.
/// Reading such a file with a code page would garble every other character,
/// and a fix that re-encoded it would make that permanent.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (valid, invalid) = utf8_evidence(bytes);
    valid > 0 && valid >= invalid.saturating_mul(UTF8_EVIDENCE)
}

/// Valid multi-byte UTF-8 characters, and invalid sequences, in `bytes`.
fn utf8_evidence(bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    (valid, invalid)
}

/// Legacy text forms valid UTF-8 characters for about one character in
/// ten; at half as many valid characters as invalid sequences or more, the
/// bytes may as well be damaged UTF-8.
fn maybe_utf8(bytes: &[u8]) -> bool {
    let (valid, invalid) = utf8_evidence(bytes);
    valid > 0 && valid.saturating_mul(2) >= invalid
}

/// Where the bytes of UTF-8 text (decoded with U+FFFD for each invalid
/// sequence, as [`decode`] does) sit in the file: each piece is
/// `(text range, byte range)`, valid pieces byte for byte, an invalid
/// sequence as the one U+FFFD it became. `None` when `text` is not what the
/// bytes decode to.
pub fn utf8_pieces(bytes: &[u8], text: &str) -> Option<Vec<(Range<usize>, Range<usize>)>> {
    let mut pieces = Vec::new();
    let (mut t, mut b) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        let v = chunk.valid();
        if !v.is_empty() {
            if text.get(t..t + v.len())? != v {
                return None;
            }
            pieces.push((t..t + v.len(), b..b + v.len()));
            t += v.len();
            b += v.len();
        }
        let bad = chunk.invalid();
        if !bad.is_empty() {
            let r = '\u{FFFD}'.len_utf8();
            if text.get(t..t + r)? != "\u{FFFD}" {
                return None;
            }
            pieces.push((t..t + r, b..b + bad.len()));
            t += r;
            b += bad.len();
        }
    }
    (t == text.len()).then_some(pieces)
}

fn memchr_nul(bytes: &[u8]) -> bool {
    memchr::memchr(0, bytes).is_some()
}

/// BOM-less UTF-16: text in mostly-ASCII or mostly-BMP scripts has NULs in
/// a regular position (high byte of ASCII code units). Requires an even
/// length and that NULs sit overwhelmingly on one parity.
fn utf16_by_nul_pattern(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in sample.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let units = sample.len() / 2;
    // Little-endian ASCII puts the NUL in the odd byte; a binary file has NULs
    // on both. Text in Hangul, kana or Han has NULs only in its spaces, line
    // breaks and ASCII words: far fewer, so a sparse pattern is accepted only
    // when the decoded text reads as letters (below).
    // (A syllable such as 밀, U+BC00, puts a NUL on the other parity.)
    let (candidate, dense) = if odd > even * 4 {
        (encoding_rs::UTF_16LE, odd > even * 20 && odd * 4 >= units)
    } else if even > odd * 4 {
        (encoding_rs::UTF_16BE, even > odd * 20 && even * 4 >= units)
    } else {
        return None;
    };
    // Reject if decoding yields control characters a text file would not contain.
    let (text, had_errors) = candidate.decode_without_bom_handling(sample);
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if had_errors && sample.len() == bytes.len() || controls * 100 > units {
        return None;
    }
    if !dense && (had_errors || !mostly_letters(&text)) {
        return None;
    }
    Some(candidate)
}

/// Whether nearly every character of `text` is a letter, digit, space or
/// punctuation of a script people write: the code units of a binary file read
/// as UTF-16 scatter over unassigned, private-use and rare blocks instead.
fn mostly_letters(text: &str) -> bool {
    let (mut total, mut odd) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        let usual = c.is_ascii_graphic()
            || c.is_whitespace()
            || script::script_of(c) != script::Script::Other
            || script::is_cjk_punct(c)
            || matches!(c, '\u{2010}'..='\u{206f}');
        odd += usize::from(!usual);
    }
    total >= 8 && odd * 50 <= total
}

/// Encodes text back into a file's encoding. `None` when the text contains
/// characters the encoding cannot represent (the caller then leaves the file alone).
pub fn encode(text: &str, info: &EncodingInfo) -> Option<Vec<u8>> {
    let enc = info.encoding;
    let mut out = Vec::with_capacity(text.len() + 3);
    if enc == encoding_rs::UTF_8 {
        if info.bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        out.extend_from_slice(text.as_bytes());
        return Some(out);
    }
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        let le = enc == encoding_rs::UTF_16LE;
        let mut push = |u: u16| {
            let b = if le { u.to_le_bytes() } else { u.to_be_bytes() };
            out.extend_from_slice(&b);
        };
        if info.bom {
            push(0xFEFF);
        }
        for u in text.encode_utf16() {
            push(u);
        }
        return Some(out);
    }
    let (bytes, _, unmappable) = enc.encode(text);
    if unmappable {
        return None;
    }
    Some(bytes.into_owned())
}

/// Byte offsets of line starts, for turning offsets into line/column.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 0-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(0)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// (line, column), both 1-based; the column counts characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_plain() {
        let Decoded::Text { text, info } = decode("안녕".as_bytes()) else {
            panic!()
        };
        assert_eq!(text, "안녕");
        assert!(info.is_utf8() && !info.bom);
    }

    #[test]
    fn utf8_bom_is_stripped_and_remembered() {
        let Decoded::Text { text, info } = decode(b"\xEF\xBB\xBFhi") else {
            panic!()
        };
        assert_eq!(text, "hi");
        assert!(info.bom);
        assert_eq!(encode(&text, &info).unwrap(), b"\xEF\xBB\xBFhi");
    }

    #[test]
    fn utf16_without_bom() {
        let bytes: Vec<u8> = "# 제목\nhello world\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let Decoded::Text { text, info } = decode(&bytes) else {
            panic!("not text")
        };
        assert_eq!(text, "# 제목\nhello world\n");
        assert_eq!(info.encoding, encoding_rs::UTF_16LE);
        assert_eq!(encode(&text, &info).unwrap(), bytes);
    }

    #[test]
    fn utf16_without_bom_of_mostly_korean() {
        // One NUL in about ten code units: the spaces and the line breaks.
        let page = "# 자주 묻는 질문\n\n비밀번호를 잊어버렸습니다. 계정 설정에서 비밀번호를 다시 설정하세요.\n";
        for (bytes, want) in [
            (
                page.encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>(),
                encoding_rs::UTF_16LE,
            ),
            (
                page.encode_utf16().flat_map(u16::to_be_bytes).collect(),
                encoding_rs::UTF_16BE,
            ),
        ] {
            let Decoded::Text { text, info } = decode(&bytes) else {
                panic!("not text")
            };
            assert_eq!(text, page);
            assert_eq!(info.encoding, want);
        }
    }

    #[test]
    fn sparse_nuls_on_one_parity_are_not_enough() {
        // NULs only in odd bytes, as UTF-16LE would put them, but the code
        // units between them are no text.
        let bytes: Vec<u8> = (0u8..200)
            .flat_map(|i| {
                if i % 10 == 0 {
                    [b' ', 0]
                } else {
                    [i.wrapping_mul(37) | 1, 0xe0 | (i % 16)]
                }
            })
            .collect();
        assert!(matches!(decode(&bytes), Decoded::Binary));
    }

    #[test]
    fn binary_is_binary() {
        let bytes = [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 0, 0, 7, 0];
        assert!(matches!(decode(&bytes), Decoded::Binary));
    }

    #[test]
    fn euc_kr_detected() {
        let (bytes, _, _) = encoding_rs::EUC_KR.encode("# 자주 묻는 질문\n\n비밀번호를 잊어버렸습니다. 계정 설정에서 비밀번호를 다시 설정하세요.\n");
        let Decoded::Text { text, info } = decode(&bytes) else {
            panic!()
        };
        assert_eq!(info.encoding, encoding_rs::EUC_KR);
        assert!(text.contains("비밀번호"));
    }

    #[test]
    fn utf8_with_a_stray_byte_is_damaged_utf8() {
        let bytes = b"# \xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94\n\n\xeb\xb3\xb8\xeb\xac\xb8 \xff \xea\xb3\x84\xec\x86\x8d\n";
        let Decoded::Text { text, info } = decode(bytes) else {
            panic!()
        };
        assert!(info.is_utf8() && info.had_errors);
        assert_eq!(text, "# 안녕하세요\n\n본문 \u{FFFD} 계속\n");
        assert_eq!(
            &*info.invalid,
            &[InvalidUtf8 {
                at: 26,
                bytes: Box::from(&b"\xff"[..])
            }]
        );
        let pieces = utf8_pieces(bytes, &text).unwrap();
        assert!(pieces.contains(&(26..29, 26..27)), "{pieces:?}");
    }

    #[test]
    fn legacy_text_stays_legacy() {
        for (enc, s) in [
            (
                encoding_rs::EUC_KR,
                "# 자주 묻는 질문\n\n비밀번호를 잊어버렸습니다. 계정 설정에서 비밀번호를 다시 설정하세요.\n",
            ),
            (
                encoding_rs::SHIFT_JIS,
                "# よくある質問\n\nパスワードを忘れた場合は、アカウント設定から再設定してください。\n",
            ),
            (
                encoding_rs::GBK,
                "# 常见问题\n\n如果忘记密码，请在账户设置中重新设置密码。\n",
            ),
        ] {
            let (bytes, _, _) = enc.encode(s);
            assert!(!mostly_utf8(&bytes), "{}", enc.name());
        }
    }

    #[test]
    fn line_col_counts_chars() {
        let t = "ab\n가나다x";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 0), (1, 1));
        assert_eq!(idx.line_col(t, 3), (2, 1));
        assert_eq!(idx.line_col(t, 3 + 9), (2, 4));
    }
}
