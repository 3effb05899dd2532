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
