use super::garble::{self, SingleByteOptions, Undefined};
use super::*;

fn fix(s: &str) -> String {
    repair_text(s)
}

#[test]
fn classic_latin() {
    assert_eq!(fix("cafÃ© crÃ¨me"), "café crème");
    assert_eq!(fix("ItÃ¢â‚¬â„¢s"), "It’s");
    assert_eq!(fix("donâ€™t"), "don’t");
}

#[test]
fn seed_line() {
    assert_eq!(
        fix("# SSL ë° ë³´ì•ˆ FAQ\n\nSSL ë° ë³´ì•ˆì—ì„œ ìì£¼"),
        "# SSL 및 보안 FAQ\n\nSSL 및 보안에서 자주"
    );
}

#[test]
fn dbcs_read_as_1252() {
    assert_eq!(fix("¾È³çÇÏ¼¼¿ä"), "안녕하세요");
}

#[test]
fn famous_runs() {
    assert_eq!(fix("a 占쏙옙 b"), "a \u{fffd}\u{fffd} b");
    assert_eq!(fix("锟斤拷"), "\u{fffd}\u{fffd}");
    assert_eq!(fix("鐃緒申"), "\u{fffd}\u{fffd}");
}

#[test]
fn utf8_as_gbk() {
    let g = garble::utf8_as_dbcs("你好世界", Dbcs::Gbk);
    assert_eq!(fix(&g), "你好世界");
}

#[test]
fn layers() {
    let opts = SingleByteOptions::LOSSLESS;
    let once = garble::utf8_as_single("안녕하세요 é", CodePage::Windows1252, opts);
    let twice = garble::utf8_as_single(&once, CodePage::Windows1252, opts);
    let thrice = garble::utf8_as_single(&twice, CodePage::Windows1252, opts);
    assert_eq!(fix(&thrice), "안녕하세요 é");
    let r = analyze_text(&thrice);
    assert!(
        r[0].chain.describe().contains("3 times"),
        "{}",
        r[0].chain.describe()
    );
}

#[test]
fn lossy_1254() {
    let opts = SingleByteOptions {
        undefined: Undefined::Drop,
        nbsp_to_space: false,
        strip_soft_hyphen: true,
    };
    let g = garble::utf8_as_single(
        "작성되었습니다. 문의사항이 있으시면",
        CodePage::Windows1254,
        opts,
    );
    eprintln!("{g:?} {:#?}", analyze_text(&g));
    assert_eq!(fix(&g), "작성되었습니다. 문의사항이 있으시면");
}

#[test]
fn legit_text_untouched() {
    for s in [
        "Café, naïve, élève, à bientôt, «été»",
        "INFORMAÇÃO, SÃO PAULO, AÇÃO",
        "Türkçe İstanbul ağaç şeker ılık",
        "Tiếng Việt có dấu",
        "Þórður Ægisson, Reykjavík",
        "Привет, как дела? Всё её",
        "Γειά σου κόσμε",
        "±5 µm, 30°C, © 2024 ACME® Widget™",
        "€100, £5, ¥300, ₩1000",
        "Âge Âne Ângelo",
        "emoji 🎉👍 here",
        "안녕하세요 世界 こんにちは",
        "« Ça va ? » — oui… ¿Qué? ¡Sí!",
        "Straße … Größe",
        "naïve ½ ¼ ¾",
    ] {
        assert!(analyze_text(s).is_empty(), "{s}: {:?}", analyze_text(s));
    }
}

#[test]
fn chain_in_words() {
    let opts = SingleByteOptions {
        undefined: Undefined::Drop,
        nbsp_to_space: false,
        strip_soft_hyphen: true,
    };
    let g = garble::utf8_as_single("및 보안 작성", CodePage::Windows1254, opts);
    let r = analyze_text(&g);
    assert!(
        r.iter()
            .any(|r| r.chain.describe() == "UTF-8 read as Windows-1254, undefined bytes dropped"),
        "{r:#?}"
    );
}
