//! East Asian double-byte encodings (EUC-KR/CP949, Shift_JIS, GBK, Big5).
//!
//! Two defects involve them: UTF-8 bytes read as one of these encodings (the
//! famous "占쏙옙"/"锟斤拷"/"鐃緒申", which are UTF-8 U+FFFD U+FFFD misread), and
//! bytes in one of these encodings read as Windows-1252 ("¾È³çÇÏ¼¼¿ä"). The
//! tables come from `encoding_rs`; the reverse map (char -> bytes) is a dense
//! array over the BMP built once, so that checking a run costs one array read
//! per character.

use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dbcs {
    EucKr,
    ShiftJis,
    Gbk,
    Big5,
    /// EUC-JP: the decoder behind "鐃緒申".
    EucJp,
}

impl Dbcs {
    pub const ALL: [Dbcs; 5] = [
        Dbcs::EucKr,
        Dbcs::ShiftJis,
        Dbcs::Gbk,
        Dbcs::Big5,
        Dbcs::EucJp,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dbcs::EucKr => "EUC-KR (CP949)",
            Dbcs::ShiftJis => "Shift_JIS",
            Dbcs::Gbk => "GBK",
            Dbcs::Big5 => "Big5",
            Dbcs::EucJp => "EUC-JP",
        }
    }

    pub(crate) fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            Dbcs::EucKr => encoding_rs::EUC_KR,
            Dbcs::ShiftJis => encoding_rs::SHIFT_JIS,
            Dbcs::Gbk => encoding_rs::GBK,
            Dbcs::Big5 => encoding_rs::BIG5,
            Dbcs::EucJp => encoding_rs::EUC_JP,
        }
    }

    fn index(self) -> usize {
        match self {
            Dbcs::EucKr => 0,
            Dbcs::ShiftJis => 1,
            Dbcs::Gbk => 2,
            Dbcs::Big5 => 3,
            Dbcs::EucJp => 4,
        }
    }

    /// Decodes `bytes`, `None` when any sequence is malformed or unmapped.
    pub fn decode_strict(self, bytes: &[u8]) -> Option<String> {
        self.encoding()
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(std::borrow::Cow::into_owned)
    }

    /// Decodes `bytes` the way a browser does: malformed sequences become U+FFFD.
    pub fn decode_lossy(self, bytes: &[u8]) -> String {
        self.encoding()
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    }

    /// The bytes of `c` in this encoding (ASCII is itself), or `None`.
    pub fn encode_char(self, c: char, out: &mut Vec<u8>) -> bool {
        if c.is_ascii() {
            out.push(c as u8);
            return true;
        }
        let Ok(cp) = u16::try_from(u32::from(c)) else {
            return false;
        };
        let v = MAPS[self.index()].encode[usize::from(cp)];
        match v {
            0 => false,
            1..=0xff => {
                out.push(v as u8);
                true
            }
            _ => {
                out.push((v >> 8) as u8);
                out.push((v & 0xff) as u8);
                true
            }
        }
    }

    /// Encodes a whole string, `None` when a character has no mapping.
    pub fn encode_str(self, s: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(s.len());
        for c in s.chars() {
            if !self.encode_char(c, &mut out) {
                return None;
            }
        }
        Some(out)
    }

    /// True when `c` is what this encoding shows for a UTF-8 lead byte
    /// (C2..F4) followed by a continuation byte: where a misread run starts.
    pub fn starts_utf8_garble(self, c: char) -> bool {
        starter_mask(c) & (1 << self.index()) != 0
    }
}

/// One bit per encoding (in `Dbcs::ALL` order): which encodings `c` can
/// start a misread UTF-8 run in. One table read, for the pre-filter.
pub fn starter_mask(c: char) -> u8 {
    match u16::try_from(u32::from(c)) {
        Ok(cp) => STARTERS[usize::from(cp)],
        Err(_) => 0,
    }
}

static STARTERS: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut out = vec![0u8; 0x10000];
    for (k, map) in MAPS.iter().enumerate() {
        for (cp, slot) in out.iter_mut().enumerate() {
            if map.starter[cp / 64] & (1u64 << (cp % 64)) != 0 {
                *slot |= 1 << k;
            }
        }
    }
    out
});

struct Map {
    /// BMP code point -> bytes: 0 unmapped, 0x80..0xFF a single byte, else lead << 8 | trail.
    encode: Vec<u16>,
    /// Bit set over the BMP of characters that start a misread UTF-8 run.
    starter: Vec<u64>,
}

static MAPS: LazyLock<Vec<Map>> = LazyLock::new(|| Dbcs::ALL.iter().map(|&d| build(d)).collect());

fn build(dbcs: Dbcs) -> Map {
    let enc = dbcs.encoding();
    let mut encode = vec![0u16; 0x10000];
    let mut starter = vec![0u64; 0x10000 / 64];
    let mut put = |c: char, v: u16, starts: bool, encode: &mut Vec<u16>| {
        if let Ok(cp) = u16::try_from(u32::from(c)) {
            let slot = &mut encode[usize::from(cp)];
            // Keep the first (lowest) byte sequence when a character has two.
            if *slot == 0 {
                *slot = v;
            }
            if starts {
                starter[usize::from(cp) / 64] |= 1u64 << (cp % 64);
            }
        }
    };
    for byte in 0x80u8..=0xff {
        if let Some(s) = enc.decode_without_bom_handling_and_without_replacement(&[byte])
            && let Some(c) = s.chars().next()
            && s.chars().count() == 1
        {
            put(
                c,
                u16::from(byte),
                (0xc2..=0xf4).contains(&byte),
                &mut encode,
            );
        }
    }
    for lead in 0x81u8..=0xfe {
        for trail in 0x40u8..=0xfe {
            let pair = [lead, trail];
            let Some(s) = enc.decode_without_bom_handling_and_without_replacement(&pair) else {
                continue;
            };
            let mut chars = s.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && !c.is_ascii()
            {
                let starts = (0xc2..=0xf4).contains(&lead) && (0x80..=0xbf).contains(&trail);
                put(
                    c,
                    u16::from(lead) << 8 | u16::from(trail),
                    starts,
                    &mut encode,
                );
            }
        }
    }
    Map { encode, starter }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn famous_replacement_runs_reverse_to_utf8_replacement_characters() {
        let fffd2 = "\u{fffd}\u{fffd}".as_bytes();
        assert_eq!(Dbcs::EucKr.decode_lossy(fffd2), "占쏙옙");
        assert_eq!(Dbcs::Gbk.decode_lossy(fffd2), "锟斤拷");
        assert_eq!(Dbcs::EucKr.encode_str("占쏙옙").as_deref(), Some(fffd2));
        assert_eq!(Dbcs::Gbk.encode_str("锟斤拷").as_deref(), Some(fffd2));
        assert_eq!(Dbcs::EucJp.decode_lossy(fffd2), "鐃緒申");
        assert_eq!(Dbcs::EucJp.encode_str("鐃緒申").as_deref(), Some(fffd2));
    }

    #[test]
    fn korean_in_euc_kr() {
        let bytes = Dbcs::EucKr.encode_str("안녕하세요").unwrap();
        assert_eq!(
            bytes,
            [0xbe, 0xc8, 0xb3, 0xe7, 0xc7, 0xcf, 0xbc, 0xbc, 0xbf, 0xe4]
        );
        assert_eq!(
            Dbcs::EucKr.decode_strict(&bytes).as_deref(),
            Some("안녕하세요")
        );
    }

    #[test]
    fn starters() {
        // "你好" in UTF-8 read as GBK is "浣犲ソ": 浣 is E4 BD.
        assert!(Dbcs::Gbk.starts_utf8_garble('浣'));
        assert!(!Dbcs::Gbk.starts_utf8_garble('的'));
    }
}
