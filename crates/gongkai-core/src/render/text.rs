//! Diagnostics as rustc-style text: code and name, severity, message, `--> file:line:col`,
//! the source lines with carets under the exact cells (East-Asian width aware), and `help:`.

use crate::diagnostic::{Diagnostic, Lang, Severity};
use crate::model::{Report, Span};
use crate::parse::normalize::display_width;
use std::fmt::Write;

/// Tabs are shown as this many spaces (the carets use the same rule, so they stay aligned).
const TAB: &str = "    ";
/// Lines wider than this are shown as a window around the carets.
const MAX_WIDTH: usize = 100;

/// Render one diagnostic against the source it points into.
/// `report` gives the line index and, for DOCX and PDF sources, the place in the document.
pub fn render(d: &Diagnostic, path: &str, text: &str, report: &Report, lang: Lang) -> String {
    let lines = &report.lines;
    let mut out = String::new();
    let sev = match (lang, d.severity) {
        (Lang::En, s) => s.as_str().to_string(),
        (Lang::Zh, s) => s.zh().to_string(),
    };
    let _ = writeln!(out, "{sev}[{}] {}: {}", d.code, d.name, d.message.get(lang));
    let Some(primary) = d.primary else {
        let _ = writeln!(out, "  --> {path}");
        if let Some(h) = &d.help {
            let _ = writeln!(out, "   = help: {}", h.get(lang));
        }
        return out;
    };
    let (pl, pc) = lines.line_col(text, primary.start);
    // Labels grouped by line, in line order.
    let mut by_line: std::collections::BTreeMap<u32, Vec<(Span, String)>> = Default::default();
    let labels: Vec<(Span, String)> = if d.labels.is_empty() {
        vec![(primary, String::new())]
    } else {
        d.labels
            .iter()
            .map(|l| (l.span, l.text.get(lang).to_string()))
            .collect()
    };
    for (span, caption) in labels {
        by_line
            .entry(lines.line(span.start))
            .or_default()
            .push((span, caption));
    }
    let gutter = by_line
        .keys()
        .last()
        .map(|l| l.to_string().len())
        .unwrap_or(1);
    let pad = " ".repeat(gutter);
    match report.place(primary.start) {
        // Line and column are in the text view; the place is in the document itself.
        Some(place) => {
            let _ = writeln!(
                out,
                "{pad}--> {path}:{pl}:{pc} ({})",
                place.describe(lang == Lang::Zh)
            );
        }
        None => {
            let _ = writeln!(out, "{pad}--> {path}:{pl}:{pc}");
        }
    }
    let _ = writeln!(out, "{pad} |");
    let mut prev: Option<u32> = None;
    for (line, mut spans) in by_line {
        if let Some(p) = prev {
            if line > p + 1 {
                let _ = writeln!(out, "{pad}...");
            }
        }
        prev = Some(line);
        spans.sort_by_key(|(s, _)| s.start);
        let range = lines.line_range(text, line);
        let src = &text[range.clone()];
        let (shown, carets) = layout(src, range.start, &spans);
        let _ = writeln!(out, "{line:>gutter$} | {shown}");
        let mut captions: Vec<&str> = Vec::new();
        for (_, c) in &spans {
            if !c.is_empty() && !captions.contains(&c.as_str()) {
                captions.push(c);
            }
        }
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        let _ = writeln!(out, "{pad} | {} {}", carets.trim_end(), captions.join(sep)).map(|_| ());
    }
    if let Some(h) = &d.help {
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{pad} = help: {}", h.get(lang));
    }
    // Trailing spaces after the carets when there is no caption.
    out.lines()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The line as shown (tabs expanded, windowed when long) and the caret line under it.
fn layout(src: &str, line_start: usize, spans: &[(Span, String)]) -> (String, String) {
    // Display column of each byte offset.
    let mut cols: Vec<(usize, usize, String)> = Vec::new(); // (byte offset, display col, shown text)
    let mut col = 0usize;
    for (i, ch) in src.char_indices() {
        let shown = if ch == '\t' {
            TAB.to_string()
        } else {
            ch.to_string()
        };
        cols.push((line_start + i, col, shown.clone()));
        col += display_width(&shown).max(if ch == '\t' { TAB.len() } else { 0 });
    }
    let total = col;
    let col_of = |offset: usize| -> usize {
        cols.iter()
            .find(|(o, _, _)| *o >= offset)
            .map(|(_, c, _)| *c)
            .unwrap_or(total)
    };
    let marks: Vec<(usize, usize)> = spans
        .iter()
        .map(|(s, _)| {
            let a = col_of(s.start as usize);
            let b = if s.is_empty() {
                a + 1
            } else {
                col_of(s.end as usize).max(a + 1)
            };
            (a, b)
        })
        .collect();
    let (lo, hi) = if total > MAX_WIDTH {
        let first = marks.iter().map(|m| m.0).min().unwrap_or(0);
        let last = marks.iter().map(|m| m.1).max().unwrap_or(0);
        // A window of at most MAX_WIDTH columns starting a little before the first mark.
        let lo = first.saturating_sub(20);
        (
            lo,
            (last + 20).max(first + 40).min(lo + MAX_WIDTH).min(total),
        )
    } else {
        (0, total)
    };
    let mut shown = String::new();
    if lo > 0 {
        shown.push('…');
    }
    for (_, c, s) in &cols {
        if *c >= lo && *c < hi {
            shown.push_str(s);
        }
    }
    if hi < total {
        shown.push('…');
    }
    let offset = usize::from(lo > 0);
    let mut caret_cols = vec![' '; hi.saturating_sub(lo) + offset + 2];
    for (a, b) in marks {
        for c in a.max(lo)..b.min(hi + 1) {
            let i = c - lo + offset;
            if i >= caret_cols.len() {
                caret_cols.resize(i + 1, ' ');
            }
            caret_cols[i] = '^';
        }
    }
    (shown, caret_cols.into_iter().collect())
}

/// The closing summary line.
pub fn summary(files: usize, errors: usize, warnings: usize, infos: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => {
            format!("检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 个提示")
        }
        Lang::En => format!(
            "checked {files} file(s): {errors} error(s), {warnings} warning(s), {infos} note(s)"
        ),
    }
}

/// Count diagnostics by severity.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize, usize) {
    let c = |s| diags.iter().filter(|d| d.severity == s).count();
    (c(Severity::Error), c(Severity::Warning), c(Severity::Info))
}
