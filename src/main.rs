//! The `loclint` binary: parse arguments, run, map the outcome to an exit
//! code (0 clean, 1 findings, 2 trouble).

use clap::Parser;
use loclint::cli::{self, Cli, Command, Outcome};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<(Vec<u8>, String, Outcome), miette::Report> = match &cli.command {
        Command::Check(args) => cli::check::run(args)
            .map(|o| (o.stdout, o.stderr, o.outcome))
            .map_err(miette::Report::new),
        Command::Rule(args) => cli::rule::run(args)
            .map(|(s, o)| (s.into_bytes(), String::new(), o))
            .map_err(miette::Report::new),
        Command::Server(args) => cli::server::run(args)
            .map(|o| (Vec::new(), String::new(), o))
            .map_err(miette::Report::new),
    };
    match result {
        Ok((stdout, stderr, outcome)) => {
            let _ = std::io::stderr().write_all(stderr.as_bytes());
            // A closed pipe (`loclint check | head`) is not an error worth a panic.
            let _ = std::io::stdout().write_all(&stdout);
            match outcome {
                Outcome::Clean => ExitCode::SUCCESS,
                Outcome::Findings => ExitCode::from(1),
            }
        }
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}
