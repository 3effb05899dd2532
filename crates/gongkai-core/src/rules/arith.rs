//! The arithmetic of the tables as data: an equation is two lists of cells whose sums must be
//! equal. Rules T201–T204 declare their equations; this module evaluates them. An equation
//! with a blank, placeholder or unreadable cell among its inputs is *not assessable*: it is
//! never computed with 0 (rule T205 reports it).

use crate::diagnostic::Text;
use crate::model::template::{APPEAL_FIELDS, REQUEST_COLUMNS};
use crate::model::{Cell, Decimal, Report};

/// A reference to one cell, with its path and a short caption for the carets. Nothing here
/// allocates: equations are built for every report, paths are formatted only for findings.
#[derive(Clone, Debug)]
pub struct Term<'r> {
    pub part: &'static str,
    pub row: &'static str,
    pub col: &'static str,
    pub cell: &'r Cell,
    /// (Chinese, English) caption.
    pub caption: (&'static str, &'static str),
}

impl Term<'_> {
    /// The contract's cell path, e.g. `requests.total.total`.
    pub fn path(&self) -> String {
        format!("{}.{}.{}", self.part, self.row, self.col)
    }
}

/// `Σ lhs = Σ rhs`, with what it means.
#[derive(Clone, Debug)]
pub struct Equation<'r> {
    pub lhs: Vec<Term<'r>>,
    pub rhs: Vec<Term<'r>>,
    /// Which column, row or group it is about, for messages: (Chinese, English).
    pub scope: (&'static str, &'static str),
}

/// How an equation came out.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Holds,
    Fails {
        lhs: Decimal,
        rhs: Decimal,
    },
    /// Some input is not a number (or a sum overflowed).
    NotAssessable,
}

impl<'r> Equation<'r> {
    pub fn evaluate(&self) -> Outcome {
        if self
            .lhs
            .iter()
            .chain(&self.rhs)
            .any(|t| !t.cell.is_number())
        {
            return Outcome::NotAssessable;
        }
        let sum = |ts: &[Term<'_>]| {
            ts.iter()
                .try_fold(Decimal::ZERO, |a, t| a.checked_add(t.cell.number()?))
        };
        match (sum(&self.lhs), sum(&self.rhs)) {
            (Some(l), Some(r)) if l == r => Outcome::Holds,
            (Some(l), Some(r)) => Outcome::Fails { lhs: l, rhs: r },
            // Overflow: cannot be assessed.
            _ => Outcome::NotAssessable,
        }
    }

    pub fn terms(&self) -> impl Iterator<Item = &Term<'r>> {
        self.lhs.iter().chain(&self.rhs)
    }
}

/// Column caption of table 三 (`自然人`, …).
pub fn column_caption(c: usize) -> (&'static str, &'static str) {
    let col = &REQUEST_COLUMNS[c];
    (col.label, col.key)
}

/// A term for cell (row, column) of table 三, if the row was read.
pub fn request_term<'r>(
    report: &'r Report,
    row: &'static str,
    col: usize,
    caption: (&'static str, &'static str),
) -> Option<Term<'r>> {
    let cell = report.requests.as_ref()?.cell(row, col)?;
    Some(Term {
        part: "requests",
        row,
        col: REQUEST_COLUMNS[col].key,
        cell,
        caption,
    })
}

/// A term for table 四.
pub fn appeal_term<'r>(report: &'r Report, group: &'static str, field: usize) -> Option<Term<'r>> {
    let cell = report.appeals.as_ref()?.cell(group, field)?;
    let f = &APPEAL_FIELDS[field];
    Some(Term {
        part: "appeals",
        row: group,
        col: f.key,
        cell,
        caption: (f.label, f.key),
    })
}

/// Format a sum of terms' values for a message: `3 + 0 = 3`.
pub fn show_sum(terms: &[Term<'_>], total: Decimal) -> String {
    if terms.len() == 1 {
        return total.to_string();
    }
    if terms.len() > 6 {
        return total.to_string();
    }
    let parts: Vec<String> = terms
        .iter()
        .map(|t| t.cell.number().map(|d| d.to_string()).unwrap_or_default())
        .collect();
    format!("{} = {}", parts.join(" + "), total)
}

/// Emit one diagnostic per failing equation. `describe` writes the message from the scope and
/// the two sums; the carets go under every input cell.
pub fn report_failures(
    meta: &'static crate::rules::RuleMeta,
    equations: &[Equation<'_>],
    describe: impl Fn(&Equation<'_>, Decimal, Decimal) -> (Text, Text),
    out: &mut Vec<crate::diagnostic::Diagnostic>,
) {
    for eq in equations {
        if let Outcome::Fails { lhs, rhs } = eq.evaluate() {
            let (message, help) = describe(eq, lhs, rhs);
            let mut d = crate::diagnostic::Diagnostic::new(meta, message).help(help);
            for t in eq.terms() {
                d = d.label(t.cell.span, Text::new(t.caption.0, t.caption.1));
            }
            d.cells = eq.terms().map(|t| t.path()).collect();
            out.push(d);
        }
    }
}
