//! `gongkai eval DIR`: score the parser against expected JSON files.
//!
//! A report `DIR/NAME.EXT` is scored when an expected file exists as `DIR/expected/NAME.EXT.json`
//! (the samples layout), `DIR/expected/NAME.json` (the seeds layout) or `DIR/NAME.EXT.json`.
//! Expected files hold `year`, `template`, `agency_contains`, the three tables (cells as numbers,
//! `null` for blank, or the string `"unscored"`), `expect_codes`, `forbid_codes` and
//! `forbid_severity`.

use anyhow::{Context, Result};
use gongkai_core::model::template::REQUEST_COLUMNS;
use gongkai_core::model::CellValue;
use gongkai_core::render;
use gongkai_core::Lang;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Counts of one file or the total.
#[derive(Default, Clone, Copy)]
struct Score {
    cells: usize,
    cells_ok: usize,
    /// Of the cells missed, those not read (`null`: refused with a P001 note, or not found),
    /// as against misread.
    cells_unread: usize,
    meta: usize,
    meta_ok: usize,
    codes: usize,
    codes_ok: usize,
}

impl Score {
    fn add(&mut self, o: Score) {
        self.cells += o.cells;
        self.cells_ok += o.cells_ok;
        self.cells_unread += o.cells_unread;
        self.meta += o.meta;
        self.meta_ok += o.meta_ok;
        self.codes += o.codes;
        self.codes_ok += o.codes_ok;
    }
    fn pct(ok: usize, n: usize) -> f64 {
        if n == 0 {
            100.0
        } else {
            ok as f64 * 100.0 / n as f64
        }
    }
    fn line(&self) -> String {
        // A cell not read (null) is not a wrong number: say which the misses are.
        let missed = if self.cells_ok < self.cells {
            format!(
                "; {} wrong, {} not read",
                self.cells - self.cells_ok - self.cells_unread,
                self.cells_unread
            )
        } else {
            String::new()
        };
        format!(
            "cells {}/{} ({:.2}%{missed})  template+year+agency {}/{}  codes {}/{}",
            self.cells_ok,
            self.cells,
            Self::pct(self.cells_ok, self.cells),
            self.meta_ok,
            self.meta,
            self.codes_ok,
            self.codes
        )
    }
    fn worst(&self) -> f64 {
        Self::pct(self.cells_ok, self.cells)
            .min(Self::pct(self.meta_ok, self.meta))
            .min(Self::pct(self.codes_ok, self.codes))
    }
}

fn expected_for(report: &Path) -> Option<PathBuf> {
    let dir = report.parent()?;
    let name = report.file_name()?.to_str()?;
    let stem = report.file_stem()?.to_str()?;
    [
        dir.join("expected").join(format!("{name}.json")),
        dir.join("expected").join(format!("{stem}.json")),
        dir.join(format!("{name}.json")),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

pub fn run(dirs: &[PathBuf], min: f64, alone: bool) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut total = Score::default();
    let mut files = 0;
    let mut failures = Vec::new();
    let scored = crate::walk::files(dirs).filter(|p| match p {
        Ok(p) => expected_for(p).is_some(),
        Err(_) => true,
    });
    let alone = alone || crate::run::one_file(dirs);
    crate::run::each_file(scored, alone, &mut out, |file| {
        let mut buf = Vec::new();
        let (path, loaded) = match file {
            Ok(f) => {
                for d in &f.decided {
                    // Said first: the score below counts these cells as read.
                    writeln!(
                        buf,
                        "{}: {} cells decided by another copy of the same report, {}",
                        f.path.display(),
                        d.cells,
                        d.from
                    )?;
                }
                (f.path, Ok(f.loaded))
            }
            Err(crate::run::Failed {
                path: Some(path),
                error,
            }) => (path, Err(format!("{error:#}"))),
            Err(crate::run::Failed { path: None, error }) => return Err(error),
        };
        let expected_path = expected_for(&path).context("期望文件不见了")?;
        let expected: Value = serde_json::from_slice(&std::fs::read(&expected_path)?)
            .with_context(|| format!("期望文件不是有效的 JSON：{}", expected_path.display()))?;
        files += 1;
        let (score, problems) = match loaded {
            Ok(loaded) => score(&loaded, &expected),
            Err(e) => (unreadable(&expected), vec![e]),
        };
        writeln!(buf, "{}: {}", path.display(), score.line())?;
        for p in &problems {
            writeln!(buf, "    {p}")?;
        }
        if score.worst() < min {
            failures.push(path.display().to_string());
        }
        total.add(score);
        Ok(buf)
    })?;
    writeln!(out, "total ({files} files): {}", total.line())?;
    if files == 0 {
        anyhow::bail!("没有找到带期望值的报告（NAME.EXT 旁的 expected/NAME.EXT.json）");
    }
    if total.worst() < min {
        writeln!(out, "below {min}%: {}", failures.join(", "))?;
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// A file that could not be read scores nothing.
fn unreadable(expected: &Value) -> Score {
    let mut s = Score::default();
    let mut n = 0;
    for key in ["proactive", "requests", "appeals"] {
        count_leaves(&expected[key], &mut n);
    }
    s.cells = n;
    // Refused, not misread: no number of it is wrong.
    s.cells_unread = n;
    s.meta = 3;
    s.codes = expected["expect_codes"]
        .as_array()
        .map(|a| a.len())
        .unwrap_or(0);
    s
}

fn count_leaves(v: &Value, n: &mut usize) {
    match v {
        Value::Object(o) => o
            .iter()
            .filter(|(k, _)| *k != "columns")
            .for_each(|(_, v)| count_leaves(v, n)),
        Value::Array(a) => a.iter().for_each(|v| count_leaves(v, n)),
        Value::String(s) if s == "unscored" => {}
        _ => *n += 1,
    }
}

fn score(loaded: &gongkai_formats::Loaded, expected: &Value) -> (Score, Vec<String>) {
    let diags = gongkai_core::rules::check(&loaded.report);
    let got = render::json::report(&loaded.report, &diags, Lang::Zh);
    let mut s = Score::default();
    let mut problems = Vec::new();
    for key in ["template", "year"] {
        s.meta += 1;
        if got[key] == expected[key] {
            s.meta_ok += 1;
        } else {
            problems.push(format!(
                "{key}: expected {}, got {}",
                expected[key], got[key]
            ));
        }
    }
    s.meta += 1;
    match expected["agency_contains"].as_str() {
        Some(want)
            if !got["agency"]
                .as_str()
                .map(|a| a.contains(want))
                .unwrap_or(false) =>
        {
            problems.push(format!(
                "agency: expected to contain {want}, got {}",
                got["agency"]
            ));
        }
        _ => s.meta_ok += 1,
    }
    let value = |path: &str| {
        loaded
            .report
            .cell(&model_path(path))
            .map(|c| c.value.clone())
    };
    for key in ["proactive", "requests", "appeals"] {
        compare(
            &expected[key],
            &got[key],
            key,
            &value,
            &mut s,
            &mut problems,
        );
    }
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    for want in expected["expect_codes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
    {
        s.codes += 1;
        if codes.contains(&want) {
            s.codes_ok += 1;
        } else {
            problems.push(format!("expected code {want} not found"));
        }
    }
    for forbid in expected["forbid_codes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
    {
        s.codes += 1;
        if codes.contains(&forbid) {
            problems.push(format!("forbidden code {forbid} found"));
        } else {
            s.codes_ok += 1;
        }
    }
    if let Some(sev) = expected["forbid_severity"].as_str() {
        s.codes += 1;
        let bad: Vec<&str> = diags
            .iter()
            .filter(|d| d.severity.as_str() == sev)
            .map(|d| d.code)
            .collect();
        if bad.is_empty() {
            s.codes_ok += 1;
        } else {
            problems.push(format!("forbidden severity {sev}: {}", bad.join(", ")));
        }
    }
    (s, problems)
}

/// The model's cell path of a JSON path: `requests.rows.granted[6]` → `requests.granted.total`;
/// the other tables' paths are the same.
fn model_path(json: &str) -> String {
    let Some(rest) = json.strip_prefix("requests.rows.") else {
        return json.to_string();
    };
    let Some((row, col)) = rest.strip_suffix(']').and_then(|r| r.split_once('[')) else {
        return json.to_string();
    };
    match col
        .parse::<usize>()
        .ok()
        .and_then(|i| REQUEST_COLUMNS.get(i))
    {
        Some(c) => format!("requests.{row}.{}", c.key),
        None => json.to_string(),
    }
}

fn compare(
    want: &Value,
    got: &Value,
    path: &str,
    value: &dyn Fn(&str) -> Option<CellValue>,
    s: &mut Score,
    problems: &mut Vec<String>,
) {
    match want {
        Value::Object(o) => {
            for (k, v) in o {
                if k == "columns" {
                    continue;
                }
                compare(
                    v,
                    got.get(k).unwrap_or(&Value::Null),
                    &format!("{path}.{k}"),
                    value,
                    s,
                    problems,
                );
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                compare(
                    v,
                    got.get(i).unwrap_or(&Value::Null),
                    &format!("{path}[{i}]"),
                    value,
                    s,
                    problems,
                );
            }
        }
        Value::String(x) if x == "unscored" => {}
        _ => {
            s.cells += 1;
            // A blank is read only where the cell was found blank: a refused cell or a row
            // not found is `null` in the JSON too, but not read.
            let same = match (want.as_f64(), got.as_f64()) {
                (Some(a), Some(b)) => a == b,
                _ if want.is_null() => matches!(
                    value(path),
                    Some(CellValue::Blank | CellValue::Placeholder(_))
                ),
                _ => want == got,
            };
            if same {
                s.cells_ok += 1;
            } else if got.is_null() {
                s.cells_unread += 1;
                if problems.len() < 12 {
                    let why = if matches!(value(path), Some(CellValue::Undecided(_))) {
                        "refused, P001"
                    } else {
                        "not found"
                    };
                    problems.push(format!("{path}: expected {want}, not read ({why})"));
                }
            } else if problems.len() < 64 {
                // Every wrong number is listed (up to 64), the cells not read up to 12.
                problems.push(format!("{path}: expected {want}, got {got}"));
            }
        }
    }
}
