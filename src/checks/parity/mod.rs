//! Source parity: the rules that compare a translated page with its English
//! source, and what they share — which heading stands for which
//! (`pairing::counterpart`), which section an offset lies in, the sections
//! each side lacks, and the fenced code blocks of a page.
//!
//! Every rule here reads the parsed source page (`Reads::with_source`), which
//! the engine parses once per pairing group and hands to each translation.

pub mod code;
pub mod code_changed;
pub mod extra_section;
pub mod heading_id_dropped;
pub mod markup_translated;
pub mod missing_section;
pub mod stale_translation;
pub mod untranslated_paragraph;

use crate::checks::Context;
use crate::document::{CodeKind, Document};
use crate::lang::script::ScriptCounts;
use crate::links::slug::slug;
use crate::pairing::counterpart::{Counterparts, HeadingKey, match_headings, parents};
use std::collections::HashSet;
use std::ops::Range;

/// A translated page and its English source, with their headings matched.
pub struct Parity<'a> {
    pub doc: &'a Document,
    pub src: &'a Document,
    pub heads: Counterparts,
}

impl<'a> Parity<'a> {
    /// The pairing of a translated page with its source, when it has one.
    pub fn new(doc: &'a Document, ctx: &Context<'a>) -> Option<Parity<'a>> {
        if doc.locale.is_english() {
            return None;
        }
        let src = ctx.source?;
        if src.path == doc.path {
            return None;
        }
        Some(Parity {
            doc,
            src,
            heads: match_pages(src, doc),
        })
    }

    /// The source section that stands for a translation section (`None` is
    /// the part before the first heading, which always pairs with itself).
    pub fn source_section(&self, t: Option<usize>) -> Option<Option<usize>> {
        match t {
            None => Some(None),
            Some(t) => self.heads.of_translation[t].map(|c| Some(c.index)),
        }
    }
}

fn match_pages(src: &Document, doc: &Document) -> Counterparts {
    fn outline(d: &Document) -> Vec<Outlined<'_>> {
        d.headings
            .iter()
            .map(|h| (h.level, h.explicit_id.as_deref(), h.text.as_str()))
            .collect()
    }
    match_outlines(&outline(src), &outline(doc))
}

/// A heading as the counterpart matcher reads it: level, explicit id, text.
pub type Outlined<'a> = (u8, Option<&'a str>, &'a str);

/// Pairs two outlines: the one place that turns headings into the
/// counterpart matcher's keys (slugged as the site slugs them).
pub fn match_outlines(source: &[Outlined<'_>], translation: &[Outlined<'_>]) -> Counterparts {
    let slugs = |o: &[Outlined<'_>]| -> Vec<String> { o.iter().map(|h| slug(h.2)).collect() };
    let (s_slugs, t_slugs) = (slugs(source), slugs(translation));
    match_headings(&keys(source, &s_slugs), &keys(translation, &t_slugs))
}

fn keys<'k>(outline: &[Outlined<'k>], slugs: &'k [String]) -> Vec<HeadingKey<'k>> {
    outline
        .iter()
        .zip(slugs)
        .map(|(&(level, explicit_id, _), s)| HeadingKey {
            level,
            explicit_id,
            slug: s,
        })
        .collect()
}

/// The heading whose section holds `offset`: the last heading starting at or
/// before it; `None` before the first heading.
pub fn section_of(doc: &Document, offset: usize) -> Option<usize> {
    doc.headings
        .partition_point(|h| h.range.start <= offset)
        .checked_sub(1)
}

/// The body of a heading's section: from the end of the heading to the next heading.
pub fn section_body(doc: &Document, h: Option<usize>) -> Range<usize> {
    let start = h.map_or(0, |h| doc.headings[h].range.end);
    let next = h.map_or(0, |h| h + 1);
    let end = doc
        .headings
        .get(next)
        .map_or(doc.text.len(), |n| n.range.start);
    start..end.max(start)
}

/// True when `text` has letters of the page's native scripts.
pub fn has_native(text: &str, locale: &str) -> bool {
    ScriptCounts::of(text).native(locale) > 0
}

/// The part of `r` without surrounding white space (an id marker's range
/// takes the space before it and the line end after it).
pub fn trimmed(text: &str, r: &Range<usize>) -> Range<usize> {
    let s = text.get(r.clone()).unwrap_or("");
    let start = r.start + (s.len() - s.trim_start().len());
    start..(start + s.trim().len()).max(start)
}

/// True when an explicit id holds letters outside ASCII: a translated id.
pub fn id_is_translated(id: &str) -> bool {
    id.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// A fenced code block: its info string's language and its body lines.
#[derive(Debug, Clone)]
pub struct Fence {
    pub range: Range<usize>,
    /// The first word of the info string, lowercased ("" when none).
    pub lang: String,
    /// The text between the fence lines.
    pub body: Range<usize>,
}

/// The fenced code blocks of a page (indented blocks carry no language and
/// are compared as fences without one).
pub fn fences(doc: &Document) -> Vec<Fence> {
    doc.code
        .iter()
        .filter(|c| c.kind == CodeKind::Block)
        .filter_map(|c| fence(&doc.text, c.range.clone()))
        .collect()
}

fn fence(text: &str, range: Range<usize>) -> Option<Fence> {
    let block = text.get(range.clone())?;
    let first_end = block.find('\n').unwrap_or(block.len());
    let first = block[..first_end].trim_start_matches([' ', '\t', '>']);
    let marker = first.chars().next()?;
    let (lang, body_start) = if marker == '`' || marker == '~' {
        let info = first.trim_start_matches(marker).trim();
        let lang: String = info
            .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        (lang, range.start + (first_end + 1).min(block.len()))
    } else {
        (String::new(), range.start)
    };
    let mut body_end = range.end;
    if marker == '`' || marker == '~' {
        let inner = text.get(body_start..range.end).unwrap_or("");
        let trimmed = inner.trim_end_matches(['\n', '\r', ' ', '\t']);
        if let Some(last_nl) = trimmed.rfind('\n') {
            let last = trimmed[last_nl + 1..].trim_start_matches([' ', '\t', '>']);
            if last.starts_with(marker) && last.trim_start_matches(marker).trim().is_empty() {
                body_end = body_start + last_nl + 1;
            }
        } else {
            let last = trimmed.trim_start_matches([' ', '\t', '>']);
            if last.starts_with(marker) {
                body_end = body_start;
            }
        }
    }
    Some(Fence {
        range,
        lang,
        body: body_start..body_end.max(body_start),
    })
}

/// Sections of the source with no counterpart in the translation, and the
/// reverse. Headings paired by [`Counterparts`] are the frame; between two
/// consecutive pairs, the leftover headings of each side are aligned by
/// level and by what their sections share (inline code, link targets, code
/// blocks), so that a translation that lacks one of three sections reports
/// one missing section, the one whose content it does not have.
pub struct Gaps {
    /// Source headings without a counterpart (level 2 and deeper), in order.
    pub missing: Vec<usize>,
    /// Translation headings without a counterpart, in order.
    pub extra: Vec<usize>,
    /// For each source heading, the translation heading standing for it after
    /// the alignment (a superset of the counterparts).
    pub aligned: Vec<Option<usize>>,
}

impl Gaps {
    pub fn new(p: &Parity<'_>) -> Gaps {
        let (src, doc) = (p.src, p.doc);
        let mut aligned: Vec<Option<usize>> = p
            .heads
            .of_source
            .iter()
            .map(|c| c.map(|c| c.index))
            .collect();
        // The frame: counterparts whose order agrees on both sides.
        let mut frame: Vec<(usize, usize)> = Vec::new();
        for (s, t, _) in p.heads.pairs() {
            if frame.last().is_none_or(|&(_, lt)| t > lt) {
                frame.push((s, t));
            }
        }
        let mut s_from = 0;
        let mut t_from = 0;
        let end = (src.headings.len(), doc.headings.len());
        for &(s_cut, t_cut) in frame.iter().chain(std::iter::once(&end)) {
            let s_free: Vec<usize> = (s_from..s_cut)
                .filter(|&s| p.heads.of_source[s].is_none())
                .collect();
            let t_free: Vec<usize> = (t_from..t_cut)
                .filter(|&t| p.heads.of_translation[t].is_none())
                .collect();
            for (s, t) in align(src, doc, &s_free, &t_free) {
                aligned[s] = Some(t);
            }
            s_from = s_cut + 1;
            t_from = t_cut + 1;
        }
        let mut taken = vec![false; doc.headings.len()];
        for t in aligned.iter().flatten() {
            taken[*t] = true;
        }
        let missing = (0..src.headings.len())
            .filter(|&s| aligned[s].is_none() && src.headings[s].level >= 2)
            .collect();
        let extra = (0..doc.headings.len())
            .filter(|&t| !taken[t] && doc.headings[t].level >= 2)
            .collect();
        Gaps {
            missing,
            extra,
            aligned,
        }
    }
}

/// Runs of consecutive indexes (`[1, 2, 4]` -> `[[1, 2], [4]]`).
pub fn runs(ix: &[usize]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &i in ix {
        match out.last_mut() {
            Some(run) if run.last().is_some_and(|&l| l + 1 == i) => run.push(i),
            _ => out.push(vec![i]),
        }
    }
    out
}

/// Above this many cells the alignment is done in order instead (a page
/// whose whole outline differs gains nothing from the quadratic table).
const ALIGN_CELLS: usize = 40_000;

/// Pieces of content two sections of different levels must share to be one
/// section that moved.
const MOVED_SHARED: usize = 2;

/// Pairs leftover headings of equal level, or of different levels whose
/// sections share content, most pairs first, then most shared content, then
/// the closest shape, keeping order (a weighted longest common subsequence).
fn align(src: &Document, doc: &Document, s: &[usize], t: &[usize]) -> Vec<(usize, usize)> {
    if s.is_empty() || t.is_empty() || s.len() * t.len() > ALIGN_CELLS {
        return Vec::new();
    }
    let sf: Vec<Shape> = s.iter().map(|&h| Shape::of(src, h)).collect();
    let tf: Vec<Shape> = t.iter().map(|&h| Shape::of(doc, h)).collect();
    let weight = |i: usize, j: usize| -> Option<u32> {
        if src.headings[s[i]].level != doc.headings[t[j]].level {
            // A section a level up or down (a translation of an older
            // layout of the page) is the same section when enough of its
            // content says so.
            let shared = sf[i].shared.intersection(&tf[j].shared).count();
            return (shared >= MOVED_SHARED).then(|| 500 + sf[i].likeness(&tf[j]));
        }
        Some(1000 + sf[i].likeness(&tf[j]))
    };
    let (n, m) = (s.len(), t.len());
    // score[i][j]: the best total over s[i..] and t[j..].
    let mut score = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let mut best = score[at(i + 1, j)].max(score[at(i, j + 1)]);
            if let Some(w) = weight(i, j) {
                best = best.max(score[at(i + 1, j + 1)] + w);
            }
            score[at(i, j)] = best;
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let here = score[at(i, j)];
        if weight(i, j).is_some_and(|w| here == score[at(i + 1, j + 1)] + w) {
            out.push((s[i], t[j]));
            i += 1;
            j += 1;
        } else if here == score[at(i + 1, j)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// What a section looks like, for telling which leftover heading is which.
struct Shape {
    shared: HashSet<String>,
    /// Headings under it.
    descendants: usize,
    /// Characters of its own body (to the next heading).
    chars: usize,
}

impl Shape {
    fn of(doc: &Document, h: usize) -> Shape {
        let level = doc.headings[h].level;
        let descendants = doc.headings[h + 1..]
            .iter()
            .take_while(|n| n.level > level)
            .count();
        let body = section_body(doc, Some(h));
        Shape {
            shared: fingerprint(doc, h),
            descendants,
            chars: doc.text.get(body).map_or(0, |b| b.trim().chars().count()),
        }
    }

    /// Shared content counts most; the same number of subsections and a body
    /// of comparable length break ties.
    fn likeness(&self, other: &Shape) -> u32 {
        let shared = u32::try_from(self.shared.intersection(&other.shared).count()).unwrap_or(0);
        let (a, b) = (self.chars.min(other.chars), self.chars.max(other.chars));
        let similar_length = b <= 2 * a + 20;
        10 * shared.min(90)
            + u32::from(self.descendants == other.descendants)
            + u32::from(similar_length)
    }
}

/// What a section's translation keeps from its source: inline code, link
/// targets and the first line of each code block, up to the next heading
/// of the same level or higher.
fn fingerprint(doc: &Document, h: usize) -> HashSet<String> {
    let level = doc.headings[h].level;
    let start = doc.headings[h].range.end;
    let end = doc.headings[h + 1..]
        .iter()
        .find(|n| n.level <= level)
        .map_or(doc.text.len(), |n| n.range.start);
    let mut out = HashSet::new();
    let first = doc.code.partition_point(|c| c.range.start < start);
    for c in doc.code[first..].iter().take_while(|c| c.range.start < end) {
        let text = doc.text.get(c.range.clone()).unwrap_or("");
        let line = match c.kind {
            CodeKind::Inline => text.trim_matches('`').trim(),
            CodeKind::Block => text.lines().nth(1).unwrap_or("").trim(),
        };
        if !line.is_empty() && !has_native(line, doc.locale.as_str()) {
            out.insert(line.to_string());
        }
    }
    for l in &doc.links {
        if l.range.start >= start && l.range.start < end && !l.dest.is_empty() {
            out.insert(l.dest.clone());
        }
    }
    out
}

/// The heading as the source writes it, for messages: `## Text`.
pub fn shown_heading(doc: &Document, h: usize) -> String {
    let h = &doc.headings[h];
    format!("{} {}", "#".repeat(usize::from(h.level)), h.text)
}

/// The parent chain is needed by messages that say where a section belongs.
pub fn heading_parents(doc: &Document) -> Vec<Option<usize>> {
    let levels: Vec<u8> = doc.headings.iter().map(|h| h.level).collect();
    parents(&levels)
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Runs one parity rule on a translation with its English source, as a
    //! Docusaurus site on disk (the engine pairs pages by their place).
    use crate::diagnostic::Diagnostic;

    pub struct Site {
        pub dir: tempfile::TempDir,
    }

    impl Site {
        pub fn new(source: &str) -> Site {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
            let root = dir.path();
            write(&root.join("docusaurus.config.js"), "module.exports = {};\n");
            write(&root.join("docs/page.md"), source);
            Site { dir }
        }

        pub fn translation_path(&self, locale: &str) -> std::path::PathBuf {
            self.dir
                .path()
                .join("i18n")
                .join(locale)
                .join("docusaurus-plugin-content-docs/current/page.md")
        }
    }

    fn write(p: &std::path::Path, s: &str) {
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("mkdir: {e}"));
        }
        std::fs::write(p, s).unwrap_or_else(|e| panic!("write: {e}"));
    }

    /// Findings of `rule` on `translation` (a `ko` page) of `source`.
    pub fn check_pair(rule: &str, source: &str, translation: &str) -> Vec<Diagnostic> {
        check_pair_in(rule, "ko", source, translation)
    }

    pub fn check_pair_in(
        rule: &str,
        locale: &str,
        source: &str,
        translation: &str,
    ) -> Vec<Diagnostic> {
        let site = Site::new(source);
        let path = site.translation_path(locale);
        write(&path, translation);
        crate::checks::test_support::check_bytes_at(rule, translation.as_bytes(), &path)
    }

    /// The translation after `--fix` (with `unsafe_fixes`, also unsafe fixes).
    pub fn fix_pair(rule: &str, source: &str, translation: &str, unsafe_fixes: bool) -> String {
        let site = Site::new(source);
        let path = site.translation_path("ko");
        write(&path, translation);
        crate::checks::test_support::fix_str_at(rule, translation, &path, unsafe_fixes)
    }
}
