//! Runs the rules over a set of paths: walk, decode, parse, check, fix.
//!
//! Two phases, both parallel with rayon: every file is read and parsed once
//! into the `Workspace` (so cross-file rules can look at other pages), then
//! each file is checked, and with `--fix` re-checked after each round of fixes
//! until nothing changes. Output order never depends on scheduling: the
//! diagnostics are sorted before they leave this module.

use crate::checks::{self, Context, Rule};
use crate::config::{ConfigError, ConfigMode, ConfigResolver, FileConfig};
use crate::diagnostic::apply::{self, FixMode};
use crate::diagnostic::render::display_path;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Severity};
use crate::document::{self, Document, suppress::Suppressions};
use crate::source::{self, Decoded, EncodingInfo, Locale, locale};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Files larger than this are not read (reported as `io-error`).
pub const MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// What to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub paths: Vec<PathBuf>,
    pub threads: Option<usize>,
    /// Only these rules (`--select`).
    pub select: Option<Vec<String>>,
    /// Never these rules (`--ignore`).
    pub ignore: Vec<String>,
    pub config: ConfigMode,
    pub fix: FixMode,
    /// Compute fixes but write nothing; the report carries unified diffs.
    pub diff: bool,
    /// Check external links over the network.
    pub online: bool,
    pub allow_private_hosts: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            paths: vec![PathBuf::from(".")],
            threads: None,
            select: None,
            ignore: Vec::new(),
            config: ConfigMode::Discover,
            fix: FixMode::None,
            diff: false,
            online: false,
            allow_private_hosts: false,
        }
    }
}

/// Errors that stop a run before it starts (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RunError {
    #[error("path does not exist: {0}")]
    #[diagnostic(
        code(loclint::path),
        help("check the spelling, or run from the folder that contains it")
    )]
    MissingPath(String),
    #[error("unknown rule `{0}` in {1}")]
    #[diagnostic(code(loclint::rule), help("`loclint rule --all` lists the rules"))]
    UnknownRule(String, &'static str),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] Box<ConfigError>),
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

/// What a run found and did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files checked.
    pub files: usize,
    /// Sorted by path, position, rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Fixes applied (or, with `--diff`, that would be applied).
    pub fixed: usize,
    /// Files skipped and why (binary, symlink loops...), sorted.
    pub notes: Vec<String>,
    /// The text each diagnostic's ranges refer to (after fixes when fixing).
    pub texts: HashMap<PathBuf, Arc<str>>,
    /// Unified diffs (`--diff`), sorted by path.
    pub diffs: Vec<String>,
    /// External links seen but not checked because the run was offline.
    pub unchecked_external: usize,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// A document parsed at most once, by whichever thread asks first.
type DocCell = Arc<OnceLock<Option<Arc<Document>>>>;

/// Shared, read-mostly state of a run: every parsed document and config.
pub struct Workspace {
    docs: Mutex<HashMap<PathBuf, DocCell>>,
    configs: ConfigResolver,
    site_roots: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// Link resolution state shared by the link rules (sites, anchors, online results).
    links: crate::links::state::LinkState,
}

impl Workspace {
    pub fn new(mode: ConfigMode) -> Workspace {
        Workspace {
            docs: Mutex::new(HashMap::new()),
            configs: ConfigResolver::new(mode),
            site_roots: Mutex::new(HashMap::new()),
            links: crate::links::state::LinkState::new(),
        }
    }

    /// Link resolution state: sites, route tables, anchor sets, online results.
    pub fn links(&self) -> &crate::links::state::LinkState {
        &self.links
    }

    /// The config for a file; errors were already reported during the walk,
    /// so here a failure falls back to defaults.
    pub fn config_for(&self, path: &Path) -> Arc<FileConfig> {
        let dir = path.parent().unwrap_or(Path::new("."));
        self.configs
            .for_dir(dir)
            .unwrap_or_else(|_| Arc::new(FileConfig::default()))
    }

    /// A parsed document for any path (checked or not), read and parsed once.
    /// `None` when the file does not exist or is not text.
    pub fn document(&self, path: &Path) -> Option<Arc<Document>> {
        let key = normalize(path);
        let cell = {
            let mut map = self.docs.lock().ok()?;
            map.entry(key.clone()).or_default().clone()
        };
        cell.get_or_init(|| {
            let bytes = read_limited(&key).ok()?;
            match source::decode(&bytes) {
                Decoded::Text { text, info } => Some(Arc::new(self.prepare(&key, text, info))),
                Decoded::Binary => None,
            }
        })
        .clone()
    }

    /// Registers a document parsed by the engine so others can find it.
    fn insert(&self, doc: Arc<Document>) {
        let key = normalize(&doc.path);
        if let Ok(mut map) = self.docs.lock() {
            let cell = map.entry(key).or_default().clone();
            let _ = cell.set(Some(doc));
        }
    }

    /// The English page a translated page was made from.
    pub fn source_of(&self, doc: &Document) -> Option<Arc<Document>> {
        doc.source_path.as_ref().and_then(|p| self.document(p))
    }

    /// The Docusaurus site root above a path (configured or found by `docusaurus.config.*`).
    pub fn site_root(&self, path: &Path) -> Option<PathBuf> {
        let cfg = self.config_for(path);
        if let Some(root) = &cfg.site.root {
            return Some(normalize(&cfg.base_dir.join(root)));
        }
        let dir = normalize(path.parent().unwrap_or(Path::new(".")));
        if let Some(hit) = self
            .site_roots
            .lock()
            .ok()
            .and_then(|m| m.get(&dir).cloned())
        {
            return hit;
        }
        let mut found = None;
        let mut cur = Some(dir.as_path());
        while let Some(d) = cur {
            if locale::SITE_MARKERS.iter().any(|m| d.join(m).is_file()) {
                found = Some(d.to_path_buf());
                break;
            }
            if d.join(".git").exists() {
                break;
            }
            cur = d.parent().filter(|p| !p.as_os_str().is_empty());
        }
        if found.is_none() && !dir.is_absolute() {
            // Relative paths stop at the current folder; look further up from there.
            if let Ok(abs) = std::path::absolute(&dir) {
                let mut cur = abs.parent();
                while let Some(d) = cur {
                    if locale::SITE_MARKERS.iter().any(|m| d.join(m).is_file()) {
                        found = Some(d.to_path_buf());
                        break;
                    }
                    if d.join(".git").exists() {
                        break;
                    }
                    cur = d.parent();
                }
            }
        }
        if let Ok(mut m) = self.site_roots.lock() {
            m.insert(dir, found.clone());
        }
        found
    }

    /// Parses text and fills in what depends on the file's place: locale and source.
    pub fn prepare(&self, path: &Path, text: String, info: EncodingInfo) -> Document {
        let mut doc = document::parse(path.to_path_buf(), text);
        doc.encoding = info;
        let cfg = self.config_for(path);
        let site = self
            .site_root(path)
            .and_then(|root| locale::site_info(&root, path));
        let fm_locale = doc
            .front_matter
            .as_ref()
            .and_then(|fm| fm.get("locale").or_else(|| fm.get("lang")))
            .map(|f| Locale::new(&f.value));
        let path_locale = site.as_ref().and_then(|s| s.locale.clone());
        doc.locale = cfg
            .locale_for(path)
            .or(fm_locale)
            .or(path_locale)
            .unwrap_or_else(|| detect_locale(&doc));
        if !doc.locale.is_english() {
            doc.source_path = self.find_source(path, site.as_ref(), &cfg);
        }
        doc
    }

    fn find_source(
        &self,
        path: &Path,
        site: Option<&source::SiteInfo>,
        cfg: &FileConfig,
    ) -> Option<PathBuf> {
        if let Some(src_root) = &cfg.site.source {
            let rel = path.strip_prefix(&cfg.base_dir).ok()?;
            let p = normalize(&cfg.base_dir.join(src_root).join(rel));
            return p.is_file().then_some(p);
        }
        let site = site?;
        locale::source_candidates(site)
            .into_iter()
            .map(|p| normalize(&p))
            .find(|p| p.is_file())
    }
}

/// Removes `.` and resolves `..` without touching the file system, so that
/// the same file reached through different links is one cache entry.
pub fn normalize(path: &Path) -> PathBuf {
    let mut parts: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => parts.push(c),
            },
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        return PathBuf::from(".");
    }
    parts.iter().collect()
}

fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > MAX_FILE_SIZE {
        return Err(std::io::Error::other(format!(
            "file is {} MB, over the {} MB limit",
            meta.len() / (1024 * 1024),
            MAX_FILE_SIZE / (1024 * 1024)
        )));
    }
    std::fs::read(path)
}

/// The rules a run uses, after `--select` and `--ignore`.
pub fn selected_rules(opts: &RunOptions) -> Result<Vec<&'static dyn Rule>, RunError> {
    for (list, flag) in [
        (opts.select.as_deref().unwrap_or(&[]), "--select"),
        (&opts.ignore[..], "--ignore"),
    ] {
        if let Some(bad) = list.iter().find(|n| checks::by_name(n).is_none()) {
            return Err(RunError::UnknownRule(bad.clone(), flag));
        }
    }
    Ok(checks::all()
        .iter()
        .copied()
        .filter(|r| {
            opts.select
                .as_ref()
                .is_none_or(|s| s.iter().any(|n| n == r.meta().name))
        })
        .filter(|r| !opts.ignore.iter().any(|n| n == r.meta().name))
        .collect())
}

/// Runs a whole check (and fix) over the given paths.
pub fn run(opts: &RunOptions) -> Result<Report, RunError> {
    let rules = selected_rules(opts)?;
    for p in &opts.paths {
        if std::fs::symlink_metadata(p).is_err() {
            return Err(RunError::MissingPath(p.display().to_string()));
        }
    }
    let threads = opts.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    pool.install(|| run_in_pool(opts, &rules))
}

fn run_in_pool(opts: &RunOptions, rules: &[&'static dyn Rule]) -> Result<Report, RunError> {
    let ws = Workspace::new(opts.config.clone());
    let walked = crate::walk::collect(&opts.paths, opts.threads, &ws.configs)?;
    let mut report = Report {
        notes: walked.notes,
        ..Report::default()
    };

    // Phase 1: read and parse every file once.
    let loaded: Vec<Loaded> = walked.files.par_iter().map(|p| load(&ws, p)).collect();

    // Between the phases: external links, every distinct URL once per run.
    check_external_links(&ws, opts, &loaded, &mut report);

    // Phase 2: check (and fix) each file.
    let outcomes: Vec<FileOutcome> = loaded
        .into_par_iter()
        .map(|l| check_file(&ws, rules, opts, l))
        .collect();

    for o in outcomes {
        report.files += usize::from(o.checked);
        report.fixed += o.fixed;
        report.diagnostics.extend(o.diagnostics);
        report.notes.extend(o.notes);
        if let Some(d) = o.diff {
            report.diffs.push(d);
        }
        if let Some(t) = o.text {
            report.texts.insert(o.path, t);
        }
    }
    sort_diagnostics(&mut report.diagnostics);
    report.notes.sort();
    report.diffs.sort();
    Ok(report)
}

/// With `--online` (or `links.online`), checks the external URLs of all
/// pages before the per-file rules run, so that `dead-link` only reads the
/// results; otherwise counts them for the summary. The network work runs on a
/// tokio runtime owned by `links::online`, while the rayon pool is idle.
fn check_external_links(ws: &Workspace, opts: &RunOptions, loaded: &[Loaded], report: &mut Report) {
    let docs: Vec<&Arc<Document>> = loaded
        .iter()
        .filter_map(|l| match l {
            Loaded::Doc(d) => Some(d),
            _ => None,
        })
        .collect();
    let urls: Vec<&str> = docs
        .iter()
        .flat_map(|d| crate::links::page::external_urls(d))
        .collect();
    let cfg = docs
        .first()
        .map(|d| ws.config_for(&d.path))
        .unwrap_or_default();
    if opts.online || cfg.links.online {
        let mut links = cfg.links.clone();
        links.online = true;
        links.allow_private_hosts |= opts.allow_private_hosts;
        ws.links()
            .set_online(crate::links::online::check_all(&urls, &links));
    } else {
        report.unchecked_external = crate::links::online::count_external(urls);
    }
}

pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.path, a.range.start, a.rule, a.range.end, &a.message).cmp(&(
            &b.path,
            b.range.start,
            b.rule,
            b.range.end,
            &b.message,
        ))
    });
}

enum Loaded {
    Doc(Arc<Document>),
    /// An `io-error` diagnostic instead of a document.
    Failed(PathBuf, String),
    Binary(PathBuf),
}

fn load(ws: &Workspace, path: &Path) -> Loaded {
    let bytes = match read_limited(path) {
        Ok(b) => b,
        Err(e) => return Loaded::Failed(path.to_path_buf(), e.to_string()),
    };
    match source::decode(&bytes) {
        Decoded::Text { text, info } => {
            let doc = Arc::new(ws.prepare(path, text, info));
            ws.insert(doc.clone());
            Loaded::Doc(doc)
        }
        Decoded::Binary => Loaded::Binary(path.to_path_buf()),
    }
}

#[derive(Default)]
struct FileOutcome {
    path: PathBuf,
    checked: bool,
    diagnostics: Vec<Diagnostic>,
    fixed: usize,
    notes: Vec<String>,
    diff: Option<String>,
    text: Option<Arc<str>>,
}

fn check_file(
    ws: &Workspace,
    rules: &[&'static dyn Rule],
    opts: &RunOptions,
    loaded: Loaded,
) -> FileOutcome {
    let doc = match loaded {
        Loaded::Doc(d) => d,
        Loaded::Failed(path, cause) => {
            let d = Diagnostic::new(
                "io-error",
                Severity::Error,
                path.clone(),
                0..0,
                format!("cannot read {}: {cause}", display_path(&path)),
            )
            .with_help(
                "check that the file exists and is readable; the other files were still checked",
            );
            return FileOutcome {
                path,
                checked: false,
                diagnostics: vec![d],
                ..FileOutcome::default()
            };
        }
        Loaded::Binary(path) => {
            return FileOutcome {
                notes: vec![format!(
                    "skipped {}: binary file (NUL bytes, not UTF-16)",
                    path.display()
                )],
                path,
                ..FileOutcome::default()
            };
        }
    };
    let cfg = ws.config_for(&doc.path);
    let path = doc.path.clone();
    let diagnostics = lint(ws, &cfg, rules, &doc);
    let mut outcome = FileOutcome {
        path: path.clone(),
        checked: true,
        ..FileOutcome::default()
    };
    if opts.fix == FixMode::None {
        outcome.diagnostics = diagnostics;
        outcome.text = Some(Arc::from(doc.text.as_str()));
        return outcome;
    }

    let original = doc.text.clone();
    let original_info = doc.encoding;
    let fixed = fix_until_stable(ws, &cfg, rules, doc, diagnostics, opts.fix);
    outcome.fixed = fixed.applied;
    let (current, diagnostics) = (fixed.doc, fixed.diagnostics);
    let info = current.encoding;
    let changed = current.text != original || info != original_info;
    if changed {
        if opts.diff {
            outcome.diff = Some(apply::unified_diff(
                &path,
                &original,
                &current.text,
                original_info,
                info,
            ));
        } else if let Err(e) = apply::write_atomically(&path, &current.text, &info) {
            outcome.notes.push(format!(
                "could not write fixes to {}: {e}",
                display_path(&path)
            ));
        }
    }
    outcome.diagnostics = diagnostics;
    outcome.text = Some(Arc::from(current.text.as_str()));
    outcome
}

/// What a fix run left behind.
pub struct Fixed {
    /// The document as fixed (its `encoding` says how to write it).
    pub doc: Arc<Document>,
    /// The diagnostics of the fixed document.
    pub diagnostics: Vec<Diagnostic>,
    /// How many fixes were applied, over all passes.
    pub applied: usize,
}

/// The fix loop: apply the fixes `mode` allows that do not conflict, re-lint,
/// until nothing changes (at most 10 passes). `diagnostics` are `doc`'s.
pub fn fix_until_stable(
    ws: &Workspace,
    cfg: &FileConfig,
    rules: &[&'static dyn Rule],
    doc: Arc<Document>,
    mut diagnostics: Vec<Diagnostic>,
    mode: FixMode,
) -> Fixed {
    let mut current = doc;
    let mut applied = 0;
    for _ in 0..10 {
        let (text, n, reencode) = apply::apply_fixes(&current.text, &diagnostics, mode);
        if n == 0 {
            break;
        }
        applied += n;
        let info = if reencode {
            EncodingInfo::default()
        } else {
            current.encoding
        };
        let next = Arc::new(ws.prepare(&current.path, text, info));
        diagnostics = lint(ws, cfg, rules, &next);
        current = next;
    }
    Fixed {
        doc: current,
        diagnostics,
        applied,
    }
}

/// The language of a page whose config, front matter and path name none:
/// its text, or else its headings. Help-center FAQ pages often keep long
/// English answers under translated section headings; the headings, which the
/// site's own writers produce, say which language the page is published in.
fn detect_locale(doc: &Document) -> Locale {
    let by_text = locale::ScriptCounts::of(&doc.text).dominant();
    if !by_text.is_english() || doc.headings.is_empty() {
        return by_text;
    }
    let mut native = String::new();
    let mut native_headings = 0;
    for h in &doc.headings {
        let c = locale::ScriptCounts::of(&h.text);
        if c.hangul + c.kana + c.han > 0 {
            native_headings += 1;
            native.push_str(&h.text);
            native.push('\n');
        }
    }
    // Two thirds of the headings, so that an English page quoting one
    // translated title stays English.
    if native_headings * 3 < doc.headings.len() * 2 {
        return by_text;
    }
    locale::ScriptCounts::of(&native).cjk_language()
}

/// All diagnostics of one document: rules, then config severities, then suppressions.
pub fn lint(
    ws: &Workspace,
    cfg: &FileConfig,
    rules: &[&'static dyn Rule],
    doc: &Document,
) -> Vec<Diagnostic> {
    let ctx = Context {
        workspace: ws,
        config: cfg,
    };
    let enabled = |r: &&&'static dyn Rule| cfg.severity(r.meta().name, r.meta().severity).is_some();
    let mut out = Vec::new();
    for rule in rules
        .iter()
        .filter(enabled)
        .filter(|r| !r.meta().after_repair)
    {
        rule.check(doc, &ctx, &mut out);
    }
    let late: Vec<_> = rules
        .iter()
        .filter(enabled)
        .filter(|r| r.meta().after_repair)
        .collect();
    if !late.is_empty() {
        let (repairs, made) = mojibake_repairs(&out);
        if repairs.is_empty() {
            for rule in &late {
                rule.check(doc, &ctx, &mut out);
            }
        } else {
            let repaired_text = apply::apply_edits(&doc.text, &repairs);
            let repaired = ws.prepare(&doc.path, repaired_text, doc.encoding);
            let mut late_out = Vec::new();
            for rule in &late {
                rule.check(&repaired, &ctx, &mut late_out);
            }
            let map = RepairMap::new(&repairs, &made, &repaired.text);
            out.extend(late_out.into_iter().map(|d| map.diagnostic_to_original(d)));
        }
    }
    for d in &mut out {
        if let Some(sev) = cfg.severity(d.rule, d.severity) {
            d.severity = sev;
        }
    }
    let sup = Suppressions::parse(doc, checks::is_known);
    out.retain(|d| !sup.is_suppressed(d.rule, d.range.start));
    for (name, range) in &sup.unknown {
        out.push(
            Diagnostic::new(
                "unknown-rule",
                Severity::Warning,
                doc.path.clone(),
                range.clone(),
                format!("unknown rule `{name}` in a suppression comment"),
            )
            .with_help(
                "`loclint rule --all` lists the rule names; a misspelt name suppresses nothing",
            ),
        );
    }
    out
}

/// The mojibake repairs, as the text reads once they are made: the
/// translation and URL rules judge that reading. Runs with lost bytes are
/// read as their best candidate (a Korean page whose every other word lost a
/// byte is still a Korean page); the second vector tells, per edit, whether
/// it is a guess (so that no fix built on one is offered as safe) and which
/// fix it belongs to (a fix built on one edit writes its whole fix).
fn mojibake_repairs(diags: &[Diagnostic]) -> (Vec<Edit>, Vec<Made>) {
    let mut edits: Vec<(Edit, Made)> = diags
        .iter()
        .filter(|d| d.rule == "mojibake")
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability != Applicability::DisplayOnly)
        .enumerate()
        .flat_map(|(fix, f)| {
            let guess = f.applicability != Applicability::Safe;
            f.edits
                .iter()
                .map(move |e| (e.clone(), Made { guess, fix }))
        })
        .collect();
    // Safe edits first where two overlap.
    edits.sort_by_key(|(e, m)| (e.range.start, e.range.end, m.guess));
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    let mut made = Vec::with_capacity(edits.len());
    for (e, m) in edits {
        if out.last().is_none_or(|l| l.range.end <= e.range.start) {
            out.push(e);
            made.push(m);
        }
    }
    (out, made)
}

/// How one mojibake edit came about.
#[derive(Debug, Clone, Copy)]
struct Made {
    /// The repair is a guess (bytes were lost).
    guess: bool,
    /// The fix it is part of, numbered in the order of the diagnostics.
    fix: usize,
}

/// Maps offsets in repaired text back to the original text.
struct RepairMap<'a> {
    /// (original range, repaired range) per edit.
    spans: Vec<(Range<usize>, Range<usize>)>,
    /// Per edit: how it came about.
    made: &'a [Made],
    repaired: &'a str,
}

impl<'a> RepairMap<'a> {
    fn new(edits: &[Edit], made: &'a [Made], repaired: &'a str) -> RepairMap<'a> {
        let mut delta: isize = 0;
        let spans = edits
            .iter()
            .map(|e| {
                let start = (e.range.start as isize + delta) as usize;
                delta += e.replacement.len() as isize - (e.range.end - e.range.start) as isize;
                (e.range.clone(), start..start + e.replacement.len())
            })
            .collect();
        RepairMap {
            spans,
            made,
            repaired,
        }
    }

    /// Offset in the original text; inside a repaired span it snaps to the
    /// span's start (or its end, when mapping the end of a range).
    fn map(&self, offset: usize, end: bool) -> usize {
        let mut delta: isize = 0;
        for (orig, rep) in &self.spans {
            if offset <= rep.start {
                break;
            }
            if offset < rep.end {
                return if end { orig.end } else { orig.start };
            }
            delta = orig.end as isize - rep.end as isize;
        }
        offset.saturating_add_signed(delta)
    }

    fn range(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.map(r.start, false);
        let end = self.map(r.end, true).max(start);
        start..end
    }

    /// An edit in repaired coordinates, widened over any repaired span it
    /// touches, so that applying it to the original also repairs that span,
    /// and over the rest of that span's fix: a mojibake fix is made whole or
    /// not at all (a certain word and the guess beside it, say), and making
    /// part of it would leave the rest where it can no longer be found.
    fn edit(&self, e: &Edit) -> (Edit, bool) {
        // Each fix's extent, in repaired coordinates.
        let mut extent: HashMap<usize, Range<usize>> = HashMap::new();
        for ((_, rep), m) in self.spans.iter().zip(self.made) {
            let x = extent.entry(m.fix).or_insert_with(|| rep.clone());
            *x = x.start.min(rep.start)..x.end.max(rep.end);
        }
        let (mut a, mut b) = (e.range.start, e.range.end);
        loop {
            let (a0, b0) = (a, b);
            for ((_, rep), m) in self.spans.iter().zip(self.made) {
                if rep.start < b.max(a + 1) && a < rep.end {
                    let x = &extent[&m.fix];
                    a = a.min(x.start);
                    b = b.max(x.end);
                }
            }
            if (a, b) == (a0, b0) {
                break;
            }
        }
        let guess = self
            .spans
            .iter()
            .zip(self.made)
            .any(|((_, rep), m)| m.guess && rep.start < b.max(a + 1) && a < rep.end);
        let mut replacement = String::new();
        replacement.push_str(self.repaired.get(a..e.range.start).unwrap_or(""));
        replacement.push_str(&e.replacement);
        replacement.push_str(self.repaired.get(e.range.end..b).unwrap_or(""));
        let edit = Edit {
            range: self.range(&(a..b)),
            replacement,
        };
        (edit, guess)
    }

    fn diagnostic_to_original(&self, mut d: Diagnostic) -> Diagnostic {
        d.range = self.range(&d.range);
        for l in &mut d.labels {
            l.range = self.range(&l.range);
        }
        if let Some(f) = &mut d.fix {
            let mut guess = false;
            f.edits = f
                .edits
                .iter()
                .map(|e| {
                    let (edit, g) = self.edit(e);
                    guess |= g;
                    edit
                })
                .collect();
            // Applying the fix also writes a guessed repair.
            if guess && f.applicability == Applicability::Safe {
                f.applicability = Applicability::Unsafe;
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_paths() {
        assert_eq!(
            normalize(Path::new("a/./b/../c.md")),
            PathBuf::from("a/c.md")
        );
        assert_eq!(normalize(Path::new("./x.md")), PathBuf::from("x.md"));
        assert_eq!(
            normalize(Path::new("/s/docs/../i18n")),
            PathBuf::from("/s/i18n")
        );
    }

    #[test]
    fn repair_map_moves_ranges_and_widens_edits() {
        // "AAxxBB" -> repaired "AA요금제은BB" where "xx" became "요금제은".
        let original = "AAxxBB";
        let edits = vec![Edit::replace(2..4, "요금제은")];
        let repaired = apply::apply_edits(original, &edits);
        let certain = [Made {
            guess: false,
            fix: 0,
        }];
        let map = RepairMap::new(&edits, &certain, &repaired);
        let bb = repaired.find("BB").unwrap();
        assert_eq!(map.range(&(bb..bb + 2)), 4..6);
        let eun = repaired.find('은').unwrap();
        let (e, guess) = map.edit(&Edit::replace(eun..eun + 3, "는"));
        assert_eq!(e.range, 2..4);
        assert_eq!(e.replacement, "요금제는");
        assert!(!guess);
        let guess = [Made {
            guess: true,
            fix: 0,
        }];
        let map = RepairMap::new(&edits, &guess, &repaired);
        assert!(map.edit(&Edit::replace(eun..eun + 3, "는")).1);
        assert!(!map.edit(&Edit::replace(bb..bb + 2, "C")).1);
    }

    #[test]
    fn an_edit_on_part_of_a_fix_writes_the_whole_fix() {
        // One fix repairs "xx" (certain) and "yy" (a guess) in "AAxx yyBB".
        let original = "AAxx yyBB";
        let edits = vec![Edit::replace(2..4, "보안"), Edit::replace(5..7, "및")];
        let made = [
            Made {
                guess: false,
                fix: 0,
            },
            Made {
                guess: true,
                fix: 0,
            },
        ];
        let repaired = apply::apply_edits(original, &edits);
        let map = RepairMap::new(&edits, &made, &repaired);
        let an = repaired.find('안').unwrap();
        let (e, guess) = map.edit(&Edit::replace(an..an + 3, "안은"));
        assert_eq!((e.range, e.replacement.as_str()), (2..7, "보안은 및"));
        assert!(guess, "it writes the guess too");
        // Fixes of their own stay apart.
        let made = [
            Made {
                guess: false,
                fix: 0,
            },
            Made {
                guess: true,
                fix: 1,
            },
        ];
        let map = RepairMap::new(&edits, &made, &repaired);
        let (e, guess) = map.edit(&Edit::replace(an..an + 3, "안은"));
        assert_eq!((e.range, e.replacement.as_str()), (2..4, "보안은"));
        assert!(!guess);
    }
}
