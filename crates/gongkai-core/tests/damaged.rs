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

/// A row no cut decides is not read — its cells are `Unsplit`, `null` in the JSON, not
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
        let CellValue::Unsplit(values) = &cell.value else {
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
