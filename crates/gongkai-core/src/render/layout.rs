//! The report as the template prints it: title, preface, the six canonical headings with their
//! narrative, and the tables as grids of merged cells (rowspan/colspan), every label verbatim.
//! Built once from [`ReportValues`] and drawn by the HTML and DOCX writers, so both print the
//! same tables (template.md §1.6, §2.3–2.5).

use crate::model::template::{
    APPEAL_FIELDS, APPEAL_GROUPS, APPEAL_LITIGATION, PROACTIVE_ITEM_HEADER, REQUEST_APPLICANTS,
    REQUEST_COLUMNS, REQUEST_HEADER_NOTE, REQUEST_ORGANISATIONS, REQUEST_RESULTS_GROUP, SECTIONS,
};
use crate::model::values::{ReportValues, Value};

/// What a cell is, for styling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A sub-table caption (`第二十条第（一）项`).
    Caption,
    /// A column header.
    Header,
    /// A row label.
    Label,
    /// A number (or blank).
    Value,
}

/// A cell at its anchor; the cells it covers are not listed.
#[derive(Clone, Debug, PartialEq)]
pub struct PCell {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
    pub role: Role,
}

/// One printed table: its number of grid columns and its rows of anchored cells.
#[derive(Clone, Debug, PartialEq)]
pub struct PTable {
    pub columns: usize,
    pub rows: Vec<Vec<PCell>>,
}

impl PTable {
    /// Column widths in thousandths of the table width: label columns wide, value columns
    /// sharing the rest equally.
    pub fn widths(&self) -> Vec<u32> {
        let labels: &[u32] = match self.columns {
            10 => &[80, 125, 250], // table 三: group, sub-group, row label
            15 => &[],             // table 四: values only
            _ => &[300],           // a 第二十条 sub-table
        };
        let n = (self.columns - labels.len()) as u32;
        let rest = 1000 - labels.iter().sum::<u32>();
        let mut w = labels.to_vec();
        w.extend(std::iter::repeat_n(rest / n, n as usize));
        w
    }

    /// For each row, the grid column of each anchored cell (the occupied-cell walk).
    pub fn columns_of(&self) -> Vec<Vec<usize>> {
        let mut taken: Vec<Vec<bool>> = vec![vec![false; self.columns]; self.rows.len()];
        let mut out = Vec::with_capacity(self.rows.len());
        for (r, row) in self.rows.iter().enumerate() {
            let mut cols = Vec::with_capacity(row.len());
            let mut c = 0;
            for cell in row {
                while c < self.columns && taken[r][c] {
                    c += 1;
                }
                cols.push(c);
                let width = self.columns;
                for row in taken.iter_mut().skip(r).take(cell.rowspan) {
                    for t in row.iter_mut().take(width).skip(c).take(cell.colspan) {
                        *t = true;
                    }
                }
                c += cell.colspan;
            }
            out.push(cols);
        }
        out
    }
}

/// A block of the printed report.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(String),
    Table(PTable),
}

fn c(text: &str, rowspan: usize, colspan: usize, role: Role) -> PCell {
    PCell {
        text: text.to_string(),
        rowspan,
        colspan,
        role,
    }
}

fn val(v: &Value) -> PCell {
    c(
        &v.map(|d| d.to_string()).unwrap_or_default(),
        1,
        1,
        Role::Value,
    )
}

/// The statutory preface: legal basis and statistics period (template.md §1.5).
pub fn preface(r: &ReportValues) -> String {
    format!(
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{}要求编制。\
         全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、\
         政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。\
         本报告中所列数据统计期限为{}年1月1日至12月31日。",
        match r.template {
            crate::model::Template::T2021 =>
                "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）",
            crate::model::Template::T2019 =>
                "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2019〕60号）",
        },
        r.year
    )
}

/// The whole report, in print order.
pub fn blocks(r: &ReportValues) -> Vec<Block> {
    let mut out = vec![
        Block::Title(r.title_or_standard()),
        Block::Paragraph(preface(r)),
    ];
    for (i, sec) in SECTIONS.iter().enumerate() {
        out.push(Block::Heading(sec.heading.to_string()));
        for p in r.sections[i].lines().filter(|l| !l.trim().is_empty()) {
            out.push(Block::Paragraph(p.trim().to_string()));
        }
        match sec.number {
            2 => out.extend(proactive(r).into_iter().map(Block::Table)),
            3 => out.push(Block::Table(requests(r))),
            4 => out.push(Block::Table(appeals(r))),
            _ => {}
        }
    }
    out
}

/// Part 二: one table per 第二十条 item, its caption spanning the first row.
pub fn proactive(r: &ReportValues) -> Vec<PTable> {
    let def = r.template.def();
    def.proactive_items()
        .into_iter()
        .map(|item| {
            let rows: Vec<usize> = (0..def.proactive.len())
                .filter(|&i| def.proactive[i].item == item)
                .collect();
            let fields = def.proactive[rows[0]].fields;
            let columns = fields.len() + 1;
            let mut t = PTable {
                columns,
                rows: vec![vec![c(item, 1, columns, Role::Caption)]],
            };
            let mut header = vec![c(PROACTIVE_ITEM_HEADER, 1, 1, Role::Header)];
            header.extend(fields.iter().map(|f| c(f.label, 1, 1, Role::Header)));
            t.rows.push(header);
            for i in rows {
                let mut row = vec![c(def.proactive[i].label, 1, 1, Role::Label)];
                row.extend(r.proactive[i].iter().map(val));
                t.rows.push(row);
            }
            t
        })
        .collect()
}

/// Table 三: 3 label columns + 7 value columns, the 3-level header with the 勾稽关系 note,
/// and the merged row groups.
pub fn requests(r: &ReportValues) -> PTable {
    let def = r.template.def();
    let mut rows = vec![
        vec![
            c(REQUEST_HEADER_NOTE, 3, 3, Role::Header),
            c(REQUEST_APPLICANTS, 1, 7, Role::Header),
        ],
        vec![
            c(REQUEST_COLUMNS[0].label, 2, 1, Role::Header),
            c(REQUEST_ORGANISATIONS, 1, 5, Role::Header),
            c(REQUEST_COLUMNS[6].label, 2, 1, Role::Header),
        ],
        REQUEST_COLUMNS[1..6]
            .iter()
            .map(|col| c(col.label, 1, 1, Role::Header))
            .collect(),
    ];
    let results_rows = def
        .request_rows
        .iter()
        .filter(|row| row.group.is_some())
        .count();
    let mut results_open = false;
    let mut last_group: Option<&str> = None;
    for (i, row) in def.request_rows.iter().enumerate() {
        let mut cells = Vec::new();
        match row.group {
            None => cells.push(c(row.label, 1, 3, Role::Label)),
            Some(g) => {
                if !results_open {
                    cells.push(c(REQUEST_RESULTS_GROUP, results_rows, 1, Role::Label));
                    results_open = true;
                }
                if g == REQUEST_RESULTS_GROUP {
                    cells.push(c(row.label, 1, 2, Role::Label));
                } else {
                    if last_group != Some(g) {
                        let span = def.request_rows[i..]
                            .iter()
                            .take_while(|x| x.group == Some(g))
                            .count();
                        cells.push(c(g, span, 1, Role::Label));
                    }
                    cells.push(c(row.label, 1, 1, Role::Label));
                }
            }
        }
        last_group = row.group;
        cells.extend(r.requests[i].iter().map(val));
        rows.push(cells);
    }
    PTable { columns: 10, rows }
}

/// Table 四: 行政复议 (5) and 行政诉讼 (10, in two groups of 5), one data row.
pub fn appeals(r: &ReportValues) -> PTable {
    let mut h2: Vec<PCell> = APPEAL_FIELDS
        .iter()
        .map(|f| c(f.label, 2, 1, Role::Header))
        .collect();
    h2.push(c(APPEAL_GROUPS[1].label, 1, 5, Role::Header));
    h2.push(c(APPEAL_GROUPS[2].label, 1, 5, Role::Header));
    let h3: Vec<PCell> = (0..2)
        .flat_map(|_| APPEAL_FIELDS.iter().map(|f| c(f.label, 1, 1, Role::Header)))
        .collect();
    let data: Vec<PCell> = r.appeals.iter().flatten().map(val).collect();
    PTable {
        columns: 15,
        rows: vec![
            vec![
                c(APPEAL_GROUPS[0].label, 1, 5, Role::Header),
                c(APPEAL_LITIGATION, 1, 10, Role::Header),
            ],
            h2,
            h3,
            data,
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Template;

    /// Every row of every table covers exactly its grid width (no gaps, no overlaps).
    #[test]
    fn grids_are_rectangular() {
        for t in [Template::T2021, Template::T2019] {
            let r = ReportValues::zeros(t, 2025, "某局");
            let mut tables = proactive(&r);
            tables.push(requests(&r));
            tables.push(appeals(&r));
            for table in tables {
                let mut cover = vec![vec![0u8; table.columns]; table.rows.len()];
                for (ri, (row, cols)) in table.rows.iter().zip(table.columns_of()).enumerate() {
                    for (cell, col) in row.iter().zip(cols) {
                        assert!(ri + cell.rowspan <= table.rows.len(), "{}", cell.text);
                        assert!(col + cell.colspan <= table.columns, "{}", cell.text);
                        for row in cover.iter_mut().skip(ri).take(cell.rowspan) {
                            for n in row.iter_mut().skip(col).take(cell.colspan) {
                                *n += 1;
                            }
                        }
                    }
                }
                assert!(
                    cover.iter().flatten().all(|&n| n == 1),
                    "{t:?} {:?}: {cover:?}",
                    table.rows[0][0].text
                );
            }
        }
    }

    #[test]
    fn request_table_spans_follow_the_template() {
        let r = ReportValues::zeros(Template::T2021, 2025, "某局");
        let t = requests(&r);
        let find = |text: &str| {
            t.rows
                .iter()
                .flatten()
                .find(|c| c.text == text)
                .unwrap_or_else(|| panic!("{text}"))
                .clone()
        };
        assert_eq!(find(REQUEST_RESULTS_GROUP).rowspan, 22);
        assert_eq!(find("（三）不予公开").rowspan, 8);
        assert_eq!(find("（六）其他处理").rowspan, 3);
        assert_eq!(find("（七）总计").colspan, 2);
        assert_eq!(t.rows.len(), 3 + 25);
        let r2019 = ReportValues::zeros(Template::T2019, 2020, "某局");
        let t = requests(&r2019);
        assert_eq!(
            t.rows
                .iter()
                .flatten()
                .find(|c| c.text == REQUEST_RESULTS_GROUP)
                .unwrap()
                .rowspan,
            20
        );
    }
}
