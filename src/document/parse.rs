//! The single Markdown/MDX pass that fills a `Document`.
//!
//! pulldown-cmark gives events with byte ranges; we keep ranges of the
//! source rather than the unescaped event text, so that every piece of text
//! a rule sees can be mapped back to the exact bytes it came from. Things
//! CommonMark does not know (front matter, admonitions, `<summary>`, MDX
//! import lines, heading ids in MDX comments) are found by small scanners
//! over the source and cut out of the prose.

use super::{
    BlockKind, CodeKind, CodeRange, Document, FrontMatter, FrontMatterField, Heading, Link,
    LinkKind, TextBlock, Title, TitleKind,
};
use crate::decode::LineIndex;
use crate::util::Pattern;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::LazyLock;
use unicase::UniCase;

/// Parses a page. Never fails: anything the parser does not understand is
/// simply not exposed.
pub fn parse(path: PathBuf, text: String) -> Document {
    let line_index = LineIndex::new(&text);
    let front_matter = parse_front_matter(&text);
    let is_mdx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("mdx"));
    let mut doc = Document {
        path,
        line_index,
        front_matter,
        ..Document::default()
    };
    // The front matter is read above; the Markdown parser sees it as blank
    // lines (same offsets). pulldown-cmark's metadata-block option is not
    // used because it also opens a "metadata block" at any `---` line later
    // in the page, which swallowed the headings after a thematic break.
    let masked = doc
        .front_matter
        .as_ref()
        .map(|fm| blank_out(&text, fm.range.clone()));
    let mut b = Builder::new(masked.as_deref().unwrap_or(&text), is_mdx);
    b.run();
    let Builder {
        headings,
        mut titles,
        mut prose,
        mut links,
        mut code,
        html_ids,
        summary_ranges,
        admonition_lines,
        mdx_lines,
        ..
    } = b;
    if let Some(fm) = &doc.front_matter {
        for key in ["title", "sidebar_label"] {
            if let Some(f) = fm.get(key) {
                titles.push(Title {
                    kind: TitleKind::FrontMatter,
                    key: key.to_string(),
                    text: f.value.clone(),
                    range: f.value_range.clone(),
                    pieces: vec![f.value_range.clone()],
                });
            }
        }
    }
    titles.sort_by_key(|t| (t.range.start, t.range.end));
    code.sort_by_key(|c| (c.range.start, c.range.end));
    links.sort_by_key(|l| (l.range.start, l.dest_range.start));
    let mut excluded: Vec<Range<usize>> = summary_ranges;
    excluded.extend(admonition_lines);
    excluded.extend(mdx_lines.iter().cloned());
    excluded.sort_by_key(|r| (r.start, r.end));
    for block in &mut prose {
        block.pieces = subtract(&block.pieces, &excluded);
    }
    prose.retain(|b| {
        b.pieces
            .iter()
            .any(|p| text[p.clone()].chars().any(|c| !c.is_whitespace()))
    });
    doc.headings = headings;
    doc.titles = titles;
    doc.prose = prose;
    doc.links = links;
    doc.code = code;
    doc.html_ids = html_ids;
    doc.mdx_lines = mdx_lines;
    doc.text = text;
    let jsx = jsx_headings(&doc);
    if !jsx.is_empty() {
        doc.headings.extend(jsx);
        doc.headings.sort_by_key(|h| h.range.start);
    }
    doc
}

/// A reference label as CommonMark matches it: whitespace runs collapsed to
/// one space, ends trimmed, compared case-folded (`UniCase`).
fn label_key(label: &str) -> UniCase<String> {
    let mut key = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    UniCase::new(key)
}

/// `pieces` minus `cut`, both sorted; linear.
fn subtract(pieces: &[Range<usize>], cut: &[Range<usize>]) -> Vec<Range<usize>> {
    if cut.is_empty() {
        return pieces.to_vec();
    }
    let mut out = Vec::with_capacity(pieces.len());
    let mut j = 0;
    for p in pieces {
        let mut start = p.start;
        while j < cut.len() && cut[j].end <= start {
            j += 1;
        }
        let mut k = j;
        while k < cut.len() && cut[k].start < p.end {
            if cut[k].start > start {
                out.push(start..cut[k].start);
            }
            start = start.max(cut[k].end);
            k += 1;
        }
        if start < p.end {
            out.push(start..p.end);
        }
    }
    out
}

/// `text` with every byte in `range` except line ends replaced by a space.
fn blank_out(text: &str, range: Range<usize>) -> String {
    // Only the front matter changes; the rest of the page is copied whole.
    let end = range.end.min(text.len());
    let start = range.start.min(end);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    for c in text[start..end].chars() {
        if c == '\n' || c == '\r' {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    out.push_str(&text[end..]);
    out
}

fn parse_front_matter(text: &str) -> Option<FrontMatter> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let mut pos = first_end + 1;
    let mut fields = Vec::new();
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = &text[pos..end];
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some(FrontMatter {
                range: 0..(end + 1).min(text.len()),
                fields,
            });
        }
        if let Some(field) = front_matter_field(line, pos) {
            fields.push(field);
        }
        pos = end + 1;
    }
    None
}

fn front_matter_field(line: &str, line_start: usize) -> Option<FrontMatterField> {
    if line.starts_with([' ', '\t', '-', '#']) {
        return None;
    }
    let colon = line.find(':')?;
    let key = line[..colon].trim();
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let rest = &line[colon + 1..];
    let lead = rest.len() - rest.trim_start().len();
    let value = rest.trim();
    if value.is_empty() || value.starts_with(['|', '>', '[', '{']) {
        return None;
    }
    let mut vstart = line_start + colon + 1 + lead;
    let mut v = value;
    if v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')))
    {
        v = &v[1..v.len() - 1];
        vstart += 1;
    } else if let Some(i) = v.find(" #") {
        v = v[..i].trim_end();
    }
    Some(FrontMatterField {
        key: key.to_string(),
        value: v.to_string(),
        value_range: vstart..vstart + v.len(),
    })
}

/// ATX headings on the line right after a line of tags only (`<Note>` then
/// `#### Title`, `</details>` then `## References`).
/// CommonMark continues an HTML block there, so the Markdown parser sees no
/// heading, but MDX (which Docusaurus and react.dev use for `.md` too) parses
/// the line as Markdown and renders the heading with an id.
fn jsx_headings(doc: &Document) -> Vec<Heading> {
    let text = doc.text.as_str();
    let mut out = Vec::new();
    // Only a line that starts with `#` can be an ATX heading: visit those
    // and look at the line before each, instead of scanning every line.
    for nl in memchr::memmem::find_iter(text.as_bytes(), b"\n#") {
        let start = nl + 1;
        let prev_start = text[..nl].rfind('\n').map_or(0, |i| i + 1);
        let prev = text[prev_start..nl].trim_end();
        if !is_jsx_tag_line(prev.trim_start())
            || doc.in_code(start)
            || doc.headings[..doc.headings.partition_point(|h| h.range.start <= start)]
                .last()
                .is_some_and(|h| h.range.contains(&start))
        {
            continue;
        }
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        if let Some(h) = atx_heading(text[start..end].trim_end(), start) {
            out.push(h);
        }
    }
    out
}

/// `<Note>`, `<Recipes titleText="x">`, `</Admonition>`, `</details>`,
/// `<span id="x"></span>`, `<Banner path="x" />`: a line of tags only,
/// opening, closing or self-closing (MDX reads an HTML tag as JSX too, and
/// ends a tag's flow at the end of its line).
fn is_jsx_tag_line(t: &str) -> bool {
    let Some(inner) = t.strip_prefix('<').and_then(|r| r.strip_suffix('>')) else {
        return false;
    };
    let name = inner.strip_prefix('/').unwrap_or(inner);
    name.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// An ATX heading line that the Markdown parser did not see, read with the
/// same explicit-id syntax as the headings it did.
fn atx_heading(line: &str, start: usize) -> Option<Heading> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
        return None;
    }
    let id = HEADING_ID.captures(line);
    let marker = id.as_ref().and_then(|c| c.get(0)).map(|m| m.range());
    let explicit_id = id
        .as_ref()
        .and_then(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str().to_string());
    let body = &line[hashes..marker.as_ref().map_or(line.len(), |m| m.start)];
    // Inline code and emphasis markers are not part of the rendered text.
    let text: String = body
        .trim()
        .trim_end_matches('#')
        .trim()
        .chars()
        .filter(|c| *c != '`' && *c != '*')
        .collect();
    Some(Heading {
        level: u8::try_from(hashes).ok()?,
        range: start..start + line.len(),
        text,
        pieces: Vec::new(),
        explicit_id,
        id_range: marker.map(|m| start + m.start..start + m.end),
    })
}

static HEADING_ID: LazyLock<Pattern> = LazyLock::new(|| {
    // `{#id}` (classic), `{/* #id */}` (Docusaurus 3.10), `{/*id*/}` (react.dev).
    Pattern::new(r"[ \t]*(?:\{#([^\s}]+)\}|\{/\*\s*#?([^\s*]+)\s*\*/\})[ \t]*#*[ \t]*\r?\n?$")
});
static SUMMARY: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?is)<summary\b[^>]*>(.*?)</summary\s*>"));
static TAG: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"(?s)<[^>]*>"));
/// An inline Markdown link or image written as plain text: what CommonMark
/// leaves raw inside an HTML block, and MDX reads as Markdown.
static MD_LINK: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r#"(!)?\[([^\[\]\n]*)\]\(\s*(<[^<>\n]*>|[^\s()<>]+(?:\([^\s()]*\)[^\s()<>]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)"#,
    )
});
static ADMONITION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?m)^[ \t>]*:::+[ \t]*([A-Za-z][\w-]*)?[ \t]*(?:\[([^\]\n]*)\]|([^\n{]*?))[ \t]*(?:\{[^\n]*\})?[ \t]*\r?$",
    )
});
static HTML_ATTR_URL: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r#"(?i)\b(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')"#));
/// `require('@site/static/img/x.png')` in JSX (`<img src={require(...).default} />`):
/// webpack bundles the file, so it must exist.
static REQUIRE_SITE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r#"\brequire\(\s*(?:"(@site/[^"]*)"|'(@site/[^']*)')\s*\)"#));
static HTML_ID: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r#"(?i)<([a-z][a-z0-9]*)\b[^>]*?\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
});
static BARE_URL: LazyLock<Pattern> = LazyLock::new(|| {
    // The extent a GFM autolink literal takes: up to whitespace or `<`.
    Pattern::new(r"(?i)\b(?:https?://|www\.)[^\s<]+")
});
static EMAIL: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[A-Za-z]{2,}")
});
static SCHEME_SEP: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("://"));
static WWW: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("www."));
static MDX_LINE: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"^(?:import|export)\s"));

/// Trims what GFM leaves out of an autolink literal: trailing ASCII
/// punctuation and unbalanced closing parentheses.
pub(crate) fn gfm_trim_url(s: &str) -> &str {
    let mut end = s.len();
    loop {
        let t = &s[..end];
        let Some(last) = t.chars().last() else { break };
        if matches!(
            last,
            '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~' | '"' | '\''
        ) {
            end -= 1;
            continue;
        }
        if last == ')' && t.matches('(').count() < t.matches(')').count() {
            end -= 1;
            continue;
        }
        if last == ';' {
            // An entity reference at the end (`&amp;`) is not part of the URL.
            if let Some(amp) = t.rfind('&')
                && t[amp + 1..end - 1]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric())
            {
                end = amp;
                continue;
            }
        }
        break;
    }
    &s[..end]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpenKind {
    Paragraph,
    Item,
    TableCell { head: bool },
    Heading(u8),
    BlockQuote,
    Other,
}

struct Open {
    kind: OpenKind,
    start: usize,
    pieces: Vec<Range<usize>>,
    /// Heading only: (range, rendered text, is code).
    segments: Vec<(Range<usize>, String)>,
}

struct OpenLink {
    kind: LinkKind,
    link_type: LinkType,
    dest: String,
    /// The reference label of a reference link, as the parser read it.
    label: String,
    range: Range<usize>,
    text: String,
    inner_end: usize,
}

struct Builder<'a> {
    text: &'a str,
    is_mdx: bool,
    stack: Vec<Open>,
    links_open: Vec<OpenLink>,
    in_code_block: Option<usize>,
    in_html_block: Option<usize>,
    headings: Vec<Heading>,
    titles: Vec<Title>,
    prose: Vec<TextBlock>,
    links: Vec<Link>,
    code: Vec<CodeRange>,
    html_ids: Vec<(String, Range<usize>)>,
    summary_ranges: Vec<Range<usize>>,
    admonition_lines: Vec<Range<usize>>,
    mdx_lines: Vec<Range<usize>>,
    /// Where each reference definition's destination is written, by its
    /// label as the parser normalised it (whitespace collapsed), compared
    /// with Unicode case folding as pulldown-cmark and CommonMark do.
    ref_dests: HashMap<UniCase<String>, Range<usize>>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, is_mdx: bool) -> Self {
        Builder {
            text,
            is_mdx,
            stack: Vec::new(),
            links_open: Vec::new(),
            in_code_block: None,
            in_html_block: None,
            headings: Vec::new(),
            titles: Vec::new(),
            prose: Vec::new(),
            links: Vec::new(),
            code: Vec::new(),
            html_ids: Vec::new(),
            summary_ranges: Vec::new(),
            admonition_lines: Vec::new(),
            mdx_lines: Vec::new(),
            ref_dests: HashMap::new(),
        }
    }

    fn run(&mut self) {
        let text = self.text;
        let opts = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS;
        let parser = Parser::new_ext(text, opts);
        // Reference definitions are resolved by the parser; keep where each
        // destination is written so a fix can edit it.
        for (label, def) in parser.reference_definitions().iter() {
            let span = def.span.clone();
            let dest = def.dest.to_string();
            let range = text
                .get(span.clone())
                .and_then(|s| {
                    let colon = s.find("]:")?;
                    let after = colon + 2;
                    s[after..]
                        .find(dest.as_str())
                        .map(|i| span.start + after + i..span.start + after + i + dest.len())
                })
                .unwrap_or(span);
            self.ref_dests.insert(label_key(label), range);
        }
        for (event, range) in parser.into_offset_iter() {
            self.event(event, range);
        }
        self.scan_admonitions();
        self.scan_summaries();
        if self.is_mdx {
            self.scan_mdx_lines();
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) => {
                if self.in_code_block.is_some() {
                    return;
                }
                self.text_piece(range.clone(), &t);
                // JSX whose attribute is an expression is not HTML to
                // CommonMark: its `require(...)` arrives as text.
                self.scan_require(range.clone());
                if self.links_open.is_empty() {
                    self.scan_bare(range);
                }
            }
            Event::Code(t) => {
                self.code.push(CodeRange {
                    kind: CodeKind::Inline,
                    range: range.clone(),
                });
                if let Some(l) = self.links_open.last_mut() {
                    l.text.push_str(&t);
                    l.inner_end = range.end;
                }
                if let Some(open) = self
                    .stack
                    .iter_mut()
                    .rev()
                    .find(|o| matches!(o.kind, OpenKind::Heading(_)))
                {
                    open.segments.push((range, t.to_string()));
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.text_piece(range, " ");
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                self.scan_html(range);
            }
            Event::InlineMath(_) | Event::DisplayMath(_) => self.code.push(CodeRange {
                kind: CodeKind::Inline,
                range,
            }),
            Event::FootnoteReference(_) | Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn text_piece(&mut self, range: Range<usize>, rendered: &str) {
        if let Some(l) = self.links_open.last_mut() {
            l.text.push_str(rendered);
            l.inner_end = range.end;
        }
        let Some(open) = self
            .stack
            .iter_mut()
            .rev()
            .find(|o| o.kind != OpenKind::Other)
        else {
            return;
        };
        if matches!(open.kind, OpenKind::Heading(_)) {
            open.segments.push((range.clone(), rendered.to_string()));
        }
        match open.pieces.last_mut() {
            Some(last) if last.end == range.start => last.end = range.end,
            _ => open.pieces.push(range),
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        let kind = match &tag {
            Tag::Paragraph => {
                // A paragraph inside a list item belongs to that item's block.
                if self.stack.last().is_some_and(|o| o.kind == OpenKind::Item) {
                    OpenKind::Other
                } else {
                    OpenKind::Paragraph
                }
            }
            Tag::Item => OpenKind::Item,
            Tag::TableCell => OpenKind::TableCell {
                head: self
                    .stack
                    .iter()
                    .any(|o| o.kind == OpenKind::Other && o.start == usize::MAX),
            },
            Tag::TableHead => {
                // Marked with start == MAX so cells know they are header cells.
                self.stack.push(Open {
                    kind: OpenKind::Other,
                    start: usize::MAX,
                    pieces: Vec::new(),
                    segments: Vec::new(),
                });
                return;
            }
            Tag::Heading { level, .. } => OpenKind::Heading(*level as u8),
            Tag::BlockQuote(_) => OpenKind::BlockQuote,
            Tag::CodeBlock(kind) => {
                self.in_code_block = Some(range.start);
                let _ = matches!(kind, CodeBlockKind::Fenced(_));
                self.code.push(CodeRange {
                    kind: CodeKind::Block,
                    range,
                });
                return;
            }
            Tag::HtmlBlock => {
                self.in_html_block = Some(range.start);
                return;
            }
            Tag::MetadataBlock(_) => {
                self.in_code_block = Some(range.start);
                return;
            }
            Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            } => {
                let label = id.to_string();
                self.open_link(
                    LinkKind::Inline,
                    *link_type,
                    dest_url.to_string(),
                    label,
                    range,
                );
                return;
            }
            Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            } => {
                let label = id.to_string();
                self.open_link(
                    LinkKind::Image,
                    *link_type,
                    dest_url.to_string(),
                    label,
                    range,
                );
                return;
            }
            _ => OpenKind::Other,
        };
        self.stack.push(Open {
            kind,
            start: range.start,
            pieces: Vec::new(),
            segments: Vec::new(),
        });
    }

    fn open_link(
        &mut self,
        kind: LinkKind,
        link_type: LinkType,
        dest: String,
        label: String,
        range: Range<usize>,
    ) {
        let kind = match link_type {
            LinkType::Autolink => LinkKind::Autolink,
            LinkType::Email => LinkKind::Email,
            _ => kind,
        };
        self.links_open.push(OpenLink {
            kind,
            link_type,
            dest,
            label,
            inner_end: range.start,
            range,
            text: String::new(),
        });
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => {
                self.in_code_block = None;
                return;
            }
            TagEnd::HtmlBlock => {
                self.in_html_block = None;
                return;
            }
            TagEnd::Link | TagEnd::Image => {
                if let Some(l) = self.links_open.pop() {
                    self.close_link(l);
                }
                return;
            }
            TagEnd::TableHead => {
                if self.stack.last().is_some_and(|o| o.start == usize::MAX) {
                    self.stack.pop();
                }
                return;
            }
            _ => {}
        }
        let Some(open) = self.stack.pop() else { return };
        match open.kind {
            OpenKind::Heading(level) => self.close_heading(level, open, range),
            OpenKind::Paragraph | OpenKind::Item | OpenKind::BlockQuote => {
                let kind = match open.kind {
                    OpenKind::Item => BlockKind::ListItem,
                    OpenKind::BlockQuote => BlockKind::BlockQuote,
                    _ if self.stack.iter().any(|o| o.kind == OpenKind::BlockQuote) => {
                        BlockKind::BlockQuote
                    }
                    _ => BlockKind::Paragraph,
                };
                if !open.pieces.is_empty() {
                    self.prose.push(TextBlock {
                        kind,
                        range: open.start..range.end,
                        pieces: open.pieces,
                    });
                }
            }
            OpenKind::TableCell { head } => {
                if open.pieces.is_empty() {
                    return;
                }
                if head {
                    let visible: String =
                        open.pieces.iter().map(|p| &self.text[p.clone()]).collect();
                    self.titles.push(Title {
                        kind: TitleKind::TableHeader,
                        key: String::new(),
                        text: visible.trim().to_string(),
                        range: open.start..range.end,
                        pieces: open.pieces,
                    });
                } else {
                    self.prose.push(TextBlock {
                        kind: BlockKind::TableCell,
                        range: open.start..range.end,
                        pieces: open.pieces,
                    });
                }
            }
            OpenKind::Other => {
                // Text directly in a container we do not model (e.g. footnote
                // definitions) still counts as prose.
                if !open.pieces.is_empty() {
                    self.prose.push(TextBlock {
                        kind: BlockKind::Paragraph,
                        range: open.start..range.end,
                        pieces: open.pieces,
                    });
                }
            }
        }
    }

    fn close_heading(&mut self, level: u8, open: Open, range: Range<usize>) {
        let line = &self.text[range.clone()];
        let id_match = if line.contains('{') {
            HEADING_ID.captures(line)
        } else {
            None
        };
        let (explicit_id, id_range) = match id_match {
            Some(c) => {
                let m = c.get(0).map_or(0..0, |m| m.range());
                let id = c
                    .get(1)
                    .or_else(|| c.get(2))
                    .map(|m| m.as_str().to_string());
                (id, Some(range.start + m.start..range.start + m.end))
            }
            None => (None, None),
        };
        let cut = id_range.clone().unwrap_or(usize::MAX..usize::MAX);
        let mut text = String::new();
        for (r, s) in &open.segments {
            if r.start >= cut.start {
                continue;
            }
            if r.end > cut.start {
                // A segment that runs into the id marker: keep the part before it.
                let keep = cut.start - r.start;
                if let Some(src) = self.text.get(r.start..cut.start)
                    && s.len() >= keep
                {
                    text.push_str(src);
                }
                continue;
            }
            text.push_str(s);
        }
        let pieces = match &id_range {
            Some(idr) => subtract(&open.pieces, std::slice::from_ref(idr)),
            None => open.pieces,
        };
        self.headings.push(Heading {
            level,
            range,
            text: text.trim().to_string(),
            pieces,
            explicit_id,
            id_range,
        });
    }

    fn close_link(&mut self, l: OpenLink) {
        let text = self.text;
        let dest_range = match l.link_type {
            LinkType::Autolink | LinkType::Email => {
                l.range.start + 1..l.range.end.saturating_sub(1)
            }
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
                // Destination lives in the definition the parser resolved
                // the label to.
                self.ref_dests
                    .get(&label_key(&l.label))
                    .cloned()
                    .unwrap_or(l.range.clone())
            }
            _ => {
                let search_from = l.inner_end.max(l.range.start);
                let tail = text.get(search_from..l.range.end).unwrap_or("");
                match tail.find("](").or_else(|| tail.find('(')) {
                    Some(open) => {
                        let after =
                            search_from + open + if tail[open..].starts_with("](") { 2 } else { 1 };
                        let rest = &text[after..l.range.end];
                        match rest.find(l.dest.as_str()) {
                            Some(i) if !l.dest.is_empty() => after + i..after + i + l.dest.len(),
                            _ => {
                                let inner = rest.trim_end_matches(')');
                                let lead = inner.len() - inner.trim_start().len();
                                let core = inner.trim();
                                let core = core.split_whitespace().next().unwrap_or("");
                                let core_start = after + lead;
                                let core = core.trim_start_matches('<').trim_end_matches('>');
                                let off = text[core_start..].find(core).unwrap_or(0);
                                core_start + off..core_start + off + core.len()
                            }
                        }
                    }
                    None => l.range.clone(),
                }
            }
        };
        let dest = if l.kind == LinkKind::Email {
            l.dest.trim_start_matches("mailto:").to_string()
        } else {
            l.dest
        };
        self.links.push(Link {
            kind: l.kind,
            dest,
            dest_range,
            text: l.text,
            range: l.range,
        });
    }

    /// Bare URLs and emails in a text event outside links.
    fn scan_bare(&mut self, range: Range<usize>) {
        let s = &self.text[range.clone()];
        if SCHEME_SEP.find(s.as_bytes()).is_some() || WWW.find(s.as_bytes()).is_some() {
            for m in BARE_URL.find_iter(s) {
                let url = gfm_trim_url(m.as_str());
                let url = &url[..crate::urls::scan::quoted_len(&s[..m.start()], url)];
                if url.len() <= "https://".len() {
                    continue;
                }
                let r = range.start + m.start()..range.start + m.start() + url.len();
                self.links.push(Link {
                    kind: LinkKind::BareUrl,
                    dest: url.to_string(),
                    dest_range: r.clone(),
                    text: String::new(),
                    range: r,
                });
            }
        }
        self.scan_emails(range);
    }

    fn scan_emails(&mut self, range: Range<usize>) {
        let s = &self.text[range.clone()];
        if memchr::memchr(b'@', s.as_bytes()).is_some() {
            for m in EMAIL.find_iter(s) {
                // An email inside a URL (`https://x/@user`) is part of the URL.
                let start = range.start + m.start();
                if self
                    .links
                    .iter()
                    .rev()
                    .take(4)
                    .any(|l| l.range.start <= start && start < l.range.end)
                {
                    continue;
                }
                let r = start..start + m.len();
                self.links.push(Link {
                    kind: LinkKind::Email,
                    dest: m.as_str().to_string(),
                    dest_range: r.clone(),
                    text: String::new(),
                    range: r,
                });
            }
        }
    }

    /// A destination found in raw HTML or JSX; ranges relative to `base`.
    fn push_html_link(&mut self, base: usize, dest: Range<usize>, whole: Range<usize>) {
        self.links.push(Link {
            kind: LinkKind::Html,
            dest: self.text[base + dest.start..base + dest.end].to_string(),
            dest_range: base + dest.start..base + dest.end,
            text: String::new(),
            range: base + whole.start..base + whole.end,
        });
    }

    fn scan_require(&mut self, range: Range<usize>) {
        let s = &self.text[range.clone()];
        if s.contains("require(") {
            for c in REQUIRE_SITE.captures_iter(s) {
                let Some(v) = c.get(1).or_else(|| c.get(2)) else {
                    continue;
                };
                let whole = c.get(0).map_or(v.range(), |m| m.range());
                self.push_html_link(range.start, v.range(), whole);
            }
        }
    }

    fn scan_html(&mut self, range: Range<usize>) {
        self.scan_require(range.clone());
        let s = &self.text[range.clone()];
        if s.contains('=') {
            for c in HTML_ATTR_URL.captures_iter(s) {
                let Some(v) = c.get(2).or_else(|| c.get(3)) else {
                    continue;
                };
                let whole = c.get(0).map_or(v.range(), |m| m.range());
                self.push_html_link(range.start, v.range(), whole);
            }
            for c in HTML_ID.captures_iter(s) {
                let tag = c.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
                let attr = c.get(2).map_or("", |m| m.as_str()).to_ascii_lowercase();
                if attr == "name" && tag != "a" {
                    continue;
                }
                let Some(v) = c.get(3).or_else(|| c.get(4)) else {
                    continue;
                };
                self.html_ids.push((
                    v.as_str().to_string(),
                    range.start + v.start()..range.start + v.end(),
                ));
            }
        }
        if self.in_html_block.is_some() {
            self.html_block_text(range);
        }
    }

    /// Visible text between tags in an HTML block line (not JSX expressions).
    fn html_block_text(&mut self, range: Range<usize>) {
        let s = &self.text[range.clone()];
        let mut pieces = Vec::new();
        let mut last = 0;
        for m in TAG.find_iter(s) {
            push_visible(&mut pieces, s, last..m.start(), range.start);
            last = m.end();
        }
        push_visible(&mut pieces, s, last..s.len(), range.start);
        // Emails written between tags count like those in prose. URLs do not:
        // MDX components (`<Admonition>`) hold Markdown links that CommonMark
        // leaves as raw text, and their destinations are not bare URLs.
        for p in &pieces {
            self.scan_emails(p.clone());
        }
        // MDX reads the text between a component's tags as Markdown, so a
        // link in an `<Admonition>` is a link on the page.
        for p in &pieces {
            self.scan_markdown_links(p.clone());
        }
        if !pieces.is_empty() {
            self.prose.push(TextBlock {
                kind: BlockKind::Html,
                range,
                pieces,
            });
        }
    }

    fn scan_markdown_links(&mut self, range: Range<usize>) {
        let s = &self.text[range.clone()];
        if memchr::memmem::find(s.as_bytes(), b"](").is_none() {
            return;
        }
        // Inside a code span it is code.
        let mut spans = Vec::new();
        let mut open = None;
        for (i, b) in s.bytes().enumerate() {
            if b == b'`' {
                match open.take() {
                    Some(o) => spans.push(o..i + 1),
                    None => open = Some(i),
                }
            }
        }
        for c in MD_LINK.captures_iter(s) {
            let (Some(whole), Some(dest)) = (c.get(0), c.get(3)) else {
                continue;
            };
            if spans
                .iter()
                .any(|t| t.start <= whole.start() && whole.start() < t.end)
            {
                continue;
            }
            let mut d = dest.range();
            if s[d.clone()].starts_with('<') {
                d = d.start + 1..d.end - 1;
            }
            self.links.push(Link {
                kind: if c.get(1).is_some() {
                    LinkKind::Image
                } else {
                    LinkKind::Inline
                },
                dest: s[d.clone()].to_string(),
                dest_range: range.start + d.start..range.start + d.end,
                text: c.get(2).map_or("", |m| m.as_str()).to_string(),
                range: range.start + whole.start()..range.start + whole.end(),
            });
        }
    }

    fn scan_summaries(&mut self) {
        let text = self.text;
        if memchr::memmem::find(text.as_bytes(), b"<summary").is_none()
            && memchr::memmem::find(text.as_bytes(), b"<SUMMARY").is_none()
        {
            return;
        }
        let code = &self.code;
        for c in SUMMARY.captures_iter(text) {
            let (Some(whole), Some(inner)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if in_ranges(code, whole.start()) {
                continue;
            }
            let s = inner.as_str();
            let mut pieces = Vec::new();
            let mut last = 0;
            for m in TAG.find_iter(s) {
                push_visible(&mut pieces, s, last..m.start(), inner.start());
                last = m.end();
            }
            push_visible(&mut pieces, s, last..s.len(), inner.start());
            let visible: String = pieces
                .iter()
                .map(|p: &Range<usize>| &text[p.clone()])
                .collect();
            self.summary_ranges.push(whole.range());
            self.titles.push(Title {
                kind: TitleKind::Summary,
                key: String::new(),
                text: visible.trim().to_string(),
                range: inner.range(),
                pieces,
            });
        }
    }

    fn scan_admonitions(&mut self) {
        let text = self.text;
        if memchr::memmem::find(text.as_bytes(), b":::").is_none() {
            return;
        }
        let code = &self.code;
        for c in ADMONITION.captures_iter(text) {
            let Some(whole) = c.get(0) else { continue };
            if in_ranges(code, whole.start()) {
                continue;
            }
            self.admonition_lines.push(whole.range());
            if let Some(t) = c.get(2).or_else(|| c.get(3)) {
                let trimmed = t.as_str().trim();
                if trimmed.is_empty() {
                    continue;
                }
                let lead = t.as_str().len() - t.as_str().trim_start().len();
                let r = t.start() + lead..t.start() + lead + trimmed.len();
                self.titles.push(Title {
                    kind: TitleKind::Admonition,
                    key: String::new(),
                    text: trimmed.to_string(),
                    range: r.clone(),
                    pieces: vec![r],
                });
            }
        }
    }

    /// MDX `import`/`export` statements at the top level: code, not prose.
    fn scan_mdx_lines(&mut self) {
        let text = self.text;
        let mut pos = 0;
        let mut in_stmt = false;
        while pos < text.len() {
            let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
            let line = &text[pos..end];
            if in_ranges(&self.code, pos) {
                in_stmt = false;
            } else if MDX_LINE.is_match(line) || (in_stmt && !line.trim().is_empty()) {
                self.mdx_lines.push(pos..end);
                // A multi-line import/export continues until a blank line or a `;`.
                in_stmt = !line.trim_end().ends_with(';') && !line.trim().is_empty();
            } else {
                in_stmt = false;
            }
            pos = end;
        }
    }
}

fn push_visible(pieces: &mut Vec<Range<usize>>, s: &str, r: Range<usize>, base: usize) {
    let part = &s[r.clone()];
    if part.trim().is_empty() || part.contains('{') {
        return;
    }
    let lead = part.len() - part.trim_start().len();
    let t = part.trim();
    pieces.push(base + r.start + lead..base + r.start + lead + t.len());
}

fn in_ranges(sorted_or_not: &[CodeRange], offset: usize) -> bool {
    sorted_or_not
        .iter()
        .any(|c| c.range.start <= offset && offset < c.range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Document {
        parse(PathBuf::from("t.md"), s.to_string())
    }

    #[test]
    fn links_between_a_components_tags_are_links() {
        let d = doc(
            "<Admonition type=\"note\">\n자세한 내용은 [표](options#table)와 ![그림](/img/a.png)를 보세요. `[x](y)`\n</Admonition>\n",
        );
        let found: Vec<(LinkKind, &str, &str)> = d
            .links
            .iter()
            .map(|l| (l.kind, l.dest.as_str(), &d.text[l.dest_range.clone()]))
            .collect();
        assert_eq!(
            found,
            vec![
                (LinkKind::Inline, "options#table", "options#table"),
                (LinkKind::Image, "/img/a.png", "/img/a.png"),
            ]
        );
    }

    #[test]
    fn front_matter_fields() {
        let d = doc("---\ntitle: \"자주 묻는 질문\"\nsidebar_position: 1\n---\n\n# Hi\n");
        let fm = d.front_matter.as_ref().unwrap();
        let t = fm.get("title").unwrap();
        assert_eq!(t.value, "자주 묻는 질문");
        assert_eq!(&d.text[t.value_range.clone()], "자주 묻는 질문");
        assert_eq!(d.headings.len(), 1);
        assert!(
            d.titles
                .iter()
                .any(|t| t.kind == TitleKind::FrontMatter && t.key == "title")
        );
    }

    #[test]
    fn heading_ids_in_three_syntaxes() {
        let d = doc(
            "## 드라이버 {/* #driver */}\n\n## Install {#install}\n\n### Hooks {/*hooks*/}\n\n## 자주 묻는 질문\n",
        );
        let ids: Vec<_> = d.headings.iter().map(|h| h.explicit_id.clone()).collect();
        assert_eq!(
            ids,
            vec![
                Some("driver".into()),
                Some("install".into()),
                Some("hooks".into()),
                None
            ]
        );
        assert_eq!(d.headings[0].text, "드라이버");
        assert_eq!(d.headings[1].text, "Install");
        assert_eq!(d.headings[3].text, "자주 묻는 질문");
    }

    #[test]
    fn heading_text_includes_code() {
        let d = doc("## The `useState` hook\n");
        assert_eq!(d.headings[0].text, "The useState hook");
        assert_eq!(d.code.len(), 1);
    }

    #[test]
    fn summaries_and_admonitions() {
        let d = doc(
            ":::info 안내\n본문입니다.\n:::\n\n<details>\n<summary><strong>How do I reset?</strong></summary>\n\nAnswer text.\n\n</details>\n",
        );
        let kinds: Vec<_> = d.titles.iter().map(|t| (t.kind, t.text.clone())).collect();
        assert_eq!(
            kinds,
            vec![
                (TitleKind::Admonition, "안내".to_string()),
                (TitleKind::Summary, "How do I reset?".to_string())
            ]
        );
        let summary = &d.titles[1];
        assert_eq!(&d.text[summary.pieces[0].clone()], "How do I reset?");
        let prose: Vec<String> = d.prose.iter().map(|b| b.joined(&d.text).0).collect();
        assert!(prose.iter().any(|p| p.contains("본문입니다")));
        assert!(!prose.iter().any(|p| p.contains(":::info")));
        assert!(!prose.iter().any(|p| p.contains("How do I reset")));
    }

    #[test]
    fn link_destination_ranges_are_exact() {
        let s = "See [the docs](https://지원.freshdesk.com/a \"t\") and ![img](./x.png) and <https://a.b/c>.\n\n[ref]: https://r.example/x\n\nUse [ref] too.\n";
        let d = doc(s);
        let dests: Vec<_> = d
            .links
            .iter()
            .map(|l| (l.kind, &d.text[l.dest_range.clone()]))
            .collect();
        assert!(dests.contains(&(LinkKind::Inline, "https://지원.freshdesk.com/a")));
        assert!(dests.contains(&(LinkKind::Image, "./x.png")));
        assert!(dests.contains(&(LinkKind::Autolink, "https://a.b/c")));
        assert!(dests.contains(&(LinkKind::Inline, "https://r.example/x")));
    }

    #[test]
    fn reference_links_find_their_own_definition() {
        // `a` is a substring of every other label: each use must still get
        // its own definition, whatever the hash order of the definitions.
        let s = "[a] [ab][] [x][A  B] [Straße][]\n\n[a]: ./a.md\n[ab]: ./ab.md\n[a b]: ./space.md\n[STRASSE]: ./fold.md\n";
        let d = doc(s);
        let dests: Vec<_> = d
            .links
            .iter()
            .map(|l| &d.text[l.dest_range.clone()])
            .collect();
        assert_eq!(dests, ["./a.md", "./ab.md", "./space.md", "./fold.md"]);
    }

    #[test]
    fn bare_urls_and_emails() {
        let d = doc(
            "접속은 https://quantum.ibm.com에서 하세요. 문의: 지원@freshdesk.com 또는 support@qedma.com으로.\n",
        );
        let got: Vec<_> = d.links.iter().map(|l| (l.kind, l.dest.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (LinkKind::BareUrl, "https://quantum.ibm.com에서"),
                (LinkKind::Email, "지원@freshdesk.com"),
                (LinkKind::Email, "support@qedma.com"),
            ]
        );
    }

    #[test]
    fn emails_in_html_blocks() {
        let d = doc("<div>\n문의: 지원@freshdesk.com\n</div>\n");
        assert!(
            d.links
                .iter()
                .any(|l| l.kind == LinkKind::Email && l.dest == "지원@freshdesk.com")
        );
    }

    #[test]
    fn html_urls_and_ids() {
        let d = doc(
            "<a id=\"top\" href=\"https://x.y/z\">x</a>\n\n<img src='https://s3.amazonaws.com/a.png' />\n",
        );
        assert!(
            d.links
                .iter()
                .any(|l| l.kind == LinkKind::Html && l.dest == "https://x.y/z")
        );
        assert!(
            d.links
                .iter()
                .any(|l| l.kind == LinkKind::Html && l.dest == "https://s3.amazonaws.com/a.png")
        );
        assert_eq!(d.html_ids[0].0, "top");
    }

    #[test]
    fn required_site_files_are_links() {
        let text =
            "<img src={require('@site/static/img/a.png').default} />\n\n<img src={require(x)} />\n";
        let d = doc(text);
        let found: Vec<(&str, &str)> = d
            .links
            .iter()
            .map(|l| (l.dest.as_str(), &text[l.dest_range.clone()]))
            .collect();
        assert_eq!(
            found,
            [("@site/static/img/a.png", "@site/static/img/a.png")]
        );
    }

    #[test]
    fn code_is_not_prose() {
        let d = doc("Text `code here` more.\n\n```\nfenced 코드\n```\n");
        let prose: Vec<String> = d.prose.iter().map(|b| b.joined(&d.text).0).collect();
        assert_eq!(prose, vec!["Text  more.".to_string()]);
        assert!(d.in_code(d.text.find("fenced").unwrap()));
    }

    #[test]
    fn mdx_imports_are_not_prose() {
        let d = parse(
            PathBuf::from("x.mdx"),
            "import Tabs from '@theme/Tabs';\n\n본문.\n".to_string(),
        );
        let prose: Vec<String> = d.prose.iter().map(|b| b.joined(&d.text).0).collect();
        assert_eq!(prose, vec!["본문.".to_string()]);
    }

    #[test]
    fn tables() {
        let d = doc("| 이름 | Description |\n|---|---|\n| a | 설명 |\n");
        let heads: Vec<_> = d
            .titles
            .iter()
            .filter(|t| t.kind == TitleKind::TableHeader)
            .map(|t| t.text.clone())
            .collect();
        assert_eq!(heads, vec!["이름", "Description"]);
        assert!(d.prose.iter().any(|b| b.kind == BlockKind::TableCell));
    }

    #[test]
    fn subtract_cuts_ranges() {
        assert_eq!(
            subtract(&[0..10, 20..30], &[5..8, 25..40]),
            vec![0..5, 8..10, 20..25]
        );
    }

    #[test]
    fn thematic_break_then_text_is_not_front_matter() {
        let d = parse(
            PathBuf::from("a.md"),
            "---\ntitle: T\n---\n\nIntro\n\n---\n## Installing {/*installing*/}\n\ntext\n\n---\n## Codemods\n".into(),
        );
        let got: Vec<_> = d.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(got, ["Installing", "Codemods"]);
        assert!(d.front_matter.is_some());
    }

    #[test]
    fn headings_right_after_a_tag_line_are_headings_in_page_order() {
        let d = doc(
            "## First\n\n<details>\n<summary>Versions</summary>\n</details>\n## After details {#after}\n\n<Accordion>\n</Accordion>\n<span id=\"table\"></span>\n## After span\n\n<Banner path=\"x\" />\n## After banner\n\n## Last\n",
        );
        let got: Vec<_> = d.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(
            got,
            [
                "First",
                "After details",
                "After span",
                "After banner",
                "Last"
            ]
        );
        assert_eq!(d.headings[1].explicit_id.as_deref(), Some("after"));
        // Inside code, a `#` line is not a heading.
        let d = doc("```md\n</Note>\n## Not a heading\n```\n");
        assert!(d.headings.is_empty());
    }
}
