//! Reading files that a pull request may have planted.
//!
//! A checkout can carry a symlink to `/dev/zero`, a named pipe, or a file that
//! grows while it is read. Every file loclint reads (pages, configs, site
//! files) goes through [`read_regular`]: only regular files, opened without
//! blocking, and never more than a limit, counted while reading rather than
//! trusted from the size the file reports.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Reads a regular file of at most `limit` bytes.
///
/// Anything else (a folder, a FIFO, a device, a socket) is an error that names
/// what it is, and so is a file larger than `limit`, however it got there.
pub fn read_regular(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > limit {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// The first `n` bytes of a regular file (all of it when shorter).
pub fn read_regular_head(path: &Path, n: usize) -> io::Result<Vec<u8>> {
    let (file, _) = open_regular(path)?;
    let mut bytes = Vec::with_capacity(n);
    file.take(n as u64).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    // Refuse devices and pipes before opening them: opening can block (a FIFO
    // without a writer) or have side effects (some devices).
    check_regular(&std::fs::metadata(path)?)?;
    let file = open_nonblocking(path)?;
    // The path may have been swapped between the two calls: trust only the
    // opened file.
    let meta = file.metadata()?;
    check_regular(&meta)?;
    Ok((file, meta))
}

/// A regular file's text; an error when it is not one, is too large, or is not UTF-8.
pub fn read_regular_string(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read_regular(path, limit)?)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    opts.open(path)
}

fn check_regular(meta: &Metadata) -> io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("not a regular file ({})", kind_of(meta)),
    ))
}

/// Which file a path names, whatever the name that reaches it: a symlink
/// and its target, or two hard links, have one identity, so a run that
/// meets a file under two names can write it once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileId(
    #[cfg(unix)] (u64, u64),
    #[cfg(not(unix))] std::path::PathBuf,
);

/// The identity of the file at `path` (links followed); `None` when it
/// cannot be read.
pub fn identity(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(FileId((meta.dev(), meta.ino())))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(FileId)
    }
}

/// What a non-regular file is, in words.
pub fn kind_of(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    if t.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_file() { "a file" } else { "not a file" }
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("file is over the {} MB limit", limit / (1024 * 1024)),
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn devices_and_pipes_are_refused_without_blocking() {
        let e = read_regular(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(e.to_string().contains("a device"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = read_regular(&fifo, 1024).unwrap_err();
            assert!(e.to_string().contains("named pipe"), "{e}");
        }
    }

    #[test]
    fn the_limit_is_counted_while_reading() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, vec![b'a'; 100]).unwrap();
        assert_eq!(read_regular(&p, 100).unwrap().len(), 100);
        assert!(read_regular(&p, 99).is_err());
    }
}
