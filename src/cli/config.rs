//! `loclint config --schema`: the JSON Schema of `loclint.toml`, for editors
//! (taplo, Even Better TOML, VS Code's JSON tooling) to complete and check
//! the file as it is typed.

use super::ConfigArgs;
use crate::checks;

/// The schema as pretty JSON, with the names of the rules that exist.
pub fn run(args: &ConfigArgs) -> String {
    debug_assert!(args.schema, "clap requires --schema");
    let mut names: Vec<&str> = checks::all().iter().map(|r| r.meta().name).collect();
    names.extend(checks::PSEUDO_RULES);
    names.sort_unstable();
    let mut out = serde_json::to_string_pretty(&crate::config::schema(&names)).unwrap_or_default();
    out.push('\n');
    out
}
