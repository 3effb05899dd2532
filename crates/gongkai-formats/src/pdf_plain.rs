//! A PDF written directly, the way 公文 software writes one: text in a non-embedded CID font
//! (STSong-Light) through the predefined UniGB-UCS2-H CMap with no ToUnicode, tables drawn as
//! stroked cell rectangles. Small and fast (no browser), deterministic; viewers substitute a
//! Song face. For the synthetic corpus: it exercises the reader's predefined-CMap path and its
//! lattice tables at scale. `render --to pdf` keeps Chromium, which embeds real fonts.

use crate::pdf::{build, stream};
use gongkai_core::model::values::ReportValues;
use gongkai_core::render::layout::{self, Block, PTable, Role};
use std::fmt::Write;

const W: f64 = 595.0;
const H: f64 = 842.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = W - 72.0;
const TOP: f64 = 72.0;
const BOTTOM: f64 = H - 64.0;
const BODY: f64 = 12.0;
const CELL: f64 = 9.0;

/// Advance of a character in ems: half for ASCII, full otherwise.
fn em(c: char) -> f64 {
    if c.is_ascii() {
        0.5
    } else {
        1.0
    }
}

/// Break `text` into lines of at most `width` points at `size`, the first line indented.
fn wrap(text: &str, width: f64, size: f64, indent: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = indent;
    for c in text.chars() {
        let w = em(c) * size;
        if used + w > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        }
        line.push(c);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn hex(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 4 + 2);
    out.push('<');
    for u in s.encode_utf16() {
        let _ = write!(out, "{u:04X}");
    }
    out.push('>');
    out
}

struct Pages {
    done: Vec<String>,
    content: String,
    /// Distance from the top of the page of the next line.
    y: f64,
}

impl Pages {
    fn new() -> Pages {
        Pages {
            done: Vec::new(),
            content: String::new(),
            y: TOP,
        }
    }
    fn need(&mut self, h: f64) {
        if self.y + h > BOTTOM && self.y > TOP {
            self.break_page();
        }
    }
    fn break_page(&mut self) {
        let n = self.done.len() + 1;
        // The page number, as 公文 prints it.
        let num = format!("- {n} -");
        let x = W / 2.0 - num.chars().map(em).sum::<f64>() * BODY / 2.0;
        self.text_at(x, H - 40.0, BODY, &num);
        self.done.push(std::mem::take(&mut self.content));
        self.y = TOP;
    }
    /// A line of text with its top at `top` (from the page top).
    fn text_at(&mut self, x: f64, top: f64, size: f64, s: &str) {
        let baseline = H - top - 0.88 * size;
        let _ = writeln!(
            self.content,
            "BT /F1 {size} Tf 1 0 0 1 {x:.2} {baseline:.2} Tm {} Tj ET",
            hex(s)
        );
    }
    fn paragraph(&mut self, text: &str, size: f64, indent: f64) {
        let lead = size * 1.5;
        for (i, line) in wrap(text, RIGHT - LEFT, size, indent).iter().enumerate() {
            self.need(lead);
            let x = LEFT + if i == 0 { indent } else { 0.0 };
            let y = self.y;
            self.text_at(x, y, size, line);
            self.y += lead;
        }
    }
    fn centred(&mut self, text: &str, size: f64) {
        for line in wrap(text, RIGHT - LEFT, size, 0.0) {
            self.need(size * 1.6);
            let w: f64 = line.chars().map(em).sum::<f64>() * size;
            let y = self.y;
            self.text_at((W - w) / 2.0, y, size, &line);
            self.y += size * 1.6;
        }
        self.y += size * 0.4;
    }

    fn table(&mut self, t: &PTable) {
        let width = RIGHT - LEFT;
        let mut xs = vec![LEFT];
        for w in t.widths() {
            let last = *xs.last().unwrap_or(&LEFT);
            xs.push(last + width * w as f64 / 1000.0);
        }
        // The anchored cells on the grid: (row, column, rowspan, colspan, text, role).
        let nrows = t.rows.len();
        let placed: Vec<(usize, usize, usize, usize, &str, Role)> = t
            .rows
            .iter()
            .zip(t.columns_of())
            .enumerate()
            .flat_map(|(r, (row, cols))| {
                row.iter().zip(cols).map(move |(cell, c)| {
                    (
                        r,
                        c,
                        cell.rowspan.max(1),
                        cell.colspan.max(1),
                        cell.text.as_str(),
                        cell.role,
                    )
                })
            })
            .collect();
        // Row heights from the single-row cells' wrapped text.
        let lead = CELL * 1.35;
        let lines = |c: usize, cs: usize, text: &str| {
            let w = xs[(c + cs).min(t.columns)] - xs[c] - 4.0;
            wrap(text, w.max(CELL), CELL, 0.0)
        };
        let mut heights = vec![lead + 6.0; nrows];
        for &(r, c, rs, cs, text, _) in &placed {
            if rs == 1 {
                let h = lines(c, cs, text).len() as f64 * lead + 6.0;
                heights[r] = heights[r].max(h);
            }
        }
        // Rows under a rowspan stay on one page with the row that starts it.
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut r = 0;
        while r < nrows {
            let mut end = r + 1;
            let mut k = r;
            while k < end {
                for &(pr, _, rs, _, _, _) in &placed {
                    if pr == k {
                        end = end.max((pr + rs).min(nrows));
                    }
                }
                k += 1;
            }
            groups.push((r, end));
            r = end;
        }
        let mut tops = vec![0.0; nrows + 1];
        for (start, end) in groups {
            let h: f64 = heights[start..end].iter().sum();
            if self.y + h > BOTTOM && self.y > TOP {
                self.break_page();
            }
            for (i, h) in heights[start..end].iter().enumerate() {
                tops[start + i] = self.y;
                self.y += h;
            }
            tops[end] = self.y;
            for &(pr, c, rs, cs, text, role) in &placed {
                if pr < start || pr >= end {
                    continue;
                }
                let (x0, x1) = (xs[c], xs[(c + cs).min(t.columns)]);
                let (y0, y1) = (tops[pr], tops[(pr + rs).min(end)]);
                let _ = writeln!(
                    self.content,
                    "{x0:.2} {:.2} {:.2} {:.2} re S",
                    H - y1,
                    x1 - x0,
                    y1 - y0
                );
                let ls = lines(c, cs, text);
                let block = ls.len() as f64 * lead;
                let mut y = y0 + ((y1 - y0 - block) / 2.0).max(2.0);
                for l in ls {
                    let w: f64 = l.chars().map(em).sum::<f64>() * CELL;
                    let x = match role {
                        Role::Value | Role::Header => x0 + ((x1 - x0 - w) / 2.0).max(2.0),
                        _ => x0 + 2.0,
                    };
                    self.text_at(x, y, CELL, &l);
                    y += lead;
                }
            }
        }
        self.y += 8.0;
    }
}

/// The report as a PDF (see the module comment).
pub fn write(r: &ReportValues) -> Vec<u8> {
    let mut p = Pages::new();
    p.content.push_str("0.5 w\n");
    for b in layout::blocks(r) {
        match b {
            Block::Title(t) => p.centred(&t, 16.0),
            Block::Heading(h) => {
                p.y += 4.0;
                p.paragraph(&h, BODY, 2.0 * BODY);
            }
            Block::Paragraph(t) => p.paragraph(&t, BODY, 2.0 * BODY),
            Block::Table(t) => p.table(&t),
        }
    }
    p.break_page();
    let n = p.done.len();
    // Objects: 1 catalog, 2 pages, 3 font, 4 CID font, then page/content pairs.
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H \
/DescendantFonts [4 0 R] >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 /W [1 95 500] \
/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 \
/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> >>"
            .to_vec(),
    ];
    for (i, content) in p.done.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {W} {H}] \
/Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                6 + 2 * i
            )
            .into_bytes(),
        );
        objects.push(stream("", content.as_bytes()));
    }
    build(&objects)
}
