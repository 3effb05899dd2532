//! gongkai-formats: bytes → source text for the core parser. Detects the format from the
//! bytes (not the file name alone) and the text encoding (UTF-8 with or without BOM, UTF-16,
//! GB18030/GBK), never replacing bytes it cannot decode.
//!
//! Text, Markdown, HTML, DOCX and (through LibreOffice) .doc/.wps are read here; the PDF reader
//! comes next (issue #3) and PDFs are refused with a clear error until then. The writers of the
//! formats that need more than a string — DOCX (a zip package) and PDF (printed by Chromium) —
//! live here too; text, Markdown and HTML output are in `gongkai_core::render`.

pub mod docx;
pub mod docx_write;
pub mod encoding;
pub mod form;
mod grid;
pub mod html;
pub mod legacy;
pub mod pdf;
pub mod pdf_plain;
pub mod pdf_write;
pub mod process;
pub mod view;

use gongkai_core::model::{ParseNote, Report, SourceInfo, Span};
use gongkai_core::parse::normalize;
use sha2::{Digest, Sha256};

pub use encoding::{decode, Decoded};

/// What a file is, by its bytes (and its extension where the bytes cannot tell).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Docx,
    Pdf,
    /// OLE2 compound file: legacy .doc / .wps.
    LegacyDoc,
}

impl Format {
    /// The contract's `source.format`.
    pub fn key(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx | Format::LegacyDoc => "docx",
            Format::Pdf => "pdf",
        }
    }
}

/// Why a file could not be read. Messages are Chinese and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("无法识别文本编码（不是 UTF-8、UTF-16 或 GB18030/GBK），第 {offset} 字节附近有无法解码的内容；请另存为 UTF-8 后重试")]
    Encoding { offset: usize },
    #[error("这是二进制文件，不是文本报告（第 {offset} 字节是 NUL）")]
    Binary { offset: usize },
    #[error("文件为空")]
    Empty,
    #[error("暂不支持 {0} 格式：该读取器尚未实现（见 issue #3）；可先另存为纯文本（.txt）再检查")]
    Unsupported(&'static str),
    #[error("这是旧版 Word/WPS 文件（.doc/.wps），需要 LibreOffice 转换，但本机没有找到 soffice/libreoffice；请安装 LibreOffice（Debian/Ubuntu：apt install libreoffice-writer-nogui），或在 Word/WPS 中“另存为” .docx 后重试")]
    NoConverter,
    #[error(
        "旧版 Word/WPS 文件经 LibreOffice 转换失败：{0}；可在 Word/WPS 中“另存为” .docx 后重试"
    )]
    Convert(String),
    #[error("DOCX 文件无法读取：{0}")]
    Docx(String),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error("文件过大（{size} 字节，上限 {limit} 字节）")]
    TooLarge { size: usize, limit: usize },
}

/// Reports larger than this are refused (real reports are 5–500 KB of text).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Decide the format from the bytes, then the extension.
pub fn sniff(path: &str, bytes: &[u8]) -> Format {
    let lower = path.to_ascii_lowercase();
    if bytes.starts_with(b"%PDF-") {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Format::Docx;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Format::LegacyDoc;
    }
    let head = &bytes[..bytes.len().min(2048)];
    let head_lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    // Every needle starts with '<': only look where one is.
    let has = |needle: &[u8]| {
        head_lower
            .iter()
            .enumerate()
            .any(|(i, &b)| b == b'<' && head_lower[i..].starts_with(needle))
    };
    let starts_with_tag = head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
    let markdown = lower.ends_with(".md") || lower.ends_with(".markdown");
    if has(b"<!doctype html") || has(b"<html") {
        return Format::Html;
    }
    // Markdown may hold raw HTML blocks (pandoc writes a page's layout `<div>`s as they are).
    if !markdown && ((has(b"<table") && has(b"</")) || starts_with_tag) {
        return Format::Html;
    }
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".shtml") {
        return Format::Html;
    }
    if markdown {
        return Format::Markdown;
    }
    Format::Text
}

/// A file read into text and parsed.
pub struct Loaded {
    /// The decoded text every span points into.
    pub text: String,
    pub report: Report,
}

/// Read a report from its bytes. `path` is only recorded (and used for the extension).
pub fn load(path: &str, bytes: &[u8]) -> Result<Loaded, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(ReadError::TooLarge {
            size: bytes.len(),
            limit: MAX_BYTES,
        });
    }
    let format = sniff(path, bytes);
    match format {
        Format::Text | Format::Markdown | Format::Html => {}
        Format::Docx => return load_docx(path, bytes, bytes),
        Format::Pdf => return load_view(path, pdf::read(bytes)?, bytes, Format::Pdf),
        // The record is of the file as given (its hash); the contract's format is the DOCX read.
        Format::LegacyDoc => return load_docx(path, &legacy::to_docx(bytes)?, bytes),
    }
    let mut decoded = decode(bytes)?;
    let source = source_info(path, bytes, format, decoded.encoding);
    let folded = Folded {
        radicals: normalize::fold_radicals(&mut decoded.text),
        traditional: normalize::fold_traditional(&mut decoded.text),
    };
    let code_spans = match format {
        Format::Markdown => gongkai_core::parse::normalize::blank_code_spans(&mut decoded.text),
        _ => None,
    };
    let mut report = match format {
        Format::Html => {
            let rows = html::rows(&decoded.text);
            gongkai_core::parse::from_rows(&decoded.text, &rows, source)
        }
        Format::Markdown if !html_tables(&decoded.text).is_empty() => {
            let rows = markdown_with_html_rows(&decoded.text);
            gongkai_core::parse::from_rows(&decoded.text, &rows, source)
        }
        _ => gongkai_core::parse::parse_text(&decoded.text, source),
    };
    folded.note(&mut report);
    if let Some((count, at)) = code_spans {
        report.notes.push(gongkai_core::model::ParseNote {
            span: gongkai_core::model::Span::new(at, at + 1),
            zh: format!("原文有 {count} 个行内代码标记“`”（转换工具给数字加的），已按空格读取"),
            en: format!("the source has {count} inline-code backticks (a converter's marks around numbers); read as spaces"),
        });
    }
    Ok(Loaded {
        text: decoded.text,
        report,
    })
}

/// The byte ranges of the outermost `<table>…</table>` blocks in Markdown (pandoc writes a
/// table with merged cells as raw HTML); an unclosed table runs to the end.
fn html_tables(text: &str) -> Vec<std::ops::Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = lower[at..].find("<table").map(|p| p + at) {
        let mut depth = 0usize;
        let mut i = open;
        let end = loop {
            let next_open = lower[i + 1..].find("<table").map(|p| p + i + 1);
            let next_close = lower[i + 1..].find("</table").map(|p| p + i + 1);
            match (next_open, next_close) {
                (Some(o), Some(c)) if o < c => {
                    depth += 1;
                    i = o;
                }
                (_, Some(c)) if depth > 0 => {
                    depth -= 1;
                    i = c;
                }
                (_, Some(c)) => {
                    break lower[c..].find('>').map_or(text.len(), |g| c + g + 1);
                }
                (_, None) => break text.len(),
            }
        };
        out.push(open..end);
        at = end;
    }
    out
}

/// Rows of Markdown with raw HTML tables: the Markdown read as text, each table by the HTML
/// reader, spans into the whole text.
fn markdown_with_html_rows<'a>(text: &'a str) -> Vec<gongkai_core::parse::scan::RawRow<'a>> {
    fn shift(rows: &mut [gongkai_core::parse::scan::RawRow<'_>], base: usize) {
        let base = base as u32;
        for r in rows {
            r.span.start += base;
            r.span.end += base;
            for c in &mut r.cells {
                c.span.start += base;
                c.span.end += base;
            }
        }
    }
    let mut rows = Vec::new();
    let mut add = |mut more: Vec<gongkai_core::parse::scan::RawRow<'a>>, base: usize| {
        shift(&mut more, base);
        rows.extend(more);
    };
    let mut at = 0;
    for table in html_tables(text) {
        add(
            gongkai_core::parse::scan::scan_text(&text[at..table.start]),
            at,
        );
        add(html::rows(&text[table.clone()]), table.start);
        at = table.end;
    }
    add(gongkai_core::parse::scan::scan_text(&text[at..]), at);
    rows
}

/// Characters read as others before anything is read, offsets kept (one three-byte character
/// for another): radicals as the ideographs they stand for
/// ([`normalize::fold_radicals`]), traditional characters as simplified ones
/// ([`normalize::fold_traditional`]). Each fold: the count, first offset and first character.
struct Folded {
    radicals: Option<(usize, usize, char)>,
    traditional: Option<(usize, usize, char)>,
}

impl Folded {
    /// Say what was folded (P001): a reviewer wants to know that the text read is not the
    /// text as written.
    fn note(&self, report: &mut Report) {
        let mut note = |(_, at, first): (usize, usize, char), zh: String, en: String| {
            report.notes.push(ParseNote {
                span: Span::new(at, at + first.len_utf8()),
                zh,
                en,
            })
        };
        if let Some(f @ (count, _, first)) = self.radicals {
            let code = first as u32;
            note(
                f,
                format!(
                    "原文有 {count} 个康熙部首或部首补充字符（外形与汉字相同，此处为“{first}”U+{code:04X}），已按对应汉字读取；原文中这些字无法被检索"
                ),
                format!(
                    "the source has {count} Kangxi/supplement radical characters that look like ideographs (here {first} U+{code:04X}); read as the ideographs. They defeat search in the original"
                ),
            );
        }
        if let Some(f @ (count, _, first)) = self.traditional {
            let simple = normalize::simplified_of(first).unwrap_or(first);
            note(
                f,
                format!(
                    "原文为繁体字：{count} 个繁体字已按简体读取（如“{first}”读作“{simple}”），诊断中引用的原文也显示为简体"
                ),
                format!(
                    "the source is in traditional characters: {count} of them were read as simplified ones (e.g. {first} as {simple}); quoted source text shows them simplified too"
                ),
            );
        }
    }
}

fn source_info(path: &str, raw: &[u8], format: Format, encoding: &str) -> SourceInfo {
    SourceInfo {
        path: path.to_string(),
        sha256: sha256_hex(raw),
        format: format.key().to_string(),
        encoding: encoding.to_string(),
    }
}

/// Read `docx`; `raw` is the file as given (the same bytes, or the .doc it was converted from).
fn load_docx(path: &str, docx: &[u8], raw: &[u8]) -> Result<Loaded, ReadError> {
    load_view(path, docx::read(docx)?, raw, Format::Docx)
}

/// Parse a structured document's text view; `raw` is the file as given.
fn load_view(
    path: &str,
    mut d: view::View,
    raw: &[u8],
    format: Format,
) -> Result<Loaded, ReadError> {
    let source = source_info(path, raw, format, "utf-8");
    let folded = Folded {
        radicals: d.fold(normalize::fold_radicals, normalize::fold_radicals),
        traditional: d.fold(normalize::fold_traditional, normalize::simplify),
    };
    let mut report = {
        let rows = d.raw_rows();
        gongkai_core::parse::from_rows(&d.text, &rows, source)
    };
    folded.note(&mut report);
    report.origins = d.origins;
    Ok(Loaded {
        text: d.text,
        report,
    })
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_bytes_first() {
        assert_eq!(sniff("a.txt", b"%PDF-1.7"), Format::Pdf);
        // Markdown that opens with a raw HTML block is Markdown; a whole page is HTML.
        assert_eq!(
            sniff("a.md", b"<div class=\"x\">\n\n**a**"),
            Format::Markdown
        );
        assert_eq!(sniff("a.md", b"<html><body>"), Format::Html);
        assert_eq!(sniff("a.txt", b"<div class=\"x\">"), Format::Html);
        assert_eq!(sniff("a.doc", b"<html><body><table></table>"), Format::Html);
        assert_eq!(
            sniff("a.doc", &[0xD0, 0xCF, 0x11, 0xE0, 0]),
            Format::LegacyDoc
        );
        assert_eq!(sniff("a.md", "| a |".as_bytes()), Format::Markdown);
        assert_eq!(sniff("a", "一、总体情况".as_bytes()), Format::Text);
    }

    #[test]
    fn reads_html() {
        let page = "<html><body><p>一、总体情况</p><table><tr><td>行政许可</td><td>5</td></tr></table></body></html>";
        let loaded = load("a.html", page.as_bytes()).unwrap();
        assert_eq!(loaded.report.source.format, "html");
        assert_eq!(loaded.report.sections.len(), 1);
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert!(matches!(
            load("x.pdf", b"%PDF-1.4 ..."),
            Err(ReadError::Pdf(_))
        ));
        assert!(matches!(load("x.txt", b""), Err(ReadError::Empty)));
    }
}
