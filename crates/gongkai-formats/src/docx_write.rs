//! The report as a Word document (DOCX, WordprocessingML) in the statutory layout.
//!
//! Written by hand, part by part, so that the file is small, deterministic (same input → same
//! bytes) and opens cleanly in Word, WPS and LibreOffice: A4 with the 公文 margins of GB/T 9704,
//! the title in 方正小标宋简体 22 pt, headings in 黑体, body text in 仿宋_GB2312 16 pt, tables in
//! 宋体 10.5 pt (each with a fallback in `w:rFonts`), the tables drawn from the shared printed
//! layout ([`gongkai_core::render::layout`]) with `w:gridSpan` and `w:vMerge` for merged cells.

use gongkai_core::model::values::ReportValues;
use gongkai_core::render::html::escape;
use gongkai_core::render::layout::{blocks, Block, PTable, Role};
use std::fmt::Write as _;
use std::io::Write as _;

/// Text width of an A4 page with 28 mm / 26 mm side margins, in twentieths of a point.
const TEXT_WIDTH: usize = 11906 - 1588 - 1474;

/// Write the whole package.
pub fn write(r: &ReportValues) -> Vec<u8> {
    let title = r.title_or_standard();
    let parts: [(&str, String); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("word/_rels/document.xml.rels", DOC_RELS.to_string()),
        ("word/styles.xml", STYLES.to_string()),
        ("word/settings.xml", SETTINGS.to_string()),
        ("docProps/core.xml", core_props(&title)),
        ("word/document.xml", document(r)),
    ];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        // Writing into memory cannot fail.
        w.start_file(name, opts).expect("zip entry in memory");
        w.write_all(body.as_bytes()).expect("zip write in memory");
    }
    w.finish().expect("zip finish in memory").into_inner()
}

/// Font sets: (East Asian, Latin).
const FANGSONG: (&str, &str) = ("仿宋_GB2312", "Times New Roman");
const HEITI: (&str, &str) = ("黑体", "Times New Roman");
const XIAOBIAOSONG: (&str, &str) = ("方正小标宋简体", "Times New Roman");
const SONGTI: (&str, &str) = ("宋体", "Times New Roman");

/// A paragraph with one run. `size` in half-points; `indent` = first-line indent of 2 chars.
fn paragraph(
    out: &mut String,
    text: &str,
    font: (&str, &str),
    size: u32,
    center: bool,
    indent: bool,
) {
    out.push_str("<w:p><w:pPr>");
    if indent {
        out.push_str(r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#);
    }
    if center {
        out.push_str(r#"<w:jc w:val="center"/>"#);
    }
    out.push_str("</w:pPr>");
    run(out, text, font, size);
    out.push_str("</w:p>");
}

fn run(out: &mut String, text: &str, font: (&str, &str), size: u32) {
    let _ = write!(
        out,
        r#"<w:r><w:rPr><w:rFonts w:ascii="{l}" w:hAnsi="{l}" w:eastAsia="{e}" w:cs="{l}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr><w:t xml:space="preserve">"#,
        l = font.1,
        e = font.0,
    );
    escape(text, out);
    out.push_str("</w:t></w:r>");
}

fn document(r: &ReportValues) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    out.push_str(r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>"#);
    for b in blocks(r) {
        match b {
            Block::Title(t) => paragraph(&mut out, &t, XIAOBIAOSONG, 44, true, false),
            Block::Heading(h) => paragraph(&mut out, &h, HEITI, 32, false, true),
            Block::Paragraph(p) => paragraph(&mut out, &p, FANGSONG, 32, false, true),
            Block::Table(t) => table(&mut out, &t),
        }
    }
    // A4, 公文 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm).
    out.push_str(r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>"#);
    out.push_str("</w:body></w:document>");
    out
}

/// Column widths in twips, from the shared layout's proportions.
fn widths(t: &PTable) -> Vec<usize> {
    t.widths()
        .into_iter()
        .map(|w| w as usize * TEXT_WIDTH / 1000)
        .collect()
}

/// One cell of a grid row: an anchored cell, or the continuation of a vertical merge.
enum Slot<'a> {
    Anchor(&'a gongkai_core::render::layout::PCell),
    Continue(usize),
}

fn table(out: &mut String, t: &PTable) {
    let widths = widths(t);
    let cols = t.columns_of();
    let mut slots: Vec<Vec<(usize, Slot<'_>)>> = (0..t.rows.len()).map(|_| Vec::new()).collect();
    for (r, row) in t.rows.iter().enumerate() {
        for (cell, &c) in row.iter().zip(&cols[r]) {
            slots[r].push((c, Slot::Anchor(cell)));
            for s in slots.iter_mut().take(r + cell.rowspan).skip(r + 1) {
                s.push((c, Slot::Continue(cell.colspan)));
            }
        }
    }
    out.push_str(
        r#"<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/><w:tblBorders>"#,
    );
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(
            out,
            r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#
        );
    }
    out.push_str(r#"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#);
    for w in &widths {
        let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
    }
    out.push_str("</w:tblGrid>");
    for (r, row) in slots.iter_mut().enumerate() {
        row.sort_by_key(|(c, _)| *c);
        out.push_str(r#"<w:tr><w:trPr><w:cantSplit/>"#);
        if r < 3 && t.rows[r].iter().all(|c| c.role != Role::Value) {
            out.push_str("<w:tblHeader/>");
        }
        out.push_str("</w:trPr>");
        for (c, slot) in row.iter() {
            let (span, merge, cell) = match slot {
                Slot::Anchor(cell) => (
                    cell.colspan,
                    (cell.rowspan > 1).then_some(r#"<w:vMerge w:val="restart"/>"#),
                    Some(*cell),
                ),
                Slot::Continue(span) => (*span, Some("<w:vMerge/>"), None),
            };
            let width: usize = widths[*c..(*c + span).min(widths.len())].iter().sum();
            let _ = write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#);
            if span > 1 {
                let _ = write!(out, r#"<w:gridSpan w:val="{span}"/>"#);
            }
            if let Some(m) = merge {
                out.push_str(m);
            }
            out.push_str(r#"<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="auto"/>"#);
            let center = cell.map(|c| c.role != Role::Label).unwrap_or(false);
            if center {
                out.push_str(r#"<w:jc w:val="center"/>"#);
            }
            out.push_str("</w:pPr>");
            if let Some(cell) = cell.filter(|c| !c.text.is_empty()) {
                run(out, &cell.text, SONGTI, 21);
            }
            out.push_str("</w:p></w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    // Word needs a paragraph between two tables, or it joins them.
    out.push_str("<w:p/>");
}

fn core_props(title: &str) -> String {
    let mut t = String::new();
    escape(title, &mut t);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{t}</dc:title><dc:creator>gongkai</dc:creator></cp:coreProperties>"#
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/><w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;
