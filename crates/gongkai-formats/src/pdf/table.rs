//! From a page's characters and ruling lines to paragraphs and tables (the lattice method).
//!
//! 1. Ruling lines are snapped (collinear lines within [`SNAP`] share a coordinate) and joined
//!    (pieces of one line with gaps under [`JOIN`] become one).
//! 2. Lines that touch form a table; its distinct x's and y's make the elementary grid, the
//!    outer extent of the lines closing it where a side is open.
//! 3. Elementary cells with no line between them are one merged cell: rowspans and colspans
//!    come from missing inner lines, as printed.
//! 4. Characters go to the cell under their centre; inside a cell, lines of text are joined
//!    without a separator, so a vertical row-group label drawn one character per line
//!    ("三 、本 年 度办 理 结果") and numbers broken across lines come back whole.
//! 5. The rest of the page is lines of text; a line that runs to the right margin continues
//!    in the next one when that starts at the left margin (a wrapped paragraph).

use super::content::{Chr, PageContent, Seg};
use super::Margins;
use crate::grid::GridCell;
use crate::view::Block;
use gongkai_core::model::Place;

const SNAP: f64 = 2.0;
const JOIN: f64 = 3.0;
/// Lines must be this close to touch.
const TOUCH: f64 = 2.5;
/// A gap between characters this wide (in ems) separates columns.
const TAB_EM: f64 = 0.8;
/// How far (points) a cell may start from a tab stop and still stand on it.
const TAB_SLACK: f64 = 0.8;

struct Table {
    xs: Vec<f64>,
    ys: Vec<f64>,
    /// Merged cells: (row, col, rowspan, colspan).
    cells: Vec<(usize, usize, usize, usize)>,
    /// Elementary cell → merged cell index.
    owner: Vec<usize>,
}

impl Table {
    fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.xs[0]
            && x <= *self.xs.last().unwrap()
            && y >= self.ys[0]
            && y <= *self.ys.last().unwrap()
    }
    fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        if !self.contains(x, y) {
            return None;
        }
        let c = self
            .xs
            .partition_point(|&v| v <= x)
            .clamp(1, self.xs.len() - 1)
            - 1;
        let r = self
            .ys
            .partition_point(|&v| v <= y)
            .clamp(1, self.ys.len() - 1)
            - 1;
        Some(self.owner[r * (self.xs.len() - 1) + c])
    }
}

/// Cluster values within `tol` of their neighbour; returns the cluster means, sorted.
fn clusters(mut v: Vec<f64>, tol: f64) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    let mut last = f64::NEG_INFINITY;
    for x in v {
        match out.last_mut() {
            Some((sum, n)) if x - last <= tol => {
                *sum += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
        last = x;
    }
    out.into_iter().map(|(s, n)| s / n as f64).collect()
}

fn snap_to(v: f64, at: &[f64]) -> f64 {
    at.iter()
        .copied()
        .min_by(|a, b| (a - v).abs().total_cmp(&(b - v).abs()))
        .filter(|a| (a - v).abs() <= SNAP * 2.0)
        .unwrap_or(v)
}

/// Horizontal lines as (y, x0, x1) and vertical as (x, y0, y1), snapped and joined.
/// A ruling line: (its coordinate across, start, end along).
type Line = (f64, f64, f64);

fn edges(segs: &[Seg]) -> (Vec<Line>, Vec<Line>) {
    let mut h: Vec<Line> = Vec::new();
    let mut v: Vec<Line> = Vec::new();
    for s in segs {
        if s.y0 == s.y1 {
            h.push((s.y0, s.x0, s.x1));
        } else {
            v.push((s.x0, s.y0, s.y1));
        }
    }
    (join(h), join(v))
}

fn join(mut lines: Vec<Line>) -> Vec<Line> {
    let at = clusters(lines.iter().map(|l| l.0).collect(), SNAP);
    for l in &mut lines {
        l.0 = snap_to(l.0, &at);
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut out: Vec<Line> = Vec::new();
    for l in lines {
        match out.last_mut() {
            Some(p) if p.0 == l.0 && l.1 <= p.2 + JOIN => p.2 = p.2.max(l.2),
            _ => out.push(l),
        }
    }
    out
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

fn tables(segs: &[Seg]) -> Vec<Table> {
    let (h, v) = edges(segs);
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, &(y, x0, x1)) in h.iter().enumerate() {
        for (j, &(x, y0, y1)) in v.iter().enumerate() {
            if x >= x0 - TOUCH && x <= x1 + TOUCH && y >= y0 - TOUCH && y <= y1 + TOUCH {
                union(&mut parent, i, h.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> =
        Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        let g = groups.entry(r).or_default();
        if i < h.len() {
            g.0.push(i);
        } else {
            g.1.push(i - h.len());
        }
    }
    let mut out = Vec::new();
    for (_, (hi, vi)) in groups {
        if hi.len() < 2 || vi.len() < 2 {
            continue;
        }
        let hs: Vec<_> = hi.iter().map(|&i| h[i]).collect();
        let vs: Vec<_> = vi.iter().map(|&i| v[i]).collect();
        let left = hs.iter().map(|l| l.1).fold(f64::INFINITY, f64::min);
        let right = hs.iter().map(|l| l.2).fold(f64::NEG_INFINITY, f64::max);
        let top = vs.iter().map(|l| l.1).fold(f64::INFINITY, f64::min);
        let bottom = vs.iter().map(|l| l.2).fold(f64::NEG_INFINITY, f64::max);
        let mut xv: Vec<f64> = vs.iter().map(|l| l.0).collect();
        xv.extend([left, right]);
        let mut yv: Vec<f64> = hs.iter().map(|l| l.0).collect();
        yv.extend([top, bottom]);
        let xs = clusters(xv, SNAP * 1.5);
        let ys = clusters(yv, SNAP * 1.5);
        if xs.len() < 2 || ys.len() < 2 || xs.len() > 200 || ys.len() > 2000 {
            continue;
        }
        let (nr, nc) = (ys.len() - 1, xs.len() - 1);
        let near = |a: f64, b: f64| (a - b).abs() <= SNAP * 1.5;
        // Is there a vertical line at x covering y, or a horizontal at y covering x?
        let v_at = |x: f64, y: f64| vs.iter().any(|l| near(l.0, x) && y > l.1 && y < l.2);
        let h_at = |y: f64, x: f64| hs.iter().any(|l| near(l.0, y) && x > l.1 && x < l.2);
        let mut p: Vec<usize> = (0..nr * nc).collect();
        for r in 0..nr {
            let ym = (ys[r] + ys[r + 1]) / 2.0;
            for c in 0..nc {
                let xm = (xs[c] + xs[c + 1]) / 2.0;
                if c + 1 < nc && !v_at(xs[c + 1], ym) {
                    union(&mut p, r * nc + c, r * nc + c + 1);
                }
                if r + 1 < nr && !h_at(ys[r + 1], xm) {
                    union(&mut p, r * nc + c, (r + 1) * nc + c);
                }
            }
        }
        let mut index = std::collections::HashMap::new();
        let mut cells: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut owner = vec![0; nr * nc];
        for r in 0..nr {
            for c in 0..nc {
                let root = find(&mut p, r * nc + c);
                let k = *index.entry(root).or_insert_with(|| {
                    cells.push((r, c, r + 1, c + 1));
                    cells.len() - 1
                });
                let b = &mut cells[k];
                b.2 = b.2.max(r + 1);
                b.3 = b.3.max(c + 1);
                owner[r * nc + c] = k;
            }
        }
        let cells = cells
            .into_iter()
            .map(|(r, c, r1, c1)| (r, c, r1 - r, c1 - c))
            .collect();
        out.push(Table {
            xs,
            ys,
            cells,
            owner,
        });
    }
    out
}

/// Characters into lines: by vertical overlap, each line sorted left to right. Overprinted
/// duplicates (fake bold) are dropped.
fn lines(mut chars: Vec<&Chr>) -> Vec<Vec<&Chr>> {
    chars.sort_by(|a, b| a.cy().total_cmp(&b.cy()));
    let mut out: Vec<(f64, f64, Vec<&Chr>)> = Vec::new();
    for c in chars {
        let h = (c.bottom - c.top).max(1.0);
        match out.last_mut() {
            Some((cy, size, line)) if (c.cy() - *cy).abs() < 0.5 * h.min(*size).max(1.0) => {
                line.push(c);
                *cy = (*cy * (line.len() - 1) as f64 + c.cy()) / line.len() as f64;
            }
            _ => out.push((c.cy(), h, vec![c])),
        }
    }
    out.into_iter()
        .map(|(_, _, mut l)| {
            l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut kept: Vec<&Chr> = Vec::with_capacity(l.len());
            for c in l {
                if let Some(p) = kept.last() {
                    if p.text == c.text && (p.x0 - c.x0).abs() < 0.3 * c.size.max(1.0) {
                        continue;
                    }
                }
                kept.push(c);
            }
            kept
        })
        .collect()
}

/// The text of one line. With `gaps`, a wide gap (≥ [`TAB_EM`]) is a tab: free text that
/// is a table without rules (a text report printed to PDF) keeps its columns; in such a
/// tabular line a label running into a number is split too, as a tab stop right after
/// the label leaves almost no gap. Narrower gaps are a space.
fn line_text(line: &[&Chr], gaps: bool) -> String {
    let tabs = if gaps {
        tab_before(line)
    } else {
        vec![false; line.len()]
    };
    let ascii = |t: &str| t.chars().all(|ch| ch.is_ascii_alphanumeric());
    let mut s = String::new();
    let mut prev: Option<&Chr> = None;
    for (c, tab) in line.iter().zip(tabs) {
        if let Some(p) = prev {
            let gap = c.x0 - p.x1;
            let em = em(p, c);
            if tab {
                s.push('\t');
            } else if gap > 0.6 * em || (gap > 0.2 * em && ascii(&p.text) && ascii(&c.text)) {
                s.push(' ');
            }
        }
        s.push_str(&c.text);
        prev = Some(c);
    }
    s
}

fn em(a: &Chr, b: &Chr) -> f64 {
    a.size.max(b.size).max(1.0)
}

/// Per character of a line: whether a cell boundary (a tab in the text) comes before it — a
/// wide gap, or in a line of several wide gaps (a table row) a gap between a label and a
/// number.
fn tab_before(line: &[&Chr]) -> Vec<bool> {
    let tabular = line
        .windows(2)
        .filter(|w| w[1].x0 - w[0].x1 > TAB_EM * em(w[0], w[1]))
        .count()
        >= 2;
    let digit = |t: &str| t.chars().all(|ch| ch.is_ascii_digit());
    let mut out = vec![false; line.len()];
    for (i, w) in line.windows(2).enumerate() {
        let gap = w[1].x0 - w[0].x1;
        let em = em(w[0], w[1]);
        out[i + 1] = gap > TAB_EM * em
            || (tabular && gap > 0.15 * em && digit(&w[1].text) != digit(&w[0].text));
    }
    out
}

/// A line's cells (split at [`tab_before`]): character ranges.
fn cells_of(line: &[&Chr]) -> Vec<std::ops::Range<usize>> {
    let tabs = tab_before(line);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &t) in tabs.iter().enumerate().skip(1) {
        if t {
            out.push(start..i);
            start = i;
        }
    }
    if !line.is_empty() {
        out.push(start..line.len());
    }
    out
}

/// A line's font size (at least 1), top and bottom.
fn line_size(line: &[&Chr]) -> f64 {
    line.iter().map(|c| c.size).fold(1.0, f64::max)
}
fn line_top(line: &[&Chr]) -> f64 {
    line.iter().map(|c| c.top).fold(f64::INFINITY, f64::min)
}
fn line_bottom(line: &[&Chr]) -> f64 {
    line.iter().map(|c| c.bottom).fold(0.0, f64::max)
}

/// Whether a cell's characters read as a number.
fn is_number(cell: &[&Chr]) -> bool {
    let t: String = cell.iter().map(|c| c.text.as_str()).collect();
    gongkai_core::parse::value::read_number(t.trim()).is_some()
}

/// Where a line's values start: the x of the first of the two or more number cells that end
/// it (`（二）部分公开… 19 1 0 0 0 0 20`), or `None` for a line that is not a table row.
fn values_start(line: &[&Chr]) -> Option<f64> {
    let (cells, run) = trailing_numbers(line);
    (run >= 2).then(|| line[cells[cells.len() - run].start].x0)
}

/// A line's cells ([`cells_of`]) and how many of the last ones are numbers.
fn trailing_numbers(line: &[&Chr]) -> (Vec<std::ops::Range<usize>>, usize) {
    let cells = cells_of(line);
    let run = cells
        .iter()
        .rev()
        .take_while(|r| is_number(&line[(*r).clone()]))
        .count();
    (cells, run)
}

/// The lines, the text of each line joined or laid into columns (`None`: as it stands), and
/// whether a line's numbers were not laid into columns and may hide blank cells
/// ([`may_hide_blanks`]).
type WrappedRows<'a> = (Vec<Vec<&'a Chr>>, Vec<Option<String>>, Vec<bool>);

/// Rows of a table printed without rules, whose label cells wrapped onto several lines around
/// the line of numbers (a browser centres cells vertically): each line of label text standing
/// wholly left of the numbers, in a block of lines without a blank line between them, goes to
/// the nearest line of numbers; a line of numbers takes its pieces only when they lie on both
/// sides of it, balanced (so a caption under a row, or a header above the first, stays
/// apart). The row comes out as one line — the label side column by column (each column's
/// pieces top to bottom), then the numbers — and is flagged, for [`joined_text`].
fn join_wrapped_rows(ls: Vec<Vec<&Chr>>) -> WrappedRows<'_> {
    let starts: Vec<Option<f64>> = ls.iter().map(|l| values_start(l)).collect();
    if starts.iter().all(Option::is_none) {
        let n = ls.len();
        let pitch = page_pitch(&ls);
        let unplaced = ls.iter().map(|l| may_hide_blanks(l, pitch)).collect();
        return (ls, vec![None; n], unplaced);
    }
    let has_number = |l: &[&Chr]| cells_of(l).into_iter().any(|r| is_number(&l[r]));
    let (size, top, bottom) = (line_size, line_top, line_bottom);
    let mid = |l: &[&Chr]| (top(l) + bottom(l)) / 2.0;
    // Blocks: lines with no blank line between them.
    let mut block = vec![0usize; ls.len()];
    for k in 1..ls.len() {
        let gap = top(&ls[k]) - bottom(&ls[k - 1]);
        block[k] = block[k - 1] + usize::from(gap > 0.9 * size(&ls[k]));
    }
    // Each label-only line to the nearest line of numbers of its block it stands left of.
    let mut owner: Vec<Option<usize>> = vec![None; ls.len()];
    for k in 0..ls.len() {
        if starts[k].is_some() || has_number(&ls[k]) {
            continue;
        }
        let right = ls[k].iter().map(|c| c.x1).fold(f64::NEG_INFINITY, f64::max);
        owner[k] = (0..ls.len())
            .filter(|&j| block[j] == block[k])
            .filter(|&j| starts[j].is_some_and(|x| right < x))
            .filter(|&j| (mid(&ls[j]) - mid(&ls[k])).abs() < 3.5 * size(&ls[k]))
            .min_by(|&a, &b| {
                (mid(&ls[a]) - mid(&ls[k]))
                    .abs()
                    .total_cmp(&(mid(&ls[b]) - mid(&ls[k])).abs())
            });
    }
    // Balanced on both sides, or not joined at all.
    for j in (0..ls.len()).filter(|&j| starts[j].is_some()) {
        let above = (0..j).filter(|&k| owner[k] == Some(j)).count();
        let below = (j + 1..ls.len()).filter(|&k| owner[k] == Some(j)).count();
        if above == 0 || below == 0 || above.abs_diff(below) > 1 {
            owner
                .iter_mut()
                .filter(|o| **o == Some(j))
                .for_each(|o| *o = None);
        }
    }
    let mut out = Vec::with_capacity(ls.len());
    let mut joined = Vec::with_capacity(ls.len());
    // Where each line's numbers start (a joined row's are its line of numbers').
    let mut out_starts = Vec::with_capacity(ls.len());
    for (j, line) in ls.iter().enumerate() {
        if owner[j].is_some() {
            continue;
        }
        out_starts.push(starts[j]);
        let pieces: Vec<usize> = (0..ls.len())
            .filter(|&k| k == j || owner[k] == Some(j))
            .collect();
        let (Some(x), true) = (starts[j], pieces.len() > 1) else {
            out.push(line.clone());
            joined.push(None);
            continue;
        };
        // The label side's columns: where its characters' extents, merged across the pieces,
        // leave a gap (cells in a row are a padding apart; characters in a cell touch).
        let mut side: Vec<(usize, &Chr)> = pieces
            .iter()
            .flat_map(|&k| ls[k].iter().filter(|c| c.x0 < x).map(move |c| (k, *c)))
            .collect();
        side.sort_by(|a, b| a.1.x0.total_cmp(&b.1.x0));
        let mut column = vec![0usize; side.len()];
        let mut reach = f64::NEG_INFINITY;
        for (i, (_, c)) in side.iter().enumerate() {
            let col = if i == 0 { 0 } else { column[i - 1] };
            column[i] = if i > 0 && c.x0 - reach > 0.25 * c.size.max(1.0) {
                col + 1
            } else {
                col
            };
            reach = reach.max(c.x1);
        }
        let mut order: Vec<usize> = (0..side.len()).collect();
        order.sort_by(|&a, &b| {
            (column[a], side[a].0)
                .cmp(&(column[b], side[b].0))
                .then(side[a].1.x0.total_cmp(&side[b].1.x0))
        });
        let mut row: Vec<&Chr> = order.into_iter().map(|i| side[i].1).collect();
        row.extend(line.iter().copied().filter(|c| c.x0 >= x));
        joined.push(Some(joined_text(&row)));
        out.push(row);
    }
    // Lines of numbers under a header: laid into the header's columns, so that a blank cell
    // stays a blank cell in its own column.
    // A line with one number inside such a table (between two lines of numbers, near both)
    // is laid into the columns too.
    let starts = out_starts;
    let rows: Vec<usize> = (0..out.len()).filter(|&j| starts[j].is_some()).collect();
    let inside = |j: usize| {
        rows.iter().any(|&r| r < j && j - r <= 8) && rows.iter().any(|&r| r > j && r - j <= 8)
    };
    let mut cols: Option<Vec<(f64, f64)>> = None;
    let mut unplaced = vec![false; out.len()];
    let pitch = page_pitch(&out);
    for j in 0..out.len() {
        let x = match starts[j] {
            Some(x) => {
                if j == 0 || starts[j - 1].is_none() {
                    cols = header_columns(&out, j, x).or(cols);
                }
                x
            }
            None => match last_number(&out[j]) {
                Some(x) => x,
                None => {
                    // A row whose cells are all blank prints only its label: inside a table
                    // laid out by its header's columns, a line that is exactly a template
                    // row's label is that row, every cell blank.
                    // Not when a line of numbers without a label stands next to it: those
                    // may be its own numbers, not joined.
                    let bare = |i: usize| {
                        out.get(i)
                            .is_some_and(|l| starts[i].is_some_and(|x| l.iter().all(|c| c.x0 >= x)))
                    };
                    let lone = !bare(j + 1) && (j == 0 || !bare(j - 1));
                    if let (Some(cs), true) = (&cols, inside(j) && lone) {
                        let text = line_text(&out[j], true);
                        if is_row_label(&text) {
                            joined[j] = Some(format!("{}{}", text.trim(), "\t".repeat(cs.len())));
                        }
                    }
                    continue;
                }
            },
        };
        unplaced[j] = may_hide_blanks(&out[j], pitch);
        if starts[j].is_none() && !inside(j) {
            continue;
        }
        let Some(cs) = &cols else { continue };
        let side: Vec<&Chr> = out[j].iter().copied().filter(|c| c.x0 < x).collect();
        let label = match &joined[j] {
            Some(_) => joined_text(&side),
            None => line_text(&side, true),
        };
        if let Some(t) = placed_text(&out[j], x, cs, label) {
            joined[j] = Some(t);
            unplaced[j] = false;
        }
    }
    (out, joined, unplaced)
}

/// Whether `text` is a row label of either template exactly (group label before it or not).
fn is_row_label(text: &str) -> bool {
    use gongkai_core::model::template::TEMPLATES;
    use gongkai_core::parse::matcher::Matcher;
    let key = gongkai_core::parse::normalize::label_key(text);
    TEMPLATES
        .iter()
        .any(|t| Matcher::of(*t).exact(&key).is_some())
}

/// The tab stops a text report printed to PDF was laid out on (LibreOffice every 1.25 cm,
/// Word every 0.5 in): the pitch, from the left margin `origin`, when at least 12 cells
/// start after a gap (or indented) and 95 % of them stand on a multiple of it, at least
/// three different ones. The largest pitch that fits is taken (half of it fits as well).
/// A table printed without rules from HTML centres its cells, so its starts fit no pitch.
fn tab_pitch(ls: &[Vec<&Chr>], origin: f64) -> Option<f64> {
    let mut xs: Vec<f64> = Vec::new();
    for l in ls {
        for (i, r) in cells_of(l).iter().enumerate() {
            let x = l[r.start].x0 - origin;
            if i > 0 || x > 2.0 {
                xs.push(x);
            }
        }
    }
    if xs.len() < 12 {
        return None;
    }
    let on = |x: f64, p: f64| {
        let k = (x / p).round();
        k >= 1.0 && (x - k * p).abs() < TAB_SLACK
    };
    let mut small = xs.clone();
    small.sort_by(f64::total_cmp);
    small.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    let mut best: Option<f64> = None;
    for &d in small.iter().take(4) {
        for k in 1..=8 {
            let p = d / k as f64;
            if (12.0..=80.0).contains(&p)
                && xs.iter().filter(|&&x| on(x, p)).count() * 20 >= xs.len() * 19
                && best.is_none_or(|b| p > b + 0.5)
            {
                best = Some(p);
            }
        }
    }
    let p = best?;
    let mut stops: Vec<i64> = xs.iter().map(|x| (x / p).round() as i64).collect();
    stops.sort_unstable();
    stops.dedup();
    (stops.len() >= 3).then_some(p)
}

/// A line of a text report printed on tab stops (see [`tab_pitch`]) with its tabs put back:
/// a cell after a gap starts on a stop, and the tabs before it are the stops from the one
/// after the previous cell's end to its own, so that a blank cell (two tabs) comes back as
/// in the source. `None` when a cell does not start on a stop.
fn tab_text(line: &[&Chr], origin: f64, pitch: f64) -> Option<String> {
    let mut s = String::new();
    let mut prev_end: Option<f64> = None;
    for r in cells_of(line) {
        let part = &line[r];
        let x = part[0].x0 - origin;
        let tabs = match prev_end {
            None if x <= 2.0 => 0,
            _ => {
                let k = (x / pitch).round();
                if k < 1.0 || (x - k * pitch).abs() >= TAB_SLACK {
                    return None;
                }
                let next = prev_end.map_or(1.0, |e| ((e - origin) / pitch + 1e-3).floor() + 1.0);
                if k < next {
                    return None;
                }
                (k - next) as usize + 1
            }
        };
        s.extend(std::iter::repeat_n('\t', tabs.min(64)));
        s.push_str(&line_text(part, false));
        prev_end = part.last().map(|c| c.x1);
    }
    Some(s)
}

/// Whether a line that ends in numbers, when not laid into a header's columns, may hide
/// blank cells among them, so that which column a number stands in is unknown: a blank
/// cell shows only as a wider gap. The numbers stand a column apart at most (`pitch`: the
/// nearest two starts; a tab stop in a text report printed to PDF); one gap of more than
/// 1.6 pitches, or more than a pitch between the label and the first number, may hold a
/// blank cell. The pitch is the line's own or `page_pitch`, the nearest two starts of any
/// line on the page, whichever is less (a line of two numbers has no pitch of its own to
/// tell a wide gap by). A label with one number may stand in any column. A line with
/// nothing left of its numbers is judged by their gaps only.
fn may_hide_blanks(line: &[&Chr], page_pitch: f64) -> bool {
    let (cells, run) = trailing_numbers(line);
    let first = cells.len() - run;
    if run == 0 {
        return false;
    }
    if run == 1 {
        return first > 0;
    }
    let starts: Vec<f64> = cells[first..].iter().map(|r| line[r.start].x0).collect();
    let pitch = starts
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(page_pitch, f64::min);
    if starts.windows(2).any(|w| w[1] - w[0] > 1.6 * pitch) {
        return true;
    }
    let label_end = line[..cells[first].start]
        .iter()
        .map(|c| c.x1)
        .fold(f64::NEG_INFINITY, f64::max);
    first > 0 && starts[0] - label_end > pitch + 1.0
}

/// The nearest two starts of numbers side by side on any of the lines (see
/// [`may_hide_blanks`]); infinite when no line has two.
fn page_pitch(ls: &[Vec<&Chr>]) -> f64 {
    let mut pitch = f64::INFINITY;
    for l in ls {
        let cells = cells_of(l);
        let numbers: Vec<f64> = cells
            .iter()
            .filter(|r| is_number(&l[(*r).clone()]))
            .map(|r| l[r.start].x0)
            .collect();
        for w in numbers.windows(2) {
            if w[1] > w[0] {
                pitch = pitch.min(w[1] - w[0]);
            }
        }
    }
    pitch
}

/// Where a line's last cell starts, when it is a number after a label.
fn last_number(line: &[&Chr]) -> Option<f64> {
    let cells = cells_of(line);
    let last = cells.last()?;
    (cells.len() >= 2 && is_number(&line[last.clone()])).then(|| line[last.start].x0)
}

/// The columns of a table printed without rules, from its header: the lines above its first
/// line of numbers (at most eight, back to a heading or to a line of numbers, which means the
/// table goes on and its columns are known), each cut at the paddings between its
/// cells. The line with the most cells is the row of leaf columns (商业企业 … 其他); a cell of
/// another line that overlaps none of the columns so far is a column spanning the header's
/// rows (自然人, 总计), one that overlaps is a group (法人或其他组织) or a piece of a wrapped leaf.
/// Only the part right of where the numbers start counts. `None` when the header gives no
/// columns.
fn header_columns(ls: &[Vec<&Chr>], first: usize, x: f64) -> Option<Vec<(f64, f64)>> {
    let mut lines: Vec<Vec<(f64, f64)>> = Vec::new();
    for l in ls[first.saturating_sub(8)..first].iter().rev() {
        // Another line of numbers above: the table goes on, its columns are already known.
        if values_start(l).is_some() {
            return None;
        }
        let text: String = l.iter().map(|c| c.text.as_str()).collect();
        if starts_like_heading(&text) && l.first().is_some_and(|c| c.x0 < x) {
            break;
        }
        let mut cells: Vec<(f64, f64)> = Vec::new();
        let mut prev: Option<&Chr> = None;
        for c in l.iter().filter(|c| c.cx() >= x - c.size.max(1.0)) {
            match (cells.last_mut(), prev) {
                (Some(r), Some(p)) if c.x0 - p.x1 <= 0.1 * em(p, c) => r.1 = r.1.max(c.x1),
                _ => cells.push((c.x0, c.x1)),
            }
            prev = Some(c);
        }
        lines.push(cells);
    }
    let best = (0..lines.len()).max_by_key(|&i| (lines[i].len(), usize::MAX - i))?;
    let mut cols = lines[best].clone();
    for (i, line) in lines.iter().enumerate() {
        if i == best {
            continue;
        }
        for &(a, b) in line {
            if cols.iter().all(|&(c, d)| b <= c || a >= d) {
                cols.push((a, b));
            }
        }
    }
    cols.sort_by(|a, b| a.0.total_cmp(&b.0));
    (!cols.is_empty()).then_some(cols)
}

/// A line of numbers laid into `cols`: each number in the column under its centre (or the
/// nearest within an em), the columns without one left empty — the text of the row with its
/// blank cells, which a borderless table shows only as space. `None` when a number has no
/// column of its own.
fn placed_text(line: &[&Chr], x: f64, cols: &[(f64, f64)], label: String) -> Option<String> {
    // The label side must stand clear of the columns (a number glued to the label, as in
    // `行政规范性文件0 0 0`, is the row reader's to cut).
    let label_end = line
        .iter()
        .filter(|c| c.x0 < x)
        .map(|c| c.x1)
        .fold(f64::NEG_INFINITY, f64::max);
    if cols
        .first()
        .is_some_and(|c| label_end > c.0 + 0.5 * line[0].size.max(1.0))
    {
        return None;
    }
    let cells = cells_of(line);
    let mut slots: Vec<Option<String>> = vec![None; cols.len()];
    let mut last: Option<usize> = None;
    for r in cells.iter().filter(|r| line[r.start].x0 >= x) {
        let part = &line[r.clone()];
        let (a, b) = (part[0].x0, part[part.len() - 1].x1);
        let mid = (a + b) / 2.0;
        let size = part[0].size.max(1.0);
        let dist = |c: &(f64, f64)| {
            if mid < c.0 {
                c.0 - mid
            } else if mid > c.1 {
                mid - c.1
            } else {
                0.0
            }
        };
        let k = (0..cols.len()).min_by(|&i, &j| dist(&cols[i]).total_cmp(&dist(&cols[j])))?;
        if dist(&cols[k]) > size || last.is_some_and(|l| l >= k) || slots[k].is_some() {
            return None;
        }
        slots[k] = Some(part.iter().map(|c| c.text.as_str()).collect());
        last = Some(k);
    }
    // A row without a label (table 四's one row) is its cells alone.
    let mut cells: Vec<String> = Vec::with_capacity(slots.len() + 1);
    if !label.trim().is_empty() {
        cells.push(label);
    }
    cells.extend(slots.into_iter().map(Option::unwrap_or_default));
    Some(cells.join("\t"))
}

/// The text of a row [`join_wrapped_rows`] built: a tab where the next character stands to the
/// right beyond a padding (the next column), nothing where it goes back left (the next piece
/// of the same cell).
fn joined_text(line: &[&Chr]) -> String {
    let mut s = String::new();
    let mut prev: Option<&Chr> = None;
    for c in line {
        if prev.is_some_and(|p| c.x0 - p.x1 > 0.25 * em(p, c)) {
            s.push('\t');
        }
        s.push_str(&c.text);
        prev = Some(c);
    }
    s
}

/// A page whose text runs down or up (a landscape table printed on a portrait page, the page
/// turned by `/Rotate` or by the content), turned so that it reads left to right; `None` when
/// most text already does. Places are then in the turned page's coordinates.
pub fn upright(page: &PageContent) -> Option<PageContent> {
    let mut count = [0usize; 4];
    for c in &page.chars {
        count[c.dir as usize & 3] += 1;
    }
    let dir = (0..4).max_by_key(|&d| (count[d], d == 0)).unwrap_or(0);
    if dir == 0 || count[dir] * 2 <= page.chars.len() {
        return None;
    }
    let (w, h) = (page.width, page.height);
    // Down-running text turns a quarter counter-clockwise, up-running a quarter clockwise.
    let turn = |x: f64, y: f64| match dir {
        1 => (y, w - x),
        3 => (h - y, x),
        _ => (w - x, h - y),
    };
    let bbox =
        |a: (f64, f64), b: (f64, f64)| (a.0.min(b.0), a.0.max(b.0), a.1.min(b.1), a.1.max(b.1));
    let chars = page
        .chars
        .iter()
        .map(|c| {
            let (x0, x1, top, bottom) = bbox(turn(c.x0, c.top), turn(c.x1, c.bottom));
            Chr {
                text: c.text.clone(),
                x0,
                x1,
                top,
                bottom,
                size: c.size,
                dir: 0,
            }
        })
        .collect();
    let segs = page
        .segs
        .iter()
        .map(|s| {
            let (x0, x1, y0, y1) = bbox(turn(s.x0, s.y0), turn(s.x1, s.y1));
            if (y1 - y0).abs() < (x1 - x0).abs() {
                let y = (y0 + y1) / 2.0;
                Seg {
                    x0,
                    y0: y,
                    x1,
                    y1: y,
                }
            } else {
                let x = (x0 + x1) / 2.0;
                Seg {
                    x0: x,
                    y0,
                    x1: x,
                    y1,
                }
            }
        })
        .collect();
    let (width, height) = if dir == 2 { (w, h) } else { (h, w) };
    Some(PageContent {
        width,
        height,
        chars,
        segs,
        images: page.images,
    })
}

/// A page's blocks (with their top y), and how its text meets the next and previous page.
pub struct PageBlocks {
    pub blocks: Vec<(f64, Block)>,
    /// The last block is a paragraph whose last line runs to the margin: it may go on.
    pub open_end: bool,
    /// The first block is a paragraph starting at the margin: it may go on from the last page.
    pub starts_at_margin: bool,
    /// Blank lines between the text area's top and the first line.
    pub lead_missing: usize,
    /// When the last line is a cell of a one-cell-per-line row: about how many blank lines
    /// fit between it and the text area's bottom.
    pub tail_missing: Option<usize>,
}

/// A line that starts like a heading or a numbered item (`二、`, `（三）`, `3.`, `第二十条`)
/// starts a paragraph even when the line before it ran to the margin.
fn starts_like_heading(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars();
    let first = chars.next().unwrap_or(' ');
    let second = chars.next().unwrap_or(' ');
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    (numeral(first) && (second == '、' || numeral(second)))
        || ((first == '（' || first == '(') && numeral(second))
        || (first.is_ascii_digit()
            && (second == '.' || second == '．' || second == '、')
            && !chars.next().is_some_and(|c| c.is_ascii_digit()))
        || t.starts_with('第')
}

/// The height of a blank line of text in `size`.
fn blank_pitch(size: f64) -> f64 {
    1.2 * size + 0.01
}

/// A page with fewer long lines than this takes the document's right margin.
const FEW_LONG_LINES: usize = 5;

/// Where a line of ten characters or more ends: the lines that tell the right margin.
fn long_line_end(line: &[&Chr]) -> Option<f64> {
    (line.len() >= 10)
        .then(|| line.last().map(|c| c.x1))
        .flatten()
}

/// What a page tells of the document's text area: the ends of its long lines, and the top of
/// its first line and the bottom of its last (page-number lines left out).
pub struct Extent {
    pub ends: Vec<f64>,
    pub top: Option<f64>,
    pub bottom: Option<f64>,
}

/// The page's [`Extent`].
pub fn extent(page: &PageContent) -> Extent {
    let ls: Vec<Vec<&Chr>> = lines(page.chars.iter().collect())
        .into_iter()
        .filter(|l| !is_page_number(l, page.width, page.height))
        .collect();
    Extent {
        ends: ls.iter().filter_map(|l| long_line_end(l)).collect(),
        top: ls.iter().flatten().map(|c| c.top).reduce(f64::min),
        bottom: ls.iter().flatten().map(|c| c.bottom).reduce(f64::max),
    }
}

/// The blocks of one page, top to bottom; the page is upright already ([`upright`]).
/// `margins` are the document's: the left (the least x of its characters), so that a page
/// that holds only indented lines is still seen as indented; the right, for a page with too
/// few long lines to tell its own.
pub fn page_blocks(page: &PageContent, n: u32, margins: Margins) -> PageBlocks {
    let margin = margins.left;
    let tables = tables(&page.segs);
    let mut in_cell: Vec<Vec<Vec<&Chr>>> = tables
        .iter()
        .map(|t| vec![Vec::new(); t.cells.len()])
        .collect();
    let mut free: Vec<&Chr> = Vec::new();
    'chars: for c in &page.chars {
        for (ti, t) in tables.iter().enumerate() {
            if let Some(k) = t.cell_at(c.cx(), c.cy()) {
                in_cell[ti][k].push(c);
                continue 'chars;
            }
        }
        free.push(c);
    }
    let mut out: Vec<(f64, Block)> = Vec::new();
    for (t, chars) in tables.iter().zip(in_cell) {
        if chars.iter().all(Vec::is_empty) {
            continue;
        }
        let nr = t.ys.len() - 1;
        let mut rows: Vec<Vec<GridCell<Place>>> = (0..nr).map(|_| Vec::new()).collect();
        let mut order: Vec<usize> = (0..t.cells.len()).collect();
        order.sort_by_key(|&k| (t.cells[k].0, t.cells[k].1));
        for k in order {
            let (r, c, rs, cs) = t.cells[k];
            let text: String = lines(chars[k].clone())
                .iter()
                .map(|l| line_text(l, false))
                .collect::<Vec<_>>()
                .join("");
            rows[r].push(GridCell {
                text: text.trim().to_string(),
                rowspan: rs,
                colspan: cs,
                at: Place::Page {
                    page: n,
                    x: t.xs[c] as f32,
                    y: t.ys[r] as f32,
                },
            });
        }
        out.push((t.ys[0], Block::Table(rows)));
    }
    // Free text: lines, joined into paragraphs where a line wraps. A text report printed to
    // PDF keeps its layout: a blank line (a gap of a line or more) stays a blank line, and
    // short lines indented to the same tab stop are its one-cell-per-line rows ("\t规章").
    let free_lines: Vec<Vec<&Chr>> = lines(free)
        .into_iter()
        .filter(|l| !is_page_number(l, page.width, page.height))
        .collect();
    // A text report printed on tab stops: its rows come back with their tabs, blank cells
    // included; a row whose cells are not all on stops is read as any other line.
    let pitch = tab_pitch(&free_lines, margin);
    let (ls, joined, unplaced) = match pitch {
        Some(p) => {
            let texts: Vec<Option<String>> = free_lines
                .iter()
                .map(|l| {
                    (cells_of(l).len() >= 2)
                        .then(|| tab_text(l, margin, p))
                        .flatten()
                })
                .collect();
            let pitch = page_pitch(&free_lines);
            let unplaced = free_lines
                .iter()
                .zip(&texts)
                .map(|(l, t)| t.is_none() && may_hide_blanks(l, pitch))
                .collect();
            (free_lines, texts, unplaced)
        }
        None => join_wrapped_rows(free_lines),
    };
    let left = ls
        .iter()
        .filter_map(|l| l.first())
        .map(|c| c.x0)
        .fold(margin, f64::min);
    // The right margin: where most long lines end (a stray wide line does not move it); on
    // a page with few long lines, or whose long lines all stop well short of the document's
    // margin (a page of table labels), the document's.
    let mut ends: Vec<f64> = ls.iter().filter_map(|l| long_line_end(l)).collect();
    ends.sort_by(f64::total_cmp);
    let right = match (ends.get(ends.len() * 4 / 5), margins.right) {
        (Some(&r), Some(doc)) if ends.len() >= FEW_LONG_LINES && r >= 0.9 * doc => r,
        (Some(&r), None) if ends.len() >= FEW_LONG_LINES => r,
        (_, Some(r)) => r,
        (Some(&r), None) => r,
        (None, None) => ls
            .iter()
            .filter_map(|l| l.last())
            .map(|c| c.x1)
            .fold(f64::NEG_INFINITY, f64::max),
    };
    // Per line: left x, whether it is short (stops well before the margin, few characters)
    // and its font size.
    let info: Vec<(f64, bool, f64)> = ls
        .iter()
        .map(|l| {
            let size = line_size(l);
            let x1 = l.last().map_or(0.0, |c| c.x1);
            let short = l.len() <= 30 && x1 < right - 4.0 * size;
            (l.first().map_or(0.0, |c| c.x0), short, size)
        })
        .collect();
    let numeric: Vec<bool> = ls
        .iter()
        .map(|l| {
            let s: String = l.iter().map(|c| c.text.as_str()).collect();
            s.bytes().any(|b| b.is_ascii_digit())
                && gongkai_core::parse::value::is_value_text(s.trim())
        })
        .chain(std::iter::repeat_n(false, 5))
        .collect();
    let short_at = |k: usize, x: f64, size: f64| {
        info.get(k)
            .is_some_and(|&(x0, short, _)| short && (x0 - x).abs() < 0.5 * size)
    };
    // Paragraphs with a first-line indent: then a line at the margin after a full line goes
    // on with the paragraph even when the full line ends a sentence.
    let indented = info
        .iter()
        .filter(|&&(x0, _, size)| x0 >= left + 1.2 * size && x0 <= left + 2.6 * size)
        .count()
        * 10
        >= info.len().max(1);
    // (right end, bottom, size, ends a sentence) of the last line.
    let mut prev: Option<(f64, f64, f64, bool)> = None;
    let mut prev_bottom: Option<f64> = None;
    let mut prev_cell = false;
    for (k, l) in ls.iter().enumerate() {
        let (Some(first), Some(last)) = (l.first(), l.last()) else {
            continue;
        };
        let (x0, short, size) = info[k];
        let mut text = match &joined[k] {
            Some(t) => t.clone(),
            None => line_text(l, true),
        };
        // Blank cells may hide between its numbers: the row reader takes it only when full.
        if unplaced[k] {
            text.push('\t');
            text.push(gongkai_core::parse::value::UNPLACED);
        }
        let (bottom, top) = (line_bottom(l), line_top(l));
        let gap = prev_bottom.map(|b| top - b);
        prev_bottom = Some(bottom);
        // A short line at the indent of a short number line nearby: a cell of a
        // one-cell-per-line row (a heading and a short paragraph indented alike are not).
        let cell_like = joined[k].is_none()
            && x0 >= left + 1.5 * size
            && short
            && (k.saturating_sub(4)..k + 5).any(|j| numeric[j] && short_at(j, x0, size));
        let starts_heading = starts_like_heading(&text);
        let continues = !cell_like
            && !starts_heading
            && prev.is_some_and(|(pr, pb, ps, ended)| {
                pr >= right - 2.5 * ps
                    && first.x0 <= left + 0.5 * size
                    && first.top - pb < 1.0 * size
                    && (ps - size).abs() < 1.0
                    && (!ended || indented)
            })
            && !out.iter().any(|(y, b)| {
                matches!(b, Block::Table(_)) && *y > prev.map_or(0.0, |p| p.1) && *y < first.top
            });
        let ends = text
            .trim_end()
            .ends_with(['。', '；', '：', ':', '！', '？']);
        prev = (!cell_like).then_some((last.x1, bottom, size, ends));
        if continues {
            if let Some((_, Block::Paragraph { text: t, .. })) = out
                .iter_mut()
                .rev()
                .find(|(_, b)| matches!(b, Block::Paragraph { .. }))
            {
                t.push_str(&text);
                continue;
            }
        }
        let place = Place::Page {
            page: n,
            x: first.x0 as f32,
            y: first.top as f32,
        };
        if let Some(g) = gap.filter(|&g| g > 0.9 * size) {
            // Between two cells of a one-cell-per-line row, the missing lines are empty
            // cells; before a label, the last one is the blank line between rows.
            let pitch = blank_pitch(size);
            let missing = (g / pitch).round().max(1.0) as usize;
            let value = gongkai_core::parse::value::is_value_text(text.trim());
            let empties = if cell_like && prev_cell && missing > 1 {
                if value {
                    missing
                } else {
                    missing - 1
                }
            } else {
                0
            };
            for _ in 0..empties.min(40) {
                out.push((
                    first.top - 0.02,
                    Block::Paragraph {
                        text: "\t".into(),
                        place,
                    },
                ));
            }
            if empties == 0 || !value {
                out.push((
                    first.top - 0.01,
                    Block::Paragraph {
                        text: String::new(),
                        place,
                    },
                ));
            }
        }
        prev_cell = cell_like;
        if cell_like && !text.starts_with('\t') {
            text.insert(0, '\t');
        }
        out.push((first.top, Block::Paragraph { text, place }));
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Whether the page ends in the middle of a paragraph, and the next may go on with it.
    let last_free = ls.last();
    let open_end = match (last_free, prev, out.last()) {
        (Some(l), Some((pr, _, ps, ended)), Some((_, Block::Paragraph { .. }))) => {
            let top = l.first().map_or(0.0, |c| c.top);
            pr >= right - 2.5 * ps
                && (!ended || indented)
                && !out
                    .iter()
                    .any(|(y, b)| matches!(b, Block::Table(_)) && *y > top)
        }
        _ => false,
    };
    let starts_at_margin = match (ls.first(), out.first()) {
        (Some(l), Some((y, Block::Paragraph { text, .. }))) => {
            l.first()
                .is_some_and(|c| c.x0 <= left + 0.5 * c.size.max(1.0) && c.top >= *y - 0.1)
                && !starts_like_heading(text)
                && !text.starts_with('\t')
        }
        _ => false,
    };
    let first_line = ls.first().and_then(|l| l.first());
    let lead_missing = match (first_line, margins.area) {
        (Some(c), Some((top, _))) => {
            ((c.top - top) / blank_pitch(c.size.max(1.0))).round() as usize
        }
        _ => 0,
    };
    let tail_missing = match (ls.last(), margins.area) {
        (Some(l), Some((_, bottom))) if prev_cell => Some(
            ((bottom - line_bottom(l)) / blank_pitch(line_size(l)))
                .round()
                .max(0.0) as usize,
        ),
        _ => None,
    };
    PageBlocks {
        blocks: out,
        open_end,
        starts_at_margin,
        lead_missing,
        tail_missing,
    }
}

/// A line that is only a page number (“- 3 -”, “— 3 —”, “3”, “第 3 页”, “2/9”) or a browser's
/// footer (the address, with its page counter), in the top or bottom eighth of the page: a
/// header or footer, not text.
fn is_page_number(line: &[&Chr], width: f64, height: f64) -> bool {
    let Some(first) = line.first() else {
        return false;
    };
    if height > 0.0 && first.top > height / 8.0 && first.bottom < height * 7.0 / 8.0 {
        return false;
    }
    let s: String = line.iter().map(|c| c.text.as_str()).collect();
    // A browser's footer: the page's address, and its page counter “2/9”.
    let t = s.trim();
    if ["file://", "http://", "https://"]
        .iter()
        .any(|p| t.starts_with(p))
    {
        return true;
    }
    // A bare number is a page number only when centred; “- 3 -” and “第 3 页” anywhere.
    let decorated = s.contains(['-', '—', '–', '－', '第', '页']);
    let last = line.last().unwrap_or(first);
    let centre = (first.x0 + last.x1) / 2.0;
    if !decorated && (width <= 0.0 || (centre - width / 2.0).abs() > width * 0.1) {
        return false;
    }
    let core = s
        .trim_matches(|c: char| c.is_whitespace() || "-—–－·".contains(c))
        .trim_start_matches('第')
        .trim_end_matches('页');
    let core = core.split(['/', '共']).next().unwrap_or("").trim();
    !core.is_empty() && core.len() <= 4 && core.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f64, x0: f64, x1: f64) -> Seg {
        Seg {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }
    fn v(x: f64, y0: f64, y1: f64) -> Seg {
        Seg {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }
    fn chr(t: &str, x: f64, y: f64) -> Chr {
        Chr {
            text: t.into(),
            x0: x,
            x1: x + 10.0,
            top: y,
            bottom: y + 10.0,
            size: 10.0,
            dir: 0,
        }
    }

    /// A line of text report printed on tab stops: `cells` are (text, stop) with the text's
    /// characters 10 wide; stop 0 is the margin (x = 50), the pitch 35.43 (1.25 cm).
    fn tab_line(cells: &[(&str, usize)], y: f64) -> Vec<Chr> {
        let mut out = Vec::new();
        for &(t, stop) in cells {
            let x = 50.0 + 35.43 * stop as f64;
            for (i, ch) in t.chars().enumerate() {
                out.push(chr(&ch.to_string(), x + 10.0 * i as f64, y));
            }
        }
        out
    }

    #[test]
    fn a_text_report_on_tab_stops_gets_its_blank_cells_back() {
        // `一、本年新收\t\t5\t\t\t\t1\t\t6`: the label ends at 110 (stop 2 is 120.86), so
        // two tabs put 5 on stop 3; 1 on stop 7 and 6 on stop 9.
        let rows = [
            tab_line(&[("一、本年新收", 0), ("5", 3), ("1", 7), ("6", 9)], 0.0),
            tab_line(
                &[("二、上年结转", 0), ("0", 2), ("0", 3), ("0", 4), ("0", 5)],
                20.0,
            ),
            tab_line(
                &[("（一）予以公开", 1), ("12", 4), ("3", 5), ("15", 9)],
                40.0,
            ),
            tab_line(&[("四、结转", 0), ("2", 2), ("2", 9)], 60.0),
        ];
        let ls: Vec<Vec<&Chr>> = rows.iter().map(|l| l.iter().collect()).collect();
        let pitch = tab_pitch(&ls, 50.0).expect("stops found");
        assert!((pitch - 35.43).abs() < 0.01, "{pitch}");
        let texts: Vec<Option<String>> = ls.iter().map(|l| tab_text(l, 50.0, pitch)).collect();
        assert_eq!(texts[0].as_deref(), Some("一、本年新收\t\t5\t\t\t\t1\t\t6"));
        assert_eq!(texts[1].as_deref(), Some("二、上年结转\t0\t0\t0\t0"));
        // Indented by a tab; the label ends at 155.43, just short of stop 3 (156.29): the
        // first tab goes there, and `12` on stop 4 comes after a blank cell.
        assert_eq!(
            texts[2].as_deref(),
            Some("\t（一）予以公开\t\t12\t3\t\t\t\t15")
        );
        assert_eq!(texts[3].as_deref(), Some("四、结转\t2\t\t\t\t\t\t\t2"));
        // Without the stops, a line may hide blanks where a gap between its numbers is wide,
        // or more than their pitch lies between the label and the first; the full row not.
        let hide: Vec<bool> = ls
            .iter()
            .map(|l| may_hide_blanks(l, page_pitch(&ls)))
            .collect();
        assert_eq!(hide, [true, false, true, true]);
        // A cell off the stops: no tab text for its line.
        let off = tab_line(&[("规章", 0), ("7", 3)], 60.0);
        let mut off: Vec<&Chr> = off.iter().collect();
        let moved = Chr {
            x0: off[2].x0 + 9.0,
            x1: off[2].x1 + 9.0,
            ..off[2].clone()
        };
        off[2] = &moved;
        assert_eq!(tab_text(&off, 50.0, pitch), None);
    }

    #[test]
    fn a_table_printed_without_rules_fits_no_tab_stops() {
        // Cells centred in columns of a browser table: starts at no common pitch.
        let rows: Vec<Vec<Chr>> = (0..6)
            .map(|r| {
                let mut l = vec![chr("行", 40.0, r as f64 * 20.0)];
                for (k, x) in [203.0, 251.5, 297.0, 344.5, 391.0, 446.5, 493.0]
                    .into_iter()
                    .enumerate()
                {
                    l.push(chr(
                        &((r + k) % 10).to_string(),
                        x + (r as f64 * 1.7) % 3.0,
                        r as f64 * 20.0,
                    ));
                }
                l
            })
            .collect();
        let ls: Vec<Vec<&Chr>> = rows.iter().map(|l| l.iter().collect()).collect();
        assert_eq!(tab_pitch(&ls, 40.0), None);
    }

    #[test]
    fn missing_inner_lines_make_merged_cells() {
        // 3 rows × 3 columns; the first column's rows 2–3 are one cell (no line between),
        // the top row's columns 2–3 are one cell.
        let segs = vec![
            h(0.0, 0.0, 300.0),
            h(20.0, 0.0, 300.0),
            h(40.0, 100.0, 300.0), // not under column 1
            h(60.0, 0.0, 300.0),
            v(0.0, 0.0, 60.0),
            v(100.0, 0.0, 60.0),
            v(200.0, 20.0, 60.0), // not in row 1
            v(300.0, 0.0, 60.0),
        ];
        let page = PageContent {
            width: 400.0,
            height: 400.0,
            chars: vec![
                chr("三", 40.0, 30.0),
                chr("、", 40.0, 42.0),
                chr("表", 180.0, 5.0),
                chr("1", 150.0, 25.0),
                chr("2", 250.0, 45.0),
                chr("注", 10.0, 100.0),
            ],
            segs,
            images: 0,
        };
        let blocks = page_blocks(
            &page,
            1,
            Margins {
                left: 0.0,
                right: None,
                area: None,
            },
        )
        .blocks;
        let Block::Table(rows) = &blocks[0].1 else {
            panic!("no table first")
        };
        let summary: Vec<Vec<(String, usize, usize)>> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| (c.text.clone(), c.rowspan, c.colspan))
                    .collect()
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                vec![("".into(), 1, 1), ("表".into(), 1, 2)],
                vec![("三、".into(), 2, 1), ("1".into(), 1, 1), ("".into(), 1, 1)],
                vec![("".into(), 1, 1), ("2".into(), 1, 1)],
            ]
        );
        let Block::Paragraph { text, place } = &blocks[1].1 else {
            panic!("no paragraph")
        };
        assert_eq!(text, "注");
        assert_eq!(
            *place,
            Place::Page {
                page: 1,
                x: 10.0,
                y: 100.0
            }
        );
    }

    #[test]
    fn thin_rectangles_and_strokes_of_one_border_are_one_line() {
        let (h_lines, _) = edges(&[
            h(10.0, 0.0, 50.0),
            h(10.6, 48.0, 100.0),
            h(30.0, 0.0, 100.0),
        ]);
        assert_eq!(h_lines.len(), 2);
        assert!((h_lines[0].2 - 100.0).abs() < 1e-9);
    }
}
