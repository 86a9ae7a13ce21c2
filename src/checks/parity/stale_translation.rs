//! `stale-translation`: the English source changed after the translation was
//! last brought up to date, by the repository's git history.

use super::section_body;
use crate::checks::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::links::slug::slug;
use crate::pairing::history::{CommitInfo, PIN_KEY, Pin, SourceChange};
use crate::util::display_path;
use std::collections::HashMap;
use std::ops::Range;

pub(crate) const DOC: &str = r#"# stale-translation

## What it does
Reports a translated page whose English source has commits that change its
content after the translation's last commit, by the repository's git
history (read in-process, along the first-parent line from `HEAD`). The
message says how far behind the page is (commits, days) and which source
commits it lacks.

A page may pin the source version it was translated from in its front
matter, `translation_of: <commit>`. The pin then stands in for the page's
last commit, and the message names the source sections that changed since:
the pinned source is compared with the current one, section by section.

Not counted: commits that only change white space in the source (reflowed
lines, indentation), and commits whose message matches
`[freshness] ignore-commits`. A page that was never committed is not judged.
Outside a git repository, or in a shallow clone, the rule does not run and
the run says so once.

## Why is this bad?
A translation that fell behind tells readers of its language something the
English page no longer says: removed options, old commands, missing
sections. Docusaurus leaves keeping Markdown translations in step to the
site; this rule shows which pages need it, and what changed.

## Example
```markdown
<!-- docs/install.md, edited in 4f2a9c1 "Document the --offline flag" -->
<!-- i18n/ko/docusaurus-plugin-content-docs/current/install.md, last committed before it -->
---
translation_of: 9b1e0d3
---
# 설치
```

Use instead: bring the translation up to date with the source, and move the
pin to the source commit it now matches:
```markdown
---
translation_of: 4f2a9c1
---
# 설치
```

## Fix safety
No automatic fix: only a translator can bring the text up to date.

## Options
`[freshness] ignore-commits`: regexes over commit messages; a matching source
commit does not make a page stale. The default ignores messages with
`[skip i18n]`, `[skip l10n]`, `[no translation]` and the like. The severity:
`[rules] stale-translation = "off"`.

## Data
The repository's git history; no data files.
"#;

static META: RuleMeta = RuleMeta {
    name: "stale-translation",
    category: Category::Translation,
    severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: DOC,
    reads: Reads::with_history(Input::Original),
    repairs: false,
};

pub struct StaleTranslation;

/// At most this many commits and sections are named in one message.
const NAMED: usize = 3;

impl Rule for StaleTranslation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let (Some(facts), Some(src)) = (ctx.freshness, ctx.source) else {
            return;
        };
        let pin_field = doc.front_matter.as_ref().and_then(|f| f.get(PIN_KEY));
        let at = pin_field.map_or_else(|| first_line(doc), |f| f.value_range.clone());
        let since: &CommitInfo = match (&facts.pin, &facts.translated) {
            (Some(Pin::Unknown(spec)), _) => {
                out.push(
                    Diagnostic::new(
                        META.name,
                        META.severity,
                        &doc.path,
                        at,
                        format!("`{PIN_KEY}: {spec}` names no commit of this repository"),
                    )
                    .with_help(format!(
                        "set it to the full id of the source commit the page was translated from (`git log -1 --format=%H -- {}`)",
                        display_path(&src.path)
                    )),
                );
                return;
            }
            (Some(Pin::Found { commit, .. }), _) => commit,
            (None, Some(c)) => c,
            (None, None) => return,
        };
        let ignore: Vec<regex::Regex> = ctx
            .config
            .freshness
            .ignore_commits
            .iter()
            .filter_map(|r| regex::Regex::new(r).ok())
            .collect();
        let pending: Vec<&SourceChange> = facts
            .changes
            .iter()
            .filter(|c| !c.reformat_only && !ignore.iter().any(|r| r.is_match(&c.commit.message)))
            .collect();
        let Some(newest) = pending.first() else {
            return;
        };
        let days = (newest.commit.time - since.time).max(0) / 86_400;
        let behind = format!(
            "{} commit{}{}",
            pending.len(),
            plural(pending.len()),
            match days {
                0 => " (the same day)".to_string(),
                d => format!(" and {d} day{}", if d == 1 { "" } else { "s" }),
            }
        );
        let reference = if facts.pin.is_some() {
            format!("pinned source {} ({})", since.short_id(), since.date())
        } else {
            format!("its last commit {} ({})", since.short_id(), since.date())
        };
        let commits: Vec<String> = pending
            .iter()
            .take(NAMED)
            .map(|c| {
                format!(
                    "{} ({}) \"{}\"",
                    c.commit.short_id(),
                    c.commit.date(),
                    c.commit.summary()
                )
            })
            .collect();
        let mut message = format!(
            "translation is {behind} behind {}: the source changed after {reference} in {}{}",
            display_path(&src.path),
            commits.join(", "),
            more(pending.len())
        );
        let help = match ctx.pinned_source {
            Some(old) => {
                let changed = changed_sections(old, src);
                if !changed.is_empty() {
                    let names: Vec<&str> = changed.iter().take(NAMED).map(String::as_str).collect();
                    message.push_str(&format!(
                        "; changed sections: {}{}",
                        names.join(", "),
                        more(changed.len())
                    ));
                }
                format!(
                    "update the translation from the source, then set `{PIN_KEY}` to the source commit it matches"
                )
            }
            None => format!(
                "update the translation from the source; `{PIN_KEY}: <commit>` in the front matter records the source version it matches and lets the report name the changed sections"
            ),
        };
        out.push(Diagnostic::new(META.name, META.severity, &doc.path, at, message).with_help(help));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn more(n: usize) -> String {
    if n > NAMED {
        format!(" and {} more", n - NAMED)
    } else {
        String::new()
    }
}

/// The page's first line, where a page-level finding is shown.
fn first_line(doc: &Document) -> Range<usize> {
    let end = doc.text.find(['\n', '\r']).unwrap_or(doc.text.len());
    0..end
}

/// The sections of the current source that are new or changed since the
/// pinned one, then the pinned sections that are gone, as `## Heading`
/// (`(introduction)` for the text before the first heading). Sections pair
/// by explicit id, else by the slug of their heading; bodies compare by
/// their words, so reflowing is not a change.
fn changed_sections(old: &Document, new: &Document) -> Vec<String> {
    let key = |d: &Document, h: usize| -> String {
        let h = &d.headings[h];
        h.explicit_id.clone().unwrap_or_else(|| slug(&h.text))
    };
    let words = |d: &Document, h: Option<usize>| -> Vec<String> {
        let body = d.text.get(section_body(d, h)).unwrap_or("");
        body.split_whitespace().map(str::to_string).collect()
    };
    let mut old_by_key: HashMap<String, usize> = HashMap::new();
    for h in (0..old.headings.len()).rev() {
        old_by_key.insert(key(old, h), h);
    }
    let mut out = Vec::new();
    if words(old, None) != words(new, None) {
        out.push("(introduction)".to_string());
    }
    let mut seen = vec![false; old.headings.len()];
    for h in 0..new.headings.len() {
        let shown = super::shown_heading(new, h);
        match old_by_key.get(&key(new, h)) {
            Some(&o) if !seen[o] => {
                seen[o] = true;
                if words(old, Some(o)) != words(new, Some(h)) {
                    out.push(format!("`{shown}`"));
                }
            }
            _ => out.push(format!("`{shown}` (new)")),
        }
    }
    for (o, seen) in seen.iter().enumerate() {
        if !seen {
            out.push(format!("`{}` (removed)", super::shown_heading(old, o)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::changed_sections;
    use crate::document::parse;
    use std::path::PathBuf;

    fn doc(text: &str) -> crate::document::Document {
        parse(PathBuf::from("docs/page.md"), text.to_string())
    }

    #[test]
    fn names_changed_new_and_removed_sections() {
        let old = doc("Intro.\n\n## Install\n\nRun it.\n\n## Old\n\nGone.\n\n## Same\n\nKept.\n");
        let new = doc(
            "Intro.\n\n## Install\n\nRun it twice.\n\n## Same\n\nKept.\n\n## Offline\n\nNew.\n",
        );
        assert_eq!(
            changed_sections(&old, &new),
            vec!["`## Install`", "`## Offline` (new)", "`## Old` (removed)"]
        );
    }

    #[test]
    fn reflowed_sections_are_unchanged() {
        let old = doc("## A\n\none two\nthree\n");
        let new = doc("## A\n\none\ntwo three\n");
        assert!(changed_sections(&old, &new).is_empty());
    }
}
