//! Property tests: random internally consistent reports of both templates, written in each
//! text layout, parse back to the same values with no arithmetic finding; the same reports
//! with one cell changed raise the matching T2xx code naming that cell.

use gongkai_core::model::template::{RowRole, Template, TOTAL_COLUMN};
use gongkai_core::model::values::ReportValues;
use gongkai_core::model::{Decimal, SourceInfo};
use gongkai_core::render::report_text::{write, Layout, ALL_LAYOUTS};
use gongkai_core::{parse, rules};
use proptest::prelude::*;

const AGENCIES: &[&str] = &[
    "濮阳市工业和信息化局",
    "卢氏县商务局",
    "上海市人民政府办公厅",
    "平潭综合实验区管委会",
    "某某街道办事处",
];

fn d(v: i64) -> Option<Decimal> {
    Some(Decimal::from_int(v))
}

/// A consistent report: outcome rows drawn at random, totals derived, every equation holds.
fn consistent(template: Template) -> impl Strategy<Value = ReportValues> {
    let def = template.def();
    let rows = def.request_rows.len();
    let years = if template == Template::T2019 {
        2019..=2020
    } else {
        2021..=2025
    };
    (
        years,
        0..AGENCIES.len(),
        prop::collection::vec(
            prop::collection::vec(prop_oneof![3 => Just(0i64), 1 => 0i64..40], 6),
            rows,
        ),
        prop::collection::vec(0i64..6, 6),
        prop::collection::vec(0i64..6, 6),
        prop::collection::vec(prop::collection::vec(0i64..9, 4), 3),
        prop::collection::vec(prop::collection::vec(-3i64..300, 3), def.proactive.len()),
        0i64..10_000_000,
    )
        .prop_map(
            move |(
                year,
                agency,
                leaves,
                carried_forward,
                carried_over_share,
                appeals,
                proactive,
                fee,
            )| {
                let mut r = ReportValues::zeros(template, year, AGENCIES[agency]);
                let idx = |key: &str| def.request_row(key).unwrap().0;
                for c in 0..6 {
                    let mut total = 0;
                    for (i, row) in def.request_rows.iter().enumerate() {
                        if row.role == RowRole::Outcome {
                            r.requests[i][c] = d(leaves[i][c]);
                            total += leaves[i][c];
                        }
                    }
                    let cf = carried_forward[c];
                    let co = carried_over_share[c].min(total + cf);
                    r.requests[idx("total")][c] = d(total);
                    r.requests[idx("carried_forward")][c] = d(cf);
                    r.requests[idx("carried_over")][c] = d(co);
                    r.requests[idx("new_received")][c] = d(total + cf - co);
                }
                for row in r.requests.iter_mut() {
                    let sum: Decimal = row[..TOTAL_COLUMN]
                        .iter()
                        .fold(Decimal::ZERO, |a, v| a.checked_add(v.unwrap()).unwrap());
                    row[TOTAL_COLUMN] = Some(sum);
                }
                for (g, parts) in appeals.iter().enumerate() {
                    for (f, v) in parts.iter().enumerate() {
                        r.appeals[g][f] = d(*v);
                    }
                    r.appeals[g][4] = d(parts.iter().sum());
                }
                for (i, row) in def.proactive.iter().enumerate() {
                    for (j, field) in row.fields.iter().enumerate() {
                        let raw = proactive[i][j];
                        r.proactive[i][j] = match field.kind {
                            gongkai_core::model::Kind::SignedCount => d(raw),
                            gongkai_core::model::Kind::Count => d(raw.abs()),
                            gongkai_core::model::Kind::Money => {
                                Decimal::parse(&format!("{}.{:04}", fee / 10_000, fee % 10_000))
                            }
                        };
                    }
                }
                r.sections = [
                    "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。"
                        .into(),
                    "主动公开情况见下表。".into(),
                    "依申请公开情况见下表。".into(),
                    String::new(),
                    "公开内容的深度和广度仍需加强。下一步将继续完善工作机制。".into(),
                    "无。".into(),
                ];
                r
            },
        )
}

fn any_report() -> impl Strategy<Value = ReportValues> {
    prop_oneof![consistent(Template::T2021), consistent(Template::T2019)]
}

fn any_layout() -> impl Strategy<Value = Layout> {
    prop::sample::select(ALL_LAYOUTS.to_vec())
}

fn parse_values(text: &str) -> (ReportValues, Vec<gongkai_core::Diagnostic>) {
    let report = parse::parse_text(text, SourceInfo::default());
    let diags = rules::check(&report);
    (
        ReportValues::from_report(&report).expect("template detected"),
        diags,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn consistent_reports_round_trip(r in any_report(), layout in any_layout()) {
        let text = write(&r, layout);
        let (back, diags) = parse_values(&text);
        prop_assert_eq!(back.template, r.template);
        prop_assert_eq!(back.year, r.year);
        prop_assert_eq!(&back.agency, &r.agency);
        prop_assert_eq!(&back.proactive, &r.proactive);
        prop_assert_eq!(&back.requests, &r.requests);
        prop_assert_eq!(&back.appeals, &r.appeals);
        let findings: Vec<&str> = diags.iter().filter(|d| d.code != "T206").map(|d| d.code).collect();
        prop_assert!(findings.is_empty(), "unexpected findings {:?} in\n{}", findings, text);
    }

    #[test]
    fn one_changed_cell_is_named(
        r in any_report(),
        layout in any_layout(),
        pick in 0usize..10_000,
        delta in 1i64..7,
    ) {
        let mut r = r;
        let rows = r.requests.len();
        let n = rows * 7 + 15;
        let k = pick % n;
        let path = if k < rows * 7 {
            let (row, col) = (k / 7, k % 7);
            r.requests[row][col] = r.requests[row][col].and_then(|v| v.checked_add(Decimal::from_int(delta)));
            r.request_path(row, col)
        } else {
            let (g, f) = ((k - rows * 7) / 5, (k - rows * 7) % 5);
            r.appeals[g][f] = r.appeals[g][f].and_then(|v| v.checked_add(Decimal::from_int(delta)));
            ReportValues::appeal_path(g, f)
        };
        let text = write(&r, layout);
        let (back, diags) = parse_values(&text);
        prop_assert_eq!(&back.requests, &r.requests);
        let named = diags.iter().any(|d| ["T201", "T202", "T203", "T204"].contains(&d.code) && d.cells.contains(&path));
        prop_assert!(named, "no T20x names {}: {:?}", path, diags.iter().map(|d| (d.code, d.cells.clone())).collect::<Vec<_>>());
    }

    #[test]
    fn blanks_stay_blank(r in any_report(), pick in 0usize..10_000) {
        // One cell per line keeps every blank in place; a blank must read back as blank and
        // be reported by T205, and never computed as 0.
        let mut r = r;
        let k = pick % (r.requests.len() * 7);
        r.requests[k / 7][k % 7] = None;
        let path = r.request_path(k / 7, k % 7);
        let text = write(&r, Layout::CellPerLine);
        let (back, diags) = parse_values(&text);
        prop_assert_eq!(&back.requests, &r.requests);
        prop_assert!(diags.iter().any(|d| d.code == "T205" && d.cells.contains(&path)));
        prop_assert!(!diags.iter().any(|d| ["T201", "T202", "T203"].contains(&d.code) && d.cells.contains(&path)));
    }
}

#[test]
fn written_layouts_look_like_the_seeds() {
    let mut r = ReportValues::zeros(Template::T2021, 2023, "卢氏县商务局");
    r.requests[0][0] = d(3);
    r.requests[0][6] = d(3);
    for layout in ALL_LAYOUTS {
        let text = write(&r, layout);
        if std::env::var("GONGKAI_DUMP").is_ok() {
            std::fs::write(format!("/tmp/gk/{layout:?}.txt"), &text).unwrap();
        }
        let (back, _) = parse_values(&text);
        assert_eq!(back.requests[0][0], d(3), "{layout:?}");
    }
}
