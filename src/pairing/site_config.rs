//! What a `docusaurus.config.*` says, read without running it.
//!
//! The config is a JavaScript or TypeScript module, and loclint does not run
//! Node. Most sites still write the settings that matter for links and
//! locales as literals: `url: 'https://helm.sh'`, `baseUrl: '/'`,
//! `i18n: { defaultLocale: 'ko', locales: ['ko', 'en'] }`, a preset's
//! `docs: { routeBasePath: '/' }`, a `['@docusaurus/plugin-content-docs', {
//! id: 'community', path: 'community' }]` plugin entry. This module tokenizes
//! the file (strings, comments, template literals, brackets), builds a loose
//! tree of the object and array literals it finds, and reads those settings
//! from it. Anything computed (`process.env.X`, a function call, a spread)
//! is left unknown; `[[links.sites]]` in `loclint.toml` can say it instead.

pub use crate::config::links::SidebarPath;

/// A value as far as it could be read.
#[derive(Debug, Clone, PartialEq)]
pub enum JsValue {
    Str(String),
    Bool(bool),
    Array(Vec<JsValue>),
    Object(Vec<(String, JsValue)>),
    /// An expression that is not a literal; any literals found inside it
    /// (the object passed to `defineConfig({...})`) are kept.
    Other(Vec<JsValue>),
}

impl JsValue {
    fn get(&self, key: &str) -> Option<&JsValue> {
        match self {
            JsValue::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn str(&self) -> Option<&str> {
        match self {
            JsValue::Str(s) => Some(s),
            _ => None,
        }
    }

    fn strings(&self) -> Option<Vec<String>> {
        match self {
            JsValue::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|v| v.str().map(str::to_string))
                    .collect(),
            ),
            _ => None,
        }
    }

    /// Every value in the tree, depth first (itself included).
    fn walk<'a>(&'a self, out: &mut Vec<&'a JsValue>) {
        out.push(self);
        match self {
            JsValue::Array(items) | JsValue::Other(items) => {
                for v in items {
                    v.walk(out);
                }
            }
            JsValue::Object(fields) => {
                for (_, v) in fields {
                    v.walk(out);
                }
            }
            JsValue::Str(_) | JsValue::Bool(_) => {}
        }
    }
}

/// A content plugin instance (docs or blog) as configured.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentPlugin {
    /// `None`: the default instance.
    pub id: Option<String>,
    pub path: Option<String>,
    pub route_base_path: Option<String>,
    /// Docs: `lastVersion`, the version served at the base path.
    pub last_version: Option<String>,
    /// Docs: `versions: { '2': { path: '2.x' } }`, the URL segments that
    /// replace the defaults (`current` included).
    pub version_paths: Vec<(String, String)>,
    /// Docs: `disableVersioning: true` (only the current version is built).
    pub disable_versioning: bool,
    /// `tagsBasePath`: where the tag pages are, under the base path.
    pub tags_base_path: Option<String>,
    /// Docs: `includeCurrentVersion` (Docusaurus' default `true`); `false`
    /// builds only the versions of `versions.json`.
    pub include_current_version: Option<bool>,
    /// Docs: `onlyIncludeVersions: ['current', '2']`, the only versions built.
    pub only_include_versions: Option<Vec<String>>,
    /// Docs: `sidebarPath`, a string (also inside
    /// `require.resolve('./sidebars.js')`) or `false`.
    pub sidebar_path: SidebarPath,
}

/// The settings loclint reads from a Docusaurus config; `None` where the
/// file does not say, or says it with something other than a literal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocusaurusConfig {
    pub url: Option<String>,
    pub base_url: Option<String>,
    pub trailing_slash: Option<bool>,
    pub default_locale: Option<String>,
    pub locales: Option<Vec<String>>,
    pub static_directories: Option<Vec<String>>,
    /// Docs instances: the classic preset's `docs` and each
    /// `plugin-content-docs` entry. Empty when none is written out.
    pub docs: Vec<ContentPlugin>,
    /// Blog instances, likewise; `blog: false` in the preset gives `blog_off`.
    pub blog: Vec<ContentPlugin>,
    pub blog_off: bool,
    /// `docs: false` in the preset (docs only from plugin entries).
    pub docs_off: bool,
    /// Locales whose `i18n.localeConfigs` entry says `translate: false`:
    /// Docusaurus builds them from the default-locale content, without
    /// reading `i18n/<locale>/`. Sorted.
    pub untranslated_locales: Vec<String>,
    /// Admonition keywords the site adds (`admonitions: { keywords: [...] }`
    /// in any content plugin's options), sorted.
    pub admonition_keywords: Vec<String>,
}

impl DocusaurusConfig {
    /// Reads the settings from the text of a config file.
    pub fn parse(text: &str) -> DocusaurusConfig {
        let tokens = tokenize(text);
        let mut p = Parser {
            tokens: &tokens,
            pos: 0,
        };
        let mut roots = Vec::new();
        while p.pos < tokens.len() {
            match tokens[p.pos] {
                Tok::Open('{' | '[') => roots.push(p.value()),
                _ => p.pos += 1,
            }
        }
        let mut all = Vec::new();
        for r in &roots {
            r.walk(&mut all);
        }
        let mut cfg = DocusaurusConfig::default();
        // The site config is the object that holds `baseUrl` (required by
        // Docusaurus), else one with `i18n` or `presets`.
        let site = all.iter().find(|v| v.get("baseUrl").is_some()).or_else(|| {
            all.iter()
                .find(|v| v.get("i18n").is_some() || v.get("presets").is_some())
        });
        if let Some(site) = site {
            cfg.url = site.get("url").and_then(JsValue::str).map(str::to_string);
            cfg.base_url = site
                .get("baseUrl")
                .and_then(JsValue::str)
                .map(str::to_string);
            cfg.trailing_slash = match site.get("trailingSlash") {
                Some(JsValue::Bool(b)) => Some(*b),
                _ => None,
            };
            cfg.static_directories = site.get("staticDirectories").and_then(JsValue::strings);
            if let Some(i18n) = site.get("i18n") {
                cfg.default_locale = i18n
                    .get("defaultLocale")
                    .and_then(JsValue::str)
                    .map(str::to_string);
                cfg.locales = i18n.get("locales").and_then(JsValue::strings);
                if let Some(JsValue::Object(configs)) = i18n.get("localeConfigs") {
                    cfg.untranslated_locales = configs
                        .iter()
                        .filter(|(_, c)| matches!(c.get("translate"), Some(JsValue::Bool(false))))
                        .map(|(locale, _)| locale.clone())
                        .collect();
                    cfg.untranslated_locales.sort();
                }
            }
        }
        for v in &all {
            if let Some(words) = v
                .get("admonitions")
                .and_then(|a| a.get("keywords"))
                .and_then(JsValue::strings)
            {
                cfg.admonition_keywords.extend(words);
            }
        }
        cfg.admonition_keywords.sort();
        cfg.admonition_keywords.dedup();
        for v in &all {
            // A preset entry: `['classic', { docs: {...}, blog: {...} }]`
            // (or `'@docusaurus/preset-classic'`).
            if let JsValue::Array(items) = v
                && let [JsValue::Str(name), opts, ..] = items.as_slice()
            {
                let opts = unwrap_parens(opts);
                if name == "classic" || name.ends_with("preset-classic") {
                    match opts.get("docs") {
                        Some(JsValue::Bool(false)) => cfg.docs_off = true,
                        Some(o @ JsValue::Object(_)) => cfg.docs.push(plugin_of(o, None)),
                        _ => {}
                    }
                    match opts.get("blog") {
                        Some(JsValue::Bool(false)) => cfg.blog_off = true,
                        Some(o @ JsValue::Object(_)) => cfg.blog.push(plugin_of(o, None)),
                        _ => {}
                    }
                } else if name.ends_with("plugin-content-docs") {
                    cfg.docs.push(plugin_of(opts, Some(opts)));
                } else if name.ends_with("plugin-content-blog") {
                    cfg.blog.push(plugin_of(opts, Some(opts)));
                }
            }
        }
        cfg
    }
}

/// `({...})` (an object in parentheses, often with a type comment) as the object.
fn unwrap_parens(v: &JsValue) -> &JsValue {
    match v {
        JsValue::Other(inner) if inner.len() == 1 => &inner[0],
        _ => v,
    }
}

fn plugin_of(opts: &JsValue, with_id: Option<&JsValue>) -> ContentPlugin {
    let s = |k: &str| opts.get(k).and_then(JsValue::str).map(str::to_string);
    let version_paths = match opts.get("versions") {
        Some(JsValue::Object(fields)) => fields
            .iter()
            .filter_map(|(name, v)| Some((name.clone(), v.get("path")?.str()?.to_string())))
            .collect(),
        _ => Vec::new(),
    };
    ContentPlugin {
        id: with_id
            .and_then(|o| o.get("id"))
            .and_then(JsValue::str)
            .filter(|id| *id != "default")
            .map(str::to_string),
        path: s("path"),
        route_base_path: s("routeBasePath"),
        last_version: s("lastVersion"),
        version_paths,
        disable_versioning: matches!(opts.get("disableVersioning"), Some(JsValue::Bool(true))),
        tags_base_path: s("tagsBasePath"),
        include_current_version: match opts.get("includeCurrentVersion") {
            Some(JsValue::Bool(b)) => Some(*b),
            _ => None,
        },
        only_include_versions: opts.get("onlyIncludeVersions").and_then(JsValue::strings),
        sidebar_path: match opts.get("sidebarPath") {
            None => SidebarPath::Unset,
            Some(JsValue::Bool(false)) => SidebarPath::Off,
            Some(JsValue::Str(p)) => SidebarPath::File(p.clone()),
            // `require.resolve('./sidebars.js')`: the call's one literal.
            Some(JsValue::Other(inner)) => match inner.as_slice() {
                [JsValue::Str(p)] => SidebarPath::File(p.clone()),
                _ => SidebarPath::Unknown,
            },
            Some(_) => SidebarPath::Unknown,
        },
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A string or template literal without substitutions.
    Str(String),
    /// A template literal with `${...}`: not a literal.
    Template,
    Ident(String),
    Open(char),
    Close(char),
    Colon,
    Comma,
    /// `...`
    Spread,
    /// Any other punctuation or number.
    Punct,
}

fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'\'' | b'"' | b'`' => {
                let (tok, next) = string(text, i);
                out.push(tok);
                i = next;
            }
            b'{' | b'[' | b'(' => {
                out.push(Tok::Open(c as char));
                i += 1;
            }
            b'}' | b']' | b')' => {
                out.push(Tok::Close(c as char));
                i += 1;
            }
            b':' => {
                out.push(Tok::Colon);
                i += 1;
            }
            b',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            b'.' if b.get(i + 1) == Some(&b'.') && b.get(i + 2) == Some(&b'.') => {
                out.push(Tok::Spread);
                i += 3;
            }
            _ if c.is_ascii_alphabetic() || c == b'_' || c == b'$' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$')
                {
                    i += 1;
                }
                out.push(Tok::Ident(text[start..i].to_string()));
            }
            // A number is kept as a word: as a key (`versions: { 3: {...} }`)
            // it names a version.
            _ if c.is_ascii_digit() => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_')
                {
                    i += 1;
                }
                out.push(Tok::Ident(text[start..i].to_string()));
            }
            _ if c.is_ascii_whitespace() => i += 1,
            _ => {
                out.push(Tok::Punct);
                // Step over a whole UTF-8 character.
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    out
}

/// The string literal starting at byte `start` (a quote), and the offset after it.
fn string(text: &str, start: usize) -> (Tok, usize) {
    let b = text.as_bytes();
    let quote = b[start];
    let mut i = start + 1;
    let mut value = String::new();
    let mut template = false;
    let mut seg = i;
    while i < b.len() && b[i] != quote {
        if b[i] == b'\\' {
            value.push_str(&text[seg..i]);
            if let Some(ch) = text[i + 1..].chars().next() {
                value.push(ch);
                i += 1 + ch.len_utf8();
            } else {
                i += 1;
            }
            seg = i;
            continue;
        }
        if quote == b'`' && b[i] == b'$' && b.get(i + 1) == Some(&b'{') {
            template = true;
        }
        // A plain string ends at the line's end even when unterminated.
        if quote != b'`' && b[i] == b'\n' {
            break;
        }
        i += 1;
    }
    value.push_str(&text[seg..i.min(b.len())]);
    let next = (i + 1).min(b.len());
    if template {
        (Tok::Template, next)
    } else {
        (Tok::Str(value), next)
    }
}

struct Parser<'t> {
    tokens: &'t [Tok],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    /// One value up to the next `,` or closing bracket at this depth.
    fn value(&mut self) -> JsValue {
        let first = match self.peek() {
            Some(Tok::Open('{')) => {
                self.pos += 1;
                self.object()
            }
            Some(Tok::Open('[')) => {
                self.pos += 1;
                JsValue::Array(self.items(']'))
            }
            Some(Tok::Str(s)) => {
                let v = JsValue::Str(s.clone());
                self.pos += 1;
                v
            }
            Some(Tok::Ident(w)) if w == "true" || w == "false" => {
                let v = JsValue::Bool(w == "true");
                self.pos += 1;
                v
            }
            _ => return JsValue::Other(self.expression(Vec::new())),
        };
        // `'a' + b`, `x ? 'a' : 'b'`, `{...}.foo`: not a literal after all.
        match self.peek() {
            None | Some(Tok::Comma | Tok::Close(_)) => first,
            _ => JsValue::Other(self.expression(vec![first])),
        }
    }

    /// Skips an expression, keeping the literals nested in it.
    fn expression(&mut self, mut inner: Vec<JsValue>) -> Vec<JsValue> {
        while let Some(t) = self.peek() {
            match t {
                Tok::Comma | Tok::Close(_) => break,
                Tok::Open('{' | '[') => inner.push(self.value_nested()),
                Tok::Open(_) => {
                    self.pos += 1;
                    inner.extend(self.items(')'));
                }
                _ => self.pos += 1,
            }
        }
        inner
    }

    fn value_nested(&mut self) -> JsValue {
        match self.peek() {
            Some(Tok::Open('{')) => {
                self.pos += 1;
                self.object()
            }
            _ => {
                self.pos += 1;
                JsValue::Array(self.items(']'))
            }
        }
    }

    /// Comma-separated values up to the closing bracket (consumed).
    fn items(&mut self, close: char) -> Vec<JsValue> {
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None => return out,
                Some(Tok::Close(c)) => {
                    let c = *c;
                    self.pos += 1;
                    if c == close {
                        return out;
                    }
                    // A stray closer of another kind: the brackets do not
                    // balance, so stop here rather than read past it.
                    return out;
                }
                Some(Tok::Comma) => self.pos += 1,
                Some(Tok::Spread) => {
                    self.pos += 1;
                    out.push(JsValue::Other(self.expression(Vec::new())));
                }
                Some(_) => out.push(self.value()),
            }
        }
    }

    /// Fields up to the closing `}` (consumed).
    fn object(&mut self) -> JsValue {
        let mut fields = Vec::new();
        let mut stray = Vec::new();
        loop {
            let key = match self.peek() {
                None => break,
                Some(Tok::Close(_)) => {
                    self.pos += 1;
                    break;
                }
                Some(Tok::Comma) => {
                    self.pos += 1;
                    continue;
                }
                Some(Tok::Ident(k) | Tok::Str(k)) => {
                    let k = k.clone();
                    self.pos += 1;
                    k
                }
                Some(_) => {
                    // Spread, computed key, method: keep what it holds.
                    self.pos += 1;
                    stray.extend(self.expression(Vec::new()));
                    continue;
                }
            };
            match self.peek() {
                Some(Tok::Colon) => {
                    self.pos += 1;
                    let v = self.value();
                    fields.push((key, v));
                }
                // Shorthand `{ config }` or a method `key() {...}`.
                _ => stray.extend(self.expression(Vec::new())),
            }
        }
        if !stray.is_empty() {
            fields.push((String::new(), JsValue::Other(stray)));
        }
        JsValue::Object(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_typescript_config() {
        let cfg = DocusaurusConfig::parse(
            r#"
import type {Config} from '@docusaurus/types';
// url: 'https://wrong.example'
const config: Config = {
  title: `Helm`,
  url: 'https://helm.sh',
  baseUrl: '/',
  trailingSlash: false,
  staticDirectories: ['static', "public"],
  i18n: {
    defaultLocale: 'ko',
    locales: ['ko', 'en'],
    localeConfigs: { en: { label: 'English' } },
  },
  presets: [
    [
      'classic',
      /** @type {import('@docusaurus/preset-classic').Options} */
      ({
        docs: { sidebarPath: require.resolve('./sidebars.js'), routeBasePath: '/' },
        blog: false,
      }),
    ],
  ],
  plugins: [
    ['@docusaurus/plugin-content-docs', { id: 'community', path: 'community', routeBasePath: 'community' }],
  ],
};
export default config;
"#,
        );
        assert_eq!(cfg.url.as_deref(), Some("https://helm.sh"));
        assert_eq!(cfg.base_url.as_deref(), Some("/"));
        assert_eq!(cfg.trailing_slash, Some(false));
        assert_eq!(cfg.default_locale.as_deref(), Some("ko"));
        assert_eq!(cfg.locales, Some(vec!["ko".to_string(), "en".to_string()]));
        assert_eq!(
            cfg.static_directories,
            Some(vec!["static".to_string(), "public".to_string()])
        );
        assert!(cfg.blog_off);
        assert_eq!(
            cfg.docs,
            vec![
                ContentPlugin {
                    route_base_path: Some("/".into()),
                    sidebar_path: SidebarPath::File("./sidebars.js".into()),
                    ..ContentPlugin::default()
                },
                ContentPlugin {
                    id: Some("community".into()),
                    path: Some("community".into()),
                    route_base_path: Some("community".into()),
                    ..ContentPlugin::default()
                }
            ]
        );
    }

    #[test]
    fn reads_version_settings() {
        let cfg = DocusaurusConfig::parse(
            "export default { baseUrl: '/', presets: [['classic', { docs: { \
             lastVersion: 'current', disableVersioning: false, tagsBasePath: 'labels', \
             versions: { current: { label: 'Next', path: 'dev' }, '2.0': { path: '2.x' }, \
             3: { path: 'v3' }, '1': { label: 'Old' } } } }]] };",
        );
        let docs = &cfg.docs[0];
        assert_eq!(docs.last_version.as_deref(), Some("current"));
        assert_eq!(docs.tags_base_path.as_deref(), Some("labels"));
        assert!(!docs.disable_versioning);
        assert_eq!(
            docs.version_paths,
            [
                ("current".to_string(), "dev".to_string()),
                ("2.0".to_string(), "2.x".to_string()),
                ("3".to_string(), "v3".to_string()),
            ]
        );
    }

    #[test]
    fn reads_which_versions_are_built() {
        let cfg = DocusaurusConfig::parse(
            "export default { baseUrl: '/', presets: [['classic', { docs: { \
             includeCurrentVersion: false, onlyIncludeVersions: ['2', '1'], \
             sidebarPath: require.resolve('./sidebars.js') } }]], \
             plugins: [['@docusaurus/plugin-content-docs', { id: 'api', sidebarPath: false }]] };",
        );
        let docs = &cfg.docs[0];
        assert_eq!(docs.include_current_version, Some(false));
        assert_eq!(
            docs.only_include_versions,
            Some(vec!["2".to_string(), "1".to_string()])
        );
        assert_eq!(docs.sidebar_path, SidebarPath::File("./sidebars.js".into()));
        assert_eq!(cfg.docs[1].sidebar_path, SidebarPath::Off);
        assert_eq!(cfg.docs[1].include_current_version, None);
        assert_eq!(cfg.docs[1].only_include_versions, None);
    }

    #[test]
    fn reads_locales_that_are_not_translated() {
        let cfg = DocusaurusConfig::parse(
            "export default { baseUrl: '/', i18n: { defaultLocale: 'en', \
             locales: ['en', 'fr', 'ja', 'ko'], localeConfigs: { \
             ko: { translate: false, label: '한국어' }, fr: { translate: true }, \
             ja: { label: '日本語' } } } };",
        );
        assert_eq!(cfg.untranslated_locales, ["ko"]);
    }

    #[test]
    fn computed_settings_stay_unknown() {
        let cfg = DocusaurusConfig::parse(
            "module.exports = { baseUrl: process.env.BASE || '/', url: `https://${host}`, \
             i18n: { defaultLocale: 'en', locales: LOCALES } };",
        );
        assert_eq!(cfg.base_url, None);
        assert_eq!(cfg.url, None);
        assert_eq!(cfg.default_locale.as_deref(), Some("en"));
        assert_eq!(cfg.locales, None);
    }

    #[test]
    fn admonition_keywords_of_every_content_plugin() {
        let cfg = DocusaurusConfig::parse(
            "export default { baseUrl: '/', presets: [['classic', { docs: { \
             admonitions: { keywords: ['security', 'release'], extendDefaults: true } }, \
             blog: { admonitions: { keywords: ['release'] } } }]] };",
        );
        assert_eq!(cfg.admonition_keywords, vec!["release", "security"]);
    }

    #[test]
    fn unbalanced_text_does_not_loop() {
        for s in [
            "{",
            "}",
            "{ a: [1, 2",
            "'unterminated",
            "/* open",
            "({[)]})",
            "x = { a: ...",
        ] {
            let _ = DocusaurusConfig::parse(s);
        }
    }
}
