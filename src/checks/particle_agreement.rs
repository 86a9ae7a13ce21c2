//! `particle-agreement`: a Korean particle whose form does not follow the
//! noun in front of it ("요금제은" for "요금제는").

use super::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::checks::translation::page::{self, View};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::lang::Lexicon;
use crate::lang::hangul::{Final, acronym_final, particle_for, split_particle, word_final};
use crate::lang::script::is_hangul;
use crate::lang::{Script, Token, TokenKind};
use std::ops::Range;

pub(crate) const DOC: &str = r#"# particle-agreement

## What it does
On Korean pages, reports a particle that does not agree with the noun it
follows. Korean particles come in pairs chosen by how the noun ends: 은/는,
이/가, 을/를, 과/와, 이나/나, 이랑/랑, 아/야 take the first form after a final
consonant and the second after a vowel; 으로/로 takes 로 after a vowel and
after ㄹ.

It only judges words where the noun boundary is certain: the noun is in the
locale pack (its nouns or its support glossary) or in the project's
`[glossary.terms.ko]`, so verb endings and other look-alikes are never
touched. After a Latin acronym read letter by letter ("SSL을", "API를") the
particle follows the spoken form (에스에스엘 ends in ㄹ, 에이피아이 in a
vowel); since readings vary, that case is only a warning.

## Why is this bad?
A disagreeing particle is an obvious error to any Korean reader. It is the
typical trace of a machine substituting a glossary noun into a sentence built
for another word: "plan은" became "요금제은".

## Example
```markdown
요금제은 무엇인가요?
```

Use instead:
```markdown
요금제는 무엇인가요?
```

## Fix safety
After a known Hangul noun the fix is safe: the right form follows from the
noun's last syllable. After an acronym the fix is unsafe, because the
acronym may be read as a word ("SQL" as 시퀄).

## Options
The severity (`[rules] particle-agreement = "warning"`), and
`[glossary.terms.ko]` in `loclint.toml`: every Korean term listed there is a
noun whose particles are checked.

## Data
`rules/ko.toml`: `particles`, `particle_tails`, `nouns`, `glossary`,
`acronym_finals`, `acronym_words`.
"#;

static META: RuleMeta = RuleMeta {
    name: "particle-agreement",
    category: Category::Translation,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    doc: DOC,
    reads: Reads::document(Input::Repaired),
    repairs: false,
};

pub struct ParticleAgreement;

impl Rule for ParticleAgreement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if doc.locale.language() != "ko" {
            return;
        }
        let Some(lex) = Lexicon::new("ko", Some(&ctx.config.glossary)) else {
            return;
        };
        let mut views: Vec<View> = doc
            .prose
            .iter()
            .map(|b| View::new(doc, &b.pieces))
            .collect();
        views.extend(
            page::heading_like(doc)
                .iter()
                .map(|h| View::new(doc, h.pieces())),
        );
        for view in &views {
            for (word, prev) in hangul_words(&view.text) {
                if let Some(d) = check_noun(doc, view, &word, &lex)
                    .or_else(|| check_acronym(doc, view, prev.as_ref(), &word, &lex))
                {
                    out.push(d);
                }
            }
        }
    }
}

/// The Hangul words of `text` (maximal runs of Hangul letters), each with the
/// Latin word written right before it when there is one ("SSL" in "SSL을").
/// A plain scan rather than full word segmentation: particles only ever end
/// a Hangul run, and this rule reads every run of every Korean page.
fn hangul_words(text: &str) -> Vec<(Token<'_>, Option<Token<'_>>)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let hangul = !c.is_ascii() && is_hangul(c);
        if hangul && start.is_none() {
            start = Some(i);
        }
        let ends = hangul
            && iter
                .peek()
                .is_none_or(|&(_, n)| n.is_ascii() || !is_hangul(n));
        if let (true, Some(s)) = (ends, start) {
            let end = i + c.len_utf8();
            out.push((
                word_token(text, s..end, Script::Hangul),
                latin_before(text, s),
            ));
            start = None;
        }
    }
    out
}

/// The ASCII word that ends at `at`, when it stands on its own: a word glued
/// to digits or joined by '.', '\'' or ':' ("Node.JS", "2FA") is an identifier
/// whose spoken form is unknown.
fn latin_before(text: &str, at: usize) -> Option<Token<'_>> {
    let before = text.get(..at)?;
    let letters = before.len()
        - before
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    if letters == 0 {
        return None;
    }
    let start = at - letters;
    let joined = before[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '\'' | '\u{2019}' | ':' | '_'));
    (!joined).then(|| word_token(text, start..at, Script::Latin))
}

fn word_token(text: &str, r: Range<usize>, script: Script) -> Token<'_> {
    Token {
        text: &text[r.clone()],
        start: r.start,
        kind: TokenKind::Word,
        script,
    }
}

/// A known noun inside the word: the whole stem, or a known noun of two
/// syllables or more ending it ("신규요금제").
fn known_noun<'w>(stem: &'w str, lex: &Lexicon<'_>) -> Option<&'w str> {
    if !lex.may_end_in_noun(stem) {
        return None;
    }
    if lex.is_noun(stem) {
        return Some(stem);
    }
    stem.char_indices()
        .skip(1)
        .map(|(i, _)| &stem[i..])
        .find(|tail| tail.chars().count() >= 2 && lex.is_noun(tail))
}

fn describe(fin: Final) -> &'static str {
    match fin {
        Final::Vowel => "ends in a vowel",
        Final::Rieul => "ends in ㄹ",
        Final::Consonant => "ends in a consonant",
    }
}

fn check_noun(doc: &Document, view: &View, t: &Token<'_>, lex: &Lexicon<'_>) -> Option<Diagnostic> {
    let split = split_particle(lex.pack, t.text)
        .into_iter()
        .find(|s| known_noun(s.stem, lex).is_some())?;
    let noun = known_noun(split.stem, lex)?;
    let fin = word_final(split.stem)?;
    let expected = particle_for(split.pair, fin)?;
    if split.particle == expected {
        return None;
    }
    let p_start = t.start + split.stem.len();
    let particle: Range<usize> = view.range_to_doc(&(p_start..p_start + split.particle.len()));
    let noun_range = view.range_to_doc(&(t.start + split.stem.len() - noun.len()..p_start));
    let fixed = format!("{}{expected}{}", split.stem, split.tail);
    Some(
        Diagnostic::new(
            META.name,
            META.severity,
            doc.path.clone(),
            particle.clone(),
            format!("particle \"{}\" does not agree with \"{noun}\": \"{noun}\" {}, so it takes \"{expected}\"", split.particle, describe(fin)),
        )
        .with_label(noun_range, "this noun")
        .with_help(format!("write \"{fixed}\""))
        .with_fix(Fix::safe(format!("use \"{expected}\""), vec![Edit::replace(particle, expected)])),
    )
}

fn check_acronym(
    doc: &Document,
    view: &View,
    prev: Option<&Token<'_>>,
    t: &Token<'_>,
    lex: &Lexicon<'_>,
) -> Option<Diagnostic> {
    let prev = prev.filter(|p| p.script == Script::Latin && p.end() == t.start)?;
    // Markup between the acronym and the particle ("<sup>SSG</sup>과") means the
    // particle may belong to the word before the tag.
    let acronym = view.range_to_doc(&prev.range());
    if acronym.end != view.to_doc(t.start) || acronym.len() != prev.text.len() {
        return None;
    }
    let fin = acronym_final(lex.pack, prev.text)?;
    let tails = std::iter::once("").chain(lex.pack.particle_tails.iter().map(String::as_str));
    let (pair, particle) = tails
        .filter_map(|tail| t.text.strip_suffix(tail))
        .find_map(|body| {
            lex.pack
                .particles
                .iter()
                .filter(|p| p.len() == 2)
                .find(|p| p.iter().any(|f| f == body))
                .map(|p| (p, body))
        })?;
    let expected = particle_for(pair, fin)?;
    if particle == expected {
        return None;
    }
    let range = view.range_to_doc(&(t.start..t.start + particle.len()));
    Some(
        Diagnostic::new(
            META.name,
            Severity::Warning,
            doc.path.clone(),
            range.clone(),
            format!("particle \"{particle}\" may not agree with \"{}\": read letter by letter it {}, so it takes \"{expected}\"", prev.text, describe(fin)),
        )
        .with_label(view.range_to_doc(&prev.range()), "acronym")
        .with_help(format!("write \"{}{expected}\" unless the acronym is read as a word", prev.text))
        .with_fix(Fix::unsafe_(format!("use \"{expected}\""), vec![Edit::replace(range, expected)])),
    )
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use crate::checks::translation::test_support::check_in;
    use crate::diagnostic::{Applicability, Severity};

    fn check(s: &str) -> Vec<crate::diagnostic::Diagnostic> {
        check_in("particle-agreement", "ko", s)
    }

    #[test]
    fn words_and_the_acronym_before_them() {
        let words: Vec<(&str, Option<&str>)> =
            super::hangul_words("SSL을 켜고 Node.JS를, 2FA를 x-API는 설정.관리")
                .iter()
                .map(|(w, p)| (w.text, p.map(|p| p.text)))
                .collect();
        assert_eq!(
            words,
            [
                ("을", Some("SSL")),
                ("켜고", None),
                ("를", None),
                ("를", None),
                ("는", Some("API")),
                ("설정", None),
                ("관리", None),
            ]
        );
    }

    #[test]
    fn fails() {
        for (s, fix) in [
            ("요금제은 무엇인가요?\n", "는"),
            ("계정를 만드세요.\n", "을"),
            ("티켓가 닫혔습니다.\n", "이"),
            ("서비스과 지원\n", "와"),
            ("계정로 로그인\n", "으로"),
            ("오류으로 끝났습니다.\n", "로"),
            ("관리자을 찾으세요.\n", "를"),
            ("비밀번호와 계정와 설정\n", "과"),
            ("# 요금제은 무엇인가요?\n", "는"),
            ("신규요금제은 없습니다.\n", "는"),
            ("계정로는 안 됩니다.\n", "으로"),
        ] {
            let d = check(s);
            assert_eq!(d.len(), 1, "{s}");
            let f = d[0].fix.as_ref().unwrap();
            assert_eq!(f.applicability, Applicability::Safe);
            assert_eq!(f.edits[0].replacement, fix, "{s}");
        }
    }

    #[test]
    fn acronyms_are_warnings() {
        let d = check("SSL를 켜고 API을 호출합니다.\n");
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| d.severity == Severity::Warning));
        assert!(
            d.iter()
                .all(|d| d.fix.as_ref().unwrap().applicability == Applicability::Unsafe)
        );
        assert_eq!(d[0].fix.as_ref().unwrap().edits[0].replacement, "을");
        assert_eq!(d[1].fix.as_ref().unwrap().edits[0].replacement, "를");
    }

    #[test]
    fn passes() {
        for s in [
            "요금제는 무엇인가요?\n",
            "계정을 만들고 티켓이 닫히면 서비스와 지원을 확인하세요.\n",
            "파일로 저장하고 계정으로 로그인합니다.\n",
            "오류로 끝나면 오류이다.\n",
            "지원하는 방법은 설정해야 합니다.\n",
            "SSL을 켜고 API를 호출하고 URL로 이동하고 JSON을 보냅니다.\n",
            "정적 사이트 생성<sup>SSG</sup>과 CNOT은 다릅니다.\n",
            "`useState`를 사용하세요.\n",
            "결과는 좋습니다. 가는 길에 나는 간다.\n",
            "```\n요금제은\n```\n",
            // English words written in capitals are read as the word (앱을, 웹으로).
            "PASS APP을 통해 인증하고 WEB으로 이동합니다.\n",
        ] {
            assert!(check(s).is_empty(), "{s}");
        }
    }
}
