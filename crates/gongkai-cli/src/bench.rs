//! `gongkai bench`: parse + check throughput on one core, and memory before and after.
//! Files are read into memory first, so the figure is the parser's, not the disk's.

use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Resident and peak memory of this process in KiB (Linux), if known.
fn memory() -> (Option<u64>, Option<u64>) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
    };
    (field("VmRSS:"), field("VmHWM:"))
}

pub fn run(paths: &[PathBuf], seconds: f64) -> Result<ExitCode> {
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for p in crate::walk::files(paths) {
        let p = p?;
        let bytes = std::fs::read(&p)?;
        let name = p.display().to_string();
        if gongkai_formats::load(&name, &bytes).is_ok() {
            inputs.push((name, bytes));
        }
    }
    anyhow::ensure!(!inputs.is_empty(), "没有可读取的报告文件");
    let corpus_bytes: usize = inputs.iter().map(|(_, b)| b.len()).sum();
    // Warm-up pass, then the memory baseline.
    let mut diagnostics = 0usize;
    for (name, bytes) in &inputs {
        let loaded = gongkai_formats::load(name, bytes)?;
        diagnostics += gongkai_core::rules::check(&loaded.report).len();
    }
    let (rss_before, _) = memory();
    let start = Instant::now();
    let (mut reports, mut bytes_done) = (0usize, 0usize);
    while start.elapsed().as_secs_f64() < seconds {
        for (name, bytes) in &inputs {
            let loaded = gongkai_formats::load(name, bytes)?;
            let diags = gongkai_core::rules::check(&loaded.report);
            std::hint::black_box(&diags);
            reports += 1;
            bytes_done += bytes.len();
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    let (rss_after, peak) = memory();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let kib = |v: Option<u64>| {
        v.map(|k| format!("{:.1} MiB", k as f64 / 1024.0))
            .unwrap_or("?".into())
    };
    writeln!(
        out,
        "files:        {} ({} bytes, {} diagnostics per pass)",
        inputs.len(),
        corpus_bytes,
        diagnostics
    )?;
    writeln!(out, "reports:      {reports} in {elapsed:.2} s on one core")?;
    writeln!(
        out,
        "throughput:   {:.1} MB/s, {:.0} reports/s",
        bytes_done as f64 / elapsed / 1e6,
        reports as f64 / elapsed
    )?;
    writeln!(
        out,
        "per report:   {:.1} µs",
        elapsed * 1e6 / reports as f64
    )?;
    writeln!(
        out,
        "memory:       RSS {} before, {} after {} reports (peak {})",
        kib(rss_before),
        kib(rss_after),
        reports,
        kib(peak)
    )?;
    Ok(ExitCode::SUCCESS)
}
