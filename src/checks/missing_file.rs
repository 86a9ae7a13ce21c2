//! `missing-file`: a link to a page, image or file that resolves to nothing.

use super::{Category, FixAvailability, Input, Reads, Rule, RuleMeta, SiteContext};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::links::index::PageIndex;
use crate::links::page::{LinkDest, PageLinks};
use crate::links::resolve::Resolution;

pub(crate) const DOC: &str = r#"# missing-file

## What it does
Checks that every link to a page (`.md`/`.mdx`), an image or another local
file, and every site-absolute URL path (`/docs/intro`, `/ko/docs/intro`),
leads to a file, resolved exactly as Docusaurus resolves it:

- `@site/x` is the path from the site root;
- `./x.md` and `../x.md` resolve only from the linking file's folder. In a
  translation that is the folder under `i18n/<locale>/...`;
- `/x.md` tries the page's version's localized folder, its default
  folder, then the site root; a bare `x.md` tries its own folder first;
- a file link reaches only pages of the same content plugin;
- URL paths go through the base URL (added when missing), the locale
  prefix, the plugin's route base path, the version, front-matter
  `id`/`slug`, tag pages and `_category_` slugs; an untranslated page is
  served from the default locale.

Sites that are not Docusaurus map URL prefixes to folders in `loclint.toml`.

## Why is this bad?
The reader gets a 404. Translations break links in a way that is easy to miss:
`[x](./x.md)` works in English, but in `i18n/ko/...` it only finds `x.md` if
that page was translated too (Docusaurus issue 10907), so the Korean site has
a broken link until the last page is translated.

## Example
```markdown
<!-- i18n/ko/docusaurus-plugin-content-docs/current/topics/charts.md -->
[훅](./charts_hooks.md)   <!-- charts_hooks.md is not translated yet -->
```

Use instead:
```markdown
[훅](/topics/charts_hooks.md)   <!-- falls back to the English page -->
```

## Fix safety
Rewriting a relative link from a translation to the content-root form is
safe: the new link resolves to the same page now, and to its translation once
there is one. Other missing files have no automatic fix.

## Options
- `links.check-assets` (default `true`): also check images and other files.
- `links.exclude`: regular expressions; matching destinations are skipped.
- `[[links.sites]]`: site roots, content plugins, versions and route prefixes;
  `redirects` (regular expression `from`, replacement `to`) for the host's
  redirects, tried in order on the URL path (one hop; a redirect to another
  host counts as resolved).

A translation that Docusaurus does not build (an `i18n/` page with no English
page in the source folder) is checked all the same, and its findings say so:
the page goes live as soon as the English page is added.

## Data
None.
"#;

static META: RuleMeta = RuleMeta {
    name: "missing-file",
    category: Category::Links,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    doc: DOC,
    reads: Reads {
        input: Input::Index,
        source: true,
        other_pages: false,
        network: false,
        history: false,
    },
    repairs: false,
};

pub struct MissingFile;

impl Rule for MissingFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_page(&self, page: &PageIndex, ctx: &SiteContext, out: &mut Vec<Diagnostic>) {
        let links = PageLinks::new(&page.path, ctx.links, ctx.config);
        let mut source_broken: Option<Vec<String>> = None;
        for link in &page.links {
            let Some(LinkDest::Path {
                raw,
                range,
                resolution,
                asset,
                own_url,
                ..
            }) = links.local_dest(link)
            else {
                continue;
            };
            let Resolution::Missing { works_as, target } = resolution else {
                continue;
            };
            // A full URL of the site that no page serves may be a redirect
            // set up on the server, which loclint cannot see. On a
            // translation it is judged: the English page's own link is the
            // one a redirect would have been made for.
            if own_url && page.locale.is_english() {
                continue;
            }
            // The same link broken the same way in the English source is
            // reported there, once, not again in every translation.
            let broken = source_broken.get_or_insert_with(|| broken_in_source(ctx));
            if works_as.is_none() && broken.iter().any(|d| d == &link.dest) {
                continue;
            }
            let what = if asset { "file" } else { "page" };
            let mut diag = match (works_as, target) {
                (Some(form), Some(target)) => {
                    let locale = page.path.components().skip_while(|c| c.as_os_str() != "i18n").nth(1).map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
                    Diagnostic::new(
                        META.name,
                        META.severity,
                        &page.path,
                        range.clone(),
                        format!("`{raw}` is broken in the translated site: the page is not translated, and a relative link from a translation only looks in the translation's folder"),
                    )
                    .with_label(range.clone(), format!("the {locale} build has no `{raw}`; the untranslated page is `{}`", links.name_of(&target).display()))
                    .with_help(format!("link to `{form}`: it resolves from the content root and falls back to the default-locale page"))
                    .with_fix(Fix::safe(format!("link to `{form}`"), vec![Edit::replace(range, form)]))
                }
                (None, Some(target)) => Diagnostic::new(
                    META.name,
                    META.severity,
                    &page.path,
                    range,
                    format!("`{raw}` is not a page of this page's content plugin: Docusaurus turns a file link into a URL only for pages of the same plugin"),
                )
                .with_help(format!("link to the URL of `{}` instead of its file", links.name_of(&target).display())),
                _ if malformed(&link.written).is_some() => {
                    let written = link.written.as_str();
                    let mut d = Diagnostic::new(META.name, META.severity, &page.path, link.dest_range.clone(), format!("the link destination `{written}` is not a path or URL"));
                    match malformed(written) {
                        Some(Malformed::Parenthesized(inner)) => {
                            d = d.with_help(format!("the destination is wrapped in an extra pair of parentheses; link to `{inner}`"))
                                .with_fix(Fix::unsafe_(format!("link to `{inner}`"), vec![Edit::replace(link.dest_range.clone(), inner.to_string())]));
                        }
                        _ => {
                            d = d.with_help("the destination reads as a sentence: the link text and the destination were probably swapped or the URL was translated; link to the page or URL meant".to_string());
                        }
                    }
                    d
                }
                _ => {
                    let file_link = raw.ends_with(".md") || raw.ends_with(".mdx") || raw.starts_with("@site/");
                    Diagnostic::new(META.name, META.severity, &page.path, range, format!("the {what} `{raw}` does not exist")).with_help(if raw.starts_with('/') && !file_link {
                        "no page of this site is served at this URL; check the path, or the page's `slug`/`id`"
                    } else if raw.starts_with("@site/") {
                        "check the path; `@site/` is the site's root folder"
                    } else if file_link || asset {
                        "check the path; it is resolved from the page's own folder"
                    } else {
                        // The trap of relative URLs: `a/b` from `/docs/x` is `/docs/a/b`.
                        "check the path; a relative URL is resolved against the page's URL, not its file's folder"
                    }.to_string())
                }
            };
            if page.never_built {
                diag = crate::links::page::never_built_note(diag);
            }
            out.push(diag);
        }
    }
}

/// A destination that cannot be what the writer meant.
#[derive(Debug, PartialEq, Eq)]
enum Malformed<'a> {
    /// `((#anchor))`: Markdown takes `(#anchor)` as the destination.
    Parenthesized(&'a str),
    /// `](If%20your%20customers%20are…)`: words, not a path.
    Sentence,
}

fn malformed(written: &str) -> Option<Malformed<'_>> {
    let w = written.trim();
    if let Some(inner) = w.strip_prefix('(').and_then(|t| t.strip_suffix(')'))
        && !inner.is_empty()
        && !inner.contains(['(', ')'])
    {
        return Some(Malformed::Parenthesized(inner));
    }
    let decoded = crate::util::percent_decode(w);
    let words = decoded.split_whitespace().count();
    let letters = decoded.split_whitespace().all(|t| {
        t.chars()
            .all(|c| c.is_alphabetic() || matches!(c, ',' | '.' | '\'' | '?' | '!' | '…'))
    });
    (words >= 4 && letters && !decoded.contains('/')).then_some(Malformed::Sentence)
}

/// Destinations of the English source page that are missing there too.
fn broken_in_source(ctx: &SiteContext) -> Vec<String> {
    let Some(source) = &ctx.source else {
        return Vec::new();
    };
    let links = PageLinks::new(&source.path, ctx.links, &source.config);
    source
        .links
        .iter()
        .filter(|l| {
            matches!(
                links.local_dest(l),
                Some(LinkDest::Path {
                    resolution: Resolution::Missing { .. },
                    ..
                })
            )
        })
        .map(|l| l.dest.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::check_str;

    // The test page is `test.md` in the crate root: relative links resolve from there.
    #[test]
    fn fails() {
        for s in [
            "[x](./no-such-page.md)",
            "[x](no-such-page.mdx#a)",
            "![img](./no-such-image.png)",
            "[x](fixtures/nowhere/x.md)",
        ] {
            assert_eq!(check_str("missing-file", s).len(), 1, "{s}");
        }
    }

    #[test]
    fn passes() {
        for s in [
            "[x](./Cargo.toml)",
            "[x](fixtures/site/docs/intro.md)",
            "[x](fixtures/site/docs/intro.md#getting-started)",
            "[x](https://example.com/x.md)",
            "[x](#anchor)",
            "[x](/docs/intro)",
            "[x](../guide/)",
            "`[x](./nope.md)`",
            "[x](mailto:a@b.c)",
        ] {
            assert!(
                check_str("missing-file", s).is_empty(),
                "{s}: {:?}",
                check_str("missing-file", s)
            );
        }
    }
}
