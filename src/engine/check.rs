//! Phases 1 and 2: one file's single-file rules and page index, then the
//! cross-file rules over the indexes, then config severities and suppressions.

use super::workspace::{Loaded, Workspace};
use super::{Report, RunOptions};
use crate::checks::{self, Context, Input, Rule, SiteContext};
use crate::config::FileConfig;
use crate::decode::EncodingInfo;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::Document;
use crate::document::repaired::{RepairMap, repaired_text, repairs};
use crate::document::suppress::Suppressions;
use crate::links::index::{PageIndex, PageLookup};
use crate::links::page::PageLinks;
use crate::util::display_path;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Which rules run in which phase, from their metadata.
pub(super) struct Plan {
    /// Rules whose fixes make the repaired view: always run, reported only
    /// when selected.
    repairers: Vec<&'static dyn Rule>,
    selected: Vec<&'static str>,
    original: Vec<&'static dyn Rule>,
    repaired: Vec<&'static dyn Rule>,
    cross: Vec<&'static dyn Rule>,
    reads_source: bool,
    reads_history: bool,
}

impl Plan {
    pub(super) fn new(rules: &[&'static dyn Rule]) -> Plan {
        let repairers: Vec<_> = checks::all()
            .iter()
            .copied()
            .filter(|r| r.meta().repairs)
            .collect();
        let by_input = |input: Input| -> Vec<&'static dyn Rule> {
            rules
                .iter()
                .copied()
                .filter(|r| !r.meta().repairs && r.meta().reads.input == input)
                .collect()
        };
        Plan {
            selected: rules.iter().map(|r| r.meta().name).collect(),
            original: by_input(Input::Original),
            repaired: by_input(Input::Repaired),
            cross: by_input(Input::Index),
            reads_source: rules.iter().any(|r| r.meta().reads.source),
            reads_history: rules.iter().any(|r| r.meta().reads.history),
            repairers,
        }
    }
}

/// One file through the phases.
pub(super) struct FileState {
    pub path: PathBuf,
    /// False for files that could not be read or are not text.
    pub checked: bool,
    pub config: Arc<FileConfig>,
    pub index: Option<Arc<PageIndex>>,
    /// Phase 1 findings, before severities and suppressions.
    local: Vec<Diagnostic>,
    suppressions: Suppressions,
    /// Set when fixes could not be written: the file keeps its findings.
    pub write_error: Option<String>,
    /// The file's findings after the last phase 2.
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
}

impl FileState {
    /// A file or folder that could not be read: an `io-error`, nothing else.
    pub(super) fn failed(path: &Path, config: Arc<FileConfig>, cause: String) -> FileState {
        let mut f = FileState::unchecked(path, config);
        f.local.push(io_error(
            path,
            format!("cannot read {}: {cause}", display_path(path)),
        ));
        f.diagnostics = f.local.clone();
        f
    }

    fn unchecked(path: &Path, config: Arc<FileConfig>) -> FileState {
        FileState {
            path: path.to_path_buf(),
            checked: false,
            config,
            index: None,
            local: Vec::new(),
            suppressions: Suppressions::default(),
            write_error: None,
            diagnostics: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// A source page by path, parsed on first use.
type SourceFn<'a> = dyn Fn(&Path) -> Option<Arc<Document>> + 'a;

/// Phase 1 for one pairing group: the group's English page (`key`) first
/// when it is checked too, so that its translations share its parse.
pub(super) fn phase1_group(
    ws: &Workspace,
    plan: &Plan,
    key: &Path,
    members: &[PathBuf],
) -> Vec<FileState> {
    let key_doc: OnceCell<Option<Arc<Document>>> = OnceCell::new();
    let source = |p: &Path| -> Option<Arc<Document>> {
        if p == key {
            key_doc.get_or_init(|| load_doc(ws, p)).clone()
        } else {
            load_doc(ws, p)
        }
    };
    let mut ordered: Vec<&PathBuf> = members.iter().filter(|m| m.as_path() == key).collect();
    ordered.extend(members.iter().filter(|m| m.as_path() != key));
    let mut out = Vec::with_capacity(members.len());
    for path in ordered {
        let cfg = ws.config_for(path);
        match ws.load(path) {
            Loaded::Doc(doc) => {
                if path.as_path() == key {
                    let _ = key_doc.set(Some(doc.clone()));
                }
                out.push(phase1(ws, plan, &doc, cfg, &source));
            }
            Loaded::Failed(path, cause) => out.push(FileState::failed(&path, cfg, cause)),
            Loaded::Binary(path) => {
                let mut f = FileState::unchecked(&path, cfg);
                f.notes.push(format!(
                    "skipped {}: binary file (NUL bytes, not UTF-16)",
                    display_path(&path)
                ));
                out.push(f);
            }
        }
    }
    out
}

fn load_doc(ws: &Workspace, path: &Path) -> Option<Arc<Document>> {
    match ws.load(path) {
        Loaded::Doc(d) => Some(d),
        _ => None,
    }
}

fn io_error(path: &Path, message: String) -> Diagnostic {
    Diagnostic::new(
        "io-error",
        Severity::Error,
        path.to_path_buf(),
        0..0,
        message,
    )
    .with_help("check that the file exists and is readable; the other files were still checked")
}

/// Phase 1 for one document: single-file rules on the original text and on
/// the repaired view, the page index, and the suppressions.
pub(super) fn phase1(
    ws: &Workspace,
    plan: &Plan,
    doc: &Document,
    cfg: Arc<FileConfig>,
    source: &SourceFn<'_>,
) -> FileState {
    let enabled = |r: &&&'static dyn Rule| cfg.severity(r.meta().name, r.meta().severity).is_some();
    let site_root = ws.site_root(&doc.path);
    let source_of = |d: &Document| -> Option<Arc<Document>> {
        if plan.reads_source {
            d.source_path.as_deref().and_then(source)
        } else {
            None
        }
    };
    let src = source_of(doc);
    let history = if plan.reads_history
        && plan
            .original
            .iter()
            .chain(&plan.repaired)
            .any(|r| r.meta().reads.history && enabled(&r))
    {
        ws.freshness(doc)
    } else {
        None
    };
    let site_config = site_root.as_deref().and_then(crate::pairing::site_settings);
    let ctx = Context {
        config: &cfg,
        source: src.as_deref(),
        site_root: site_root.as_deref(),
        site_config: site_config.as_deref(),
        pages: ws,
        freshness: history.as_ref().map(|h| &h.0),
        pinned_source: history.as_ref().and_then(|h| h.1.as_ref()),
    };
    let mut repair_findings = Vec::new();
    for r in &plan.repairers {
        r.check(doc, &ctx, &mut repair_findings);
    }
    let mut out = Vec::new();
    for r in plan.original.iter().filter(enabled) {
        r.check(doc, &ctx, &mut out);
    }
    let late: Vec<_> = plan.repaired.iter().filter(enabled).collect();
    let (edits, guessed) = repairs(&repair_findings);
    if !late.is_empty() {
        if edits.is_empty() {
            for r in &late {
                r.check(doc, &ctx, &mut out);
            }
        } else {
            let repaired = ws.prepare(
                &doc.path,
                repaired_text(&doc.text, &edits),
                crate::diagnostic::apply::info_after_edits(&doc.encoding, &edits),
            );
            let rsrc = source_of(&repaired);
            let rctx = Context {
                source: rsrc.as_deref(),
                ..ctx
            };
            let mut late_out = Vec::new();
            for r in &late {
                r.check(&repaired, &rctx, &mut late_out);
            }
            let map = RepairMap::new(&edits, &guessed, &repaired.text);
            out.extend(late_out.into_iter().map(|d| map.diagnostic_to_original(d)));
        }
    }
    out.extend(repair_findings.into_iter().filter(|d| {
        plan.selected.contains(&d.rule)
            && checks::by_name(d.rule)
                .is_some_and(|r| cfg.severity(d.rule, r.meta().severity).is_some())
    }));
    demote_fixes_over_lost_characters(&doc.text, &mut out);
    let index = Arc::new(PageIndex::new(doc, cfg.clone()).with_repairs(&doc.text, &edits));
    ws.set_page(index.clone());
    FileState {
        path: doc.path.clone(),
        checked: true,
        config: cfg,
        index: Some(index),
        local: out,
        suppressions: Suppressions::parse(doc, checks::is_known),
        write_error: None,
        diagnostics: Vec::new(),
        notes: Vec::new(),
    }
}

/// A safe fix never edits over a U+FFFD nor writes one. Over invalid bytes
/// the edit would put U+FFFD's bytes in their place, destroying what a
/// person could still recover; a U+FFFD in a repair marks a character that
/// is gone, and a certain fix does not decide what stands there. Such fixes
/// stay available with `--unsafe-fixes`.
fn demote_fixes_over_lost_characters(text: &str, out: &mut [Diagnostic]) {
    for d in out {
        let Some(fix) = d.fix.as_mut() else {
            continue;
        };
        if fix.applicability != Applicability::Safe || fix.reencode_utf8 {
            continue;
        }
        let touches_lost = fix.edits.iter().any(|e| {
            e.replacement.contains('\u{FFFD}')
                || text
                    .get(e.range.clone())
                    .is_some_and(|t| t.contains('\u{FFFD}'))
        });
        if touches_lost {
            fix.applicability = Applicability::Unsafe;
        }
    }
}

/// Phase 2 for one file: the cross-file rules, then config severities and
/// suppressions over all of the file's findings.
pub(super) fn phase2(ws: &Workspace, plan: &Plan, f: &mut FileState) {
    let Some(index) = &f.index else {
        return;
    };
    let cfg = &f.config;
    let mut out = f.local.clone();
    let cross: Vec<_> = plan
        .cross
        .iter()
        .filter(|r| cfg.severity(r.meta().name, r.meta().severity).is_some())
        .collect();
    if !cross.is_empty() {
        let source = index
            .source_path
            .clone()
            .or_else(|| PageLinks::new(&index.path, ws.links(), cfg).mirrored_source())
            .and_then(|p| ws.page(&p));
        let ctx = SiteContext {
            config: cfg,
            links: ws.links(),
            pages: ws,
            source,
        };
        for r in cross {
            r.check_page(index, &ctx, &mut out);
        }
    }
    for d in &mut out {
        if let Some(sev) = cfg.severity(d.rule, d.severity) {
            d.severity = sev;
        }
    }
    let sup = &f.suppressions;
    out.retain(|d| !sup.is_suppressed(d.rule, d.range.start));
    for (name, range) in &sup.unknown {
        out.push(
            Diagnostic::new(
                "unknown-rule",
                Severity::Warning,
                f.path.clone(),
                range.clone(),
                format!("unknown rule `{name}` in a suppression comment"),
            )
            .with_help(
                "`loclint rule --all` lists the rule names; a misspelt name suppresses nothing",
            ),
        );
    }
    if let Some(e) = &f.write_error {
        let mut d = io_error(
            &f.path,
            format!("could not write fixes to {}: {e}", display_path(&f.path)),
        );
        d.help = Some(
            "the file was left as it was and keeps its findings; check that it and its folder are writable".to_string(),
        );
        out.push(d);
    }
    f.diagnostics = out;
}

/// With `--online` (or `links.online`), checks the external URLs of all
/// pages before phase 2, so that `dead-link` only reads the results;
/// otherwise counts them for the summary. The network work runs on a tokio
/// runtime owned by `links::online`, while the rayon pool is idle.
pub(super) fn external_links(
    ws: &Workspace,
    opts: &RunOptions,
    files: &[FileState],
    report: &mut Report,
) {
    let urls: Vec<&str> = files
        .iter()
        .filter_map(|f| f.index.as_deref())
        .flat_map(PageIndex::external_urls)
        .collect();
    let cfg = files
        .iter()
        .find(|f| f.index.is_some())
        .map(|f| f.config.clone())
        .unwrap_or_default();
    if opts.online || cfg.links.online {
        let mut links = cfg.links.clone();
        links.online = true;
        links.allow_private_hosts |= opts.allow_private_hosts;
        if let Some(dir) = &opts.cache_dir {
            links.cache_dir.clone_from(dir);
        } else if links.cache && !inside_working_dir(&links.cache_dir) {
            // A `loclint.toml` may come with the pull request being checked:
            // it does not get to write outside the folder loclint runs in.
            links.cache = false;
            report.notes.push(format!(
                "link cache not used: `links.cache-dir = {:?}` leaves the working folder (use --cache-dir)",
                links.cache_dir.display().to_string()
            ));
        }
        links.cache &= !opts.no_cache;
        let results = crate::links::online::check_all(&urls, &links);
        report.notes.extend(results.notes.iter().cloned());
        ws.links().set_online(results);
    } else {
        report.unchecked_external = crate::links::online::count_external(urls);
    }
}

/// Is `path` a relative path that stays below the working folder?
fn inside_working_dir(path: &Path) -> bool {
    use std::path::Component;
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Every finding of the given rules on one text, as a run over that one file
/// would report it (other pages are read from disk as needed). For tests and
/// editors.
pub fn check_text(
    ws: &Workspace,
    path: &Path,
    text: String,
    info: EncodingInfo,
    rules: &[&'static dyn Rule],
) -> Vec<Diagnostic> {
    let plan = Plan::new(rules);
    let doc = ws.prepare(path, text, info);
    let cfg = ws.config_for(path);
    let source = |p: &Path| load_doc(ws, p);
    let mut f = phase1(ws, &plan, &doc, cfg, &source);
    phase2(ws, &plan, &mut f);
    let mut out = f.diagnostics;
    super::sort_diagnostics(&mut out);
    out
}
