//! Source snippets that fit a terminal: a long line is cut around its spans
//! with `…` on the cut sides, and underlines are placed by display width
//! (`unicode-width`: a Hangul syllable or a CJK ideograph takes two columns),
//! so a label sits under its own span and never past it.
//!
//! Work per snippet is bounded by the terminal width, not by the line: the
//! window is found by walking outwards from the spans, so a finding on a line
//! of 50 MB costs what a finding on a short line costs.

use super::Locator;
use super::style::Style;
use crate::diagnostic::Severity;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// A span to underline: the finding itself (`^`) or a label (`-` and its text).
#[derive(Debug, Clone)]
pub struct Mark {
    pub range: Range<usize>,
    pub primary: bool,
    pub text: Option<String>,
}

/// How a character is drawn, and how many columns it takes. Tabs become four
/// spaces and control characters their visible pictures, so what is printed
/// is exactly as wide as what is counted.
fn glyph(c: char) -> (Option<char>, usize) {
    match c {
        '\t' => (None, 4),
        '\u{0}'..='\u{1f}' => (char::from_u32(0x2400 + u32::from(c)), 1),
        '\u{7f}' => (Some('\u{2421}'), 1),
        '\u{80}'..='\u{9f}' => (Some('\u{fffd}'), 1),
        _ => (Some(c), c.width().unwrap_or(0)),
    }
}

fn push_glyph(out: &mut String, c: char) {
    match glyph(c) {
        (None, n) => out.extend(std::iter::repeat_n(' ', n)),
        (Some(g), _) => out.push(g),
    }
}

/// Display width of a string as [`glyph`] draws it.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| glyph(c).1).sum()
}

/// A string cut to at most `max` columns, with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max || width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = glyph(c).1;
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// The visible part of one line: bytes `start..end` of the text.
struct Window {
    start: usize,
    end: usize,
    cut_left: bool,
    cut_right: bool,
}

/// Chooses which part of `line` to show so that `focus` (a sub-range of the
/// line) is visible, starting at its beginning when it is wider than `avail`.
fn window(text: &str, line: Range<usize>, focus: Range<usize>, avail: usize) -> Window {
    let avail = avail.max(12);
    let focus_width = {
        let mut w = 0;
        for c in text[focus.clone()].chars() {
            w += glyph(c).1;
            if w > avail {
                break;
            }
        }
        w
    };
    // Context before the focus: what is left when the focus fits, else a little.
    let left_budget = if focus_width + 2 <= avail {
        (avail - focus_width) / 2
    } else {
        8.min(avail / 4)
    };
    let mut start = focus.start;
    let mut used = 0;
    for (i, c) in text[line.start..focus.start].char_indices().rev() {
        let w = glyph(c).1;
        if used + w > left_budget {
            break;
        }
        used += w;
        start = line.start + i;
    }
    let cut_left = start > line.start;
    let budget = avail - usize::from(cut_left);
    let mut end = start;
    let mut w = 0;
    let mut cut_right = false;
    for (i, c) in text[start..line.end].char_indices() {
        let cw = glyph(c).1;
        // Room for the closing `…` unless this is the line's last character.
        let last = start + i + c.len_utf8() == line.end;
        if w + cw + usize::from(!last) > budget {
            cut_right = true;
            break;
        }
        w += cw;
        end = start + i + c.len_utf8();
    }
    // Nothing fitted before the line's end was reached: the focus starts there.
    if end < focus.start.min(line.end) {
        cut_right = true;
    }
    Window {
        start,
        end,
        cut_left,
        cut_right,
    }
}

/// Renders the lines of `marks` with their underlines into `out`; `indent`
/// is the gutter width. Returns the indexes of the marks (or labels' texts)
/// that could not be shown, for the caller to list as notes.
pub fn render(
    out: &mut String,
    loc: &Locator,
    marks: &[Mark],
    avail: usize,
    indent: usize,
    severity: Severity,
    st: Style,
) -> Vec<usize> {
    let text = loc.text();
    let mut lines: Vec<usize> = Vec::new();
    for m in marks {
        lines.push(loc.lines().line_of(m.range.start));
        if m.primary {
            let end = m.range.end.max(m.range.start);
            // A span that ends at a line's very start ends on the line before.
            let last = loc
                .lines()
                .line_of(end.saturating_sub(1).max(m.range.start));
            lines.push(last);
        }
    }
    lines.sort_unstable();
    lines.dedup();
    let mut hidden: Vec<usize> = Vec::new();
    let mut shown_label = vec![false; marks.len()];
    let bar = st.frame("|");
    let mut prev: Option<usize> = None;
    for &line in &lines {
        if let Some(p) = prev
            && line > p + 1
        {
            out.push_str(&format!("{}\n", st.frame(&format!("{:>indent$} ...", ""))));
        }
        prev = Some(line);
        let lr = loc.line_range(line);
        // Each mark's part on this line.
        let parts: Vec<(usize, Range<usize>)> = marks
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let s = m.range.start.max(lr.start);
                let e = m.range.end.min(lr.end).max(s);
                let on_line = m.range.start <= lr.end && m.range.end.max(m.range.start) >= lr.start;
                let starts_here = m.range.start >= lr.start && m.range.start <= lr.end;
                (on_line && (starts_here || m.primary)).then_some((i, s..e))
            })
            .collect();
        if parts.is_empty() {
            continue;
        }
        let focus_start = parts.iter().map(|(_, r)| r.start).min().unwrap_or(lr.start);
        let focus_end = parts.iter().map(|(_, r)| r.end).max().unwrap_or(lr.start);
        let win = window(text, lr.clone(), focus_start..focus_end, avail);
        let mut shown = String::new();
        if win.cut_left {
            shown.push('…');
        }
        for c in text[win.start..win.end].chars() {
            push_glyph(&mut shown, c);
        }
        if win.cut_right {
            shown.push('…');
        }
        let number = format!("{:>indent$}", line + 1);
        out.push_str(&format!(
            "{} {bar} {}\n",
            st.frame(&number),
            shown.trim_end()
        ));
        // Column (within the shown line) and width of a byte range, clipped to the window.
        let place = |r: &Range<usize>| -> Option<(usize, usize)> {
            if r.start > win.end || r.end < win.start || (r.start == win.end && win.cut_right) {
                return None;
            }
            let s = r.start.max(win.start);
            let e = r.end.min(win.end).max(s);
            let col = usize::from(win.cut_left) + width(&text[win.start..s]);
            Some((col, width(&text[s..e])))
        };
        let pad = format!("{:>indent$} {bar} ", "");
        let mut row = String::new();
        let mut row_width = 0;
        for (i, r) in &parts {
            if !marks[*i].primary {
                continue;
            }
            match place(r) {
                Some((col, w)) if col >= row_width => {
                    row.push_str(&" ".repeat(col - row_width));
                    let n = w.max(1);
                    row.push_str(&st.severity(severity, &"^".repeat(n)));
                    row_width = col + n;
                }
                Some(_) => {}
                None => hidden.push(*i),
            }
        }
        if !row.is_empty() {
            out.push_str(&pad);
            out.push_str(&row);
            out.push('\n');
        }
        for (i, r) in &parts {
            let m = &marks[*i];
            if m.primary || shown_label[*i] {
                continue;
            }
            shown_label[*i] = true;
            let Some((col, w)) = place(r) else {
                hidden.push(*i);
                continue;
            };
            let n = w.max(1);
            let mut row = format!("{}{}", " ".repeat(col), "-".repeat(n));
            match &m.text {
                Some(t) if col + n + 1 + width(t) <= avail => {
                    row.push(' ');
                    row.push_str(t);
                }
                Some(_) => hidden.push(*i),
                None => {}
            }
            out.push_str(&pad);
            out.push_str(&st.label(&row));
            out.push('\n');
        }
    }
    hidden.sort_unstable();
    hidden.dedup();
    hidden
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet(text: &str, marks: &[Mark], avail: usize) -> (String, Vec<usize>) {
        let loc = Locator::new(text);
        let mut out = String::new();
        let hidden = render(
            &mut out,
            &loc,
            marks,
            avail,
            2,
            Severity::Error,
            Style { color: false },
        );
        (out, hidden)
    }

    fn mark(text: &str, needle: &str, primary: bool, label: Option<&str>) -> Mark {
        let start = text.find(needle).unwrap_or(0);
        Mark {
            range: start..start + needle.len(),
            primary,
            text: label.map(str::to_string),
        }
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let text = "계정을 삭제 https://지원.example.com/ 참고";
        let url = mark(text, "https://지원.example.com/", true, None);
        let word = mark(text, "지원", false, Some("`support`"));
        let (out, hidden) = snippet(text, &[url, word], 80);
        assert!(hidden.is_empty());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], " 1 | 계정을 삭제 https://지원.example.com/ 참고");
        // `계정을 삭제 ` is 12 columns; `https://` 8 more.
        assert_eq!(lines[1], "   |             ^^^^^^^^^^^^^^^^^^^^^^^^^");
        assert_eq!(lines[2], "   |                     ---- `support`");
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let text = format!("{}오류{}", "a".repeat(5000), "b".repeat(5000));
        let m = mark(&text, "오류", true, None);
        let (out, _) = snippet(&text, &[m], 40);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with(" 1 | …a"), "{out}");
        assert!(lines[0].ends_with("b…"), "{out}");
        assert!(width(lines[0]) <= 40 + 5, "{out}");
        let caret = lines[1].find('^').unwrap_or(0);
        let at = lines[0].find("오류").unwrap_or(0);
        assert_eq!(width(&lines[1][..caret]), width(&lines[0][..at]));
        assert_eq!(lines[1].matches('^').count(), 4);
    }

    #[test]
    fn a_span_wider_than_the_terminal_starts_the_window() {
        let text = format!("intro {} outro", "x".repeat(300));
        let m = mark(&text, &"x".repeat(300), true, None);
        let (out, _) = snippet(&text, &[m], 40);
        let first = out.lines().next().unwrap_or("");
        assert!(first.contains("intro x"), "{out}");
        assert!(first.ends_with('…'), "{out}");
    }

    #[test]
    fn control_characters_are_drawn_visibly() {
        let text = "a\u{1b}[31mb\tc";
        let m = mark(text, "b", true, None);
        let (out, _) = snippet(text, &[m], 80);
        assert!(out.contains("a\u{241b}[31mb    c"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "   |       ^");
    }
}
