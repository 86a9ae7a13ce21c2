//! Hostile input, as a pull request from a stranger can carry it: one test
//! per defect of the trust audit (data integrity, files outside the tree,
//! denial of service, nondeterminism). Each ran against the binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Run, loclint_in};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// `안녕하세요` saved as UTF-8, read as windows-1252, saved again: every byte
/// defined, so the repair is exact and Safe.
const MOJIBAKE: &str = "ì•ˆë…•í•˜ì„¸ìš”";

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(p, bytes).unwrap();
}

fn page() -> String {
    format!("# 제목\n\n{MOJIBAKE} 입니다. 설명이 이어지는 문장입니다.\n")
}

/// Runs the binary, killing it after `limit`: a hang is a failure, not a stuck suite.
fn loclint_within(cwd: &Path, args: &[&str], limit: Duration) -> Run {
    let child = Command::new(env!("CARGO_BIN_EXE_loclint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // The output is drained while waiting: a full pipe would block the child.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(limit) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("loclint {args:?} still running after {limit:?}");
        }
    };
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Runs the binary as an unprivileged user, so that permission bits apply
/// even when the tests run as root (through `setpriv`). `None` when that is
/// not possible here.
fn loclint_unprivileged(cwd: &Path, args: &[&str]) -> Option<Run> {
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_loclint"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_loclint"))
    };
    let out = cmd
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .ok()?;
    let run = Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    };
    if run.stderr.contains("setpriv:") {
        eprintln!(
            "skipped: cannot drop privileges here ({})",
            run.stderr.trim()
        );
        return None;
    }
    Some(run)
}

/// A temp folder everyone may enter (for the unprivileged runs).
fn open_tempdir() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    dir
}

// 1. A safe fix that corrupts.
#[test]
fn utf8_with_a_stray_byte_is_not_reencoded() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = "# 안녕하세요\n\n본문 \u{1} 계속되는 문장입니다.\n"
        .replace('\u{1}', "\u{0}")
        .into_bytes();
    let bytes: Vec<u8> = bytes
        .into_iter()
        .map(|b| if b == 0 { 0xFF } else { b })
        .collect();
    write(dir.path(), "d.md", &bytes);
    let r = loclint_in(dir.path(), &["check", "--fix", "d.md"]);
    assert_eq!(
        std::fs::read(dir.path().join("d.md")).unwrap(),
        bytes,
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("windows-1252"), "{}", r.stdout);
    assert!(
        r.stdout.contains("replacement-character")
            && r.stdout.contains("invalid UTF-8 byte 0xFF")
            && r.stdout.contains("d.md:3:4"),
        "the stray byte is reported in hex, where it is: {}",
        r.stdout
    );
    assert_eq!(r.code, 1);
}

// 2. Bytes changed outside the edits.
#[test]
fn invalid_bytes_outside_the_edits_survive_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\xEF\xBB\xBF# \xEC\xA0\x9C\xEB\xAA\xA9\n\n\xFF \xC3 ".to_vec();
    bytes.extend_from_slice(MOJIBAKE.as_bytes());
    bytes.extend_from_slice(" 입니다. 본문이 이어집니다.\n".as_bytes());
    write(dir.path(), "b.md", &bytes);
    let r = loclint_in(dir.path(), &["check", "--fix", "b.md"]);
    let mut want = b"\xEF\xBB\xBF# \xEC\xA0\x9C\xEB\xAA\xA9\n\n\xFF \xC3 ".to_vec();
    want.extend_from_slice("안녕하세요 입니다. 본문이 이어집니다.\n".as_bytes());
    assert_eq!(
        std::fs::read(dir.path().join("b.md")).unwrap(),
        want,
        "{}",
        r.stdout
    );
}

// 3. Fixes that need two runs.
#[test]
fn one_fix_run_reaches_a_fixed_point_across_pages() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        format!("# 문서\n\n## {MOJIBAKE} {{#{MOJIBAKE}}}\n\n본문입니다. [링크](#안녕하세욧)\n")
            .as_bytes(),
    );
    write(
        dir.path(),
        "b.md",
        format!("# 비\n\n[a](./a.md#안녕하세욧) [b](./a.md#{MOJIBAKE})\n").as_bytes(),
    );
    let first = loclint_in(dir.path(), &["check", "--fix", "--unsafe-fixes", "."]);
    assert!(first.stdout.contains("Applied"), "{}", first.stdout);
    let after: Vec<Vec<u8>> = ["a.md", "b.md"]
        .iter()
        .map(|f| std::fs::read(dir.path().join(f)).unwrap())
        .collect();
    let second = loclint_in(dir.path(), &["check", "--fix", "--unsafe-fixes", "."]);
    assert!(
        !second.stdout.contains("Applied"),
        "a second run still fixed: {}",
        second.stdout
    );
    for (f, before) in ["a.md", "b.md"].iter().zip(after) {
        assert_eq!(std::fs::read(dir.path().join(f)).unwrap(), before, "{f}");
    }
}

// 4. A failed write reported as success.
#[test]
fn a_read_only_file_is_reported_not_rewritten() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ro.md", page().as_bytes());
    let p = dir.path().join("ro.md");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let r = loclint_in(dir.path(), &["check", "--fix", "--format", "json", "ro.md"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("io-error") && r.stdout.contains("read-only"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("\"mojibake\""),
        "keeps its findings: {}",
        r.stdout
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), page());
    let forced = loclint_in(dir.path(), &["check", "--fix", "--force", "ro.md"]);
    assert_eq!(forced.code, 0, "{}", forced.stdout);
    assert!(
        std::fs::read_to_string(&p)
            .unwrap()
            .contains("안녕하세요 입니다")
    );
    assert_eq!(
        std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[test]
fn a_folder_that_cannot_be_written_keeps_findings_and_fails() {
    use std::os::unix::fs::PermissionsExt;
    let dir = open_tempdir();
    write(dir.path(), "docs/a.md", page().as_bytes());
    let a = dir.path().join("docs/a.md");
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::set_permissions(
        dir.path().join("docs"),
        std::fs::Permissions::from_mode(0o555),
    )
    .unwrap();
    let Some(r) = loclint_unprivileged(dir.path(), &["check", "--fix", "docs"]) else {
        return;
    };
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("could not write fixes") && r.stdout.contains("permission denied"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("mojibake"), "{}", r.stdout);
    assert!(
        !r.stdout.contains("All clean") && !r.stdout.contains("Applied"),
        "{}",
        r.stdout
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), page());
}

// 5. Files outside the tree.
#[test]
fn folder_links_out_of_the_tree_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "victim.md", page().as_bytes());
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/a.md", b"# ok\n");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("docs/out")).unwrap();
    let r = loclint_in(dir.path(), &["check", "--fix", "docs"]);
    assert_eq!(
        std::fs::read_to_string(outside.path().join("victim.md")).unwrap(),
        page()
    );
    assert!(!r.stdout.contains("victim"), "{}", r.stdout);
    assert_eq!(
        r.stderr.matches("out of the checked folders").count(),
        1,
        "{}",
        r.stderr
    );
    // A named folder that is a link out (a pull request turned `docs` into
    // one) is not walked either.
    std::fs::remove_dir_all(dir.path().join("docs")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("docs")).unwrap();
    for named in ["docs", "docs/"] {
        let r = loclint_in(dir.path(), &["check", "--fix", named]);
        assert_eq!(
            std::fs::read_to_string(outside.path().join("victim.md")).unwrap(),
            page(),
            "{named}"
        );
        assert!(!r.stdout.contains("victim"), "{named}: {}", r.stdout);
        assert!(
            r.stderr.contains("out of the checked folders"),
            "{named}: {}",
            r.stderr
        );
    }
}

/// `dir/work`, an empty working folder, beside `dir/shared`, a link to
/// `real`: the layout of a repository next to a linked shared folder.
fn beside_a_linked_folder(real: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    std::os::unix::fs::symlink(real, dir.path().join("shared")).unwrap();
    (dir, work)
}

/// A named file is where the user pointed, even when a folder above it is a
/// link (`../shared -> /srv/shared`, as CI and monorepos lay folders out):
/// it is checked and fixed; a page beside it that is itself a link out
/// stays unread.
#[test]
fn a_named_file_under_a_linked_folder_is_checked() {
    let real = tempfile::tempdir().unwrap();
    write(real.path(), "corpus/page.md", page().as_bytes());
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "victim.md", page().as_bytes());
    std::os::unix::fs::symlink(
        outside.path().join("victim.md"),
        real.path().join("corpus/victim.md"),
    )
    .unwrap();
    let (_dir, work) = beside_a_linked_folder(real.path());
    let r = loclint_in(
        &work,
        &[
            "check",
            "--fix",
            "../shared/corpus/page.md",
            "../shared/corpus/victim.md",
        ],
    );
    assert!(
        !r.stdout.contains("page.md: a symbolic link"),
        "{}",
        r.stdout
    );
    assert_ne!(
        std::fs::read_to_string(real.path().join("corpus/page.md")).unwrap(),
        page(),
        "{}{}",
        r.stdout,
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(outside.path().join("victim.md")).unwrap(),
        page()
    );
}

/// A configured source site beside the repository, reached through a folder
/// above it that is a link (`../shared -> /srv/shared`), is read: only links
/// inside the checked folders are ways out of them.
#[test]
fn a_source_site_under_a_linked_folder_is_read() {
    let real = tempfile::tempdir().unwrap();
    write(
        real.path(),
        "ko/docs/guide.md",
        "# 안내\n\n설명이 이어지는 문장입니다.\n\n## What's next?\n\n설치 방법을 설명하는 문장입니다.\n".as_bytes(),
    );
    write(
        real.path(),
        "en/docs/guide.md",
        b"# Guide\n\nA sentence that goes on.\n\n## What's next?\n\nHow to install it.\n",
    );
    let (_dir, work) = beside_a_linked_folder(real.path());
    write(
        &work,
        "loclint.toml",
        b"[[links.sites]]\nroot = \"../shared/ko\"\nkind = \"static\"\nsource = \"../shared/en\"\nroutes = [{ prefix = \"/\", dir = \"docs\" }]\n",
    );
    std::fs::create_dir(work.join(".git")).unwrap();
    let r = loclint_in(
        &work,
        &[
            "check",
            "--config",
            "loclint.toml",
            "--select",
            "untranslated-heading",
            "../shared/ko/docs/guide.md",
        ],
    );
    assert!(
        r.stdout.contains("What's next?"),
        "{}{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn a_link_to_a_file_outside_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "secret.md",
        "# 비밀 SECRET-CONTENT\n\nì•ˆë…•\n".as_bytes(),
    );
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        dir.path().join("passwd.md"),
    )
    .unwrap();
    for args in [&["check", "."][..], &["check", "passwd.md"]] {
        let r = loclint_in(dir.path(), args);
        assert!(
            !r.stdout.contains("SECRET") && !r.stdout.contains("안녕"),
            "{}",
            r.stdout
        );
        assert!(
            r.stderr.contains("out of the checked folders"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn a_linked_file_is_fixed_at_its_target_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "real/a.md", page().as_bytes());
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::os::unix::fs::symlink("../real/a.md", dir.path().join("docs/a.md")).unwrap();
    let r = loclint_in(dir.path(), &["check", "--fix", "docs/a.md"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let link = dir.path().join("docs/a.md");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(dir.path().join("real/a.md"))
            .unwrap()
            .contains("안녕하세요 입니다")
    );
}

#[test]
fn a_file_met_under_two_names_is_fixed_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "real/a.md", page().as_bytes());
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::os::unix::fs::symlink("../real/a.md", dir.path().join("docs/a.md")).unwrap();
    write(dir.path(), "b.md", page().as_bytes());
    std::fs::hard_link(dir.path().join("b.md"), dir.path().join("c.md")).unwrap();
    let r = loclint_in(dir.path(), &["check", "--fix", "."]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // One repair in each of the two files, not one per name.
    assert!(r.stdout.contains("Applied 2 fixes"), "{}", r.stdout);
    assert!(
        std::fs::symlink_metadata(dir.path().join("docs/a.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let want = "# 제목\n\n안녕하세요 입니다. 설명이 이어지는 문장입니다.\n";
    for name in ["real/a.md", "b.md", "c.md"] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            want,
            "{name}"
        );
    }
    use std::os::unix::fs::MetadataExt;
    let ino = |n: &str| std::fs::metadata(dir.path().join(n)).unwrap().ino();
    assert_eq!(ino("b.md"), ino("c.md"), "the hard link is kept");
    let again = loclint_in(dir.path(), &["check", "--fix", "."]);
    assert!(!again.stdout.contains("Applied"), "{}", again.stdout);
}

#[test]
fn hard_links_and_owner_are_kept() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", page().as_bytes());
    std::fs::hard_link(dir.path().join("a.md"), dir.path().join("b.txt")).unwrap();
    let owner_changed = is_root()
        && Command::new("chown")
            .args(["65534:65534"])
            .arg(dir.path().join("a.md"))
            .status()
            .is_ok_and(|s| s.success());
    let before = std::fs::metadata(dir.path().join("a.md")).unwrap();
    let r = loclint_in(dir.path(), &["check", "--fix", "a.md"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let after = std::fs::metadata(dir.path().join("a.md")).unwrap();
    assert_eq!((after.ino(), after.nlink()), (before.ino(), 2));
    assert!(
        std::fs::read_to_string(dir.path().join("b.txt"))
            .unwrap()
            .contains("안녕하세요 입니다")
    );
    if owner_changed {
        assert_eq!((after.uid(), after.gid()), (65534, 65534));
    }
}

#[test]
fn owner_and_group_survive_the_atomic_rename() {
    use std::os::unix::fs::MetadataExt;
    if !is_root() {
        eprintln!("skipped: owner_and_group_survive_the_atomic_rename needs root to chown");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", page().as_bytes());
    let p = dir.path().join("a.md");
    assert!(
        Command::new("chown")
            .arg("65534:65534")
            .arg(&p)
            .status()
            .unwrap()
            .success()
    );
    let r = loclint_in(dir.path(), &["check", "--fix", "a.md"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let m = std::fs::metadata(&p).unwrap();
    assert_eq!((m.uid(), m.gid()), (65534, 65534));
}

// 6. Unreadable folders are ignored.
#[test]
fn unreadable_folders_and_files_are_errors() {
    use std::os::unix::fs::PermissionsExt;
    let dir = open_tempdir();
    write(dir.path(), "docs/ok.md", b"# ok\n");
    write(dir.path(), "docs/secret/s.md", b"# s\n");
    std::fs::set_permissions(
        dir.path().join("docs"),
        std::fs::Permissions::from_mode(0o777),
    )
    .unwrap();
    std::fs::set_permissions(
        dir.path().join("docs/ok.md"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    std::fs::set_permissions(
        dir.path().join("docs/secret"),
        std::fs::Permissions::from_mode(0o700),
    )
    .unwrap();
    let Some(walk) = loclint_unprivileged(dir.path(), &["check", "docs"]) else {
        return;
    };
    assert_eq!(walk.code, 1, "{}{}", walk.stdout, walk.stderr);
    assert!(
        walk.stdout.contains("io-error") && walk.stdout.contains("permission denied"),
        "{}",
        walk.stdout
    );
    let named = loclint_unprivileged(dir.path(), &["check", "docs/secret/s.md"]).unwrap();
    assert_eq!(named.code, 1, "{}{}", named.stdout, named.stderr);
    assert!(
        named.stdout.contains("permission denied"),
        "{}",
        named.stdout
    );
    assert!(!named.stderr.contains("does not exist"), "{}", named.stderr);
}

// 7. Non-regular files have no size limit.
#[test]
fn devices_and_fifos_are_never_read() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "docs/a.md",
        b"# a\n\n[zero](./zero.md) [pipe](./pipe.md)\n",
    );
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("docs/zero.md")).unwrap();
    let fifo = dir.path().join("docs/pipe.md");
    if !Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        eprintln!("skipped: devices_and_fifos_are_never_read needs mkfifo");
        return;
    }
    let limit = Duration::from_secs(60);
    loclint_within(dir.path(), &["check", "docs"], limit);
    let named = loclint_within(dir.path(), &["check", "docs/pipe.md"], limit);
    assert_eq!(named.code, 1);
    assert!(
        named.stdout.contains("not a regular file (a named pipe)"),
        "{}",
        named.stdout
    );
}

// 8. Quadratic input.
#[test]
fn many_references_and_deep_lists_take_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let mut refs = String::from("# t\n\n");
    for i in 0..n {
        refs.push_str(&format!("see [x][r{i}] ok\n\n"));
    }
    for i in 0..n {
        refs.push_str(&format!("[r{i}]: ./p{i}.md\n"));
    }
    write(dir.path(), "refs.md", refs.as_bytes());
    let mut nest = String::from("# t\n\n");
    for i in 0..2000 {
        nest.push_str(&"  ".repeat(i));
        nest.push_str("- item\n");
    }
    write(dir.path(), "nest.md", nest.as_bytes());
    // Before: 20,000 × 20,000 label comparisons took minutes.
    let r = loclint_within(
        dir.path(),
        &["check", "--format", "json", "refs.md", "nest.md"],
        Duration::from_secs(45),
    );
    assert_eq!(
        r.stdout.matches("\"missing-file\"").count(),
        n,
        "every reference link resolved"
    );
}

#[test]
fn thousands_of_threads_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", b"# a\n");
    let r = loclint_within(
        dir.path(),
        &["check", "--threads", "5000", "a.md"],
        Duration::from_secs(60),
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

// 9. Nondeterminism.
#[test]
fn reference_links_resolve_exactly_and_the_same_every_run() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        b"# a\n\n[Guide] [guide  two][] [x][GUIDE TWO] [setup][]\n\n[guide]: ./guide.md\n[guide two]: ./missing.md\n[setup]: ./guide.md\n[up]: ./also-missing.md\n",
    );
    write(dir.path(), "guide.md", b"# guide\n");
    let first = loclint_in(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(
        first.stdout.matches("missing.md").count(),
        2,
        "{}",
        first.stdout
    );
    assert!(!first.stdout.contains("also-missing"), "{}", first.stdout);
    for _ in 0..10 {
        let again = loclint_in(dir.path(), &["check", "--format", "json", "."]);
        assert_eq!(again.stdout, first.stdout);
    }
}
