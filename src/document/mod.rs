//! One parse per file: everything the rules read about a Markdown/MDX page.
//!
//! The parser (`parse.rs`) runs pulldown-cmark once with byte offsets and
//! collects the parts that localization rules care about. Every part carries
//! the byte range it came from so that diagnostics and fixes point at the
//! original bytes. Rules never re-parse.

mod parse;
pub mod repaired;
pub mod suppress;

use crate::decode::LineIndex;
use crate::lang::Locale;

use std::ops::Range;
use std::path::PathBuf;

pub use parse::parse;

/// A parsed page.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The path as given to the engine (used for messages and relative resolution).
    pub path: PathBuf,
    /// Decoded UTF-8 text without a BOM. All ranges index into this.
    pub text: String,
    pub line_index: LineIndex,
    /// How the file's bytes were decoded.
    pub encoding: crate::decode::EncodingInfo,
    /// Locale of this page ("en", "ko", "ja", "zh", ... ) as detected by `source::locale`.
    pub locale: Locale,
    /// The English source this page translates, when one exists on disk.
    pub source_path: Option<PathBuf>,
    /// A translation the site never builds ([`crate::pairing::never_built`]).
    pub never_built: bool,
    /// Docusaurus-style front matter, if the page starts with `---`.
    pub front_matter: Option<FrontMatter>,
    /// Headings (ATX and setext), in order, with the ATX headings right
    /// after a line of tags only: CommonMark reads those as HTML, MDX
    /// renders them as headings (their text has no prose pieces).
    pub headings: Vec<Heading>,
    /// `<summary>` titles, admonition titles, table header cells: heading-like titles.
    pub titles: Vec<Title>,
    /// Prose: paragraphs, list items, table cells, block quotes, with code removed.
    pub prose: Vec<TextBlock>,
    /// Links, images, autolinks, bare URLs and emails, HTML href/src.
    pub links: Vec<Link>,
    /// Inline code spans and code blocks (fenced and indented), byte ranges of the whole construct.
    pub code: Vec<CodeRange>,
    /// Ids created by HTML elements: `<a id="x">`, `<span id>`, `<div id>`, `name=` on `<a>`.
    pub html_ids: Vec<(String, Range<usize>)>,
    /// MDX `import`/`export` lines and JSX expression lines: not prose.
    pub mdx_lines: Vec<Range<usize>>,
}

impl Document {
    /// True when the byte offset lies inside inline code or a code block.
    pub fn in_code(&self, offset: usize) -> bool {
        let idx = self.code.partition_point(|c| c.range.end <= offset);
        self.code
            .get(idx)
            .is_some_and(|c| c.range.start <= offset && offset < c.range.end)
    }

    /// (line, column), both 1-based, column counted in characters.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.line_index.line_col(&self.text, offset)
    }
}

#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// Range of the whole block including both `---` fences.
    pub range: Range<usize>,
    /// Top-level `key: value` scalars; the value range excludes quotes.
    pub fields: Vec<FrontMatterField>,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&FrontMatterField> {
        self.fields.iter().find(|f| f.key == key)
    }
}

#[derive(Debug, Clone)]
pub struct FrontMatterField {
    pub key: String,
    /// The value without surrounding quotes (escape sequences left as written).
    pub value: String,
    pub value_range: Range<usize>,
}

/// A piece of visible text: the source bytes of `range` are exactly `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub range: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// The whole heading line(s).
    pub range: Range<usize>,
    /// Rendered text (formatting removed; code span contents and link texts included),
    /// as the site generator sees it when it builds a slug.
    pub text: String,
    /// Source ranges of the plain text pieces (Text events, not code): what prose rules check.
    pub pieces: Vec<Range<usize>>,
    /// Explicit id from `{#id}`, `{/* #id */}` or `{/*id*/}`.
    pub explicit_id: Option<String>,
    /// Range of the explicit id marker (including braces).
    pub id_range: Option<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TitleKind {
    /// `<summary>...</summary>` inside `<details>`.
    Summary,
    /// The title of an admonition: `:::info 안내` or `:::tip[Title]`.
    Admonition,
    /// A front-matter `title` or `sidebar_label` (see `key`).
    FrontMatter,
    /// A table header cell.
    TableHeader,
}

/// A heading-like title other than a Markdown heading.
#[derive(Debug, Clone)]
pub struct Title {
    pub kind: TitleKind,
    /// For front matter: the key; otherwise empty.
    pub key: String,
    /// Visible text with inline markup/tags removed.
    pub text: String,
    /// The range of the title content in the source.
    pub range: Range<usize>,
    /// Source ranges of the visible text pieces.
    pub pieces: Vec<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Paragraph,
    ListItem,
    TableCell,
    BlockQuote,
    Html,
}

/// A block of prose with code removed: the visible text is the concatenation
/// of the source slices in `pieces`.
#[derive(Debug, Clone)]
pub struct TextBlock {
    pub kind: BlockKind,
    pub range: Range<usize>,
    pub pieces: Vec<Range<usize>>,
}

impl TextBlock {
    /// The visible text and, for each piece, the offset in the joined string where it starts.
    pub fn joined(&self, text: &str) -> (String, Vec<usize>) {
        let mut s = String::new();
        let mut starts = Vec::with_capacity(self.pieces.len());
        for p in &self.pieces {
            starts.push(s.len());
            s.push_str(&text[p.clone()]);
        }
        (s, starts)
    }

    /// Maps an offset in the joined string back to the source.
    pub fn to_source(&self, starts: &[usize], joined_offset: usize) -> usize {
        let i = starts
            .partition_point(|&s| s <= joined_offset)
            .saturating_sub(1);
        match self.pieces.get(i) {
            Some(p) => p.start + (joined_offset - starts[i]),
            None => self.range.start,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// `[text](dest)` or a reference link.
    Inline,
    /// `![alt](src)`.
    Image,
    /// `<https://...>` or `<a@b.c>`.
    Autolink,
    /// A URL in plain text (extent as a GFM autolink literal would take it).
    BareUrl,
    /// An email in plain text.
    Email,
    /// `href=`/`src=` in raw HTML or JSX.
    Html,
    /// A reference definition `[x]: dest`.
    Definition,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub kind: LinkKind,
    /// The destination as written (for emails: the address without `mailto:`).
    pub dest: String,
    /// Exact source range of the destination; `&doc.text[dest_range] == dest` except for Email in mailto form.
    pub dest_range: Range<usize>,
    /// Visible text of the link (alt text for images), empty when none.
    pub text: String,
    /// Range of the whole construct.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Inline,
    Block,
}

#[derive(Debug, Clone)]
pub struct CodeRange {
    pub kind: CodeKind,
    pub range: Range<usize>,
}
