//! DOCX (Word and WPS output) → a text view and rows for the core assembler.
//!
//! Only `word/document.xml` is read, so headers and footers (page numbers) never reach the
//! report. Inside it:
//! - text is the `w:t` runs of each paragraph joined (text split across runs comes back
//!   whole), `w:tab` a tab, `w:br` a space; field codes (`w:instrText`), deleted text
//!   (`w:delText`) and the fallback copy of text boxes (`mc:Fallback`) are skipped;
//! - a table is its rows (`w:tr`) of cells (`w:tc`) with their `w:gridSpan`, `w:gridBefore`
//!   and `w:vMerge` (restart / continue), turned into rowspans and expanded by the shared
//!   occupied-cell walk ([`crate::grid`]);
//! - a table inside a table cell makes the outer table a layout table: its text flows as
//!   paragraphs, as in the HTML reader.
//!
//! Positions: the reader writes a *text view* (one line per paragraph, one line per table row
//! with its cells separated by tabs) that the spans point into, and records for each line the
//! place in the document ([`Place::Paragraph`], [`Place::Cell`]) that diagnostics show.
//!
//! Bounded: the archive is read from memory, `word/document.xml` is refused above
//! [`MAX_XML_BYTES`] of declared or actual uncompressed size (zip bombs), and nesting is capped.

use crate::grid::GridCell;
use crate::view::{self, View};
use crate::ReadError;
use gongkai_core::model::Place;
use quick_xml::events::{BytesStart, Event};
use std::io::Read;

/// The largest `word/document.xml` read (uncompressed). Real reports are well under 2 MB.
pub const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;
const MAX_DEPTH: usize = 32;

/// Read the archive and its main document part.
pub fn read(bytes: &[u8]) -> Result<View, ReadError> {
    let xml = document_xml(bytes)?;
    let (mut n_para, mut n_table) = (0u32, 0u32);
    let blocks = blocks(&xml)?
        .into_iter()
        .map(|b| match b {
            Block::Paragraph(text) => {
                n_para += 1;
                view::Block::Paragraph {
                    text,
                    place: Place::Paragraph { n: n_para },
                }
            }
            Block::Table(rows) => {
                n_table += 1;
                let table = n_table;
                let rows = vmerge_to_rowspan(rows)
                    .into_iter()
                    .map(|row| {
                        row.into_iter()
                            .map(|c| GridCell {
                                text: c.text,
                                rowspan: c.rowspan,
                                colspan: c.colspan,
                                at: Place::Cell {
                                    table,
                                    row: c.at.0 as u32 + 1,
                                    col: c.at.1 as u32 + 1,
                                },
                            })
                            .collect()
                    })
                    .collect();
                view::Block::Table(rows)
            }
        })
        .collect();
    Ok(view::layout(blocks))
}

fn bad(msg: impl Into<String>) -> ReadError {
    ReadError::Docx(msg.into())
}

fn document_xml(bytes: &[u8]) -> Result<String, ReadError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("zip 结构损坏（{e}）")))?;
    let mut part = match zip.by_name("word/document.xml") {
        Ok(p) => p,
        Err(_) => return Err(bad(
            "压缩包中没有 word/document.xml，不是 Word 文档（可能是 xlsx、pptx 或其他 zip 文件）",
        )),
    };
    if part.size() > MAX_XML_BYTES {
        return Err(bad(format!(
            "word/document.xml 解压后 {} 字节，超过上限 {} 字节（疑似压缩炸弹）",
            part.size(),
            MAX_XML_BYTES
        )));
    }
    let mut raw = Vec::new();
    (&mut part)
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut raw)
        .map_err(|e| bad(format!("word/document.xml 解压失败（{e}）")))?;
    if raw.len() as u64 > MAX_XML_BYTES {
        return Err(bad(format!(
            "word/document.xml 解压后超过上限 {MAX_XML_BYTES} 字节（疑似压缩炸弹）"
        )));
    }
    // OOXML parts are UTF-8 or UTF-16 with a BOM.
    let decoded = crate::encoding::decode(&raw)
        .map_err(|e| bad(format!("word/document.xml 编码无法识别（{e}）")))?;
    Ok(decoded.text)
}

/// A body paragraph or a table, in document order.
enum Block {
    Paragraph(String),
    Table(Vec<Vec<DCell>>),
}

#[derive(Default)]
struct DCell {
    text: String,
    grid_span: usize,
    vmerge: VMerge,
    /// Grid column where the cell starts (filled in when the row is closed).
    col: usize,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum VMerge {
    #[default]
    None,
    Restart,
    Continue,
}

struct TableB {
    rows: Vec<Vec<DCell>>,
    /// `w:gridBefore` of the row being read.
    before: usize,
    cell: Option<DCell>,
    layout: bool,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().into_inner() == name).then(|| a.value.into_owned()))
}

fn blocks(xml: &str) -> Result<Vec<Block>, ReadError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out: Vec<Block> = Vec::new();
    let mut tables: Vec<TableB> = Vec::new();
    let mut para = String::new();
    let mut p_depth = 0usize;
    let mut in_t = false;
    // Depth inside elements whose text is not shown (instrText, delText, mc:Fallback).
    let mut skip = 0usize;
    loop {
        let ev = reader.read_event().map_err(|e| {
            bad(format!(
                "word/document.xml 第 {} 字节附近 XML 格式错误（{e}）",
                reader.buffer_position()
            ))
        })?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.local_name().into_inner().to_string();
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                match name.as_str() {
                    "instrText" | "delText" | "Fallback" | "delInstrText" => skip = 1,
                    "t" => in_t = true,
                    "p" => p_depth += 1,
                    "tbl" => {
                        if tables.len() >= MAX_DEPTH {
                            return Err(bad(format!("表格嵌套超过 {MAX_DEPTH} 层")));
                        }
                        start_table(&mut tables, &mut out, &mut para);
                    }
                    "tr" => {
                        if let Some(t) = tables.last_mut().filter(|t| !t.layout) {
                            t.rows.push(Vec::new());
                            t.before = 0;
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut().filter(|t| !t.layout) {
                            t.cell = Some(DCell {
                                grid_span: 1,
                                ..DCell::default()
                            });
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                let name = e.local_name().into_inner();
                match name {
                    "tab" if p_depth > 0 => para.push('\t'),
                    "br" | "cr" if p_depth > 0 => para.push(' '),
                    "gridSpan" | "vMerge" | "gridBefore" => {
                        let val = attr(&e, "val");
                        if let Some(t) = tables.last_mut().filter(|t| !t.layout) {
                            match (name, &mut t.cell) {
                                ("gridSpan", Some(c)) => {
                                    c.grid_span = val
                                        .and_then(|v| v.trim().parse().ok())
                                        .unwrap_or(1usize)
                                        .clamp(1, 64)
                                }
                                ("vMerge", Some(c)) => {
                                    c.vmerge = if val.as_deref() == Some("restart") {
                                        VMerge::Restart
                                    } else {
                                        VMerge::Continue
                                    }
                                }
                                ("gridBefore", None) => {
                                    t.before = val
                                        .and_then(|v| v.trim().parse().ok())
                                        .unwrap_or(0usize)
                                        .min(64)
                                }
                                _ => {}
                            }
                        }
                    }
                    "p" => {
                        // An empty paragraph: a paragraph break.
                        p_depth += 1;
                        end_paragraph(&mut tables, &mut out, &mut para, &mut p_depth);
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().into_inner() {
                    "t" => in_t = false,
                    "p" => end_paragraph(&mut tables, &mut out, &mut para, &mut p_depth),
                    "tc" => {
                        if let Some(t) = tables.last_mut().filter(|t| !t.layout) {
                            if let Some(mut c) = t.cell.take() {
                                c.text = collapse(&c.text);
                                if t.rows.is_empty() {
                                    t.rows.push(Vec::new());
                                }
                                if let Some(r) = t.rows.last_mut() {
                                    r.push(c);
                                }
                            }
                        }
                    }
                    "tr" => {
                        if let Some(t) = tables.last_mut().filter(|t| !t.layout) {
                            let before = t.before;
                            if let Some(r) = t.rows.last_mut() {
                                let mut col = before;
                                for c in r.iter_mut() {
                                    c.col = col;
                                    col += c.grid_span;
                                }
                            }
                        }
                    }
                    "tbl" => {
                        if let Some(t) = tables.pop() {
                            if !t.layout {
                                out.push(Block::Table(t.rows));
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_t && skip == 0 => para.push_str(&t.xml10_content()),
            Event::CData(t) if in_t && skip == 0 => para.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t && skip == 0 => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    para.push(c);
                }
            }
            _ => {}
        }
    }
    // A truncated document: keep what was read.
    if !para.trim().is_empty() {
        out.push(Block::Paragraph(std::mem::take(&mut para)));
    }
    while let Some(t) = tables.pop() {
        if !t.layout {
            out.push(Block::Table(t.rows));
        }
    }
    Ok(out)
}

fn start_table(tables: &mut Vec<TableB>, out: &mut Vec<Block>, para: &mut String) {
    // A table inside a cell: the outer table is a layout table; what it holds so far flows.
    if let Some(outer) = tables.last_mut() {
        if !outer.layout {
            outer.layout = true;
            for row in std::mem::take(&mut outer.rows) {
                for c in row {
                    if !c.text.trim().is_empty() {
                        out.push(Block::Paragraph(c.text));
                    }
                }
            }
            if let Some(c) = outer.cell.take() {
                if !c.text.trim().is_empty() {
                    out.push(Block::Paragraph(c.text));
                }
            }
        }
    }
    if !para.trim().is_empty() {
        out.push(Block::Paragraph(std::mem::take(para)));
    }
    para.clear();
    tables.push(TableB {
        rows: Vec::new(),
        before: 0,
        cell: None,
        layout: false,
    });
}

fn end_paragraph(
    tables: &mut [TableB],
    out: &mut Vec<Block>,
    para: &mut String,
    p_depth: &mut usize,
) {
    *p_depth = p_depth.saturating_sub(1);
    if *p_depth > 0 {
        // A paragraph inside a text box inside a paragraph.
        para.push(' ');
        return;
    }
    let text = std::mem::take(para);
    match tables.last_mut() {
        Some(t) if !t.layout => {
            if let Some(c) = t.cell.as_mut() {
                if !c.text.is_empty() {
                    c.text.push('\n');
                }
                c.text.push_str(&text);
            }
        }
        _ => out.push(Block::Paragraph(text)),
    }
}

/// A cell's paragraphs as one line: white space runs become one space, trimmed.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split([' ', '\n', '\t', '\r']) {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Word marks a vertical merge on every covered cell (`restart`, then `continue`); the grid
/// walk wants an anchor with a rowspan. Covered cells are dropped.
fn vmerge_to_rowspan(rows: Vec<Vec<DCell>>) -> Vec<Vec<GridCell<(usize, usize)>>> {
    let continues = |rows: &Vec<Vec<DCell>>, r: usize, col: usize| {
        rows.get(r)
            .map(|row| {
                row.iter()
                    .any(|c| c.col == col && c.vmerge == VMerge::Continue)
            })
            .unwrap_or(false)
    };
    let mut out = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let mut cells = Vec::with_capacity(row.len());
        for c in row {
            if c.vmerge == VMerge::Continue {
                continue;
            }
            let mut span = 1;
            if c.vmerge == VMerge::Restart {
                while continues(&rows, r + span, c.col) {
                    span += 1;
                }
            }
            cells.push(GridCell {
                text: c.text.clone(),
                rowspan: span,
                colspan: c.grid_span,
                at: (r, c.col),
            });
        }
        out.push(cells);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    /// A DOCX archive holding `body` as the document and `footer` as footer1.xml.
    fn docx(body: &str, footer: &str) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("word/document.xml", opts).unwrap();
        write!(
            w,
            r#"<?xml version="1.0"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
        )
        .unwrap();
        w.start_file("word/footer1.xml", opts).unwrap();
        write!(
            w,
            r#"<w:ftr {NS}><w:p><w:r><w:t>{footer}</w:t></w:r></w:p></w:ftr>"#
        )
        .unwrap();
        w.finish().unwrap().into_inner()
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn tc(text: &str, props: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
    }

    fn lines(d: &View) -> Vec<&str> {
        d.text.lines().collect()
    }

    #[test]
    fn runs_join_and_fields_deletions_and_footers_are_skipped() {
        let body = r#"<w:p><w:r><w:t>一、总体</w:t></w:r><w:r><w:t xml:space="preserve">情况</w:t></w:r></w:p>
            <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>共&amp;计</w:t></w:r><w:del><w:r><w:delText>删去</w:delText></w:r></w:del><w:r><w:t>&#x0033;件</w:t></w:r></w:p>"#;
        let d = read(&docx(body, "- 3 -")).unwrap();
        assert_eq!(lines(&d), vec!["一、总体情况", "共&计3件"]);
        assert!(!d.text.contains("- 3 -"));
        assert_eq!(d.origins[1].place, Place::Paragraph { n: 2 });
    }

    #[test]
    fn grid_span_and_vertical_merge_become_the_printed_rows() {
        let row1 = format!(
            "<w:tr>{}{}{}</w:tr>",
            tc("三、本年度办理结果", r#"<w:vMerge w:val="restart"/>"#),
            tc("（一）予以公开", r#"<w:gridSpan w:val="2"/>"#),
            tc("5", "")
        );
        let row2 = format!(
            "<w:tr>{}{}{}</w:tr>",
            tc("", "<w:vMerge/>"),
            tc("（二）部分公开", r#"<w:gridSpan w:val="2"/>"#),
            tc("7", "")
        );
        let body = format!("{}<w:tbl>{row1}{row2}</w:tbl>", p("前言"));
        let d = read(&docx(&body, "")).unwrap();
        assert_eq!(
            lines(&d),
            vec![
                "前言",
                "三、本年度办理结果\t（一）予以公开\t5",
                "三、本年度办理结果\t（二）部分公开\t7"
            ]
        );
        let at = d.text.find('7').unwrap() as u32;
        let place = d.origins[d.origins.partition_point(|o| o.start <= at) - 1].place;
        assert_eq!(
            place,
            Place::Cell {
                table: 1,
                row: 2,
                col: 4
            }
        );
    }

    #[test]
    fn a_table_inside_a_cell_makes_the_outer_one_layout() {
        let inner = format!(
            "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
            tc("行政许可", ""),
            tc("97", "")
        );
        let body = format!(
            "<w:tbl><w:tr><w:tc>{}{inner}{}</w:tc></w:tr></w:tbl>",
            p("标题"),
            p("结尾")
        );
        let d = read(&docx(&body, "")).unwrap();
        assert_eq!(lines(&d), vec!["标题", "行政许可\t97", "结尾"]);
    }

    #[test]
    fn text_boxes_are_read_once() {
        let body = r#"<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文</w:t></w:r></w:p>"#;
        let d = read(&docx(body, "")).unwrap();
        assert_eq!(d.text.matches("框内").count(), 1, "{}", d.text);
        assert!(d.text.contains("正文"));
    }

    #[test]
    fn broken_archives_get_clear_errors() {
        let good = docx(&p("正文"), "");
        let truncated = &good[..good.len() / 2];
        let e = read(truncated).err().expect("truncated zip must fail");
        assert!(e.to_string().contains("DOCX"), "{e}");

        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        let not_word = w.finish().unwrap().into_inner();
        let e = read(&not_word).err().unwrap();
        assert!(e.to_string().contains("word/document.xml"), "{e}");

        let bad_xml = {
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            w.start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            w.write_all(b"<w:document><w:body><w:p></w:q>").unwrap();
            w.finish().unwrap().into_inner()
        };
        let e = read(&bad_xml).err().unwrap();
        assert!(e.to_string().contains("XML"), "{e}");
    }

    /// A zip bomb: 80 MB of one byte deflates to ~80 KB; it is refused, not inflated.
    #[test]
    fn zip_bomb_is_refused_in_bounded_memory() {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        w.start_file("word/document.xml", opts).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..80 {
            w.write_all(&chunk).unwrap();
        }
        let bomb = w.finish().unwrap().into_inner();
        assert!(bomb.len() < 1 << 20);
        let e = read(&bomb).err().expect("bomb must be refused");
        assert!(e.to_string().contains("压缩炸弹"), "{e}");
    }
}
