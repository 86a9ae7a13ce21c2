//! Every registered rule against its fixtures: `fixtures/<rule>/bad*.md(x)`
//! must produce findings of that rule, `good*` none. The rendered
//! diagnostics and the fixed text are snapshots; the fixed text is linted
//! again (no fixable finding of the rule may remain) and fixing it a second
//! time must change nothing.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{
    fixture, history_site, loclint, loclint_in, rel, rule_fixtures, temp_copy, temp_tree,
};
use loclint::checks;

fn count_rule(json: &str, rule: &str) -> usize {
    let v: serde_json::Value = serde_json::from_str(json).expect("json output");
    v["diagnostics"]
        .as_array()
        .map_or(0, |a| a.iter().filter(|d| d["rule"] == rule).count())
}

fn safe_fixes_of(json: &str, rule: &str) -> usize {
    let v: serde_json::Value = serde_json::from_str(json).expect("json output");
    v["diagnostics"].as_array().map_or(0, |a| {
        a.iter()
            .filter(|d| d["rule"] == rule && d["fix"]["applicability"] == "safe")
            .count()
    })
}

/// Rules whose findings need the network: their bad fixtures are exercised
/// against a local server in `tests/link_rules.rs`; offline they must stay quiet.
const ONLINE_ONLY: &[&str] = &["dead-link"];

#[test]
fn every_rule_on_its_fixtures() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/rules");
    settings.set_prepend_module_to_snapshot(false);
    let _guard = settings.bind_to_scope();
    for rule in checks::all() {
        let name = rule.meta().name;
        // A fixture folder with a `loclint.toml` is read with it (rules that
        // compare a page with its English source find the source through
        // `[site] source`), and fixed as a copy of the whole folder.
        let with_config = fixture(name).join("loclint.toml").is_file();
        let isolated: &[&str] = if with_config { &[] } else { &["--isolated"] };
        let bad = rule_fixtures(name, "bad");
        let good = rule_fixtures(name, "good");
        assert!(!bad.is_empty(), "{name}: no fixtures/{name}/bad*.md");
        assert!(!good.is_empty(), "{name}: no fixtures/{name}/good*.md");
        // A rule that reads git history is run in a copy of its folder made a
        // repository (`history_site`), not in this repository, whose history
        // of the fixtures is no fixture.
        let history = rule
            .meta()
            .reads
            .history
            .then(|| history_site(&fixture(name)));
        let run = |args: &[&str], file: &std::path::Path| {
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            match &history {
                Some(dir) => loclint_in(dir.path(), &[args, &[name]].concat()),
                None => loclint(&[args, &[rel(file).as_str()]].concat()),
            }
        };
        for g in &good {
            let out = run(&[&["check"], isolated, &["--format", "json"]].concat(), g);
            assert_eq!(
                count_rule(&out.stdout, name),
                0,
                "{name}: {} must be clean:\n{}",
                rel(g),
                out.stdout
            );
        }
        for b in &bad {
            let file = b
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("bad.md")
                .to_string();
            let json = run(&[&["check"], isolated, &["--format", "json"]].concat(), b);
            if ONLINE_ONLY.contains(&name) {
                assert_eq!(
                    count_rule(&json.stdout, name),
                    0,
                    "{name}: offline runs make no requests"
                );
                continue;
            }
            assert!(
                count_rule(&json.stdout, name) > 0,
                "{name}: {} must have findings",
                rel(b)
            );
            let human = run(&[&["check"], isolated, &["--select", name]].concat(), b);
            insta::assert_snapshot!(format!("{name}__{file}__human"), human.stdout);
            if !rule.meta().fixable() {
                continue;
            }
            // Fix a copy (safe fixes, then also unsafe) and check the result.
            for (mode, args) in [
                ("fix", vec!["--fix"]),
                ("unsafe-fix", vec!["--fix", "--unsafe-fixes"]),
            ] {
                let dir = if with_config {
                    temp_tree(&fixture(name))
                } else {
                    temp_copy(&[b.as_path()])
                };
                let mut a = vec!["check"];
                a.extend(isolated);
                a.extend(["--select", name, "--quiet"]);
                a.extend(args.iter().copied());
                a.push(&file);
                loclint_in(dir.path(), &a);
                let fixed_bytes = std::fs::read(dir.path().join(&file)).expect("fixed file");
                let fixed = String::from_utf8_lossy(&fixed_bytes).into_owned();
                insta::assert_snapshot!(format!("{name}__{file}__{mode}ed"), fixed);
                let again = loclint_in(
                    dir.path(),
                    &[
                        &["check"],
                        isolated,
                        &["--select", name, "--format", "json", &file],
                    ]
                    .concat(),
                );
                assert_eq!(
                    safe_fixes_of(&again.stdout, name),
                    0,
                    "{name}: safe fixes remain after --fix on {file}:\n{}",
                    again.stdout
                );
                loclint_in(dir.path(), &a);
                assert_eq!(
                    std::fs::read(dir.path().join(&file)).expect("file"),
                    fixed_bytes,
                    "{name}: second {mode} changed {file}"
                );
            }
        }
    }
}
