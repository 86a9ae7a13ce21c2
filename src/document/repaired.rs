//! The repaired view: a page as it reads after every certain and best-guess
//! mojibake repair, with a map from its offsets back to the original bytes.
//!
//! The translation and URL rules judge what the page says, so they read this
//! view; their findings are mapped back here. A fix that touches a guessed
//! repair is downgraded from safe, since applying it also writes the guess.

use crate::diagnostic::apply::apply_edits;
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use std::collections::HashMap;
use std::ops::Range;

/// How one repair edit came about.
#[derive(Debug, Clone, Copy)]
pub struct Made {
    /// The repair is a guess (bytes were lost).
    pub guess: bool,
    /// The fix it is part of, numbered in the order of the findings: a rule
    /// edit over part of a fix writes the whole fix.
    pub fix: usize,
}

/// The repairs that make the repaired view, from the repair rules' findings:
/// every fix that is not display-only, safe edits first where two overlap.
/// The second vector marks the guesses (runs with lost bytes), so that no fix
/// built on one is offered as safe.
pub fn repairs(diags: &[Diagnostic]) -> (Vec<Edit>, Vec<Made>) {
    let mut edits: Vec<(Edit, Made)> = diags
        .iter()
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

/// The repaired text of `text` under `edits`.
pub fn repaired_text(text: &str, edits: &[Edit]) -> String {
    apply_edits(text, edits)
}

/// Maps offsets in repaired text back to the original text.
pub struct RepairMap<'a> {
    /// (original range, repaired range) per edit.
    spans: Vec<(Range<usize>, Range<usize>)>,
    /// Per edit: how it came about.
    made: &'a [Made],
    repaired: &'a str,
}

impl<'a> RepairMap<'a> {
    pub fn new(edits: &[Edit], made: &'a [Made], repaired: &'a str) -> RepairMap<'a> {
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
    /// touches, so that applying it to the original also repairs that span.
    fn edit(&self, e: &Edit) -> (Edit, bool) {
        // Each fix's extent, in repaired coordinates: an edit over part of a
        // fix is widened over all of it, so the fix applies whole.
        let mut extent: HashMap<usize, Range<usize>> = HashMap::new();
        for ((_, rep), m) in self.spans.iter().zip(self.made) {
            let x = extent.entry(m.fix).or_insert_with(|| rep.clone());
            *x = x.start.min(rep.start)..x.end.max(rep.end);
        }
        let touches =
            |rep: &Range<usize>, a: usize, b: usize| rep.start < b.max(a + 1) && a < rep.end;
        let (mut a, mut b) = (e.range.start, e.range.end);
        loop {
            let (a0, b0) = (a, b);
            for ((_, rep), m) in self.spans.iter().zip(self.made) {
                if touches(rep, a, b)
                    && let Some(x) = extent.get(&m.fix)
                {
                    a = a.min(x.start);
                    b = b.max(x.end);
                }
            }
            if (a, b) == (a0, b0) {
                break;
            }
        }
        // A guess is written only where the widened edit keeps part of a
        // guessed span; an edit that replaces all of one writes none.
        let guess = self.spans.iter().zip(self.made).any(|((_, rep), m)| {
            let replaced = e.range.start <= rep.start && rep.end <= e.range.end;
            m.guess && !replaced && touches(rep, a, b)
        });
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

    pub fn diagnostic_to_original(&self, mut d: Diagnostic) -> Diagnostic {
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
    fn repair_map_moves_ranges_and_widens_edits() {
        // "AAxxBB" -> repaired "AA요금제은BB" where "xx" became "요금제은".
        let original = "AAxxBB";
        let edits = vec![Edit::replace(2..4, "요금제은")];
        let repaired = apply_edits(original, &edits);
        let map = RepairMap::new(
            &edits,
            &[Made {
                guess: false,
                fix: 0,
            }],
            &repaired,
        );
        let bb = repaired.find("BB").unwrap();
        assert_eq!(map.range(&(bb..bb + 2)), 4..6);
        let eun = repaired.find('은').unwrap();
        let (e, guess) = map.edit(&Edit::replace(eun..eun + 3, "는"));
        assert_eq!(e.range, 2..4);
        assert_eq!(e.replacement, "요금제는");
        assert!(!guess);
        let map = RepairMap::new(
            &edits,
            &[Made {
                guess: true,
                fix: 0,
            }],
            &repaired,
        );
        assert!(map.edit(&Edit::replace(eun..eun + 3, "는")).1);
        let whole = repaired.find('요').unwrap();
        assert!(
            !map.edit(&Edit::replace(whole..eun + 3, "요금제는")).1,
            "an edit over the whole guessed span writes no guess"
        );
        assert!(!map.edit(&Edit::replace(bb..bb + 2, "C")).1);
    }

    #[test]
    fn an_edit_on_part_of_a_fix_writes_the_whole_fix() {
        // One fix repairs "xx" (certain) and "yy" (a guess) in "AAxx yyBB".
        let original = "AAxx yyBB";
        let edits = vec![Edit::replace(2..4, "보안"), Edit::replace(5..7, "및")];
        let one = [
            Made {
                guess: false,
                fix: 0,
            },
            Made {
                guess: true,
                fix: 0,
            },
        ];
        let repaired = apply_edits(original, &edits);
        let map = RepairMap::new(&edits, &one, &repaired);
        let an = repaired.find('안').unwrap();
        let (e, guess) = map.edit(&Edit::replace(an..an + 3, "안은"));
        assert_eq!((e.range, e.replacement.as_str()), (2..7, "보안은 및"));
        assert!(guess, "it writes the guess too");
        // Fixes of their own stay apart.
        let two = [
            Made {
                guess: false,
                fix: 0,
            },
            Made {
                guess: true,
                fix: 1,
            },
        ];
        let map = RepairMap::new(&edits, &two, &repaired);
        let (e, guess) = map.edit(&Edit::replace(an..an + 3, "안은"));
        assert_eq!((e.range, e.replacement.as_str()), (2..4, "보안은"));
        assert!(!guess);
    }
}
