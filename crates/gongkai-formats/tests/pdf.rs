//! The PDF reader on PDFs written here byte by byte, as 公文 software writes them: Type 0
//! fonts with the predefined Chinese CMaps and no ToUnicode, ruled tables with merged cells,
//! full-width digits; and on broken and hostile files: scans, encryption, truncation, deep
//! nesting, a decompression bomb, a 100 MB file.

use gongkai_core::model::values::ReportValues;
use gongkai_formats::{load, ReadError};
use std::time::{Duration, Instant};

use gongkai_formats::pdf::{build as pdf, stream};

fn hex(bytes: &[u8]) -> String {
    let mut s = String::from("<");
    for b in bytes {
        s.push_str(&format!("{b:02X}"));
    }
    s.push('>');
    s
}

/// A one-page PDF: catalog (1), page tree (2), the page (3) with `page` in its dictionary,
/// then `rest` from object 4.
fn one_page(page: &str, rest: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R {page} >>").into_bytes(),
    ];
    objects.extend(rest);
    pdf(&objects)
}

/// The Song font 公文 software names without embedding it (Adobe-GB1 CIDs).
const STSONG: &[u8] = b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
    /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 >>";

/// A Type 0 font over [`STSONG`] (object `cid`) with a predefined CMap and no ToUnicode.
fn type0(cmap: &str, cid: usize) -> Vec<u8> {
    format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /{cmap} \
         /DescendantFonts [{cid} 0 R] >>"
    )
    .into_bytes()
}

/// GBK bytes (font F1, GBK-EUC-H) and UTF-16BE bytes (font F2, UniGB-UCS2-H).
fn gbk(s: &str) -> String {
    hex(&encoding_rs::GBK.encode(s).0)
}
fn ucs2(s: &str) -> String {
    hex(&s
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect::<Vec<_>>())
}

/// One page: a report with part 二's first table ruled as printed, its caption a cell that
/// spans the four columns, labels in GBK-EUC-H and numbers as full-width digits in
/// UniGB-UCS2-H, neither font with a ToUnicode map.
fn gongwen_pdf() -> Vec<u8> {
    gongwen_pdf_turned(false)
}

/// …or with the whole content turned a quarter (text running down a square page), as a
/// landscape table printed on a turned page comes.
fn gongwen_pdf_turned(turned: bool) -> Vec<u8> {
    let mut c = String::new();
    if turned {
        c.push_str("q 0 -1 1 0 0 842 cm\n");
    }
    // Text at (x, y) in a font; with no font, raw content (the rules).
    let mut text = |font: &str, x: f64, y: f64, s: String| {
        if font.is_empty() {
            c.push_str(&s);
        } else {
            c.push_str(&format!("BT /{font} 12 Tf 1 0 0 1 {x} {y} Tm {s} Tj ET\n"));
        }
    };
    text(
        "F1",
        150.0,
        780.0,
        gbk("测试局2025年政府信息公开工作年度报告"),
    );
    text("F1", 72.0, 750.0, gbk("一、总体情况"));
    text("F1", 96.0, 730.0, gbk("本年度我局认真落实条例。"));
    text("F1", 72.0, 700.0, gbk("二、主动公开政府信息情况"));
    // The table: x = 72 | 222 | 312 | 402 | 492; rows from y = 680 down by 24.
    let xs = [72.0, 222.0, 312.0, 402.0, 492.0];
    let ys = [680.0, 656.0, 632.0, 608.0, 584.0];
    let mut rules = String::from("0.5 w\n");
    for y in ys {
        rules.push_str(&format!("72 {y} m 492 {y} l S\n"));
    }
    for (i, x) in xs.iter().enumerate() {
        // Inner vertical lines stop below the caption row (a cell spanning four columns).
        let top = if i == 0 || i == xs.len() - 1 {
            680.0
        } else {
            656.0
        };
        rules.push_str(&format!("{x} 584 m {x} {top} l S\n"));
    }
    text("", 0.0, 0.0, rules);
    text("F1", 230.0, 664.0, gbk("第二十条第（一）项"));
    let header = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"];
    for (i, h) in header.iter().enumerate() {
        text("F1", xs[i] + 4.0, 640.0, gbk(h));
    }
    let rows = [
        ("规章", ["１", "０", "５"]),
        ("行政规范性文件", ["２", "１", "３０"]),
    ];
    for (r, (label, values)) in rows.iter().enumerate() {
        let y = 616.0 - 24.0 * r as f64;
        text("F1", 76.0, y, gbk(label));
        for (k, v) in values.iter().enumerate() {
            text("F2", xs[k + 1] + 30.0, y, ucs2(v));
        }
    }
    text("F1", 72.0, 560.0, gbk("三、收到和处理政府信息公开申请情况"));
    if turned {
        c.push_str("Q\n");
    }
    let media = if turned {
        "[0 0 842 842]"
    } else {
        "[0 0 595 842]"
    };
    one_page(
        &format!(
            "/MediaBox {media} /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R"
        ),
        vec![
            type0("GBK-EUC-H", 7),
            type0("UniGB-UCS2-H", 7),
            stream("", c.as_bytes()),
            STSONG.to_vec(),
        ],
    )
}

#[test]
fn predefined_chinese_cmaps_without_to_unicode_and_a_ruled_table() {
    let loaded = load("gongwen.pdf", &gongwen_pdf()).unwrap();
    let r = &loaded.report;
    assert_eq!(r.source.format, "pdf");
    assert_eq!(r.agency.as_deref(), Some("测试局"));
    assert_eq!(r.year.as_ref().map(|y| y.value), Some(2025));
    let v = ReportValues::from_report(r).unwrap();
    let row = |key: &str| {
        let def = v.template.def();
        let i = def.proactive.iter().position(|p| p.key == key).unwrap();
        v.proactive[i]
            .iter()
            .map(|c| c.map(|d| d.to_string()))
            .collect::<Vec<_>>()
    };
    let s = |x: &str| Some(x.to_string());
    assert_eq!(row("rules"), vec![s("1"), s("0"), s("5")]);
    assert_eq!(row("normative_documents"), vec![s("2"), s("1"), s("30")]);
    // Cells keep their place on the page.
    let text = &loaded.text;
    let at = text.find("行政规范性文件").unwrap() as u32;
    match r.place(at) {
        Some(gongkai_core::model::Place::Page { page: 1, x, y }) => {
            assert!(
                (x - 72.0).abs() < 1.0 && (y - (842.0 - 608.0)).abs() < 1.0,
                "{x},{y}"
            );
        }
        other => panic!("place {other:?}"),
    }
}

#[test]
fn a_turned_page_reads_as_upright() {
    let loaded = load("turned.pdf", &gongwen_pdf_turned(true)).unwrap();
    let v = ReportValues::from_report(&loaded.report).unwrap();
    let upright =
        ReportValues::from_report(&load("g.pdf", &gongwen_pdf()).unwrap().report).unwrap();
    assert_eq!(v.proactive, upright.proactive);
    assert_eq!(v.agency, "测试局");
    assert!(
        loaded.text.contains("行政规范性文件\t２\t１\t３０"),
        "{}",
        loaded.text
    );
}

#[test]
fn a_scan_is_refused_with_a_clear_error() {
    let content = b"q 595 0 0 842 0 0 cm /Im1 Do Q";
    let bytes = one_page(
        "/MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R",
        vec![
            stream("", content),
            stream(
                "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
                &[0, 255, 255, 0],
            ),
        ],
    );
    let err = load("scan.pdf", &bytes).err().expect("a scan has no text");
    assert!(err.to_string().contains("扫描件：没有文字层"), "{err}");
}

#[test]
fn encrypted_and_empty_pdfs_get_clear_errors() {
    let mut bytes = gongwen_pdf();
    let at = bytes.windows(7).rposition(|w| w == b"/Root 1").unwrap();
    bytes.splice(
        at..at,
        b"/Encrypt << /Filter /Standard /V 1 /R 2 >> "
            .iter()
            .copied(),
    );
    let err = load("locked.pdf", &bytes).err().unwrap();
    assert!(err.to_string().contains("需要密码"), "{err}");
    let err = load("x.pdf", b"%PDF-1.4 ...").err().unwrap();
    assert!(matches!(err, ReadError::Pdf(_)), "{err}");
}

#[test]
fn truncated_files_read_what_is_there_or_fail_clearly() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/samples/huaian-2024.pdf"
    ))
    .unwrap();
    for cut in [
        bytes.len() / 10,
        bytes.len() / 3,
        bytes.len() / 2,
        bytes.len() - 100,
    ] {
        let start = Instant::now();
        // The cross-reference table is at the end: the reader rebuilds it by scanning.
        match load("cut.pdf", &bytes[..cut]) {
            Ok(l) => assert!(!l.text.is_empty()),
            Err(e) => assert!(matches!(e, ReadError::Pdf(_)), "{cut}: {e}"),
        }
        assert!(start.elapsed() < Duration::from_secs(5));
    }
    // Cut in the middle, the first pages still read.
    let half = load("half.pdf", &bytes[..bytes.len() / 2]).unwrap();
    assert!(half.text.contains("一、总体情况"));
}

#[test]
fn hostile_structure_is_bounded() {
    // 10,000-deep arrays in the content and in the page dictionary.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let bytes = one_page(
        &format!("/X {deep} /Contents 4 0 R"),
        vec![stream("", format!("{deep} Tj BT ET").as_bytes())],
    );
    assert!(load("deep.pdf", &bytes).is_err());
    // A page tree that points at itself.
    let bytes = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 2 >>".to_vec(),
    ]);
    assert!(load("loop.pdf", &bytes).is_err());
    // A Flate bomb: 300 MB of zeros in 300 KB.
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..300 {
        std::io::Write::write_all(&mut enc, &zeros).unwrap();
    }
    let bomb = enc.finish().unwrap();
    let bytes = one_page(
        "/Contents 4 0 R",
        vec![stream("/Filter /FlateDecode", &bomb)],
    );
    let start = Instant::now();
    let err = load("bomb.pdf", &bytes).err().unwrap();
    assert!(err.to_string().contains("过大"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_100_mb_file_is_refused_before_it_is_read() {
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(100 << 20, b' ');
    let start = Instant::now();
    let err = load("big.pdf", &big).err().unwrap();
    assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
    assert!(start.elapsed() < Duration::from_secs(1));
}

/// Table 三 printed without rules: the header gives the seven columns (自然人 and 总计 beside
/// the group 法人或其他组织, the five leaves under it), a label cell wrapped onto the lines
/// above and below its line of numbers joins its row, and the blank cells stay in their
/// columns instead of the numbers moving left.
#[test]
fn a_table_without_rules_reads_by_its_header_columns() {
    let mut c = String::new();
    let mut text = |size: u32, x: f64, y: f64, s: &str| {
        c.push_str(&format!(
            "BT /F1 {size} Tf 1 0 0 1 {x} {y} Tm {} Tj ET\n",
            gbk(s)
        ));
    };
    text(12, 150.0, 800.0, "测试局2023年政府信息公开工作年度报告");
    text(12, 72.0, 770.0, "三、收到和处理政府信息公开申请情况");
    // Columns 36 wide, 4 apart: column i from x = 260 + 40 i.
    let col = |i: usize| 260.0 + 40.0 * i as f64;
    text(8, col(0) + 6.0, 740.0, "自然人");
    text(8, col(2) + 10.0, 740.0, "法人或其他组织");
    text(8, col(6) + 10.0, 740.0, "总计");
    for (i, h) in ["商业企业", "科研机构", "公益组织", "法律服务", "其他"]
        .iter()
        .enumerate()
    {
        text(8, col(i + 1) + 2.0, 728.0, h);
    }
    // 一、: numbers in columns 1, 4 and 7 only.
    text(10, 72.0, 700.0, "一、本年新收政府信息公开申请数量");
    for (i, v) in [(0, "5"), (3, "2"), (6, "7")] {
        text(10, col(i) + 14.0, 700.0, v);
    }
    // （二）: its label on two lines, the numbers between them.
    text(10, 72.0, 676.0, "（二）部分公开（区分处理的，");
    for (i, v) in [(0, "3"), (6, "3")] {
        text(10, col(i) + 14.0, 666.0, v);
    }
    text(10, 72.0, 656.0, "只计这一情形，不计其他情形）");
    let bytes = one_page(
        "/MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R",
        vec![
            type0("GBK-EUC-H", 6),
            stream("", c.as_bytes()),
            STSONG.to_vec(),
        ],
    );
    let loaded = load("borderless.pdf", &bytes).unwrap();
    // The rows as the text view gives them to the parser: one line each, a tab per column.
    for row in [
        "一、本年新收政府信息公开申请数量\t5\t\t\t2\t\t\t7",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t3\t\t\t\t\t\t3",
    ] {
        assert!(
            loaded.text.lines().any(|l| l == row),
            "{row:?} not in\n{}",
            loaded.text
        );
    }
}

/// Content streams packed with LZW (codes growing to 12 bits) and RunLength, as older PDF
/// writers pack them (tests/fixtures/filters/mk.py wrote them; poppler reads them alike).
#[test]
fn lzw_and_run_length_streams_are_read() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filters");
    for name in ["lzw.pdf", "runlength.pdf"] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let loaded = load(name, &bytes).unwrap();
        let lines: Vec<&str> = loaded.text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 61, "{name}: {}", loaded.text);
        assert_eq!(lines[0], "测试局2023年政府信息公开工作年度报告");
        assert_eq!(
            lines[60],
            "第60行：本机关按照条例要求主动公开政府信息183条，依申请公开67件。"
        );
    }
}
