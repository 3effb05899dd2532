//! Reading one cell's text into a [`CellValue`]: numbers (full-width digits, thousands
//! separators, a unit, an annotation), placeholders, blanks and unreadable text.

use crate::model::{Cell, CellValue, Decimal, Span, Unit};
use crate::parse::normalize::fold_number_char;

/// Texts that stand for "no value" in published tables (template.md §1.6.1, peers.md CELL-SEM).
const PLACEHOLDERS: &[&str] = &[
    "/",
    "／",
    "\\",
    "-",
    "--",
    "—",
    "——",
    "–",
    "－",
    "─",
    "无",
    "&nbsp;",
    "不涉及",
    "不适用",
    "N/A",
    "n/a",
    "NA",
    "na",
    "*",
    "×",
    "空",
];

/// Is this trimmed text a placeholder?
pub fn is_placeholder(t: &str) -> bool {
    PLACEHOLDERS.contains(&t)
}

/// Trim white space including the ideographic space and no-break space.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' || c == '\u{feff}'
    })
}

/// The mark a reader writes for the empty cells of a one-cell-per-line row that fell on a
/// page break, where only an estimate of their number is known (the blank lines at the page's
/// bottom and top): the mark, then the estimate (`\u{E000}6`). The row reader takes the count
/// that gives the row its template width, if it is within one of the estimate.
pub const PAGE_GAP: char = '\u{E000}';

/// A cell written by a reader for [`PAGE_GAP`]: the estimated number of empty cells.
pub fn page_gap(t: &str) -> Option<usize> {
    trim(t).strip_prefix(PAGE_GAP)?.parse().ok()
}

/// The mark a reader writes before the values of a row that has blank cells where the source
/// does not show which (space-aligned text whose numbers stand under no clear column). The
/// row reader reads the values only if they fill the row; otherwise it refuses the row.
pub const UNPLACED: char = '\u{E001}';

/// Is this cell the [`UNPLACED`] mark?
pub fn is_unplaced(t: &str) -> bool {
    trim(t) == UNPLACED.encode_utf8(&mut [0; 4])
}

/// Read a cell's raw text. `span` is where the text stands in the source.
pub fn read_cell(raw: &str, span: Span) -> Cell {
    let t = trim(raw);
    let mut cell = Cell {
        value: CellValue::Blank,
        raw: t.to_string(),
        span,
        unit: None,
        note: None,
    };
    if t.is_empty() {
        return cell;
    }
    if is_placeholder(t) {
        cell.value = CellValue::Placeholder(t.to_string());
        return cell;
    }
    match read_number(t) {
        Some((d, unit, note)) => {
            cell.value = CellValue::Number(d);
            cell.unit = unit;
            cell.note = note;
        }
        None => cell.value = CellValue::Unreadable(t.to_string()),
    }
    cell
}

/// Does the text read as a value (number or placeholder or blank, or a [`PAGE_GAP`] or
/// [`UNPLACED`] mark standing for blanks), as opposed to a label?
pub fn is_value_text(t: &str) -> bool {
    let t = trim(t);
    t.is_empty()
        || is_placeholder(t)
        || read_number(t).is_some()
        || page_gap(t).is_some()
        || is_unplaced(t)
}

/// Where a number written onto the end of a label starts (`行政事业性收费0`, `(一) 予以公开0`
/// → the `0`): the trailing ASCII digits and points of `text` (trimmed at its end), when they
/// read as a value and words that are no enumerator (`2.`) stand before them (not numbers:
/// `2 1` is two cells' numbers joined, not a label and its number).
pub(crate) fn glued_number(text: &str) -> Option<usize> {
    let t = text.trim_end();
    let cut = t
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .last()
        .map(|(i, _)| i)?;
    let (label, value) = (&t[..cut], &t[cut..]);
    (label.chars().any(char::is_alphabetic)
        && is_value_text(value)
        && !label.ends_with(['.', '．']))
    .then_some(cut)
}

/// Parse `[-]1,234.5[万元|元|件…][（note）]`. Returns the number, the unit written, the note.
pub fn read_number(t: &str) -> Option<(Decimal, Option<Unit>, Option<String>)> {
    // Fast paths: a plain ASCII integer, and text that cannot start a number (labels).
    if !t.is_empty() && t.len() <= 18 && t.bytes().all(|b| b.is_ascii_digit()) {
        return Some((Decimal::parse(t)?, None, None));
    }
    let first = fold_number_char(t.chars().next()?);
    if !(first.is_ascii_digit() || first == '-' || first == '+' || first == '.') {
        return None;
    }
    // Split off an annotation in brackets: "22（其中修订 16 件）".
    let (body, note) = match t.find(['（', '(']) {
        Some(i) if i > 0 => {
            let n = t[i..].trim();
            let closed = n.ends_with('）') || n.ends_with(')');
            if !closed {
                return None;
            }
            (trim(&t[..i]), Some(n.to_string()))
        }
        Some(_) => return None,
        None => (t, None),
    };
    let mut digits = String::with_capacity(body.len());
    let mut rest_start = body.len();
    for (i, c) in body.char_indices() {
        let f = fold_number_char(c);
        if f.is_ascii_digit()
            || f == '.'
            || f == ','
            || ((f == '-' || f == '+') && digits.is_empty())
        {
            digits.push(f);
        } else if c == ' ' && !digits.is_empty() {
            // "1 234" is not a number we accept; stop here and let the unit check decide.
            rest_start = i;
            break;
        } else {
            rest_start = i;
            break;
        }
    }
    let unit_text = trim(&body[rest_start..]);
    let unit = match unit_text {
        "" | "件" | "个" | "项" | "条" | "次" | "起" | "宗" => None,
        "万元" | "万" => Some(Unit::WanYuan),
        "元" => Some(Unit::Yuan),
        _ => return None,
    };
    let number = strip_thousands(&digits)?;
    let d = Decimal::parse(&number)?;
    Some((d, unit, note))
}

/// Remove thousands separators when they are well placed (`1,234,567`); refuse otherwise.
fn strip_thousands(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_string());
    }
    let (sign, body) = match s.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let groups: Vec<&str> = int.split(',').collect();
    if groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    let mut out = String::from(sign);
    out.push_str(&groups.concat());
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> CellValue {
        read_cell(s, Span::default()).value
    }

    #[test]
    fn a_glued_number_follows_words() {
        assert_eq!(
            glued_number("行政事业性收费0"),
            Some("行政事业性收费".len())
        );
        assert_eq!(glued_number("(一) 予以公开12"), Some("(一) 予以公开".len()));
        // Two cells' numbers joined, and an enumerator, are not a label and its number.
        assert_eq!(glued_number("2 1"), None);
        assert_eq!(glued_number("2."), None);
    }

    #[test]
    fn reads_values() {
        assert_eq!(v(" 12 "), CellValue::Number(Decimal::from_int(12)));
        assert_eq!(v("１２"), CellValue::Number(Decimal::from_int(12)));
        assert_eq!(v("1,234"), CellValue::Number(Decimal::from_int(1234)));
        assert_eq!(v(""), CellValue::Blank);
        assert_eq!(v("/"), CellValue::Placeholder("/".into()));
        assert_eq!(v("——"), CellValue::Placeholder("——".into()));
        assert_eq!(v("无"), CellValue::Placeholder("无".into()));
        assert!(matches!(v("约十件"), CellValue::Unreadable(_)));
        assert!(matches!(v("1,23"), CellValue::Unreadable(_)));
    }

    #[test]
    fn reads_units_and_notes() {
        let c = read_cell("549.809万元", Span::default());
        assert_eq!(c.number().unwrap().to_string(), "549.809");
        assert_eq!(c.unit, Some(Unit::WanYuan));
        let c = read_cell("251000元", Span::default());
        assert_eq!(c.unit, Some(Unit::Yuan));
        let c = read_cell("22（其中修订 16 件）", Span::default());
        assert_eq!(c.number(), Some(Decimal::from_int(22)));
        assert_eq!(c.note.as_deref(), Some("（其中修订 16 件）"));
    }
}
