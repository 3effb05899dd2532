//! Stacked text: a table dumped one cell per line, as the usual PDF text extractors write a
//! ruled table (PyMuPDF's `get_text()`, pdfminer and the tools built on it, poppler's
//! `pdftotext` without `-layout`):
//!
//! ```text
//! 2.其他法律行政法规禁          ← a label wrapped in its cell comes out on several lines
//! 止公开
//! 0                             ← then the row's cells, one per line
//! 5
//! …
//! ```
//!
//! A run of lines that each hold one number is put back on the row whose label stands right
//! before it: the last one to six lines before the run, joined, must be one of the
//! templates' labels exactly (fewest lines first; a group fragment such as `（三）不予公开`
//! may stand before the label on its first line). Then:
//! - as many numbers as the row has columns: one row, label and numbers;
//! - fewer: the extractor dropped the blank cells and nothing tells which columns they were
//!   in, so the row is marked [`UNPLACED`] and the row reader refuses it (P001), never
//!   reading a number into the wrong column;
//! - more: the cells came out of order (pdftotext's reading order does this), so nothing is
//!   joined and the lines stay as they are.
//!
//! A blank cell that held a no-break space (`<td>&nbsp;</td>`, as Word's and most CMSs' HTML
//! writes an empty cell) is printed by the browser as the space's glyph, and the extractor
//! writes it as a line of its own holding only that character. Such lines between the label
//! and the next row are the row's blank cells in their places — counted only when, with the
//! numbers, they fill the row exactly (a row of nothing but such lines is read too);
//! otherwise they are passed over as before and the row is refused if short.
//!
//! Table 四's fifteen cells have no row label: a run of exactly fifteen numbers right after
//! a header ending in `总计` is joined into its one data row, and the header's lines from
//! `行政复议` on into one header row.
//!
//! A dump written column by column (a run of numbers right after a column header: pdfminer)
//! is left alone: there the line before a run says nothing about the run's row.
//!
//! Only a document with several such runs is touched (the check looks at each line once);
//! tab, pipe and space-aligned rows have more than one cell and are never stacked lines.

use crate::model::template::{
    Template, APPEAL_FIELDS, APPEAL_GROUPS, PROACTIVE_ITEM_HEADER, TEMPLATES,
};
use crate::model::Span;
use crate::parse::layout::{exact_labels_of, width};
use crate::parse::matcher::{best_of, Matcher};
use crate::parse::normalize::label_key;
use crate::parse::scan::{RawCell, RawRow};
use crate::parse::value::{glued_number, is_value_text, page_gap, trim};
use std::borrow::Cow;

/// A document is stacked when it has at least this many runs of three or more lone numbers
/// (table 二's document rows have three cells; table 三's twenty-odd rows seven).
const MIN_RUNS: usize = 4;
/// A label is looked for in at most this many lines before its numbers (the longest labels
/// wrap over five lines in a narrow column).
const MAX_PIECES: usize = 6;
/// Table 四's header is looked for in at most this many lines before its numbers (one
/// character per line: about sixty).
const MAX_HEADER_LINES: usize = 90;

/// A line holding one number (or a placeholder) and nothing else.
fn lone_value(r: &RawRow<'_>) -> bool {
    matches!(r.cells.as_slice(), [c] if !trim(&c.text).is_empty() && is_value_text(&c.text) && page_gap(&c.text).is_none())
}

/// A line holding one piece of text (a label piece, a header fragment, narrative).
fn lone_text(r: &RawRow<'_>) -> bool {
    matches!(r.cells.as_slice(), [c] if !is_value_text(&c.text))
}

/// Re-read the lone-number lines of a stacked document as table rows; other documents pass
/// through unchanged.
pub fn regroup<'a>(text: &'a str, rows: Vec<RawRow<'a>>) -> Vec<RawRow<'a>> {
    let mut runs = value_runs(&rows);
    if runs.iter().filter(|r| r.len() >= 3).count() < MIN_RUNS || column_ordered(&rows, &runs) {
        return rows;
    }
    if text.contains('\u{a0}') {
        runs.extend(blank_runs(text, &rows));
        runs.sort_by_key(|r| r.start);
    }
    // What each run becomes: (first row of its label or header, the rows that replace it).
    let mut joined: Vec<(usize, std::ops::Range<usize>, Vec<RawRow<'_>>)> = Vec::new();
    // Rows before this index belong to an earlier joined row.
    let mut free_from = 0;
    // A label's width is its width in the document's template (`行政事业性收费` has one
    // column in 2021 and two in 2019): a run that fits the other template is not this row's.
    let template = crate::parse::assemble::template_of(&rows);
    for run in runs {
        let Some((from, new)) = label_row(text, &rows, free_from, run.clone(), template)
            .map(|(from, row)| (from, vec![row]))
            .or_else(|| appeals_rows(text, &rows, free_from, run.clone()))
        else {
            continue;
        };
        free_from = run.end;
        joined.push((from, run, new));
    }
    // The proactive sub-tables' `信息内容` headers, where no run was joined over them.
    for (from, end, header) in field_headers(&rows, template) {
        let at = joined.partition_point(|(f, ..)| *f < from);
        let clear_before = at == 0 || joined[at - 1].1.end <= from;
        let clear_after = joined.get(at).is_none_or(|(f, ..)| *f >= end);
        if clear_before && clear_after {
            joined.insert(at, (from, from..end, vec![header]));
        }
    }
    if joined.is_empty() {
        return rows;
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut next = joined.into_iter().peekable();
    let mut rows = rows.into_iter().enumerate();
    while let Some((i, r)) = rows.next() {
        match next.peek() {
            Some((from, run, _)) if i == *from => {
                let end = run.end;
                let (_, _, new) = next.next().expect("peeked");
                out.extend(new);
                for _ in i + 1..end {
                    rows.next();
                }
            }
            _ => out.push(r),
        }
    }
    out
}

/// Whether the dump wrote a table column by column (pdfminer does; pdftotext at times): a
/// run of numbers right after a column header (`本年收费金额（单位：万元）`, `本年制发件数`),
/// which a row-by-row dump never writes — there a header is followed by another header or a
/// row label. Then the line before a run is no sign of the run's row, and nothing is joined.
fn column_ordered(rows: &[RawRow<'_>], runs: &[std::ops::Range<usize>]) -> bool {
    let headers: Vec<String> = TEMPLATES
        .iter()
        .flat_map(|t| t.def().proactive.iter())
        .flat_map(|r| r.fields.iter().map(|f| label_key(f.label)))
        .collect();
    runs.iter().any(|run| {
        run.start > 0
            && lone_text(&rows[run.start - 1])
            && headers.contains(&label_key(&rows[run.start - 1].cells[0].text))
    })
}

/// A proactive sub-table's header written one cell per line — `信息内容`, then its column
/// labels (`本年制发件数`, …) — as one header row, so that its labels are checked (S103) like
/// a header read from a table: the index of its first line, the index after its last, and
/// the row. A column label may be a little off the template's (that is what S103 reports),
/// but must be closer to a template's column label than to anything else.
fn field_headers<'a>(
    rows: &[RawRow<'a>],
    template: Option<Template>,
) -> Vec<(usize, usize, RawRow<'a>)> {
    let fields: Vec<&str> = TEMPLATES
        .iter()
        .filter(|t| template.is_none_or(|d| d == **t))
        .flat_map(|t| t.def().proactive.iter())
        .flat_map(|r| r.fields.iter().map(|f| f.label))
        .collect();
    let most = TEMPLATES
        .iter()
        .flat_map(|t| t.def().proactive.iter())
        .map(|r| r.fields.len())
        .max()
        .unwrap_or(0);
    let item = label_key(PROACTIVE_ITEM_HEADER);
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        // Its first and last characters first (`信息 内容` has them too): a key for every
        // line would cost more than the rest.
        if !lone_text(r)
            || !r.cells[0].text.contains('信')
            || !r.cells[0].text.contains('容')
            || label_key(&r.cells[0].text) != item
        {
            continue;
        }
        let columns = rows[i + 1..]
            .iter()
            .take(most)
            .take_while(|c| {
                let key = label_key(&c.cells[0].text);
                lone_text(c)
                    && crate::parse::layout::exact_labels_of(&c.cells[0].text, 0).is_empty()
                    && best_of(&key, fields.iter().copied(), 0.5).is_some()
            })
            .count();
        if columns == 0 {
            continue;
        }
        let cells = rows[i..=i + columns]
            .iter()
            .map(|c| c.cells[0].clone())
            .collect();
        out.push((i, i + columns + 1, RawRow::new(cells, 0, r.after_break)));
    }
    out
}

/// The runs of consecutive lone-number lines (a `- 3 -` page-number line inside a run is
/// passed over by the run but stays a row of its own).
fn value_runs(rows: &[RawRow<'_>]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if !lone_value(&rows[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < rows.len() && lone_value(&rows[i]) {
            i += 1;
        }
        runs.push(start..i);
    }
    runs
}

/// Empty runs: a text line followed by nothing but lines of [`shown_blanks`] before a line
/// that starts no run of numbers (a row whose every cell is blank), as `i..i`.
fn blank_runs(text: &str, rows: &[RawRow<'_>]) -> Vec<std::ops::Range<usize>> {
    (1..rows.len())
        .filter(|&i| lone_text(&rows[i - 1]) && !lone_value(&rows[i]))
        .filter(|&i| {
            let gap = rows[i - 1].span.end as usize..rows[i].span.start as usize;
            !shown_blanks(text, gap).is_empty()
        })
        .map(|i| i..i)
        .collect()
}

/// The lines in `text[gap]` that show a blank cell: a no-break space alone on its line (a
/// browser prints the space of `<td>&nbsp;</td>`), as cells spanning that character. They
/// must follow the row's last line directly: an empty line (a paragraph break: Word's HTML
/// puts `<p>&nbsp;</p>` after its tables) ends them.
fn shown_blanks(text: &str, gap: std::ops::Range<usize>) -> Vec<RawCell<'_>> {
    let Some(part) = text.get(gap.clone()) else {
        return Vec::new();
    };
    if !part.contains('\u{a0}') {
        return Vec::new();
    }
    let mut at = gap.start;
    let mut out = Vec::new();
    // The first piece is the rest of the row's own line, when the gap starts inside one:
    // passed over (a no-break space after a label is no cell).
    let own_line = !text[..gap.start].ends_with('\n');
    for (i, line) in part.split_inclusive('\n').enumerate() {
        let body = line.trim_matches([' ', '\t', '\r', '\n']);
        if i == 0 && own_line {
            // Nothing to do but step over it.
        } else if !body.is_empty() && body.chars().all(|c| c == '\u{a0}') {
            let start = at + line.find('\u{a0}').unwrap_or(0);
            out.push(RawCell {
                text: Cow::Borrowed(&text[start..start + body.len()]),
                span: Span::new(start, start + body.len()),
            });
        } else if line.ends_with('\n') {
            break;
        }
        at += line.len();
    }
    out
}

/// The run's cells with the [`shown_blanks`] before each number and after the last (up to
/// the next row); `label_end` is where the label ends.
fn with_shown_blanks<'a>(
    text: &'a str,
    rows: &[RawRow<'a>],
    label_end: usize,
    run: std::ops::Range<usize>,
) -> Vec<RawCell<'a>> {
    let mut cells = Vec::with_capacity(run.len() * 2);
    let mut from = label_end;
    for r in &rows[run.clone()] {
        cells.extend(shown_blanks(text, from..r.span.start as usize));
        cells.push(r.cells[0].clone());
        from = r.span.end as usize;
    }
    let to = rows
        .get(run.end)
        .map_or(text.len(), |r| r.span.start as usize);
    cells.extend(shown_blanks(text, from..to));
    cells
}

/// The row a run of numbers makes with the label right before it: the index of the label's
/// first line and the row, or `None` when no label is there or the run is too long.
fn label_row<'a>(
    text: &'a str,
    rows: &[RawRow<'a>],
    free_from: usize,
    run: std::ops::Range<usize>,
    template: Option<Template>,
) -> Option<(usize, RawRow<'a>)> {
    let first_piece = run.start.saturating_sub(MAX_PIECES).max(free_from).max(
        (0..run.start)
            .rev()
            .find(|&j| !lone_text(&rows[j]))
            .map_or(0, |j| j + 1),
    );
    // Exact labels first, at every number of lines; then a label printed a little off the
    // template's (`2.其他法律法规禁止公开`), which the row reader then names (S103).
    for fuzzy in [false, true] {
        let widths_of = |joined: &str, head: usize| -> Vec<usize> {
            if fuzzy {
                return TEMPLATES
                    .iter()
                    .filter(|t| template.is_none_or(|d| d == **t))
                    .filter_map(|t| Matcher::of(*t).fuzzy(&label_key(joined)).map(|f| (*t, f)))
                    .map(width)
                    .collect();
            }
            exact_labels_of(joined, head)
                .into_iter()
                .filter(|(t, ..)| template.is_none_or(|d| d == *t))
                .map(|(t, found, _)| width((t, found)))
                .collect()
        };
        if let Some(found) = label_row_by(text, rows, first_piece, run.clone(), widths_of) {
            return found;
        }
    }
    None
}

/// [`label_row`] with one way of finding a label's widths in a candidate text: `None` when
/// no label is found, `Some(None)` when one is and the run is too long for it.
fn label_row_by<'a>(
    text: &'a str,
    rows: &[RawRow<'a>],
    first_piece: usize,
    run: std::ops::Range<usize>,
    widths_of: impl Fn(&str, usize) -> Vec<usize>,
) -> Option<Option<(usize, RawRow<'a>)>> {
    for m in 1..=run.start - first_piece {
        let pieces = &rows[run.start - m..run.start];
        let mut joined: String = pieces.iter().map(|r| r.cells[0].text.as_ref()).collect();
        let head = label_key(&pieces[0].cells[0].text).len();
        let mut widths = widths_of(&joined, head);
        // The row's first number written on the label's line (`(一) 予以公开0`): PyMuPDF
        // does this when the label cell and the first cell share a text line.
        let mut glued = None;
        if widths.is_empty() {
            let last = &pieces[m - 1].cells[0];
            if let Some(at) =
                glued_number(&last.text).filter(|&at| !last.text[at..].starts_with('.'))
            {
                let cut = joined.len() - (last.text.len() - at);
                let with = widths_of(&joined[..cut], head.min(cut));
                if !with.is_empty() {
                    widths = with;
                    glued = Some(number_cell(last, at));
                    joined.truncate(cut);
                }
            }
        }
        if widths.is_empty() {
            continue;
        }
        // The width the run fits exactly, with its shown blanks or without; else the
        // narrowest it leaves blanks in; a run longer than every width is out of order.
        let k = run.len() + usize::from(glued.is_some());
        let label_end = glued
            .as_ref()
            .map_or(pieces[m - 1].span.end, |(_, c)| c.span.end);
        let with_blanks = with_shown_blanks(text, rows, label_end as usize, run.clone());
        let blanks = with_blanks.len() - run.len();
        let shown = blanks > 0 && widths.contains(&(k + blanks));
        let w = if shown {
            Some(k + blanks)
        } else {
            widths
                .iter()
                .copied()
                .find(|&w| w == k)
                .or_else(|| widths.iter().copied().filter(|&w| w > k).min())
        };
        let Some(w) = w else {
            return Some(None);
        };
        if run.is_empty() && !shown {
            // A label with nothing after it but blank lines that do not fill it: not a row.
            return None;
        }
        let end = glued.as_ref().map_or(pieces[m - 1].span.end, |(at, _)| *at);
        let span = Span {
            start: pieces[0].span.start,
            end,
        };
        let label = match (m, &glued) {
            (1, None) => pieces[0].cells[0].clone(),
            _ => RawCell {
                text: Cow::Owned(joined),
                span,
            },
        };
        let mut cells = vec![label];
        cells.extend(glued.map(|(_, cell)| cell));
        if shown {
            cells.extend(with_blanks);
        } else {
            cells.extend(rows[run.clone()].iter().map(|r| r.cells[0].clone()));
        }
        if k < w && !shown {
            let at = rows[run.end - 1].span.end as usize;
            cells.push(RawCell::unplaced(at));
        }
        let after_break = pieces[0].after_break;
        return Some(Some((run.start - m, RawRow::new(cells, 0, after_break))));
    }
    None
}

/// The glued number's cell, and where the label before it ends: the number's own span when
/// the cell's text is its source's bytes (the usual case for a text line), else the line's.
fn number_cell<'a>(cell: &RawCell<'a>, at: usize) -> (u32, RawCell<'a>) {
    let exact = (cell.span.end - cell.span.start) as usize == cell.text.len();
    let start = if exact {
        cell.span.start + at as u32
    } else {
        cell.span.end
    };
    let text = match &cell.text {
        Cow::Borrowed(s) => Cow::Borrowed(&s[at..]),
        Cow::Owned(s) => Cow::Owned(s[at..].to_string()),
    };
    let span = if exact {
        Span {
            start,
            end: cell.span.end,
        }
    } else {
        cell.span
    };
    (start, RawCell { text, span })
}

/// Table 四: exactly fifteen numbers (or numbers and [`shown_blanks`]) right after a header
/// line `总计` (or its last character, when the header came out one character per line) make
/// its data row; the header's lines from `行政复议` on make one header row. The index of the
/// first row replaced and the rows.
fn appeals_rows<'a>(
    text: &'a str,
    rows: &[RawRow<'a>],
    free_from: usize,
    run: std::ops::Range<usize>,
) -> Option<(usize, Vec<RawRow<'a>>)> {
    let cells = 3 * APPEAL_FIELDS.len();
    if run.is_empty() || run.len() > cells || run.start == 0 || run.start <= free_from {
        return None;
    }
    let values = if run.len() == cells {
        rows[run.clone()]
            .iter()
            .map(|r| r.cells[0].clone())
            .collect()
    } else {
        let label_end = rows[run.start - 1].span.end as usize;
        match with_shown_blanks(text, rows, label_end, run.clone()) {
            values if values.len() == cells => values,
            _ => return None,
        }
    };
    let before = label_key(&rows[run.start - 1].cells[0].text);
    let header = before.ends_with("总计")
        || (before == "计"
            && run.start >= 2
            && label_key(&rows[run.start - 2].cells[0].text) == "总");
    if !header {
        return None;
    }
    let data = RawRow::new(values, 0, rows[run.start].after_break);
    let review = label_key(APPEAL_GROUPS[0].label);
    let header = (free_from.max(run.start.saturating_sub(MAX_HEADER_LINES))..run.start)
        .rev()
        .take_while(|&j| lone_text(&rows[j]))
        .find(|&j| label_key(&rows[j].cells[0].text) == review);
    let Some(from) = header else {
        return Some((run.start, vec![data]));
    };
    let header = RawRow::new(
        header_cells(&rows[from..run.start]),
        0,
        rows[from].after_break,
    );
    Some((from, vec![header, data]))
}

/// Table 四's header lines as its cells, a cell wrapped over two lines joined (`其他结` and
/// `果`, `总` and `计`): a line that is no header term and makes one with the next.
fn header_cells<'a>(lines: &[RawRow<'a>]) -> Vec<RawCell<'a>> {
    let terms = &crate::parse::matcher::keys().appeal_terms;
    let total = label_key(APPEAL_FIELDS[APPEAL_FIELDS.len() - 1].label);
    let term = |k: &str| k == total || terms.iter().any(|t| t == k);
    let mut cells: Vec<RawCell<'a>> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let cell = &lines[i].cells[0];
        match lines.get(i + 1).map(|r| &r.cells[0]) {
            Some(next)
                if !term(&label_key(&cell.text))
                    && term(&label_key(&format!("{}{}", cell.text, next.text))) =>
            {
                cells.push(RawCell {
                    text: Cow::Owned(format!("{}{}", trim(&cell.text), trim(&next.text))),
                    span: Span {
                        start: cell.span.start,
                        end: next.span.end,
                    },
                });
                i += 2;
            }
            _ => {
                cells.push(cell.clone());
                i += 1;
            }
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::scan::{scan_text, texts};
    use crate::parse::value::UNPLACED;

    const TABLE: &str = "第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n\
规章\n1\n2\n3\n行政规范性文件\n4\n5\n6\n\
（三）不\n予公开\n1.属于国家秘密\n0\n1\n0\n0\n0\n0\n1\n\
2.其他法律行政法规禁\n止公开\n0\n0\n0\n2\n0\n0\n2\n\
3.危及“三安全一稳\n定”\n5\n5\n\
4.保护第三方合法权益\n1\n2\n3\n4\n5\n6\n7\n8\n";

    #[test]
    fn runs_join_the_label_before_them() {
        let rows = regroup(TABLE, scan_text(TABLE));
        let t = texts(&rows);
        assert!(t.contains(&vec!["规章".into(), "1".into(), "2".into(), "3".into()]));
        assert!(t.contains(&vec![
            "1.属于国家秘密".into(),
            "0".into(),
            "1".into(),
            "0".into(),
            "0".into(),
            "0".into(),
            "0".into(),
            "1".into()
        ]));
        // A wrapped label is joined, its span runs over both lines.
        let wrapped = rows
            .iter()
            .find(|r| r.cells[0].text == "2.其他法律行政法规禁止公开")
            .expect("joined");
        assert_eq!(wrapped.cells.len(), 8);
        assert_eq!(
            &TABLE[wrapped.cells[0].span.range()],
            "2.其他法律行政法规禁\n止公开"
        );
        assert_eq!(&TABLE[wrapped.cells[4].span.range()], "2");
        // The group fragment stays as it was.
        assert!(t.contains(&vec!["予公开".to_string()]));
    }

    #[test]
    fn short_runs_are_marked_and_long_runs_left() {
        let rows = regroup(TABLE, scan_text(TABLE));
        let short = rows
            .iter()
            .find(|r| r.cells[0].text.starts_with("3.危及"))
            .expect("joined");
        assert_eq!(short.cells.len(), 4);
        assert_eq!(short.cells[3].text, UNPLACED.to_string());
        // Eight numbers after a seven-column label: out of order, not joined.
        let t = texts(&rows);
        assert!(t.contains(&vec!["4.保护第三方合法权益".to_string()]));
        assert!(t.contains(&vec!["8".to_string()]));
    }

    #[test]
    fn lines_of_a_no_break_space_are_blank_cells_when_they_fill_the_row() {
        // Chromium prints `<td>&nbsp;</td>` as the space's glyph; PyMuPDF writes it alone on
        // its line. Two rows: blanks between, before and after the numbers; all blank.
        let src = TABLE.replace(
            "1.属于国家秘密\n0\n1\n0\n0\n0\n0\n1\n",
            "1.属于国家秘密\n\u{a0}\n1\n\u{a0}\n\u{a0} \n0\n\u{a0}\n1\n\
             2.其他法律行政法规禁止公开\n\u{a0}\n\u{a0}\n\u{a0}\n\u{a0}\n\u{a0}\n\u{a0}\n\u{a0}\n",
        );
        let src = src.replace("2.其他法律行政法规禁\n止公开\n0\n0\n0\n2\n0\n0\n2\n", "");
        let rows = regroup(&src, scan_text(&src));
        let row = |label: &str| {
            rows.iter()
                .find(|r| r.cells[0].text == label)
                .unwrap_or_else(|| panic!("{label} joined"))
        };
        let secret = row("1.属于国家秘密");
        assert_eq!(
            texts(std::slice::from_ref(secret))[0],
            [
                "1.属于国家秘密",
                "\u{a0}",
                "1",
                "\u{a0}",
                "\u{a0}",
                "0",
                "\u{a0}",
                "1"
            ]
        );
        // Each blank cell stands on its own line's no-break space.
        assert_eq!(&src[secret.cells[4].span.range()], "\u{a0}");
        assert_eq!(&src[secret.cells[5].span.range()], "0");
        assert_eq!(row("2.其他法律行政法规禁止公开").cells.len(), 8);
        // Blank lines that do not fill the row are passed over: the row is refused as short.
        let src = TABLE.replace(
            "3.危及“三安全一稳\n定”\n5\n5\n",
            "3.危及“三安全一稳\n定”\n5\n\u{a0}\n5\n",
        );
        let rows = regroup(&src, scan_text(&src));
        let short = rows
            .iter()
            .find(|r| r.cells[0].text.starts_with("3.危及"))
            .expect("joined");
        assert_eq!(
            texts(std::slice::from_ref(short))[0][1..],
            ["5", "5", "\u{e001}"]
        );
        // After a paragraph break they are no longer the row's (`<p>&nbsp;</p>` after a
        // table): a short row stays short.
        let src = TABLE.replace(
            "3.危及“三安全一稳\n定”\n5\n5\n",
            "3.危及“三安全一稳\n定”\n5\n5\n\u{a0}\n\u{a0}\n\n\u{a0}\n\u{a0}\n\u{a0}\n",
        );
        let rows = regroup(&src, scan_text(&src));
        let short = rows
            .iter()
            .find(|r| r.cells[0].text.starts_with("3.危及"))
            .expect("joined");
        assert_eq!(
            short.cells.len(),
            4,
            "{:?}",
            texts(std::slice::from_ref(short))
        );
        // A label followed by too few of them is no row at all.
        let src = TABLE.replace(
            "3.危及“三安全一稳\n定”\n5\n5\n",
            "3.危及“三安全一稳定”\n\u{a0}\n\u{a0}\n",
        );
        let rows = regroup(&src, scan_text(&src));
        assert!(texts(&rows).contains(&vec!["3.危及“三安全一稳定”".to_string()]));
    }

    #[test]
    fn other_documents_pass_through() {
        let src = "规章\t1\t2\t3\n一、总体情况\n2023\n本年度收到申请 5 件。\n";
        assert_eq!(regroup(src, scan_text(src)), scan_text(src));
        // Too few runs: a list of numbers in narrative is not a table.
        let src = "规章\n1\n2\n3\n正文\n";
        assert_eq!(regroup(src, scan_text(src)), scan_text(src));
    }

    #[test]
    fn a_run_fitting_the_other_template_is_not_joined() {
        // A 2021 table (its header says so): 行政事业性收费 has one column; the two numbers
        // after it (a dump that wrote the table column by column) fit 2019's two, not it.
        let src = TABLE.replace(
            "4.保护第三方合法权益",
            "行政事业性收费\n17\n0\n本年收费金额（单位：万元）\n4.保护第三方合法权益",
        );
        let rows = regroup(&src, scan_text(&src));
        assert!(texts(&rows).contains(&vec!["行政事业性收费".to_string()]));
        assert!(texts(&rows).contains(&vec!["17".to_string()]));
    }

    #[test]
    fn a_dump_written_column_by_column_is_left_alone() {
        // pdfminer: the labels, then each column's numbers under their header; the 0 after
        // 行政事业性收费 is another row's.
        let src = TABLE.replace(
            "4.保护第三方合法权益",
            "行政强制\n行政事业性收费\n0\n本年收费金额（单位：万元）\n83.06\n4.保护第三方合法权益",
        );
        assert_eq!(regroup(&src, scan_text(&src)), scan_text(&src));
    }

    #[test]
    fn a_number_on_the_label_line_is_the_first_cell() {
        // PyMuPDF writes the first cell on the label's line when they share a text line.
        let src = TABLE.replace("1.属于国家秘密\n0\n", "1.属于国家秘密0\n");
        let rows = regroup(&src, scan_text(&src));
        let row = rows
            .iter()
            .find(|r| r.cells[0].text == "1.属于国家秘密")
            .expect("joined");
        assert_eq!(texts(std::slice::from_ref(row))[0].len(), 8);
        assert_eq!(&src[row.cells[0].span.range()], "1.属于国家秘密");
        assert_eq!(&src[row.cells[1].span.range()], "0");
        assert_eq!(row.cells[2].text, "1");
        // Digits after text that is no template label are not a cell: the line is the
        // label (a little off the template's), the six numbers leave a blank, the row is
        // refused.
        let src = TABLE.replace("1.属于国家秘密\n0\n", "1.属于国家秘密第2\n");
        let rows = regroup(&src, scan_text(&src));
        let row = rows
            .iter()
            .find(|r| r.cells[0].text == "1.属于国家秘密第2")
            .expect("joined");
        assert_eq!(row.cells.len(), 8);
        assert_eq!(row.cells[7].text, UNPLACED.to_string());
    }

    #[test]
    fn a_label_a_little_off_the_template_is_joined() {
        let src = TABLE.replace("2.其他法律行政法规禁\n止公开", "2.其他法律法规禁止公开");
        let rows = regroup(&src, scan_text(&src));
        let row = rows
            .iter()
            .find(|r| r.cells[0].text == "2.其他法律法规禁止公开")
            .expect("joined");
        assert_eq!(row.cells.len(), 8);
        assert_eq!(row.cells[4].text, "2");
    }

    #[test]
    fn a_field_header_is_one_row() {
        let src = TABLE.replace("本年废止件数", "本年度止件数");
        let rows = regroup(&src, scan_text(&src));
        let header = rows
            .iter()
            .find(|r| r.cells[0].text == "信息内容")
            .expect("header");
        assert_eq!(
            texts(std::slice::from_ref(header))[0],
            ["信息内容", "本年制发件数", "本年度止件数", "现行有效件数"]
        );
        assert_eq!(&src[header.cells[2].span.range()], "本年度止件数");
        // The row after it is still the first data row.
        let at = rows
            .iter()
            .position(|r| r.cells[0].text == "信息内容")
            .expect("header");
        assert_eq!(rows[at + 1].cells[0].text, "规章");
    }

    #[test]
    fn appeals_row_after_its_header() {
        let mut src = String::from(TABLE);
        src.push_str("四、政府信息公开行政复议、行政诉讼情况\n尚未\n审结\n总\n计\n");
        for v in 0..15 {
            src.push_str(&format!("{v}\n"));
        }
        let rows = regroup(&src, scan_text(&src));
        assert_eq!(rows.last().expect("rows").cells.len(), 15);
        assert_eq!(
            rows[rows.len() - 2].cells[0].text,
            "计",
            "no header row without 行政复议"
        );
        let src = src.replace("尚未\n", "行政复议\n行政诉讼\n尚未\n");
        let rows = regroup(&src, scan_text(&src));
        let last = rows.last().expect("rows");
        assert_eq!(last.cells.len(), 15);
        assert_eq!(last.cells[14].text, "14");
        // Its cells wrapped over two lines are one cell each.
        let header = &rows[rows.len() - 2];
        assert_eq!(
            texts(std::slice::from_ref(header))[0],
            ["行政复议", "行政诉讼", "尚未审结", "总计"]
        );
        assert_eq!(&src[header.cells[2].span.range()], "尚未\n审结");
        // Blank cells shown as no-break spaces count towards the fifteen.
        let src = src.replace("\n0\n1\n2\n", "\n\u{a0}\n\u{a0}\n2\n");
        let src = src.replace("\n13\n14\n", "\n\u{a0}\n\u{a0}\n");
        let rows = regroup(&src, scan_text(&src));
        let last = rows.last().expect("rows");
        assert_eq!(last.cells.len(), 15);
        assert_eq!(last.cells[0].text, "\u{a0}");
        assert_eq!(last.cells[2].text, "2");
        assert_eq!(last.cells[14].text, "\u{a0}");
    }
}
