//! Renderers: the report JSON contract, diagnostics as rustc-style text and as SARIF.

pub mod json;
pub mod sarif;
pub mod text;
