//! The URL data in `rules/url-words.toml`, parsed once.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

const URL_WORDS: &str = include_str!("../../rules/url-words.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrlWords {
    pub locale_markers: Vec<String>,
    pub cctlds: Vec<String>,
    pub localized_hosts: Vec<String>,
    pub particles: BTreeMap<String, Vec<String>>,
    pub words: BTreeMap<String, Vec<(String, String)>>,
}

static DATA: LazyLock<Result<UrlWords, String>> =
    LazyLock::new(|| toml::from_str(URL_WORDS).map_err(|e| e.to_string()));

/// The parsed data; empty if the embedded file were malformed (a unit test
/// guarantees it is not).
pub fn data() -> &'static UrlWords {
    static EMPTY: LazyLock<UrlWords> = LazyLock::new(UrlWords::default);
    match &*DATA {
        Ok(d) => d,
        Err(_) => &EMPTY,
    }
}

impl UrlWords {
    /// `ko`, `ja`, `zh-Hans` -> the key used in this file (`ko`, `ja`, `zh`).
    fn key(locale: &str) -> String {
        locale
            .split(['-', '_'])
            .next()
            .unwrap_or(locale)
            .to_ascii_lowercase()
    }

    pub fn particles(&self, locale: &str) -> &[String] {
        self.particles
            .get(&Self::key(locale))
            .map_or(&[], Vec::as_slice)
    }

    pub fn words(&self, locale: &str) -> &[(String, String)] {
        self.words
            .get(&Self::key(locale))
            .map_or(&[], Vec::as_slice)
    }

    pub fn is_locale_marker(&self, s: &str) -> bool {
        self.locale_markers
            .iter()
            .any(|m| m.eq_ignore_ascii_case(s))
    }

    pub fn is_cctld(&self, s: &str) -> bool {
        self.cctlds.iter().any(|m| m.eq_ignore_ascii_case(s))
    }

    /// A host whose pages are titled in their own language (`ko.wikipedia.org`).
    pub fn is_localized_host(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.localized_hosts.iter().any(|h| {
            host == *h
                || (host.ends_with(h.as_str()) && host[..host.len() - h.len()].ends_with('.'))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses() {
        let d = DATA.as_ref().unwrap();
        assert!(d.is_locale_marker("KO"));
        assert!(!d.is_locale_marker("en"));
        assert!(d.is_cctld("kr"));
        assert!(d.is_localized_host("ko.wikipedia.org"));
        assert!(d.is_localized_host("namu.wiki"));
        assert!(!d.is_localized_host("notwikipedia.org"));
        assert!(d.particles("ko").iter().any(|p| p == "에서"));
        assert!(d.particles("zh-Hans").iter().any(|p| p == "的"));
        assert!(
            d.words("ja")
                .iter()
                .any(|(e, t)| e == "support" && t == "サポート")
        );
        for (loc, list) in &d.words {
            for (e, t) in list {
                assert!(e.is_ascii() && !t.is_ascii(), "{loc}: {e} -> {t}");
            }
        }
    }
}
