//! Property: one fix run reaches a fixed point. Pages are built from pieces
//! that give fixes which interact (a garbled heading id and the links to it,
//! garbled prose, stray bytes); after one run no allowed fix applies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use loclint::checks;
use loclint::config::ConfigMode;
use loclint::decode::{self, Decoded};
use loclint::diagnostic::apply::{self, FixMode};
use loclint::engine::{Workspace, fix_text};
use proptest::prelude::*;
use std::path::Path;

const PIECES: [&[u8]; 9] = [
    "## ì•ˆë…•í•˜ì„¸ìš” {#ì•ˆë…•í•˜ì„¸ìš”}\n\n".as_bytes(),
    "[링크](#안녕하세요) ".as_bytes(),
    "[틀림](#안녕하세욧) ".as_bytes(),
    "[원래](#ì•ˆë…•í•˜ì„¸ìš”) ".as_bytes(),
    "본문 ì„¤ì • 안내입니다.\n\n".as_bytes(),
    "요금제은 좋습니다. ".as_bytes(),
    b"\xff stray ",
    "## 설정\n\n".as_bytes(),
    "https://quantum.ibm.com에서 보세요.\n\n".as_bytes(),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn one_fix_run_reaches_a_fixed_point(picks in prop::collection::vec(0..PIECES.len(), 1..12), unsafe_too in any::<bool>()) {
        let mut bytes = "# 문서\n\n".as_bytes().to_vec();
        for i in picks {
            bytes.extend_from_slice(PIECES[i]);
        }
        let Decoded::Text { text, info } = decode::decode(&bytes) else {
            return Ok(());
        };
        let mode = if unsafe_too { FixMode::Unsafe } else { FixMode::Safe };
        let ws = Workspace::new(ConfigMode::Isolated);
        let path = Path::new("/nonexistent-loclint-props/i18n/ko/page.md");
        let fixed = fix_text(&ws, path, text, info, checks::all(), mode);
        let (_, left, _) = apply::apply_fixes(&fixed.text, &fixed.diagnostics, mode);
        prop_assert_eq!(left, 0, "fixes still apply after one run:\n{}", fixed.text);
    }
}
