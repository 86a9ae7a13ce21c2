//! The repaired view: a page as it reads after every certain and best-guess
//! mojibake repair, with a map from its offsets back to the original bytes.
//!
//! The translation and URL rules judge what the page says, so they read this
//! view; their findings are mapped back here. A fix that touches a guessed
//! repair is downgraded from safe, since applying it also writes the guess.

use crate::diagnostic::apply::apply_edits;
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use std::ops::Range;

/// The repairs that make the repaired view, from the repair rules' findings:
/// every fix that is not display-only, safe edits first where two overlap.
/// The second vector marks the guesses (runs with lost bytes), so that no fix
/// built on one is offered as safe.
pub fn repairs(diags: &[Diagnostic]) -> (Vec<Edit>, Vec<bool>) {
    let mut edits: Vec<(Edit, bool)> = diags
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability != Applicability::DisplayOnly)
        .flat_map(|f| {
            let guess = f.applicability != Applicability::Safe;
            f.edits.iter().map(move |e| (e.clone(), guess))
        })
        .collect();
    edits.sort_by_key(|(e, guess)| (e.range.start, e.range.end, *guess));
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    let mut guessed = Vec::with_capacity(edits.len());
    for (e, guess) in edits {
        if out.last().is_none_or(|l| l.range.end <= e.range.start) {
            out.push(e);
            guessed.push(guess);
        }
    }
    (out, guessed)
}

/// The repaired text of `text` under `edits`.
pub fn repaired_text(text: &str, edits: &[Edit]) -> String {
    apply_edits(text, edits)
}

/// Maps offsets in repaired text back to the original text.
pub struct RepairMap<'a> {
    /// (original range, repaired range) per edit.
    spans: Vec<(Range<usize>, Range<usize>)>,
    /// Per edit: the repair is a guess (bytes were lost).
    guessed: &'a [bool],
    repaired: &'a str,
}

impl<'a> RepairMap<'a> {
    pub fn new(edits: &[Edit], guessed: &'a [bool], repaired: &'a str) -> RepairMap<'a> {
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
            guessed,
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
        let (mut a, mut b) = (e.range.start, e.range.end);
        let mut guess = false;
        for (i, (_, rep)) in self.spans.iter().enumerate() {
            if rep.start < e.range.end.max(e.range.start + 1) && e.range.start < rep.end {
                a = a.min(rep.start);
                b = b.max(rep.end);
                // A guess is written only where the edit keeps part of the
                // repaired span; an edit that replaces all of it writes none.
                let replaced = e.range.start <= rep.start && rep.end <= e.range.end;
                guess |= !replaced && self.guessed.get(i).copied().unwrap_or(true);
            }
        }
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
        let map = RepairMap::new(&edits, &[false], &repaired);
        let bb = repaired.find("BB").unwrap();
        assert_eq!(map.range(&(bb..bb + 2)), 4..6);
        let eun = repaired.find('은').unwrap();
        let (e, guess) = map.edit(&Edit::replace(eun..eun + 3, "는"));
        assert_eq!(e.range, 2..4);
        assert_eq!(e.replacement, "요금제는");
        assert!(!guess);
        let map = RepairMap::new(&edits, &[true], &repaired);
        assert!(map.edit(&Edit::replace(eun..eun + 3, "는")).1);
        let whole = repaired.find('요').unwrap();
        assert!(
            !map.edit(&Edit::replace(whole..eun + 3, "요금제는")).1,
            "an edit over the whole guessed span writes no guess"
        );
        assert!(!map.edit(&Edit::replace(bb..bb + 2, "C")).1);
    }
}
