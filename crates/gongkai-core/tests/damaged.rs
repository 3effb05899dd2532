//! Run-together text end to end: the unique cuts are read, the ambiguous ones refused, and a
//! report where every row is ambiguous is refused row by row in bounded time.

use gongkai_core::model::template::Template;
use gongkai_core::model::values::ReportValues;
use gongkai_core::model::Decimal;
use gongkai_core::render::report_text;

#[test]
fn unique_cuts_are_read_and_every_ambiguous_row_is_refused() {
    let mut v = ReportValues::zeros(Template::T2021, 2023, "测试局");
    // 11|0|0|0|0|0|11 runs together as 110000011, which 1|10|0|0|0|0|11 fits too.
    let n = |x: i64| Some(Decimal::from_int(x));
    for row in v.requests.iter_mut() {
        *row = [n(11), n(0), n(0), n(0), n(0), n(0), n(11)];
    }
    let text = report_text::run_together(&v);
    assert!(text.contains("（一）予以公开110000011"), "{text}");
    let start = std::time::Instant::now();
    let report = gongkai_core::parse::parse_text(&text, Default::default());
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    let got = ReportValues::from_report(&report).unwrap();
    // Part 二's zeros are cut uniquely (000 → 0, 0, 0) …
    assert_eq!(got.proactive, v.proactive);
    // … table 三's rows are not: each one refused with a note, never guessed.
    assert!(got.requests.iter().all(|r| r.iter().all(Option::is_none)));
    let refused = report
        .notes
        .iter()
        .filter(|n| n.zh.contains("110000011") && n.zh.contains("未读取"))
        .count();
    assert_eq!(refused, v.requests.len());
}

/// A row no cut decides is not read — its cells are `Undecided`, `null` in the JSON, not
/// “blank” (T205) — but a narrative number that no cut gives still contradicts the table.
#[test]
fn an_undecided_row_keeps_its_candidates_and_a_number_none_gives_is_a_mismatch() {
    use gongkai_core::model::CellValue;
    let n = |x: i64| Some(Decimal::from_int(x));
    let check = |stated: i64| {
        let mut v = ReportValues::zeros(Template::T2021, 2023, "测试局");
        let row = Template::T2021
            .def()
            .proactive
            .iter()
            .position(|r| r.key == "normative_documents")
            .unwrap();
        v.proactive[row] = vec![n(77), n(132), n(470)];
        v.sections[0] = format!("清理并集中发布现行有效行政规范性文件{stated}件。");
        let text = report_text::run_together(&v);
        assert!(text.contains("行政规范性文件77132470"), "{text}");
        let report = gongkai_core::parse::parse_text(&text, Default::default());
        let cell = report
            .cell("proactive.normative_documents.in_force")
            .expect("the cell exists");
        let CellValue::Undecided(values) = &cell.value else {
            panic!("{cell:?}");
        };
        assert!(values.contains(&Decimal::from_int(470)));
        assert!(values.contains(&Decimal::from_int(2470)));
        assert!(!values.contains(&Decimal::from_int(393)));
        assert_eq!(cell.raw, "77132470");
        let got = ReportValues::from_report(&report).unwrap();
        assert_eq!(got.proactive[row], vec![None, None, None]);
        let codes: Vec<&str> = gongkai_core::rules::check(&report)
            .iter()
            .map(|d| d.code)
            .collect();
        assert!(!codes.contains(&"T205"), "{codes:?}");
        codes.contains(&"X301")
    };
    assert!(check(393), "393 is no cut's 现行有效件数");
    assert!(!check(470), "470 is one cut's: not a certain mismatch");
    assert!(!check(2470));
}

/// A one-cell-per-line row cut by a page break: the reader writes a `PAGE_GAP` mark with its
/// estimate of the blank lines lost; the row takes the count that makes it seven wide when
/// that is within one of the estimate, and is not read (with a note) when it is not.
#[test]
fn a_row_cut_by_a_page_break_is_placed_by_its_width_or_not_read() {
    use gongkai_core::model::CellValue;
    use gongkai_core::parse::value::PAGE_GAP;
    let mut v = ReportValues::zeros(Template::T2021, 2023, "测试局");
    let n = |x: i64| Some(Decimal::from_int(x));
    for row in v.requests.iter_mut() {
        *row = [None, None, None, None, None, None, n(0)];
    }
    let text = report_text::write(&v, report_text::Layout::CellPerLine);
    let label = "（一）予以公开";
    let row = format!("\t{label}\n{}\t0\n", "\t\n".repeat(6));
    assert!(text.contains(&row), "{text}");
    let read = |estimate: usize| {
        // Its six blank lines lost at a page break, an estimate in their place.
        let cut = text.replace(&row, &format!("\t{label}\n\t{PAGE_GAP}{estimate}\n\t0\n"));
        gongkai_core::parse::parse_text(&cut, Default::default())
    };
    for estimate in [5, 6, 7] {
        let report = read(estimate);
        let got = ReportValues::from_report(&report).unwrap();
        let granted = Template::T2021
            .def()
            .request_rows
            .iter()
            .position(|r| r.key == "granted")
            .unwrap();
        assert_eq!(
            got.requests[granted], v.requests[granted],
            "estimate {estimate}"
        );
    }
    let report = read(3);
    let cell = report.cell("requests.granted.total").unwrap();
    assert_eq!(cell.value, CellValue::Undecided(Vec::new()));
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.zh.contains("跨页") && n.zh.contains(label)),
        "{:?}",
        report.notes
    );
    // Not called blank: the other rows' blanks are, this row's cells are not.
    let diags = gongkai_core::rules::check(&report);
    let blank: Vec<&String> = diags
        .iter()
        .filter(|d| d.code == "T205")
        .flat_map(|d| &d.cells)
        .collect();
    assert!(blank
        .iter()
        .any(|c| c.starts_with("requests.partially_granted.")));
    assert!(
        !blank.iter().any(|c| c.starts_with("requests.granted.")),
        "{blank:?}"
    );
}

/// A reading-order dump (pdftotext without -layout) where cells came out of order: the values
/// after “行政规范性文件17” could be its own or the row above's, and more follow than it needs,
/// so they are not attached (before: 17, 0, 0 — a wrong 现行有效 0 where the source says 5).
#[test]
fn values_after_a_row_are_not_attached_when_more_follow_than_it_needs() {
    let text = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n\n规章\n0\n0\n行政规范性文件17\n\n0\n0\n\n5\n\n第二十条第（五）项\n";
    let report = gongkai_core::parse::parse_text(text, Default::default());
    let row: Vec<Option<Decimal>> = report
        .proactive
        .as_ref()
        .and_then(|t| t.row("normative_documents"))
        .expect("the row")
        .cells
        .iter()
        .map(|c| c.number())
        .collect();
    // Its own 17 is read; nothing after it is taken for 本年废止 or 现行有效.
    assert_eq!(row[0], Some(Decimal::from_int(17)), "{row:?}");
    assert!(row[1..].iter().all(Option::is_none), "{row:?}");
}

/// A page with blank cells dumped with its cells run together: a blank cell leaves nothing,
/// so `18 | | | | | | 18` becomes `1818`, fewer digits than columns. Which columns the numbers
/// stood in cannot be told: the row is refused — never read as 1818 in the first column, as
/// it was (8 cells of Shanghai's page so dumped). A run followed by a fragment no label
/// matched (`1000001(七)`, a half-width label) is still cut as a run, not read as one number
/// with a note.
#[test]
fn a_run_with_fewer_digits_than_columns_is_refused() {
    use gongkai_core::model::CellValue;
    let n = |x: i64| Some(Decimal::from_int(x));
    let mut v = ReportValues::zeros(Template::T2021, 2023, "测试局");
    let carried = Template::T2021
        .def()
        .request_rows
        .iter()
        .position(|r| r.key == "carried_over")
        .unwrap();
    v.requests[carried] = [n(18), None, None, None, None, None, n(18)];
    let text = report_text::run_together(&v);
    assert!(
        text.contains("二、上年结转政府信息公开申请数量1818"),
        "{text}"
    );
    let report = gongkai_core::parse::parse_text(&text, Default::default());
    for col in ["natural_person", "total"] {
        let cell = report
            .cell(&format!("requests.carried_over.{col}"))
            .unwrap();
        assert!(matches!(cell.value, CellValue::Undecided(_)), "{cell:?}");
        assert_eq!(cell.raw, "1818");
    }
    assert!(report
        .notes
        .iter()
        .any(|note| note.zh.contains("“1818”") && note.zh.contains("不足 7 位")));

    // Half-width parentheses: `（七）总计` typed `(七)总计` is still the label (keys), and a
    // run that an unmatched fragment follows is still cut.
    let mut w = ReportValues::zeros(Template::T2021, 2023, "测试局");
    let other = Template::T2021
        .def()
        .request_rows
        .iter()
        .position(|r| r.key == "other.other")
        .unwrap();
    w.requests[other] = [n(1), n(0), n(0), n(0), n(0), n(0), n(1)];
    let total = w.requests.len() - 2;
    w.requests[total] = [n(1), n(0), n(0), n(0), n(0), n(0), n(1)];
    let first = 0;
    w.requests[first] = [n(1), n(0), n(0), n(0), n(0), n(0), n(1)];
    let text = report_text::run_together(&w)
        .replace('（', "(")
        .replace('）', ")");
    let report = gongkai_core::parse::parse_text(&text, Default::default());
    let got = ReportValues::from_report(&report).unwrap();
    assert_eq!(got.requests[other], w.requests[other], "{text}");
    assert_eq!(got.requests[total], w.requests[total]);
}
