//! Renderers: the report JSON contract, diagnostics as rustc-style text and as SARIF.

pub mod json;
pub mod report_text;
pub mod sarif;
pub mod text;
