//! `loclint init [DIR]`: writes a starter `loclint.toml` for the site it
//! finds, so a team starts from a file that already names its site and
//! locales instead of from the README.
//!
//! The sites are the Docusaurus roots (a folder with a `docusaurus.config.*`,
//! `pairing::SITE_MARKERS`) that hold DIR or sit below it; their locales come
//! from the config's `i18n` literals (`pairing::site_config`) and from the
//! folders under `i18n/`. Everything else stays a comment: loclint works
//! with an empty file, so the starter only sets what it found.

use super::InitArgs;
use crate::config::CONFIG_NAMES;
use crate::pairing::site_config::DocusaurusConfig;
use crate::pairing::{SITE_MARKERS, find_site_root};
use crate::util::absolute;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Why `init` wrote nothing (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum InitError {
    #[error("{path} already exists")]
    #[diagnostic(
        code(loclint::init),
        help(
            "`loclint init --force` overwrites it; `loclint config --schema` describes every key"
        )
    )]
    Exists { path: String },
    #[error("not a folder: {path}")]
    #[diagnostic(code(loclint::init))]
    NotAFolder { path: String },
    #[error("cannot write {path}: {cause}")]
    #[diagnostic(code(loclint::init))]
    Write { path: String, cause: String },
}

/// How deep below DIR sites are looked for (`website/`, `apps/docs/`...).
const SEARCH_DEPTH: usize = 4;

/// One Docusaurus site and its locales.
struct Site {
    /// Relative to DIR, `/`-separated; empty for DIR itself.
    root: String,
    marker: &'static str,
    default_locale: String,
    /// The translations (without the default locale), sorted.
    locales: Vec<String>,
}

/// Writes the file; returns the line `init` prints on stderr.
pub fn run(args: &InitArgs) -> Result<String, InitError> {
    let dir = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        return Err(InitError::NotAFolder {
            path: dir.display().to_string(),
        });
    }
    let target = dir.join(CONFIG_NAMES[0]);
    if !args.force
        && let Some(existing) = CONFIG_NAMES
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.exists())
    {
        return Err(InitError::Exists {
            path: existing.display().to_string(),
        });
    }
    let sites = find_sites(&absolute(&dir));
    let text = starter(&sites);
    std::fs::write(&target, &text).map_err(|e| InitError::Write {
        path: target.display().to_string(),
        cause: e.to_string(),
    })?;
    let found = match sites.as_slice() {
        [] => "no Docusaurus site found".to_string(),
        [one] => format!("Docusaurus site {}", describe(one)),
        many => format!("{} Docusaurus sites", many.len()),
    };
    Ok(format!("wrote {} ({found})\n", target.display()))
}

fn describe(site: &Site) -> String {
    let root = if site.root.is_empty() {
        "."
    } else {
        &site.root
    };
    format!("{root}: {}", languages(site))
}

fn languages(site: &Site) -> String {
    let translations = if site.locales.is_empty() {
        "no translations yet".to_string()
    } else {
        format!("translations {}", site.locales.join(", "))
    };
    format!("default locale {}, {translations}", site.default_locale)
}

/// The site that holds `dir`, or else the sites below it, sorted by root.
fn find_sites(dir: &Path) -> Vec<Site> {
    if let Some(root) = find_site_root(dir) {
        return site(dir, &root).into_iter().collect();
    }
    let mut roots: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .max_depth(Some(SEARCH_DEPTH))
        .filter_entry(|e| e.file_name() != "node_modules")
        .build()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_some_and(|t| t.is_file())
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| SITE_MARKERS.contains(&n))
        })
        .filter_map(|e| e.path().parent().map(Path::to_path_buf))
        .collect();
    roots.sort();
    roots.dedup();
    roots.iter().filter_map(|r| site(dir, r)).collect()
}

fn site(dir: &Path, root: &Path) -> Option<Site> {
    let (marker, text) = SITE_MARKERS
        .iter()
        .find_map(|m| Some((*m, std::fs::read_to_string(root.join(m)).ok()?)))?;
    let config = DocusaurusConfig::parse(&text);
    let default_locale = config.default_locale.unwrap_or_else(|| "en".to_string());
    let mut locales: Vec<String> = config.locales.unwrap_or_default();
    if let Ok(entries) = std::fs::read_dir(root.join("i18n")) {
        locales.extend(
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter_map(|e| e.file_name().to_str().map(str::to_string)),
        );
    }
    locales.retain(|l| *l != default_locale);
    locales.sort();
    locales.dedup();
    let rel = root.strip_prefix(dir).unwrap_or(root);
    let root = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Some(Site {
        root,
        marker,
        default_locale,
        locales,
    })
}

/// A TOML string (basic string escapes for `"` and `\`).
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn starter(sites: &[Site]) -> String {
    let mut s = String::from(
        "# loclint.toml, written by `loclint init`. `loclint config --schema` prints\n\
         # its JSON Schema (for your editor); the README explains each key.\n\n",
    );
    match sites {
        [] => s.push_str(
            "# No docusaurus.config.* was found. For another site generator, say where\n\
             # the English originals are and which folders hold which locale:\n\
             # [site]\n\
             # source = \"../en\"\n\
             # [locales]\n\
             # \"ko/**\" = \"ko\"\n\n",
        ),
        [one] => {
            let _ = writeln!(
                s,
                "# Docusaurus site found by {}, {}.",
                path_in(&one.root, one.marker),
                languages(one)
            );
            let _ = writeln!(
                s,
                "# Pages find their locale and English source from the site layout.\n"
            );
            let _ = writeln!(s, "[site]");
            if !one.root.is_empty() {
                let _ = writeln!(s, "root = {}", quoted(&one.root));
            }
            // Read from the Docusaurus config on every run; set it here only
            // when the config computes it.
            let _ = writeln!(s, "# default-locale = {}\n", quoted(&one.default_locale));
        }
        many => {
            let _ = writeln!(
                s,
                "# Docusaurus sites: each page belongs to the nearest one above it."
            );
            for site in many {
                let _ = writeln!(
                    s,
                    "#   {}: {}",
                    path_in(&site.root, site.marker),
                    languages(site)
                );
            }
            s.push('\n');
        }
    }
    s.push_str(
        "[rules]\n\
         # Every rule runs at its default severity (`loclint rule --all`). Turn one\n\
         # down or off here: \"off\", \"info\", \"warning\" or \"error\".\n\
         # untranslated-paragraph = \"info\"\n\n\
         # [glossary]\n\
         # keep = [\"ProductName\"]   # words that stay in English on translated pages\n\n\
         # A site with old findings: record them once, commit the file, and let\n\
         # only new findings fail:\n\
         #   loclint check --write-baseline loclint-baseline.json\n\
         #   loclint check --baseline loclint-baseline.json\n\
         # or check only the lines a pull request changes:\n\
         #   loclint check --diff-only origin/main\n",
    );
    s
}

fn path_in(root: &str, file: &str) -> String {
    if root.is_empty() {
        file.to_string()
    } else {
        format!("{root}/{file}")
    }
}
