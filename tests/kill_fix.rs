//! `kill -9` during `--fix`: every file is afterwards either its original or
//! its fixed bytes, never torn, and the temporary files an interrupted run
//! leaves are removed by the next one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const FILES: usize = 100;

fn page(i: usize) -> String {
    // Each page has a safe mojibake repair and enough text to take a while.
    let mut s = format!("# 문서 {i}\n\nì•ˆë…•í•˜ì„¸ìš” 입니다. 문장 {i}.\n\n");
    for k in 0..20 {
        s.push_str(&format!(
            "본문 {k} 계속되는 설명 문장입니다. ì„¤ì • 안내.\n\n"
        ));
    }
    s
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    (0..FILES)
        .map(|i| {
            let p = dir.join(format!("d{}/p{i}.md", i % 10));
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, page(i)).unwrap();
            (p, page(i).into_bytes())
        })
        .collect()
}

fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in std::fs::read_dir(dir).unwrap().flatten() {
        for e in std::fs::read_dir(d.path()).into_iter().flatten().flatten() {
            if e.file_name().to_string_lossy().starts_with(".loclint-") {
                out.push(e.path());
            }
        }
    }
    out
}

fn fix(dir: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_loclint"))
        .args(["check", "--fix", "--quiet", "."])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn kill_during_fix_leaves_whole_files() {
    // The fixed bytes, from one uninterrupted run.
    let reference = tempfile::tempdir().unwrap();
    let originals = tree(reference.path());
    assert!(fix(reference.path()).wait().unwrap().code().is_some());
    let fixed: BTreeMap<PathBuf, Vec<u8>> = originals
        .keys()
        .map(|p| {
            let rel = p.strip_prefix(reference.path()).unwrap().to_path_buf();
            (rel, std::fs::read(p).unwrap())
        })
        .collect();
    assert!(fixed.values().zip(originals.values()).all(|(f, o)| f != o));

    // Deterministic "random" moments, spread over the run.
    let mut seed = 0x9E37_79B9_u64;
    for trial in 0..4 {
        let dir = tempfile::tempdir().unwrap();
        let originals = tree(dir.path());
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = 10 + seed % 200;
        let mut child = fix(dir.path());
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        for (p, orig) in &originals {
            let now = std::fs::read(p).unwrap();
            let rel = p.strip_prefix(dir.path()).unwrap();
            assert!(
                now == *orig || now == fixed[rel],
                "trial {trial} (killed after {delay} ms): {} is torn",
                rel.display()
            );
        }
        // The next run removes what the killed one left, and finishes the job.
        let left = temp_files(dir.path()).len();
        let status = fix(dir.path()).wait().unwrap();
        assert!(status.code().is_some());
        assert!(
            temp_files(dir.path()).is_empty(),
            "trial {trial}: {left} temp files, not removed"
        );
        for p in originals.keys() {
            let rel = p.strip_prefix(dir.path()).unwrap();
            assert_eq!(
                std::fs::read(p).unwrap(),
                fixed[rel],
                "trial {trial}: {}",
                rel.display()
            );
        }
    }
}

#[test]
fn a_stale_temp_file_is_removed_and_others_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), page(1)).unwrap();
    std::fs::write(dir.path().join(".loclint-Ab12Cd.tmp"), "half").unwrap();
    std::fs::write(dir.path().join(".loclint-notes.tmp.md"), "mine").unwrap();
    let r = common::loclint_in(dir.path(), &["check", "--fix", "a.md"]);
    assert!(
        r.stderr.contains("removed 1 temporary file"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join(".loclint-Ab12Cd.tmp").exists());
    assert!(dir.path().join(".loclint-notes.tmp.md").exists());
}
