use crate::diagnostic::{Diagnostic, Text};
use crate::model::template::REQUEST_COLUMNS;
use crate::model::{Report, TablePart};
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A table of the template that is absent from the report, or a row of a table that is
    /// absent (e.g. table 三 without 四、结转下年度继续办理).
    ///
    /// ## Why it matters
    /// Every row and table of the format is required: leaving rows out hides outcomes and
    /// breaks the arithmetic the template prints (“严禁擅自删减报告事项”).
    ///
    /// ## Example
    /// A 2021-format table 三 that stops after （五）不予处理, without the three （六） rows and
    /// （七）总计.
    ///
    /// ## Basis
    /// The tables of both formats; template.md §1.6, §2.3–2.5, §5.1 E3.
    pub struct MissingRow {
        code: "S105",
        name: "missing-row",
        severity: Error,
        summary: "缺少法定表格或表格中的行",
    }
}

impl Rule for MissingRow {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>) {
        let Some(template) = report.template else {
            out.push(
                Diagnostic::new(
                    &Self::META,
                    Text::new(
                        "没有找到任何法定统计表",
                        "none of the statutory tables was found",
                    ),
                )
                .help(Text::new(
                    "报告应包含第二、三、四部分的统计表",
                    "the report must contain the tables of parts 二, 三 and 四",
                )),
            );
            return;
        };
        let def = template.def();
        for part in TablePart::ALL {
            let Some(table) = report.table(part) else {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        Text::new(
                            format!("缺少“{}”", part.name_zh()),
                            format!("the {} table is missing", part.key()),
                        ),
                    )
                    .help(Text::new(
                        format!("在第{}部分填写该表", part.section()),
                        format!("add the table in part {}", part.section()),
                    )),
                );
                continue;
            };
            // (row key, label, the row's cell paths — formatted only when the row is missing).
            let expected: Vec<(&str, &str, Vec<&str>)> = match part {
                TablePart::Proactive => def
                    .proactive
                    .iter()
                    .map(|r| (r.key, r.label, r.fields.iter().map(|f| f.key).collect()))
                    .collect(),
                TablePart::Requests => def
                    .request_rows
                    .iter()
                    .map(|r| {
                        (
                            r.key,
                            r.label,
                            REQUEST_COLUMNS.iter().map(|c| c.key).collect(),
                        )
                    })
                    .collect(),
                TablePart::Appeals => Vec::new(),
            };
            for (key, label, cells) in expected {
                if table.row(key).is_none() {
                    out.push(
                        Diagnostic::new(
                            &Self::META,
                            Text::new(
                                format!("“{}”缺少“{}”行", part.name_zh(), label),
                                format!("the {} table lacks the row “{}”", part.key(), label),
                            ),
                        )
                        .label(
                            table.span,
                            Text::new("该表从这里开始", "the table starts here"),
                        )
                        .cells(cells.iter().map(|c| format!("{}.{key}.{c}", part.key()))),
                    );
                }
            }
        }
    }
}
