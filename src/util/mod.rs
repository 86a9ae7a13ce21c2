//! Small shared helpers, below every other module: the one path normaliser
//! ([`normalize`], [`absolute`]), the one percent decoder
//! ([`percent_decode`]), the one safe file reader ([`fsio::read_regular`]),
//! and [`Pattern`] for built-in regexes.

pub mod fsio;
pub mod paths;
pub mod percent;

pub use paths::{absolute, display_path, normalize, relative_to};
pub use percent::percent_decode;

use regex::{Captures, Match, Regex};

/// A regex compiled from a pattern written in this crate.
///
/// Built-in patterns are literals exercised by unit tests; should one ever fail
/// to compile, it matches nothing instead of panicking in a user's run.
#[derive(Debug)]
pub struct Pattern(Option<Regex>);

impl Pattern {
    pub fn new(pattern: &str) -> Pattern {
        Pattern(Regex::new(pattern).ok())
    }

    pub fn is_valid(&self) -> bool {
        self.0.is_some()
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.0.as_ref().is_some_and(|r| r.is_match(haystack))
    }

    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.0.as_ref().and_then(|r| r.find(haystack))
    }

    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        self.0.as_ref().and_then(|r| r.captures(haystack))
    }

    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Match<'h>> + 'r
    where
        'h: 'r,
    {
        self.0.iter().flat_map(move |r| r.find_iter(haystack))
    }

    pub fn captures_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Captures<'h>> + 'r
    where
        'h: 'r,
    {
        self.0.iter().flat_map(move |r| r.captures_iter(haystack))
    }

    pub fn regex(&self) -> Option<&Regex> {
        self.0.as_ref()
    }
}
