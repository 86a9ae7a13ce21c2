//! `replacement-character`: U+FFFD in the text.

use super::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;

pub(crate) const DOC: &str = r#"# replacement-character

## What it does
Reports every run of U+FFFD REPLACEMENT CHARACTER (`�`) in a page, in prose,
headings, front matter, links and code alike, except a code span that is the
character alone (`` `�` ``), which quotes it. In a file that is UTF-8
except for a few invalid bytes (a cut character, a stray byte), the bytes
are still in the file: the finding shows them in hex (`invalid UTF-8 byte
0xFF`) where the text shows `�`.

## Why is this bad?
A decoder writes `�` where it met bytes it could not read. By the time the
character is in the file the original bytes are gone: the reader sees a
hole where a letter, a word or a whole sentence of the translation was.
It usually means the file went through a tool with the wrong encoding, or a
multi-byte character was cut in half.

## Example
```markdown
서비스 이용 약관에 동의하면 �� 버튼을 누르세요.
```

Use instead (restore the text from the source or the translation memory):
```markdown
서비스 이용 약관에 동의하면 확인 버튼을 누르세요.
```

## Fix safety
No fix: the lost characters cannot be recovered from the file itself. If the
page went through a legacy code page, `mojibake` may still recover the text
around the hole. Invalid bytes in a UTF-8 file are never re-encoded or
replaced by `--fix`: every other fix in the file keeps them byte for byte.

## Options
None besides the severity (`[rules] replacement-character = "warning"`).

## Data
None.
"#;

static META: RuleMeta = RuleMeta {
    name: "replacement-character",
    category: Category::Encoding,
    severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: DOC,
    reads: Reads::document(Input::Original),
    repairs: false,
};

pub struct ReplacementCharacter;

impl Rule for ReplacementCharacter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = &doc.text;
        let invalid = &doc.encoding.invalid;
        let mut search = 0;
        while let Some(i) = text[search..].find('\u{FFFD}') {
            let start = search + i;
            let mut end = start;
            while text[end..].starts_with('\u{FFFD}') {
                end += '\u{FFFD}'.len_utf8();
            }
            let first = invalid.partition_point(|s| s.at < start);
            let from_bytes: Vec<&[u8]> = invalid[first..]
                .iter()
                .take_while(|s| s.at < end)
                .map(|s| &*s.bytes)
                .collect();
            // `` `�` ``: the character quoted as itself, the subject of the
            // sentence (what a decoder writes), not a hole in the text.
            let quoted = text[..start].ends_with('`') && text[end..].starts_with('`');
            if from_bytes.is_empty() && quoted && doc.in_code(start) {
                search = end;
                continue;
            }
            out.push(if from_bytes.is_empty() {
                lost(doc, start..end)
            } else {
                invalid_bytes(doc, start..end, &from_bytes)
            });
            search = end;
        }
    }
}

/// U+FFFD written in the file: what was there is gone.
fn lost(doc: &Document, range: std::ops::Range<usize>) -> Diagnostic {
    let n = (range.end - range.start) / 3;
    let what = if n == 1 {
        "a replacement character".to_string()
    } else {
        format!("{n} replacement characters")
    };
    let run = &doc.text[range.clone()];
    Diagnostic::new(META.name, META.severity, doc.path.clone(), range, format!("{what} `{run}`: characters were lost here"))
        .with_help("restore the original text from the English source or the translation memory; the file alone cannot tell what was here")
}

/// Bytes that are not UTF-8 in a file that otherwise is: they are still in
/// the file, so the message shows them (the text only holds U+FFFD), and no
/// fix guesses what they were.
fn invalid_bytes(doc: &Document, range: std::ops::Range<usize>, seqs: &[&[u8]]) -> Diagnostic {
    const SHOWN: usize = 16;
    let all: Vec<u8> = seqs.iter().flat_map(|s| s.iter().copied()).collect();
    let mut hex: Vec<String> = all
        .iter()
        .take(SHOWN)
        .map(|b| format!("0x{b:02X}"))
        .collect();
    if all.len() > SHOWN {
        hex.push(format!("… ({} bytes)", all.len()));
    }
    let what = if all.len() == 1 { "byte" } else { "bytes" };
    Diagnostic::new(
        META.name,
        META.severity,
        doc.path.clone(),
        range,
        format!(
            "invalid UTF-8 {what} {}: the rest of the file is UTF-8, and these bytes read as `�`",
            hex.join(" ")
        ),
    )
    .with_help("a character was cut or a stray byte got in; replace the bytes by hand with the text that belongs here (--fix keeps them as they are and never re-encodes the file)")
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::{check_bytes, check_str};

    #[test]
    fn fails() {
        for s in [
            "a\u{FFFD}b",
            "제목 \u{FFFD}\u{FFFD}\u{FFFD}",
            "# \u{FFFD}",
            // Inside code, but not the whole span: a hole in the code.
            "`x\u{FFFD}y`",
        ] {
            assert_eq!(check_str("replacement-character", s).len(), 1, "{s}");
        }
    }

    #[test]
    fn passes() {
        for s in [
            "plain",
            "한국어 문장입니다.",
            "emoji 🎉 and ✓",
            "U+FFFD written as text",
            "읽을 수 없는 바이트를 `\u{FFFD}`로 바꿉니다.",
        ] {
            assert!(check_str("replacement-character", s).is_empty(), "{s}");
        }
    }

    #[test]
    fn invalid_bytes_are_shown_in_hex() {
        let d = check_bytes(
            "replacement-character",
            "# 안녕하세요\n\n본문 \u{1} 계속되는 문장입니다.\n"
                .replace('\u{1}', "\u{0}")
                .as_bytes()
                .iter()
                .map(|&b| if b == 0 { 0xFF } else { b })
                .collect::<Vec<u8>>()
                .as_slice(),
        );
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.starts_with("invalid UTF-8 byte 0xFF:"),
            "{}",
            d[0].message
        );
        assert!(d[0].fix.is_none());
        // A cut character: two bytes of a three-byte one, in a file with a BOM.
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("본문 계속 ".as_bytes());
        bytes.extend_from_slice(b"\xEC\x95 ");
        bytes.extend_from_slice("\u{FFFD} 문장입니다.\n".as_bytes());
        let d = check_bytes("replacement-character", &bytes);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(
            d[0].message.starts_with("invalid UTF-8 bytes 0xEC 0x95:"),
            "{}",
            d[0].message
        );
        assert!(
            d[1].message.contains("characters were lost"),
            "{}",
            d[1].message
        );
    }

    #[test]
    fn runs_are_one_diagnostic_each() {
        let d = check_str("replacement-character", "a\u{FFFD}\u{FFFD}b\u{FFFD}");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].range, 1..7);
    }
}
