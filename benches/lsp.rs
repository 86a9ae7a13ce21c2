//! Time from `didChange` to `publishDiagnostics` in `loclint server`, on the
//! second seed page (34 KB of Korean with page-wide mojibake), after the
//! first check. Drives the real binary over stdio, as an editor does.
//!
//! `cargo bench --bench lsp` (release build); `LOCLINT_BENCH_RUNS` changes.
#![allow(clippy::expect_used)]

#[path = "../tests/common/lsp_client.rs"]
mod lsp_client;

use lsp_client::{Client, file_uri};
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    for name in [
        "loclint.toml",
        "000_1e44dd774abfb1ca.txt",
        "001_b7e4836e97a521a9.txt",
    ] {
        std::fs::copy(seeds.join(name), dir.path().join(name)).expect("copy seed");
    }
    let page = dir.path().join("001_b7e4836e97a521a9.txt");
    let text = std::fs::read_to_string(&page).expect("seed");
    let uri = file_uri(&page);
    let runs: usize = std::env::var("LOCLINT_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);

    let mut client = Client::start(env!("CARGO_BIN_EXE_loclint"), dir.path());
    client.initialize(dir.path(), None);
    let t = Instant::now();
    client.open(&uri, &text);
    let first = client.diagnostics(&uri);
    let first_time = t.elapsed();
    let count = first["diagnostics"].as_array().map_or(0, Vec::len);

    // Typing at the end of the page: one character more, then one less.
    let end_line = text.matches('\n').count();
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for i in 0..runs {
        let version = i32::try_from(i).unwrap_or(i32::MAX) + 2;
        let change = if i % 2 == 0 {
            json!({"range": {"start": {"line": end_line, "character": 0},
                             "end": {"line": end_line, "character": 0}}, "text": "x"})
        } else {
            json!({"range": {"start": {"line": end_line, "character": 0},
                             "end": {"line": end_line, "character": 1}}, "text": ""})
        };
        let t = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        );
        client.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        });
        times.push(t.elapsed());
    }
    client.shutdown();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "lsp: first check {:.1} ms ({count} diagnostics); didChange -> diagnostics over {runs} changes: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        ms(first_time),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 9 / 10]),
        ms(times[times.len() - 1]),
    );
}
