//! Which language a page is in, and which English page it translates.
//!
//! Docusaurus keeps translations under
//! `i18n/<locale>/docusaurus-plugin-content-<plugin>[-<id>]/<version>/...`
//! and their sources under `docs/`, `versioned_docs/version-X/`, `blog/`,
//! `src/pages/` (or `<id>/` for extra plugin instances). Pages outside that
//! layout get their locale from front matter, config globs, or the script
//! their text is written in.

use std::path::{Component, Path, PathBuf};

/// A BCP 47-ish locale tag as used in paths ("ko", "ja", "zh-Hans", "pt-BR").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Locale(String);

impl Default for Locale {
    fn default() -> Self {
        Locale("en".to_string())
    }
}

impl Locale {
    pub fn new(tag: &str) -> Locale {
        Locale(tag.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag, lowercased ("zh-Hans" -> "zh").
    pub fn language(&self) -> String {
        self.0
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    }

    pub fn is_english(&self) -> bool {
        self.language() == "en"
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

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

/// Config file names that mark a Docusaurus site root.
pub const SITE_MARKERS: &[&str] = &[
    "docusaurus.config.js",
    "docusaurus.config.ts",
    "docusaurus.config.mjs",
    "docusaurus.config.cjs",
    "docusaurus.config.mts",
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

/// Counts of letters by script, for guessing a page's language.
#[derive(Debug, Default, Clone, Copy)]
pub struct ScriptCounts {
    pub latin: usize,
    pub hangul: usize,
    pub kana: usize,
    pub han: usize,
    pub other: usize,
}

impl ScriptCounts {
    pub fn of(text: &str) -> ScriptCounts {
        // Byte-level: this runs over every page without a locale in its path,
        // and nearly all letters are ASCII or 3-byte (BMP) sequences.
        let mut c = ScriptCounts::default();
        // The first 16 KiB say which language a page is in as well as the whole.
        let b = &text.as_bytes()[..text.len().min(16 * 1024)];
        let mut i = 0;
        while i < b.len() {
            let x = b[i];
            if x < 0x80 {
                c.latin += usize::from(x.is_ascii_alphabetic());
                i += 1;
            } else if x & 0xF0 == 0xE0 && i + 2 < b.len() {
                let cp = (u32::from(x & 0x0F) << 12)
                    | (u32::from(b[i + 1] & 0x3F) << 6)
                    | u32::from(b[i + 2] & 0x3F);
                match cp {
                    0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F => c.hangul += 1,
                    0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9D => c.kana += 1,
                    0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF => c.han += 1,
                    _ => {}
                }
                i += 3;
            } else {
                if x >= 0xC0 {
                    c.other += 1;
                }
                i += match x {
                    0xC0..=0xDF => 2,
                    0xF0..=0xF7 => 4,
                    _ => 1,
                };
            }
        }
        c
    }

    /// The language the counts point at; English unless a CJK script is a
    /// real part of the text (one CJK character carries about as much as a
    /// short English word, so the bar is low but not trivial).
    pub fn dominant(&self) -> Locale {
        let cjk = self.hangul + self.kana + self.han;
        if cjk < 8 || cjk * 12 < self.latin {
            return Locale::default();
        }
        self.cjk_language()
    }

    /// Which of Korean, Japanese and Chinese the CJK letters point at,
    /// however few they are.
    pub fn cjk_language(&self) -> Locale {
        if self.hangul >= self.kana && self.hangul * 2 >= self.han {
            Locale::new("ko")
        } else if self.kana * 10 >= self.han {
            Locale::new("ja")
        } else {
            Locale::new("zh")
        }
    }
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

    #[test]
    fn script_detection() {
        assert_eq!(
            ScriptCounts::of("자주 묻는 질문과 답변입니다 SSL")
                .dominant()
                .as_str(),
            "ko"
        );
        assert_eq!(
            ScriptCounts::of("よくある質問とその答えです")
                .dominant()
                .as_str(),
            "ja"
        );
        assert_eq!(
            ScriptCounts::of("常见问题及其解答说明文档")
                .dominant()
                .as_str(),
            "zh"
        );
        assert_eq!(
            ScriptCounts::of("Plain English text about 한국")
                .dominant()
                .as_str(),
            "en"
        );
    }
}
