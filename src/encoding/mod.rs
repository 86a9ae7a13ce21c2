//! Mojibake: detection and repair of text that went through a wrong decode.
//!
//! The defect: bytes in one encoding (usually UTF-8) were decoded with another
//! (a Windows code page, ISO-8859-1, Mac OS Roman, or an East Asian double-byte
//! encoding) and the result saved again, once or several times, often losing
//! bytes on the way (undefined bytes dropped or replaced, no-break spaces turned
//! into spaces, soft hyphens stripped).
//!
//! [`analyze`] finds each damaged run of a text on its own, so one broken spot
//! never blocks its neighbours, and repairs it:
//! 1. runs whose bytes are all present are undone exactly, layer by layer;
//! 2. the file's chain is inferred from those runs (a "ğ" means Windows-1254)
//!    and used for runs that several pages explain;
//! 3. runs that lost bytes are rebuilt from the page's undefined bytes (plus
//!    0xAD and 0xA0) and ranked with a language model mixed with the words the
//!    file itself uses ([`lm`]).
//!
//! Everything here is a pure function of its input. A fast pre-filter skips
//! ASCII and clean CJK text, so the cost stays linear and small.

pub mod codepage;
pub mod dbcs;
pub mod garble;
mod lattice;
pub mod lm;
mod plausible;

pub use codepage::CodePage;
pub use dbcs::Dbcs;

use lattice::{Slot, SlotKind};
use lm::{FileModel, Lang};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;

/// One wrong decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Misread {
    /// UTF-8 bytes decoded with a single-byte code page.
    Utf8AsSingle(CodePage),
    /// UTF-8 bytes decoded with an East Asian double-byte encoding.
    Utf8AsDbcs(Dbcs),
    /// Bytes of a double-byte encoding decoded with a single-byte code page.
    DbcsAsSingle(Dbcs, CodePage),
}

impl Misread {
    fn source_name(self) -> &'static str {
        match self {
            Misread::Utf8AsSingle(_) | Misread::Utf8AsDbcs(_) => "UTF-8",
            Misread::DbcsAsSingle(d, _) => d.name(),
        }
    }

    fn target_name(self) -> &'static str {
        match self {
            Misread::Utf8AsSingle(p) | Misread::DbcsAsSingle(_, p) => p.name(),
            Misread::Utf8AsDbcs(d) => d.name(),
        }
    }
}

/// What else went wrong besides the wrong decode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Losses {
    /// Undefined bytes survived as C1 control characters.
    pub c1_kept: bool,
    /// Undefined bytes (or soft hyphens / no-break spaces) were deleted.
    pub dropped: bool,
    /// Bytes were replaced by U+FFFD.
    pub replaced_fffd: bool,
    /// Bytes were replaced by "?".
    pub replaced_question: bool,
    /// No-break spaces became plain spaces.
    pub nbsp_to_space: bool,
}

/// The decodes a run went through, innermost (the first wrong decode) first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    pub layers: Vec<Misread>,
    pub losses: Losses,
}

impl Chain {
    /// The chain in words: "UTF-8 read as Windows-1254, undefined bytes dropped".
    pub fn describe(&self) -> String {
        let mut out = String::new();
        let mut i = 0;
        while i < self.layers.len() {
            let layer = self.layers[i];
            let mut times = 1;
            while i + times < self.layers.len() && self.layers[i + times] == layer {
                times += 1;
            }
            if i == 0 {
                out.push_str(&format!(
                    "{} read as {}",
                    layer.source_name(),
                    layer.target_name()
                ));
            } else {
                out.push_str(&format!(", then read as {}", layer.target_name()));
            }
            match times {
                1 => {}
                2 => out.push_str(" twice"),
                n => out.push_str(&format!(" {n} times")),
            }
            i += times;
        }
        let l = self.losses;
        if l.c1_kept {
            out.push_str(", undefined bytes kept as C1 controls");
        }
        if l.dropped {
            out.push_str(", undefined bytes dropped");
        }
        if l.replaced_fffd {
            out.push_str(", undefined bytes replaced by U+FFFD");
        }
        if l.replaced_question {
            out.push_str(", undefined bytes replaced by \"?\"");
        }
        if l.nbsp_to_space {
            out.push_str(", no-break spaces turned into spaces");
        }
        out
    }
}

/// One damaged run and its repair.
#[derive(Debug, Clone, PartialEq)]
pub struct Repair {
    /// Byte range of the damaged text in the analysed string.
    pub range: Range<usize>,
    pub original: String,
    /// The best repair.
    pub repaired: String,
    /// Runners-up, best first (only when bytes were lost and had to be guessed).
    pub alternatives: Vec<String>,
    pub chain: Chain,
    /// Every byte was present and one chain explains the run.
    pub certain: bool,
    /// For a guess: the certain repairs on its line whose evidence it needs,
    /// and that nothing else on the line would give once the certain repairs
    /// are made. A fix that made them without this one would leave this run
    /// unrecognisable (alone, "ë°" is no mojibake; next to "ë³´ì•ˆ" it is 및
    /// with a byte lost) or read otherwise (a no-break space shown by a
    /// certain run tells that the line kept them, so none was lost here).
    pub leans_on: Vec<Range<usize>>,
    /// For a certain repair: it is also what shows the file's code page to
    /// the file's guesses (a "ğ" is Windows-1254, whose undefined bytes a
    /// guess may restore). A fix pass that made it before them would leave
    /// them to be rebuilt under another page, and read otherwise.
    pub tells_page: bool,
}

/// Analyses `text` (all of it) as one file.
pub fn analyze_text(text: &str) -> Vec<Repair> {
    analyze(text, std::slice::from_ref(&(0..text.len())))
}

/// Repairs `text` with the best candidate of every run (certain or not).
pub fn repair_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in analyze_text(text) {
        out.push_str(&text[at..r.range.start]);
        out.push_str(&r.repaired);
        at = r.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Finds and repairs the damaged runs inside `regions` (sorted, non-overlapping
/// byte ranges on char boundaries) of a file's `text`. The regions are analysed
/// together: evidence from one run helps the others.
pub fn analyze(text: &str, regions: &[Range<usize>]) -> Vec<Repair> {
    let mut segments = Vec::new();
    for r in regions {
        if r.start < r.end && r.end <= text.len() && !text[r.clone()].is_ascii() {
            find_segments(text, r.clone(), &mut segments);
        }
    }
    if segments.is_empty() {
        return Vec::new();
    }
    let mut pending: Vec<Pending> = Vec::new();
    let mut weak: Vec<Pending> = Vec::new();
    for seg in &segments {
        resolve_segment(text, seg, &mut pending, &mut weak);
    }
    if pending.is_empty() && weak.is_empty() {
        return Vec::new();
    }
    finish(text, regions, &segments, pending, &weak)
}

/// A stretch of text that may be damaged.
#[derive(Debug, Clone)]
struct Segment {
    range: Range<usize>,
}

/// What the first pass learnt about one run.
#[derive(Debug, Clone)]
struct Pending {
    range: Range<usize>,
    /// The text after the certain layers were undone.
    current: String,
    layers: Vec<Misread>,
    losses: Losses,
    /// Pages that explain the first layer (for the file-level vote).
    pages: Vec<CodePage>,
    /// When the innermost layer undone is UTF-8 read as a single-byte page:
    /// the text before it was undone and the pages that explain it.
    inner: Option<(String, Vec<CodePage>)>,
    /// Whether `current` still needs a lossy rebuild.
    lossy: bool,
    /// Whether the run is convincing on its own (several characters repaired).
    strong: bool,
    /// A lone Latin-1 repair under a Windows/ISO page ("Ã©"): common enough to
    /// trust without support.
    classic: bool,
    /// Only a convincing run on the same line can support this one.
    line_only: bool,
}

fn is_segment_char(c: char) -> bool {
    !c.is_ascii() && u32::from(c) <= 0xffff
}

/// Splits a region into maximal runs of non-ASCII characters. A single space
/// between two runs is kept inside when it may be a no-break space that lost
/// its byte, and "?" next to a run is kept as it may be a replaced byte.
fn find_segments(text: &str, region: Range<usize>, out: &mut Vec<Segment>) {
    let s = &text[region.clone()];
    let base = region.start;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        let Some(first) = s[i..].chars().next() else {
            break;
        };
        if !is_segment_char(first) {
            i += first.len_utf8();
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i;
        // Whether the stretch can be mojibake at all ([`worth_looking_char`]),
        // decided on the way rather than by a second pass over it.
        let mut worth = false;
        while j < bytes.len() {
            let b = bytes[j];
            if b < 0x80 {
                // ASCII: only "?" and a bridged space continue the stretch.
                if b == b'?' {
                    j += 1;
                    end = j;
                } else if b == b' '
                    && j + 1 < bytes.len()
                    && bridges_space(&s[start..j], &s[j + 1..])
                {
                    j += 1;
                } else {
                    break;
                }
                continue;
            }
            let Some(c) = s[j..].chars().next() else {
                break;
            };
            if !is_segment_char(c) {
                break;
            }
            worth = worth || worth_looking_char(c);
            j += c.len_utf8();
            end = j;
        }
        // A leading "?" run belongs to the segment too.
        let mut st = start;
        while st > 0 && bytes[st - 1] == b'?' {
            st -= 1;
        }
        // The stretch holds `first`, so it is never ASCII; "?" and spaces are
        // never worth looking at, so `worth` covers the whole of it.
        if worth {
            out.push(Segment {
                range: base + st..base + end,
            });
        }
        i = end.max(i + first.len_utf8());
    }
}

/// Cheap test: can a stretch holding `c` be mojibake at all?
fn worth_looking_char(c: char) -> bool {
    plausible::single_byte_capable(c) || any_dbcs_starter(c)
}

fn any_dbcs_starter(c: char) -> bool {
    u32::from(c) >= 0x100 && dbcs::starter_mask(c) != 0
}

/// True when the space between `before` and `after` may be a lost 0xA0:
/// the bytes before it end in an incomplete UTF-8 sequence in some page and
/// the character after it is a continuation byte there.
fn bridges_space(before: &str, after: &str) -> bool {
    let Some(next) = after.chars().next() else {
        return false;
    };
    // Cheap tests first: both neighbours must be characters a code page shows.
    if !plausible::single_byte_capable(next)
        || !before
            .chars()
            .next_back()
            .is_some_and(plausible::single_byte_capable)
    {
        return false;
    }
    CodePage::ALL.iter().any(|&page| {
        matches!(page.encode_char(next), Some(0x80..=0xbf)) && incomplete_tail(before, page)
    })
}

fn incomplete_tail(before: &str, page: CodePage) -> bool {
    let mut conts = 0;
    for c in before.chars().rev().take(3) {
        match page.encode_char(c) {
            Some(b @ 0xc2..=0xf4) => {
                let need = match b {
                    0xc2..=0xdf => 1,
                    0xe0..=0xef => 2,
                    _ => 3,
                };
                return conts < need;
            }
            Some(0x80..=0xbf) => conts += 1,
            _ => return false,
        }
    }
    false
}

/// First pass over one segment: undo every certain layer, find the East Asian
/// runs, and leave what lost bytes for the second pass.
///
/// `weak` gets the UTF-8-as-double-byte runs too short to judge alone; the
/// second pass judges them by their line.
fn resolve_segment(text: &str, seg: &Segment, out: &mut Vec<Pending>, weak: &mut Vec<Pending>) {
    let s = &text[seg.range.clone()];
    let before = out.len();
    // Single-byte chains work on the stretches a single-byte page can produce.
    for sub in single_byte_stretches(s) {
        let range = seg.range.start + sub.start..seg.range.start + sub.end;
        if let Some(mut p) = resolve_single(&text[range.clone()], range) {
            p.classic |= glued_into_a_word(text, &p);
            out.push(p);
        }
    }
    // UTF-8 read as a double-byte encoding: look for runs among the rest.
    let covered: Vec<Range<usize>> = out[before..].iter().map(|p| p.range.clone()).collect();
    if s.chars().any(any_dbcs_starter) {
        for p in find_utf8_as_dbcs(text, seg.range.clone(), weak) {
            if !covered
                .iter()
                .any(|c| c.start < p.range.end && p.range.start < c.end)
            {
                out.push(p);
            }
        }
    }
    out[before..].sort_by_key(|p| p.range.start);
}

/// Sub-ranges (relative to `s`) of characters a single-byte page can produce,
/// with "?" and bridged spaces inside; trimmed of "?" and spaces at the ends
/// unless a "?" follows a damaged character.
fn single_byte_stretches(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    for (i, c) in s.char_indices() {
        let ok = plausible::single_byte_capable(c) || c == '?' || c == ' ';
        if ok {
            if start.is_none() {
                start = Some(i);
            }
            last_end = i + c.len_utf8();
        } else if let Some(st) = start.take() {
            push_stretch(s, st..i, &mut out);
        }
    }
    if let Some(st) = start {
        push_stretch(s, st..last_end, &mut out);
    }
    out
}

fn push_stretch(s: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let t = &s[r.clone()];
    let lead = t.len() - t.trim_start_matches([' ', '?']).len();
    let trimmed_end = t.trim_end_matches(' ').len();
    if lead >= trimmed_end {
        return;
    }
    let r = r.start + lead..r.start + trimmed_end;
    if !s[r.clone()].is_ascii() {
        out.push(r);
    }
}

/// Undo the certain single-byte layers of one stretch.
fn resolve_single(s: &str, range: Range<usize>) -> Option<Pending> {
    let mut current = s.to_string();
    let mut layers = Vec::new();
    let mut losses = Losses::default();
    let mut pages = Vec::new();
    // Each undone layer with the text before it, to back off when an inner
    // layer turns out not to read as text.
    // The pages that explain each layer come along for the file-level vote
    // on the innermost one.
    let mut history: Vec<(String, bool, Vec<CodePage>)> = Vec::new();
    for depth in 0..4 {
        // Computed once per layer: the branches below all ask for it, and it
        // tries every code page on the whole stretch.
        let mut lossless = single_lossless(&current);
        // A double-byte reading (outermost layer only) beats a UTF-8 reading
        // that does not read as text by itself.
        let dbcs_first = depth == 0
            && lossless.as_ref().is_none_or(|(out, _)| {
                !out.chars().all(plausible::is_plausible) && single_lossless(out).is_none()
            });
        if !dbcs_first && let Some((out, explaining)) = lossless.take() {
            history.push((current.clone(), losses.c1_kept, explaining.clone()));
            if current.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
                losses.c1_kept = true;
            }
            if depth == 0 {
                pages.clone_from(&explaining);
            }
            layers.push(Misread::Utf8AsSingle(explaining[0]));
            current = out;
            continue;
        }
        // Bytes of a double-byte encoding read as a single-byte page: only
        // as the outermost layer.
        if depth == 0
            && let Some((out, dbcs, page)) = dbcs_as_single(&current)
        {
            history.push((current.clone(), losses.c1_kept, Vec::new()));
            if depth == 0 {
                pages.push(page);
            }
            layers.push(Misread::DbcsAsSingle(dbcs, page));
            current = out;
            continue;
        }
        if dbcs_first && let Some((out, explaining)) = lossless.take() {
            history.push((current.clone(), losses.c1_kept, explaining.clone()));
            pages.clone_from(&explaining);
            layers.push(Misread::Utf8AsSingle(explaining[0]));
            current = out;
            continue;
        }
        break;
    }
    while !current.chars().all(plausible::is_plausible) {
        let Some((prev, c1, _)) = history.pop() else {
            break;
        };
        layers.pop();
        current = prev;
        losses.c1_kept = c1;
    }
    if layers.is_empty() {
        pages.clear();
    }
    let inner = match (layers.last(), history.pop()) {
        (Some(Misread::Utf8AsSingle(_)), Some((from, _, explaining))) => Some((from, explaining)),
        _ => None,
    };
    let lossy = looks_lossy(&current);
    if layers.is_empty() && !lossy {
        return None;
    }
    // Convincing on its own: several characters repaired, or one character
    // of three or more bytes ("â€™" is ’). A lone two-byte repair ("Ã©") needs
    // support from the page it came from or from the rest of the line.
    let multibyte: Vec<char> = current.chars().filter(|c| !c.is_ascii()).collect();
    // A double-byte reading of fewer than four characters ("¹×" is 및) could
    // be legitimate Latin ("ÇÃ" in "INFORMAÇÃO"): it needs a convincing run
    // on the same line.
    let line_only =
        matches!(layers.first(), Some(Misread::DbcsAsSingle(..))) && current.chars().count() < 4;
    let strong = !layers.is_empty()
        && !lossy
        && !line_only
        && (multibyte.len() >= 2 || multibyte.iter().any(|c| c.len_utf8() >= 3));
    let classic = !layers.is_empty()
        && !lossy
        && multibyte.iter().all(|c| ('\u{a0}'..='\u{17f}').contains(c))
        && pages.iter().any(|p| {
            matches!(
                p,
                CodePage::Windows1252 | CodePage::Windows1254 | CodePage::Latin1
            )
        });
    Some(Pending {
        range,
        current,
        layers,
        losses,
        pages,
        inner,
        lossy,
        strong,
        classic,
        line_only,
    })
}

/// A lone two-byte repair to an accented Latin letter, inside a word of
/// ASCII letters, whose damaged text starts with what no Latin word has
/// there: a capital after small letters ("ediciĂłn", "logrГі") or a sign
/// ("v√≠as"). Legitimate text puts such characters at the start of a word
/// ("Гість"); a misread puts them wherever the accented letter was.
fn glued_into_a_word(text: &str, p: &Pending) -> bool {
    if p.layers.len() != 1 || p.lossy || !matches!(p.layers[0], Misread::Utf8AsSingle(_)) {
        return false;
    }
    let mut repaired = p.current.chars().filter(|c| !c.is_ascii());
    if !repaired
        .next()
        .is_some_and(|c| ('\u{c0}'..='\u{17f}').contains(&c))
        || repaired.next().is_some()
    {
        return false;
    }
    let before = text[..p.range.start].chars().next_back();
    let after = text[p.range.end..].chars().next();
    let Some(first) = text[p.range.clone()].chars().next() else {
        return false;
    };
    let inside = before.is_some_and(|c| c.is_ascii_lowercase())
        && after.is_none_or(|c| c.is_ascii_alphabetic() || !c.is_alphanumeric());
    inside && (first.is_uppercase() || !first.is_alphabetic())
}

/// The bytes of `s` under `page`, `None` when a character is not in the page.
fn encode_single(s: &str, page: CodePage) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        out.push(page.encode_char(c)?);
    }
    Some(out)
}

/// UTF-8 read as a single-byte page, every byte present: the repair and the
/// pages that explain it (best first).
fn single_lossless(s: &str) -> Option<(String, Vec<CodePage>)> {
    let mut found: Vec<(String, Vec<CodePage>)> = Vec::new();
    for page in CodePage::ALL {
        let Some(bytes) = encode_single(s, page) else {
            continue;
        };
        let Ok(decoded) = String::from_utf8(bytes) else {
            continue;
        };
        if decoded == s || !plausible_repair(s, &decoded) {
            continue;
        }
        match found.iter_mut().find(|(d, _)| *d == decoded) {
            Some((_, pages)) => pages.push(page),
            None => found.push((decoded, vec![page])),
        }
    }
    // Several pages may read the bytes differently: prefer the reading with
    // the most everyday letters (Latin-1/Latin Extended-A, CJK, Hangul); among
    // CJK readings the one the language model likes ("ć‚’" is を in
    // Windows-1257, 悒 in Windows-1250); then the page order.
    let common = |d: &str| {
        d.chars()
            .filter(|&c| ('\u{c0}'..='\u{17f}').contains(&c) || lm::is_cjk_letter(c))
            .count()
    };
    let lm_mean = |d: &str| {
        if d.chars().any(lm::is_cjk_letter) {
            lm::best_mean(d).1
        } else {
            f64::NEG_INFINITY
        }
    };
    let mut best: Option<(String, Vec<CodePage>, usize, f64)> = None;
    let several = found.len() > 1;
    for (d, pages) in found {
        let c = common(&d);
        // The model is only asked when readings compete.
        let m = if several { lm_mean(&d) } else { 0.0 };
        if best
            .as_ref()
            .is_none_or(|b| c > b.2 || (c == b.2 && m > b.3))
        {
            best = Some((d, pages, c, m));
        }
    }
    best.map(|b| (b.0, b.1))
}

/// Whether `decoded` reads better than `original`.
fn plausible_repair(original: &str, decoded: &str) -> bool {
    // Characters a code page produces are allowed in between: the next layer
    // may explain them; the caller backs off when the last layer does not read.
    if !decoded
        .chars()
        .all(|c| plausible::is_plausible(c) || plausible::single_byte_capable(c))
    {
        return false;
    }
    let non_ascii = decoded.chars().filter(|c| !c.is_ascii()).count();
    if non_ascii == 0 || decoded.chars().count() >= original.chars().count() {
        return false;
    }
    let rare = decoded
        .chars()
        .filter(|&c| plausible::is_rare_script(c))
        .count();
    rare == 0 || rare >= 2
}

/// Mean log-probability a double-byte decoding must reach to count as text.
const DBCS_MEAN_MIN: f64 = -8.5;

/// Bytes of a double-byte encoding read as Windows-1252 / ISO-8859-1.
fn dbcs_as_single(s: &str) -> Option<(String, Dbcs, CodePage)> {
    let mut best: Option<(String, Dbcs, CodePage, f64)> = None;
    if !beyond_latin_punctuation(s) {
        return None;
    }
    for page in [CodePage::Windows1252, CodePage::Latin1] {
        let Some(bytes) = encode_single(s, page) else {
            continue;
        };
        if bytes.iter().filter(|&&b| b >= 0x80).count() < 2 {
            continue;
        }
        for dbcs in [Dbcs::EucKr, Dbcs::ShiftJis, Dbcs::Gbk, Dbcs::Big5] {
            let Some(decoded) = dbcs.decode_strict(&bytes) else {
                continue;
            };
            if !decoded.chars().all(|c| c.is_ascii() || dbcs_text_char(c)) {
                continue;
            }
            let (_, mean) = lm::best_mean(&decoded);
            // Short runs are judged by their line in the second pass.
            let short = decoded.chars().count() < 4;
            if mean < DBCS_MEAN_MIN && !short {
                continue;
            }
            // A short reading with ideographs is more likely UTF-8 that lost
            // bytes ("ë°" is 諛 in EUC-KR, but 및 in UTF-8).
            if short
                && !decoded
                    .chars()
                    .all(|c| matches!(u32::from(c), 0xac00..=0xd7a3 | 0x3040..=0x30ff))
            {
                continue;
            }
            if best.as_ref().is_none_or(|b| mean > b.3) {
                best = Some((decoded, dbcs, page, mean));
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.map(|(d, dbcs, page, _)| (d, dbcs, page))
}

/// Whether a stretch read as double-byte is more than Latin punctuation.
/// Korean, Japanese and Chinese through Windows-1252 show lead bytes 0xA1
/// and up ("¼³Á¤", "°¡"); a stretch of no-break spaces, soft hyphens, curly
/// quotes and dashes only is punctuation ("\u{a0}‘" is 젒 only in the rarely
/// used extension of CP949).
fn beyond_latin_punctuation(s: &str) -> bool {
    s.chars()
        .any(|c| !c.is_ascii() && !matches!(c, '\u{a0}' | '\u{ad}' | '\u{2010}'..='\u{203a}'))
}

/// What a double-byte reading may contain besides ASCII: letters, CJK and
/// full-width punctuation, and the quotes, dashes, ellipses and middle dots
/// these encodings carry in their punctuation rows ("“UI”" in GBK is A1B0 ..
/// A1B1).
fn dbcs_text_char(c: char) -> bool {
    lm::is_cjk_letter(c)
        || matches!(u32::from(c), 0xb7 | 0x2010..=0x2026 | 0x3000..=0x303f | 0xff01..=0xff5e)
}

/// A line whose convincing runs went through one chain decides its ambiguous
/// runs: a short run means little alone ("Ã¹" is "ù" in UTF-8 and 첫 in
/// EUC-KR; "臧€" may be Chinese or 가 misread as GBK), but next to runs that
/// went through one chain it went through the same. Every stretch of such a
/// line that reads under the line's chain takes that reading, replacing a
/// weaker one. A line of short double-byte runs only ("Í¨¹ý x À´¼¤»î" is
/// 通过 x 来激活) is judged as a whole: every stretch must read as CJK text
/// under one pair, and together they must read like the language.
///
/// Only lines with a damaged run are visited, and the cost is one pass over
/// their stretches per pair, so clean text costs nothing here.
fn take_line_chain(
    text: &str,
    segments: &[Segment],
    newlines: &[usize],
    pending: &mut Vec<Pending>,
) {
    let mut chains: Vec<(usize, Option<Misread>)> = pending
        .iter()
        .map(|p| {
            let chain = match p.layers.first() {
                Some(&m @ (Misread::DbcsAsSingle(..) | Misread::Utf8AsDbcs(_)))
                    if p.strong && p.layers.len() == 1 =>
                {
                    Some(m)
                }
                _ => None,
            };
            (line_of(newlines, p.range.start), chain)
        })
        .collect();
    // Per line, a convincing chain first.
    chains.sort_by_key(|c| (c.0, c.1.is_none()));
    chains.dedup_by_key(|c| c.0);
    let mut found: Vec<Pending> = Vec::new();
    let mut at = 0;
    for &(line, chain) in &chains {
        // The segments of this line (both lists are in text order).
        while at < segments.len() && line_of(newlines, segments[at].range.start) < line {
            at += 1;
        }
        let mut end = at;
        while end < segments.len() && line_of(newlines, segments[end].range.start) == line {
            end += 1;
        }
        let segs = &segments[at..end];
        match chain {
            Some(Misread::DbcsAsSingle(d, page)) => {
                for seg in segs {
                    found.extend(dbcs_tokens(text, seg, d, page, false).unwrap_or_default());
                }
            }
            Some(Misread::Utf8AsDbcs(d)) => {
                for seg in segs {
                    short_utf8_as_dbcs(text, seg, d, &mut found);
                }
            }
            Some(Misread::Utf8AsSingle(_)) => {}
            None => found.extend(pooled_dbcs_line(text, segs)),
        }
    }
    for f in found {
        // A convincing run keeps its place unless the new reading covers it
        // whole ("Ã¹Â°" is "ù°" in UTF-8, but 첫째 on a line of EUC-KR).
        let overlaps = |p: &Pending| p.range.start < f.range.end && f.range.start < p.range.end;
        // Nor does a UTF-8 reading that gives Latin punctuation or a symbol
        // ("Â\u{a0}â€˜" is a no-break space and ‘): three-byte UTF-8 with
        // every byte present does not happen by chance, and the Latin text
        // around it was never double-byte ("Click젒Save뮔to").
        let keeps = |p: &Pending| {
            p.strong
                && overlaps(p)
                && (p.layers == f.layers
                    || p.range.start < f.range.start
                    || p.range.end > f.range.end
                    || utf8_punctuation(p))
        };
        if pending.iter().any(keeps) {
            continue;
        }
        pending.retain(|p| !overlaps(p));
        pending.push(f);
    }
}

/// A run undone as UTF-8 read as single-byte pages whose reading holds a
/// three-byte character that is no letter: punctuation, a symbol, an emoji.
fn utf8_punctuation(p: &Pending) -> bool {
    !p.layers.is_empty()
        && p.layers
            .iter()
            .all(|l| matches!(l, Misread::Utf8AsSingle(_)))
        && p.current
            .chars()
            .any(|c| c.len_utf8() >= 3 && !lm::is_cjk_letter(c))
}

/// Short UTF-8-as-double-byte runs ("蝨ｨ React 18 荳ｭ" is "在 React 18 中"
/// in Shift_JIS) judged by their line: the runs of one encoding on a line
/// where nothing else was found, read together, must read much better than
/// they did, like [`accept_dbcs_run`] asks of one long run.
fn pool_weak_runs(text: &str, weak: &[Pending], newlines: &[usize], pending: &mut Vec<Pending>) {
    if weak.is_empty() {
        return;
    }
    let taken: std::collections::HashSet<usize> = pending
        .iter()
        .map(|p| line_of(newlines, p.range.start))
        .collect();
    // (line, encoding) groups, in text order within each.
    let mut groups: Vec<((usize, Misread), Vec<&Pending>)> = Vec::new();
    for w in weak {
        let line = line_of(newlines, w.range.start);
        let (Some(&m), false) = (w.layers.first(), taken.contains(&line)) else {
            continue;
        };
        match groups.iter_mut().find(|g| g.0 == (line, m)) {
            Some(g) => g.1.push(w),
            None => groups.push(((line, m), vec![w])),
        }
    }
    let mut best_per_line: Vec<(usize, f64, Vec<&Pending>)> = Vec::new();
    for ((line, _), runs) in groups {
        if runs.len() < 2 {
            continue;
        }
        let before: Vec<&str> = runs.iter().map(|p| &text[p.range.clone()]).collect();
        let after: Vec<&str> = runs.iter().map(|p| p.current.as_str()).collect();
        let (_, before) = lm::best_mean(&before.join(" "));
        let (_, after) = lm::best_mean(&after.join(" "));
        if !(after > before + 1.5 && after > DBCS_MEAN_MIN) {
            continue;
        }
        match best_per_line.iter_mut().find(|b| b.0 == line) {
            Some(b) if b.1 >= after => {}
            Some(b) => *b = (line, after, runs),
            None => best_per_line.push((line, after, runs)),
        }
    }
    for (_, _, runs) in best_per_line {
        for r in runs {
            let mut r = r.clone();
            r.strong = true;
            pending.push(r);
        }
    }
}

/// The line's stretches read as one double-byte encoding under one page, when
/// every stretch reads as CJK text that way and together they read like the
/// language; `[]` otherwise.
fn pooled_dbcs_line(text: &str, segs: &[Segment]) -> Vec<Pending> {
    let mut best: Option<(Vec<Pending>, f64)> = None;
    for page in [CodePage::Windows1252, CodePage::Latin1] {
        for d in [Dbcs::EucKr, Dbcs::ShiftJis, Dbcs::Gbk, Dbcs::Big5] {
            let mut runs = Vec::new();
            for seg in segs {
                match dbcs_tokens(text, seg, d, page, true) {
                    Some(v) => runs.extend(v),
                    None => {
                        runs.clear();
                        break;
                    }
                }
            }
            let joined: Vec<&str> = runs.iter().map(|p| p.current.as_str()).collect();
            let joined = joined.join(" ");
            if joined.chars().filter(|&c| lm::is_cjk_letter(c)).count() < 4 {
                continue;
            }
            let (_, mean) = lm::best_mean(&joined);
            if mean >= DBCS_MEAN_MIN && best.as_ref().is_none_or(|b| mean > b.1) {
                best = Some((runs, mean));
            }
        }
    }
    let mut runs = best.map(|b| b.0).unwrap_or_default();
    // Convincing together, so each stands as a repair of its own.
    for r in &mut runs {
        r.strong = true;
    }
    runs
}

/// The maximal stretches of `seg` whose bytes under `page` are all high, read
/// as `d`, for those that decode to CJK text. With `all`, `None` when any
/// stretch does not.
fn dbcs_tokens(
    text: &str,
    seg: &Segment,
    d: Dbcs,
    page: CodePage,
    all: bool,
) -> Option<Vec<Pending>> {
    let s = &text[seg.range.clone()];
    let mut out = Vec::new();
    let mut bytes = Vec::new();
    let mut start: Option<usize> = None;
    let chars = s.char_indices().map(Some).chain(std::iter::once(None));
    for item in chars {
        let high = item
            .and_then(|(_, c)| page.encode_char(c))
            .filter(|&b| b >= 0x80);
        if let Some(b) = high {
            if start.is_none() {
                start = item.map(|(i, _)| i);
            }
            bytes.push(b);
            continue;
        }
        let Some(st) = start.take() else { continue };
        let end = item.map_or(s.len(), |(i, _)| i);
        let decoded = d
            .decode_strict(&bytes)
            .filter(|t| t.chars().all(dbcs_text_char))
            .filter(|_| beyond_latin_punctuation(&s[st..end]));
        bytes.clear();
        match decoded {
            Some(decoded) => out.push(Pending {
                range: seg.range.start + st..seg.range.start + end,
                current: decoded,
                layers: vec![Misread::DbcsAsSingle(d, page)],
                losses: Losses::default(),
                pages: vec![page],
                inner: None,
                lossy: false,
                strong: false,
                classic: false,
                line_only: true,
            }),
            None if all => return None,
            None => {}
        }
    }
    Some(out)
}

/// UTF-8 misread as `d` inside `seg`, down to a single character: the runs
/// [`find_utf8_as_dbcs`] leaves alone as too short to judge.
fn short_utf8_as_dbcs(text: &str, seg: &Segment, d: Dbcs, out: &mut Vec<Pending>) {
    let s = &text[seg.range.clone()];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut bytes = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !d.starts_utf8_garble(chars[i].1) {
            i += 1;
            continue;
        }
        let j = longest_utf8_run(&chars, i, d, &mut bytes);
        match std::str::from_utf8(&bytes) {
            Ok(decoded)
                if j > i + 1
                    && !decoded.is_ascii()
                    && decoded.chars().all(plausible::is_plausible) =>
            {
                let start = seg.range.start + chars[i].0;
                let end = seg.range.start + chars.get(j).map_or(s.len(), |c| c.0);
                out.push(Pending {
                    range: start..end,
                    current: decoded.to_string(),
                    layers: vec![Misread::Utf8AsDbcs(d)],
                    losses: Losses::default(),
                    pages: Vec::new(),
                    inner: None,
                    lossy: false,
                    strong: false,
                    classic: false,
                    line_only: true,
                });
                i = j;
            }
            _ => i += 1,
        }
    }
}

/// Whether `s` still shows the shape of UTF-8 with bytes missing: a lead byte
/// followed by a continuation, or a replacement standing in for a byte.
fn looks_lossy(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    CodePage::ALL.iter().any(|&page| {
        let cont = |c: Option<&char>| {
            c.and_then(|&c| page.encode_char(c))
                .is_some_and(|b| (0x80..=0xbf).contains(&b))
        };
        // The continuations the last byte (a lead) allows next, if any.
        let mut after_lead: Option<(u8, u8)> = None;
        for (i, &c) in chars.iter().enumerate() {
            let prev_lead = after_lead.is_some();
            // U+FFFD may stand for a continuation byte; "?" too, but only
            // between a lead and a continuation ("ì?´"), never at the end of
            // a sentence ("дела?").
            let replaced = c == '\u{fffd}' || (c == '?' && prev_lead && cont(chars.get(i + 1)));
            let b = if replaced {
                Some(0x80)
            } else {
                page.encode_char(c)
            };
            if let (Some((lo, hi)), Some(b @ 0x80..=0xbf)) = (after_lead, b)
                && (replaced || (lo..=hi).contains(&b))
            {
                return true;
            }
            after_lead = b.and_then(plausible_lead);
        }
        false
    })
}

/// The continuation bytes that may follow `lead` in UTF-8 text a repair may
/// produce, `None` when `lead` starts no such character. Legitimate Latin
/// text often shows a lead and a continuation under some page ("ół" is F3 B3
/// in Windows-1250), but seldom one that could start a real character: F1..F4
/// lead to planes nobody writes in, E0/ED/F0 allow only part of the range.
fn plausible_lead(lead: u8) -> Option<(u8, u8)> {
    match lead {
        0xc2..=0xdf | 0xe1..=0xec | 0xee..=0xef => Some((0x80, 0xbf)),
        0xe0 => Some((0xa0, 0xbf)),
        0xed => Some((0x80, 0x9f)),
        // U+1F000.. (emoji) and U+20000.. (CJK extensions).
        0xf0 => Some((0x9f, 0xaf)),
        _ => None,
    }
}

/// UTF-8 read as a double-byte encoding: runs inside `range` whose bytes in
/// that encoding are valid UTF-8 that reads better than the run.
///
/// Runs that read as a single character ("臧€" is 가 in GBK) go to `weak`, for
/// every encoding: alone they prove nothing.
fn find_utf8_as_dbcs(text: &str, range: Range<usize>, weak: &mut Vec<Pending>) -> Vec<Pending> {
    let s = &text[range.clone()];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    // Each character's starter bits, looked up once rather than once per
    // encoding in the loops below.
    let masks: Vec<u8> = chars.iter().map(|&(_, c)| dbcs::starter_mask(c)).collect();
    let mask = masks.iter().fold(0u8, |m, &b| m | b);
    let mut best: Vec<Pending> = Vec::new();
    let mut bytes = Vec::new();
    for (k, dbcs) in Dbcs::ALL.into_iter().enumerate() {
        if mask & (1 << k) == 0 {
            continue;
        }
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if masks[i] & (1 << k) == 0 {
                i += 1;
                continue;
            }
            let j = longest_utf8_run(&chars, i, dbcs, &mut bytes);
            let decoded = if j > i + 1 {
                std::str::from_utf8(&bytes).ok()
            } else {
                None
            };
            match decoded {
                Some(decoded) if accept_dbcs_run(&chars, i, j, decoded) => {
                    let start = range.start + chars[i].0;
                    let end = range.start + chars.get(j).map_or(s.len(), |c| c.0);
                    found.push(Pending {
                        range: start..end,
                        current: decoded.to_string(),
                        layers: vec![Misread::Utf8AsDbcs(dbcs)],
                        losses: Losses::default(),
                        pages: Vec::new(),
                        inner: None,
                        lossy: false,
                        strong: true,
                        classic: false,
                        line_only: false,
                    });
                    i = j;
                }
                Some(decoded)
                    if decoded.chars().filter(|c| !c.is_ascii()).count() == 1
                        && decoded.chars().all(plausible::is_plausible) =>
                {
                    let start = range.start + chars[i].0;
                    let end = range.start + chars.get(j).map_or(s.len(), |c| c.0);
                    weak.push(Pending {
                        range: start..end,
                        current: decoded.to_string(),
                        layers: vec![Misread::Utf8AsDbcs(dbcs)],
                        losses: Losses::default(),
                        pages: Vec::new(),
                        inner: None,
                        lossy: false,
                        strong: false,
                        classic: false,
                        line_only: true,
                    });
                    i = j;
                }
                _ => i += 1,
            }
        }
        let cover = |v: &[Pending]| v.iter().map(|p| p.range.len()).sum::<usize>();
        if cover(&found) > cover(&best) {
            best = found;
        }
    }
    best
}

/// The longest run starting at char `i` whose bytes in `dbcs` are valid UTF-8
/// ending on a character boundary. Returns the end char index (`i` when there
/// is none) and leaves the run's bytes in `bytes`. Validity is tracked byte by
/// byte, so a false start costs a few steps.
fn longest_utf8_run(chars: &[(usize, char)], i: usize, dbcs: Dbcs, bytes: &mut Vec<u8>) -> usize {
    bytes.clear();
    let mut best = (i, 0);
    let mut need = 0u8; // continuation bytes still expected
    let mut first_cont: Option<(u8, u8)> = None; // allowed range of the next continuation
    let mut j = i;
    'outer: while j < chars.len() {
        let from = bytes.len();
        if !dbcs.encode_char(chars[j].1, bytes) {
            break;
        }
        for &b in &bytes[from..] {
            if need == 0 {
                let (n, range) = match b {
                    0x00..=0x7f => (0, None),
                    0xc2..=0xdf => (1, None),
                    0xe0 => (2, Some((0xa0, 0xbf))),
                    0xed => (2, Some((0x80, 0x9f))),
                    0xe1..=0xef => (2, None),
                    0xf0 => (3, Some((0x90, 0xbf))),
                    0xf4 => (3, Some((0x80, 0x8f))),
                    0xf1..=0xf3 => (3, None),
                    _ => break 'outer,
                };
                need = n;
                first_cont = range;
            } else {
                let (lo, hi) = first_cont.take().unwrap_or((0x80, 0xbf));
                if b < lo || b > hi {
                    break 'outer;
                }
                need -= 1;
            }
        }
        j += 1;
        if need == 0 {
            best = (j, bytes.len());
        }
    }
    bytes.truncate(best.1);
    best.0
}

fn accept_dbcs_run(chars: &[(usize, char)], i: usize, j: usize, decoded: &str) -> bool {
    let multibyte = decoded.chars().filter(|c| !c.is_ascii()).count();
    if multibyte < 2 || !decoded.chars().all(plausible::is_plausible) {
        return false;
    }
    // The famous "占쏙옙": replacement characters that went through the round trip.
    if decoded.chars().all(|c| c == '\u{fffd}') {
        return true;
    }
    let (_, after) = lm::best_mean(decoded);
    // Both tests below need `after > DBCS_MEAN_MIN - 2.0`: a reading that
    // fails it is rejected without scoring the run itself, which is most of
    // the cost on clean CJK text (its starters rarely read as text).
    if after <= DBCS_MEAN_MIN - 2.0 {
        return false;
    }
    let original: String = chars[i..j].iter().map(|c| c.1).collect();
    let (_, before) = lm::best_mean(&original);
    // A reading far better than the run may use words the model seldom saw
    // ("骑自行车" is -9.2 per character, its misreading -15.0).
    (after > before + 1.5 && after > DBCS_MEAN_MIN)
        || (after > before + 4.0 && after > DBCS_MEAN_MIN - 2.0)
}

/// A run that two pages read differently ("ć‚’" is を in Windows-1257 and 怂
/// in Windows-1250, even under a further layer of Windows-1252) takes the
/// page the file's certain runs point to for their innermost layer, when that
/// reads as text.
fn retake_inner_page(pending: &mut [Pending]) {
    let mut votes = [0.0f64; 8];
    for p in pending.iter().filter(|p| p.strong || p.classic) {
        let Some((_, pages)) = &p.inner else { continue };
        let chars = p.current.chars().filter(|c| !c.is_ascii()).count().max(1);
        for page in pages {
            if let Some(k) = CodePage::ALL.iter().position(|x| x == page) {
                votes[k] += chars as f64 / pages.len() as f64;
            }
        }
    }
    let Some((k, _)) = votes
        .iter()
        .enumerate()
        .filter(|v| *v.1 > 0.0)
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
    else {
        return;
    };
    let fp = CodePage::ALL[k];
    for p in pending.iter_mut().filter(|p| !p.lossy) {
        let Some((from, pages)) = &p.inner else {
            continue;
        };
        if pages.contains(&fp) {
            continue;
        }
        if let Some(bytes) = encode_single(from, fp)
            && let Ok(decoded) = String::from_utf8(bytes)
            && decoded.chars().all(plausible::is_plausible)
            && plausible_repair(from, &decoded)
        {
            p.current = decoded;
            if let Some(last) = p.layers.last_mut() {
                *last = Misread::Utf8AsSingle(fp);
            }
            if p.layers.len() == 1 {
                p.pages = vec![fp];
            }
            p.inner = Some((from.clone(), vec![fp]));
        }
    }
}

/// Code pages the file's certain runs point to: a page that alone explains a
/// run gets a vote per character repaired, pages that share a run split it.
fn vote<'a>(pending: impl IntoIterator<Item = &'a Pending>) -> Option<CodePage> {
    let mut votes = [0.0f64; 8];
    for p in pending
        .into_iter()
        .filter(|p| !p.pages.is_empty() && (p.strong || p.classic))
    {
        // A long run is better evidence than a short one: one "ć€‚" (怂 in
        // Windows-1250) must not outvote a sentence of Windows-1257.
        let chars = p.current.chars().filter(|c| !c.is_ascii()).count().max(1);
        let w = chars as f64 / p.pages.len() as f64;
        for page in &p.pages {
            if let Some(k) = CodePage::ALL.iter().position(|x| x == page) {
                votes[k] += w;
            }
        }
    }
    let (k, &v) = votes
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))?;
    (v > 0.0).then_some(CodePage::ALL[k])
}

/// Second pass: pick the file's chain, rebuild lost bytes, build the repairs.
/// Lossy runs on one page from which they are rebuilt in parallel.
const PARALLEL_REBUILDS: usize = 64;

fn finish(
    text: &str,
    regions: &[Range<usize>],
    segments: &[Segment],
    mut pending: Vec<Pending>,
    weak: &[Pending],
) -> Vec<Repair> {
    retake_inner_page(&mut pending);
    let file_page = vote(&pending);
    // The file's own words: intact text outside the runs and the certain repairs.
    let mut model = FileModel::default();
    let mut sorted: Vec<Range<usize>> = pending.iter().map(|p| p.range.clone()).collect();
    sorted.sort_by_key(|r| r.start);
    // Only runs that lost bytes read the model: skip building it otherwise.
    let any_lossy = pending.iter().any(|p| p.lossy);
    for r in regions.iter().filter(|_| any_lossy) {
        let mut pos = r.start;
        // Only runs starting inside the region can be in it: a page holds
        // thousands of runs and regions.
        let first = sorted.partition_point(|p| p.start < r.start);
        for p in sorted[first..].iter().take_while(|p| p.start <= r.end) {
            if p.start >= pos && p.end <= r.end {
                model.add_text(&text[pos..p.start]);
                pos = p.end;
            }
        }
        model.add_text(&text[pos..r.end]);
    }
    for p in pending.iter().filter(|p| !p.lossy) {
        model.add_text(&p.current);
    }
    let lang = model.dominant_lang().unwrap_or(Lang::Ko);
    // Relabel ambiguous first layers with the file's page.
    if let Some(fp) = file_page {
        for p in &mut pending {
            if p.pages.len() > 1
                && p.pages.contains(&fp)
                && let Some(Misread::Utf8AsSingle(first)) = p.layers.first_mut()
            {
                *first = fp;
            }
        }
    }
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let strong_lines: std::collections::HashSet<usize> = pending
        .iter()
        .filter(|p| p.strong)
        .map(|p| line_of(&newlines, p.range.start))
        .collect();
    // Short double-byte runs take the encoding of the file's convincing ones.
    let file_dbcs = pending
        .iter()
        .filter(|p| p.strong)
        .find_map(|p| match p.layers.last() {
            Some(Misread::DbcsAsSingle(d, page)) => Some((*d, *page)),
            _ => None,
        });
    if let Some((d, page)) = file_dbcs {
        for p in pending.iter_mut().filter(|p| p.line_only) {
            if let Some(Misread::DbcsAsSingle(pd, _)) = p.layers.last()
                && *pd != d
                && let Some(bytes) = encode_single(&text[p.range.clone()], page)
                && let Some(decoded) = d.decode_strict(&bytes)
            {
                p.current = decoded;
                p.layers = vec![Misread::DbcsAsSingle(d, page)];
            }
        }
    }
    take_line_chain(text, segments, &newlines, &mut pending);
    pool_weak_runs(text, weak, &newlines, &mut pending);
    let strong_pages: Vec<CodePage> = pending
        .iter()
        .filter(|p| p.strong)
        .flat_map(|p| p.pages.iter().copied())
        .collect();
    // Runs that lost bytes: rebuild each, then keep those that stand on their
    // own (two or more characters) or share a line with a convincing repair.
    // A damaged run that still shows a no-break space (byte 0xA0) or a soft
    // hyphen (0xAD) tells that the round trip kept those bytes: they are then
    // no candidates for a lost byte anywhere in the file.
    // Judged per line, since one file may mix pages and round trips.
    let lines_with = |c: char| -> std::collections::HashSet<usize> {
        pending
            .iter()
            .filter(|p| text[p.range.clone()].contains(c))
            .map(|p| line_of(&newlines, p.range.start))
            .collect()
    };
    let (nbsp_lines, shy_lines) = (lines_with('\u{a0}'), lines_with('\u{ad}'));
    let kept_on = |line: usize| Kept {
        nbsp: nbsp_lines.contains(&line),
        soft_hyphen: shy_lines.contains(&line),
    };
    // With no certain run to point to a page, lost bytes are guessed as if
    // the file went through Windows-1252: the page most misreads go through,
    // first in `CodePage::ALL`, by which [`vote`] breaks ties (Korean that
    // Windows-1252 and -1254 explain alike gets it too). The head start must
    // not hang on whether certain runs are left: a `--fix` pass repairs them
    // and leaves the guesses, which must read the same on the next pass.
    let guess_page = file_page.or(Some(CodePage::ALL[0]));
    // Every rebuild of the file reads the same language and file model, so
    // the scores they compute are shared (one table per thread).
    let rebuild_at = |p: &Pending, kept: Kept, memo: &mut lattice::Memo| {
        rebuild(
            &text[p.range.clone()],
            p,
            guess_page,
            lang,
            &model,
            kept,
            memo,
        )
    };
    // Each lossy run is rebuilt on its own, and a page that lost bytes
    // everywhere has hundreds: spread those over the cores (an editor checks
    // one page at a time). Fewer stay on this thread, where splitting costs
    // more than it saves while the other pages keep the cores busy.
    // `collect` keeps the runs' order either way.
    let rebuild_one = |memo: &mut lattice::Memo, p: &Pending| {
        if p.lossy {
            rebuild_at(p, kept_on(line_of(&newlines, p.range.start)), memo)
        } else {
            None
        }
    };
    let lossy = pending.iter().filter(|p| p.lossy).count();
    let mut rebuilt: Vec<Option<Repair>> = if lossy >= PARALLEL_REBUILDS {
        pending
            .par_iter()
            // Each piece of work starts an empty table of scores: pieces of
            // a few runs would spend their time refilling it.
            .with_min_len(PARALLEL_REBUILDS / 4)
            .map_init(lattice::Memo::default, rebuild_one)
            .collect()
    } else {
        let mut memo = lattice::Memo::default();
        pending.iter().map(|p| rebuild_one(&mut memo, p)).collect()
    };
    let mut lines = strong_lines;
    for r in rebuilt.iter().flatten() {
        if r.repaired.chars().filter(|c| !c.is_ascii()).count() >= 2 {
            lines.insert(line_of(&newlines, r.range.start));
        }
    }
    let mut out = Vec::new();
    let mut support = Vec::new();
    for (from, (p, rb)) in pending.iter().zip(rebuilt.iter_mut()).enumerate() {
        let original = text[p.range.clone()].to_string();
        let line = line_of(&newlines, p.range.start);
        let on_strong_line = lines.contains(&line);
        if let Some(r) = rb.take() {
            let alone = r.repaired.chars().filter(|c| !c.is_ascii()).count() >= 2;
            if on_strong_line || alone {
                support.push(Support {
                    from,
                    line,
                    convincing: alone,
                    leans: !alone,
                });
                out.push(r);
                continue;
            }
        }
        if p.lossy && p.layers.is_empty() {
            continue;
        }
        if p.layers.is_empty() || p.current == original {
            continue;
        }
        let supported = p.strong
            || p.classic
            || on_strong_line
            || (!p.line_only && p.pages.iter().any(|pg| strong_pages.contains(pg)));
        if !supported {
            continue;
        }
        out.push(trimmed(
            Repair {
                range: p.range.clone(),
                original,
                repaired: p.current.clone(),
                alternatives: Vec::new(),
                chain: Chain {
                    // Undone outermost first; told innermost first.
                    layers: p.layers.iter().rev().copied().collect(),
                    losses: p.losses,
                },
                certain: true,
                leans_on: Vec::new(),
                tells_page: false,
            },
            text,
        ));
        support.push(Support {
            from,
            line,
            convincing: p.strong,
            leans: false,
        });
    }
    let mut by_line: HashMap<usize, Vec<usize>> = HashMap::new();
    for (k, s) in support.iter().enumerate() {
        by_line.entry(s.line).or_default().push(k);
    }
    lean_on_line_mates(&mut out, &support, &by_line);
    // A guess rebuilt knowing that its line kept its no-break spaces or soft
    // hyphens may have learnt it from certain runs only; once those are
    // repaired, the next pass cannot know it and may guess otherwise.
    let certain_from: HashMap<usize, usize> = support
        .iter()
        .enumerate()
        .filter(|(k, _)| out[*k].certain)
        .map(|(k, s)| (s.from, k))
        .collect();
    // Per line, the runs that show a no-break space, and a soft hyphen.
    let mut shown: HashMap<usize, [Vec<usize>; 2]> = HashMap::new();
    for (j, q) in pending.iter().enumerate() {
        let t = &text[q.range.clone()];
        for (i, c) in ['\u{a0}', '\u{ad}'].into_iter().enumerate() {
            if t.contains(c) {
                shown.entry(line_of(&newlines, q.range.start)).or_default()[i].push(j);
            }
        }
    }
    let mut memo = lattice::Memo::default();
    for (k, s) in support.iter().enumerate() {
        let kept = kept_on(s.line);
        if out[k].certain || !pending[s.from].lossy || !(kept.nbsp || kept.soft_hyphen) {
            continue;
        }
        let Some(shown) = shown.get(&s.line) else {
            continue;
        };
        // What a `--fix` pass takes away: evidence that only certain runs show.
        let mut after = kept;
        let mut taken = Vec::new();
        for (flag, by) in [
            (&mut after.nbsp, &shown[0]),
            (&mut after.soft_hyphen, &shown[1]),
        ] {
            if *flag && by.iter().all(|j| certain_from.contains_key(j)) {
                *flag = false;
                taken.extend(by.iter().map(|j| out[certain_from[j]].range.clone()));
            }
        }
        if taken.is_empty()
            || rebuild_at(&pending[s.from], after, &mut memo)
                .is_some_and(|b| b.repaired == out[k].repaired)
        {
            continue;
        }
        for t in taken {
            if !out[k].leans_on.contains(&t) {
                out[k].leans_on.push(t);
            }
        }
    }
    // The page the next pass would guess under, once `--fix` has made the
    // certain repairs: the runs left vote alone. When that page reads a
    // guess otherwise, the certain runs that point to this pass's page wait
    // for the guesses, so both paths make the same ones.
    let left_page = vote(
        (0..pending.len())
            .filter(|j| !certain_from.contains_key(j))
            .map(|j| &pending[j]),
    )
    .unwrap_or(CodePage::ALL[0]);
    if let Some(fp) = guess_page
        && fp != left_page
    {
        let reads_otherwise = support.iter().enumerate().any(|(k, s)| {
            !out[k].certain
                && pending[s.from].lossy
                && rebuild(
                    &text[pending[s.from].range.clone()],
                    &pending[s.from],
                    Some(left_page),
                    lang,
                    &model,
                    kept_on(s.line),
                    &mut memo,
                )
                .is_none_or(|b| b.repaired != out[k].repaired)
        });
        if reads_otherwise {
            for (k, s) in support.iter().enumerate() {
                let p = &pending[s.from];
                if out[k].certain
                    && (p.strong || p.classic)
                    && p.pages.contains(&fp)
                    && !p.pages.contains(&left_page)
                {
                    out[k].tells_page = true;
                }
            }
        }
    }
    out.sort_by_key(|r| r.range.start);
    out
}

/// How a repair stands with the rest of its line.
#[derive(Debug, Clone, Copy)]
struct Support {
    /// Index of the run in the pending list.
    from: usize,
    line: usize,
    /// Convincing on its own: it makes the short runs of its line believable.
    convincing: bool,
    /// Kept only because a convincing repair shares its line.
    leans: bool,
}

/// Points each short guess at the certain repair it leans on, when no other
/// guess on its line is convincing. A fix pass that applies only certain
/// repairs would otherwise take the evidence and leave the guess behind as a
/// remnant too short to be found again ("SSL ë° 보안"); the rule fixes the
/// two together instead. The nearest convincing certain repair is chosen, so
/// that the two read as one phrase; failing one, the nearest certain repair.
fn lean_on_line_mates(
    out: &mut [Repair],
    support: &[Support],
    by_line: &HashMap<usize, Vec<usize>>,
) {
    let mut leans: Vec<(usize, Range<usize>)> = Vec::new();
    for (i, (r, s)) in out.iter().zip(support).enumerate() {
        if !s.leans || r.certain {
            continue;
        }
        let mates = || {
            by_line
                .get(&s.line)
                .into_iter()
                .flatten()
                .filter(move |&&k| k != i)
                .map(|&k| (&out[k], &support[k]))
        };
        if mates().any(|(m, ms)| ms.convincing && !m.certain) {
            continue;
        }
        let distance = |m: &Repair| {
            if m.range.start >= r.range.end {
                m.range.start - r.range.end
            } else {
                r.range.start.saturating_sub(m.range.end)
            }
        };
        let nearest = |convincing: bool| {
            mates()
                .filter(|(m, ms)| m.certain && (ms.convincing || !convincing))
                .min_by_key(|(m, _)| (distance(m), m.range.start))
                .map(|(m, _)| m.range.clone())
        };
        if let Some(target) = nearest(true).or_else(|| nearest(false)) {
            leans.push((i, target));
        }
    }
    for (i, target) in leans {
        out[i].leans_on.push(target);
    }
}

/// Line number of `offset`, given the offsets of the file's newlines.
fn line_of(newlines: &[usize], offset: usize) -> usize {
    newlines.partition_point(|&n| n < offset)
}

/// Bytes the file's round trip is known to have kept.
#[derive(Debug, Clone, Copy)]
struct Kept {
    nbsp: bool,
    soft_hyphen: bool,
}

/// Rebuilds a run that lost bytes; `None` when no page gives a believable reading.
fn rebuild(
    original: &str,
    p: &Pending,
    file_page: Option<CodePage>,
    lang: Lang,
    model: &FileModel,
    kept: Kept,
    memo: &mut lattice::Memo,
) -> Option<Repair> {
    let mut pages: Vec<CodePage> = Vec::new();
    if let Some(fp) = file_page {
        pages.push(fp);
    }
    pages.extend(CodePage::ALL.iter().filter(|&&x| Some(x) != file_page));
    let mut best: Option<(CodePage, Vec<lattice::Candidate>, Losses, f64)> = None;
    for page in pages {
        let Some((slots, losses)) = slots_for(&p.current, page) else {
            continue;
        };
        let mut insert: Vec<u8> = page
            .undefined_bytes()
            .iter()
            .copied()
            .filter(|b| (0x80..=0xbf).contains(b))
            .collect();
        if !kept.soft_hyphen {
            insert.push(0xad);
        }
        if !kept.nbsp {
            insert.push(0xa0);
        }
        let wild: Vec<u8> = page.undefined_bytes().to_vec();
        let params = lattice::Params {
            insert: &insert,
            wild: &wild,
        };
        let cands = lattice::reconstruct(&slots, &params, lang, Some(model), 24, 4, memo);
        let Some(top) = cands.first() else { continue };
        if top.text == p.current || !top.text.chars().all(plausible::is_plausible) {
            continue;
        }
        // Fewer guesses first; then the language model, with a head start for
        // the page the file's certain runs point to.
        let bonus = if Some(page) == file_page { 2.0 } else { 0.0 };
        let better = match &best {
            None => true,
            Some((_, b, _, bscore)) => {
                top.guessed < b[0].guessed
                    || (top.guessed == b[0].guessed && top.score + bonus > *bscore)
            }
        };
        if better {
            let s = top.score + bonus;
            best = Some((page, cands, losses, s));
        }
    }
    let (page, cands, mut losses, _) = best?;
    let top = &cands[0];
    let guessed = top.guessed > 0;
    if guessed && !losses.replaced_fffd && !losses.replaced_question {
        losses.dropped = true;
    }
    if !guessed && p.current.contains(' ') && top.text.contains('\u{a0}') {
        losses.nbsp_to_space = true;
    }
    losses.c1_kept |= p.losses.c1_kept;
    let mut layers = p.layers.clone();
    layers.push(Misread::Utf8AsSingle(page));
    layers.reverse();
    let alternatives: Vec<String> = if guessed {
        cands.iter().skip(1).map(|c| c.text.clone()).collect()
    } else {
        Vec::new()
    };
    let certain = !guessed && cands.len() == 1;
    Some(Repair {
        range: p.range.clone(),
        original: original.to_string(),
        repaired: top.text.clone(),
        alternatives,
        chain: Chain { layers, losses },
        certain,
        leans_on: Vec::new(),
        tells_page: false,
    })
}

/// The byte slots of `s` under `page` and which losses they imply.
fn slots_for(s: &str, page: CodePage) -> Option<(Vec<Slot>, Losses)> {
    let mut slots = Vec::with_capacity(s.len());
    let mut losses = Losses::default();
    for c in s.chars() {
        let slot = match c {
            '\u{fffd}' => {
                losses.replaced_fffd = true;
                Slot {
                    byte: 0,
                    kind: SlotKind::Wildcard,
                }
            }
            '?' => Slot {
                byte: b'?',
                kind: SlotKind::QuestionOrWildcard,
            },
            ' ' => Slot {
                byte: b' ',
                kind: SlotKind::SpaceOrNbsp,
            },
            _ => Slot {
                byte: page.encode_char(c)?,
                kind: SlotKind::Exact,
            },
        };
        slots.push(slot);
    }
    if s.contains('?') && page.undefined_bytes().is_empty() {
        return None;
    }
    Some((slots, losses))
}

/// Narrows a certain repair to the characters that change.
fn trimmed(mut r: Repair, text: &str) -> Repair {
    let prefix: usize = r
        .original
        .chars()
        .zip(r.repaired.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let o = &r.original[prefix..];
    let n = &r.repaired[prefix..];
    let suffix: usize = o
        .chars()
        .rev()
        .zip(n.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix = suffix.min(o.len()).min(n.len());
    let start = r.range.start + prefix;
    let end = r.range.end - suffix;
    if start < end && text.is_char_boundary(start) && text.is_char_boundary(end) {
        r.repaired = n[..n.len() - suffix].to_string();
        r.original = text[start..end].to_string();
        r.range = start..end;
    }
    r
}

/// Used by the rule's pre-filter and by callers that want a quick yes/no.
pub fn may_contain_mojibake(s: &str) -> bool {
    !s.is_ascii()
        && s.chars()
            .any(|c| plausible::single_byte_capable(c) || any_dbcs_starter(c))
}

#[cfg(test)]
mod tests;
