use crate::diagnostic::{Diagnostic, Text};
use crate::model::template::{SECTIONS, SECTION_NUMERALS};
use crate::model::{Report, TablePart};
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// Parts out of order (a heading whose part comes before the one above it), a heading
    /// numbered differently from the part its wording names, or a table printed outside its
    /// part (e.g. the 行政复议、行政诉讼 table placed before the heading 四).
    ///
    /// ## Why it matters
    /// Readers and tools find tables by their part. A table outside its part, or parts out of
    /// order, is how converters and hand-edited reports go wrong; it should be visible.
    ///
    /// ## Example
    /// ```text
    /// 三、收到和处理政府信息公开申请情况
    /// … table 三 …
    /// … table 四 …                ← printed before its heading
    /// 四、政府信息公开行政复议、行政诉讼情况
    /// ```
    ///
    /// ## Basis
    /// The order of parts in both formats; template.md §1.5.
    pub struct SectionOrder {
        code: "S102",
        name: "section-order",
        severity: Warning,
        summary: "部分顺序错误、标题编号不符，或表格不在其所属部分",
    }
}

impl Rule for SectionOrder {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>) {
        let mut last = 0u8;
        for s in &report.sections {
            let canonical = SECTIONS[(s.number - 1) as usize].heading;
            if s.number < last {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        Text::new(
                            format!("第{}部分出现在第{}部分之后", s.number, last),
                            format!("part {} comes after part {}", s.number, last),
                        ),
                    )
                    .label(s.heading_span, Text::new("顺序错误", "out of order")),
                );
            }
            last = last.max(s.number);
            let written = s
                .heading
                .trim()
                .chars()
                .next()
                .and_then(|c| SECTION_NUMERALS.iter().position(|&n| n == c));
            if let Some(w) = written {
                if w as u8 + 1 != s.number {
                    out.push(
                        Diagnostic::new(
                            &Self::META,
                            Text::new(
                                format!(
                                    "标题“{}”的编号与其内容（第{}部分）不符",
                                    s.heading, s.number
                                ),
                                format!(
                                    "heading “{}” is numbered differently from its part ({})",
                                    s.heading, s.number
                                ),
                            ),
                        )
                        .label(
                            s.heading_span,
                            Text::new(
                                format!("应为“{canonical}”"),
                                format!("expected “{canonical}”"),
                            ),
                        )
                        .help(Text::new(
                            format!("是否应为“{canonical}”？"),
                            format!("did you mean “{canonical}”?"),
                        )),
                    );
                }
            }
        }
        for part in TablePart::ALL {
            let Some(table) = report.table(part) else {
                continue;
            };
            let Some(home) = report.sections.iter().find(|s| s.number == part.section()) else {
                continue;
            };
            let inside = table.span.start >= home.span.start && table.span.start < home.span.end;
            if !inside {
                let heading = SECTIONS[(part.section() - 1) as usize].heading;
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        Text::new(
                            format!(
                                "“{}”不在其所属的第{}部分“{}”之内",
                                part.name_zh(),
                                part.section(),
                                heading
                            ),
                            format!(
                                "the {} table is outside its part {} “{}”",
                                part.key(),
                                part.section(),
                                heading
                            ),
                        ),
                    )
                    .label(
                        table.span,
                        Text::new("表格从这里开始", "the table starts here"),
                    )
                    .label(
                        home.heading_span,
                        Text::new("所属部分的标题", "the heading of its part"),
                    )
                    .help(Text::new(
                        "把表格移到其所属部分的标题之后",
                        "move the table below the heading of its part",
                    )),
                );
            }
        }
    }
}
