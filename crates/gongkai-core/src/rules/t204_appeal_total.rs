use crate::diagnostic::{Diagnostic, Text};
use crate::model::template::{APPEAL_FIELDS, APPEAL_GROUPS};
use crate::model::Report;
use crate::rules::arith::{appeal_term, report_failures, Equation};
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A group of table 四 (行政复议; 行政诉讼·未经复议直接起诉; 行政诉讼·复议后起诉) whose 总计
    /// differs from 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
    ///
    /// ## Why it matters
    /// Every case is either decided (维持, 纠正, 其他) or pending; the four add up to the
    /// total. A difference is a typo or a case left out.
    ///
    /// ## Example
    /// ```text
    /// 行政复议: 结果维持 2, 结果纠正 0, 其他结果 0, 尚未审结 1, 总计 4   ← 2 + 0 + 0 + 1 ≠ 4
    /// ```
    ///
    /// ## Basis
    /// The table structure of both templates; template.md §3.2 R4-1 to R4-3. There is no total
    /// across 复议 and 诉讼, and none is invented.
    pub struct AppealTotal {
        code: "T204",
        name: "appeal-total",
        severity: Error,
        summary: "行政复议、行政诉讼表中的总计不等于维持 + 纠正 + 其他 + 尚未审结",
    }
}

/// One equation per group.
pub fn equations(report: &Report) -> Vec<Equation<'_>> {
    let mut eqs = Vec::new();
    for g in &APPEAL_GROUPS {
        let parts: Option<Vec<_>> = (0..4).map(|f| appeal_term(report, g.key, f)).collect();
        let total = appeal_term(report, g.key, APPEAL_FIELDS.len() - 1);
        let (Some(parts), Some(total)) = (parts, total) else {
            continue;
        };
        eqs.push(Equation {
            lhs: vec![total],
            rhs: parts,
            scope: (g.label, g.key),
        });
    }
    eqs
}

impl Rule for AppealTotal {
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
                        format!(
                            "“{}”：总计为 {l}，结果维持 + 结果纠正 + 其他结果 + 尚未审结 = {r}",
                            eq.scope.0
                        ),
                        format!(
                            "“{}”: the total is {l}, upheld + corrected + other + pending = {r}",
                            eq.scope.1
                        ),
                    ),
                    Text::new(
                        "每个案件或已审结（维持、纠正、其他），或尚未审结",
                        "every case is decided (upheld, corrected, other) or pending",
                    ),
                )
            },
            out,
        );
    }
}
