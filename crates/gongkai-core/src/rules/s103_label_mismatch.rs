use crate::diagnostic::{Diagnostic, Text};
use crate::model::template::REQUEST_COLUMNS;
use crate::model::Report;
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A row or column label that differs from the template's wording (a typo, missing or
    /// extra characters), once gongkai has matched it to a template label. The finding names
    /// the label it was matched to.
    ///
    /// ## Why it matters
    /// The labels are statutory text. A misspelt label (“本年度止件数” for “本年废止件数”) or a
    /// shortened one (“其他法律法规禁止公开” for “其他法律行政法规禁止公开”) shows the table was
    /// retyped rather than copied, and changes what a row claims to count.
    ///
    /// ## Example
    /// ```text
    /// 信息内容  本年制发件数  本年度止件数  现行有效件数
    ///                         ^^^^^^^^^^^^ 是否应为“本年废止件数”？
    /// ```
    ///
    /// ## Basis
    /// The verbatim labels of 国办公开办函〔2019〕60号 and 〔2021〕30号; template.md §1.7, §2.6.
    /// Labels are compared after NFKC, with white space removed and “” / "" and 、 / ，
    /// treated alike (template.md §0.3), and an enumerator printed `1、` for the template's
    /// `1.` is the same label (agencies type it so as often as not; huaian-2024.pdf's （六）
    /// rows): only a difference in the wording is reported.
    pub struct LabelMismatch {
        code: "S103",
        name: "label-mismatch",
        severity: Warning,
        summary: "行或列标签与法定模板不一致",
    }
}

impl Rule for LabelMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>) {
        for m in report.labels.iter().filter(|m| !m.exact) {
            out.push(
                Diagnostic::new(
                    &Self::META,
                    Text::new(
                        format!("标签“{}”与模板不一致，应为“{}”", m.found, m.expected),
                        format!(
                            "label “{}” differs from the template's “{}”",
                            m.found, m.expected
                        ),
                    ),
                )
                .label(
                    m.span,
                    Text::new(
                        format!("模板为“{}”", m.expected),
                        format!("template: “{}”", m.expected),
                    ),
                )
                .help(Text::new(
                    format!("是否应为“{}”？", m.expected),
                    format!("did you mean “{}”?", m.expected),
                ))
                .cells(expand(report, &m.path)),
            );
        }
    }
}

/// Expand a label's path into the cells it heads.
fn expand(report: &Report, path: &str) -> Vec<String> {
    let mut cells = Vec::new();
    for p in path.split(',') {
        let parts: Vec<&str> = p.splitn(2, '.').collect();
        match parts.as_slice() {
            ["requests", rest] if rest.starts_with("*.") => {
                let col = &rest[2..];
                if let Some(t) = &report.requests {
                    cells.extend(t.rows.iter().map(|r| format!("requests.{}.{col}", r.key)));
                }
            }
            ["requests", row] => cells.extend(
                REQUEST_COLUMNS
                    .iter()
                    .map(|c| format!("requests.{row}.{}", c.key)),
            ),
            ["proactive", rest] if rest.contains('.') => cells.push(p.to_string()),
            ["proactive", row] => {
                if let Some(def) = report.template.and_then(|t| t.def().proactive_row(row)) {
                    cells.extend(
                        def.fields
                            .iter()
                            .map(|f| format!("proactive.{row}.{}", f.key)),
                    );
                }
            }
            ["appeals", _] => cells.push(p.to_string()),
            _ => {}
        }
    }
    cells
}
