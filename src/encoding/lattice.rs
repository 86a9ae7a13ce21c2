//! Rebuilding UTF-8 text from bytes some of which were lost.
//!
//! A damaged run is turned back into bytes ("slots"); a slot may stand for
//! one of several bytes (a U+FFFD or "?" that replaced an undefined byte, a
//! space that was a no-break space), and between slots bytes may be missing
//! (the undefined bytes of the code page, soft hyphens). Every way to read the
//! slots as UTF-8 forms a lattice of characters; a beam search ranks whole
//! paths with the language model, so all gaps of a word are resolved together.

use super::lm::{self, FileModel, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SlotKind {
    /// The byte is known.
    Exact,
    /// A replacement character: any of the wildcard bytes.
    Wildcard,
    /// A space that may have been a no-break space (0xA0).
    SpaceOrNbsp,
    /// A "?" that may be literal or a replaced byte.
    QuestionOrWildcard,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    pub byte: u8,
    pub kind: SlotKind,
}

pub(crate) struct Params<'a> {
    /// Bytes that may have been deleted between slots.
    pub insert: &'a [u8],
    /// Bytes a wildcard slot may stand for.
    pub wild: &'a [u8],
}

#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub text: String,
    pub score: f64,
    /// Bytes inserted or guessed for wildcards.
    pub guessed: u32,
}

#[derive(Debug, Clone, Copy)]
struct Edge {
    to: u32,
    ch: char,
    cost: f64,
    guessed: u8,
}

const INSERT_COST: f64 = 1.0;
const WILD_COST: f64 = 0.3;
const NBSP_COST: f64 = 1.5;

fn continuation(b: u8) -> bool {
    (0x80..=0xbf).contains(&b)
}

/// Options for the byte at `slot`, with their cost and whether the byte was guessed.
fn slot_options(slot: Slot, params: &Params, out: &mut Vec<(u8, f64, bool)>) {
    out.clear();
    match slot.kind {
        SlotKind::Exact => out.push((slot.byte, 0.0, false)),
        SlotKind::Wildcard => out.extend(params.wild.iter().map(|&b| (b, WILD_COST, true))),
        SlotKind::SpaceOrNbsp => {
            out.push((b' ', 0.0, false));
            out.push((0xa0, NBSP_COST, false));
        }
        SlotKind::QuestionOrWildcard => {
            out.push((b'?', 0.0, false));
            out.extend(params.wild.iter().map(|&b| (b, WILD_COST + 0.5, true)));
        }
    }
}

/// [`slot_options`] without building a list for a known byte, which most
/// slots are.
fn options<'a>(
    slot: Slot,
    params: &Params,
    exact: &'a mut [(u8, f64, bool); 1],
    list: &'a mut Vec<(u8, f64, bool)>,
) -> &'a [(u8, f64, bool)] {
    if slot.kind == SlotKind::Exact {
        exact[0] = (slot.byte, 0.0, false);
        exact
    } else {
        slot_options(slot, params, list);
        list
    }
}

/// Whether a character can start at `slot`: a path that ends where none
/// can is a dead end.
fn can_start(slot: Slot, params: &Params) -> bool {
    let starts = |b: u8| matches!(b, 0x00..=0x7f | 0xc2..=0xf4);
    match slot.kind {
        SlotKind::Exact => starts(slot.byte),
        SlotKind::SpaceOrNbsp | SlotKind::QuestionOrWildcard => true,
        SlotKind::Wildcard => params.wild.iter().any(|&b| starts(b)),
    }
}

/// All characters that can start at slot `i` and end where another can
/// start (or at the end).
///
/// Every lead byte could also be read with its continuations lost, and
/// such a reading mostly ends on a continuation byte, where no character
/// starts. Those dead ends are never built (see [`extend`]): a position's
/// hypotheses are either all dead ends or none are, so leaving them out
/// never changes which live ones a bucket keeps, only the cost of scoring
/// readings that cannot go on.
fn edges_from(slots: &[Slot], i: usize, params: &Params, out: &mut Vec<Edge>) {
    out.clear();
    let (mut exact, mut list) = ([(0, 0.0, false)], Vec::new());
    for &(b0, c0, g0) in options(slots[i], params, &mut exact, &mut list) {
        let need = match b0 {
            0x00..=0x7f => 1,
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => continue,
        };
        let mut buf = [b0, 0, 0, 0];
        let state = State {
            len: 1,
            need,
            next: i + 1,
            cost: c0,
            present: 1,
            guessed: u8::from(g0),
            wild: g0,
        };
        extend(slots, params, &mut buf, state, out);
    }
}

#[derive(Clone, Copy)]
struct State {
    len: usize,
    need: usize,
    next: usize,
    cost: f64,
    present: u8,
    guessed: u8,
    wild: bool,
}

fn extend(slots: &[Slot], params: &Params, buf: &mut [u8; 4], st: State, out: &mut Vec<Edge>) {
    if st.len == st.need {
        if st.next < slots.len() && !can_start(slots[st.next], params) {
            return;
        }
        let inserted = st.guessed > 0 && !st.wild;
        // A missing byte is only believable next to at least two bytes that are
        // present, or as both continuations of a three-byte lead (Korean "자"
        // is EC 9E 90, and Windows-1254 has neither 9E nor 90).
        if inserted && st.present < 2 && !(st.need == 3 && st.guessed == 2) {
            return;
        }
        if let Ok(s) = std::str::from_utf8(&buf[..st.len])
            && let Some(ch) = s.chars().next()
            && let Ok(to) = u32::try_from(st.next)
        {
            out.push(Edge {
                to,
                ch,
                cost: st.cost,
                guessed: st.guessed,
            });
        }
        return;
    }
    // Consume the next slot.
    if st.next < slots.len() {
        let (mut exact, mut list) = ([(0, 0.0, false)], Vec::new());
        for &(b, c, g) in options(slots[st.next], params, &mut exact, &mut list) {
            if continuation(b) {
                buf[st.len] = b;
                extend(
                    slots,
                    params,
                    buf,
                    State {
                        len: st.len + 1,
                        next: st.next + 1,
                        cost: st.cost + c,
                        present: st.present + u8::from(!g),
                        guessed: st.guessed + u8::from(g),
                        wild: st.wild || g,
                        ..st
                    },
                    out,
                );
            }
        }
    }
    // Or assume a byte was deleted here (at most two per character); when
    // it would be the last byte, the character ends at `next`, which must
    // be able to start the one after it.
    let ends_alive =
        st.len + 1 < st.need || st.next >= slots.len() || can_start(slots[st.next], params);
    if st.guessed < 2 && ends_alive {
        for &b in params.insert {
            buf[st.len] = b;
            extend(
                slots,
                params,
                buf,
                State {
                    len: st.len + 1,
                    cost: st.cost + INSERT_COST,
                    guessed: st.guessed + 1,
                    ..st
                },
                out,
            );
        }
    }
}

struct Node {
    parent: u32,
    ch: char,
}

#[derive(Clone, Copy)]
struct Hyp {
    score: f64,
    node: u32,
    /// The last letter, or [`lm::BOUNDARY`] after anything else.
    last: char,
    guessed: u32,
}

/// Language-model scores already computed. The beam's hypotheses mostly end
/// in the same few letters, and a run is read under every code page with the
/// same language and file model: each step is scored once per (last letter,
/// next letter) for all of them. Valid for one language and file model.
#[derive(Default)]
pub(crate) struct Memo {
    pairs: lm::FastMap<(char, char), f64>,
    singles: lm::FastMap<char, f64>,
}

/// A hypothesis and when it reached its position: the order of arrival
/// breaks ties in score, as a stable sort would.
#[derive(Clone, Copy)]
struct Ranked {
    hyp: Hyp,
    arrival: u32,
}

/// Greater is worse: a lower score, or the same score and a later arrival.
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .hyp
            .score
            .total_cmp(&self.hyp.score)
            .then(self.arrival.cmp(&other.arrival))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Ranked {}

/// The hypotheses that reached one position, the best `cap` of them. A
/// position is offered hundreds and the beam keeps a few dozen: they are
/// gathered unsorted and cut back to the best `cap` whenever twice as many
/// have piled up, which costs less than keeping a heap in order. The cut
/// leaves a floor: a score at or below it can never be among the best, so
/// it is turned away on arrival.
struct Bucket {
    items: Vec<Ranked>,
    arrivals: u32,
    cap: usize,
    floor: Option<f64>,
}

impl Bucket {
    fn new(cap: usize) -> Bucket {
        Bucket {
            items: Vec::new(),
            arrivals: 0,
            cap,
            floor: None,
        }
    }

    /// Whether a hypothesis of this score may be among the best (a later
    /// arrival with the same score as the worst kept one would not).
    fn admits(&self, score: f64) -> bool {
        self.floor
            .is_none_or(|floor| score.total_cmp(&floor).is_gt())
    }

    fn push(&mut self, hyp: Hyp, pool: &mut Vec<Vec<Ranked>>) {
        if self.items.capacity() == 0
            && let Some(v) = pool.pop()
        {
            self.items = v;
        }
        self.items.push(Ranked {
            hyp,
            arrival: self.arrivals,
        });
        self.arrivals += 1;
        if self.items.len() == self.cap && self.floor.is_none() {
            // The first `cap` are the best so far, so the worst of them is
            // a floor already.
            self.floor = self
                .items
                .iter()
                .map(|r| r.hyp.score)
                .min_by(|a, b| a.total_cmp(b));
        } else if self.items.len() >= self.cap.saturating_mul(2) {
            self.cut();
        }
    }

    /// Keeps the best `cap`; the worst of them sets the floor.
    fn cut(&mut self) {
        if self.items.len() <= self.cap || self.cap == 0 {
            return;
        }
        self.items.select_nth_unstable(self.cap - 1);
        self.items.truncate(self.cap);
        self.floor = self.items.iter().max().map(|worst| worst.hyp.score);
    }

    /// The kept hypotheses, best first, into `out`; the bucket's storage
    /// goes back to `pool`.
    fn take_into(&mut self, out: &mut Vec<Hyp>, pool: &mut Vec<Vec<Ranked>>) {
        self.cut();
        let mut kept = std::mem::take(&mut self.items);
        kept.sort_unstable();
        out.clear();
        out.extend(kept.iter().map(|r| r.hyp));
        kept.clear();
        pool.push(kept);
    }

    /// The kept hypotheses in the order they arrived.
    fn take_in_arrival_order(&mut self) -> Vec<Hyp> {
        self.cut();
        let mut kept = std::mem::take(&mut self.items);
        kept.sort_unstable_by_key(|r| r.arrival);
        kept.into_iter().map(|r| r.hyp).collect()
    }
}

/// The best readings of `slots` as UTF-8, best first (at most `keep`, distinct texts).
pub(crate) fn reconstruct(
    slots: &[Slot],
    params: &Params,
    lang: Lang,
    file: Option<&FileModel>,
    beam: usize,
    keep: usize,
    memo: &mut Memo,
) -> Vec<Candidate> {
    let n = slots.len();
    let mut nodes = vec![Node {
        parent: u32::MAX,
        ch: '\0',
    }];
    // The last position keeps every reading: several paths can spell the
    // same text, and `keep` distinct ones are wanted.
    let mut hyps: Vec<Bucket> = (0..=n)
        .map(|i| Bucket::new(if i == n { usize::MAX } else { beam }))
        .collect();
    let mut pool: Vec<Vec<Ranked>> = Vec::new();
    hyps[0].push(
        Hyp {
            score: 0.0,
            node: 0,
            last: lm::BOUNDARY,
            guessed: 0,
        },
        &mut pool,
    );
    let mut edges = Vec::new();
    let Memo { pairs, singles } = memo;
    let mut step_of = |last: char, ch: char| {
        *pairs
            .entry((last, ch))
            .or_insert_with(|| lm::logp(lang, Some(last), ch, file))
    };
    // The hypotheses at a position mostly end in the same few letters: each
    // edge's step is looked up once per distinct last letter, not once per
    // hypothesis.
    let mut lasts: Vec<char> = Vec::new();
    let mut last_of: Vec<usize> = Vec::new();
    let mut steps: Vec<f64> = Vec::new();
    let mut here: Vec<Hyp> = Vec::new();
    for i in 0..n {
        hyps[i].take_into(&mut here, &mut pool);
        if here.is_empty() {
            continue;
        }
        lasts.clear();
        last_of.clear();
        for h in &here {
            let k = lasts.iter().position(|&c| c == h.last).unwrap_or_else(|| {
                lasts.push(h.last);
                lasts.len() - 1
            });
            last_of.push(k);
        }
        edges_from(slots, i, params, &mut edges);
        for e in &edges {
            let letter = lm::is_cjk_letter(e.ch);
            let own = if letter {
                0.0
            } else {
                *singles
                    .entry(e.ch)
                    .or_insert_with(|| lm::logp(lang, None, e.ch, file))
            };
            steps.clear();
            steps.resize(lasts.len(), f64::NAN);
            let to = &mut hyps[e.to as usize];
            for (h, &k) in here.iter().zip(&last_of) {
                // A step's log-probability is at most 0, so a hypothesis
                // whose score before it is turned away would be after it;
                // `here` is best first and the bucket only gets choosier,
                // so the rest of `here` would be turned away as well.
                if !to.admits(h.score - e.cost) {
                    break;
                }
                if steps[k].is_nan() {
                    steps[k] = if letter {
                        step_of(h.last, e.ch)
                    } else if h.last != lm::BOUNDARY {
                        step_of(h.last, lm::BOUNDARY) + own
                    } else {
                        own
                    };
                }
                let score = h.score - e.cost + steps[k];
                if !to.admits(score) {
                    continue;
                }
                let Ok(node) = u32::try_from(nodes.len()) else {
                    return Vec::new();
                };
                nodes.push(Node {
                    parent: h.node,
                    ch: e.ch,
                });
                to.push(
                    Hyp {
                        score,
                        node,
                        last: if letter { e.ch } else { lm::BOUNDARY },
                        guessed: h.guessed + u32::from(e.guessed),
                    },
                    &mut pool,
                );
            }
        }
    }
    // As they came: the final step re-ranks them.
    let mut finals = hyps[n].take_in_arrival_order();
    for h in &mut finals {
        if h.last != lm::BOUNDARY {
            h.score += lm::logp(lang, Some(h.last), lm::BOUNDARY, file);
        }
    }
    finals.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut out: Vec<Candidate> = Vec::new();
    for h in finals {
        let mut chars = Vec::new();
        let mut id = h.node;
        while id != 0 {
            let node = &nodes[id as usize];
            chars.push(node.ch);
            id = node.parent;
        }
        let text: String = chars.iter().rev().collect();
        if out.iter().any(|c| c.text == text) {
            continue;
        }
        out.push(Candidate {
            text,
            score: h.score,
            guessed: h.guessed,
        });
        if out.len() >= keep {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(bytes: &[u8]) -> Vec<Slot> {
        bytes
            .iter()
            .map(|&byte| Slot {
                byte,
                kind: SlotKind::Exact,
            })
            .collect()
    }

    const W1254: &[u8] = &[0x81, 0x8d, 0x8e, 0x8f, 0x90, 0x9d, 0x9e, 0xad, 0xa0];

    #[test]
    fn rebuilds_a_lost_byte() {
        // "및" is EB B0 8F; 0x8F was dropped.
        let params = Params {
            insert: W1254,
            wild: &[],
        };
        let c = reconstruct(
            &exact(&[0xeb, 0xb0]),
            &params,
            Lang::Ko,
            None,
            16,
            3,
            &mut Memo::default(),
        );
        assert_eq!(c[0].text, "및");
        assert_eq!(c.len(), 3);
        assert!(c.iter().any(|x| x.text == "밍"));
    }

    #[test]
    fn joint_word() {
        // "작성되었습니다" with 0x9E of 작 dropped.
        let full = "작성되었습니다".as_bytes().to_vec();
        let damaged: Vec<u8> = full.iter().copied().filter(|&b| b != 0x9e).collect();
        let params = Params {
            insert: W1254,
            wild: &[],
        };
        let c = reconstruct(
            &exact(&damaged),
            &params,
            Lang::Ko,
            None,
            16,
            3,
            &mut Memo::default(),
        );
        assert_eq!(c[0].text, "작성되었습니다");
    }

    #[test]
    fn intact_text_reads_as_itself() {
        let params = Params {
            insert: W1254,
            wild: &[],
        };
        let c = reconstruct(
            &exact("보안".as_bytes()),
            &params,
            Lang::Ko,
            None,
            16,
            3,
            &mut Memo::default(),
        );
        assert_eq!(c[0].text, "보안");
        assert_eq!(c[0].guessed, 0);
    }
}
