use crate::diagnostic::{Diagnostic, Text};
use crate::model::template::{APPEAL_FIELDS, REQUEST_COLUMNS};
use crate::model::{CellValue, Report, TablePart};
use crate::rules::arith::Outcome;
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// Template cells left blank or filled with a placeholder (`/`, `—`, `-`, `无`, `&nbsp;`),
    /// one finding per table, naming every such cell and how many T201–T204 checks they block.
    ///
    /// ## Why it matters
    /// A blank is not a zero: gongkai never computes a rule with a blank taken as 0, so a
    /// blank cell leaves its arithmetic unchecked. The template asks for a number in every
    /// cell; reviewers need to know which relations could not be verified.
    ///
    /// ## Example
    /// ```text
    /// （一）予以公开   258   12   /   /   1   1        ← 总计 blank: T202 cannot be checked
    /// ```
    ///
    /// ## Basis
    /// template.md §1.6.1 (blank, `/`, `—` are "zero or not applicable" and must stay apart
    /// from 0), §5.2 O2–O4; peers.md §2.14 (null semantics).
    pub struct BlankCell {
        code: "T205",
        name: "blank-cell",
        severity: Warning,
        summary: "表格中有空白或占位符单元格，相关勾稽关系无法校验",
    }
}

/// How many captions under carets at most, per finding.
const MAX_LABELS: usize = 6;

impl Rule for BlankCell {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>) {
        let Some(template) = report.template else {
            return;
        };
        let any_blank = [&report.proactive, &report.requests, &report.appeals]
            .iter()
            .any(|t| {
                t.iter()
                    .flat_map(|t| &t.rows)
                    .flat_map(|r| &r.cells)
                    .any(|c| !c.is_number())
            });
        if !any_blank {
            return;
        }
        let mut blocked: std::collections::HashMap<&'static str, usize> = Default::default();
        {
            let mut count = |code: &'static str, eqs: Vec<crate::rules::arith::Equation<'_>>| {
                for eq in eqs {
                    if eq.evaluate() == Outcome::NotAssessable {
                        *blocked.entry(code).or_default() += 1;
                    }
                }
            };
            count(
                "T201",
                crate::rules::t201_request_balance::equations(report),
            );
            count("T202", crate::rules::t202_row_total::equations(report));
            count("T203", crate::rules::t203_outcome_total::equations(report));
            count("T204", crate::rules::t204_appeal_total::equations(report));
        }
        for part in TablePart::ALL {
            let Some(table) = report.table(part) else {
                continue;
            };
            let mut cells = Vec::new();
            for row in &table.rows {
                for (i, cell) in row.cells.iter().enumerate() {
                    if matches!(cell.value, CellValue::Blank | CellValue::Placeholder(_)) {
                        let Some((col, _)) = part.column(template, row.key, i) else {
                            continue;
                        };
                        cells.push((format!("{}.{}.{col}", part.key(), row.key), cell));
                    }
                }
            }
            if cells.is_empty() {
                continue;
            }
            let codes: &[&str] = match part {
                TablePart::Requests => &["T201", "T202", "T203"],
                TablePart::Appeals => &["T204"],
                TablePart::Proactive => &[],
            };
            let blocked_zh: Vec<String> = codes
                .iter()
                .filter_map(|c| blocked.get(c).map(|n| format!("{c} {n} 处")))
                .collect();
            let blocked_en: Vec<String> = codes
                .iter()
                .filter_map(|c| blocked.get(c).map(|n| format!("{n} × {c}")))
                .collect();
            let placeholders = cells
                .iter()
                .filter(|(_, c)| matches!(c.value, CellValue::Placeholder(_)))
                .count();
            let (zh_tail, en_tail) = if blocked_zh.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!("，以下校验无法进行：{}", blocked_zh.join("、")),
                    format!("; checks not assessable: {}", blocked_en.join(", ")),
                )
            };
            let mut d = Diagnostic::new(
                &Self::META,
                Text::new(
                    format!(
                        "“{}”有 {} 个单元格为空白{}{zh_tail}",
                        part.name_zh(),
                        cells.len(),
                        if placeholders > 0 {
                            format!("或占位符（其中占位符 {placeholders} 个）")
                        } else {
                            String::new()
                        },
                    ),
                    format!(
                        "{} cell(s) of the {} table are blank or placeholders{en_tail}",
                        cells.len(),
                        part.key()
                    ),
                ),
            )
            .help(Text::new(
                "空白不等于 0：如数值为零，请填写“0”",
                "a blank is not 0: write 0 where the value is zero",
            ));
            // Point at each row's label with the blank columns named; a row without a label
            // (table 四) gets carets under the cells themselves.
            let mut shown_rows = 0;
            for row in &table.rows {
                let prefix = format!("{}.{}.", part.key(), row.key);
                let blanks: Vec<&(String, &crate::model::Cell)> = cells
                    .iter()
                    .filter(|(p, _)| {
                        p.strip_prefix(&prefix)
                            .map(|c| !c.contains('.'))
                            .unwrap_or(false)
                    })
                    .collect();
                if blanks.is_empty() || shown_rows >= MAX_LABELS {
                    continue;
                }
                shown_rows += 1;
                let cols: Vec<&str> = blanks
                    .iter()
                    .map(|(p, _)| p.rsplit('.').next().unwrap_or(""))
                    .collect();
                let cols_zh: Vec<String> = cols
                    .iter()
                    .map(|c| column_zh(part, template, row.key, c))
                    .collect();
                match &row.label {
                    Some(label) => {
                        d = d.label(
                            label.span,
                            Text::new(
                                format!("未填数字：{}", cols_zh.join("、")),
                                format!("no number: {}", cols.join(", ")),
                            ),
                        );
                    }
                    None => {
                        for (p, c) in blanks {
                            d = d.label(
                                c.span,
                                Text::new(
                                    column_zh(
                                        part,
                                        template,
                                        row.key,
                                        p.rsplit('.').next().unwrap_or(""),
                                    ),
                                    p.clone(),
                                ),
                            );
                        }
                    }
                }
            }
            d.cells = cells.into_iter().map(|(p, _)| p).collect();
            out.push(d);
        }
    }
}

/// The printed label of a column, for captions.
fn column_zh(part: TablePart, template: crate::model::Template, row: &str, col: &str) -> String {
    match part {
        TablePart::Requests => REQUEST_COLUMNS
            .iter()
            .find(|c| c.key == col)
            .map(|c| c.label)
            .unwrap_or(col)
            .to_string(),
        TablePart::Appeals => {
            let group = crate::model::template::APPEAL_GROUPS
                .iter()
                .find(|g| g.key == row)
                .map(|g| g.label)
                .unwrap_or(row);
            let field = APPEAL_FIELDS
                .iter()
                .find(|c| c.key == col)
                .map(|c| c.label)
                .unwrap_or(col);
            format!("{group}{field}")
        }
        TablePart::Proactive => template
            .def()
            .proactive_row(row)
            .and_then(|d| d.fields.iter().find(|f| f.key == col))
            .map(|f| f.label)
            .unwrap_or(col)
            .to_string(),
    }
}
