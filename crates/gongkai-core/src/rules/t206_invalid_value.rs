use crate::diagnostic::{Diagnostic, Text};
use crate::model::template::{Kind, Template};
use crate::model::{Cell, CellValue, Report, TablePart, Unit};
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A cell whose value cannot be right for its column: a negative count, a fraction where a
    /// count belongs, text that is not a number, or a 2021 收费金额 written in 元 instead of the
    /// 万元 the template prints.
    ///
    /// ## Why it matters
    /// Counts of applications, cases and documents are whole non-negative numbers. Only the
    /// 2019 `本年增/减` may be negative. A fee in 元 in a 万元 column overstates it ten-thousandfold.
    ///
    /// ## Example
    /// ```text
    /// 行政许可   -3            ← a negative count
    /// 行政事业性收费   12000元  ← 2021 template: 本年收费金额（单位：万元）
    /// ```
    ///
    /// ## Basis
    /// template.md §3.3 R2-2, R2-4; the labels of both templates; peers.md §4 T2-NN.
    pub struct InvalidValue {
        code: "T206",
        name: "invalid-value",
        severity: Error,
        summary: "单元格数值不合法：负数、小数计数、非数字文字或金额单位错误",
    }
}

impl Rule for InvalidValue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>) {
        let Some(template) = report.template else {
            return;
        };
        for part in TablePart::ALL {
            let Some(table) = report.table(part) else {
                continue;
            };
            for row in &table.rows {
                for (i, cell) in row.cells.iter().enumerate() {
                    let Some((col, kind)) = part.column(template, row.key, i) else {
                        continue;
                    };
                    if let Some((zh, en)) = problem(template, kind, cell) {
                        let path = format!("{}.{}.{col}", part.key(), row.key);
                        out.push(
                            Diagnostic::new(
                                &Self::META,
                                Text::new(
                                    format!("单元格“{}”{zh}", cell.raw),
                                    format!("cell “{}” {en}", cell.raw),
                                ),
                            )
                            .label(cell.span, Text::new(zh, en))
                            .help(Text::new(help_zh(kind), help_en(kind)))
                            .cells([path]),
                        );
                    }
                }
            }
        }
    }
}

fn problem(template: Template, kind: Kind, cell: &Cell) -> Option<(&'static str, &'static str)> {
    match (&cell.value, kind) {
        (CellValue::Unreadable(_), _) => Some(("不是数字", "is not a number")),
        (CellValue::Number(d), Kind::Count) if d.is_negative() => {
            Some(("计数不能为负数", "a count cannot be negative"))
        }
        (CellValue::Number(d), Kind::Count | Kind::SignedCount) if !d.is_integer() => {
            Some(("计数应为整数", "a count must be a whole number"))
        }
        (CellValue::Number(d), Kind::Money) if d.is_negative() => {
            Some(("金额不能为负数", "an amount cannot be negative"))
        }
        (CellValue::Number(_), Kind::Money)
            if template == Template::T2021 && cell.unit == Some(Unit::Yuan) =>
        {
            Some((
                "以“元”为单位，而模板规定单位为万元",
                "is written in 元 but the template's unit is 万元",
            ))
        }
        _ => None,
    }
}

fn help_zh(kind: Kind) -> &'static str {
    match kind {
        Kind::Count => "填写非负整数",
        Kind::SignedCount => "填写整数（可为负数）",
        Kind::Money => "填写以万元为单位的非负数",
    }
}

fn help_en(kind: Kind) -> &'static str {
    match kind {
        Kind::Count => "write a non-negative whole number",
        Kind::SignedCount => "write a whole number (may be negative)",
        Kind::Money => "write a non-negative amount in 万元",
    }
}
