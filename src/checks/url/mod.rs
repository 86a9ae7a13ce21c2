//! Shared work of the URL rules: where URLs and emails occur on a page, how
//! they pair with the English source, and how findings become diagnostics.

pub mod page;
pub mod report;
