//! The fragments a page answers to, computed as the site generator does.
//!
//! Docusaurus gives each heading the id from its explicit marker (`{#id}`,
//! `{/* #id */}`; react.dev: `{/*id*/}`) or else the github-slugger slug of
//! its text, numbered per page. An explicit id is used as written and is not
//! counted by the slugger. The h1 is rendered without an id, but its text
//! still takes a slug (so a later `## Intro` under `# Intro` is `intro-1`).
//! Raw HTML/JSX `id` attributes add anchors of their own.
//!
//! Matching is exact (case-sensitive) after percent-decoding; suggestions use
//! a case-insensitive edit distance so that `#shouldComponentupdate` and
//! `#unsafe_cmoponentwillreceiveprops` find their targets.

use std::collections::HashSet;

use super::slug::Slugger;

/// What anchor computation needs from one heading.
#[derive(Debug, Clone, Copy)]
pub struct HeadingInput<'a> {
    pub level: u8,
    pub text: &'a str,
    pub explicit_id: Option<&'a str>,
}

/// One anchor of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub id: String,
    /// Index of the heading that makes it (in the page's heading list), if any.
    pub heading: Option<usize>,
    /// True when the id was written explicitly (`{#id}` or an HTML id).
    pub explicit: bool,
}

/// All anchors of a page, in page order.
#[derive(Debug, Clone, Default)]
pub struct AnchorSet {
    pub anchors: Vec<Anchor>,
    index: HashSet<String>,
    /// The ids the h1 headings would have: renderers other than Docusaurus
    /// (GitHub, npm) and themes that keep the title's id give them one.
    pub titles: Vec<String>,
}

impl AnchorSet {
    /// Computes the anchors of a page from its headings and HTML ids.
    pub fn build<'a>(
        headings: &[HeadingInput<'_>],
        html_ids: impl IntoIterator<Item = &'a str>,
    ) -> AnchorSet {
        let mut slugger = Slugger::new();
        let mut set = AnchorSet::default();
        for (i, h) in headings.iter().enumerate() {
            let (id, explicit) = match h.explicit_id {
                Some(id) => (id.to_string(), true),
                None => (slugger.slug(h.text), false),
            };
            if h.level <= 1 {
                set.titles.push(id);
                continue;
            }
            set.push(Anchor {
                id,
                heading: Some(i),
                explicit,
            });
        }
        for id in html_ids {
            set.push(Anchor {
                id: id.to_string(),
                heading: None,
                explicit: true,
            });
        }
        set
    }

    pub fn push(&mut self, anchor: Anchor) {
        self.index.insert(anchor.id.clone());
        self.anchors.push(anchor);
    }

    /// Is `fragment` (already percent-decoded) an anchor of the page?
    pub fn contains(&self, fragment: &str) -> bool {
        self.index.contains(fragment)
    }

    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// Up to three anchors closest to `fragment`, best first: same text in
    /// another case, then small edit distances.
    pub fn closest(&self, fragment: &str) -> Vec<&Anchor> {
        let want: Vec<char> = fragment.to_lowercase().chars().collect();
        let limit = (want.len() / 3).clamp(2, 6);
        let mut scored: Vec<(usize, usize, &Anchor)> = Vec::new();
        let mut seen = HashSet::new();
        for (order, a) in self.anchors.iter().enumerate() {
            if !seen.insert(a.id.as_str()) {
                continue;
            }
            let have: Vec<char> = a.id.to_lowercase().chars().collect();
            if let Some(d) = bounded_distance(&want, &have, limit) {
                scored.push((d, order, a));
            }
        }
        scored.sort_by_key(|&(d, order, _)| (d, order));
        scored.into_iter().take(3).map(|(_, _, a)| a).collect()
    }
}

/// Levenshtein distance (with adjacent transposition counted as one edit),
/// or `None` when it exceeds `limit`.
fn bounded_distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let n = b.len();
    let mut prev2: Vec<usize> = vec![0; n + 1];
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur: Vec<usize> = vec![0; n + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=n {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[n];
    (d <= limit).then_some(d)
}

/// Fragments every page answers to: the top of the page, and browser text
/// fragments (`#:~:text=`), which are not anchors.
pub fn is_implicit_fragment(fragment: &str) -> bool {
    fragment.is_empty() || fragment.eq_ignore_ascii_case("top") || fragment.starts_with(":~:")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, text: &str) -> HeadingInput<'_> {
        HeadingInput {
            level,
            text,
            explicit_id: None,
        }
    }

    fn ids(set: &AnchorSet) -> Vec<&str> {
        set.anchors.iter().map(|a| a.id.as_str()).collect()
    }

    #[test]
    fn cjk_headings() {
        let set = AnchorSet::build(
            &[
                h(2, "자주 묻는 질문"),
                h(2, "インストール方法"),
                h(3, "常见问题"),
            ],
            [],
        );
        assert_eq!(
            ids(&set),
            ["자주-묻는-질문", "インストール方法", "常见问题"]
        );
    }

    #[test]
    fn h1_takes_a_slug_but_no_anchor() {
        let set = AnchorSet::build(&[h(1, "Intro"), h(2, "Intro"), h(2, "Intro")], []);
        assert_eq!(ids(&set), ["intro-1", "intro-2"]);
        assert!(!set.contains("intro"));
    }

    #[test]
    fn explicit_ids_replace_and_do_not_count() {
        let set = AnchorSet::build(
            &[
                HeadingInput {
                    level: 2,
                    text: "다운로더 플러그인",
                    explicit_id: Some("downloader-plugins"),
                },
                h(2, "downloader plugins"),
                HeadingInput {
                    level: 3,
                    text: "드라이버",
                    explicit_id: Some("driver"),
                },
            ],
            ["custom-html-id"],
        );
        assert_eq!(
            ids(&set),
            [
                "downloader-plugins",
                "downloader-plugins",
                "driver",
                "custom-html-id"
            ]
        );
        assert!(set.contains("custom-html-id"));
        assert!(!set.contains("다운로더-플러그인"));
    }

    #[test]
    fn emoji_punctuation_and_duplicates() {
        let set = AnchorSet::build(
            &[
                h(2, "🚀 Quick start!"),
                h(2, "Caveats"),
                h(2, "Caveats"),
                h(2, "What's new?"),
            ],
            [],
        );
        assert_eq!(
            ids(&set),
            ["-quick-start", "caveats", "caveats-1", "whats-new"]
        );
    }

    #[test]
    fn case_sensitive_matching_with_suggestions() {
        let set = AnchorSet::build(
            &[
                HeadingInput {
                    level: 3,
                    text: "shouldComponentUpdate(nextProps)",
                    explicit_id: Some("shouldcomponentupdate"),
                },
                HeadingInput {
                    level: 3,
                    text: "UNSAFE_componentWillReceiveProps",
                    explicit_id: Some("unsafe_componentwillreceiveprops"),
                },
                h(2, "Reference"),
            ],
            [],
        );
        assert!(!set.contains("shouldComponentupdate"));
        assert_eq!(
            set.closest("shouldComponentupdate")[0].id,
            "shouldcomponentupdate"
        );
        assert_eq!(
            set.closest("unsafe_cmoponentwillreceiveprops")[0].id,
            "unsafe_componentwillreceiveprops"
        );
        assert!(set.closest("zzzzzzzzzzzz").is_empty());
    }

    #[test]
    fn implicit_fragments() {
        assert!(is_implicit_fragment("top"));
        assert!(is_implicit_fragment(":~:text=hello"));
        assert!(!is_implicit_fragment("topics"));
    }
}
