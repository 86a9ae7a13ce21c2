//! `[links]` settings: the external check and the shape of sites.
//!
//! Plain data, defined here rather than in `links` so that `config` (a
//! lower layer) parses them without importing the link code; `links`
//! re-exports this module as `links::config`.
//!
//! Everything has a default so that an empty `loclint.toml` works: the
//! external check is off, a Docusaurus site is found by its
//! `docusaurus.config.*`, and sites that are not Docusaurus describe their
//! content folders and URL prefixes in `[[links.sites]]`.

use serde::Deserialize;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct LinkConfig {
    /// Check external `http(s)` links over the network (`--online`).
    pub online: bool,
    /// Allow requests to loopback, private, link-local and metadata addresses
    /// (`--allow-private-hosts`). Off so that linting an untrusted pull request
    /// in CI cannot be used to probe the runner's network.
    pub allow_private_hosts: bool,
    /// Per-request timeout in seconds.
    pub timeout: u64,
    /// Retries after the first attempt for timeouts, 5xx, 408 and 429.
    pub retries: u64,
    /// First wait between retries in milliseconds; doubles on each retry.
    pub retry_wait_ms: u64,
    /// Requests in flight at once over all hosts.
    pub max_concurrency: usize,
    /// Requests in flight at once to one host.
    pub max_concurrency_per_host: usize,
    /// Minimum gap between two requests to one host, in milliseconds.
    pub host_interval_ms: u64,
    /// Status codes that count as alive (besides 2xx, which always do).
    pub accept: Vec<u16>,
    /// Regular expressions; a link (external URL or local path) that matches
    /// one is not checked.
    pub exclude: Vec<String>,
    /// Keep successful results in `cache-dir` between runs (off: `--no-cache`).
    pub cache: bool,
    /// How long a cached success stays valid, in seconds (default one day).
    pub cache_max_age: u64,
    /// loclint's cache folder, relative to the working directory
    /// (`--cache-dir`); link results go in its `links/` folder, and a
    /// `.gitignore` in it keeps it out of commits.
    pub cache_dir: PathBuf,
    /// Check links to images and other static files, not only pages.
    pub check_assets: bool,
    /// User agent for requests (default: `loclint/<version>`).
    pub user_agent: Option<String>,
    /// Sites whose layout cannot be read from a `docusaurus.config.*`.
    pub sites: Vec<SiteConfig>,
}

impl Default for LinkConfig {
    fn default() -> LinkConfig {
        LinkConfig {
            online: false,
            allow_private_hosts: false,
            timeout: 20,
            retries: 2,
            retry_wait_ms: 1000,
            max_concurrency: 64,
            max_concurrency_per_host: 8,
            host_interval_ms: 0,
            accept: Vec::new(),
            exclude: Vec::new(),
            cache: true,
            cache_max_age: 86_400,
            cache_dir: PathBuf::from(".loclint-cache"),
            check_assets: true,
            user_agent: None,
            sites: Vec::new(),
        }
    }
}

impl LinkConfig {
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout.max(1))
    }

    pub fn is_accepted(&self, code: u16) -> bool {
        (200..300).contains(&code) || self.accept.contains(&code)
    }
}

/// How a site turns URLs into files.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, schemars::JsonSchema, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SiteKind {
    /// Docusaurus semantics: content plugins, i18n folders, versions.
    #[default]
    Docusaurus,
    /// Another generator: URL prefixes map to content folders (`routes`).
    Static,
}

#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema, Default)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct SiteConfig {
    /// The site root, relative to the folder of the config file that names it.
    pub root: PathBuf,
    pub kind: SiteKind,
    /// Default `en`.
    pub default_locale: Option<String>,
    /// Default `/`.
    pub base_url: Option<String>,
    /// The site's own address (`https://helm.sh`): links to it are checked
    /// as local links. Read from `url` in `docusaurus.config.*` when not set.
    pub url: Option<String>,
    /// Docusaurus `trailingSlash`: how relative URLs resolve against a
    /// page's URL. Unset: both forms are tried.
    pub trailing_slash: Option<bool>,
    /// Locales the site builds besides the default (default: the folders
    /// under `i18n/`).
    pub locales: Option<Vec<String>>,
    /// Docusaurus docs plugin instances; default one instance at `docs`.
    pub docs: Vec<DocsPluginConfig>,
    /// Docusaurus blog plugin instances; default one at `blog` when the folder exists.
    pub blog: Vec<PluginPathConfig>,
    /// The site has no blog (`blog: false` in the classic preset).
    pub blog_off: bool,
    /// URL prefix -> content folder, for `static` sites (react.dev:
    /// `{ prefix = "/learn", dir = "src/content/learn" }`).
    pub routes: Vec<RouteConfig>,
    /// Folders served at the site root (`static/` for Docusaurus, `public/` for Next.js).
    pub static_dirs: Option<Vec<PathBuf>>,
    /// For a translation kept as a separate site (ko.react.dev): the root of
    /// the English site, whose pages mirror this one's path for path.
    pub source: Option<PathBuf>,
    /// The site's theme gives the page title an anchor: the h1 (or, without
    /// one, the front-matter `title`) answers to its slug. Stock Docusaurus
    /// renders the h1 without an id.
    pub title_anchors: bool,
    /// Redirects the host serves (`vercel.json`, `_redirects`, a link-rewriting
    /// plugin), tried in order on a site-absolute URL path before it is
    /// resolved: `from` is a regular expression, `to` its replacement (`$1`).
    /// A redirect to another host counts as resolved. The site's own
    /// `vercel.json` and Netlify `_redirects` are read as well, after these.
    pub redirects: Vec<RedirectConfig>,
    /// Locales built from the default-locale pages without reading
    /// `i18n/<locale>/` (Docusaurus `i18n.localeConfigs.<locale>.translate:
    /// false`, read from `docusaurus.config.*` when not set).
    pub untranslated_locales: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema, Default)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct RedirectConfig {
    /// A regular expression over the URL path (`^/reference/react/use-client$`).
    pub from: String,
    /// The path or URL it redirects to (`/reference/rsc/use-client`).
    pub to: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct DocsPluginConfig {
    /// Plugin id; `default` uses `i18n/<locale>/docusaurus-plugin-content-docs`,
    /// any other id adds `-<id>`.
    pub id: String,
    pub path: PathBuf,
    pub route_base_path: String,
    /// Versions besides `current`, with their URL segment.
    pub versions: Vec<VersionConfig>,
    /// URL segment of the current version (default empty: served at the base path).
    pub current_path: String,
    /// URL segment of the tag pages under the base path (Docusaurus' `tagsBasePath`).
    pub tags_base_path: String,
    /// Docusaurus `includeCurrentVersion`: `false` when the current version
    /// (the `docs/` folder) is not built, only `versions`.
    pub include_current_version: bool,
    /// Docusaurus `sidebarPath` as read from `docusaurus.config.*`. Not a
    /// `loclint.toml` key: it only says whether a sidebars file may define
    /// categories of its own.
    #[serde(skip)]
    #[schemars(skip)]
    pub sidebar_path: SidebarPath,
}

/// Docusaurus' `sidebarPath` option of a docs instance, as far as it is known.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SidebarPath {
    /// Not written: Docusaurus' default.
    #[default]
    Unset,
    /// A file, relative to the site root.
    File(String),
    /// `sidebarPath: false`: no sidebars.
    Off,
    /// Written as something that is not a literal.
    Unknown,
}

impl Default for DocsPluginConfig {
    fn default() -> DocsPluginConfig {
        DocsPluginConfig {
            id: "default".into(),
            path: PathBuf::from("docs"),
            route_base_path: "docs".into(),
            versions: Vec::new(),
            current_path: String::new(),
            tags_base_path: "tags".into(),
            include_current_version: true,
            sidebar_path: SidebarPath::Unset,
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema, Default)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct VersionConfig {
    /// Name as in `versions.json` (`3` for `versioned_docs/version-3`).
    pub name: String,
    /// URL segment (`v3`); default the name.
    pub path: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct PluginPathConfig {
    pub id: String,
    pub path: PathBuf,
    pub route_base_path: String,
    /// URL segment of the tag pages under the base path (Docusaurus' `tagsBasePath`).
    pub tags_base_path: String,
}

impl Default for PluginPathConfig {
    fn default() -> PluginPathConfig {
        PluginPathConfig {
            id: "default".into(),
            path: PathBuf::from("blog"),
            route_base_path: "blog".into(),
            tags_base_path: "tags".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema, Default)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct RouteConfig {
    /// URL path prefix, e.g. `/learn`.
    pub prefix: String,
    /// Content folder relative to the site root, e.g. `src/content/learn`.
    pub dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_react_dev_site() {
        let cfg: LinkConfig = toml::from_str(
            r#"
            online = true
            exclude = ["^https://example\\.com/"]
            [[sites]]
            root = "site"
            kind = "static"
            routes = [{ prefix = "/learn", dir = "src/content/learn" }]
            "#,
        )
        .unwrap();
        assert!(cfg.online);
        assert_eq!(cfg.sites[0].kind, SiteKind::Static);
        assert_eq!(cfg.sites[0].routes[0].prefix, "/learn");
        assert_eq!(cfg.cache_max_age, 86_400);
    }

    #[test]
    fn parses_docusaurus_versions() {
        let cfg: LinkConfig = toml::from_str(
            r#"
            [[sites]]
            root = "."
            [[sites.docs]]
            versions = [{ name = "3", path = "v3" }]
            [[sites.blog]]
            tags-base-path = "labels"
            "#,
        )
        .unwrap();
        let docs = &cfg.sites[0].docs[0];
        assert_eq!(docs.route_base_path, "docs");
        assert_eq!(docs.versions[0].path.as_deref(), Some("v3"));
        assert_eq!(docs.tags_base_path, "tags");
        assert_eq!(cfg.sites[0].blog[0].tags_base_path, "labels");
    }

    #[test]
    fn unknown_keys_are_errors() {
        assert!(toml::from_str::<LinkConfig>("onlien = true").is_err());
    }
}
