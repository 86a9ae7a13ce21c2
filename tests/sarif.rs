//! SARIF validates against the vendored SARIF 2.1.0 schema, with format
//! checking, for file names with spaces, Hangul and `#`; URIs are relative
//! to `%SRCROOT%`; fingerprints survive a line move.

mod common;

use common::{fixture, loclint_in};
use std::io::Write;
use std::process::{Command, Stdio};

fn validate(sarif: &str) -> Option<(bool, String)> {
    let script = common::root().join("tests/sarif/validate.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(sarif.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    let why = String::from_utf8_lossy(&out.stderr).into_owned();
    match out.status.code() {
        Some(77) => None.inspect(|_: &(bool, String)| {
            let _ = writeln!(std::io::stderr(), "skipped: SARIF schema validation needs python3 jsonschema and rfc3986-validator ({why})");
        }),
        Some(c) => Some((c == 0, why)),
        None => None,
    }
}

#[test]
fn sarif_is_valid_for_names_with_spaces_hangul_and_hash() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = std::fs::read(fixture("replacement-character/bad.md")).unwrap_or_default();
    let moji = std::fs::read(fixture("mojibake/bad.md")).unwrap_or_default();
    std::fs::create_dir_all(dir.path().join("docs/자주 묻는 질문"))
        .unwrap_or_else(|e| panic!("{e}"));
    for (name, bytes) in [
        ("docs/a b.md", &bad),
        ("docs/자주 묻는 질문/설치 #1.md", &moji),
        ("docs/c#d%.md", &bad),
    ] {
        std::fs::write(dir.path().join(name), bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    // An unknown rule in a suppression comment: its pseudo-rule must be listed.
    std::fs::write(
        dir.path().join("docs/u.md"),
        "<!-- loclint-disable-next-line no-such-rule -->\n# 제목\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = loclint_in(
        dir.path(),
        &["check", "--isolated", "--format", "sarif", "docs"],
    );
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let run = &v["runs"][0];
    let uris: Vec<String> = run["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let a = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            assert_eq!(a["uriBaseId"], "%SRCROOT%");
            a["uri"].as_str().unwrap_or("").to_string()
        })
        .collect();
    assert!(uris.contains(&"docs/a%20b.md".to_string()), "{uris:?}");
    assert!(uris.contains(&"docs/c%23d%25.md".to_string()), "{uris:?}");
    assert!(
        uris.iter()
            .any(|u| u.starts_with("docs/%EC%9E%90%EC%A3%BC%20")
                && u.ends_with("/%EC%84%A4%EC%B9%98%20%231.md")),
        "{uris:?}"
    );
    assert!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap_or("")
            .starts_with("file:///")
    );
    let ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"unknown-rule") && ids.contains(&"io-error"),
        "{ids:?}"
    );
    assert!(
        run["results"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|r| r["ruleId"] == "unknown-rule")
    );
    if let Some((ok, why)) = validate(&out.stdout) {
        assert!(ok, "{why}");
    }
    // The validator itself rejects what it should: an unencoded space.
    let broken = out.stdout.replace("docs/a%20b.md", "docs/a b.md");
    if let Some((ok, _)) = validate(&broken) {
        assert!(!ok, "the validator accepted a URI with a space");
    }
}

#[test]
fn fingerprints_survive_a_line_move() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(fixture("replacement-character/bad.md")).unwrap_or_default();
    let fingerprints = |text: &str| {
        std::fs::write(dir.path().join("p.md"), text).unwrap_or_else(|e| panic!("{e}"));
        let out = loclint_in(
            dir.path(),
            &["check", "--isolated", "--format", "sarif", "p.md"],
        );
        let v: serde_json::Value =
            serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
        v["runs"][0]["results"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                (
                    r["partialFingerprints"]["loclint/v1"]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap_or(0),
                )
            })
            .collect::<Vec<_>>()
    };
    let before = fingerprints(&text);
    let after = fingerprints(&format!("# 새 제목\n\n새 문단입니다.\n\n{text}"));
    assert!(!before.is_empty());
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.0, a.0);
        assert_eq!(b.1 + 4, a.1);
    }
    let fps: std::collections::BTreeSet<_> = before.iter().map(|b| &b.0).collect();
    assert_eq!(
        fps.len(),
        before.len(),
        "fingerprints must differ between findings"
    );
}

#[test]
fn every_help_uri_is_a_readme_anchor() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("a.md"), "# Title\n\nText.\n").unwrap_or_else(|e| panic!("{e}"));
    let out = loclint_in(
        dir.path(),
        &["check", "--isolated", "--format", "sarif", "a.md"],
    );
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap_or_default();
    // The anchors as loclint itself reads them from a page (what
    // `broken-anchor` would check a link into the README against).
    let doc = loclint::document::parse("README.md".into(), readme);
    let anchors: Vec<&str> = doc.html_ids.iter().map(|(id, _)| id.as_str()).collect();
    let repository = env!("CARGO_PKG_REPOSITORY");
    assert!(!repository.is_empty());
    let rules = v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        rules.len(),
        loclint::checks::all().len() + 2,
        "rules and the two pseudo-rules"
    );
    for r in &rules {
        let id = r["id"].as_str().unwrap_or("");
        let uri = r["helpUri"].as_str().unwrap_or("");
        assert_eq!(uri, format!("{repository}#rule-{id}"));
        let fragment = uri.rsplit('#').next().unwrap_or("");
        assert!(
            anchors.contains(&fragment),
            "{id}: README has no anchor `{fragment}`"
        );
    }
}
