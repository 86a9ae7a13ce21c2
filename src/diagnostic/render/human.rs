//! `--output-format human`: each finding with its source snippet, labels,
//! help and fix, sized for a person.
//!
//! - When many runs of a page share one round trip (`Diagnostic::group`) and
//!   `--fix` handles each of them, the page gets one report: the round trip,
//!   how many runs are certain and how many are guesses, the first few, and
//!   the commands that repair them. Runs that need a person (no fix, or a
//!   guess too close to call) are still reported one by one.
//! - Consecutive findings of one rule and severity close together on one
//!   line share one report.
//! - Snippets are cut to the terminal width around their spans
//!   (`snippet`), and `path:line:col` counts characters as every other
//!   format does.
//!
//! Files render independently and in parallel; the order is the input's.

use super::snippet::{self, Mark};
use super::style::Style;
use super::{Locator, RenderInput, Totals, fix_flag, plural, shell_quote, shown_path};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use rayon::prelude::*;
use std::path::Path;

#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    /// Terminal columns.
    pub width: usize,
    /// Show each fix as the line before and after it.
    pub show_fixes: bool,
}

/// Fewest runs of one round trip on a page that are reported as one.
const FOLD_AT: usize = 5;
/// Runs quoted in a page-level report.
const PREVIEW: usize = 3;

/// One report: several findings of one rule on one line, or a page's runs of
/// one round trip.
enum Item<'a> {
    Line(Vec<&'a Diagnostic>),
    Page {
        group: &'a str,
        runs: Vec<&'a Diagnostic>,
    },
}

pub fn render(input: &RenderInput, opts: HumanOptions) -> String {
    let files = input.by_file();
    let chunks: Vec<String> = files
        .par_iter()
        .map(|(path, loc, ds)| render_file(path, loc, ds, opts))
        .collect();
    chunks.concat()
}

/// A page-level report takes the runs `--fix` can repair (`Safe`, or an
/// `Unsafe` guess that is clearly ahead); the others stay individual.
fn foldable(d: &Diagnostic) -> bool {
    d.group.is_some()
        && d.fix
            .as_ref()
            .is_some_and(|f| f.applicability != Applicability::DisplayOnly)
}

/// `avail`: columns a snippet line has; findings on one line share a report
/// when together they fit in it.
fn items<'a>(loc: &Locator, ds: &'a [Diagnostic], avail: usize) -> Vec<Item<'a>> {
    let mut counts: std::collections::HashMap<(&str, &str), usize> =
        std::collections::HashMap::new();
    for d in ds.iter().filter(|d| foldable(d)) {
        if let Some(g) = &d.group {
            *counts.entry((d.rule, g.as_str())).or_default() += 1;
        }
    }
    let folded = |d: &Diagnostic| {
        foldable(d)
            && d.group
                .as_deref()
                .is_some_and(|g| counts.get(&(d.rule, g)).copied().unwrap_or(0) >= FOLD_AT)
    };
    let mut out: Vec<Item> = Vec::new();
    let mut page_at: std::collections::HashMap<(&str, &str), usize> =
        std::collections::HashMap::new();
    let line_of = |o: usize| loc.lines().line_of(o);
    for d in ds {
        if folded(d) {
            let g = d.group.as_deref().unwrap_or("");
            match page_at.get(&(d.rule, g)) {
                Some(&i) => {
                    if let Item::Page { runs, .. } = &mut out[i] {
                        runs.push(d);
                    }
                }
                None => {
                    page_at.insert((d.rule, g), out.len());
                    out.push(Item::Page {
                        group: g,
                        runs: vec![d],
                    });
                }
            }
            continue;
        }
        let one_line = line_of(d.range.start) == line_of(d.range.end);
        if let Some(Item::Line(prev)) = out.last_mut()
            && let (Some(head), Some(last)) = (prev.first(), prev.last())
            && last.rule == d.rule
            && last.severity == d.severity
            && one_line
            && line_of(last.range.start) == line_of(d.range.start)
            && line_of(last.range.end) == line_of(d.range.start)
            && loc.position(d.range.end).column <= loc.position(head.range.start).column + avail / 2
        {
            prev.push(d);
            continue;
        }
        out.push(Item::Line(vec![d]));
    }
    out
}

fn render_file(path: &Path, loc: &Locator, ds: &[Diagnostic], opts: HumanOptions) -> String {
    let st = Style { color: opts.color };
    let name = shown_path(path);
    let mut out = String::new();
    for item in items(loc, ds, opts.width.saturating_sub(8)) {
        match item {
            Item::Line(group) => render_line_item(&mut out, &name, path, loc, &group, opts, st),
            Item::Page { group, runs } => {
                render_page(&mut out, &name, path, loc, group, &runs, opts, st)
            }
        }
        out.push('\n');
    }
    out
}

fn header(out: &mut String, d: &Diagnostic, message: &str, st: Style) {
    let head = format!("{}[{}]", d.severity.as_str(), d.rule);
    out.push_str(&format!(
        "{}{} {}\n",
        st.severity(d.severity, &head),
        st.bold(":"),
        st.bold(&one_line(message))
    ));
}

fn one_line(s: &str) -> String {
    s.replace("\r\n", " ").replace('\n', " ")
}

fn arrow(out: &mut String, indent: usize, name: &str, loc: &Locator, offset: usize, st: Style) {
    if loc.text().is_empty() {
        out.push_str(&format!(
            "{}{} {name}\n",
            " ".repeat(indent),
            st.frame("-->")
        ));
        return;
    }
    let p = loc.position(offset);
    out.push_str(&format!(
        "{}{} {name}:{}:{}\n",
        " ".repeat(indent),
        st.frame("-->"),
        p.line,
        p.column
    ));
}

/// `= head: text`, wrapped to the width with the text's lines aligned.
fn note(out: &mut String, indent: usize, head: &str, text: &str, width: usize, st: Style) {
    let lead = format!("{} {} {head}: ", " ".repeat(indent), st.frame("="));
    let lead_width = indent + 3 + snippet::width(head) + 2;
    // A long head (a fix's) would leave a narrow column: continue under `=` instead.
    let cont = if lead_width > 24 {
        indent + 5
    } else {
        lead_width
    };
    let avail = width.saturating_sub(cont).max(30);
    let first_avail = width.saturating_sub(lead_width).max(30);
    let mut first = true;
    for para in text.lines() {
        let lead_avail = if first { first_avail } else { avail };
        for line in wrap(para, lead_avail, avail) {
            if first {
                out.push_str(&lead);
                first = false;
            } else {
                out.push_str(&" ".repeat(cont));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    if first {
        out.push_str(lead.trim_end());
        out.push('\n');
    }
}

/// Words of `s` in lines of at most `first` columns, then `rest` (a longer
/// word alone on its line).
fn wrap(s: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut w = 0;
    for word in s.split(' ') {
        let ww = snippet::width(word);
        let avail = if lines.is_empty() { first } else { rest };
        if !cur.is_empty() && w + 1 + ww > avail {
            lines.push(std::mem::take(&mut cur));
            w = 0;
        }
        if !cur.is_empty() {
            cur.push(' ');
            w += 1;
        }
        cur.push_str(word);
        w += ww;
    }
    lines.push(cur);
    lines
}

fn gutter(loc: &Locator, ds: &[&Diagnostic]) -> usize {
    let last = ds
        .iter()
        .flat_map(|d| std::iter::once(d.range.end).chain(d.labels.iter().map(|l| l.range.end)))
        .max()
        .unwrap_or(0);
    (loc.lines().line_of(last) + 1).to_string().len()
}

fn fix_head(a: Applicability) -> String {
    match fix_flag(a) {
        Some(flag) if a == Applicability::Safe => format!("fix (safe, {flag})"),
        Some(flag) => format!("fix (unsafe, {flag})"),
        None => "suggestion".to_string(),
    }
}

/// The fix's title, with `old` -> `new` when it is one short edit.
fn fix_text(d: &Diagnostic, text: &str) -> Option<(Applicability, String)> {
    let f = d.fix.as_ref()?;
    let mut line = f.message.clone();
    if let [e] = f.edits.as_slice() {
        let old = text.get(e.range.clone()).unwrap_or("");
        let short = |s: &str| s.chars().count() <= 60 && !s.contains('\n');
        if short(old)
            && short(&e.replacement)
            && !f.message.contains(&format!("`{}`", e.replacement))
        {
            line.push_str(&format!(": `{old}` -> `{}`", e.replacement));
        }
    }
    Some((f.applicability, line))
}

fn render_line_item(
    out: &mut String,
    name: &str,
    _path: &Path,
    loc: &Locator,
    group: &[&Diagnostic],
    opts: HumanOptions,
    st: Style,
) {
    let Some(first) = group.first() else {
        return;
    };
    let indent = gutter(loc, group);
    let message = if let [d] = group {
        d.message.clone()
    } else {
        format!(
            "{} on one line",
            plural(group.len(), &format!("{} finding", first.rule))
        )
    };
    header(out, first, &message, st);
    arrow(out, indent, name, loc, first.range.start, st);
    let mut marks: Vec<Mark> = Vec::new();
    let mut owners: Vec<usize> = Vec::new();
    for (k, d) in group.iter().enumerate() {
        marks.push(Mark {
            range: d.range.clone(),
            primary: true,
            text: None,
        });
        owners.push(k);
        for l in &d.labels {
            marks.push(Mark {
                range: l.range.clone(),
                primary: false,
                text: Some(one_line(&l.message)),
            });
            owners.push(k);
        }
    }
    let bar = format!("{} {}\n", " ".repeat(indent), st.frame("|"));
    let mut hidden = Vec::new();
    if !loc.text().is_empty() {
        out.push_str(&bar);
        let avail = opts.width.saturating_sub(indent + 3);
        hidden = snippet::render(out, loc, &marks, avail, indent, first.severity, st);
        out.push_str(&bar);
    }
    // Labels past the cut, one note per text with every place it applies.
    let mut past: Vec<(&str, Vec<String>)> = Vec::new();
    for i in hidden {
        if let Some(t) = &marks[i].text {
            let p = loc.position(marks[i].range.start);
            let at = format!("{}:{}", p.line, p.column);
            match past.iter_mut().find(|(x, _)| *x == t.as_str()) {
                Some((_, v)) => v.push(at),
                None => past.push((t, vec![at])),
            }
        }
    }
    for (t, mut at) in past {
        at.dedup();
        note(out, indent, &at.join(", "), t, opts.width, st);
    }
    let many = group.len() > 1;
    if many {
        for d in group {
            let p = loc.position(d.range.start);
            note(
                out,
                indent,
                &format!("{}:{}", p.line, p.column),
                &one_line(&d.message),
                opts.width,
                st,
            );
        }
    }
    let helps: Vec<&str> = group.iter().filter_map(|d| d.help.as_deref()).collect();
    let same_help = helps.windows(2).all(|w| w[0] == w[1]);
    for (k, d) in group.iter().enumerate() {
        let p = loc.position(d.range.start);
        let at = if many && !same_help {
            format!(" ({}:{})", p.line, p.column)
        } else {
            String::new()
        };
        if let Some(h) = &d.help
            && (k == 0 || !same_help)
        {
            note(out, indent, &format!("help{at}"), h, opts.width, st);
        }
        let at = if many {
            format!(" ({}:{})", p.line, p.column)
        } else {
            String::new()
        };
        if let Some((a, t)) = fix_text(d, loc.text()) {
            note(
                out,
                indent,
                &format!("{}{at}", fix_head(a)),
                &t,
                opts.width,
                st,
            );
            if opts.show_fixes {
                show_fix(out, indent, loc, d, opts.width, st);
            }
        }
    }
}

/// The fixed lines before and after the fix, cut around the edits.
fn show_fix(
    out: &mut String,
    indent: usize,
    loc: &Locator,
    d: &Diagnostic,
    width: usize,
    st: Style,
) {
    let Some(f) = &d.fix else {
        return;
    };
    let (Some(first), Some(last)) = (f.edits.first(), f.edits.last()) else {
        return;
    };
    let text = loc.text();
    let lines = loc.lines();
    let from = lines.line_start(lines.line_of(first.range.start));
    let to = loc
        .line_range(lines.line_of(last.range.end))
        .end
        .max(last.range.end);
    let Some(before) = text.get(from..to) else {
        return;
    };
    let mut after = String::new();
    let mut at = from;
    for e in &f.edits {
        after.push_str(text.get(at..e.range.start).unwrap_or(""));
        after.push_str(&e.replacement);
        at = e.range.end;
    }
    after.push_str(text.get(at..to).unwrap_or(""));
    let avail = width.saturating_sub(indent + 5);
    let pad = " ".repeat(indent + 3);
    let focus = first.range.start - from;
    for (sign, s) in [("-", before), ("+", after.as_str())] {
        for line in s.lines().take(4) {
            let shown = cut_at(line, focus.min(line.len()), avail);
            let row = format!("{sign} {shown}");
            out.push_str(&pad);
            out.push_str(&if sign == "-" {
                st.severity(Severity::Error, &row)
            } else {
                st.fix(&row)
            });
            out.push('\n');
        }
    }
}

/// A line cut to `avail` columns around byte `focus` (moved to a boundary).
fn cut_at(line: &str, focus: usize, avail: usize) -> String {
    let mut f = focus;
    while !line.is_char_boundary(f) {
        f -= 1;
    }
    let loc = Locator::new(line);
    let mut out = String::new();
    let _ = snippet::render(
        &mut out,
        &loc,
        &[Mark {
            range: f..f,
            primary: true,
            text: None,
        }],
        avail,
        0,
        Severity::Info,
        Style { color: false },
    );
    out.lines()
        .next()
        .and_then(|l| l.split_once(" | ").map(|(_, s)| s.to_string()))
        .unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
fn render_page(
    out: &mut String,
    name: &str,
    path: &Path,
    loc: &Locator,
    group: &str,
    runs: &[&Diagnostic],
    opts: HumanOptions,
    st: Style,
) {
    let Some(first) = runs.first() else {
        return;
    };
    let certain = runs
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
        })
        .count();
    let guesses = runs.len() - certain;
    let mut lines: Vec<usize> = runs
        .iter()
        .map(|d| loc.lines().line_of(d.range.start))
        .collect();
    lines.dedup();
    let message = format!(
        "{} of {} on {}, one round trip: {}, {}",
        plural(runs.len(), "run"),
        first.rule,
        plural(lines.len(), "line"),
        plural(certain, "certain repair"),
        plural(guesses, "guess")
    );
    header(out, first, &message, st);
    let indent = gutter(loc, &runs[..runs.len().min(PREVIEW)]);
    arrow(out, indent, name, loc, first.range.start, st);
    out.push_str(&format!("{} {}\n", " ".repeat(indent), st.frame("|")));
    note(out, indent, "round trip", group, opts.width, st);
    // `L:C guess: `old` -> `new``, on one line of the note.
    let half = opts.width.saturating_sub(indent + 44) / 2;
    let mut preview = String::new();
    for d in runs.iter().take(PREVIEW) {
        let p = loc.position(d.range.start);
        let old = loc.text().get(d.range.clone()).unwrap_or("");
        let new = repaired(loc.text(), d);
        let guess = if d
            .fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
        {
            ""
        } else {
            " guess"
        };
        preview.push_str(&format!(
            "{}:{}{guess}: `{}` -> `{}`\n",
            p.line,
            p.column,
            snippet::truncate(&one_line(old), half.max(8)),
            snippet::truncate(&one_line(&new), half.max(8))
        ));
    }
    if runs.len() > PREVIEW {
        preview.push_str(&format!("... and {} more", runs.len() - PREVIEW));
    }
    note(
        out,
        indent,
        "first runs",
        preview.trim_end(),
        opts.width,
        st,
    );
    let file = shell_quote(&super::display_path(path));
    let mut todo = Vec::new();
    if certain > 0 {
        todo.push(format!(
            "{}: `loclint check --fix {file}`",
            plural(certain, "certain repair")
        ));
    }
    if guesses > 0 {
        todo.push(format!(
            "{}: review `loclint check --diff --unsafe-fixes {file}`, then `loclint check --fix --unsafe-fixes {file}`",
            plural(guesses, "guess")
        ));
    }
    note(out, indent, "fix", &todo.join("\n"), opts.width, st);
    note(
        out,
        indent,
        "every run",
        &format!(
            "`loclint check --format json --select {} {file}` lists each with its own fix",
            first.rule
        ),
        opts.width,
        st,
    );
}

/// The text of a finding's span with its fix applied.
fn repaired(text: &str, d: &Diagnostic) -> String {
    let Some(f) = &d.fix else {
        return text.get(d.range.clone()).unwrap_or("").to_string();
    };
    let mut out = String::new();
    let mut at = d.range.start;
    for e in &f.edits {
        if e.range.start < at || e.range.end > d.range.end {
            continue;
        }
        out.push_str(text.get(at..e.range.start).unwrap_or(""));
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(text.get(at..d.range.end).unwrap_or(""));
    out
}

/// "Found 3 errors, 1 warning in 2 of 12 files. Applied 2 fixes. 1 fixable with --fix."
pub fn summary(input: &RenderInput) -> String {
    let t: Totals = input.totals();
    let mut s = if t.errors + t.warnings + t.infos == 0 {
        format!("All clean: {} checked.", plural(input.files, "file"))
    } else {
        let mut parts = vec![plural(t.errors, "error"), plural(t.warnings, "warning")];
        if t.infos > 0 {
            parts.push(plural(t.infos, "info"));
        }
        let of = if input.files == 1 && t.files_with_findings == 1 {
            "1 file".to_string()
        } else {
            format!(
                "{} of {}",
                t.files_with_findings,
                plural(input.files.max(t.files_with_findings), "file")
            )
        };
        format!("Found {} in {of}.", parts.join(", "))
    };
    if input.fixed > 0 {
        s.push_str(&format!(" Applied {}.", plural(input.fixed, "fix")));
    }
    if t.safe_fixes > 0 {
        s.push_str(&format!(" {} fixable with --fix.", t.safe_fixes));
    }
    if t.unsafe_fixes > 0 {
        s.push_str(&format!(
            " {} more with --fix --unsafe-fixes.",
            t.unsafe_fixes
        ));
    }
    s
}
