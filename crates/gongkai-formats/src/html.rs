//! HTML → rows. A lenient tokenizer that keeps byte offsets (so every cell points at its line
//! and column in the HTML), and the rowspan/colspan grid walk.
//!
//! - Text outside tables becomes paragraphs at block boundaries (`p`, `div`, `br`, `h1`–`h6`,
//!   `li`, …); `script`, `style`, `head` (except `title`), `nav`, `header`, `footer` are skipped.
//! - A table becomes one row per `<tr>`. Merged cells are expanded by the occupied-cell walk:
//!   a *label* cell that spans rows is repeated on every row it covers (so each row carries its
//!   group label, as printed); a *value* cell is emitted once, at its anchor, and values are
//!   taken by order — the header's spans and the data rows' spans often disagree (template.md
//!   §6, the 2019 report of 上海市人民政府办公厅).
//! - A table that contains another table is a layout table: its text flows as paragraphs.
//! - Absurd spans are clamped; nesting depth is bounded.

use crate::grid::{self, GridCell};
use gongkai_core::model::Span;
use gongkai_core::parse::scan::{RawCell, RawRow};
use gongkai_core::parse::value::trim;
use std::borrow::Cow;

const MAX_DEPTH: usize = 64;

/// Tags after which text starts a new paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "title",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "center",
    "form",
];
/// Tags whose content is never report text.
const SKIP: &[&str] = &[
    "script", "style", "nav", "header", "footer", "noscript", "select", "button", "iframe", "svg",
];

/// A piece of text with the byte range of its source.
struct Piece {
    text: String,
    start: usize,
    end: usize,
}

#[derive(Default)]
struct Buffer {
    pieces: Vec<Piece>,
}

impl Buffer {
    fn push(&mut self, text: String, start: usize, end: usize) {
        self.pieces.push(Piece { text, start, end });
    }
    /// The collected text, whitespace collapsed, and its source range.
    fn take(&mut self) -> Option<(String, usize, usize)> {
        if self.pieces.is_empty() {
            return None;
        }
        let mut out = String::new();
        for p in &self.pieces {
            out.push_str(&p.text);
        }
        let start = self.pieces.iter().map(|p| p.start).min().unwrap_or(0);
        let end = self.pieces.iter().map(|p| p.end).max().unwrap_or(start);
        self.pieces.clear();
        let collapsed = collapse(&out);
        if trim(&collapsed).is_empty() && !collapsed.contains('\u{a0}') {
            return Some((String::new(), start, end));
        }
        Some((collapsed, start, end))
    }
    fn newline(&mut self) {
        if let Some(last) = self.pieces.last_mut() {
            last.text.push('\n');
        }
    }
}

/// Collapse runs of ASCII white space to one space, keep line breaks from `<br>`/`<p>` as one
/// space too (a cell's text is one line), trim.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

struct CellB {
    buf: Buffer,
    rowspan: usize,
    colspan: usize,
    open_at: usize,
}

struct TableB {
    rows: Vec<Vec<(String, Span, usize, usize)>>,
    cell: Option<CellB>,
    in_row: bool,
    layout: bool,
}

struct Reader<'a> {
    html: &'a str,
    out: Vec<RawRow<'a>>,
    flow: Buffer,
    tables: Vec<TableB>,
    after_break: bool,
}

impl<'a> Reader<'a> {
    fn text(&mut self, text: String, start: usize, end: usize) {
        let target = match self.tables.last_mut() {
            Some(t) if !t.layout => match t.cell.as_mut() {
                Some(c) => &mut c.buf,
                None => return, // text between cells is not content
            },
            _ => &mut self.flow,
        };
        target.push(text, start, end);
    }

    fn flush_flow(&mut self) {
        if let Some((text, start, end)) = self.flow.take() {
            if !trim(&text).is_empty() {
                self.out.push(RawRow {
                    cells: vec![RawCell {
                        text: Cow::Owned(text),
                        span: Span::new(start, end),
                    }],
                    span: Span::new(start, end),
                    after_break: true,
                    grid: false,
                });
            }
        }
    }

    fn block(&mut self) {
        match self.tables.last_mut() {
            Some(t) if !t.layout => {
                if let Some(c) = t.cell.as_mut() {
                    c.buf.newline();
                }
            }
            _ => self.flush_flow(),
        }
    }

    fn start_table(&mut self) {
        if self.tables.len() >= MAX_DEPTH {
            return;
        }
        // A table inside a cell: the outer table is layout; its text so far becomes flow.
        if let Some(outer) = self.tables.last_mut() {
            if !outer.layout {
                outer.layout = true;
                if let Some(mut c) = outer.cell.take() {
                    if let Some((t, s, e)) = c.buf.take() {
                        self.flow.push(t, s, e);
                    }
                }
                let rows = std::mem::take(&mut outer.rows);
                self.flush_flow();
                self.emit_grid(rows);
            }
        }
        self.flush_flow();
        self.tables.push(TableB {
            rows: Vec::new(),
            cell: None,
            in_row: false,
            layout: false,
        });
    }

    fn end_table(&mut self) {
        self.close_cell(self.html.len());
        if let Some(t) = self.tables.pop() {
            if t.layout {
                self.flush_flow();
            } else {
                self.emit_grid(t.rows);
            }
        }
    }

    fn start_row(&mut self) {
        self.close_cell(0);
        if let Some(t) = self.tables.last_mut() {
            if !t.layout {
                t.rows.push(Vec::new());
                t.in_row = true;
            }
        }
    }

    fn start_cell(&mut self, rowspan: usize, colspan: usize, at: usize) {
        self.close_cell(at);
        match self.tables.last_mut() {
            Some(t) if !t.layout => {
                if !t.in_row {
                    t.rows.push(Vec::new());
                    t.in_row = true;
                }
                t.cell = Some(CellB {
                    buf: Buffer::default(),
                    rowspan,
                    colspan,
                    open_at: at,
                });
            }
            _ => self.flush_flow(),
        }
    }

    fn close_cell(&mut self, at: usize) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        if t.layout {
            return;
        }
        if let Some(mut c) = t.cell.take() {
            let (text, start, end) = c
                .buf
                .take()
                .unwrap_or((String::new(), c.open_at, c.open_at));
            let span = if text.is_empty() {
                Span::new(c.open_at.min(at.max(c.open_at)), c.open_at)
            } else {
                Span::new(start, end)
            };
            if t.rows.is_empty() {
                t.rows.push(Vec::new());
            }
            if let Some(row) = t.rows.last_mut() {
                row.push((text, span, c.rowspan, c.colspan));
            }
        }
    }

    /// Expand spans and emit one RawRow per table row.
    fn emit_grid(&mut self, rows: Vec<Vec<(String, Span, usize, usize)>>) {
        let rows = rows
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|(text, span, rowspan, colspan)| GridCell {
                        text,
                        rowspan,
                        colspan,
                        at: span,
                    })
                    .collect()
            })
            .collect();
        for placed in grid::expand(rows) {
            let cells: Vec<RawCell<'a>> = placed
                .into_iter()
                .map(|p| RawCell {
                    text: Cow::Owned(p.text),
                    span: p.at,
                })
                .collect();
            self.out.push(RawRow::new(cells, 0, self.after_break));
            self.after_break = false;
        }
        self.after_break = true;
    }
}

/// Read the rows of an HTML document (whole page or fragment).
pub fn rows(html: &str) -> Vec<RawRow<'_>> {
    let mut r = Reader {
        html,
        out: Vec::new(),
        flow: Buffer::default(),
        tables: Vec::new(),
        after_break: true,
    };
    let b = html.as_bytes();
    let mut i = 0usize;
    let mut text_start = 0usize;
    let mut skip_until: Option<&'static str> = None;
    let mut in_head = false;
    let mut in_title = false;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        // Text before this tag.
        if i > text_start && skip_until.is_none() && (!in_head || in_title) {
            let raw = &html[text_start..i];
            let t = decode_entities(raw);
            if !t.trim().is_empty() || t.contains('\u{a0}') {
                r.text(t, text_start, i);
            }
        }
        // Comments, doctype, CDATA.
        if html[i..].starts_with("<!--") {
            i = html[i + 4..]
                .find("-->")
                .map(|p| i + 4 + p + 3)
                .unwrap_or(b.len());
            text_start = i;
            continue;
        }
        if html[i..].starts_with("<!") || html[i..].starts_with("<?") {
            i = html[i..].find('>').map(|p| i + p + 1).unwrap_or(b.len());
            text_start = i;
            continue;
        }
        let Some(close) = tag_end(html, i) else {
            i += 1;
            continue;
        };
        let tag = &html[i + 1..close];
        let end_tag = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let at = i;
        i = close + 1;
        text_start = i;
        if name.is_empty() {
            continue;
        }
        if let Some(until) = skip_until {
            if end_tag && name == until {
                skip_until = None;
            }
            continue;
        }
        if !end_tag {
            if let Some(s) = SKIP.iter().find(|s| **s == name) {
                if !tag.trim_end().ends_with('/') {
                    skip_until = Some(s);
                }
                continue;
            }
        }
        match (name.as_str(), end_tag) {
            ("head", false) => in_head = true,
            ("head", true) | ("body", false) => in_head = false,
            ("title", false) => {
                in_title = true;
                r.block();
            }
            ("title", true) => {
                in_title = false;
                r.block();
            }
            ("table", false) => r.start_table(),
            ("table", true) => r.end_table(),
            ("tr", false) => r.start_row(),
            ("tr", true) => {
                r.close_cell(at);
                if let Some(t) = r.tables.last_mut() {
                    t.in_row = false;
                }
            }
            ("td" | "th", false) => {
                r.start_cell(attr_num(tag, "rowspan"), attr_num(tag, "colspan"), at)
            }
            ("td" | "th", true) => r.close_cell(at),
            (n, _) if BLOCK.contains(&n) => r.block(),
            _ => {}
        }
    }
    if text_start < b.len() && skip_until.is_none() {
        let t = decode_entities(&html[text_start..]);
        r.text(t, text_start, b.len());
    }
    while !r.tables.is_empty() {
        r.end_table();
    }
    r.flush_flow();
    r.out
}

/// The `>` that ends the tag starting at `i`, honouring quoted attribute values.
fn tag_end(html: &str, i: usize) -> Option<usize> {
    let b = html.as_bytes();
    let next = *b.get(i + 1)?;
    if !(next.is_ascii_alphabetic() || next == b'/') {
        return None;
    }
    let mut quote: Option<u8> = None;
    let mut j = i + 1;
    while j < b.len() {
        match (quote, b[j]) {
            (None, b'"' | b'\'') => quote = Some(b[j]),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return Some(j),
            _ => {}
        }
        j += 1;
        if j - i > 8192 {
            return None;
        }
    }
    None
}

/// `rowspan="3"` (lenient: spaces, quotes, junk) → 3; absent or unreadable → 1.
fn attr_num(tag: &str, name: &str) -> usize {
    let lower = tag.to_ascii_lowercase();
    let Some(p) = lower.find(name) else { return 1 };
    let rest = lower[p + name.len()..].trim_start();
    let Some(rest) = rest.strip_prefix('=') else {
        return 1;
    };
    let digits: String = rest
        .trim_start()
        .trim_start_matches(['"', '\'', ' '])
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().unwrap_or(1).max(1)
}

/// Decode character references; unknown ones stay as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        // ';' is ASCII, so a byte search never splits a character.
        let end = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(v).filter(|c| *c != '\0');
    }
    Some(match name {
        "nbsp" => '\u{a0}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "emsp" | "ensp" | "thinsp" => ' ',
        "times" => '×',
        "yen" => '¥',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[RawRow<'_>]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.cells.iter().map(|c| c.text.to_string()).collect())
            .collect()
    }

    #[test]
    fn spans_expand_labels_and_keep_values_in_order() {
        let html = r#"<p>一、总体情况</p><table>
<tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>1</td><td>&nbsp;</td></tr>
<tr><td>（二）部分公开</td><td colspan=" 2">2</td><td>3</td></tr></table><p>五、存在&amp;问题</p>"#;
        let rows = rows(html);
        assert_eq!(
            texts(&rows),
            vec![
                vec!["一、总体情况"],
                vec!["三、本年度办理结果", "（一）予以公开", "1", "\u{a0}"],
                vec!["三、本年度办理结果", "（二）部分公开", "2", "3"],
                vec!["五、存在&问题"],
            ]
        );
        let c = &rows[1].cells[2];
        assert_eq!(&html[c.span.range()], "1");
    }

    #[test]
    fn shanghai_office_2019_entity_before_cjk() {
        // Regression: an unknown `&` followed by CJK text sliced inside a character.
        assert_eq!(decode_entities("&lt;长江三角洲&gt;"), "<长江三角洲>");
        assert_eq!(decode_entities("A&B三角洲;"), "A&B三角洲;");
    }

    #[test]
    fn skips_scripts_and_survives_garbage() {
        let html = "<script>var a='<td>';</script><div>正文<br>第二行</div><td unclosed";
        let rows = rows(html);
        assert_eq!(texts(&rows)[..2], [vec!["正文"], vec!["第二行"]]);
        let deep = "<table><tr><td>".repeat(10_000);
        let _ = super::rows(&deep);
    }
}
