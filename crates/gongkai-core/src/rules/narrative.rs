//! Reading numbers out of the narrative: the paragraphs of the preface and the six parts,
//! the numbers in them with their units and byte ranges.

use crate::model::{Decimal, Report, Span};
use crate::parse::normalize::fold_number_char;

/// A paragraph of narrative with its place (its text is exactly the source at `span`).
pub struct Paragraph<'r> {
    pub text: &'r str,
    pub span: Span,
    /// The part it belongs to (0 = preface).
    pub section: u8,
}

/// Every narrative paragraph, preface first.
pub fn paragraphs(report: &Report) -> impl Iterator<Item = Paragraph<'_>> {
    let preface = report.preface.iter().map(|p| Paragraph {
        text: &p.value,
        span: p.span,
        section: 0,
    });
    let parts = report.sections.iter().flat_map(|s| {
        s.paragraphs.iter().map(move |p| Paragraph {
            text: &p.value,
            span: p.span,
            section: s.number,
        })
    });
    preface.chain(parts)
}

impl Paragraph<'_> {
    /// The source span of bytes `start..end` of the paragraph's text. Exact when the text is
    /// the source verbatim (text files); otherwise (HTML, where tags and entities were removed)
    /// the paragraph's start, rather than a wrong place.
    pub fn sub_span(&self, start: usize, end: usize) -> Span {
        if (self.span.end - self.span.start) as usize == self.text.len() {
            Span::new(
                self.span.start as usize + start,
                self.span.start as usize + end,
            )
        } else {
            Span::new(self.span.start as usize, self.span.start as usize)
        }
    }
}

/// A number written in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    pub value: Decimal,
    /// Byte range of the digits in the paragraph.
    pub start: usize,
    pub end: usize,
    /// The unit right after it (spaces skipped): `件`, `%`, `年` … or `None`.
    pub unit: Option<char>,
    /// Byte offset just after the unit (or the digits).
    pub after: usize,
}

/// All numbers in `text` (ASCII or full-width digits, with an optional decimal part).
pub fn numbers(text: &str) -> Vec<Number> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let f = fold_number_char(c);
        if !f.is_ascii_digit() {
            continue;
        }
        let start = i;
        let mut digits = String::new();
        digits.push(f);
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            let g = fold_number_char(d);
            if g.is_ascii_digit() || (g == '.' && !digits.contains('.')) {
                // A '.' counts only when a digit follows.
                if g == '.' {
                    let rest = &text[j + d.len_utf8()..];
                    if !rest
                        .chars()
                        .next()
                        .map(|n| fold_number_char(n).is_ascii_digit())
                        .unwrap_or(false)
                    {
                        break;
                    }
                }
                digits.push(g);
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let mut after = end;
        let mut unit = None;
        for (k, u) in text[end..].char_indices() {
            if u == ' ' || u == '\u{3000}' || u == '\u{a0}' {
                continue;
            }
            // A digit after a space is the next number, not a unit ("2024-03-08 15:34").
            if !fold_number_char(u).is_ascii_digit() {
                unit = Some(fold_number_char(u));
                after = end + k + u.len_utf8();
            }
            break;
        }
        if let Some(value) = Decimal::parse(&digits) {
            out.push(Number {
                value,
                start,
                end,
                unit,
                after,
            });
        }
    }
    out
}

/// The start of the sentence containing byte `at` (after the last 。；！？ or line break).
pub fn sentence_start(text: &str, at: usize) -> usize {
    text[..at]
        .rfind(['。', '；', ';', '！', '？', '\n'])
        .map(|i| i + text[i..].chars().next().map(|c| c.len_utf8()).unwrap_or(1))
        .unwrap_or(0)
}

/// Value of a Chinese numeral or digit 1–10.
pub fn small_numeral(c: char) -> Option<u32> {
    "一二三四五六七八九十"
        .chars()
        .position(|n| n == c)
        .map(|p| p as u32 + 1)
        .or_else(|| fold_number_char(c).to_digit(10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_numbers_with_units() {
        let n = numbers("收到申请 34 件，占51.85%。2023年");
        assert_eq!(n.len(), 3);
        assert_eq!(n[0].value, Decimal::from_int(34));
        assert_eq!(n[0].unit, Some('件'));
        assert_eq!(n[1].value.to_string(), "51.85");
        assert_eq!(n[1].unit, Some('%'));
        assert_eq!(n[2].unit, Some('年'));
        let n = numbers("共３件。");
        assert_eq!(n[0].value, Decimal::from_int(3));
    }

    #[test]
    fn pingtan_2023_html_date_and_time() {
        // Regression: "08 15" read the digit 1 as the unit of 08, so the next window began
        // after the next number's start.
        let n = numbers("时间：2024-03-08 15:34");
        assert!(n.windows(2).all(|w| w[0].after <= w[1].start), "{n:?}");
    }
}
