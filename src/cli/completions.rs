//! `loclint completions SHELL` and `loclint man [COMMAND]`: shell completions
//! and man pages, generated from the same clap definition that parses the
//! arguments, so they never list a flag that does not exist.

use super::{Cli, CompletionsArgs, ManArgs};
use clap::CommandFactory;

/// A `loclint man` argument that names no subcommand (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ManError {
    #[error("`{0}` is not a loclint command")]
    #[diagnostic(code(loclint::usage), help("`loclint --help` lists the commands"))]
    UnknownCommand(String),
    #[error("cannot write the man page: {0}")]
    #[diagnostic(code(loclint::output))]
    Write(String),
}

/// The completion script for a shell.
pub fn completions(args: &CompletionsArgs) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "loclint", &mut out);
    out
}

/// The man page (roff) of `loclint`, or of one subcommand as `loclint-NAME(1)`.
pub fn man(args: &ManArgs) -> Result<Vec<u8>, ManError> {
    let cmd = Cli::command();
    let page = match &args.command {
        None => cmd,
        Some(name) => {
            let sub = cmd
                .find_subcommand(name)
                .ok_or_else(|| ManError::UnknownCommand(name.clone()))?;
            // The page is `loclint-check(1)`; its synopsis reads `loclint check`.
            sub.clone()
                .version(env!("CARGO_PKG_VERSION"))
                .display_name(format!("loclint-{}", sub.get_name()))
                .bin_name(format!("loclint {}", sub.get_name()))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(|e| ManError::Write(e.to_string()))?;
    Ok(out)
}
