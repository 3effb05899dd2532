//! Space-aligned text: a PDF turned into text with its columns kept by spaces, as
//! `pdftotext -layout` and the crawlers built on it write it.
//!
//! ```text
//!              2.其他法律行政法规禁
//!                                  0    0    0     0     0   0    0
//!              止公开
//!       （ 五 ） 不 1.信访举报投诉类申请         0    0    0     0     0   0    0
//! ```
//!
//! Cells are separated by runs of two or more spaces, not by tabs, and a label wrapped in its
//! table cell comes out on the lines around its row of numbers, beside fragments of the
//! group label's column. Such a line of numbers is cut into its cells (the numbers keep their
//! exact places), and its label is put back together from the label pieces standing in one
//! column on the lines above and below, up to the neighbouring lines of numbers: of the ways
//! that make one of the template's row labels exactly, the one centred nearest the line of
//! numbers (a cell's text is centred on its row), then the one of fewest pieces. A line whose
//! pieces make no label keeps its own label (matched later, fuzzily, like any other). A row
//! too long for the page, wrapped onto the next line, is joined when table 三's sum holds.
//!
//! A line of numbers with fewer numbers than a full line of the same table has blank cells:
//! each number goes into the column of the full lines it stands under, when every number
//! stands under a different one; otherwise the numbers stay as read and the row reader
//! decides (and says so).
//!
//! Only a document with several lines of space-separated numbers is touched, and only its
//! one-cell rows: tab-separated and Markdown rows never are.
//!
//! Before all that, in any document: a line whose blank cells the PDF showed as no-break
//! spaces — a browser prints the space of `<td>&nbsp;</td>`, and pypdf writes each as a
//! word, `（一）予以公开 258 12 \u{a0} \u{a0} 1 1 \u{a0}` — is cut into its label and its
//! cells, blanks in their places, when the label is a template row's exactly and its numbers
//! and blanks fill that row (fifteen, with no label, for table 四's data row). Otherwise the
//! line is left to the rest, as if the blanks were spaces.

use crate::model::template::{Template, PROACTIVE_ITEM_HEADER, TEMPLATES};
use crate::model::Span;
use crate::parse::matcher::{Found, Matcher, Target};
use crate::parse::normalize::label_key;
use crate::parse::scan::{RawCell, RawRow};
use crate::parse::value::is_value_text;
use std::borrow::Cow;

/// A document needs this many lines of three or more space-separated numbers to be read as
/// space-aligned.
const MIN_VALUE_LINES: usize = 4;
/// Label pieces looked for above and below a line of numbers.
const MAX_PIECES: usize = 4;
/// How far (in characters) a piece's start may stand from the label column.
const COLUMN_SLACK: usize = 3;

/// A word: a run of text between spaces, with its place.
#[derive(Clone, Debug)]
struct Word<'a> {
    text: &'a str,
    span: Span,
    /// First and one-past-last character column on its line.
    col: (usize, usize),
    /// Spaces before it on its line.
    gap: usize,
}

/// One line of a one-cell row, cut into words.
struct Line<'a> {
    /// Its line number in the source.
    y: usize,
    words: Vec<Word<'a>>,
    /// Index of the first of the trailing value words (`words.len()` when none).
    values_from: usize,
}

impl<'a> Line<'a> {
    fn values(&self) -> &[Word<'a>] {
        &self.words[self.values_from..]
    }
    fn labels(&self) -> &[Word<'a>] {
        &self.words[..self.values_from]
    }
    /// A row of a table: several numbers, or one standing clear of its label.
    fn is_value_line(&self) -> bool {
        match self.values() {
            [] => false,
            [one] => self.values_from > 0 && one.gap >= 2,
            _ => true,
        }
    }
}

/// Re-read the one-cell rows of a space-aligned document as table rows; other documents pass
/// through unchanged.
pub fn realign<'a>(text: &'a str, rows: Vec<RawRow<'a>>) -> Vec<RawRow<'a>> {
    let rows = shown_blank_rows(text, rows);
    // Most documents are not space-aligned: tell cheaply, before cutting any line into words.
    let aligned = rows
        .iter()
        .filter(|r| r.cells.len() == 1 && ends_in_numbers(&r.cells[0].text, 3))
        .take(MIN_VALUE_LINES)
        .count();
    if aligned < MIN_VALUE_LINES {
        return rows;
    }
    let mut y = 0usize;
    let mut at = 0usize;
    let lines: Vec<Option<Line<'a>>> = rows
        .iter()
        .map(|r| {
            let start = r.span.start as usize;
            y += text.as_bytes()[at..start.max(at)]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            at = start.max(at);
            one_cell_line(text, r, y)
        })
        .collect();
    let values: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].as_ref().is_some_and(Line::is_value_line))
        .collect();
    let mut used = vec![false; rows.len()];
    let mut rebuilt: Vec<Option<RawRow<'a>>> = vec![None; rows.len()];
    let mut widths: Vec<Option<usize>> = vec![None; rows.len()];
    // Rows made full by joining their wrapped numbers: nothing to place.
    let mut joined = vec![false; rows.len()];
    for (k, &i) in values.iter().enumerate() {
        if used[i] {
            continue;
        }
        let line = lines[i].as_ref().expect("value lines are lines");
        let above_stop = if k > 0 { values[k - 1] + 1 } else { 0 };
        let below_stop = values.get(k + 1).copied().unwrap_or(lines.len());
        let (label, taken) =
            match joined_label(text, &lines, line, above_stop..i, i + 1..below_stop, &used) {
                Some(j) => {
                    widths[i] = Some(j.width);
                    (Some(j.cell), j.taken)
                }
                None => {
                    let own = own_label(text, line);
                    widths[i] = own.as_ref().and_then(|c| exact_label(&c.text)).map(width);
                    (own, Vec::new())
                }
            };
        for t in taken {
            used[t] = true;
        }
        let mut numbers: Vec<&Word<'a>> = line.values().iter().collect();
        // A text line too long for the page wraps its last numbers onto the next line.
        let j = i + 1;
        if let (Some(w), Some(Some(next))) = (widths[i], lines.get(j)) {
            let all: Vec<&Word<'a>> = numbers.iter().copied().chain(next.values()).collect();
            if numbers.len() < w
                && all.len() == w
                && next.labels().is_empty()
                && !rows[j].after_break
                && sums_hold(&all)
            {
                numbers = all;
                used[j] = true;
                joined[i] = true;
                // Full now, and its numbers' places are a wrapped line's, not the table's
                // columns: nothing to place, and not one of the table's lines.
                widths[i] = None;
            }
        }
        let mut cells: Vec<RawCell<'a>> = label.into_iter().collect();
        cells.extend(numbers.into_iter().map(|c| RawCell {
            text: Cow::Borrowed(c.text),
            span: c.span,
        }));
        rebuilt[i] = Some(RawRow::new(
            cells,
            rows[i].span.start as usize,
            rows[i].after_break,
        ));
    }
    place_blank_cells(&lines, &values, &widths, &mut rebuilt);
    // A line of a label and numbers whose label is no template row's (a number glued to it,
    // a variant wording): the table it belongs to, and so its columns, are not known here.
    // Its numbers' places say nothing of the blanks among them.
    for &i in &values {
        let line = lines[i].as_ref().expect("value lines are lines");
        // A line of numbers alone is another reader's to join with its label.
        if widths[i].is_some() || joined[i] || line.labels().is_empty() {
            continue;
        }
        if let (Some(row), Some(last)) = (rebuilt[i].as_mut(), line.values().last()) {
            let at = last.span.end as usize;
            row.cells.push(RawCell::unplaced(at));
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut pending_break = false;
    for (i, row) in rows.into_iter().enumerate() {
        if used[i] {
            pending_break |= row.after_break;
            continue;
        }
        let mut row = rebuilt[i]
            .take()
            .or_else(|| lines[i].as_ref().and_then(|l| header_row(l, &row)))
            .unwrap_or(row);
        row.after_break |= pending_break;
        pending_break = false;
        out.push(row);
    }
    out
}

/// The rows of [`shown_blank_line`], every other row as it was.
fn shown_blank_rows<'a>(text: &'a str, mut rows: Vec<RawRow<'a>>) -> Vec<RawRow<'a>> {
    if !text.contains('\u{a0}') {
        return rows;
    }
    for row in rows.iter_mut() {
        if let Some(cut) = shown_blank_line(text, row) {
            *row = cut;
        }
    }
    rows
}

/// A one-cell row ending in numbers and words of no-break spaces only (at least one), cut
/// into its label and cells when they fill the label's template row exactly (or, with no
/// label, table 四's fifteen cells). The line is read from the source to its end: the row's
/// cell was trimmed of the blanks at its end.
fn shown_blank_line<'a>(text: &'a str, row: &RawRow<'a>) -> Option<RawRow<'a>> {
    let [cell] = row.cells.as_slice() else {
        return None;
    };
    let (start, end) = (cell.span.start as usize, cell.span.end as usize);
    if !matches!(cell.text, Cow::Borrowed(t) if text.get(start..end) == Some(t)) {
        return None;
    }
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let body = &text[start..line_end];
    if !body.contains('\u{a0}') {
        return None;
    }
    let shown = |w: &str| w.chars().all(|c| c == '\u{a0}');
    let mut words: Vec<(usize, &'a str)> = Vec::new();
    let mut rest = body.trim_end_matches([' ', '\u{c}', '\r']);
    while let Some(w) = rest.rsplit([' ', '\u{c}']).next() {
        if w.is_empty() || !(shown(w) || is_number(w)) {
            break;
        }
        words.push((rest.len() - w.len(), w));
        rest = rest[..rest.len() - w.len()].trim_end_matches([' ', '\u{c}']);
    }
    if !words.iter().any(|(_, w)| shown(w)) {
        return None;
    }
    words.reverse();
    let label = rest.trim_matches([' ', '\u{a0}', '\u{3000}', '\u{c}']);
    let fits = if label.is_empty() {
        words.len() == 3 * crate::model::template::APPEAL_FIELDS.len()
    } else {
        exact_labels_of(label, usize::MAX)
            .into_iter()
            .any(|(t, f, whole)| whole && width((t, f)) == words.len())
    };
    if !fits {
        return None;
    }
    let base = cell.span.start as usize;
    let mut cells = Vec::with_capacity(words.len() + 1);
    if !label.is_empty() {
        let at = base + (label.as_ptr() as usize - body.as_ptr() as usize);
        cells.push(RawCell {
            text: Cow::Borrowed(label),
            span: Span::new(at, at + label.len()),
        });
    }
    cells.extend(words.into_iter().map(|(at, w)| RawCell {
        text: Cow::Borrowed(w),
        span: Span::new(base + at, base + at + w.len()),
    }));
    Some(RawRow {
        grid: false,
        ..RawRow::new(cells, base, row.after_break)
    })
}

/// A proactive sub-table's header line (`信息内容   本年制发件数 本年废止件数 …`) as a row of
/// its words, so that its column labels are checked like any other header's.
fn header_row<'a>(line: &Line<'a>, row: &RawRow<'a>) -> Option<RawRow<'a>> {
    if line.words.len() < 2 || line.words[0].text != PROACTIVE_ITEM_HEADER {
        return None;
    }
    let cells = line.words.iter().map(|w| RawCell {
        text: Cow::Borrowed(w.text),
        span: w.span,
    });
    Some(RawRow::new(
        cells.collect(),
        row.span.start as usize,
        row.after_break,
    ))
}

/// The line of a one-cell row, cut into words; `None` for other rows.
fn one_cell_line<'a>(text: &'a str, r: &RawRow<'a>, y: usize) -> Option<Line<'a>> {
    let [cell] = r.cells.as_slice() else {
        return None;
    };
    let Cow::Borrowed(body) = cell.text else {
        return None;
    };
    let start = cell.span.start as usize;
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let first = text[line_start..start].chars().count();
    let mut words = Vec::new();
    let mut gap = first;
    let mut word: Option<(usize, usize)> = None; // (byte in body, column)
    let chars = body.char_indices().chain([(body.len(), ' ')]);
    for (col, (b, c)) in (first..).zip(chars) {
        // A form feed (a page break) counts as space, like the no-break space.
        if c == ' ' || c == '\u{a0}' || c == '\u{c}' {
            if let Some((wb, wc)) = word.take() {
                words.push(Word {
                    text: &body[wb..b],
                    span: Span::new(start + wb, start + b),
                    col: (wc, col),
                    gap,
                });
                gap = 0;
            }
            gap += 1;
        } else if word.is_none() {
            word = Some((b, col));
        }
    }
    let mut values_from = words.len();
    while values_from > 0 && is_number(words[values_from - 1].text) {
        values_from -= 1;
    }
    Some(Line {
        y,
        words,
        values_from,
    })
}

/// Whether a row of table 三's width holds its sum (总计 = the six applicant columns), as far
/// as its cells are numbers; other widths have no sum to check.
fn sums_hold(numbers: &[&Word<'_>]) -> bool {
    let cells: Vec<_> = numbers
        .iter()
        .map(|w| crate::parse::value::read_cell(w.text, w.span))
        .collect();
    numbers.len() != crate::model::template::REQUEST_COLUMNS.len()
        || cells.iter().any(|c| c.number().is_none())
        || crate::parse::assemble::sums_up(&cells)
}

/// Whether `t` ends in `n` numbers separated by spaces (looked for only after a digit: a
/// paragraph is not walked through).
fn ends_in_numbers(t: &str, n: usize) -> bool {
    let last = t.trim_end().chars().next_back();
    if !last.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        return false;
    }
    let mut words = t.rsplit([' ', '\u{a0}', '\u{c}']).filter(|w| !w.is_empty());
    (0..n).all(|_| words.next().is_some_and(is_number))
}

/// A value as tables print it (a number, a placeholder), not a blank.
fn is_number(t: &str) -> bool {
    !t.trim().is_empty() && is_value_text(t)
}

/// The text of `line`'s label words from word `from` on, as it stands in the source.
fn label_from<'a>(text: &'a str, line: &Line<'a>, from: usize) -> Option<RawCell<'a>> {
    let labels = line.labels();
    let (first, last) = (labels.get(from)?, labels.last()?);
    let span = Span {
        start: first.span.start,
        end: last.span.end,
    };
    Some(RawCell {
        text: Cow::Borrowed(&text[span.range()]),
        span,
    })
}

/// The line's own label: its label words as printed (a group fragment and the row's label
/// side by side stay one cell).
fn own_label<'a>(text: &'a str, line: &Line<'a>) -> Option<RawCell<'a>> {
    label_from(text, line, 0)
}

/// The number of cells a matched row has in its template.
pub(crate) fn width((template, found): (Template, Found)) -> usize {
    match found.target {
        Target::Request(_) => crate::model::template::REQUEST_COLUMNS.len(),
        Target::Proactive(i) => template.def().proactive[i].fields.len(),
    }
}

/// Exact template label for a candidate text: the whole, or its tail from the last
/// enumerator (`2.`, `（三）`), which drops a group fragment printed before the row's label.
fn exact_label(text: &str) -> Option<(Template, Found)> {
    exact_label_of(text, usize::MAX).map(|(t, f, _)| (t, f))
}

/// [`exact_label`] with the tail starting within the first `head` bytes of the key (within
/// the first piece: a group fragment stands before its row's label, on its line), and
/// whether the whole text matched.
pub(crate) fn exact_label_of(text: &str, head: usize) -> Option<(Template, Found, bool)> {
    exact_labels_of(text, head).into_iter().next()
}

/// [`exact_label_of`] in every template that has the label (both templates print
/// `行政许可`, with one column in 2021 and three in 2019), in template order.
pub(crate) fn exact_labels_of(text: &str, head: usize) -> Vec<(Template, Found, bool)> {
    let key = label_key(text);
    let lookup = |k: &str| {
        if k.is_empty() {
            return Vec::new();
        }
        let find = |k: &str| -> Vec<(Template, Found)> {
            TEMPLATES
                .iter()
                .filter_map(|t| Matcher::of(*t).exact(k).map(|f| (*t, f)))
                .collect()
        };
        // (`1、` for the template's `1.` is the matcher's: `Matcher::exact`.)
        find(k)
    };
    let whole = lookup(&key);
    if !whole.is_empty() {
        return whole.into_iter().map(|(t, f)| (t, f, true)).collect();
    }
    enumerator_starts(&key)
        .into_iter()
        .rev()
        .filter(|&s| s > 0 && s < head)
        .map(|s| lookup(&key[s..]))
        .find(|found| !found.is_empty())
        .unwrap_or_default()
        .into_iter()
        .map(|(t, f)| (t, f, false))
        .collect()
}

/// Byte offsets in a normalised key where an enumerator starts: `1.` `1,` `(一)` `一,`.
fn enumerator_starts(key: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = key.char_indices().collect();
    for (k, &(b, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|p| p.1);
        let numeral = |c: char| "一二三四五六七八九十".contains(c);
        let starts = (c.is_ascii_digit() && matches!(next, Some('.' | ',')))
            || (c == '(' && next.is_some_and(numeral))
            || (numeral(c) && next == Some(','));
        let prev_digit = k > 0 && chars[k - 1].1.is_ascii_digit();
        if starts && !prev_digit {
            out.push(b);
        }
    }
    out
}

/// The label pieces of column `col` on `lines[range]` (nearest first when `reverse`): on
/// each line of labels only, its text from the word starting within [`COLUMN_SLACK`] of
/// `col`. Lines with no word there are passed over.
fn pieces<'a>(
    text: &'a str,
    lines: &[Option<Line<'a>>],
    range: std::ops::Range<usize>,
    col: usize,
    used: &[bool],
    reverse: bool,
) -> Vec<(usize, RawCell<'a>)> {
    let mut out = Vec::new();
    let mut idx: Vec<usize> = range.collect();
    if reverse {
        idx.reverse();
    }
    for i in idx {
        if used[i] {
            continue;
        }
        let Some(line) = lines[i].as_ref() else {
            break;
        };
        if let Some(piece) = piece_at(text, line, col) {
            out.push((i, piece));
            if out.len() == MAX_PIECES {
                break;
            }
        }
    }
    out
}

/// `line`'s label from the word starting nearest `col`, within [`COLUMN_SLACK`].
fn piece_at<'a>(text: &'a str, line: &Line<'a>, col: usize) -> Option<RawCell<'a>> {
    let (w, word) = line
        .labels()
        .iter()
        .enumerate()
        .min_by_key(|(_, w)| w.col.0.abs_diff(col))?;
    if word.col.0.abs_diff(col) > COLUMN_SLACK {
        return None;
    }
    label_from(text, line, w)
}

/// A label put back together: its cell and the rows whose pieces it took.
struct Joined<'a> {
    cell: RawCell<'a>,
    taken: Vec<usize>,
    /// The cells its template row has.
    width: usize,
}

/// The label pieces around `line`, in one column, that make a template row label exactly.
/// A cell's text is centred on its row (or starts on it), so of several such labels the one
/// whose lines centre nearest the line of numbers wins, then the one of fewest pieces, then
/// one that matched whole (not only from an enumerator on). `None` when two different rows
/// tie.
fn joined_label<'a>(
    text: &'a str,
    lines: &[Option<Line<'a>>],
    line: &Line<'a>,
    above: std::ops::Range<usize>,
    below: std::ops::Range<usize>,
    used: &[bool],
) -> Option<Joined<'a>> {
    // The columns a label may stand in: where the words of these lines start.
    let mut columns: Vec<usize> = above
        .clone()
        .chain(below.clone())
        .filter(|&i| !used[i])
        .filter_map(|i| lines[i].as_ref())
        .chain([line])
        .flat_map(|l| l.labels().iter().map(|w| w.col.0))
        .collect();
    columns.sort_unstable();
    columns.dedup();
    // (distance of the centre ×2, pieces, matched only by its tail)
    type Rank = (usize, usize, bool);
    let mut best: Option<(Rank, Target, Joined<'a>)> = None;
    let mut tie = false;
    for col in columns {
        // The line's own words may stand in another column (a group label's fragment).
        let own = piece_at(text, line, col);
        let up = pieces(text, lines, above.clone(), col, used, true);
        let down = pieces(text, lines, below.clone(), col, used, false);
        for k in 0..=up.len() {
            for m in 0..=down.len() {
                if k + m == 0 && own.is_none() {
                    continue;
                }
                let parts = || {
                    up[..k]
                        .iter()
                        .rev()
                        .map(|(i, c)| (*i, c))
                        .chain(own.iter().map(|c| (usize::MAX, c)))
                        .chain(down[..m].iter().map(|(i, c)| (*i, c)))
                };
                let joined: String = parts().map(|(_, c)| c.text.as_ref()).collect();
                let head = parts().next().map_or(0, |(_, c)| label_key(&c.text).len());
                let Some((template, found, whole)) = exact_label_of(&joined, head) else {
                    continue;
                };
                let y = |i: usize| {
                    lines
                        .get(i)
                        .and_then(Option::as_ref)
                        .map_or(line.y, |l| l.y)
                };
                let (sum, n) = parts().fold((0, 0), |(s, n), (i, _)| (s + y(i), n + 1));
                let rank: Rank = ((2 * sum).abs_diff(2 * n * line.y) / n, k + m, !whole);
                match &best {
                    Some((r, t, _)) if rank > *r || (rank == *r && *t == found.target) => {}
                    Some((r, ..)) if rank == *r => tie = true,
                    _ => {
                        tie = false;
                        let span = parts()
                            .map(|(_, c)| c.span)
                            .reduce(|a, b| Span {
                                start: a.start.min(b.start),
                                end: a.end.max(b.end),
                            })
                            .expect("a label has a piece");
                        let cell = match (&own, k + m) {
                            // The line's own label as printed, from the label's column.
                            (Some(own), 0) => own.clone(),
                            (own, _) => RawCell {
                                text: Cow::Owned(joined),
                                span: own.as_ref().map_or(span, |c| c.span),
                            },
                        };
                        let taken = up[..k].iter().chain(&down[..m]).map(|(i, _)| *i);
                        let joined = Joined {
                            cell,
                            taken: taken.collect(),
                            width: width((template, found)),
                        };
                        best = Some((rank, found.target, joined));
                    }
                }
            }
        }
    }
    if tie {
        return None;
    }
    best.map(|(_, _, joined)| joined)
}

/// Lines of numbers with fewer numbers than their row's template width have blank cells:
/// each number goes into the column it stands under — the table's columns being where the
/// numbers of all its lines stand, when they make as many columns as the template prints, or
/// else those of the nearest full line — when every number stands under a different one.
/// A line that cannot be placed so is marked [`UNPLACED`]: the row reader refuses it unless
/// the row turns out full.
fn place_blank_cells<'a>(
    lines: &[Option<Line<'a>>],
    values: &[usize],
    widths: &[Option<usize>],
    rebuilt: &mut [Option<RawRow<'a>>],
) {
    let line = |i: usize| lines[i].as_ref().expect("value lines are lines");
    // Runs of value lines whose rows have the same width: one table each.
    let mut runs: Vec<(usize, Vec<usize>)> = Vec::new();
    for &i in values {
        let Some(w) = widths[i] else { continue };
        match runs.last_mut() {
            Some((rw, run)) if *rw == w => run.push(i),
            _ => runs.push((w, vec![i])),
        }
    }
    for (width, run) in runs {
        // Most tables print every cell: nothing to place, no columns to find.
        if run.iter().all(|&i| line(i).values().len() >= width) {
            continue;
        }
        let table = columns(run.iter().flat_map(|&i| line(i).values()));
        // The numbers' places are columns only in text aligned by spaces: numbers padded
        // apart (two spaces or more), or two full lines each number of which stands under
        // its own column of the table. Text whose cells are one space apart (pypdf,
        // pdfplumber's `extract_text()`) puts a row's numbers wherever its label ends, and
        // its places say nothing.
        let full: Vec<usize> = run
            .iter()
            .copied()
            .filter(|&j| line(j).values().len() == width)
            .collect();
        let padded = run
            .iter()
            .all(|&j| line(j).values().iter().skip(1).all(|w| w.gap >= 2));
        let aligned = table.len() == width
            && (full.len() >= 2 || padded)
            && full.iter().all(|&j| {
                slots_of(line(j).values(), &table).is_some_and(|s| s.iter().copied().eq(0..width))
            });
        for &i in &run {
            let n = line(i).values().len();
            if n >= width {
                continue;
            }
            let near = run
                .iter()
                .copied()
                .filter(|&j| line(j).values().len() == width)
                .min_by_key(|&j| j.abs_diff(i));
            let placed = Some(&table)
                .filter(|_| aligned)
                .and_then(|t| slots_of(line(i).values(), t).map(|s| (t.clone(), s)))
                .or_else(|| {
                    let cols: Vec<(usize, usize)> = line(near.filter(|_| padded)?)
                        .values()
                        .iter()
                        .map(|c| c.col)
                        .collect();
                    slots_of(line(i).values(), &cols).map(|s| (cols, s))
                });
            let Some(row) = rebuilt[i].as_mut() else {
                continue;
            };
            let lead = row.cells.len() - n;
            let Some((cols, slots)) = placed else {
                let at = line(i).values()[0].span.start as usize;
                row.cells.insert(lead, RawCell::unplaced(at));
                continue;
            };
            let at = line(i).values().last().map_or(0, |c| c.span.end) as usize;
            let mut cells: Vec<RawCell<'a>> = row.cells.drain(..lead).collect();
            let mut values = row.cells.drain(..);
            for k in 0..cols.len() {
                match slots.contains(&k) {
                    true => cells.push(values.next().expect("one value per slot")),
                    false => cells.push(RawCell {
                        text: Cow::Borrowed(""),
                        span: Span::new(at, at),
                    }),
                }
            }
            drop(values);
            row.cells = cells;
        }
    }
}

/// The columns numbers stand in: their character ranges, overlapping ones merged, in order.
fn columns<'w, 'a: 'w>(words: impl Iterator<Item = &'w Word<'a>>) -> Vec<(usize, usize)> {
    let mut cols: Vec<(usize, usize)> = words.map(|w| w.col).collect();
    cols.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for c in cols {
        match out.last_mut() {
            Some(last) if c.0 < last.1 => last.1 = last.1.max(c.1),
            _ => out.push(c),
        }
    }
    out
}

/// The column each number stands under: the column its text overlaps, or the nearest by
/// centre when it overlaps none; `None` unless every number has its own column, in order.
fn slots_of(numbers: &[Word<'_>], cols: &[(usize, usize)]) -> Option<Vec<usize>> {
    let centre = |c: (usize, usize)| (c.0 + c.1) as f64 / 2.0;
    let mut slots = Vec::with_capacity(numbers.len());
    for n in numbers {
        let k = (0..cols.len()).min_by(|&a, &b| {
            let da = (centre(cols[a]) - centre(n.col)).abs();
            let db = (centre(cols[b]) - centre(n.col)).abs();
            da.total_cmp(&db)
        })?;
        // Unless the number overlaps the column, it must stand nearer to it than to the
        // neighbouring columns by a clear margin.
        let overlaps = n.col.0 < cols[k].1 && cols[k].0 < n.col.1;
        if !overlaps {
            let d = (centre(cols[k]) - centre(n.col)).abs();
            let pitch = cols
                .windows(2)
                .map(|w| centre(w[1]) - centre(w[0]))
                .fold(f64::INFINITY, f64::min);
            if d > pitch / 3.0 {
                return None;
            }
        }
        if slots.last().is_some_and(|&l| l >= k) {
            return None;
        }
        slots.push(k);
    }
    Some(slots)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::scan::{scan_text, texts};

    fn rows(src: &str) -> Vec<Vec<String>> {
        realign(src, scan_text(src))
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.to_string()).collect())
            .collect()
    }

    /// `pdftotext -layout` of a LibreOffice PDF of table 三 (the numbers changed).
    const LO: &str = "\
一、本年新收政府信息公开申请数量        5    0    0      0     0   0    5

三 、 （一）予以公开             3    0    0      0     0   0    3
本 年 （二）部分公开（区分处理的，只     1    0    0      0     0   0    1
度 办 计这一情形，不计其他情形）
理 结          1.属于国家秘密             0    0    0     0     0   0    0
果            2.其他法律行政法规禁
                                  1    0    0     0     0   0    1
             止公开
      （ 五 ） 不 1.信访举报投诉类申请         0    0    0     0     0   0    0
      予处理    2.重复申请               0    0    0     0     0   0    0
              1.申请人无正当理由逾
              期不补正、行政机关不
                                 0    0        0       0       0       0     0
              再处理其政府信息公开
              申请
    （六）其
              2.申请人逾期未按收费
    他处理
              通知要求缴纳费用、行
                                 0    0        0       0       0       0     0
              政机关不再处理其政府
              信息公开申请
";

    #[test]
    fn wrapped_labels_are_put_back_together_from_their_column() {
        let got = rows(LO);
        let labels: Vec<&str> = got
            .iter()
            .filter(|r| r.len() == 8)
            .map(|r| r[0].as_str())
            .collect();
        assert_eq!(
            labels,
            [
                "一、本年新收政府信息公开申请数量",
                "（一）予以公开",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "1.属于国家秘密",
                "2.其他法律行政法规禁止公开",
                "1.信访举报投诉类申请",
                "2.重复申请",
                // Not the 2019 template's “（六）其他处理”, whose pieces stand further off.
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ]
        );
        // The numbers keep their places in the source.
        let realigned = realign(LO, scan_text(LO));
        let row = realigned
            .iter()
            .find(|r| r.cells[0].text.starts_with("2.其他"))
            .expect("the row");
        assert_eq!(&LO[row.cells[1].span.range()], "1");
        assert_eq!(row.cells.len(), 8);
        // The group label fragments left over stay as lines of text.
        assert!(got.iter().any(|r| r == &["（六）其"]));
    }

    #[test]
    fn numbers_set_close_after_a_label_are_cut_too() {
        // Chromium's PDF through pdftotext -layout: single spaces.
        let src = "\
一、本年新收政府信息公开申请数量    1 0 0 0 0 0 1
二、上年结转政府信息公开申请数量    0 0 0 0 0 0 0
         2.其他法律行政法规 0 0 0 0 0 0 0
         禁止公开
    （三）不 4.保护第三方合法权
         益          2 0 0 0 0 0 2
";
        let got = rows(src);
        assert_eq!(got[2][0], "2.其他法律行政法规禁止公开");
        assert_eq!(got[3][0], "4.保护第三方合法权益");
        assert_eq!(got[3][1..], ["2", "0", "0", "0", "0", "0", "2"]);
    }

    #[test]
    fn a_blank_cell_is_placed_under_its_column() {
        let src = "\
信息内容   本年制发件数          本年废止件数           现行有效件数
规章                  3             1                12
行政规范性文件             7                               40
一、本年新收政府信息公开申请数量    1  0  0  0  0  0  1
二、上年结转政府信息公开申请数量    0  0  0  0  0  0  0
（一）予以公开    1  0  0  0  0  0  1
";
        let got = rows(src);
        assert_eq!(got[2], ["行政规范性文件", "7", "", "40"]);
    }

    #[test]
    fn blanks_shown_as_no_break_spaces_are_cells_in_their_places() {
        // pypdf of a Chromium PDF whose empty cells held `&nbsp;`: one line a row.
        let src = "（一）予以公开 258 12 \u{a0} \u{a0} 1 1 \u{a0}\n\
2. 其他法律行政法规禁止公开 \u{a0} \u{a0} \u{a0} \u{a0} \u{a0} \u{a0} \u{a0}\n\
3. 危及“三安全一稳定” 5 \u{a0} 5\n\
审结 总 计\n\
5 \u{a0} \u{a0} 2 7 8 \u{a0} \u{a0} 1 9 \u{a0} \u{a0} \u{a0} \u{a0} \u{a0}\n";
        let rows = realign(src, scan_text(src));
        let nb = "\u{a0}";
        assert_eq!(
            texts(&rows[..1])[0],
            ["（一）予以公开", "258", "12", nb, nb, "1", "1", nb]
        );
        assert_eq!(&src[rows[0].cells[7].span.range()], nb);
        assert_eq!(&src[rows[0].cells[5].span.range()], "1");
        assert_eq!(rows[1].cells.len(), 8);
        assert_eq!(
            &src[rows[1].cells[0].span.range()],
            "2. 其他法律行政法规禁止公开"
        );
        // Three words for a row of seven: left as it was.
        assert_eq!(rows[2].cells.len(), 1);
        // Table 四's fifteen cells, no label.
        assert_eq!(rows[4].cells.len(), 15);
        assert_eq!(rows[4].cells[3].text, "2");
        assert_eq!(rows[4].cells[14].text, nb);
    }

    #[test]
    fn text_without_aligned_numbers_is_left_alone() {
        let src = "一、总体情况\n全年共收到申请  12  件，办结  12  件。\n规章\t0\t0\t1\n";
        let before = scan_text(src);
        assert_eq!(realign(src, before.clone()), before);
    }
}
