//! Which parts of a URL or address a translator wrote, and what they were.
//!
//! Two kinds of evidence, strongest first:
//!
//! 1. **The English source.** A link on the source page with the same shape
//!    (same form and scheme, same number and kinds of parts) whose parts are
//!    equal wherever the translated link is ASCII, and ASCII wherever it is
//!    not. Exactly one such link (by its text) makes the restoration certain;
//!    several make it a guess. "Exact tokens" means that inside each half-translated part
//!    the words and separators line up one to one (`Delete-티켓-option` with
//!    `Delete-tickets-option`); without that the pairing is looser and never
//!    certain.
//! 2. **The glossary.** Without a pairing, a part counts as translated only
//!    when every target-language word in it is a glossary word (or a compound
//!    of them): a host label under an ASCII domain (`지원.freshdesk.com`), a
//!    path segment, a query key, a mailbox name, and a fragment that also
//!    keeps English words (`고객-details-export`, a half-translated slug).
//!    A file extension written with an ideographic full stop (`状态。html`) is
//!    evidence on its own. The back-translation is offered as a guess.
//!
//! Links to pages that are legitimately in the target language are never
//! judged: a locale host label or path segment (`ko.wikipedia.org`,
//! `/ko/docs/`), a country-code domain, a known wiki or local portal, an
//! internationalized registrable domain. Query values are never judged: a
//! search term may be in any language.

use super::lexicon::Lexicon;
use super::shape::{self, Form, PartKind, Shape, Token};
use super::words;
use std::collections::HashSet;

/// A link or address on the English source page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// As written on the source page (a `mailto:` URL or a bare address for emails).
    pub text: String,
    /// 1-based line on the source page.
    pub line: usize,
    /// Links that can pair share a key (`shape_key`).
    key: String,
}

impl Reference {
    pub fn new(text: String, line: usize) -> Reference {
        let key = shape::parse_any(&text)
            .map(|s| shape_key(&s))
            .unwrap_or_default();
        Reference { text, line, key }
    }
}

/// Orders references so that `analyze` finds the candidates of a link by
/// binary search instead of trying every link of the source page.
pub fn sort_references(refs: &mut [Reference]) {
    refs.sort_by(|a, b| a.key.cmp(&b.key).then(a.line.cmp(&b.line)));
}

/// What two links of the same shape have in common: form, number of parts,
/// and the registrable domain (its last two labels), lowercased.
fn shape_key(shape: &Shape<'_>) -> String {
    format!(
        "{:?}|{}|{}",
        shape.form,
        shape.parts.len(),
        domain_of(shape)
    )
}

/// What `analyze` needs besides the link.
pub struct Input<'a, 'r> {
    pub lexicon: &'a Lexicon,
    /// Links of the English source, ordered by `sort_references`; empty without a source.
    pub references: &'r [Reference],
    /// What is known about the page a same-site link points at.
    pub resolve: &'a dyn Fn(&Shape<'_>) -> LocalTarget,
    /// The path segments the site's own URLs write (`site_words`): a
    /// glossary word with several English forms is read in the form these use
    /// at the same place (`티켓` -> `tickets` where the site writes
    /// `/api/v2/tickets`).
    pub site_words: &'a SiteWords,
}

/// ASCII path segments of the site's URLs, each with its registrable domain
/// and the segment before it. The place matters: Freshdesk writes both
/// `/solution/articles/…` and `/support/solutions/articles/…`, so a word is
/// read from a segment only where the site writes that form after the same
/// segment of the same domain.
#[derive(Debug, Clone, Default)]
pub struct SiteWords {
    seen: HashSet<(String, String, String)>,
    /// Registrable domains the site writes ASCII paths for.
    domains: HashSet<String>,
}

impl SiteWords {
    /// Whether the site links `domain` (lowercased) with ASCII paths.
    fn writes_ascii_paths_on(&self, domain: &str) -> bool {
        self.domains.contains(domain)
    }

    /// Whether the site writes `segment` after `prev` on `domain` (all lowercased).
    fn uses(&self, domain: &str, prev: &str, segment: &str) -> bool {
        self.seen
            .contains(&(domain.to_string(), prev.to_string(), segment.to_string()))
    }
}

/// The registrable domain of a URL (its last two host labels), lowercased.
fn domain_of(shape: &Shape<'_>) -> String {
    let labels: Vec<&str> = shape.host_labels().collect();
    labels[labels.len().saturating_sub(2)..]
        .join(".")
        .to_lowercase()
}

/// Where a path segment stands: its domain and the segment before it
/// (empty at the root).
fn segment_place(shape: &Shape<'_>, i: usize) -> (String, String) {
    let prev = i
        .checked_sub(1)
        .and_then(|j| shape.parts.get(j))
        .filter(|p| p.kind == PartKind::PathSegment)
        .map(|p| shape.part_text(p).to_lowercase())
        .unwrap_or_default();
    (domain_of(shape), prev)
}

/// The ASCII path segments of `urls`, each in its place.
pub fn site_words<'u>(urls: impl IntoIterator<Item = &'u str>) -> SiteWords {
    let mut seen = HashSet::new();
    let mut domains = HashSet::new();
    for url in urls {
        let Some(shape) = shape::parse_any(url) else {
            continue;
        };
        let mut all_ascii = true;
        let mut any_segment = false;
        for (i, p) in shape.parts.iter().enumerate() {
            let text = shape.part_text(p);
            if p.kind != PartKind::PathSegment || text.is_empty() {
                continue;
            }
            any_segment = true;
            if text.is_ascii() {
                let (domain, prev) = segment_place(&shape, i);
                seen.insert((domain, prev, text.to_ascii_lowercase()));
            } else {
                all_ascii = false;
            }
        }
        if any_segment && all_ascii && shape.host_labels().next().is_some() {
            domains.insert(domain_of(&shape));
        }
    }
    SiteWords { seen, domains }
}

/// The English forms of a glossary entry, the one `used` accepts first,
/// then the glossary's in its order. A form the glossary lacks counts when
/// it is the plural or singular of one it has (`agent` -> `agents`): URLs
/// name collections, glossaries name things.
fn forms_by_site_use(english: &[String], used: &dyn Fn(&str) -> bool) -> Vec<String> {
    let chosen = english.iter().find(|e| used(e)).cloned().or_else(|| {
        english
            .iter()
            .flat_map(|e| inflections(e))
            .find(|e| used(e))
    });
    let mut out: Vec<String> = chosen.into_iter().collect();
    for e in english {
        if !out.contains(e) {
            out.push(e.clone());
        }
    }
    out
}

/// The plural and singular spellings of a word's last part: `agent-group` ->
/// `agent-groups`; `reports` -> `report`; `category` -> `categories`.
fn inflections(word: &str) -> Vec<String> {
    let (head, last) = word.rsplit_once('-').map_or(("", word), |(h, l)| (h, l));
    let join = |l: String| {
        if head.is_empty() {
            l
        } else {
            format!("{head}-{l}")
        }
    };
    let mut out = Vec::new();
    if let Some(stem) = last.strip_suffix("ies") {
        out.push(format!("{stem}y"));
    } else if let Some(stem) = last.strip_suffix('s') {
        out.push(stem.to_string());
    } else if let Some(stem) = last.strip_suffix('y') {
        out.push(format!("{stem}ies"));
        out.push(format!("{last}s"));
    } else {
        out.push(format!("{last}s"));
        out.push(format!("{last}es"));
    }
    out.into_iter().filter(|l| l.len() > 1).map(join).collect()
}

/// What is known about the target of a relative or `#fragment` link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LocalTarget {
    /// `Some(true)`: the linked file exists, so its path is real, whatever its language.
    pub file_exists: Option<bool>,
    /// `Some(true)`: the fragment names an anchor of the target page
    /// (`#설치` for a heading `## 설치`); `None`: not known.
    pub anchor_exists: Option<bool>,
}

/// Parts whose non-ASCII text is not evidence of anything: query values
/// (search terms), a fragment that reaches a real anchor or whose target is
/// unknown, and the path of a relative link to a file that exists.
fn unjudged(shape: &Shape<'_>, input: &Input<'_, '_>) -> Vec<bool> {
    let target = match shape.form {
        Form::FragmentOnly | Form::Relative => (input.resolve)(shape),
        _ => LocalTarget::default(),
    };
    let local = matches!(shape.form, Form::FragmentOnly | Form::Relative);
    shape
        .parts
        .iter()
        .map(|p| match p.kind {
            PartKind::QueryValue => true,
            PartKind::Fragment => local && target.anchor_exists != Some(false),
            PartKind::PathSegment => target.file_exists == Some(true),
            _ => false,
        })
        .collect()
}

/// A part judged translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt {
    pub kind: PartKind,
    /// Byte range in the analysed string.
    pub range: std::ops::Range<usize>,
    /// What it should read, when known.
    pub english: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restoration<'r> {
    /// Paired with the source: `restored` is the link with its translated
    /// parts taken from `reference`.
    Source {
        restored: String,
        reference: &'r Reference,
        /// Other source links of the same shape (restored forms), when the pairing is ambiguous.
        others: Vec<(String, &'r Reference)>,
        exact_tokens: bool,
    },
    /// Back-translated through the glossary; `None` when a word is unknown.
    Glossary {
        restored: Option<String>,
        /// `관리자` -> `admin`, also `administrator`: one line per ambiguous word.
        alternatives: Vec<String>,
    },
}

impl Restoration<'_> {
    /// Certain: exactly one source link fits, word for word.
    pub fn is_certain(&self) -> bool {
        matches!(self, Restoration::Source { others, exact_tokens: true, .. } if others.is_empty())
    }

    pub fn restored(&self) -> Option<&str> {
        match self {
            Restoration::Source { restored, .. } => Some(restored),
            Restoration::Glossary { restored, .. } => restored.as_deref(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding<'r> {
    pub parts: Vec<Corrupt>,
    pub restoration: Restoration<'r>,
}

/// Judges one URL or address (already split by `shape`).
pub fn analyze<'r>(shape: &Shape<'_>, input: &Input<'_, 'r>) -> Option<Finding<'r>> {
    let any_localized = shape
        .parts
        .iter()
        .any(|p| p.kind != PartKind::QueryValue && shape::is_localized(shape.part_text(p)));
    if !any_localized || is_localized_site(shape) {
        return None;
    }
    let skip = unjudged(shape, input);
    let judged = shape
        .parts
        .iter()
        .zip(&skip)
        .any(|(p, s)| !s && shape::is_localized(shape.part_text(p)));
    if !judged {
        return None;
    }
    if let Some(f) = from_source(shape, input, &skip) {
        return Some(f);
    }
    from_glossary(shape, input, &skip)
}

/// True for links to pages that are meant to be in another language.
pub fn is_localized_site(shape: &Shape<'_>) -> bool {
    let data = words::data();
    let labels: Vec<&str> = shape.host_labels().collect();
    if let [.., second, last] = labels.as_slice() {
        // An internationalized registrable domain (`도메인.한국`): the whole site is localized.
        if !second.is_ascii() || !last.is_ascii() || data.is_cctld(last) {
            return true;
        }
        if labels[..labels.len() - 1]
            .iter()
            .any(|l| data.is_locale_marker(l))
            || data.is_localized_host(&labels.join("."))
        {
            return true;
        }
    }
    let mut key: Option<&str> = None;
    for p in &shape.parts {
        let t = shape.part_text(p);
        match p.kind {
            PartKind::PathSegment if data.is_locale_marker(t) => return true,
            PartKind::QueryKey => key = Some(t),
            PartKind::QueryValue
                if key.is_some_and(|k| {
                    ["lang", "hl", "locale", "language", "lng", "ln"]
                        .iter()
                        .any(|n| k.eq_ignore_ascii_case(n))
                }) && data.is_locale_marker(t) =>
            {
                return true;
            }
            _ => {}
        }
    }
    false
}

/// How a source part fits a translated part.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum PartFit {
    Equal,
    /// The translated part is localized and the source part ASCII; `true` when word for word.
    Translated(bool),
}

fn part_fit(kind: PartKind, ours: &str, theirs: &str, lex: &Lexicon) -> Option<PartFit> {
    let localized = kind != PartKind::QueryValue && shape::is_localized(ours);
    if localized {
        if theirs.is_empty() || shape::is_localized(theirs) {
            return (ours == theirs).then_some(PartFit::Equal);
        }
        return match words_line_up(ours, theirs, lex) {
            LineUp::Contradicted => None,
            LineUp::Yes => Some(PartFit::Translated(true)),
            LineUp::No => Some(PartFit::Translated(false)),
        };
    }
    let equal = match kind {
        PartKind::HostLabel => ours.eq_ignore_ascii_case(theirs),
        // A search term in another language stands for whatever the source searched.
        PartKind::QueryValue => ours == theirs || !ours.is_ascii(),
        _ => ours == theirs,
    };
    equal.then_some(PartFit::Equal)
}

enum LineUp {
    /// Word for word, and the glossary agrees with every word it knows.
    Yes,
    /// The words do not line up one to one.
    No,
    /// They line up, but the glossary says a word means something else
    /// (`티켓` is not `forever`): a different link.
    Contradicted,
}

/// Word for word: the same number of tokens, equal separators and ASCII
/// words, and an ASCII word wherever ours is translated.
fn words_line_up(ours: &str, theirs: &str, lex: &Lexicon) -> LineUp {
    let a = shape::tokens(ours);
    let b = shape::tokens(theirs);
    if a.len() != b.len() {
        return LineUp::No;
    }
    for (x, y) in a.iter().zip(&b) {
        match (x, y) {
            (Token::Sep { ch: c1, .. }, Token::Sep { ch: c2, .. }) if c1 == c2 => {}
            (
                Token::Word {
                    range: r1,
                    ascii: true,
                },
                Token::Word {
                    range: r2,
                    ascii: true,
                },
            ) if ours[r1.clone()] == theirs[r2.clone()] => {}
            (
                Token::Word {
                    range: r1,
                    ascii: false,
                },
                Token::Word {
                    range: r2,
                    ascii: true,
                },
            ) => {
                if let Some(entry) = lex.get(&ours[r1.clone()])
                    && !entry
                        .english
                        .iter()
                        .any(|e| same_word(e, &theirs[r2.clone()]))
                {
                    return LineUp::Contradicted;
                }
            }
            _ => return LineUp::No,
        }
    }
    LineUp::Yes
}

struct Candidate<'r> {
    restored: String,
    reference: &'r Reference,
    corrupt: Vec<Corrupt>,
    exact: bool,
    agrees: usize,
}

fn from_source<'r>(shape: &Shape<'_>, input: &Input<'_, 'r>, skip: &[bool]) -> Option<Finding<'r>> {
    let mut cands: Vec<Candidate<'r>> = Vec::new();
    let key = shape_key(shape);
    let refs = input.references;
    let lo = refs.partition_point(|r| r.key < key);
    let hi = lo + refs[lo..].partition_point(|r| r.key == key);
    for r in &refs[lo..hi] {
        let Some(theirs) = shape::parse_any(&r.text) else {
            continue;
        };
        // `mailto:a@b` and `a@b` are the same address.
        let same_scheme =
            shape.form == Form::Email || theirs.scheme.eq_ignore_ascii_case(shape.scheme);
        if theirs.form != shape.form || !same_scheme || theirs.parts.len() != shape.parts.len() {
            continue;
        }
        let mut exact = true;
        let mut equal_anchors = 0;
        let mut corrupt = Vec::new();
        let mut ok = true;
        for ((p, q), &unjudged) in shape.parts.iter().zip(&theirs.parts).zip(skip) {
            if p.kind != q.kind {
                ok = false;
                break;
            }
            let (ours, their) = (shape.part_text(p), theirs.part_text(q));
            // A real anchor or file name stands for whatever the source had.
            if unjudged && shape::is_localized(ours) {
                continue;
            }
            match part_fit(p.kind, ours, their, input.lexicon) {
                Some(PartFit::Equal) => equal_anchors += usize::from(!ours.is_empty()),
                Some(PartFit::Translated(words)) => {
                    exact &= words;
                    corrupt.push(Corrupt {
                        kind: p.kind,
                        range: p.range.clone(),
                        english: Some(their.to_string()),
                    });
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        // A loose pairing needs something besides the translated parts to
        // hold on to, or every `#anchor` would pair with every other one.
        if !ok || corrupt.is_empty() || (!exact && equal_anchors < 2) {
            continue;
        }
        let restored = splice(shape.text, &corrupt);
        if cands.iter().any(|c| c.restored == restored) {
            continue;
        }
        let agrees = corrupt
            .iter()
            .filter(|c| {
                let ours = &shape.text[c.range.clone()];
                let theirs = c.english.as_deref().unwrap_or("");
                glossary_reading(ours, c.kind, input.lexicon, &|_| false)
                    .is_some_and(|(e, _)| same_words(&e, theirs))
            })
            .count();
        cands.push(Candidate {
            restored,
            reference: r,
            corrupt,
            exact,
            agrees,
        });
    }
    if cands.iter().any(|c| c.exact) {
        cands.retain(|c| c.exact);
    }
    // Best first: the glossary agrees with more parts, then page order.
    cands.sort_by_key(|c| std::cmp::Reverse(c.agrees));
    let mut iter = cands.into_iter();
    let best = iter.next()?;
    let others = iter.map(|c| (c.restored, c.reference)).collect();
    Some(Finding {
        parts: best.corrupt,
        restoration: Restoration::Source {
            restored: best.restored,
            reference: best.reference,
            others,
            exact_tokens: best.exact,
        },
    })
}

/// English and the translated word, ignoring case and a plural `s`.
fn same_word(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.to_ascii_lowercase().trim_end_matches('s').to_string();
    norm(a) == norm(b)
}

/// `same_word` for each word of two ASCII strings.
fn same_words(a: &str, b: &str) -> bool {
    let split = |s: &str| {
        s.split(|c: char| !c.is_ascii_alphanumeric())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let (x, y) = (split(a), split(b));
    x.len() == y.len() && x.iter().zip(&y).all(|(p, q)| same_word(p, q))
}

/// The part read through the glossary: its English form and the ambiguous words.
/// `None` unless every target-language word in it is known.
fn glossary_reading(
    text: &str,
    kind: PartKind,
    lex: &Lexicon,
    used: &dyn Fn(&str) -> bool,
) -> Option<(String, Vec<String>)> {
    let decoded = shape::percent_decoded(text);
    let text: &str = if text.is_ascii() && super::has_cjk(&decoded) {
        &decoded
    } else {
        text
    };
    let mut out = String::new();
    let mut alternatives = Vec::new();
    let mut any = false;
    let join = if matches!(kind, PartKind::HostLabel | PartKind::LocalPart) {
        ""
    } else {
        "-"
    };
    for t in shape::tokens(text) {
        match t {
            Token::Word { range, ascii: true } => out.push_str(&text[range]),
            Token::Sep { ch, .. } => out.push(ch),
            Token::Word {
                range,
                ascii: false,
            } => {
                let word = &text[range];
                let pieces = lex.segment(word)?;
                any = true;
                for (i, p) in pieces.iter().enumerate() {
                    if i > 0 {
                        out.push_str(join);
                    }
                    // Only a word that is the whole part can be matched to a
                    // segment the site writes.
                    let whole = pieces.len() == 1 && word.len() == text.len();
                    let forms = if whole {
                        forms_by_site_use(&p.entry.english, used)
                    } else {
                        p.entry.english.clone()
                    };
                    let (first, others) = forms.split_first()?;
                    out.push_str(first);
                    if !others.is_empty() {
                        alternatives.push(format!(
                            "`{}` may also be {}",
                            p.entry.target,
                            quote_list(others)
                        ));
                    }
                }
            }
        }
    }
    any.then_some((out, alternatives))
}

fn quote_list(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// An extension written with an ideographic full stop: `状态。html`.
fn has_translated_dot(text: &str) -> bool {
    let toks = shape::tokens(text);
    toks.windows(2).any(|w| {
        matches!((&w[0], &w[1]), (Token::Sep { range, ch: '.' }, Token::Word { ascii: true, .. }) if !text[range.clone()].is_ascii())
    })
}

fn from_glossary<'r>(
    shape: &Shape<'_>,
    input: &Input<'_, 'r>,
    skip: &[bool],
) -> Option<Finding<'r>> {
    let lex = input.lexicon;
    let mut corrupt = Vec::new();
    let mut alternatives = Vec::new();
    let mut complete = true;
    let native_paths = names_paths_natively(shape, input, skip);
    for (i, p) in shape.parts.iter().enumerate() {
        let text = shape.part_text(p);
        if skip[i] || p.kind == PartKind::Port || !shape::is_localized(text) {
            continue;
        }
        let place = (p.kind == PartKind::PathSegment).then(|| segment_place(shape, i));
        let used = |form: &str| {
            place
                .as_ref()
                .is_some_and(|(domain, prev)| input.site_words.uses(domain, prev, form))
        };
        let reading = glossary_reading(text, p.kind, lex, &used);
        let evidence = match p.kind {
            PartKind::HostLabel => {
                reading.is_some()
                    && shape.parts[i + 1..]
                        .iter()
                        .filter(|q| q.kind == PartKind::HostLabel)
                        .all(|q| shape.part_text(q).is_ascii())
            }
            // A word no glossary knows is evidence too where the site's own
            // links to that domain write their paths in ASCII: the page
            // links `freshdesk.com/support/...`, so `freshdesk.com/로그인`
            // is a translated path, not a page named in Korean.
            PartKind::PathSegment => {
                has_translated_dot(text)
                    || (!native_paths
                        && (reading.is_some()
                            || input.site_words.writes_ascii_paths_on(&domain_of(shape))))
            }
            PartKind::QueryKey | PartKind::LocalPart => {
                reading.is_some() || has_translated_dot(text)
            }
            PartKind::Fragment => {
                // A fragment of a page in the target language may be a slug of
                // a translated heading: only a half-translated slug that keeps
                // English words (`고객-details-export`) is evidence.
                let keeps_english = shape::tokens(text).iter().any(|t| matches!(t, Token::Word { ascii: true, range } if text[range.clone()].chars().any(|c| c.is_ascii_alphabetic())));
                reading.is_some() && keeps_english
            }
            PartKind::QueryValue | PartKind::Port => false,
        };
        if !evidence {
            // Words no glossary explains stay in the URL: a back-translation
            // of the rest would still point nowhere.
            complete = false;
            continue;
        }
        match reading {
            Some((english, alts)) => {
                alternatives.extend(alts);
                corrupt.push(Corrupt {
                    kind: p.kind,
                    range: p.range.clone(),
                    english: Some(english),
                });
            }
            None => {
                complete = false;
                corrupt.push(Corrupt {
                    kind: p.kind,
                    range: p.range.clone(),
                    english: None,
                });
            }
        }
    }
    if corrupt.is_empty() {
        return None;
    }
    alternatives.dedup();
    let restored = complete.then(|| splice(shape.text, &corrupt));
    Some(Finding {
        parts: corrupt,
        restoration: Restoration::Glossary {
            restored,
            alternatives,
        },
    })
}

/// Whether the URL's own path shows that its site names paths in the
/// target language: a path segment in that language that no glossary reads,
/// on a domain the page does not link with ASCII paths
/// (`/uploads/결제서비스/이용안내/홈.png`). A machine translates the words it
/// knows and leaves the rest in English; a folder or file name it could not
/// have produced was written by the site's own authors, and so were the
/// glossary words beside it.
fn names_paths_natively(shape: &Shape<'_>, input: &Input<'_, '_>, skip: &[bool]) -> bool {
    if input.site_words.writes_ascii_paths_on(&domain_of(shape)) {
        return false;
    }
    shape.parts.iter().enumerate().any(|(i, p)| {
        let text = shape.part_text(p);
        p.kind == PartKind::PathSegment
            && !skip.get(i).copied().unwrap_or(false)
            && shape::is_localized(text)
            && !has_translated_dot(text)
            && glossary_reading(text, p.kind, input.lexicon, &|_| false).is_none()
    })
}

/// `text` with each corrupt part replaced by its English.
fn splice(text: &str, corrupt: &[Corrupt]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for c in corrupt {
        out.push_str(&text[at..c.range.start]);
        out.push_str(c.english.as_deref().unwrap_or(&text[c.range.clone()]));
        at = c.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        let mut l = Lexicon::new();
        for (e, t) in [
            ("support", "지원"),
            ("customer", "고객"),
            ("ticket", "티켓"),
            ("solution", "해결책"),
            ("helpdesk", "헬프데스크"),
            ("security", "보안"),
            ("password", "비밀번호"),
            ("admin", "관리자"),
            ("administrator", "관리자"),
            ("state", "状态"),
            ("derived", "派生"),
        ] {
            l.add(e, t);
        }
        l
    }

    fn refs(list: &[&str]) -> Vec<Reference> {
        let mut r: Vec<Reference> = list
            .iter()
            .enumerate()
            .map(|(i, t)| Reference::new((*t).to_string(), i + 1))
            .collect();
        sort_references(&mut r);
        r
    }

    /// Relative targets exist but have no anchors.
    fn no_anchors(_: &Shape<'_>) -> LocalTarget {
        LocalTarget {
            file_exists: None,
            anchor_exists: Some(false),
        }
    }

    fn run<'r>(url: &str, lex: &Lexicon, references: &'r [Reference]) -> Option<Finding<'r>> {
        let input = Input {
            lexicon: lex,
            references,
            resolve: &no_anchors,
            site_words: &SiteWords::default(),
        };
        let shape = shape::parse_any(url)?;
        analyze(&shape, &input)
    }

    const SOURCE: &[&str] = &[
        "https://www.freshworks.com/privacy/data-hosting/",
        "https://support.freshdesk.com/support/solutions/articles/227558-can-i-completely-delete-a-contact-from-freshdesk-/",
        "https://support.freshdesk.com/en/support/solutions/articles/50000005469",
        "https://support.freshdesk.com/solution/articles/222861-enabling-tls-1-1-and-tls-1-2-in-internet-explorer",
        "https://s3.amazonaws.com/cdn.freshdesk.com/data/helpdesk/attachments/production/50008479339/original/zmvfh0xJp_SBb2-hQ290J_12X1iRi7phLA.png?1685435298",
        "https://tlstest.freshdesk.com/api/v2/tickets",
        "#Customer-details-export-%C2%A0",
        "#Customer-ticket-export%C2%A0",
        "#Soft-delete-a-contact",
        "https://support.freshdesk.com/a/solutions/articles/50000005499/edit?lang=en&portalId=74847#Delete-forever-option",
        "https://support.freshdesk.com/a/solutions/articles/50000005499/edit?lang=en&portalId=74847#Delete-tickets-option",
        "support@freshdesk.com",
        "mailto:support@freshdesk.com",
        "privacy@freshworks.com",
    ];

    #[test]
    fn restores_from_source() {
        let l = lex();
        let r = refs(SOURCE);
        for (bad, good) in [
            (
                "https://지원.freshdesk.com/지원/solutions/articles/227558-can-i-completely-delete-a-contact-from-freshdesk-/",
                SOURCE[1],
            ),
            (
                "https://지원.freshdesk.com/en/지원/solutions/articles/50000005469",
                SOURCE[2],
            ),
            (
                "https://지원.freshdesk.com/해결책/articles/222861-enabling-tls-1-1-and-tls-1-2-in-internet-explorer",
                SOURCE[3],
            ),
            (
                "https://s3.amazonaws.com/cdn.freshdesk.com/data/헬프데스크/attachments/production/50008479339/original/zmvfh0xJp_SBb2-hQ290J_12X1iRi7phLA.png?1685435298",
                SOURCE[4],
            ),
            ("https://tlstest.freshdesk.com/api/v2/티켓", SOURCE[5]),
            ("#고객-details-export-%C2%A0", SOURCE[6]),
            ("#고객-ticket-export%C2%A0", SOURCE[7]),
            (
                "https://지원.freshdesk.com/a/solutions/articles/50000005499/edit?lang=en&portalId=74847#Delete-티켓-option",
                SOURCE[10],
            ),
            ("지원@freshdesk.com", SOURCE[11]),
            ("mailto:지원@freshdesk.com", SOURCE[12]),
            // Mojibake left by a lossy decode pairs just as well.
            (
                "https://ì§€ì›.freshdesk.com/ì§€ì›/solutions/articles/227558-can-i-completely-delete-a-contact-from-freshdesk-/",
                SOURCE[1],
            ),
        ] {
            let f = run(bad, &l, &r).unwrap_or_else(|| panic!("no finding for {bad}"));
            assert_eq!(f.restoration.restored(), Some(good), "{bad}");
            assert!(f.restoration.is_certain(), "{bad}: {:?}", f.restoration);
        }
    }

    #[test]
    fn ambiguous_pairing_is_a_guess() {
        let l = lex();
        let r = refs(&[
            "https://help.example.com/a",
            "https://sales.example.com/a",
            "https://support.example.com/a",
        ]);
        // `도움` is not in this glossary: every label fits.
        let f = run("https://도움.example.com/a", &l, &r).unwrap();
        assert!(!f.restoration.is_certain());
        assert_eq!(f.restoration.restored(), Some("https://help.example.com/a"));
        let Restoration::Source { others, .. } = &f.restoration else {
            panic!()
        };
        assert_eq!(others.len(), 2);
        // `지원` is: only `support` fits.
        let f = run("https://지원.example.com/a", &l, &r).unwrap();
        assert!(f.restoration.is_certain());
        assert_eq!(
            f.restoration.restored(),
            Some("https://support.example.com/a")
        );
    }

    #[test]
    fn loose_pairing_is_a_guess() {
        let l = lex();
        let r = refs(&[
            "https://legacy.reactjs.org/blog/2018/06/07/you-probably-dont-need-derived-state.html#recommendation-fully-controlled-component",
        ]);
        let f = run(
            "https://legacy.reactjs.org/blog/2018/06/07/you-probously-不需要派生状态。html#recommendation-fully-controlled-component",
            &l,
            &r,
        )
        .unwrap();
        assert_eq!(f.restoration.restored(), Some(r[0].text.as_str()));
        assert!(!f.restoration.is_certain());
    }

    #[test]
    fn back_translates_without_source() {
        let l = lex();
        for (bad, guess) in [
            (
                "https://지원.freshdesk.com/지원/solutions/articles/227558-x/",
                Some("https://support.freshdesk.com/support/solutions/articles/227558-x/"),
            ),
            (
                "https://지원.freshdesk.com/해결책/articles/222861",
                Some("https://support.freshdesk.com/solution/articles/222861"),
            ),
            (
                "https://tlstest.freshdesk.com/api/v2/티켓",
                Some("https://tlstest.freshdesk.com/api/v2/ticket"),
            ),
            (
                "#고객-details-export-%C2%A0",
                Some("#customer-details-export-%C2%A0"),
            ),
            (
                "https://x.com/a#Delete-티켓-option",
                Some("https://x.com/a#Delete-ticket-option"),
            ),
            ("지원@freshdesk.com", Some("support@freshdesk.com")),
            (
                "https://ì§€ì›.freshdesk.com/",
                Some("https://support.freshdesk.com/"),
            ),
            (
                "https://x.com/%EC%A7%80%EC%9B%90/a",
                Some("https://x.com/support/a"),
            ),
            // A translated extension is evidence even when the words are unknown.
            (
                "https://legacy.reactjs.org/blog/2018/06/07/you-probously-不需要派生状态。html",
                None,
            ),
        ] {
            let f = run(bad, &l, &[]).unwrap_or_else(|| panic!("no finding for {bad}"));
            assert_eq!(f.restoration.restored(), guess, "{bad}");
            assert!(!f.restoration.is_certain());
        }
        // A word in no glossary, on a domain the site links with ASCII paths.
        let words = site_words(["https://freshdesk.com/support/home"]);
        let input = Input {
            lexicon: &l,
            references: &[],
            resolve: &no_anchors,
            site_words: &words,
        };
        for bad in [
            "https://freshdesk.com/로그인",
            "https://support.freshdesk.com/files/Freshdesk-분석.pdf",
        ] {
            let shape = shape::parse_any(bad).unwrap();
            let f = analyze(&shape, &input).unwrap_or_else(|| panic!("no finding for {bad}"));
            assert_eq!(f.restoration.restored(), None, "{bad}");
        }
        // Other domains, and a domain the site links only in Korean, stay silent.
        for good in ["https://example.com/로그인", "https://velog.io/@a/로그인"] {
            let shape = shape::parse_any(good).unwrap();
            assert!(analyze(&shape, &input).is_none(), "{good}");
        }
        let f = run("https://x.com/관리자", &l, &[]).unwrap();
        let Restoration::Glossary { alternatives, .. } = f.restoration else {
            panic!()
        };
        assert_eq!(alternatives, ["`관리자` may also be `administrator`"]);
    }

    #[test]
    fn paths_the_site_names_in_its_language() {
        let l = lex();
        // A folder or file name no glossary reads was written by the site's
        // authors: the glossary words beside it are theirs too.
        for good in [
            "/uploads/지원/이용안내/가입신청.png",
            "https://help.example.com/uploads/공지사항/비밀번호_변경.png",
            "https://x.com/관리자/사용방법",
        ] {
            assert!(run(good, &l, &[]).is_none(), "{good}");
        }
        // Glossary words beside English are the machine's, and so is a
        // translated extension beside unknown words.
        for bad in [
            "/uploads/지원/attachments/a.png",
            "https://x.com/data/헬프데스크/attachments/1/a.png",
            "https://legacy.reactjs.org/blog/2018/06/07/you-probously-不需要派生状态。html",
        ] {
            assert!(run(bad, &l, &[]).is_some(), "{bad}");
        }
        // Where the page links the domain with ASCII paths, an unknown word is
        // evidence of its own, so the path is not the site's Korean.
        let words = site_words(["https://freshdesk.com/support/home"]);
        let input = Input {
            lexicon: &l,
            references: &[],
            resolve: &no_anchors,
            site_words: &words,
        };
        let shape = shape::parse_any("https://freshdesk.com/지원/로그인").unwrap();
        assert!(analyze(&shape, &input).is_some());
    }

    #[test]
    fn site_words_pick_the_form() {
        let mut l = lex();
        l.add("tickets", "티켓");
        l.add("solutions", "해결책");
        let guess = |site: &SiteWords, url: &str| {
            let input = Input {
                lexicon: &l,
                references: &[],
                resolve: &no_anchors,
                site_words: site,
            };
            let shape = shape::parse_any(url).unwrap();
            let f = analyze(&shape, &input).unwrap();
            let Restoration::Glossary { alternatives, .. } = &f.restoration else {
                panic!()
            };
            (
                f.restoration.restored().map(str::to_string),
                alternatives.clone(),
            )
        };
        let url = "https://x.freshdesk.com/api/v2/티켓";
        // Glossary order without evidence.
        let (r, alts) = guess(&SiteWords::default(), url);
        assert_eq!(r.as_deref(), Some("https://x.freshdesk.com/api/v2/ticket"));
        assert_eq!(alts, ["`티켓` may also be `tickets`"]);
        // The site writes `/api/v2/tickets` (another subdomain of the same domain).
        let site = site_words(["https://y.freshdesk.com/api/v2/tickets/12"]);
        let (r, alts) = guess(&site, url);
        assert_eq!(r.as_deref(), Some("https://x.freshdesk.com/api/v2/tickets"));
        assert_eq!(alts, ["`티켓` may also be `ticket`"]);
        // Elsewhere on the path, or on another domain, it is no evidence:
        // Freshdesk writes `/solution/articles` and `/support/solutions/articles`.
        for other in [
            "https://support.freshdesk.com/support/solutions/articles/1",
            "https://example.com/solutions/articles/1",
        ] {
            let site = site_words([other]);
            let (r, _) = guess(&site, "https://support.freshdesk.com/해결책/articles/2");
            assert_eq!(
                r.as_deref(),
                Some("https://support.freshdesk.com/solution/articles/2"),
                "{other}"
            );
        }
        // Query values are search terms, not the site's words.
        let site = site_words(["https://y.freshdesk.com/api/v2?tickets=1"]);
        assert_eq!(
            guess(&site, url).0.as_deref(),
            Some("https://x.freshdesk.com/api/v2/ticket")
        );
        // A plural the glossary lacks, when the site writes it there.
        let site = site_words(["https://x.com/a/customers/1"]);
        let (r, alts) = guess(&site, "https://x.com/a/고객");
        assert_eq!(r.as_deref(), Some("https://x.com/a/customers"));
        assert_eq!(alts, ["`고객` may also be `customer`"]);
        // Part of a segment is not matched to the site's segments.
        let (r, _) = guess(&site, "https://x.com/a/고객-list");
        assert_eq!(r.as_deref(), Some("https://x.com/a/customer-list"));
        assert_eq!(inflections("category"), ["categories", "categorys"]);
        assert_eq!(inflections("agent-groups"), ["agent-group"]);
    }

    #[test]
    fn stays_silent() {
        let l = lex();
        let r = refs(&[
            "https://en.wikipedia.org/wiki/Transport_Layer_Security",
            "https://developer.mozilla.org/en-US/docs/Web/API",
        ]);
        for ok in [
            "https://ko.wikipedia.org/wiki/전송_계층_보안",
            "https://ko.wikipedia.org/wiki/보안",
            "https://developer.mozilla.org/ko/docs/Web/JavaScript/Reference/Operators/Object_initializer#계산된_프로퍼티명",
            "https://helm.sh/zh/docs/faq/#移除了Tiller",
            "https://example.com/search?q=비밀번호",
            "https://도메인.한국/지원",
            "https://한글.example.com/",
            "https://example.co.kr/지원",
            "https://namu.wiki/w/보안",
            "https://x.com/docs?hl=ko#고객-details",
            // A Korean slug of a Korean heading.
            "#고객-지원",
            "#보안",
            "https://example.com/",
            "support@qedma.com",
            "홍길동@example.com",
        ] {
            assert!(run(ok, &l, &r).is_none(), "{ok}");
            assert!(run(ok, &l, &[]).is_none(), "{ok}");
        }
    }

    #[test]
    fn existing_anchor_is_not_corrupt() {
        let l = lex();
        // The page has a heading `고객 details` (and `설치`); `./other.md` is not known.
        let resolve = |shape: &Shape<'_>| {
            let fragment = shape
                .parts
                .iter()
                .find(|p| p.kind == PartKind::Fragment)
                .map(|p| shape.part_text(p));
            let known = shape.form == Form::FragmentOnly;
            LocalTarget {
                file_exists: None,
                anchor_exists: known
                    .then(|| fragment.is_some_and(|f| f == "고객-details" || f == "설치")),
            }
        };
        let r = refs(&[
            "#customer-details",
            "#installation",
            "./other.md#customer-details",
        ]);
        for references in [&r[..], &[]] {
            let input = Input {
                lexicon: &l,
                references,
                resolve: &resolve,
                site_words: &SiteWords::default(),
            };
            let judge = |url: &str| analyze(&shape::parse_url(url).unwrap(), &input);
            assert!(judge("#고객-details").is_none());
            assert!(judge("#설치").is_none());
            // Another page whose anchors are unknown: not judged.
            assert!(judge("./other.md#고객-details").is_none());
            // No such anchor here, and a half-translated slug: glossary evidence.
            let f = judge("#고객-export").unwrap();
            assert_eq!(f.restoration.restored(), Some("#customer-export"));
        }
    }

    #[test]
    fn existing_file_is_not_corrupt() {
        let l = lex();
        let exists = |_: &Shape<'_>| LocalTarget {
            file_exists: Some(true),
            anchor_exists: Some(true),
        };
        let input = Input {
            lexicon: &l,
            references: &[],
            resolve: &exists,
            site_words: &SiteWords::default(),
        };
        assert!(analyze(&shape::parse_url("../지원/intro.md").unwrap(), &input).is_none());
        let f = analyze(
            &shape::parse_url("../지원/intro.md").unwrap(),
            &Input {
                resolve: &no_anchors,
                site_words: &SiteWords::default(),
                ..input
            },
        );
        assert!(f.is_some());
    }
}
