//! `gongkai render`: a report in the statutory format from data.
//!
//! Input: a report JSON (the contract, so `parse` then `render` round-trips) or any report file
//! gongkai reads (text, HTML, DOCX, …), whose values are re-printed in the canonical layout.
//! Data that breaks T201–T204 is refused (the message lists the cells) unless
//! `--allow-inconsistent`: a report published with gongkai is consistent by construction.

use crate::RenderFormat;
use anyhow::{bail, Context, Result};
use gongkai_core::model::values::ReportValues;
use gongkai_core::render::report_text::{self, Layout};
use gongkai_core::rules;
use gongkai_core::{Lang, Severity};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The rules whose errors stop rendering.
const BALANCE: [&str; 4] = ["T201", "T202", "T203", "T204"];

/// Read the values to print from `input`.
pub fn read_values(input: &Path) -> Result<ReportValues> {
    let shown = input.display().to_string();
    let bytes = std::fs::read(input).with_context(|| format!("无法读取文件 {shown}"))?;
    if input
        .extension()
        .map(|e| e.eq_ignore_ascii_case("xlsx"))
        .unwrap_or(false)
    {
        return gongkai_formats::form::read(&bytes)
            .with_context(|| format!("无法读取填报表 {shown}"));
    }
    let is_json = input
        .extension()
        .map(|e| e.eq_ignore_ascii_case("json"))
        .unwrap_or(false)
        || bytes.trim_ascii_start().starts_with(b"{");
    if is_json {
        let v: serde_json::Value =
            serde_json::from_slice(&bytes).with_context(|| format!("{shown} 不是有效的 JSON"))?;
        return ReportValues::from_json(&v).map_err(|errors| {
            anyhow::anyhow!("{shown} 中的报告数据有误：\n  {}", errors.join("\n  "))
        });
    }
    let loaded = crate::load(input)?;
    ReportValues::from_report(&loaded.report)
        .with_context(|| format!("{shown} 中没有找到统计表格，无法判断模板"))
}

/// Refuse values that break the printed 勾稽关系 unless allowed; report blanks either way.
pub fn check_balance(values: &ReportValues, allow: bool) -> Result<()> {
    let report = values.to_report();
    let diags = rules::check(&report);
    let broken: Vec<_> = diags
        .iter()
        .filter(|d| BALANCE.contains(&d.code) && d.severity == Severity::Error)
        .collect();
    for d in diags.iter().filter(|d| d.code == "T205") {
        eprintln!("gongkai: 提示：{}", d.message.get(Lang::Zh));
    }
    if broken.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = broken
        .iter()
        .map(|d| {
            format!(
                "[{}] {}（{}）",
                d.code,
                d.message.get(Lang::Zh),
                d.cells.join("、")
            )
        })
        .collect();
    if allow {
        eprintln!(
            "gongkai: 警告：表格数据不平衡，按 --allow-inconsistent 照常生成：\n  {}",
            list.join("\n  ")
        );
        return Ok(());
    }
    bail!(
        "表格数据不平衡，未生成报告（核对后重试；确需照原样生成请加 --allow-inconsistent）：\n  {}",
        list.join("\n  ")
    )
}

pub fn run(input: &Path, to: RenderFormat, output: Option<&Path>, allow: bool) -> Result<ExitCode> {
    let values = read_values(input)?;
    check_balance(&values, allow)?;
    let bytes: Vec<u8> = match to {
        RenderFormat::Txt => report_text::write(&values, Layout::Tabs).into_bytes(),
        RenderFormat::Md => report_text::write(&values, Layout::Pipes).into_bytes(),
        RenderFormat::Html => gongkai_core::render::html::page(&values).into_bytes(),
        RenderFormat::Docx => gongkai_formats::docx_write::write(&values),
        RenderFormat::Pdf => gongkai_formats::pdf_write::write(&values)?,
    };
    let out: PathBuf = match output {
        Some(p) => p.to_path_buf(),
        None => input.with_extension(to.ext()),
    };
    if out.as_os_str() == "-" {
        if matches!(to, RenderFormat::Docx | RenderFormat::Pdf) {
            bail!("{} 是二进制格式，请用 -o 指定输出文件", to.ext());
        }
        std::io::stdout().lock().write_all(&bytes)?;
        return Ok(ExitCode::SUCCESS);
    }
    if out.canonicalize().ok() == input.canonicalize().ok() && out.exists() {
        bail!(
            "输出文件 {} 与输入相同，请用 -o 指定另一个文件",
            out.display()
        );
    }
    std::fs::write(&out, &bytes).with_context(|| format!("无法写入 {}", out.display()))?;
    eprintln!("gongkai: 已生成 {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// `gongkai form`: the Excel fill-in form, blank or prefilled.
pub fn form(
    template: &str,
    year: i32,
    agency: &str,
    from: Option<&Path>,
    output: &Path,
) -> Result<ExitCode> {
    let template = match template {
        "2021" => gongkai_core::Template::T2021,
        "2019" => gongkai_core::Template::T2019,
        other => bail!("--template 应为 2019 或 2021，实为 {other}"),
    };
    let mut values = match from {
        Some(p) => read_values(p)?,
        None => ReportValues::blank(template, year, agency),
    };
    if values.template != template {
        bail!(
            "--from 的报告是 {} 格式，与 --template {} 不符",
            values.template.as_str(),
            template.as_str()
        );
    }
    values.year = year;
    if !agency.is_empty() {
        values.agency = agency.to_string();
    }
    let bytes = gongkai_formats::form::write(&values).context("生成 Excel 失败")?;
    std::fs::write(output, bytes).with_context(|| format!("无法写入 {}", output.display()))?;
    eprintln!("gongkai: 已生成填报表 {}", output.display());
    Ok(ExitCode::SUCCESS)
}
