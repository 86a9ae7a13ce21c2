//! A bare URL that runs straight into the text after it.
//!
//! Korean puts a particle right after a noun (`https://quantum.ibm.com에서`),
//! and Chinese and Japanese put no space before the next word or the
//! full-width `。`. A GFM autolink literal (remark-gfm, which Docusaurus uses)
//! takes everything up to the next space: Hangul in the domain, and any
//! letter or full-width punctuation in the path, so the link points at
//! `quantum.ibm.com에서`, a host that does not exist.
//!
//! Not every non-ASCII letter in a URL is glued text: `/wiki/메모이제이션` is a
//! page name. Glued text either continues an ASCII word (`stable이고`,
//! `#URL을`, `GGUF와`, `incubator。`) with no URL structure after it, or starts
//! a new segment and is one of the locale's particles (`https://x.com/의`).
//! Email autolinks are never affected: GFM ends an address at the first
//! non-ASCII character, so `support@qedma.com으로` renders correctly.

use crate::lang::script::{HANGUL_SYLLABLES, Script, is_cjk, is_cjk_punct, script_of};
use std::ops::Range;

/// A glued URL, ranges relative to the text given to `split`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glued {
    /// The URL as the author meant it.
    pub url: Range<usize>,
    /// What the autolink takes besides the URL (`에서`, `。你可以…`).
    pub swallowed: Range<usize>,
}

/// Characters that give a URL structure: text after them is still URL.
const STRUCTURE: &[char] = &['/', '?', '#', '=', '&', '_'];

/// `text` starts with a bare URL (`http://`, `https://` or `www.`). Returns
/// where it was meant to end when text of the locale is glued to it.
pub fn split(text: &str, particles: &[String]) -> Option<Glued> {
    let starts = |p: &str| {
        text.as_bytes()
            .get(..p.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()))
    };
    let host_start = if starts("https://") {
        8
    } else if starts("http://") {
        7
    } else if starts("www.") {
        0
    } else {
        return None;
    };
    let extent = text
        .find(|c: char| c.is_whitespace() || c == '<')
        .unwrap_or(text.len());
    let s = &text[..extent];
    let mut in_host = true;
    let mut seg_start = host_start;
    let mut prev: Option<char> = None;
    let mut glued_at = None;
    for (i, c) in s.char_indices().skip_while(|&(i, _)| i < host_start) {
        if matches!(c, '/' | '?' | '#') || (!in_host && matches!(c, '&' | '=')) {
            in_host = false;
            seg_start = i + 1;
            prev = Some(c);
            continue;
        }
        if is_cjk_punct(c) {
            // The domain ends at punctuation, so nothing is swallowed there.
            if in_host {
                return None;
            }
            glued_at = Some(i);
            break;
        }
        if is_cjk(c) {
            let rest = &s[i..];
            let continues_word = i > seg_start
                && prev.is_some_and(|p| p.is_ascii_alphanumeric() || matches!(p, '-' | '.'));
            // A hyphen joins words of a slug (`Freshdesk-분석.pdf`), and a
            // file extension after the letters ends a file name: neither
            // is a particle after the URL.
            let run_len = rest.find(|ch: char| !is_cjk(ch)).unwrap_or(rest.len());
            let file_name = rest[run_len..].strip_prefix('.').is_some_and(|ext| {
                !ext.is_empty() && ext.chars().all(|ch| ch.is_ascii_alphanumeric())
            });
            if prev == Some('-') || file_name {
                return None;
            }
            let glued = if continues_word {
                !rest.contains(STRUCTURE)
            } else {
                let run = &rest[..run_len];
                let after = &rest[run_len..];
                is_particle(run, particles)
                    && !after.contains(STRUCTURE)
                    && !after.chars().any(is_cjk)
            };
            if !glued {
                return None;
            }
            glued_at = Some(i);
            break;
        }
        prev = Some(c);
    }
    let at = glued_at?;
    let url_end = gfm_trim(&s[..at]).len();
    if url_end <= host_start + 1 {
        return None;
    }
    let swallowed_end = gfm_trim(s).len().max(at);
    Some(Glued {
        url: 0..url_end,
        swallowed: url_end..swallowed_end,
    })
}

/// A particle, or (for scripts written without spaces) a run that starts
/// with one: a particle of two characters or more (`から…`), or a
/// one-character particle followed by another kind of letter (`を参照`: kana,
/// then an ideograph). A one-character particle followed by its own kind
/// also starts ordinary words (`はじめに`, `中文`).
fn is_particle(run: &str, particles: &[String]) -> bool {
    let spaced = run.chars().any(|c| HANGUL_SYLLABLES.contains(&c));
    let mut chars = run.chars();
    let (first, second) = (chars.next(), chars.next());
    particles.iter().any(|p| {
        if run == p {
            return true;
        }
        if spaced || p.is_empty() || !run.starts_with(p.as_str()) {
            return false;
        }
        let mut pc = p.chars();
        match (pc.next(), pc.next()) {
            (Some(_), Some(_)) => true,
            (Some(_), None) => match (first, second) {
                (Some(a), Some(b)) => kind(a) != kind(b),
                _ => false,
            },
            _ => false,
        }
    })
}

/// Hiragana, katakana, ideograph or other: where one kind of word ends.
fn kind(c: char) -> Script {
    match script_of(c) {
        s @ (Script::Hiragana | Script::Katakana | Script::Han) => s,
        _ => Script::Other,
    }
}

/// The URL without the trailing punctuation a GFM autolink leaves out.
pub fn gfm_trim(url: &str) -> &str {
    let mut s = url;
    loop {
        let Some(last) = s.chars().next_back() else {
            return s;
        };
        let cut = match last {
            '.' | ',' | ':' | ';' | '!' | '?' | '"' | '\'' | '*' | '_' | '~' => true,
            ')' => s.matches(')').count() > s.matches('(').count(),
            _ => false,
        };
        if !cut {
            return s;
        }
        s = &s[..s.len() - last.len_utf8()];
    }
}

/// How to write the URL so that the boundary is explicit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `<https://x>`: CommonMark autolink.
    Angle,
    /// `[https://x](https://x)`: MDX has no angle-bracket autolinks.
    Link,
}

/// The replacement for the URL: reads the same, links the same.
pub fn explicit(url: &str, style: Style) -> String {
    let is_www = url.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www."));
    match style {
        Style::Angle if !is_www => format!("<{url}>"),
        _ => {
            // GFM links `www.` addresses with `http://`.
            let href = if is_www {
                format!("http://{url}")
            } else {
                url.to_string()
            };
            let text = url.replace('[', "\\[").replace(']', "\\]");
            let href = if href.contains([' ', '(', ')']) {
                format!("<{href}>")
            } else {
                href
            };
            format!("[{text}]({href})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ko() -> Vec<String> {
        ["의", "에서", "을", "이고", "와", "を", "に", "から", "的"]
            .iter()
            .map(|s| (*s).to_string())
            .collect()
    }

    fn url_of(text: &str) -> Option<&str> {
        split(text, &ko()).map(|g| &text[g.url])
    }

    #[test]
    fn glued_cases() {
        // The real corpus cases.
        assert_eq!(
            url_of("https://quantum.ibm.com에서 [IBM"),
            Some("https://quantum.ibm.com")
        );
        assert_eq!(
            url_of("https://quantum.ibm.com/의 IBM"),
            Some("https://quantum.ibm.com/")
        );
        assert_eq!(
            url_of("https://charts.helm.sh/stable이고 incubator"),
            Some("https://charts.helm.sh/stable")
        );
        assert_eq!(
            url_of("https://golang.org/pkg/net/url/#URL을 확인하자."),
            Some("https://golang.org/pkg/net/url/#URL")
        );
        assert_eq!(
            url_of("https://golang.org/pkg/net/url/#URL。"),
            Some("https://golang.org/pkg/net/url/#URL")
        );
        assert_eq!(
            url_of("https://charts.helm.sh/incubator。你可以运行以下命令修复："),
            Some("https://charts.helm.sh/incubator")
        );
        assert_eq!(
            url_of("https://huggingface.co/Qiskit/Qwen2.5-Coder-14B-Qiskit-GGUF와 같은"),
            Some("https://huggingface.co/Qiskit/Qwen2.5-Coder-14B-Qiskit-GGUF")
        );
        // Trailing punctuation stays outside, as the autolink would have it.
        assert_eq!(url_of("https://x.com/a.에서"), Some("https://x.com/a"));
        assert_eq!(url_of("www.example.com에서"), Some("www.example.com"));
        assert_eq!(
            url_of("https://example.com/を参照してください。"),
            Some("https://example.com/")
        );
        assert_eq!(
            url_of("https://example.com/からダウンロード"),
            Some("https://example.com/")
        );
        assert_eq!(
            url_of("https://example.comから"),
            Some("https://example.com")
        );
        let g = split("https://quantum.ibm.com에서 다음", &ko()).unwrap();
        assert_eq!(g.swallowed, 23..29);
    }

    #[test]
    fn not_glued() {
        for ok in [
            "https://ko.wikipedia.org/wiki/메모이제이션",
            "https://ko.wikipedia.org/wiki/유한_상태_기계",
            "https://ko.wikipedia.org/wiki/HTML5의_역사",
            "https://developer.mozilla.org/ko/docs/Web#계산된_프로퍼티명",
            "https://helm.sh/zh/docs/faq/#移除了Tiller",
            "https://quantum.ibm.com 에서",
            "https://example.com。",
            "https://example.com/path",
            "https://ja.wikipedia.org/wiki/はじめに",
            "https://zh.wikipedia.org/wiki/的士",
            "https://github.com/helm/charts/issues/21103💯",
            "support@qedma.com으로",
            "ftp://x.com에서",
            "https://freshdesk.com/files/Freshdesk-분석.pdf",
            "https://x.com/docs/how-to-설치",
            "https://x.com/files/보고서.pdf",
        ] {
            assert_eq!(url_of(ok), None, "{ok}");
        }
    }

    #[test]
    fn writes_explicit_forms() {
        assert_eq!(
            explicit("https://quantum.ibm.com", Style::Angle),
            "<https://quantum.ibm.com>"
        );
        assert_eq!(
            explicit("https://quantum.ibm.com", Style::Link),
            "[https://quantum.ibm.com](https://quantum.ibm.com)"
        );
        assert_eq!(
            explicit("www.example.com", Style::Angle),
            "[www.example.com](http://www.example.com)"
        );
        assert_eq!(gfm_trim("https://x.com/a_(b)"), "https://x.com/a_(b)");
        assert_eq!(gfm_trim("https://x.com/a)."), "https://x.com/a");
    }
}
