//! `loclint server`: the language server on standard input and output.

use super::{Outcome, ServerArgs};
use crate::lsp::{self, ServerError};

pub fn run(_args: &ServerArgs) -> Result<Outcome, ServerError> {
    lsp::serve_stdio()?;
    Ok(Outcome::Clean)
}
