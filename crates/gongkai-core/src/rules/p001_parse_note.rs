use crate::diagnostic::{Diagnostic, Text};
use crate::model::Report;
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A decision the parser had to take about the source and wants a person to see: a row
    /// printed twice, a row with more cells than the template has columns (and which cells
    /// were taken), a recovered split of digits that ran together.
    ///
    /// ## Why it matters
    /// gongkai never repairs a report silently. When it has to choose how to read a damaged
    /// table, it says what it chose, so the reading can be checked against the original.
    ///
    /// ## Example
    /// ```text
    /// （七）总计   0  0  0  0  0  0  0  0     ← 8 cells for 7 columns
    /// ```
    ///
    /// ## Basis
    /// Our own invariant (ARCHITECTURE.md: “never repair the source”); peers.md §5.4.
    pub struct ParseNote {
        code: "P001",
        name: "parse-note",
        severity: Info,
        summary: "解析时作出的选择（多余单元格、重复行等），供人工核对",
    }
}

impl Rule for ParseNote {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>) {
        for n in &report.notes {
            out.push(
                Diagnostic::new(&Self::META, Text::new(n.zh.clone(), n.en.clone())).at(n.span),
            );
        }
    }
}
