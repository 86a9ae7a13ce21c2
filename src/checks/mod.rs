//! The rule registry: every rule in one list, by its stable kebab-case name.
//!
//! A rule is one file in this folder with a `DOC` text (printed by
//! `loclint rule NAME`), a `RuleMeta`, and a pure `check` over a parsed
//! `Document`. The registry test in `tests/registry.rs` fails when a rule lacks
//! a doc section or its fixtures.

mod broken_anchor;
mod dead_link;
mod half_translated_heading;
mod localized_email;
mod localized_url;
mod missing_file;
mod mixed_language;
mod mojibake;
mod non_utf8_file;
pub mod parity;
mod particle_agreement;
mod replacement_character;
pub mod translation;
mod untranslated_heading;
pub mod url;
mod url_glued_to_text;

use crate::config::FileConfig;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::links::index::{PageIndex, PageLookup};
use crate::links::state::LinkState;
use crate::pairing::history::Freshness;
use crate::pairing::site_config::DocusaurusConfig;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Encoding,
    Translation,
    Links,
    Suppression,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Encoding => "encoding",
            Category::Translation => "translation",
            Category::Links => "links",
            Category::Suppression => "suppression",
        }
    }
}

/// Whether a rule's findings come with a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixAvailability {
    Always,
    Sometimes,
    Never,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::Always => "always",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Never => "never",
        }
    }
}

/// What a rule is run on. The engine picks the phase from this: rules on the
/// document run per file in phase 1, rules on the page index in phase 2, once
/// every page of the run is indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// The parsed document as decoded from disk.
    Original,
    /// The page as it reads after every certain and best-guess mojibake
    /// repair; the engine maps spans back to the original bytes.
    Repaired,
    /// The page index (anchors, headings, links), in phase 2.
    Index,
}

/// What a rule reads besides its own page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reads {
    pub input: Input,
    /// The English source page of a translation.
    pub source: bool,
    /// Other pages' indexes.
    pub other_pages: bool,
    /// The results of the online link pass.
    pub network: bool,
    /// The repository's history of the page and its source
    /// (`pairing::history`), and the source at the page's pinned commit.
    pub history: bool,
}

impl Reads {
    pub const fn document(input: Input) -> Reads {
        Reads {
            input,
            source: false,
            other_pages: false,
            network: false,
            history: false,
        }
    }

    /// A rule that compares the page with its English source.
    pub const fn with_source(input: Input) -> Reads {
        Reads {
            source: true,
            ..Reads::document(input)
        }
    }

    /// A rule that compares the page's and its source's git history.
    pub const fn with_history(input: Input) -> Reads {
        Reads {
            history: true,
            ..Reads::with_source(input)
        }
    }
}

/// What the registry knows about a rule without running it.
#[derive(Debug)]
pub struct RuleMeta {
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub fix: FixAvailability,
    /// Markdown with the sections What it does / Why is this bad? / Example /
    /// Fix safety / Options / Data.
    pub doc: &'static str,
    pub reads: Reads,
    /// The rule's fixes are the mojibake repairs that make the repaired view.
    /// Such a rule always runs, selected or not, so that what the other rules
    /// see never depends on the selection; only its reporting is filtered.
    pub repairs: bool,
}

impl RuleMeta {
    pub fn fixable(&self) -> bool {
        self.fix != FixAvailability::Never
    }

    /// Phase 2 rules run on page indexes once the whole run is indexed.
    pub fn cross_file(&self) -> bool {
        self.reads.input == Input::Index
    }
}

/// Everything a phase 1 rule may read besides the document itself.
pub struct Context<'a> {
    pub config: &'a FileConfig,
    /// The English source page, parsed, when the rule reads it and the page has one.
    pub source: Option<&'a Document>,
    /// The folder of the Docusaurus site that holds the page, if any.
    pub site_root: Option<&'a Path>,
    /// What its `docusaurus.config.*` says, read statically.
    pub site_config: Option<&'a DocusaurusConfig>,
    /// Other pages' indexes (for rules that read other pages).
    pub pages: &'a dyn PageLookup,
    /// What git history says of the page and its source, for rules that
    /// read it (`None`: not a translation, or the history is unavailable).
    pub freshness: Option<&'a Freshness>,
    /// The English source as it was at the page's `translation_of` commit, parsed.
    pub pinned_source: Option<&'a Document>,
}

/// Everything a phase 2 rule may read besides the page's own index.
pub struct SiteContext<'a> {
    pub config: &'a FileConfig,
    pub links: &'a LinkState,
    pub pages: &'a dyn PageLookup,
    /// The index of the English source page, when the page has one.
    pub source: Option<Arc<PageIndex>>,
}

pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
    /// Phase 1: one parsed document.
    fn check(&self, _doc: &Document, _ctx: &Context, _out: &mut Vec<Diagnostic>) {}
    /// Phase 2: one page index, with the others in reach.
    fn check_page(&self, _page: &PageIndex, _ctx: &SiteContext, _out: &mut Vec<Diagnostic>) {}
}

/// All rules, sorted by name.
pub fn all() -> &'static [&'static dyn Rule] {
    static RULES: &[&dyn Rule] = &[
        &broken_anchor::BrokenAnchor,
        &parity::code_changed::CodeChanged,
        &dead_link::DeadLink,
        &parity::extra_section::ExtraSection,
        &half_translated_heading::HalfTranslatedHeading,
        &parity::heading_id_dropped::HeadingIdDropped,
        &localized_email::LocalizedEmail,
        &localized_url::LocalizedUrl,
        &parity::markup_translated::MarkupTranslated,
        &missing_file::MissingFile,
        &parity::missing_section::MissingSection,
        &mixed_language::MixedLanguage,
        &mojibake::Mojibake,
        &non_utf8_file::NonUtf8File,
        &particle_agreement::ParticleAgreement,
        &replacement_character::ReplacementCharacter,
        &parity::stale_translation::StaleTranslation,
        &untranslated_heading::UntranslatedHeading,
        &parity::untranslated_paragraph::UntranslatedParagraph,
        &url_glued_to_text::UrlGluedToText,
    ];
    RULES
}

pub fn by_name(name: &str) -> Option<&'static dyn Rule> {
    all().iter().copied().find(|r| r.meta().name == name)
}

/// Names that suppression comments and config may use besides real rules.
pub const PSEUDO_RULES: &[&str] = &["io-error", "unknown-rule"];

pub fn is_known(name: &str) -> bool {
    by_name(name).is_some() || PSEUDO_RULES.contains(&name)
}

/// The text of one `## Section` of a rule doc (`## ` lines inside fenced
/// examples do not end a section).
pub fn doc_section(doc: &str, title: &str) -> Option<String> {
    let head = format!("## {title}");
    let mut in_fence = false;
    let mut body: Option<Vec<&str>> = None;
    for line in doc.lines() {
        let is_fence = line.trim_start().starts_with("```");
        if !in_fence && line.starts_with("## ") {
            if body.is_some() {
                break;
            }
            if line.trim() == head {
                body = Some(Vec::new());
                continue;
            }
        }
        if is_fence {
            in_fence = !in_fence;
        }
        if let Some(b) = &mut body {
            b.push(line);
        }
    }
    body.map(|b| b.join("\n").trim().to_string())
}

/// The first sentence-paragraph of "What it does", for one-line listings.
pub fn doc_summary(doc: &str) -> String {
    doc_section(doc, "What it does")
        .and_then(|s| s.split("\n\n").next().map(|p| p.replace('\n', " ")))
        .unwrap_or_default()
}

/// Section titles every rule doc must have.
pub const DOC_SECTIONS: &[&str] = &[
    "What it does",
    "Why is this bad?",
    "Example",
    "Fix safety",
    "Options",
    "Data",
];

#[cfg(test)]
pub(crate) mod test_support {
    //! Runs one rule on a string, the way the engine would.
    use crate::config::ConfigMode;
    use crate::decode::{Decoded, decode};
    use crate::diagnostic::Diagnostic;
    use crate::diagnostic::apply::FixMode;
    use crate::engine::{Workspace, check_text, fix_text};
    use std::path::Path;

    pub fn check_bytes(rule: &str, bytes: &[u8]) -> Vec<Diagnostic> {
        check_bytes_at(rule, bytes, Path::new("test.md"))
    }

    pub fn check_bytes_at(rule: &str, bytes: &[u8], path: &Path) -> Vec<Diagnostic> {
        let ws = Workspace::new(ConfigMode::Isolated);
        let Decoded::Text { text, info } = decode(bytes) else {
            return Vec::new();
        };
        let rules: Vec<_> = super::all()
            .iter()
            .copied()
            .filter(|r| r.meta().name == rule)
            .collect();
        check_text(&ws, path, text, info, &rules)
            .into_iter()
            .filter(|d| d.rule == rule)
            .collect()
    }

    pub fn check_str(rule: &str, s: &str) -> Vec<Diagnostic> {
        check_bytes(rule, s.as_bytes())
    }

    /// `s` as `--fix` (with `unsafe_fixes`, `--fix --unsafe-fixes`) leaves
    /// it, with `rule` (and `mojibake`) selected.
    pub fn fix_str(rule: &str, s: &str, unsafe_fixes: bool) -> String {
        fix_str_at(rule, s, Path::new("test.md"), unsafe_fixes)
    }

    /// Like [`fix_str`], for a text read as if it were at `path`.
    pub fn fix_str_at(rule: &str, s: &str, path: &Path, unsafe_fixes: bool) -> String {
        let ws = Workspace::new(ConfigMode::Isolated);
        let Decoded::Text { text, info } = decode(s.as_bytes()) else {
            return s.to_string();
        };
        let rules: Vec<_> = super::all()
            .iter()
            .copied()
            .filter(|r| r.meta().name == rule)
            .collect();
        let mode = if unsafe_fixes {
            FixMode::Unsafe
        } else {
            FixMode::Safe
        };
        fix_text(&ws, path, text, info, &rules, mode).text
    }
}
