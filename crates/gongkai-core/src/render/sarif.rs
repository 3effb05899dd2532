//! Diagnostics as a SARIF 2.1.0 log (for code-scanning tools and CI annotations).

use crate::diagnostic::{Diagnostic, Lang, Severity};
use crate::model::LineIndex;
use crate::rules::RULES;
use serde_json::{json, Value};

/// Accumulates results from several files; [`Sarif::finish`] writes the log.
#[derive(Default)]
pub struct Sarif {
    results: Vec<Value>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

impl Sarif {
    pub fn add(
        &mut self,
        path: &str,
        text: &str,
        lines: &LineIndex,
        diags: &[Diagnostic],
        lang: Lang,
    ) {
        for d in diags {
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": {"text": d.message.get(lang)},
                "properties": {"name": d.name, "cells": d.cells},
            });
            let mut loc = json!({"physicalLocation": {"artifactLocation": {"uri": path}}});
            if let Some(span) = d.primary {
                let (sl, sc) = lines.line_col(text, span.start);
                let (el, ec) = lines.line_col(text, span.end.max(span.start));
                loc["physicalLocation"]["region"] = json!({"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec.max(sc + u32::from(span.is_empty()))});
            }
            result["locations"] = json!([loc]);
            self.results.push(result);
        }
    }

    pub fn finish(self) -> Value {
        let rules: Vec<Value> = RULES
            .iter()
            .map(|r| {
                let m = r.meta();
                json!({
                    "id": m.code,
                    "name": m.name,
                    "shortDescription": {"text": m.summary},
                    "fullDescription": {"text": m.doc.trim()},
                    "defaultConfiguration": {"level": level(m.severity)},
                })
            })
            .collect();
        json!({
            "version": "2.1.0",
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": [{
                "tool": {"driver": {"name": "gongkai", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
                "results": self.results,
            }],
        })
    }
}
