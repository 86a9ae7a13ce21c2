//! Property tests for what parses input: the document parser, decoding and
//! suppression comments never panic, and every range they expose lies on
//! char boundaries inside the text.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use loclint::decode::{Decoded, decode, encode};
use loclint::document::parse;
use proptest::prelude::*;
use std::path::PathBuf;

/// Markdown-ish text: syntax characters, CJK, Latin-1, emoji and controls.
fn markdownish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "# ",
        "## ",
        "\n",
        "\r\n",
        "\n\n",
        "`",
        "```",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "!",
        "|",
        "---",
        ":::",
        ":::info ",
        "<details>",
        "<summary>",
        "</summary>",
        "<a id=\"x\" href=\"y\">",
        "{#id}",
        "{/* #id */}",
        "{/*",
        "*/}",
        "import x from 'y';\n",
        "https://지원.example.com/지원",
        "a@b.co",
        "지원@x.com",
        "www.x.y",
        "&amp;",
        "\\",
        "    ",
        "- ",
        "1. ",
        "> ",
        "안녕",
        "質問",
        "é",
        "ë°",
        "\u{FFFD}",
        "🎉",
        "\u{0}",
        "\u{85}",
        "\t",
        "<!-- loclint-disable-next-line x -->",
        "{/* loclint-disable */}",
        "[r]: http://x\n",
        "[r]",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

fn check_ranges(text: &str, r: &std::ops::Range<usize>) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "range {r:?} outside text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "range {r:?} not on char boundaries"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn parser_ranges_are_valid(s in markdownish(), mdx in any::<bool>()) {
        let name = if mdx { "x.mdx" } else { "x.md" };
        let d = parse(PathBuf::from(name), s.clone());
        for h in &d.headings {
            check_ranges(&s, &h.range);
            for p in &h.pieces { check_ranges(&s, p); }
            if let Some(r) = &h.id_range { check_ranges(&s, r); }
        }
        for t in &d.titles {
            check_ranges(&s, &t.range);
            for p in &t.pieces { check_ranges(&s, p); }
        }
        for b in &d.prose {
            for p in &b.pieces { check_ranges(&s, p); }
            let (joined, starts) = b.joined(&s);
            prop_assert_eq!(starts.len(), b.pieces.len());
            for i in 0..joined.len() {
                let o = b.to_source(&starts, i);
                prop_assert!(o <= s.len());
            }
        }
        for l in &d.links {
            check_ranges(&s, &l.range);
            check_ranges(&s, &l.dest_range);
        }
        for c in &d.code { check_ranges(&s, &c.range); }
        for (_, r) in &d.html_ids { check_ranges(&s, r); }
        if let Some(fm) = &d.front_matter {
            for f in &fm.fields { check_ranges(&s, &f.value_range); prop_assert_eq!(&s[f.value_range.clone()], f.value.as_str()); }
        }
    }

    #[test]
    fn decode_never_panics_and_utf8_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Decoded::Text { text, info } = decode(&bytes)
            && info.is_utf8() && !info.bom {
                prop_assert_eq!(encode(&text, &info).unwrap(), bytes);
            }
    }

    #[test]
    fn utf16_round_trips(body in "[a-z가-힣 \n]{1,80}", le in any::<bool>(), bom in any::<bool>()) {
        // Real pages start with Markdown syntax; a lone Hangul syllable such as
        // U+AC00 is genuinely ambiguous between UTF-16LE and BE without a BOM.
        let s = format!("# title\n{body}");
        let mut bytes: Vec<u8> = Vec::new();
        if bom { bytes.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] }); }
        for u in s.encode_utf16() { bytes.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() }); }
        if let Decoded::Text { text, info } = decode(&bytes)
            && !info.is_utf8() {
                prop_assert_eq!(&text, &s);
                prop_assert_eq!(encode(&text, &info).unwrap(), bytes);
            }
    }
}
