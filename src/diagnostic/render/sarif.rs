//! `--format sarif`: SARIF 2.1.0 for code scanning, with rule metadata from
//! the rule docs and fixes as artifact changes.
//!
//! What code-scanning services need beyond the schema:
//! - URIs relative to the repository (`uriBaseId` `%SRCROOT%`, declared in
//!   `originalUriBaseIds`), percent-encoded, so names with spaces, Hangul or
//!   `#` stay valid URI references;
//! - `partialFingerprints` from the rule, the path and the finding's own text
//!   (not its line), so an alert is tracked across commits that move it;
//! - a one-sentence `shortDescription`, a `fullDescription` within 1,024
//!   characters, and every `ruleId` in `driver.rules`, the pseudo-rules
//!   `io-error` and `unknown-rule` included.

use super::{Locator, RenderInput, file_slices, write_array, write_nested};
use crate::checks;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The `uriBaseId` of every repository-relative URI.
const SRCROOT: &str = "%SRCROOT%";
/// Longest `fullDescription` code-scanning services accept.
const MAX_FULL: usize = 1024;
/// Where the rules are documented, when the package names its repository.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Findings that are not a rule's: they are listed in `driver.rules` too.
const PSEUDO: &[(&str, &str, &str)] = &[
    (
        "io-error",
        "A file could not be read, decoded or written.",
        "A file could not be read, decoded or written (missing, unreadable, a device, or a failed write of a fix). The other files were still checked; the run never reads as success.",
    ),
    (
        "unknown-rule",
        "A suppression comment names a rule that does not exist.",
        "A `loclint-disable` comment names a rule that does not exist, so it suppresses nothing; `loclint rule --all` lists the rule names.",
    ),
];

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(loc: &Locator, range: &std::ops::Range<usize>) -> Value {
    let (s, e) = (loc.position(range.start), loc.position(range.end));
    json!({
        "startLine": s.line,
        "startColumn": s.column,
        "endLine": e.line,
        "endColumn": e.column,
    })
}

/// The first sentence of a paragraph.
fn first_sentence(s: &str) -> String {
    let s = s.trim();
    match s.find(". ") {
        Some(i) => s[..=i].to_string(),
        None => s.to_string(),
    }
}

/// Whole paragraphs (then sentences) of `s` within `max` characters.
fn within(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for para in s.split("\n\n") {
        let next = if out.is_empty() {
            para.to_string()
        } else {
            format!("{out}\n\n{para}")
        };
        if next.chars().count() > max {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        for sentence in s.split_inclusive(". ") {
            if out.chars().count() + sentence.chars().count() > max {
                break;
            }
            out.push_str(sentence);
        }
    }
    if out.is_empty() {
        out = s.chars().take(max).collect();
    }
    out.trim_end().to_string()
}

/// The README's rule table, where the project's page shows it.
fn information_uri() -> Option<String> {
    (!REPOSITORY.is_empty()).then(|| format!("{}#rules", REPOSITORY.trim_end_matches('/')))
}

/// A rule's row in the README's rule table (`<a id="rule-NAME">`, checked
/// by a test for every rule and pseudo-rule).
fn help_uri(rule: &str) -> Option<String> {
    (!REPOSITORY.is_empty()).then(|| format!("{}#rule-{rule}", REPOSITORY.trim_end_matches('/')))
}

fn rule_descriptors() -> Vec<Value> {
    let mut rules: Vec<Value> = checks::all()
        .iter()
        .map(|r| {
            let m = r.meta();
            let what = checks::doc_section(m.doc, "What it does").unwrap_or_default();
            let mut v = json!({
                "id": m.name,
                "name": m.name,
                "shortDescription": {"text": first_sentence(&checks::doc_summary(m.doc))},
                "fullDescription": {"text": within(&what, MAX_FULL)},
                "help": {"text": m.doc, "markdown": m.doc},
                "defaultConfiguration": {"level": level(m.severity)},
                "properties": {
                    "category": m.category.as_str(),
                    "fixable": m.fixable(),
                    "tags": ["localization", m.category.as_str()],
                },
            });
            if let Some(u) = help_uri(m.name) {
                v["helpUri"] = json!(u);
            }
            v
        })
        .collect();
    for (id, short, full) in PSEUDO {
        let mut v = json!({
            "id": id,
            "name": id,
            "shortDescription": {"text": short},
            "fullDescription": {"text": full},
            "help": {"text": full},
            "defaultConfiguration": {"level": if *id == "io-error" { "error" } else { "warning" }},
            "properties": {"category": "loclint", "fixable": false, "tags": ["loclint"]},
        });
        if let Some(u) = help_uri(id) {
            v["helpUri"] = json!(u);
        }
        rules.push(v);
    }
    rules
}

/// The folder URIs are relative to: the repository holding the working
/// folder (the nearest ancestor with `.git`), else the working folder.
fn source_root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let repo = cwd.ancestors().find(|a| a.join(".git").exists());
    Some(repo.unwrap_or(&cwd).to_path_buf())
}

/// An artifact location: relative to `%SRCROOT%` when the file is under it,
/// else an absolute `file:` URI; percent-encoded either way.
fn artifact(path: &Path, root: Option<&(PathBuf, url::Url)>) -> Value {
    let abs = crate::util::absolute(path);
    if let Some((dir, base)) = root
        && abs.starts_with(dir)
        && let Ok(file) = url::Url::from_file_path(&abs)
        && let Some(rel) = base.make_relative(&file)
    {
        return json!({"uri": rel, "uriBaseId": SRCROOT});
    }
    match url::Url::from_file_path(&abs) {
        Ok(u) => json!({"uri": u.as_str()}),
        Err(()) => json!({"uri": encode_relative(&super::display_path(path))}),
    }
}

/// A relative path as a URI reference, for paths `url` cannot take.
fn encode_relative(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// FNV-1a, 64 bits: stable across platforms, builds and Rust versions.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The finding's text with whitespace runs collapsed: what stays the same
/// when lines above it are added or removed, or it is re-indented.
fn normalized(text: &str, d: &Diagnostic) -> String {
    let span = text.get(d.range.clone()).unwrap_or("");
    let span = if span.is_empty() {
        d.message.as_str()
    } else {
        span
    };
    span.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn render(input: &RenderInput) -> String {
    super::to_string(|out| render_to(input, out))
}

/// Writes the log one result at a time, so memory holds one result's value
/// rather than the whole log.
///
/// # Errors
/// When `out` cannot be written.
pub fn render_to(input: &RenderInput, out: &mut dyn Write) -> io::Result<()> {
    let rules = rule_descriptors();
    let index_of: HashMap<String, usize> = rules
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r["id"].as_str().map(|id| (id.to_string(), i)))
        .collect();
    let root = source_root().and_then(|dir| {
        let base = url::Url::from_directory_path(&dir).ok()?;
        Some((dir, base))
    });
    let mut driver = json!({
        "name": "loclint",
        "version": env!("CARGO_PKG_VERSION"),
    });
    if let Some(u) = information_uri() {
        driver["informationUri"] = json!(u);
    }
    driver["rules"] = Value::Array(rules);
    out.write_all(
        b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": ",
    )?;
    write_nested(out, &json!({"driver": driver}), 3)?;
    out.write_all(b",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ")?;
    let results = file_slices(input.diagnostics).into_iter().flat_map(|ds| {
        let path = ds[0].path.as_path();
        file_results(
            path,
            Locator::new(input.text_of(path)),
            ds,
            root.as_ref(),
            &index_of,
        )
    });
    write_array(out, results, 3)?;
    if let Some((_, base)) = &root {
        out.write_all(b",\n      \"originalUriBaseIds\": ")?;
        write_nested(out, &json!({SRCROOT: {"uri": base.as_str()}}), 3)?;
    }
    out.write_all(b"\n    }\n  ]\n}\n")
}

/// The results of one file, made as they are written.
fn file_results<'a>(
    path: &'a Path,
    loc: Locator<'a>,
    ds: &'a [Diagnostic],
    root: Option<&'a (PathBuf, url::Url)>,
    index_of: &'a HashMap<String, usize>,
) -> impl Iterator<Item = Value> + 'a {
    let location = artifact(path, root);
    let key_path = location["uri"].as_str().unwrap_or("").to_string();
    // The n-th finding with the same rule and text in a file.
    let mut seen: HashMap<(&str, String), usize> = HashMap::new();
    ds.iter().map(move |d| {
        let text = normalized(loc.text(), d);
        let n = seen.entry((d.rule, text.clone())).or_default();
        *n += 1;
        let fingerprint = fnv1a(&[
            d.rule.as_bytes(),
            key_path.as_bytes(),
            text.as_bytes(),
            n.to_string().as_bytes(),
        ]);
        let mut r = json!({
            "ruleId": d.rule,
            "level": level(d.severity),
            "message": {"text": match &d.help {
                Some(h) => format!("{}\nhelp: {h}", d.message),
                None => d.message.clone(),
            }},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": region(&loc, &d.range),
                }
            }],
            "partialFingerprints": {"loclint/v1": format!("{fingerprint:016x}")},
        });
        if let Some(&i) = index_of.get(d.rule) {
            r["ruleIndex"] = json!(i);
        }
        // Offsets are in the decoded text, so only line/column regions are
        // given; a whole-file re-encoding has no region to replace.
        if let Some(f) = d.fix.as_ref().filter(|f| !f.edits.is_empty()) {
            r["fixes"] = json!([{
                "description": {"text": format!("{} ({})", f.message, match f.applicability {
                    Applicability::Safe => "safe",
                    Applicability::Unsafe => "unsafe",
                    Applicability::DisplayOnly => "display only",
                })},
                "artifactChanges": [{
                    "artifactLocation": location,
                    "replacements": f.edits.iter().map(|e| json!({
                        "deletedRegion": region(&loc, &e.range),
                        "insertedContent": {"text": e.replacement},
                    })).collect::<Vec<_>>(),
                }],
            }]);
        }
        r
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_fit_code_scanning() {
        for r in rule_descriptors() {
            let short = r["shortDescription"]["text"].as_str().unwrap_or("");
            let full = r["fullDescription"]["text"].as_str().unwrap_or("");
            assert!(
                !short.is_empty() && !short.trim_end_matches('.').contains(". "),
                "{short}"
            );
            assert!(full.chars().count() <= MAX_FULL, "{}", r["id"]);
            assert!(!full.is_empty());
        }
    }

    #[test]
    fn relative_paths_are_percent_encoded() {
        assert_eq!(encode_relative("a b/자#1.md"), "a%20b/%EC%9E%90%231.md");
    }

    #[test]
    fn fingerprints_are_stable() {
        assert_eq!(fnv1a(&[b"a", b"b"]), fnv1a(&[b"a", b"b"]));
        assert_ne!(fnv1a(&[b"ab", b""]), fnv1a(&[b"a", b"b"]));
    }
}
