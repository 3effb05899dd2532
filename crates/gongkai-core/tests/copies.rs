//! Copies of one report (`gongkai_core::copies`): a crawler's run-together dump decided by a
//! clean copy only when the copy is of the same report, agrees everywhere else, and spells
//! the run; never otherwise.

use gongkai_core::copies::{self, Copy};
use gongkai_core::model::template::Template;
use gongkai_core::model::values::ReportValues;
use gongkai_core::model::{CellValue, Decimal};
use gongkai_core::parse::parse_text;
use gongkai_core::render::report_text::{self, Layout};
use gongkai_core::synth::{self, Templates};
use gongkai_core::Report;

fn parse(text: &str) -> Report {
    parse_text(text, Default::default())
}

/// The clean copy of `v` (tab rows), as a [`Copy`] named `name`.
fn clean(v: &ReportValues, name: &str) -> Copy {
    Copy::of(name, &parse(&report_text::write(v, Layout::Tabs))).expect("a key")
}

fn undecided(r: &Report) -> usize {
    [&r.proactive, &r.requests, &r.appeals]
        .into_iter()
        .flatten()
        .flat_map(|t| &t.rows)
        .flat_map(|row| &row.cells)
        .filter(|c| matches!(c.value, CellValue::Undecided(_)))
        .count()
}

/// The pingtan row: `77132470` has 21 cuts; the narrative and the arithmetic leave several.
fn pingtan_like() -> ReportValues {
    let mut v = ReportValues::zeros(Template::T2021, 2023, "平潭综合实验区");
    let n = |x: i64| Some(Decimal::from_int(x));
    let row = normative_row();
    v.proactive[row] = vec![n(77), n(132), n(470)];
    v
}

fn normative_row() -> usize {
    Template::T2021
        .def()
        .proactive
        .iter()
        .position(|r| r.key == "normative_documents")
        .unwrap()
}

#[test]
fn a_clean_copy_decides_every_refused_run_to_the_truth() {
    // Synthesized reports of both templates whose run-together dump leaves runs refused:
    // with the clean copy beside it, each reads back exactly as the truth, and every run it
    // decided is said in a note naming the copy.
    let mut tried = 0;
    for index in 0..120 {
        let v = synth::report(7, index, Templates::Mix, 0.0).values;
        let mut dump = parse(&report_text::run_together(&v));
        let open = undecided(&dump);
        if open == 0 {
            continue;
        }
        tried += 1;
        assert!(copies::has_open_runs(&dump));
        let decided = copies::decide(&mut dump, &[clean(&v, "page.html")]);
        assert_eq!(
            decided.iter().map(|d| d.cells).sum::<usize>(),
            open,
            "report {index}"
        );
        assert_eq!(decided[0].from, "page.html");
        assert_eq!(undecided(&dump), 0, "report {index}");
        let got = ReportValues::from_report(&dump).unwrap();
        assert_eq!(got.proactive, v.proactive, "report {index}");
        assert_eq!(got.requests, v.requests, "report {index}");
        assert_eq!(got.appeals, v.appeals, "report {index}");
        assert!(dump
            .notes
            .iter()
            .any(|n| n.zh.contains("按同一报告的另一份文件 page.html 读作")));
        // Every cell decided points at its own digits in the run.
        for t in [&dump.proactive, &dump.requests, &dump.appeals]
            .into_iter()
            .flatten()
        {
            for c in t.rows.iter().flat_map(|r| &r.cells) {
                if let CellValue::Number(d) = c.value {
                    assert_eq!(c.raw, d.to_string());
                }
            }
        }
    }
    assert!(tried >= 10, "only {tried} reports with refused runs");
}

#[test]
fn the_pingtan_row_is_decided_by_its_page_and_the_narrative_still_contradicts_it() {
    let mut v = pingtan_like();
    v.sections[0] = "清理并集中发布现行有效行政规范性文件393件。".to_string();
    let mut dump = parse(&report_text::run_together(&v));
    assert_eq!(undecided(&dump), 3);
    let decided = copies::decide(&mut dump, &[clean(&v, "pingtan-2023.html")]);
    assert_eq!(
        decided,
        vec![copies::Decided {
            from: "pingtan-2023.html".into(),
            cells: 3
        }]
    );
    let cell = dump.cell("proactive.normative_documents.in_force").unwrap();
    assert_eq!(cell.value, CellValue::Number(Decimal::from_int(470)));
    // Its span is its own three digits, right after 77 and 132.
    let run = dump
        .cell("proactive.normative_documents.issued")
        .unwrap()
        .span;
    assert_eq!(cell.span.start, run.start + 5);
    assert_eq!(cell.span.end - cell.span.start, 3);
    let x301 = gongkai_core::rules::check(&dump)
        .into_iter()
        .find(|d| d.code == "X301")
        .expect("393 against 470");
    assert!(x301.message.zh.contains("为 470"), "{}", x301.message.zh);
}

#[test]
fn a_copy_that_differs_anywhere_decides_nothing() {
    let v = pingtan_like();
    let text = report_text::run_together(&v);
    // One other cell differs: another report (a draft, a correction), not a copy.
    let mut other = v.clone();
    other.requests[0][6] = Some(Decimal::from_int(1));
    // A blank where the dump reads 0 differs too: a blank is not a 0.
    let mut blank = v.clone();
    blank.appeals[0][0] = None;
    // The copy's row spells another number than the run.
    let mut respelled = v.clone();
    respelled.proactive[normative_row()][2] = Some(Decimal::from_int(471));
    // Same tables, another agency or year.
    let mut agency = v.clone();
    agency.agency = "平潭综合实验区管委会办公室".into();
    let mut year = v.clone();
    year.year = 2022;
    for (what, copy) in [
        ("one cell differs", other),
        ("a blank against a 0", blank),
        ("the run spelled otherwise", respelled),
        ("another agency", agency),
        ("another year", year),
    ] {
        let mut dump = parse(&text);
        let decided = copies::decide(&mut dump, &[clean(&copy, "other.html")]);
        assert!(decided.is_empty(), "{what}: {decided:?}");
        assert_eq!(undecided(&dump), 3, "{what}");
    }
}

#[test]
fn two_copies_that_read_the_run_differently_leave_it_refused() {
    let v = pingtan_like();
    let mut w = v.clone();
    // 77 | 1324 | 70 spells 77132470 too.
    w.proactive[normative_row()] = vec![
        Some(Decimal::from_int(77)),
        Some(Decimal::from_int(1324)),
        Some(Decimal::from_int(70)),
    ];
    let mut dump = parse(&report_text::run_together(&v));
    let decided = copies::decide(&mut dump, &[clean(&v, "a.html"), clean(&w, "b.docx")]);
    assert!(decided.is_empty(), "{decided:?}");
    assert_eq!(undecided(&dump), 3);
    assert!(
        dump.notes
            .iter()
            .any(|n| n.zh.contains("a.html 与 b.docx 中读法不同")),
        "{:?}",
        dump.notes
    );
    // Two copies that agree decide it, the first named.
    let mut dump = parse(&report_text::run_together(&v));
    let decided = copies::decide(&mut dump, &[clean(&v, "a.html"), clean(&v, "b.docx")]);
    assert_eq!(decided.len(), 1);
    assert_eq!(decided[0].from, "a.html");
    assert_eq!(undecided(&dump), 0);
}

#[test]
fn a_copy_that_read_little_decides_nothing() {
    // A copy with only part 二 read (its tables 三 and 四 lost) shares too few cells to be
    // known as the same report.
    let v = pingtan_like();
    let full = report_text::write(&v, Layout::Tabs);
    let cut = &full[..full.find("三、收到和处理政府信息公开申请情况").unwrap()];
    let partial = Copy::of("part.txt", &parse(cut)).expect("a key");
    let mut dump = parse(&report_text::run_together(&v));
    assert!(copies::decide(&mut dump, &[partial]).is_empty());
    assert_eq!(undecided(&dump), 3);
}
