//! `replacement-character`: U+FFFD in the text.

use super::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;

pub(crate) const DOC: &str = r#"# replacement-character

## What it does
Reports every run of U+FFFD REPLACEMENT CHARACTER (`�`) in a page, in prose,
headings, front matter, links and code alike.

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
around the hole.

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
        let mut search = 0;
        while let Some(i) = text[search..].find('\u{FFFD}') {
            let start = search + i;
            let mut end = start;
            while text[end..].starts_with('\u{FFFD}') {
                end += '\u{FFFD}'.len_utf8();
            }
            let n = (end - start) / 3;
            let what = if n == 1 {
                "a replacement character".to_string()
            } else {
                format!("{n} replacement characters")
            };
            let source_note = if doc.encoding.had_errors {
                format!(
                    " (this file is not valid {}: the decoder put them here)",
                    doc.encoding.encoding.name()
                )
            } else {
                String::new()
            };
            out.push(
                Diagnostic::new(META.name, META.severity, doc.path.clone(), start..end, format!("{what} `{}`: characters were lost here{source_note}", &text[start..end]))
                    .with_help("restore the original text from the English source or the translation memory; the file alone cannot tell what was here"),
            );
            search = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::check_str;

    #[test]
    fn fails() {
        for s in ["a\u{FFFD}b", "제목 \u{FFFD}\u{FFFD}\u{FFFD}", "# \u{FFFD}"] {
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
        ] {
            assert!(check_str("replacement-character", s).is_empty(), "{s}");
        }
    }

    #[test]
    fn runs_are_one_diagnostic_each() {
        let d = check_str("replacement-character", "a\u{FFFD}\u{FFFD}b\u{FFFD}");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].range, 1..7);
    }
}
