//! Source text → [`Report`]. Parsing never fails: it returns the model it could build, with
//! notes for what it had to decide.
//!
//! Phases: [`scan`] (text → logical rows of cells with byte ranges), [`assemble`] (rows →
//! parts, template, tables, title, agency, year). Readers of other formats produce the same
//! rows and call [`from_rows`].

pub mod assemble;
pub mod layout;
pub mod matcher;
pub mod normalize;
pub mod reline;
pub mod scan;
pub mod split;
pub mod stacked;
mod traditional;
pub mod value;

use crate::model::{Report, SourceInfo};

/// Parse a text report (any of the text layouts; see [`scan`]).
pub fn parse_text(text: &str, source: SourceInfo) -> Report {
    let rows = stacked::regroup(text, layout::realign(text, scan::scan_text(text)));
    let before = rows.len();
    let rows = reline::reline(rows);
    let run_together = rows.len() != before;
    assemble::assemble_with(text, &rows, source, run_together)
}

/// Assemble a report from rows produced by another reader; spans point into `text`.
pub fn from_rows(text: &str, rows: &[scan::RawRow<'_>], source: SourceInfo) -> Report {
    assemble::assemble(text, rows, source)
}
