//! `gongkai synth`: a synthetic corpus in every format gongkai reads, each file with its
//! expected JSON beside it (`NAME.EXT.json`, the `gongkai eval` layout).
//!
//! The values and narrative come from [`gongkai_core::synth`]; this module writes them in the
//! chosen formats (one format per report, in turn; with `--copies` every report in every
//! format, copies of one report) and writes the expected values: the
//! truth, the planted code when there is one, and for consistent reports that no error is
//! raised. Files are written in parallel on all cores; the corpus is the same for the same
//! seed whatever the number of threads.

use anyhow::{bail, Context, Result};
use gongkai_core::model::template::Kind;
use gongkai_core::model::values::ReportValues;
use gongkai_core::parse::split;
use gongkai_core::render::{html, json, report_text};
use gongkai_core::synth::{self, Templates};
use gongkai_core::Lang;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::ExitCode;

/// The formats, by name: (name, extension).
pub const FORMATS: &[(&str, &str)] = &[
    ("txt", "txt"),
    ("cells", "txt"),
    ("md", "md"),
    ("html", "html"),
    ("gbk", "html"),
    ("docx", "docx"),
    ("run", "txt"),
    ("pdf", "pdf"),
    ("pdf-chromium", "pdf"),
];

/// The formats written when none are named: all but `pdf-chromium`, which needs Chromium
/// (about a second a report). `pdf` is written directly, as 公文 software does (a
/// non-embedded Song font through the UniGB-UCS2-H CMap, no ToUnicode; ruled tables).
pub const DEFAULT_FORMATS: &str = "txt,cells,md,html,gbk,docx,run,pdf";

pub struct Options {
    pub count: u64,
    pub seed: u64,
    pub out: PathBuf,
    pub templates: Templates,
    pub formats: Vec<String>,
    pub noise: bool,
    pub errors: f64,
    /// Every report in every format: copies of one report, which `gongkai eval` reads in one
    /// run (the run-together text's ambiguous rows are then scored: its copies decide them).
    pub copies: bool,
}

pub fn parse_formats(list: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for f in list.split(',').map(str::trim).filter(|f| !f.is_empty()) {
        if !FORMATS.iter().any(|(n, _)| *n == f) {
            bail!(
                "未知的格式“{f}”；可选：{}",
                FORMATS
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join("、")
            );
        }
        out.push(f.to_string());
    }
    if out.is_empty() {
        bail!("至少要选一种格式");
    }
    Ok(out)
}

pub fn run(o: &Options) -> Result<ExitCode> {
    std::fs::create_dir_all(&o.out).with_context(|| format!("无法创建目录 {}", o.out.display()))?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let next = std::sync::atomic::AtomicU64::new(0);
    let planted = std::sync::atomic::AtomicU64::new(0);
    std::thread::scope(|s| -> Result<()> {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> Result<()> {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= o.count {
                            return Ok(());
                        }
                        if write_one(o, i)? {
                            planted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                })
            })
            .collect();
        for w in workers {
            w.join()
                .map_err(|_| anyhow::anyhow!("生成线程异常退出"))??;
        }
        Ok(())
    })?;
    eprintln!(
        "gongkai: 已在 {} 生成 {} 份报告（{}{}），其中 {} 份植入了不一致；每份旁有期望值 NAME.EXT.json，可用 gongkai eval 评估",
        o.out.display(),
        o.count,
        o.formats.join("、"),
        if o.copies { "，每种格式各一份" } else { "" },
        planted.into_inner()
    );
    Ok(ExitCode::SUCCESS)
}

/// Write report `i` (in its format, or with `copies` in every format); returns whether it has
/// a planted inconsistency.
fn write_one(o: &Options, i: u64) -> Result<bool> {
    let formats: Vec<&str> = if o.copies {
        o.formats.iter().map(String::as_str).collect()
    } else {
        vec![o.formats[(i % o.formats.len() as u64) as usize].as_str()]
    };
    // In run-together text a row that breaks its arithmetic cannot be cut at all (the parser
    // refuses it, P001): only narrative errors are planted there.
    let kinds: &[synth::Planted] = if formats.contains(&"run") {
        &[synth::Planted::Narrative]
    } else {
        &synth::Planted::ALL
    };
    let s = synth::report_with(o.seed, i, o.templates, o.errors, kinds);
    for format in formats {
        write_format(o, i, &s, format)?;
    }
    Ok(s.planted.is_some())
}

fn write_format(o: &Options, i: u64, s: &synth::Synth, format: &str) -> Result<()> {
    let ext = FORMATS
        .iter()
        .find(|(n, _)| *n == format)
        .map_or("txt", |f| f.1);
    let name = format!("{i:05}-{format}.{ext}");
    let path = o.out.join(&name);
    let v = &s.values;
    let bytes: Vec<u8> = match format {
        "txt" => noisy(report_text::write(v, report_text::Layout::Tabs), o.noise, i).into_bytes(),
        "cells" => report_text::write(v, report_text::Layout::CellPerLine).into_bytes(),
        "md" => noisy(
            report_text::write(v, report_text::Layout::Pipes),
            o.noise,
            i,
        )
        .into_bytes(),
        "html" => html::page(v).into_bytes(),
        "gbk" => {
            let page = html::page(v).replace("charset=\"utf-8\"", "charset=\"gbk\"");
            encoding_rs::GB18030.encode(&page).0.into_owned()
        }
        "docx" => gongkai_formats::docx_write::write(v),
        "run" => report_text::run_together(v).into_bytes(),
        "pdf" => gongkai_formats::pdf_plain::write(v),
        "pdf-chromium" => gongkai_formats::pdf_write::write(v)?,
        other => bail!("未知的格式 {other}"),
    };
    std::fs::write(&path, bytes).with_context(|| format!("无法写入 {}", path.display()))?;
    let expected = expected(v, s.planted.map(|p| p.code()), format == "run" && !o.copies);
    let json_path = o.out.join(format!("{name}.json"));
    std::fs::write(&json_path, serde_json::to_vec_pretty(&expected)?)
        .with_context(|| format!("无法写入 {}", json_path.display()))
}

/// The expected values in the `gongkai eval` layout: the contract's tables of the truth.
fn expected(v: &ReportValues, code: Option<&str>, run_together: bool) -> Value {
    let report = v.to_report();
    let full = json::report(&report, &[], Lang::Zh);
    let mut e = json!({
        "year": v.year,
        "template": v.template.as_str(),
        "agency_contains": v.agency,
        "proactive": full["proactive"],
        "requests": { "rows": full["requests"]["rows"] },
        "appeals": full["appeals"],
    });
    match code {
        Some(c) => e["expect_codes"] = json!([c]),
        None => e["forbid_severity"] = json!("error"),
    }
    if run_together {
        unscore_ambiguous(v, &mut e);
    }
    e
}

/// In run-together text, a row whose digits its own arithmetic cannot cut uniquely is refused
/// by the parser (never guessed): such rows are not scored. Table 三's columns may still
/// decide them; they are simply not counted either way.
fn unscore_ambiguous(v: &ReportValues, e: &mut Value) {
    let def = v.template.def();
    let digits = |cells: &[Option<gongkai_core::model::Decimal>]| -> String {
        cells
            .iter()
            .map(|c| c.map(|d| d.to_string()).unwrap_or_default())
            .collect()
    };
    let unique = |s: &str, kinds: &[Kind], groups: &[split::Group]| {
        kinds.len() < 2
            || matches!(split::splits_typed(s, kinds, groups, 2), split::Splits::Found(c) if c.len() == 1)
    };
    for (row, d) in v.proactive.iter().zip(def.proactive) {
        let kinds: Vec<Kind> = d.fields.iter().map(|f| f.kind).collect();
        if !unique(&digits(row), &kinds, &[]) {
            for f in d.fields {
                e["proactive"][d.key][f.key] = json!("unscored");
            }
        }
    }
    for (row, d) in v.requests.iter().zip(def.request_rows) {
        if !unique(&digits(row), &[Kind::Count; 7], &[(0, 7)]) {
            e["requests"]["rows"][d.key] = json!(vec!["unscored"; 7]);
        }
    }
    let all: Vec<_> = v.appeals.iter().flatten().copied().collect();
    if !unique(
        &digits(&all),
        &[Kind::Count; 15],
        &[(0, 5), (5, 5), (10, 5)],
    ) {
        e["appeals"] = json!("unscored");
    }
}

/// Light noise for the text layouts: full-width digits in some value cells, and a page
/// number line (`- 2 -`) before part 三.
fn noisy(text: String, on: bool, i: u64) -> String {
    if !on {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (k, line) in text.split_inclusive('\n').enumerate() {
        if line.starts_with("三、") {
            out.push_str("- 2 -\n");
        }
        if (k as u64 + i).is_multiple_of(7) && (line.contains('\t') || line.contains('|')) {
            out.extend(line.chars().map(|c| {
                if c.is_ascii_digit() {
                    char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)
                } else {
                    c
                }
            }));
        } else {
            out.push_str(line);
        }
    }
    out
}
