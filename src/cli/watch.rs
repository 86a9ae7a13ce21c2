//! `loclint check --watch`: check, then check again whenever a page or a
//! config changes, until Ctrl-C.
//!
//! Every re-check is a whole [`check::run`] over the named paths, never a
//! partial one: a changed heading breaks anchors on other pages, and only a
//! full run gets the cross-file rules right. The watch only decides *when*.
//!
//! What is watched: the folders a check walks ([`engine::folders`]: the named
//! folders and the folders below them that the ignore files and the hidden
//! rule leave in, so never `.git`, `.loclint-cache` or `node_modules` when
//! ignored), each one on its own, not recursively; a recursive watch would
//! enter every ignored folder and, on a large repository, run into the
//! kernel's limit of watches for folders that are never checked. New folders
//! are added after each batch of events. Above each named path, the folders
//! up to the nearest `loclint.toml` or repository root (where config
//! discovery stops; else up to the root) are watched too, for their config
//! files only; so is `--config FILE`'s folder.
//!
//! What counts as a change: a file the walk finds, found before or after the
//! event (a page edited, added, removed or renamed), a config file
//! (`loclint.toml`, a Docusaurus config, an ignore file), or `--config FILE`.
//! Events inside `.git/` and the cache folder, loclint's temporary files,
//! and reads (the check itself opens every page) are not. Events are
//! gathered until none has come for [`DEBOUNCE`], so one save, or a branch
//! switch, is one re-check.
//!
//! A watch only reads: `--fix`, `--diff`, `--output-file`, `--write-baseline`
//! and standard input are refused by clap (and `-` here). A fix writes the
//! pages it checks, so a watch that fixed would be woken by its own writes
//! (the fixed point would end that loop, but it would also rewrite a page
//! under the editor that is saving it); `--output-file` would be rewritten on
//! every save, and standard input can be read only once.

use super::check::{self, CheckError};
use super::{CheckArgs, Outcome};
use crate::config::CONFIG_NAMES;
use crate::diagnostic::apply::is_temp_name;
use crate::diagnostic::render::plural;
use crate::engine::{self, RunError, RunOptions};
use crate::pairing::SITE_MARKERS;
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// How long the events must stop before the check runs again.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// The cache folder's default name (`links.cache-dir`), never a change.
const CACHE_DIR: &str = ".loclint-cache";

/// Errors of the watch itself (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum WatchError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Check(#[from] CheckError),
    #[error("cannot watch {path}: {cause}")]
    #[diagnostic(code(loclint::watch))]
    Watch {
        path: String,
        cause: String,
        #[help]
        help: Option<String>,
    },
    #[error("the last check failed (see above)")]
    #[diagnostic(code(loclint::watch))]
    LastRun,
}

enum Message {
    Fs(notify::Result<notify::Event>),
    Interrupt,
}

/// Runs `check` once, then again after each change, until Ctrl-C; returns
/// the last check's outcome.
pub fn run(args: &CheckArgs) -> Result<Outcome, WatchError> {
    if args.paths.iter().any(|p| p == Path::new("-")) {
        return Err(CheckError::Usage(
            "--watch watches files on disk; it cannot check standard input (`-`)",
        )
        .into());
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (tx, rx) = channel();
    let fs_tx = tx.clone();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = fs_tx.send(Message::Fs(event));
    })
    .map_err(|e| watch_error(Path::new("."), &e))?;
    on_interrupt(tx);
    // Watched before the first check, so a save during it is not missed.
    let mut watch = Watched::new(args, paths);
    watch.sync(&mut watcher)?;

    // The first check: an error that no save can cure ends the watch.
    let mut last = match check::run(args) {
        Err(e @ (CheckError::Usage(_) | CheckError::Run(RunError::MissingPath(_)))) => {
            return Err(e.into());
        }
        result => report(result),
    };
    if !args.quiet {
        eprintln!(
            "[watch] watching {}; Ctrl-C to stop",
            plural(watch.folders.len(), "folder")
        );
    }
    while let Some(batch) = next_batch(&rx) {
        let mut changed = BTreeSet::new();
        let mut rescan = false;
        for message in batch {
            let event = match message {
                Message::Interrupt => return last.map_err(|()| WatchError::LastRun),
                Message::Fs(Err(e)) => {
                    let path = e
                        .paths
                        .first()
                        .cloned()
                        .unwrap_or_else(|| PathBuf::from("."));
                    return Err(watch_error(&path, &e));
                }
                Message::Fs(Ok(event)) => event,
            };
            rescan |= event.need_rescan();
            if is_read(event.kind) {
                continue;
            }
            changed.extend(event.paths.into_iter().filter(|p| !watch.is_noise(p)));
        }
        let changed = watch.relevant(changed);
        watch.sync(&mut watcher)?;
        if changed.is_empty() && !rescan {
            continue;
        }
        let result = check::run(args);
        if changed.is_empty() {
            eprintln!("[watch] events were lost, re-checked");
        } else {
            eprintln!(
                "[watch] {} changed, re-checked",
                plural(changed.len(), "file")
            );
        }
        last = report(result);
    }
    last.map_err(|()| WatchError::LastRun)
}

/// Prints a check's report, or its error; the outcome, or `Err` for an error.
fn report(result: Result<check::CheckOutput, CheckError>) -> Result<Outcome, ()> {
    match result {
        Ok(out) => {
            super::emit(&out.stdout, out.stream, &out.stderr);
            Ok(out.outcome)
        }
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            Err(())
        }
    }
}

/// The next batch of messages: everything that arrives until [`DEBOUNCE`]
/// passes without one. `None` when the watcher is gone.
fn next_batch(rx: &Receiver<Message>) -> Option<Vec<Message>> {
    let mut batch = vec![rx.recv().ok()?];
    loop {
        match rx.recv_timeout(DEBOUNCE) {
            Ok(Message::Interrupt) => return Some(vec![Message::Interrupt]),
            Ok(m) => batch.push(m),
            Err(RecvTimeoutError::Timeout) => return Some(batch),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// Opening or reading a file (as the check itself does) changes nothing;
/// closing it after writing does.
fn is_read(kind: EventKind) -> bool {
    matches!(kind, EventKind::Access(a) if a != AccessKind::Close(AccessMode::Write))
}

/// Ctrl-C sends [`Message::Interrupt`], so the watch ends between checks
/// with the last outcome; a second Ctrl-C (during a long check) exits at
/// once, 130 as a shell would. Without a signal handler, Ctrl-C still ends
/// the process the default way.
fn on_interrupt(tx: Sender<Message>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let Ok(runtime) = runtime else {
        return;
    };
    std::thread::spawn(move || {
        runtime.block_on(async {
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            let _ = tx.send(Message::Interrupt);
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        });
    });
}

fn watch_error(path: &Path, e: &notify::Error) -> WatchError {
    let help = match &e.kind {
        notify::ErrorKind::MaxFilesWatch => Some(
            "the system's limit of watched folders is reached: raise it \
             (Linux: `sysctl fs.inotify.max_user_watches`), or watch fewer folders"
                .to_string(),
        ),
        _ => None,
    };
    WatchError::Watch {
        path: crate::util::display_path(path),
        cause: e.to_string(),
        help,
    }
}

/// What the watch looks at, and what it knew of the walk at the last check.
struct Watched<'a> {
    args: &'a CheckArgs,
    paths: Vec<PathBuf>,
    /// The folders watched now.
    folders: BTreeSet<PathBuf>,
    /// Those of them the walk enters (the others are watched for config
    /// files only).
    walked: BTreeSet<PathBuf>,
    /// The files the walk found last (absolute).
    known: Vec<PathBuf>,
    /// `--config FILE` and `--cache-dir DIR`, absolute.
    config_file: Option<PathBuf>,
    cache_dir: Option<PathBuf>,
}

impl<'a> Watched<'a> {
    fn new(args: &'a CheckArgs, paths: Vec<PathBuf>) -> Watched<'a> {
        let mut w = Watched {
            args,
            paths,
            folders: BTreeSet::new(),
            walked: BTreeSet::new(),
            known: Vec::new(),
            config_file: args.config.as_deref().map(crate::util::absolute),
            cache_dir: args.cache_dir.as_deref().map(crate::util::absolute),
        };
        w.known = w.walk().unwrap_or_default();
        w
    }

    /// The walk's options for the named paths (the config reloaded, as a
    /// check would).
    fn options(&self) -> Result<RunOptions, CheckError> {
        Ok(RunOptions {
            paths: self.paths.clone(),
            threads: self.args.threads,
            config: check::config_mode(self.args)?,
            force_exclude: !self.args.no_force_exclude,
            ..RunOptions::default()
        })
    }

    fn walk(&self) -> Option<Vec<PathBuf>> {
        engine::walk_files(&self.options().ok()?).ok()
    }

    /// Watches the folders that are wanted now and were not, and stops
    /// watching those that are gone.
    fn sync(&mut self, watcher: &mut impl Watcher) -> Result<(), WatchError> {
        if let Ok(opts) = self.options() {
            self.walked = engine::folders(&opts).into_iter().collect();
        }
        // (With an invalid `--config`, the folders walked before.)
        let mut wanted = self.walked.clone();
        for given in &self.paths {
            wanted.extend(config_folders(&crate::util::absolute(given)));
        }
        if let Some(parent) = self.config_file.as_deref().and_then(Path::parent) {
            wanted.insert(parent.to_path_buf());
        }
        for gone in self.folders.difference(&wanted) {
            let _ = watcher.unwatch(gone);
        }
        self.folders.retain(|f| wanted.contains(f));
        for dir in wanted {
            if self.folders.contains(&dir) {
                continue;
            }
            match watcher.watch(&dir, RecursiveMode::NonRecursive) {
                Ok(()) => {
                    self.folders.insert(dir);
                }
                // Removed between the walk and now: the next batch walks again.
                Err(e) if is_not_found(&e) => {}
                Err(e) => return Err(watch_error(&dir, &e)),
            }
        }
        Ok(())
    }

    /// Never a change: `.git/`, the cache folder, loclint's temporary files.
    fn is_noise(&self, path: &Path) -> bool {
        let in_folder = path.components().any(|c| match c {
            Component::Normal(name) => name == ".git" || name == CACHE_DIR,
            _ => false,
        });
        let temp = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_temp_name);
        let cache = self
            .cache_dir
            .as_deref()
            .is_some_and(|c| path.starts_with(c));
        in_folder || temp || cache
    }

    /// The changed paths that can change the report: config files, and the
    /// files (or folders of files) the walk found before the change or finds
    /// after it. Remembers the new walk.
    fn relevant(&mut self, changed: BTreeSet<PathBuf>) -> BTreeSet<PathBuf> {
        let (config, mut pages): (BTreeSet<PathBuf>, BTreeSet<PathBuf>) =
            changed.into_iter().partition(|p| self.is_config(p));
        // Folders above the named paths are watched for their configs only.
        pages.retain(|p| p.parent().is_some_and(|d| self.walked.contains(d)));
        if pages.is_empty() {
            return config;
        }
        let now = self.walk();
        let walked = |p: &Path, files: &[PathBuf]| files.iter().any(|f| f.starts_with(p));
        let mut relevant = config;
        for p in pages {
            // Without a walk (an invalid config), every change counts: the
            // check reports the config's error.
            if now.as_deref().is_none_or(|now| walked(&p, now)) || walked(&p, &self.known) {
                relevant.insert(p);
            }
        }
        if let Some(now) = now {
            self.known = now;
        }
        relevant
    }

    fn is_config(&self, path: &Path) -> bool {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        CONFIG_NAMES.contains(&name)
            || SITE_MARKERS.contains(&name)
            || engine::IGNORE_FILES.contains(&name)
            || self.config_file.as_deref() == Some(path)
    }
}

fn is_not_found(e: &notify::Error) -> bool {
    match &e.kind {
        notify::ErrorKind::PathNotFound => true,
        notify::ErrorKind::Io(io) => io.kind() == std::io::ErrorKind::NotFound,
        _ => false,
    }
}

/// The folders above `path` whose config files can apply to it: up to the
/// nearest one holding a config file or `.git` (where config discovery
/// stops), or to the root when there is neither.
fn config_folders(path: &Path) -> Vec<PathBuf> {
    let stops = |dir: &Path| {
        dir.join(".git").exists() || CONFIG_NAMES.iter().any(|n| dir.join(n).is_file())
    };
    let start = if path.is_dir() {
        Some(path)
    } else {
        path.parent()
    };
    if start.is_none_or(stops) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut cur = start.and_then(Path::parent);
    while let Some(dir) = cur {
        found.push(dir.to_path_buf());
        if stops(dir) {
            return found;
        }
        cur = dir.parent();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_no_change() {
        use notify::event::{CreateKind, ModifyKind};
        assert!(is_read(EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(is_read(EventKind::Access(AccessKind::Read)));
        assert!(!is_read(EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(!is_read(EventKind::Modify(ModifyKind::Any)));
        assert!(!is_read(EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn the_watch_limit_says_what_to_raise() {
        let e = watch_error(
            Path::new("docs"),
            &notify::Error::new(notify::ErrorKind::MaxFilesWatch),
        );
        let WatchError::Watch { path, help, .. } = e else {
            panic!("not a watch error: {e:?}");
        };
        assert_eq!(path, "docs");
        assert!(help.is_some_and(|h| h.contains("max_user_watches")));
    }

    #[test]
    fn config_folders_stop_at_the_nearest_config() {
        let dir = tempfile::tempdir().unwrap();
        let root = crate::util::absolute(dir.path());
        let docs = root.join("site/docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(root.join("loclint.toml"), "").unwrap();
        assert_eq!(config_folders(&docs), [root.join("site"), root.clone()]);
        // A config in the named folder itself: nothing above it applies.
        std::fs::write(docs.join("loclint.toml"), "").unwrap();
        assert!(config_folders(&docs).is_empty());
    }
}
