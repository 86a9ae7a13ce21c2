//! `loclint completions SHELL` and `loclint man [COMMAND]` are generated from
//! the argument parser: they name the real commands and flags.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::loclint;

#[test]
fn completions_name_the_commands_and_flags() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = loclint(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for word in ["check", "server", "init", "diff-only", "write-baseline"] {
            assert!(run.stdout.contains(word), "{shell} lacks {word}");
        }
    }
    let bad = loclint(&["completions", "tcsh"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn man_pages_are_roff_for_loclint_and_each_command() {
    let main = loclint(&["man"]);
    assert_eq!(main.code, 0, "{}", main.stderr);
    assert!(main.stdout.contains(".TH loclint 1"), "{}", main.stdout);
    assert!(main.stdout.contains(".SH SUBCOMMANDS"), "{}", main.stdout);

    let check = loclint(&["man", "check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stdout.contains(".TH loclint-check 1"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("\\-\\-diff\\-only"),
        "{}",
        check.stdout
    );

    let unknown = loclint(&["man", "nope"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("`nope` is not a loclint command"));
}
