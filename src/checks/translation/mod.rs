//! Shared reading of translated pages for the translation rules: views over
//! visible text, heading pairing with the English source, source word sets.

pub mod page;
