//! `loclint init`: a starter `loclint.toml` naming the site and locales it
//! finds, that loads and checks; never overwriting one without `--force`.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{fixture, loclint_in, temp_tree};

#[test]
fn describes_the_site_below_and_the_file_loads() {
    // A repository whose Docusaurus site is in `website/`.
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    let site = temp_tree(&fixture("sites/versioned"));
    common::copy_tree(site.path(), &repo.path().join("website"));
    std::fs::create_dir_all(repo.path().join("website/i18n/ko")).unwrap();

    let run = loclint_in(repo.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("website: default locale en, translations ja, ko"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(repo.path().join("loclint.toml")).unwrap();
    assert!(text.contains("[site]\nroot = \"website\"\n"), "{text}");
    assert!(text.contains("translations ja, ko"), "{text}");
    assert!(text.contains("--write-baseline"), "{text}");
    // The starter is a valid config: a check with it runs (findings or not).
    let check = loclint_in(repo.path(), &["check", "--quiet", "website/docs"]);
    assert!(check.code == 0 || check.code == 1, "{}", check.stderr);
}

#[test]
fn refuses_to_overwrite_without_force() {
    let dir = temp_tree(&fixture("sites/ko-default"));
    let config = dir.path().join("loclint.toml");
    std::fs::write(&config, "# mine\n").unwrap();
    let run = loclint_in(dir.path(), &["init"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "# mine\n");

    let forced = loclint_in(dir.path(), &["init", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("default locale ko"), "{text}");
}

#[test]
fn without_a_site_it_says_so_and_still_writes_a_valid_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let run = loclint_in(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("no Docusaurus site found"),
        "{}",
        run.stderr
    );
    std::fs::write(dir.path().join("a.md"), "# A\n\nText.\n").unwrap();
    let check = loclint_in(dir.path(), &["check", "a.md"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}
