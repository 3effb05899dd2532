use crate::diagnostic::{Diagnostic, Text};
use crate::model::template::TOTAL_COLUMN;
use crate::model::Report;
use crate::rules::arith::{column_caption, report_failures, request_term, Equation};
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A row of table 三 whose 总计 column differs from the sum of the six applicant columns
    /// (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他).
    ///
    /// ## Why it matters
    /// 总计 stands beside the applicant columns under 申请人情况: each application belongs to
    /// exactly one applicant column, so the total must be their sum. A difference is a typo
    /// or a misfiled applicant.
    ///
    /// ## Example
    /// ```text
    /// （一）予以公开   5   1   0   0   0   0   7   ← 5 + 1 ≠ 7
    /// ```
    ///
    /// ## Basis
    /// The column structure of both templates; template.md §3.1 R3-2.
    pub struct RowTotal {
        code: "T202",
        name: "row-total",
        severity: Error,
        summary: "申请情况表某行的总计不等于六类申请人之和",
    }
}

/// One equation per row of table 三.
pub fn equations(report: &Report) -> Vec<Equation<'_>> {
    let (Some(template), Some(_)) = (report.template, report.requests.as_ref()) else {
        return Vec::new();
    };
    let mut eqs = Vec::new();
    for def in template.def().request_rows {
        let parts: Option<Vec<_>> = (0..TOTAL_COLUMN)
            .map(|c| request_term(report, def.key, c, column_caption(c)))
            .collect();
        let total = request_term(report, def.key, TOTAL_COLUMN, ("总计", "total"));
        let (Some(parts), Some(total)) = (parts, total) else {
            continue;
        };
        eqs.push(Equation {
            lhs: vec![total],
            rhs: parts,
            scope: (def.label, def.key),
        });
    }
    eqs
}

impl Rule for RowTotal {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>) {
        report_failures(
            &Self::META,
            &equations(report),
            |eq, l, r| {
                (
                    Text::new(
                        format!("“{}”行：总计为 {l}，六类申请人之和为 {r}", eq.scope.0),
                        format!(
                            "row “{}”: the total is {l}, the six applicant columns add up to {r}",
                            eq.scope.1
                        ),
                    ),
                    Text::new(
                        "每件申请只计入一类申请人，总计应等于各列之和",
                        "each application counts in exactly one applicant column",
                    ),
                )
            },
            out,
        );
    }
}
