//! Page-level helpers shared by the translation rules: the visible text of a
//! heading or prose block as one string that maps back to file offsets,
//! whether a page counts as translated, what its English source vouches for,
//! and which source heading a translated heading renders.

use crate::document::{Document, Heading, Title, TitleKind};
use crate::lang::mixing::{HOLE, SourceWords};
use crate::lang::script::ScriptCounts;
use std::ops::Range;

/// The visible text of some pieces of a document, joined, with a map back.
///
/// Between two pieces the view inserts [`HOLE`] when the gap held code (so
/// that "`x` 사용하기" is not read as one word with what follows), a space
/// when the gap held whitespace, and nothing when it held only markup
/// ("**How**", "<strong>").
#[derive(Debug, Clone, Default)]
pub struct View {
    pub text: String,
    /// (offset in `text`, offset in the document, length) per piece.
    map: Vec<(usize, usize, usize)>,
}

impl View {
    pub fn new(doc: &Document, pieces: &[Range<usize>]) -> View {
        let mut v = View::default();
        let mut prev_end: Option<usize> = None;
        for p in pieces {
            if p.is_empty() {
                continue;
            }
            if let Some(e) = prev_end
                && e < p.start
            {
                let gap = doc.text.get(e..p.start).unwrap_or("");
                if (e..p.start).any(|o| doc.in_code(o)) {
                    v.text.push(HOLE);
                } else if gap.chars().any(char::is_whitespace) {
                    v.text.push(' ');
                }
            }
            v.map.push((v.text.len(), p.start, p.len()));
            v.text.push_str(doc.text.get(p.clone()).unwrap_or(""));
            prev_end = Some(p.end);
        }
        v
    }

    /// Document offset of a view offset. Offsets in inserted separators map
    /// to the end of the piece before them.
    pub fn to_doc(&self, offset: usize) -> usize {
        let i = self
            .map
            .partition_point(|&(s, _, _)| s <= offset)
            .saturating_sub(1);
        match self.map.get(i) {
            Some(&(s, d, len)) => d + (offset - s).min(len),
            None => 0,
        }
    }

    /// Document range of a view range; the end maps as an end.
    pub fn range_to_doc(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.to_doc(r.start);
        let end = if r.end > r.start {
            self.to_doc_end(r.end)
        } else {
            start
        };
        start..end.max(start)
    }

    fn to_doc_end(&self, offset: usize) -> usize {
        let i = self
            .map
            .partition_point(|&(s, _, _)| s < offset)
            .saturating_sub(1);
        match self.map.get(i) {
            Some(&(s, d, len)) => d + (offset - s).min(len),
            None => 0,
        }
    }

    /// View ranges of the pieces the document sets off with emphasis
    /// (`**..**`, `__..__`, `*..*`, `_.._`, `<strong>`, `<b>`, `<em>`) as a
    /// whole: how writers mark a UI label or message they quote as shown.
    pub fn set_off(&self, doc: &Document) -> Vec<Range<usize>> {
        const MARKS: [(&str, &str); 7] = [
            ("**", "**"),
            ("__", "__"),
            ("*", "*"),
            ("_", "_"),
            ("<strong>", "</strong>"),
            ("<b>", "</b>"),
            ("<em>", "</em>"),
        ];
        self.map
            .iter()
            .filter(|&&(_, d, len)| {
                let before = doc.text.get(..d).unwrap_or_default();
                let after = doc.text.get(d + len..).unwrap_or_default();
                MARKS
                    .iter()
                    .any(|(open, close)| before.ends_with(open) && after.starts_with(close))
            })
            .map(|&(s, _, len)| s..s + len)
            .collect()
    }

    /// View ranges of the document ranges given (clipped to the pieces).
    pub fn doc_ranges_to_view(&self, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for r in ranges {
            // Pieces are in document order: start at the first that ends after r.start.
            let first = self.map.partition_point(|&(_, d, len)| d + len <= r.start);
            for &(s, d, len) in self.map[first..].iter().take_while(|&&(_, d, _)| d < r.end) {
                let (a, b) = (r.start.max(d), r.end.min(d + len));
                if a < b {
                    out.push(s + (a - d)..s + (b - d));
                }
            }
        }
        out
    }
}

/// A heading-like thing on a page: a Markdown heading or a title.
#[derive(Debug, Clone, Copy)]
pub enum HeadingRef<'d> {
    Heading(&'d Heading),
    Title(&'d Title),
}

impl<'d> HeadingRef<'d> {
    pub fn pieces(&self) -> &'d [Range<usize>] {
        match self {
            HeadingRef::Heading(h) => &h.pieces,
            HeadingRef::Title(t) => &t.pieces,
        }
    }

    /// The visible text, as the site renders it.
    pub fn text(&self) -> &'d str {
        match self {
            HeadingRef::Heading(h) => &h.text,
            HeadingRef::Title(t) => &t.text,
        }
    }

    /// "heading", "<summary> title", "admonition title", "front-matter title", "table header".
    pub fn describe(&self) -> &'static str {
        match self {
            HeadingRef::Heading(_) => "heading",
            HeadingRef::Title(t) => match t.kind {
                TitleKind::Summary => "<summary> title",
                TitleKind::Admonition => "admonition title",
                TitleKind::FrontMatter if t.key == "sidebar_label" => "front-matter sidebar_label",
                TitleKind::FrontMatter => "front-matter title",
                TitleKind::TableHeader => "table header",
            },
        }
    }
}

/// Headings longer than this, or spanning lines, are paragraphs that
/// CommonMark turned into setext headings by a following `-` line: prose to
/// a reader, so the prose rules see them instead of the heading rules.
pub const MAX_HEADING_LEN: usize = 300;

/// True for a setext "heading" that is really a paragraph (see [`MAX_HEADING_LEN`]).
pub fn is_paragraph_heading(doc: &Document, h: &Heading) -> bool {
    let first = h.pieces.first().map_or(0, |p| p.start);
    let last = h.pieces.last().map_or(0, |p| p.end);
    last.saturating_sub(first) > MAX_HEADING_LEN
        || doc.text.get(first..last).is_some_and(|t| t.contains('\n'))
}

/// Headings and titles of a page, in document order (without paragraph-like
/// setext headings).
pub fn heading_like(doc: &Document) -> Vec<HeadingRef<'_>> {
    let has_title = doc
        .front_matter
        .as_ref()
        .is_some_and(|fm| fm.get("title").is_some());
    let first_h1 = doc
        .headings
        .iter()
        .find(|h| h.level == 1)
        .map(|h| h.range.start);
    let mut out: Vec<(usize, HeadingRef<'_>)> = doc
        .headings
        .iter()
        .filter(|h| !is_paragraph_heading(doc, h))
        // A second `# ...` on a page that has its title is almost always a
        // shell or Python comment that escaped a broken code fence.
        .filter(|h| h.level != 1 || (!has_title && first_h1 == Some(h.range.start)))
        .map(|h| (h.range.start, HeadingRef::Heading(h)))
        .collect();
    out.extend(
        doc.titles
            .iter()
            .map(|t| (t.range.start, HeadingRef::Title(t))),
    );
    out.sort_by_key(|(s, _)| *s);
    out.into_iter().map(|(_, h)| h).collect()
}

/// Whether the page reads as a translation: enough of its headings or prose
/// is in the page's own script. A page still wholly in English (a blog post a
/// translation team has not started) is an untranslated page, not a page
/// with untranslated headings.
pub fn is_translated(doc: &Document, locale: &str) -> bool {
    let mut native = 0usize;
    let mut latin = 0usize;
    for b in &doc.prose {
        for p in &b.pieces {
            let n = ScriptCounts::of(doc.text.get(p.clone()).unwrap_or(""));
            native += n.native(locale);
            latin += n.latin;
        }
    }
    let heads = heading_like(doc);
    let native_heads = heads
        .iter()
        .filter(|h| {
            h.pieces()
                .iter()
                .any(|p| ScriptCounts::of(doc.text.get(p.clone()).unwrap_or("")).native(locale) > 0)
        })
        .count();
    // Native letters carry more per character than Latin ones (a Hangul
    // syllable is a word-piece), so a modest share already means translated.
    native * 5 >= latin || (!heads.is_empty() && native_heads * 4 >= heads.len())
}

/// A page's English source, if any, and the words it vouches for, built on
/// first need: most headings and sentences are passed over before any rule
/// asks for them.
pub struct Source<'d> {
    doc: Option<&'d Document>,
    words: std::cell::OnceCell<SourceWords>,
}

impl<'d> Source<'d> {
    pub fn new(doc: Option<&'d Document>) -> Source<'d> {
        Source {
            doc,
            words: std::cell::OnceCell::new(),
        }
    }

    pub fn doc(&self) -> Option<&'d Document> {
        self.doc
    }

    /// See [`source_words`].
    pub fn words(&self) -> &SourceWords {
        self.words.get_or_init(|| source_words(self.doc()))
    }
}

/// The words a page's English source vouches for: its code, link texts and
/// capitalised names used mid-sentence.
fn source_words(source: Option<&Document>) -> SourceWords {
    let mut w = SourceWords::new();
    let Some(src) = source else { return w };
    for c in &src.code {
        if let Some(t) = src.text.get(c.range.clone()) {
            w.add_all(t);
        }
    }
    for l in &src.links {
        w.add_all(&l.text);
    }
    for b in &src.prose {
        let (joined, _) = b.joined(&src.text);
        w.add_names_from_prose(&joined);
    }
    w
}

/// The source heading a translated heading renders: same explicit id, else
/// same position among headings of the same level when both pages have the
/// same number of them.
pub fn source_heading<'s>(
    doc: &Document,
    source: &'s Document,
    h: &Heading,
) -> Option<&'s Heading> {
    if let Some(id) = &h.explicit_id
        && let Some(s) = source
            .headings
            .iter()
            .find(|s| s.explicit_id.as_ref() == Some(id))
    {
        return Some(s);
    }
    let ours: Vec<&Heading> = doc.headings.iter().filter(|x| x.level == h.level).collect();
    let theirs: Vec<&Heading> = source
        .headings
        .iter()
        .filter(|x| x.level == h.level)
        .collect();
    if ours.len() != theirs.len() {
        return None;
    }
    let i = ours.iter().position(|x| std::ptr::eq(*x, h))?;
    theirs.get(i).copied()
}

/// The source title a translated title renders: same kind (and key), same
/// position, when both pages have the same number of them.
pub fn source_title<'s>(doc: &Document, source: &'s Document, t: &Title) -> Option<&'s Title> {
    let same = |x: &&Title| x.kind == t.kind && x.key == t.key;
    let ours: Vec<&Title> = doc.titles.iter().filter(same).collect();
    let theirs: Vec<&Title> = source.titles.iter().filter(same).collect();
    if ours.len() != theirs.len() {
        return None;
    }
    let i = ours.iter().position(|x| std::ptr::eq(*x, t))?;
    theirs.get(i).copied()
}

/// The visible text of the source counterpart of `h`, if any, with code kept
/// (what a reader of the English page sees), id markers removed.
pub fn source_text_of(
    doc: &Document,
    source: Option<&Document>,
    h: HeadingRef<'_>,
) -> Option<String> {
    let src = source?;
    let text = match h {
        HeadingRef::Heading(h) => source_heading(doc, src, h)?.text.clone(),
        HeadingRef::Title(t) => source_title(doc, src, t)?.text.clone(),
    };
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A page written in the site's own language rather than translated: it lies
/// in a site, outside the site's translation folders (so it is in the
/// site's default locale), and has no English source. Its writers mix in
/// English only to quote the product: UI labels, messages, names.
pub fn is_authored(doc: &Document, ctx: &crate::checks::Context) -> bool {
    ctx.source.is_none()
        && ctx.site_root.is_some()
        && !crate::pairing::in_translation_folder(&doc.path)
}

/// What every translation rule starts from: the page's language and its
/// lexicon (pack plus the project's glossary). `None` for English pages and
/// languages without a pack, which these rules leave alone.
pub fn translated_lexicon<'a>(
    doc: &Document,
    glossary: &'a crate::lang::GlossaryConfig,
) -> Option<(String, crate::lang::Lexicon<'a>)> {
    if doc.locale.is_english() {
        return None;
    }
    let locale = doc.locale.language();
    let lex = crate::lang::Lexicon::new(&locale, Some(glossary))?;
    Some((locale, lex))
}
