//! `dead-link`: an external `http(s)` link that fails (only with `--online`).

use super::{Category, FixAvailability, Input, Reads, Rule, RuleMeta, SiteContext};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::LinkKind;
use crate::links::index::PageIndex;
use crate::links::online::{UrlOutcome, refused_by_default, url_key};
use crate::links::{Target, classify};

pub(crate) const DOC: &str = r#"# dead-link

## What it does
Checks external `http://` and `https://` links over the network. It runs
only with `--online` (or `links.online = true`); without
it the summary says how many external links were not checked. Every distinct
URL is requested once per run however many pages use it; hosts get a limited
number of parallel requests; timeouts and 5xx answers are retried with
backoff, and `Retry-After` is honoured. Successes are cached in
`.loclint-cache/links` for a day, failures never.

- A failing link (404, 410, 5xx after retries, timeout, DNS failure) is an error.
- 403 and 429 are what bot protection and rate limits answer: a warning that
  the link could not be verified.
- A permanent redirect (301/308) is an info diagnostic with a fix to the
  final URL.
- Loopback, private, link-local and metadata addresses are never requested
  unless `--allow-private-hosts`, neither as the link nor as a redirect
  target; `localhost` links (tutorial instructions) are skipped without a
  word. `mailto:` links are never checked. See "Security model" in the README.

## Why is this bad?
Dead links send readers nowhere; translations often keep links that the
English page has since fixed, or point at localized pages that never existed.

## Example
```markdown
[Helm Hub](https://hub.helm.sh/charts)
```

Use instead:
```markdown
[Artifact Hub](https://artifacthub.io/)
```

## Fix safety
Replacing a permanently redirected URL by its final URL is safe: the server
says the old address moved there for good. A public link that moved to a
local or private address gets no fix. Broken links have no fix.

## Options
- `links.online`, `links.timeout`, `links.retries`, `links.retry-wait-ms`,
  `links.max-concurrency`, `links.max-concurrency-per-host`, `links.host-interval-ms`,
  `links.accept` (extra accepted status codes), `links.exclude` (regexes),
  `links.cache` (off: `--no-cache`), `links.cache-max-age` (seconds),
  `links.cache-dir` (`--cache-dir`), `links.allow-private-hosts`,
  `links.user-agent`.

## Data
None.
"#;

static META: RuleMeta = RuleMeta {
    name: "dead-link",
    category: Category::Links,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    doc: DOC,
    reads: Reads {
        input: Input::Index,
        source: false,
        other_pages: false,
        network: true,
        history: false,
    },
    repairs: false,
};

pub struct DeadLink;

impl Rule for DeadLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_page(&self, page: &PageIndex, ctx: &SiteContext, out: &mut Vec<Diagnostic>) {
        let Some(results) = ctx.links.online() else {
            return;
        };
        for link in &page.links {
            if matches!(link.kind, LinkKind::Email) {
                continue;
            }
            let written = link.written.as_str();
            let Target::External(url) = classify(written) else {
                continue;
            };
            let Some(outcome) = results.get(url) else {
                continue;
            };
            let range = link.dest_range.clone();
            let key = url_key(url);
            let mut diag = match outcome {
                UrlOutcome::Ok | UrlOutcome::Skipped { .. } => continue,
                UrlOutcome::Broken { reason } => Diagnostic::new(
                    META.name,
                    Severity::Error,
                    &page.path,
                    range,
                    format!("`{key}` is dead: {reason}"),
                )
                .with_help(
                    "update the link (the English source may have the current URL) or remove it",
                ),
                UrlOutcome::CouldNotVerify { reason } => Diagnostic::new(
                    META.name,
                    Severity::Warning,
                    &page.path,
                    range,
                    format!("could not verify `{key}`: {reason}"),
                )
                .with_help("open it in a browser; add it to `links.exclude` if it is fine"),
                UrlOutcome::PermanentRedirect { final_url } => {
                    // Keep the fragment the page wrote; the server only moved the document.
                    let fragment = url.split_once('#').map(|(_, f)| f);
                    let new_url = match fragment {
                        Some(f) if !final_url.contains('#') => format!("{final_url}#{f}"),
                        _ => final_url.clone(),
                    };
                    let trimmed_start = written.len() - written.trim_start().len();
                    let start = range.start + trimmed_start;
                    let edit_range = start..start + url.len();
                    let diag = Diagnostic::new(
                        META.name,
                        Severity::Info,
                        &page.path,
                        range,
                        format!("`{key}` moved permanently to `{final_url}`"),
                    );
                    // A public link is never rewritten toward an address the
                    // online check would refuse to request.
                    if refused_by_default(final_url) && !refused_by_default(key) {
                        diag.with_help(
                            "the new address is local or private; check where the link should go",
                        )
                    } else {
                        diag.with_help("link to the final URL").with_fix(Fix::safe(
                            format!("link to `{new_url}`"),
                            vec![Edit::replace(edit_range, new_url)],
                        ))
                    }
                }
            };
            if page.never_built {
                diag = crate::links::page::never_built_note(diag);
            }
            out.push(diag);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::check_str;
    use crate::config::ConfigMode;
    use crate::diagnostic::{Applicability, Diagnostic, Severity};
    use crate::engine::{Workspace, check_text};
    use crate::links::online::{OnlineResults, UrlOutcome};
    use std::path::Path;

    fn check_online(s: &str) -> Vec<Diagnostic> {
        let ws = Workspace::new(ConfigMode::Isolated);
        ws.links().set_online(OnlineResults::from_outcomes([
            (
                "https://gone.example/".to_string(),
                UrlOutcome::Broken {
                    reason: "the server answered 404 (Not Found)".into(),
                },
            ),
            (
                "https://bot.example/".to_string(),
                UrlOutcome::CouldNotVerify {
                    reason: "the server answered 429".into(),
                },
            ),
            (
                "http://old.example/a".to_string(),
                UrlOutcome::PermanentRedirect {
                    final_url: "https://new.example/a".into(),
                },
            ),
            ("https://fine.example/".to_string(), UrlOutcome::Ok),
            (
                "https://public.example/docs".to_string(),
                UrlOutcome::PermanentRedirect {
                    final_url: "http://localhost:8080/docs".into(),
                },
            ),
            (
                "http://10.0.0.1/old".to_string(),
                UrlOutcome::PermanentRedirect {
                    final_url: "http://10.0.0.1/new".into(),
                },
            ),
        ]));
        let rules: Vec<_> = crate::checks::all()
            .iter()
            .copied()
            .filter(|r| r.meta().name == "dead-link")
            .collect();
        check_text(
            &ws,
            Path::new("test.md"),
            s.to_string(),
            Default::default(),
            &rules,
        )
    }

    #[test]
    fn offline_reports_nothing() {
        assert!(check_str("dead-link", "[x](https://gone.example/)").is_empty());
    }

    #[test]
    fn fails() {
        let d = check_online(
            "[x](https://gone.example/) and <https://bot.example/> and [y](http://old.example/a#part)",
        );
        let sev: Vec<Severity> = d.iter().map(|d| d.severity).collect();
        assert_eq!(sev, [Severity::Error, Severity::Warning, Severity::Info]);
        let fix = d[2].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(fix.edits[0].replacement, "https://new.example/a#part");
    }

    #[test]
    fn no_fix_toward_a_private_host() {
        let d = check_online("[x](https://public.example/docs)");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("localhost:8080"), "{}", d[0].message);
        assert!(d[0].fix.is_none(), "{:?}", d[0].fix);
        // A private link that moved within the private network (a run with
        // --allow-private-hosts) keeps its fix.
        let d = check_online("[x](http://10.0.0.1/old)");
        assert!(d[0].fix.is_some());
    }

    #[test]
    fn passes() {
        for s in [
            "[x](https://fine.example/)",
            "[x](https://unknown.example/)",
            "`https://gone.example/`",
            "[m](mailto:gone@gone.example)",
        ] {
            assert!(check_online(s).is_empty(), "{s}");
        }
    }
}
