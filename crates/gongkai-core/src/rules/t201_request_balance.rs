use crate::diagnostic::{Diagnostic, Text};
use crate::model::template::REQUEST_COLUMNS;
use crate::model::Report;
use crate::rules::arith::{column_caption, report_failures, request_term, show_sum, Equation};
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A column of table 三 that does not balance: 一、本年新收 + 二、上年结转 ≠ （七）总计 +
    /// 四、结转下年度继续办理. Checked for each of the seven columns.
    ///
    /// ## Why it matters
    /// The template prints this relation inside the table
    /// (“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”). A column that does not
    /// balance means an application was lost, counted twice, or typed wrongly.
    ///
    /// ## Example
    /// ```text
    /// 一、本年新收政府信息公开申请数量   10 …
    /// 二、上年结转政府信息公开申请数量    2 …
    /// （七）总计                          11 …
    /// 四、结转下年度继续办理              0 …   ← 10 + 2 ≠ 11 + 0
    /// ```
    ///
    /// ## Basis
    /// The in-table note of both templates (国办公开办函〔2019〕60号, 〔2021〕30号);
    /// template.md §3.1 R3-1.
    pub struct RequestBalance {
        code: "T201",
        name: "request-balance",
        severity: Error,
        summary: "申请情况表某列不平衡：新收 + 上年结转 ≠ 办理结果总计 + 结转下年度",
    }
}

/// One equation per column.
pub fn equations(report: &Report) -> Vec<Equation<'_>> {
    let mut eqs = Vec::new();
    for c in 0..REQUEST_COLUMNS.len() {
        let t = |row: &'static str, zh: &'static str, en: &'static str| {
            request_term(report, row, c, (zh, en))
        };
        let (Some(a), Some(b), Some(x), Some(y)) = (
            t("new_received", "本年新收", "new"),
            t("carried_over", "上年结转", "carried over"),
            t("total", "办理结果总计", "total handled"),
            t("carried_forward", "结转下年度", "carried forward"),
        ) else {
            continue;
        };
        eqs.push(Equation {
            lhs: vec![a, b],
            rhs: vec![x, y],
            scope: column_caption(c),
        });
    }
    eqs
}

impl Rule for RequestBalance {
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
                            "“{}”列不平衡：本年新收 + 上年结转 = {}，办理结果总计 + 结转下年度 = {}",
                            eq.scope.0,
                            show_sum(&eq.lhs, l),
                            show_sum(&eq.rhs, r)
                        ),
                        format!(
                            "column “{}” does not balance: new + carried over = {}, total handled + carried forward = {}",
                            eq.scope.1,
                            show_sum(&eq.lhs, l),
                            show_sum(&eq.rhs, r)
                        ),
                    ),
                    Text::new(
                        "表内注明“第一项加第二项之和，等于第三项加第四项之和”，请核对这四个单元格",
                        "the table states that items one plus two equal items three plus four; check these four cells",
                    ),
                )
            },
            out,
        );
    }
}
