//! Snapshots of the generated text and HTML, for both templates: any change to what an agency
//! would publish shows up in review (`cargo insta review`).

use gongkai_core::model::values::ReportValues;
use gongkai_core::render::{html, report_text};

fn values(seed: &str) -> ReportValues {
    let path = format!("{}/../../fixtures/seeds/{seed}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let report = gongkai_core::parse::parse_text(&text, Default::default());
    ReportValues::from_report(&report).unwrap()
}

#[test]
fn text_and_html_output() {
    for (name, seed) in [
        ("2021", "000_a04d2b58ea550f91.txt"),
        ("2019", "002_1cfc0883eae77b14.txt"),
    ] {
        let v = values(seed);
        assert_eq!(v.template.as_str(), name);
        insta::assert_snapshot!(
            format!("text-tabs-{name}"),
            report_text::write(&v, report_text::Layout::Tabs)
        );
        insta::assert_snapshot!(
            format!("markdown-{name}"),
            report_text::write(&v, report_text::Layout::Pipes)
        );
        insta::assert_snapshot!(format!("html-{name}"), html::page(&v));
    }
}
