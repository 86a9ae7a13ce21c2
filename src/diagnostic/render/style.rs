//! Colour for the human formats: whether to use it (`--color`, `NO_COLOR`,
//! `FORCE_COLOR`, `CLICOLOR_FORCE`, `TERM=dumb`) and the ANSI codes.

use crate::diagnostic::Severity;

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Whether to colour the output. An explicit `--color always|never` wins;
/// under `auto`, `NO_COLOR` (non-empty) turns colour off, `FORCE_COLOR` or
/// `CLICOLOR_FORCE` (non-empty, not `0`) turn it on even into a pipe,
/// `TERM=dumb` turns it off, and otherwise a terminal gets colour.
pub fn use_color(
    choice: ColorChoice,
    terminal: bool,
    env: impl Fn(&str) -> Option<String>,
) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    let forced = |name: &str| env(name).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") => true,
        ColorChoice::Auto if env("TERM").is_some_and(|t| t == "dumb") => false,
        ColorChoice::Auto => terminal,
    }
}

/// ANSI styling, or none at all.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, s: &str) -> String {
        if self.color && !s.is_empty() {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub fn severity(self, sev: Severity, s: &str) -> String {
        self.paint(severity_code(sev), s)
    }

    pub fn bold(self, s: &str) -> String {
        self.paint("1", s)
    }

    /// Gutters, arrows and line numbers.
    pub fn frame(self, s: &str) -> String {
        self.paint("1;34", s)
    }

    /// Secondary labels.
    pub fn label(self, s: &str) -> String {
        self.paint("36", s)
    }

    /// Fix previews.
    pub fn fix(self, s: &str) -> String {
        self.paint("32", s)
    }
}

fn severity_code(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_string())
        }
    }

    #[test]
    fn colour_follows_flag_then_environment_then_terminal() {
        assert!(use_color(
            ColorChoice::Always,
            false,
            env(&[("NO_COLOR", "1")])
        ));
        assert!(!use_color(
            ColorChoice::Never,
            true,
            env(&[("FORCE_COLOR", "1")])
        ));
        assert!(!use_color(
            ColorChoice::Auto,
            true,
            env(&[("NO_COLOR", "1")])
        ));
        assert!(use_color(ColorChoice::Auto, true, env(&[("NO_COLOR", "")])));
        assert!(use_color(
            ColorChoice::Auto,
            false,
            env(&[("FORCE_COLOR", "1")])
        ));
        assert!(!use_color(
            ColorChoice::Auto,
            false,
            env(&[("FORCE_COLOR", "0")])
        ));
        assert!(use_color(
            ColorChoice::Auto,
            false,
            env(&[("CLICOLOR_FORCE", "1")])
        ));
        assert!(!use_color(
            ColorChoice::Auto,
            true,
            env(&[("TERM", "dumb")])
        ));
        assert!(use_color(
            ColorChoice::Auto,
            true,
            env(&[("TERM", "xterm")])
        ));
        assert!(!use_color(ColorChoice::Auto, false, env(&[])));
    }
}
