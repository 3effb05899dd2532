//! The report as PDF: the HTML page ([`gongkai_core::render::html`]) printed by headless
//! Chromium, which embeds (subsets of) the CJK fonts it finds on the system. Before printing,
//! fontconfig is asked for a font that covers Chinese; without one the PDF would show boxes, so
//! gongkai stops with an error naming the package to install.

use gongkai_core::model::values::ReportValues;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// The browser used to print, if any.
pub fn browser() -> Option<PathBuf> {
    find(&[
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ])
}

/// Whether fontconfig knows a font that covers Chinese.
pub fn has_cjk_font() -> bool {
    let Some(fc) = find(&["fc-list"]) else {
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
    let dir = crate::legacy::TempDir::new().map_err(|e| PdfError::Print(e.to_string()))?;
    let html = dir.path().join("report.html");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&html, gongkai_core::render::html::page(r))
        .map_err(|e| PdfError::Print(e.to_string()))?;
    let mut child = Command::new(&chromium)
        .args([
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
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| PdfError::Print(format!("无法启动 {}（{e}）", chromium.display())))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::Print(format!(
                    "超过 {} 秒未完成",
                    TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(PdfError::Print(e.to_string())),
        }
    }
    let bytes = std::fs::read(&pdf).map_err(|_| PdfError::Print("没有生成 PDF 文件".into()))?;
    if !bytes.starts_with(b"%PDF-") {
        return Err(PdfError::Print("输出不是 PDF".into()));
    }
    Ok(bytes)
}
