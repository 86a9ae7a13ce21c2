//! When each page last changed, from the repository's git history, read
//! in-process with gix (no `git` subprocess).
//!
//! A site's history is read once per run: one walk down the first-parent
//! line from `HEAD`, diffing each commit's tree with its parent's and noting
//! which paths under the site it touched. Following only first parents makes
//! the history a line, so "after" is a plain order: a translation merged from
//! a branch counts as changed when its merge landed. Whether a source commit
//! only reformatted its file is decided on demand, for the few commits a page
//! asks about, by comparing the two blobs word by word.
//!
//! This module reports facts (commits, times, blobs); what makes a page
//! stale is the `stale-translation` rule's decision.

use gix::bstr::ByteSlice;
use gix::hash::ObjectId;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The front-matter key that pins the source commit a page was translated from.
pub const PIN_KEY: &str = "translation_of";

/// One commit of the first-parent line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// The full hex id.
    pub id: String,
    /// Committer time, seconds since the Unix epoch.
    pub time: i64,
    /// The whole commit message.
    pub message: String,
}

impl CommitInfo {
    /// The id as people quote it.
    pub fn short_id(&self) -> &str {
        self.id.get(..7).unwrap_or(&self.id)
    }

    /// The message's first line.
    pub fn summary(&self) -> &str {
        self.message.lines().next().unwrap_or("").trim()
    }

    /// The commit's day, `YYYY-MM-DD` in UTC.
    pub fn date(&self) -> String {
        let (y, m, d) = civil_from_days(self.time.div_euclid(86_400));
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

/// A source commit after the translation's reference point.
#[derive(Debug, Clone)]
pub struct SourceChange {
    pub commit: CommitInfo,
    /// The commit changed only white space in the source (the words, in
    /// order, are the same before and after).
    pub reformat_only: bool,
}

/// The pinned source version (`translation_of: <commit>`).
#[derive(Debug, Clone)]
pub enum Pin {
    /// The commit, and the source's text at it (`None`: the source did not
    /// exist there).
    Found {
        commit: CommitInfo,
        source_text: Option<String>,
    },
    /// The front matter names a commit the repository does not have.
    Unknown(String),
}

/// What the history says about one translated page and its source.
#[derive(Debug, Clone)]
pub struct Freshness {
    /// The translation's last commit on the first-parent line (`None`: the
    /// translation was never committed).
    pub translated: Option<CommitInfo>,
    pub pin: Option<Pin>,
    /// Source commits after the reference point (the pin when there is one,
    /// else the translation's last commit), newest first.
    pub changes: Vec<SourceChange>,
}

/// Why the history could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    NotARepository,
    Shallow(PathBuf),
    Failed(PathBuf, String),
}

impl Unavailable {
    /// The run note, said once per repository.
    pub fn note(&self, site: &Path) -> String {
        let site = crate::util::display_path(site);
        match self {
            Unavailable::NotARepository => {
                format!("stale-translation did not run for {site}: not inside a git repository")
            }
            Unavailable::Shallow(repo) => format!(
                "stale-translation did not run for {site}: {} is a shallow clone (fetch the full history, e.g. `git fetch --unshallow` or `fetch-depth: 0`)",
                crate::util::display_path(repo)
            ),
            Unavailable::Failed(repo, cause) => format!(
                "stale-translation did not run for {site}: cannot read the history of {}: {cause}",
                crate::util::display_path(repo)
            ),
        }
    }
}

/// A path's change in one commit: the blob before and after.
#[derive(Debug, Clone, Copy)]
struct Touch {
    /// Index into `History::commits` (0 is `HEAD`).
    commit: u32,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
}

/// The first-parent history of a repository, restricted to one folder.
pub struct History {
    /// The repository's git folder. A `gix::Repository` is not `Sync`
    /// without gix's `parallel` feature, so a page that needs blobs opens
    /// its own handle (most pages need none).
    git_dir: PathBuf,
    /// The work tree, canonical, that repository paths are relative to.
    workdir: PathBuf,
    /// Newest first.
    commits: Vec<CommitInfo>,
    /// Repository-relative path (with `/`) -> its changes, newest first.
    touches: HashMap<String, Vec<Touch>>,
}

impl History {
    /// Reads the history of the repository holding `dir`, keeping the paths
    /// under `dir`.
    pub fn open(dir: &Path) -> Result<History, Unavailable> {
        let mut local = gix::discover(dir).map_err(|_| Unavailable::NotARepository)?;
        // Each tree is read twice (as a commit's and as its child's parent),
        // and the folders above the changed files in every commit.
        local.object_cache_size_if_unset(16 * 1024 * 1024);
        let Some(workdir) = local.workdir().map(Path::to_path_buf) else {
            return Err(Unavailable::NotARepository);
        };
        let workdir = std::fs::canonicalize(&workdir).unwrap_or(workdir);
        let failed =
            |e: &dyn std::fmt::Display| Unavailable::Failed(workdir.clone(), e.to_string());
        if local.is_shallow().map_err(|e| failed(&e))? {
            return Err(Unavailable::Shallow(workdir.clone()));
        }
        let canonical_dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let prefix = relative(&workdir, &canonical_dir).unwrap_or_default();
        let (commits, touches) = walk(&local, &prefix).map_err(|e| failed(&e))?;
        Ok(History {
            git_dir: local.git_dir().to_path_buf(),
            workdir,
            commits,
            touches,
        })
    }

    /// The facts for a translation and its source; `pin` is the front
    /// matter's `translation_of` value.
    pub fn freshness(&self, source: &Path, translation: &Path, pin: Option<&str>) -> Freshness {
        let src_rel = self.rel(source);
        let src_touches: &[Touch] = src_rel
            .as_ref()
            .and_then(|p| self.touches.get(p))
            .map_or(&[], Vec::as_slice);
        let translated_at = self
            .rel(translation)
            .and_then(|p| self.touches.get(&p))
            .and_then(|t| t.first())
            .map(|t| t.commit as usize);
        // Blobs are read only to tell reformatting from edits after the
        // translation, and for a pin.
        let needs_blobs = pin.is_some()
            || translated_at
                .is_some_and(|i| src_touches.first().is_some_and(|t| (t.commit as usize) < i));
        with_repo(&self.git_dir, needs_blobs, |repo| {
            self.facts(repo, src_rel.as_deref(), src_touches, translated_at, pin)
        })
    }

    fn facts(
        &self,
        repo: Option<&gix::Repository>,
        src_rel: Option<&str>,
        src_touches: &[Touch],
        translated_at: Option<usize>,
        pin: Option<&str>,
    ) -> Freshness {
        let translated = translated_at.map(|i| self.commits[i].clone());
        let pin = pin.map(|p| match repo {
            Some(repo) => self.pin(repo, p, src_rel),
            None => Pin::Unknown(p.to_string()),
        });
        // The reference point: the pinned commit's place in the line, or its
        // time when it is off the line; else the translation's last commit.
        // Places in the line are found once, not per touch.
        enum Since {
            Place(usize),
            Time(i64),
            Never,
        }
        let since = match &pin {
            Some(Pin::Found { commit, .. }) => {
                match self.commits.iter().position(|c| c.id == commit.id) {
                    Some(i) => Since::Place(i),
                    None => Since::Time(commit.time),
                }
            }
            Some(Pin::Unknown(_)) => Since::Never,
            None => translated_at.map_or(Since::Never, Since::Place),
        };
        let after = |t: &Touch| -> bool {
            match since {
                Since::Place(i) => (t.commit as usize) < i,
                Since::Time(time) => self.commits[t.commit as usize].time > time,
                Since::Never => false,
            }
        };
        let changes = src_touches
            .iter()
            .filter(|t| after(t))
            .map(|t| SourceChange {
                commit: self.commits[t.commit as usize].clone(),
                reformat_only: repo.is_some_and(|r| same_words(r, t.old, t.new)),
            })
            .collect();
        Freshness {
            translated,
            pin,
            changes,
        }
    }

    fn pin(&self, repo: &gix::Repository, spec: &str, src_rel: Option<&str>) -> Pin {
        let unknown = || Pin::Unknown(spec.to_string());
        let spec = spec.trim();
        // Only commit ids: a branch or tag name would move under the pin.
        if spec.len() < 4 || !spec.bytes().all(|b| b.is_ascii_hexdigit()) {
            return unknown();
        }
        let Ok(id) = repo.rev_parse_single(spec.as_bytes().as_bstr()) else {
            return unknown();
        };
        let Ok(commit) = repo.find_commit(id.detach()) else {
            return unknown();
        };
        let Some(info) = commit_info(&commit) else {
            return unknown();
        };
        let source_text = src_rel.and_then(|rel| {
            let tree = commit.tree().ok()?;
            let entry = tree.lookup_entry_by_path(rel).ok()??;
            let blob = repo.find_blob(entry.object_id()).ok()?;
            Some(String::from_utf8_lossy(&blob.data).into_owned())
        });
        Pin::Found {
            commit: info,
            source_text,
        }
    }

    fn rel(&self, path: &Path) -> Option<String> {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| crate::util::absolute(path));
        relative(&self.workdir, &abs)
    }
}

thread_local! {
    /// This thread's handle on the repository last read (opening one reads
    /// its config; a run's pages are in one or a few repositories).
    static REPO: std::cell::RefCell<Option<(PathBuf, gix::Repository)>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` with this thread's handle on the repository at `git_dir`
/// (`None` when `wanted` is false or it cannot be opened).
fn with_repo<T>(git_dir: &Path, wanted: bool, f: impl FnOnce(Option<&gix::Repository>) -> T) -> T {
    if !wanted {
        return f(None);
    }
    REPO.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|(dir, _)| dir != git_dir) {
            *slot = gix::open(git_dir).ok().map(|r| (git_dir.to_path_buf(), r));
        }
        f(slot.as_ref().map(|(_, r)| r))
    })
}

/// `path` below `root`, with `/` separators.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let rest = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rest
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

fn commit_info(c: &gix::Commit<'_>) -> Option<CommitInfo> {
    Some(CommitInfo {
        id: c.id.to_hex().to_string(),
        time: c.time().ok()?.seconds,
        message: c.message_raw_sloppy().to_str_lossy().into_owned(),
    })
}

type Walked = (Vec<CommitInfo>, HashMap<String, Vec<Touch>>);

/// One pass down the first-parent line, keeping the changes under `prefix`.
fn walk(repo: &gix::Repository, prefix: &str) -> Result<Walked, String> {
    let mut commits = Vec::new();
    let mut touches: HashMap<String, Vec<Touch>> = HashMap::new();
    let Ok(head) = repo.head_id() else {
        // No commit yet: an empty history.
        return Ok((commits, touches));
    };
    let walk = head
        .ancestors()
        .first_parent_only()
        .all()
        .map_err(|e| e.to_string())?;
    let mut cache = repo
        .diff_resource_cache(gix::diff::blob::pipeline::Mode::ToGit, Default::default())
        .map_err(|e| e.to_string())?;
    let empty = repo.empty_tree();
    let under = |loc: &str| {
        prefix.is_empty() || loc.starts_with(prefix) && loc[prefix.len()..].starts_with('/')
    };
    for info in walk {
        let info = info.map_err(|e| e.to_string())?;
        let commit = repo.find_commit(info.id).map_err(|e| e.to_string())?;
        let n = u32::try_from(commits.len()).map_err(|e| e.to_string())?;
        commits.push(commit_info(&commit).ok_or("a commit without a readable time")?);
        let tree = commit.tree().map_err(|e| e.to_string())?;
        let parent = match info.parent_ids.first() {
            Some(p) => repo
                .find_commit(*p)
                .and_then(|c| c.tree())
                .map_err(|e| e.to_string())?,
            None => empty.clone(),
        };
        let mut changes = parent.changes().map_err(|e| e.to_string())?;
        changes.options(|o| {
            o.track_path().track_rewrites(None);
        });
        changes
            .for_each_to_obtain_tree_with_cache(&tree, &mut cache, |change| {
                use gix::object::tree::diff::Change;
                let (loc, mode, old, new) = match change {
                    Change::Addition {
                        location,
                        entry_mode,
                        id,
                        ..
                    } => (location, entry_mode, None, Some(id.detach())),
                    Change::Deletion {
                        location,
                        entry_mode,
                        id,
                        ..
                    } => (location, entry_mode, Some(id.detach()), None),
                    Change::Modification {
                        location,
                        entry_mode,
                        previous_id,
                        id,
                        ..
                    } => (
                        location,
                        entry_mode,
                        Some(previous_id.detach()),
                        Some(id.detach()),
                    ),
                    Change::Rewrite {
                        location,
                        entry_mode,
                        id,
                        ..
                    } => (location, entry_mode, None, Some(id.detach())),
                };
                if !mode.is_tree()
                    && let Ok(loc) = loc.to_str()
                    && under(loc)
                {
                    touches.entry(loc.to_string()).or_default().push(Touch {
                        commit: n,
                        old,
                        new,
                    });
                }
                Ok(std::ops::ControlFlow::Continue(()))
            })
            .map_err(|e| e.to_string())?;
        cache.clear_resource_cache_keep_allocation();
    }
    Ok((commits, touches))
}

/// True when two blobs hold the same words in the same order: the commit
/// between them only changed white space (reflowed lines, indentation,
/// trailing spaces, line endings).
fn same_words(repo: &gix::Repository, old: Option<ObjectId>, new: Option<ObjectId>) -> bool {
    let (Some(old), Some(new)) = (old, new) else {
        return false;
    };
    let (Ok(a), Ok(b)) = (repo.find_blob(old), repo.find_blob(new)) else {
        return false;
    };
    a.data
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty())
        .eq(b
            .data
            .split(u8::is_ascii_whitespace)
            .filter(|w| !w.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn days_to_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
