//! Command-line arguments (clap derive); one file per subcommand.

pub mod baseline;
pub mod check;
pub mod completions;
pub mod config;
pub mod diff_only;
pub mod init;
pub mod rule;
pub mod server;
pub mod watch;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "loclint",
    version,
    about = "Lint localized documentation: mojibake, half-translated headings, corrupted localized links, dead links"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// `check`'s many flags make its variant large; the enum is built once per
// run, so boxing it would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Markdown/MDX files (default: the current folder).
    #[command(after_help = CHECK_AFTER_HELP)]
    Check(CheckArgs),
    /// Show a rule's documentation, or list all rules.
    Rule(RuleArgs),
    /// Run the language server on standard input and output (for editors).
    Server(ServerArgs),
    /// Write a starter loclint.toml for the site in a folder (default: the current one).
    Init(InitArgs),
    /// Print facts about loclint.toml: `--schema`, its JSON Schema.
    Config(ConfigArgs),
    /// Print a shell completion script: `loclint completions bash > /etc/bash_completion.d/loclint`.
    Completions(CompletionsArgs),
    /// Print the man page (roff) of loclint or of one command: `loclint man | man -l -`.
    Man(ManArgs),
}

const CHECK_AFTER_HELP: &str = "\
Named files get the config of their folder, as walked files do: the nearest loclint.toml \
(an invalid one is exit 2) and its include/exclude (--no-force-exclude checks them anyway).

Standard input: `loclint check -` (or `--stdin-filename PATH` alone) checks the text on \
stdin. With --stdin-filename, config, include/exclude, locale and English source are those \
of PATH, and diagnostics name PATH; without it they name <stdin> and the config is the \
current folder's. With --fix, the fixed text goes to stdout (the input unchanged if nothing \
applies or the path is excluded), the remaining diagnostics and summary go to stderr, and \
nothing is written to disk.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Each finding with its source snippet, help and fix; a page's many
    /// mojibake runs of one round trip as one report.
    Human,
    /// One line per finding: `path:line:col: rule message [*]`.
    Concise,
    Json,
    Github,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check (default: the current folder; `-`: standard input).
    /// Folders are walked for .md, .mdx and .markdown files, honouring .gitignore and
    /// .loclintignore; files named here skip the ignore files but not loclint.toml's
    /// include/exclude.
    pub paths: Vec<PathBuf>,
    /// Check standard input as if it were this file: its config, include/exclude,
    /// locale and English source. Diagnostics name it.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Check named files (and --stdin-filename) even when loclint.toml's include/exclude leave them out.
    #[arg(long)]
    pub no_force_exclude: bool,
    /// Output format (`--format` is the same flag).
    #[arg(long = "output-format", visible_alias = "format", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,
    /// Colour: `auto` follows NO_COLOR, FORCE_COLOR, CLICOLOR_FORCE, TERM=dumb and whether the output is a terminal.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Human format: show each fix as the line before and after it.
    #[arg(long)]
    pub show_fixes: bool,
    /// Run only these rules (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub select: Option<Vec<String>>,
    /// Never run these rules (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub ignore: Vec<String>,
    /// Use this config file for every checked file instead of discovering loclint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore all config files.
    #[arg(long)]
    pub isolated: bool,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Print the number of diagnostics per rule instead of each diagnostic
    /// (a table, or with --format json a JSON list).
    #[arg(long)]
    pub statistics: bool,
    /// Print only the diagnostics: no summary line, no notes.
    #[arg(long, short)]
    pub quiet: bool,
    /// Apply safe fixes to the files (standard input: print the fixed text on stdout).
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: also apply unsafe fixes (guesses a human should review).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// With --fix: also rewrite read-only files.
    #[arg(long)]
    pub force: bool,
    /// Print a unified diff of what --fix would change; write nothing.
    #[arg(long)]
    pub diff: bool,
    /// Worker threads (default: one per core; at most 4 per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Check external links over the network.
    #[arg(long)]
    pub online: bool,
    /// Allow requests to loopback, private and link-local addresses when checking links.
    #[arg(long)]
    pub allow_private_hosts: bool,
    /// Where loclint keeps its cache (default `.loclint-cache`; link results in `links/`).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Neither read nor write the link cache: check every external link afresh.
    #[arg(long)]
    pub no_cache: bool,
    /// Report only the findings this baseline file does not remember (by rule, file
    /// and flagged text, not by line).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write every current finding to this baseline file, then report none of them.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Report only the findings on lines changed since this git revision (working tree
    /// against REF's tree; new and untracked files count as changed). A broken anchor
    /// also counts when the page it points to changed.
    #[arg(
        long,
        visible_alias = "changed-since",
        value_name = "REF",
        conflicts_with_all = ["fix", "diff", "write_baseline"]
    )]
    pub diff_only: Option<String>,
    /// After the report, watch the checked folders (and the loclint.toml above them) and
    /// check again, printing a fresh report, whenever a page or a config changes; Ctrl-C
    /// stops, with the last check's exit code. Not with --fix, --diff, --output-file,
    /// --write-baseline or standard input: a watch only reads.
    #[arg(
        long,
        conflicts_with_all = ["fix", "diff", "output_file", "stdin_filename", "write_baseline"]
    )]
    pub watch: bool,
}

#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// The rule's name, e.g. `mojibake`.
    #[arg(required_unless_present = "all")]
    pub name: Option<String>,
    /// List every rule.
    #[arg(long, conflicts_with = "name")]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
    pub format: RuleFormat,
}

/// `loclint server` takes no options: the client sends what it needs, and
/// each page's config is discovered as `check` discovers it.
#[derive(Debug, clap::Args)]
pub struct ServerArgs {}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to write loclint.toml in; its Docusaurus site (or the sites below it) is described.
    pub path: Option<PathBuf>,
    /// Overwrite an existing loclint.toml.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// Print the JSON Schema of loclint.toml (for editors; the rule names are this version's).
    #[arg(long, required = true)]
    pub schema: bool,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// A command (`check`, `rule`...) whose own page to print, as `loclint-COMMAND(1)`.
    pub command: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleFormat {
    Text,
    Json,
}

/// What a subcommand asks `main` to exit with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Findings,
}

/// Writes a command's output: the notes on stderr, then the report on stdout
/// (and a streamed report after it), flushed. A closed pipe (`loclint check |
/// head`) is not an error worth reporting.
pub fn emit(stdout: &[u8], stream: Option<check::Stream>, stderr: &str) {
    let _ = std::io::stderr().write_all(stderr.as_bytes());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let _ = out.write_all(stdout);
    if let Some(write) = stream {
        let _ = write(&mut out);
    }
    let _ = out.flush();
}
