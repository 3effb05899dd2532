//! The Excel fill-in form: written, filled, read back; bad cells named by sheet, address, row
//! and column; the 勾稽关系 verdicts as LibreOffice shows them.

use gongkai_core::model::template::Template;
use gongkai_core::model::values::ReportValues;
use gongkai_formats::form::{self, Target, SHEET_INFO};
use std::path::Path;

fn seed(name: &str) -> ReportValues {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name);
    let loaded = gongkai_formats::load(name, &std::fs::read(p).unwrap()).unwrap();
    ReportValues::from_report(&loaded.report).unwrap()
}

#[test]
fn a_blank_form_reads_back_blank_never_zero() {
    for t in [Template::T2021, Template::T2019] {
        let blank = ReportValues::blank(t, 2025, "某市某局");
        let back = form::read(&form::write(&blank).unwrap()).unwrap();
        assert_eq!(back, blank, "{t:?}");
        assert!(back.requests.iter().flatten().all(|v| v.is_none()));
    }
}

#[test]
fn a_filled_form_reads_back_to_the_same_values() {
    for name in [
        "seeds/003_e7f580584216dc2e.txt",
        "samples/shanghai-office-2019.html",
    ] {
        let mut v = seed(name);
        v.title = None; // the form keeps agency and year; the title is derived from them
        let back = form::read(&form::write(&v).unwrap()).unwrap();
        assert_eq!(back.proactive, v.proactive, "{name}");
        assert_eq!(back.requests, v.requests, "{name}");
        assert_eq!(back.appeals, v.appeals, "{name}");
        assert_eq!((back.year, &back.agency), (v.year, &v.agency), "{name}");
        assert_eq!(back.sections, v.sections, "{name}");
    }
}

/// A workbook with the form's sheets where a user typed text and a negative number into
/// input cells (pasting bypasses Excel's validation).
#[test]
fn bad_cells_are_named_by_sheet_address_row_and_column() {
    use rust_xlsxwriter::Workbook;
    let t = Template::T2021;
    let inputs = form::inputs(t);
    let mut wb = Workbook::new();
    let info = wb.add_worksheet().set_name(SHEET_INFO).unwrap();
    info.write_string(2, 1, "某局").unwrap();
    info.write_number(3, 1, 2025).unwrap();
    info.write_string(4, 1, "2021").unwrap();
    for (name, cells) in &inputs {
        let ws = wb.add_worksheet().set_name(*name).unwrap();
        for c in cells {
            match c.target {
                Target::Request(0, 1) => ws.write_string(c.row, c.col, "12件").unwrap(),
                Target::Appeal(0, 0) => ws.write_number(c.row, c.col, -3).unwrap(),
                Target::Proactive(5, 0) => ws.write_number(c.row, c.col, 12.5).unwrap(),
                _ => ws.write_number(c.row, c.col, 1).unwrap(),
            };
        }
    }
    let bytes = wb.save_to_buffer().unwrap();
    let e = form::read(&bytes).unwrap_err().to_string();
    assert!(e.contains("2 处"), "{e}");
    assert!(
        e.contains(
            "三、依申请公开!E6（一、本年新收政府信息公开申请数量 · 商业企业）：“12件”不是数字"
        ),
        "{e}"
    );
    assert!(
        e.contains("四、复议诉讼!A6（行政复议 · 结果维持）：应为非负整数，实为 -3"),
        "{e}"
    );
    // 万元 may have decimals: 12.5 in 行政事业性收费 is fine, so only two problems.
    assert!(!e.contains("行政事业性收费"), "{e}");
}

#[test]
fn not_a_form_is_refused() {
    let e = form::read(b"PK\x03\x04 not really")
        .unwrap_err()
        .to_string();
    assert!(e.contains("gongkai form"), "{e}");
}

/// LibreOffice opens the form and shows the 勾稽关系 verdicts: a changed cell turns its row's
/// and its column's checks to 不平衡. (.ci/run installs LibreOffice.)
#[test]
fn libreoffice_shows_the_balance_verdicts() {
    let mut v = seed("seeds/003_e7f580584216dc2e.txt");
    v.requests[2][0] =
        v.requests[2][0].and_then(|d| d.checked_add(gongkai_core::model::Decimal::from_int(1)));
    let dir = std::env::temp_dir().join(format!("gongkai-form-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let xlsx = dir.join("form.xlsx");
    std::fs::write(&xlsx, form::write(&v).unwrap()).unwrap();
    let status = std::process::Command::new("soffice")
        .arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.display()
        ))
        .args([
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
        ])
        .arg(&dir)
        .arg(&xlsx)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("LibreOffice (soffice) must be installed: .ci/run installs it");
    assert!(status.success());
    let csv = std::fs::read_to_string(dir.join("form-三、依申请公开.csv")).unwrap_or_else(|e| {
        panic!("LibreOffice wrote no CSV of the form ({e}): Calc (libreoffice-calc-nogui) must be installed, .ci/run installs it")
    });
    let line = |prefix: &str| {
        csv.lines()
            .find(|l| l.contains(prefix))
            .unwrap_or_else(|| panic!("{prefix}\n{csv}"))
            .to_string()
    };
    assert!(line("（一）予以公开").ends_with(",不平衡"), "{csv}");
    assert!(line("（二）部分公开").ends_with(",平衡"), "{csv}");
    assert!(line("（七）总计 = ").contains(",不平衡,平衡,"), "{csv}");
    let _ = std::fs::remove_dir_all(&dir);
}
