//! Text whose ideographs are Kangxi or supplement radicals (a PDF's text layer copied into a
//! web page or dumped by an extractor that ignores ActualText): it reads as the same report,
//! and the reader is told.

use gongkai_core::model::values::ReportValues;

#[test]
fn radicals_read_as_the_ideographs_they_stand_for() {
    for seed in ["000_a04d2b58ea550f91", "003_e7f580584216dc2e"] {
        let path = format!(
            "{}/../../fixtures/seeds/{seed}.txt",
            env!("CARGO_MANIFEST_DIR")
        );
        let plain = std::fs::read_to_string(&path).unwrap();
        let radicals = plain
            .replace('人', "⼈")
            .replace('民', "⺠")
            .replace('行', "⾏")
            .replace('一', "⼀")
            .replace('长', "⻓");
        assert_ne!(plain, radicals);
        let want = gongkai_formats::load("a.txt", plain.as_bytes()).unwrap();
        let got = gongkai_formats::load("a.txt", radicals.as_bytes()).unwrap();
        assert_eq!(got.text, plain, "{seed}: folded text");
        assert_eq!(got.report.agency, want.report.agency);
        assert_eq!(got.report.year, want.report.year);
        assert_eq!(
            ReportValues::from_report(&got.report).unwrap(),
            ReportValues::from_report(&want.report).unwrap(),
            "{seed}"
        );
        let note = got
            .report
            .notes
            .iter()
            .find(|n| n.zh.contains("康熙部首"))
            .expect("the reader is told");
        let count = radicals
            .chars()
            .filter(|&c| matches!(c, '⼈' | '⺠' | '⾏' | '⼀' | '⻓'))
            .count();
        assert!(
            note.zh.contains(&format!("原文有 {count} 个")),
            "{}",
            note.zh
        );
        // The note points at the first radical, a span that is valid in the text.
        let first = radicals
            .char_indices()
            .find(|(_, c)| matches!(c, '⼈' | '⺠' | '⾏' | '⼀' | '⻓'))
            .unwrap()
            .0;
        assert_eq!(note.span.start as usize, first);
        assert!(!want.report.notes.iter().any(|n| n.zh.contains("康熙部首")));
    }
}
