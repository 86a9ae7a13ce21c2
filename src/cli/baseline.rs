//! `--baseline FILE` and `--write-baseline FILE`: adopt loclint on a site
//! with old findings, and fail only on new ones.
//!
//! A finding is remembered by its rule, its file (relative to the baseline's
//! folder, so the check can run from anywhere) and a fingerprint of the text
//! it flags, never by line: an edit elsewhere in the page moves lines but
//! leaves the old findings matched. Identical findings in one file are
//! counted, so a second copy of an old defect is new. The fingerprint is
//! FNV-1a over the flagged text with its whitespace runs collapsed, written
//! as hex; it never changes between versions, unlike the standard hasher.

use crate::diagnostic::Diagnostic;
use crate::links::page::relative_to;
use crate::util::absolute;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Errors reading or writing a baseline file (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum BaselineError {
    #[error("cannot read baseline {path}: {cause}")]
    #[diagnostic(
        code(loclint::baseline),
        help("write one with `loclint check --write-baseline FILE`")
    )]
    Read { path: String, cause: String },
    #[error("cannot write baseline {path}: {cause}")]
    #[diagnostic(code(loclint::baseline))]
    Write { path: String, cause: String },
}

const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    path: String,
    fingerprint: String,
    count: usize,
}

type Key = (String, String, String);

/// The findings a baseline file remembers, with how many of each.
pub struct Baseline {
    base: PathBuf,
    counts: BTreeMap<Key, usize>,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let err = |cause: String| BaselineError::Read {
            path: path.display().to_string(),
            cause,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| err(e.to_string()))?;
        if file.version != VERSION {
            return Err(err(format!(
                "version {} (this loclint reads version {VERSION})",
                file.version
            )));
        }
        let mut counts = BTreeMap::new();
        for e in file.findings {
            *counts.entry((e.rule, e.path, e.fingerprint)).or_default() += e.count;
        }
        Ok(Baseline {
            base: folder_of(path),
            counts,
        })
    }

    /// The baseline of these findings, to be written at `path`.
    pub fn of(
        path: &Path,
        diagnostics: &[Diagnostic],
        texts: &HashMap<PathBuf, Arc<str>>,
    ) -> Baseline {
        let base = folder_of(path);
        let mut counts = BTreeMap::new();
        for d in diagnostics {
            *counts.entry(key(&base, d, texts)).or_default() += 1;
        }
        Baseline { base, counts }
    }

    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        let file = BaselineFile {
            version: VERSION,
            findings: self
                .counts
                .iter()
                .map(|((rule, p, fingerprint), &count)| Entry {
                    rule: rule.clone(),
                    path: p.clone(),
                    fingerprint: fingerprint.clone(),
                    count,
                })
                .collect(),
        };
        let err = |cause: String| BaselineError::Write {
            path: path.display().to_string(),
            cause,
        };
        let mut json = serde_json::to_string_pretty(&file).map_err(|e| err(e.to_string()))?;
        json.push('\n');
        let mut tmp =
            tempfile::NamedTempFile::new_in(&self.base).map_err(|e| err(e.to_string()))?;
        tmp.write_all(json.as_bytes())
            .map_err(|e| err(e.to_string()))?;
        tmp.persist(path).map_err(|e| err(e.error.to_string()))?;
        Ok(())
    }

    /// Drops the findings the baseline remembers (each remembered finding
    /// hides one); returns how many were dropped.
    pub fn filter(
        &self,
        diagnostics: &mut Vec<Diagnostic>,
        texts: &HashMap<PathBuf, Arc<str>>,
    ) -> usize {
        let mut left = self.counts.clone();
        let before = diagnostics.len();
        diagnostics.retain(|d| match left.get_mut(&key(&self.base, d, texts)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        });
        before - diagnostics.len()
    }
}

fn folder_of(path: &Path) -> PathBuf {
    absolute(path)
        .parent()
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf)
}

fn key(base: &Path, d: &Diagnostic, texts: &HashMap<PathBuf, Arc<str>>) -> Key {
    let rel = relative_to(base, &absolute(&d.path));
    let path = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let flagged = texts
        .get(&d.path)
        .and_then(|t| t.get(d.range.clone()))
        .unwrap_or("");
    (d.rule.to_string(), path, fingerprint(flagged))
}

/// FNV-1a (64 bits) of the text with each whitespace run read as one space.
fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            feed(b' ');
        }
        word.bytes().for_each(&mut feed);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn diag(path: &str, range: std::ops::Range<usize>) -> Diagnostic {
        Diagnostic::new("mojibake", Severity::Error, PathBuf::from(path), range, "m")
    }

    #[test]
    fn fingerprints_ignore_whitespace_runs_and_are_stable() {
        assert_eq!(fingerprint("ë³´ì•ˆ  ì„¤ì •"), fingerprint("ë³´ì•ˆ\nì„¤ì •"));
        assert_ne!(fingerprint("ë³´ì•ˆ"), fingerprint("ì„¤ì •"));
        // FNV-1a of "a", as published: the value must never change.
        assert_eq!(fingerprint("a"), "af63dc4c8601ec8c");
    }

    #[test]
    fn each_remembered_finding_hides_one_and_lines_do_not_matter() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("p.md");
        let old: Arc<str> = Arc::from("x ë³´ì•ˆ\n");
        let texts = HashMap::from([(page.clone(), old)]);
        let file = dir.path().join("baseline.json");
        let found = vec![diag(page.to_str().unwrap(), 2..8)];
        Baseline::of(&file, &found, &texts).write(&file).unwrap();
        let baseline = Baseline::load(&file).unwrap();
        // Two lines later, and a second copy of the same defect.
        let new: Arc<str> = Arc::from("a\nb\nx ë³´ì•ˆ ë³´ì•ˆ\n");
        let texts = HashMap::from([(page.clone(), new)]);
        let p = page.to_str().unwrap();
        let mut now = vec![diag(p, 6..12), diag(p, 13..19)];
        assert_eq!(baseline.filter(&mut now, &texts), 1);
        assert_eq!(now.len(), 1);
        assert_eq!(now[0].range, 13..19);
    }

    #[test]
    fn an_unreadable_baseline_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.json");
        std::fs::write(&file, "{\"version\": 1, \"findings\": [], \"extra\": 1}").unwrap();
        let e = Baseline::load(&file).err().unwrap().to_string();
        assert!(e.contains("b.json") && e.contains("extra"), "{e}");
    }
}
