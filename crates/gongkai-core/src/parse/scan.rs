//! Phase 1: source text → logical rows of cells, each cell with its byte range.
//!
//! The text layouts seen in real dumps (../shared/seeds):
//! - tab-separated rows, with ragged leading and trailing tabs (000, 001, 003);
//! - one cell per line, each line starting with a tab, blank lines between rows (002);
//! - Markdown pipe rows `| a | b |` (PDF→Markdown converters);
//! - plain paragraphs (a row of one cell).
//!
//! Every other reader (HTML, DOCX, PDF) produces the same [`RawRow`]s, so table assembly is
//! written once.

use crate::model::Span;
use std::borrow::Cow;

/// One cell as read: its text (trimmed of the separators, not of inner spaces) and its place.
#[derive(Clone, Debug, PartialEq)]
pub struct RawCell<'a> {
    pub text: Cow<'a, str>,
    pub span: Span,
}

impl RawCell<'_> {
    /// The [`UNPLACED`](crate::parse::value::UNPLACED) mark a reader puts in a row whose
    /// blank cells it cannot place, as an empty-spanned cell at byte `at`.
    pub fn unplaced(at: usize) -> Self {
        RawCell {
            text: Cow::Borrowed("\u{E001}"),
            span: Span::new(at, at),
        }
    }
}

/// One logical row: the cells in reading order. A paragraph is a row of one cell.
#[derive(Clone, Debug, PartialEq)]
pub struct RawRow<'a> {
    pub cells: Vec<RawCell<'a>>,
    /// From the first cell's start to the last cell's end.
    pub span: Span,
    /// A blank line (or paragraph break) came right before this row.
    pub after_break: bool,
    /// The cells are the columns of a rectangular table (a Markdown pipe row): a blank cell
    /// at the end is a blank column, not a ragged separator as in tab-separated text.
    pub grid: bool,
}

impl<'a> RawRow<'a> {
    /// A row of `cells`; its span runs from the first cell's start to the last cell's end
    /// (`at` when there are no cells).
    pub fn new(cells: Vec<RawCell<'a>>, at: usize, after_break: bool) -> RawRow<'a> {
        let start = cells
            .iter()
            .map(|c| c.span.start)
            .min()
            .unwrap_or(at as u32);
        let end = cells.iter().map(|c| c.span.end).max().unwrap_or(at as u32);
        RawRow {
            cells,
            span: Span { start, end },
            after_break,
            grid: false,
        }
    }

    /// The non-empty cells.
    pub fn filled(&self) -> impl Iterator<Item = &RawCell<'a>> {
        self.cells
            .iter()
            .filter(|c| !crate::parse::value::trim(&c.text).is_empty())
    }
}

/// Split a text document into logical rows.
pub fn scan_text(text: &str) -> Vec<RawRow<'_>> {
    let mut rows: Vec<RawRow<'_>> = Vec::new();
    // A run of "\tcell" lines that together form one row (the one-cell-per-line layout).
    let mut run: Option<RawRow<'_>> = None;
    let mut after_break = false;
    let mut offset = 0usize;
    // Whether the line before, and the line after, is a table line (see [`is_pipe_row`]);
    // the one after is this line's on the next turn, so each line is looked at once.
    let mut piped_before = false;
    let mut piped_after: Option<bool> = None;
    let mut lines = text.split_inclusive('\n').peekable();
    // The row being built from the lines of a box-drawn table's row (see [`box_line`]).
    let mut boxed: Option<RawRow<'_>> = None;
    while let Some(raw_line) = lines.next() {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let in_box = box_line(line);
        if !matches!(in_box, Some(BoxLine::Cells)) {
            rows.extend(boxed.take());
        }
        match in_box {
            Some(BoxLine::Rule) => {
                after_break = true;
                continue;
            }
            Some(kind) => {
                let cells = split_box(line, line_start);
                match boxed.as_mut() {
                    Some(r) if kind == BoxLine::Cells && r.cells.len() == cells.len() => {
                        merge_lines(r, cells)
                    }
                    _ => {
                        rows.extend(boxed.take());
                        let row = RawRow {
                            grid: true,
                            ..RawRow::new(cells, line_start, after_break)
                        };
                        after_break = false;
                        match kind {
                            BoxLine::Cells => boxed = Some(row),
                            _ => rows.push(row),
                        }
                    }
                }
                continue;
            }
            None => {}
        }
        let piped_here = piped_after.unwrap_or_else(|| is_table_line(line));
        piped_after = lines.peek().map(|l| is_table_line(l));
        let beside_piped =
            std::mem::replace(&mut piped_before, piped_here) || piped_after == Some(true);
        let blank = crate::parse::value::trim(line).is_empty() && !line.contains('\t');
        if blank {
            if let Some(r) = run.take() {
                rows.push(r);
            }
            after_break = true;
            continue;
        }
        let single_tab_cell = line.starts_with('\t') && !line[1..].contains('\t');
        if single_tab_cell {
            let cell = RawCell {
                text: Cow::Borrowed(&line[1..]),
                span: Span::new(line_start + 1, line_start + line.len()),
            };
            match run.as_mut() {
                Some(r) => {
                    r.span.end = cell.span.end;
                    r.cells.push(cell);
                }
                None => {
                    run = Some(RawRow {
                        span: cell.span,
                        cells: vec![cell],
                        after_break,
                        grid: false,
                    });
                    after_break = false;
                }
            }
            continue;
        }
        if let Some(r) = run.take() {
            rows.push(r);
        }
        let grid = is_pipe_row(line, beside_piped);
        let row = if grid {
            match split_pipes(line, line_start) {
                Some(cells) => cells,
                None => continue, // a |---|---| separator
            }
        } else if let Some(at) = atx_heading(line) {
            split_on(line, line_start, at, '\n')
        } else {
            split_tabs(line, line_start)
        };
        rows.push(RawRow {
            grid,
            ..RawRow::new(row, line_start, after_break)
        });
        after_break = false;
    }
    if let Some(r) = run.take() {
        rows.push(r);
    }
    rows.extend(boxed);
    rows
}

/// A line of a table drawn with box characters, as text browsers dump HTML tables
/// (`w3m -dump`): `│规章 │0 │0 │`, rules `├────┼───┤`, and rules that pass under a cell
/// still open on the left (`│    │予公开 ├────┼───┤`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BoxLine {
    /// Box characters and spaces only.
    Rule,
    /// Cells between vertical bars: one line of a table row (a wrapped cell goes on over the
    /// next lines, up to the next rule).
    Cells,
    /// Text beside a partial rule: cells of its own.
    Partial,
}

fn is_box(c: char) -> bool {
    ('\u{2500}'..='\u{257f}').contains(&c)
}

fn is_box_vertical(c: char) -> bool {
    matches!(c, '│' | '┃' | '║')
}

/// What a line of a box-drawn table is, or `None` for any other line (the box characters'
/// first UTF-8 byte is 0xE2, then 0x94 or 0x95: ordinary lines are told apart by bytes).
fn box_line(line: &str) -> Option<BoxLine> {
    let b = line.as_bytes();
    if !b
        .windows(2)
        .any(|w| w[0] == 0xE2 && (w[1] == 0x94 || w[1] == 0x95))
    {
        return None;
    }
    let t = line.trim();
    let first = t.chars().next()?;
    if !is_box(first) {
        return None;
    }
    let mut text = false;
    let mut rule = false;
    for c in t.chars() {
        if is_box(c) {
            rule |= !is_box_vertical(c);
        } else if !c.is_whitespace() {
            text = true;
        }
    }
    Some(match (text, rule) {
        (false, _) => BoxLine::Rule,
        (true, false) => BoxLine::Cells,
        (true, true) => BoxLine::Partial,
    })
}

/// The cells of a box-drawn line: the text between box characters, each with its span.
fn split_box(line: &str, line_start: usize) -> Vec<RawCell<'_>> {
    let mut cells = Vec::new();
    let mut start = 0;
    let mut push = |from: usize, to: usize| {
        let (lead, body) = trim_with_offset(&line[from..to]);
        cells.push(RawCell {
            text: Cow::Borrowed(body),
            span: Span::new(
                line_start + from + lead,
                line_start + from + lead + body.len(),
            ),
        });
    };
    let mut seen_box = false;
    for (i, c) in line.char_indices() {
        if is_box(c) {
            // Box characters side by side (`├──┼`) are one border, not empty cells.
            if seen_box && i > start {
                push(start, i);
            }
            seen_box = true;
            start = i + c.len_utf8();
        }
    }
    let rest = &line[start..];
    if !rest.trim().is_empty() {
        push(start, line.len());
    }
    cells
}

/// Add the next line of a box-drawn row: each cell's text goes on in the same column.
fn merge_lines<'a>(row: &mut RawRow<'a>, next: Vec<RawCell<'a>>) {
    for (cell, more) in row.cells.iter_mut().zip(next) {
        if more.text.is_empty() {
            continue;
        }
        if cell.text.is_empty() {
            *cell = more;
            continue;
        }
        cell.text = Cow::Owned(format!("{}{}", cell.text, more.text));
        cell.span.end = more.span.end;
        row.span.end = row.span.end.max(more.span.end);
    }
}

fn split_tabs(line: &str, line_start: usize) -> Vec<RawCell<'_>> {
    split_on(line, line_start, 0, '\t')
}

/// Split `line` (whose byte 0 is at `line_start` in the source) on `sep`, starting at byte
/// `from`; each cell is trimmed and keeps its exact byte range.
fn split_on(line: &str, line_start: usize, from: usize, sep: char) -> Vec<RawCell<'_>> {
    let mut cells = Vec::new();
    let mut start = from;
    for part in line[from..].split(sep) {
        let (lead, body) = unemphasized(trim_with_offset(part));
        cells.push(RawCell {
            text: Cow::Borrowed(body),
            span: Span::new(
                line_start + start + lead,
                line_start + start + lead + body.len(),
            ),
        });
        start += part.len() + sep.len_utf8();
    }
    cells
}

/// A Markdown table row: `| a | b |`, or `a | b` without the outer pipes (GFM allows it;
/// html2text writes it) when the line before or after is a table line too — a lone line
/// with pipes is text (a web page's footer `使用帮助|联系我们`). A line with a tab is a tab
/// row, whatever else it holds.
fn is_pipe_row(line: &str, beside_piped: bool) -> bool {
    let t = line.trim();
    (t.starts_with('|') && t.len() > 1) || (beside_piped && is_table_line(line))
}

/// A line that can belong to a Markdown table: it holds a pipe and no tab, or it is a rule
/// `---` (html2text's rule under a one-cell table heading).
fn is_table_line(line: &str) -> bool {
    let t = line.trim();
    (t.contains('|') && !line.contains('\t')) || (t.len() >= 3 && t.bytes().all(|b| b == b'-'))
}

/// Split `| a | b |` or `a | b`; `None` for a separator row `|---|:--|` or `---|---`.
fn split_pipes(line: &str, line_start: usize) -> Option<Vec<RawCell<'_>>> {
    let lead_ws = line.len() - line.trim_start().len();
    let t = line.trim();
    if t.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
        return None;
    }
    let outer = usize::from(t.starts_with('|'));
    let mut cells = split_on(line, line_start, lead_ws + outer, '|');
    // The text after the closing pipe is not a cell.
    if outer == 1 && t.ends_with('|') && cells.len() > 1 {
        cells.pop();
    }
    // A line break inside a cell (`2<br>1`, `申请人情况<br>法人或其他组织`: pymupdf4llm,
    // pandoc) is a line break, not text.
    for c in cells.iter_mut() {
        if c.text.contains("<br") {
            c.text = Cow::Owned(without_br(&c.text));
        }
    }
    Some(cells)
}

/// `text` with its `<br>`, `<br/>` and `<br />` tags as line breaks.
fn without_br(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<br") {
        out.push_str(&rest[..i]);
        let tag = &rest[i + 3..];
        let close = tag.trim_start_matches([' ', '/']);
        if let Some(after) = close.strip_prefix('>') {
            out.push('\n');
            rest = after;
        } else {
            out.push_str("<br");
            rest = tag;
        }
    }
    out.push_str(rest);
    out
}

/// A Markdown ATX heading (`## 一、总体情况`): the byte where its text starts. Closing `#`s
/// are not removed (headings here never end in one).
fn atx_heading(line: &str) -> Option<usize> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\u{3000}']))
        .then_some(hashes + 1)
}

/// A cell wholly in Markdown bold (`**二、主动公开政府信息情况**`, as pandoc and html2text
/// write a bold paragraph or cell): the text inside the markers.
fn unemphasized((lead, body): (usize, &str)) -> (usize, &str) {
    match body
        .strip_prefix("**")
        .and_then(|b| b.strip_suffix("**"))
        .or_else(|| body.strip_prefix("__").and_then(|b| b.strip_suffix("__")))
    {
        Some(inner) if !inner.trim().is_empty() => (lead + 2, inner),
        _ => (lead, body),
    }
}

/// Trim spaces (ASCII, ideographic, no-break); return the leading byte count and the body.
fn trim_with_offset(s: &str) -> (usize, &str) {
    let ws = |c: char| c == ' ' || c == '\u{3000}' || c == '\u{a0}' || c == '\u{feff}' || c == '\r';
    let body = s.trim_start_matches(ws);
    let lead = s.len() - body.len();
    (lead, body.trim_end_matches(ws))
}

/// The cells' texts, row by row (for tests of the readers that make rows).
#[cfg(test)]
pub(crate) fn texts(rows: &[RawRow<'_>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.cells.iter().map(|c| c.text.to_string()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_br_in_a_pipe_cell_is_a_line_break() {
        let src = "|申请人情况<br>法人|2<br/>1|a<br />b|<br|<bri>|\n";
        let rows = scan_text(src);
        assert_eq!(
            texts(&rows),
            vec![vec!["申请人情况\n法人", "2\n1", "a\nb", "<br", "<bri>"]]
        );
        // The cell's place is still its text in the source.
        assert_eq!(&src[rows[0].cells[1].span.range()], "2<br/>1");
    }

    #[test]
    fn tab_rows_keep_ragged_cells_and_spans() {
        let src = "标题\n\n规章\t0\t1\t2\n\t\t自然人\n";
        let rows = scan_text(src);
        assert_eq!(
            texts(&rows),
            vec![
                vec!["标题"],
                vec!["规章", "0", "1", "2"],
                vec!["", "", "自然人"]
            ]
        );
        let c = &rows[1].cells[2];
        assert_eq!(&src[c.span.range()], "1");
        assert!(rows[1].after_break);
    }

    #[test]
    fn one_cell_per_line_runs_form_rows() {
        let src = "\t规章\n\t0\n\t\n\t3\n\n\t规范性文件\n\t1\n";
        let rows = scan_text(src);
        assert_eq!(
            texts(&rows),
            vec![vec!["规章", "0", "", "3"], vec!["规范性文件", "1"]]
        );
        assert_eq!(&src[rows[0].cells[3].span.range()], "3");
    }

    #[test]
    fn pipe_rows_without_outer_pipes_and_atx_headings() {
        // html2text's tables; pandoc's and html2text's headings.
        let src =
            "## 三、收到\n\n**二、主动**\n信息内容| 本年制发件数  \n---|---  \n规章| 0| 12  \n";
        let rows = scan_text(src);
        assert_eq!(
            texts(&rows),
            vec![
                vec!["三、收到"],
                vec!["二、主动"],
                vec!["信息内容", "本年制发件数"],
                vec!["规章", "0", "12"]
            ]
        );
        assert_eq!(&src[rows[3].cells[2].span.range()], "12");
        assert_eq!(&src[rows[1].cells[0].span.range()], "二、主动");
        assert_eq!(&src[rows[0].cells[0].span.range()], "三、收到");
        // Not a heading, not a table: a number sign in text, a tab row with a pipe, a lone
        // line with pipes.
        let rows = scan_text("#1 号文件\n规章\t0|1\t2\n\n使用帮助|联系我们|\n");
        assert_eq!(
            texts(&rows),
            vec![
                vec!["#1 号文件"],
                vec!["规章", "0|1", "2"],
                vec!["使用帮助|联系我们|"]
            ]
        );
    }

    #[test]
    fn box_drawn_rows_join_their_wrapped_cells() {
        let src = "┌──┬──┐\n│标签 │值│\n├──┼──┤\n│2.其他法律行政法规禁止公│0 │\n│开 │  │\n│    │予公开 ├──┤\n└──┴──┘\n";
        let rows = scan_text(src);
        assert_eq!(
            texts(&rows),
            vec![
                vec!["标签", "值"],
                vec!["2.其他法律行政法规禁止公开", "0"],
                vec!["", "予公开"]
            ]
        );
        assert!(rows.iter().all(|r| r.grid));
        assert_eq!(&src[rows[1].cells[1].span.range()], "0");
        assert!(src[rows[1].cells[0].span.range()].ends_with("开"));
        assert!(rows[1].after_break);
    }

    #[test]
    fn pipe_rows_skip_separators() {
        let src = "| 规章 | 0 | 0 |\n|---|---|---|\n| a |  | 1 |\n";
        let rows = scan_text(src);
        assert_eq!(
            texts(&rows),
            vec![vec!["规章", "0", "0"], vec!["a", "", "1"]]
        );
        assert_eq!(&src[rows[1].cells[2].span.range()], "1");
    }
}
