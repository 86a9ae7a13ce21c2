//! Measures the encoding engine alone over every Markdown file under a folder:
//! how long `analyze` takes and how many runs it reports.

use std::time::Instant;

fn walk(dir: &std::path::Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md" || e == "mdx") {
            out.push(std::fs::read_to_string(&path).unwrap_or_default());
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let root = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus".into());
    let mut texts = Vec::new();
    walk(std::path::Path::new(&root), &mut texts)?;
    let bytes: usize = texts.iter().map(String::len).sum();
    // Warm the lazily built tables so they are not counted per file.
    let _ = loclint::encoding::analyze_text("ë³´ì•ˆ 占쏙옙");
    let start = Instant::now();
    let mut runs = 0;
    for t in &texts {
        runs += loclint::encoding::analyze_text(t).len();
    }
    println!(
        "{} files, {bytes} bytes, {runs} runs, {:?}",
        texts.len(),
        start.elapsed()
    );
    Ok(())
}
