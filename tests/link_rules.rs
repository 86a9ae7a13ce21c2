//! The link rules end to end: the fixture Docusaurus site (`fixtures/site`),
//! `dead-link` against an HTTP server on 127.0.0.1, and the shared corpus.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;
mod http_server;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    stdout: String,
    code: i32,
}

fn loclint_in(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_loclint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

fn json(run: &Run) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

fn copy_tree(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        let to = dst.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

const LINK_RULES: &str = "missing-file,broken-anchor,dead-link";
const KO: &str = "fixtures/site/i18n/ko/docusaurus-plugin-content-docs/current";

#[test]
fn fixture_site_findings() {
    let run = loclint_in(
        &root(),
        &[
            "check",
            "--isolated",
            "--select",
            LINK_RULES,
            "fixtures/site/docs/intro.md",
            "fixtures/site/docs/topics",
            &format!("{KO}/intro.md"),
            &format!("{KO}/topics"),
        ],
    );
    insta::assert_snapshot!("fixture_site_human", run.stdout);
    assert_eq!(run.code, 1);
    let diags = json(&loclint_in(
        &root(),
        &[
            "check",
            "--isolated",
            "--select",
            LINK_RULES,
            "--format",
            "json",
            "fixtures/site/docs/intro.md",
            "fixtures/site/docs/topics",
            &format!("{KO}/intro.md"),
            &format!("{KO}/topics"),
        ],
    ));
    let found: Vec<(String, String)> = diags
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["path"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    // (The FAQ pages belong to the localized-URL tests: their English source
    // keeps the real page's dead anchors.) English pages are clean; the Korean ones have one finding of each kind.
    assert_eq!(
        found,
        [
            ("broken-anchor".to_string(), "charts.md".to_string()),
            ("missing-file".to_string(), "charts.md".to_string()),
            ("broken-anchor".to_string(), "hooks.md".to_string()),
        ]
    );
}

#[test]
fn fixture_site_fixes() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("fixtures/site"), dir.path());
    let ko = "i18n/ko/docusaurus-plugin-content-docs/current/topics";
    loclint_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--select",
            LINK_RULES,
            "--fix",
            "--unsafe-fixes",
            "--quiet",
            ko,
        ],
    );
    let charts = std::fs::read_to_string(dir.path().join(ko).join("charts.md")).unwrap();
    let hooks = std::fs::read_to_string(dir.path().join(ko).join("hooks.md")).unwrap();
    insta::assert_snapshot!("fixture_site_fixed_charts", charts);
    insta::assert_snapshot!("fixture_site_fixed_hooks", hooks);
    assert!(charts.contains("## 다운로더 플러그인 {#downloader-plugins}"));
    assert!(charts.contains("[영어 문서](/topics/untranslated.md)"));
    assert!(hooks.contains("./charts.md#주의-사항-1)."));
    // The fixed pages are clean, and fixing again changes nothing.
    let again = json(&loclint_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--select",
            LINK_RULES,
            "--format",
            "json",
            ko,
        ],
    ));
    assert!(again.is_empty(), "{again:?}");
    loclint_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--select",
            LINK_RULES,
            "--fix",
            "--unsafe-fixes",
            "--quiet",
            ko,
        ],
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(ko).join("charts.md")).unwrap(),
        charts
    );
}

#[test]
fn offline_summary_counts_unchecked_external_links() {
    let run = loclint_in(
        &root(),
        &[
            "check",
            "--isolated",
            "--select",
            "dead-link",
            "fixtures/dead-link/bad.md",
        ],
    );
    assert!(run.stdout.contains("2 external links"), "{}", run.stdout);
    assert_eq!(run.code, 0);
}

/// The shared corpus (when present beside the repository): link findings
/// stay within the expected band, and every finding is on a translated page
/// or an English page whose link really is broken on disk.
#[test]
fn corpus_link_findings() {
    if common::shared_corpus("corpus_link_findings").is_none() {
        return;
    }
    let run = loclint_in(
        &root(),
        &[
            "check",
            "--config",
            "fixtures/corpus/loclint.toml",
            "--select",
            "missing-file,broken-anchor",
            "--format",
            "json",
            "../shared/corpus",
        ],
    );
    let diags = json(&run);
    let anchors = diags
        .iter()
        .filter(|d| d["rule"] == "broken-anchor")
        .count();
    let missing = diags.iter().filter(|d| d["rule"] == "missing-file").count();
    eprintln!("corpus: {anchors} broken anchors, {missing} missing files");
    assert!((60..=320).contains(&anchors), "{anchors} broken anchors");
    assert!(missing <= 40, "{missing} missing files");
}

#[test]
fn dead_link_online_against_a_local_server() {
    let server = http_server::Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let page = format!(
        "# Links\n\n[ok]({ok}) [gone]({missing}) [moved]({moved}#part) [bot]({forbidden})\n\nAgain: [gone]({missing}) <{ok}>\n",
        ok = server.url("/ok"),
        missing = server.url("/missing"),
        moved = server.url("/moved"),
        forbidden = server.url("/forbidden"),
    );
    std::fs::write(dir.path().join("page.md"), &page).unwrap();
    let args = [
        "check",
        "--isolated",
        "--select",
        "dead-link",
        "--online",
        "--allow-private-hosts",
    ];
    // Wide enough that no line is cut: where a cut falls depends on the port's digits.
    let human = std::process::Command::new(env!("CARGO_BIN_EXE_loclint"))
        .args([&args[..], &["page.md"]].concat())
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    let human = common::Run {
        stdout: String::from_utf8_lossy(&human.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&human.stderr).into_owned(),
        code: human.status.code().unwrap_or(-1),
    };
    let port = server.addr.port().to_string();
    insta::assert_snapshot!(
        "dead_link_online_human",
        human.stdout.replace(&port, "PORT")
    );
    // Each distinct URL was requested once although `/missing` appears twice.
    assert_eq!(server.hits("/missing"), 1);
    assert_eq!(server.hits("/forbidden"), 1);
    let diags = json(&loclint_in(
        dir.path(),
        &[&args[..], &["--format", "json", "page.md"]].concat(),
    ));
    let sev: Vec<&str> = diags
        .iter()
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    assert_eq!(sev, ["error", "info", "warning", "error"]);
    // The second run answered the successes from the cache.
    assert_eq!(
        server.hits("/ok"),
        2,
        "the redirect target is fetched once per run, /ok once in all"
    );
    assert_eq!(server.hits("/missing"), 2, "failures are never cached");
    // Without --allow-private-hosts nothing is requested.
    let before = server.hits("/missing");
    let blocked = json(&loclint_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--select",
            "dead-link",
            "--online",
            "--format",
            "json",
            "page.md",
        ],
    ));
    assert!(blocked.is_empty(), "{blocked:?}");
    assert_eq!(server.hits("/missing"), before);
    // The permanent redirect has a safe fix to the final URL, fragment kept.
    loclint_in(
        dir.path(),
        &[&args[..], &["--fix", "--quiet", "page.md"]].concat(),
    );
    let fixed = std::fs::read_to_string(dir.path().join("page.md")).unwrap();
    assert!(
        fixed.contains(&format!("[moved]({}#part)", server.url("/ok"))),
        "{fixed}"
    );
}

/// The fixture sites under `fixtures/sites/`, one per layout: versioned docs
/// (`lastVersion`, a version with its own `path`) with a blog (slugs, tags)
/// and a second, versioned and translated docs plugin; a site under
/// `baseUrl: '/base/'` with `trailingSlash: false`, custom
/// `staticDirectories`, `id`/`slug` front matter and `_category_` files;
/// docs at `/` with `trailingSlash: true`; a Korean-default site without
/// `i18n/`; a site that builds only some docs versions
/// (`includeCurrentVersion`, `onlyIncludeVersions`); docs at `/` beside
/// `src/pages`, host redirects (`vercel.json`, `_redirects`), categories
/// whose generated index has no `slug`, a `translate: false` locale and a
/// page with an upper-case extension. Each page lists links that resolve, then after `Broken:` links
/// that do not: every broken link is found, one finding each, and nothing
/// above the `Broken:` line. `static-routes` is a site of another generator,
/// described by the `[[links.sites]]` routes of its own `loclint.toml`.
const SITES: [&str; 7] = [
    "versioned",
    "base-url",
    "root-base",
    "ko-default",
    "static-routes",
    "versions-built",
    "host-config",
];

/// How a site's config is given, from the repository root or (`inside`)
/// from the site's folder: the Docusaurus sites read only their
/// `docusaurus.config.*`; the static one, its `loclint.toml`.
fn config_args(site: &str, inside: bool) -> Vec<String> {
    if site == "static-routes" {
        let file = if inside {
            "loclint.toml".to_string()
        } else {
            format!("fixtures/sites/{site}/loclint.toml")
        };
        vec!["--config".into(), file]
    } else {
        vec!["--isolated".into()]
    }
}

#[test]
fn fixture_sites_resolve_every_link_form() {
    for site in SITES {
        let dir = format!("fixtures/sites/{site}");
        let config = config_args(site, false);
        let config: Vec<&str> = config.iter().map(String::as_str).collect();
        let run = loclint_in(
            &root(),
            &[&["check"][..], &config, &["--select", LINK_RULES, &dir]].concat(),
        );
        insta::assert_snapshot!(format!("fixture_sites_{site}"), run.stdout);
        let json_run = loclint_in(
            &root(),
            &[
                &["check"][..],
                &config,
                &["--select", LINK_RULES, "--format", "json", &dir],
            ]
            .concat(),
        );
        let diags = json(&json_run);
        assert_broken_sections(&dir, &diags);
    }
}

/// Every page of a fixture site lists its links under `Resolves:` and
/// `Broken:`: each list line after `Broken:` has one finding per link, and
/// no other line has any.
fn assert_broken_sections(dir: &str, diags: &[serde_json::Value]) {
    let mut pages: Vec<PathBuf> = Vec::new();
    collect_pages(&root().join(dir), &mut pages);
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        let rel = page
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let lines: Vec<usize> = diags
            .iter()
            .filter(|d| d["path"] == rel.as_str())
            .map(|d| d["start"]["line"].as_u64().unwrap() as usize)
            .collect();
        let broken_at = text.lines().position(|l| l.starts_with("Broken:"));
        let Some(broken_at) = broken_at else {
            assert!(
                lines.is_empty(),
                "{rel}: findings on a page of good links: {lines:?}"
            );
            continue;
        };
        let expected: Vec<usize> = text
            .lines()
            .enumerate()
            .skip(broken_at)
            .filter(|(_, l)| l.starts_with("- "))
            .map(|(i, _)| i + 1)
            .collect();
        let mut found = lines.clone();
        found.dedup();
        // Two broken links on one list line give two findings.
        let per_line = |n: usize| {
            text.lines().nth(n - 1).unwrap().matches("](").count()
                + text.lines().nth(n - 1).unwrap().matches("src=").count()
        };
        assert_eq!(found, expected, "{rel}: lines with findings");
        for n in expected {
            let on_line = lines.iter().filter(|&&l| l == n).count();
            assert_eq!(
                on_line,
                per_line(n),
                "{rel}:{n}: one finding per broken link"
            );
        }
    }
}

#[test]
fn site_settings_for_theme_anchors_redirects_and_unbuilt_translations() {
    // Read from the site's loclint.toml: titles with ids, host redirects;
    // the Korean page without an English original is not built, which its
    // findings say.
    let dir = "fixtures/sites/site-rules";
    let run = loclint_in(&root(), &["check", "--select", LINK_RULES, dir]);
    insta::assert_snapshot!("fixture_sites_site-rules", run.stdout);
    let json_run = loclint_in(
        &root(),
        &["check", "--select", LINK_RULES, "--format", "json", dir],
    );
    let diags = json(&json_run);
    assert_broken_sections(dir, &diags);
    // A named file reads the same config.
    let page = format!("{dir}/docs/guides/links.md");
    let named = json(&loclint_in(
        &root(),
        &["check", "--select", LINK_RULES, "--format", "json", &page],
    ));
    let of_page: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| d["path"] == page.as_str())
        .collect();
    assert_eq!(named.iter().collect::<Vec<_>>(), of_page);
}

fn collect_pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::path);
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            collect_pages(&p, out);
        } else if p
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("mdx"))
        {
            out.push(p);
        }
    }
}

/// What a finding is, whatever the working folder: rule, path from the
/// site root, line, column and message.
fn findings(run: &Run, prefix: &str) -> Vec<(String, String, u64, u64, String)> {
    json(run)
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            (
                d["rule"].as_str().unwrap().to_string(),
                path.strip_prefix(prefix).unwrap_or(path).to_string(),
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A site checked as a folder, as its pages named one by one, and from
/// inside the site folder gives the same findings.
#[test]
fn fixture_sites_give_the_same_findings_however_named() {
    let args = ["check", "--select", LINK_RULES, "--format", "json"];
    for site in SITES {
        let dir = format!("fixtures/sites/{site}");
        let prefix = format!("{dir}/");
        let outside = config_args(site, false);
        let outside: Vec<&str> = outside.iter().map(String::as_str).collect();
        let inside = config_args(site, true);
        let inside: Vec<&str> = inside.iter().map(String::as_str).collect();
        let as_folder = findings(
            &loclint_in(&root(), &[&args[..], &outside, &[&dir]].concat()),
            &prefix,
        );
        assert!(!as_folder.is_empty(), "{site}: the broken cases were found");
        let mut pages: Vec<PathBuf> = Vec::new();
        collect_pages(&root().join(&dir), &mut pages);
        let named: Vec<String> = pages
            .iter()
            .map(|p| {
                p.strip_prefix(root())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let named: Vec<&str> = named.iter().map(String::as_str).collect();
        let as_files = findings(
            &loclint_in(&root(), &[&args[..], &outside, &named].concat()),
            &prefix,
        );
        assert_eq!(as_files, as_folder, "{site}: named files");
        let from_inside = findings(
            &loclint_in(&root().join(&dir), &[&args[..], &inside, &["."]].concat()),
            "",
        );
        assert_eq!(
            from_inside, as_folder,
            "{site}: checked from inside the site"
        );
    }
}
