//! The report JSON contract `gongkai/report@1` (../shared/spec/report-json.md). Keys and their
//! order are stable.

use crate::diagnostic::{Diagnostic, Lang};
use crate::model::template::{Kind, APPEAL_FIELDS, APPEAL_GROUPS, REQUEST_COLUMNS};
use crate::model::{Cell, Report, Table};
use serde_json::{json, Map, Value};

pub const SCHEMA: &str = "gongkai/report@1";

/// A cell as a JSON number, or null for blank, placeholder and unreadable cells.
pub fn cell_json(cell: Option<&Cell>, kind: Kind) -> Value {
    let Some(d) = cell.and_then(|c| c.number()) else {
        return Value::Null;
    };
    match (d.to_i64(), kind) {
        (Some(i), _) => Value::from(i),
        (None, _) => serde_json::Number::from_f64(d.to_f64())
            .map(Value::Number)
            .unwrap_or(Value::Null),
    }
}

/// The report object with `diagnostics` filled from `diags`.
pub fn report(report: &Report, diags: &[Diagnostic], lang: Lang) -> Value {
    let mut o = Map::new();
    o.insert("schema".into(), json!(SCHEMA));
    o.insert(
        "source".into(),
        json!({
            "path": report.source.path,
            "sha256": report.source.sha256,
            "format": report.source.format,
            "encoding": report.source.encoding,
        }),
    );
    o.insert(
        "title".into(),
        report
            .title
            .as_ref()
            .map(|t| json!(t.value))
            .unwrap_or(Value::Null),
    );
    o.insert(
        "agency".into(),
        report
            .agency
            .as_ref()
            .map(|a| json!(a))
            .unwrap_or(Value::Null),
    );
    o.insert(
        "year".into(),
        report
            .year
            .as_ref()
            .map(|y| json!(y.value))
            .unwrap_or(Value::Null),
    );
    o.insert(
        "template".into(),
        report
            .template
            .map(|t| json!(t.as_str()))
            .unwrap_or(Value::Null),
    );
    o.insert(
        "sections".into(),
        Value::Array(
            report
                .sections
                .iter()
                .map(|s| json!({"number": s.number, "heading": s.heading, "text": s.text}))
                .collect(),
        ),
    );
    o.insert("proactive".into(), proactive(report));
    o.insert("requests".into(), requests(report));
    o.insert("appeals".into(), appeals(report));
    o.insert(
        "diagnostics".into(),
        Value::Array(diags.iter().map(|d| diagnostic(report, d, lang)).collect()),
    );
    Value::Object(o)
}

fn proactive(report: &Report) -> Value {
    let (Some(t), Some(table)) = (report.template, report.proactive.as_ref()) else {
        return Value::Null;
    };
    let mut o = Map::new();
    for def in t.def().proactive {
        let row = table.row(def.key);
        let mut fields = Map::new();
        for (i, f) in def.fields.iter().enumerate() {
            fields.insert(
                f.key.into(),
                cell_json(row.and_then(|r| r.cells.get(i)), f.kind),
            );
        }
        o.insert(def.key.into(), Value::Object(fields));
    }
    Value::Object(o)
}

fn requests(report: &Report) -> Value {
    let (Some(t), Some(table)) = (report.template, report.requests.as_ref()) else {
        return Value::Null;
    };
    let mut rows = Map::new();
    for def in t.def().request_rows {
        let row = table.row(def.key);
        let cells: Vec<Value> = (0..REQUEST_COLUMNS.len())
            .map(|c| cell_json(row.and_then(|r| r.cells.get(c)), Kind::Count))
            .collect();
        rows.insert(def.key.into(), Value::Array(cells));
    }
    json!({
        "columns": REQUEST_COLUMNS.iter().map(|c| c.key).collect::<Vec<_>>(),
        "rows": Value::Object(rows),
    })
}

fn appeals(report: &Report) -> Value {
    let Some(table) = report.appeals.as_ref() else {
        return Value::Null;
    };
    let mut o = Map::new();
    for g in &APPEAL_GROUPS {
        o.insert(g.key.into(), group(table, g.key));
    }
    Value::Object(o)
}

fn group(table: &Table, key: &str) -> Value {
    let row = table.row(key);
    let mut o = Map::new();
    for (i, f) in APPEAL_FIELDS.iter().enumerate() {
        o.insert(
            f.key.into(),
            cell_json(row.and_then(|r| r.cells.get(i)), Kind::Count),
        );
    }
    Value::Object(o)
}

/// One diagnostic in the contract's shape (plus `column` and `help`, which are additions).
pub fn diagnostic(report: &Report, d: &Diagnostic, lang: Lang) -> Value {
    let line = d.primary.map(|s| report.line_of(s));
    let mut v = json!({
        "code": d.code,
        "name": d.name,
        "severity": d.severity.as_str(),
        "message": d.message.get(lang),
        "line": line,
        "cells": d.cells,
        "help": d.help.as_ref().map(|h| h.get(lang)),
    });
    // DOCX and PDF: where the finding is in the document (the line is in the text view).
    if let Some(place) = d.primary.and_then(|s| report.place(s.start)) {
        v["place"] = Value::String(place.describe(lang == Lang::Zh));
    }
    v
}
