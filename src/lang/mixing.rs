//! Language-mixing analysis: is a Latin run in a ko/ja/zh text an English
//! clause that was left untranslated, or legitimate English (a product name,
//! an acronym, an identifier, a quoted UI string, a gloss)?
//!
//! Machine half-translation leaves a recognisable signature that hand-written
//! mixing does not:
//! - an English clause with function words ("are we getting a", "is the ... not
//!   loading on my website"), which people never leave untranslated on purpose
//!   outside quotes;
//! - an English clause wrapped in a target-language question template
//!   ("request a new SSL certificate하는 방법은 무엇인가요?");
//! - target-language words that are all glossary substitutions among ordinary
//!   English words ("TLS 1.0 지원 Deprecation", "All Freshdesk 요금제 include").
//!
//! Hand-written mixing — "React 컴포넌트", "SSO 및 SAML 설정", "state",
//! "감시자 중단하기(Stopping a Watcher)", `"Cannot update ..." 에러` — has no
//! function words outside quotes or parentheses, and its native words are
//! ordinary vocabulary rather than only glossary terms. The functions here are
//! pure over a string; the rules map the returned byte ranges back to the file.

use super::hangul::split_particle;
use super::pack::Lexicon;
use super::script::{Script, is_native};
use super::token::{Token, TokenKind, is_acronym, tokens};
use std::collections::HashSet;
use std::ops::Range;

/// Stands for text that was removed before analysis (inline code, a tag):
/// it separates runs and is never a word.
pub const HOLE: char = '\u{FFFC}';

/// Words the English source vouches for: its code, link texts and product
/// names. Words in here are never evidence of untranslated English.
#[derive(Debug, Clone, Default)]
pub struct SourceWords {
    words: HashSet<String>,
}

impl SourceWords {
    pub fn new() -> SourceWords {
        SourceWords::default()
    }

    /// Adds every Latin word of `text` (code, link text).
    pub fn add_all(&mut self, text: &str) {
        for t in tokens(text) {
            if t.is_word() && t.script == Script::Latin {
                self.words.insert(t.text.to_lowercase());
            }
        }
    }

    /// Adds the capitalised words of prose that do not open a sentence: the
    /// product and feature names the source spells with a capital mid-sentence.
    pub fn add_names_from_prose(&mut self, text: &str) {
        let toks = tokens(text);
        let mut sentence_start = true;
        for t in &toks {
            match t.kind {
                TokenKind::Word if t.script == Script::Latin => {
                    let capital = t.text.chars().next().is_some_and(char::is_uppercase);
                    if capital && !sentence_start {
                        self.words.insert(t.text.to_lowercase());
                    }
                    sentence_start = false;
                }
                TokenKind::Word => sentence_start = false,
                TokenKind::Punct if t.text.contains(['.', '?', '!', ':', '。', '？', '！']) => {
                    sentence_start = true
                }
                _ => {}
            }
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(&word.to_lowercase())
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// What a Latin word is, for the purpose of deciding whether it is untranslated English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    /// "the", "how", "with": a closed-class English word.
    Function,
    /// A frequent English verb form.
    Verb,
    /// An English noun of the support glossary ("ticket", "support").
    Glossary,
    /// Lowercase word with no other label: probably ordinary English.
    Plain,
    /// Capitalised, not at the start of its run: probably a name.
    Name,
    /// On a do-not-translate list, an acronym, or vouched for by the source.
    Keep,
    /// A term docs keep in English on purpose ("state", "props").
    Ui,
    /// Looks like code: digits, underscores, dots, inner capitals.
    Identifier,
}

impl WordClass {
    /// Counts as English (not a name, term or identifier).
    pub fn is_english(self) -> bool {
        matches!(
            self,
            WordClass::Function | WordClass::Verb | WordClass::Glossary | WordClass::Plain
        )
    }
}

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub range: Range<usize>,
    pub script: Script,
    /// For Latin words.
    pub class: Option<WordClass>,
    /// For native words: the word is a glossary or function-word substitution target.
    pub substituted: bool,
    /// Inside quotes, a parenthesised gloss, or a URL/email/path.
    pub shielded: bool,
}

/// A maximal stretch of Latin words (with spaces, numbers, hyphens, commas,
/// apostrophes between them) not interrupted by native text or sentence punctuation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatinRun {
    pub range: Range<usize>,
    /// Indexes into [`Analysis::words`].
    pub words: Vec<usize>,
    pub function: usize,
    pub verbs: usize,
    pub glossary: usize,
    pub plain: usize,
    pub names: usize,
    /// Words that count as English (function, verb, glossary, plain).
    pub english: usize,
}

impl LatinRun {
    /// An English clause: function words with other ordinary English words.
    pub fn is_clause(&self) -> bool {
        self.function >= 1
            && self.english >= 2
            && self.function + self.verbs + self.plain + self.glossary >= 2
            && self.english + self.names >= 3
    }

    /// Weaker: some English a template or substitution could have wrapped.
    pub fn has_english(&self) -> bool {
        self.function + self.verbs + self.plain + self.glossary >= 1
    }
}

/// The analysis of one text.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub words: Vec<Word>,
    pub runs: Vec<LatinRun>,
    /// Native-script words outside shields.
    pub native_words: usize,
    /// Native words that are glossary/function substitutions.
    pub substituted_words: usize,
    /// Latin words outside shields.
    pub latin_words: usize,
}

/// Analyses `text` written for `lex`'s locale. `vouched` holds words the
/// English source shows as code, link text or names.
pub fn analyse(text: &str, lex: &Lexicon<'_>, vouched: &SourceWords) -> Analysis {
    let toks = tokens(text);
    let shields = shield_ranges(text, &toks, lex.pack.locale.as_str());
    let shielded = |r: &Range<usize>| shields.iter().any(|s| s.start <= r.start && r.end <= s.end);
    let mut a = Analysis::default();
    let mut run: Option<LatinRun> = None;
    let mut run_start_word = true;
    for (i, t) in toks.iter().enumerate() {
        if t.kind == TokenKind::Word && t.script == Script::Latin {
            let sh = shielded(&t.range());
            let class = classify_latin(&toks, i, lex, vouched, run_start_word);
            let idx = a.words.len();
            a.words.push(Word {
                range: t.range(),
                script: t.script,
                class: Some(class),
                substituted: false,
                shielded: sh,
            });
            if sh {
                close_run(&mut run, &mut a.runs);
                continue;
            }
            a.latin_words += 1;
            let r = run.get_or_insert_with(|| LatinRun {
                range: t.range(),
                words: Vec::new(),
                function: 0,
                verbs: 0,
                glossary: 0,
                plain: 0,
                names: 0,
                english: 0,
            });
            r.range.end = t.end();
            r.words.push(idx);
            match class {
                WordClass::Function => r.function += 1,
                WordClass::Verb => r.verbs += 1,
                WordClass::Glossary => r.glossary += 1,
                WordClass::Plain => r.plain += 1,
                WordClass::Name => r.names += 1,
                WordClass::Keep | WordClass::Ui | WordClass::Identifier => {}
            }
            if class.is_english() {
                r.english += 1;
            }
            run_start_word = false;
        } else if t.kind == TokenKind::Word
            && t.text.chars().any(|c| is_native(c, &lex.pack.locale))
        {
            close_run(&mut run, &mut a.runs);
            run_start_word = true;
            let sh = shielded(&t.range());
            let substituted = is_substitution(t.text, lex);
            if !sh {
                a.native_words += 1;
                if substituted {
                    a.substituted_words += 1;
                }
            }
            a.words.push(Word {
                range: t.range(),
                script: t.script,
                class: None,
                substituted,
                shielded: sh,
            });
        } else if breaks_run(t) {
            close_run(&mut run, &mut a.runs);
            run_start_word = true;
        }
    }
    close_run(&mut run, &mut a.runs);
    a
}

fn close_run(run: &mut Option<LatinRun>, runs: &mut Vec<LatinRun>) {
    if let Some(r) = run.take() {
        runs.push(r);
    }
}

/// Punctuation that ends a Latin run: sentence ends, brackets, the hole left by code.
fn breaks_run(t: &Token<'_>) -> bool {
    match t.kind {
        TokenKind::Space => t.text.contains('\n'),
        TokenKind::Number => false,
        TokenKind::Punct => t.text.chars().any(|c| {
            !matches!(
                c,
                ',' | '-' | '&' | '/' | '\'' | '’' | '+' | '%' | '#' | '$' | '\u{a0}'
            )
        }),
        // Other-script words (Cyrillic, a native word) end a run.
        TokenKind::Word => true,
    }
}

/// A native word that is a glossary or function-word target, possibly with a particle.
pub fn is_substitution(word: &str, lex: &Lexicon<'_>) -> bool {
    if lex.is_glossary_target(word) || lex.pack.is_function_target(word) {
        return true;
    }
    split_particle(lex.pack, word)
        .iter()
        .any(|s| lex.is_glossary_target(s.stem))
        || single_particle_stem(word, lex).is_some_and(|stem| lex.is_glossary_target(stem))
}

/// For ja/zh packs with single particles: the word minus one trailing particle.
fn single_particle_stem<'w>(word: &'w str, lex: &Lexicon<'_>) -> Option<&'w str> {
    lex.pack
        .particles
        .iter()
        .filter(|row| row.len() == 1)
        .filter_map(|row| word.strip_suffix(row[0].as_str()))
        .find(|stem| !stem.is_empty())
}

fn classify_latin(
    toks: &[Token<'_>],
    i: usize,
    lex: &Lexicon<'_>,
    vouched: &SourceWords,
    run_start: bool,
) -> WordClass {
    let t = &toks[i];
    let w = t.text;
    let next = toks.get(i + 1).map_or("", |n| n.text);
    let looks_like_code = w.contains(['_', '.', '@', '$', '=']) && !w.ends_with('.')
        || w.chars().any(|c| c.is_ascii_digit())
        || w.chars().skip(1).any(char::is_uppercase) && w.chars().any(char::is_lowercase)
        || next.starts_with('(') && toks.get(i + 2).is_some_and(|n| n.text.starts_with(')'));
    if looks_like_code {
        return WordClass::Identifier;
    }
    let en = lex.english;
    if is_acronym(w) || lex.keeps(w) || vouched.contains(w) {
        return WordClass::Keep;
    }
    let capital = w.chars().next().is_some_and(char::is_uppercase);
    let lower = w.to_lowercase();
    // A single letter other than "a"/"I" is a variable or a list marker.
    if w.chars().count() == 1 && lower != "a" && lower != "i" {
        return WordClass::Identifier;
    }
    if en.is_function_word(&lower) && (!capital || run_start || is_sentence_word(&lower)) {
        return WordClass::Function;
    }
    if en.is_ui_word(&lower) {
        return WordClass::Ui;
    }
    if capital && !run_start {
        return WordClass::Name;
    }
    if en.is_verb(&lower) {
        return WordClass::Verb;
    }
    if !lex.to_target(&lower).is_empty() {
        return WordClass::Glossary;
    }
    if capital {
        return WordClass::Name;
    }
    WordClass::Plain
}

/// Function words that are never part of a name even when capitalised mid-run ("Why", "How").
fn is_sentence_word(lower: &str) -> bool {
    matches!(
        lower,
        "how"
            | "why"
            | "what"
            | "when"
            | "where"
            | "which"
            | "who"
            | "can"
            | "does"
            | "do"
            | "is"
            | "are"
            | "i"
            | "we"
    )
}

/// Byte ranges that are legitimately English: quotes, parenthesised glosses
/// after native text, and URL/email/path-like stretches.
fn shield_ranges(text: &str, toks: &[Token<'_>], locale: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    quoted_ranges(text, &mut out);
    gloss_ranges(text, locale, &mut out);
    // URL, email, path: a stretch without spaces that contains :// or @ or a slash between words.
    let mut start: Option<usize> = None;
    let mut urlish = false;
    for t in toks {
        if t.kind == TokenKind::Space {
            if let (Some(s), true) = (start, urlish) {
                out.push(s..t.start);
            }
            start = None;
            urlish = false;
        } else {
            start.get_or_insert(t.start);
            urlish |= t.text.contains("://")
                || t.text.contains('@')
                || t.text == "/"
                || t.text.starts_with("www.");
        }
    }
    if let (Some(s), true) = (start, urlish) {
        out.push(s..text.len());
    }
    out
}

/// Quoted stretches: "..", “..”, ‘..’, '..' (as quotes, not apostrophes), 「..」, 『..』, «..».
fn quoted_ranges(text: &str, out: &mut Vec<Range<usize>>) {
    const PAIRS: &[(char, char)] = &[
        ('"', '"'),
        ('“', '”'),
        ('‘', '’'),
        ('\'', '\''),
        ('「', '」'),
        ('『', '』'),
        ('«', '»'),
        ('《', '》'),
        ('【', '】'),
        ('〈', '〉'),
    ];
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c) else {
            i += 1;
            continue;
        };
        let prev = if i == 0 { None } else { Some(chars[i - 1].1) };
        // An apostrophe between letters ("Let's", "고객’s") is not an opening quote.
        if matches!(c, '\'' | '‘') && prev.is_some_and(char::is_alphanumeric) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut found = None;
        while j < chars.len() && chars[j].0 - pos <= 200 {
            let (p, d) = chars[j];
            if d == '\n' {
                break;
            }
            if d == close {
                let next = chars.get(j + 1).map(|x| x.1);
                // A closing apostrophe must not sit inside a word ("don't").
                let inside_word =
                    matches!(d, '\'' | '’') && next.is_some_and(|n| n.is_ascii_alphabetic());
                if !inside_word {
                    found = Some(p + d.len_utf8());
                    break;
                }
            }
            j += 1;
        }
        match found {
            Some(end) => {
                out.push(pos..end);
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

/// A parenthesis holding Latin text right after native text: a gloss of the
/// original term, "감시자 중단하기(Stopping a Watcher)". Also any parenthesis
/// with no native letters inside, which at worst hides an aside.
fn gloss_ranges(text: &str, locale: &str, out: &mut Vec<Range<usize>>) {
    let mut stack: Vec<usize> = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '(' | '（' => stack.push(i),
            ')' | '）' => {
                if let Some(open) = stack.pop() {
                    let inner = &text[open + 1..i];
                    let before = text[..open].trim_end().chars().next_back();
                    let after_native = before.is_some_and(|b| is_native(b, locale));
                    let inner_native = inner.chars().any(|ch| is_native(ch, locale));
                    if after_native && !inner_native {
                        out.push(open..i + c.len_utf8());
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ko() -> Lexicon<'static> {
        Lexicon::new("ko", None).expect("ko")
    }

    fn clause_runs(text: &str) -> Vec<String> {
        let a = analyse(text, &ko(), &SourceWords::new());
        a.runs
            .iter()
            .filter(|r| r.is_clause())
            .map(|r| text[r.range.clone()].to_string())
            .collect()
    }

    #[test]
    fn finds_english_clauses() {
        assert_eq!(
            clause_runs(
                "왜 are we getting a 'connection insecure' 오류 when we try to access our 지원 URL인가요?"
            ),
            ["are we getting a", "when we try to access our"]
        );
        assert_eq!(
            clause_runs(
                "왜 is the Feedback Form not loading on my website after I added an SSL certificate인가요?"
            ),
            ["is the Feedback Form not loading on my website after I added an SSL certificate"]
        );
        assert_eq!(
            clause_runs("request a new SSL certificate하는 방법은 무엇인가요?"),
            ["request a new SSL certificate"]
        );
    }

    #[test]
    fn legitimate_mixing_has_no_clause() {
        for s in [
            "React 컴포넌트",
            "SSO 및 SAML 설정",
            "감시자 중단하기(Stopping a Watcher)",
            "\"Cannot update optimistic state while rendering\" 에러가 발생합니다",
            "Qiskit Runtime Sampler 사용하기",
            "React DOM Server API",
            "state와 props의 차이",
            "`useEffect`로 Effect 동기화하기",
            "IBM Cloud 계정을 어떻게 닫나요?",
        ] {
            assert!(clause_runs(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn classifies_words() {
        let text = "All Freshdesk 요금제 include SSL encryption, run() and useState";
        let a = analyse(text, &ko(), &SourceWords::new());
        let class = |w: &str| {
            a.words
                .iter()
                .find(|x| &text[x.range.clone()] == w)
                .and_then(|x| x.class)
        };
        assert_eq!(class("All"), Some(WordClass::Function));
        assert_eq!(class("Freshdesk"), Some(WordClass::Keep));
        assert_eq!(class("include"), Some(WordClass::Verb));
        assert_eq!(class("SSL"), Some(WordClass::Keep));
        assert_eq!(class("encryption"), Some(WordClass::Glossary));
        assert_eq!(class("run"), Some(WordClass::Identifier));
        assert_eq!(class("useState"), Some(WordClass::Identifier));
        assert_eq!(a.substituted_words, 1);
    }

    #[test]
    fn source_words_vouch() {
        let mut v = SourceWords::new();
        v.add_names_from_prose("Use the Feedback Form widget. Then open it.");
        v.add_all("entangler_map");
        assert!(v.contains("feedback"));
        assert!(!v.contains("use"));
        assert!(!v.contains("then"));
        assert!(v.contains("entangler_map"));
    }

    #[test]
    fn shields() {
        let text = "지원@freshdesk.com 'connection insecure' “Save” don't (Stopping a Watcher)";
        let a = analyse(text, &ko(), &SourceWords::new());
        let sh: Vec<&str> = a
            .words
            .iter()
            .filter(|w| w.shielded)
            .map(|w| &text[w.range.clone()])
            .collect();
        assert_eq!(
            sh,
            ["지원", "freshdesk.com", "connection", "insecure", "Save"]
        );
    }
}
