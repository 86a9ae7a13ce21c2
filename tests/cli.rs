//! CLI behaviour: exit codes, formats, config, determinism, fixing, and bad input.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{fixture, loclint, loclint_in, rel, root};
use std::path::Path;

const BAD: &str = "fixtures/replacement-character/bad.md";
const GOOD: &str = "fixtures/replacement-character/good.md";
const EUC: &str = "fixtures/non-utf8-file/bad.md";

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("invalid json ({e}):\n{s}"))
}

#[test]
fn exit_codes() {
    assert_eq!(loclint(&["check", "--isolated", GOOD]).code, 0);
    assert_eq!(loclint(&["check", "--isolated", BAD]).code, 1);
    assert_eq!(
        loclint(&["check", "--isolated", "--fail-on", "never", BAD]).code,
        0
    );
    let missing = loclint(&["check", "no/such/path.md"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("no/such/path.md"),
        "{}",
        missing.stderr
    );
    assert_eq!(loclint(&["check", "--no-such-flag"]).code, 2);
    let bad_rule = loclint(&["check", "--select", "nope", GOOD]);
    assert_eq!(bad_rule.code, 2);
    assert!(bad_rule.stderr.contains("nope"));
}

#[test]
fn fail_on_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("replacement-character/bad.md"),
        dir.path().join("a.md"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("loclint.toml"),
        "[rules]\nreplacement-character = \"warning\"\n",
    )
    .unwrap();
    assert_eq!(loclint_in(dir.path(), &["check", "a.md"]).code, 0);
    assert_eq!(
        loclint_in(dir.path(), &["check", "--fail-on", "warning", "a.md"]).code,
        1
    );
    // --isolated ignores the file: back to error.
    assert_eq!(
        loclint_in(dir.path(), &["check", "--isolated", "a.md"]).code,
        1
    );
}

#[test]
fn json_contract() {
    let out = loclint(&["check", "--isolated", "--format", "json", BAD, EUC]);
    let v = json(&out.stdout);
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["summary"]["errors"], 3);
    assert_eq!(v["summary"]["warnings"], 0);
    assert_eq!(v["summary"]["infos"], 0);
    assert_eq!(v["summary"]["fixed"], 0);
    let d = &v["diagnostics"][0];
    assert_eq!(d["path"], "fixtures/non-utf8-file/bad.md");
    assert_eq!(
        d["start"],
        serde_json::json!({"line": 1, "column": 1, "offset": 0})
    );
    assert_eq!(d["fix"]["applicability"], "safe");
    assert!(d["fix"]["edits"].is_array());
    let r = &v["diagnostics"][1];
    assert_eq!(r["rule"], "replacement-character");
    assert_eq!(r["severity"], "error");
    assert_eq!(r["start"]["line"], 3);
    assert_eq!(r["start"]["column"], 9);
    assert_eq!(r["end"]["column"], 11);
    assert!(r["fix"].is_null());
    assert!(r["help"].is_string());
    let keys: Vec<_> = r.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "path", "rule", "severity", "message", "help", "start", "end", "fix"
        ]
    );
}

#[test]
fn output_is_identical_for_any_thread_count() {
    for format in ["human", "json", "sarif", "github"] {
        let one = loclint(&[
            "check",
            "--isolated",
            "--format",
            format,
            "--threads",
            "1",
            "fixtures",
        ]);
        let two = loclint(&[
            "check",
            "--isolated",
            "--format",
            format,
            "--threads",
            "2",
            "fixtures",
        ]);
        let four = loclint(&[
            "check",
            "--isolated",
            "--format",
            format,
            "--threads",
            "4",
            "fixtures",
        ]);
        assert_eq!(one.stdout, two.stdout, "{format}");
        assert_eq!(one.stdout, four.stdout, "{format}");
    }
}

#[test]
fn renderers_snapshot() {
    let files = [EUC, BAD];
    let mut args = vec!["check", "--isolated", "--format"];
    for format in ["human", "json", "github", "sarif"] {
        args.truncate(3);
        args.push(format);
        args.extend(files);
        let out = loclint(&args);
        // SARIF names the repository root as an absolute URI: not the same on every machine.
        let root_uri = format!("file://{}/", root().display());
        let shown = out.stdout.replace(&root_uri, "file:///REPOSITORY/");
        insta::assert_snapshot!(format!("render_{format}"), shown);
    }
}

#[test]
fn statistics_and_quiet() {
    let out = loclint(&["check", "--isolated", "--statistics", BAD, EUC]);
    assert!(
        out.stdout.contains("2  replacement-character"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("1  non-utf8-file  (1 fixable)"),
        "{}",
        out.stdout
    );
    let quiet = loclint(&["check", "--isolated", "--quiet", BAD]);
    assert!(!quiet.stdout.contains("Found"), "{}", quiet.stdout);
}

#[test]
fn select_and_ignore() {
    let v = json(
        &loclint(&[
            "check",
            "--isolated",
            "--format",
            "json",
            "--select",
            "non-utf8-file",
            BAD,
            EUC,
        ])
        .stdout,
    );
    assert_eq!(v["summary"]["errors"], 1);
    let v = json(
        &loclint(&[
            "check",
            "--isolated",
            "--format",
            "json",
            "--ignore",
            "non-utf8-file",
            BAD,
            EUC,
        ])
        .stdout,
    );
    assert_eq!(v["summary"]["errors"], 2);
}

#[test]
fn invalid_config_is_labelled() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "# ok\n").unwrap();
    std::fs::write(
        dir.path().join("loclint.toml"),
        "[rules]\nreplacement-character = \"loud\"\n",
    )
    .unwrap();
    let out = loclint_in(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("loclint.toml"), "{}", out.stderr);
    assert!(out.stderr.contains("loud"), "{}", out.stderr);
    assert!(
        out.stderr.contains("expected \"off\""),
        "label into the TOML:\n{}",
        out.stderr
    );
    std::fs::write(dir.path().join("loclint.toml"), "colour = 1\n").unwrap();
    let out = loclint_in(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("colour"), "{}", out.stderr);
    let out = loclint_in(dir.path(), &["check", "--config", "missing.toml", "."]);
    assert_eq!(out.code, 2);
}

#[test]
fn config_is_discovered_upward_and_layered() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("docs/deep")).unwrap();
    std::fs::copy(
        fixture("replacement-character/bad.md"),
        dir.path().join("docs/deep/a.md"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("base.toml"),
        "[rules]\nreplacement-character = \"off\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("loclint.toml"), "extend = \"base.toml\"\n").unwrap();
    assert_eq!(loclint_in(dir.path(), &["check", "docs"]).code, 0);
    // A nearer config wins.
    std::fs::write(
        dir.path().join("docs/.loclint.toml"),
        "[rules]\nreplacement-character = \"error\"\n",
    )
    .unwrap();
    assert_eq!(loclint_in(dir.path(), &["check", "docs"]).code, 1);
    // CLI flags win over files.
    assert_eq!(
        loclint_in(
            dir.path(),
            &["check", "--ignore", "replacement-character", "docs"]
        )
        .code,
        0
    );
    // Exclude globs.
    std::fs::write(
        dir.path().join("docs/.loclint.toml"),
        "exclude = [\"deep/**\"]\n",
    )
    .unwrap();
    let v = json(&loclint_in(dir.path(), &["check", "--format", "json", "docs"]).stdout);
    assert_eq!(v["summary"]["files"], 0);
}

#[test]
fn walk_honours_ignore_files_but_not_for_explicit_paths() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("skip")).unwrap();
    std::fs::copy(fixture("replacement-character/bad.md"), p.join("skip/a.md")).unwrap();
    std::fs::copy(fixture("replacement-character/bad.md"), p.join("b.mdx")).unwrap();
    std::fs::write(p.join("notes.txt"), "\u{FFFD}").unwrap();
    std::fs::write(p.join(".loclintignore"), "skip/\n").unwrap();
    let v = json(&loclint_in(p, &["check", "--format", "json", "."]).stdout);
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["diagnostics"][0]["path"], "b.mdx");
    let v = json(&loclint_in(p, &["check", "--format", "json", "skip/a.md"]).stdout);
    assert_eq!(v["summary"]["files"], 1);
    std::fs::write(p.join(".gitignore"), "b.mdx\n").unwrap();
    let v = json(&loclint_in(p, &["check", "--format", "json", "."]).stdout);
    assert_eq!(v["summary"]["files"], 0);
}

#[test]
fn suppression_comments() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("a.md"),
        "<!-- loclint-disable-next-line replacement-character -->\n\u{FFFD} one\n\n{/* loclint-disable replacement-character */}\n\u{FFFD} two\n{/* loclint-enable replacement-character */}\n\u{FFFD} three\n<!-- loclint-disable-next-line mojibak -->\nx\n",
    )
    .unwrap();
    let v = json(&loclint_in(p, &["check", "--format", "json", "a.md"]).stdout);
    let rules: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        vec![
            ("replacement-character".to_string(), 7),
            ("unknown-rule".to_string(), 8)
        ]
    );
    std::fs::write(p.join("b.md"), "<!-- loclint-disable-file -->\n\u{FFFD}\n").unwrap();
    assert_eq!(loclint_in(p, &["check", "b.md"]).code, 0);
}

#[test]
fn fix_rewrites_legacy_encoding_as_utf8_and_diff_writes_nothing() {
    let dir = common::temp_copy(&[fixture("non-utf8-file/bad.md").as_path()]);
    let before = std::fs::read(dir.path().join("bad.md")).unwrap();
    let diff = loclint_in(dir.path(), &["check", "--diff", "bad.md"]);
    assert_eq!(diff.code, 1);
    assert!(
        diff.stdout.contains("re-encoded from EUC-KR to UTF-8"),
        "{}",
        diff.stdout
    );
    assert_eq!(
        std::fs::read(dir.path().join("bad.md")).unwrap(),
        before,
        "--diff must not write"
    );
    let fix = loclint_in(dir.path(), &["check", "--fix", "bad.md"]);
    assert_eq!(fix.code, 0, "{}", fix.stdout);
    let after = std::fs::read_to_string(dir.path().join("bad.md")).unwrap();
    assert!(after.contains("비밀번호를 잊어버렸나요?"));
    assert!(fix.stdout.contains("Applied 1 fix"), "{}", fix.stdout);
}

#[test]
fn bad_input_never_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("empty.md"), "").unwrap();
    std::fs::write(
        p.join("binary.md"),
        [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 0, 0, 2, 3, 0, 0, 0],
    )
    .unwrap();
    std::fs::copy(fixture("replacement-character/bad.md"), p.join("real.md")).unwrap();
    std::os::unix::fs::symlink(p.join("nowhere.md"), p.join("dangling.md")).unwrap();
    std::fs::create_dir(p.join("loop")).unwrap();
    std::os::unix::fs::symlink(p.join("loop"), p.join("loop/again")).unwrap();
    let out = loclint_in(p, &["check", "--format", "json", "."]);
    let v = json(&out.stdout);
    assert_eq!(v["summary"]["errors"], 2, "{}", out.stdout);
    assert!(
        out.stderr.contains("binary.md"),
        "binary file noted: {}",
        out.stderr
    );
    // An explicit unreadable path is an io-error diagnostic; the other file is still checked.
    let out = loclint_in(p, &["check", "--format", "json", "dangling.md", "real.md"]);
    let v = json(&out.stdout);
    let rules: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        rules,
        ["io-error", "replacement-character", "replacement-character"]
    );
    assert!(
        v["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("dangling.md")
    );
    assert_eq!(out.code, 1);
}

#[test]
fn huge_single_line_file_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = String::with_capacity(50 * 1024 * 1024 + 64);
    while line.len() < 50 * 1024 * 1024 {
        line.push_str("한국어 문장과 English words https://example.com/a_b 그리고 `code` 더 ");
    }
    line.push('\u{FFFD}');
    std::fs::write(dir.path().join("big.md"), &line).unwrap();
    // The encoding rules read every byte; the unoptimised test build keeps the
    // slower rule families out (their linear cost is measured in release).
    let out = loclint_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--select",
            "replacement-character,non-utf8-file,mojibake",
            "big.md",
        ],
    );
    let v = json(&out.stdout);
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["diagnostics"][0]["start"]["line"], 1);
    // The human report shows the position instead of a 50 MB snippet, without panicking.
    let human = loclint_in(
        dir.path(),
        &["check", "--select", "replacement-character", "big.md"],
    );
    assert_eq!(human.code, 1, "{}", human.stderr);
    assert!(
        human.stdout.contains("big.md:1:"),
        "{}",
        &human.stdout[..human.stdout.len().min(500)]
    );
}

#[test]
fn fix_engine_keeps_crlf_bom_and_untouched_bytes() {
    // A UTF-16 file with CRLF: converted to UTF-8 with the same characters and line endings.
    let dir = common::temp_copy(&[fixture("non-utf8-file/bad-utf16.md").as_path()]);
    let original = std::fs::read(dir.path().join("bad-utf16.md")).unwrap();
    loclint_in(dir.path(), &["check", "--fix", "bad-utf16.md"]);
    let fixed = std::fs::read_to_string(dir.path().join("bad-utf16.md")).unwrap();
    let (decoded, _) = encoding_rs::UTF_16LE.decode_with_bom_removal(&original);
    assert_eq!(fixed, decoded);
    assert!(fixed.contains("\r\n"));
    // A clean UTF-8 file with BOM and CRLF is never rewritten.
    let p = dir.path().join("clean.md");
    std::fs::write(&p, b"\xEF\xBB\xBF# t\r\n\r\ntext\r\n").unwrap();
    let before = std::fs::metadata(&p).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    loclint_in(dir.path(), &["check", "--fix", "clean.md"]);
    assert_eq!(
        std::fs::read(&p).unwrap(),
        b"\xEF\xBB\xBF# t\r\n\r\ntext\r\n"
    );
    assert_eq!(
        std::fs::metadata(&p).unwrap().modified().unwrap(),
        before,
        "no rewrite without a fix"
    );
    assert!(!dir.path().read_dir().unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".loclint-")
    }));
}

#[test]
fn fixtures_command_from_readme_runs() {
    let out = loclint(&["check", "fixtures"]);
    assert_eq!(
        out.code, 1,
        "fixtures contain defects on purpose:\n{}{}",
        out.stdout, out.stderr
    );
    assert!(out.stdout.contains("Found"), "{}", out.stdout);
    let _ = rel(Path::new("x"));
}
