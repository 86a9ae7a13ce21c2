//! Shared reading of translated pages for the translation rules: views over
//! visible text, heading pairing with the English source, source word sets.

pub mod page;

#[cfg(test)]
pub(crate) mod test_support {
    //! Runs one rule on a page of a given locale (set through front matter,
    //! since a bare string has no `i18n/<locale>/` path to tell it).
    use crate::diagnostic::Diagnostic;
    use std::path::Path;

    pub fn check_in(rule: &str, locale: &str, body: &str) -> Vec<Diagnostic> {
        let text = format!("---\nlocale: {locale}\n---\n\n{body}");
        crate::checks::test_support::check_bytes_at(rule, text.as_bytes(), Path::new("page.md"))
    }
}
