//! A held-out style self-test of the mojibake engine: sentences written here
//! (not taken from the corpus) are corrupted through every chain, put one per
//! paragraph into one file together with the clean sentences, repaired with
//! the best candidate of every run, and compared.
//!
//! Prints exact-restore rates for lossless and lossy chains and the number of
//! clean sentences that were changed.

use loclint::encoding::garble::{self, SingleByteOptions, Undefined};
use loclint::encoding::{CodePage, Dbcs, repair_text};

const KO: &[&str] = &[
    "비밀번호를 잊어버린 경우 로그인 화면에서 재설정할 수 있습니다.",
    "결제 수단을 변경하려면 계정 설정으로 이동하세요.",
    "이 기능은 유료 요금제에서만 사용할 수 있습니다.",
    "파일을 업로드한 뒤 저장 버튼을 누르면 변경 사항이 적용됩니다.",
    "서버에 연결할 수 없으면 네트워크 상태를 확인해 주세요.",
    "새 프로젝트를 만들고 팀원을 초대해 보세요.",
    "자주 묻는 질문과 답변을 정리했습니다.",
    "설치가 끝나면 터미널을 다시 시작하세요.",
];
const JA: &[&str] = &[
    "パスワードを忘れた場合はログイン画面から再設定できます。",
    "この機能は有料プランでのみ利用できます。",
    "設定を保存すると変更がすぐに反映されます。",
    "サーバーに接続できない場合はネットワークを確認してください。",
];
const ZH: &[&str] = &[
    "如果忘记密码，可以在登录页面重新设置。",
    "此功能仅适用于付费套餐。",
    "保存设置后，更改会立即生效。",
    "无法连接服务器时，请检查网络状态。",
];
const LATIN: &[&str] = &[
    "Le café est fermé, mais l'élève a déjà mangé une crème brûlée.",
    "INFORMAÇÃO: a operação não foi concluída em São Paulo.",
    "Türkçe karakterler: ağaç, şeker, ılık, İstanbul, öğrenci.",
    "Die Größe der Straße überrascht die Mädchen in Zürich.",
    "El niño pidió una canción en el año pasado, ¿verdad?",
    "Þórður og Ægir búa í Reykjavík.",
];
const CYRILLIC: &[&str] = &[
    "Съешь же ещё этих мягких французских булок.",
    "Привет, мир! Как дела?",
];
const GREEK: &[&str] = &["Καλημέρα κόσμε, γειά σου.", "Η Αθήνα είναι όμορφη."];
const LEGIT_EXTRA: &[&str] = &[
    "±5 µm at 30 °C, © 2024 ACME® Widget™, €100, £5, ¥300.",
    "Âge, Ângelo and the emoji 🎉 stay as they are.",
    "Tiếng Việt có dấu rất đẹp.",
    "« Ça va ? » — oui… ¡Sí!",
];

fn single(s: &str, pages: &[CodePage], opts: SingleByteOptions) -> String {
    let mut cur = s.to_string();
    for &p in pages {
        cur = garble::utf8_as_single(&cur, p, opts);
    }
    cur
}

fn main() {
    let lossless = SingleByteOptions::LOSSLESS;
    let mut cases: Vec<(String, String, &'static str)> = Vec::new(); // (garbled, expected, kind)
    let cjk: Vec<&str> = KO.iter().chain(JA).chain(ZH).copied().collect();
    let all: Vec<&str> = cjk.iter().copied().chain(LATIN.iter().copied()).collect();
    for &s in &all {
        for chain in [
            vec![CodePage::Windows1252],
            vec![CodePage::Windows1254],
            vec![CodePage::Latin1],
            vec![CodePage::Windows1252, CodePage::Windows1252],
            vec![
                CodePage::Windows1252,
                CodePage::Windows1252,
                CodePage::Windows1252,
            ],
        ] {
            cases.push((single(s, &chain, lossless), s.to_string(), "lossless"));
        }
    }
    for &s in CYRILLIC.iter().chain(GREEK) {
        cases.push((
            single(s, &[CodePage::Windows1252], lossless),
            s.to_string(),
            "lossless",
        ));
    }
    for &s in LATIN {
        for p in [
            CodePage::Windows1250,
            CodePage::Windows1257,
            CodePage::MacRoman,
        ] {
            let g = single(s, &[p], lossless);
            if !g.contains('\u{fffd}') {
                cases.push((g, s.to_string(), "lossless"));
            }
        }
    }
    for &s in &cjk {
        for d in Dbcs::ALL {
            let g = garble::utf8_as_dbcs(s, d);
            if d.encode_str(&g).as_deref() == Some(s.as_bytes()) {
                cases.push((g, s.to_string(), "lossless"));
            }
        }
    }
    for (&s, d) in KO
        .iter()
        .map(|s| (s, Dbcs::EucKr))
        .chain(JA.iter().map(|s| (s, Dbcs::ShiftJis)))
        .chain(ZH.iter().map(|s| (s, Dbcs::Gbk)))
    {
        if let Some(g) = garble::dbcs_as_single(s, d, CodePage::Windows1252, lossless) {
            cases.push((g, s.to_string(), "lossless"));
        }
    }
    let lossy_opts = [
        (CodePage::Windows1254, Undefined::Drop, true),
        (CodePage::Windows1252, Undefined::Drop, false),
        (CodePage::Windows1252, Undefined::Fffd, false),
        (CodePage::Windows1252, Undefined::Question, false),
    ];
    for &s in &all {
        for (page, undefined, shy) in lossy_opts {
            let opts = SingleByteOptions {
                undefined,
                nbsp_to_space: false,
                strip_soft_hyphen: shy,
            };
            let g = single(s, &[page], opts);
            if g != single(s, &[page], lossless) {
                cases.push((g, s.to_string(), "lossy"));
            }
        }
    }
    for &s in all.iter().chain(CYRILLIC).chain(GREEK).chain(LEGIT_EXTRA) {
        cases.push((s.to_string(), s.to_string(), "legit"));
    }
    let file: String = cases
        .iter()
        .map(|c| c.0.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let repaired = repair_text(&file);
    let lines: Vec<&str> = repaired.split("\n\n").collect();
    let mut stats = std::collections::BTreeMap::<&str, (usize, usize)>::new();
    for (i, (g, expected, kind)) in cases.iter().enumerate() {
        let got = lines.get(i).copied().unwrap_or("");
        let e = stats.entry(kind).or_default();
        e.1 += 1;
        let ok = got == expected;
        if ok {
            e.0 += 1;
        } else if std::env::var_os("SELFTEST_VERBOSE").is_some() {
            println!("{kind}: {g:?}\n   got {got:?}\n  want {expected:?}");
        }
    }
    if lines.len() != cases.len() {
        println!(
            "warning: paragraph count changed ({} -> {})",
            cases.len(),
            lines.len()
        );
    }
    for (kind, (ok, n)) in stats {
        println!(
            "{kind}: {ok}/{n} exact ({:.1}%)",
            100.0 * ok as f64 / n as f64
        );
    }
}
