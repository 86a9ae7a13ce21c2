//! The import layers of `ARCHITECTURE.md`, enforced.
//!
//! Every `.rs` file under `src/` is read as text; comments and literals are
//! blanked, and every path that starts at `crate::` (or `$crate::`), or at
//! `super::` climbing out of its top-level module, is resolved to the module
//! it names, in `use` trees (`use crate::{a, b::{c, d}}`) and in code alike.
//! A module may import its own layer and the layers below it; submodules of
//! one top-level module may import each other freely. Each path maps to the
//! layer of its longest listed prefix, so `crate::diagnostic::render::human`
//! is a renderer (layer 11) while `crate::diagnostic::Severity` is data
//! (layer 4).
//!
//! Only `src/` is scanned: `tests/` and `benches/` use the public API and may
//! import anything, and so may `#[cfg(test)]` modules inside `src/` (a rule's
//! unit tests run it the way the engine does).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The layers, lowest first: a module path prefix and its layer.
const LAYERS: &[(&str, u32)] = &[
    ("util", 0),
    ("lang", 1),
    ("urls", 1),
    ("decode", 2),
    ("encoding", 3),
    ("diagnostic", 4),
    ("document", 5),
    ("config", 6),
    ("pairing", 7),
    ("links", 8),
    ("checks", 9),
    ("engine", 10),
    ("diagnostic::render", 11),
    ("cli", 12),
    ("lsp", 12),
];

/// `main.rs` and `lib.rs`: the crate roots, which may import anything.
const ROOT_LAYER: u32 = 13;

/// Listed modules that do not exist yet.
const PLANNED: &[&str] = &[];

/// A path a file uses, as segments from the crate root (`["links", "percent_decode"]`).
type Import = Vec<String>;

/// The layer of a module path: its longest listed prefix.
fn layer_of(path: &[String]) -> Option<u32> {
    if path.is_empty() {
        return Some(ROOT_LAYER);
    }
    LAYERS
        .iter()
        .filter(|(prefix, _)| {
            let p: Vec<&str> = prefix.split("::").collect();
            p.len() <= path.len() && p.iter().zip(path).all(|(a, b)| *a == b)
        })
        .max_by_key(|(prefix, _)| prefix.split("::").count())
        .map(|&(_, layer)| layer)
}

/// The module a file defines: `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`;
/// `src/lib.rs` and `src/main.rs` are the root.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.last_mut()
        && let Some(stem) = last.strip_suffix(".rs")
    {
        *last = stem.to_string();
    }
    if parts.len() == 1 && matches!(parts[0].as_str(), "lib" | "main") {
        return Vec::new();
    }
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

// ---------------------------------------------------------------------------
// Lexing: blank comments and literals, then split into tokens.

/// `src` with comments, string, byte-string and char literals replaced by
/// spaces (newlines kept, so line numbers stay right).
fn blank_comments_and_literals(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < c.len() {
        let at = |k: usize| c.get(k).copied().unwrap_or('\0');
        let prev_ident = i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_');
        if at(i) == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                blank(&mut out, c[i]);
                i += 1;
            }
        } else if at(i) == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
        } else if !prev_ident && raw_string_start(&c, i).is_some() {
            let (open, hashes) = raw_string_start(&c, i).unwrap_or_default();
            for &ch in &c[i..open + 1] {
                blank(&mut out, ch);
            }
            i = open + 1;
            while i < c.len() {
                if c[i] == '"' && (1..=hashes).all(|h| at(i + h) == '#') {
                    for _ in 0..=hashes {
                        out.push(' ');
                    }
                    i += hashes + 1;
                    break;
                }
                blank(&mut out, c[i]);
                i += 1;
            }
        } else if at(i) == '"' || (!prev_ident && matches!(at(i), 'b' | 'c') && at(i + 1) == '"') {
            if at(i) != '"' {
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
            while i < c.len() {
                match c[i] {
                    '\\' => {
                        blank(&mut out, c[i]);
                        if i + 1 < c.len() {
                            blank(&mut out, c[i + 1]);
                        }
                        i += 2;
                    }
                    '"' => {
                        out.push(' ');
                        i += 1;
                        break;
                    }
                    ch => {
                        blank(&mut out, ch);
                        i += 1;
                    }
                }
            }
        } else if at(i) == '\'' || (!prev_ident && at(i) == 'b' && at(i + 1) == '\'') {
            // A char literal ('a', '\n', '\u{AC00}', '한', b'x'); otherwise a
            // lifetime or a label ('a, 'outer:), which stays.
            let q = if at(i) == 'b' { i + 1 } else { i };
            let end = if at(q + 1) == '\\' {
                (q + 3..c.len()).find(|&k| c[k] == '\'')
            } else if at(q + 2) == '\'' {
                Some(q + 2)
            } else {
                None
            };
            match end {
                Some(e) => {
                    for &ch in &c[i..=e] {
                        blank(&mut out, ch);
                    }
                    i = e + 1;
                }
                None => {
                    out.push(c[i]);
                    i += 1;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// For a raw (byte or C) string starting at `i` (`r"`, `r#"`, `br##"`, `cr"`):
/// the index of its opening quote and the number of hashes.
fn raw_string_start(c: &[char], i: usize) -> Option<(usize, usize)> {
    let mut k = i;
    if matches!(c.get(k), Some('b' | 'c')) {
        k += 1;
    }
    if c.get(k) != Some(&'r') {
        return None;
    }
    k += 1;
    let mut hashes = 0;
    while c.get(k) == Some(&'#') {
        hashes += 1;
        k += 1;
    }
    (c.get(k) == Some(&'"')).then_some((k, hashes))
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    /// `::`
    PathSep,
    Punct(char),
}

/// Identifiers (with `$crate` as one), `::` and single punctuation, with lines.
fn tokens(code: &str) -> Vec<(Tok, usize)> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch.is_alphabetic() || ch == '_' || (ch == '$' && c.get(i + 1) == Some(&'c')) {
            let start = i;
            i += 1;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let mut word: String = c[start..i].iter().collect();
            if let Some(raw) = word.strip_prefix("r#") {
                word = raw.to_string();
            } else if word == "r" && c.get(i) == Some(&'#') {
                // r#ident
                let s = i + 1;
                i = s;
                while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                    i += 1;
                }
                word = c[s..i].iter().collect();
            }
            out.push((Tok::Ident(word), line));
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push((Tok::PathSep, line));
            i += 2;
        } else {
            out.push((Tok::Punct(ch), line));
            i += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Paths: find every path rooted at `crate`, `$crate`, `super` or `self`.

/// The `crate::` paths a file uses, resolved from its module `module`
/// (inline `mod x { ... }` blocks are followed, so `super` in a file's
/// `mod tests` is the file's own module).
fn imports(src: &str, module: &[String]) -> Result<Vec<Import>, String> {
    let code = blank_comments_and_literals(src);
    let toks = tokens(&code);
    let mut found = Vec::new();
    // Inline modules: (name, brace depth inside it, test-only).
    let mut inline: Vec<(String, usize, bool)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Punct('{') => {
                depth += 1;
                i += 1;
            }
            Tok::Punct('}') => {
                if inline.last().is_some_and(|(_, d, _)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            Tok::Ident(w) if w == "mod" => {
                if let (Some((Tok::Ident(name), _)), Some((Tok::Punct('{'), _))) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    inline.push((name.clone(), depth + 1, is_test_only(&toks, i)));
                    depth += 1;
                    i += 3;
                } else {
                    i += 1;
                }
            }
            Tok::Ident(w)
                if matches!(w.as_str(), "crate" | "$crate" | "super" | "self")
                    && toks.get(i + 1).map(|t| &t.0) == Some(&Tok::PathSep)
                    && (i == 0 || toks[i - 1].0 != Tok::PathSep) =>
            {
                let here: Vec<String> = module
                    .iter()
                    .cloned()
                    .chain(inline.iter().map(|(n, _, _)| n.clone()))
                    .collect();
                let line = toks[i].1;
                let mut leaves = Vec::new();
                i = use_tree(&toks, i, &mut Vec::new(), &mut leaves);
                if inline.iter().any(|(_, _, test)| *test) {
                    continue;
                }
                for leaf in leaves {
                    let path = resolve(&here, &leaf).map_err(|e| format!("line {line}: {e}"))?;
                    found.push(path);
                }
            }
            _ => i += 1,
        }
    }
    Ok(found)
}

/// Whether the `mod` at `i` carries `#[cfg(test)]` among the attributes
/// right before it: test code, like `tests/`, may use any layer.
fn is_test_only(toks: &[(Tok, usize)], i: usize) -> bool {
    let mut j = i;
    while j > 0 {
        match &toks[j - 1].0 {
            Tok::Punct(';' | '{' | '}') => break,
            _ => j -= 1,
        }
    }
    toks[j..i].windows(3).any(|w| {
        matches!(
            (&w[0].0, &w[1].0, &w[2].0),
            (Tok::Ident(c), Tok::Punct('('), Tok::Ident(t)) if c == "cfg" && t == "test"
        )
    })
}

/// Parses a path or use tree at `i` (`a::b`, `a::{b, c::*}`, `a::b as c`),
/// pushing each leaf, prefixed by `prefix`, to `leaves`; returns the index after it.
fn use_tree(
    toks: &[(Tok, usize)],
    mut i: usize,
    prefix: &mut Vec<String>,
    leaves: &mut Vec<Vec<String>>,
) -> usize {
    let base = prefix.len();
    loop {
        match toks.get(i).map(|t| &t.0) {
            Some(Tok::Ident(w)) if w != "as" => {
                prefix.push(w.clone());
                i += 1;
            }
            Some(Tok::Punct('*')) => {
                i += 1;
                break;
            }
            Some(Tok::Punct('{')) => {
                i += 1;
                loop {
                    match toks.get(i).map(|t| &t.0) {
                        Some(Tok::Punct('}')) | None => {
                            i += 1;
                            break;
                        }
                        Some(Tok::Punct(',')) => i += 1,
                        _ => {
                            let before = i;
                            i = use_tree(toks, i, prefix, leaves);
                            if i == before {
                                i += 1;
                            }
                        }
                    }
                }
                prefix.truncate(base);
                return i;
            }
            _ => break,
        }
        if toks.get(i).map(|t| &t.0) == Some(&Tok::PathSep) {
            i += 1;
        } else {
            break;
        }
    }
    if let (Some(Tok::Ident(w)), Some(Tok::Ident(_))) =
        (toks.get(i).map(|t| &t.0), toks.get(i + 1).map(|t| &t.0))
        && w == "as"
    {
        i += 2;
    }
    if prefix.len() > base {
        let mut leaf = prefix.clone();
        // `a::{self, b}`: `self` names `a` itself (a leading `self::` stays
        // for `resolve`).
        if leaf.len() > 1 && leaf.last().is_some_and(|s| s == "self") {
            leaf.pop();
        }
        leaves.push(leaf);
    }
    prefix.truncate(base);
    i
}

/// The crate-rooted path that `path` (starting at `crate`, `$crate`,
/// `super` or `self`) names from module `here`.
fn resolve(here: &[String], path: &[String]) -> Result<Vec<String>, String> {
    let mut segs = path.iter().peekable();
    let mut at: Vec<String> = match segs.peek().map(|s| s.as_str()) {
        Some("crate" | "$crate") => {
            segs.next();
            Vec::new()
        }
        _ => here.to_vec(),
    };
    if segs.peek().map(|s| s.as_str()) == Some("self") {
        segs.next();
    }
    while segs.peek().map(|s| s.as_str()) == Some("super") {
        segs.next();
        if at.pop().is_none() {
            return Err(format!("`{}` climbs above the crate root", path.join("::")));
        }
    }
    at.extend(segs.cloned());
    Ok(at)
}

// ---------------------------------------------------------------------------
// The checks.

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Each file under `src/` (relative, `/`-separated), its module and its imports.
fn scan() -> Vec<(String, Vec<String>, Vec<Import>)> {
    let src = src_dir();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(&src).unwrap();
            let shown = format!(
                "src/{}",
                rel.iter()
                    .map(|s| s.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            );
            let module = module_of(rel);
            let text = std::fs::read_to_string(p).unwrap();
            let found = imports(&text, &module).unwrap_or_else(|e| panic!("{shown}: {e}"));
            (shown, module, found)
        })
        .collect()
}

/// Every import that goes up a layer, as `src/file.rs: imports crate::x (layer N) from layer M`.
fn violations() -> Vec<String> {
    let mut out = BTreeSet::new();
    for (file, module, found) in scan() {
        let Some(from) = layer_of(&module) else {
            out.insert(format!(
                "{file}: module `{}` is in no layer (add it to LAYERS)",
                module.join("::")
            ));
            continue;
        };
        for imp in found {
            if imp.first() == module.first() && !module.is_empty() {
                continue;
            }
            let shown = format!("crate::{}", imp.join("::"));
            match layer_of(&imp) {
                None => {
                    out.insert(format!("{file}: imports {shown}, which is in no layer"));
                }
                Some(to) if to > from => {
                    out.insert(format!(
                        "{file}: imports {shown} (layer {to}) from layer {from}"
                    ));
                }
                Some(_) => {}
            }
        }
    }
    out.into_iter().collect()
}

#[test]
fn modules_import_only_lower_layers() {
    let v = violations();
    let mut msg = String::new();
    for line in &v {
        let _ = writeln!(msg, "{line}");
    }
    assert!(v.is_empty(), "{} imports go up a layer:\n{msg}", v.len());
}

#[test]
fn every_layer_exists_and_every_module_has_a_layer() {
    let src = src_dir();
    for (prefix, layer) in LAYERS {
        let rel: PathBuf = prefix.split("::").collect();
        let exists =
            src.join(&rel).join("mod.rs").is_file() || src.join(rel).with_extension("rs").is_file();
        if PLANNED.contains(prefix) {
            assert!(!exists, "`{prefix}` exists now: remove it from PLANNED");
        } else {
            assert!(
                exists,
                "layer {layer}: module `{prefix}` does not exist under src/"
            );
        }
    }
    let numbers: BTreeSet<u32> = LAYERS.iter().map(|&(_, l)| l).collect();
    assert_eq!(
        numbers.into_iter().collect::<Vec<_>>(),
        (0..ROOT_LAYER).collect::<Vec<_>>(),
        "layers are numbered from 0 without gaps"
    );
    let mut imports = 0;
    let mut populated = BTreeSet::new();
    for (file, module, found) in scan() {
        let layer = layer_of(&module)
            .unwrap_or_else(|| panic!("{file}: module `{}` has no layer", module.join("::")));
        populated.insert(layer);
        imports += found.len();
    }
    for layer in 0..=ROOT_LAYER {
        assert!(populated.contains(&layer), "no file in layer {layer}");
    }
    assert!(
        imports > 100,
        "only {imports} crate paths found: the scanner is broken"
    );
}

// ---------------------------------------------------------------------------
// The scanner, on small inputs.

fn paths_in(src: &str, module: &str) -> Vec<String> {
    let m: Vec<String> = module
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    imports(src, &m)
        .unwrap()
        .into_iter()
        .map(|i| i.join("::"))
        .collect()
}

#[test]
fn scanner_reads_use_groups_and_paths_in_code() {
    let src = r#"
use crate::{lang::{self, Locale}, util::*, checks::is_known as known};
use crate::diagnostic::render::human;
fn f() -> bool { crate::links::percent_decode("x").is_empty() && x::crate_name() }
"#;
    assert_eq!(
        paths_in(src, "config"),
        [
            "lang",
            "lang::Locale",
            "util",
            "checks::is_known",
            "diagnostic::render::human",
            "links::percent_decode"
        ]
    );
}

#[test]
fn scanner_skips_comments_and_literals() {
    let src = r##"
// use crate::engine;
/* crate::engine /* nested */ crate::cli */
/// [`crate::engine`]
const A: &str = "crate::engine";
const B: &str = r#"crate::"engine"#;
const C: char = '"';
const D: [char; 2] = ['\'', '\u{AC00}'];
fn f<'a>(x: &'a str) -> &'a str { let _ = b'"'; crate::util::x(x) }
"##;
    assert_eq!(paths_in(src, "lang"), ["util::x"]);
}

#[test]
fn scanner_resolves_super_and_inline_modules() {
    let src = "
use super::script::Script;
use super::super::checks::Rule;
fn g() { super::super::engine::run() }
mod tests {
    use super::*;
    use super::super::token;
    mod deeper { use super::super::super::super::walk; }
}
#[cfg(test)]
#[allow(dead_code)]
mod unit { use crate::engine::run; }
use self::inner::x;
";
    assert_eq!(
        paths_in(src, "lang::locale"),
        [
            "lang::script::Script",
            "checks::Rule",
            "engine::run",
            "lang::locale",
            "lang::token",
            "walk",
            "lang::locale::inner::x"
        ]
    );
    assert!(imports("use super::super::x;", &["a".to_string()]).is_err());
}

#[test]
fn longest_prefix_decides_the_layer() {
    let p = |s: &str| s.split("::").map(str::to_string).collect::<Vec<_>>();
    assert_eq!(layer_of(&p("diagnostic::Severity")), Some(4));
    assert_eq!(layer_of(&p("diagnostic::render::human::render")), Some(11));
    assert_eq!(layer_of(&p("diagnostic::renderer")), Some(4));
    assert_eq!(layer_of(&p("nowhere::x")), None);
    assert_eq!(layer_of(&[]), Some(ROOT_LAYER));
    assert_eq!(
        module_of(Path::new("diagnostic/render/mod.rs")),
        p("diagnostic::render")
    );
    assert_eq!(module_of(Path::new("lang/script.rs")), p("lang::script"));
    assert!(module_of(Path::new("lib.rs")).is_empty());
}
