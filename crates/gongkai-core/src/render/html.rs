//! The report as a standalone HTML page in the statutory layout: the page gongkai serves, the
//! source of the PDF (printed by Chromium) and a format of its own (`render --to html`).
//! No external resources: the page works offline and prints on A4 with 公文 fonts where the
//! machine has them (仿宋/宋体/黑体), falling back to Noto CJK and the browser's serif.

use crate::model::values::ReportValues;
use crate::render::layout::{blocks, Block, PTable, Role};
use std::fmt::Write;

const STYLE: &str = r#"
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif; font-size: 16pt; line-height: 1.75; max-width: 46em; margin: 2em auto; color: #000; }
h1 { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", "宋体", "Noto Serif CJK SC", serif; font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; }
h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 16pt; font-weight: normal; margin: 1em 0 0.3em; }
p { text-indent: 2em; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; font-family: "SimSun", "宋体", "Noto Serif CJK SC", serif; font-size: 10.5pt; line-height: 1.4; page-break-inside: auto; }
td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: middle; }
td.caption { font-weight: bold; }
td.header { text-align: center; }
td.value { text-align: center; }
tr { page-break-inside: avoid; }
"#;

/// Append `s` with the characters that are special in HTML and XML text and attributes escaped.
pub fn escape(s: &str, out: &mut String) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

fn table(t: &PTable, out: &mut String) {
    out.push_str("<table>\n<colgroup>");
    for w in t.widths() {
        let _ = write!(out, "<col style=\"width:{:.1}%\">", w as f64 / 10.0);
    }
    out.push_str("</colgroup>\n");
    // The header rows (before the first label or value) are a <thead>: a browser printing
    // the page repeats them on every page the table runs onto.
    let head = t
        .rows
        .iter()
        .take_while(|r| r.iter().all(|c| matches!(c.role, Role::Header)))
        .count();
    for (i, row) in t.rows.iter().enumerate() {
        if i == 0 && head > 0 {
            out.push_str("<thead>\n");
        }
        if i == head {
            out.push_str("<tbody>\n");
        }
        out.push_str("<tr>");
        for cell in row {
            out.push_str("<td");
            if cell.rowspan > 1 {
                let _ = write!(out, " rowspan=\"{}\"", cell.rowspan);
            }
            if cell.colspan > 1 {
                let _ = write!(out, " colspan=\"{}\"", cell.colspan);
            }
            out.push_str(match cell.role {
                Role::Caption => " class=\"caption\">",
                Role::Header => " class=\"header\">",
                Role::Label => " class=\"label\">",
                Role::Value => " class=\"value\">",
            });
            escape(&cell.text, out);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
        if i + 1 == head {
            out.push_str("</thead>\n");
        }
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The whole page.
pub fn page(r: &ReportValues) -> String {
    let mut out = String::with_capacity(32 * 1024);
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
    );
    escape(&r.title_or_standard(), &mut out);
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n");
    for b in blocks(r) {
        match b {
            Block::Title(t) => {
                out.push_str("<h1>");
                escape(&t, &mut out);
                out.push_str("</h1>\n");
            }
            Block::Heading(h) => {
                out.push_str("<h2>");
                escape(&h, &mut out);
                out.push_str("</h2>\n");
            }
            Block::Paragraph(p) => {
                out.push_str("<p>");
                escape(&p, &mut out);
                out.push_str("</p>\n");
            }
            Block::Table(t) => table(&t, &mut out),
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}
