//! Which language a page is in, and which English page it translates.
//!
//! Docusaurus keeps translations under
//! `i18n/<locale>/docusaurus-plugin-content-<plugin>[-<id>]/<version>/...`
//! and their sources under `docs/`, `versioned_docs/version-X/`, `blog/`,
//! `src/pages/` (or `<id>/` for extra plugin instances). Pages outside that
//! layout get their locale from front matter, config globs, or the script
//! their text is written in.

use crate::lang::Locale;
use std::path::{Component, Path, PathBuf};

/// Where a page sits inside a Docusaurus site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteInfo {
    /// The folder holding `docusaurus.config.*` (or the configured root).
    pub root: PathBuf,
    /// For a translated page: its locale, taken from the `i18n/<locale>/` folder.
    pub locale: Option<Locale>,
    /// The content plugin folder the page belongs to, e.g. `docusaurus-plugin-content-docs`.
    pub plugin: Option<String>,
    /// For docs: `current` or `version-X`.
    pub version: Option<String>,
    /// Path of the page inside its content folder (`faq/ssl.md`).
    pub rel: PathBuf,
}

/// True when `path` lies in a Docusaurus translation folder
/// (`.../i18n/<locale>/docusaurus-plugin-content-*/...`), whether or not the
/// site's config file is in reach.
pub fn in_translation_folder(path: &Path) -> bool {
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    parts
        .windows(3)
        .any(|w| w[0] == "i18n" && w[2].starts_with("docusaurus-plugin-content-"))
}

/// The Docusaurus config file names, which mark a site root: the one list,
/// for finding the root and for reading the config. In the order Docusaurus
/// tries them (`@docusaurus/core`, `server/config.ts`): when a folder holds
/// two, the first is the one it loads.
pub const SITE_MARKERS: &[&str] = &[
    "docusaurus.config.ts",
    "docusaurus.config.mts",
    "docusaurus.config.cts",
    "docusaurus.config.js",
    "docusaurus.config.mjs",
    "docusaurus.config.cjs",
];

/// Finds a page's place in a site, given the site root that contains it.
pub fn site_info(root: &Path, file: &Path) -> Option<SiteInfo> {
    let rel = file.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    if parts.len() >= 3 && parts[0] == "i18n" && parts[2].starts_with("docusaurus-plugin-content-")
    {
        let locale = Locale::new(parts[1]);
        let plugin = parts[2].to_string();
        let is_docs = plugin.starts_with("docusaurus-plugin-content-docs");
        let (version, rest) = if is_docs && parts.len() >= 5 {
            (Some(parts[3].to_string()), &parts[4..])
        } else {
            (None, &parts[3..])
        };
        return Some(SiteInfo {
            root: root.to_path_buf(),
            locale: Some(locale),
            plugin: Some(plugin),
            version,
            rel: rest.iter().collect(),
        });
    }
    // A source page of the default locale.
    let (plugin, version, rest): (Option<String>, Option<String>, &[&str]) = match parts.as_slice()
    {
        ["docs", rest @ ..] => (
            Some("docusaurus-plugin-content-docs".into()),
            Some("current".into()),
            rest,
        ),
        ["versioned_docs", v, rest @ ..] => (
            Some("docusaurus-plugin-content-docs".into()),
            Some((*v).to_string()),
            rest,
        ),
        ["blog", rest @ ..] => (Some("docusaurus-plugin-content-blog".into()), None, rest),
        ["src", "pages", rest @ ..] => (Some("docusaurus-plugin-content-pages".into()), None, rest),
        _ => (None, None, &parts[..]),
    };
    Some(SiteInfo {
        root: root.to_path_buf(),
        locale: None,
        plugin,
        version,
        rel: rest.iter().collect(),
    })
}

/// Candidate paths of the English source of a translated page, most likely first.
pub fn source_candidates(info: &SiteInfo) -> Vec<PathBuf> {
    let (Some(_), Some(plugin)) = (&info.locale, &info.plugin) else {
        return Vec::new();
    };
    let root = &info.root;
    let mut bases: Vec<PathBuf> = Vec::new();
    if let Some(id) = plugin.strip_prefix("docusaurus-plugin-content-docs") {
        let id = id.strip_prefix('-');
        match (id, info.version.as_deref()) {
            (None, Some("current") | None) => bases.push(root.join("docs")),
            (None, Some(v)) => bases.push(root.join("versioned_docs").join(v)),
            (Some(id), Some("current") | None) => bases.push(root.join(id)),
            (Some(id), Some(v)) => bases.push(root.join(format!("{id}_versioned_docs")).join(v)),
        }
    } else if let Some(id) = plugin.strip_prefix("docusaurus-plugin-content-blog") {
        match id.strip_prefix('-') {
            None => bases.push(root.join("blog")),
            Some(id) => bases.push(root.join(id)),
        }
    } else if plugin == "docusaurus-plugin-content-pages" {
        bases.push(root.join("src").join("pages"));
    }
    let mut out = Vec::new();
    for base in bases {
        let p = base.join(&info.rel);
        out.push(p.clone());
        // A translation may switch between .md and .mdx.
        match p.extension().and_then(|e| e.to_str()) {
            Some("md") => out.push(p.with_extension("mdx")),
            Some("mdx") => out.push(p.with_extension("md")),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docusaurus_translation_pairs_with_docs() {
        let root = Path::new("/site");
        let info = site_info(
            root,
            Path::new("/site/i18n/ko/docusaurus-plugin-content-docs/current/faq/ssl.md"),
        )
        .unwrap();
        assert_eq!(info.locale, Some(Locale::new("ko")));
        assert_eq!(
            source_candidates(&info)[0],
            Path::new("/site/docs/faq/ssl.md")
        );
    }

    #[test]
    fn versioned_and_plugin_instances() {
        let root = Path::new("/s");
        let v = site_info(
            root,
            Path::new("/s/i18n/ja/docusaurus-plugin-content-docs/version-3/intro.md"),
        )
        .unwrap();
        assert_eq!(
            source_candidates(&v)[0],
            Path::new("/s/versioned_docs/version-3/intro.md")
        );
        let c = site_info(
            root,
            Path::new("/s/i18n/zh/docusaurus-plugin-content-docs-community/current/a.md"),
        )
        .unwrap();
        assert_eq!(source_candidates(&c)[0], Path::new("/s/community/a.md"));
        let b = site_info(
            root,
            Path::new("/s/i18n/ko/docusaurus-plugin-content-blog/2020-01-01-x.md"),
        )
        .unwrap();
        assert_eq!(
            source_candidates(&b)[0],
            Path::new("/s/blog/2020-01-01-x.md")
        );
    }
}
