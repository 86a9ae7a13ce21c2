//! LSP positions and byte offsets.
//!
//! Diagnostics and edits carry byte ranges into the decoded UTF-8 text;
//! LSP positions are (line, column) with the column in UTF-16 code units
//! unless the client and server agreed on UTF-8 during `initialize`. A
//! character outside the Basic Multilingual Plane (an emoji) is two UTF-16
//! units and four bytes, so the two encodings disagree on every such line.

use crate::decode::LineIndex;
use lsp_types::{Position, Range};

/// The unit of `Position::character`, negotiated in `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionEncoding {
    Utf8,
    Utf16,
}

impl PositionEncoding {
    fn units(self, c: char) -> usize {
        match self {
            PositionEncoding::Utf8 => c.len_utf8(),
            PositionEncoding::Utf16 => c.len_utf16(),
        }
    }
}

/// A text with its line starts, for converting in both directions.
pub struct LineMap<'a> {
    text: &'a str,
    lines: LineIndex,
    encoding: PositionEncoding,
}

impl<'a> LineMap<'a> {
    pub fn new(text: &'a str, encoding: PositionEncoding) -> LineMap<'a> {
        LineMap {
            text,
            lines: LineIndex::new(text),
            encoding,
        }
    }

    /// The position of a byte offset (clamped to the text, and back to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(line);
        let column: usize = self.text[start..offset]
            .chars()
            .map(|c| self.encoding.units(c))
            .sum();
        Position::new(saturate(line), saturate(column))
    }

    pub fn range(&self, range: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(range.start), self.position(range.end))
    }

    /// The byte offset of a position. A line past the end is the end of the
    /// text; a column past the end of its line is the line's end, and one
    /// inside a character (half a surrogate pair) is that character's start,
    /// as the specification asks of servers.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.lines.line_count() {
            return self.text.len();
        }
        let start = self.lines.line_start(line);
        let end = if line + 1 < self.lines.line_count() {
            self.lines.line_start(line + 1)
        } else {
            self.text.len()
        };
        let body = self.text[start..end]
            .strip_suffix('\n')
            .map(|s| s.strip_suffix('\r').unwrap_or(s))
            .unwrap_or(&self.text[start..end]);
        let mut units = 0;
        for (i, c) in body.char_indices() {
            let next = units + self.encoding.units(c);
            if next > position.character as usize {
                return start + i;
            }
            units = next;
        }
        start + body.len()
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# 제목\r\n😀 SSL ë° x\n끝";

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        let at = TEXT.find('x').unwrap();
        let utf16 = LineMap::new(TEXT, PositionEncoding::Utf16).position(at);
        let utf8 = LineMap::new(TEXT, PositionEncoding::Utf8).position(at);
        // "😀 SSL ë° ": 😀 is 2 UTF-16 units and 4 bytes; ë and ° are 1 unit and 2 bytes each.
        assert_eq!(
            (utf16.line, utf16.character),
            (1, 2 + 1 + 3 + 1 + 1 + 1 + 1)
        );
        assert_eq!((utf8.line, utf8.character), (1, 4 + 1 + 3 + 1 + 2 + 2 + 1));
    }

    #[test]
    fn offsets_round_trip_on_every_char_boundary() {
        for encoding in [PositionEncoding::Utf16, PositionEncoding::Utf8] {
            let map = LineMap::new(TEXT, encoding);
            // Inside a CRLF is not a position a client can name.
            let crlf = TEXT.find("\r\n").unwrap();
            for (i, _) in TEXT.char_indices().filter(|(i, _)| *i != crlf + 1) {
                assert_eq!(map.offset(map.position(i)), i, "{encoding:?} at {i}");
            }
            assert_eq!(map.offset(map.position(TEXT.len())), TEXT.len());
        }
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let map = LineMap::new(TEXT, PositionEncoding::Utf16);
        assert_eq!(map.offset(Position::new(0, 99)), "# 제목".len());
        assert_eq!(map.offset(Position::new(9, 0)), TEXT.len());
        // Inside the surrogate pair of 😀: the character's start.
        assert_eq!(map.offset(Position::new(1, 1)), TEXT.find('😀').unwrap());
    }
}
