//! Links: where a link in a page goes, and whether anything is there.
//!
//! This module owns everything the three link rules (`missing-file`,
//! `broken-anchor`, `dead-link`) need besides the parsed page:
//!
//! - [`slug`]: heading ids exactly as github-slugger v2 (Docusaurus) makes them;
//! - [`anchors`]: the set of fragments a page answers to, and "did you mean";
//! - [`site`]: the shape of a site (Docusaurus content plugins, versions,
//!   locales, or configured route prefixes for other generators);
//! - [`files`]: the [`files::Files`] view of the disk (real or in memory)
//!   that `site` and `resolve` read through;
//! - [`resolve`]: Docusaurus' rules for turning a link into a file, as pure
//!   path logic over that view;
//! - [`online`]: the external URL check over HTTP, with its own
//!   tokio runtime, cache and safety rules; it runs once per lint run before
//!   the per-file rules, which only read its results.
//!
//! Settings live in [`LinkConfig`] (`[links]` in `loclint.toml`), defined
//! in `config::links` so that config can parse them without importing links.

pub mod anchors;
pub mod files;
pub mod index;
pub mod online;
pub mod page;
pub mod resolve;
pub mod site;
pub mod slug;
mod slug_table;
pub mod state;

/// `[links]` settings are parsed with the rest of `loclint.toml`, in
/// `config::links`, below this module; they keep their old path here.
pub use crate::config::links as config;
/// Link paths and fragments are percent-decoded by the one decoder.
pub use crate::util::percent_decode;
pub use config::{LinkConfig, SiteConfig};

/// What a link destination is, before any resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    /// `http://` or `https://`.
    External(&'a str),
    /// `mailto:`; never checked over the network.
    Mail,
    /// Another scheme (`tel:`, `ftp:`, `javascript:`, `data:` ...): not ours.
    OtherScheme,
    /// `#frag` in the same page.
    SamePage { fragment: &'a str },
    /// A path (file-style or URL-style) with an optional fragment.
    Local {
        path: &'a str,
        fragment: Option<&'a str>,
    },
    /// Empty, or a template/JSX expression: nothing to check.
    Skip,
}

/// Classifies a destination as written in the page.
pub fn classify(dest: &str) -> Target<'_> {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with('{') || dest.contains("{{") || dest.contains("${") {
        return Target::Skip;
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        return Target::SamePage { fragment };
    }
    if let Some(colon) = dest.find(':') {
        let scheme = &dest[..colon];
        let is_scheme = !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic());
        // `C:\x` style drive letters are paths, not schemes.
        if is_scheme && scheme.len() > 1 {
            let lower = scheme.to_ascii_lowercase();
            return match lower.as_str() {
                "http" | "https" => Target::External(dest),
                "mailto" => Target::Mail,
                _ => Target::OtherScheme,
            };
        }
    }
    if dest.starts_with("//") {
        return Target::External(dest);
    }
    let (before_hash, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    // The query is not part of the file or route.
    let path = before_hash.split_once('?').map_or(before_hash, |(p, _)| p);
    if path.is_empty() {
        return match fragment {
            Some(fragment) => Target::SamePage { fragment },
            None => Target::Skip,
        };
    }
    Target::Local { path, fragment }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_destinations() {
        assert_eq!(
            classify("https://helm.sh/x"),
            Target::External("https://helm.sh/x")
        );
        assert_eq!(classify("HTTP://A.B"), Target::External("HTTP://A.B"));
        assert_eq!(classify("mailto:a@b.c"), Target::Mail);
        assert_eq!(classify("tel:123"), Target::OtherScheme);
        assert_eq!(classify("#faq"), Target::SamePage { fragment: "faq" });
        assert_eq!(
            classify("./x.md#a"),
            Target::Local {
                path: "./x.md",
                fragment: Some("a")
            }
        );
        assert_eq!(
            classify("/docs/intro?x=1"),
            Target::Local {
                path: "/docs/intro",
                fragment: None
            }
        );
        assert_eq!(classify("?x#y"), Target::SamePage { fragment: "y" });
        assert_eq!(classify("{props.href}"), Target::Skip);
        assert_eq!(classify(""), Target::Skip);
    }
}
