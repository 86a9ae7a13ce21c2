//! Per-run link state shared by all files: sites, route tables, compiled
//! exclusions, and the online results; and how a page's anchors are computed.
//!
//! The engine's workspace holds one `LinkState` and hands it to the link
//! rules. Resolution reads the disk only through a cached
//! [`Files`](super::resolve::Files) view; other pages' anchors come from
//! their page indexes, which the engine owns.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::anchors::{AnchorSet, HeadingInput};
use super::online::OnlineResults;
use super::resolve::{DiskFiles, Files, Resolver};
use super::site::Site;
use crate::document::Document;

pub struct LinkState {
    pub resolver: Resolver,
    /// `links.exclude` lists compiled once each (configs are per folder).
    excludes: Mutex<HashMap<Vec<String>, Arc<Option<regex::RegexSet>>>>,
    /// Set once by the engine's pre-pass when `--online` is on.
    online: OnceLock<OnlineResults>,
}

impl std::fmt::Debug for LinkState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinkState")
            .field("resolver", &self.resolver)
            .finish_non_exhaustive()
    }
}

impl Default for LinkState {
    fn default() -> LinkState {
        LinkState::with_files(Arc::new(DiskFiles::default()), Vec::new())
    }
}

impl LinkState {
    /// State over the real disk; sites come from each page's config or
    /// `docusaurus.config.*`.
    pub fn new() -> LinkState {
        LinkState::default()
    }

    /// State over any file view, with sites given up front (tests).
    pub fn with_files(files: Arc<dyn Files>, sites: Vec<Site>) -> LinkState {
        LinkState {
            resolver: Resolver::new(files, sites),
            excludes: Mutex::new(HashMap::new()),
            online: OnceLock::new(),
        }
    }

    /// `links.exclude` compiled (invalid patterns were rejected when the
    /// config was loaded).
    pub fn exclusions(&self, patterns: &[String]) -> Arc<Option<regex::RegexSet>> {
        if patterns.is_empty() {
            return Arc::new(None);
        }
        let mut map = self.excludes.lock().unwrap_or_else(PoisonError::into_inner);
        map.entry(patterns.to_vec())
            .or_insert_with(|| Arc::new(regex::RegexSet::new(patterns).ok()))
            .clone()
    }

    /// Stores the results of [`online::check_all`](super::online::check_all);
    /// a second call is ignored.
    pub fn set_online(&self, results: OnlineResults) {
        let _ = self.online.set(results);
    }

    pub fn online(&self) -> Option<&OnlineResults> {
        self.online.get()
    }
}

/// Computes the anchors of a parsed page: headings, HTML ids, and the ids
/// react.dev's MDX components render (`<Recipes titleId="x">`,
/// `<Challenges>`, `<Recap>`).
pub fn page_anchors(doc: &Document) -> AnchorSet {
    let inputs: Vec<HeadingInput<'_>> = doc
        .headings
        .iter()
        .map(|h| HeadingInput {
            level: h.level,
            text: h.text.as_str(),
            explicit_id: h.explicit_id.as_deref(),
        })
        .collect();
    let mut set = AnchorSet::build(&inputs, doc.html_ids.iter().map(|(id, _)| id.as_str()));
    for id in component_ids(&doc.text) {
        set.push(super::anchors::Anchor {
            id,
            heading: None,
            explicit: true,
        });
    }
    set
}

/// Ids that react.dev-style MDX components create (`titleId` on `<Recipes>`,
/// `permalink` on `<TeamMember>`, and the fixed ids of `<Challenges>`/`<Recap>`).
fn component_ids(text: &str) -> Vec<String> {
    use std::sync::LazyLock;
    static TITLE_ID: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
        regex::Regex::new(r#"<[A-Z][A-Za-z]*\b[^>]*?\b(?:titleId|permalink)=["']([^"']+)["']"#).ok()
    });
    let mut out = Vec::new();
    if let Some(re) = TITLE_ID.as_ref() {
        out.extend(re.captures_iter(text).map(|c| c[1].to_string()));
    }
    if text.contains("<Challenges") {
        out.push("challenges".into());
    }
    if text.contains("<Recap") {
        out.push("recap".into());
    }
    out
}
