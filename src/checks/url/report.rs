//! Turns a finding into a diagnostic: the translated parts, the restored
//! link and where it came from, and the fix.

use crate::checks::RuleMeta;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::document::Document;
use crate::urls::localized::{Finding, Restoration};

/// What is being reported, for the wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Url,
    Email,
}

impl What {
    fn noun(self) -> &'static str {
        match self {
            What::Url => "URL",
            What::Email => "email address",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            What::Url => "URLs",
            What::Email => "email addresses",
        }
    }
}

/// `at` is the offset of `text` (the URL or address) in `doc.text`.
pub fn diagnostic(
    meta: &'static RuleMeta,
    doc: &Document,
    at: usize,
    text: &str,
    finding: &Finding<'_>,
    source_name: &str,
    what: What,
) -> Diagnostic {
    let parts = finding
        .parts
        .iter()
        .map(|c| format!("`{}` ({})", &text[c.range.clone()], c.kind.noun()))
        .collect::<Vec<_>>();
    let parts = join_and(&parts);
    let noun = what.noun();
    let nouns = what.plural();
    let (message, help) = match &finding.restoration {
        Restoration::Source {
            restored,
            reference,
            others,
            ..
        } => {
            let from = format!("{source_name}:{}", reference.line);
            if others.is_empty() {
                (
                    format!(
                        "translated {noun}: {parts} in `{text}`; the English source has `{restored}` (from {from})"
                    ),
                    format!(
                        "{nouns} are not translated: restore it exactly as the English page has it"
                    ),
                )
            } else {
                let alts = others
                    .iter()
                    .map(|(r, refr)| format!("`{r}` (line {})", refr.line))
                    .collect::<Vec<_>>();
                (
                    format!(
                        "translated {noun}: {parts} in `{text}`; the English source has {} {nouns} of this shape, most likely `{restored}` (from {from})",
                        others.len() + 1
                    ),
                    format!(
                        "check which one was meant; the others are {}",
                        join_and(&alts)
                    ),
                )
            }
        }
        Restoration::Glossary {
            restored,
            alternatives,
        } => {
            let (message, mut help) = match restored {
                Some(r) => (
                    format!(
                        "translated {noun}: {parts} in `{text}`; through the glossary it reads `{r}`"
                    ),
                    format!("write the {noun} as the English original has it, probably `{r}`"),
                ),
                None => (
                    format!("machine-translated {noun}: {parts} in `{text}` points nowhere"),
                    format!("write the {noun} as the English original has it"),
                ),
            };
            if !alternatives.is_empty() {
                help.push_str(&format!(" ({})", alternatives.join("; ")));
            }
            (message, help)
        }
    };
    let mut d = Diagnostic::new(
        meta.name,
        meta.severity,
        doc.path.clone(),
        at..at + text.len(),
        message,
    )
    .with_help(help);
    for c in &finding.parts {
        let label = match (&finding.restoration, &c.english) {
            (Restoration::Source { .. }, Some(e)) => format!("`{e}` on the English page"),
            (Restoration::Glossary { .. }, Some(e)) => format!("`{e}` in the glossary"),
            _ => "translated".to_string(),
        };
        d = d.with_label(at + c.range.start..at + c.range.end, label);
    }
    if let Some(restored) = finding.restoration.restored() {
        let edits = finding
            .parts
            .iter()
            .filter_map(|c| {
                c.english
                    .as_ref()
                    .map(|e| Edit::replace(at + c.range.start..at + c.range.end, e.clone()))
            })
            .collect();
        let fix = match &finding.restoration {
            Restoration::Source { reference, .. } => {
                let message = format!("restore `{restored}` from {source_name}:{}", reference.line);
                if finding.restoration.is_certain() {
                    Fix::safe(message, edits)
                } else {
                    Fix::unsafe_(message, edits)
                }
            }
            Restoration::Glossary { .. } => Fix::unsafe_(
                format!("back-translate to `{restored}` through the glossary"),
                edits,
            ),
        };
        d = d.with_fix(fix);
    } else if let Restoration::Glossary { .. } = &finding.restoration {
        // Words no glossary knows: the fix can only say which to put back.
        let unknown: Vec<String> = finding
            .parts
            .iter()
            .filter(|c| c.english.is_none())
            .map(|c| format!("`{}`", &text[c.range.clone()]))
            .collect();
        if !unknown.is_empty() {
            d = d.with_fix(Fix::new(
                Applicability::DisplayOnly,
                format!(
                    "no glossary knows {}: write it as the original URL has it",
                    join_and(&unknown)
                ),
                Vec::new(),
            ));
        }
    }
    d
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
