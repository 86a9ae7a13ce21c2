//! The link cache: successful results of earlier runs, in
//! `<cache-dir>/links/cache.json`.
//!
//! The cache usually sits inside the checkout, and on CI the checkout is a
//! stranger's pull request, so nothing in it is trusted:
//!
//! - `cache.json` is read only when it is a regular file (not a link, FIFO
//!   or device) of at most [`MAX_BYTES`], and no folder on the way to it may
//!   be a link;
//! - each entry is validated on its own: a known cacheable outcome (success
//!   or permanent redirect), a check time in the past and younger than
//!   `cache-max-age`, well-formed URLs of bounded length, and a redirect
//!   target the default address policy accepts; anything else is dropped;
//! - it is written to a new temporary file renamed over the old one, so an
//!   interrupted run leaves the old cache or the new one, and a link planted
//!   at `cache.json` is replaced, not written through.
//!
//! The cache folder gets a `.gitignore` so that it never ends up in a commit.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::guard::refused_by_default;
use super::{UrlOutcome, url_key};

/// Larger than any real cache (a URL and a line of JSON each).
pub(super) const MAX_BYTES: u64 = 32 * 1024 * 1024;
/// Longer URLs are not cached.
const MAX_URL_LEN: usize = 2048;
const FILE: &str = "cache.json";
const GITIGNORE: &str = "# Created by loclint: its cache is never committed.\n*\n";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    checked_at: u64,
    #[serde(flatten)]
    outcome: UrlOutcome,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Stored {
    entries: BTreeMap<String, serde_json::Value>,
}

/// Valid entries of the cache, as loaded and as to be saved.
#[derive(Debug, Default)]
pub(super) struct Cache {
    entries: BTreeMap<String, Entry>,
}

impl Cache {
    /// The cache in `root` (the `--cache-dir`), with every entry that is not
    /// valid at `now` dropped. An absent cache is empty; one that cannot be
    /// used safely is empty too, with the reason.
    pub(super) fn load(root: &Path, now: u64, max_age: u64) -> (Cache, Option<String>) {
        let dir = links_dir(root);
        if let Err(why) = no_links_on_the_way(&dir) {
            return (Cache::default(), Some(why));
        }
        let path = dir.join(FILE);
        let bytes = match read_regular(&path) {
            Ok(Some(b)) => b,
            Ok(None) => return (Cache::default(), None),
            Err(why) => {
                return (
                    Cache::default(),
                    Some(format!("link cache {} not read: {why}", path.display())),
                );
            }
        };
        let Ok(stored) = serde_json::from_slice::<Stored>(&bytes) else {
            return (Cache::default(), None);
        };
        let entries = stored
            .entries
            .into_iter()
            .filter_map(|(url, value)| {
                let entry: Entry = serde_json::from_value(value).ok()?;
                valid(&url, &entry, now, max_age).then_some((url, entry))
            })
            .collect();
        (Cache { entries }, None)
    }

    pub(super) fn get(&self, url: &str) -> Option<&UrlOutcome> {
        self.entries.get(url).map(|e| &e.outcome)
    }

    /// Remembers a result if it is one the cache keeps.
    pub(super) fn insert(&mut self, url: &str, outcome: &UrlOutcome, now: u64) {
        let entry = Entry {
            checked_at: now,
            outcome: outcome.clone(),
        };
        if valid(url, &entry, now, u64::MAX) {
            self.entries.insert(url.to_string(), entry);
        }
    }

    /// Writes the cache atomically; creates the folders and the
    /// `.gitignore` on first use.
    pub(super) fn save(&self, root: &Path) -> Result<(), String> {
        let dir = links_dir(root);
        no_links_on_the_way(&dir)?;
        let fresh_root = !root.exists();
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        // Created just now: make sure nothing swapped a link in meanwhile.
        no_links_on_the_way(&dir)?;
        let gitignore = root.join(".gitignore");
        if fresh_root || std::fs::symlink_metadata(&gitignore).is_err() {
            write_atomic(root, &gitignore, GITIGNORE.as_bytes())?;
        }
        let stored = Stored {
            entries: self
                .entries
                .iter()
                .filter_map(|(k, e)| Some((k.clone(), serde_json::to_value(e).ok()?)))
                .collect(),
        };
        let text = serde_json::to_vec_pretty(&stored).map_err(|e| e.to_string())?;
        write_atomic(&dir, &dir.join(FILE), &text)
    }
}

fn links_dir(root: &Path) -> PathBuf {
    root.join("links")
}

/// Is `entry` for `url` one this cache could have written at `now`?
fn valid(url: &str, entry: &Entry, now: u64, max_age: u64) -> bool {
    let age_ok = entry.checked_at <= now && now - entry.checked_at < max_age;
    let url_ok = url.len() <= MAX_URL_LEN
        && url_key(url) == url
        && !url.chars().any(char::is_control)
        && url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    let outcome_ok = match &entry.outcome {
        UrlOutcome::Ok => true,
        UrlOutcome::PermanentRedirect { final_url } => {
            final_url.len() <= MAX_URL_LEN
                // As the URL parser writes it, so free of control characters
                // and spaces.
                && url::Url::parse(final_url).is_ok_and(|u| u.as_str() == final_url)
                && (!refused_by_default(final_url) || refused_by_default(url))
        }
        // Failures and skips are never cached: such an entry was planted.
        UrlOutcome::Broken { .. }
        | UrlOutcome::CouldNotVerify { .. }
        | UrlOutcome::Skipped { .. } => false,
    };
    age_ok && url_ok && outcome_ok
}

/// Refuses a cache folder reached through a symbolic link. For a relative
/// path (the default, inside the checkout) every folder on the way is
/// checked; for an absolute path, given by whoever runs loclint, the cache
/// folder and its `links/` folder.
fn no_links_on_the_way(dir: &Path) -> Result<(), String> {
    let mut prefixes = Vec::new();
    let mut acc = PathBuf::new();
    for c in dir.components() {
        acc.push(c);
        if matches!(c, Component::Normal(_)) {
            prefixes.push(acc.clone());
        }
    }
    let checked = if dir.is_absolute() {
        &prefixes[prefixes.len().saturating_sub(2)..]
    } else {
        &prefixes[..]
    };
    for p in checked {
        match std::fs::symlink_metadata(p) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(format!(
                    "link cache not used: {} is a symbolic link",
                    p.display()
                ));
            }
            Ok(m) if !m.is_dir() => {
                return Err(format!(
                    "link cache not used: {} is not a folder",
                    p.display()
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The bytes of `path` if it is a regular file of at most [`MAX_BYTES`];
/// `None` if it does not exist. A link is not followed.
fn read_regular(path: &Path) -> Result<Option<Vec<u8>>, String> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    if !meta.file_type().is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_BYTES {
        return Err(format!("larger than {} MB", MAX_BYTES / (1024 * 1024)));
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let opened = file.metadata().map_err(|e| e.to_string())?;
    if !opened.is_file() || !same_file(&meta, &opened) {
        return Err("changed while it was opened".into());
    }
    let mut bytes = Vec::new();
    // The cap applies while reading too: the file may grow after the check.
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!("larger than {} MB", MAX_BYTES / (1024 * 1024)));
    }
    Ok(Some(bytes))
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    true
}

/// Writes `bytes` to a new file in `dir` and renames it to `path`.
fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let shown = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let mut tmp = tempfile::Builder::new()
        .prefix(".loclint-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| shown(&e))?;
    tmp.write_all(bytes).map_err(|e| shown(&e))?;
    tmp.persist(path).map_err(|e| shown(&e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(checked_at: u64, outcome: UrlOutcome) -> Entry {
        Entry {
            checked_at,
            outcome,
        }
    }

    #[test]
    fn entries_are_validated() {
        let day = 86_400;
        let now = 1_000_000;
        let ok = |at| entry(at, UrlOutcome::Ok);
        assert!(valid("https://a.example/x", &ok(now - 10), now, day));
        // Far in the future: planted to never expire.
        assert!(!valid("https://a.example/x", &ok(u64::MAX), now, day));
        assert!(!valid("https://a.example/x", &ok(now + 1), now, day));
        assert!(!valid("https://a.example/x", &ok(now - day), now, day));
        assert!(!valid("https://a.example/x#f", &ok(now), now, day));
        assert!(!valid("https://a.example/\u{1b}[2J", &ok(now), now, day));
        assert!(!valid("file:///etc/passwd", &ok(now), now, day));
        let long = format!("https://a.example/{}", "x".repeat(MAX_URL_LEN));
        assert!(!valid(&long, &ok(now), now, day));
        for planted in [
            UrlOutcome::Broken {
                reason: "\u{1b}]0;owned\u{7}".into(),
            },
            UrlOutcome::CouldNotVerify { reason: "x".into() },
            UrlOutcome::Skipped { reason: "x".into() },
        ] {
            assert!(!valid("https://a.example/", &entry(now, planted), now, day));
        }
        let moved = |to: &str| {
            entry(
                now,
                UrlOutcome::PermanentRedirect {
                    final_url: to.into(),
                },
            )
        };
        assert!(valid(
            "https://a.example/",
            &moved("https://b.example/"),
            now,
            day
        ));
        assert!(!valid(
            "https://a.example/",
            &moved("http://localhost:3000/"),
            now,
            day
        ));
        assert!(!valid(
            "https://a.example/",
            &moved("https://b.example/ x"),
            now,
            day
        ));
        assert!(valid(
            "http://10.0.0.1/",
            &moved("http://10.0.0.1/new"),
            now,
            day
        ));
    }

    #[test]
    fn round_trip_and_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(".loclint-cache");
        let mut c = Cache::default();
        c.insert("https://a.example/", &UrlOutcome::Ok, 100);
        c.insert(
            "https://gone.example/",
            &UrlOutcome::Broken {
                reason: "404".into(),
            },
            100,
        );
        c.save(&root).unwrap();
        let (loaded, note) = Cache::load(&root, 150, 86_400);
        assert!(note.is_none());
        assert_eq!(loaded.get("https://a.example/"), Some(&UrlOutcome::Ok));
        assert_eq!(loaded.get("https://gone.example/"), None);
        let gitignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
        assert!(gitignore.lines().any(|l| l == "*"));
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(root.join("links"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["cache.json"]);
    }
}
