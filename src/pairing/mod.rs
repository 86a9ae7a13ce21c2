//! Which language a page is in, and which English page it translates.
//!
//! Docusaurus keeps translations under
//! `i18n/<locale>/docusaurus-plugin-content-<plugin>[-<id>]/<version>/...`
//! and their sources under `docs/`, `versioned_docs/version-X/`, `blog/`,
//! `src/pages/` (or `<id>/` for extra plugin instances). Pages outside that
//! layout get their locale from front matter, config globs, or the script
//! their text is written in.

pub mod counterpart;
pub mod history;
pub mod site_config;

use crate::config::FileConfig;
use crate::config::links::SiteKind;
use crate::document::Document;
use crate::lang::{Locale, PageScripts};
use crate::util::{absolute, normalize, relative_to};
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

/// The Docusaurus site root above a folder: the nearest folder with a
/// `docusaurus.config.*`, not climbing out of a git repository. A relative
/// folder is searched upward past the working folder too.
pub fn find_site_root(dir: &Path) -> Option<PathBuf> {
    let abs;
    let start = if dir.is_absolute() {
        dir
    } else {
        abs = std::path::absolute(dir).ok()?;
        abs.as_path()
    };
    let mut cur = Some(start);
    while let Some(d) = cur {
        if SITE_MARKERS.iter().any(|m| d.join(m).is_file()) {
            return Some(if dir.is_absolute() {
                d.to_path_buf()
            } else {
                relative_like(dir, start, d)
            });
        }
        if d.join(".git").exists() {
            return None;
        }
        cur = d.parent().filter(|p| !p.as_os_str().is_empty());
    }
    None
}

/// `found` (an ancestor of `abs`, the absolute form of `rel`) in the form
/// `rel` was given: relative when it lies inside `rel`'s ancestors that
/// `rel` names, absolute otherwise.
fn relative_like(rel: &Path, abs: &Path, found: &Path) -> PathBuf {
    let up = abs.components().count() - found.components().count();
    let mut r = rel.to_path_buf();
    for _ in 0..up {
        if !r.pop() || r.as_os_str().is_empty() {
            return found.to_path_buf();
        }
    }
    r
}

/// The English source a page pairs with, from its place alone: the mirrored
/// path under `[site] source` or a `[[links.sites]]` entry's `source`, else
/// the Docusaurus default-locale page.
pub fn source_path(path: &Path, cfg: &FileConfig, site_root: Option<&Path>) -> Option<PathBuf> {
    if let Some(src_root) = &cfg.site.source {
        let rel = path.strip_prefix(&cfg.base_dir).ok()?;
        let p = normalize(&cfg.base_dir.join(src_root).join(rel));
        return p.is_file().then_some(p);
    }
    let listed = listed_site(cfg, path);
    if let Some(site) = &listed
        && let Some(src) = &site.source
    {
        let rel = site.page.strip_prefix(&site.root).ok()?;
        let p = site.shown(&src.join(rel));
        return p.is_file().then_some(p);
    }
    if let Some(root) = site_root {
        let site = site_info(root, path)?;
        return source_candidates(&site)
            .into_iter()
            .map(|p| normalize(&p))
            .find(|p| p.is_file());
    }
    let site = listed.filter(|s| s.kind == SiteKind::Docusaurus)?;
    let info = site_info(&site.root, &site.page)?;
    source_candidates(&info)
        .into_iter()
        .map(|p| site.shown(&p))
        .find(|p| p.is_file())
}

/// A `[[links.sites]]` entry that holds a page, for sites whose layout the
/// config describes because their `docusaurus.config.*` is not in the tree.
struct ListedSite {
    /// The site root and its English source site, absolute.
    root: PathBuf,
    source: Option<PathBuf>,
    kind: SiteKind,
    /// The page, absolute.
    page: PathBuf,
    /// The page path was relative: paths found are given relative too, in
    /// the form the engine names the pages of the run.
    relative: bool,
}

impl ListedSite {
    fn shown(&self, abs: &Path) -> PathBuf {
        let abs = normalize(abs);
        if !self.relative {
            return abs;
        }
        match std::env::current_dir() {
            Ok(cwd) => relative_to(&cwd, &abs),
            Err(_) => abs,
        }
    }
}

/// The innermost `[[links.sites]]` root holding `path` (roots are relative
/// to the config file's folder).
fn listed_site(cfg: &FileConfig, path: &Path) -> Option<ListedSite> {
    if cfg.links.sites.is_empty() {
        return None;
    }
    let page = absolute(path);
    let base = absolute(&cfg.base_dir);
    cfg.links
        .sites
        .iter()
        .map(|s| (s, normalize(&base.join(&s.root))))
        .filter(|(_, root)| page.starts_with(root))
        .max_by_key(|(_, root)| root.components().count())
        .map(|(s, root)| ListedSite {
            root,
            source: s.source.as_ref().map(|src| normalize(&base.join(src))),
            kind: s.kind,
            page: page.clone(),
            relative: path.is_relative(),
        })
}

/// A page's locale and English source. The locale comes from the config's
/// `[locales]`, the front matter, the translation folder, and else the text.
pub fn pair(
    doc: &Document,
    cfg: &FileConfig,
    site_root: Option<&Path>,
) -> (Locale, Option<PathBuf>) {
    let path = &doc.path;
    let listed_root = || {
        listed_site(cfg, path)
            .filter(|s| s.kind == SiteKind::Docusaurus)
            .and_then(|s| site_info(&s.root, &s.page))
    };
    let site = match site_root {
        Some(root) => site_info(root, path),
        None => listed_root(),
    };
    let fm_locale = doc
        .front_matter
        .as_ref()
        .and_then(|fm| fm.get("locale").or_else(|| fm.get("lang")))
        .map(|f| Locale::new(&f.value));
    let path_locale = site.as_ref().and_then(|s| s.locale.clone());
    // A page outside `i18n/` is in the site's default locale. Only a
    // default other than English is taken on trust: an English default says
    // nothing new about a page, whose text then decides as before.
    let site_locale = || {
        if site.as_ref().is_some_and(|s| s.locale.is_some()) {
            return None;
        }
        let configured = cfg.site.default_locale.clone();
        configured
            .or_else(|| site_root.and_then(config_default_locale))
            .map(|l| Locale::new(&l))
            .filter(|l| !l.is_english())
    };
    let locale = cfg
        .locale_for(path)
        .or(fm_locale)
        .or(path_locale)
        .or_else(site_locale)
        .unwrap_or_else(|| detect_locale(doc));
    let source = if locale.is_english() {
        None
    } else {
        source_path(path, cfg, site_root)
    };
    (locale, source)
}

/// A Docusaurus translation with no page in the source folder. Docusaurus
/// builds the pages its source folders hold and only takes their text from
/// `i18n/`, so such a file is never on the site, and neither are its links.
pub fn never_built(path: &Path, cfg: &FileConfig, site_root: Option<&Path>) -> bool {
    if cfg.site.source.is_some() || !in_translation_folder(path) {
        return false;
    }
    let docusaurus = site_root.is_some()
        || listed_site(cfg, path).is_some_and(|s| s.kind == SiteKind::Docusaurus);
    docusaurus && source_path(path, cfg, site_root).is_none()
}

/// `i18n.defaultLocale` from the `docusaurus.config.*` in `root`, read once
/// per root for the whole run.
fn config_default_locale(root: &Path) -> Option<String> {
    site_settings(root).and_then(|c| c.default_locale.clone())
}

/// The settings of the Docusaurus config file at a site root, read
/// statically ([`site_config`]) once per root for the whole run; `None`
/// when the root has no config file.
pub fn site_settings(root: &Path) -> Option<std::sync::Arc<site_config::DocusaurusConfig>> {
    use std::collections::HashMap;
    use std::sync::{Arc, LazyLock, Mutex, PoisonError};
    type Seen = HashMap<PathBuf, Option<Arc<site_config::DocusaurusConfig>>>;
    static SEEN: LazyLock<Mutex<Seen>> = LazyLock::new(|| Mutex::new(HashMap::new()));
    if let Some(hit) = SEEN
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(root)
    {
        return hit.clone();
    }
    let found = SITE_MARKERS
        .iter()
        .find_map(|n| std::fs::read_to_string(root.join(n)).ok())
        .map(|text| Arc::new(site_config::DocusaurusConfig::parse(&text)));
    SEEN.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(root.to_path_buf(), found.clone());
    found
}

/// The language of a page whose config, front matter and path name none:
/// its text, or else its headings. Help-center FAQ pages often keep long
/// English answers under translated section headings; the headings, which the
/// site's own writers produce, say which language the page is published in.
fn detect_locale(doc: &Document) -> Locale {
    let by_text = PageScripts::of(&doc.text).dominant();
    if !by_text.is_english() || doc.headings.is_empty() {
        return by_text;
    }
    let mut native = String::new();
    let mut native_headings = 0;
    for h in &doc.headings {
        let c = PageScripts::of(&h.text);
        if c.hangul + c.kana + c.han > 0 {
            native_headings += 1;
            native.push_str(&h.text);
            native.push('\n');
        }
    }
    // Two thirds of the headings, so that an English page quoting one
    // translated title stays English.
    if native_headings * 3 < doc.headings.len() * 2 {
        return by_text;
    }
    PageScripts::of(&native).cjk_language()
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
