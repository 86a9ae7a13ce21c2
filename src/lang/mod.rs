//! Language knowledge for the translation rules: scripts, tokens, Hangul
//! arithmetic, and per-locale packs (question templates, particles,
//! do-not-translate words, a support-domain glossary) loaded from `rules/`.
//!
//! Everything here is pure and independent of the document parser so that
//! other modules (localized-URL repair, for one) can use the glossary too.
//!
//! Stable API:
//! - [`script_of`], [`Script`], [`ScriptCounts`], [`is_cjk`], [`is_cjk_punct`],
//!   [`HANGUL_SYLLABLES`], [`base_locale`], [`native_scripts`]: the one script table
//! - [`Locale`], [`PageScripts`]: locale tags, and a page's language from its letters
//! - [`tokens`], [`words`], [`Token`], [`TokenKind`], [`is_acronym`]
//! - [`pack`] -> `Option<&'static Pack>` with `to_target`, `to_english`,
//!   `is_glossary_target`, `is_noun`, `question_suffix`, `question_prefix`
//! - [`english`] -> function words, verbs, the shared do-not-translate list
//! - [`Lexicon`]: a pack plus the project's `[glossary]` ([`GlossaryConfig`])
//! - [`hangul`]: finals and particle forms

pub mod hangul;
pub mod locale;
pub mod mixing;
pub mod pack;
pub mod script;
pub mod token;

pub use locale::{Locale, PageScripts};
pub use pack::{English, GlossaryConfig, Lexicon, Pack, PackError, Term, english, pack};
pub use script::{
    HANGUL_SYLLABLES, Script, ScriptCounts, base_locale, is_cjk, is_cjk_punct, is_native,
    native_scripts, script_of,
};
pub use token::{Token, TokenKind, is_acronym, tokens, words};
