//! Merged cells expanded into the rows as printed: the occupied-cell walk shared by the HTML
//! and DOCX readers.
//!
//! A *label* cell that spans rows is repeated on every row it covers, so each row carries its
//! group label, as printed; a *value* cell is emitted once, at its anchor, and values are taken
//! by order — the header's spans and the data rows' spans often disagree (template.md §6).
//! Absurd spans are clamped.

use gongkai_core::parse::value::is_value_text;

const MAX_ROWSPAN: usize = 200;
const MAX_COLSPAN: usize = 60;

/// One cell as the document gives it: its text, its spans and where it came from.
pub struct GridCell<T> {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
    pub at: T,
}

/// A cell of an expanded row: its grid column, text and origin.
pub struct Placed<T> {
    pub col: usize,
    pub text: String,
    pub at: T,
}

/// A cell pushed down onto a later row by its rowspan: (col, width, the label text — `None`
/// for a value, which only occupies the place — and its origin).
type Carried<T> = (usize, usize, Option<String>, T);

/// Expand the rows of one table. Rows that end up with no cell at all are dropped.
pub fn expand<T: Clone>(rows: Vec<Vec<GridCell<T>>>) -> Vec<Vec<Placed<T>>> {
    let mut carried: Vec<Vec<Carried<T>>> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for (r, row) in rows.into_iter().enumerate() {
        if carried.len() <= r {
            carried.resize_with(r + 1, Vec::new);
        }
        let mut placed: Vec<Placed<T>> = Vec::with_capacity(row.len());
        let mut col = 0usize;
        for cell in row {
            while carried[r]
                .iter()
                .any(|(cc, w, _, _)| col >= *cc && col < cc + w)
            {
                col += 1;
            }
            let (rs, cs) = (
                cell.rowspan.clamp(1, MAX_ROWSPAN),
                cell.colspan.clamp(1, MAX_COLSPAN),
            );
            let label = !cell.text.is_empty() && !is_value_text(&cell.text);
            for k in 1..rs {
                if carried.len() <= r + k {
                    carried.resize_with(r + k + 1, Vec::new);
                }
                // Labels are repeated on the rows they cover; values are not.
                let repeat = label.then(|| cell.text.clone());
                carried[r + k].push((col, cs, repeat, cell.at.clone()));
            }
            placed.push(Placed {
                col,
                text: cell.text,
                at: cell.at,
            });
            col += cs;
        }
        for (c, _, text, at) in &carried[r] {
            if let Some(text) = text {
                placed.push(Placed {
                    col: *c,
                    text: text.clone(),
                    at: at.clone(),
                });
            }
        }
        placed.sort_by_key(|p| p.col);
        if !placed.is_empty() {
            out.push(placed);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, rowspan: usize, colspan: usize) -> GridCell<()> {
        GridCell {
            text: text.into(),
            rowspan,
            colspan,
            at: (),
        }
    }

    #[test]
    fn labels_repeat_down_values_do_not() {
        let rows = vec![
            vec![
                cell("三、本年度办理结果", 2, 1),
                cell("（一）予以公开", 1, 1),
                cell("5", 2, 1),
            ],
            vec![cell("（二）部分公开", 1, 1)],
        ];
        let got: Vec<Vec<(usize, String)>> = expand(rows)
            .into_iter()
            .map(|r| r.into_iter().map(|p| (p.col, p.text)).collect())
            .collect();
        assert_eq!(
            got,
            vec![
                vec![
                    (0, "三、本年度办理结果".to_string()),
                    (1, "（一）予以公开".to_string()),
                    (2, "5".to_string())
                ],
                vec![
                    (0, "三、本年度办理结果".to_string()),
                    (1, "（二）部分公开".to_string())
                ],
            ]
        );
    }

    #[test]
    fn absurd_spans_are_clamped() {
        let rows = vec![vec![cell("a", usize::MAX, usize::MAX), cell("1", 1, 1)]];
        let got = expand(rows);
        assert_eq!(got[0][1].col, MAX_COLSPAN);
    }
}
