//! Which heading of a translated page stands for which heading of its
//! English source.
//!
//! A translation keeps the source's outline but not its words, so headings
//! are matched by structure, strongest evidence first:
//!
//! 1. **Explicit id.** The same `{#id}` on both sides (or the translation's
//!    explicit id equal to the source heading's slug) is the same anchor,
//!    wherever the heading moved to.
//! 2. **Position.** Inside a parent section whose counterpart is known (the
//!    page itself is the root), the k-th heading of a level is the k-th
//!    heading of that level in the counterpart section. Headings already
//!    matched split the run into segments, and a segment is matched by
//!    position only when both sides hold the same number of headings: when
//!    counts differ, position says nothing about which one went missing.
//! 3. **Slug of the English text.** A heading left in English (a product
//!    name, a command) still slugs like its source; a slug unique among the
//!    unmatched headings on both sides matches, and may give positions new
//!    segment ends, so steps 2 and 3 repeat until nothing new is found.
//!
//! The matcher knows nothing about slugging: callers pass each heading's
//! slug (the links layer owns the slugger), so pairing stays below links.

use std::collections::HashMap;

/// What the matcher needs from one heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadingKey<'a> {
    pub level: u8,
    /// The id written on the heading (`{#id}`), if any.
    pub explicit_id: Option<&'a str>,
    /// The slug of the heading's text, without duplicate numbering.
    pub slug: &'a str,
}

/// How a pair of headings was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The same explicit id (or the translation's id equal to the source's slug).
    Id,
    /// The same place among same-level headings of counterpart sections.
    /// `same_shape` is true when both parent sections hold the same levels in
    /// the same order, so the position is certain, not just consistent.
    Position { same_shape: bool },
    /// The same slug: the heading text was left as it is in the source.
    Slug,
}

/// One side's view of a match: the index of the heading on the other side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counterpart {
    pub index: usize,
    pub by: MatchKind,
}

/// The result: for each heading, its counterpart on the other side, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counterparts {
    /// Indexed by source heading.
    pub of_source: Vec<Option<Counterpart>>,
    /// Indexed by translation heading.
    pub of_translation: Vec<Option<Counterpart>>,
}

impl Counterparts {
    /// The pairs (source index, translation index, how), in source order.
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize, MatchKind)> + '_ {
        self.of_source
            .iter()
            .enumerate()
            .filter_map(|(s, c)| c.map(|c| (s, c.index, c.by)))
    }

    fn link(&mut self, source: usize, translation: usize, by: MatchKind) {
        self.of_source[source] = Some(Counterpart {
            index: translation,
            by,
        });
        self.of_translation[translation] = Some(Counterpart { index: source, by });
    }
}

/// The parent of each heading: the nearest earlier heading of a lower level
/// (a smaller number); `None` for top-level headings.
pub fn parents(levels: &[u8]) -> Vec<Option<usize>> {
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(levels.len());
    for (i, &level) in levels.iter().enumerate() {
        while stack.last().is_some_and(|&top| levels[top] >= level) {
            stack.pop();
        }
        out.push(stack.last().copied());
        stack.push(i);
    }
    out
}

/// Matches a translation's headings to its source's.
pub fn match_headings(source: &[HeadingKey<'_>], translation: &[HeadingKey<'_>]) -> Counterparts {
    let mut m = Counterparts {
        of_source: vec![None; source.len()],
        of_translation: vec![None; translation.len()],
    };
    match_by_id(source, translation, &mut m);
    let src = Outline::new(source);
    let tr = Outline::new(translation);
    // Each round only adds matches; real pages settle in two or three, and
    // the cap keeps a pathological page linear.
    for _ in 0..16 {
        let before = matched_count(&m);
        match_by_position(&src, &tr, &mut m);
        match_by_slug(source, translation, &mut m);
        if matched_count(&m) == before {
            break;
        }
    }
    m
}

fn matched_count(m: &Counterparts) -> usize {
    m.of_source.iter().filter(|c| c.is_some()).count()
}

/// Pairs equal explicit ids in order of appearance (a repeated id pairs its
/// k-th use with the k-th), then translation ids equal to a source slug.
fn match_by_id(source: &[HeadingKey<'_>], translation: &[HeadingKey<'_>], m: &mut Counterparts) {
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, h) in source.iter().enumerate().rev() {
        if let Some(id) = h.explicit_id {
            by_id.entry(id).or_default().push(i);
        }
    }
    for (t, h) in translation.iter().enumerate() {
        let Some(id) = h.explicit_id else { continue };
        if let Some(s) = by_id.get_mut(id).and_then(Vec::pop) {
            m.link(s, t, MatchKind::Id);
        }
    }
    let mut by_slug: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, h) in source.iter().enumerate().rev() {
        if h.explicit_id.is_none() && m.of_source[i].is_none() {
            by_slug.entry(h.slug).or_default().push(i);
        }
    }
    // A translator's id that equals a source heading's slug is weaker
    // evidence than a shared id: a page with two "March 2026" headings gives
    // the slug to the first, while the translator may have put the id on the
    // second. Such a match is kept only under its parent's counterpart, and
    // when it keeps the order of the others.
    let mut by_source_slug = Vec::new();
    for (t, h) in translation.iter().enumerate() {
        if m.of_translation[t].is_some() {
            continue;
        }
        let Some(id) = h.explicit_id else { continue };
        if let Some(s) = by_slug.get_mut(id).and_then(Vec::pop) {
            by_source_slug.push((s, t));
        }
    }
    if by_source_slug.is_empty() {
        return;
    }
    // In page order, so a parent's match is known before its children's.
    let s_par = parents(&source.iter().map(|h| h.level).collect::<Vec<_>>());
    let t_par = parents(&translation.iter().map(|h| h.level).collect::<Vec<_>>());
    let mut kept: Vec<Option<usize>> = vec![None; translation.len()];
    let mut s_kept = vec![false; source.len()];
    for &(s, t) in &by_source_slug {
        let fits = match (s_par[s], t_par[t]) {
            (None, None) => true,
            (Some(ps), Some(pt)) => match m.of_translation[pt].map(|c| c.index).or(kept[pt]) {
                Some(c) => c == ps,
                None => m.of_source[ps].is_none() && !s_kept[ps],
            },
            _ => false,
        };
        if fits {
            kept[t] = Some(s);
            s_kept[s] = true;
        }
    }
    let by_source_slug: Vec<(usize, usize)> = by_source_slug
        .into_iter()
        .filter(|&(_, t)| kept[t].is_some())
        .collect();
    let mut all: Vec<(usize, usize)> = m.pairs().map(|(s, t, _)| (s, t)).collect();
    all.extend(&by_source_slug);
    all.sort_unstable();
    let in_order: std::collections::HashSet<(usize, usize)> =
        increasing_subsequence(&all).into_iter().collect();
    for (s, t) in by_source_slug {
        if in_order.contains(&(s, t)) {
            m.link(s, t, MatchKind::Id);
        }
    }
}

/// A page's headings as a tree: the children of each section, in order.
struct Outline<'k, 'a> {
    keys: &'k [HeadingKey<'a>],
    /// Children of the page root.
    top: Vec<usize>,
    /// Children of each heading.
    children: Vec<Vec<usize>>,
    parent: Vec<Option<usize>>,
}

impl<'k, 'a> Outline<'k, 'a> {
    fn new(keys: &'k [HeadingKey<'a>]) -> Self {
        let levels: Vec<u8> = keys.iter().map(|k| k.level).collect();
        let parent = parents(&levels);
        let mut top = Vec::new();
        let mut children = vec![Vec::new(); keys.len()];
        for (i, p) in parent.iter().enumerate() {
            match p {
                Some(p) => children[*p].push(i),
                None => top.push(i),
            }
        }
        Outline {
            keys,
            top,
            children,
            parent,
        }
    }

    fn section(&self, parent: Option<usize>) -> &[usize] {
        match parent {
            Some(p) => &self.children[p],
            None => &self.top,
        }
    }

    fn shape(&self, section: &[usize]) -> Vec<u8> {
        section.iter().map(|&i| self.keys[i].level).collect()
    }
}

/// Walks the two outlines top-down through matched sections, matching each
/// same-level run by position between already-matched headings.
fn match_by_position(src: &Outline<'_, '_>, tr: &Outline<'_, '_>, m: &mut Counterparts) {
    let mut queue: Vec<(Option<usize>, Option<usize>)> = vec![(None, None)];
    while let Some((sp, tp)) = queue.pop() {
        let s_sec = src.section(sp);
        let t_sec = tr.section(tp);
        let same_shape = src.shape(s_sec) == tr.shape(t_sec);
        let mut levels: Vec<u8> = s_sec.iter().map(|&i| src.keys[i].level).collect();
        levels.sort_unstable();
        levels.dedup();
        for level in levels {
            let s_run: Vec<usize> = s_sec
                .iter()
                .copied()
                .filter(|&i| src.keys[i].level == level)
                .collect();
            let t_run: Vec<usize> = t_sec
                .iter()
                .copied()
                .filter(|&i| tr.keys[i].level == level)
                .collect();
            match_run(&s_run, &t_run, same_shape, m);
        }
        // Children of every matched pair in this section, whoever matched them.
        for &s in s_sec {
            if let Some(c) = m.of_source[s]
                && tr.parent[c.index] == tp
            {
                queue.push((Some(s), Some(c.index)));
            }
        }
    }
}

/// Matches one run of same-level headings by position. Pairs already made
/// inside the run and in order on both sides cut it into segments; a segment
/// with as many unmatched headings on each side is matched one to one.
fn match_run(s_run: &[usize], t_run: &[usize], same_shape: bool, m: &mut Counterparts) {
    let t_pos: HashMap<usize, usize> = t_run.iter().enumerate().map(|(p, &t)| (t, p)).collect();
    // Matched pairs inside the run, as (source position, translation position).
    let inside: Vec<(usize, usize)> = s_run
        .iter()
        .enumerate()
        .filter_map(|(sp, &s)| {
            let c = m.of_source[s]?;
            t_pos.get(&c.index).map(|&tp| (sp, tp))
        })
        .collect();
    let cuts = increasing_subsequence(&inside);
    let mut s_from = 0;
    let mut t_from = 0;
    for &(s_cut, t_cut) in cuts
        .iter()
        .chain(std::iter::once(&(s_run.len(), t_run.len())))
    {
        let s_free: Vec<usize> = s_run[s_from..s_cut]
            .iter()
            .copied()
            .filter(|&s| m.of_source[s].is_none())
            .collect();
        let t_free: Vec<usize> = t_run[t_from..t_cut]
            .iter()
            .copied()
            .filter(|&t| m.of_translation[t].is_none())
            .collect();
        let all_free = s_free.len() == s_cut - s_from && t_free.len() == t_cut - t_from;
        if s_free.len() == t_free.len() {
            for (&s, &t) in s_free.iter().zip(&t_free) {
                let by = MatchKind::Position {
                    same_shape: same_shape && all_free,
                };
                m.link(s, t, by);
            }
        }
        s_from = s_cut + 1;
        t_from = t_cut + 1;
    }
}

/// The longest subsequence of `pairs` (sorted by the first member) whose
/// second members increase: the matches that keep their order and can cut a
/// run. Patience sorting, O(n log n).
fn increasing_subsequence(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (i, &(_, t)) in pairs.iter().enumerate() {
        let k = tails.partition_point(|&j| pairs[j].1 < t);
        prev[i] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        out.push(pairs[i]);
        cur = prev[i];
    }
    out.reverse();
    out
}

/// Matches unmatched headings whose slugs are equal and unique among the
/// unmatched headings on both sides.
fn match_by_slug(source: &[HeadingKey<'_>], translation: &[HeadingKey<'_>], m: &mut Counterparts) {
    let mut s_slugs: HashMap<&str, Option<usize>> = HashMap::new();
    for (i, h) in source.iter().enumerate() {
        if m.of_source[i].is_none() && !h.slug.is_empty() {
            s_slugs
                .entry(h.slug)
                .and_modify(|e| *e = None)
                .or_insert(Some(i));
        }
    }
    let mut t_slugs: HashMap<&str, Option<usize>> = HashMap::new();
    for (i, h) in translation.iter().enumerate() {
        if m.of_translation[i].is_none() && !h.slug.is_empty() {
            t_slugs
                .entry(h.slug)
                .and_modify(|e| *e = None)
                .or_insert(Some(i));
        }
    }
    let mut found: Vec<(usize, usize)> = t_slugs
        .iter()
        .filter_map(|(slug, &t)| Some((s_slugs.get(slug).copied()??, t?)))
        .collect();
    found.sort_unstable();
    for (s, t) in found {
        m.link(s, t, MatchKind::Slug);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headings written as `"## slug {#id}"`-like specs: `(level, id, slug)`.
    fn keys<'a>(spec: &'a [(u8, Option<&'a str>, &'a str)]) -> Vec<HeadingKey<'a>> {
        spec.iter()
            .map(|&(level, explicit_id, slug)| HeadingKey {
                level,
                explicit_id,
                slug,
            })
            .collect()
    }

    fn pairs(m: &Counterparts) -> Vec<(usize, usize, MatchKind)> {
        m.pairs().collect()
    }

    const EXACT: MatchKind = MatchKind::Position { same_shape: true };
    const LOOSE: MatchKind = MatchKind::Position { same_shape: false };

    #[test]
    fn an_id_equal_to_a_source_slug_must_keep_the_order() {
        // The source has "March 2026" twice (the slug goes to the first);
        // the translator put `{#march-2026}` on the second one, after the
        // headings that share ids with the source.
        let s = keys(&[
            (2, Some("sdk"), "qiskit-sdk"),
            (3, None, "march-2026"),
            (2, Some("runtime"), "qiskit-runtime"),
            (3, None, "march-2026"),
        ]);
        let t = keys(&[
            (2, Some("sdk"), "qiskit-sdk"),
            (3, None, "2026년-3월"),
            (2, Some("runtime"), "qiskit-runtime"),
            (3, Some("march-2026"), "2026년-3월"),
        ]);
        let m = match_headings(&s, &t);
        assert_eq!(
            pairs(&m),
            vec![
                (0, 0, MatchKind::Id),
                (1, 1, EXACT),
                (2, 2, MatchKind::Id),
                (3, 3, EXACT)
            ]
        );
        // In order, the same id is a match by id.
        let t = keys(&[
            (2, Some("sdk"), "qiskit-sdk"),
            (3, Some("march-2026"), "2026년-3월"),
            (2, Some("runtime"), "qiskit-runtime"),
            (3, None, "2026년-3월"),
        ]);
        assert_eq!(
            match_headings(&s, &t).of_translation[1].map(|c| (c.index, c.by)),
            Some((1, MatchKind::Id))
        );
    }

    #[test]
    fn parents_follow_levels() {
        assert_eq!(
            parents(&[1, 2, 3, 3, 2, 4, 2]),
            vec![None, Some(0), Some(1), Some(1), Some(0), Some(4), Some(0)]
        );
        assert_eq!(parents(&[2, 2, 1, 3]), vec![None, None, None, Some(2)]);
        assert!(parents(&[]).is_empty());
    }

    #[test]
    fn same_outline_matches_by_position_with_equal_shape() {
        let s = keys(&[(2, None, "install"), (3, None, "linux"), (2, None, "usage")]);
        let t = keys(&[(2, None, "설치"), (3, None, "리눅스"), (2, None, "사용법")]);
        let m = match_headings(&s, &t);
        assert_eq!(pairs(&m), vec![(0, 0, EXACT), (1, 1, EXACT), (2, 2, EXACT)]);
        assert_eq!(
            m.of_translation[1],
            Some(Counterpart {
                index: 1,
                by: EXACT
            })
        );
    }

    #[test]
    fn explicit_id_wins_over_position_when_reordered() {
        let s = keys(&[(2, Some("a"), "alpha"), (2, Some("b"), "beta")]);
        let t = keys(&[(2, Some("b"), "베타"), (2, Some("a"), "알파")]);
        let m = match_headings(&s, &t);
        assert_eq!(
            pairs(&m),
            vec![(0, 1, MatchKind::Id), (1, 0, MatchKind::Id)]
        );
    }

    #[test]
    fn translation_id_equal_to_source_slug_is_an_id_match() {
        let s = keys(&[(2, None, "installation"), (2, None, "usage")]);
        let t = keys(&[(2, Some("installation"), "설치"), (2, None, "사용법")]);
        let m = match_headings(&s, &t);
        assert_eq!(pairs(&m), vec![(0, 0, MatchKind::Id), (1, 1, EXACT)]);
    }

    #[test]
    fn dropped_id_is_matched_by_position() {
        let s = keys(&[(2, Some("intro"), "intro"), (2, Some("setup"), "setup")]);
        let t = keys(&[(2, None, "소개"), (2, Some("setup"), "설정")]);
        let m = match_headings(&s, &t);
        // The id match cuts the run; the segment before it is one to one.
        assert_eq!(pairs(&m), vec![(0, 0, EXACT), (1, 1, MatchKind::Id)]);
    }

    #[test]
    fn position_needs_equal_counts_in_a_segment() {
        // The translation lacks one of three same-level sections: position
        // cannot say which, so only the slug of an untranslated heading matches.
        let s = keys(&[(2, None, "one"), (2, None, "docker"), (2, None, "three")]);
        let t = keys(&[(2, None, "하나"), (2, None, "docker")]);
        let m = match_headings(&s, &t);
        // The slug match cuts the run: "하나" is then alone before it, "three"
        // alone after it with nothing on the other side.
        assert_eq!(pairs(&m), vec![(0, 0, LOOSE), (1, 1, MatchKind::Slug)]);
        assert_eq!(m.of_source[2], None);
    }

    #[test]
    fn unequal_counts_without_evidence_stay_unmatched() {
        let s = keys(&[(2, None, "one"), (2, None, "two"), (2, None, "three")]);
        let t = keys(&[(2, None, "하나"), (2, None, "둘")]);
        let m = match_headings(&s, &t);
        assert!(pairs(&m).is_empty());
    }

    #[test]
    fn position_counts_only_within_the_parent_section() {
        // Under "a" the translation has one h3 fewer; under "b" the h3s still match.
        let s = keys(&[
            (2, None, "a"),
            (3, None, "a1"),
            (3, None, "a2"),
            (2, None, "b"),
            (3, None, "b1"),
        ]);
        let t = keys(&[
            (2, None, "가"),
            (3, None, "가1"),
            (2, None, "나"),
            (3, None, "나1"),
        ]);
        let m = match_headings(&s, &t);
        assert_eq!(
            pairs(&m),
            vec![(0, 0, EXACT), (3, 2, EXACT), (4, 3, EXACT)],
            "a1/a2 against one h3: unknown which was dropped"
        );
    }

    #[test]
    fn shape_differs_when_a_section_adds_a_level() {
        let s = keys(&[(2, None, "a"), (2, None, "b")]);
        let t = keys(&[(2, None, "가"), (3, None, "추가"), (2, None, "나")]);
        let m = match_headings(&s, &t);
        // Root shape [2, 2] vs [2, 2]: the h3 is a child of "가", not a sibling.
        assert_eq!(pairs(&m), vec![(0, 0, EXACT), (1, 2, EXACT)]);
        let s = keys(&[(2, None, "a"), (4, None, "x"), (2, None, "b")]);
        let t = keys(&[(2, None, "가"), (2, None, "나")]);
        let m = match_headings(&s, &t);
        assert_eq!(pairs(&m), vec![(0, 0, EXACT), (2, 1, EXACT)]);
        let s = keys(&[(1, None, "t"), (2, None, "a"), (3, None, "x")]);
        let t = keys(&[(1, None, "제목"), (2, None, "가"), (2, None, "나")]);
        let m = match_headings(&s, &t);
        // Under the h1: one h2 against two; position cannot choose.
        assert_eq!(pairs(&m), vec![(0, 0, EXACT)]);
    }

    #[test]
    fn children_of_an_id_matched_parent_match_by_position() {
        let s = keys(&[
            (2, Some("x"), "x"),
            (3, None, "x1"),
            (2, Some("y"), "y"),
            (3, None, "y1"),
        ]);
        // Sections swapped, ids kept.
        let t = keys(&[
            (2, Some("y"), "와이"),
            (3, None, "와이1"),
            (2, Some("x"), "엑스"),
            (3, None, "엑스1"),
        ]);
        let m = match_headings(&s, &t);
        assert_eq!(
            pairs(&m),
            vec![
                (0, 2, MatchKind::Id),
                (1, 3, EXACT),
                (2, 0, MatchKind::Id),
                (3, 1, EXACT)
            ]
        );
    }

    #[test]
    fn slug_must_be_unique_on_both_sides() {
        let s = keys(&[(2, None, "example"), (2, None, "example"), (2, None, "end")]);
        let t = keys(&[(2, None, "example"), (2, None, "끝")]);
        let m = match_headings(&s, &t);
        assert!(pairs(&m).is_empty());
    }

    #[test]
    fn slug_match_under_an_unmatched_parent_unlocks_its_children() {
        // Root run lengths differ (3 vs 2), so only the slug can place "api".
        let s = keys(&[
            (2, None, "intro"),
            (2, None, "api"),
            (3, None, "get"),
            (3, None, "put"),
            (2, None, "faq"),
        ]);
        let t = keys(&[
            (2, None, "api"),
            (3, None, "가져오기"),
            (3, None, "넣기"),
            (2, None, "자주"),
        ]);
        let m = match_headings(&s, &t);
        assert_eq!(
            pairs(&m),
            vec![
                (1, 0, MatchKind::Slug),
                (2, 1, EXACT),
                (3, 2, EXACT),
                (4, 3, LOOSE)
            ]
        );
        assert_eq!(m.of_source[0], None);
    }

    #[test]
    fn repeated_ids_pair_in_order() {
        let s = keys(&[(2, Some("dup"), "a"), (2, Some("dup"), "b")]);
        let t = keys(&[(2, Some("dup"), "가"), (2, Some("dup"), "나")]);
        let m = match_headings(&s, &t);
        assert_eq!(
            pairs(&m),
            vec![(0, 0, MatchKind::Id), (1, 1, MatchKind::Id)]
        );
    }

    #[test]
    fn out_of_order_id_matches_do_not_cut_runs() {
        let s = keys(&[
            (2, Some("a"), "a"),
            (2, None, "m"),
            (2, Some("b"), "b"),
            (2, Some("c"), "c"),
        ]);
        let t = keys(&[
            (2, Some("a"), "가"),
            (2, None, "엠"),
            (2, Some("c"), "다"),
            (2, Some("b"), "나"),
        ]);
        let m = match_headings(&s, &t);
        assert_eq!(m.of_source[1].map(|c| c.index), Some(1));
        assert_eq!(m.of_source[2].map(|c| c.index), Some(3));
        assert_eq!(m.of_source[3].map(|c| c.index), Some(2));
    }

    #[test]
    fn empty_sides() {
        let s = keys(&[(2, None, "a")]);
        assert!(pairs(&match_headings(&s, &[])).is_empty());
        assert!(pairs(&match_headings(&[], &s)).is_empty());
        assert_eq!(
            increasing_subsequence(&[(0, 3), (1, 1), (2, 2), (3, 0)]),
            vec![(1, 1), (2, 2)]
        );
    }
}
