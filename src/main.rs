//! The `loclint` binary: parse arguments, run, map the outcome to an exit
//! code (0 clean, 1 findings, 2 trouble).

use clap::Parser;
use loclint::cli::{self, Cli, Command, Outcome};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    type Output = (Vec<u8>, Option<cli::check::Stream>, String, Outcome);
    let result: Result<Output, miette::Report> = match &cli.command {
        Command::Check(args) if args.watch => cli::watch::run(args)
            .map(|o| (Vec::new(), None, String::new(), o))
            .map_err(miette::Report::new),
        Command::Check(args) => cli::check::run(args)
            .map(|o| (o.stdout, o.stream, o.stderr, o.outcome))
            .map_err(miette::Report::new),
        Command::Rule(args) => cli::rule::run(args)
            .map(|(s, o)| (s.into_bytes(), None, String::new(), o))
            .map_err(miette::Report::new),
        Command::Server(args) => cli::server::run(args)
            .map(|o| (Vec::new(), None, String::new(), o))
            .map_err(miette::Report::new),
        Command::Init(args) => cli::init::run(args)
            .map(|note| (Vec::new(), None, note, Outcome::Clean))
            .map_err(miette::Report::new),
        Command::Config(args) => Ok((
            cli::config::run(args).into_bytes(),
            None,
            String::new(),
            Outcome::Clean,
        )),
        Command::Completions(args) => Ok((
            cli::completions::completions(args),
            None,
            String::new(),
            Outcome::Clean,
        )),
        Command::Man(args) => cli::completions::man(args)
            .map(|page| (page, None, String::new(), Outcome::Clean))
            .map_err(miette::Report::new),
    };
    match result {
        Ok((stdout, stream, stderr, outcome)) => {
            cli::emit(&stdout, stream, &stderr);
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
