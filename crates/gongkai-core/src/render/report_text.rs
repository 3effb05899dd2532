//! Writing a report as text in the layouts real dumps use (the seeds): tab-separated rows with
//! ragged leading cells, one cell per line, or Markdown pipe rows. Used by the property tests
//! (write → parse → same values) and by `gongkai render --to txt|md`.

use crate::model::template::{
    APPEAL_FIELDS, APPEAL_GROUPS, APPEAL_LITIGATION, PROACTIVE_ITEM_HEADER, REQUEST_APPLICANTS,
    REQUEST_COLUMNS, REQUEST_HEADER_NOTE, REQUEST_ORGANISATIONS, REQUEST_RESULTS_GROUP, SECTIONS,
};
use crate::model::values::{ReportValues, Value};

/// How table rows are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Tab-separated, with the merged cells as ragged empty cells (seeds 000, 001, 003).
    Tabs,
    /// One cell per line, each line starting with a tab, a blank line after each row (seed 002).
    CellPerLine,
    /// Markdown pipe rows.
    Pipes,
}

pub const ALL_LAYOUTS: [Layout; 3] = [Layout::Tabs, Layout::CellPerLine, Layout::Pipes];

fn v(x: &Value) -> String {
    x.map(|d| d.to_string()).unwrap_or_default()
}

struct Writer {
    layout: Layout,
    out: String,
}

impl Writer {
    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }
    fn para(&mut self, s: &str) {
        self.line(s);
        self.line("");
    }
    /// One table row. `cells` are in reading order; empty strings are empty cells.
    fn row(&mut self, cells: &[String]) {
        match self.layout {
            Layout::Tabs => self.line(&cells.join("\t")),
            Layout::CellPerLine => {
                for c in cells {
                    self.out.push('\t');
                    self.line(c);
                }
                self.line("");
            }
            Layout::Pipes => {
                let body: Vec<&str> = cells
                    .iter()
                    .map(|c| if c.is_empty() { " " } else { c.as_str() })
                    .collect();
                self.line(&format!("| {} |", body.join(" | ")));
            }
        }
    }
    fn pipe_separator(&mut self, n: usize) {
        if self.layout == Layout::Pipes {
            self.line(&format!("|{}", "---|".repeat(n)));
        }
    }
    fn end_table(&mut self) {
        if self.layout != Layout::CellPerLine {
            self.line("");
        }
    }
}

fn s(x: &str) -> String {
    x.to_string()
}

/// The report as crawlers dump an HTML table page: title and preface on their lines, then
/// every heading, label, number and paragraph run together with no separator (what the
/// parser's damaged-text path reads; for the synthetic corpus and tests).
pub fn run_together(r: &ReportValues) -> String {
    let text = write(r, Layout::Tabs);
    let mut lines = text.lines();
    let mut out = String::with_capacity(text.len());
    for _ in 0..2 {
        out.push_str(lines.next().unwrap_or(""));
        out.push('\n');
    }
    for l in lines {
        out.extend(l.chars().filter(|&c| c != '\t' && c != ' '));
    }
    out.push('\n');
    out
}

/// Write the whole report.
pub fn write(r: &ReportValues, layout: Layout) -> String {
    let mut w = Writer {
        layout,
        out: String::new(),
    };
    w.para(&r.title_or_standard());
    w.para(&crate::render::layout::preface(r));
    for (i, sec) in SECTIONS.iter().enumerate() {
        w.para(sec.heading);
        for p in r.sections[i].lines().filter(|l| !l.trim().is_empty()) {
            w.para(p);
        }
        match sec.number {
            2 => proactive(&mut w, r),
            3 => requests(&mut w, r),
            4 => appeals(&mut w, r),
            _ => {}
        }
    }
    w.out
}

fn proactive(w: &mut Writer, r: &ReportValues) {
    let def = r.template.def();
    for item in def.proactive_items() {
        let rows: Vec<usize> = (0..def.proactive.len())
            .filter(|&i| def.proactive[i].item == item)
            .collect();
        let width = def.proactive[rows[0]].fields.len() + 1;
        let mut caption = vec![s(item)];
        caption.resize(width, String::new());
        if w.layout == Layout::Pipes {
            w.para(item);
        } else {
            w.row(&caption);
        }
        let mut header = vec![s(PROACTIVE_ITEM_HEADER)];
        header.extend(def.proactive[rows[0]].fields.iter().map(|f| s(f.label)));
        w.row(&header);
        w.pipe_separator(header.len());
        for i in rows {
            let mut cells = vec![s(def.proactive[i].label)];
            cells.extend(r.proactive[i].iter().map(v));
            w.row(&cells);
        }
        w.end_table();
    }
}

fn requests(w: &mut Writer, r: &ReportValues) {
    let def = r.template.def();
    let tabs = w.layout == Layout::Tabs;
    let mut h1 = vec![s(REQUEST_HEADER_NOTE), s(""), s(REQUEST_APPLICANTS)];
    h1.extend(std::iter::repeat_n(String::new(), 5));
    h1.push(s(REQUEST_COLUMNS[6].label));
    let mut h2 = vec![
        s(""),
        s(""),
        s(REQUEST_COLUMNS[0].label),
        s(REQUEST_ORGANISATIONS),
    ];
    h2.extend(std::iter::repeat_n(String::new(), 5));
    let mut h3 = vec![s(""), s(""), s("")];
    h3.extend(REQUEST_COLUMNS[1..6].iter().map(|c| s(c.label)));
    h3.push(s(""));
    w.row(&h1);
    w.pipe_separator(h1.len());
    w.row(&h2);
    w.row(&h3);
    let mut last_group: Option<&str> = None;
    let mut results_open = false;
    for (i, row) in def.request_rows.iter().enumerate() {
        let values: Vec<String> = r.requests[i].iter().map(v).collect();
        let mut cells: Vec<String> = Vec::new();
        match row.group {
            None => {
                cells.push(s(row.label));
                if tabs {
                    cells.push(s(""));
                }
            }
            Some(g) if g == REQUEST_RESULTS_GROUP => {
                cells.push(if results_open {
                    s("")
                } else {
                    s(REQUEST_RESULTS_GROUP)
                });
                results_open = true;
                cells.push(s(row.label));
            }
            Some(g) => {
                cells.push(if results_open {
                    s("")
                } else {
                    s(REQUEST_RESULTS_GROUP)
                });
                results_open = true;
                cells.push(if last_group == Some(g) { s("") } else { s(g) });
                cells.push(s(row.label));
            }
        }
        last_group = row.group;
        // In the ragged layout empty leading cells stand for the merged group cells; other
        // layouts drop them so that each row is label(s) then exactly seven values.
        if !tabs {
            cells.retain(|c| !c.is_empty());
        }
        cells.extend(values);
        w.row(&cells);
    }
    w.end_table();
}

fn appeals(w: &mut Writer, r: &ReportValues) {
    let mut h1 = vec![s(APPEAL_GROUPS[0].label)];
    h1.extend(std::iter::repeat_n(String::new(), 4));
    h1.push(s(APPEAL_LITIGATION));
    h1.extend(std::iter::repeat_n(String::new(), 9));
    let mut h2: Vec<String> = APPEAL_FIELDS.iter().map(|f| s(f.label)).collect();
    h2.push(s(APPEAL_GROUPS[1].label));
    h2.extend(std::iter::repeat_n(String::new(), 4));
    h2.push(s(APPEAL_GROUPS[2].label));
    h2.extend(std::iter::repeat_n(String::new(), 4));
    let mut h3: Vec<String> = std::iter::repeat_n(String::new(), 5).collect();
    for _ in 0..2 {
        h3.extend(APPEAL_FIELDS.iter().map(|f| s(f.label)));
    }
    w.row(&h1);
    w.pipe_separator(h1.len());
    w.row(&h2);
    w.row(&h3);
    let data: Vec<String> = r.appeals.iter().flat_map(|g| g.iter().map(v)).collect();
    w.row(&data);
    w.end_table();
}
