//! Inline suppression comments.
//!
//! `<!-- loclint-disable-next-line RULE[, RULE] -->`,
//! `<!-- loclint-disable RULE -->` ... `<!-- loclint-enable RULE -->`,
//! `<!-- loclint-disable-file -->`, and the same words inside MDX comments
//! `{/* ... */}`. Without rule names a comment applies to every rule.

use super::Document;
use crate::util::Pattern;
use std::ops::Range;
use std::sync::LazyLock;

static COMMENT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?:<!--|\{/\*)\s*loclint-(disable-next-line|disable-file|disable|enable)\b([^\n]*?)\s*(?:-->|\*/\})",
    )
});

/// Which rules are off where, in one file.
#[derive(Debug, Default, Clone)]
pub struct Suppressions {
    /// Rules off for the whole file; `None` in the list means all rules.
    file: Vec<Option<String>>,
    /// (rule or all, byte range where it is off).
    ranges: Vec<(Option<String>, Range<usize>)>,
    /// Rule names that are not known, with where they were written.
    pub unknown: Vec<(String, Range<usize>)>,
}

impl Suppressions {
    pub fn parse(doc: &Document, is_known: impl Fn(&str) -> bool) -> Suppressions {
        let mut s = Suppressions::default();
        let text = &doc.text;
        if memchr::memmem::find(text.as_bytes(), b"loclint-").is_none() {
            return s;
        }
        // Open `disable` regions per rule, closed by a matching `enable`.
        let mut open: Vec<(Option<String>, usize)> = Vec::new();
        for c in COMMENT.captures_iter(text) {
            let (Some(whole), Some(kind)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if doc.in_code(whole.start()) {
                continue;
            }
            let names_m = c.get(2);
            let mut rules: Vec<Option<String>> = Vec::new();
            if let Some(m) = names_m {
                let mut offset = m.start();
                for part in m.as_str().split(',') {
                    let name = part.trim();
                    let lead = part.len() - part.trim_start().len();
                    if !name.is_empty() {
                        let at = offset + lead;
                        if !is_known(name) {
                            s.unknown.push((name.to_string(), at..at + name.len()));
                        }
                        rules.push(Some(name.to_string()));
                    }
                    offset += part.len() + 1;
                }
            }
            if rules.is_empty() {
                rules.push(None);
            }
            match kind.as_str() {
                "disable-file" => s.file.extend(rules),
                "disable-next-line" => {
                    let line = doc.line_index.line_of(whole.end());
                    let start = doc.line_index.line_start(line + 1);
                    let end = if line + 2 < doc.line_index.line_count() {
                        doc.line_index.line_start(line + 2)
                    } else {
                        text.len()
                    };
                    if start > whole.start() || line + 1 < doc.line_index.line_count() {
                        for r in rules {
                            s.ranges.push((r, start..end.max(start)));
                        }
                    }
                }
                "disable" => {
                    for r in rules {
                        open.push((r, whole.end()));
                    }
                }
                _ => {
                    for r in rules {
                        // `enable` without names closes every open region.
                        let mut i = 0;
                        while i < open.len() {
                            if r.is_none() || open[i].0 == r {
                                let (rule, start) = open.remove(i);
                                s.ranges.push((rule, start..whole.start()));
                            } else {
                                i += 1;
                            }
                        }
                    }
                }
            }
        }
        for (rule, start) in open {
            s.ranges.push((rule, start..text.len()));
        }
        s
    }

    /// True when a diagnostic of `rule` starting at `offset` is suppressed.
    pub fn is_suppressed(&self, rule: &str, offset: usize) -> bool {
        let matches = |r: &Option<String>| r.as_deref().is_none_or(|n| n == rule);
        self.file.iter().any(matches)
            || self.ranges.iter().any(|(r, range)| {
                matches(r) && range.start <= offset && offset < range.end.max(range.start + 1)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;
    use std::path::PathBuf;

    fn sup(s: &str) -> (Document, Suppressions) {
        let d = parse(PathBuf::from("t.md"), s.to_string());
        let sp = Suppressions::parse(&d, |n| n == "mojibake" || n == "replacement-character");
        (d, sp)
    }

    #[test]
    fn next_line() {
        let (d, s) = sup("a\n<!-- loclint-disable-next-line mojibake -->\nbad line\nnext\n");
        let bad = d.text.find("bad").unwrap();
        assert!(s.is_suppressed("mojibake", bad));
        assert!(!s.is_suppressed("replacement-character", bad));
        assert!(!s.is_suppressed("mojibake", d.text.find("next").unwrap()));
    }

    #[test]
    fn regions_and_mdx_comments() {
        let (d, s) =
            sup("{/* loclint-disable mojibake */}\nx\n{/* loclint-enable mojibake */}\ny\n");
        assert!(s.is_suppressed("mojibake", d.text.find('x').unwrap()));
        assert!(!s.is_suppressed("mojibake", d.text.find('y').unwrap()));
    }

    #[test]
    fn whole_file_and_unknown_names() {
        let (_, s) = sup(
            "<!-- loclint-disable-file -->\n<!-- loclint-disable-next-line no-such-rule -->\nz\n",
        );
        assert!(s.is_suppressed("anything", 0));
        assert_eq!(s.unknown[0].0, "no-such-rule");
    }

    #[test]
    fn comments_in_code_do_nothing() {
        let (_, s) = sup("```\n<!-- loclint-disable-file -->\n```\n");
        assert!(!s.is_suppressed("mojibake", 0));
    }
}
