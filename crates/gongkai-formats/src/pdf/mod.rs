//! PDF with a text layer → the text view, in pure Rust (nothing beyond `cargo build`).
//!
//! - [`file`]: cross-reference tables and streams, object streams, Flate (with PNG
//!   predictors), ASCIIHex, ASCII85; a rebuild by scanning when the cross-reference is broken;
//! - [`font`]: ToUnicode CMaps, the predefined Chinese CMaps (GBK-EUC-H, UniGB-UCS2-H, …)
//!   without one, simple-font encodings, widths; Type 3 fonts (Chromium's CJK output);
//! - [`content`]: the content stream: characters with their boxes, ruling lines (strokes and
//!   thin filled rectangles), Form XObjects;
//! - [`table`]: the lattice method: grids with merged cells from the ruling lines, characters
//!   into cells, the rest into lines and wrapped paragraphs.
//!
//! Full-width digits come through as drawn and are normalised by the core's value reader.
//! Position = page and coordinates ([`Place::Page`], points from the top-left corner).
//! A PDF whose pages hold no characters but images is a scan: “扫描件：没有文字层”.
//!
//! [`Place::Page`]: gongkai_core::model::Place::Page

pub mod content;
mod crypt;
pub mod file;
pub mod font;
pub mod object;
pub mod table;

use crate::view::{self, View};
use content::{Interp, PageContent};
use file::File;
use gongkai_core::parse::value;
use object::{Dict, Obj};

/// Pages read per document at most.
const MAX_PAGES: usize = 5000;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("PDF 结构损坏：{0}")]
    Structure(String),
    #[error("PDF 需要密码才能打开，无法读取；请取得不加密的文件，或在 PDF 阅读器中输入密码后“另存为”不加密的 PDF")]
    Encrypted,
    #[error("PDF 使用了暂不支持的加密方式（{0}）；请“另存为”不加密的 PDF 后重试")]
    Encryption(String),
    #[error("PDF 使用了暂不支持的压缩方式 {0}")]
    Filter(String),
    #[error("PDF 解压后过大（超过 {} MB），已停止读取", file::MAX_DECODED >> 20)]
    TooLarge,
    #[error("PDF 页面内容过于复杂（超过 3000 万个绘图指令），已停止读取")]
    TooComplex,
    #[error("PDF 中没有页面")]
    NoPages,
    #[error("扫描件：没有文字层（{pages} 页都是图像），无法取出表格；请先做文字识别（OCR），或取得原始 Word/PDF 文件")]
    Scan { pages: usize },
    #[error("PDF 中没有可读取的文字（{pages} 页）")]
    NoText { pages: usize },
    #[error("PDF 的字体没有 Unicode 映射（{bad}/{total} 个字符无法识别），取不出文字；请用原始 Word 文件，或在 WPS/Word 中重新导出 PDF")]
    NoUnicode { bad: usize, total: usize },
    #[error("PDF 的文字层中没有汉字：{odd} 个字符不是文字（如第 {page} 页的“{example}”），字体的编码与字形对不上（经 PostScript 虚拟打印的 PDF 常见），取不出文字；请用原始 Word 文件，或在 WPS/Word 中重新导出 PDF")]
    NoChinese {
        odd: usize,
        page: usize,
        example: String,
    },
    #[error("PDF 的文字层编码有误：{odd} 个字符不是中文报告中会有的（如第 {page} 页的“{example}”，共 {cjk} 个汉字），字体的编码与字形对不上，读出的文字和数字都不可信，未读取；请用原始 Word 文件，或在 WPS/Word 中重新导出 PDF")]
    Garbled {
        odd: usize,
        cjk: usize,
        page: usize,
        example: String,
    },
}

/// Characters a Chinese report does not hold but a font whose ToUnicode (or encoding) does
/// not fit its glyphs puts out: Latin-1 and Latin Extended letters and signs (`ÿ`, `Ā`, `þ`,
/// `«`), C1 and C0 controls. The few Latin-1 signs Chinese text uses (`·` `×` `°` `±` `§`
/// `¥` `²` `³` `¹` `µ` `½` `¼` `¾` `÷`) do not count.
fn is_odd(ch: char) -> bool {
    let c = ch as u32;
    ((0x80..=0x24F).contains(&c) && !"·×÷°±§¥²³¹¼½¾µ".contains(ch))
        || (c < 0x20 && ch != '\t' && ch != '\n')
}

fn is_cjk(ch: char) -> bool {
    matches!(ch as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x2E80..=0x2FDF)
}

/// A text layer whose fonts map codes to the wrong characters: at least 20 odd characters
/// ([`is_odd`]), of at least 6 kinds (a symbol font's bullets, `Ø` `ü` under WinAnsi, are one
/// or two), and one for every 20 ideographs or more. Real reports hold none (0 in every
/// shipped PDF); a Chromium PDF run through Ghostscript holds one for every 9 ideographs,
/// and one printed through PostScript odd characters only. Such a layer turns `、` into `1` and `。`
/// into `2`, so its numbers cannot be trusted either: the whole file is refused.
fn mis_encoded(pages: &[PageContent]) -> Option<PdfError> {
    let (mut odd, mut cjk, mut first) = (0usize, 0usize, None);
    let mut kinds: Vec<char> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        for ch in p.chars.iter().flat_map(|c| c.text.chars()) {
            if is_cjk(ch) {
                cjk += 1;
            } else if is_odd(ch) {
                odd += 1;
                first.get_or_insert((i + 1, ch));
                if kinds.len() < 6 && !kinds.contains(&ch) {
                    kinds.push(ch);
                }
            }
        }
    }
    let (page, ch) = first?;
    if odd < 20 || kinds.len() < 6 || odd * 20 < cjk {
        return None;
    }
    let example = if ch.is_control() {
        format!("U+{:04X}", ch as u32)
    } else {
        ch.to_string()
    };
    Some(if cjk == 0 {
        PdfError::NoChinese { odd, page, example }
    } else {
        PdfError::Garbled {
            odd,
            cjk,
            page,
            example,
        }
    })
}

/// Every page's characters and ruling lines.
pub fn pages(bytes: &[u8]) -> Result<Vec<PageContent>, PdfError> {
    let file = File::open(bytes)?;
    let root = file.lookup(&file.trailer, "Root");
    let root = root
        .as_dict()
        .ok_or_else(|| PdfError::Structure("文档目录（/Root）不是字典".into()))?;
    let mut leaves = Vec::new();
    let top = file.lookup(root, "Pages");
    collect_pages(
        &file,
        &top,
        Inherited::default(),
        &mut leaves,
        0,
        &mut Vec::new(),
    );
    if leaves.is_empty() {
        return Err(PdfError::NoPages);
    }
    let mut interp = Interp::new(&file);
    let mut out = Vec::with_capacity(leaves.len());
    for (page, inh) in leaves {
        let mut content = Vec::new();
        match &*file.lookup(&page, "Contents") {
            Obj::Stream(s) => content = file.decode_or_skip(s)?,
            Obj::Array(a) => {
                for part in a {
                    if let Obj::Stream(s) = &*file.resolve(part) {
                        content.extend(file.decode_or_skip(s)?);
                        content.push(b'\n');
                    }
                }
            }
            _ => {}
        }
        let resources = inh.resources.unwrap_or_default();
        let media = inh.media.unwrap_or([0.0, 0.0, 595.0, 842.0]);
        out.push(interp.page(&content, &resources, media)?);
    }
    Ok(out)
}

#[derive(Clone, Default)]
struct Inherited {
    resources: Option<Dict>,
    media: Option<[f64; 4]>,
}

fn collect_pages(
    file: &File,
    node: &Obj,
    mut inh: Inherited,
    out: &mut Vec<(Dict, Inherited)>,
    depth: usize,
    seen: &mut Vec<*const Obj>,
) {
    let Some(d) = node.as_dict() else { return };
    if depth > 64 || out.len() >= MAX_PAGES || seen.contains(&(node as *const Obj)) {
        return;
    }
    if let Some(r) = file.lookup(d, "Resources").as_dict() {
        inh.resources = Some(r.clone());
    }
    if let Some(m) = file.lookup(d, "MediaBox").as_array() {
        let v: Vec<f64> = m.iter().filter_map(|x| file.resolve(x).as_f64()).collect();
        if let Ok(b) = <[f64; 4]>::try_from(v) {
            if (b[2] - b[0]).abs() > 1.0 && (b[3] - b[1]).abs() > 1.0 {
                inh.media = Some(b);
            }
        }
    }
    let kids = file.lookup(d, "Kids");
    match kids.as_array() {
        Some(kids) if d.get("Type").and_then(Obj::as_name) != Some(b"Page") => {
            for k in kids {
                let child = file.resolve(k);
                seen.push(node as *const Obj);
                collect_pages(file, &child, inh.clone(), out, depth + 1, seen);
                seen.pop();
            }
        }
        _ => out.push((d.clone(), inh)),
    }
}

/// Read a PDF into the text view.
pub fn read(bytes: &[u8]) -> Result<View, PdfError> {
    let pages = pages(bytes)?;
    let total: usize = pages.iter().map(|p| p.chars.len()).sum();
    if total == 0 {
        let images: usize = pages.iter().map(|p| p.images).sum();
        return Err(if images > 0 {
            PdfError::Scan { pages: pages.len() }
        } else {
            PdfError::NoText { pages: pages.len() }
        });
    }
    let bad = pages
        .iter()
        .flat_map(|p| &p.chars)
        .filter(|c| c.text.contains('\u{FFFD}'))
        .count();
    if bad * 2 > total {
        return Err(PdfError::NoUnicode { bad, total });
    }
    if let Some(e) = mis_encoded(&pages) {
        return Err(e);
    }
    // Pages whose text runs down or up, turned upright once, for everything after.
    let pages: Vec<PageContent> = pages
        .into_iter()
        .map(|p| table::upright(&p).unwrap_or(p))
        .collect();
    let margins = margins(&pages);
    let mut blocks: Vec<view::Block> = Vec::new();
    let mut open = false;
    // The blank lines below the last page's last line when that line is a cell.
    let mut tail: Option<usize> = None;
    for (i, p) in pages.iter().enumerate() {
        let pb = table::page_blocks(p, i as u32 + 1, margins);
        let mut rest = pb.blocks.into_iter().map(|(_, b)| b);
        // A paragraph broken by the page end goes on at the top of the next page.
        if open && pb.starts_at_margin {
            if let (
                Some(view::Block::Paragraph { text: more, .. }),
                Some(view::Block::Paragraph { text, .. }),
            ) = (rest.next(), blocks.last_mut())
            {
                text.push_str(&more);
            }
        }
        let mut rest = rest.peekable();
        // One-cell-per-line rows: a label after a value starts a new row, so the blank line
        // between the rows that fell on the page break is put back.
        let cell = |b: Option<&view::Block>, value: bool| {
            matches!(b, Some(view::Block::Paragraph { text, .. })
                if text.starts_with('\t')
                    && !text.trim().is_empty()
                    && value::is_value_text(text.trim()) == value)
        };
        if let Some(view::Block::Paragraph { place, .. }) = rest.peek() {
            let place = *place;
            if cell(blocks.last(), true) && cell(rest.peek(), false) {
                blocks.push(view::Block::Paragraph {
                    text: String::new(),
                    place,
                });
            } else if let (Some(t), true) = (tail, cell(rest.peek(), true)) {
                // A row cut by the page break: its empty cells are the blank lines below the
                // last line and above the first, known only to about one line (where the
                // text area ends is not written in the file). The row reader decides.
                blocks.push(view::Block::Paragraph {
                    text: format!("\t{}{}", value::PAGE_GAP, t + pb.lead_missing),
                    place,
                });
            }
        }
        blocks.extend(rest);
        open = pb.open_end;
        tail = pb.tail_missing;
    }
    Ok(view::layout(blocks))
}

/// A one-page PDF around a content stream, with the kinds of fonts reports use: `/F1` a
/// Type 0 font with the GBK-EUC-H CMap and no ToUnicode, `/F2` Identity-H with a ToUnicode
/// map, `/F3` a simple WinAnsi font, `/F4` UniGB-UCS2-H. For the fuzzer and tests: mutations of
/// the content reach the interpreter and the table builder, not just the file parser.
pub fn wrap_content(content: &[u8]) -> Vec<u8> {
    let to_unicode = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
1 begincodespacerange <0000> <FFFF> endcodespacerange \
2 beginbfrange <0010> <0019> <0030> <4E00> <4E05> [<4E00> <4E8C> <4E09> <56DB> <4E94> <516D>] endbfrange \
endcmap CMapName currentdict /CMap defineresource pop end end";
    let cid = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /DW 1000 \
/W [1 [500 500] 16 25 500] /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>"
        .to_vec();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << \
/F1 4 0 R /F2 5 0 R /F3 6 0 R /F4 9 0 R >> >> /Contents 7 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H /DescendantFonts [8 0 R] >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [8 0 R] /ToUnicode 10 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding \
/FirstChar 32 /LastChar 57 /Widths [278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556] >>"
            .to_vec(),
        stream("", content),
        cid,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /UniGB-UCS2-H /DescendantFonts [8 0 R] >>"
            .to_vec(),
        stream("", to_unicode),
    ];
    build(&objects)
}

/// A PDF from its objects (numbered from 1, the first the catalog), with a correct
/// cross-reference table. For tests and the fuzzer.
#[doc(hidden)]
pub fn build(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A stream object's body: `dict` (without `/Length`) and the data.
#[doc(hidden)]
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// The document's text margins.
#[derive(Clone, Copy, Debug)]
pub struct Margins {
    /// The least x of its characters on the page.
    pub left: f64,
    /// Where most long lines end (`None`: no long lines), for pages with too few long lines
    /// of their own to tell (a page of a one-cell-per-line table).
    pub right: Option<f64>,
    /// The text area's top and bottom: the least top of a page's first line and the greatest
    /// bottom of a page's last line, page numbers left out (`None` without text), for the
    /// blank lines at a page's edges.
    pub area: Option<(f64, f64)>,
}

/// The document's text margins and area.
pub fn margins(pages: &[PageContent]) -> Margins {
    let left = pages
        .iter()
        .flat_map(|p| &p.chars)
        .map(|c| c.x0)
        .filter(|x| *x >= 0.0)
        .fold(f64::INFINITY, f64::min);
    let extents: Vec<table::Extent> = pages.iter().map(table::extent).collect();
    let mut ends: Vec<f64> = extents
        .iter()
        .flat_map(|e| e.ends.iter().copied())
        .collect();
    ends.sort_by(f64::total_cmp);
    let top = extents.iter().filter_map(|e| e.top).reduce(f64::min);
    let bottom = extents.iter().filter_map(|e| e.bottom).reduce(f64::max);
    Margins {
        left,
        right: ends.get(ends.len() * 4 / 5).copied(),
        area: top.zip(bottom),
    }
}
