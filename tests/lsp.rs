//! `loclint server` driven over stdio by a JSON-RPC client, as an editor
//! drives it: diagnostics on open and change at the right positions, code
//! actions that fix the text, cross-file findings that follow other buffers.
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::{Client, apply_edits, file_uri, offset};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_loclint");

/// A Korean page with mojibake after an emoji (two UTF-16 units, four
/// bytes), so UTF-16, UTF-8 and character columns all differ.
const PAGE: &str = "# 보안 안내\n\n😀 SSL ë³´ì•ˆ ì„¤ì •을 확인하세요.\n";
const GARBLED: &str = "ë³´ì•ˆ ì„¤ì •";

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    // A repository root, so config discovery stops here.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

fn by_rule<'a>(params: &'a Value, rule: &str) -> Vec<&'a Value> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == rule)
        .collect()
}

fn code_actions(client: &mut Client, uri: &str, range: &Value) -> Vec<Value> {
    client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        )
        .as_array()
        .unwrap()
        .clone()
}

fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri].as_array().unwrap().clone()
}

#[test]
fn mojibake_is_reported_in_utf16_and_fixed_by_a_code_action() {
    let dir = site();
    let path = dir.path().join("page.md");
    std::fs::write(&path, PAGE).unwrap();
    let uri = file_uri(&path);
    let mut client = Client::start(BIN, dir.path());
    let init = client.initialize(dir.path(), None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");

    client.open(&uri, PAGE);
    let params = client.diagnostics(&uri);
    let found = by_rule(&params, "mojibake");
    assert_eq!(found.len(), 1, "{params}");
    let d = found[0];
    let start = &d["range"]["start"];
    // Line 2; "😀 SSL " is 2 + 1 + 3 + 1 = 7 UTF-16 units (9 bytes, 6 characters).
    assert_eq!(
        (start["line"].as_u64(), start["character"].as_u64()),
        (Some(2), Some(7))
    );
    let (s, e) = (
        offset(PAGE, start, true),
        offset(PAGE, &d["range"]["end"], true),
    );
    assert_eq!(&PAGE[s..e], GARBLED);
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "loclint");

    let actions = code_actions(&mut client, &uri, &d["range"]);
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Disable mojibake for this line"),
        "{titles:?}"
    );
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["isPreferred"] == true)
        .unwrap_or_else(|| panic!("no safe quick fix in {titles:?}"));
    assert!(!fix["title"].as_str().unwrap().contains("(unsafe)"));
    let fixed = apply_edits(PAGE, &edits_of(fix, &uri), true);
    assert_eq!(fixed, "# 보안 안내\n\n😀 SSL 보안 설정을 확인하세요.\n");

    // The editor applies the edit and tells the server, incrementally: one
    // change per edit, each against the text the previous ones left, so
    // the last edit goes first.
    let mut edits = edits_of(fix, &uri);
    edits.sort_by_key(|e| {
        let p = &e["range"]["start"];
        std::cmp::Reverse((p["line"].as_u64(), p["character"].as_u64()))
    });
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": edits.iter()
                   .map(|e| json!({"range": e["range"], "text": e["newText"]}))
                   .collect::<Vec<_>>()}),
    );
    let after = client.diagnostics(&uri);
    assert_eq!(after["version"], 2);
    assert!(by_rule(&after, "mojibake").is_empty(), "{after}");

    let status = client.shutdown();
    assert!(status.success(), "{status:?}");
    // The server never writes the file: the editor owns the buffer.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), PAGE);
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = site();
    let path = dir.path().join("page.md");
    std::fs::write(&path, PAGE).unwrap();
    let uri = file_uri(&path);
    let mut client = Client::start(BIN, dir.path());
    let init = client.initialize(dir.path(), Some(&["utf-8", "utf-16"]));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    client.open(&uri, PAGE);
    let params = client.diagnostics(&uri);
    let d = by_rule(&params, "mojibake")[0];
    // "😀 SSL " is 4 + 1 + 3 + 1 = 9 bytes.
    assert_eq!(d["range"]["start"]["character"], 9);
    let (s, e) = (
        offset(PAGE, &d["range"]["start"], false),
        offset(PAGE, &d["range"]["end"], false),
    );
    assert_eq!(&PAGE[s..e], GARBLED);
    assert!(client.shutdown().success());
}

#[test]
fn disable_for_this_line_silences_the_finding() {
    let dir = site();
    let path = dir.path().join("page.mdx");
    std::fs::write(&path, PAGE).unwrap();
    let uri = file_uri(&path);
    let mut client = Client::start(BIN, dir.path());
    client.initialize(dir.path(), None);
    client.open(&uri, PAGE);
    let params = client.diagnostics(&uri);
    let d = by_rule(&params, "mojibake")[0].clone();
    let actions = code_actions(&mut client, &uri, &d["range"]);
    let disable = actions
        .iter()
        .find(|a| a["title"] == "Disable mojibake for this line")
        .unwrap();
    let text = apply_edits(PAGE, &edits_of(disable, &uri), true);
    // MDX takes the JSX comment form.
    assert!(
        text.contains("\n{/* loclint-disable-next-line mojibake */}\n😀 SSL"),
        "{text}"
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}),
    );
    let after = client.diagnostics(&uri);
    assert!(by_rule(&after, "mojibake").is_empty(), "{after}");
    assert!(by_rule(&after, "unknown-rule").is_empty(), "{after}");
    assert!(client.shutdown().success());
}

#[test]
fn a_changed_heading_rechecks_the_open_pages_that_link_to_it() {
    let dir = site();
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    let a_text = "# A\n\nSee [the setup](./b.md#setup).\n";
    let b_text = "# B\n\n## Setup\n\nText.\n";
    std::fs::write(&a, a_text).unwrap();
    std::fs::write(&b, b_text).unwrap();
    let (a_uri, b_uri) = (file_uri(&a), file_uri(&b));
    let mut client = Client::start(BIN, dir.path());
    client.initialize(dir.path(), None);
    client.open(&a_uri, a_text);
    assert!(by_rule(&client.diagnostics(&a_uri), "broken-anchor").is_empty());
    client.open(&b_uri, b_text);
    client.diagnostics(&b_uri);
    // a reads b, so b's buffer (the same as the disk here) re-checks it.
    assert!(by_rule(&client.diagnostics(&a_uri), "broken-anchor").is_empty());

    // Renaming the heading in the unsaved buffer breaks a's link...
    let renamed = "# B\n\n## Installation\n\nText.\n";
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": b_uri, "version": 2}, "contentChanges": [{"text": renamed}]}),
    );
    client.diagnostics(&b_uri);
    let a_diags = client.diagnostics(&a_uri);
    let broken = by_rule(&a_diags, "broken-anchor");
    assert_eq!(broken.len(), 1, "{a_diags}");
    let s = offset(a_text, &broken[0]["range"]["start"], true);
    assert!(a_text[s..].starts_with("setup"), "{}", &a_text[s..]);

    // ...and closing it unsaved reads the disk again, where the heading is.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": b_uri}}),
    );
    let a_again = client.diagnostics(&a_uri);
    assert!(by_rule(&a_again, "broken-anchor").is_empty(), "{a_again}");
    assert!(client.shutdown().success());
}

#[test]
fn a_page_the_config_excludes_gets_no_diagnostics() {
    let dir = site();
    std::fs::write(
        dir.path().join("loclint.toml"),
        "exclude = [\"drafts/**\"]\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    let path = dir.path().join("drafts/page.md");
    std::fs::write(&path, PAGE).unwrap();
    let uri = file_uri(&path);
    let mut client = Client::start(BIN, dir.path());
    client.initialize(dir.path(), None);
    client.open(&uri, PAGE);
    let params = client.diagnostics(&uri);
    assert_eq!(params["diagnostics"], json!([]), "{params}");
    assert!(client.shutdown().success());
}

#[test]
fn an_invalid_config_is_shown_to_the_user() {
    let dir = site();
    std::fs::write(dir.path().join("loclint.toml"), "no-such-key = 1\n").unwrap();
    let path = dir.path().join("page.md");
    std::fs::write(&path, PAGE).unwrap();
    let uri = file_uri(&path);
    let mut client = Client::start(BIN, dir.path());
    client.initialize(dir.path(), None);
    client.open(&uri, PAGE);
    let shown = client.wait_for(|m| m["method"] == "window/showMessage");
    let text = shown["params"]["message"].as_str().unwrap();
    assert!(text.contains("loclint.toml"), "{text}");
    assert!(client.shutdown().success());
}
