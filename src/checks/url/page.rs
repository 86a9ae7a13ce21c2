//! What the URL rules read from parsed pages: every URL and address with its
//! range, the English source's links, the page's anchors, the locale's words.

use crate::checks::Context;
use crate::config::FileConfig;
use crate::document::{Document, LinkKind};
use crate::links::anchors::AnchorSet;
use crate::links::index::{PageIndex, PageLookup};
use crate::urls::lexicon::Lexicon;
use crate::urls::localized::{self, Finding, Input, LocalTarget, Reference, SiteWords};
use crate::urls::shape::{self, Form, PartKind, Shape};
use crate::urls::{glued, scan, words};
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

/// A URL or address on a page, where it is and how it got there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Byte range in `doc.text` of exactly the URL or address (a `mailto:`
    /// URL includes its scheme; a bare URL excludes text glued to it).
    pub range: Range<usize>,
    pub is_email: bool,
}

/// Every URL and address on a page: link destinations, image sources,
/// autolinks, bare URLs, HTML `href`/`src`, and those in visible text that
/// the parser does not link (link text, non-ASCII mailbox names).
pub fn occurrences(doc: &Document, particles: &[String]) -> Vec<Occurrence> {
    let text = doc.text.as_str();
    let mut out: Vec<Occurrence> = Vec::new();
    for link in &doc.links {
        let Some(raw) = text.get(link.dest_range.clone()) else {
            continue;
        };
        if raw.is_empty() {
            continue;
        }
        let mut range = link.dest_range.clone();
        if link.kind == LinkKind::BareUrl {
            // Glued text is not part of the URL (that is `url-glued-to-text`).
            if let Some(g) = glued::split(&text[range.start..], particles) {
                range = range.start..range.start + g.url.end;
            }
        }
        let is_email = link.kind == LinkKind::Email || starts_with_ignore_case(raw, "mailto:");
        out.push(Occurrence { range, is_email });
    }
    let linked = RangeSet::new(out.iter().map(|o| o.range.clone()).collect());
    let overlaps_link = |r: &Range<usize>| linked.overlaps(r);
    for piece in visible_pieces(doc) {
        let s = &text[piece.clone()];
        if s.contains("http") {
            for r in scan::urls(s) {
                let mut r = piece.start + r.start..piece.start + r.end;
                if let Some(g) = glued::split(&text[r.start..r.end], particles) {
                    r = r.start..r.start + g.url.end;
                }
                if !overlaps_link(&r) {
                    out.push(Occurrence {
                        range: r,
                        is_email: false,
                    });
                }
            }
        }
        if s.contains('@') {
            for r in scan::emails(s) {
                let r = piece.start + r.start..piece.start + r.end;
                if !overlaps_link(&r) {
                    out.push(Occurrence {
                        range: r,
                        is_email: true,
                    });
                }
            }
        }
    }
    out.sort_by_key(|o| (o.range.start, o.range.end));
    out.dedup_by(|a, b| a.range == b.range);
    out
}

/// Ranges that answer "does anything overlap this?" in logarithmic time.
struct RangeSet {
    /// Sorted by start.
    ranges: Vec<Range<usize>>,
    /// `max_end[i]`: the largest end among `ranges[..=i]`.
    max_end: Vec<usize>,
}

impl RangeSet {
    fn new(mut ranges: Vec<Range<usize>>) -> RangeSet {
        ranges.sort_by_key(|r| r.start);
        let max_end = ranges
            .iter()
            .scan(0, |m, r| {
                *m = (*m).max(r.end);
                Some(*m)
            })
            .collect();
        RangeSet { ranges, max_end }
    }

    fn overlaps(&self, r: &Range<usize>) -> bool {
        // Among the ranges starting before `r` ends, one overlaps iff the
        // furthest-reaching one ends after `r` starts.
        let n = self.ranges.partition_point(|l| l.start < r.end);
        n > 0 && self.max_end[n - 1] > r.start
    }
}

/// Ranges of visible text: prose, headings and titles (code excluded).
fn visible_pieces(doc: &Document) -> impl Iterator<Item = Range<usize>> + '_ {
    doc.prose
        .iter()
        .flat_map(|b| b.pieces.iter().cloned())
        .chain(doc.headings.iter().flat_map(|h| h.pieces.iter().cloned()))
        .chain(doc.titles.iter().flat_map(|t| t.pieces.iter().cloned()))
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// The links and addresses of the English source, one per text (its first
/// line), ordered for `localized::analyze`.
pub fn references(source: &Document) -> Vec<Reference> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for occ in occurrences(source, &[]) {
        let t = &source.text[occ.range.clone()];
        if seen.insert(t.to_string()) {
            out.push(Reference::new(
                t.to_string(),
                source.line_col(occ.range.start).0,
            ));
        }
    }
    localized::sort_references(&mut out);
    out
}

/// The ASCII words of the URLs this page and its English source write: the
/// only site evidence a rule has (it sees no other page's text).
pub fn site_words(doc: &Document, all: &[Occurrence], references: &[Reference]) -> SiteWords {
    localized::site_words(
        all.iter()
            .map(|o| &doc.text[o.range.clone()])
            .chain(references.iter().map(|r| r.text.as_str())),
    )
}

/// What is known about the target of a `#fragment` or relative link: a
/// Markdown file next to this page (read through the workspace) and its
/// anchors. Site routes (`/docs/x`) and other files are not resolved here.
pub fn local_target(
    pages: &dyn PageLookup,
    page: &Path,
    here: &AnchorSet,
    shape: &Shape<'_>,
) -> LocalTarget {
    let fragment = shape
        .parts
        .iter()
        .find(|p| p.kind == PartKind::Fragment)
        .map(|p| shape.part_text(p));
    let same_page = LocalTarget {
        file_exists: Some(true),
        anchor_exists: fragment.map(|f| anchor_exists(here, f)),
    };
    match shape.form {
        Form::FragmentOnly => same_page,
        Form::Relative => {
            let path = &shape.text[..shape.text.find(['?', '#']).unwrap_or(shape.text.len())];
            if path.is_empty() {
                return same_page;
            }
            if path.starts_with('/') {
                return LocalTarget::default();
            }
            let target = page
                .parent()
                .unwrap_or(Path::new(""))
                .join(&*shape::percent_decoded(path));
            let markdown = target
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("mdx"));
            let candidates = if markdown {
                vec![target]
            } else {
                vec![
                    target.with_extension("md"),
                    target.with_extension("mdx"),
                    target.join("index.md"),
                    target.join("index.mdx"),
                    target.join("README.md"),
                ]
            };
            candidates
                .iter()
                .find_map(|c| pages.page(c))
                .map_or_else(LocalTarget::default, |d| LocalTarget {
                    file_exists: Some(true),
                    anchor_exists: fragment.map(|f| anchor_exists(&d.anchors, f)),
                })
        }
        _ => LocalTarget::default(),
    }
}

/// Whether a `localized-url` finding names the URL's fragment: the one test
/// that decides which rule reports a translated `#fragment`.
/// `localized-url` reports it as a translated URL, with the English words
/// it stood for, and `broken-anchor` leaves it alone, so that it is
/// reported once whichever rules are selected.
pub fn names_fragment(finding: &Finding<'_>) -> bool {
    finding.parts.iter().any(|c| c.kind == PartKind::Fragment)
}

/// Whether `localized-url` reports the fragment of `url`, a link of the
/// indexed `page`: the same judgement (`localized::analyze`, the same
/// lexicon and anchor look-up) over what the page index keeps, the page's
/// links and its English source's, for `broken-anchor`, which never sees the
/// parsed page. Site words only choose among English forms of a path word,
/// never whether a fragment is judged, so none are needed.
pub fn reports_fragment(
    url: &str,
    page: &PageIndex,
    pages: &dyn PageLookup,
    references: &[Reference],
) -> bool {
    if !shape::is_localized(url) {
        return false;
    }
    let Some(shape) = shape::parse_url(url) else {
        return false;
    };
    if is_email_shape(&shape) || !shape.parts.iter().any(|p| p.kind == PartKind::Fragment) {
        return false;
    }
    let lexicon = lexicon(&page.config);
    let site_words = localized::site_words(std::iter::empty());
    let resolve = |s: &Shape<'_>| local_target(pages, &page.path, &page.anchors, s);
    let input = Input {
        lexicon: &lexicon,
        references,
        resolve: &resolve,
        site_words: &site_words,
    };
    localized::analyze(&shape, &input).is_some_and(|f| names_fragment(&f))
}

/// The references of `reports_fragment`: the links of an indexed English
/// page, one per text, in page order (the index keeps no line numbers; only
/// the order matters to the judgement).
pub fn index_references(source: &PageIndex) -> Vec<Reference> {
    let mut links: Vec<_> = source.links.iter().collect();
    links.sort_by_key(|l| l.dest_range.start);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (order, l) in links.into_iter().enumerate() {
        if !l.written.is_empty() && seen.insert(l.written.as_str()) {
            out.push(Reference::new(l.written.clone(), order));
        }
    }
    localized::sort_references(&mut out);
    out
}

/// Whether `fragment` (as written after `#`) names an anchor in `anchors`,
/// ignoring case: a localized fragment is told from a real one, and a case
/// slip is `broken-anchor`'s to report.
pub fn anchor_exists(anchors: &AnchorSet, fragment: &str) -> bool {
    let decoded = shape::percent_decoded(fragment);
    anchors.contains(&decoded)
        || anchors.contains(fragment)
        || anchors.anchors.iter().any(|a| {
            a.id.eq_ignore_ascii_case(&decoded) || a.id.to_lowercase() == decoded.to_lowercase()
        })
}

/// Every glossary loclint has (the locale packs and the URL words), built
/// once. A URL word is judged by the glossary of its script, not by the
/// page's detected language: a mostly English page with a few translated
/// words is still a translation.
static BASE_LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lex = Lexicon::new();
    if let Ok(packs) = crate::lang::pack::all_packs() {
        for term in packs.iter().flat_map(|p| &p.glossary) {
            lex.add(&term.en, &term.target);
        }
    }
    for (english, target) in words::data().words.values().flatten() {
        lex.add(english, target);
    }
    lex
});

/// The glossary plus `[glossary.terms.<locale>]` from the config.
pub fn lexicon(config: &FileConfig) -> Cow<'static, Lexicon> {
    if config.glossary.terms.is_empty() {
        return Cow::Borrowed(&*BASE_LEXICON);
    }
    let mut lex = BASE_LEXICON.clone();
    for (english, target) in config.glossary.terms.values().flatten() {
        lex.add(english, target);
    }
    Cow::Owned(lex)
}

/// Words that may follow a URL in running text: every pack's particles and
/// the URL particles of `rules/url-words.toml`.
pub fn particles() -> &'static [String] {
    static PARTICLES: LazyLock<Vec<String>> = LazyLock::new(|| {
        let mut out: Vec<String> = Vec::new();
        if let Ok(packs) = crate::lang::pack::all_packs() {
            for p in packs {
                out.extend(
                    p.particles
                        .iter()
                        .flatten()
                        .chain(&p.particle_tails)
                        .cloned(),
                );
            }
        }
        out.extend(words::data().particles.values().flatten().cloned());
        out.sort();
        out.dedup();
        out
    });
    &PARTICLES
}

/// How the source page is named in messages: relative to the site root
/// (`docs/faq/ssl-security.md`) when there is one.
pub fn source_name(ctx: &Context, source: &Document) -> String {
    let path = &source.path;
    ctx.site_root
        .and_then(|root| {
            path.strip_prefix(root)
                .ok()
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| path.display().to_string())
        .replace('\\', "/")
}

/// True for the shapes `localized-email` judges (and `localized-url` leaves alone).
pub fn is_email_shape(s: &shape::Shape<'_>) -> bool {
    s.form == Form::Email
}
