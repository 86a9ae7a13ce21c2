//! The rendered reports: sized for a person (the seeds), character columns
//! in every format, the concise format and the output flags, GitHub
//! annotations and job summary, colour.

mod common;

use common::{fixture, loclint, loclint_in, root};
use std::process::Command;

const SEED0: &str = "fixtures/seeds/000_1e44dd774abfb1ca.txt";
const SEED1: &str = "fixtures/seeds/001_b7e4836e97a521a9.txt";
const KOREAN: &str = "fixtures/localized-url/bad.md";

fn json(args: &[&str]) -> serde_json::Value {
    let out = loclint(args);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

/// "Found 3 errors, 1 warning in ..." -> 4.
fn summary_count(human: &str) -> usize {
    let line = human
        .lines()
        .rev()
        .find(|l| l.starts_with("Found "))
        .unwrap_or("");
    line.trim_start_matches("Found ")
        .split(" in ")
        .next()
        .unwrap_or("")
        .split(", ")
        .filter_map(|p| p.split(' ').next()?.parse::<usize>().ok())
        .sum()
}

#[test]
fn seeds_human_output_is_proportionate_and_json_keeps_every_finding() {
    for (name, seed) in [("seed_000", SEED0), ("seed_001", SEED1)] {
        let human = loclint(&["check", seed]);
        let all = json(&["check", "--format", "json", seed]);
        let ds = all["diagnostics"].as_array().map_or(0, Vec::len);
        // The summary counts every finding, folded or not, and JSON has each.
        assert_eq!(summary_count(&human.stdout), ds, "{name}");
        // The page-level report counts the runs it folds.
        let runs: usize = human
            .stdout
            .lines()
            .find(|l| l.starts_with("error[mojibake]:") && l.contains("runs of mojibake"))
            .and_then(|l| l.split("]: ").nth(1)?.split(' ').next()?.parse().ok())
            .unwrap_or(0);
        let single = human
            .stdout
            .lines()
            .filter(|l| l.starts_with("error[mojibake]:") && !l.contains("runs of mojibake"))
            .count();
        let mojibake = all["diagnostics"]
            .as_array()
            .map_or(0, |a| a.iter().filter(|d| d["rule"] == "mojibake").count());
        assert!(runs > 0, "{name}: no page-level mojibake report");
        assert!(runs + single <= mojibake, "{name}");
        assert!(runs + single * 16 >= mojibake, "{name}: runs lost");
        insta::assert_snapshot!(format!("{name}_human"), human.stdout);
    }
    let first = loclint(&["check", SEED0]);
    assert!(
        first.stdout.len() <= 40 * 1024,
        "first seed prints {} bytes",
        first.stdout.len()
    );
}

#[test]
fn human_and_concise_columns_are_the_json_columns_on_a_korean_line() {
    let all = json(&["check", "--isolated", "--format", "json", KOREAN]);
    let positions: Vec<(u64, u64)> = all["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["start"]["line"].as_u64().unwrap_or(0),
                d["start"]["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let text = std::fs::read_to_string(root().join(KOREAN)).unwrap_or_default();
    let line7 = text.lines().nth(6).unwrap_or("");
    assert!(line7.starts_with("계정을"), "{line7}");
    let on7 = positions
        .iter()
        .find(|p| p.0 == 7)
        .copied()
        .unwrap_or((0, 0));
    // Characters, not bytes: the URL starts after 24 characters of Korean text.
    let url = line7.find("https://").unwrap_or(0);
    assert_eq!(on7.1 as usize, line7[..url].chars().count() + 1);
    let human = loclint(&["check", "--isolated", KOREAN]);
    let arrow = format!("--> {KOREAN}:7:{}", on7.1);
    assert!(human.stdout.contains(&arrow), "{arrow}\n{}", human.stdout);
    let concise = loclint(&["check", "--isolated", "--output-format", "concise", KOREAN]);
    for l in concise.stdout.lines().filter(|l| l.starts_with(KOREAN)) {
        let mut parts = l[KOREAN.len() + 1..].split(':');
        let line: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        let col: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        assert!(positions.contains(&(line, col)), "{l}");
    }
}

#[test]
fn concise_marks_what_fix_repairs_and_format_is_an_alias() {
    let file = "fixtures/mojibake/bad.md";
    let concise = loclint(&["check", "--isolated", "--output-format", "concise", file]);
    let alias = loclint(&["check", "--isolated", "--format", "concise", file]);
    assert_eq!(concise.stdout, alias.stdout);
    let all = json(&["check", "--isolated", "--format", "json", file]);
    let ds = all["diagnostics"].as_array().cloned().unwrap_or_default();
    let lines: Vec<&str> = concise
        .stdout
        .lines()
        .filter(|l| l.starts_with(file))
        .collect();
    assert_eq!(lines.len(), ds.len());
    for (l, d) in lines.iter().zip(&ds) {
        let safe = d["fix"]["applicability"] == "safe";
        assert_eq!(l.ends_with(" [*]"), safe, "{l}");
        let expected = format!(
            ": {} {}",
            d["rule"].as_str().unwrap_or(""),
            d["message"].as_str().unwrap_or("")
        );
        assert!(l.contains(&expected), "{l}");
    }
    assert!(
        concise
            .stdout
            .lines()
            .last()
            .unwrap_or("")
            .starts_with("Found ")
    );
}

#[test]
fn output_file_statistics_json_and_show_fixes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out_path = dir.path().join("report.json");
    let out_file = out_path.to_string_lossy().into_owned();
    let file = fixture("mojibake/bad.md").to_string_lossy().into_owned();
    let run = loclint(&[
        "check",
        "--isolated",
        "--format",
        "json",
        "--output-file",
        &out_file,
        &file,
    ]);
    assert_eq!(run.stdout, "");
    assert_eq!(run.code, 1);
    let written = std::fs::read_to_string(&out_path).unwrap_or_default();
    assert!(written.contains("\"diagnostics\""), "{written}");
    let stats = json(&[
        "check",
        "--isolated",
        "--statistics",
        "--format",
        "json",
        &file,
    ]);
    let rows = stats["statistics"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        rows.first().map(|r| r["rule"].clone()),
        Some("mojibake".into())
    );
    let sarif = loclint(&[
        "check",
        "--isolated",
        "--statistics",
        "--format",
        "sarif",
        &file,
    ]);
    assert_eq!(sarif.code, 2, "{}", sarif.stderr);
    let fixes = loclint(&["check", "--isolated", "--show-fixes", &file]);
    assert!(
        fixes
            .stdout
            .lines()
            .any(|l| l.trim_start().starts_with("+ ")),
        "{}",
        fixes.stdout
    );
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_loclint"));
        c.args(args)
            .current_dir(root())
            .env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            c.env(k, v);
        }
        String::from_utf8_lossy(&c.output().map(|o| o.stdout).unwrap_or_default()).into_owned()
    };
    let file = "fixtures/mojibake/bad.md";
    assert!(
        run(
            &["check", "--isolated", "--color", "always", file],
            &[("NO_COLOR", "1")]
        )
        .contains("\x1b[")
    );
    assert!(!run(&["check", "--isolated", file], &[]).contains("\x1b["));
    assert!(run(&["check", "--isolated", file], &[("FORCE_COLOR", "1")]).contains("\x1b["));
    assert!(run(&["check", "--isolated", file], &[("CLICOLOR_FORCE", "1")]).contains("\x1b["));
    assert!(
        !run(
            &["check", "--isolated", file],
            &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]
        )
        .contains("\x1b[")
    );
    assert!(
        !run(
            &["check", "--isolated", "--color", "never", file],
            &[("FORCE_COLOR", "1")]
        )
        .contains("\x1b[")
    );
}

#[test]
fn control_characters_in_paths_are_escaped() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let name = "bad\u{1b}[2Jname.md";
    let src = std::fs::read(fixture("replacement-character/bad.md")).unwrap_or_default();
    std::fs::write(dir.path().join(name), src).unwrap_or_else(|e| panic!("{e}"));
    for format in ["human", "concise", "github"] {
        let out = loclint_in(
            dir.path(),
            &["check", "--isolated", "--format", format, name],
        );
        assert!(!out.stdout.contains('\u{1b}'), "{format}: {}", out.stdout);
        assert!(
            out.stdout.contains("bad\\u{1b}[2Jname.md"),
            "{format}: {}",
            out.stdout
        );
    }
}

#[test]
fn summary_counts_files_with_findings_and_plurals() {
    let out = loclint(&[
        "check",
        "--isolated",
        "fixtures/mojibake/bad.md",
        "fixtures/mojibake/good.md",
    ]);
    let last = out.stdout.lines().last().unwrap_or("");
    assert!(last.contains(" in 1 of 2 files."), "{last}");
    assert!(!out.stdout.contains("fixs"));
}

#[test]
fn github_groups_per_file_and_rule_and_writes_the_job_summary() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_loclint"))
        .args(["check", "--format", "github", SEED0, SEED1])
        .current_dir(root())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut per: std::collections::BTreeMap<(String, String), usize> = Default::default();
    for l in stdout.lines() {
        assert!(l.starts_with("::"), "{l}");
        let file = l
            .split("file=")
            .nth(1)
            .and_then(|s| s.split(',').next())
            .unwrap_or("");
        let title = l
            .split("title=")
            .nth(1)
            .and_then(|s| s.split("::").next())
            .unwrap_or("");
        let rule = title.split(' ').next().unwrap_or("");
        *per.entry((file.to_string(), rule.to_string())).or_default() += 1;
    }
    assert!(per.keys().any(|(_, r)| r == "mojibake"));
    for (k, n) in &per {
        assert!(*n <= 10, "{k:?}: {n} annotations");
    }
    let all = json(&["check", "--format", "json", SEED0, SEED1]);
    let total = all["diagnostics"].as_array().map_or(0, Vec::len);
    assert!(
        stdout.lines().count() < total / 4,
        "{}",
        stdout.lines().count()
    );
    let written = std::fs::read_to_string(&summary).unwrap_or_default();
    assert!(written.starts_with("earlier step\n## loclint"), "{written}");
    assert!(written.contains("| `mojibake` |"), "{written}");
    assert!(written.contains(&format!("| `{SEED0}` |")), "{written}");
    assert!(written.contains("`loclint check --fix`"), "{written}");
}
