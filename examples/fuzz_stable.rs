//! The fuzz targets of `fuzz/` on a stable toolchain: `cargo run --release
//! --example fuzz_stable -- TARGET SECONDS [SEED]`. Inputs are the fixtures,
//! mutated (bytes flipped, inserted, deleted, spliced) and random bytes; a
//! panic prints the seed and writes the input to `fuzz/artifacts/`. It is
//! not coverage-guided: cargo-fuzz on nightly (`fuzz/run.sh`) explores more.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::Path;
use std::time::{Duration, Instant};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn seeds(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            seeds(&p, out);
        } else if p.metadata().is_ok_and(|m| m.len() < 64 * 1024)
            && let Ok(b) = std::fs::read(&p)
        {
            out.push(b);
        }
    }
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    if rng.below(10) == 0 {
        return (0..rng.below(512)).map(|_| rng.next() as u8).collect();
    }
    let mut b = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(b.len() + 1);
        match rng.below(5) {
            0 if at < b.len() => b[at] = rng.next() as u8,
            1 => b.insert(
                at,
                [0xFF, 0xC3, 0xE2, 0x80, b'[', b']', b'#', b'\n'][rng.below(8)],
            ),
            2 if at < b.len() => {
                b.remove(at);
            }
            3 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                let len = rng.below(256).min(other.len() - from.min(other.len()));
                let piece = other[from..from + len].to_vec();
                b.splice(at..at, piece);
            }
            _ => {
                b.splice(
                    at..at,
                    "ì•ˆë…•í•˜ì„¸ìš” [a][b]\n[b]: ./x.md#ì„¤ì •\n".bytes(),
                );
            }
        }
    }
    b
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let target = args.get(1).map_or("decode", String::as_str);
    let secs: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64 | 1)
    });
    let run: fn(&[u8]) = match target {
        "decode" => targets::decode,
        "parse" => targets::parse,
        "mojibake" => targets::mojibake,
        "fix" => targets::fix,
        other => {
            eprintln!("unknown target {other}: decode, parse, mojibake or fix");
            std::process::exit(2);
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut corpus = Vec::new();
    seeds(&root.join("fixtures"), &mut corpus);
    if corpus.is_empty() {
        corpus.push(b"# title\n".to_vec());
    }
    let mut rng = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut n = 0u64;
    while Instant::now() < deadline {
        let input = mutate(&mut rng, &corpus);
        n += 1;
        if std::panic::catch_unwind(|| run(&input)).is_err() {
            let dir = root.join("fuzz/artifacts").join(target);
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("crash-{seed}-{n}"));
            let _ = std::fs::write(&file, &input);
            eprintln!(
                "{target}: panic on input {n} (seed {seed}), saved to {}",
                file.display()
            );
            std::process::exit(1);
        }
    }
    println!("{target}: {n} inputs in {secs} s, no failure (seed {seed})");
}
