//! A URL or email address split into the parts a translator may touch.
//!
//! Restoring a corrupted link means finding the source link "of the same
//! shape": same scheme, same number of host labels, path segments, query
//! pairs and fragment, with the ASCII parts equal. So the split keeps every
//! part (empty ones too: `/a/` and `/a` differ) with its byte range in the
//! string, and `tokens` splits one part further into words and separators for
//! parts that are only half translated (`Delete-티켓-option`).

use crate::lang::script::is_cjk_punct;
/// A part with its `%XX` escapes decoded (the one percent decoder, `util`).
pub use crate::util::percent_decode as percent_decoded;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartKind {
    HostLabel,
    Port,
    PathSegment,
    QueryKey,
    QueryValue,
    Fragment,
    /// The part of an email address before `@`.
    LocalPart,
}

impl PartKind {
    /// How the part is named in messages.
    pub fn noun(self) -> &'static str {
        match self {
            PartKind::HostLabel => "host",
            PartKind::Port => "port",
            PartKind::PathSegment => "path",
            PartKind::QueryKey => "query key",
            PartKind::QueryValue => "query value",
            PartKind::Fragment => "fragment",
            PartKind::LocalPart => "mailbox name",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// `https://host/path`.
    Absolute,
    /// `//host/path`.
    ProtocolRelative,
    /// `../a/b.md`, `/docs/x`, `page#frag`.
    Relative,
    /// `#frag`: an anchor on the same page.
    FragmentOnly,
    /// `local@domain`, with or without `mailto:`.
    Email,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub kind: PartKind,
    /// Byte range in the parsed string.
    pub range: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Shape<'a> {
    pub text: &'a str,
    pub form: Form,
    /// The scheme without `:` (empty when there is none).
    pub scheme: &'a str,
    pub parts: Vec<Part>,
}

impl<'a> Shape<'a> {
    pub fn part_text(&self, part: &Part) -> &'a str {
        &self.text[part.range.clone()]
    }

    /// The host labels, for absolute URLs and email domains.
    pub fn host_labels(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.parts
            .iter()
            .filter(|p| p.kind == PartKind::HostLabel)
            .map(|p| &self.text[p.range.clone()])
    }
}

/// Splits a link destination. `None` for opaque schemes (`tel:`, `data:`,
/// `javascript:`) and empty strings, which have no parts to compare.
pub fn parse_url(s: &str) -> Option<Shape<'_>> {
    if s.is_empty() {
        return None;
    }
    if s.starts_with('#') {
        return Some(Shape {
            text: s,
            form: Form::FragmentOnly,
            scheme: "",
            parts: vec![Part {
                kind: PartKind::Fragment,
                range: 1..s.len(),
            }],
        });
    }
    let scheme_end = scheme_len(s);
    if let Some(end) = scheme_end {
        let scheme = &s[..end];
        if scheme.eq_ignore_ascii_case("mailto") {
            return parse_email(s);
        }
        if !s[end + 1..].starts_with("//") {
            return None;
        }
        let mut parts = Vec::new();
        let after = authority(s, end + 3, &mut parts);
        rest_of_url(s, after, true, &mut parts);
        return Some(Shape {
            text: s,
            form: Form::Absolute,
            scheme,
            parts,
        });
    }
    let mut parts = Vec::new();
    if s.starts_with("//") {
        let after = authority(s, 2, &mut parts);
        rest_of_url(s, after, true, &mut parts);
        return Some(Shape {
            text: s,
            form: Form::ProtocolRelative,
            scheme: "",
            parts,
        });
    }
    rest_of_url(s, 0, false, &mut parts);
    Some(Shape {
        text: s,
        form: Form::Relative,
        scheme: "",
        parts,
    })
}

/// Splits a link destination or a bare email address.
pub fn parse_any(s: &str) -> Option<Shape<'_>> {
    if s.contains('@') && !s.contains(['/', '#']) && scheme_len(s).is_none() {
        return parse_email(s);
    }
    parse_url(s)
}

/// Splits an email address, bare or as a `mailto:` URL (with its query).
pub fn parse_email(s: &str) -> Option<Shape<'_>> {
    let start = if s.len() >= 7 && s.is_char_boundary(7) && s[..7].eq_ignore_ascii_case("mailto:") {
        7
    } else {
        0
    };
    let end = s[start..].find('?').map_or(s.len(), |i| start + i);
    let at = start + s[start..end].find('@')?;
    if at == start || at + 1 >= end {
        return None;
    }
    let mut parts = vec![Part {
        kind: PartKind::LocalPart,
        range: start..at,
    }];
    split_into(s, at + 1..end, '.', PartKind::HostLabel, &mut parts);
    if parts.len() < 3 {
        return None;
    }
    if end < s.len() {
        query(s, end + 1..s.len(), &mut parts);
    }
    Some(Shape {
        text: s,
        form: Form::Email,
        scheme: if start == 7 { &s[..6] } else { "" },
        parts,
    })
}

/// Length of a valid scheme before `:` (RFC 3986: a letter, then letters,
/// digits, `+`, `-`, `.`), or `None`.
fn scheme_len(s: &str) -> Option<usize> {
    let colon = s.find(':')?;
    let scheme = &s[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(colon)
}

/// Host labels and port of the authority starting at `from`; returns where it ends.
fn authority(s: &str, from: usize, parts: &mut Vec<Part>) -> usize {
    let end = s[from..]
        .find(['/', '?', '#'])
        .map_or(s.len(), |i| from + i);
    // A user name is a mailbox name (`http://support@freshdesk.com`, an
    // address written as a URL), and translators translate it like one
    // (`http://지원@freshdesk.com`). A password (`user:pass@`) is nobody's word.
    let host_start = s[from..end].rfind('@').map_or(from, |i| from + i + 1);
    if host_start > from + 1 && !s[from..host_start - 1].contains(':') {
        parts.push(Part {
            kind: PartKind::LocalPart,
            range: from..host_start - 1,
        });
    }
    let host = &s[host_start..end];
    if host.starts_with('[') {
        // An IPv6 literal is one opaque label.
        let close = host.find(']').map_or(end, |i| host_start + i + 1);
        parts.push(Part {
            kind: PartKind::HostLabel,
            range: host_start..close,
        });
        if close < end && s[close..].starts_with(':') {
            parts.push(Part {
                kind: PartKind::Port,
                range: close + 1..end,
            });
        }
        return end;
    }
    let (host_end, port) = match host.rfind(':') {
        Some(i) if host[i + 1..].bytes().all(|b| b.is_ascii_digit()) => {
            (host_start + i, Some(host_start + i + 1..end))
        }
        _ => (end, None),
    };
    split_into(s, host_start..host_end, '.', PartKind::HostLabel, parts);
    if let Some(r) = port {
        parts.push(Part {
            kind: PartKind::Port,
            range: r,
        });
    }
    end
}

/// Path segments, query and fragment from `from` to the end.
fn rest_of_url(s: &str, from: usize, after_authority: bool, parts: &mut Vec<Part>) {
    let hash = s[from..].find('#').map(|i| from + i);
    let before_hash = hash.unwrap_or(s.len());
    let qmark = s[from..before_hash].find('?').map(|i| from + i);
    let path_end = qmark.unwrap_or(before_hash);
    let path = from..path_end;
    if after_authority {
        // The path of an absolute URL is empty or starts with `/`.
        if path_end > from {
            let start = if s[from..].starts_with('/') {
                from + 1
            } else {
                from
            };
            split_into(s, start..path_end, '/', PartKind::PathSegment, parts);
        }
    } else {
        split_into(s, path, '/', PartKind::PathSegment, parts);
    }
    if let Some(q) = qmark {
        query(s, q + 1..before_hash, parts);
    }
    if let Some(h) = hash {
        parts.push(Part {
            kind: PartKind::Fragment,
            range: h + 1..s.len(),
        });
    }
}

fn query(s: &str, range: Range<usize>, parts: &mut Vec<Part>) {
    let mut start = range.start;
    for piece in s[range.clone()].split('&') {
        let end = start + piece.len();
        match piece.find('=') {
            Some(eq) => {
                parts.push(Part {
                    kind: PartKind::QueryKey,
                    range: start..start + eq,
                });
                parts.push(Part {
                    kind: PartKind::QueryValue,
                    range: start + eq + 1..end,
                });
            }
            None => parts.push(Part {
                kind: PartKind::QueryKey,
                range: start..end,
            }),
        }
        start = end + 1;
    }
}

fn split_into(s: &str, range: Range<usize>, sep: char, kind: PartKind, parts: &mut Vec<Part>) {
    let mut start = range.start;
    for piece in s[range.clone()].split(sep) {
        parts.push(Part {
            kind,
            range: start..start + piece.len(),
        });
        start += piece.len() + sep.len_utf8();
    }
}

/// True when a part carries text a translator wrote: a non-ASCII character,
/// or percent-escapes that decode to Hangul, kana or ideographs.
pub fn is_localized(part: &str) -> bool {
    !part.is_ascii() || (part.contains('%') && super::has_cjk(&percent_decoded(part)))
}

/// One word or separator inside a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// Letters and digits; `ascii` when all of them are ASCII (`%XX` escapes count as ASCII).
    Word { range: Range<usize>, ascii: bool },
    /// Punctuation between words; `ch` is its ASCII meaning (`。` -> `.`).
    Sep { range: Range<usize>, ch: char },
}

impl Token {
    pub fn range(&self) -> &Range<usize> {
        match self {
            Token::Word { range, .. } | Token::Sep { range, .. } => range,
        }
    }
}

/// Splits a part into words and separators. A change between ASCII and other
/// letters also ends a word (`고객details` is two words).
pub fn tokens(s: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let bytes = s.as_bytes();
        let escape = c == '%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        let (end, word_ascii) = if escape {
            iter.next();
            iter.next();
            (i + 3, Some(true))
        } else if c.is_ascii_alphanumeric() {
            (i + 1, Some(true))
        } else if c.is_ascii() || is_cjk_punct(c) || (c.is_whitespace() && c != '\u{A0}') {
            // A no-break space stays in the word: mojibake turns byte 0xA0 of
            // a Hangul syllable into one (`고객` -> `ê³\u{A0}ê°`).
            (i + c.len_utf8(), None)
        } else {
            (i + c.len_utf8(), Some(false))
        };
        match word_ascii {
            Some(ascii) => match out.last_mut() {
                Some(Token::Word { range, ascii: a }) if *a == ascii && range.end == i => {
                    range.end = end
                }
                _ => out.push(Token::Word {
                    range: i..end,
                    ascii,
                }),
            },
            None => out.push(Token::Sep {
                range: i..end,
                ch: super::ascii_of_fullwidth(c).unwrap_or(c),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Vec<(PartKind, &str)> {
        let shape = parse_url(s).unwrap();
        shape
            .parts
            .iter()
            .map(|p| (p.kind, &s[p.range.clone()]))
            .collect()
    }

    #[test]
    fn absolute_url() {
        use PartKind::*;
        assert_eq!(
            parts("https://지원.freshdesk.com/지원/solutions/articles/227558-can-i/"),
            vec![
                (HostLabel, "지원"),
                (HostLabel, "freshdesk"),
                (HostLabel, "com"),
                (PathSegment, "지원"),
                (PathSegment, "solutions"),
                (PathSegment, "articles"),
                (PathSegment, "227558-can-i"),
                (PathSegment, ""),
            ]
        );
        // A password makes the user info opaque.
        assert_eq!(
            parts("https://u:pw@x.com/"),
            vec![(HostLabel, "x"), (HostLabel, "com"), (PathSegment, "")]
        );
        assert_eq!(
            parts("https://user@x.com:8080/a?lang=en&portalId=74847&flag#Delete-티켓-option"),
            vec![
                (LocalPart, "user"),
                (HostLabel, "x"),
                (HostLabel, "com"),
                (Port, "8080"),
                (PathSegment, "a"),
                (QueryKey, "lang"),
                (QueryValue, "en"),
                (QueryKey, "portalId"),
                (QueryValue, "74847"),
                (QueryKey, "flag"),
                (Fragment, "Delete-티켓-option"),
            ]
        );
        assert_eq!(
            parts("https://support.freshdesk.com"),
            vec![
                (HostLabel, "support"),
                (HostLabel, "freshdesk"),
                (HostLabel, "com")
            ]
        );
        assert_eq!(parse_url("https://a.b/c").unwrap().scheme, "https");
    }

    #[test]
    fn other_forms() {
        use PartKind::*;
        assert_eq!(parse_url("#고객-details").unwrap().form, Form::FragmentOnly);
        assert_eq!(parts("#고객-details"), vec![(Fragment, "고객-details")]);
        assert_eq!(
            parse_url("//yourcompanyname.freshdesk.com").unwrap().form,
            Form::ProtocolRelative
        );
        assert_eq!(
            parts("../faq/ssl.md#x"),
            vec![
                (PathSegment, ".."),
                (PathSegment, "faq"),
                (PathSegment, "ssl.md"),
                (Fragment, "x")
            ]
        );
        assert_eq!(
            parts("/docs/a"),
            vec![(PathSegment, ""), (PathSegment, "docs"), (PathSegment, "a")]
        );
        assert!(parse_url("tel:+123").is_none());
        assert!(parse_url("javascript:void(0)").is_none());
        assert!(parse_url("").is_none());
        let mail = parse_url("mailto:지원@freshdesk.com").unwrap();
        assert_eq!(mail.form, Form::Email);
        assert_eq!(mail.scheme, "mailto");
        assert_eq!(
            parts("mailto:지원@freshdesk.com?subject=hi"),
            vec![
                (LocalPart, "지원"),
                (HostLabel, "freshdesk"),
                (HostLabel, "com"),
                (QueryKey, "subject"),
                (QueryValue, "hi")
            ]
        );
    }

    #[test]
    fn emails() {
        let e = parse_email("지원@freshdesk.com").unwrap();
        assert_eq!(e.form, Form::Email);
        assert_eq!(e.part_text(&e.parts[0]), "지원");
        assert!(parse_email("@x.com").is_none());
        assert!(parse_email("a@localhost").is_none());
        assert!(parse_email("no-at-sign").is_none());
    }

    #[test]
    fn localized_parts() {
        assert!(is_localized("지원"));
        assert!(is_localized("%EC%A7%80%EC%9B%90"));
        assert!(is_localized("ì§€ì›"));
        assert!(!is_localized("Customer-details-export-%C2%A0"));
        assert!(!is_localized("support"));
        assert_eq!(percent_decoded("a%20b"), "a b");
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("%FF"), "%FF");
    }

    #[test]
    fn token_split() {
        let words = |s: &str| -> Vec<String> {
            tokens(s)
                .iter()
                .map(|t| match t {
                    Token::Word { range, ascii } => {
                        format!("{}{}", if *ascii { "a:" } else { "n:" }, &s[range.clone()])
                    }
                    Token::Sep { ch, .. } => format!("s:{ch}"),
                })
                .collect()
        };
        assert_eq!(
            words("Delete-티켓-option"),
            ["a:Delete", "s:-", "n:티켓", "s:-", "a:option"]
        );
        assert_eq!(words("고객details"), ["n:고객", "a:details"]);
        assert_eq!(words("export-%C2%A0"), ["a:export", "s:-", "a:%C2%A0"]);
        assert_eq!(words("状态。html"), ["n:状态", "s:.", "a:html"]);
        assert_eq!(words("ì§€ì›"), ["n:ì§€ì›"]);
        assert_eq!(
            words("ê³\u{A0}ê°-details"),
            ["n:ê³\u{A0}ê°", "s:-", "a:details"]
        );
    }
}
