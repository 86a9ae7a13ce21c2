//! One link of a parsed page, taken apart and resolved: the glue between the
//! `Document` model and the pure resolution in `resolve.rs`, shared by the
//! `missing-file` and `broken-anchor` rules so both see the same answer.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use super::config::{LinkConfig, RouteConfig, SiteConfig, SiteKind};
use super::index::IndexedLink;
use super::resolve::{Linking, Resolution, normalize};
use super::site::{Site, is_page};
use super::state::LinkState;
use super::{Target, classify, percent_decode};
use crate::config::FileConfig;
use crate::diagnostic::Diagnostic;
use crate::document::LinkKind;

/// A fragment as written, with its byte range in the page (without `#`).
#[derive(Debug, Clone)]
pub struct Fragment<'a> {
    pub raw: &'a str,
    pub range: Range<usize>,
}

/// Where a local link goes.
#[derive(Debug, Clone)]
pub enum LinkDest<'a> {
    /// `#frag`: this page.
    SamePage(Fragment<'a>),
    /// A path, resolved.
    Path {
        /// The path as written (no query, no fragment).
        raw: &'a str,
        range: Range<usize>,
        resolution: Resolution,
        fragment: Option<Fragment<'a>>,
        /// True for images and other non-page files.
        asset: bool,
        /// Written as an absolute URL of the site's own address.
        own_url: bool,
    },
}

const PAGE_EXTS: &[&str] = &["md", "mdx"];

fn extension(path: &str) -> Option<&str> {
    let last = path.rsplit('/').next()?;
    let (_, ext) = last.rsplit_once('.')?;
    (!ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric())).then_some(ext)
}

/// Offset of `part` inside `whole` when `part` is a subslice of it.
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start + part.len() <= whole.len()).then_some(start)
}

/// What resolving the links of one page needs, computed once per page.
pub struct PageLinks<'a> {
    pub state: &'a LinkState,
    pub config: &'a LinkConfig,
    exclude: Arc<Option<regex::RegexSet>>,
    site: Option<Arc<Site>>,
    /// The page's path made absolute (resolution works on absolute paths).
    abs_path: PathBuf,
    /// Whether the page was given as a relative path (results are given back
    /// in the same form, so that they hit the workspace's cache).
    relative: bool,
}

static CWD: LazyLock<PathBuf> = LazyLock::new(|| std::env::current_dir().unwrap_or_default());

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        normalize(p)
    } else {
        normalize(&CWD.join(p))
    }
}

/// `abs` relative to the working directory, in the `../x` form the engine uses.
fn relative_to_cwd(abs: &Path) -> PathBuf {
    relative_to(&CWD, abs)
}

pub use crate::util::relative_to;

impl<'a> PageLinks<'a> {
    pub fn new(path: &Path, state: &'a LinkState, file_config: &'a FileConfig) -> PageLinks<'a> {
        let abs_path = absolute(path);
        let base = absolute(&file_config.base_dir);
        let site = state
            .resolver
            .site_for(&abs_path, || configured_sites(file_config, &base));
        PageLinks {
            state,
            config: &file_config.links,
            exclude: state.exclusions(&file_config.links.exclude),
            site,
            abs_path,
            relative: !path.is_absolute(),
        }
    }

    /// The English page this page translates when its site is a separate
    /// translation site with `source` configured (the engine pairs
    /// Docusaurus i18n folders itself).
    pub fn mirrored_source(&self) -> Option<PathBuf> {
        let site = self.site.as_ref()?;
        if let Some(src) = &site.source {
            let rel = self.abs_path.strip_prefix(&site.root).ok()?;
            return Some(self.display_path(&src.join(rel)));
        }
        // A Docusaurus translation: the same path in the default-locale folder.
        let loc = site.locate(&self.abs_path)?;
        loc.locale.as_ref()?;
        let default = site.default_dir(loc.plugin, loc.version)?.join(&loc.rel);
        self.state
            .resolver
            .file_exists(&default)
            .then(|| self.display_path(&default))
    }

    fn is_excluded(&self, dest: &str) -> bool {
        self.exclude
            .as_ref()
            .as_ref()
            .is_some_and(|set| set.is_match(dest))
    }

    /// The site the page belongs to, when it is in one.
    pub fn site(&self) -> Option<&Site> {
        self.site.as_deref()
    }

    /// How a resolved path is named in messages: relative to the site root
    /// when the page is in a site, else relative to the page's folder.
    pub fn name_of(&self, path: &Path) -> PathBuf {
        let abs = absolute(path);
        if let Some(rel) = self
            .site
            .as_ref()
            .and_then(|s| abs.strip_prefix(&s.root).ok())
        {
            return rel.to_path_buf();
        }
        relative_to(self.abs_path.parent().unwrap_or(Path::new("")), &abs)
    }

    /// A resolved path in the form the page's own path has.
    pub fn display_path(&self, abs: &Path) -> PathBuf {
        if self.relative {
            relative_to_cwd(abs)
        } else {
            abs.to_path_buf()
        }
    }

    /// Takes a link apart and resolves its path. `None` for links that are
    /// not local (external, mail, templates), excluded, or not judged.
    pub fn local_dest<'d>(&self, link: &'d IndexedLink) -> Option<LinkDest<'d>> {
        if matches!(link.kind, LinkKind::Email | LinkKind::BareUrl) {
            return None;
        }
        let written = link.written.as_str();
        let base = link.dest_range.start;
        let frag_of = |f: &'d str| {
            offset_in(written, f).map(|o| Fragment {
                raw: f,
                range: base + o..base + o + f.len(),
            })
        };
        // `pathname:///x.pdf` is Docusaurus' escape for a static file that is
        // linked as a URL, not bundled: a file of the static folders.
        if let Some(rest) = strip_prefix_ignore_case(written, "pathname://") {
            return self.static_dest(link, rest);
        }
        let mut own_url = false;
        let target = match classify(written) {
            // A link to the site's own address is a local link.
            Target::External(url) => match self.own_path(url) {
                Some(path) => {
                    own_url = true;
                    classify(path)
                }
                None => return None,
            },
            t => t,
        };
        match target {
            Target::SamePage { fragment } => Some(LinkDest::SamePage(frag_of(fragment)?)),
            Target::Local { path, fragment } => {
                if self.is_excluded(written) || self.is_excluded(path) {
                    return None;
                }
                let start = base + offset_in(written, path)?;
                let decoded = percent_decode(path);
                let ext = extension(&decoded).map(str::to_ascii_lowercase);
                let page_link = ext.as_deref().is_some_and(|e| PAGE_EXTS.contains(&e));
                let asset = link.kind == LinkKind::Image || (ext.is_some() && !page_link);
                if asset && !self.config.check_assets {
                    return None;
                }
                // Raw HTML and full URLs reach the browser as written;
                // Markdown links go through Docusaurus' `Link`.
                let as_written = own_url || link.kind == LinkKind::Html;
                let resolution = match self.resolve_path(&decoded, page_link, asset, as_written) {
                    Resolution::Found(p) => Resolution::Found(self.display_path(&p)),
                    Resolution::Missing { works_as, target } => Resolution::Missing {
                        works_as,
                        target: target.map(|t| self.display_path(&t)),
                    },
                    Resolution::Unknown => Resolution::Unknown,
                };
                Some(LinkDest::Path {
                    raw: path,
                    range: start..start + path.len(),
                    resolution,
                    fragment: fragment.and_then(frag_of),
                    asset,
                    own_url,
                })
            }
            _ => None,
        }
    }

    /// The path part of `url` when it is an address of this page's own
    /// site (`url` in its config, any scheme), from the `/` after the host.
    fn own_path<'u>(&self, url: &'u str) -> Option<&'u str> {
        let own = self.site.as_ref()?.url.as_deref()?;
        let host_of = |u: &str| -> Option<(usize, String)> {
            let after = u.find("//")? + 2;
            let end = u[after..]
                .find(['/', '?', '#'])
                .map_or(u.len(), |e| after + e);
            Some((end, u[after..end].to_ascii_lowercase()))
        };
        let (_, own_host) = host_of(own)?;
        let (end, host) = host_of(url)?;
        let path = &url[end..];
        (host == own_host && path.starts_with('/')).then_some(path)
    }

    fn has_static_dir(&self, site: &Site) -> bool {
        site.static_dirs
            .iter()
            .any(|d| self.state.resolver.dir_exists(&site.root.join(d)))
    }

    /// A `pathname://` link: a file of the site's static folders.
    fn static_dest<'d>(&self, link: &'d IndexedLink, rest: &'d str) -> Option<LinkDest<'d>> {
        let site = self.site.as_ref()?;
        if !self.config.check_assets || self.is_excluded(rest) {
            return None;
        }
        let path = rest.split(['#', '?']).next().unwrap_or(rest);
        let start = link.dest_range.start + offset_in(&link.written, path)?;
        let decoded = percent_decode(path);
        // Written with or without the base URL: `Link` adds it when missing.
        let inner = site
            .strip_base_url(&decoded)
            .unwrap_or_else(|| decoded.trim_start_matches('/'));
        if inner.is_empty() {
            return None;
        }
        let found = site
            .static_dirs
            .iter()
            .map(|d| normalize(&site.root.join(d).join(inner)))
            .find(|p| self.state.resolver.file_exists(p));
        let resolution = match found {
            Some(p) => Resolution::Found(self.display_path(&p)),
            None if !self.has_static_dir(site) => return None,
            None => Resolution::Missing {
                works_as: None,
                target: None,
            },
        };
        Some(LinkDest::Path {
            raw: path,
            range: start..start + path.len(),
            resolution,
            fragment: None,
            asset: true,
            own_url: false,
        })
    }

    fn resolve_path(
        &self,
        decoded: &str,
        page_link: bool,
        asset: bool,
        as_written: bool,
    ) -> Resolution {
        let resolver = &self.state.resolver;
        let dir = self.abs_path.parent().unwrap_or(Path::new(""));
        let Some(site) = &self.site else {
            // Not inside a known site: plain Markdown semantics (as on
            // GitHub): relative file paths only.
            if decoded.starts_with('/') || decoded.starts_with("@site/") || !(page_link || asset) {
                return Resolution::Unknown;
            }
            let p = normalize(&dir.join(decoded));
            return if resolver.file_exists(&p) {
                Resolution::Found(p)
            } else {
                Resolution::Missing {
                    works_as: None,
                    target: None,
                }
            };
        };
        let from = Linking {
            site,
            path: &self.abs_path,
        };
        if page_link || decoded.starts_with("@site/") {
            return resolver.resolve_file(&from, decoded);
        }
        if decoded.starts_with('/') {
            let r = if as_written {
                resolver.resolve_url(&from, decoded)
            } else {
                resolver.resolve_link_path(&from, decoded)
            };
            // An image or file at a root URL comes from the static folders
            // (`![](/img/x.png)`); when one of them exists and the file is
            // in none, it is missing. Without any, nothing is known.
            if asset && r == Resolution::Unknown && self.has_static_dir(site) {
                return Resolution::Missing {
                    works_as: None,
                    target: None,
                };
            }
            return r;
        }
        if asset {
            // Docusaurus turns relative asset links into `require()` calls:
            // the file must exist next to the page.
            let p = normalize(&dir.join(decoded));
            return if resolver.file_exists(&p) {
                Resolution::Found(p)
            } else {
                Resolution::Missing {
                    works_as: None,
                    target: None,
                }
            };
        }
        // A relative URL (`../guide/`) is resolved by the browser against
        // the page's URL.
        resolver.resolve_relative_url(&from, decoded)
    }
}

fn strip_prefix_ignore_case<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Sites named by a page's config: `[[links.sites]]` and `[site]`, with roots
/// made absolute against the config's folder.
fn configured_sites(cfg: &FileConfig, base: &Path) -> Vec<SiteConfig> {
    let mut out: Vec<SiteConfig> = cfg
        .links
        .sites
        .iter()
        .map(|s| {
            let mut s = s.clone();
            s.root = normalize(&base.join(&s.root));
            s.source = s.source.map(|src| normalize(&base.join(src)));
            s
        })
        .collect();
    let site = &cfg.site;
    if site.root.is_some() || !site.routes.is_empty() {
        let kind = if site.routes.is_empty() {
            SiteKind::Docusaurus
        } else {
            SiteKind::Static
        };
        out.push(SiteConfig {
            root: normalize(&base.join(site.root.as_deref().unwrap_or("."))),
            kind,
            default_locale: site.default_locale.clone(),
            routes: site
                .routes
                .iter()
                .map(|(prefix, dir)| RouteConfig {
                    prefix: prefix.clone(),
                    dir: PathBuf::from(dir),
                })
                .collect(),
            ..SiteConfig::default()
        });
    }
    out
}

/// True when a resolved file is a page whose anchors can be computed.
pub fn is_page_file(p: &Path) -> bool {
    is_page(p)
}

/// A finding on a translation that Docusaurus never builds (no English
/// page in the source folder): still a defect of the file, which goes live
/// as soon as the English page is added, but no reader meets it today.
pub fn never_built_note(d: Diagnostic) -> Diagnostic {
    let note = "this translation has no English page in the source folder, so Docusaurus does not build it until one is added";
    let help = match d.help.as_deref() {
        Some(h) => format!("{h}; {note}"),
        None => note.to_string(),
    };
    d.with_help(help)
}
