//! The code of a fenced block without what translators may change: comments,
//! string literals, and (in JSX) text between tags.
//!
//! A tokenizer per family of fence languages, just deep enough to know where
//! comments and strings start and end. What remains is a sequence of tokens
//! (identifiers, keywords, numbers, punctuation), each with its line, which
//! `code-changed` compares with the source's.

use std::ops::Range;

/// How a fence language writes comments and strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `//` and `/* */` comments; `"`, `'` and `` ` `` strings. With `jsx`,
    /// text between tags is text, not code.
    CLike { jsx: bool },
    /// `#` comments; `"` and `'` strings (Python's triple quotes too).
    Hash,
    /// YAML: `#` comments, and values are text: only keys are code.
    Yaml,
}

/// The tokenizer for a fence language, or None for languages compared line by line.
pub fn family(lang: &str) -> Option<Family> {
    Some(match lang {
        "js" | "javascript" | "jsx" | "tsx" | "mjs" | "cjs" => Family::CLike { jsx: true },
        "ts" | "typescript" | "mts" | "cts" | "json" | "jsonc" | "json5" | "go" | "golang"
        | "rust" | "rs" | "java" | "kotlin" | "kt" | "c" | "cpp" | "c++" | "cs" | "csharp"
        | "swift" | "scala" | "dart" | "php" | "css" | "scss" => Family::CLike { jsx: false },
        "python" | "py" | "bash" | "sh" | "shell" | "zsh" | "console" | "shell-session"
        | "toml" | "ruby" | "rb" | "dockerfile" | "docker" | "powershell" | "ps1" | "r"
        | "makefile" | "make" | "ini" | "properties" | "conf" | "nginx" => Family::Hash,
        "yaml" | "yml" => Family::Yaml,
        _ => return None,
    })
}

/// The tokenizer for a source block and its translation: TypeScript fences
/// that hold JSX (react.dev writes ```ts over TSX) read JSX text as text.
pub fn family_of_pair(lang: &str, source: &str, translation: &str) -> Option<Family> {
    let has_jsx = |b: &str| b.contains("</") || b.contains("/>");
    Some(match family(lang)? {
        Family::CLike { jsx: false }
            if matches!(lang, "ts" | "typescript" | "mts" | "cts")
                && (has_jsx(source) || has_jsx(translation)) =>
        {
            Family::CLike { jsx: true }
        }
        f => f,
    })
}

/// One code token: its text and the byte range in the block body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub range: Range<usize>,
}

/// The code tokens of `body` in `family`, comments and strings left out.
pub fn tokens(body: &str, family: Family) -> Vec<Token<'_>> {
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // JSX: after a tag closes, text runs to the next `<` or `{`.
    // JSX: the brace depth at which each tag being read started, and whether
    // it is a closing tag (a tag inside an attribute's expression,
    // `fallback={<p>…</p>}`, sits on top of its outer tag); the braces open
    // (true when opened from JSX text); where the last JSX text ended.
    let mut tags: Vec<(usize, bool)> = Vec::new();
    // JSX: the brace depth of each element whose children are being read.
    let mut elems: Vec<usize> = Vec::new();
    let mut braces: Vec<bool> = Vec::new();
    let mut after_text: Option<usize> = None;
    // YAML: past a key's `:` the rest of the line is a value.
    let mut yaml_value = false;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            yaml_value = false;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        match family {
            Family::CLike { jsx } => {
                if c == b'/' && b.get(i + 1) == Some(&b'/') {
                    i = line_end(b, i);
                    continue;
                }
                if c == b'/' && b.get(i + 1) == Some(&b'*') {
                    i = find(b, i + 2, b"*/").map_or(b.len(), |e| e + 2);
                    continue;
                }
                if matches!(c, b'"' | b'\'' | b'`') {
                    // A `+` joining a string to code is part of the text: a
                    // translation may reorder `'Chat to ' + name`.
                    if out.last().is_some_and(|t: &Token<'_>| t.text == "+") {
                        out.pop();
                    }
                    i = string_end(b, i, c);
                    let next = body[i..].trim_start();
                    if next.starts_with('+') && !next.starts_with("++") {
                        i = body.len() - next.len() + 1;
                    }
                    continue;
                }
                // `{' '}`: a space between JSX text and a tag, which a
                // language without spaces drops.
                if jsx && c == b'{' {
                    let inner = body[i + 1..].trim_start();
                    if let Some(q) = inner.chars().next().filter(|q| *q == '\'' || *q == '"') {
                        let rest = inner[1..].trim_start_matches(' ');
                        if rest.starts_with(q) && rest[1..].trim_start().starts_with('}') {
                            let close = rest[1..].find('}').map_or(0, |k| k + 1);
                            let in_text = after_text == Some(i);
                            i = body.len() - rest.len() + 1 + close;
                            // JSX text goes on after it (`/>{' '}Show more`).
                            if in_text {
                                i = jsx_text_end(body, i);
                                after_text = Some(i);
                            }
                            continue;
                        }
                    }
                }
                if jsx && body[i..].starts_with("<!--") {
                    i = find(b, i + 4, b"-->").map_or(b.len(), |e| e + 3);
                    continue;
                }
                if jsx {
                    let opens = b
                        .get(i + 1)
                        .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, b'/' | b'>'));
                    let in_attributes = tags.last().is_some_and(|t| t.0 == braces.len());
                    if c == b'<' && opens && !in_attributes {
                        tags.push((braces.len(), b.get(i + 1) == Some(&b'/')));
                    } else if c == b'>' && in_attributes {
                        let (depth, closing) = tags.pop().unwrap_or_default();
                        let self_closing = body[..i].trim_end().ends_with('/');
                        if closing {
                            if elems.last() == Some(&depth) {
                                elems.pop();
                            }
                        } else if !self_closing {
                            elems.push(depth);
                        }
                        out.push(Token {
                            text: &body[i..=i],
                            range: i..i + 1,
                        });
                        // Text only between an element's children; after
                        // the outermost element of an expression (`cond ?
                        // <b>x</b> : y`) the code goes on.
                        if elems.last() == Some(&braces.len()) {
                            i = jsx_text_end(body, i + 1);
                            after_text = Some(i);
                        } else {
                            i += 1;
                        }
                        continue;
                    } else if c == b'{' {
                        // An expression in JSX text returns to text when it closes.
                        let from_text = i > 0 && !in_attributes && after_text == Some(i);
                        braces.push(from_text);
                    } else if c == b'}' && braces.pop() == Some(true) {
                        out.push(Token {
                            text: &body[i..=i],
                            range: i..i + 1,
                        });
                        i = jsx_text_end(body, i + 1);
                        after_text = Some(i);
                        continue;
                    }
                }
            }
            Family::Hash | Family::Yaml => {
                // `{{/* … */}}`, `{{- /* … */ -}}`: a Go template comment
                // (Helm's templates are YAML fences).
                if c == b'{' && body[i..].starts_with("{{") {
                    let inner = body[i + 2..].trim_start_matches('-').trim_start();
                    if inner.starts_with("/*")
                        && let Some(e) = find(b, body.len() - inner.len() + 2, b"*/")
                    {
                        let after = body[e + 2..]
                            .trim_start()
                            .trim_start_matches('-')
                            .trim_start();
                        i = if after.starts_with("}}") {
                            body.len() - after.len() + 2
                        } else {
                            e + 2
                        };
                        continue;
                    }
                }
                if c == b'#' && (i == 0 || b[i - 1].is_ascii_whitespace()) {
                    i = line_end(b, i);
                    continue;
                }
                if family == Family::Yaml && yaml_value {
                    i = line_end(b, i);
                    continue;
                }
                // A list item that is not a mapping is a value too.
                if family == Family::Yaml && c == b'-' && b.get(i + 1) == Some(&b' ') {
                    let rest = &body[i + 2..line_end(b, i)];
                    if !rest.contains(": ") && !rest.trim_end().ends_with(':') {
                        out.push(Token {
                            text: &body[i..=i],
                            range: i..i + 1,
                        });
                        i = line_end(b, i);
                        continue;
                    }
                }
                if c == b'"' || c == b'\'' {
                    // A quoted YAML key is the same key unquoted.
                    let end = string_end(b, i, c);
                    if family == Family::Yaml
                        && end > i + 1
                        && b[end - 1] == c
                        && body[end..].starts_with(':')
                    {
                        plain_tokens(body, i + 1..end - 1, &mut out);
                        i = end;
                        continue;
                    }
                    if b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c) {
                        let close = [c, c, c];
                        i = find(b, i + 3, &close).map_or(b.len(), |e| e + 3);
                    } else {
                        i = string_end(b, i, c);
                    }
                    continue;
                }
                if family == Family::Yaml
                    && c == b':'
                    && b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace())
                {
                    yaml_value = true;
                }
            }
        }
        let start = i;
        if is_word(c) {
            while i < b.len() && is_word(b[i]) {
                i += 1;
            }
        } else {
            // One character (UTF-8 aware), so that tokens stay on char boundaries.
            i += body[i..].chars().next().map_or(1, char::len_utf8);
        }
        let text = &body[start..i];
        // Text in the page's script outside strings is prose that was
        // translated (an unquoted shell argument, a word in a tree listing).
        if text.bytes().all(|x| x.is_ascii()) || !text.chars().any(char::is_alphabetic) {
            out.push(Token {
                text,
                range: start..i,
            });
        }
    }
    out
}

/// The words and punctuation of `range`, as the main loop would cut them.
fn plain_tokens<'a>(body: &'a str, range: Range<usize>, out: &mut Vec<Token<'a>>) {
    let b = body.as_bytes();
    let mut i = range.start;
    while i < range.end {
        let start = i;
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if is_word(b[i]) {
            while i < range.end && is_word(b[i]) {
                i += 1;
            }
        } else {
            i += body[i..].chars().next().map_or(1, char::len_utf8);
        }
        out.push(Token {
            text: &body[start..i],
            range: start..i,
        });
    }
}

/// Where the JSX text after a tag ends: at the next tag or expression, at
/// the `}` that closes the expression the element is in (JSX text cannot
/// hold one), or at a line that reads as code again (`}`, `)`, `;`, a
/// statement keyword).
fn jsx_text_end(body: &str, from: usize) -> usize {
    let rest = &body[from..];
    let stop = rest.find(['<', '{', '}']).unwrap_or(rest.len());
    let mut offset = 0;
    for line in rest[..stop].split_inclusive('\n') {
        let t = line.trim_start();
        let code_again = offset > 0
            && (t.starts_with(['}', ')', ';'])
                || [
                    "function ",
                    "const ",
                    "export ",
                    "return ",
                    "let ",
                    "var ",
                    "import ",
                    "if ",
                ]
                .iter()
                .any(|k| t.starts_with(k)));
        if code_again {
            return from + offset;
        }
        offset += line.len();
    }
    from + stop
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

fn line_end(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| from + p)
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    b[from..]
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| from + p)
}

/// The end of a string literal opened at `start` by `quote`: past the
/// closing quote, or the end of the line for an unclosed `'`/`"` (an
/// apostrophe in a comment-less language is not worth losing the rest to).
fn string_end(b: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == quote => return i + 1,
            b'\n' if quote != b'`' => return i,
            _ => i += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str, lang: &str) -> Vec<String> {
        let f = family(lang).unwrap_or(Family::Hash);
        tokens(body, f)
            .into_iter()
            .map(|t| t.text.to_string())
            .collect()
    }

    #[test]
    fn comments_and_strings_are_not_code() {
        assert_eq!(
            texts("const a = \"hello\"; // say hi\n/* more */ f('x');\n", "js"),
            ["const", "a", "=", ";", "f", "(", ")", ";"]
        );
        assert_eq!(
            texts("x = 'a' # 설명\ny = \"\"\"doc\nstring\"\"\"\n", "python"),
            ["x", "=", "y", "="]
        );
        assert_eq!(texts("echo \"안녕\" # 인사\n", "bash"), ["echo"]);
    }

    #[test]
    fn translated_comments_leave_the_same_tokens() {
        let en = "// Fetch the user\nconst user = await getUser(id);\n";
        let ko = "// 사용자를 가져옵니다\nconst user = await getUser(id);\n";
        assert_eq!(texts(en, "ts"), texts(ko, "ts"));
    }

    #[test]
    fn jsx_text_between_tags_is_text() {
        let en = "return <button onClick={go}>Click me</button>;\n";
        let ko = "return <button onClick={go}>눌러 주세요</button>;\n";
        assert_eq!(texts(en, "jsx"), texts(ko, "jsx"));
        // Comparisons are not tags.
        assert!(texts("if (a < b && c > d) { run(); }", "jsx").contains(&"run".to_string()));
        // Arrow functions in props do not close the tag; text after an
        // expression is still text.
        let en =
            "<button onClick={() => go(1)}>Delete</button>\n<h1>Welcome to {room} room!</h1>\n";
        let zh = "<button onClick={() => go(1)}>删除</button>\n<h1>欢迎来到 {room} 房间。</h1>\n";
        assert_eq!(texts(en, "jsx"), texts(zh, "jsx"));
        assert!(texts(en, "jsx").contains(&"go".to_string()));
        // Strings joined to code may be reordered; `{' '}` may go.
        assert_eq!(
            texts(
                "f({'Chat to ' + contact.name});\n<label>Server URL:{' '}<input /></label>",
                "jsx"
            ),
            texts(
                "f({'跟 ' + contact.name + ' 聊一聊'});\n<label>服务器地址：<input /></label>",
                "jsx"
            )
        );
        assert_ne!(texts("a + b", "js"), texts("a - b", "js"));
    }

    #[test]
    fn text_after_a_spacer_is_text() {
        let en = "<label>\n  <input type=\"checkbox\" />{' '}\n  Show in reverse order\n</label>\n";
        let zh = "<label>\n  <input type=\"checkbox\" />{' '}\n  以相反的顺序显示\n</label>\n";
        assert_eq!(texts(en, "jsx"), texts(zh, "jsx"));
    }

    #[test]
    fn yaml_compares_keys() {
        assert_eq!(
            texts("title: Hello # c\nsidebar:\n  - label: \"Docs\"\n", "yaml"),
            ["title", ":", "sidebar", ":", "-", "label", ":"]
        );
        assert_eq!(
            texts("title: 안녕\n", "yaml"),
            texts("title: Hello\n", "yaml")
        );
    }

    #[test]
    fn changed_identifiers_are_seen() {
        assert_ne!(
            texts("npm install react\n", "bash"),
            texts("npm install vue\n", "bash")
        );
        assert_ne!(
            texts("fn main() {}\n", "rust"),
            texts("fn start() {}\n", "rust")
        );
    }

    #[test]
    fn hash_inside_a_word_is_not_a_comment() {
        assert_eq!(texts("curl a#b\n", "bash"), ["curl", "a", "#", "b"]);
    }

    #[test]
    fn unknown_languages_have_no_family() {
        assert_eq!(family("text"), None);
        assert_eq!(family(""), None);
        assert_eq!(family("tsx"), Some(Family::CLike { jsx: true }));
    }
}
