//! Renderers: the report JSON contract, diagnostics as rustc-style text and as SARIF, and the
//! report itself (text layouts, the printed layout, HTML).

pub mod html;
pub mod json;
pub mod layout;
pub mod report_text;
pub mod sarif;
pub mod text;
