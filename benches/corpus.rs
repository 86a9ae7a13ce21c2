//! Lints `../shared/corpus` (when present) and prints files/s and MB/s.
//!
//! `cargo bench` runs it in release mode. Each figure is the best of several
//! runs of the whole pipeline (walk, decode, parse, all rules), so it can be
//! compared with `loclint check ../shared/corpus` timed from the shell.

use loclint::config::ConfigMode;
use loclint::engine::{RunOptions, run};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let corpus = std::env::var_os("LOCLINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if !corpus.is_dir() {
        println!(
            "corpus not found at {}: nothing to measure",
            corpus.display()
        );
        return;
    }
    let bytes: u64 = walk_bytes(&corpus);
    let runs: usize = std::env::var("LOCLINT_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    for threads in [None, Some(1)] {
        let opts = RunOptions {
            paths: vec![corpus.clone()],
            threads,
            config: ConfigMode::Isolated,
            ..RunOptions::default()
        };
        let mut best = f64::MAX;
        let mut files = 0;
        let mut diags = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let Ok(report) = run(&opts) else {
                println!("run failed");
                return;
            };
            best = best.min(t.elapsed().as_secs_f64());
            files = report.files;
            diags = report.diagnostics.len();
        }
        let label = threads.map_or("all cores".to_string(), |n| format!("{n} thread"));
        println!(
            "corpus ({label}): {files} files, {:.1} MB, {diags} diagnostics, best of {runs}: {:.3} s = {:.0} files/s, {:.1} MB/s",
            bytes as f64 / 1e6,
            best,
            files as f64 / best,
            bytes as f64 / 1e6 / best
        );
    }
}

fn walk_bytes(dir: &std::path::Path) -> u64 {
    let mut total = 0;
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            total += walk_bytes(&p);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("md" | "mdx" | "markdown")
        ) {
            total += e.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    total
}
