//! gongkai-core: the model of 政府信息公开工作年度报告 (both statutory templates), the parser
//! from source text, the rule registry and the renderers of diagnostics and reports.
//!
//! The crate does no I/O: callers hand it decoded text and get back a [`model::Report`] and
//! [`diagnostic::Diagnostic`]s. Pipeline: `parse::parse_text` → `rules::check` →
//! `render::{text, json, sarif}`.

pub mod copies;
pub mod diagnostic;
pub mod model;
pub mod parse;
pub mod render;
pub mod rules;
pub mod synth;

pub use diagnostic::{Diagnostic, Lang, Severity};
pub use model::{Report, Template};
