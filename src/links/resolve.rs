//! Docusaurus' rules for turning a link in a page into a file.
//!
//! File links (`x.md`, `./x.md`, `/x.md`, `@site/x`) follow Docusaurus'
//! markdown-link resolution: the candidate folders depend on the link's form,
//! and a candidate only counts if it is a page *of the build for the linking
//! page's locale*. In a translation that build contains the translated file
//! where there is one and the default-locale file otherwise, so `./x.md` from
//! `i18n/ko/.../a.md` is broken when `x.md` was not translated, while `/x.md`
//! falls back to the default folder (Docusaurus issue 10907). Docusaurus
//! looks the file up in the linking plugin's own table of pages, so a file
//! of another plugin does not count either.
//!
//! URL links (`/docs/intro`, `/ko/docs/intro`) go through the base URL (which
//! Docusaurus' `Link` adds to a Markdown link that lacks it), the locale
//! prefix, the plugin's route base path, the version segment and the route
//! table built from front-matter `id`/`slug`. The route is matched with or
//! without a trailing slash, as the broken-link checker of Docusaurus does
//! whatever `trailingSlash` says; that setting only decides what a relative
//! URL is relative to.
//!
//! All disk access goes through [`Files`] (from `links::files`), so the
//! logic is tested on an in-memory tree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::config::{SiteConfig, SiteKind};
// `links::state` names the disk view through this module.
pub use super::files::{DiskFiles, Files};
use super::site::{Plugin, PluginKind, RouteTable, Site, tag_key};

/// Links are resolved as the site generator does, by joining strings: the
/// one lexical normaliser (`a/./b/../c` is `a/c`, no disk access).
pub use crate::util::normalize;

/// The outcome of resolving one link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The file the link goes to in the linking page's build.
    Found(PathBuf),
    /// Nothing there. `works_as` is a destination that does reach the
    /// intended page (for a relative link from a translation to an
    /// untranslated page); `target` is that page when known.
    Missing {
        works_as: Option<String>,
        target: Option<PathBuf>,
    },
    /// Outside what loclint knows how to resolve (another site, a route no
    /// plugin serves): not reported.
    Unknown,
}

/// What resolution knows about the linking page.
#[derive(Debug, Clone)]
pub struct Linking<'a> {
    pub site: &'a Site,
    pub path: &'a Path,
}

/// Sites and their route tables, built once per run and shared by all files.
#[derive(Default)]
pub struct Resolver {
    files: Option<Arc<dyn Files>>,
    /// Sites given up front (tests, callers without config files).
    sites: Vec<Arc<Site>>,
    /// Every site met so far, by root.
    registry: Mutex<HashMap<PathBuf, Arc<Site>>>,
    /// The site of the pages in a folder (config is per folder, so this is too).
    by_dir: Mutex<HashMap<PathBuf, Option<Arc<Site>>>>,
    tables: Mutex<HashMap<(PathBuf, usize, usize), Arc<RouteTable>>>,
}

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver")
            .field("sites", &self.sites)
            .finish_non_exhaustive()
    }
}

impl Resolver {
    pub fn new(files: Arc<dyn Files>, sites: Vec<Site>) -> Resolver {
        Resolver {
            files: Some(files),
            sites: sites.into_iter().map(Arc::new).collect(),
            ..Resolver::default()
        }
    }

    fn files(&self) -> &dyn Files {
        match &self.files {
            Some(f) => f.as_ref(),
            None => &NO_FILES,
        }
    }

    pub fn file_exists(&self, p: &Path) -> bool {
        self.files().is_file(p)
    }

    pub fn dir_exists(&self, p: &Path) -> bool {
        self.files().is_dir(p)
    }

    /// The site a page belongs to: one given up front, else the nearest
    /// folder above it with a `docusaurus.config.*`.
    pub fn site_of(&self, path: &Path) -> Option<Arc<Site>> {
        self.site_for(path, Vec::new)
    }

    /// Like [`site_of`](Self::site_of), but sites from the page's config
    /// (roots already absolute or relative like `path`) come first.
    /// `configured` is only called the first time a folder is seen.
    pub fn site_for(
        &self,
        path: &Path,
        configured: impl FnOnce() -> Vec<SiteConfig>,
    ) -> Option<Arc<Site>> {
        let dir = path.parent()?;
        if let Some(hit) = self
            .by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(dir)
        {
            return hit.clone();
        }
        let found = self.find_site(dir, configured());
        self.by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(dir.to_path_buf(), found.clone());
        found
    }

    fn find_site(&self, dir: &Path, configured: Vec<SiteConfig>) -> Option<Arc<Site>> {
        if let Some(cfg) = configured
            .into_iter()
            .filter(|s| dir.starts_with(&s.root))
            .max_by_key(|s| s.root.components().count())
        {
            return Some(self.register(&cfg.root.clone(), || {
                let cfg = super::site::with_config_file(cfg.clone(), self.files());
                Site::from_config(&cfg, self.files())
            }));
        }
        if let Some(s) = self
            .sites
            .iter()
            .filter(|s| dir.starts_with(&s.root))
            .max_by_key(|s| s.root.components().count())
        {
            return Some(s.clone());
        }
        let root = dir.ancestors().find(|d| {
            crate::pairing::SITE_MARKERS
                .iter()
                .any(|n| self.files().is_file(&d.join(n)))
        })?;
        Some(self.register(root, || Site::detect_docusaurus(root, self.files())))
    }

    fn register(&self, root: &Path, build: impl FnOnce() -> Site) -> Arc<Site> {
        if let Some(s) = self
            .registry
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(root)
        {
            return s.clone();
        }
        let site = Arc::new(build());
        self.registry
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(root.to_path_buf())
            .or_insert(site)
            .clone()
    }

    fn route_table(&self, site: &Site, plugin: usize, version: usize) -> Arc<RouteTable> {
        let key = (site.root.clone(), plugin, version);
        if let Some(t) = self
            .tables
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return t.clone();
        }
        // Built outside the lock; a rare duplicate build is harmless.
        let table = Arc::new(site.route_table(plugin, version, self.files()));
        self.tables
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key)
            .or_insert(table)
            .clone()
    }

    /// Is `candidate` a page of the build for `locale`? Localized files
    /// replace their default-locale counterparts in that build.
    fn is_build_page(&self, site: &Site, candidate: &Path, locale: Option<&str>) -> bool {
        if !self.files().is_file(candidate) {
            return false;
        }
        let (Some(locale), Some(loc)) = (locale, site.locate(candidate)) else {
            return true;
        };
        match &loc.locale {
            // A translation of another locale is not in this build, and
            // neither is one Docusaurus does not read (`translate: false`).
            Some(other) => other == locale && site.translates(locale),
            None if !site.translates(locale) => true,
            None => match site.localized_dir(loc.plugin, loc.version, locale) {
                Some(dir) => !self.files().is_file(&dir.join(&loc.rel)),
                None => true,
            },
        }
    }

    /// Resolves a file link (`x.md`, `./x.md`, `../x.md`, `/x.md`, `@site/x`;
    /// already percent-decoded, without fragment or query).
    pub fn resolve_file(&self, from: &Linking<'_>, link: &str) -> Resolution {
        let site = from.site;
        let files = self.files();
        let site_alias = link
            .strip_prefix("@site/")
            .map(|rest| normalize(&site.root.join(rest)));
        // An asset (`@site/static/x.png`) only has to exist; a page goes
        // through the plugin's table of pages like any other file link.
        if let Some(p) = &site_alias
            && !super::site::is_page(p)
        {
            return if files.is_file(p) {
                Resolution::Found(p.clone())
            } else {
                Resolution::Missing {
                    works_as: None,
                    target: None,
                }
            };
        }
        let here = site.locate(from.path);
        let locale = here
            .as_ref()
            .and_then(|l| l.locale.clone())
            .or_else(|| site.locale_of(from.path));
        let dir = from.path.parent().unwrap_or(Path::new(""));
        let relative_only = link.starts_with("./") || link.starts_with("../");
        let rooted = link.starts_with('/');
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Some(p) = &site_alias {
            candidates.push(p.clone());
        } else {
            if !rooted {
                candidates.push(normalize(&dir.join(link)));
            }
            if !relative_only {
                let trimmed = link.trim_start_matches('/');
                if let Some(h) = &here {
                    if let Some(loc) = &locale
                        && let Some(d) = site.localized_dir(h.plugin, h.version, loc)
                    {
                        candidates.push(normalize(&d.join(trimmed)));
                    }
                    if let Some(d) = site.default_dir(h.plugin, h.version) {
                        candidates.push(normalize(&d.join(trimmed)));
                    }
                }
                candidates.push(normalize(&site.root.join(trimmed)));
            }
        }
        // Docusaurus turns a file link into a URL through the linking
        // plugin's own table of pages (all its versions): a file of another
        // plugin, or outside every plugin, stays an unresolved `.md` link.
        let same_plugin = |c: &Path| match &here {
            Some(h) => site.locate(c).is_some_and(|l| l.plugin == h.plugin),
            None => true,
        };
        let mut elsewhere = None;
        for c in &candidates {
            if self.is_build_page(site, c, locale.as_deref()) {
                if same_plugin(c) {
                    return Resolution::Found(c.clone());
                }
                elsewhere = elsewhere.or_else(|| Some(c.clone()));
            }
        }
        // Not found. For a relative link from a translation, see whether the
        // page exists in the default locale: then a content-root link works.
        if let (Some(h), Some(_)) = (&here, &locale)
            && !rooted
            && site_alias.is_none()
            && let (Some(ldir), Some(ddir)) = (
                locale
                    .as_deref()
                    .and_then(|l| site.localized_dir(h.plugin, h.version, l)),
                site.default_dir(h.plugin, h.version),
            )
            && let Ok(inner) = normalize(&dir.join(link))
                .strip_prefix(&ldir)
                .map(Path::to_path_buf)
        {
            let default_page = ddir.join(&inner);
            if files.is_file(&default_page) {
                let form = format!("/{}", inner.to_string_lossy().replace('\\', "/"));
                return Resolution::Missing {
                    works_as: Some(form),
                    target: Some(default_page),
                };
            }
        }
        Resolution::Missing {
            works_as: None,
            target: elsewhere,
        }
    }

    /// Resolves a site-absolute URL path (`/docs/intro`, `/ko/docs/intro/`,
    /// `/img/x.png`), percent-decoded, without fragment or query.
    pub fn resolve_url(&self, from: &Linking<'_>, url: &str) -> Resolution {
        let site = from.site;
        let files = self.files();
        // The browser removes dot segments (`/blog/x/.` is `/blog/x/`).
        let cleaned;
        let url = if url.split('/').any(|s| s == "." || s == "..") {
            cleaned = join_relative("", url);
            cleaned.as_str()
        } else {
            url
        };
        // One hop, as the host answers it; a redirect to another host is
        // not this site's to check offline.
        let redirected;
        let url = match site.redirect(url) {
            Some(to) if to.contains("://") => return Resolution::Unknown,
            Some(to) => {
                redirected = to;
                redirected.as_str()
            }
            None => url,
        };
        let Some(mut rest) = site.strip_base_url(url) else {
            return Resolution::Unknown;
        };
        // Static files are served at the root of every locale's site.
        for d in &site.static_dirs {
            let p = site.root.join(d).join(rest);
            if !rest.is_empty() && files.is_file(&p) {
                return Resolution::Found(p);
            }
        }
        if site.kind == SiteKind::Static {
            return self.resolve_static_route(site, rest);
        }
        let own_locale = site.locale_of(from.path);
        let mut locale = own_locale.clone();
        if let Some((first, tail)) = split_first(rest)
            && site.locales.iter().any(|l| l == first)
        {
            locale = Some(first.to_string());
            rest = tail;
        }
        let route = rest.trim_end_matches('/').trim_end_matches(".html");
        if let Some(page) = site.pages_route(route, locale.as_deref(), files) {
            return Resolution::Found(page);
        }
        // The longest matching base path wins (`docs` before ``).
        let mut best: Option<(usize, usize, &str)> = None;
        for (pi, p) in site.plugins.iter().enumerate() {
            let base = p.route_base_path.as_str();
            let tail = if base.is_empty() {
                Some(route)
            } else if route == base {
                Some("")
            } else {
                route.strip_prefix(base).and_then(|t| t.strip_prefix('/'))
            };
            if let Some(tail) = tail
                && best.is_none_or(|(_, len, _)| base.len() > len)
            {
                best = Some((pi, base.len(), tail));
            }
        }
        let Some((pi, _, tail)) = best else {
            return Resolution::Unknown;
        };
        let plugin = &site.plugins[pi];
        // A version segment, else the version served at the base path.
        let mut version = None;
        if let Some((first, after)) = split_first(tail) {
            version = plugin
                .versions
                .iter()
                .position(|v| !v.url_path.is_empty() && v.url_path == first)
                .map(|v| (v, after));
        }
        let (vi, doc_route) = match version {
            Some(v) => v,
            None => match plugin.versions.iter().position(|v| v.url_path.is_empty()) {
                Some(v) => (v, tail),
                None => return Resolution::Unknown,
            },
        };
        let table = self.route_table(site, pi, vi);
        let doc_route = doc_route.trim_matches('/');
        if let Some(p) = table
            .routes
            .get(doc_route)
            .and_then(|e| e.file_for(locale.as_deref()))
        {
            return Resolution::Found(p.to_path_buf());
        }
        generated_page(&table, plugin, doc_route)
    }

    /// Resolves a root-relative path written as a Markdown link or image
    /// (`[x](/docs/intro)`). Docusaurus renders these through its `Link`,
    /// which puts the base URL in front of a path that does not already
    /// start with it, so `/docs/intro` and `/base/docs/intro` both work on a
    /// site served at `/base/`. A path in raw HTML or JSX, or in a full URL,
    /// reaches the browser as written: use [`resolve_url`](Self::resolve_url).
    pub fn resolve_link_path(&self, from: &Linking<'_>, path: &str) -> Resolution {
        let site = from.site;
        if site.strip_base_url(path).is_some() {
            return self.resolve_url(from, path);
        }
        let joined = format!("{}{}", site.base_url, path.trim_start_matches('/'));
        self.resolve_url(from, &joined)
    }

    /// The URL path a page is served at (base URL and locale prefix
    /// included, no trailing slash), when the site serves it.
    pub fn page_url(&self, site: &Site, path: &Path) -> Option<String> {
        let base = site.base_url.trim_end_matches('/');
        if site.kind == SiteKind::Static {
            let rel = path.strip_prefix(&site.root).ok()?;
            let r = site
                .routes
                .iter()
                .filter(|r| rel.starts_with(&r.dir))
                .max_by_key(|r| r.dir.components().count())?;
            let inner = rel.strip_prefix(&r.dir).ok()?.with_extension("");
            let mut route = inner.to_string_lossy().replace('\\', "/");
            if route == "index" {
                route.clear();
            } else if let Some(dir) = route.strip_suffix("/index") {
                route = dir.to_string();
            }
            return Some(join_url(&[base, r.prefix.trim_matches('/'), &route]));
        }
        let loc = site.locate(path)?;
        let plugin = site.plugins.get(loc.plugin)?;
        let version = plugin.versions.get(loc.version)?;
        let head = self.files().read_head(path).unwrap_or_default();
        let ids = super::site::page_ids(&head);
        let route = match plugin.kind {
            super::site::PluginKind::Docs => super::site::doc_route(&loc.rel, &ids),
            super::site::PluginKind::Blog => super::site::blog_route(&loc.rel, &ids),
        };
        let locale = loc.locale.as_deref().unwrap_or("");
        Some(join_url(&[
            base,
            locale,
            &plugin.route_base_path,
            &version.url_path,
            &route,
        ]))
    }

    /// Resolves a relative URL (`a-javascript-refresher`, `../learn/x`)
    /// as the browser does, against the linking page's URL. Where the site
    /// does not fix `trailingSlash`, a page answers at both `/a/b` and
    /// `/a/b/`, so the link counts as broken only when it is broken from both.
    pub fn resolve_relative_url(&self, from: &Linking<'_>, rel: &str) -> Resolution {
        let site = from.site;
        let Some(page) = self.page_url(site, from.path) else {
            return Resolution::Unknown;
        };
        let without_slash = match page.rsplit_once('/') {
            Some((dir, _)) => dir.to_string(),
            None => String::new(),
        };
        let forms: Vec<String> = match (site.kind, site.trailing_slash) {
            (_, Some(true)) => vec![page],
            (SiteKind::Static, None) | (_, Some(false)) => vec![without_slash],
            (SiteKind::Docusaurus, None) => vec![without_slash, page],
        };
        let mut missing = None;
        for dir in forms {
            let joined = join_relative(&dir, rel);
            match self.resolve_url(from, &joined) {
                found @ Resolution::Found(_) => return found,
                Resolution::Unknown => return Resolution::Unknown,
                m @ Resolution::Missing { .. } => missing = missing.or(Some(m)),
            }
        }
        missing.unwrap_or(Resolution::Unknown)
    }

    fn resolve_static_route(&self, site: &Site, rest: &str) -> Resolution {
        let files = self.files();
        let route = format!("/{}", rest.trim_end_matches('/'));
        let Some(r) = site
            .routes
            .iter()
            .filter(|r| {
                route == r.prefix.trim_end_matches('/')
                    || route.starts_with(&format!("{}/", r.prefix.trim_end_matches('/')))
                    || r.prefix == "/"
            })
            .max_by_key(|r| r.prefix.len())
        else {
            return Resolution::Unknown;
        };
        let tail = route[r.prefix.trim_end_matches('/').len()..].trim_matches('/');
        let dir = site.root.join(&r.dir);
        let mut candidates = Vec::new();
        if tail.is_empty() {
            candidates.push(dir.join("index.md"));
            candidates.push(dir.join("index.mdx"));
            if let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) {
                candidates.push(parent.join(format!("{}.md", name.to_string_lossy())));
            }
        } else {
            candidates.push(dir.join(format!("{tail}.md")));
            candidates.push(dir.join(format!("{tail}.mdx")));
            candidates.push(dir.join(tail).join("index.md"));
            candidates.push(dir.join(tail).join("index.mdx"));
        }
        match candidates.into_iter().find(|c| files.is_file(c)) {
            Some(p) => Resolution::Found(p),
            // A folder without an index page: such URLs are usually redirects
            // configured outside the content, which loclint cannot see.
            None if files.is_dir(&dir.join(tail)) => Resolution::Unknown,
            None => Resolution::Missing {
                works_as: None,
                target: None,
            },
        }
    }
}

/// A route that no file serves: a page the plugin generates, else missing.
/// Only the generated pages whose URLs follow from the files are judged
/// (tag pages, category indexes of `_category_` files, and other
/// `/category/` URLs when the sidebars can define no more); the others
/// (pagination, archives, authors, categories a sidebars file may define)
/// are not known.
fn generated_page(table: &RouteTable, plugin: &Plugin, route: &str) -> Resolution {
    const MISSING: Resolution = Resolution::Missing {
        works_as: None,
        target: None,
    };
    if table.generated.contains(route) {
        return Resolution::Unknown;
    }
    let tags_base = plugin.tags_base_path.as_str();
    if let Some(tag) = route
        .strip_prefix(tags_base)
        .and_then(|t| t.strip_prefix('/'))
    {
        return match &table.tags {
            // One tag's page; `tags/x/page/2` is its pagination.
            Some(tags) if !tag.contains('/') && !tags.contains(&tag_key(tag)) => MISSING,
            _ => Resolution::Unknown,
        };
    }
    if route == tags_base || (route.starts_with("category/") && !table.categories_known) {
        return Resolution::Unknown;
    }
    let blog_page = route.is_empty()
        || route.starts_with("page/")
        || route.starts_with("authors")
        || route.starts_with("archive");
    if plugin.kind == PluginKind::Blog && blog_page {
        return Resolution::Unknown;
    }
    MISSING
}

/// Joins URL path segments into `/a/b/c` (empty segments dropped).
fn join_url(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts {
        for seg in p.split('/').filter(|s| !s.is_empty()) {
            out.push('/');
            out.push_str(seg);
        }
    }
    out
}

/// `rel` resolved against the folder URL `dir` (`/a/b` + `../c` = `/a/c`).
fn join_relative(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if rel.ends_with('/') && !out.ends_with('/') {
        out.push('/');
    }
    out
}

fn split_first(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start_matches('/');
    if s.is_empty() {
        return None;
    }
    Some(match s.split_once('/') {
        Some((a, b)) => (a, b),
        None => (s, ""),
    })
}

struct NoFiles;
static NO_FILES: NoFiles = NoFiles;
impl Files for NoFiles {
    fn is_file(&self, _: &Path) -> bool {
        false
    }
    fn is_dir(&self, _: &Path) -> bool {
        false
    }
    fn list_dirs(&self, _: &Path) -> Vec<String> {
        Vec::new()
    }
    fn list_pages(&self, _: &Path) -> Vec<PathBuf> {
        Vec::new()
    }
    fn read_to_string(&self, _: &Path) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::config::{DocsPluginConfig, RouteConfig, SiteConfig, VersionConfig};
    use crate::links::files::MemFiles;

    const KO: &str = "/s/i18n/ko/docusaurus-plugin-content-docs/current";

    fn site_files() -> MemFiles {
        MemFiles::new(&[
            (
                "/s/docusaurus.config.js",
                "export default { i18n: { defaultLocale: 'en' } }",
            ),
            ("/s/docs/intro.md", "---\nslug: /\n---\n# Intro"),
            ("/s/docs/topics/charts.md", "# Charts"),
            ("/s/docs/topics/hooks.md", "# Hooks"),
            ("/s/docs/topics/untranslated.md", "# Only English"),
            (
                "/s/docs/helm/helm.md",
                "---\nid: helm-category\nslug: helm\n---\n# Helm",
            ),
            ("/s/docs/faq/index.md", "# FAQ"),
            (
                "/s/versioned_docs/version-3/topics/charts.md",
                "# Charts v3",
            ),
            ("/s/static/img/logo.png", ""),
            (
                "/s/i18n/ko/docusaurus-plugin-content-docs/current/topics/charts.md",
                "# 차트",
            ),
            (
                "/s/i18n/ko/docusaurus-plugin-content-docs/current/topics/hooks.md",
                "# 훅",
            ),
            (
                "/s/i18n/ko/docusaurus-plugin-content-docs/current/only-ko.md",
                "# 한국어만",
            ),
        ])
    }

    fn resolver() -> (Resolver, Site) {
        let files = Arc::new(site_files());
        let cfg = SiteConfig {
            root: "/s".into(),
            docs: vec![DocsPluginConfig {
                versions: vec![VersionConfig {
                    name: "3".into(),
                    path: Some("v3".into()),
                }],
                ..DocsPluginConfig::default()
            }],
            ..SiteConfig::default()
        };
        let site = Site::from_config(&cfg, files.as_ref());
        (Resolver::new(files, vec![site.clone()]), site)
    }

    fn file(r: &Resolver, site: &Site, from: &str, link: &str) -> Resolution {
        r.resolve_file(
            &Linking {
                site,
                path: Path::new(from),
            },
            link,
        )
    }

    fn url(r: &Resolver, site: &Site, from: &str, link: &str) -> Resolution {
        r.resolve_url(
            &Linking {
                site,
                path: Path::new(from),
            },
            link,
        )
    }

    fn found(p: &str) -> Resolution {
        Resolution::Found(PathBuf::from(p))
    }

    const MISSING: Resolution = Resolution::Missing {
        works_as: None,
        target: None,
    };

    #[test]
    fn relative_links_in_the_default_locale() {
        let (r, s) = resolver();
        assert_eq!(
            file(&r, &s, "/s/docs/topics/charts.md", "./hooks.md"),
            found("/s/docs/topics/hooks.md")
        );
        assert_eq!(
            file(&r, &s, "/s/docs/topics/charts.md", "../intro.md"),
            found("/s/docs/intro.md")
        );
        assert_eq!(
            file(&r, &s, "/s/docs/topics/charts.md", "./nope.md"),
            MISSING
        );
        // `./` never tries the content root.
        assert_eq!(
            file(&r, &s, "/s/docs/topics/charts.md", "./intro.md"),
            MISSING
        );
    }

    #[test]
    fn relative_links_in_a_translation() {
        let (r, s) = resolver();
        let from = format!("{KO}/topics/charts.md");
        assert_eq!(
            file(&r, &s, &from, "./hooks.md"),
            found(&format!("{KO}/topics/hooks.md"))
        );
        // Docusaurus issue 10907: the untranslated page is not in the ko folder.
        assert_eq!(
            file(&r, &s, &from, "./untranslated.md"),
            Resolution::Missing {
                works_as: Some("/topics/untranslated.md".into()),
                target: Some("/s/docs/topics/untranslated.md".into())
            }
        );
        assert_eq!(
            file(&r, &s, &from, "../only-ko.md"),
            found(&format!("{KO}/only-ko.md"))
        );
    }

    #[test]
    fn content_root_links_fall_back_to_the_default_locale() {
        let (r, s) = resolver();
        let from = format!("{KO}/topics/charts.md");
        assert_eq!(
            file(&r, &s, &from, "/topics/untranslated.md"),
            found("/s/docs/topics/untranslated.md")
        );
        assert_eq!(
            file(&r, &s, &from, "/topics/hooks.md"),
            found(&format!("{KO}/topics/hooks.md"))
        );
        assert_eq!(
            file(&r, &s, "/s/docs/intro.md", "/topics/hooks.md"),
            found("/s/docs/topics/hooks.md")
        );
        assert_eq!(
            file(&r, &s, "/s/docs/intro.md", "/docs/topics/hooks.md"),
            found("/s/docs/topics/hooks.md")
        );
        assert_eq!(file(&r, &s, &from, "/topics/nope.md"), MISSING);
        // The default-locale page of a translated doc is not in the ko build.
        assert_eq!(
            file(&r, &s, &from, "../../../../../../docs/topics/hooks.md"),
            MISSING
        );
    }

    #[test]
    fn bare_links_try_the_own_folder_first() {
        let (r, s) = resolver();
        let from = format!("{KO}/topics/charts.md");
        assert_eq!(
            file(&r, &s, &from, "hooks.md"),
            found(&format!("{KO}/topics/hooks.md"))
        );
        assert_eq!(file(&r, &s, &from, "intro.md"), found("/s/docs/intro.md"));
        assert_eq!(
            file(&r, &s, "/s/docs/topics/charts.md", "topics/hooks.md"),
            found("/s/docs/topics/hooks.md")
        );
        assert_eq!(
            file(&r, &s, &from, "topics/untranslated.md"),
            found("/s/docs/topics/untranslated.md")
        );
    }

    #[test]
    fn site_alias() {
        let (r, s) = resolver();
        assert_eq!(
            file(&r, &s, "/s/docs/intro.md", "@site/static/img/logo.png"),
            found("/s/static/img/logo.png")
        );
        assert_eq!(
            file(&r, &s, "/s/docs/intro.md", "@site/docs/nope.md"),
            MISSING
        );
    }

    #[test]
    fn url_links() {
        let (r, s) = resolver();
        let en = "/s/docs/intro.md";
        let ko = format!("{KO}/topics/charts.md");
        assert_eq!(
            url(&r, &s, en, "/docs/topics/charts"),
            found("/s/docs/topics/charts.md")
        );
        assert_eq!(
            url(&r, &s, en, "/docs/topics/charts/"),
            found("/s/docs/topics/charts.md")
        );
        assert_eq!(url(&r, &s, en, "/docs/"), found("/s/docs/intro.md"));
        assert_eq!(url(&r, &s, en, "/docs/helm"), found("/s/docs/helm/helm.md"));
        assert_eq!(url(&r, &s, en, "/docs/faq"), found("/s/docs/faq/index.md"));
        assert_eq!(
            url(&r, &s, en, "/docs/v3/topics/charts"),
            found("/s/versioned_docs/version-3/topics/charts.md")
        );
        assert_eq!(url(&r, &s, en, "/docs/nope"), MISSING);
        assert_eq!(
            url(&r, &s, en, "/img/logo.png"),
            found("/s/static/img/logo.png")
        );
        assert_eq!(url(&r, &s, en, "/somewhere/else"), Resolution::Unknown);
        // Locale prefix: the translation where there is one...
        assert_eq!(
            url(&r, &s, en, "/ko/docs/topics/charts"),
            found(&format!("{KO}/topics/charts.md"))
        );
        assert_eq!(
            url(&r, &s, &ko, "/docs/topics/charts"),
            found(&format!("{KO}/topics/charts.md"))
        );
        // ...and the default page for an untranslated doc.
        assert_eq!(
            url(&r, &s, &ko, "/ko/docs/topics/untranslated"),
            found("/s/docs/topics/untranslated.md")
        );
        assert_eq!(
            url(&r, &s, &ko, "/docs/only-ko"),
            found(&format!("{KO}/only-ko.md"))
        );
        assert_eq!(url(&r, &s, en, "/docs/only-ko"), MISSING);
    }

    #[test]
    fn static_sites_map_prefixes_to_folders() {
        let files = Arc::new(MemFiles::new(&[
            ("/r/src/content/learn/index.md", ""),
            ("/r/src/content/learn/thinking-in-react.md", ""),
            ("/r/src/content/reference/react/useState.md", ""),
        ]));
        let cfg = SiteConfig {
            root: "/r".into(),
            kind: SiteKind::Static,
            routes: vec![
                RouteConfig {
                    prefix: "/learn".into(),
                    dir: "src/content/learn".into(),
                },
                RouteConfig {
                    prefix: "/reference".into(),
                    dir: "src/content/reference".into(),
                },
            ],
            ..SiteConfig::default()
        };
        let s = Site::from_config(&cfg, files.as_ref());
        let r = Resolver::new(files, vec![s.clone()]);
        let from = "/r/src/content/learn/index.md";
        assert_eq!(
            url(&r, &s, from, "/learn/thinking-in-react"),
            found("/r/src/content/learn/thinking-in-react.md")
        );
        assert_eq!(
            url(&r, &s, from, "/learn"),
            found("/r/src/content/learn/index.md")
        );
        assert_eq!(
            url(&r, &s, from, "/reference/react/useState"),
            found("/r/src/content/reference/react/useState.md")
        );
        assert_eq!(url(&r, &s, from, "/learn/nope"), MISSING);
        assert_eq!(url(&r, &s, from, "/community"), Resolution::Unknown);
    }

    #[test]
    fn detects_docusaurus_sites_by_config_file() {
        let files = Arc::new(site_files());
        let r = Resolver::new(files, Vec::new());
        let site = r.site_of(Path::new("/s/docs/topics/charts.md")).unwrap();
        assert_eq!(site.root, Path::new("/s"));
        assert_eq!(site.locales, ["ko"]);
        assert!(r.site_of(Path::new("/elsewhere/a.md")).is_none());
    }

    #[test]
    fn markdown_links_get_the_base_url() {
        let files = Arc::new(MemFiles::new(&[
            ("/b/docs/a.md", "# A"),
            ("/b/static/img/x.png", ""),
        ]));
        let cfg = SiteConfig {
            root: "/b".into(),
            base_url: Some("/base/".into()),
            ..SiteConfig::default()
        };
        let s = Site::from_config(&cfg, files.as_ref());
        let r = Resolver::new(files, vec![s.clone()]);
        let from = Linking {
            site: &s,
            path: Path::new("/b/docs/a.md"),
        };
        assert_eq!(r.resolve_link_path(&from, "/docs/a"), found("/b/docs/a.md"));
        assert_eq!(
            r.resolve_link_path(&from, "/base/docs/a"),
            found("/b/docs/a.md")
        );
        assert_eq!(r.resolve_link_path(&from, "/docs/b"), MISSING);
        assert_eq!(
            r.resolve_link_path(&from, "/img/x.png"),
            found("/b/static/img/x.png")
        );
        // As the browser sees it, `/docs/a` is outside the site.
        assert_eq!(r.resolve_url(&from, "/docs/a"), Resolution::Unknown);
    }

    #[test]
    fn site_files_beside_the_docs() {
        let files = Arc::new(MemFiles::new(&[
            (
                "/h/docusaurus.config.js",
                "export default { i18n: { defaultLocale: 'en', locales: ['en', 'ja'], \
                 localeConfigs: { ja: { translate: false } } }, \
                 presets: [['classic', { docs: { routeBasePath: '/' } }]] }",
            ),
            ("/h/docs/a.md", "# A"),
            ("/h/docs/b.md", "# B"),
            (
                "/h/docs/x/_category_.json",
                r#"{"link": {"type": "generated-index"}}"#,
            ),
            ("/h/docs/x/c.md", "# C"),
            (
                "/h/i18n/ja/docusaurus-plugin-content-docs/current/a.md",
                "# ア",
            ),
            ("/h/src/pages/start.tsx", ""),
            (
                "/h/vercel.json",
                r#"{"redirects": [{"source": "/old", "destination": "/b"}]}"#,
            ),
        ]));
        let r = Resolver::new(files, Vec::new());
        let s = r.site_of(Path::new("/h/docs/a.md")).unwrap();
        let en = "/h/docs/a.md";
        let ja = "/h/i18n/ja/docusaurus-plugin-content-docs/current/a.md";
        assert_eq!(url(&r, &s, en, "/start"), found("/h/src/pages/start.tsx"));
        assert_eq!(
            url(&r, &s, en, "/ja/start"),
            found("/h/src/pages/start.tsx")
        );
        assert_eq!(url(&r, &s, en, "/old"), found("/h/docs/b.md"));
        assert_eq!(url(&r, &s, en, "/category/x"), Resolution::Unknown);
        assert_eq!(url(&r, &s, en, "/category/y"), MISSING);
        // `translate: false`: the Japanese build serves the English page.
        assert_eq!(url(&r, &s, en, "/ja/a"), found(en));
        assert_eq!(file(&r, &s, ja, "/a.md"), found(en));
        assert_eq!(file(&r, &s, "/h/docs/b.md", "./a.md"), found(en));
    }

    #[test]
    fn file_links_stay_inside_their_plugin() {
        let files = Arc::new(MemFiles::new(&[
            ("/p/docs/a.md", "# A"),
            ("/p/blog/2024-01-01-post.md", "# Post"),
            ("/p/README.md", "# Readme"),
        ]));
        let s = Site::from_config(
            &SiteConfig {
                root: "/p".into(),
                ..SiteConfig::default()
            },
            files.as_ref(),
        );
        let r = Resolver::new(files, vec![s.clone()]);
        let post = "/p/blog/2024-01-01-post.md";
        assert_eq!(
            file(&r, &s, post, "../docs/a.md"),
            Resolution::Missing {
                works_as: None,
                target: Some("/p/docs/a.md".into())
            }
        );
        assert_eq!(
            file(&r, &s, "/p/docs/a.md", "/README.md"),
            Resolution::Missing {
                works_as: None,
                target: Some("/p/README.md".into())
            }
        );
        assert_eq!(file(&r, &s, post, "./2024-01-01-post.md"), found(post));
        assert_eq!(
            file(&r, &s, post, "@site/docs/a.md"),
            Resolution::Missing {
                works_as: None,
                target: Some("/p/docs/a.md".into())
            }
        );
        assert_eq!(
            file(&r, &s, "/p/docs/a.md", "@site/docs/a.md"),
            found("/p/docs/a.md")
        );
    }
}
