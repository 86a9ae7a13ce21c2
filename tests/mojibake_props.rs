//! Property tests for the mojibake engine over real sentences: Korean,
//! Japanese and Chinese lines from the shared corpus (read at test time, never
//! copied), and accented Latin, Greek and Cyrillic sentences generated here.
//!
//! - every lossless chain: repair(garble(s)) == s;
//! - clean text: nothing is reported.

// Test helpers may panic: a failure is the test's answer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use loclint::encoding::garble::{self, SingleByteOptions};
use loclint::encoding::{CodePage, Dbcs, analyze_text, repair_text};
use proptest::prelude::*;
use proptest::sample::Index;
use std::path::Path;
use std::sync::LazyLock;

fn corpus() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"))
}

fn is_cjk(c: char) -> bool {
    matches!(u32::from(c), 0x3040..=0x30ff | 0x3400..=0x9fff | 0xac00..=0xd7a3)
}

/// Prose lines of one corpus folder with enough CJK letters and no markup.
fn sentences(folder: &str, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![corpus().join(folder)];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                files.push(p);
            }
        }
    }
    files.sort();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for line in text.lines() {
            let line = line.trim();
            let cjk = line.chars().filter(|&c| is_cjk(c)).count();
            if cjk >= 6
                && line.chars().count() <= 120
                && !line.contains(['`', '<', '>', '[', '|', '{', '*', '#', '\\'])
                && line.chars().all(|c| {
                    c.is_ascii() || is_cjk(c) || "，。、：；！？（）「」『』…—“”‘’·".contains(c)
                })
            {
                out.push(line.to_string());
                if out.len() >= limit {
                    return out;
                }
            }
        }
    }
    out
}

static KO: LazyLock<Vec<String>> = LazyLock::new(|| sentences("reactjs-ko.react.dev", 400));
static JA: LazyLock<Vec<String>> = LazyLock::new(|| sentences("reactjs-ja.react.dev", 400));
static ZH: LazyLock<Vec<String>> = LazyLock::new(|| sentences("reactjs-zh-hans.react.dev", 400));

const LATIN_WORDS: &[&str] = &[
    "été",
    "déjà",
    "où",
    "garçon",
    "naïve",
    "œuvre",
    "Noël",
    "forêt",
    "crème",
    "à",
    "élève",
    "INFORMAÇÃO",
    "ação",
    "não",
    "São",
    "você",
    "avó",
    "coração",
    "año",
    "señor",
    "canción",
    "¿Qué?",
    "¡Hola!",
    "Straße",
    "Größe",
    "über",
    "Mädchen",
    "Ärger",
    "ağaç",
    "şeker",
    "ılık",
    "İstanbul",
    "öğrenci",
    "çiçek",
    "Þórður",
    "Ægir",
    "Reykjavík",
    "blóð",
    "příliš",
    "kůň",
    "žluťoučký",
    "Łódź",
    "zażółć",
    "café",
    "résumé",
    "fiancée",
    "Zürich",
    "São Paulo",
];
const GREEK_WORDS: &[&str] = &["Καλημέρα", "κόσμε", "ελληνικά", "γλώσσα", "Αθήνα"];
const CYRILLIC_WORDS: &[&str] = &[
    "Привет",
    "мир",
    "съешь",
    "ещё",
    "этих",
    "мягких",
    "булок",
    "Москва",
];
const ASCII_WORDS: &[&str] = &[
    "the", "page", "React", "a", "with", "data", "2024", "and", "is",
];

/// Text that goes through UTF-8 read as a double-byte encoding without loss,
/// with the encoding: the corpus sentences and their clauses (split at CJK and
/// ASCII sentence punctuation) whose misread bytes the decoder took without a
/// malformed sequence and that encode back to the same bytes. Whole sentences
/// alone rarely qualify (about one in seventy: one odd byte before a space is
/// enough to lose it), so clauses widen the sample; the property is only
/// stated for lossless chains. EUC-JP (and nearly always Big5) cannot take
/// UTF-8 CJK text without loss: its trail bytes start at 0xA1.
///
/// Out of scope: clauses of fewer than four CJK characters. A two-character
/// word ("攀岩") misread this way gives a few characters the language model
/// has never seen either, so both readings are equally plausible to it; such
/// a run is only repaired next to longer runs of the same chain.
static LOSSLESS_DBCS: LazyLock<Vec<(Dbcs, String)>> = LazyLock::new(|| {
    let mut texts: Vec<String> = Vec::new();
    for s in KO.iter().chain(JA.iter()).chain(ZH.iter()) {
        texts.push(s.clone());
        for clause in s.split(['，', '。', '、', '：', '；', '！', '？', ',', '.', ':', ';'])
        {
            let clause = clause.trim();
            if clause != s && clause.chars().filter(|&c| is_cjk(c)).count() >= 4 {
                texts.push(clause.to_string());
            }
        }
    }
    let mut out = Vec::new();
    for d in Dbcs::ALL {
        for s in &texts {
            let g = garble::utf8_as_dbcs(s, d);
            if !g.contains('\u{fffd}') && d.encode_str(&g).as_deref() == Some(s.as_bytes()) {
                out.push((d, s.clone()));
            }
        }
    }
    out
});

fn sentence_from(words: &[&str], picks: &[Index]) -> String {
    picks
        .iter()
        .map(|i| {
            if i.index(4) == 0 {
                ASCII_WORDS[i.index(ASCII_WORDS.len())]
            } else {
                words[i.index(words.len())]
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn pick(v: &[String], i: &Index) -> String {
    v[i.index(v.len())].clone()
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

const LOSSLESS: SingleByteOptions = SingleByteOptions::LOSSLESS;

/// Garbles through `pages` in order; `None` when a layer lost something.
fn through(s: &str, pages: &[CodePage]) -> Option<String> {
    let mut cur = s.to_string();
    for &p in pages {
        let next = garble::utf8_as_single(&cur, p, LOSSLESS);
        if next.contains('\u{fffd}') {
            return None;
        }
        cur = next;
    }
    Some(cur)
}

fn single_chain() -> impl Strategy<Value = Vec<CodePage>> {
    let page = prop::sample::select(CodePage::ALL.to_vec());
    prop::collection::vec(page, 1..=3)
}

/// The Windows-1252 family: a lone two-byte repair ("Ã©") is trusted there
/// without support; under other pages it needs a convincing run nearby.
fn latin_chain() -> impl Strategy<Value = Vec<CodePage>> {
    let page = prop::sample::select(vec![
        CodePage::Windows1252,
        CodePage::Windows1254,
        CodePage::Latin1,
    ]);
    prop::collection::vec(page, 1..=3)
}

proptest! {
    // 48 cases by default to keep `cargo test` quick; PROPTEST_CASES=2000
    // for a longer run (a literal here would override the variable). Lossless
    // chains are a minority of the draws, so rejects scale with the cases.
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_global_rejects: cases() * 20,
        ..ProptestConfig::default()
    })]

    #[test]
    fn cjk_through_single_byte_pages(lang in 0usize..3, i in any::<Index>(), chain in single_chain()) {
        let s = pick([&*KO, &*JA, &*ZH][lang], &i);
        let g = through(&s, &chain);
        prop_assume!(g.is_some());
        let g = g.unwrap();
        prop_assert_eq!(repair_text(&g), s, "chain {:?}, garbled {:?}", chain, g);
    }

    #[test]
    fn latin_through_single_byte_pages(picks in prop::collection::vec(any::<Index>(), 2..8), alphabet in 0usize..3, chain in latin_chain()) {
        let words = [LATIN_WORDS, GREEK_WORDS, CYRILLIC_WORDS][alphabet];
        let s = sentence_from(words, &picks);
        prop_assume!(!s.is_ascii());
        let g = through(&s, &chain);
        prop_assume!(g.is_some());
        let g = g.unwrap();
        prop_assert_eq!(repair_text(&g), s, "chain {:?}, garbled {:?}", chain, g);
    }

    #[test]
    fn utf8_through_double_byte(i in any::<Index>()) {
        let (d, s) = LOSSLESS_DBCS[i.index(LOSSLESS_DBCS.len())].clone();
        let g = garble::utf8_as_dbcs(&s, d);
        prop_assert_eq!(repair_text(&g), s, "{:?}, garbled {:?}", d, g);
    }

    #[test]
    fn double_byte_through_windows_1252(lang in 0usize..3, i in any::<Index>()) {
        let s = pick([&*KO, &*JA, &*ZH][lang], &i);
        let d = [Dbcs::EucKr, Dbcs::ShiftJis, Dbcs::Gbk][lang];
        // Trail bytes in the ASCII range (Shift_JIS "ƒ[" is ー) split a run
        // into pieces the engine does not join: a known limit, left out here.
        let bytes = d.encode_str(&s);
        prop_assume!(bytes.as_ref().is_some_and(|b| {
            let mut lead = false;
            b.iter().all(|&x| {
                let ok = !(lead && x < 0x80);
                lead = !lead && x >= 0x80;
                ok
            })
        }));
        let g = garble::dbcs_as_single(&s, d, CodePage::Windows1252, LOSSLESS);
        prop_assume!(g.as_ref().is_some_and(|g| !g.contains('\u{fffd}')));
        let g = g.unwrap();
        prop_assert_eq!(repair_text(&g), s, "{:?}, garbled {:?}", d, g);
    }

    #[test]
    fn clean_cjk_is_never_reported(lang in 0usize..3, i in any::<Index>()) {
        let s = pick([&*KO, &*JA, &*ZH][lang], &i);
        prop_assert!(analyze_text(&s).is_empty(), "{:?}: {:?}", s, analyze_text(&s));
    }

    #[test]
    fn clean_latin_is_never_reported(picks in prop::collection::vec(any::<Index>(), 1..10), alphabet in 0usize..3) {
        let words = [LATIN_WORDS, GREEK_WORDS, CYRILLIC_WORDS][alphabet];
        let s = sentence_from(words, &picks);
        prop_assert!(analyze_text(&s).is_empty(), "{:?}: {:?}", s, analyze_text(&s));
    }
}

#[test]
fn lossless_double_byte_samples_were_found() {
    let count = |d: Dbcs| LOSSLESS_DBCS.iter().filter(|x| x.0 == d).count();
    assert!(
        count(Dbcs::EucKr) >= 5 && count(Dbcs::ShiftJis) >= 100 && count(Dbcs::Gbk) >= 100,
        "{} {} {}",
        count(Dbcs::EucKr),
        count(Dbcs::ShiftJis),
        count(Dbcs::Gbk)
    );
}

#[test]
fn corpus_sentences_were_found() {
    assert!(
        KO.len() >= 100 && JA.len() >= 100 && ZH.len() >= 100,
        "{} {} {}",
        KO.len(),
        JA.len(),
        ZH.len()
    );
}
