//! Hangul syllable arithmetic for particle agreement.
//!
//! Korean particles come in pairs whose form follows the sound the noun ends
//! with: 은/는, 이/가, 을/를, 과/와, 이나/나, 이랑/랑, 아/야 pick the first form
//! after a final consonant (batchim) and the second after a vowel; 으로/로 takes
//! 로 after a vowel and also after ㄹ. A precomposed syllable U+AC00..U+D7A3
//! encodes its final consonant as `(code - 0xAC00) % 28` (0 = none, 8 = ㄹ).

use super::pack::Pack;
use super::script::HANGUL_SYLLABLES;

/// How a word ends, as far as particle choice cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Final {
    /// Open syllable: 요금제, 서비스, API (에이피아이).
    Vowel,
    /// Closed by ㄹ: 메일, URL (유알엘).
    Rieul,
    /// Closed by any other consonant: 계정, 팀.
    Consonant,
}

const RIEUL_FINAL: u32 = 8;

/// The final of one precomposed Hangul syllable; None for other characters.
pub fn final_of(c: char) -> Option<Final> {
    if !HANGUL_SYLLABLES.contains(&c) {
        return None;
    }
    Some(
        match (u32::from(c) - u32::from(*HANGUL_SYLLABLES.start())) % 28 {
            0 => Final::Vowel,
            RIEUL_FINAL => Final::Rieul,
            _ => Final::Consonant,
        },
    )
}

/// The final of a Hangul word's last syllable.
pub fn word_final(word: &str) -> Option<Final> {
    word.chars().next_back().and_then(final_of)
}

/// How an acronym read letter by letter ends ("SSL" -> Rieul, "API" -> Vowel),
/// from the pack's letter names. None for acronyms read as words ("JSON") or
/// words that are not plain capital acronyms.
pub fn acronym_final(pack: &Pack, acronym: &str) -> Option<Final> {
    let n = acronym.chars().count();
    if !(2..=5).contains(&n)
        || !acronym.chars().all(|c| c.is_ascii_uppercase())
        || pack.acronym_words.contains(acronym)
    {
        return None;
    }
    if pronounceable(acronym) {
        return None;
    }
    let last = acronym.chars().next_back()?;
    match pack.acronym_finals.get(&last)? {
        'c' => Some(Final::Consonant),
        'l' => Some(Final::Rieul),
        'v' => Some(Final::Vowel),
        _ => None,
    }
}

/// A consonant-vowel-consonant stretch ("CNOT", "SWAP", "PUB", "RBAC") means
/// the acronym may well be read as a word (씨낫, 스왑, 펍), so its spoken ending
/// is not the last letter's name.
fn pronounceable(acronym: &str) -> bool {
    let vowel = |c: u8| matches!(c, b'A' | b'E' | b'I' | b'O' | b'U' | b'Y');
    acronym
        .as_bytes()
        .windows(3)
        .any(|w| !vowel(w[0]) && vowel(w[1]) && !vowel(w[2]))
}

/// The form of a particle pair that follows a word ending in `fin`.
/// `pair` is `[after consonant, after vowel]`.
pub fn particle_for(pair: &[String], fin: Final) -> Option<&str> {
    let [consonant, vowel] = pair else {
        return None;
    };
    let takes_vowel_form = match fin {
        Final::Vowel => true,
        // Only 으로/로 treats ㄹ like a vowel.
        Final::Rieul => consonant == "으로",
        Final::Consonant => false,
    };
    Some(if takes_vowel_form { vowel } else { consonant })
}

/// A word split as noun + particle (+ stacked particle tail).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParticleSplit<'w, 'p> {
    pub stem: &'w str,
    pub particle: &'w str,
    pub tail: &'w str,
    /// The pair the particle belongs to, `[after consonant, after vowel]`.
    pub pair: &'p [String],
}

/// Splits `word` into a stem and a trailing particle from the pack's pairs,
/// optionally followed by one tail ("으로는"). Longest particle first, so
/// "이나" is not read as "나". Every candidate split is returned, longest
/// particle first; the caller decides which stem is a known noun.
pub fn split_particle<'w, 'p: 'w>(pack: &'p Pack, word: &'w str) -> Vec<ParticleSplit<'w, 'p>> {
    // Every reading of every ending the word has, looked up by the ending
    // itself: a few hash lookups per word, where trying each tail with each
    // particle would be a hundred comparisons, on every word of a page.
    if !pack.may_end_in_particle(word) {
        return Vec::new();
    }
    let mut found: Vec<(usize, usize, ParticleSplit<'w, 'p>)> = Vec::new();
    for (start, _) in word.char_indices().rev().take(pack.longest_ending) {
        if start == 0 {
            break;
        }
        let Some(readings) = pack.endings.get(&word[start..]) else {
            continue;
        };
        for e in readings {
            let Some(pair) = pack.particles.get(e.pair) else {
                continue;
            };
            let cut = start + e.particle_len;
            if let (Some(stem), Some(particle), Some(tail)) =
                (word.get(..start), word.get(start..cut), word.get(cut..))
            {
                let split = ParticleSplit {
                    stem,
                    particle,
                    tail,
                    pair,
                };
                found.push((word.len() - start, e.order, split));
            }
        }
    }
    found.sort_by_key(|(len, order, _)| (std::cmp::Reverse(*len), *order));
    found.into_iter().map(|(_, _, s)| s).collect()
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::lang::pack::pack;

    /// Every tail with every particle, the plain way.
    fn split_naive<'w, 'p: 'w>(pack: &'p Pack, word: &'w str) -> Vec<ParticleSplit<'w, 'p>> {
        let mut out = Vec::new();
        let tails = std::iter::once("").chain(pack.particle_tails.iter().map(String::as_str));
        for tail in tails {
            let Some(body) = word.strip_suffix(tail) else {
                continue;
            };
            for pair in pack.particles.iter().filter(|p| p.len() == 2) {
                for form in pair {
                    if let Some(stem) = body.strip_suffix(form.as_str())
                        && !stem.is_empty()
                    {
                        let particle = &body[stem.len()..];
                        let tail = &word[body.len()..];
                        out.push(ParticleSplit {
                            stem,
                            particle,
                            tail,
                            pair,
                        });
                    }
                }
            }
        }
        out.sort_by_key(|s| std::cmp::Reverse(s.particle.len() + s.tail.len()));
        out
    }

    #[test]
    fn split_by_lookup_matches_trying_every_ending() {
        let ko = pack("ko").unwrap();
        for w in [
            "요금제은",
            "계정를",
            "설정으로는",
            "서버이나",
            "파일과",
            "사용자에게는",
            "이",
            "은",
            "고객이랑",
            "으로",
            "데이터로도",
            "하는",
            "방법은",
            "무엇인가요",
            "값이나마",
        ] {
            assert_eq!(split_particle(ko, w), split_naive(ko, w), "{w}");
        }
    }

    #[test]
    fn finals() {
        assert_eq!(final_of('제'), Some(Final::Vowel));
        assert_eq!(final_of('정'), Some(Final::Consonant));
        assert_eq!(final_of('일'), Some(Final::Rieul));
        assert_eq!(final_of('a'), None);
        assert_eq!(word_final("요금제"), Some(Final::Vowel));
        assert_eq!(word_final("팀"), Some(Final::Consonant));
        assert_eq!(word_final(""), None);
    }

    #[test]
    fn chooses_forms() {
        let ko = pack("ko").expect("ko");
        let pair = |c: &str| {
            ko.particles
                .iter()
                .find(|p| p[0] == c)
                .expect("pair")
                .as_slice()
        };
        assert_eq!(particle_for(pair("은"), Final::Vowel), Some("는"));
        assert_eq!(particle_for(pair("은"), Final::Consonant), Some("은"));
        assert_eq!(particle_for(pair("은"), Final::Rieul), Some("은"));
        assert_eq!(particle_for(pair("으로"), Final::Rieul), Some("로"));
        assert_eq!(particle_for(pair("으로"), Final::Consonant), Some("으로"));
        assert_eq!(particle_for(pair("을"), Final::Vowel), Some("를"));
    }

    #[test]
    fn acronyms() {
        let ko = pack("ko").expect("ko");
        assert_eq!(acronym_final(ko, "SSL"), Some(Final::Rieul));
        assert_eq!(acronym_final(ko, "API"), Some(Final::Vowel));
        assert_eq!(acronym_final(ko, "HTML"), Some(Final::Rieul));
        assert_eq!(acronym_final(ko, "SSR"), Some(Final::Rieul));
        assert_eq!(acronym_final(ko, "CNOT"), None);
        assert_eq!(acronym_final(ko, "SWAP"), None);
        assert_eq!(acronym_final(ko, "PUB"), None);
        assert_eq!(acronym_final(ko, "JSON"), None);
        assert_eq!(acronym_final(ko, "Api"), None);
        assert_eq!(acronym_final(ko, "A"), None);
    }

    #[test]
    fn splits_particles() {
        let ko = pack("ko").expect("ko");
        let s = split_particle(ko, "요금제은");
        assert_eq!(s[0].stem, "요금제");
        assert_eq!(s[0].particle, "은");
        let s = split_particle(ko, "계정으로는");
        assert_eq!(
            (s[0].stem, s[0].particle, s[0].tail),
            ("계정", "으로", "는")
        );
        let s = split_particle(ko, "티켓이나");
        assert_eq!((s[0].stem, s[0].particle), ("티켓", "이나"));
        assert!(split_particle(ko, "는").is_empty());
    }
}
