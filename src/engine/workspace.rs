//! What a run shares between files: configs, site roots, link state, and the
//! page indexes. It holds no parsed documents: phase 1 drops each document
//! once its page index is built, so memory follows the largest page.

use crate::config::{ConfigMode, ConfigResolver, FileConfig};
use crate::decode::{self, Decoded, EncodingInfo};
use crate::document::{self, Document};
use crate::links::index::{PageIndex, PageLookup};
use crate::links::state::LinkState;
use crate::pairing;
use crate::pairing::history::{Freshness, History, Unavailable};
use crate::util::normalize;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};

/// A site's git history, read on first use by whichever thread asks first.
type HistorySlot = Arc<OnceLock<Result<Arc<History>, Unavailable>>>;

/// Files larger than this are not read (reported as `io-error`).
pub const MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// A file read and decoded, or why not.
pub enum Loaded {
    Doc(Arc<Document>),
    /// An `io-error` diagnostic instead of a document.
    Failed(PathBuf, String),
    Binary(PathBuf),
}

pub struct Workspace {
    pub(super) configs: ConfigResolver,
    site_roots: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    links: LinkState,
    /// Page indexes by normalised path: the run's pages, and pages read on
    /// demand as link targets or sources (`None`: not a readable text page).
    pages: RwLock<HashMap<PathBuf, Option<Arc<PageIndex>>>>,
    /// Bytes that replace a file's on disk: fixed files under `--diff` and
    /// standard input, which are never written.
    overrides: RwLock<HashMap<PathBuf, Arc<[u8]>>>,
    /// Standard input's path and bytes: read in place of that file.
    stdin: Option<(PathBuf, Vec<u8>)>,
    /// Folders a symbolic link may lead into (`walk::tree_roots`); empty:
    /// any. A link elsewhere reads as unreadable.
    roots: Vec<PathBuf>,
    /// Git histories by the folder they were read for (a site root): one
    /// pass over the log per site and run.
    histories: Mutex<HashMap<PathBuf, HistorySlot>>,
    /// Why a history could not be read, said once per run.
    history_notes: Mutex<BTreeSet<String>>,
}

impl Workspace {
    pub fn new(mode: ConfigMode) -> Workspace {
        Workspace {
            configs: ConfigResolver::new(mode, crate::checks::is_known),
            site_roots: Mutex::new(HashMap::new()),
            links: LinkState::new(),
            pages: RwLock::new(HashMap::new()),
            overrides: RwLock::new(HashMap::new()),
            stdin: None,
            roots: Vec::new(),
            histories: Mutex::new(HashMap::new()),
            history_notes: Mutex::new(BTreeSet::new()),
        }
    }

    /// Only symbolic links into these folders are read through.
    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        self.roots = roots;
    }

    /// Standard input stands for the file at `path`: read, never written.
    pub fn set_stdin(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.stdin = Some((normalize(&path), bytes));
    }

    /// Whether `path` is standard input, whose fixes are never written to disk.
    pub fn is_stdin(&self, path: &Path) -> bool {
        self.stdin
            .as_ref()
            .is_some_and(|(p, _)| *p == normalize(path))
    }

    /// The bytes the run reads for a file: its fixed bytes when they are
    /// not written, standard input, or the file.
    pub fn read_bytes(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        if let Some(bytes) = self.override_of(path) {
            return Ok(bytes.to_vec());
        }
        match &self.stdin {
            Some((p, bytes)) if *p == normalize(path) => Ok(bytes.clone()),
            _ => {
                self.check_inside(path)?;
                read_limited(path)
            }
        }
    }

    /// Refuses a path that a symbolic link in the tree leads out of it: a
    /// page linking to `passwd.md -> /etc/passwd` must not get it read. A
    /// link that sits outside the checked folders (`../shared ->
    /// /srv/shared`, above the repository) is how the disk names the tree's
    /// neighbours, such as a configured source site, and no way out of it.
    fn check_inside(&self, path: &Path) -> std::io::Result<()> {
        if self.roots.is_empty() {
            return Ok(());
        }
        let inside = |p: &Path| self.roots.iter().any(|r| p.starts_with(r));
        if inside(&std::fs::canonicalize(path)?) {
            return Ok(());
        }
        let mut prefix = PathBuf::new();
        for part in crate::util::absolute(path).components() {
            prefix.push(part);
            let is_link =
                std::fs::symlink_metadata(&prefix).is_ok_and(|m| m.file_type().is_symlink());
            if !is_link {
                continue;
            }
            let in_tree = prefix
                .parent()
                .and_then(|dir| std::fs::canonicalize(dir).ok())
                .is_some_and(|dir| inside(&dir));
            if in_tree && !std::fs::canonicalize(&prefix).is_ok_and(|t| inside(&t)) {
                return Err(std::io::Error::other(
                    "a symbolic link out of the checked folders (not followed)",
                ));
            }
        }
        Ok(())
    }

    pub fn links(&self) -> &LinkState {
        &self.links
    }

    /// The config for a file; errors were already reported during the walk,
    /// so here a failure falls back to defaults.
    pub fn config_for(&self, path: &Path) -> Arc<FileConfig> {
        let dir = path.parent().unwrap_or(Path::new("."));
        self.configs
            .for_dir(dir)
            .unwrap_or_else(|_| Arc::new(FileConfig::default()))
    }

    /// Replaces the bytes the run reads for `path`.
    pub fn set_override(&self, path: &Path, bytes: Vec<u8>) {
        self.overrides
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(normalize(path), Arc::from(bytes));
    }

    /// Drops what the workspace remembers of a file (its override and its
    /// page index), so the next read is the disk's: an editor closed the
    /// buffer, or the file changed on disk.
    pub fn forget(&self, path: &Path) {
        let key = normalize(path);
        self.overrides
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&key);
        self.pages
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&key);
    }

    /// The config for a file, or why it cannot be loaded (an editor shows
    /// the error where a run would stop with exit 2).
    pub fn try_config_for(
        &self,
        path: &Path,
    ) -> Result<Arc<FileConfig>, Box<crate::config::ConfigError>> {
        self.configs
            .for_dir(path.parent().unwrap_or(Path::new(".")))
    }

    pub fn override_of(&self, path: &Path) -> Option<Arc<[u8]>> {
        self.overrides
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&normalize(path))
            .cloned()
    }

    /// Reads, decodes and parses a file, with its locale and source paired.
    pub fn load(&self, path: &Path) -> Loaded {
        let bytes = match self.read_bytes(path) {
            Ok(b) => b,
            Err(e) => return Loaded::Failed(path.to_path_buf(), super::fix::describe(&e)),
        };
        match decode::decode(&bytes) {
            Decoded::Text { text, info } => Loaded::Doc(Arc::new(self.prepare(path, text, info))),
            Decoded::Binary => Loaded::Binary(path.to_path_buf()),
        }
    }

    /// A file's current text as the run reads it, and how its bytes were
    /// decoded; `None` when it cannot be read or is not text.
    pub fn read_text(&self, path: &Path) -> Option<(String, EncodingInfo)> {
        match decode::decode(&self.read_bytes(path).ok()?) {
            Decoded::Text { text, info } => Some((text, info)),
            Decoded::Binary => None,
        }
    }

    /// Parses text and fills in what depends on the file's place: locale and source.
    pub fn prepare(&self, path: &Path, text: String, info: EncodingInfo) -> Document {
        let mut doc = document::parse(path.to_path_buf(), text);
        doc.encoding = info;
        let cfg = self.config_for(path);
        let root = self.site_root(path);
        let (locale, source) = pairing::pair(&doc, &cfg, root.as_deref());
        doc.locale = locale;
        doc.never_built = source.is_none() && pairing::never_built(path, &cfg, root.as_deref());
        doc.source_path = source;
        doc
    }

    /// The English source a page would pair with, from its path alone.
    pub fn source_candidate(&self, path: &Path) -> Option<PathBuf> {
        let cfg = self.config_for(path);
        let root = self.site_root(path);
        pairing::source_path(path, &cfg, root.as_deref())
    }

    /// The Docusaurus site root above a path (configured or found by `docusaurus.config.*`).
    pub fn site_root(&self, path: &Path) -> Option<PathBuf> {
        let cfg = self.config_for(path);
        if let Some(root) = &cfg.site.root {
            return Some(normalize(&cfg.base_dir.join(root)));
        }
        let dir = normalize(path.parent().unwrap_or(Path::new(".")));
        if let Some(hit) = self
            .site_roots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&dir)
            .cloned()
        {
            return hit;
        }
        let found = pairing::find_site_root(&dir);
        self.site_roots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(dir, found.clone());
        found
    }

    /// What git history says of a translation and its source, and its
    /// source as of the page's `translation_of` commit, parsed. `None` for a
    /// page without a source, or when the history cannot be read (then a
    /// note says why, once per site).
    pub fn freshness(&self, doc: &Document) -> Option<(Freshness, Option<Document>)> {
        if doc.locale.is_english() {
            return None;
        }
        let source = doc.source_path.as_deref()?;
        let scope = self.history_scope(&doc.path, source);
        let slot = self
            .histories
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(scope.clone())
            .or_default()
            .clone();
        let history = match slot.get_or_init(|| History::open(&scope).map(Arc::new)) {
            Ok(h) => h,
            Err(why) => {
                self.history_notes
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(why.note(&scope));
                return None;
            }
        };
        let pin = doc
            .front_matter
            .as_ref()
            .and_then(|f| f.get(pairing::history::PIN_KEY))
            .map(|f| f.value.trim_matches(['"', '\'', ' ']).to_string())
            .filter(|v| !v.is_empty());
        let facts = history.freshness(source, &doc.path, pin.as_deref());
        let pinned = match &facts.pin {
            Some(pairing::history::Pin::Found {
                source_text: Some(text),
                ..
            }) => Some(self.prepare(source, text.clone(), EncodingInfo::default())),
            _ => None,
        };
        Some((facts, pinned))
    }

    /// The folder whose history is read for a page and its source: the
    /// site root when it holds both, else their deepest common folder.
    fn history_scope(&self, page: &Path, source: &Path) -> PathBuf {
        let (page, source) = (normalize(page), normalize(source));
        if let Some(root) = self.site_root(&page)
            && page.starts_with(&root)
            && source.starts_with(&root)
        {
            return root;
        }
        let mut common = PathBuf::new();
        for (a, b) in page.components().zip(source.components()) {
            if a != b {
                break;
            }
            common.push(a);
        }
        common
    }

    /// The notes of histories that could not be read, sorted.
    pub fn history_notes(&self) -> Vec<String> {
        self.history_notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }

    /// Records the index of a page of the run (replacing an older one after a fix).
    pub fn set_page(&self, index: Arc<PageIndex>) {
        self.pages
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(normalize(&index.path), Some(index));
    }
}

impl PageLookup for Workspace {
    fn page(&self, path: &Path) -> Option<Arc<PageIndex>> {
        let key = normalize(path);
        if let Some(hit) = self
            .pages
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return hit.clone();
        }
        // Two threads may index the same page at once; both get the same answer.
        let index = match self.load(&key) {
            Loaded::Doc(doc) => {
                let cfg = self.config_for(&key);
                Some(Arc::new(PageIndex::new(&doc, cfg)))
            }
            _ => None,
        };
        self.pages
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key)
            .or_insert(index)
            .clone()
    }
}

/// Reads a regular file, at most `MAX_FILE_SIZE` bytes of it.
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    crate::util::fsio::read_regular(path, MAX_FILE_SIZE)
}
