//! The shape of a site: where its content lives and which URL serves it.
//!
//! Docusaurus builds one site per locale. Each content plugin (docs, blog)
//! has a default folder (`docs/`, `versioned_docs/version-3/`) and, per
//! locale, a localized folder (`i18n/ko/docusaurus-plugin-content-docs/current/`).
//! A page that is not translated is served from the default folder at the
//! localized URL. File links and URL links are resolved against this model
//! (see `resolve.rs`); the route table maps URL paths to files using
//! front-matter `id`/`slug` and Docusaurus' default slug rules, and knows the
//! pages a plugin generates from the files: tag pages and category indexes
//! (at their `slug`, else under `/category/`). Only the versions Docusaurus
//! builds are in the model (`includeCurrentVersion`, `onlyIncludeVersions`),
//! a `translate: false` locale has no localized folders that count, and the
//! pages plugin (`src/pages`) and the host's literal redirects (`vercel.json`,
//! `_redirects`) answer URLs beside the content plugins.
//!
//! Sites built by other generators (react.dev on Next.js) are described in
//! config as URL prefixes mapped to folders.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::pairing::SITE_MARKERS;
use crate::pairing::site_config::{ContentPlugin, DocusaurusConfig};

use super::config::{
    DocsPluginConfig, PluginPathConfig, RedirectConfig, RouteConfig, SidebarPath, SiteConfig,
    SiteKind,
};
use super::files::Files;
pub(crate) use super::files::is_page;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluginKind {
    Docs,
    Blog,
}

/// One content folder of a plugin: a docs version, or the blog.
#[derive(Debug, Clone)]
pub struct Version {
    /// `current`, or a name from versions.json.
    pub name: String,
    /// Default-locale folder, relative to the site root.
    pub dir: PathBuf,
    /// Folder under `i18n/<locale>/<plugin dir>/` (`current`, `version-3`); blog: none.
    pub i18n_subdir: Option<String>,
    /// URL segment after the plugin's base path ("" when served at the base).
    pub url_path: String,
}

#[derive(Debug, Clone)]
pub struct Plugin {
    pub kind: PluginKind,
    /// `docusaurus-plugin-content-docs`, `docusaurus-plugin-content-docs-community`, ...
    pub i18n_dir: String,
    /// Without leading/trailing slashes; may be empty.
    pub route_base_path: String,
    /// Where the tag pages are under the version's path (`tags`), without slashes.
    pub tags_base_path: String,
    pub versions: Vec<Version>,
    /// Docs: the `sidebarPath` option, which decides whether a sidebars file
    /// may define categories that no `_category_` file tells of.
    pub sidebar_path: SidebarPath,
    /// Docs: `foo` for the instance `id: 'foo'`; `None` for the default one.
    pub id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub kind: SiteKind,
    pub default_locale: String,
    /// Locales that have an `i18n/<locale>/` folder (Docusaurus) besides the default.
    pub locales: Vec<String>,
    /// With leading and trailing slash.
    pub base_url: String,
    /// The site's own origin (`https://helm.sh`), without a trailing slash.
    pub url: Option<String>,
    /// Docusaurus `trailingSlash` (`None`: undefined, both forms served).
    pub trailing_slash: Option<bool>,
    pub plugins: Vec<Plugin>,
    pub routes: Vec<RouteConfig>,
    pub static_dirs: Vec<PathBuf>,
    /// Root of the English site this one translates (separate-site translations).
    pub source: Option<PathBuf>,
    /// The page title answers to its slug (a theme that keeps the h1's id).
    pub title_anchors: bool,
    /// `(from, to)`: the host's redirects, in order (invalid patterns were
    /// rejected when the config was loaded): those of `loclint.toml`, then
    /// the site's `vercel.json` and Netlify `_redirects` ([`host_redirects`]).
    pub redirects: Vec<(Regex, String)>,
    /// Locales built from the default-locale pages (`translate: false`):
    /// their `i18n/<locale>/` content is not read.
    pub untranslated: Vec<String>,
}

/// Where a file sits in a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub plugin: usize,
    pub version: usize,
    /// `None` for the default locale.
    pub locale: Option<String>,
    /// Path inside the content folder (`topics/charts.md`).
    pub rel: PathBuf,
}

/// A regex that never matches: the fallback for literal patterns above, which
/// are known to compile (a test checks it), so this is never used in practice.
fn unreachable_regex() -> Regex {
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!("the empty class compiles"))
}

impl Site {
    /// The site for a configured entry (root already made absolute or
    /// relative to the working directory by the caller).
    pub fn from_config(cfg: &SiteConfig, files: &dyn Files) -> Site {
        let root = cfg.root.clone();
        let mut site = Site {
            root: root.clone(),
            kind: cfg.kind,
            default_locale: cfg.default_locale.clone().unwrap_or_else(|| "en".into()),
            locales: Vec::new(),
            base_url: normalize_base_url(cfg.base_url.as_deref().unwrap_or("/")),
            url: cfg
                .url
                .as_deref()
                .map(|u| u.trim_end_matches('/').to_string())
                .filter(|u| !u.is_empty()),
            trailing_slash: cfg.trailing_slash,
            plugins: Vec::new(),
            routes: cfg.routes.clone(),
            source: cfg.source.clone(),
            title_anchors: cfg.title_anchors,
            redirects: Vec::new(),
            untranslated: cfg.untranslated_locales.clone().unwrap_or_default(),
            static_dirs: cfg.static_dirs.clone().unwrap_or_else(|| {
                vec![PathBuf::from(if cfg.kind == SiteKind::Static {
                    "public"
                } else {
                    "static"
                })]
            }),
        };
        site.redirects = cfg
            .redirects
            .iter()
            .cloned()
            .chain(host_redirects(&root, &site.static_dirs, files))
            .filter_map(|r| Some((Regex::new(&r.from).ok()?, r.to)))
            .collect();
        if cfg.kind == SiteKind::Docusaurus {
            let docs = if cfg.docs.is_empty() {
                vec![DocsPluginConfig::default()]
            } else {
                cfg.docs.clone()
            };
            for d in &docs {
                site.plugins.push(docs_plugin(d));
            }
            let blogs = if cfg.blog_off {
                Vec::new()
            } else if cfg.blog.is_empty() {
                let default = PluginPathConfig::default();
                if files.is_dir(&root.join(&default.path)) {
                    vec![default]
                } else {
                    Vec::new()
                }
            } else {
                cfg.blog.clone()
            };
            for b in &blogs {
                site.plugins.push(blog_plugin(b));
            }
            site.locales = cfg
                .locales
                .clone()
                .unwrap_or_else(|| files.list_dirs(&root.join("i18n")));
            site.locales.retain(|l| *l != site.default_locale);
        }
        site
    }

    /// A Docusaurus site read from its root folder (which holds a
    /// `docusaurus.config.*`). The config is JavaScript, so only literal
    /// settings are read (`pairing::site_config`); anything else uses
    /// Docusaurus' defaults, and `[[links.sites]]` can say it instead.
    pub fn detect_docusaurus(root: &Path, files: &dyn Files) -> Site {
        let cfg = SiteConfig {
            root: root.to_path_buf(),
            kind: SiteKind::Docusaurus,
            ..SiteConfig::default()
        };
        Site::from_config(&with_config_file(cfg, files), files)
    }
    /// `url` without the base URL and the slashes after it, when `url` is
    /// under the base URL (`/base` and `/base/x` are, `/basement` is not).
    pub fn strip_base_url<'u>(&self, url: &'u str) -> Option<&'u str> {
        let base = self.base_url.trim_end_matches('/');
        let rest = url.strip_prefix(base)?;
        (rest.is_empty() || rest.starts_with('/')).then(|| rest.trim_start_matches('/'))
    }

    /// Whether Docusaurus reads `i18n/<locale>/` content for `locale`.
    pub fn translates(&self, locale: &str) -> bool {
        !self.untranslated.iter().any(|l| l == locale)
    }

    /// The file of a `src/pages` route (`route` without base URL, locale
    /// prefix and slashes) in the build for `locale`: `src/pages/foo.tsx`,
    /// `foo.md`, `foo/index.js` for `foo`; a Markdown page's translation in
    /// `i18n/<locale>/docusaurus-plugin-content-pages/` where there is one.
    /// Docusaurus' default `exclude` leaves out `_` files and folders, tests
    /// and `__tests__`.
    pub fn pages_route(
        &self,
        route: &str,
        locale: Option<&str>,
        files: &dyn Files,
    ) -> Option<PathBuf> {
        const EXTS: [&str; 6] = ["md", "mdx", "js", "jsx", "ts", "tsx"];
        if self.kind != SiteKind::Docusaurus {
            return None;
        }
        let route = route.trim_matches('/');
        let segments: Vec<&str> = route.split('/').filter(|s| !s.is_empty()).collect();
        if segments
            .iter()
            .any(|s| s.starts_with('_') || *s == "." || *s == "..")
            || segments.last().is_some_and(|s| s.ends_with(".test"))
        {
            return None;
        }
        let mut stems = Vec::new();
        if !route.is_empty() {
            stems.push(route.to_string());
        }
        stems.push(if route.is_empty() {
            "index".to_string()
        } else {
            format!("{route}/index")
        });
        let localized = locale.filter(|l| self.translates(l)).map(|l| {
            self.root
                .join("i18n")
                .join(l)
                .join("docusaurus-plugin-content-pages")
        });
        let default = self.root.join(PAGES_DIR);
        for stem in &stems {
            for ext in EXTS {
                let name = format!("{stem}.{ext}");
                let page = default.join(&name);
                if !files.is_file(&page) {
                    continue;
                }
                if let Some(dir) = &localized
                    && is_page(&page)
                    && files.is_file(&dir.join(&name))
                {
                    return Some(dir.join(name));
                }
                return Some(page);
            }
        }
        None
    }

    /// The default-locale folder of a plugin version.
    pub fn default_dir(&self, plugin: usize, version: usize) -> Option<PathBuf> {
        let v = self.plugins.get(plugin)?.versions.get(version)?;
        Some(self.root.join(&v.dir))
    }

    /// The localized folder of a plugin version.
    pub fn localized_dir(&self, plugin: usize, version: usize, locale: &str) -> Option<PathBuf> {
        let p = self.plugins.get(plugin)?;
        let v = p.versions.get(version)?;
        let mut dir = self.root.join("i18n").join(locale).join(&p.i18n_dir);
        if let Some(sub) = &v.i18n_subdir {
            dir.push(sub);
        }
        Some(dir)
    }

    /// Where `path` (absolute or relative like the root) sits in this site.
    pub fn locate(&self, path: &Path) -> Option<Location> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let mut comps = rel.components();
        if let Some(Component::Normal(first)) = comps.clone().next()
            && first == "i18n"
        {
            comps.next();
            let locale = comps.next()?.as_os_str().to_str()?.to_string();
            let plugin_dir = comps.next()?.as_os_str().to_str()?.to_string();
            let rest = comps.as_path();
            for (pi, p) in self.plugins.iter().enumerate() {
                if p.i18n_dir != plugin_dir {
                    continue;
                }
                for (vi, v) in p.versions.iter().enumerate() {
                    let inner = match &v.i18n_subdir {
                        Some(sub) => rest.strip_prefix(sub).ok(),
                        None => Some(rest),
                    };
                    if let Some(inner) = inner {
                        return Some(Location {
                            plugin: pi,
                            version: vi,
                            locale: Some(locale),
                            rel: inner.to_path_buf(),
                        });
                    }
                }
            }
            return None;
        }
        for (pi, p) in self.plugins.iter().enumerate() {
            for (vi, v) in p.versions.iter().enumerate() {
                if let Ok(inner) = rel.strip_prefix(&v.dir) {
                    return Some(Location {
                        plugin: pi,
                        version: vi,
                        locale: None,
                        rel: inner.to_path_buf(),
                    });
                }
            }
        }
        None
    }

    /// The locale of a file in this site (`None`: default locale). Static sites
    /// have one locale per site.
    pub fn locale_of(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let mut comps = rel.components();
        match (comps.next(), comps.next()) {
            (Some(Component::Normal(a)), Some(Component::Normal(b))) if a == "i18n" => {
                b.to_str().map(str::to_string)
            }
            _ => None,
        }
    }

    /// Where the host sends a site-absolute URL path, when a redirect matches.
    pub fn redirect(&self, path: &str) -> Option<String> {
        self.redirects
            .iter()
            .find(|(from, _)| from.is_match(path))
            .map(|(from, to)| from.replace(path, to.as_str()).into_owned())
    }
}

/// Where the pages plugin reads its pages, relative to the site root.
const PAGES_DIR: &str = "src/pages";

/// The redirects the site's host serves, read from `vercel.json`
/// (`redirects: [{ source, destination }]`) and Netlify `_redirects` files
/// (at the site root and in each static folder, which the build copies to
/// the output root: `/from /to [status]` lines). Only literal sources are
/// taken: a pattern (`:slug`, `*`, `(.*)`), a condition (`has`, query
/// parameters, `Country=`) or a status that is no redirect (404) is
/// skipped rather than guessed at. A source matches with or without a
/// trailing slash.
pub fn host_redirects(
    root: &Path,
    static_dirs: &[PathBuf],
    files: &dyn Files,
) -> Vec<RedirectConfig> {
    let mut out = Vec::new();
    if let Some(text) = files.read_to_string(&root.join("vercel.json"))
        && let Ok(json) = serde_json::from_str::<serde_json::Value>(&text)
        && let Some(list) = json.get("redirects").and_then(|r| r.as_array())
    {
        for r in list {
            let conditional = r.get("has").is_some() || r.get("missing").is_some();
            if let (Some(from), Some(to), false) = (
                r.get("source").and_then(|v| v.as_str()),
                r.get("destination").and_then(|v| v.as_str()),
                conditional,
            ) {
                out.extend(literal_redirect(from, to));
            }
        }
    }
    let netlify = std::iter::once(root.join("_redirects"))
        .chain(static_dirs.iter().map(|d| root.join(d).join("_redirects")));
    for file in netlify {
        if let Some(text) = files.read_to_string(&file) {
            out.extend(text.lines().filter_map(netlify_redirect));
        }
    }
    out
}

/// One `_redirects` line: `/from /to`, optionally with a redirect or
/// rewrite status (`301`, `302!`, `200`) and nothing after it.
fn netlify_redirect(line: &str) -> Option<RedirectConfig> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let (from, to, rest) = match words.as_slice() {
        [from, to, rest @ ..] => (*from, *to, rest),
        _ => return None,
    };
    match rest {
        [] => {}
        [status] => {
            let code: u16 = status.trim_end_matches('!').parse().ok()?;
            if !(code == 200 || (300..400).contains(&code)) {
                return None;
            }
        }
        _ => return None,
    }
    literal_redirect(from, to)
}

/// A redirect from a literal site path (`/old/page`), as a pattern that
/// matches it with or without a trailing slash; `to` is taken as written.
fn literal_redirect(from: &str, to: &str) -> Option<RedirectConfig> {
    let literal = from.starts_with('/')
        && !from.contains([
            ':', '*', '(', ')', '?', '+', '{', '}', '[', ']', '\\', '=', '#', '!',
        ])
        && !to.contains(":splat")
        && !to.contains("/:");
    if !literal || to.is_empty() {
        return None;
    }
    let path = from.trim_end_matches('/');
    Some(RedirectConfig {
        from: format!("^{}/?$", regex::escape(path)),
        // `$` in the replacement would name a capture group.
        to: to.replace('$', "$$"),
    })
}

/// `cfg` with the settings it leaves unset taken from the site's
/// `docusaurus.config.*`, when it has one.
pub fn with_config_file(mut cfg: SiteConfig, files: &dyn Files) -> SiteConfig {
    if cfg.kind != SiteKind::Docusaurus {
        return cfg;
    }
    let Some(text) = SITE_MARKERS
        .iter()
        .find_map(|n| files.read_to_string(&cfg.root.join(n)))
    else {
        return cfg;
    };
    let js = DocusaurusConfig::parse(&text);
    cfg.url = cfg.url.or(js.url);
    cfg.base_url = cfg.base_url.or(js.base_url);
    cfg.trailing_slash = cfg.trailing_slash.or(js.trailing_slash);
    cfg.default_locale = cfg.default_locale.or(js.default_locale);
    cfg.locales = cfg.locales.or(js.locales);
    if cfg.untranslated_locales.is_none() && !js.untranslated_locales.is_empty() {
        cfg.untranslated_locales = Some(js.untranslated_locales.clone());
    }
    if cfg.static_dirs.is_none() {
        cfg.static_dirs = js
            .static_directories
            .map(|d| d.into_iter().map(PathBuf::from).collect());
    }
    if cfg.docs.is_empty() {
        let mut plugins: Vec<&ContentPlugin> = js.docs.iter().collect();
        if js.docs_off {
            plugins.retain(|p| p.id.is_some());
        }
        for p in &plugins {
            let mut d = DocsPluginConfig::default();
            // Docusaurus' defaults do not follow the id: an instance without
            // `path` reads `docs` and serves it at `/docs`.
            if let Some(id) = &p.id {
                d.id.clone_from(id);
            }
            if let Some(path) = &p.path {
                d.path = PathBuf::from(path);
            }
            if let Some(base) = &p.route_base_path {
                d.route_base_path = base.trim_matches('/').to_string();
            }
            if let Some(tags) = &p.tags_base_path {
                d.tags_base_path.clone_from(tags);
            }
            d.sidebar_path = p.sidebar_path.clone();
            cfg.docs.push(d);
        }
        let mut options: Vec<Option<&ContentPlugin>> = plugins.iter().map(|p| Some(*p)).collect();
        if cfg.docs.is_empty() && !js.docs_off {
            cfg.docs.push(DocsPluginConfig::default());
            options.push(None);
        }
        for (d, js_plugin) in cfg.docs.iter_mut().zip(options) {
            let name = if d.id == "default" {
                "versions.json".to_string()
            } else {
                format!("{}_versions.json", d.id)
            };
            versions_from_json(d, &cfg.root, files, &name, js_plugin);
        }
    }
    if cfg.blog.is_empty() && !js.blog_off {
        for b in &js.blog {
            let mut p = PluginPathConfig::default();
            if let Some(id) = &b.id {
                p.id.clone_from(id);
            }
            if let Some(path) = &b.path {
                p.path = PathBuf::from(path);
            }
            if let Some(base) = &b.route_base_path {
                p.route_base_path = base.trim_matches('/').to_string();
            }
            if let Some(tags) = &b.tags_base_path {
                p.tags_base_path.clone_from(tags);
            }
            cfg.blog.push(p);
        }
    }
    cfg.blog_off = cfg.blog_off || (cfg.blog.is_empty() && js.blog_off);
    cfg
}

/// The versions of a docs instance from its `versions.json` (newest first)
/// and the URL segment of each, as Docusaurus computes it: the versions it
/// builds are the current one (unless `includeCurrentVersion: false`) and
/// those of `versions.json`, kept to `onlyIncludeVersions` when that is
/// given; the URL segment is the path given in the plugin's `versions`
/// option, else empty for `lastVersion` (default the newest version built
/// other than the current one), `next` for the current version, and the
/// name for the others.
fn versions_from_json(
    d: &mut DocsPluginConfig,
    root: &Path,
    files: &dyn Files,
    name: &str,
    js: Option<&ContentPlugin>,
) {
    if !d.versions.is_empty() || js.is_some_and(|p| p.disable_versioning) {
        return;
    }
    // Without `versions.json` only the current version exists, which
    // Docusaurus builds whatever the options say (it refuses to build none).
    let Some(names) = files
        .read_to_string(&root.join(name))
        .and_then(|json| serde_json::from_str::<Vec<String>>(&json).ok())
        .filter(|n| !n.is_empty())
    else {
        return;
    };
    let only = js.and_then(|p| p.only_include_versions.as_ref());
    let built = |version: &str| only.is_none_or(|o| o.iter().any(|v| v == version));
    d.include_current_version =
        js.and_then(|p| p.include_current_version).unwrap_or(true) && built("current");
    let names: Vec<String> = names.into_iter().filter(|n| built(n)).collect();
    let last = js
        .and_then(|p| p.last_version.clone())
        .or_else(|| names.first().cloned())
        .unwrap_or_else(|| "current".to_string());
    let path_of = |version: &str, default: &str| {
        js.and_then(|p| p.version_paths.iter().find(|(v, _)| v == version))
            .map_or_else(|| default.to_string(), |(_, path)| path.clone())
    };
    let default_of = |version: &str, fallback: &str| {
        if version == last {
            String::new()
        } else {
            fallback.to_string()
        }
    };
    d.current_path = path_of("current", &default_of("current", "next"));
    for version in names {
        let path = path_of(&version, &default_of(&version, &version));
        d.versions.push(super::config::VersionConfig {
            name: version,
            path: Some(path),
        });
    }
}

fn normalize_base_url(s: &str) -> String {
    let t = s.trim_matches('/');
    if t.is_empty() {
        "/".into()
    } else {
        format!("/{t}/")
    }
}

fn docs_plugin(d: &DocsPluginConfig) -> Plugin {
    let i18n_dir = if d.id == "default" {
        "docusaurus-plugin-content-docs".to_string()
    } else {
        format!("docusaurus-plugin-content-docs-{}", d.id)
    };
    let mut versions = Vec::new();
    // An unbuilt current version has no routes, and its files are no pages
    // of the site: leaving it out makes both so.
    if d.include_current_version || d.versions.is_empty() {
        versions.push(Version {
            name: "current".into(),
            dir: d.path.clone(),
            i18n_subdir: Some("current".into()),
            url_path: d.current_path.trim_matches('/').to_string(),
        });
    }
    let versioned_root = if d.id == "default" {
        PathBuf::from("versioned_docs")
    } else {
        PathBuf::from(format!("{}_versioned_docs", d.id))
    };
    for v in &d.versions {
        versions.push(Version {
            name: v.name.clone(),
            dir: versioned_root.join(format!("version-{}", v.name)),
            i18n_subdir: Some(format!("version-{}", v.name)),
            url_path: v
                .path
                .clone()
                .unwrap_or_else(|| v.name.clone())
                .trim_matches('/')
                .to_string(),
        });
    }
    Plugin {
        kind: PluginKind::Docs,
        i18n_dir,
        route_base_path: d.route_base_path.trim_matches('/').to_string(),
        tags_base_path: d.tags_base_path.trim_matches('/').to_string(),
        versions,
        sidebar_path: d.sidebar_path.clone(),
        id: (d.id != "default").then(|| d.id.clone()),
    }
}

fn blog_plugin(b: &PluginPathConfig) -> Plugin {
    let i18n_dir = if b.id == "default" {
        "docusaurus-plugin-content-blog".to_string()
    } else {
        format!("docusaurus-plugin-content-blog-{}", b.id)
    };
    Plugin {
        kind: PluginKind::Blog,
        i18n_dir,
        route_base_path: b.route_base_path.trim_matches('/').to_string(),
        tags_base_path: b.tags_base_path.trim_matches('/').to_string(),
        versions: vec![Version {
            name: "blog".into(),
            dir: b.path.clone(),
            i18n_subdir: None,
            url_path: String::new(),
        }],
        sidebar_path: SidebarPath::Off,
        id: (b.id != "default").then(|| b.id.clone()),
    }
}

/// `id`, `slug` and `tags` from a page's front matter (plain scalars only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageIds {
    pub id: Option<String>,
    pub slug: Option<String>,
    /// Tag labels, when the page lists them as plain strings. `None` when a
    /// tag is written another way (`- label: x` with its own `permalink`,
    /// a flow mapping): its page's URL is then not known.
    pub tags: Option<Vec<String>>,
}

fn unquote(value: &str) -> &str {
    let value = value.trim();
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value)
}

/// A tag that is a plain string (`release`, `'getting started'`), not a
/// mapping or anything else whose permalink may differ from its label.
fn plain_tag(item: &str) -> Option<String> {
    let item = item.trim();
    let quoted = item.starts_with(['"', '\'']);
    if item.is_empty()
        || item.starts_with(['{', '[', '&', '*', '!'])
        || (!quoted && item.contains(": "))
    {
        return None;
    }
    Some(unquote(item).to_string())
}

/// Reads `id:`, `slug:` and `tags:` from the front matter at the start of `text`.
pub fn page_ids(text: &str) -> PageIds {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut ids = PageIds {
        tags: Some(Vec::new()),
        ..PageIds::default()
    };
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return ids;
    }
    let mut tags: Option<Option<Vec<String>>> = None;
    let mut in_tag_list = false;
    for line in lines {
        if line.trim_end() == "---" {
            break;
        }
        if in_tag_list {
            if let Some(item) = line.trim_start().strip_prefix("- ") {
                if let Some(Some(list)) = &mut tags {
                    match plain_tag(item) {
                        Some(t) => list.push(t),
                        None => tags = Some(None),
                    }
                }
                continue;
            }
            // The continuation of a mapping item (`  permalink: /x`).
            if line.starts_with([' ', '\t']) && !line.trim().is_empty() {
                tags = Some(None);
                continue;
            }
            in_tag_list = false;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = unquote(value);
        match key {
            "id" if !value.is_empty() => ids.id = Some(value.to_string()),
            "slug" if !value.is_empty() => ids.slug = Some(value.to_string()),
            "tags" if value.is_empty() => {
                tags = Some(Some(Vec::new()));
                in_tag_list = true;
            }
            "tags" => {
                tags = Some(
                    value
                        .strip_prefix('[')
                        .and_then(|v| v.strip_suffix(']'))
                        .and_then(|inner| {
                            inner
                                .split(',')
                                .filter(|t| !t.trim().is_empty())
                                .map(plain_tag)
                                .collect::<Option<Vec<_>>>()
                        }),
                );
            }
            _ => {}
        }
    }
    ids.tags = match tags {
        Some(t) => t,
        None => Some(Vec::new()),
    };
    ids
}

/// A tag's label compared loosely with a URL segment: Docusaurus makes the
/// permalink with lodash's `kebabCase`, whose word splitting (`v3` is
/// `v-3`, `helmChart` is `helm-chart`) is not worth copying to decide that
/// a link is broken; letters and digits in order, lowercased, tell tags apart.
pub fn tag_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Docusaurus' number-prefix rule: `01-intro` -> `intro`, but dates
/// (`2019-11-13`) and versions (`1.0`) keep their digits.
pub fn strip_number_prefix(name: &str) -> &str {
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\d+\s*[-_.]+\s*([^-_.\s].*)$").unwrap_or_else(|_| unreachable_regex())
    });
    static IGNORED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^((\d{2}|\d{4})[-_.]\d{2}([-_.](\d{2}|\d{4}))?|\d+[-_.]\d+)")
            .unwrap_or_else(|_| unreachable_regex())
    });
    if IGNORED.is_match(name) {
        return name;
    }
    match PREFIX.captures(name).and_then(|c| c.get(1)) {
        Some(m) => &name[m.start()..],
        None => name,
    }
}

/// The route (without base URL, locale, base path and version segment, no
/// leading or trailing slash) of a doc at `rel` inside its content folder.
pub fn doc_route(rel: &Path, ids: &PageIds) -> String {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let parent = rel.parent().unwrap_or(Path::new(""));
    let dir_parts: Vec<&str> = parent
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .map(strip_number_prefix)
        .collect();
    let dir_route = dir_parts.join("/");
    if let Some(slug) = &ids.slug {
        if let Some(abs) = slug.strip_prefix('/') {
            return abs.trim_end_matches('/').to_string();
        }
        return join_route(&dir_route, slug);
    }
    let lower = stem.to_lowercase();
    let parent_name = parent
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if lower == "index"
        || lower == "readme"
        || (!parent_name.is_empty() && lower == parent_name.to_lowercase())
    {
        return dir_route;
    }
    let base = ids
        .id
        .clone()
        .unwrap_or_else(|| strip_number_prefix(stem).to_string());
    join_route(&dir_route, &base)
}

/// The route of a blog post at `rel` inside the blog folder.
pub fn blog_route(rel: &Path, ids: &PageIds) -> String {
    if let Some(slug) = &ids.slug {
        return slug.trim_matches('/').to_string();
    }
    static DATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[-/]?(.*)$")
            .unwrap_or_else(|_| unreachable_regex())
    });
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    // `2019-11-13-name/index.md` takes the folder's name.
    let name_path = if stem.eq_ignore_ascii_case("index") {
        rel.parent()
            .unwrap_or(Path::new(""))
            .to_string_lossy()
            .replace('\\', "/")
    } else {
        rel.with_extension("").to_string_lossy().replace('\\', "/")
    };
    match DATED.captures(&name_path) {
        Some(c) => {
            let rest = c[4].trim_matches('/');
            format!("{}/{:0>2}/{:0>2}/{}", &c[1], &c[2], &c[3], rest)
        }
        None => name_path,
    }
}

fn join_route(dir: &str, rest: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Where a route is served from.
#[derive(Debug, Clone, Default)]
pub struct RouteEntry {
    /// The default-locale file.
    pub default: Option<PathBuf>,
    /// Localized files: (locale, path).
    pub localized: Vec<(String, PathBuf)>,
}

impl RouteEntry {
    /// The file served for `locale` (`None`: default): the translation when
    /// there is one, else the default page (Docusaurus' fallback).
    pub fn file_for(&self, locale: Option<&str>) -> Option<&Path> {
        if let Some(loc) = locale
            && let Some((_, p)) = self.localized.iter().find(|(l, _)| l == loc)
        {
            return Some(p);
        }
        self.default.as_deref()
    }
}

/// URL routes of one plugin version: route -> files.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    pub routes: HashMap<String, RouteEntry>,
    /// Routes of pages the plugin generates without a file of their own:
    /// category indexes (`_category_.json` with a `generated-index` link
    /// and a `slug`).
    pub generated: HashSet<String>,
    /// The tags of the version's pages ([`tag_key`]); `None` when one of
    /// them, or a tags file, may give a tag a permalink of its own.
    pub tags: Option<HashSet<String>>,
    /// Every `/category/...` page of the version is in `generated`: its
    /// sidebars define no category that `_category_` files do not tell of.
    pub categories_known: bool,
}

/// A file or folder Docusaurus leaves out of the routes (its default
/// `exclude`: `**/_*.{md,mdx}`, `**/_*/**`): partials meant for `import`.
fn is_excluded_from_routes(rel: &Path) -> bool {
    rel.components()
        .any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('_')))
}

/// The folders of `pages` (paths inside `dir`) and every folder above them up to `dir`.
fn page_folders(dir: &Path, pages: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for f in pages {
        let Ok(rel) = f.strip_prefix(dir) else {
            continue;
        };
        let mut parent = rel.parent();
        while let Some(p) = parent {
            if p.as_os_str().is_empty() || !out.insert(p.to_path_buf()) {
                break;
            }
            parent = p.parent();
        }
    }
    out
}

/// A category whose `_category_.json` (or `.yml`) links to a generated
/// index: `link: { type: 'generated-index', slug: '/overview' }`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GeneratedIndex {
    slug: Option<String>,
    /// The category's `label`, which gives the URL when there is no `slug`.
    label: Option<String>,
}

fn generated_index(folder: &Path, files: &dyn Files) -> Option<GeneratedIndex> {
    if let Some(text) = files.read_to_string(&folder.join("_category_.json")) {
        let v: serde_json::Value = serde_json::from_str(&text).ok()?;
        let link = v.get("link")?;
        let text_of = |v: Option<&serde_json::Value>| v?.as_str().map(str::to_string);
        return (link.get("type")?.as_str()? == "generated-index").then(|| GeneratedIndex {
            slug: text_of(link.get("slug")),
            label: text_of(v.get("label")),
        });
    }
    let text = ["_category_.yml", "_category_.yaml"]
        .iter()
        .find_map(|n| files.read_to_string(&folder.join(n)))?;
    // `label:` at the top, the keys under `link:` indented below it.
    let mut in_link = false;
    let (mut generated, mut slug, mut label) = (false, None, None);
    for line in text.lines() {
        let indented = line.starts_with([' ', '\t']);
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if !indented {
            in_link = key.trim() == "link";
            if key.trim() == "label" && !unquote(value).is_empty() {
                label = Some(unquote(value).to_string());
            }
            continue;
        }
        if in_link {
            match key.trim() {
                "type" => generated = unquote(value) == "generated-index",
                "slug" => slug = Some(unquote(value).to_string()),
                _ => {}
            }
        }
    }
    generated.then_some(GeneratedIndex { slug, label })
}

/// Whether the sidebars of a docs version may hold generated-index
/// categories that no `_category_` file tells of: a sidebars file that
/// says `generated-index`, or imports another module, may; a version
/// without a sidebars file, or with one that only lists docs and
/// autogenerated items, may not. Unknown options count as "may".
fn sidebars_may_add_categories(
    site: &Site,
    plugin: &Plugin,
    version: &Version,
    files: &dyn Files,
) -> bool {
    let file = if version.name == "current" {
        match &plugin.sidebar_path {
            SidebarPath::Off => return false,
            SidebarPath::Unknown => return true,
            SidebarPath::File(p) => Some(site.root.join(p)),
            SidebarPath::Unset => SIDEBAR_FILES
                .iter()
                .map(|n| site.root.join(n))
                .find(|p| files.is_file(p)),
        }
    } else {
        let dir = match &plugin.id {
            Some(id) => format!("{id}_versioned_sidebars"),
            None => "versioned_sidebars".to_string(),
        };
        Some(
            site.root
                .join(dir)
                .join(format!("version-{}-sidebars.json", version.name)),
        )
    };
    let Some(file) = file else {
        return false;
    };
    // A sidebars file Docusaurus does not find gives no sidebars at all.
    let Some(text) = files.read_to_string(&file) else {
        return files.is_file(&file);
    };
    text.contains("generated-index")
        || ["'./", "\"./", "`./", "'../", "\"../", "`../", "@site/"]
            .iter()
            .any(|q| text.contains(q))
}

/// Sidebars files at a site root, as a Docusaurus site names them.
const SIDEBAR_FILES: [&str; 6] = [
    "sidebars.js",
    "sidebars.ts",
    "sidebars.mjs",
    "sidebars.cjs",
    "sidebars.json",
    "sidebars.yml",
];

impl Site {
    /// Scans the default and localized folders of a plugin version.
    pub fn route_table(&self, plugin: usize, version: usize, files: &dyn Files) -> RouteTable {
        let mut table = RouteTable {
            tags: Some(HashSet::new()),
            ..RouteTable::default()
        };
        let Some(p) = self.plugins.get(plugin) else {
            return table;
        };
        table.categories_known = p.kind == PluginKind::Docs
            && p.versions
                .get(version)
                .is_some_and(|v| !sidebars_may_add_categories(self, p, v, files));
        // One slugger for the version's category labels, as Docusaurus
        // numbers repeated labels (`/category/guides-1`).
        let mut labels = super::slug::Slugger::new();
        // The default-locale folder (locale `None`), then each translation's
        // (not for a locale whose content Docusaurus does not read).
        let mut dirs: Vec<(Option<&String>, PathBuf)> = self
            .default_dir(plugin, version)
            .map(|d| (None, d))
            .into_iter()
            .collect();
        dirs.extend(
            self.locales
                .iter()
                .filter(|loc| self.translates(loc))
                .filter_map(|loc| Some((Some(loc), self.localized_dir(plugin, version, loc)?))),
        );
        for (locale, dir) in dirs {
            // A tags file may give tags permalinks of their own.
            if ["tags.yml", "tags.yaml"]
                .iter()
                .any(|n| files.is_file(&dir.join(n)))
            {
                table.tags = None;
            }
            let pages = files.list_pages(&dir);
            if p.kind == PluginKind::Docs {
                for folder in page_folders(&dir, &pages) {
                    match generated_index(&dir.join(&folder), files) {
                        Some(GeneratedIndex {
                            slug: Some(slug), ..
                        }) => {
                            table.generated.insert(join_route("", &slug));
                        }
                        // Docusaurus: `/category/<slug of the label>`, the
                        // label defaulting to the folder's name without its
                        // number prefix. Sidebars are built from the
                        // default-locale folder; translations only relabel.
                        Some(GeneratedIndex { slug: None, label }) if locale.is_none() => {
                            let name = folder
                                .file_name()
                                .and_then(|n| n.to_str())
                                .map(strip_number_prefix)
                                .unwrap_or_default();
                            let label = label.unwrap_or_else(|| name.to_string());
                            table
                                .generated
                                .insert(format!("category/{}", labels.slug(&label)));
                        }
                        _ => {}
                    }
                }
            }
            for f in pages {
                let Ok(rel) = f.strip_prefix(&dir) else {
                    continue;
                };
                if is_excluded_from_routes(rel) {
                    continue;
                }
                let ids = page_ids(&files.read_head(&f).unwrap_or_default());
                match (&mut table.tags, &ids.tags) {
                    (Some(set), Some(list)) => set.extend(list.iter().map(|t| tag_key(t))),
                    _ => table.tags = None,
                }
                let route = match p.kind {
                    PluginKind::Docs => doc_route(rel, &ids),
                    PluginKind::Blog => blog_route(rel, &ids),
                };
                // A folder's index page with a relative `slug` moves away from
                // the folder's URL; sites usually keep that URL working
                // (redirects, generated index), so it is not reported either.
                let dir_route = index_dir_route(rel, p.kind);
                match locale {
                    None => {
                        table.routes.entry(route).or_default().default = Some(f.clone());
                        if let Some(dir_route) = dir_route {
                            table
                                .routes
                                .entry(dir_route)
                                .or_default()
                                .default
                                .get_or_insert_with(|| f.clone());
                        }
                    }
                    Some(loc) => {
                        table
                            .routes
                            .entry(route)
                            .or_default()
                            .localized
                            .push((loc.clone(), f.clone()));
                        if let Some(dir_route) = dir_route {
                            let entry = table.routes.entry(dir_route).or_default();
                            if !entry.localized.iter().any(|(l, _)| l == loc) {
                                entry.localized.push((loc.clone(), f.clone()));
                            }
                        }
                    }
                }
            }
        }
        table
    }
}

/// The folder route of a category index page (`x/index.md`, `x/README.md`, `x/x.md`).
fn index_dir_route(rel: &Path, kind: PluginKind) -> Option<String> {
    if kind != PluginKind::Docs {
        return None;
    }
    let stem = rel.file_stem()?.to_str()?.to_lowercase();
    let parent = rel.parent()?;
    let parent_name = parent
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_lowercase();
    if stem == "index" || stem == "readme" || (!parent_name.is_empty() && stem == parent_name) {
        let parts: Vec<&str> = parent
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .map(strip_number_prefix)
            .collect();
        return Some(parts.join("/"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::files::MemFiles;

    /// The route table of a site at `/s` with every setting at its default.
    fn default_site_routes(files: &MemFiles) -> RouteTable {
        let site = Site::from_config(
            &SiteConfig {
                root: "/s".into(),
                ..SiteConfig::default()
            },
            files,
        );
        site.route_table(0, 0, files)
    }

    #[test]
    fn redirects_are_tried_in_order_with_captures() {
        let cfg = SiteConfig {
            redirects: vec![
                crate::config::links::RedirectConfig {
                    from: "^(/.+)/index$".into(),
                    to: "$1".into(),
                },
                crate::config::links::RedirectConfig {
                    from: "^/a/.*$".into(),
                    to: "/never".into(),
                },
            ],
            ..SiteConfig::default()
        };
        let site = Site::from_config(&cfg, &MemFiles::default());
        assert_eq!(site.redirect("/a/index").as_deref(), Some("/a"));
        assert_eq!(site.redirect("/a/b").as_deref(), Some("/never"));
        assert_eq!(site.redirect("/b"), None);
    }

    #[test]
    fn regexes_compile() {
        assert_eq!(strip_number_prefix("01-intro"), "intro");
        assert_eq!(strip_number_prefix("2019-11-13-x"), "2019-11-13-x");
        assert_eq!(strip_number_prefix("1.0-notes"), "1.0-notes");
        assert_eq!(strip_number_prefix("intro"), "intro");
    }

    #[test]
    fn doc_routes_follow_docusaurus_defaults() {
        let none = PageIds::default();
        assert_eq!(
            doc_route(Path::new("topics/charts.md"), &none),
            "topics/charts"
        );
        assert_eq!(doc_route(Path::new("intro/index.md"), &none), "intro");
        assert_eq!(doc_route(Path::new("intro/README.md"), &none), "intro");
        assert_eq!(doc_route(Path::new("guides/guides.md"), &none), "guides");
        assert_eq!(
            doc_route(Path::new("01-basics/02-setup.mdx"), &none),
            "basics/setup"
        );
        let id = PageIds {
            id: Some("helm-category".into()),
            slug: None,
            tags: Some(Vec::new()),
        };
        assert_eq!(doc_route(Path::new("helm/x.md"), &id), "helm/helm-category");
        let slug = PageIds {
            id: None,
            slug: Some("governance".into()),
            tags: Some(Vec::new()),
        };
        assert_eq!(
            doc_route(Path::new("governance/governance.md"), &slug),
            "governance/governance"
        );
        let abs = PageIds {
            id: None,
            slug: Some("/faq/".into()),
            tags: Some(Vec::new()),
        };
        assert_eq!(doc_route(Path::new("a/b.md"), &abs), "faq");
    }

    #[test]
    fn blog_routes() {
        let none = PageIds::default();
        assert_eq!(
            blog_route(Path::new("2019-11-13-helm-3-released.md"), &none),
            "2019/11/13/helm-3-released"
        );
        let slug = PageIds {
            id: None,
            slug: Some("helm-enters-the-cncf".into()),
            tags: Some(Vec::new()),
        };
        assert_eq!(
            blog_route(Path::new("2018-06-01-cncf.md"), &slug),
            "helm-enters-the-cncf"
        );
    }

    #[test]
    fn reads_front_matter_ids() {
        assert_eq!(
            page_ids("---\ntitle: x\nid: 'abc'\nslug: \"/d/e\"\n---\n# t"),
            PageIds {
                id: Some("abc".into()),
                slug: Some("/d/e".into()),
                tags: Some(Vec::new()),
            }
        );
        assert_eq!(
            page_ids("# no front matter"),
            PageIds {
                tags: Some(Vec::new()),
                ..PageIds::default()
            }
        );
    }

    #[test]
    fn locates_files() {
        let files = MemFiles::new(&[
            ("/s/i18n/ko/docusaurus-plugin-content-docs/current/a.md", ""),
            ("/s/docs/a.md", ""),
        ]);
        let site = Site::from_config(
            &SiteConfig {
                root: "/s".into(),
                ..SiteConfig::default()
            },
            &files,
        );
        assert_eq!(site.locales, ["ko"]);
        let loc = site
            .locate(Path::new(
                "/s/i18n/ko/docusaurus-plugin-content-docs/current/x/a.md",
            ))
            .unwrap();
        assert_eq!(
            (loc.locale.as_deref(), loc.rel.as_path()),
            (Some("ko"), Path::new("x/a.md"))
        );
        let loc = site.locate(Path::new("/s/docs/a.md")).unwrap();
        assert_eq!((loc.locale, loc.rel.as_path()), (None, Path::new("a.md")));
        assert!(site.locate(Path::new("/s/src/pages/a.md")).is_none());
    }

    #[test]
    fn reads_plain_tags_only() {
        let tags = |fm: &str| page_ids(&format!("---\n{fm}\n---\n# x")).tags;
        assert_eq!(tags("title: x"), Some(vec![]));
        assert_eq!(
            tags("tags: [release, 'getting started']"),
            Some(vec!["release".to_string(), "getting started".to_string()])
        );
        assert_eq!(
            tags("tags:\n  - release\n  - \"a: b\"\nslug: x"),
            Some(vec!["release".to_string(), "a: b".to_string()])
        );
        assert_eq!(tags("tags:\n  - label: Release\n    permalink: /rel"), None);
        assert_eq!(tags("tags: [{ label: x, permalink: y }]"), None);
        assert_eq!(tag_key("Getting-Started"), tag_key("getting started"));
    }

    #[test]
    fn route_tables_know_generated_pages() {
        let files = MemFiles::new(&[
            (
                "/s/docs/a/_category_.json",
                r#"{"link": {"type": "generated-index", "slug": "/a-overview"}}"#,
            ),
            ("/s/docs/a/x.md", "---\ntags: [one]\n---\n# x"),
            (
                "/s/docs/b/c/_category_.yml",
                "label: C\nlink:\n  type: generated-index\n  slug: see/c\n",
            ),
            ("/s/docs/b/c/y.md", "# y"),
            (
                "/s/docs/d/_category_.json",
                r#"{"link": {"type": "doc", "id": "d/z"}}"#,
            ),
            ("/s/docs/d/z.md", "# z"),
            ("/s/docs/_partials/p.md", "# p"),
            ("/s/docs/_q.mdx", "# q"),
        ]);
        let table = default_site_routes(&files);
        let mut generated: Vec<&String> = table.generated.iter().collect();
        generated.sort();
        assert_eq!(generated, ["a-overview", "see/c"]);
        assert!(table.categories_known, "no sidebars file");
        assert_eq!(table.tags, Some(HashSet::from(["one".to_string()])));
        assert!(table.routes.contains_key("d/z"));
        assert!(!table.routes.contains_key("_q") && !table.routes.contains_key("_partials/p"));
    }

    #[test]
    fn version_paths_follow_last_version_and_versions_option() {
        let files = MemFiles::new(&[
            (
                "/s/docusaurus.config.js",
                "export default { baseUrl: '/', presets: [['classic', { docs: { lastVersion: '2', \
                 versions: { '1': { path: 'legacy' } } } }]] }",
            ),
            ("/s/versions.json", r#"["3", "2", "1"]"#),
        ]);
        let cfg = with_config_file(
            SiteConfig {
                root: "/s".into(),
                ..SiteConfig::default()
            },
            &files,
        );
        let docs = &cfg.docs[0];
        assert_eq!(docs.current_path, "next");
        let paths: Vec<(&str, Option<&str>)> = docs
            .versions
            .iter()
            .map(|v| (v.name.as_str(), v.path.as_deref()))
            .collect();
        assert_eq!(
            paths,
            [("3", Some("3")), ("2", Some("")), ("1", Some("legacy"))]
        );
    }

    #[test]
    fn a_plugin_instance_without_path_uses_docusaurus_defaults() {
        let files = MemFiles::new(&[(
            "/s/docusaurus.config.js",
            "export default { plugins: [['@docusaurus/plugin-content-docs', { id: 'api' }], \
             ['@docusaurus/plugin-content-docs', { id: 'community', path: 'community', \
             routeBasePath: 'community' }]] }",
        )]);
        let cfg = with_config_file(
            SiteConfig {
                root: "/s".into(),
                ..SiteConfig::default()
            },
            &files,
        );
        let got: Vec<(&str, &Path, &str)> = cfg
            .docs
            .iter()
            .map(|d| (d.id.as_str(), d.path.as_path(), d.route_base_path.as_str()))
            .collect();
        assert!(got.contains(&("api", Path::new("docs"), "docs")), "{got:?}");
        assert!(
            got.contains(&("community", Path::new("community"), "community")),
            "{got:?}"
        );
    }

    fn versions_of(files: &MemFiles) -> Vec<(String, String)> {
        let cfg = with_config_file(
            SiteConfig {
                root: "/s".into(),
                ..SiteConfig::default()
            },
            files,
        );
        let site = Site::from_config(&cfg, files);
        site.plugins[0]
            .versions
            .iter()
            .map(|v| (v.name.clone(), v.url_path.clone()))
            .collect()
    }

    #[test]
    fn only_the_versions_docusaurus_builds() {
        let config = |docs: &str| {
            MemFiles::new(&[
                (
                    "/s/docusaurus.config.js",
                    &format!(
                        "export default {{ presets: [['classic', {{ docs: {{ {docs} }} }}]] }}"
                    ),
                ),
                ("/s/versions.json", r#"["3", "2", "1"]"#),
            ])
        };
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
                .collect()
        };
        assert_eq!(
            versions_of(&config("")),
            pairs(&[("current", "next"), ("3", ""), ("2", "2"), ("1", "1")])
        );
        assert_eq!(
            versions_of(&config("includeCurrentVersion: false")),
            pairs(&[("3", ""), ("2", "2"), ("1", "1")])
        );
        // The newest version built is the last one, served at the base path.
        assert_eq!(
            versions_of(&config("onlyIncludeVersions: ['current', '2', '1']")),
            pairs(&[("current", "next"), ("2", ""), ("1", "1")])
        );
        assert_eq!(
            versions_of(&config("onlyIncludeVersions: ['current']")),
            pairs(&[("current", "")])
        );
        assert_eq!(
            versions_of(&config(
                "includeCurrentVersion: false, onlyIncludeVersions: ['1']"
            )),
            pairs(&[("1", "")])
        );
    }

    #[test]
    fn locales_that_are_not_translated_use_the_default_pages() {
        let files = MemFiles::new(&[
            (
                "/s/docusaurus.config.js",
                "export default { i18n: { defaultLocale: 'en', locales: ['en', 'ja', 'ko'], \
                 localeConfigs: { ja: { translate: false } } } }",
            ),
            ("/s/docs/a.md", "# A"),
            (
                "/s/i18n/ja/docusaurus-plugin-content-docs/current/a.md",
                "# ア",
            ),
            (
                "/s/i18n/ko/docusaurus-plugin-content-docs/current/a.md",
                "# 아",
            ),
        ]);
        let site = Site::detect_docusaurus(Path::new("/s"), &files);
        assert_eq!(site.locales, ["ja", "ko"]);
        assert!(!site.translates("ja") && site.translates("ko"));
        let table = site.route_table(0, 0, &files);
        let entry = &table.routes["a"];
        assert_eq!(entry.file_for(Some("ja")), Some(Path::new("/s/docs/a.md")));
        assert_eq!(
            entry.file_for(Some("ko")),
            Some(Path::new(
                "/s/i18n/ko/docusaurus-plugin-content-docs/current/a.md"
            ))
        );
    }

    #[test]
    fn generated_indexes_without_a_slug_are_under_category() {
        let files = MemFiles::new(&[
            (
                "/s/docs/01-intro/_category_.json",
                r#"{"link": {"type": "generated-index"}}"#,
            ),
            ("/s/docs/01-intro/a.md", "# A"),
            (
                "/s/docs/more/_category_.yml",
                "label: 'Going further'\nlink:\n  type: generated-index\n",
            ),
            ("/s/docs/more/b.md", "# B"),
            (
                "/s/docs/more/intro/_category_.json",
                r#"{"label": "Intro", "link": {"type": "generated-index"}}"#,
            ),
            ("/s/docs/more/intro/c.md", "# C"),
        ]);
        let table = default_site_routes(&files);
        let mut generated: Vec<&String> = table.generated.iter().collect();
        generated.sort();
        // A repeated label is numbered, as Docusaurus' slugger does.
        assert_eq!(
            generated,
            [
                "category/going-further",
                "category/intro",
                "category/intro-1"
            ]
        );
        assert!(table.categories_known);
    }

    #[test]
    fn a_sidebars_file_may_define_categories() {
        let with = |sidebars: &str| {
            let files = MemFiles::new(&[("/s/docs/a.md", "# A"), ("/s/sidebars.js", sidebars)]);
            let site = Site::from_config(
                &SiteConfig {
                    root: "/s".into(),
                    ..SiteConfig::default()
                },
                &files,
            );
            site.route_table(0, 0, &files).categories_known
        };
        assert!(with(
            "module.exports = { docs: [{ type: 'autogenerated', dirName: '.' }] };"
        ));
        assert!(!with(
            "module.exports = { docs: [{ type: 'category', label: 'X', link: { type: 'generated-index' }, items: ['a'] }] };"
        ));
        assert!(!with("module.exports = require('./sidebars-api.js');"));
    }

    #[test]
    fn pages_plugin_routes() {
        let files = MemFiles::new(&[
            ("/s/src/pages/index.js", ""),
            ("/s/src/pages/start.tsx", ""),
            ("/s/src/pages/about/index.md", "# About"),
            ("/s/src/pages/team.mdx", "# Team"),
            ("/s/src/pages/_hidden.tsx", ""),
            ("/s/src/pages/_lib/x.js", ""),
            ("/s/src/pages/x.test.js", ""),
            (
                "/s/i18n/ko/docusaurus-plugin-content-pages/team.mdx",
                "# 팀",
            ),
        ]);
        let site = Site::from_config(
            &SiteConfig {
                root: "/s".into(),
                ..SiteConfig::default()
            },
            &files,
        );
        let page = |route: &str, locale: Option<&str>| site.pages_route(route, locale, &files);
        assert_eq!(page("", None), Some("/s/src/pages/index.js".into()));
        assert_eq!(page("start", None), Some("/s/src/pages/start.tsx".into()));
        assert_eq!(
            page("about", None),
            Some("/s/src/pages/about/index.md".into())
        );
        assert_eq!(
            page("team", Some("ko")),
            Some("/s/i18n/ko/docusaurus-plugin-content-pages/team.mdx".into())
        );
        assert_eq!(
            page("team", Some("ja")),
            Some("/s/src/pages/team.mdx".into())
        );
        assert_eq!(page("_hidden", None), None);
        assert_eq!(page("_lib/x", None), None);
        assert_eq!(page("x.test", None), None);
        assert_eq!(page("nope", None), None);
    }

    #[test]
    fn host_redirects_take_literal_sources_only() {
        let files = MemFiles::new(&[
            (
                "/s/vercel.json",
                r#"{"redirects": [
                    {"source": "/old", "destination": "/new"},
                    {"source": "/blog/:slug", "destination": "/posts/:slug"},
                    {"source": "/cond", "destination": "/x", "has": [{"type": "host", "value": "a"}]},
                    {"source": "/price$", "destination": "/cost$"}
                ]}"#,
            ),
            (
                "/s/static/_redirects",
                "# comment\n/a /b\n/c/ /d 302!\n/e /f 404\n/g/* /h/:splat\n/i id=:id /j 301\n/k /l 301 Country=us\n/m https://other.example/m 301\n",
            ),
            ("/s/_redirects", "/n /o 200\n"),
        ]);
        let site = Site::from_config(
            &SiteConfig {
                root: "/s".into(),
                ..SiteConfig::default()
            },
            &files,
        );
        let to = |p: &str| site.redirect(p);
        assert_eq!(to("/old").as_deref(), Some("/new"));
        assert_eq!(to("/old/").as_deref(), Some("/new"));
        assert_eq!(to("/older"), None);
        assert_eq!(to("/blog/x"), None);
        assert_eq!(to("/cond"), None);
        assert_eq!(
            to("/price$").as_deref(),
            Some("/cost$"),
            "`$` is taken as written"
        );
        assert_eq!(to("/a").as_deref(), Some("/b"));
        assert_eq!(to("/c").as_deref(), Some("/d"));
        assert_eq!(to("/e"), None);
        assert_eq!(to("/g/x"), None);
        assert_eq!(to("/i"), None);
        assert_eq!(to("/k"), None);
        assert_eq!(to("/m").as_deref(), Some("https://other.example/m"));
        assert_eq!(to("/n").as_deref(), Some("/o"));
    }

    #[test]
    fn the_base_url_ends_at_a_segment() {
        let site = Site::from_config(
            &SiteConfig {
                root: "/s".into(),
                base_url: Some("/base/".into()),
                ..SiteConfig::default()
            },
            &MemFiles::new(&[]),
        );
        assert_eq!(site.strip_base_url("/base/docs/x"), Some("docs/x"));
        assert_eq!(site.strip_base_url("/base"), Some(""));
        assert_eq!(site.strip_base_url("/basement/x"), None);
        assert_eq!(site.strip_base_url("/docs/x"), None);
    }
}
