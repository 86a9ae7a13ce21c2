//! `mojibake`: text that went through a wrong decode, repaired.
//!
//! The detection and repair live in `crate::encoding` (pure functions over a
//! string); this rule decides where to look, groups the runs into
//! diagnostics and words the message, the help and the fix.

use super::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::encoding::{self, Misread, Repair};
use std::fmt::Write as _;
use std::ops::Range;

pub(crate) const DOC: &str = r#"# mojibake

## What it does
Finds text that was saved as UTF-8, opened with the wrong encoding and saved
again ("SSL ë° ë³´ì•ˆ" for "SSL 및 보안", "cafÃ©" for "café"), and repairs it.
Each damaged run is found on its own, in prose, headings, `<summary>`,
admonition titles, front-matter values, link texts and URLs. Code spans and
blocks are checked only when the page has mojibake outside code too (the whole
file went through the round trip); a page that quotes mojibake in code as an
example is left alone.

The chains it recognises:
- UTF-8 read as Windows-1252, -1254, -1250, -1251, -1253, -1257, ISO-8859-1
  (C1 controls kept) or Mac OS Roman, with the undefined bytes kept as C1
  controls, dropped, or replaced by U+FFFD or `?`; no-break spaces turned into
  spaces; soft hyphens stripped; several layers of the same or different pages.
- UTF-8 read as EUC-KR/CP949, Shift_JIS, GBK, Big5 or EUC-JP, including the
  well-known `占쏙옙`, `锟斤拷` and `鐃緒申` (two U+FFFD that went through it).
- EUC-KR/CP949, Shift_JIS, GBK or Big5 bytes read as Windows-1252
  (`¾È³çÇÏ¼¼¿ä` is `안녕하세요`).

The file's chain is inferred from its certain runs (a `ğ` means Windows-1254)
and used for runs that several pages explain.

## Why is this bad?
Readers see gibberish instead of the translation, search engines index it, and
every other check on the page (headings, links, particles) reads garbage. The
damage usually comes from an editor, a CMS export or a script that guessed the
encoding wrongly; each further round trip makes it worse, and lossy code pages
delete bytes on the way.

## Example
```markdown
# SSL ë° ë³´ì•ˆ FAQ

Our cafÃ© is open.
```

Use instead:
```markdown
# SSL 및 보안 FAQ

Our café is open.
```

## Fix safety
Safe when the repair is certain: every byte is present, one chain explains the
run and the result is valid UTF-8 that reads as text. When the code page lost
bytes (Windows-1254 has no 0x81 0x8D 0x8E 0x8F 0x90 0x9D 0x9E, soft hyphens
0xAD are often stripped), the candidates are rebuilt from those bytes and
ranked with a language model and the words the page uses intact elsewhere;
that fix is unsafe and its message lists the runners-up
(`및; also possible: 밍, 밝`). Apply it with `--unsafe-fixes` after a look.

A damaged phrase is fixed whole: when a word of it lost bytes, the fix of the
whole phrase is unsafe, and `--fix` leaves all of it for `--fix
--unsafe-fixes`. Repairing only the certain words would leave a remnant too
short to be recognised on its own (`SSL ë° 보안`). For the same reason a
short guess is fixed together with the certain repair on its line that shows
it is mojibake, and with one that shows what the round trip kept (no-break
spaces, soft hyphens), when nothing else on the line would.

A certain repair that is the page's only sign of its code page (a `ğ` means
Windows-1254, which lacks 0x8E and 0x9E) is unsafe too when the page's
guesses need that sign: once `--fix` had repaired it, the next pass could not
know the page and would guess under Windows-1252. So `--fix` followed by
`--fix --unsafe-fixes` makes the same repairs as `--fix --unsafe-fixes` alone.

A repair that gives U+FFFD (`占쏙옙` is two U+FFFD through CP949) is unsafe
too, as is any fix over a U+FFFD: the character is already lost, and over
invalid bytes the edit would write U+FFFD's bytes in their place.

## Options
None besides the severity (`[rules] mojibake = "warning"`).

## Data
`rules/mojibake-lm.tsv`: Korean, Japanese and Chinese character and bigram
counts built by `scripts/build_lm.py` from MIT and CC BY 4.0 documentation
(provenance in the file's header).
"#;

static META: RuleMeta = RuleMeta {
    name: "mojibake",
    category: Category::Encoding,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    doc: DOC,
    reads: Reads::document(Input::Original),
    repairs: true,
};

pub struct Mojibake;

impl Rule for Mojibake {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Diagnostic>) {
        // A file in a legacy encoding is `non-utf8-file`'s; its decoded text is
        // not mojibake, and reporting it here would report the bytes twice.
        if !doc.encoding.is_utf8() || !encoding::may_contain_mojibake(&doc.text) {
            return;
        }
        let outside = outside_code(doc);
        let mut repairs = encoding::analyze(&doc.text, &outside);
        if !repairs.is_empty() && !doc.code.is_empty() {
            // The page itself went through the round trip: its code did too.
            repairs = encoding::analyze(&doc.text, std::slice::from_ref(&(0..doc.text.len())));
        }
        for group in group_runs(&doc.text, repairs) {
            out.push(diagnostic(doc, &group));
        }
    }
}

/// The text outside code spans and blocks, as sorted ranges.
fn outside_code(doc: &Document) -> Vec<Range<usize>> {
    let mut code: Vec<Range<usize>> = doc.code.iter().map(|c| c.range.clone()).collect();
    code.sort_by_key(|r| r.start);
    let mut out = Vec::new();
    let mut at = 0;
    for r in code {
        if r.start > at {
            out.push(at..r.start);
        }
        at = at.max(r.end);
    }
    if at < doc.text.len() {
        out.push(at..doc.text.len());
    }
    out
}

/// The runs fixed together, each group one diagnostic with one fix.
///
/// Runs separated only by spaces on one line are one damaged phrase and share
/// a fix, whatever their certainty: the fix is as safe as its weakest part, so
/// `--fix` leaves a phrase with a guess in it whole for `--fix
/// --unsafe-fixes`. A guess that leans on certain repairs elsewhere on its
/// line ([`Repair::leans_on`]) joins their phrases, with the runs in between:
/// made alone, the certain repairs would take away what lets the guess be
/// found again, or read as it reads now.
fn group_runs(text: &str, repairs: Vec<Repair>) -> Vec<Vec<Repair>> {
    let mut groups: Vec<Vec<Repair>> = Vec::new();
    for r in repairs {
        if let Some(g) = groups.last_mut()
            && let Some(last) = g.last()
            && last.range.end <= r.range.start
            && text[last.range.end..r.range.start]
                .bytes()
                .all(|b| b == b' ')
        {
            g.push(r);
            continue;
        }
        groups.push(vec![r]);
    }
    // `joined[k]`: group `k` and group `k + 1` share a fix.
    let mut joined = vec![false; groups.len().saturating_sub(1)];
    let group_of = |range: &Range<usize>| {
        groups
            .iter()
            .position(|g| g.iter().any(|r| r.range == *range))
    };
    for (k, g) in groups.iter().enumerate() {
        for target in g.iter().flat_map(|r| &r.leans_on) {
            if let Some(t) = group_of(target) {
                for j in joined.iter_mut().take(k.max(t)).skip(k.min(t)) {
                    *j = true;
                }
            }
        }
    }
    let mut out: Vec<Vec<Repair>> = Vec::new();
    for (k, g) in groups.into_iter().enumerate() {
        match out.last_mut() {
            Some(prev) if k > 0 && joined[k - 1] => prev.extend(g),
            _ => out.push(g),
        }
    }
    out
}

/// Text between two runs of one group, as quoted in a message: spaces as
/// they are, anything longer than a few words elided.
fn gap(s: &str) -> &str {
    if s.chars().count() > 24 { " … " } else { s }
}

fn diagnostic(doc: &Document, group: &[Repair]) -> Diagnostic {
    let (Some(first), Some(last)) = (group.first(), group.last()) else {
        return Diagnostic::new(META.name, META.severity, doc.path.clone(), 0..0, "mojibake");
    };
    let range = first.range.start..last.range.end;
    let mut damaged = String::new();
    let mut repaired = String::new();
    let mut at = range.start;
    for r in group {
        let between = gap(&doc.text[at..r.range.start]);
        damaged.push_str(between);
        damaged.push_str(&r.original);
        repaired.push_str(between);
        repaired.push_str(&r.repaired);
        at = r.range.end;
    }
    let certain = group.iter().all(|r| r.certain);
    let tells_page = group.iter().any(|r| r.tells_page);
    // A group with a guess is told by its guess: that is what needs a look.
    let told = group.iter().find(|r| !r.certain).unwrap_or(first);
    let chain = told.chain.describe();
    let message = format!(
        "mojibake `{}` reads `{}` when repaired ({chain})",
        visible(&damaged),
        visible(&repaired)
    );
    let edits: Vec<Edit> = group
        .iter()
        .map(|r| Edit::replace(r.range.clone(), r.repaired.clone()))
        .collect();
    let fix = if certain && !tells_page {
        Fix::new(
            Applicability::Safe,
            format!("replace with `{}`", visible(&repaired)),
            edits,
        )
    } else {
        let mut msg = String::new();
        for r in group {
            if !msg.is_empty() {
                msg.push_str(" | ");
            }
            msg.push_str(&visible(&r.repaired));
            if !r.alternatives.is_empty() {
                let alts: Vec<String> = r.alternatives.iter().map(|a| visible(a)).collect();
                let _ = write!(msg, "; also possible: {}", alts.join(", "));
            }
        }
        Fix::new(Applicability::Unsafe, msg, edits)
    };
    Diagnostic::new(META.name, META.severity, doc.path.clone(), range, message)
        .with_help(help(told, certain, tells_page))
        .with_group(round_trip(told))
        .with_fix(fix)
}

/// What likely happened, in the user's terms.
fn help(r: &Repair, certain: bool, tells_page: bool) -> String {
    let todo = if certain && tells_page {
        "; the repair is exact, but it is also what shows this code page to the page's guessed repairs, which need it: `--fix` leaves it for `--fix --unsafe-fixes`, which makes them together".to_string()
    } else if certain {
        "; the repair is exact: apply it with `--fix`, and fix the tool that re-saved the page"
            .to_string()
    } else {
        "; bytes the code page does not define were lost on the way, so the repair is a best guess from a language model and the page's own words: check it, then apply it with `--fix --unsafe-fixes`".to_string()
    };
    format!("{}{todo}", round_trip(r))
}

/// The round trip a run went through, whether or not bytes were lost: the
/// runs of one page that share it are one defect to a reader.
fn round_trip(r: &Repair) -> String {
    let what = match r.chain.layers.first() {
        Some(Misread::Utf8AsSingle(p)) => format!(
            "the text was saved as UTF-8, then opened as {} by an editor or tool that guessed the encoding, and saved again",
            p.name()
        ),
        Some(Misread::Utf8AsDbcs(d)) => format!(
            "the text was saved as UTF-8, then opened as {} and saved again",
            d.name()
        ),
        Some(Misread::DbcsAsSingle(d, p)) => format!(
            "the text was saved as {}, then opened as {} and saved as UTF-8",
            d.name(),
            p.name()
        ),
        None => "the text went through a wrong decode".to_string(),
    };
    let layers = if r.chain.layers.len() > 1 {
        format!(" ({} times in a row)", r.chain.layers.len())
    } else {
        String::new()
    };
    format!("{what}{layers}")
}

/// Control characters shown as escapes so messages stay on one line.
fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{80}'..='\u{9f}' | '\u{ad}' | '\u{a0}' => {
                let _ = write!(out, "\\u{{{:04x}}}", u32::from(c));
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::{check_str, fix_str};
    use crate::diagnostic::Applicability;
    use crate::encoding::CodePage;
    use crate::encoding::garble::{self, SingleByteOptions, Undefined};

    #[test]
    fn fails() {
        for s in [
            "# SSL ë° ë³´ì•ˆ FAQ\n",
            "Our cafÃ© is open.\n",
            "donâ€™t\n",
            "¾È³çÇÏ¼¼¿ä\n",
            "title 占쏙옙 here\n",
            "---\ntitle: ë³´ì•ˆ ì„¤ì •\n---\n\nbody\n",
            "[ë³´ì•ˆ ì„¤ì •](./security)\n",
            "<details>\n<summary>ë³´ì•ˆ ì„¤ì •</summary>\n\nbody\n</details>\n",
            ":::info ë³´ì•ˆ ì„¤ì •\nbody\n:::\n",
        ] {
            assert!(!check_str("mojibake", s).is_empty(), "{s}");
        }
    }

    #[test]
    fn passes() {
        for s in [
            "plain ASCII",
            "Café crème, INFORMAÇÃO, São Paulo, Âge",
            "Türkçe ağaç şeker, Tiếng Việt, Þórður, Привет, Γειά σου",
            "±5 µm, 30°C, © 2024 ACME® Widget™, €100 £5 ¥300",
            "안녕하세요 世界 こんにちは 🎉",
            "Mojibake looks like `cafÃ©` or\n\n```\në³´ì•ˆ ì„¤ì •\n```\n",
        ] {
            assert!(
                check_str("mojibake", s).is_empty(),
                "{s}: {:?}",
                check_str("mojibake", s)
            );
        }
    }

    #[test]
    fn certain_repairs_are_safe_and_lossy_ones_unsafe() {
        let d = check_str("mojibake", "cafÃ©\n");
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(fix.edits[0].replacement, "é");
        // 및 is EB B0 8F; Windows-1254 has no 0x8F, so it was dropped: "ë°".
        let d = check_str("mojibake", "SSL ë° ë³´ì•ˆ ì‘ì„±\n");
        assert!(
            d.iter()
                .any(|d| d.fix.as_ref().unwrap().applicability == Applicability::Unsafe)
        );
        let unsafe_fix = d
            .iter()
            .find_map(|d| {
                d.fix
                    .as_ref()
                    .filter(|f| f.applicability == Applicability::Unsafe)
            })
            .unwrap();
        assert!(
            unsafe_fix.message.starts_with("및; also possible: "),
            "{}",
            unsafe_fix.message
        );
    }

    /// `s` as UTF-8 read as Windows-1252, undefined bytes kept (`lost` false:
    /// `s` must have none) or dropped.
    fn garbled(s: &str, lost: bool) -> String {
        let opts = SingleByteOptions {
            undefined: if lost {
                Undefined::Drop
            } else {
                Undefined::KeepC1
            },
            ..SingleByteOptions::LOSSLESS
        };
        garble::utf8_as_single(s, CodePage::Windows1252, opts)
    }

    #[test]
    fn a_phrase_with_a_guess_is_one_unsafe_fix() {
        // 및 lost its last byte (0x8F); 보안 went through whole.
        let line = format!(
            "# 계정 {} {}\n",
            garbled("및", true),
            garbled("보안", false)
        );
        let d = check_str("mojibake", &line);
        assert_eq!(d.len(), 1, "{d:?}");
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(fix.edits.len(), 2);
        assert_eq!(
            d[0].message,
            "mojibake `ë° ë³´ì•ˆ` reads `및 보안` when repaired (UTF-8 read as Windows-1252, undefined bytes dropped)"
        );
        // Words that all went through whole stay one safe fix.
        let d = check_str("mojibake", &format!("{}\n", garbled("보안 설정", false)));
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].fix.as_ref().unwrap().applicability,
            Applicability::Safe
        );
    }

    #[test]
    fn a_short_guess_joins_the_certain_repair_it_leans_on() {
        // Alone, "ë°" proves nothing: the repaired 요금제 on its line is what
        // makes it mojibake, so the two are fixed together.
        let line = format!(
            "{} settings and {} billing\n",
            garbled("요금제", false),
            garbled("및", true)
        );
        let d = check_str("mojibake", &line);
        assert_eq!(d.len(), 1, "{d:?}");
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(fix.edits.len(), 2);
        assert!(
            d[0].message.starts_with(
                "mojibake `ìš”ê¸ˆì\\u{00a0}œ settings and ë°` reads `요금제 settings and 및`"
            ),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn safe_then_unsafe_fixes_as_unsafe_at_once() {
        let g = |s: &str| garbled(s, false);
        let lost = |s: &str| garbled(s, true);
        for (line, want) in [
            (
                format!("# 계정 {} {}\n", lost("및"), g("보안")),
                "# 계정 및 보안\n",
            ),
            (
                format!("# {} {} FAQ\n", g("보안"), lost("및")),
                "# 보안 및 FAQ\n",
            ),
            (
                format!("{} settings and {} billing\n", g("요금제"), lost("및")),
                "요금제 settings and 및 billing\n",
            ),
            (
                format!("{} settings for {}\n", g("보안"), lost("문의사항")),
                "보안 settings for 문의사항\n",
            ),
            (
                format!("- {} / {}.\n", lost("원"), g("주세요")),
                "- 원 / 주세요.\n",
            ),
        ] {
            let at_once = fix_str("mojibake", &line, true);
            assert_eq!(at_once, want, "{line:?}");
            let safe = fix_str("mojibake", &line, false);
            assert_eq!(
                fix_str("mojibake", &safe, true),
                at_once,
                "{line:?} -> {safe:?}"
            );
        }
    }

    #[test]
    fn the_guess_is_the_same_with_or_without_the_certain_runs() {
        // Under Windows-1254 관리자 loses two bytes (0x9E 0x90); the certain
        // 질문, which Windows-1252 and -1254 both explain, is repaired by the
        // safe pass and gone from the next. The guess is the language
        // model's either way (관리적 here; 관리자 among its alternatives):
        // what matters is that both paths make the same one.
        let opts = SingleByteOptions {
            undefined: Undefined::Drop,
            ..SingleByteOptions::LOSSLESS
        };
        let g = |s: &str| garble::utf8_as_single(s, CodePage::Windows1254, opts);
        let line = format!("# {} settings for the {} FAQ\n", g("질문"), g("관리자"));
        let at_once = fix_str("mojibake", &line, true);
        assert!(
            at_once.starts_with("# 질문 settings for the 관리"),
            "{at_once}"
        );
        let safe = fix_str("mojibake", &line, false);
        assert_eq!(fix_str("mojibake", &safe, true), at_once, "{safe:?}");
    }

    #[test]
    fn a_certain_run_that_shows_the_page_waits_for_the_guesses() {
        // 많이 under Windows-1254 loses its 0x8E, which Windows-1252 defines:
        // only the emoji's `ğ` tells that the page went through -1254.
        let opts = SingleByteOptions {
            undefined: Undefined::Drop,
            ..SingleByteOptions::LOSSLESS
        };
        let g = |s: &str| garble::utf8_as_single(s, CodePage::Windows1254, opts);
        let text = format!(
            "# {} 질문\n\n{}\n",
            g("🙂🙂"),
            g("이 기능은 많이 사용됩니다")
        );
        let at_once = fix_str("mojibake", &text, true);
        assert!(at_once.contains("🙂🙂"), "{at_once}");
        let safe = fix_str("mojibake", &text, false);
        assert!(safe.contains(&g("🙂🙂")), "{safe}");
        assert_eq!(fix_str("mojibake", &safe, true), at_once, "{safe:?}");
    }

    #[test]
    fn code_is_checked_when_the_page_is_damaged() {
        let d = check_str("mojibake", "ë³´ì•ˆ ì„¤ì •\n\n`ë³´ì•ˆ`\n");
        assert_eq!(d.len(), 2);
    }
}
