//! The workflow the README recommends, safe fixes first and then the
//! guesses, must end where one `--fix --unsafe-fixes` ends: a safe pass may
//! not repair the evidence a guess needs and leave the guess behind, unseen
//! or read otherwise ("SSL ë° 보안": 보안 repaired, 및 lost for good).
//!
//! - the seed pages, through the binary, with the mojibake rule alone and
//!   with every rule;
//! - generated lines that mix a word that went through a code page whole and
//!   one that lost a byte on the way, through the library's fix loop.

// Test helpers may panic: a failure is the test's answer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{fixture, loclint_in, temp_copy};
use loclint::checks;
use loclint::config::ConfigMode;
use loclint::decode::EncodingInfo;
use loclint::diagnostic::apply::FixMode;
use loclint::encoding::CodePage;
use loclint::encoding::garble::{self, SingleByteOptions, Undefined};
use loclint::engine::{Workspace, fix_text};
use proptest::prelude::*;
use proptest::sample::Index;
use std::path::Path;

const SEEDS: [&str; 2] = ["000_1e44dd774abfb1ca", "001_b7e4836e97a521a9"];

/// A seed page copied into a fresh temp dir as `NAME.md`.
fn seed_copy(seed: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = temp_copy(&[]);
    let path = dir.path().join(format!("{seed}.md"));
    std::fs::copy(fixture(&format!("seeds/{seed}.txt")), &path).unwrap();
    (dir, path)
}

/// `loclint check --isolated SELECT ARGS FILE` in the file's folder.
fn check(path: &Path, select: &[&str], args: &[&str]) -> common::Run {
    let mut a = vec!["check", "--isolated"];
    a.extend_from_slice(select);
    a.extend_from_slice(args);
    let name = path.file_name().unwrap().to_str().unwrap();
    a.push(name);
    let run = loclint_in(path.parent().unwrap(), &a);
    assert_ne!(run.code, 2, "{a:?}: {}", run.stderr);
    run
}

/// The mojibake findings with a safe fix, as (start, end, message).
fn safe_findings(path: &Path) -> Vec<(u64, u64, String)> {
    let run = check(path, &["--select", "mojibake"], &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|d| d["fix"]["applicability"] == "safe")
        .map(|d| {
            (
                d["start"]["offset"].as_u64().unwrap(),
                d["end"]["offset"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn seeds_two_steps_end_as_one(select: &[&str]) {
    for seed in SEEDS {
        // Path A: safe fixes, then the guesses.
        let (_a, a) = seed_copy(seed);
        check(&a, select, &["--fix"]);
        check(&a, select, &["--fix", "--unsafe-fixes"]);
        // Path B: everything at once.
        let (_b, b) = seed_copy(seed);
        check(&b, select, &["--fix", "--unsafe-fixes"]);
        let (fixed_a, fixed_b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        if fixed_a != fixed_b {
            let (ta, tb) = (
                String::from_utf8_lossy(&fixed_a),
                String::from_utf8_lossy(&fixed_b),
            );
            let line = ta.lines().zip(tb.lines()).position(|(x, y)| x != y);
            panic!("{seed} {select:?}: the two paths differ, first at line {line:?}");
        }
        let left_b = safe_findings(&b);
        for f in safe_findings(&a) {
            assert!(
                left_b.contains(&f),
                "{seed} {select:?}: after path A only: {f:?}"
            );
        }
    }
}

#[test]
fn seeds_safe_then_unsafe_ends_as_unsafe_at_once() {
    seeds_two_steps_end_as_one(&["--select", "mojibake"]);
}

#[test]
fn seeds_safe_then_unsafe_ends_as_unsafe_at_once_with_every_rule() {
    seeds_two_steps_end_as_one(&[]);
}

/// `--fix` (or with `unsafe_fixes`, `--fix --unsafe-fixes`) on `text` with the
/// mojibake rule, through the engine's own fix loop.
fn fix(text: &str, unsafe_fixes: bool) -> String {
    let ws = Workspace::new(ConfigMode::Isolated);
    let rules: Vec<_> = checks::all()
        .iter()
        .copied()
        .filter(|r| r.meta().name == "mojibake")
        .collect();
    let mode = if unsafe_fixes {
        FixMode::Unsafe
    } else {
        FixMode::Safe
    };
    fix_text(
        &ws,
        Path::new("page.md"),
        text.to_string(),
        EncodingInfo::default(),
        &rules,
        mode,
    )
    .text
}

/// Everyday Korean words of help-center pages; which of them lose a byte
/// depends on the page (Windows-1252 lacks 0x81 0x8D 0x8F 0x90 0x9D,
/// Windows-1254 also 0x8E 0x9E).
const WORDS: &[&str] = &[
    "보안",
    "설정",
    "계정",
    "요금제",
    "문의",
    "고객",
    "지원",
    "관리자",
    "데이터",
    "질문",
    "방법",
    "확인",
    "사용자",
    "이메일",
    "비밀번호",
    "및",
    "의",
    "자료",
    "포털",
    "연락처",
    "도움말",
    "원",
    "이",
    "는",
    "에서",
    "으로",
    "인증서",
    "암호화",
    "서버",
    "페이지",
    "티켓",
    "결제",
    "해결",
    "필요한",
    "정보",
    "섹션",
    "자주",
    "발생",
    "정리",
    "안내",
    "작성",
    "추가",
    "주세요",
    "센터",
    "커뮤니티",
    "관련",
    "일반",
    "요청",
    "설치",
    "변경",
    "삭제",
    "생성",
    "잘",
    "잠금",
    "전화",
    "제품",
    "중요",
    "저장",
    "전송",
    "처리",
    "파일",
    "편집",
    "회원",
];

const SEPARATORS: &[&str] = &[" ", " and ", " settings for the ", ", ", " (", " / ", ": "];
const OPENINGS: &[&str] = &["", "# ", "## ", "- ", "Read "];
const ENDINGS: &[&str] = &["", " FAQ", ".", " 123", "?"];

fn one(i: &Index, from: &[&'static str]) -> &'static str {
    from[i.index(from.len())]
}

fn loses_a_byte(word: &str, page: CodePage) -> bool {
    word.bytes().any(|b| page.undefined_bytes().contains(&b))
}

/// `word` through `page`, undefined bytes dropped (none for a whole word).
fn through(word: &str, page: CodePage) -> String {
    let opts = SingleByteOptions {
        undefined: Undefined::Drop,
        ..SingleByteOptions::LOSSLESS
    };
    garble::utf8_as_single(word, page, opts)
}

fn pick<'a>(page: CodePage, lost: bool, i: &Index) -> &'a str {
    let words: Vec<&str> = WORDS
        .iter()
        .copied()
        .filter(|w| loses_a_byte(w, page) == lost)
        .collect();
    words[i.index(words.len())]
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        ..ProptestConfig::default()
    })]

    /// One line: a word that went through whole and one that lost a byte,
    /// in either order, between ASCII.
    #[test]
    fn a_whole_word_and_a_lossy_word_on_one_line(
        page in prop::sample::select(vec![CodePage::Windows1252, CodePage::Windows1254]),
        whole in any::<Index>(),
        lossy in any::<Index>(),
        lossy_first in any::<bool>(),
        sep in any::<Index>(),
        opening in any::<Index>(),
        ending in any::<Index>(),
    ) {
        let mut words = [
            through(pick(page, false, &whole), page),
            through(pick(page, true, &lossy), page),
        ];
        if lossy_first {
            words.swap(0, 1);
        }
        let line = format!(
            "{}{}{}{}{}\n",
            one(&opening, OPENINGS),
            words[0],
            one(&sep, SEPARATORS),
            words[1],
            one(&ending, ENDINGS),
        );
        let at_once = fix(&line, true);
        let safe = fix(&line, false);
        prop_assert_eq!(fix(&safe, true), at_once, "{:?}, safe pass: {:?}", line, safe);
    }

    /// A few lines, each mixing words that went through whole and words that
    /// lost a byte.
    #[test]
    fn mixed_lines(
        page in prop::sample::select(vec![CodePage::Windows1252, CodePage::Windows1254]),
        lines in prop::collection::vec(
            (
                prop::collection::vec(any::<Index>(), 0..=3),
                prop::collection::vec(any::<Index>(), 1..=2),
                prop::collection::vec((any::<Index>(), any::<Index>()), 4),
                any::<Index>(),
                any::<Index>(),
            ),
            1..=3,
        ),
    ) {
        let mut text = String::new();
        for (whole, lossy, order, opening, ending) in &lines {
            let mut words: Vec<String> = whole
                .iter()
                .map(|i| through(pick(page, false, i), page))
                .chain(lossy.iter().map(|i| through(pick(page, true, i), page)))
                .collect();
            // A shuffle drawn from the case.
            for (k, (i, _)) in order.iter().enumerate().take(words.len()) {
                let j = i.index(words.len());
                words.swap(k, j);
            }
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(one(opening, OPENINGS));
            for (k, w) in words.iter().enumerate() {
                if k > 0 {
                    text.push_str(one(&order[k % order.len()].1, SEPARATORS));
                }
                text.push_str(w);
            }
            text.push_str(one(ending, ENDINGS));
            text.push('\n');
        }
        let at_once = fix(&text, true);
        let safe = fix(&text, false);
        prop_assert_eq!(fix(&safe, true), at_once, "{:?}, safe pass: {:?}", text, safe);
    }
}
