//! Run-together text: a crawler's dump of an HTML report where every cell and heading ran
//! into one line with no separator (`…规章000行政规范性文件77132470第二十条第（五）项…`).
//!
//! Such a line is cut back into rows at the template's printed labels — the six headings
//! anywhere, every table label between the 二 and 五 headings — the longest label winning.
//! What lies between two labels stays a cell of the row the first label starts (a digit run
//! is cut later by [`crate::parse::split`]). A group label (`（三）不予公开`) shares its row
//! with the row label after it, as printed. Spans still point into the original line.
//!
//! Only a long line with no tab that holds many distinct labels is touched: ordinary text
//! and tables never are.

use crate::model::template::{
    TemplateDef, APPEAL_FIELDS, APPEAL_GROUPS, APPEAL_LITIGATION, PROACTIVE_ITEM_HEADER,
    REQUEST_APPLICANTS, REQUEST_COLUMNS, REQUEST_GROUP_LABELS, REQUEST_HEADER_NOTE,
    REQUEST_ORGANISATIONS, SECTIONS, SECTION_NUMERALS, TEMPLATES,
};
use crate::model::Span;
use crate::parse::normalize::located_key;
use crate::parse::scan::{RawCell, RawRow};
use crate::parse::value::is_value_text;
use std::borrow::Cow;
use std::sync::OnceLock;

/// A line must be at least this long (bytes) to be considered run-together.
const MIN_LINE: usize = 300;
/// …and hold this many distinct table labels.
const MIN_LABELS: usize = 8;

struct Labels {
    /// Headings, longest key first: (key, as the template prints it).
    headings: Vec<(String, String)>,
    /// Table labels (headings included), longest key first: (key, the template's own
    /// `&'static str` when it is a data or group label, else "").
    table: Vec<(String, &'static str)>,
    /// Group labels that share a row with the next label.
    groups: Vec<&'static str>,
    /// Labels of rows that carry values (the others are headers: a run after them is a
    /// row of its own, as table 四's data row after its header).
    data: Vec<&'static str>,
}

fn labels() -> &'static Labels {
    static L: OnceLock<Labels> = OnceLock::new();
    L.get_or_init(|| {
        let mut headings: Vec<String> = Vec::new();
        for (s, numeral) in SECTIONS.iter().zip(SECTION_NUMERALS) {
            headings.push(s.heading.to_string());
            for v in s.variants {
                headings.push(format!("{numeral}、{v}"));
            }
        }
        let mut table: Vec<String> = headings.clone();
        let mut data: Vec<&'static str> = Vec::new();
        for t in TEMPLATES {
            data.extend(t.def().proactive.iter().map(|r| r.label));
            data.extend(t.def().request_rows.iter().map(|r| r.label));
        }
        let mut add = |s: &str| table.push(s.to_string());
        for t in TEMPLATES {
            let def: &TemplateDef = t.def();
            for r in def.proactive {
                add(r.item);
                add(r.label);
                for f in r.fields {
                    add(f.label);
                }
            }
            for r in def.request_rows {
                add(r.label);
            }
        }
        for s in REQUEST_GROUP_LABELS {
            add(s);
        }
        for c in &REQUEST_COLUMNS {
            add(c.label);
        }
        for c in APPEAL_GROUPS.iter().chain(&APPEAL_FIELDS) {
            add(c.label);
        }
        for s in [
            PROACTIVE_ITEM_HEADER,
            REQUEST_HEADER_NOTE,
            REQUEST_APPLICANTS,
            REQUEST_ORGANISATIONS,
            APPEAL_LITIGATION,
        ] {
            add(s);
        }
        // Matched by their keys (spacing, full or half width, `1、` for `1.` do not matter),
        // the longest first.
        let keyed = |v: Vec<String>| {
            let mut v: Vec<(String, String)> =
                v.into_iter().map(|s| (located_key(&s).0, s)).collect();
            v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
            v.dedup_by(|a, b| a.0 == b.0);
            v
        };
        let groups = REQUEST_GROUP_LABELS.to_vec();
        let table = keyed(table)
            .into_iter()
            .map(|(k, label)| {
                let own = data
                    .iter()
                    .chain(&groups)
                    .find(|s| **s == label)
                    .copied()
                    .unwrap_or("");
                (k, own)
            })
            .collect();
        Labels {
            headings: keyed(headings),
            table,
            groups,
            data,
        }
    })
}

/// Cut run-together lines into rows; other rows pass through.
pub fn reline<'a>(rows: Vec<RawRow<'a>>) -> Vec<RawRow<'a>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        match run_together_key(&row) {
            Some(key) => out.extend(cut(&row.cells[0], key)),
            None => out.push(row),
        }
    }
    out
}

/// The line's key ([`located_key`]) when it is run-together text: one long cell with no tab,
/// holding several of the template's header words and [`MIN_LABELS`] distinct labels.
fn run_together_key(row: &RawRow<'_>) -> Option<(String, Vec<(usize, usize)>)> {
    if row.cells.len() != 1 {
        return None;
    }
    let t: &str = &row.cells[0].text;
    if t.len() < MIN_LINE || t.contains('\t') {
        return None;
    }
    // Cheap first: a run-together table holds several of the template's header words; a
    // paragraph rarely two.
    let hints = [
        PROACTIVE_ITEM_HEADER,
        TEMPLATES[0].def().proactive[0].item,
        REQUEST_APPLICANTS,
        REQUEST_ORGANISATIONS,
        APPEAL_FIELDS[0].label,
        APPEAL_FIELDS[3].label,
    ];
    if hints.iter().filter(|h| t.contains(*h)).count() < 2 {
        return None;
    }
    let l = labels();
    let located = located_key(t);
    let distinct = l
        .table
        .iter()
        .filter(|(k, _)| k.chars().count() >= 4 && located.0.contains(k.as_str()))
        .count();
    (distinct >= MIN_LABELS).then_some(located)
}

#[derive(Debug)]
enum Token {
    /// A heading, or a table label with the template's own text when it is a data or group
    /// label ("" for headers): its byte range in the line.
    Heading(usize, usize),
    Label(usize, usize, &'static str),
    Text(usize, usize),
}

/// The line cut into headings, table labels and the text between, found on the line's key
/// ([`located_key`]: spacing, full or half width and enumerator marks do not matter) and
/// mapped back to byte ranges of the line.
fn tokens(t: &str, (key, src): (String, Vec<(usize, usize)>)) -> Vec<Token> {
    let l = labels();
    // Byte offset in the key of each key character, and one past the end.
    let mut at: Vec<usize> = key.char_indices().map(|(i, _)| i).collect();
    at.push(key.len());
    // The table region: from part 二's heading (or the first 第二十条) to part 五's.
    let start = ["二,主动公开", "第二十条"]
        .iter()
        .filter_map(|m| key.find(m))
        .min()
        .unwrap_or(key.len());
    let end = key[start..]
        .find("五,")
        .map(|i| start + i)
        .unwrap_or(key.len());
    // The line's byte range of key characters `a..b` (key byte offsets).
    let char_of = |byte: usize| at.partition_point(|&x| x < byte);
    let raw = |a: usize, b: usize| (src[char_of(a)].0, src[char_of(b) - 1].1);
    let mut out = Vec::new();
    let mut text_from = 0;
    let mut i = 0;
    while i < key.len() {
        let rest = &key[i..];
        let in_table = i >= start && i < end;
        let hit = l
            .headings
            .iter()
            .find(|(k, _)| rest.starts_with(k.as_str()))
            .map(|(k, _)| (None, k.len()))
            .or_else(|| {
                in_table
                    .then(|| l.table.iter().find(|(k, _)| rest.starts_with(k.as_str())))
                    .flatten()
                    .map(|(k, own)| (Some(*own), k.len()))
            });
        match hit {
            Some((label, len)) => {
                let (a, b) = raw(i, i + len);
                if text_from < a {
                    out.push(Token::Text(text_from, a));
                }
                out.push(match label {
                    None => Token::Heading(a, b),
                    Some(own) => Token::Label(a, b, own),
                });
                i += len;
                text_from = b;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    if text_from < t.len() {
        out.push(Token::Text(text_from, t.len()));
    }
    out
}

fn cut<'a>(cell: &RawCell<'a>, key: (String, Vec<(usize, usize)>)) -> Vec<RawRow<'a>> {
    let t: &str = &cell.text;
    let base = cell.span.start as usize;
    let piece = |a: usize, b: usize| RawCell {
        text: match &cell.text {
            Cow::Borrowed(s) => Cow::Borrowed(&s[a..b]),
            Cow::Owned(s) => Cow::Owned(s[a..b].to_string()),
        },
        span: Span::new(base + a, base + b),
    };
    let (groups, data) = (&labels().groups, &labels().data);
    let mut rows: Vec<Vec<RawCell<'a>>> = Vec::new();
    let mut open = false; // the last row takes more cells
    let mut in_header = false; // the last row is header labels
    let mut last_all_groups = false; // the last row holds group labels only
    for tok in tokens(t, key) {
        match tok {
            Token::Heading(a, b) => {
                rows.push(vec![piece(a, b)]);
                open = false;
                in_header = false;
                last_all_groups = false;
            }
            Token::Label(a, b, template) => {
                // The label as the template prints it (the line may space or punctuate it
                // otherwise); other labels (headers) by their text.
                let label = if template.is_empty() {
                    &t[a..b]
                } else {
                    template
                };
                let is_header = |x: &str| {
                    !data.contains(&x) && !groups.contains(&x) && !x.starts_with("第二十条")
                };
                // A group label shares its row with the row label after it; header labels
                // that follow one another are one header row.
                let joins = rows
                    .last()
                    .is_some_and(|_| (open && last_all_groups) || (in_header && is_header(label)));
                if joins {
                    rows.last_mut().unwrap().push(piece(a, b));
                    last_all_groups &= groups.contains(&label);
                } else {
                    rows.push(vec![piece(a, b)]);
                    last_all_groups = groups.contains(&label);
                }
                open = data.contains(&label) || groups.contains(&label);
                in_header = is_header(label);
            }
            Token::Text(a, b) => {
                let s = t[a..b].trim();
                if s.is_empty() {
                    continue;
                }
                if open && (is_value_text(s) || s.chars().count() <= 12) {
                    rows.last_mut().unwrap().push(piece(a, b));
                } else {
                    rows.push(vec![piece(a, b)]);
                    open = false;
                }
                in_header = false;
                last_all_groups = false;
            }
        }
    }
    rows.into_iter()
        .enumerate()
        .map(|(i, cells)| RawRow::new(cells, base, i == 0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_together_line_is_cut_at_labels() {
        let body = "一、总体情况本年度我区认真落实条例。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件77132470第二十条第（五）项信息内容本年处理决定数量行政许可2629三、收到和处理政府信息公开申请情况三、本年度办理结果（一）予以公开220000022（三）不予公开1.属于国家秘密0000000五、存在的主要问题及改进情况无。";
        let rows = crate::parse::scan::scan_text(body);
        let rows = reline(rows);
        let texts: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_ref()).collect())
            .collect();
        assert!(texts.contains(&vec!["规章", "000"]));
        assert!(texts.contains(&vec!["行政规范性文件", "77132470"]));
        assert!(texts.contains(&vec!["三、本年度办理结果", "（一）予以公开", "220000022"]));
        assert!(texts.contains(&vec!["（三）不予公开", "1.属于国家秘密", "0000000"]));
        assert!(texts.contains(&vec!["五、存在的主要问题及改进情况"]));
        assert!(texts.contains(&vec!["本年度我区认真落实条例。"]));
        // Spans still point into the line.
        let r = rows.iter().find(|r| r.cells[0].text == "规章").unwrap();
        let s = r.cells[1].span;
        assert_eq!(&body[s.start as usize..s.end as usize], "000");
    }

    #[test]
    fn ordinary_lines_pass_through() {
        let rows = crate::parse::scan::scan_text("规章\t0\t0\t0\n一、总体情况\n");
        let n = rows.len();
        assert_eq!(reline(rows).len(), n);
    }
}
