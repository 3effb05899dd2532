use crate::diagnostic::{Diagnostic, Text};
use crate::model::Report;
use crate::rules::narrative::{numbers, paragraphs};
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A statistics period stated in the text (“统计期限为2022年1月1日至12月31日”) whose year is
    /// not the report year, or a period that ends in another year than it starts.
    ///
    /// ## Why it matters
    /// The report covers one calendar year, 1月1日 to 12月31日 of the report year. A period
    /// copied from last year's report is the defect “内容雷同” and makes every number suspect.
    ///
    /// ## Example
    /// ```text
    /// 2023年政府信息公开工作年度报告
    /// 本报告中所列数据统计期限为2022年1月1日至12月31日。   ← 2022 ≠ 2023
    /// ```
    ///
    /// ## Basis
    /// DB51/T 2660—2019 §2.1 “年度报告统计时间段为上一年度1月1日至12月31日”; template.md §1.5,
    /// §3.4.
    pub struct PeriodMismatch {
        code: "X302",
        name: "period-mismatch",
        severity: Warning,
        summary: "正文所述统计期限与报告年度不符",
    }
}

impl Rule for PeriodMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>) {
        let Some(year) = &report.year else { return };
        for p in paragraphs(report) {
            if p.section > 1 {
                continue;
            }
            let nums = numbers(p.text);
            for (i, n) in nums.iter().enumerate() {
                // YYYY年 1月 1日
                let starts_period = n.unit == Some('年')
                    && nums
                        .get(i + 1)
                        .map(|m| m.value.to_i64() == Some(1) && m.unit == Some('月'))
                        .unwrap_or(false)
                    && nums
                        .get(i + 2)
                        .map(|m| m.value.to_i64() == Some(1) && m.unit == Some('日'))
                        .unwrap_or(false);
                if !starts_period {
                    continue;
                }
                let Some(stated) = n.value.to_i64() else {
                    continue;
                };
                // An explicit end year, if written: … 至 YYYY年12月31日.
                let end = nums[i + 3..]
                    .windows(3)
                    .take(2)
                    .find(|w| {
                        w[0].unit == Some('年')
                            && w[1].value.to_i64() == Some(12)
                            && w[2].value.to_i64() == Some(31)
                    })
                    .and_then(|w| w[0].value.to_i64());
                let bad_start = stated != year.value as i64;
                let bad_end = end.map(|e| e != year.value as i64).unwrap_or(false);
                if !bad_start && !bad_end {
                    continue;
                }
                let shown = end
                    .map(|e| format!("{stated}年1月1日至{e}年12月31日"))
                    .unwrap_or(format!("{stated}年1月1日起"));
                let span = p.sub_span(n.start, n.after);
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        Text::new(
                            format!("统计期限“{shown}”与报告年度 {} 不符", year.value),
                            format!(
                                "the statistics period “{shown}” does not match the report year {}",
                                year.value
                            ),
                        ),
                    )
                    .label(
                        span,
                        Text::new(
                            format!("应为 {}", year.value),
                            format!("expected {}", year.value),
                        ),
                    )
                    .label(year.span, Text::report_year(year.value))
                    .help(Text::new(
                        format!("统计期限应为{0}年1月1日至{0}年12月31日", year.value),
                        format!(
                            "the period should be 1 January to 31 December {}",
                            year.value
                        ),
                    )),
                );
                return;
            }
        }
    }
}
