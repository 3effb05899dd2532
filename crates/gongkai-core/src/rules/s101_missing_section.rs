use crate::diagnostic::{Diagnostic, Text};
use crate::model::template::SECTIONS;
use crate::model::Report;
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// One of the six statutory parts (一、总体情况 … 六、其他需要报告的事项) has no heading in
    /// the report.
    ///
    /// ## Why it matters
    /// 条例第五十条 lists what the annual report must contain, and the format fixes the six
    /// parts. A missing part is the defect “发布内容不全面 / 擅自删减报告事项”.
    ///
    /// ## Example
    /// A report that goes from 三、收到和处理政府信息公开申请情况 straight to
    /// 五、存在的主要问题及改进情况, without 四.
    ///
    /// ## Basis
    /// 条例第五十条; 国办公开办函〔2021〕30号 “不能遗漏”; template.md §1.5, §5.1 E3.
    pub struct MissingSection {
        code: "S101",
        name: "missing-section",
        severity: Error,
        summary: "缺少六个法定部分之一",
    }
}

impl Rule for MissingSection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>) {
        for s in &SECTIONS {
            if report.sections.iter().any(|x| x.number == s.number) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &Self::META,
                    Text::new(
                        format!("缺少第{}部分“{}”", s.number, s.heading),
                        format!("part {} “{}” is missing", s.number, s.heading),
                    ),
                )
                .help(Text::new(
                    format!("按法定格式补写“{}”", s.heading),
                    format!("add the part “{}”", s.heading),
                )),
            );
        }
    }
}
