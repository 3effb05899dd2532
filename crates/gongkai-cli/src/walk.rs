//! The files named on the command line, with directories walked recursively in name order.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// File extensions read from directories (files named explicitly are always read).
const REPORT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "shtml", "docx", "doc", "wps", "pdf",
];

/// Files to check, lazily: directories are read as the walk reaches them.
pub fn files(paths: &[PathBuf]) -> impl Iterator<Item = Result<PathBuf>> + '_ {
    let mut stack: Vec<(PathBuf, bool)> = paths.iter().rev().map(|p| (p.clone(), true)).collect();
    std::iter::from_fn(move || loop {
        let (path, explicit) = stack.pop()?;
        if path.is_dir() {
            match read_dir_sorted(&path) {
                Ok(children) => stack.extend(children.into_iter().rev().map(|c| (c, false))),
                Err(e) => return Some(Err(e)),
            }
            continue;
        }
        if explicit {
            if !path.exists() {
                return Some(Err(anyhow::anyhow!("文件不存在：{}", path.display())));
            }
            return Some(Ok(path));
        }
        if is_report(&path) {
            return Some(Ok(path));
        }
    })
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("无法读取目录 {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .map(|n| n.starts_with('.'))
                .unwrap_or(false)
        })
        .collect();
    out.sort();
    Ok(out)
}

pub fn is_report(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false)
}
