//! `code-changed`: a fenced code block of a translation whose code differs
//! from the source's block, beyond comments, strings and text.

use super::code::{Family, Token, family_of_pair, tokens};
use super::{Fence, Parity, fences, has_native, section_of};
use crate::checks::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use std::collections::BTreeMap;

pub(crate) const DOC: &str = r#"# code-changed

## What it does
Reports a fenced code block of a translated page that differs from its
counterpart in the English source in its code: identifiers, keywords,
commands, numbers, punctuation, or lines added or removed. Comments, string
literals and (in JSX) the text between tags may be translated and are not
compared.

Blocks are paired by order within counterpart sections (sections paired as
`heading-id-dropped` pairs headings), and only when both sections hold the
same number of blocks. JavaScript and TypeScript (with JSX), JSON, Go, Rust,
Java and other C-like languages, Python, shell, TOML and YAML (keys only) are
tokenized; other fences (text, console output, Markdown) are compared line
by line, skipping lines that hold translated text.

What a code formatter changes is not a change: line breaks and spaces,
trailing commas, semicolons at a line end or before `}` (every one in CSS),
parentheses around a lone arrow parameter and around what follows `=>`,
`return`, `?` and `:`, and the quotes of a quoted YAML key or of a value in
a fence without a language. Go template comments (`{{/* … */}}`) in YAML
fences are comments, and JSX text inside a prop (`fallback={<p>…</p>}`) or
in a `ts` fence that holds JSX is text.

## Why is this bad?
Readers copy code from the page. A translation that edits an example, or
kept an old one the source has since corrected, hands them code that differs
from what the English page teaches and what was tested.

## Example
```markdown
<!-- docs/start.md -->
    npm install @acme/cli --save-dev

<!-- i18n/ko/docusaurus-plugin-content-docs/current/start.md -->
    npm install @acme/cli
```

Use instead:
```markdown
    npm install @acme/cli --save-dev
```

## Fix safety
No automatic fix: the difference may be the source's change that the
translation has not caught up with, or a deliberate local change.

## Options
The severity (`[rules] code-changed = "off"`).

## Data
None: the English source page is the reference.
"#;

static META: RuleMeta = RuleMeta {
    name: "code-changed",
    category: Category::Translation,
    severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: DOC,
    reads: Reads::with_source(Input::Original),
    repairs: false,
};

pub struct CodeChanged;

impl Rule for CodeChanged {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(p) = Parity::new(doc, ctx) else {
            return;
        };
        for (s, t) in paired_fences(&p) {
            if let Some(d) = compare(&p, &s, &t) {
                out.push(d);
            }
        }
    }
}

/// Code blocks paired by order within counterpart sections.
pub fn paired_fences(p: &Parity<'_>) -> Vec<(Fence, Fence)> {
    let by_section = |doc: &Document| -> BTreeMap<Option<usize>, Vec<Fence>> {
        let mut m: BTreeMap<Option<usize>, Vec<Fence>> = BTreeMap::new();
        for f in fences(doc) {
            m.entry(section_of(doc, f.range.start)).or_default().push(f);
        }
        m
    };
    let mut src = by_section(p.src);
    let mut out = Vec::new();
    for (t_sec, t_fences) in by_section(p.doc) {
        let Some(s_sec) = p.source_section(t_sec) else {
            continue;
        };
        let Some(s_fences) = src.remove(&s_sec) else {
            continue;
        };
        if s_fences.len() == t_fences.len() {
            out.extend(s_fences.into_iter().zip(t_fences));
        }
    }
    out
}

/// How many characters of a line a message quotes.
const QUOTE: usize = 60;

fn compare(p: &Parity<'_>, s: &Fence, t: &Fence) -> Option<Diagnostic> {
    let (src, doc) = (p.src, p.doc);
    let s_body = src.text.get(s.body.clone())?;
    let t_body = doc.text.get(t.body.clone())?;
    if s_body == t_body || s.lang != t.lang {
        return None;
    }
    let locale = doc.locale.as_str();
    let (what, t_at, s_at) = match family_of_pair(&s.lang, s_body, t_body) {
        Some(f) => token_difference(s_body, t_body, f, &s.lang)?,
        None => line_difference(s_body, t_body, locale)?,
    };
    let t_off = t.body.start + t_at.min(t_body.len());
    let line_range = line_of(&doc.text, t_off);
    let s_line = line_of(&src.text, s.body.start + s_at.min(s_body.len()));
    let (s_no, _) = src.line_col(s_line.start);
    let quoted = quote(src.text.get(s_line).unwrap_or(""));
    Some(
        Diagnostic::new(
            META.name,
            META.severity,
            &doc.path,
            line_range,
            format!("code differs from the English source: {what}"),
        )
        .with_help(format!(
            "the source's line {s_no} reads `{quoted}`; copy the code from the source and translate only comments and strings"
        )),
    )
}

fn quote(line: &str) -> String {
    let t = line.trim();
    if t.chars().count() > QUOTE {
        let cut: String = t.chars().take(QUOTE).collect();
        format!("{cut}…")
    } else {
        t.to_string()
    }
}

fn line_of(text: &str, offset: usize) -> std::ops::Range<usize> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    start..end.max(start)
}

/// What differs between two token sequences, with the body offsets of the
/// first difference (translation, source).
fn token_difference(
    s: &str,
    t: &str,
    family: Family,
    lang: &str,
) -> Option<(String, usize, usize)> {
    let st = without_formatting(tokens(s, family), s, family, lang);
    let tt = without_formatting(tokens(t, family), t, family, lang);
    let same = |a: &Token<'_>, b: &Token<'_>| a.text == b.text;
    let prefix = st.iter().zip(&tt).take_while(|(a, b)| same(a, b)).count();
    if prefix == st.len() && prefix == tt.len() {
        return None;
    }
    let suffix = st[prefix..]
        .iter()
        .rev()
        .zip(tt[prefix..].iter().rev())
        .take_while(|(a, b)| same(a, b))
        .count();
    let s_mid = &st[prefix..st.len() - suffix];
    let t_mid = &tt[prefix..tt.len() - suffix];
    let shown = |toks: &[Token<'_>], body: &str| -> String {
        match (toks.first(), toks.last()) {
            (Some(a), Some(b)) => quote(
                body[a.range.start..b.range.end]
                    .lines()
                    .next()
                    .unwrap_or(""),
            ),
            _ => String::new(),
        }
    };
    let what = match (s_mid.is_empty(), t_mid.is_empty()) {
        (false, true) => format!("`{}` was removed", shown(s_mid, s)),
        (true, false) => format!("`{}` was added", shown(t_mid, t)),
        _ => format!(
            "`{}` became `{}`",
            shown(&s_mid[..1], s),
            shown(&t_mid[..1], t)
        ),
    };
    let t_at = t_mid
        .first()
        .or(tt.get(prefix))
        .or(tt.last())
        .map_or(0, |x| x.range.start);
    let s_at = s_mid
        .first()
        .or(st.get(prefix))
        .or(st.last())
        .map_or(0, |x| x.range.start);
    Some((what, t_at, s_at))
}

/// The tokens without those a code formatter adds or drops without changing
/// the program: a trailing comma before a closing bracket (or before another
/// comma, where a string was), a semicolon that
/// ends a line, the parentheses around a lone arrow-function parameter
/// (`(x) => x` for `x => x`), and those around what follows `=>` or
/// `return` or a ternary's `?` and `:` (Prettier wraps multi-line JSX in
/// them). A semicolon before `}` goes too, and in style sheets every one
/// (the last declaration's is optional, and one-line rules keep theirs).
/// A translation kept from before its source was reformatted (Prettier's
/// defaults changed in 2020) has the same code.
fn without_formatting<'a>(
    toks: Vec<Token<'a>>,
    body: &str,
    family: Family,
    lang: &str,
) -> Vec<Token<'a>> {
    let style_sheet = matches!(lang, "css" | "scss" | "less");
    if !matches!(family, Family::CLike { .. }) {
        return toks;
    }
    let text = |i: usize| toks.get(i).map(|t| t.text);
    let line_ends_after = |i: usize| match toks.get(i + 1) {
        Some(n) => body
            .get(toks[i].range.end..n.range.start)
            .is_some_and(|gap| gap.contains('\n')),
        None => true,
    };
    let is_ident = |t: &str| {
        t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
    };
    // `=>`, whether the tokenizer gives it as one token or as `=` and `>`:
    // the number of tokens it takes at `i`.
    let arrow = |i: usize| -> Option<usize> {
        match (text(i), text(i + 1)) {
            (Some("=>"), _) => Some(1),
            (Some("="), Some(">")) if toks[i].range.end == toks[i + 1].range.start => Some(2),
            _ => None,
        }
    };
    let mut keep = vec![true; toks.len()];
    for i in 0..toks.len() {
        let grouping =
            arrow(i).or_else(|| matches!(text(i), Some("return" | "?" | ":")).then_some(1));
        if let Some(n) = grouping
            && text(i + n) == Some("(")
            && let Some(close) = matching_close(&toks, i + n)
        {
            keep[i + n] = false;
            keep[close] = false;
        }
        match toks[i].text {
            // Strings are not tokens, so a list of them leaves bare commas:
            // `[ , ]` and `[ , , ]` are two strings with and without a
            // trailing comma.
            "," if matches!(text(i + 1), Some("]" | "}" | ")" | ",")) => keep[i] = false,
            ";" if style_sheet || line_ends_after(i) || text(i + 1) == Some("}") => {
                keep[i] = false;
            }
            "(" if text(i + 1).is_some_and(is_ident)
                && text(i + 2) == Some(")")
                && arrow(i + 3).is_some() =>
            {
                keep[i] = false;
                keep[i + 2] = false;
            }
            _ => {}
        }
    }
    toks.into_iter()
        .zip(keep)
        .filter_map(|(t, k)| k.then_some(t))
        .collect()
}

/// The `)` that closes the `(` at `open`.
fn matching_close(toks: &[Token<'_>], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t.text {
            "(" => depth += 1,
            ")" => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Line by line, for fences with no tokenizer: lines paired by position
/// when both blocks have as many; a translation line with translated text
/// is not compared. With different line counts, only blocks wholly without
/// translated text are compared.
fn line_difference(s: &str, t: &str, locale: &str) -> Option<(String, usize, usize)> {
    fn lines(b: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut off = 0;
        for l in b.split_inclusive('\n') {
            if !l.trim().is_empty() {
                out.push((off + (l.len() - l.trim_start().len()), l.trim()));
            }
            off += l.len();
        }
        out
    }
    let sl = lines(s);
    let tl = lines(t);
    if sl.len() == tl.len() {
        for (&(so, a), &(to, b)) in sl.iter().zip(&tl) {
            if a != b && !has_native(b, locale) && !collapsed_equal(a, b) {
                let (a, b) = from_difference(a, b);
                return Some((format!("`{}` became `{}`", quote(&a), quote(&b)), to, so));
            }
        }
        return None;
    }
    if has_native(t, locale) {
        return None;
    }
    let prefix = sl.iter().zip(&tl).take_while(|(a, b)| a.1 == b.1).count();
    let (what, to, so) = if sl.len() > tl.len() {
        let gone = sl.len() - tl.len();
        (
            format!(
                "{gone} line{} removed",
                if gone == 1 { " was" } else { "s were" }
            ),
            tl.get(prefix).or(tl.last()).map_or(0, |x| x.0),
            sl.get(prefix).map_or(0, |x| x.0),
        )
    } else {
        let added = tl.len() - sl.len();
        (
            format!(
                "{added} line{} added",
                if added == 1 { " was" } else { "s were" }
            ),
            tl.get(prefix).map_or(0, |x| x.0),
            sl.get(prefix).or(sl.last()).map_or(0, |x| x.0),
        )
    };
    Some((what, to, so))
}

/// Two long lines that differ late, from a little before their first
/// difference (`…install.mdx). You can`), so that the quotes show it.
fn from_difference(a: &str, b: &str) -> (String, String) {
    const CONTEXT: usize = 12;
    let same = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    if same + CONTEXT < QUOTE || a.chars().count().max(b.chars().count()) <= QUOTE {
        return (a.to_string(), b.to_string());
    }
    let from = |s: &str| format!("…{}", s.chars().skip(same - CONTEXT).collect::<String>());
    (from(a), from(b))
}

/// Equal once runs of spaces are one space and quotes are gone: alignment
/// and quoting a plain value (`"1.16.0"` for `1.16.0`) are not code.
fn collapsed_equal(a: &str, b: &str) -> bool {
    let unquoted = |s: &str| -> String { s.chars().filter(|c| !matches!(c, '"' | '\'')).collect() };
    let (a, b) = (unquoted(a), unquoted(b));
    a.split_whitespace().eq(b.split_whitespace())
}

#[cfg(test)]
mod tests {
    use crate::checks::parity::test_support::check_pair;

    fn page(code: &str, lang: &str, text: &str) -> String {
        format!("## {text}\n\n```{lang}\n{code}```\n")
    }

    #[test]
    fn changed_command_is_reported() {
        let src = page("npm install @acme/cli --save-dev\n", "bash", "Install");
        let tr = page("npm install @acme/cli\n", "bash", "설치");
        let d = check_pair("code-changed", &src, &tr);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].message,
            "code differs from the English source: `--save-dev` was removed"
        );
    }

    #[test]
    fn translated_comments_and_strings_are_clean() {
        let src = page(
            "// Greet the user\nconsole.log(\"Hello\");\nreturn <p>Welcome back</p>;\n",
            "jsx",
            "Greet",
        );
        let tr = page(
            "// 사용자에게 인사합니다\nconsole.log(\"안녕하세요\");\nreturn <p>다시 오신 것을 환영합니다</p>;\n",
            "jsx",
            "인사",
        );
        assert!(check_pair("code-changed", &src, &tr).is_empty());
    }

    #[test]
    fn reformatting_is_not_a_change() {
        let src = page(
            "items.map((item) => (\n  <li key={item.id}>{item.name}</li>\n));\nconst a = [1, 2,];\n",
            "jsx",
            "Text.",
        );
        let tr = page(
            "items.map(item =>\n  <li key={item.id}>{item.name}</li>\n)\nconst a = [1, 2]\n",
            "jsx",
            "내용.",
        );
        let d = check_pair("code-changed", &src, &tr);
        assert!(d.is_empty(), "{d:?}");
        // A call is not formatting.
        let tr = page(
            "items.map(item =>\n  <li key={item.id}>{item.name}</li>\n)\nconst a = [1, 2]()\n",
            "jsx",
            "내용.",
        );
        assert_eq!(check_pair("code-changed", &src, &tr).len(), 1);
    }

    #[test]
    fn prettier_and_one_line_rules_are_not_changes() {
        // Style sheets: one declaration per line or one rule per line.
        let src = page(
            "button {\n  margin: 5px;\n}\nul,\nli {\n  margin: 0;\n  padding: 0;\n}\n",
            "css",
            "Style",
        );
        let tr = page(
            "button { margin: 5px; }\nul, li { margin: 0; padding: 0; }\n",
            "css",
            "스타일",
        );
        assert!(check_pair("code-changed", &src, &tr).is_empty());
        let tr = page(
            "button { margin: 6px; }\nul, li { margin: 0; padding: 0; }\n",
            "css",
            "스타일",
        );
        assert_eq!(check_pair("code-changed", &src, &tr).len(), 1);
        // Parentheses around a ternary's branches.
        let src = page(
            "{contacts.map((contact) => (\n  <li>{id === contact.id ? <b>{contact.name}</b> : contact.name}</li>\n))}\n",
            "js",
            "List",
        );
        let tr = page(
            "{contacts.map(contact =>\n  <li>{id === contact.id ? (\n    <b>{contact.name}</b>\n  ) : (\n    contact.name\n  )}</li>\n)}\n",
            "js",
            "목록",
        );
        let d = check_pair("code-changed", &src, &tr);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn text_in_jsx_inside_props_and_ts_fences_is_text() {
        let src = page(
            "return (\n  <ErrorBoundary\n    fallback={<p>There was an error while submitting the form</p>}\n  >\n    <button type=\"submit\">Search</button>\n  </ErrorBoundary>\n);\n",
            "js",
            "Form",
        );
        let tr = page(
            "return (\n  <ErrorBoundary\n    fallback={<p>폼 제출 중에 오류가 발생했습니다.</p>}\n  >\n    <button type=\"submit\">검색</button>\n  </ErrorBoundary>\n);\n",
            "js",
            "폼",
        );
        let d = check_pair("code-changed", &src, &tr);
        assert!(d.is_empty(), "{d:?}");
        let src = page(
            "const f = useCallback<Handler<Input>>((e) => go(e), []);\nreturn <p>Value: {value}</p>;\n",
            "ts",
            "Value",
        );
        let tr = page(
            "const f = useCallback<Handler<Input>>((e) => go(e), []);\nreturn <p>值： {value}</p>;\n",
            "ts",
            "值",
        );
        let d = check_pair("code-changed", &src, &tr);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn template_comments_and_quoted_keys_in_yaml() {
        let src = page(
            "{{- /*\nmychart.shortname provides a 6 char truncated name.\n*/}}\n{{ define \"mychart.shortname\" -}}\n\"helm.sh/resource-policy\": keep\n",
            "yaml",
            "Templates",
        );
        let tr = page(
            "{{- /*\nmychart.shortname 은 이름에서 6자만 자른 것을 제공한다.\n*/}}\n{{ define \"mychart.shortname\" -}}\nhelm.sh/resource-policy: keep\n",
            "yaml",
            "템플릿",
        );
        let d = check_pair("code-changed", &src, &tr);
        assert!(d.is_empty(), "{d:?}");
        let tr = page(
            "{{- /*\nmychart.shortname 은 이름에서 6자만 자른 것을 제공한다.\n*/}}\n{{ template \"mychart.shortname\" -}}\nhelm.sh/resource-policy: keep\n",
            "yaml",
            "템플릿",
        );
        assert_eq!(check_pair("code-changed", &src, &tr).len(), 1);
        // Fences without a language: quoting a value is not a change.
        let src = page("apiVersion: v2\nappVersion: 1.16.0\n", "", "Chart");
        let tr = page("apiVersion: v2\nappVersion: \"1.16.0\"\n", "", "차트");
        assert!(check_pair("code-changed", &src, &tr).is_empty());
    }

    #[test]
    fn a_late_difference_in_a_long_line_is_shown() {
        let line = "The Quickstart Guide will get you going from there; check the install guide at /intro/install";
        let src = page(&format!("{line}.mdx now\n"), "", "Guide");
        let tr = page(&format!("{line}.md now\n"), "", "가이드");
        let d = check_pair("code-changed", &src, &tr);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].message,
            "code differs from the English source: `…o/install.mdx now` became `…o/install.md now`"
        );
    }

    #[test]
    fn a_trailing_comma_after_a_string_is_formatting() {
        let src = page(
            "const people = [\n  'Creola Katherine Johnson: mathematician',\n  'Subrahmanyan Chandrasekhar: astrophysicist'\n];\n",
            "js",
            "People",
        );
        let tr = page(
            "const people = [\n  '凯瑟琳·约翰逊: 数学家',\n  '苏布拉马尼扬·钱德拉塞卡: 天体物理学家',\n];\n",
            "js",
            "人",
        );
        let d = check_pair("code-changed", &src, &tr);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn renamed_identifier_is_reported() {
        let src = page("def load(path):\n    return open(path)\n", "python", "Load");
        let tr = page(
            "def load(path):\n    return read(path)\n",
            "python",
            "불러오기",
        );
        let d = check_pair("code-changed", &src, &tr);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("`open` became `read`"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn text_fences_compare_lines_without_translated_text() {
        let src = page("docs/\n  intro.md   # start here\n", "text", "Layout");
        let ok = page("docs/\n  intro.md   # 여기서 시작\n", "text", "구조");
        assert!(check_pair("code-changed", &src, &ok).is_empty());
        let bad = page("docs/\n  start.md   # start here\n", "text", "구조");
        assert_eq!(check_pair("code-changed", &src, &bad).len(), 1);
    }

    #[test]
    fn unequal_block_counts_are_not_paired() {
        let src = "## A\n\n```sh\nls\n```\n\n```sh\npwd\n```\n";
        let tr = "## 가\n\n```sh\ncd\n```\n";
        assert!(check_pair("code-changed", src, tr).is_empty());
    }
}
