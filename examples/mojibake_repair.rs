//! Repairs the mojibake in the files given on the command line with the
//! encoding engine alone (every run, best candidate) and prints the result.
//! A quick way to look at what the engine does to a page.

use std::io::Write;

fn main() -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        if std::env::var_os("MOJIBAKE_RUNS").is_some() {
            for r in loclint::encoding::analyze_text(&text) {
                writeln!(
                    out,
                    "{}\t{:?}\t{:?}\t{}\t{:?}\t{}",
                    r.range.start,
                    r.original,
                    r.repaired,
                    r.certain,
                    r.alternatives,
                    r.chain.describe()
                )?;
            }
        } else {
            write!(out, "{}", loclint::encoding::repair_text(&text))?;
        }
    }
    Ok(())
}
