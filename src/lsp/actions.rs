//! Code actions: every applicable fix of the findings under the cursor
//! (safe fixes as preferred quick fixes, guesses titled "(unsafe)"), a
//! suppression comment for the line, and "fix all" for the safe fixes.
//!
//! Display-only fixes are never offered: they are alternatives shown in the
//! message, not edits a click should make.

use super::position::LineMap;
use super::{Server, to_lsp};
use crate::diagnostic::apply::FixMode;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::document;
use crate::engine;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::LazyLock;

/// `source.fixAll.loclint`, what editors run on save when asked to fix all.
pub(super) static FIX_ALL_KIND: LazyLock<CodeActionKind> =
    LazyLock::new(|| CodeActionKind::new("source.fixAll.loclint"));

/// Whether the client's `only` filter lets a kind through (a kind matches
/// its prefixes: `source` asks for `source.fixAll.loclint`).
fn wanted(only: Option<&Vec<CodeActionKind>>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|list| {
        list.iter().any(|k| {
            kind.as_str() == k.as_str()
                || kind
                    .as_str()
                    .strip_prefix(k.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

fn edit_of(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

impl Server<'_> {
    pub(super) fn code_actions(&mut self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let Some(path) = super::file_path(&params.text_document.uri) else {
            return Vec::new();
        };
        let only = params.context.only.as_ref();
        let mut out = Vec::new();
        if let Some(doc) = self.docs.get(&path) {
            let map = LineMap::new(&doc.text, self.encoding);
            let start = map.offset(params.range.start);
            let end = map.offset(params.range.end);
            let under: Vec<&Diagnostic> = doc
                .diagnostics
                .iter()
                .filter(|d| d.range.start <= end && start <= d.range.end)
                .collect();
            if wanted(only, &CodeActionKind::QUICKFIX) {
                for d in &under {
                    if let Some(action) = fix_action(d, &doc.uri, &map) {
                        out.push(CodeActionOrCommand::CodeAction(action));
                    }
                }
                out.extend(
                    disable_actions(&path, &doc.text, &under, &doc.uri, &map)
                        .into_iter()
                        .map(CodeActionOrCommand::CodeAction),
                );
            }
        }
        if wanted(only, &FIX_ALL_KIND)
            && let Some(action) = self.fix_all(&path)
        {
            out.push(CodeActionOrCommand::CodeAction(action));
        }
        out
    }

    /// Every safe fix of the buffer, to a fixed point, as one edit.
    fn fix_all(&mut self, path: &Path) -> Option<CodeAction> {
        let doc = self.docs.get(path)?;
        let safe = |d: &Diagnostic| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe && !f.edits.is_empty())
        };
        if !doc.diagnostics.iter().any(safe) {
            return None;
        }
        let fixed = engine::fix_text(
            &self.ws,
            path,
            doc.text.clone(),
            doc.info.clone(),
            &self.rules,
            FixMode::Safe,
        );
        let action = (fixed.text != doc.text).then(|| {
            let map = LineMap::new(&doc.text, self.encoding);
            CodeAction {
                title: "Apply every safe loclint fix".to_string(),
                kind: Some(FIX_ALL_KIND.clone()),
                edit: Some(edit_of(
                    &doc.uri,
                    vec![TextEdit::new(map.range(&(0..doc.text.len())), fixed.text)],
                )),
                ..CodeAction::default()
            }
        });
        // Fixing re-indexed the page as the fixed text; the buffer has not
        // changed, so index it as it is again.
        self.check(path);
        action
    }
}

/// A finding's fix as a quick fix: safe ones preferred, guesses titled
/// "(unsafe)". `None` for display-only fixes and fixes without text edits
/// (re-encoding the file is not an edit of the buffer).
fn fix_action(d: &Diagnostic, uri: &Uri, map: &LineMap) -> Option<CodeAction> {
    let fix = d.fix.as_ref()?;
    if fix.edits.is_empty() || fix.applicability == Applicability::DisplayOnly {
        return None;
    }
    let safe = fix.applicability == Applicability::Safe;
    let title = if safe {
        fix.message.clone()
    } else {
        format!("{} (unsafe)", fix.message)
    };
    let edits = fix
        .edits
        .iter()
        .map(|e| TextEdit::new(map.range(&e.range), e.replacement.clone()))
        .collect();
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![to_lsp(d, uri, map)]),
        edit: Some(edit_of(uri, edits)),
        is_preferred: Some(safe),
        ..CodeAction::default()
    })
}

/// "Disable RULE for this line": a `loclint-disable-next-line` comment
/// above the finding's line, in the line's indentation and blockquote
/// markers so it stays in the same block. MDX gets the `{/* */}` form.
/// Findings in front matter get none: a comment there would break the YAML.
fn disable_actions(
    path: &Path,
    text: &str,
    under: &[&Diagnostic],
    uri: &Uri,
    map: &LineMap,
) -> Vec<CodeAction> {
    if under.is_empty() {
        return Vec::new();
    }
    let parsed = document::parse(path.to_path_buf(), text.to_string());
    let front = parsed.front_matter.as_ref().map(|f| f.range.clone());
    let mdx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("mdx"));
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for d in under {
        // `unknown-rule` and `io-error` are not rules a comment can name.
        if crate::checks::by_name(d.rule).is_none()
            || front.as_ref().is_some_and(|r| r.contains(&d.range.start))
        {
            continue;
        }
        let line = parsed.line_index.line_of(d.range.start);
        if !seen.insert((line, d.rule)) {
            continue;
        }
        let start = parsed.line_index.line_start(line);
        let body = &text[start..];
        let prefix_len = body
            .find(|c: char| !matches!(c, ' ' | '\t' | '>'))
            .unwrap_or(body.len());
        let prefix = &body[..prefix_len];
        let eol = if text[..start].ends_with("\r\n")
            || body.split('\n').next().is_some_and(|l| l.ends_with('\r'))
        {
            "\r\n"
        } else {
            "\n"
        };
        let comment = if mdx {
            format!(
                "{prefix}{{/* loclint-disable-next-line {} */}}{eol}",
                d.rule
            )
        } else {
            format!("{prefix}<!-- loclint-disable-next-line {} -->{eol}", d.rule)
        };
        let at = map.range(&(start..start));
        out.push(CodeAction {
            title: format!("Disable {} for this line", d.rule),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![to_lsp(d, uri, map)]),
            edit: Some(edit_of(uri, vec![TextEdit::new(at, comment)])),
            ..CodeAction::default()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_match_their_prefixes_only() {
        let source = vec![CodeActionKind::SOURCE];
        assert!(wanted(Some(&source), &FIX_ALL_KIND));
        assert!(!wanted(Some(&source), &CodeActionKind::QUICKFIX));
        let quick = vec![CodeActionKind::QUICKFIX];
        assert!(wanted(Some(&quick), &CodeActionKind::QUICKFIX));
        assert!(!wanted(Some(&quick), &FIX_ALL_KIND));
        assert!(wanted(None, &FIX_ALL_KIND));
        let near = vec![CodeActionKind::new("source.fix")];
        assert!(!wanted(Some(&near), &FIX_ALL_KIND));
    }
}
