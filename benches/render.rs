//! Rendering cost against the size of the text and the number of findings.
//!
//! Two shapes that used to be quadratic: one line of up to 50 MB with
//! findings spread along it (columns counted from the line start for each
//! finding), and a 1 MB page with about 8,000 findings. Each is rendered at
//! a quarter, half and full size in every format; linear rendering shows as a
//! constant time per MB (and per finding) across the three sizes.
//!
//! `cargo bench --bench render` (release). Set `LOCLINT_BENCH_MB` for a
//! smaller long line.

use loclint::diagnostic::render::{self, RenderInput, human};
use loclint::diagnostic::{Diagnostic, Edit, Fix, Severity};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// A text of `bytes` bytes with `findings` findings spread evenly, each on a
/// garbled Korean word with a safe repair; `line` characters per line (0: one
/// line). The findings have no `group`, so the human format renders a snippet
/// for each instead of one page-level report: the costly path.
fn case(bytes: usize, findings: usize, line: usize) -> (String, Vec<Diagnostic>) {
    let unit = "설치 가이드 ì„¤ì¹˜ and some English text, ";
    let mut text = String::with_capacity(bytes + unit.len());
    let mut since_newline = 0;
    while text.len() < bytes {
        text.push_str(unit);
        since_newline += unit.chars().count();
        if line > 0 && since_newline >= line {
            text.push('\n');
            since_newline = 0;
        }
    }
    let path = PathBuf::from("bench.md");
    let needle = "ì„¤ì¹˜";
    let stride = ((text.len() / findings.max(1)) * 3 / 4).max(1);
    let mut ds = Vec::with_capacity(findings);
    let mut at = 0;
    while ds.len() < findings {
        let Some(found) = text[at..].find(needle) else {
            break;
        };
        let start = at + found;
        let range = start..start + needle.len();
        ds.push(
            Diagnostic::new(
                "mojibake",
                Severity::Error,
                &path,
                range.clone(),
                "mojibake `ì„¤ì¹˜` reads `설치` when repaired",
            )
            .with_help("the text was saved as UTF-8, then opened as Windows-1254 and saved again")
            .with_fix(Fix::safe(
                "replace with `설치`",
                vec![Edit::replace(range, "설치")],
            )),
        );
        at = (start + stride).min(text.len());
        while !text.is_char_boundary(at) {
            at += 1;
        }
        if at >= text.len() {
            break;
        }
    }
    (text, ds)
}

fn time(f: impl Fn() -> String) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut len = 0;
    for _ in 0..3 {
        let t = Instant::now();
        len = std::hint::black_box(f()).len();
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, len)
}

fn measure(title: &str, full_bytes: usize, full_findings: usize, line: usize) {
    println!("{title}");
    println!(
        "  {:>8} {:>9} {:<8} {:>10} {:>12} {:>12}",
        "MB", "findings", "format", "seconds", "ms/MB", "us/finding"
    );
    for div in [4, 2, 1] {
        let (text, ds) = case(full_bytes / div, full_findings / div, line);
        let path = PathBuf::from("bench.md");
        let mut texts = HashMap::new();
        texts.insert(path, Arc::<str>::from(text.as_str()));
        let input = RenderInput {
            diagnostics: &ds,
            texts: &texts,
            files: 1,
            fixed: 0,
        };
        let mb = text.len() as f64 / 1e6;
        let opts = human::HumanOptions {
            color: false,
            width: 100,
            show_fixes: false,
        };
        let formats: [(&str, &dyn Fn() -> String); 5] = [
            ("human", &|| human::render(&input, opts)),
            ("concise", &|| render::concise::render(&input)),
            ("json", &|| render::json::render(&input)),
            ("sarif", &|| render::sarif::render(&input)),
            ("github", &|| render::github::render(&input)),
        ];
        for (name, f) in formats {
            let (s, _) = time(f);
            println!(
                "  {mb:>8.1} {:>9} {name:<8} {s:>10.3} {:>12.2} {:>12.2}",
                ds.len(),
                s * 1e3 / mb,
                s * 1e6 / ds.len().max(1) as f64
            );
        }
    }
}

fn main() {
    let mb: usize = std::env::var("LOCLINT_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    measure(
        &format!("one line of {mb} MB, 2,000 findings along it"),
        mb * 1_000_000,
        2_000,
        0,
    );
    measure(
        "a 1 MB page, 8,000 findings, lines of 200 characters",
        1_000_000,
        8_000,
        200,
    );
}
