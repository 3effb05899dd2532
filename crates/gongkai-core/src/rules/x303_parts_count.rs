use crate::diagnostic::{Diagnostic, Text};
use crate::model::Report;
use crate::rules::narrative::{paragraphs, small_numeral};
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// The preface announces how many parts the report has (“本报告由…六部分组成”), and the
    /// report has another number of parts.
    ///
    /// ## Why it matters
    /// A report that announces 六部分 and shows five has dropped one (often 行政复议、行政诉讼),
    /// the defect “发布内容不全面”; the announcement makes the omission look deliberate.
    ///
    /// ## Example
    /// ```text
    /// 全文包括总体情况、主动公开政府信息情况…等六部分。
    /// 一、总体情况 … 五、存在的主要问题及改进情况      ← only five parts
    /// ```
    ///
    /// ## Basis
    /// template.md §3.4, §5.2 O1 (a published report announcing 六部分 with five).
    pub struct PartsCount {
        code: "X303",
        name: "parts-count",
        severity: Warning,
        summary: "前言所述部分数与实际不符",
    }
}

impl Rule for PartsCount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>) {
        for p in paragraphs(report) {
            if p.section > 1 {
                continue;
            }
            let Some(at) = p.text.find("部分") else {
                continue;
            };
            let before = &p.text[..at];
            let numeral = before.trim_end_matches(['个', ' ']).chars().last();
            let Some(stated) = numeral.and_then(small_numeral) else {
                continue;
            };
            // Only an announcement of the report's structure, not "部分公开".
            let context = &p.text[..at];
            if !["报告", "包括", "组成", "分为", "共"]
                .iter()
                .any(|k| context.contains(k))
                || p.text[at..].starts_with("部分公开")
            {
                continue;
            }
            let found = report.sections.len() as u32;
            if found != stated {
                let start = before
                    .char_indices()
                    .rev()
                    .find(|(_, c)| Some(*c) == numeral)
                    .map(|(i, _)| i)
                    .unwrap_or(at);
                let span = p.sub_span(start, at + "部分".len());
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        Text::new(
                            format!("前言称报告共 {stated} 部分，但正文只找到 {found} 部分"),
                            format!(
                                "the preface announces {stated} parts, but the report has {found}"
                            ),
                        ),
                    )
                    .label(
                        span,
                        Text::new(format!("称 {stated} 部分"), format!("announces {stated}")),
                    )
                    .help(Text::new(
                        "补齐缺少的部分，或改正前言",
                        "add the missing parts or correct the preface",
                    )),
                );
            }
            return;
        }
    }
}
