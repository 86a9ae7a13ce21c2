//! Lexical path handling: the one path normaliser.
//!
//! Links are resolved the way a site generator resolves them, by joining
//! strings, and the workspace caches files by path; both need `a/./b/../c`
//! and `a/c` to be one path without asking the file system (which would
//! follow symlinks, and fail for files that do not exist: a broken link's
//! target is still a path to report).

use std::path::{Component, Path, PathBuf};

/// Removes `.` and resolves `..` without touching the file system, so that
/// the same file reached through different links is one path.
///
/// `..` at the root stays at the root (`/a/../../b` is `/b`, as the OS reads
/// it); at the start of a relative path it is kept (`../../x` stays
/// `../../x`). An empty result is `.`.
pub fn normalize(path: &Path) -> PathBuf {
    let mut parts: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => parts.push(c),
            },
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        return PathBuf::from(".");
    }
    parts.iter().collect()
}

/// `path` made absolute against the working directory, then normalised.
/// Should the working directory be unreadable, the path normalised as it is.
pub fn absolute(path: &Path) -> PathBuf {
    match std::path::absolute(path) {
        Ok(abs) => normalize(&abs),
        Err(_) => normalize(path),
    }
}

/// `path` relative to the folder `base` (both absolute, or both relative to
/// the same folder), with `..` where it climbs out.
pub fn relative_to(base: &Path, path: &Path) -> PathBuf {
    let cwd: Vec<Component<'_>> = base.components().collect();
    let target: Vec<Component<'_>> = path.components().collect();
    let common = cwd.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..cwd.len() {
        out.push("..");
    }
    for c in &target[common..] {
        out.push(c.as_os_str());
    }
    out
}

/// A path as shown to users: relative to the current folder when below it,
/// always with `/` separators.
pub fn display_path(path: &Path) -> String {
    let shown = match std::env::current_dir() {
        Ok(cwd) if path.is_absolute() => path
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    };
    let s = shown.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("./").map(str::to_string).unwrap_or(s);
    // The working folder itself, named in a message.
    if s.is_empty() { ".".to_string() } else { s }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_working_folder_is_shown_as_a_dot() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(display_path(&cwd), ".");
        assert_eq!(display_path(&cwd.join("a.md")), "a.md");
    }

    #[test]
    fn normalize_paths() {
        let n = |s: &str| normalize(Path::new(s));
        assert_eq!(n("a/./b/../c.md"), PathBuf::from("a/c.md"));
        assert_eq!(n("./x.md"), PathBuf::from("x.md"));
        assert_eq!(n("/s/docs/../i18n"), PathBuf::from("/s/i18n"));
        assert_eq!(n("/a/../../b"), PathBuf::from("/b"));
        assert_eq!(n("../../x"), PathBuf::from("../../x"));
        assert_eq!(n("a/../../x"), PathBuf::from("../x"));
        assert_eq!(n("a/.."), PathBuf::from("."));
        assert_eq!(n(""), PathBuf::from("."));
    }

    #[test]
    fn absolute_paths_are_normalized() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(absolute(Path::new("a/../b")), normalize(&cwd.join("b")));
        assert_eq!(absolute(Path::new("/x/./y/..")), PathBuf::from("/x"));
    }
}
