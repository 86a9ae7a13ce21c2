//! `non-utf8-file`: the file is not UTF-8.

use super::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::decode::Detection;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;

pub(crate) const DOC: &str = r#"# non-utf8-file

## What it does
Reports a file that is not encoded as UTF-8: UTF-16 (with or without a byte
order mark), or a legacy code page such as EUC-KR, Shift_JIS, GBK, Big5 or
windows-1252. It names the encoding loclint detected and how (BOM, NUL
pattern, or statistical detection). A UTF-8 file with a BOM is fine.

## Why is this bad?
Docusaurus, MDX and most tools read Markdown as UTF-8. A page saved by a
translation vendor as EUC-KR or Shift_JIS builds into mojibake (`¾È³çÇÏ¼¼¿ä`
for `안녕하세요`), and the next tool that "fixes" it makes the damage
permanent. UTF-16 files often break the build outright.

## Example
A file `i18n/ko/.../faq.md` whose bytes are EUC-KR:
```text
C0 DA C1 D6 20 B9 AF B4 C2 20 C1 FA B9 AE      (자주 묻는 질문)
```

Use instead: the same text saved as UTF-8:
```text
EC 9E 90 EC A3 BC 20 EB AC BB EB 8A 94 ...
```

## Fix safety
Safe when the whole file decoded without a single error and the encoding is
certain: a byte order mark, the NUL pattern of UTF-16, or a multi-byte code
page (EUC-KR, Shift_JIS, EUC-JP, GBK, Big5) whose every byte pair decoded,
over at least 8 characters. The fix rewrites the same characters as UTF-8
(no BOM), so nothing is lost. A single-byte code page (windows-1252 and the
like) found by statistical detection is a guess, since any bytes decode in
it (a damaged EUC-KR page or a UTF-8 page with stray bytes does too): its
rewrite is Unsafe, as it is when many valid UTF-8 characters sit among the
invalid bytes. When the decode had errors there is no automatic fix:
convert the file by hand with the encoding you know it has.

## Options
None besides the severity.

## Data
None. Detection uses BOMs, the NUL-byte pattern of UTF-16, and chardetng.
"#;

static META: RuleMeta = RuleMeta {
    name: "non-utf8-file",
    category: Category::Encoding,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    doc: DOC,
    reads: Reads::document(Input::Original),
    repairs: false,
};

pub struct NonUtf8File;

impl Rule for NonUtf8File {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Diagnostic>) {
        let info = &doc.encoding;
        if info.is_utf8() {
            return;
        }
        let name = info.encoding.name();
        let how = match info.detection {
            Detection::Bom => "from its byte order mark",
            Detection::Utf16Pattern => "from the NUL bytes of BOM-less UTF-16",
            Detection::Guessed => "by statistical detection",
            Detection::GuessedOverUtf8 => {
                "by statistical detection, though many of its characters are valid UTF-8"
            }
            Detection::Utf8 => "",
        };
        let mut d = Diagnostic::new(
            META.name,
            META.severity,
            doc.path.clone(),
            0..0,
            format!("file is encoded as {name} (detected {how}), not UTF-8"),
        );
        // A statistical guess is certain only where the bytes themselves
        // confirm it: every pair of a multi-byte code page decoding is
        // structure random bytes lack, while any bytes decode in a
        // single-byte code page. Tiny files confirm too little. A file that
        // may be damaged UTF-8 is never rewritten automatically: the rewrite
        // would make the damage permanent.
        let confident = match info.detection {
            Detection::Guessed => {
                !info.encoding.is_single_byte()
                    && doc.text.chars().filter(|c| !c.is_ascii()).count() >= 8
            }
            Detection::GuessedOverUtf8 => false,
            Detection::Bom | Detection::Utf16Pattern | Detection::Utf8 => true,
        };
        if info.had_errors {
            d = d.with_help(format!(
                "some bytes are not valid {name}; convert the file by hand with the encoding it really has (e.g. `iconv -f {name} -t UTF-8`)"
            ));
        } else {
            d = d.with_help("save the file as UTF-8; Docusaurus and MDX read Markdown as UTF-8");
            let mut fix = Fix::new(
                if confident {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
                format!("rewrite the file as UTF-8 (from {name})"),
                Vec::new(),
            );
            fix.reencode_utf8 = true;
            d = d.with_fix(fix);
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::check_bytes;

    #[test]
    fn fails() {
        let (euc, _, _) = encoding_rs::EUC_KR
            .encode("# 자주 묻는 질문\n\n비밀번호를 잊어버렸어요. 계정 설정에서 바꾸세요.\n");
        let d = check_bytes("non-utf8-file", &euc);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("EUC-KR"), "{}", d[0].message);
        assert!(d[0].fix.as_ref().is_some_and(
            |f| f.reencode_utf8 && f.applicability == crate::diagnostic::Applicability::Safe
        ));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("# 제목\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert!(
            check_bytes("non-utf8-file", &utf16)[0]
                .message
                .contains("UTF-16LE")
        );
    }

    #[test]
    fn a_single_byte_guess_is_never_a_safe_rewrite() {
        use crate::diagnostic::Applicability;
        // A damaged EUC-KR page (one byte gone) reads as windows-1252 without
        // an error, and an English page with stray bytes does too.
        let (euc, _, _) = encoding_rs::EUC_KR
            .encode("# 자주 묻는 질문\n\n비밀번호를 잊어버렸어요. 계정 설정에서 바꾸세요.\n");
        let mut damaged = euc.into_owned();
        damaged.remove(12);
        let stray = b"# Built-in components\n\nReact exposes a few built-in \xC3components tha\xFF you can use\xED in your JSX \xF8 \xFE and \xC3 more \xED text \xF8 here.\n";
        for bytes in [&damaged[..], &stray[..]] {
            let d = check_bytes("non-utf8-file", bytes);
            assert_eq!(d.len(), 1);
            let fix = d[0].fix.as_ref();
            assert!(
                fix.is_none_or(|f| f.applicability != Applicability::Safe),
                "{}: {:?}",
                d[0].message,
                fix.map(|f| f.applicability)
            );
        }
    }

    #[test]
    fn passes() {
        assert!(check_bytes("non-utf8-file", "# 제목\n".as_bytes()).is_empty());
        assert!(check_bytes("non-utf8-file", b"\xEF\xBB\xBF# with BOM\n").is_empty());
    }
}
