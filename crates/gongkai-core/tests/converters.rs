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
            .any(|n| n.zh.contains("“（一）予以公开”行各数值所在列不能确定")),
        "{shifted}"
    );
}

/// The same row in a pipe table where pandoc kept the merged cells' columns on every row
/// (each table-三 row has an empty cell before its values): the columns blank on every row
/// after the labels are the labels', and other rows print numbers in the first and the 总计
/// column, so the table's columns say the last seven cells are the values. Read, with a
/// note. Without such a row (every 总计 blank) the row is still refused.
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
        .any(|n| n.zh.contains("按所在表格的列读取（标签列之后 7 列")));

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

/// Table 三 of `text` as pdfplumber leaves it in markitdown's Markdown of a PDF: each row's
/// cells after its label passed through `f` (the table's other rows too, so the table stays
/// rectangular).
fn reshape_requests(text: &str, f: impl Fn(Vec<String>) -> Vec<String>) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        inside |= line.contains("三、收到和处理政府信息公开申请情况");
        inside &= !line.contains("四、政府信息公开行政复议");
        let cells: Vec<String> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect();
        let numbers = cells
            .iter()
            .filter(|c| c.parse::<u32>().is_ok() || c.is_empty())
            .count();
        if inside && line.starts_with('|') && cells.len() >= 8 && numbers >= 7 {
            let split = cells.len() - 7;
            let mut row = cells[..split].to_vec();
            row.extend(f(cells[split..].to_vec()));
            out.push_str(&format!("| {} |\n", row.join(" | ")));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// A table whose extractor dropped an empty column and joined two cells with a space: a row
/// holding exactly its seven numbers, summing up, is read in order; a row with a blank cell
/// is refused — it would otherwise be read one column off.
#[test]
fn a_pipe_table_with_joined_and_lost_columns_reads_only_full_rows_in_order() {
    let mut v = values(Template::T2021);
    // 科研机构 blank on every row but one: pdfplumber drops the empty column of the others.
    for row in v.requests.iter_mut() {
        row[2] = None;
        row[6] = Some(
            row[..6]
                .iter()
                .flatten()
                .fold(Decimal::ZERO, |a, b| a.checked_add(*b).unwrap()),
        );
    }
    let full = 2; // （一）予以公开 keeps all seven numbers
    v.requests[full][2] = Some(Decimal::from_int(4));
    let sum = v.requests[full][..6]
        .iter()
        .flatten()
        .fold(Decimal::ZERO, |a, b| a.checked_add(*b).unwrap());
    v.requests[full][6] = Some(sum);
    let text = reshape_requests(&report_text::write(&v, Layout::Pipes), |cells| {
        if cells[2].is_empty() {
            // The empty column dropped: six cells.
            let mut c = cells;
            c.remove(2);
            c
        } else {
            // The full row: two cells joined into one, six cells.
            let mut c = cells;
            let joined = format!("{} {}", c[2], c[3]);
            c.splice(2..4, [joined]);
            c
        }
    });
    assert!(text.contains(&format!(
        "{} {}",
        v.requests[full][2].unwrap(),
        v.requests[full][3].unwrap()
    )));
    let report = gongkai_core::parse::parse_text(&text, Default::default());
    let got = ReportValues::from_report(&report).unwrap();
    assert_eq!(got.requests[full], v.requests[full]);
    for (k, row) in got.requests.iter().enumerate() {
        if k != full {
            assert!(row.iter().all(Option::is_none), "row {k}: {row:?}\n{text}");
        }
    }
    assert!(report.notes.iter().any(|n| n
        .zh
        .contains("行恰有 7 个数值且总计等于各列之和，按顺序读取")));
    assert!(report.notes.iter().any(|n| n
        .zh
        .contains("在标签列之后有 6 列，模板为 7 列：转换时列被拆分或合并")));
}

/// markitdown of an HTML page writes a row-spanning group label's column as an empty cell on
/// the rows it spans, so a row-group's rows are one cell wider than the others' in their own
/// pipe table: the column blank on every row after the labels is the label's, the seven
/// after it are the values (the first and the 总计 column hold numbers).
#[test]
fn a_pipe_table_with_a_blank_label_column_reads_by_its_columns() {
    let mut v = values(Template::T2021);
    v.requests[0][0] = None; // 一、本年新收: 自然人 blank, so the row alone starts with blanks
    v.requests[0][6] = None;
    let text = reshape_requests(&report_text::write(&v, Layout::Pipes), |cells| {
        let mut c = vec![String::new()];
        c.extend(cells);
        c
    });
    let report = gongkai_core::parse::parse_text(&text, Default::default());
    let got = ReportValues::from_report(&report).unwrap();
    assert_eq!(got.requests, v.requests, "{text}");
}

/// Table 三 rows whose label cells were lost, the labels left as loose lines before them
/// (kewei-2024.md's shape): paired in document order when that order is the template's
/// among the rows read; labels in another order (pdfplumber strews them through the page,
/// in markitdown's PDF output) pair nothing.
#[test]
fn loose_labels_pair_with_bare_rows_only_in_the_templates_order() {
    let v = values(Template::T2021);
    let text = report_text::write(&v, Layout::Pipes);
    let partly = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）";
    let prohibited = "2.其他法律行政法规禁止公开";
    let bare = |label: &str| -> (String, String) {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("| {label} |")))
            .expect("the row")
            .to_string();
        let values = line.replacen(&format!("| {label} "), "", 1);
        (line, values)
    };
    let (partly_line, partly_values) = bare(partly);
    let (prohibited_line, prohibited_values) = bare(prohibited);
    let rewrite = |first: &str, second: &str| -> String {
        text.replace(
            &partly_line,
            &format!("\n{first}\n{second}\n\n{partly_values}\n"),
        )
        .replace(&prohibited_line, &format!("\n{prohibited_values}\n"))
    };
    // In order: both rows read, each with its own values.
    let report = gongkai_core::parse::parse_text(&rewrite(partly, prohibited), Default::default());
    let got = ReportValues::from_report(&report).unwrap();
    assert_eq!(got.requests[3], v.requests[3]);
    assert_eq!(got.requests[5], v.requests[5]);
    assert_ne!(v.requests[3], v.requests[5]);
    // Swapped: the pairing would put each row's values on the other's label. Not read.
    let swapped = rewrite(prohibited, partly);
    let report = gongkai_core::parse::parse_text(&swapped, Default::default());
    let got = ReportValues::from_report(&report).unwrap();
    assert!(got.requests[3].iter().all(Option::is_none), "{swapped}");
    assert!(got.requests[5].iter().all(Option::is_none), "{swapped}");
    assert!(report
        .notes
        .iter()
        .any(|n| n.zh.contains("与已读各行的顺序不符，无法配对，未读取")));
}

/// An amount cut at its thousands separator into two cells (`251` | `000元`, from
/// `251,000元`: pymupdf4llm) is read as the one number; a cell left over that carries a unit
/// (`432元`) leaves the row unplaced, never the first cells taken for its columns.
#[test]
fn an_amount_cut_at_its_thousands_separator_is_one_number() {
    let v = values(Template::T2019);
    let text = report_text::write(&v, Layout::Pipes);
    let line = text
        .lines()
        .find(|l| l.starts_with("| 政府集中采购 |"))
        .expect("the row")
        .to_string();
    let k = v
        .proactive
        .len()
        .checked_sub(1)
        .expect("procurement is table 二's last row");
    let parse = |row: &str| {
        let report = gongkai_core::parse::parse_text(&text.replace(&line, row), Default::default());
        (ReportValues::from_report(&report).unwrap(), report)
    };
    let (got, report) = parse("| 政府集中采购 | 6 | 251 | 000元 |");
    assert_eq!(
        got.proactive[k],
        vec![Some(Decimal::from_int(6)), Decimal::parse("25.1")]
    );
    assert!(report
        .notes
        .iter()
        .any(|n| n.zh.contains("是一个数被千位分隔符断开的两半")));
    let (got, report) = parse("| 政府集中采购 | 6 | 251 | 432元 |");
    assert!(
        got.proactive[k].iter().all(Option::is_none),
        "{:?}",
        got.proactive[k]
    );
    assert!(report
        .notes
        .iter()
        .any(|n| n.zh.contains("多出的“432元”带有单位")));
}
