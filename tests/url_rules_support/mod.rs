//! Helpers for the URL rules' integration tests: run the binary on fixtures
//! and on temporary copies, the way a user would.

// Helpers, not tests: clippy.toml's test allowances do not reach them.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const RULES: &str = "localized-url,localized-email,url-glued-to-text";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `loclint` in `dir`; returns stdout and the exit code.
pub fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_loclint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("run loclint");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// Human output (no colour, 100 columns) of `rules` on a fixture of the repository.
pub fn human(fixture: &str, rules: &str) -> String {
    run(&repo(), &["check", "-q", "--select", rules, fixture]).0
}

/// The JSON diagnostics of `rules` on `path`, run from `dir`.
pub fn diagnostics(dir: &Path, path: &str, rules: &str) -> Vec<serde_json::Value> {
    let (out, _) = run(dir, &["check", "--format", "json", "--select", rules, path]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json output");
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

/// One line per diagnostic: rule, path:line:column, fix applicability,
/// message, then the fix message.
pub fn compact(diags: &[serde_json::Value]) -> String {
    let mut s = String::new();
    for d in diags {
        let fix = &d["fix"];
        let applicability = fix["applicability"].as_str().unwrap_or("no fix");
        s.push_str(&format!(
            "{} {}:{}:{} [{}] {}\n",
            d["rule"].as_str().unwrap_or(""),
            d["path"].as_str().unwrap_or("").replace('\\', "/"),
            d["start"]["line"],
            d["start"]["column"],
            applicability,
            d["message"].as_str().unwrap_or("")
        ));
        if let Some(m) = fix["message"].as_str() {
            s.push_str(&format!("    fix: {m}\n"));
        }
    }
    s
}

/// Copies repository files into a fresh temporary folder, keeping their relative paths.
pub fn temp_copy(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (from, to) in files {
        let target = dir.path().join(to);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(repo().join(from), &target).expect("copy");
    }
    dir
}

/// Fixes a copy of a fixture with `rules` (`unsafe_fixes` too if asked)
/// and returns the fixed text and what is left.
pub fn fix_text(
    fixture: &str,
    rules: &str,
    unsafe_fixes: bool,
) -> (String, Vec<serde_json::Value>) {
    let name = Path::new(fixture)
        .file_name()
        .expect("file name")
        .to_string_lossy()
        .into_owned();
    let dir = temp_copy(&[(fixture, &name)]);
    let mut args = vec!["check", "-q", "--fix", "--select", rules];
    if unsafe_fixes {
        args.push("--unsafe-fixes");
    }
    args.push(&name);
    run(dir.path(), &args);
    let once = std::fs::read_to_string(dir.path().join(&name)).expect("read fixed");
    run(dir.path(), &args);
    let twice = std::fs::read_to_string(dir.path().join(&name)).expect("read fixed");
    assert_eq!(once, twice, "fixing twice changed {fixture}");
    let left = diagnostics(dir.path(), &name, rules);
    (once, left)
}

/// `fix_text`, asserting that nothing is left to report.
pub fn fixed(fixture: &str, rules: &str, unsafe_fixes: bool) -> String {
    let (text, left) = fix_text(fixture, rules, unsafe_fixes);
    assert!(
        left.is_empty(),
        "{fixture} after fixing:\n{}",
        compact(&left)
    );
    text
}

pub fn read(fixture: &str) -> String {
    std::fs::read_to_string(repo().join(fixture)).expect("read fixture")
}
