//! The report as PDF: the HTML page ([`gongkai_core::render::html`]) printed by headless
//! Chromium, which embeds (subsets of) the CJK fonts it finds on the system. Before printing,
//! fontconfig is asked for a font that covers Chinese; without one the PDF would show boxes, so
//! gongkai stops with an error naming the package to install.

use crate::process;
use gongkai_core::model::values::ReportValues;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

/// A print that takes longer than this is abandoned.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("生成 PDF 需要 Chromium，但本机没有找到 chromium/chromium-browser/google-chrome；请安装（Debian/Ubuntu：apt install chromium），或改用 --to docx / --to html 后用 Word/WPS/浏览器打印为 PDF")]
    NoBrowser,
    #[error("本机没有可用的中文字体，PDF 中的汉字将无法显示；请安装 fonts-noto-cjk（Debian/Ubuntu：apt install fonts-noto-cjk），或安装仿宋_GB2312、宋体、黑体等公文字体")]
    NoCjkFont,
    #[error("Chromium 打印 PDF 失败：{0}")]
    Print(String),
}

/// The browser used to print, if any.
pub fn browser() -> Option<PathBuf> {
    process::find(&[
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ])
}

/// Whether fontconfig knows a font that covers Chinese.
pub fn has_cjk_font() -> bool {
    let Some(fc) = process::find(&["fc-list"]) else {
        return false;
    };
    Command::new(fc)
        .args([":lang=zh", "family"])
        .stderr(Stdio::null())
        .output()
        .map(|o| o.status.success() && !o.stdout.trim_ascii().is_empty())
        .unwrap_or(false)
}

/// Print the report to PDF bytes.
pub fn write(r: &ReportValues) -> Result<Vec<u8>, PdfError> {
    let chromium = browser().ok_or(PdfError::NoBrowser)?;
    if !has_cjk_font() {
        return Err(PdfError::NoCjkFont);
    }
    let dir = process::TempDir::new().map_err(|e| PdfError::Print(e.to_string()))?;
    let html = dir.path().join("report.html");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&html, gongkai_core::render::html::page(r))
        .map_err(|e| PdfError::Print(e.to_string()))?;
    let mut cmd = Command::new(&chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
    ])
    .arg(format!(
        "--user-data-dir={}",
        dir.path().join("profile").display()
    ))
    .arg(format!("--print-to-pdf={}", pdf.display()))
    .arg(format!("file://{}", html.display()));
    process::run(&mut cmd, TIMEOUT).map_err(PdfError::Print)?;
    let bytes = std::fs::read(&pdf).map_err(|_| PdfError::Print("没有生成 PDF 文件".into()))?;
    if !bytes.starts_with(b"%PDF-") {
        return Err(PdfError::Print("输出不是 PDF".into()));
    }
    Ok(bytes)
}
