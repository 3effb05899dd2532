use crate::diagnostic::{Diagnostic, Text};
use crate::model::{Report, Template};
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A report for 2021 or later whose tables follow the 2019 format, or a report for 2019
    /// or 2020 in the 2021 format. The format is read from the tables (e.g. 本年新制作数量,
    /// 第二十条第（九）项, a single （六）其他处理 row → 2019), not from the year.
    ///
    /// ## Why it matters
    /// 国办公开办函〔2021〕30号 replaced the 2019 format from the 2021 reports on. Using the old
    /// template is the defect “未使用统一格式”: the tables then count different things
    /// (items instead of decisions, fee items instead of amounts).
    ///
    /// ## Example
    /// A “2022年政府信息公开工作年度报告” whose part 二 has 本年新制作数量 / 对外公开总数量.
    ///
    /// ## Basis
    /// 国办公开办函〔2019〕60号 and 〔2021〕30号; template.md §2.6 “Telling the formats apart”,
    /// §5.1 E6.
    pub struct TemplateYearMismatch {
        code: "S104",
        name: "template-year-mismatch",
        severity: Error,
        summary: "报告年度与所用模板不符（2021年起应使用〔2021〕30号格式）",
    }
}

impl Rule for TemplateYearMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>) {
        let (Some(year), Some(template)) = (&report.year, report.template) else {
            return;
        };
        let expected = Template::for_year(year.value);
        if expected == template {
            return;
        }
        let at = report
            .proactive
            .as_ref()
            .or(report.requests.as_ref())
            .map(|t| t.span)
            .unwrap_or(year.span);
        out.push(
            Diagnostic::new(
                &Self::META,
                Text::new(
                    format!(
                        "{}年度报告应使用{}的格式，但表格使用的是{}的格式",
                        year.value,
                        expected.notice(),
                        template.notice()
                    ),
                    format!(
                        "a report for {} must use the {} format, but its tables follow {}",
                        year.value,
                        expected.as_str(),
                        template.as_str()
                    ),
                ),
            )
            .label(
                at,
                Text::new(
                    format!("{}格式的表格", template.as_str()),
                    format!("{} format", template.as_str()),
                ),
            )
            .label(year.span, Text::report_year(year.value))
            .help(Text::new(
                format!("按{}重新填报表格", expected.notice()),
                format!("redo the tables in the {} format", expected.as_str()),
            )),
        );
    }
}
