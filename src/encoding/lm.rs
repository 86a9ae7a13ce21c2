//! A character language model for Korean, Japanese and Chinese.
//!
//! It ranks the candidates of a run whose bytes were lost ("ë°" is 및, 밍 or
//! 밝...) and judges whether a double-byte decoding reads like real text. The
//! counts live in `rules/mojibake-lm.tsv` (built by `scripts/build_lm.py` from
//! MIT and CC BY documentation); a file's own intact text is mixed in through
//! [`FileModel`] so that words the page already uses win.

use std::collections::HashMap;

// Scoring a lossy run asks these tables several times per candidate
// character, and SipHash was most of the time of checking a damaged page.
// foldhash is several times faster; its per-process random seed still keeps
// a crafted page from flooding one bucket. The tables are only looked up
// and summed, never listed in order, so results do not depend on the seed.
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
use std::sync::LazyLock;

const DATA: &str = include_str!("../../rules/mojibake-lm.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Ko,
    Ja,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Ko, Lang::Ja, Lang::Zh];

    fn index(self) -> usize {
        match self {
            Lang::Ko => 0,
            Lang::Ja => 1,
            Lang::Zh => 2,
        }
    }
}

#[derive(Default)]
struct LangModel {
    total: f64,
    uni: FastMap<char, u32>,
    bi: FastMap<(char, char), u32>,
}

static MODELS: LazyLock<Vec<LangModel>> = LazyLock::new(load);

/// Names a model file read instead of the shipped one. Only the held-out
/// evaluation (`scripts/eval_mojibake.py rotate`) sets it: it measures each
/// corpus site with a model built from the other sites, which must not ship.
const MODEL_OVERRIDE: &str = "LOCLINT_MOJIBAKE_LM";

fn load() -> Vec<LangModel> {
    match std::env::var_os(MODEL_OVERRIDE).map(std::fs::read_to_string) {
        Some(Ok(data)) => parse(&data),
        // A model that cannot be read would silently measure the shipped one.
        Some(Err(e)) => {
            eprintln!("loclint: {MODEL_OVERRIDE}: {e}; using the shipped model");
            parse(DATA)
        }
        None => parse(DATA),
    }
}

fn parse(data: &str) -> Vec<LangModel> {
    let mut models: Vec<LangModel> = Lang::ALL.iter().map(|_| LangModel::default()).collect();
    for line in data.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        let (Some(lang), Some(n), Some(text), Some(count)) =
            (f.next(), f.next(), f.next(), f.next())
        else {
            continue;
        };
        let idx = match lang {
            "ko" => 0,
            "ja" => 1,
            "zh" => 2,
            _ => continue,
        };
        let Ok(count) = count.parse::<u32>() else {
            continue;
        };
        let m = &mut models[idx];
        let mut chars = text.chars();
        match (n, chars.next(), chars.next()) {
            ("0", _, _) => m.total = f64::from(count),
            ("1", Some(c), None) => {
                m.uni.insert(c, count);
            }
            ("2", Some(a), Some(b)) => {
                m.bi.insert((a, b), count);
            }
            _ => {}
        }
    }
    models
}

/// Probability given to an ASCII character: candidates only contain one when a
/// "?" is read literally, which should neither help nor hurt much.
const ASCII_P: f64 = 0.02;
/// Floor for characters never seen in the model.
const UNSEEN: f64 = 0.3;

/// Counts from the file being checked: its intact text and certain repairs.
#[derive(Default, Debug, Clone)]
pub struct FileModel {
    uni: FastMap<char, u32>,
    bi: FastMap<(char, char), u32>,
    words: FastMap<String, u32>,
    total: u32,
}

/// Stands for a word boundary in bigrams (as in the data file).
pub const BOUNDARY: char = ' ';

impl FileModel {
    /// Adds the CJK/Hangul letters of `text` (words are maximal letter runs).
    pub fn add_text(&mut self, text: &str) {
        let mut prev = BOUNDARY;
        let mut word = String::new();
        for c in text.chars().chain(std::iter::once(BOUNDARY)) {
            if is_cjk_letter(c) {
                *self.uni.entry(c).or_default() += 1;
                *self.bi.entry((prev, c)).or_default() += 1;
                self.total += 1;
                prev = c;
                word.push(c);
            } else if prev != BOUNDARY {
                *self.bi.entry((prev, BOUNDARY)).or_default() += 1;
                *self.uni.entry(BOUNDARY).or_default() += 1;
                *self.words.entry(std::mem::take(&mut word)).or_default() += 1;
                prev = BOUNDARY;
            }
        }
    }

    pub fn has_word(&self, w: &str) -> bool {
        self.words.contains_key(w)
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The language the file's letters look like.
    pub fn dominant_lang(&self) -> Option<Lang> {
        let (mut ko, mut ja, mut zh) = (0u32, 0u32, 0u32);
        for (&c, &n) in &self.uni {
            match u32::from(c) {
                0xac00..=0xd7a3 => ko += n,
                0x3040..=0x30ff => ja += n,
                0x20 => {}
                _ => zh += n,
            }
        }
        if ko == 0 && ja == 0 && zh == 0 {
            None
        } else if ko >= ja && ko * 2 >= zh {
            Some(Lang::Ko)
        } else if ja > 0 && ja * 10 >= zh {
            Some(Lang::Ja)
        } else {
            Some(Lang::Zh)
        }
    }
}

/// Hangul syllables, kana and CJK ideographs: the letters the model knows.
pub fn is_cjk_letter(c: char) -> bool {
    matches!(u32::from(c), 0x3040..=0x30ff | 0x3400..=0x9fff | 0xac00..=0xd7a3 | 0xf900..=0xfaff)
}

/// ln P(c | prev) under the global model for `lang`, mixed with the file's own
/// counts. `prev` or `c` may be [`BOUNDARY`] (start or end of a word). Never
/// above 0, which the lattice's pruning relies on.
pub fn logp(lang: Lang, prev: Option<char>, c: char, file: Option<&FileModel>) -> f64 {
    if c.is_ascii() && c != BOUNDARY {
        return ASCII_P.ln();
    }
    let m = &MODELS[lang.index()];
    let total = m.total.max(1.0);
    let uni = |x: char| f64::from(m.uni.get(&x).copied().unwrap_or(0));
    let p_uni = (uni(c) + UNSEEN) / (total + UNSEEN * 20000.0);
    let mut p = p_uni;
    if let Some(pr) = prev {
        let cp = uni(pr);
        if cp > 0.0 {
            let b = f64::from(m.bi.get(&(pr, c)).copied().unwrap_or(0));
            p = 0.7 * (b / cp).min(1.0) + 0.3 * p_uni;
        }
    }
    if let Some(f) = file
        && f.total > 0
    {
        let fu = f64::from(f.uni.get(&c).copied().unwrap_or(0));
        let mut pf = fu / f64::from(f.total);
        if let Some(pr) = prev
            && let Some(&n) = f.uni.get(&pr)
        {
            let b = f64::from(f.bi.get(&(pr, c)).copied().unwrap_or(0));
            pf = 0.8 * (b / f64::from(n)).min(1.0) + 0.2 * pf;
        }
        p = 0.6 * p + 0.4 * pf.min(1.0);
    }
    p.max(1e-12).ln()
}

/// ln P of a whole string, each letter given the one before it, word
/// boundaries included.
pub fn score(lang: Lang, s: &str, file: Option<&FileModel>) -> f64 {
    let mut prev = BOUNDARY;
    let mut total = 0.0;
    for c in s.chars() {
        if is_cjk_letter(c) {
            total += logp(lang, Some(prev), c, file);
            prev = c;
        } else {
            if prev != BOUNDARY {
                total += logp(lang, Some(prev), BOUNDARY, file);
                prev = BOUNDARY;
            }
            if c != ' ' && !c.is_ascii_punctuation() {
                total += logp(lang, None, c, file);
            }
        }
    }
    if prev != BOUNDARY {
        total += logp(lang, Some(prev), BOUNDARY, file);
    }
    total
}

/// The best language for `s` and the mean ln P per non-space character.
pub fn best_mean(s: &str) -> (Lang, f64) {
    let n = s
        .chars()
        .filter(|c| *c != ' ' && !c.is_ascii_punctuation())
        .count()
        .max(1) as f64;
    let mut best = (Lang::Ko, f64::NEG_INFINITY);
    for lang in Lang::ALL {
        let sc = score(lang, s, None) / n;
        if sc > best.1 {
            best = (lang, sc);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_korean_beats_rare() {
        assert!(logp(Lang::Ko, None, '및', None) > logp(Lang::Ko, None, '밍', None));
        assert!(score(Lang::Ko, "안녕하세요", None) > score(Lang::Ko, "안녕하셺요", None));
    }

    #[test]
    fn korean_reads_as_korean() {
        let (lang, mean) = best_mean("보안에서 자주 발생하는 질문");
        assert_eq!(lang, Lang::Ko);
        assert!(mean > -8.0, "{mean}");
        let (_, gibberish) = best_mean("嚥▲긽");
        assert!(gibberish < mean);
    }

    #[test]
    fn file_words_count() {
        let mut f = FileModel::default();
        f.add_text("고객지원팀 고객 지원");
        assert!(f.has_word("고객"));
        assert_eq!(f.dominant_lang(), Some(Lang::Ko));
        assert!(
            logp(Lang::Ko, Some('고'), '객', Some(&f))
                > logp(Lang::Ko, Some('고'), '객', None) - 1.0
        );
    }
}
