//! `loclint.toml`: discovery, validation and layering.
//!
//! Each checked file uses the nearest `loclint.toml` or `.loclint.toml` found
//! upward from its folder, stopping at the repository root (a folder with
//! `.git`); a file named on the command line, or standard input with
//! `--stdin-filename`, finds its config the same way as a walked file. Layers: built-in defaults < `extend`ed file < the file < CLI flags.
//! Unknown keys and bad values are errors that point into the TOML.
//!
//! Config sits below pairing, links and the rules, and imports none of them:
//! `[links]` is defined here ([`links`]) and `[glossary]` in `lang`, and
//! whoever loads a config passes in the test for rule names ([`KnownRule`]).

pub mod links;

use crate::diagnostic::Severity;
use crate::lang::Locale;
// Config files are found through absolute paths, so globs in them are
// matched against absolute paths made relative to the config's folder.
use crate::util::absolute;
use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{NamedSource, SourceSpan};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use toml::Spanned;

/// Config files larger than this are refused.
const CONFIG_LIMIT: u64 = 4 * 1024 * 1024;

pub const CONFIG_NAMES: &[&str] = &["loclint.toml", ".loclint.toml"];

/// An invalid configuration: names the file, the cause, and where in the TOML.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConfigError {
    #[error("invalid config {path}: {message}")]
    #[diagnostic(code(loclint::config))]
    Invalid {
        path: String,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("{label}")]
        span: Option<SourceSpan>,
        label: String,
    },
    #[error("cannot read config {path}: {cause}")]
    #[diagnostic(code(loclint::config))]
    Io { path: String, cause: String },
}

/// The on-disk shape of `loclint.toml`. Its JSON Schema ([`schema`]) is
/// derived from these types, so the two cannot drift apart.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "loclint.toml",
    description = "loclint's configuration, found upward from each checked file."
)]
struct RawConfig {
    /// Another config file to start from, relative to this one.
    #[schemars(with = "Option<String>")]
    extend: Option<Spanned<String>>,
    /// Globs of the files to check (walked or named), relative to this file.
    #[schemars(with = "Option<Vec<String>>")]
    include: Option<Vec<Spanned<String>>>,
    /// Globs of files never to check.
    #[schemars(with = "Option<Vec<String>>")]
    exclude: Option<Vec<Spanned<String>>>,
    /// Severity per rule: "off", "info", "warning" or "error".
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Path globs -> locale, for pages whose path does not say.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    locales: BTreeMap<Spanned<String>, Spanned<String>>,
    site: Option<SiteConfig>,
    links: Option<LinksConfig>,
    glossary: Option<GlossaryConfig>,
    freshness: Option<FreshnessConfig>,
}

/// `[freshness]`: how git history is read for `stale-translation`.
#[derive(Debug, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FreshnessConfig {
    /// Regexes over commit messages: a source commit whose message matches
    /// one does not make its translations stale (typo fixes, `[skip i18n]`).
    pub ignore_commits: Vec<String>,
}

impl Default for FreshnessConfig {
    fn default() -> Self {
        FreshnessConfig {
            ignore_commits: vec![r"(?i)\[(skip|no)[ -](i18n|l10n|translation)\]".to_string()],
        }
    }
}

/// The JSON Schema of `loclint.toml` (`loclint config --schema`), derived
/// from the types the file is read into. `rules` lists the rule names that
/// exist (the caller passes them: config does not import the rules), so an
/// editor completes them and flags a misspelt one, as loading does.
pub fn schema(rules: &[&str]) -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(RawConfig)).unwrap_or_default();
    let severities: Vec<&str> = std::iter::once("off")
        .chain(Severity::ALL.iter().map(|s| s.as_str()))
        .collect();
    let properties: serde_json::Map<String, serde_json::Value> = rules
        .iter()
        .map(|r| ((*r).to_string(), serde_json::json!({ "enum": severities })))
        .collect();
    if let Some(slot) = schema.pointer_mut("/properties/rules") {
        *slot = serde_json::json!({
            "description": "Severity per rule: \"off\", \"info\", \"warning\" or \"error\".",
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        });
    }
    schema
}

/// `[site]`: where the site is and how it maps to content.
#[derive(Debug, Default, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SiteConfig {
    /// Site root, relative to the config file (default: the folder with `docusaurus.config.*`).
    pub root: Option<String>,
    /// For sites that are not Docusaurus: the folder holding the English
    /// originals, mirrored path for path (`source = "../react.dev"`).
    pub source: Option<String>,
    /// Content roots and their URL prefixes for non-Docusaurus sites:
    /// `routes = { "/learn" = "src/content/learn" }`.
    #[serde(default)]
    pub routes: BTreeMap<String, String>,
    /// The site's default locale (default "en").
    pub default_locale: Option<String>,
}

/// `[links]`: link checking (see [`links`]).
pub use links::LinkConfig as LinksConfig;

/// `[glossary]`: terms the translation rules must know (defined with the
/// language knowledge that reads it).
pub use crate::lang::GlossaryConfig;

/// Whether a rule of this name exists. Supplied by whoever loads the
/// config (the rule registry is above config, which does not import it).
pub type KnownRule = fn(&str) -> bool;

/// The resolved configuration that applies to one file.
#[derive(Debug, Clone)]
pub struct FileConfig {
    /// The config file this came from (`None`: defaults only).
    pub path: Option<PathBuf>,
    /// Folder that relative paths and globs in the config are relative to.
    pub base_dir: PathBuf,
    /// Severity per rule; `None` turns a rule off.
    pub severities: HashMap<String, Option<Severity>>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    locales: Vec<(GlobSet, Locale)>,
    pub site: SiteConfig,
    pub links: LinksConfig,
    pub glossary: GlossaryConfig,
    pub freshness: FreshnessConfig,
}

impl Default for FileConfig {
    fn default() -> Self {
        FileConfig {
            path: None,
            base_dir: PathBuf::from("."),
            severities: HashMap::new(),
            include: None,
            exclude: None,
            locales: Vec::new(),
            site: SiteConfig::default(),
            links: LinksConfig::default(),
            glossary: GlossaryConfig::default(),
            freshness: FreshnessConfig::default(),
        }
    }
}

/// Extensions checked when no `include` is configured, in any case
/// (`README.MD` is Markdown too).
pub const DEFAULT_EXTENSIONS: &[&str] = &["md", "mdx", "markdown"];

impl FileConfig {
    /// Whether a walked file is checked: `include` (default: Markdown/MDX
    /// extensions) and not `exclude`.
    pub fn wants(&self, path: &Path) -> bool {
        let abs = absolute(path);
        let rel = abs.strip_prefix(&self.base_dir).unwrap_or(path);
        let included = match &self.include {
            Some(set) => set.is_match(rel) || set.is_match(path),
            None => path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| DEFAULT_EXTENSIONS.iter().any(|d| d.eq_ignore_ascii_case(e))),
        };
        included && !self.is_excluded(path)
    }

    /// Whether a file that [`wants`](Self::wants) leaves out was left out
    /// by this config's own `include`/`exclude`, rather than by the default
    /// extension filter (always so with defaults only: no config was read).
    pub fn excludes_by_setting(&self, path: &Path) -> bool {
        self.path.is_some() && (self.include.is_some() || self.is_excluded(path))
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        let abs = absolute(path);
        let rel = abs.strip_prefix(&self.base_dir).unwrap_or(path);
        self.exclude
            .as_ref()
            .is_some_and(|set| set.is_match(rel) || set.is_match(path))
    }

    /// A locale set for this path by a `[locales]` glob.
    pub fn locale_for(&self, path: &Path) -> Option<Locale> {
        if self.locales.is_empty() {
            return None;
        }
        let abs = absolute(path);
        let rel = abs.strip_prefix(&self.base_dir).unwrap_or(path);
        self.locales
            .iter()
            .find(|(set, _)| set.is_match(rel) || set.is_match(path))
            .map(|(_, l)| l.clone())
    }

    /// Effective severity of a rule, `None` when it is off.
    pub fn severity(&self, rule: &str, default: Severity) -> Option<Severity> {
        match self.severities.get(rule) {
            Some(s) => *s,
            None => Some(default),
        }
    }

    /// Loads a config file and everything it extends; a rule name that
    /// `known_rule` does not know is an error.
    pub fn load(path: &Path, known_rule: KnownRule) -> Result<FileConfig, Box<ConfigError>> {
        let mut cfg = FileConfig::default();
        cfg.apply_file(path, 0, known_rule)?;
        Ok(cfg)
    }

    fn apply_file(
        &mut self,
        path: &Path,
        depth: usize,
        known_rule: KnownRule,
    ) -> Result<(), Box<ConfigError>> {
        let shown = path.display().to_string();
        let text = crate::util::fsio::read_regular_string(path, CONFIG_LIMIT).map_err(|e| {
            Box::new(ConfigError::Io {
                path: shown.clone(),
                cause: e.to_string(),
            })
        })?;
        let invalid = |message: String, span: Option<std::ops::Range<usize>>, label: &str| {
            Box::new(ConfigError::Invalid {
                path: shown.clone(),
                message,
                src: NamedSource::new(shown.clone(), text.clone()),
                span: span.map(|r| SourceSpan::from(r.start..r.end)),
                label: label.to_string(),
            })
        };
        let raw: RawConfig = toml::from_str(&text)
            .map_err(|e| invalid(e.message().to_string(), e.span(), "here"))?;
        let base_dir = absolute(path.parent().unwrap_or(Path::new(".")));
        if let Some(ext) = &raw.extend {
            if depth > 8 {
                return Err(invalid(
                    "`extend` chain is too deep (a cycle?)".into(),
                    Some(ext.span()),
                    "extended here",
                ));
            }
            let target = base_dir.join(ext.get_ref());
            if !target.is_file() {
                return Err(invalid(
                    format!("extended config {} does not exist", target.display()),
                    Some(ext.span()),
                    "this file",
                ));
            }
            self.apply_file(&target, depth + 1, known_rule)?;
        }
        self.path = Some(path.to_path_buf());
        self.base_dir = base_dir;
        for (name, value) in &raw.rules {
            if !known_rule(name.get_ref()) {
                return Err(invalid(
                    format!("unknown rule `{}`", name.get_ref()),
                    Some(name.span()),
                    "no rule by this name",
                ));
            }
            let sev = match value.get_ref().as_str() {
                "off" => None,
                s => match Severity::parse(s) {
                    Some(sev) => Some(sev),
                    None => {
                        return Err(invalid(
                            format!("invalid severity `{s}` for rule `{}`", name.get_ref()),
                            Some(value.span()),
                            "expected \"off\", \"info\", \"warning\" or \"error\"",
                        ));
                    }
                },
            };
            self.severities.insert(name.get_ref().clone(), sev);
        }
        let globs = |list: &[Spanned<String>]| -> Result<GlobSet, Box<ConfigError>> {
            let mut b = GlobSetBuilder::new();
            for g in list {
                let glob = Glob::new(g.get_ref()).map_err(|e| {
                    invalid(format!("invalid glob: {e}"), Some(g.span()), "this glob")
                })?;
                b.add(glob);
            }
            b.build()
                .map_err(|e| invalid(format!("invalid globs: {e}"), None, ""))
        };
        if let Some(list) = &raw.include {
            self.include = Some(globs(list)?);
        }
        if let Some(list) = &raw.exclude {
            self.exclude = Some(globs(list)?);
        }
        for (pattern, locale) in &raw.locales {
            let set = globs(std::slice::from_ref(pattern))?;
            let tag = locale.get_ref();
            if tag.is_empty()
                || !tag
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(invalid(
                    format!("invalid locale `{tag}`"),
                    Some(locale.span()),
                    "expected a tag like \"ko\" or \"zh-Hans\"",
                ));
            }
            self.locales.push((set, Locale::new(tag)));
        }
        if let Some(site) = raw.site {
            self.site = site;
        }
        if let Some(links) = raw.links {
            for re in &links.exclude {
                if let Err(e) = regex::Regex::new(re) {
                    let at = text.find(re.as_str()).map(|i| i..i + re.len());
                    return Err(invalid(
                        format!("invalid regex in links.exclude: {e}"),
                        at,
                        "this regex",
                    ));
                }
            }
            for site in &links.sites {
                for r in &site.redirects {
                    if let Err(e) = regex::Regex::new(&r.from) {
                        let at = text.find(r.from.as_str()).map(|i| i..i + r.from.len());
                        return Err(invalid(
                            format!("invalid regex in links.sites.redirects: {e}"),
                            at,
                            "this regex",
                        ));
                    }
                }
            }
            self.links = links;
        }
        if let Some(f) = raw.freshness {
            for re in &f.ignore_commits {
                if let Err(e) = regex::Regex::new(re) {
                    let at = text.find(re.as_str()).map(|i| i..i + re.len());
                    return Err(invalid(
                        format!("invalid regex in freshness.ignore-commits: {e}"),
                        at,
                        "this regex",
                    ));
                }
            }
            self.freshness = f;
        }
        if let Some(g) = raw.glossary {
            self.glossary.keep.extend(g.keep);
            for (loc, terms) in g.terms {
                self.glossary.terms.entry(loc).or_default().extend(terms);
            }
        }
        Ok(())
    }
}

/// How config files are found for a run.
#[derive(Debug, Clone)]
pub enum ConfigMode {
    /// Nearest `loclint.toml` upward from each file.
    Discover,
    /// One file for every checked file (`--config`).
    Fixed(Arc<FileConfig>),
    /// Defaults only (`--isolated`).
    Isolated,
}

/// Per-folder cache of discovered configs, shared by the worker threads.
#[derive(Debug)]
pub struct ConfigResolver {
    mode: ConfigMode,
    cache: Mutex<HashMap<PathBuf, Arc<FileConfig>>>,
    defaults: Arc<FileConfig>,
    /// Validates the rule names of discovered files.
    known_rule: KnownRule,
    /// The first error met while discovering (reported once, exit 2).
    pub errors: Mutex<Vec<String>>,
}

impl ConfigResolver {
    pub fn new(mode: ConfigMode, known_rule: KnownRule) -> ConfigResolver {
        ConfigResolver {
            mode,
            cache: Mutex::new(HashMap::new()),
            defaults: Arc::new(FileConfig::default()),
            known_rule,
            errors: Mutex::new(Vec::new()),
        }
    }

    /// The config for a file in `dir`; errors are returned so the run can stop with exit 2.
    pub fn for_dir(&self, dir: &Path) -> Result<Arc<FileConfig>, Box<ConfigError>> {
        match &self.mode {
            ConfigMode::Fixed(c) => return Ok(c.clone()),
            ConfigMode::Isolated => return Ok(self.defaults.clone()),
            ConfigMode::Discover => {}
        }
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Some(c) = self.cache.lock().ok().and_then(|m| m.get(dir).cloned()) {
            return Ok(c);
        }
        let found = find_config_file(dir);
        let cfg = match found {
            Some(path) => {
                // Share one loaded config between all folders that find the same file.
                let key = path.parent().map(Path::to_path_buf).unwrap_or_default();
                let cached = if key == dir {
                    None
                } else {
                    self.cache.lock().ok().and_then(|m| m.get(&key).cloned())
                };
                match cached {
                    Some(c) => c,
                    None => Arc::new(FileConfig::load(&path, self.known_rule)?),
                }
            }
            None => self.defaults.clone(),
        };
        if let Ok(mut m) = self.cache.lock() {
            m.insert(dir.to_path_buf(), cfg.clone());
        }
        Ok(cfg)
    }
}

/// The nearest config file at or above `dir`, not above the repository root.
pub fn find_config_file(dir: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(dir).ok()?;
    let mut cur: Option<&Path> = Some(abs.as_path());
    while let Some(d) = cur {
        for name in CONFIG_NAMES {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        if d.join(".git").exists() {
            return None;
        }
        cur = d.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule names these tests use (the registry is not config's to import).
    fn known(name: &str) -> bool {
        matches!(name, "replacement-character" | "non-utf8-file")
    }

    fn write(dir: &Path, name: &str, s: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, s).unwrap();
        p
    }

    #[test]
    fn rules_and_extend() {
        let t = tempfile::tempdir().unwrap();
        write(
            t.path(),
            "base.toml",
            "[rules]\nreplacement-character = \"warning\"\n",
        );
        let p = write(
            t.path(),
            "loclint.toml",
            "extend = \"base.toml\"\n[rules]\nnon-utf8-file = \"off\"\n[locales]\n\"i18n/ko/**\" = \"ko\"\n",
        );
        let c = FileConfig::load(&p, known).unwrap();
        assert_eq!(
            c.severity("replacement-character", Severity::Error),
            Some(Severity::Warning)
        );
        assert_eq!(c.severity("non-utf8-file", Severity::Error), None);
        assert_eq!(
            c.locale_for(&t.path().join("i18n/ko/x.md")),
            Some(Locale::new("ko"))
        );
    }

    #[test]
    fn unknown_key_is_labelled() {
        let t = tempfile::tempdir().unwrap();
        let p = write(
            t.path(),
            "loclint.toml",
            "[rules]\nreplacement-character = \"loud\"\n",
        );
        let e = FileConfig::load(&p, known).unwrap_err();
        match *e {
            ConfigError::Invalid { message, span, .. } => {
                assert!(message.contains("loud"), "{message}");
                assert!(span.is_some());
            }
            ConfigError::Io { .. } => panic!("io"),
        }
        let p = write(t.path(), "loclint.toml", "colour = true\n");
        assert!(matches!(
            FileConfig::load(&p, known),
            Err(e) if matches!(*e, ConfigError::Invalid { .. })
        ));
        let p = write(
            t.path(),
            "loclint.toml",
            "[rules]\nno-such-rule = \"off\"\n",
        );
        assert!(matches!(
            FileConfig::load(&p, known),
            Err(e) if matches!(*e, ConfigError::Invalid { .. })
        ));
    }
}
