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
use super::script::{Script, is_cjk, is_native, script_of};
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

/// Sorted, merged byte ranges with logarithmic queries, so that shielding a
/// token costs O(log n) even on a page with thousands of quotes and URLs.
#[derive(Debug, Clone, Default)]
pub struct RangeSet {
    ranges: Vec<Range<usize>>,
}

impl RangeSet {
    pub fn new(mut ranges: Vec<Range<usize>>) -> RangeSet {
        ranges.retain(|r| r.start < r.end);
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        RangeSet { ranges: merged }
    }

    /// True when `r` lies inside one of the ranges.
    pub fn covers(&self, r: &Range<usize>) -> bool {
        let i = self.ranges.partition_point(|x| x.start <= r.start);
        i > 0 && self.ranges[i - 1].end >= r.end
    }

    /// The parts of the ranges inside `window`, relative to `window.start`.
    pub fn within(&self, window: &Range<usize>) -> Vec<Range<usize>> {
        let first = self.ranges.partition_point(|x| x.end <= window.start);
        self.ranges[first..]
            .iter()
            .take_while(|x| x.start < window.end)
            .map(|x| x.start.max(window.start) - window.start..x.end.min(window.end) - window.start)
            .collect()
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
    /// For capitalised Latin words: the class the word has in lowercase
    /// ("Support" -> Glossary, "Enabling" -> Verb); title case is normal in English headings.
    pub title_class: Option<WordClass>,
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
    /// For a run of [`Analysis::bridged`]: the native nouns inside it.
    pub injected: Vec<usize>,
    /// Single words separated by commas (`reason, before, after`): a list of
    /// terms, field names or options, not a sentence.
    pub listed: bool,
}

impl LatinRun {
    /// An English clause: function words with other ordinary English words.
    pub fn is_clause(&self) -> bool {
        !self.listed
            && self.function >= 1
            && self.english >= 2
            && self.verbs + self.plain + self.glossary + self.names >= 1
            && self.function + self.verbs + self.plain + self.glossary >= 2
            && self.english + self.names >= 3
    }

    /// Weaker: some English a template or substitution could have wrapped.
    pub fn has_english(&self) -> bool {
        self.function + self.verbs + self.plain + self.glossary >= 1
    }

    /// A phrase a question template could wrap: two English words or more,
    /// so that a single kept term ("什么是 mutation？") is not one.
    pub fn is_phrase(&self) -> bool {
        self.function + self.verbs + self.plain + self.glossary >= 2
    }
}

/// Why a heading reads as half-translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HalfTranslated {
    /// An English clause with function words.
    Clause { english: Range<usize> },
    /// English wrapped in a question template of the locale.
    Template {
        english: Range<usize>,
        template: Range<usize>,
    },
    /// Every native word is a glossary substitution among English words.
    Substitution {
        english: Range<usize>,
        native: Range<usize>,
    },
}

impl HalfTranslated {
    /// The English part to report.
    pub fn english(&self) -> &Range<usize> {
        match self {
            HalfTranslated::Clause { english }
            | HalfTranslated::Template { english, .. }
            | HalfTranslated::Substitution { english, .. } => english,
        }
    }
}

/// Decides whether a heading-like text with native words carries an
/// untranslated English part; see the module docs for the evidence used.
pub fn half_translated(text: &str, a: &Analysis, lex: &Lexicon<'_>) -> Option<HalfTranslated> {
    if a.native_words == 0 {
        return None;
    }
    let clauses: Vec<&LatinRun> = a.runs.iter().filter(|r| r.is_clause()).collect();
    let clause_span = match (clauses.first(), clauses.last()) {
        (Some(first), Some(last)) => Some(first.range.start..last.range.end),
        _ => None,
    };
    // An injected clause holds runs that may be clauses of their own: the
    // report covers both, so that neither shows only a part of the English.
    if let Some((english, template)) = injected_clause(text, a, lex) {
        let english = match clause_span {
            Some(c) => c.start.min(english.start)..c.end.max(english.end),
            None => english,
        };
        return Some(HalfTranslated::Template { english, template });
    }
    if let Some(english) = clause_span {
        return Some(HalfTranslated::Clause { english });
    }
    let trimmed_end = text.trim_end().len();
    if let Some(suffix) = lex.pack.question_suffix(text) {
        let at = trimmed_end - suffix.len();
        if let Some(r) = a
            .runs
            .iter()
            .find(|r| r.is_phrase() && text[r.range.end..at].trim().is_empty())
        {
            return Some(HalfTranslated::Template {
                english: r.range.clone(),
                template: at..trimmed_end,
            });
        }
    }
    if let Some(prefix) = lex.pack.question_prefix(text) {
        let start = text.len() - text.trim_start().len();
        let end = start + prefix.len();
        if let Some(r) = a
            .runs
            .first()
            .filter(|r| r.is_phrase() && text[end..r.range.start].trim().is_empty())
        {
            return Some(HalfTranslated::Template {
                english: r.range.clone(),
                template: start..end,
            });
        }
    }
    if a.substituted_words == a.native_words {
        // The only native words are glossary substitutions. Either a
        // substituted noun sits in English word order in front of English
        // ("TLS 1.0 지원 Deprecation": Korean puts the head noun last), or it
        // follows an English phrase of three words or more with ordinary
        // English in it ("React state batches 업데이트"). A single kept term
        // before a noun ("values 파일", "circuit 설정") is ordinary Korean.
        let natives: Vec<&Word> = a
            .words
            .iter()
            .filter(|w| w.class.is_none() && !w.shielded)
            .collect();
        for n in &natives {
            let is_noun_sub = lex.is_glossary_target(&text[n.range.clone()]);
            let followed = a.runs.iter().find(|r| {
                r.range.start >= n.range.end
                    && text[n.range.end..r.range.start].trim().is_empty()
                    && r.names + r.english >= 1
            });
            if let (true, Some(r)) = (is_noun_sub, followed) {
                return Some(HalfTranslated::Substitution {
                    english: r.range.clone(),
                    native: n.range.clone(),
                });
            }
        }
        let first_native = natives.first()?;
        let english = a.runs.iter().find(|r| {
            let words = r
                .words
                .iter()
                .filter(|&&i| a.words[i].class != Some(WordClass::Identifier))
                .count();
            words >= 3 && r.function + r.verbs + r.plain >= 1
        })?;
        return Some(HalfTranslated::Substitution {
            english: english.range.clone(),
            native: first_native.range.clone(),
        });
    }
    None
}

/// How sure [`untranslated`] is that a heading is English prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Untranslated {
    /// Glossary nouns among several words ("TLS 1.0 Support Deprecation"):
    /// product names look the same ("Qiskit Runtime Service"), so this is
    /// reported only on pages that also have a `Strong` one.
    Weak,
    /// A verb, a question word, or function words with ordinary English.
    Strong,
}

/// Words that open an English question or clause ("How do I", "Can we").
fn is_clause_word(lower: &str) -> bool {
    matches!(
        lower,
        "how"
            | "what"
            | "why"
            | "when"
            | "where"
            | "which"
            | "who"
            | "can"
            | "could"
            | "do"
            | "does"
            | "did"
            | "is"
            | "are"
            | "was"
            | "were"
            | "should"
            | "will"
            | "would"
            | "i"
            | "we"
            | "you"
            | "my"
            | "our"
            | "your"
            | "their"
            | "this"
            | "these"
            | "those"
            | "there"
    )
}

/// Decides whether a heading-like text without native words is English
/// prose rather than a name, identifier, command or acronym. Title case is
/// normal in English headings, so capitalised words are judged by their
/// lowercase form, and an all-capitalised heading needs a verb or a question
/// word. Headings starting with a lowercase word are code, commands or
/// directives ("helm get all", "use memo"): English prose starts with a capital.
pub fn untranslated(text: &str, a: &Analysis, lex: &Lexicon<'_>) -> Option<Untranslated> {
    if a.native_words > 0 {
        return None;
    }
    let trimmed = text.trim();
    if lex
        .english
        .boilerplate
        .iter()
        .any(|b| trimmed.starts_with(b.as_str()))
    {
        return None;
    }
    // Words joined by a hyphen count once ("Third-party", "How-to").
    let latin: Vec<&Word> = a
        .words
        .iter()
        .filter(|w| !w.shielded && w.class.is_some_and(|c| c != WordClass::Identifier))
        .filter(|w| !text[..w.range.start].ends_with('-'))
        .collect();
    let first = latin.first()?;
    if !text[first.range.clone()]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
    {
        return None;
    }
    let (mut verbs, mut clause_words, mut function, mut other_english, mut glossary, mut english) =
        (0, 0, 0, 0, 0, 0);
    let mut title_case = true;
    for w in &latin {
        let Some(class) = w.class else { continue };
        let word = &text[w.range.clone()];
        let class = if class == WordClass::Name {
            w.title_class.unwrap_or(class)
        } else {
            class
        };
        // English title case leaves short function words in lowercase.
        if class != WordClass::Function {
            title_case &= word.chars().next().is_some_and(char::is_uppercase);
        }
        match class {
            WordClass::Verb => verbs += 1,
            WordClass::Function => {
                function += 1;
                if is_clause_word(&word.to_lowercase()) {
                    clause_words += 1;
                }
            }
            WordClass::Glossary => glossary += 1,
            _ => {}
        }
        if matches!(
            class,
            WordClass::Verb | WordClass::Glossary | WordClass::Plain
        ) {
            other_english += 1;
        }
        if class.is_english() {
            english += 1;
        }
    }
    // In title case a verb alone may be part of a name ("Open Plan"): ask
    // for a longer heading ("Enabling TLS 1.2 in Internet Explorer").
    let verb_evidence = verbs >= 1 && (!title_case || latin.len() >= 3);
    let strong = english >= 2
        && (verb_evidence
            || clause_words >= 1
            || (!title_case && function >= 1 && other_english >= 1));
    if strong {
        return Some(Untranslated::Strong);
    }
    (glossary >= 1 && latin.len() >= 3).then_some(Untranslated::Weak)
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
    /// Runs joined across the one or two glossary nouns a machine put
    /// between them ("export my 티켓 from Freshdesk"): one English clause
    /// with native words injected, which no single run shows.
    pub bridged: Vec<LatinRun>,
}

/// Analyses `text` written for `lex`'s locale. `vouched` holds words the
/// English source shows as code, link text or names.
pub fn analyse(text: &str, lex: &Lexicon<'_>, vouched: &SourceWords) -> Analysis {
    analyse_shielded(
        text,
        lex,
        vouched,
        shield_ranges(text, lex.pack.locale.as_str()),
    )
}

/// [`analyse`] with the shields already found by the caller, who computed
/// them once for a whole block of which `text` is a part.
pub fn analyse_shielded(
    text: &str,
    lex: &Lexicon<'_>,
    vouched: &SourceWords,
    shields: Vec<Range<usize>>,
) -> Analysis {
    let toks = tokens(text);
    let code_chunks = identifier_chunks(text, &toks);
    let code_chunks = RangeSet::new(code_chunks);
    let in_code_chunk = |r: &Range<usize>| code_chunks.covers(r);
    let shields = RangeSet::new(shields);
    let shielded = |r: &Range<usize>| shields.covers(r);
    let mut a = Analysis::default();
    let mut run: Option<LatinRun> = None;
    let mut run_start_word = true;
    for (i, t) in toks.iter().enumerate() {
        if t.kind == TokenKind::Word && t.script == Script::Latin {
            let sh = shielded(&t.range());
            let class = if in_code_chunk(&t.range()) {
                WordClass::Identifier
            } else {
                classify_latin(&toks, i, lex, vouched, run_start_word)
            };
            let title_class =
                (class == WordClass::Name).then(|| classify_latin(&toks, i, lex, vouched, true));
            let idx = a.words.len();
            a.words.push(Word {
                range: t.range(),
                script: t.script,
                class: Some(class),
                title_class,
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
                injected: Vec::new(),
                listed: false,
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
                title_class: None,
                substituted,
                shielded: sh,
            });
        } else if breaks_run(t) {
            close_run(&mut run, &mut a.runs);
            run_start_word = true;
        }
    }
    close_run(&mut run, &mut a.runs);
    for r in &mut a.runs {
        r.listed = r.words.len() >= 2
            && r.words.windows(2).all(|w| {
                text.get(a.words[w[0]].range.end..a.words[w[1]].range.start)
                    .is_some_and(|gap| gap.contains(','))
            });
    }
    a.bridged = bridge_runs(text, &a, lex);
    a
}

/// Most native words a machine injects between two stretches of one English
/// clause; more is a native phrase between English names.
const MAX_INJECTED: usize = 2;

/// See [`Analysis::bridged`]. Only glossary nouns bridge: they are what a
/// machine substitutes, while hand-written mixing puts native function
/// words and particles between English terms ("SSO 및 SAML", "state와 props").
fn bridge_runs(text: &str, a: &Analysis, lex: &Lexicon<'_>) -> Vec<LatinRun> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(first) = a.runs.get(i) {
        let mut merged = first.clone();
        let mut j = i;
        while let Some(next) = a.runs.get(j + 1) {
            let Some(nouns) = injected_nouns(text, a, &(merged.range.end..next.range.start), lex)
            else {
                break;
            };
            merged.range.end = next.range.end;
            merged.words.extend_from_slice(&next.words);
            merged.function += next.function;
            merged.verbs += next.verbs;
            merged.glossary += next.glossary;
            merged.plain += next.plain;
            merged.names += next.names;
            merged.english += next.english;
            merged.injected.extend(nouns);
            j += 1;
        }
        if j > i {
            out.push(merged);
        }
        i = j + 1;
    }
    out
}

/// The native words of `gap` when it holds nothing but whitespace and one
/// or two unshielded glossary nouns.
fn injected_nouns(
    text: &str,
    a: &Analysis,
    gap: &Range<usize>,
    lex: &Lexicon<'_>,
) -> Option<Vec<usize>> {
    let first = a.words.partition_point(|w| w.range.start < gap.start);
    let inside: Vec<usize> = (first..a.words.len())
        .take_while(|&k| a.words[k].range.end <= gap.end)
        .collect();
    if inside.is_empty() || inside.len() > MAX_INJECTED {
        return None;
    }
    let mut covered = 0;
    for &k in &inside {
        let w = &a.words[k];
        if w.class.is_some() || w.shielded || !lex.is_glossary_target(text.get(w.range.clone())?) {
            return None;
        }
        covered += w.range.len();
    }
    let blank = text
        .get(gap.clone())?
        .chars()
        .filter(|c| c.is_whitespace())
        .map(char::len_utf8)
        .sum::<usize>();
    (covered + blank == gap.len()).then_some(inside)
}

/// An English clause with native nouns injected into it, inside a template
/// of the locale: a clause ending glued to its last word ("... from
/// Freshdesk하려면") or a question suffix closing the text ("... 하는 방법은
/// 무엇인가요?"). Returns the clause and the template. The clause needs a
/// function word and two English words, so that a name around a noun
/// ("Qiskit 런타임 Service") is not one.
pub fn injected_clause(
    text: &str,
    a: &Analysis,
    lex: &Lexicon<'_>,
) -> Option<(Range<usize>, Range<usize>)> {
    let trimmed_end = text.trim_end().len();
    let suffix_at = lex
        .pack
        .question_suffix(text)
        .map(|s| trimmed_end - s.len());
    a.bridged
        .iter()
        .filter(|r| r.function >= 1 && r.is_phrase())
        .find_map(|r| {
            // The whole question template when it closes the text, else the glued ending.
            if let Some(at) = suffix_at
                && text.get(r.range.end..at)?.trim().is_empty()
            {
                return Some((r.range.clone(), at..trimmed_end));
            }
            let after = text.get(r.range.end..)?;
            let e = lex.pack.clause_ending_at(after)?;
            Some((r.range.clone(), r.range.end..r.range.end + e.len()))
        })
}

/// The legitimately-English ranges of a whole text (quotes, glosses, math,
/// URLs): computed once per block so that a quote spanning a sentence break
/// ("... is a function created with ...") still shields its words.
pub fn shields(text: &str, locale: &str) -> Vec<Range<usize>> {
    shield_ranges(text, locale)
}

/// Whitespace-delimited chunks that read as identifiers rather than words:
/// "set-state-in-effect", "Pay-As-You-Go", "spf13/cobra", "default_shots".
fn identifier_chunks(text: &str, toks: &[Token<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let flush = |s: Option<usize>, e: usize, out: &mut Vec<Range<usize>>| {
        if let Some(s) = s {
            let chunk = text[s..e].trim_matches(|c: char| !c.is_alphanumeric());
            if chunk.matches('-').count() >= 2 || chunk.contains(['_', '/', '=', '<', '>']) {
                out.push(s..e);
            }
        }
    };
    for t in toks {
        if t.kind == TokenKind::Space {
            flush(start.take(), end, &mut out);
        } else {
            start.get_or_insert(t.start);
            end = t.end();
        }
    }
    flush(start, end, &mut out);
    out
}

/// Sentence ranges of a prose text: split after `.?!。？！` when what follows
/// starts a new sentence (a space, a capital, a native letter, the end), and at
/// line breaks. "e.g.", "1.2" and "freshdesk.com" do not split; "data.Our" does,
/// because machine-pasted FAQ text often lost the space there.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let end = i + c.len_utf8();
        let split = match c {
            '\n' => true,
            '。' | '？' | '！' => true,
            '.' | '?' | '!' => match it.peek() {
                None => true,
                Some(&(_, n)) => n.is_whitespace() || n.is_uppercase() || is_cjk(n),
            },
            _ => false,
        };
        if split {
            if text[start..end].trim().chars().any(char::is_alphanumeric) {
                out.push(start..end);
            }
            start = end;
        }
    }
    if text[start..].chars().any(char::is_alphanumeric) {
        out.push(start..text.len());
    }
    out
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
fn shield_ranges(text: &str, locale: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    quoted_ranges(text, &mut out);
    gloss_ranges(text, locale, &mut out);
    math_ranges(text, &mut out);
    if let Some(pack) = super::pack::pack(locale) {
        message_ranges(text, pack, &mut out);
    }
    // URL, email, path: a stretch without spaces that contains :// or @ or a slash.
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                let chunk: &str = &text[s..i];
                if chunk.contains("://") || chunk.contains(['@', '/']) || chunk.starts_with("www.")
                {
                    out.push(s..i);
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

/// A message quoted after its label: "오류 메시지: Could not connect to the
/// server." Help centers label an error or notice in their own language and
/// then give it verbatim, as the product shows it. The label is all native
/// text ending in a message noun; the message is the rest of the line and
/// holds no native word (a native word in it is machine substitution, not a
/// quotation).
fn message_ranges(text: &str, pack: &super::pack::Pack, out: &mut Vec<Range<usize>>) {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let here = line_start;
        line_start += line.len();
        let Some((colon, width)) = line
            .char_indices()
            .find(|&(_, c)| c == ':' || c == '：')
            .map(|(i, c)| (i, c.len_utf8()))
        else {
            continue;
        };
        let label = &line[..colon];
        let message = &line[colon + width..];
        let label_native = label.chars().any(|c| is_native(c, &pack.locale));
        let label_latin = label.chars().any(|c| script_of(c) == Script::Latin);
        // List markers and emphasis left in the view ("- ", "**") are not words.
        let label = label.trim_start_matches(|c: char| !c.is_alphanumeric());
        if !label_native || label_latin || !pack.is_message_label(label) {
            continue;
        }
        if message.chars().any(|c| is_native(c, &pack.locale))
            || !message.chars().any(|c| script_of(c) == Script::Latin)
        {
            continue;
        }
        out.push(here + colon + width..here + line.trim_end().len());
    }
}

/// Labels set off as shown: of the `set_off` ranges of `text` (bold,
/// italics: the caller knows the markup), those that hold Latin text and no
/// native word and that a UI or message noun follows ("**Sign in with
/// Microsoft** 버튼", "*Invalid token* 오류"). Quoted text is shielded
/// already. `authored`: the page is written in the site's own language, whose
/// writers set off English only to quote the product's UI, so every set-off
/// English stretch counts, unless a clause ending is glued to it (the
/// machine's "**export ...**하는 방법" is no label).
pub fn label_shields(
    text: &str,
    set_off: &[Range<usize>],
    pack: &super::pack::Pack,
    authored: bool,
) -> Vec<Range<usize>> {
    set_off
        .iter()
        .filter(|r| {
            let Some(inner) = text.get((*r).clone()) else {
                return false;
            };
            if inner.chars().any(|c| is_native(c, &pack.locale))
                || !inner.chars().any(|c| script_of(c) == Script::Latin)
            {
                return false;
            }
            let after = text.get(r.end..).unwrap_or_default();
            if pack.opens_with_label_noun(after.trim_start()) {
                return true;
            }
            authored
                && !inner.trim_end().ends_with('?')
                && pack.clause_ending_at(after).is_none()
                && pack
                    .question_suffix(after)
                    .is_none_or(|q| after.trim() != q)
        })
        .cloned()
        .collect()
}

/// TeX math between `$` or `$$` (KaTeX in Docusaurus): never language.
fn math_ranges(text: &str, out: &mut Vec<Range<usize>>) {
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c == '$' && !text[..i].ends_with('\\') {
            match open.take() {
                Some(o) => out.push(o..i + 1),
                None => open = Some(i),
            }
        }
    }
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
    let mut prev: Option<char> = None;
    // Quotes found end here; openers before it are inside a quote already.
    let mut resume = 0;
    for (pos, c) in text.char_indices() {
        let before = prev;
        prev = Some(c);
        if pos < resume {
            continue;
        }
        let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c) else {
            continue;
        };
        // An apostrophe after a letter ("Let's", "고객’s") is not an opening quote.
        if matches!(c, '\'' | '‘') && before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let inner_start = pos + c.len_utf8();
        let mut window_end = text.len().min(inner_start + 200);
        while !text.is_char_boundary(window_end) {
            window_end -= 1;
        }
        let window = &text[inner_start..window_end];
        let mut found = None;
        let mut it = window.char_indices().peekable();
        while let Some((k, d)) = it.next() {
            if d == '\n' {
                break;
            }
            if d == close {
                let next = it
                    .peek()
                    .map(|x| x.1)
                    .or_else(|| text[inner_start + k + d.len_utf8()..].chars().next());
                // A closing apostrophe must not sit inside a word ("don't").
                let inside_word =
                    matches!(d, '\'' | '’') && next.is_some_and(|n| n.is_ascii_alphabetic());
                if !inside_word {
                    found = Some(inner_start + k + d.len_utf8());
                    break;
                }
            }
        }
        if let Some(end) = found {
            out.push(pos..end);
            resume = end;
        }
    }
}

/// A parenthesis holding only Latin text (a gloss of the original term,
/// "감시자 중단하기(Stopping a Watcher)", or an English aside), or only
/// native text after a Latin word ("the Effect (이펙트)").
fn gloss_ranges(text: &str, locale: &str, out: &mut Vec<Range<usize>>) {
    let mut stack: Vec<usize> = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '(' | '（' => stack.push(i + c.len_utf8()),
            ')' | '）' => {
                if let Some(inner_start) = stack.pop() {
                    let open = inner_start
                        - if text[..inner_start].ends_with('(') {
                            1
                        } else {
                            '（'.len_utf8()
                        };
                    let inner = &text[inner_start..i];
                    let before = text[..open].trim_end().chars().next_back();
                    let after_latin = before.is_some_and(|b| script_of(b) == Script::Latin);
                    let inner_native = inner.chars().any(|ch| is_native(ch, locale));
                    let inner_latin = inner.chars().any(|ch| script_of(ch) == Script::Latin);
                    // "중단하기(Stopping a Watcher)" and "the Effect (이펙트)": a gloss
                    // in the other language. "Account (Managing your account)": an
                    // English aside, usually the original UI label.
                    if (!inner_native && inner_latin)
                        || (after_latin && inner_native && !inner_latin)
                    {
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
            // Field names listed, not a sentence.
            "`Patch`는 reason, before, after만 받으며 나머지는 무시합니다.",
            "옵션은 from, to, with 세 가지입니다.",
        ] {
            assert!(clause_runs(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn bridges_runs_over_injected_glossary_nouns() {
        let lex = ko();
        let bridged = |text: &str| -> Vec<String> {
            let a = analyse(text, &lex, &SourceWords::new());
            a.bridged
                .iter()
                .map(|r| text[r.range.clone()].to_string())
                .collect()
        };
        assert_eq!(
            bridged("close the 티켓 after a reply하려면"),
            ["close the 티켓 after a reply"]
        );
        assert_eq!(
            bridged("update the 헬프데스크 포털 logo하는 방법"),
            ["update the 헬프데스크 포털 logo"]
        );
        // Function words and particles between terms are hand-written Korean.
        assert!(bridged("SSO 및 SAML 설정").is_empty());
        assert!(bridged("state와 props의 차이").is_empty());
        // Three nouns are a Korean phrase between English names.
        assert!(bridged("open the 티켓 상담원 그룹 list").is_empty());
    }

    #[test]
    fn injected_clauses_need_a_template() {
        let lex = ko();
        let found = |text: &str| {
            let a = analyse(text, &lex, &SourceWords::new());
            injected_clause(text, &a, &lex).map(|(e, t)| (text[e].to_string(), text[t].to_string()))
        };
        assert_eq!(
            found("close the 티켓 after a reply할 수 있나요?"),
            Some((
                "close the 티켓 after a reply".to_string(),
                "할 수 있나요?".to_string()
            ))
        );
        assert_eq!(
            found("share the 티켓 with a colleague하려면 공유 버튼을 누르세요."),
            Some((
                "share the 티켓 with a colleague".to_string(),
                "하려면".to_string()
            ))
        );
        assert_eq!(found("close the 티켓 after a reply 기능"), None);
        // A name around a noun has no function word.
        assert_eq!(found("Qiskit 서버 Runtime하는 방법"), None);
    }

    #[test]
    fn messages_after_their_label_are_quoted() {
        let sh = |text: &str| {
            let a = analyse(text, &ko(), &SourceWords::new());
            a.words
                .iter()
                .filter(|w| w.shielded)
                .map(|w| text[w.range.clone()].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            sh("에러: Access denied for this user"),
            ["Access", "denied", "for", "this", "user"]
        );
        assert_eq!(
            sh("- 오류 메시지: Page not found"),
            ["Page", "not", "found"]
        );
        // Not a message label, or a message with Korean injected into it.
        assert!(sh("참고: Access denied for this user").is_empty());
        assert!(sh("무오류: Access denied for this user").is_empty());
        assert!(sh("오류: Access to the 서버 was denied").is_empty());
    }

    #[test]
    fn set_off_english_before_a_label_noun_is_a_label() {
        let pack = ko().pack;
        let text = "Open the billing page 메뉴에서 Cancel my plan 버튼과 Add a note 창고 또는 Archive all old items를 보세요";
        let at = |w: &str| {
            let s = text.find(w).unwrap();
            s..s + w.len()
        };
        let set_off = [
            at("Open the billing page"),
            at("Cancel my plan"),
            at("Add a note"),
            at("Archive all old items"),
        ];
        let shown = |authored| -> Vec<&str> {
            label_shields(text, &set_off, pack, authored)
                .into_iter()
                .map(|r| &text[r])
                .collect()
        };
        assert_eq!(shown(false), ["Open the billing page", "Cancel my plan"]);
        assert_eq!(
            shown(true),
            [
                "Open the billing page",
                "Cancel my plan",
                "Add a note",
                "Archive all old items"
            ]
        );
        // Glued to a clause ending, set-off English is the machine's clause.
        let text = "Archive all old items하는 방법";
        let whole = 0..text.find('하').unwrap();
        assert!(label_shields(text, std::slice::from_ref(&whole), pack, true).is_empty());
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
    fn range_sets() {
        let set = RangeSet::new(vec![10..20, 0..5, 15..30, 40..41]);
        assert!(set.covers(&(1..4)));
        assert!(set.covers(&(12..29)));
        assert!(!set.covers(&(4..6)));
        assert!(!set.covers(&(30..31)));
        assert_eq!(set.within(&(3..45)), vec![0..2, 7..27, 37..38]);
        assert!(set.within(&(31..40)).is_empty());
    }

    #[test]
    fn long_texts_are_linear() {
        // 20,000 URLs, quotes and identifiers in one sentence: quadratic
        // shielding would take minutes here.
        let text = "한국어 'quoted' English words https://example.com/a_b 그리고 ".repeat(20_000);
        let lex = ko();
        let start = std::time::Instant::now();
        let a = analyse(&text, &lex, &SourceWords::new());
        assert!(a.words.len() > 100_000);
        assert!(start.elapsed().as_secs() < 20);
    }

    #[test]
    fn fullwidth_parentheses() {
        let text = "拉取（重建）helm chart，设置（Stopping a Watcher）";
        let a = analyse(
            text,
            &Lexicon::new("zh", None).expect("zh"),
            &SourceWords::new(),
        );
        assert!(
            a.words
                .iter()
                .any(|w| w.shielded && &text[w.range.clone()] == "Stopping")
        );
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
            [
                "지원",
                "freshdesk.com",
                "connection",
                "insecure",
                "Save",
                "Stopping",
                "a",
                "Watcher"
            ]
        );
    }
}
