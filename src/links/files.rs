//! The view of the disk that link resolution needs, and what counts as a page.
//!
//! Below both `site` (which reads a site's config and versions through it)
//! and `resolve` (which asks it whether link targets exist), so that neither
//! imports the other for it; tests use the in-memory [`MemFiles`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// A page that Docusaurus' content plugins build: a `.md` or `.mdx` file.
pub fn is_page(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "mdx"))
}

/// The view of the disk that resolution needs.
pub trait Files: Sync + Send {
    fn is_file(&self, p: &Path) -> bool;
    fn is_dir(&self, p: &Path) -> bool;
    /// Names of the subfolders of `dir`, sorted.
    fn list_dirs(&self, dir: &Path) -> Vec<String>;
    /// All `.md`/`.mdx` files under `dir`, recursively, sorted.
    fn list_pages(&self, dir: &Path) -> Vec<PathBuf>;
    fn read_to_string(&self, p: &Path) -> Option<String>;
    /// The first few kilobytes of a file (enough for its front matter).
    fn read_head(&self, p: &Path) -> Option<String> {
        self.read_to_string(p)
    }
}

/// Site files (`docusaurus.config.*`, `versions.json`) larger than this are not read.
const SITE_FILE_LIMIT: u64 = 16 * 1024 * 1024;

/// The real disk, with existence checks cached (link targets repeat a lot).
#[derive(Debug, Default)]
pub struct DiskFiles {
    exists: Mutex<HashMap<PathBuf, (bool, bool)>>,
}

impl DiskFiles {
    fn stat(&self, p: &Path) -> (bool, bool) {
        let mut cache = self.exists.lock().unwrap_or_else(PoisonError::into_inner);
        *cache
            .entry(p.to_path_buf())
            .or_insert_with(|| match std::fs::metadata(p) {
                Ok(m) => (m.is_file(), m.is_dir()),
                Err(_) => (false, false),
            })
    }
}

impl Files for DiskFiles {
    fn is_file(&self, p: &Path) -> bool {
        self.stat(p).0
    }
    fn is_dir(&self, p: &Path) -> bool {
        self.stat(p).1
    }
    fn list_dirs(&self, dir: &Path) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .collect();
        out.sort();
        out
    }
    fn list_pages(&self, dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                match e.file_type() {
                    Ok(t) if t.is_dir() => stack.push(p),
                    Ok(t) if t.is_file() && is_page(&p) => out.push(p),
                    _ => {}
                }
            }
        }
        out.sort();
        out
    }
    fn read_to_string(&self, p: &Path) -> Option<String> {
        crate::util::fsio::read_regular_string(p, SITE_FILE_LIMIT).ok()
    }
    fn read_head(&self, p: &Path) -> Option<String> {
        let head = crate::util::fsio::read_regular_head(p, 4096).ok()?;
        Some(String::from_utf8_lossy(&head).into_owned())
    }
}

/// An in-memory tree for tests: path -> content.
#[derive(Debug, Default, Clone)]
pub struct MemFiles {
    files: BTreeMap<PathBuf, String>,
}

impl MemFiles {
    pub fn new(entries: &[(&str, &str)]) -> MemFiles {
        MemFiles {
            files: entries
                .iter()
                .map(|(p, t)| (PathBuf::from(p), (*t).to_string()))
                .collect(),
        }
    }
}

impl Files for MemFiles {
    fn is_file(&self, p: &Path) -> bool {
        self.files.contains_key(p)
    }
    fn is_dir(&self, p: &Path) -> bool {
        self.files.keys().any(|f| f.starts_with(p) && f != p)
    }
    fn list_dirs(&self, dir: &Path) -> Vec<String> {
        let set: BTreeSet<String> = self
            .files
            .keys()
            .filter_map(|f| f.strip_prefix(dir).ok())
            .filter(|r| r.components().count() > 1)
            .filter_map(|r| {
                r.components()
                    .next()
                    .and_then(|c| c.as_os_str().to_str())
                    .map(str::to_string)
            })
            .collect();
        set.into_iter().collect()
    }
    fn list_pages(&self, dir: &Path) -> Vec<PathBuf> {
        self.files
            .keys()
            .filter(|f| f.starts_with(dir) && is_page(f))
            .cloned()
            .collect()
    }
    fn read_to_string(&self, p: &Path) -> Option<String> {
        self.files.get(p).cloned()
    }
}
