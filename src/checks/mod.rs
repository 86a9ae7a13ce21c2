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
mod particle_agreement;
mod replacement_character;
mod untranslated_heading;
mod url_glued_to_text;

use crate::config::FileConfig;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::engine::Workspace;

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

/// What the registry knows about a rule without running it.
#[derive(Debug)]
pub struct RuleMeta {
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub fixable: bool,
    /// Markdown with the sections What it does / Why is this bad? / Example /
    /// Fix safety / Options / Data.
    pub doc: &'static str,
    /// Run on the text as it reads after safe mojibake repair (spans are mapped
    /// back to the original bytes by the engine).
    pub after_repair: bool,
}

/// Everything a rule may read besides the document itself.
pub struct Context<'a> {
    pub workspace: &'a Workspace,
    pub config: &'a FileConfig,
}

pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>);
}

/// All rules, sorted by name.
pub fn all() -> &'static [&'static dyn Rule] {
    static RULES: &[&dyn Rule] = &[
        &broken_anchor::BrokenAnchor,
        &dead_link::DeadLink,
        &half_translated_heading::HalfTranslatedHeading,
        &localized_email::LocalizedEmail,
        &localized_url::LocalizedUrl,
        &missing_file::MissingFile,
        &mixed_language::MixedLanguage,
        &mojibake::Mojibake,
        &non_utf8_file::NonUtf8File,
        &particle_agreement::ParticleAgreement,
        &replacement_character::ReplacementCharacter,
        &untranslated_heading::UntranslatedHeading,
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
    use crate::config::{ConfigMode, FileConfig};
    use crate::diagnostic::Diagnostic;
    use crate::diagnostic::apply::FixMode;
    use crate::engine::{Workspace, fix_until_stable, lint};
    use crate::source::{Decoded, decode};
    use std::path::Path;

    pub fn check_bytes(rule: &str, bytes: &[u8]) -> Vec<Diagnostic> {
        check_bytes_at(rule, bytes, Path::new("test.md"))
    }

    pub fn check_bytes_at(rule: &str, bytes: &[u8], path: &Path) -> Vec<Diagnostic> {
        let ws = Workspace::new(ConfigMode::Isolated);
        let Decoded::Text { text, info } = decode(bytes) else {
            return Vec::new();
        };
        let doc = ws.prepare(path, text, info);
        let rules: Vec<_> = super::all()
            .iter()
            .copied()
            .filter(|r| r.meta().name == rule || r.meta().name == "mojibake")
            .collect();
        lint(&ws, &FileConfig::default(), &rules, &doc)
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
        let ws = Workspace::new(ConfigMode::Isolated);
        let cfg = FileConfig::default();
        let Decoded::Text { text, info } = decode(s.as_bytes()) else {
            return s.to_string();
        };
        let doc = std::sync::Arc::new(ws.prepare(Path::new("test.md"), text, info));
        let rules: Vec<_> = super::all()
            .iter()
            .copied()
            .filter(|r| r.meta().name == rule || r.meta().name == "mojibake")
            .collect();
        let diagnostics = lint(&ws, &cfg, &rules, &doc);
        let mode = if unsafe_fixes {
            FixMode::Unsafe
        } else {
            FixMode::Safe
        };
        fix_until_stable(&ws, &cfg, &rules, doc, diagnostics, mode)
            .doc
            .text
            .clone()
    }
}
