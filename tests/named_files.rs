//! Named files behave like walked files: the same config discovery and
//! layering, the same `include`/`exclude` (unless `--no-force-exclude`), the
//! same exit code 2 for an invalid config, the same diagnostics. Standard input
//! (`-`, `--stdin-filename`) is one more named file. Every case runs from the
//! tree's root and from a sibling folder, with `../` and absolute paths.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{Run, loclint_in};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Korean prose with three particle errors (safe fixes) and a replacement character.
const PAGE: &str = "# 안내\n\n계정를 만들고 티켓가 닫히면 서비스과 지원을 확인하세요. \u{FFFD}\n";
const FIXED: &str = "# 안내\n\n계정을 만들고 티켓이 닫히면 서비스와 지원을 확인하세요. \u{FFFD}\n";

/// `root/tree` (a git root, so discovery stops there) and `root/elsewhere`,
/// an unrelated working folder.
struct Site {
    _dir: tempfile::TempDir,
    tree: PathBuf,
    elsewhere: PathBuf,
}

impl Site {
    fn new(files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("tree");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(tree.join(".git")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        for (path, text) in files {
            let p = tree.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        Site {
            _dir: dir,
            tree,
            elsewhere,
        }
    }

    /// The ways to name `rel` (inside the tree): from the tree, and from
    /// `elsewhere` by `../tree/...` and by absolute path.
    fn spellings(&self, rel: &str) -> Vec<(PathBuf, String)> {
        vec![
            (self.tree.clone(), rel.to_string()),
            (self.elsewhere.clone(), format!("../tree/{rel}")),
            (
                self.elsewhere.clone(),
                self.tree.join(rel).display().to_string(),
            ),
        ]
    }
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("invalid json ({e}):\n{s}"))
}

/// `(rule, severity)` of each diagnostic in a JSON report.
fn findings(run: &Run) -> Vec<(String, String)> {
    json(&run.stdout)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect()
}

/// Runs `loclint ARGS` in `cwd` with `input` on standard input.
fn loclint_stdin(cwd: &Path, args: &[&str], input: &[u8]) -> (Vec<u8>, Run) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_loclint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    let run = Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    };
    (out.stdout, run)
}

#[test]
fn invalid_config_is_exit_2_with_the_same_labelled_error_for_named_files() {
    let site = Site::new(&[
        ("a/b/page.md", PAGE),
        (
            "a/b/loclint.toml",
            "[rules]\nreplacement-character = \"loud\"\n",
        ),
    ]);
    let folder = loclint_in(&site.tree, &["check", "a/b"]);
    assert_eq!(folder.code, 2, "{}", folder.stderr);
    assert!(folder.stderr.contains("loud"), "{}", folder.stderr);
    assert!(
        folder.stderr.contains("expected \"off\""),
        "label into the TOML:\n{}",
        folder.stderr
    );
    for (cwd, path) in site.spellings("a/b/page.md") {
        let named = loclint_in(&cwd, &["check", &path]);
        assert_eq!(named.code, 2, "{path}: {}", named.stdout);
        assert_eq!(named.stderr, folder.stderr, "{path}");
        assert!(named.stdout.is_empty(), "{path}: {}", named.stdout);
        // With other files named too, and with --fix: still a config error, nothing written.
        let fix = loclint_in(&cwd, &["check", "--fix", &path]);
        assert_eq!(fix.code, 2, "{path}");
        let (_, stdin) =
            loclint_stdin(&cwd, &["check", "--stdin-filename", &path], PAGE.as_bytes());
        assert_eq!(stdin.code, 2, "{path}: {}", stdin.stdout);
        assert_eq!(stdin.stderr, folder.stderr, "{path}");
    }
    assert_eq!(
        std::fs::read_to_string(site.tree.join("a/b/page.md")).unwrap(),
        PAGE
    );
    // The folder run reports the same error from elsewhere too.
    let from_elsewhere = loclint_in(&site.elsewhere, &["check", "../tree/a"]);
    assert_eq!(from_elsewhere.code, 2);
    assert_eq!(from_elsewhere.stderr, folder.stderr);
}

#[test]
fn parent_config_and_its_extend_apply_to_named_files() {
    // a/loclint.toml extends a/base.toml: the rule severity comes from the
    // extended file, the locale glob from the nearer one. Japanese, so the
    // Korean particle rule stays silent.
    let site = Site::new(&[
        ("a/b/page.md", PAGE),
        (
            "a/base.toml",
            "[rules]\nreplacement-character = \"warning\"\n",
        ),
        (
            "a/loclint.toml",
            "extend = \"base.toml\"\n[locales]\n\"b/**\" = \"ja\"\n",
        ),
    ]);
    let isolated = loclint_in(
        &site.tree,
        &["check", "--isolated", "--format", "json", "a/b/page.md"],
    );
    assert_eq!(
        findings(&isolated),
        pairs(&[
            ("particle-agreement", "error"),
            ("particle-agreement", "error"),
            ("particle-agreement", "error"),
            ("replacement-character", "error"),
        ])
    );
    let layered = pairs(&[("replacement-character", "warning")]);
    let walked = loclint_in(&site.tree, &["check", "--format", "json", "a"]);
    assert_eq!(findings(&walked), layered);
    for (cwd, path) in site.spellings("a/b/page.md") {
        let named = loclint_in(&cwd, &["check", "--format", "json", &path]);
        assert_eq!(findings(&named), layered, "{path}");
        assert_eq!(named.code, 0, "warnings only: {path}");
    }
    // A nearer config replaces the parent's (no merge without `extend`).
    std::fs::write(site.tree.join("a/b/.loclint.toml"), "").unwrap();
    for (cwd, path) in site.spellings("a/b/page.md") {
        let named = loclint_in(&cwd, &["check", "--format", "json", &path]);
        assert_eq!(findings(&named), findings(&isolated), "{path}");
    }
}

#[test]
fn named_file_and_folder_give_identical_diagnostics() {
    let site = Site::new(&[
        ("a/b/page.md", PAGE),
        (
            "a/b/other.md",
            "# Other\n\nSee [the page](page.md#missing).\n",
        ),
        (
            "a/loclint.toml",
            "[rules]\nparticle-agreement = \"warning\"\n",
        ),
    ]);
    for format in ["human", "json", "github"] {
        let folder = loclint_in(&site.tree, &["check", "--format", format, "a/b"]);
        let named = loclint_in(
            &site.tree,
            &["check", "--format", format, "a/b/page.md", "a/b/other.md"],
        );
        assert_eq!(named.stdout, folder.stdout, "{format}");
        assert_eq!(named.code, folder.code, "{format}");
        assert_eq!(folder.code, 1, "{format}: {}", folder.stdout);
        // From elsewhere, `../` and absolute spellings agree with each other
        // and with a walk of the same folder from there.
        let walked = loclint_in(&site.elsewhere, &["check", "--format", format, "../tree/a"]);
        let abs = site.tree.join("a/b");
        let spellings = [
            ["../tree/a/b/page.md".into(), "../tree/a/b/other.md".into()],
            [
                abs.join("page.md").display().to_string(),
                abs.join("other.md").display().to_string(),
            ],
        ];
        for [page, other] in &spellings {
            let named = loclint_in(&site.elsewhere, &["check", "--format", format, page, other]);
            assert_eq!(named.stdout, walked.stdout, "{format}: {page}");
        }
    }
}

#[test]
fn excluded_named_files_are_skipped_and_counted() {
    let site = Site::new(&[
        ("a/loclint.toml", "exclude = [\"drafts/**\"]\n"),
        ("a/drafts/x.md", PAGE),
        ("a/drafts/y.md", PAGE),
        ("a/ok.md", PAGE),
        ("a/notes.txt", PAGE),
    ]);
    for (cwd, a) in site.spellings("a") {
        let (x, y, ok) = (
            format!("{a}/drafts/x.md"),
            format!("{a}/drafts/y.md"),
            format!("{a}/ok.md"),
        );
        let out = loclint_in(&cwd, &["check", "--format", "json", &x, &y, &ok]);
        let v = json(&out.stdout);
        assert_eq!(v["summary"]["files"], 1, "{a}");
        assert!(
            v["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["path"].as_str().unwrap().ends_with("a/ok.md")),
            "{}",
            out.stdout
        );
        assert!(
            out.stderr
                .contains("note: 2 named files excluded by config"),
            "{}",
            out.stderr
        );
        // One excluded file, alone: exit 0, the note, and no "All clean".
        let one = loclint_in(&cwd, &["check", &x]);
        assert_eq!(one.code, 0);
        assert!(
            one.stderr.contains("note: 1 named file excluded by config"),
            "{}",
            one.stderr
        );
        assert!(one.stdout.is_empty(), "{}", one.stdout);
        // A named file that is not Markdown is skipped too; the config does
        // not exclude it (it sets no `include`), so the note does not say so.
        let txt = loclint_in(&cwd, &["check", &format!("{a}/notes.txt")]);
        assert_eq!(txt.code, 0);
        assert!(
            txt.stderr
                .contains("1 named file skipped: not Markdown (.md, .mdx, .markdown;"),
            "{}",
            txt.stderr
        );
        assert!(!txt.stderr.contains("by config"), "{}", txt.stderr);
        // `--isolated` reads no config: the excluded drafts are checked, and
        // the non-Markdown file is skipped for what it is.
        let isolated = loclint_in(
            &cwd,
            &[
                "check",
                "--isolated",
                "--format",
                "json",
                &x,
                &format!("{a}/notes.txt"),
            ],
        );
        assert_eq!(json(&isolated.stdout)["summary"]["files"], 1, "{a}");
        assert!(
            isolated
                .stderr
                .contains("1 named file skipped: not Markdown"),
            "{}",
            isolated.stderr
        );
        assert!(
            !isolated.stderr.contains("by config"),
            "{}",
            isolated.stderr
        );
        // --quiet keeps the note back, as it does the others.
        let quiet = loclint_in(&cwd, &["check", "--quiet", &x]);
        assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""));
        // --no-force-exclude checks them all.
        let forced = loclint_in(
            &cwd,
            &[
                "check",
                "--no-force-exclude",
                "--format",
                "json",
                &x,
                &y,
                &ok,
            ],
        );
        assert_eq!(json(&forced.stdout)["summary"]["files"], 3, "{a}");
        assert_eq!(forced.code, 1);
        assert!(!forced.stderr.contains("excluded"), "{}", forced.stderr);
        // A walk of the folder agrees with the default.
        let walked = loclint_in(&cwd, &["check", "--format", "json", &a]);
        assert_eq!(json(&walked.stdout)["summary"]["files"], 1);
    }
    // `include` can let a named non-Markdown file in, as it does in a walk.
    std::fs::write(
        site.tree.join("a/loclint.toml"),
        "include = [\"**/*.txt\"]\n",
    )
    .unwrap();
    let txt = loclint_in(&site.tree, &["check", "--format", "json", "a/notes.txt"]);
    assert_eq!(json(&txt.stdout)["summary"]["files"], 1);
}

#[test]
fn upper_case_extensions_are_markdown() {
    let site = Site::new(&[
        ("a/README.MD", PAGE),
        ("a/Guide.Mdx", PAGE),
        ("a/x.txt", PAGE),
    ]);
    let walked = loclint_in(&site.tree, &["check", "--format", "json", "a"]);
    assert_eq!(
        json(&walked.stdout)["summary"]["files"],
        2,
        "{}",
        walked.stdout
    );
    for name in ["a/README.MD", "a/Guide.Mdx"] {
        let named = loclint_in(&site.tree, &["check", "--format", "json", name]);
        assert_eq!(json(&named.stdout)["summary"]["files"], 1, "{name}");
        assert!(findings(&named).len() > 1, "{name}: {}", named.stdout);
        let (_, piped) = loclint_stdin(
            &site.tree,
            &["check", "--format", "json", "--stdin-filename", name, "-"],
            PAGE.as_bytes(),
        );
        assert_eq!(findings(&piped), findings(&named), "{name}");
    }
}

#[test]
fn stdin_is_checked_with_the_config_and_locale_of_stdin_filename() {
    let site = Site::new(&[
        (
            "a/loclint.toml",
            "exclude = [\"drafts/**\"]\n[rules]\nreplacement-character = \"warning\"\n[locales]\n\"b/**\" = \"ja\"\n",
        ),
        ("a/b/real.md", "# kept\n"),
    ]);
    // Without a name: `<stdin>`, the current folder's config (none here).
    let (_, plain) = loclint_stdin(
        &site.tree,
        &["check", "--format", "json", "-"],
        PAGE.as_bytes(),
    );
    assert_eq!(plain.code, 1, "{}", plain.stderr);
    let v = json(&plain.stdout);
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["diagnostics"][0]["path"], "<stdin>");
    assert_eq!(findings(&plain).len(), 4);
    let (_, human) = loclint_stdin(&site.tree, &["check", "-"], PAGE.as_bytes());
    assert!(human.stdout.contains("<stdin>:3:"), "{}", human.stdout);
    for (cwd, page) in site.spellings("a/b/page.md") {
        // With a name (a file that does not exist): that path's config and locale.
        let (_, named) = loclint_stdin(
            &cwd,
            &["check", "--format", "json", "--stdin-filename", &page],
            PAGE.as_bytes(),
        );
        assert_eq!(named.code, 0, "{page}: {}", named.stderr);
        assert_eq!(
            findings(&named),
            pairs(&[("replacement-character", "warning")]),
            "{page}"
        );
        let shown = json(&named.stdout)["diagnostics"][0]["path"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(shown.ends_with("a/b/page.md"), "{shown}");
        // `-` together with the name is the same.
        let (_, dash) = loclint_stdin(
            &cwd,
            &["check", "--format", "json", "--stdin-filename", &page, "-"],
            PAGE.as_bytes(),
        );
        assert_eq!(dash.stdout, named.stdout);
        // An excluded name is skipped like a named file, unless --no-force-exclude.
        let drafts = page.replace("b/page.md", "drafts/page.md");
        let (_, skipped) = loclint_stdin(
            &cwd,
            &["check", "--stdin-filename", &drafts],
            PAGE.as_bytes(),
        );
        assert_eq!(skipped.code, 0);
        assert!(
            skipped.stderr.contains("1 named file excluded by config"),
            "{}",
            skipped.stderr
        );
        let (_, forced) = loclint_stdin(
            &cwd,
            &["check", "--no-force-exclude", "--stdin-filename", &drafts],
            PAGE.as_bytes(),
        );
        assert_eq!(forced.code, 1, "{}", forced.stdout);
    }
    // Binary input is skipped with a note that names it as the diagnostics would.
    let (_, binary) = loclint_stdin(&site.tree, &["check", "-"], b"\x00\x01PNG\x00");
    assert_eq!(binary.code, 0);
    assert!(
        binary.stderr.contains("note: skipped <stdin>: binary file"),
        "{}",
        binary.stderr
    );
    // Standard input cannot be mixed with paths.
    let (_, mixed) = loclint_stdin(&site.tree, &["check", "-", "a"], b"");
    assert_eq!(mixed.code, 2);
    assert!(mixed.stderr.contains("standard input"), "{}", mixed.stderr);
    let (_, mixed) = loclint_stdin(&site.tree, &["check", "--stdin-filename", "x.md", "a"], b"");
    assert_eq!(mixed.code, 2);
}

#[test]
fn fix_on_stdin_prints_the_fixed_text_and_writes_nothing() {
    let site = Site::new(&[
        ("a/loclint.toml", "exclude = [\"drafts/**\"]\n"),
        ("a/b/page.md", PAGE),
        ("a/drafts/page.md", PAGE),
    ]);
    for (cwd, page) in site.spellings("a/b/page.md") {
        let (fixed, run) = loclint_stdin(
            &cwd,
            &["check", "--fix", "--stdin-filename", &page],
            PAGE.as_bytes(),
        );
        assert_eq!(String::from_utf8(fixed).unwrap(), FIXED, "{page}");
        // What remains (the replacement character) and the summary go to stderr.
        assert_eq!(run.code, 1);
        assert!(
            run.stderr.contains("replacement-character"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("page.md:3:"), "{}", run.stderr);
        assert!(run.stderr.contains("Applied 3"), "{}", run.stderr);
        assert!(!run.stderr.contains("particle-agreement"), "{}", run.stderr);
        // JSON too goes to stderr: stdout is only the page.
        let (fixed, run) = loclint_stdin(
            &cwd,
            &[
                "check",
                "--fix",
                "--format",
                "json",
                "--stdin-filename",
                &page,
            ],
            PAGE.as_bytes(),
        );
        assert_eq!(String::from_utf8(fixed).unwrap(), FIXED);
        assert_eq!(json(&run.stderr)["summary"]["fixed"], 3);
        // An excluded path, or nothing to fix: the input comes back unchanged.
        let drafts = page.replace("b/page.md", "drafts/page.md");
        let (same, _) = loclint_stdin(
            &cwd,
            &["check", "--fix", "--stdin-filename", &drafts],
            PAGE.as_bytes(),
        );
        assert_eq!(same, PAGE.as_bytes());
        let (same, run) = loclint_stdin(&cwd, &["check", "--fix", "-"], FIXED.as_bytes());
        assert_eq!(same, FIXED.as_bytes());
        assert!(run.stderr.contains("<stdin>:3:"), "{}", run.stderr);
    }
    // Nothing on disk changed.
    for p in ["a/b/page.md", "a/drafts/page.md"] {
        assert_eq!(
            std::fs::read_to_string(site.tree.join(p)).unwrap(),
            PAGE,
            "{p}"
        );
    }
    // The output keeps the input's byte order mark.
    let (fixed, _) = loclint_stdin(
        &site.tree,
        &["check", "--fix", "-"],
        "\u{FEFF}# 안내\n\n계정를 만드세요.\n".as_bytes(),
    );
    assert_eq!(fixed, "\u{FEFF}# 안내\n\n계정을 만드세요.\n".as_bytes());
}

#[test]
fn folder_without_markdown_says_so() {
    let site = Site::new(&[("empty/notes.txt", "text\n"), ("docs/a.md", "# ok\n")]);
    std::fs::create_dir_all(site.tree.join("void")).unwrap();
    for (cwd, path) in site.spellings("empty") {
        let out = loclint_in(&cwd, &["check", &path]);
        assert_eq!(out.code, 0);
        assert_eq!(
            out.stderr,
            format!("note: no .md/.mdx files under {path}\n"),
            "{path}"
        );
        assert!(!out.stdout.contains("All clean"), "{}", out.stdout);
        let quiet = loclint_in(&cwd, &["check", "--quiet", &path]);
        assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""));
    }
    // One empty folder among others: the note, and the summary of the rest.
    let out = loclint_in(&site.tree, &["check", "void", "docs"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr.contains("note: no .md/.mdx files under void"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.contains("All clean: 1 file checked."),
        "{}",
        out.stdout
    );
}
