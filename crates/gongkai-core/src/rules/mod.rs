//! The rule registry. One rule = one file = one code, with its documentation in fixed sections
//! (What it finds / Why it matters / Example / Basis) written as the doc comment of the rule,
//! which `gongkai rule CODE` prints.
//!
//! Rules are pure functions of a [`Report`]: they never fail and never change the report.
//! A rule whose inputs include a blank or a placeholder does not compute: it leaves the
//! equation to [`t205_blank_cell`], which says which cells blocked it.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Report;

pub mod arith;
pub mod narrative;

mod p001_parse_note;
mod s101_missing_section;
mod s102_section_order;
mod s103_label_mismatch;
mod s104_template_year_mismatch;
mod s105_missing_row;
mod t201_request_balance;
mod t202_row_total;
mod t203_outcome_total;
mod t204_appeal_total;
mod t205_blank_cell;
mod t206_invalid_value;
mod x301_narrative_mismatch;
mod x302_period_mismatch;
mod x303_parts_count;

pub use p001_parse_note::ParseNote;
pub use s101_missing_section::MissingSection;
pub use s102_section_order::SectionOrder;
pub use s103_label_mismatch::LabelMismatch;
pub use s104_template_year_mismatch::TemplateYearMismatch;
pub use s105_missing_row::MissingRow;
pub use t201_request_balance::RequestBalance;
pub use t202_row_total::RowTotal;
pub use t203_outcome_total::OutcomeTotal;
pub use t204_appeal_total::AppealTotal;
pub use t205_blank_cell::BlankCell;
pub use t206_invalid_value::InvalidValue;
pub use x301_narrative_mismatch::NarrativeMismatch;
pub use x302_period_mismatch::PeriodMismatch;
pub use x303_parts_count::PartsCount;

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line, Chinese.
    pub summary: &'static str,
    /// The rule's documentation (its doc comment), Markdown.
    pub doc: &'static str,
}

/// A rule: metadata and a check.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>);
}

/// Declare a rule struct; its doc comment becomes `RuleMeta::doc`.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $kebab:literal,
            severity: $sev:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;
        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $kebab,
                severity: $crate::diagnostic::Severity::$sev,
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}
pub(crate) use declare_rule;

/// Every rule, in code order. Codes are never reused.
pub static RULES: &[&dyn Rule] = &[
    &ParseNote,
    &MissingSection,
    &SectionOrder,
    &LabelMismatch,
    &TemplateYearMismatch,
    &MissingRow,
    &RequestBalance,
    &RowTotal,
    &OutcomeTotal,
    &AppealTotal,
    &BlankCell,
    &InvalidValue,
    &NarrativeMismatch,
    &PeriodMismatch,
    &PartsCount,
];

/// Look a rule up by code (`T201`) or name (`request-balance`).
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code_or_name) || r.meta().name == code_or_name)
}

/// Run every rule; diagnostics come out ordered by place, then code.
pub fn check(report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in RULES {
        rule.check(report, &mut out);
    }
    out.sort_by_key(|d| (d.primary.map(|s| s.start).unwrap_or(u32::MAX), d.code));
    out
}

/// Does any diagnostic have error severity?
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_ordered() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.meta().code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn every_rule_documents_the_fixed_sections() {
        for r in RULES {
            let doc = r.meta().doc;
            for section in [
                "## What it finds",
                "## Why it matters",
                "## Example",
                "## Basis",
            ] {
                assert!(doc.contains(section), "{} lacks {section}", r.meta().code);
            }
        }
    }

    #[test]
    fn find_by_code_or_name() {
        assert_eq!(find("t201").unwrap().meta().name, "request-balance");
        assert_eq!(find("row-total").unwrap().meta().code, "T202");
        assert!(find("Z999").is_none());
    }
}
