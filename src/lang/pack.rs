//! Per-locale knowledge, kept as data in `rules/<locale>.toml` and embedded.
//!
//! A [`Pack`] holds what the translation rules know about one target language:
//! question templates that a machine wraps around an untranslated clause,
//! particles, nouns after which a particle boundary is certain, and a
//! support-domain glossary usable both ways (English -> target to recognise a
//! substituted word, target -> English to back-translate a corrupted URL).
//! [`English`] holds what is shared by all packs: English function words and
//! verbs (evidence of an English clause) and the do-not-translate list.
//! [`Lexicon`] layers a project's `[glossary]` from `loclint.toml` on a pack.

use super::script::{HANGUL_SYLLABLES, base_locale};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

/// One glossary entry: an English term and its rendering in the target language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Lowercase English, singular ("ticket", "help desk").
    pub en: String,
    /// Target-language form ("티켓").
    pub target: String,
}

/// What loclint knows about one target language.
#[derive(Debug)]
pub struct Pack {
    pub locale: String,
    pub name: String,
    /// Words opening a question template ("왜", "なぜ", "如何").
    pub question_prefixes: Vec<String>,
    /// Endings closing a question template around a clause ("하는 방법은 무엇인가요?").
    pub question_suffixes: Vec<String>,
    /// Korean: `[after a final consonant, after a vowel]` pairs; ja/zh: single particles.
    pub particles: Vec<Vec<String>>,
    /// Particles that may follow a checked particle within one word ("으로는").
    pub particle_tails: Vec<String>,
    /// Do-not-translate words particular to this locale (the shared list is in [`English::keep`]).
    pub keep: Vec<String>,
    /// Nouns (glossary targets excluded) after which a particle boundary is certain.
    pub nouns: Vec<String>,
    /// Latin letter -> how its Korean name ends: 'c' consonant, 'l' ㄹ, 'v' vowel.
    pub acronym_finals: BTreeMap<char, char>,
    /// Acronyms read as words, whose spoken ending is not the last letter's name.
    pub acronym_words: HashSet<String>,
    /// UI elements and messages ("버튼", "메뉴", "오류"): English set off in
    /// bold or quotes right before one is a label quoted as shown.
    pub label_nouns: Vec<String>,
    /// Nouns that, ending a label before a colon, introduce a message quoted as is.
    pub message_nouns: Vec<String>,
    /// Endings a machine glues straight onto an English phrase ("하려면").
    pub clause_endings: Vec<String>,
    /// Noun glossary.
    pub glossary: Vec<Term>,
    /// Non-noun substitutions ("and" -> "및").
    pub function_glossary: Vec<Term>,
    by_en: HashMap<String, Vec<usize>>,
    by_target: HashMap<String, Vec<usize>>,
    noun_set: HashSet<String>,
    function_targets: HashSet<String>,
    /// Particle (+ tail) endings -> the ways to read them, for
    /// [`super::hangul::split_particle`].
    pub(crate) endings: HashMap<String, Vec<Ending>>,
    /// Length in characters of the longest key of `endings`.
    pub(crate) longest_ending: usize,
    /// Last characters of the keys of `endings`.
    ending_finals: FinalSet,
    /// Last characters of the nouns.
    noun_finals: FinalSet,
}

/// Longest ending, in characters, read after a label noun of two syllables
/// or more ("에서는").
const MAX_LABEL_ENDING: usize = 3;

/// Number of precomposed Hangul syllables (11,172).
const SYLLABLE_COUNT: usize =
    (*HANGUL_SYLLABLES.end() as usize) - (*HANGUL_SYLLABLES.start() as usize) + 1;

fn syllable_index(c: char) -> Option<usize> {
    HANGUL_SYLLABLES
        .contains(&c)
        .then(|| c as usize - *HANGUL_SYLLABLES.start() as usize)
}

/// The characters some words of a set end with: a bit per Hangul syllable,
/// one flag for everything else. A test that spares hash lookups for the
/// many words whose last character no word of the set ends with.
#[derive(Debug)]
struct FinalSet {
    syllables: Vec<u64>,
    other: bool,
}

impl Default for FinalSet {
    fn default() -> FinalSet {
        FinalSet {
            syllables: vec![0; SYLLABLE_COUNT.div_ceil(64)],
            other: false,
        }
    }
}

impl FinalSet {
    fn insert(&mut self, word: &str) {
        match word.chars().next_back().and_then(syllable_index) {
            Some(i) => {
                if let Some(w) = self.syllables.get_mut(i / 64) {
                    *w |= 1 << (i % 64);
                }
            }
            None => self.other = true,
        }
    }

    /// Whether `word` ends with a character some word of the set ends with.
    fn ends(&self, word: &str) -> bool {
        match word.chars().next_back().map(syllable_index) {
            Some(Some(i)) => self
                .syllables
                .get(i / 64)
                .is_some_and(|w| w & (1 << (i % 64)) != 0),
            Some(None) => self.other,
            None => false,
        }
    }
}

/// One way to read a word ending as particle + tail.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ending {
    /// Index into [`Pack::particles`].
    pub pair: usize,
    /// Length of the particle in bytes; the rest of the ending is the tail.
    pub particle_len: usize,
    /// Rank among all readings (tails, then pairs, then forms, in pack order).
    pub order: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    locale: String,
    name: String,
    question_prefixes: Vec<String>,
    question_suffixes: Vec<String>,
    particles: Vec<Vec<String>>,
    particle_tails: Vec<String>,
    nouns: Vec<String>,
    acronym_finals: BTreeMap<String, String>,
    acronym_words: Vec<String>,
    keep: Vec<String>,
    label_nouns: Vec<String>,
    message_nouns: Vec<String>,
    clause_endings: Vec<String>,
    function_glossary: Vec<(String, String)>,
    glossary: Vec<(String, String)>,
}

/// English knowledge shared by all packs (`rules/en.toml`).
#[derive(Debug)]
pub struct English {
    pub function_words: HashSet<String>,
    pub verbs: HashSet<String>,
    /// Do-not-translate words and phrases, as written (case matters for acronyms).
    pub keep: Vec<String>,
    /// Terms hand-translated docs keep in English on purpose ("state", "props").
    pub ui_words: HashSet<String>,
    /// Starts of generated headings that are never translated.
    pub boilerplate: Vec<String>,
    keep_lower: HashSet<String>,
    /// Length in bytes of the longest function word.
    longest_function_word: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnglish {
    function_words: Vec<String>,
    verbs: Vec<String>,
    keep: Vec<String>,
    ui_words: Vec<String>,
    boilerplate: Vec<String>,
}

/// Errors in pack data: embedded packs are tested, so these come from config.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("rules/{file}: {source}")]
    Toml {
        file: &'static str,
        #[source]
        source: toml::de::Error,
    },
    #[error("rules/{file}: {message}")]
    Invalid { file: &'static str, message: String },
}

const PACK_FILES: &[(&str, &str)] = &[
    ("ko.toml", include_str!("../../rules/ko.toml")),
    ("ja.toml", include_str!("../../rules/ja.toml")),
    ("zh.toml", include_str!("../../rules/zh.toml")),
];

static PACKS: LazyLock<Result<Vec<Pack>, PackError>> = LazyLock::new(|| {
    PACK_FILES
        .iter()
        .map(|(file, text)| Pack::parse(file, text))
        .collect()
});

static ENGLISH: LazyLock<Result<English, PackError>> =
    LazyLock::new(|| English::parse("en.toml", include_str!("../../rules/en.toml")));

/// The pack for `locale` ("ko", "ko-KR", "zh-Hans"...), if loclint has one.
pub fn pack(locale: &str) -> Option<&'static Pack> {
    let base = base_locale(locale);
    PACKS.as_ref().ok()?.iter().find(|p| p.locale == base)
}

/// The shared English lists.
pub fn english() -> Option<&'static English> {
    ENGLISH.as_ref().ok()
}

/// Every embedded pack, or the error that stopped one from loading (tests and `loclint rule`).
pub fn all_packs() -> Result<&'static [Pack], &'static PackError> {
    PACKS.as_ref().map(Vec::as_slice)
}

/// The embedded English lists, or the error that stopped them from loading.
pub fn english_data() -> Result<&'static English, &'static PackError> {
    ENGLISH.as_ref()
}

/// Lowercases and strips a regular English plural, so that "Tickets" finds "ticket".
fn english_key(word: &str) -> String {
    word.trim().to_lowercase()
}

fn singulars(word: &str) -> impl Iterator<Item = String> {
    let w = english_key(word);
    let mut forms = vec![w.clone()];
    if let Some(stem) = w.strip_suffix("ies") {
        forms.push(format!("{stem}y"));
    }
    if let Some(stem) = w.strip_suffix("es") {
        forms.push(stem.to_string());
    }
    if let Some(stem) = w.strip_suffix('s') {
        forms.push(stem.to_string());
    }
    forms.into_iter()
}

impl Pack {
    fn parse(file: &'static str, text: &str) -> Result<Pack, PackError> {
        let raw: RawPack =
            toml::from_str(text).map_err(|source| PackError::Toml { file, source })?;
        let invalid = |message: String| PackError::Invalid { file, message };
        let mut acronym_finals = BTreeMap::new();
        for (letter, fin) in &raw.acronym_finals {
            let mut l = letter.chars();
            let (Some(l0), None) = (l.next(), l.next()) else {
                return Err(invalid(format!(
                    "acronym_finals key {letter:?} is not one letter"
                )));
            };
            let f0 = match fin.as_str() {
                "c" => 'c',
                "l" => 'l',
                "v" => 'v',
                other => {
                    return Err(invalid(format!(
                        "acronym_finals value {other:?} is not c, l or v"
                    )));
                }
            };
            acronym_finals.insert(l0, f0);
        }
        for row in &raw.particles {
            if row.is_empty() || row.len() > 2 {
                return Err(invalid(format!(
                    "particle row {row:?} must have one or two forms"
                )));
            }
        }
        let to_terms = |rows: Vec<(String, String)>| -> Result<Vec<Term>, PackError> {
            rows.into_iter()
                .map(|(en, target)| {
                    if en.trim().is_empty() || target.trim().is_empty() {
                        Err(invalid(format!("empty glossary entry {en:?} = {target:?}")))
                    } else {
                        Ok(Term {
                            en: english_key(&en),
                            target: target.trim().to_string(),
                        })
                    }
                })
                .collect()
        };
        let glossary = to_terms(raw.glossary)?;
        let function_glossary = to_terms(raw.function_glossary)?;
        let mut pack = Pack {
            locale: raw.locale,
            name: raw.name,
            question_prefixes: raw.question_prefixes,
            question_suffixes: raw.question_suffixes,
            particles: raw.particles,
            particle_tails: raw.particle_tails,
            keep: raw.keep,
            nouns: raw.nouns,
            acronym_finals,
            acronym_words: raw.acronym_words.into_iter().collect(),
            label_nouns: raw.label_nouns,
            message_nouns: raw.message_nouns,
            clause_endings: raw.clause_endings,
            glossary,
            function_glossary,
            by_en: HashMap::new(),
            by_target: HashMap::new(),
            noun_set: HashSet::new(),
            function_targets: HashSet::new(),
            endings: HashMap::new(),
            longest_ending: 0,
            ending_finals: FinalSet::default(),
            noun_finals: FinalSet::default(),
        };
        pack.index();
        Ok(pack)
    }

    fn index(&mut self) {
        for (i, t) in self.glossary.iter().enumerate() {
            self.by_en.entry(t.en.clone()).or_default().push(i);
            self.by_target.entry(t.target.clone()).or_default().push(i);
            self.noun_set.insert(t.target.clone());
        }
        self.noun_set.extend(self.nouns.iter().cloned());
        for noun in &self.noun_set {
            self.noun_finals.insert(noun);
        }
        self.function_targets = self
            .function_glossary
            .iter()
            .map(|t| t.target.clone())
            .collect();
        let mut order = 0;
        let tails = std::iter::once("").chain(self.particle_tails.iter().map(String::as_str));
        for tail in tails {
            for (pair, forms) in self.particles.iter().enumerate() {
                if forms.len() != 2 {
                    continue;
                }
                for form in forms {
                    let ending = format!("{form}{tail}");
                    self.ending_finals.insert(&ending);
                    self.longest_ending = self.longest_ending.max(ending.chars().count());
                    self.endings.entry(ending).or_default().push(Ending {
                        pair,
                        particle_len: form.len(),
                        order,
                    });
                    order += 1;
                }
            }
        }
    }

    /// Whether `word` may end in a particle: a bit test that spares the
    /// lookups for the many words that cannot ("하는", "있습니다").
    pub(crate) fn may_end_in_particle(&self, word: &str) -> bool {
        self.ending_finals.ends(word)
    }

    /// Whether `word` may end in a noun of the pack: a bit test before the
    /// lookups of every tail of a stem.
    pub(crate) fn may_end_in_noun(&self, word: &str) -> bool {
        self.noun_finals.ends(word)
    }

    /// Target-language renderings of an English noun ("Tickets" -> ["티켓"]).
    pub fn to_target(&self, english: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for key in singulars(english) {
            for &i in self.by_en.get(&key).map(Vec::as_slice).unwrap_or(&[]) {
                let t = self.glossary[i].target.as_str();
                if !out.contains(&t) {
                    out.push(t);
                }
            }
            if !out.is_empty() {
                break;
            }
        }
        out
    }

    /// English terms a target-language noun translates ("관리자" -> ["admin", "administrator"]).
    pub fn to_english(&self, target: &str) -> Vec<&str> {
        self.by_target
            .get(target.trim())
            .map(|ix| ix.iter().map(|&i| self.glossary[i].en.as_str()).collect())
            .unwrap_or_default()
    }

    /// True when `word` is a glossary target (a word a machine substitutes).
    pub fn is_glossary_target(&self, word: &str) -> bool {
        self.by_target.contains_key(word)
    }

    /// True when `word` is a non-noun substitution target ("및", "왜").
    pub fn is_function_target(&self, word: &str) -> bool {
        self.function_targets.contains(word)
    }

    /// True when `word` is a noun after which a particle boundary is certain.
    pub fn is_noun(&self, word: &str) -> bool {
        self.noun_set.contains(word)
    }

    /// The longest question suffix that `text` ends with (ignoring trailing spaces).
    pub fn question_suffix<'s>(&'s self, text: &str) -> Option<&'s str> {
        let t = text.trim_end();
        self.question_suffixes
            .iter()
            .filter(|s| t.ends_with(s.as_str()))
            .max_by_key(|s| s.len())
            .map(String::as_str)
    }

    /// Whether `text` opens with a label noun as a whole word: the noun alone,
    /// or followed by a particle. Korean separates words by spaces, so
    /// "창고" (warehouse) is not "창" (window); Japanese and Chinese do not,
    /// so there the noun only has to open the text.
    pub fn opens_with_label_noun(&self, text: &str) -> bool {
        let word = text.split(char::is_whitespace).next().unwrap_or_default();
        let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        self.label_nouns.iter().any(|n| {
            if self.locale != "ko" {
                return text.starts_with(n.as_str());
            }
            if n.contains(' ') {
                return text.starts_with(n.as_str());
            }
            let Some(rest) = word.strip_prefix(n.as_str()) else {
                return false;
            };
            // A noun of two syllables or more followed by a short ending is
            // that noun with its particle ("메뉴에서", "버튼을"); a
            // one-syllable noun must split off a known particle, so that "창고"
            // (warehouse) is not "창" (window).
            rest.is_empty()
                || (n.chars().count() >= 2 && rest.chars().count() <= MAX_LABEL_ENDING)
                || super::hangul::split_particle(self, word)
                    .iter()
                    .any(|s| s.stem == n)
        })
    }

    /// Whether a label (the text before a colon) names a message: it ends
    /// with a message noun ("오류 메시지", "에러").
    pub fn is_message_label(&self, label: &str) -> bool {
        let label = label.trim_end();
        self.message_nouns.iter().any(|n| {
            label.strip_suffix(n.as_str()).is_some_and(|before| {
                // A whole word in Korean ("오류", not "무오류"); ja/zh have no spaces.
                self.locale != "ko" || before.is_empty() || before.ends_with(char::is_whitespace)
            })
        })
    }

    /// The clause ending `text` opens with ("하려면 ..."), if any.
    pub fn clause_ending_at<'s>(&'s self, text: &str) -> Option<&'s str> {
        self.clause_endings
            .iter()
            .filter(|e| text.starts_with(e.as_str()))
            .max_by_key(|e| e.len())
            .map(String::as_str)
    }

    /// The question prefix `text` starts with, as a whole word.
    pub fn question_prefix<'s>(&'s self, text: &str) -> Option<&'s str> {
        let t = text.trim_start();
        self.question_prefixes
            .iter()
            .filter(|p| {
                t.strip_prefix(p.as_str()).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with(|c: char| c.is_whitespace())
                })
            })
            .max_by_key(|p| p.len())
            .map(String::as_str)
    }
}

impl English {
    fn parse(file: &'static str, text: &str) -> Result<English, PackError> {
        let raw: RawEnglish =
            toml::from_str(text).map_err(|source| PackError::Toml { file, source })?;
        let lower = |v: Vec<String>| {
            v.into_iter()
                .map(|w| w.to_lowercase())
                .collect::<HashSet<_>>()
        };
        // Acronyms match exactly ("SSL", not "Ssl"); names and phrases in any case.
        let keep_lower = raw
            .keep
            .iter()
            .filter(|w| !super::token::is_acronym(w))
            .map(|w| w.to_lowercase())
            .collect();
        let function_words = lower(raw.function_words);
        let longest_function_word = function_words.iter().map(String::len).max().unwrap_or(0);
        Ok(English {
            function_words,
            longest_function_word,
            verbs: lower(raw.verbs),
            ui_words: lower(raw.ui_words),
            keep: raw.keep,
            boilerplate: raw.boilerplate,
            keep_lower,
        })
    }

    /// A closed-class English word ("the", "how", "with"), any case.
    pub fn is_function_word(&self, word: &str) -> bool {
        self.function_words.contains(&word.to_lowercase())
    }

    /// Whether `text` holds at least `n` words that are function words in
    /// some case. Pieces are cut at anything but ASCII letters, so a token
    /// the tokenizer keeps whole is never missed: a cheap necessary test
    /// before a full analysis that needs `n` function words.
    pub fn has_function_words(&self, text: &str, n: usize) -> bool {
        let mut found = 0;
        for piece in text.split(|c: char| !c.is_ascii_alphabetic()) {
            if piece.is_empty() || piece.len() > self.longest_function_word {
                continue;
            }
            if self.function_words.contains(&piece.to_ascii_lowercase()) {
                found += 1;
                if found >= n {
                    return true;
                }
            }
        }
        found >= n
    }

    /// A frequent English verb form ("delete", "loading"), any case.
    pub fn is_verb(&self, word: &str) -> bool {
        self.verbs.contains(&word.to_lowercase())
    }

    /// On the shared do-not-translate list. Acronyms (all capitals) match exactly;
    /// other words and phrases match in any case ("freshdesk").
    pub fn keeps(&self, word: &str) -> bool {
        if super::token::is_acronym(word) {
            self.keep.iter().any(|k| k == word)
        } else {
            self.keep_lower.contains(&word.to_lowercase())
        }
    }

    /// A term docs keep in English on purpose ("state", "props", "Effect").
    pub fn is_ui_word(&self, word: &str) -> bool {
        self.ui_words.contains(&word.to_lowercase())
    }
}

/// `[glossary]` in `loclint.toml`: terms the translation rules must know.
/// Defined here, with the packs it extends; `config` re-exports it.
#[derive(Debug, Default, Clone, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GlossaryConfig {
    /// Words that stay in English on translated pages (product names, terms).
    #[serde(default)]
    pub keep: Vec<String>,
    /// Extra English -> translation pairs per locale: `[glossary.terms.ko] plan = "요금제"`.
    #[serde(default)]
    pub terms: BTreeMap<String, BTreeMap<String, String>>,
}

/// A pack with a project's `[glossary]` layered on top: what rules query.
#[derive(Debug, Clone, Copy)]
pub struct Lexicon<'a> {
    pub pack: &'static Pack,
    pub english: &'static English,
    pub config: Option<&'a GlossaryConfig>,
}

impl<'a> Lexicon<'a> {
    /// The lexicon for `locale`, or None when loclint has no pack for it.
    pub fn new(locale: &str, config: Option<&'a GlossaryConfig>) -> Option<Lexicon<'a>> {
        Some(Lexicon {
            pack: pack(locale)?,
            english: english()?,
            config,
        })
    }

    fn extra_terms(&self) -> impl Iterator<Item = (&'a String, &'a String)> + use<'a> {
        let locale = self.pack.locale.as_str();
        self.config
            .into_iter()
            .flat_map(move |c| {
                c.terms
                    .iter()
                    .filter(move |(l, _)| base_locale(l) == locale)
            })
            .flat_map(|(_, m)| m.iter())
    }

    /// On the do-not-translate list (shared, locale, or project).
    pub fn keeps(&self, word: &str) -> bool {
        self.english.keeps(word)
            || self.pack.keep.iter().any(|k| k.eq_ignore_ascii_case(word))
            || self
                .config
                .is_some_and(|c| c.keep.iter().any(|k| k.eq_ignore_ascii_case(word)))
    }

    /// Target renderings of an English noun, pack first, then project terms.
    pub fn to_target(&self, english: &str) -> Vec<&'a str> {
        let mut out = self.pack.to_target(english);
        let keys: Vec<String> = singulars(english).collect();
        for (en, target) in self.extra_terms() {
            if keys.contains(&english_key(en)) && !out.contains(&target.as_str()) {
                out.push(target.as_str());
            }
        }
        out
    }

    /// English terms for a target-language noun, pack first, then project terms.
    pub fn to_english(&self, target: &str) -> Vec<&'a str> {
        let mut out = self.pack.to_english(target);
        for (en, t) in self.extra_terms() {
            if t.trim() == target.trim() && !out.contains(&en.as_str()) {
                out.push(en.as_str());
            }
        }
        out
    }

    pub fn is_glossary_target(&self, word: &str) -> bool {
        self.pack.is_glossary_target(word) || self.extra_terms().any(|(_, t)| t == word)
    }

    pub fn is_noun(&self, word: &str) -> bool {
        self.pack.is_noun(word) || self.extra_terms().any(|(_, t)| t == word)
    }

    /// Whether some noun (of the pack or the project's glossary) could end `word`.
    pub fn may_end_in_noun(&self, word: &str) -> bool {
        self.pack.may_end_in_noun(word) || self.extra_terms().any(|(_, t)| word.ends_with(t))
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn function_word_prefilter_counts_any_case() {
        let en = english().expect("english loads");
        assert!(en.has_function_words("How do I request a new SSL certificate하는", 2));
        assert!(en.has_function_words("All Freshdesk 요금제 include SSL for every 고객", 2));
        assert!(!en.has_function_words("React 컴포넌트와 SSO 및 SAML 설정", 1));
        assert!(!en.has_function_words("useState를 setState로 바꾸세요", 1));
    }

    #[test]
    fn embedded_packs_load() {
        let packs = all_packs().expect("packs parse");
        assert_eq!(packs.len(), 3);
        assert!(english_data().is_ok());
        for p in packs {
            assert!(!p.glossary.is_empty(), "{} has a glossary", p.locale);
            assert!(!p.question_suffixes.is_empty());
            // Every pack covers the support terms the seed diff showed.
            for en in [
                "support", "customer", "account", "ticket", "plan", "agent", "admin", "portal",
                "helpdesk", "solution", "contact", "settings", "error", "password", "service",
            ] {
                assert!(!p.to_target(en).is_empty(), "{} lacks {en}", p.locale);
            }
        }
    }

    #[test]
    fn looks_up_both_ways() {
        let ko = pack("ko-KR").expect("ko");
        assert_eq!(ko.to_target("Tickets"), ["티켓"]);
        assert_eq!(ko.to_target("plans"), ["요금제"]);
        assert_eq!(ko.to_target("Settings"), ["설정"]);
        assert_eq!(ko.to_target("policies"), ["정책"]);
        assert_eq!(ko.to_english("관리자"), ["admin", "administrator"]);
        assert_eq!(ko.to_english("해결책"), ["solution"]);
        assert!(ko.is_noun("요금제"));
        assert!(!ko.is_noun("및"));
        assert!(ko.is_function_target("및"));
        let ja = pack("ja").expect("ja");
        assert_eq!(ja.to_target("customer"), ["顧客", "お客様"]);
        assert_eq!(ja.to_english("チケット"), ["ticket"]);
        let zh = pack("zh-Hans").expect("zh");
        assert_eq!(zh.to_english("工单"), ["ticket"]);
        assert!(pack("fr").is_none());
    }

    #[test]
    fn finds_question_templates() {
        let ko = pack("ko").expect("ko");
        assert_eq!(
            ko.question_suffix("request a new SSL certificate하는 방법은 무엇인가요?"),
            Some("하는 방법은 무엇인가요?")
        );
        assert_eq!(ko.question_suffix("왜 is it 인가요? "), Some("인가요?"));
        assert_eq!(ko.question_prefix("왜 is the form"), Some("왜"));
        assert_eq!(ko.question_prefix("왜냐하면"), None);
        let ja = pack("ja").expect("ja");
        assert_eq!(
            ja.question_suffix("delete user dataする方法は？"),
            Some("する方法は？")
        );
        let zh = pack("zh").expect("zh");
        assert_eq!(zh.question_prefix("如何 delete user data？"), Some("如何"));
    }

    #[test]
    fn english_lists() {
        let en = english().expect("en");
        assert!(en.is_function_word("The"));
        assert!(en.is_verb("loading"));
        assert!(en.keeps("SSL"));
        assert!(!en.keeps("Ssl"));
        assert!(en.keeps("freshdesk"));
        assert!(en.is_ui_word("Effect"));
    }

    #[test]
    fn config_extends_a_pack() {
        let cfg: GlossaryConfig = toml::from_str(
            r#"
keep = ["Canned Responses"]
[terms.ko]
"canned response" = "상용구"
[terms.ja]
"canned response" = "定型文"
"#,
        )
        .expect("config");
        let lex = Lexicon::new("ko", Some(&cfg)).expect("ko");
        assert!(lex.keeps("canned responses"));
        assert!(lex.keeps("SSL"));
        assert_eq!(lex.to_target("Canned Responses"), ["상용구"]);
        assert_eq!(lex.to_english("상용구"), ["canned response"]);
        assert!(lex.is_noun("상용구"));
        assert!(lex.is_noun("티켓"));
        let ja = Lexicon::new("ja", Some(&cfg)).expect("ja");
        assert_eq!(ja.to_target("canned response"), ["定型文"]);
        assert!(!ja.is_noun("상용구"));
    }

    #[test]
    fn rejects_bad_pack_data() {
        let bad = include_str!("../../rules/ko.toml").replace(r#"A = "v""#, r#"A = "x""#);
        assert!(matches!(
            Pack::parse("ko.toml", &bad),
            Err(PackError::Invalid { .. })
        ));
        assert!(matches!(
            Pack::parse("ko.toml", "locale = 1"),
            Err(PackError::Toml { .. })
        ));
    }
}
