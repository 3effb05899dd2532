//! What document converters write, end to end: a PDF text extractor's one cell per line
//! (PyMuPDF, pdftotext) and a Markdown pipe table that lost its merged cells (pandoc). Each
//! row is read into its columns or not at all.

use gongkai_core::model::template::Template;
use gongkai_core::model::values::ReportValues;
use gongkai_core::model::Decimal;
use gongkai_core::render::report_text::{self, Layout};

fn values(template: Template) -> ReportValues {
    let mut v = ReportValues::zeros(template, 2023, "测试局");
    let mut x = 3;
    let mut next = || {
        x = (x * 7 + 5) % 41;
        Some(Decimal::from_int(x))
    };
    for row in v.proactive.iter_mut() {
        for c in row.iter_mut() {
            *c = next();
        }
    }
    for row in v.requests.iter_mut() {
        let mut total = Decimal::ZERO;
        for c in row.iter_mut().take(6) {
            *c = next();
            total = total.checked_add(c.unwrap()).unwrap();
        }
        row[6] = Some(total);
    }
    for c in v.appeals.iter_mut().flatten() {
        *c = next();
    }
    v
}

/// The tab text as a PDF text extractor writes a ruled table: every non-empty cell on a
/// line of its own (empty cells leave nothing), labels longer than nine characters wrapped
/// in their cell.
fn stacked(v: &ReportValues) -> String {
    let mut out = String::new();
    for line in report_text::write(v, Layout::Tabs).lines() {
        if !line.contains('\t') {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        for cell in line.split('\t').filter(|c| !c.trim().is_empty()) {
            let chars: Vec<char> = cell.chars().collect();
            for piece in chars.chunks(9) {
                out.extend(piece);
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn stacked_cells_are_read_back_into_their_rows() {
    for template in [Template::T2021, Template::T2019] {
        let v = values(template);
        let text = stacked(&v);
        assert!(text.contains("2.其他法律行政法\n规禁止公开\n"), "{text}");
        let report = gongkai_core::parse::parse_text(&text, Default::default());
        let got = ReportValues::from_report(&report).unwrap();
        assert_eq!(got.proactive, v.proactive, "{template:?}");
        assert_eq!(got.requests, v.requests, "{template:?}");
        assert_eq!(got.appeals, v.appeals, "{template:?}");
    }
}

#[test]
fn a_stacked_row_with_a_blank_cell_is_not_read() {
    let mut v = values(Template::T2021);
    // The extractor writes nothing for the blank: the row's six numbers could be any six of
    // its seven columns.
    v.requests[0][1] = None;
    let report = gongkai_core::parse::parse_text(&stacked(&v), Default::default());
    let got = ReportValues::from_report(&report).unwrap();
    assert!(
        got.requests[0].iter().all(Option::is_none),
        "{:?}",
        got.requests[0]
    );
    assert_eq!(got.requests[1..], v.requests[1..]);
    assert!(report
        .notes
        .iter()
        .any(|n| n.zh.contains("行只有 6 个数值，模板为 7 列")));
}

/// pandoc writes a table whose row label spans two columns as a pipe row with an empty cell
/// after the label; when the row's last column is blank too, the row has a blank at both
/// ends. Which blank is the label's cannot be told: the row is refused, not shifted.
#[test]
fn a_pipe_row_with_blanks_at_both_ends_is_not_shifted() {
    let mut v = values(Template::T2021);
    v.requests[2][6] = None; // （一）予以公开: 总计 blank
    let text = report_text::write(&v, Layout::Pipes);
    let line = text
        .lines()
        .find(|l| l.contains("（一）予以公开"))
        .expect("the row")
        .to_string();
    let shifted = line.replacen("（一）予以公开 |", "（一）予以公开 |  |", 1);
    let text = text.replace(&line, &shifted);
    let report = gongkai_core::parse::parse_text(&text, Default::default());
    let got = ReportValues::from_report(&report).unwrap();
    assert!(
        got.requests[2].iter().all(Option::is_none),
        "{shifted}: {:?}",
        got.requests[2]
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.zh.contains("两端都有空白单元格")),
        "{shifted}"
    );
}

/// The same row in a pipe table where pandoc kept the merged cells' columns on every row
/// (each table-三 row has an empty cell before its values): another row of the table prints
/// its 总计 in the last cell, so the table's columns say the last seven cells are the values.
/// Read, with a note. Without such a row (every 总计 blank) the row is still refused.
#[test]
fn a_pipe_row_with_blanks_at_both_ends_takes_its_tables_columns() {
    // Every table-三 row (seven cells after its labels, at most seven numbers) gets empty
    // cells before its values, up to ten cells: a rectangular table, three label columns.
    let widen = |text: &str| -> String {
        text.lines()
            .map(|l| {
                let cells: Vec<&str> = l.trim().trim_matches('|').split('|').collect();
                let numbers = cells
                    .iter()
                    .filter(|c| c.trim().parse::<u32>().is_ok())
                    .count();
                if cells.len() < 8 || !(1..=7).contains(&numbers) {
                    return format!("{l}\n");
                }
                let mut cells = cells;
                while cells.len() < 10 {
                    cells.insert(cells.len() - 7, " ");
                }
                format!("|{}|\n", cells.join("|"))
            })
            .collect()
    };
    let mut v = values(Template::T2021);
    v.requests[2][6] = None; // （一）予以公开: 总计 blank
    let text = widen(&report_text::write(&v, Layout::Pipes));
    let line = text
        .lines()
        .find(|l| l.contains("（一）予以公开"))
        .expect("the row");
    let cells: Vec<&str> = line
        .trim()
        .trim_matches('|')
        .split('|')
        .map(str::trim)
        .collect();
    assert_eq!((cells.len(), cells[2], cells[9]), (10, "", ""), "{line}");
    let report = gongkai_core::parse::parse_text(&text, Default::default());
    let got = ReportValues::from_report(&report).unwrap();
    assert_eq!(got.requests[2], v.requests[2], "{line}");
    assert_eq!(got.requests, v.requests);
    assert!(report
        .notes
        .iter()
        .any(|n| n.zh.contains("总计在最后一列，按此列位置读取后 7 个单元格")));

    // Every 总计 blank: no row shows where the values stand.
    for row in v.requests.iter_mut() {
        row[6] = None;
    }
    let text = widen(&report_text::write(&v, Layout::Pipes));
    let report = gongkai_core::parse::parse_text(&text, Default::default());
    let got = ReportValues::from_report(&report).unwrap();
    assert!(got.requests[2].iter().all(Option::is_none), "{text}");
}

/// markitdown and pandoc write a merged cell as the cell and an empty cell after it, and a
/// data row's spans need not be its header's: a pipe row of 规章 with four cells, three
/// numbers, for three columns reads the numbers in order (as the HTML reader does), with a
/// note.
#[test]
fn a_pipe_row_with_a_merged_cells_blank_reads_its_numbers_in_order() {
    let v = values(Template::T2019);
    let text = report_text::write(&v, Layout::Pipes);
    let line = text
        .lines()
        .find(|l| l.starts_with("| 规章 |"))
        .expect("the row")
        .to_string();
    let mut cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
    assert_eq!(cells.len(), 4, "{line}");
    cells.insert(2, " ");
    let spanned = format!("|{}|", cells.join("|"));
    let report =
        gongkai_core::parse::parse_text(&text.replace(&line, &spanned), Default::default());
    let got = ReportValues::from_report(&report).unwrap();
    assert_eq!(got.proactive[0], v.proactive[0], "{spanned}");
    assert!(report.notes.iter().any(|n| n.zh.contains("数值按顺序读取")));
}
