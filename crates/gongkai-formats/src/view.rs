//! The *text view* of a structured document (DOCX, PDF): one line per paragraph, one line
//! per table row with its cells separated by tabs, that spans point into; the rows the core
//! assembler reads; and for each line its place in the document, for diagnostics.

use crate::grid::{self, GridCell};
use gongkai_core::model::{Origin, Place, Span};
use gongkai_core::parse::scan::{self, RawCell, RawRow};
use std::borrow::Cow;

/// A paragraph or a table, in reading order.
pub enum Block {
    Paragraph {
        text: String,
        place: Place,
    },
    /// Rows of cells with their spans, each cell with its place.
    Table(Vec<Vec<GridCell<Place>>>),
}

/// The text view of a document, its rows and the origin of each line.
pub struct View {
    pub text: String,
    pub rows: Vec<(Vec<(String, Span)>, bool)>,
    pub origins: Vec<Origin>,
}

impl View {
    /// Fold characters in the text with `text` and, when it folded any, in every cell with
    /// `cells` (radicals; traditional characters, which the whole text decides: offsets
    /// kept, see `Folded` in lib.rs): the count, first offset and first character, as `text`
    /// says them.
    pub fn fold(
        &mut self,
        text: fn(&mut String) -> Option<(usize, usize, char)>,
        cells: fn(&mut String) -> Option<(usize, usize, char)>,
    ) -> Option<(usize, usize, char)> {
        let folded = text(&mut self.text)?;
        for (row, _) in &mut self.rows {
            for (t, _) in row {
                cells(t);
            }
        }
        Some(folded)
    }

    /// Rows borrowing nothing, ready for [`gongkai_core::parse::from_rows`].
    pub fn raw_rows(&self) -> Vec<RawRow<'_>> {
        self.rows
            .iter()
            .map(|(cells, after_break)| {
                let cells = cells
                    .iter()
                    .map(|(t, s)| RawCell {
                        text: Cow::Borrowed(t.as_str()),
                        span: *s,
                    })
                    .collect();
                RawRow::new(cells, 0, *after_break)
            })
            .collect()
    }
}

/// Write the text view and the rows. Body paragraphs are written one per line, verbatim (an
/// empty paragraph is an empty line, tabs stay tabs) and read by the text scanner, so a Word
/// file that holds a text report (tab rows, one cell per line) reads exactly as the text does;
/// tables are written one row per line from the expanded grid.
pub fn layout(blocks: Vec<Block>) -> View {
    let mut d = View {
        text: String::new(),
        rows: Vec::new(),
        origins: Vec::new(),
    };
    let mut stretch: Option<usize> = None;
    for b in blocks {
        match b {
            Block::Paragraph { text, place } => {
                stretch.get_or_insert(d.text.len());
                d.origins.push(Origin {
                    start: d.text.len() as u32,
                    place,
                });
                d.text.push_str(&text.replace(['\r', '\n'], " "));
                d.text.push('\n');
            }
            Block::Table(rows) => {
                if let Some(start) = stretch.take() {
                    scan_paragraphs(&mut d, start);
                }
                let mut after_break = true;
                for row in grid::expand(rows) {
                    let mut cells = Vec::new();
                    for (k, p) in row.into_iter().enumerate() {
                        if k > 0 {
                            d.text.push('\t');
                        }
                        d.origins.push(Origin {
                            start: d.text.len() as u32,
                            place: p.at,
                        });
                        let start = d.text.len();
                        d.text.push_str(&p.text);
                        cells.push((p.text, Span::new(start, d.text.len())));
                    }
                    d.text.push('\n');
                    d.rows.push((cells, after_break));
                    after_break = false;
                }
            }
        }
    }
    if let Some(start) = stretch {
        scan_paragraphs(&mut d, start);
    }
    d
}

/// Read the paragraphs written since `start` with the text scanner.
fn scan_paragraphs(d: &mut View, start: usize) {
    let rows = scan::scan_text(&d.text[start..]);
    let shift = |s: Span| Span {
        start: s.start + start as u32,
        end: s.end + start as u32,
    };
    let owned: Vec<_> = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let cells = r
                .cells
                .into_iter()
                .map(|c| (c.text.into_owned(), shift(c.span)))
                .collect();
            (cells, r.after_break || i == 0)
        })
        .collect();
    d.rows.extend(owned);
}
