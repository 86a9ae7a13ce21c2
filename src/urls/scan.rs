//! URLs and email addresses in text that the Markdown parser does not link.
//!
//! GFM does not autolink inside link text (`[https://x/티켓](...)`), and it does
//! not link an address whose mailbox name is not ASCII (`지원@freshdesk.com`),
//! yet readers copy both. These scanners find them in visible text.

use super::glued::gfm_trim;
use crate::lang::script::is_cjk_punct;
use std::ops::Range;

/// `http://` and `https://` URLs, up to a space or a character that cannot
/// be in one, without the trailing punctuation an autolink leaves out.
pub fn urls(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("http").map(|i| from + i) {
        let rest = &lower[i..];
        let scheme = if rest.starts_with("https://") {
            8
        } else if rest.starts_with("http://") {
            7
        } else {
            from = i + 4;
            continue;
        };
        let preceded_by_word = text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let end = text[i..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']'))
            .map_or(text.len(), |e| i + e);
        let end = i + quoted_len(&text[..i], &text[i..end]);
        let url = gfm_trim(&text[i..end]);
        if !preceded_by_word && url.len() > scheme {
            out.push(i..i + url.len());
        }
        from = end.max(i + scheme);
    }
    out
}

/// The length of `url` once a quote that opened it closes it: a URL written
/// after `'` (`href='https://…';This`, inline script in text) ends before the
/// next `'`. A quote inside a URL is rare, and what follows the closing one
/// is code or prose. Unquoted, an apostrophe stays (`/wiki/O'Reilly`).
pub fn quoted_len(before: &str, url: &str) -> usize {
    if before.ends_with('\'') {
        url.find('\'').unwrap_or(url.len())
    } else {
        url.len()
    }
}

/// Email addresses, ASCII or not. A domain label that starts in ASCII ends
/// where the ASCII ends (`support@qedma.com으로` is `support@qedma.com`).
pub fn emails(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (at, _) in text.match_indices('@') {
        let local_start = text[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_local_char(c))
            .last()
            .map_or(at, |(i, _)| i);
        let local = &text[local_start..at];
        if local.is_empty()
            || local.starts_with('.')
            || out.last().is_some_and(|r| r.end > local_start)
        {
            continue;
        }
        let Some(domain_len) = domain_len(&text[at + 1..]) else {
            continue;
        };
        out.push(local_start..at + 1 + domain_len);
    }
    out
}

fn is_local_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    }
    !(c.is_whitespace()
        || is_cjk_punct(c)
        || ('\u{2010}'..='\u{201F}').contains(&c)
        || c == '\u{A0}')
}

/// Length of a domain at the start of `s`: labels of one kind (ASCII or not)
/// separated by dots, at least two, the last not a lone letter.
fn domain_len(s: &str) -> Option<usize> {
    let mut labels = 0;
    let mut end = 0;
    let mut pos = 0;
    loop {
        let rest = &s[pos..];
        let first = rest.chars().next()?;
        let ascii = first.is_ascii();
        let len = rest
            .char_indices()
            .find(|&(_, c)| {
                if ascii {
                    !(c.is_ascii_alphanumeric() || c == '-')
                } else {
                    c.is_ascii() || !is_local_char(c)
                }
            })
            .map_or(rest.len(), |(i, _)| i);
        if len == 0 {
            break;
        }
        labels += 1;
        end = pos + len;
        pos = end;
        if s[pos..].starts_with('.')
            && s[pos + 1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || !c.is_ascii())
        {
            pos += 1;
        } else {
            break;
        }
    }
    let last = s[..end].rsplit('.').next().unwrap_or("");
    (labels >= 2 && (last.chars().count() >= 2 || !last.is_ascii())).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, f: fn(&str) -> Vec<Range<usize>>) -> Vec<&str> {
        f(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_urls() {
        assert_eq!(
            found("https://tlstest.freshdesk.com/api/v2/티켓", urls),
            ["https://tlstest.freshdesk.com/api/v2/티켓"]
        );
        assert_eq!(
            found("see (https://x.com/a) and http://y.org.", urls),
            ["https://x.com/a", "http://y.org"]
        );
        assert_eq!(
            found(
                "location.href='https://x.freshdesk.com/a/티켓';This page",
                urls
            ),
            ["https://x.freshdesk.com/a/티켓"]
        );
        // Unquoted, an apostrophe may be part of the URL.
        assert_eq!(
            found("https://en.wikipedia.org/wiki/O'Reilly_Media 참고", urls),
            ["https://en.wikipedia.org/wiki/O'Reilly_Media"]
        );
        assert_eq!(
            found("xhttps://no.pe and https://", urls),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn finds_emails() {
        assert_eq!(
            found("ticket to 지원@freshdesk.com. The", emails),
            ["지원@freshdesk.com"]
        );
        assert_eq!(
            found("**지원@freshdesk.com**Need", emails),
            ["지원@freshdesk.com"]
        );
        assert_eq!(
            found("support@qedma.com으로 문의", emails),
            ["support@qedma.com"]
        );
        assert_eq!(
            found("ì§€ì›@freshdesk.com", emails),
            ["ì§€ì›@freshdesk.com"]
        );
        assert_eq!(found("a@b and @user and x@y.c", emails), Vec::<&str>::new());
        assert_eq!(found("사용자@도메인.한국", emails), ["사용자@도메인.한국"]);
        assert_eq!(found("“지원@x.com”", emails), ["지원@x.com"]);
    }
}
