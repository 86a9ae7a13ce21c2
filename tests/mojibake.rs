//! Fixture and seed snapshots for the `mojibake` rule: rendered diagnostics,
//! the fixed text, and the two fix passes over the seed pages.

// Test helpers may panic: a failure is the test's answer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_loclint"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `loclint check` with `args` on `path`; returns stdout.
fn check(path: &Path, args: &[&str]) -> String {
    let out = bin()
        .arg("check")
        .arg("--isolated")
        .arg("--select")
        .arg("mojibake")
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// A copy of `src` in a fresh temp dir, named `name`.
fn copy(src: &Path, name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let dst = dir.path().join(name);
    std::fs::copy(src, &dst).unwrap();
    (dir, dst)
}

fn json(path: &Path, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["--format", "json"];
    a.extend_from_slice(args);
    serde_json::from_str(&check(path, &a)).unwrap()
}

fn diagnostics(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

/// One line per diagnostic: position, message and fix.
fn summary(v: &serde_json::Value) -> String {
    let mut out = String::new();
    for d in diagnostics(v) {
        out.push_str(&format!(
            "{}:{} {} [{}: {}]\n",
            d["start"]["line"],
            d["start"]["column"],
            d["message"].as_str().unwrap_or(""),
            d["fix"]["applicability"].as_str().unwrap_or("-"),
            d["fix"]["message"].as_str().unwrap_or("-"),
        ));
    }
    out
}

#[test]
fn bad_fixture_diagnostics() {
    let (_d, path) = copy(&root().join("fixtures/mojibake/bad.md"), "bad.md");
    insta::assert_snapshot!("bad_fixture_diagnostics", summary(&json(&path, &[])));
}

#[test]
fn bad_fixture_fixed_text_is_clean_and_stable() {
    let (_d, path) = copy(&root().join("fixtures/mojibake/bad.md"), "bad.md");
    check(&path, &["--fix", "--unsafe-fixes"]);
    let fixed = std::fs::read_to_string(&path).unwrap();
    insta::assert_snapshot!("bad_fixture_fixed", fixed);
    assert!(
        diagnostics(&json(&path, &[])).is_empty(),
        "fixed text still reported"
    );
    check(&path, &["--fix", "--unsafe-fixes"]);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        fixed,
        "a second fix changed the text"
    );
}

#[test]
fn good_fixture_is_clean() {
    let path = root().join("fixtures/mojibake/good.md");
    assert!(
        diagnostics(&json(&path, &[])).is_empty(),
        "{}",
        check(&path, &[])
    );
}

const SEEDS: [&str; 2] = ["000_1e44dd774abfb1ca", "001_b7e4836e97a521a9"];

/// `--fix` repairs every run that needs no guess; only lost-byte runs remain,
/// each with an unsafe fix.
#[test]
fn seeds_safe_pass_leaves_only_lost_byte_runs() {
    for seed in SEEDS {
        let (_d, path) = copy(
            &root().join(format!("fixtures/seeds/{seed}.txt")),
            &format!("{seed}.md"),
        );
        check(&path, &["--fix"]);
        let left = json(&path, &[]);
        for d in diagnostics(&left) {
            assert_eq!(d["fix"]["applicability"], "unsafe", "{d}");
        }
        insta::assert_snapshot!(format!("seed_{seed}_after_fix"), summary(&left));
    }
}

/// `--fix --unsafe-fixes` restores the Korean completely.
#[test]
fn seeds_unsafe_pass_restores_the_page() {
    for seed in SEEDS {
        let (_d, path) = copy(
            &root().join(format!("fixtures/seeds/{seed}.txt")),
            &format!("{seed}.md"),
        );
        check(&path, &["--fix", "--unsafe-fixes"]);
        let fixed = std::fs::read_to_string(&path).unwrap();
        let expected =
            std::fs::read_to_string(root().join(format!("fixtures/seeds/expected/{seed}.md")))
                .unwrap();
        for (i, (a, b)) in fixed.lines().zip(expected.lines()).enumerate() {
            assert_eq!(a, b, "{seed} line {}", i + 1);
        }
        assert_eq!(fixed, expected, "{seed}");
        assert!(
            diagnostics(&json(&path, &[])).is_empty(),
            "{seed}: repaired page still reported"
        );
    }
}

/// Runs `args` on `text` written to a temp `page.md`; returns the text after.
fn fixed_with(text: &str, args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.md");
    std::fs::write(&path, text).unwrap();
    check(&path, args);
    std::fs::read_to_string(&path).unwrap()
}

/// A no-break space and curly quotes through Windows-1252 are Latin
/// punctuation, even on a line whose Korean went through EUC-KR and
/// Windows-1252: reading them as EUC-KR too gave `Click젒Save뮔to`.
#[test]
fn latin_punctuation_beside_a_double_byte_line_stays_latin() {
    let garbled =
        "# 저장\n\n¼³Á¤ ÆÄÀÏÀ» ÀúÀåÇÏ·Á¸é ClickÂ\u{a0}â€˜Saveâ€™Â\u{a0}to ¹öÆ°À» ´©¸£¼¼¿ä.\n";
    let want = "# 저장\n\n설정 파일을 저장하려면 Click\u{a0}‘Save’\u{a0}to 버튼을 누르세요.\n";
    assert_eq!(fixed_with(garbled, &["--fix"]), want);
    assert_eq!(fixed_with(garbled, &["--fix", "--unsafe-fixes"]), want);
}

/// The same punctuation next to Korean that went through the seeds' process
/// (UTF-8 read as Windows-1254, undefined bytes dropped): never Hangul.
#[test]
fn latin_punctuation_beside_lossy_korean_is_never_hangul() {
    let garbled =
        "ìì‚°ì„ ë“±ë¡í•˜ë\u{a0}¤ë©´ ClickÂ\u{a0}â€˜Saveâ€™Â\u{a0}to ë²„íŠ¼ì„ ëˆ„ë¥´ì„¸ìš”.\n";
    let safe = fixed_with(garbled, &["--fix"]);
    let between = |t: &str| {
        let at = t.find("Click").unwrap();
        let end = t[at..].find("to").unwrap();
        t[at..at + end].to_string()
    };
    assert!(
        !between(&safe)
            .chars()
            .any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)),
        "{safe}"
    );
    assert!(between(&safe).contains("Save"), "{safe}");
    let all = fixed_with(garbled, &["--fix", "--unsafe-fixes"]);
    assert_eq!(
        all,
        "자산을 등록하려면 Click\u{a0}‘Save’\u{a0}to 버튼을 누르세요.\n"
    );
}

/// Two soft hyphens through Windows-1254 with the soft hyphens dropped leave
/// `ÂÂ`: the bytes C2 C2 are 쩟 in EUC-KR, but nothing on the page went
/// through EUC-KR.
#[test]
fn two_soft_hyphens_are_not_hangul() {
    for garbled in [
        "ì„¤ì\u{a0}•ÂÂ í™”ë©´ì—ì„œ ì—í•\u{a0}ì„ ì„\u{a0}íƒí•©ë‹ˆë‹¤.\n",
        "# ì„¤ì\u{a0}•\n\nÂÂ\n\ní™”ë©´ì—ì„œ ì—í•\u{a0}ì„ ì„\u{a0}íƒí•©ë‹ˆë‹¤.\n",
        "설정 ÂÂ 화면\n",
    ] {
        for args in [&["--fix"][..], &["--fix", "--unsafe-fixes"][..]] {
            let fixed = fixed_with(garbled, args);
            assert!(!fixed.contains('쩟'), "{args:?}: {fixed}");
        }
    }
}

/// `LOCLINT_MOJIBAKE_LM` swaps the language model for the held-out
/// evaluation: a model where 밍 is the common syllable ranks it first for
/// "ë°" (및, 데, 밍 and 밝 all lost their last byte), and a model that
/// cannot be read leaves the shipped one in place, with a warning.
#[test]
fn the_model_can_be_swapped_for_evaluation() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("lm.tsv");
    std::fs::write(&model, "ko\t0\t-\t1000\nko\t1\t밍\t900\n").unwrap();
    let page = dir.path().join("p.md");
    std::fs::write(&page, "SSL ë° ë³´ì•ˆ\n").unwrap();
    let run = |lm: &Path| {
        std::fs::write(&page, "SSL ë° ë³´ì•ˆ\n").unwrap();
        let out = bin()
            .args([
                "check",
                "--isolated",
                "--select",
                "mojibake",
                "--fix",
                "--unsafe-fixes",
            ])
            .arg(&page)
            .env("LOCLINT_MOJIBAKE_LM", lm)
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        (std::fs::read_to_string(&page).unwrap(), stderr)
    };
    let (fixed, _) = run(&model);
    assert_eq!(fixed, "SSL 밍 보안\n");
    let (fixed, stderr) = run(&dir.path().join("missing.tsv"));
    assert_eq!(fixed, "SSL 및 보안\n");
    assert!(stderr.contains("LOCLINT_MOJIBAKE_LM"), "{stderr}");
}
