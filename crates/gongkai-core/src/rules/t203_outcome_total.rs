use crate::diagnostic::{Diagnostic, Text};
use crate::model::template::{RowRole, REQUEST_COLUMNS};
use crate::model::Report;
use crate::rules::arith::{column_caption, report_failures, request_term, Equation};
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A column of table 三 whose （七）总计 differs from the sum of all outcome rows
    /// （一）…（六） (21 rows in the 2021 template, 19 in the 2019 template).
    ///
    /// ## Why it matters
    /// Each application handled ends in exactly one outcome row: （二）部分公开 says so itself
    /// (“区分处理的，只计这一情形，不计其他情形”). So （七）总计 is the sum of the outcome rows,
    /// and a difference means a row was left out or counted twice.
    ///
    /// ## Example
    /// ```text
    /// （一）予以公开 3, （二）部分公开 1, all other outcome rows 0
    /// （七）总计 5                                  ← 3 + 1 ≠ 5
    /// ```
    ///
    /// ## Basis
    /// Both templates' row structure; template.md §3.1 R3-3 and R3-4.
    pub struct OutcomeTotal {
        code: "T203",
        name: "outcome-total",
        severity: Error,
        summary: "申请情况表（七）总计不等于各项办理结果之和",
    }
}

/// One equation per column.
pub fn equations(report: &Report) -> Vec<Equation<'_>> {
    let Some(template) = report.template else {
        return Vec::new();
    };
    let mut eqs = Vec::new();
    for c in 0..REQUEST_COLUMNS.len() {
        let outcomes: Option<Vec<_>> = template
            .def()
            .request_rows
            .iter()
            .filter(|r| r.role == RowRole::Outcome)
            .map(|r| request_term(report, r.key, c, (r.label, r.key)))
            .collect();
        let total = request_term(report, "total", c, ("（七）总计", "total"));
        let (Some(outcomes), Some(total)) = (outcomes, total) else {
            continue;
        };
        eqs.push(Equation {
            lhs: vec![total],
            rhs: outcomes,
            scope: column_caption(c),
        });
    }
    eqs
}

impl Rule for OutcomeTotal {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>) {
        let mut found = Vec::new();
        report_failures(
            &Self::META,
            &equations(report),
            |eq, l, r| {
                (
                    Text::new(
                        format!("“{}”列：（七）总计为 {l}，各项办理结果之和为 {r}", eq.scope.0),
                        format!("column “{}”: （七）总计 is {l}, the outcome rows add up to {r}", eq.scope.1),
                    ),
                    Text::new("每件申请只计入一种办理结果，（七）总计应等于（一）至（六）各行之和", "each application has exactly one outcome; the total is the sum of rows （一） to （六）"),
                )
            },
            &mut found,
        );
        // Only the total and the non-zero outcome cells get carets; the cell list stays whole.
        for mut d in found {
            d.labels
                .retain(|l| l.text.zh == "（七）总计" || !is_zero_at(report, l.span));
            out.push(d);
        }
    }
}

fn is_zero_at(report: &Report, span: crate::model::Span) -> bool {
    report
        .requests
        .iter()
        .flat_map(|t| t.rows.iter())
        .flat_map(|r| r.cells.iter())
        .find(|c| c.span == span)
        .and_then(|c| c.number())
        .map(|d| d.is_zero())
        .unwrap_or(false)
}
