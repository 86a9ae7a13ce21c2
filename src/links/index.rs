//! The page index: what the cross-file rules need of a page once its full
//! document is gone.
//!
//! Phase 1 of a run reduces every parsed page to one of these and drops the
//! `Document`, so that memory follows the largest page rather than the site.
//! It keeps a page's anchors, its headings (without their prose pieces), the
//! links that leave it (outside code, with their ranges), and its pairing.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::anchors::AnchorSet;
use super::online::is_external;
use super::state::page_anchors;
use crate::config::FileConfig;
use crate::diagnostic::Edit;
use crate::diagnostic::apply::apply_edits;
use crate::document::{Document, LinkKind};
use crate::lang::Locale;

/// One heading of an indexed page.
#[derive(Debug, Clone)]
pub struct IndexedHeading {
    pub level: u8,
    pub text: String,
    pub range: Range<usize>,
    pub explicit_id: Option<String>,
    /// Where an explicit ` {#id}` would go: after the heading's text, before a
    /// closing `#` sequence and the line end.
    pub text_end: usize,
}

/// One link of an indexed page that is not inside code.
#[derive(Debug, Clone)]
pub struct IndexedLink {
    pub kind: LinkKind,
    /// The destination as the document model gives it.
    pub dest: String,
    /// The destination exactly as written in the page text.
    pub written: String,
    pub dest_range: Range<usize>,
    pub range: Range<usize>,
    /// The destination as the repaired view reads it, when a mojibake
    /// repair lies inside it: the URL rules judge that text, and a rule that
    /// must agree with them on what they report asks with the same.
    pub repaired: Option<String>,
}

/// A page reduced to what other pages and the cross-file rules ask of it.
#[derive(Debug, Clone)]
pub struct PageIndex {
    pub path: PathBuf,
    pub locale: Locale,
    /// The English page this page translates, when paired.
    pub source_path: Option<PathBuf>,
    pub config: Arc<FileConfig>,
    pub headings: Vec<IndexedHeading>,
    pub anchors: Arc<AnchorSet>,
    pub links: Vec<IndexedLink>,
    /// On a page without an h1, the anchor of the front-matter `title`, which
    /// Docusaurus renders as the h1 (for themes that keep its id; the h1s'
    /// own are `AnchorSet::titles`).
    pub title_anchor: Option<String>,
    /// A translation the site does not build: findings on it say so.
    pub never_built: bool,
}

impl PageIndex {
    pub fn new(doc: &Document, config: Arc<FileConfig>) -> PageIndex {
        let headings = doc
            .headings
            .iter()
            .map(|h| IndexedHeading {
                level: h.level,
                text: h.text.clone(),
                range: h.range.clone(),
                explicit_id: h.explicit_id.clone(),
                text_end: heading_text_end(&doc.text, h.range.clone()),
            })
            .collect();
        let links = doc
            .links
            .iter()
            .filter(|l| l.dest_range.end <= doc.text.len() && !doc.in_code(l.range.start))
            .filter_map(|l| {
                Some(IndexedLink {
                    kind: l.kind,
                    dest: l.dest.clone(),
                    written: doc.text.get(l.dest_range.clone())?.to_string(),
                    dest_range: l.dest_range.clone(),
                    range: l.range.clone(),
                    repaired: None,
                })
            })
            .collect();
        PageIndex {
            path: doc.path.clone(),
            locale: doc.locale.clone(),
            source_path: doc.source_path.clone(),
            config,
            headings,
            anchors: Arc::new(page_anchors(doc)),
            links,
            title_anchor: title_anchor(doc),
            never_built: doc.never_built,
        }
    }

    /// Records how the repaired view (the page under the mojibake repairs
    /// `edits`, sorted and disjoint) reads each link destination that a
    /// repair lies inside. A repair that straddles a destination's end is
    /// left out: the destination it would make is not the one the parse saw.
    pub fn with_repairs(mut self, text: &str, edits: &[Edit]) -> PageIndex {
        if edits.is_empty() {
            return self;
        }
        for link in &mut self.links {
            let r = &link.dest_range;
            let from = edits.partition_point(|e| e.range.end <= r.start);
            let inside: Vec<Edit> = edits[from..]
                .iter()
                .take_while(|e| e.range.start < r.end)
                .filter(|e| e.range.start >= r.start && e.range.end <= r.end)
                .map(|e| {
                    Edit::replace(
                        e.range.start - r.start..e.range.end - r.start,
                        e.replacement.clone(),
                    )
                })
                .collect();
            if inside.is_empty() {
                continue;
            }
            if let Some(dest) = text.get(r.clone()) {
                link.repaired = Some(apply_edits(dest, &inside));
            }
        }
        self
    }

    /// The external `http(s)` destinations of the page (without emails), for
    /// the online pass and the "not checked" count.
    pub fn external_urls(&self) -> impl Iterator<Item = &str> {
        self.links
            .iter()
            .filter(|l| !matches!(l.kind, LinkKind::Email))
            .map(|l| l.written.as_str())
            .filter(|d| is_external(d))
    }
}

fn title_anchor(doc: &Document) -> Option<String> {
    if doc.headings.iter().any(|h| h.level == 1) {
        return None;
    }
    let title = doc.front_matter.as_ref()?.get("title")?;
    Some(super::slug::slug(&title.value))
}

/// Other pages' indexes, as a cross-file rule sees them: the pages of the run,
/// and any other page on disk, indexed on first use.
pub trait PageLookup: Sync {
    fn page(&self, path: &Path) -> Option<Arc<PageIndex>>;
}

/// Where the text of a heading line ends: before trailing spaces and an ATX
/// closing sequence, so that ` {#id}` can be added there.
pub fn heading_text_end(text: &str, range: Range<usize>) -> usize {
    let line = text.get(range.clone()).unwrap_or_default();
    let line = line.split('\n').next().unwrap_or_default();
    let mut t = line.trim_end_matches(['\r', ' ', '\t']);
    let closing = t.trim_end_matches('#');
    if closing.len() < t.len() && (closing.ends_with(' ') || closing.ends_with('\t')) {
        t = closing.trim_end_matches([' ', '\t']);
    }
    range.start + t.len()
}
