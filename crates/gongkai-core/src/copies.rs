//! Copies of one report: the same report read from two sources.
//!
//! A report is often at hand more than once — the agency's web page and a crawler's text dump
//! of it, the PDF and the Word file it was printed from, the county's page and the city
//! portal's reprint. One copy may leave cells undecided that another reads plainly: a crawler
//! that ran a table's cells together (`行政规范性文件77132470`) leaves several cuts that the
//! template's arithmetic cannot tell apart, while the page prints `77 | 132 | 470`.
//!
//! [`decide`] takes such cells from another copy, and only under these conditions:
//!
//! - the two have the same year, template and agency ([`Key`]);
//! - they agree: no cell read in both differs (a number against another number, or against a
//!   blank), and the cells both read equal cover at least [`MIN_AGREEMENT`] of the cells the
//!   report read and half of the template's cells;
//! - the cells decided are a run of digits the text holds (`77132470`), and the other copy's
//!   values, printed, spell exactly that run — so the reading is one of the run's own cuts,
//!   confirmed, never a value the text does not hold;
//! - every copy that reads the run reads it the same way.
//!
//! Each decision is a P001 note naming the other copy and how many cells the two share. Rows
//! refused for other reasons (blank cells whose places a converter lost) are not decided:
//! their text holds the numbers but not their columns, and a copy could only be trusted, not
//! checked.
//!
//! The core does no I/O: callers (the CLI's runs over many files; later the store) find the
//! candidate copies by [`Key`] and hand them in as [`Copy`] values.

use crate::model::template::{APPEAL_FIELDS, APPEAL_GROUPS, REQUEST_COLUMNS};
use crate::model::{CellValue, Decimal, ParseNote, Report, Span, TablePart, Template};
use crate::parse::split;

/// Of the cells a report read, the share another copy must read the same.
pub const MIN_AGREEMENT: f64 = 0.9;

/// What two copies of one report share before their cells are compared: year, template, and
/// agency with white space removed. Small: a run over many files keeps one per file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub year: i32,
    pub template: Template,
    pub agency: String,
}

impl Key {
    /// The report's key, when it has a year, a template and an agency.
    pub fn of(report: &Report) -> Option<Key> {
        let agency: String = report
            .agency
            .as_deref()?
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if agency.is_empty() {
            return None;
        }
        Some(Key {
            year: report.year.as_ref()?.value,
            template: report.template?,
            agency,
        })
    }
}

/// A template cell without its place.
#[derive(Clone, Debug, PartialEq)]
enum State {
    /// The row or table was not found.
    Absent,
    Number(Decimal),
    /// Blank, or a placeholder (`/`, `—`).
    Empty,
    /// Not read: undecided, or text that is no number.
    Open,
}

/// A report's table cells in template order, without places: what is compared between copies.
#[derive(Clone, Debug)]
pub struct Copy {
    /// How the copy is named to the user (its file).
    pub name: String,
    key: Key,
    cells: Vec<State>,
}

impl Copy {
    /// The copy of `report`, named `name`; `None` without a [`Key`].
    pub fn of(name: &str, report: &Report) -> Option<Copy> {
        let key = Key::of(report)?;
        let state = |c: Option<&crate::model::Cell>| match c.map(|c| &c.value) {
            None => State::Absent,
            Some(CellValue::Number(d)) => State::Number(*d),
            Some(CellValue::Blank | CellValue::Placeholder(_)) => State::Empty,
            Some(CellValue::Unreadable(_) | CellValue::Undecided(_)) => State::Open,
        };
        // Row by row, in the order of `slots`: each row looked up once.
        let mut cells = Vec::with_capacity(256);
        let mut rows = slots(key.template).into_iter().peekable();
        while let Some(first) = rows.next() {
            let row = report.table(first.part).and_then(|t| t.row(first.row));
            let cell = |col: usize| state(row.and_then(|r| r.cells.get(col)));
            cells.push(cell(first.col));
            while let Some(s) = rows.next_if(|s| s.part == first.part && s.row == first.row) {
                cells.push(cell(s.col));
            }
        }
        Some(Copy {
            name: name.to_string(),
            key,
            cells,
        })
    }

    pub fn key(&self) -> &Key {
        &self.key
    }

    /// A few of its cells, hashed: see [`Sketch`].
    pub fn sketch(&self) -> Sketch {
        Sketch(
            self.cells
                .iter()
                .step_by(SKETCH_STEP)
                .map(|c| match c {
                    State::Absent | State::Open => 0,
                    State::Empty => 1,
                    State::Number(d) => {
                        use std::hash::{Hash, Hasher};
                        let mut h = std::collections::hash_map::DefaultHasher::new();
                        d.hash(&mut h);
                        h.finish() | 2
                    }
                })
                .collect(),
        )
    }
}

/// One cell in this many goes into a [`Sketch`] (25 of the 2021 template's 200).
const SKETCH_STEP: usize = 8;

/// A few cells of a report, hashed (0: not read): what a run over many files keeps for each
/// file beside its [`Key`], so that the files of a key that cannot be copies — a cell read in
/// both differs — are passed over without being loaded again to build their [`Copy`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sketch(Vec<u64>);

impl Sketch {
    /// Whether the two may be copies of one report: no sketched cell read in both differs.
    pub fn may_match(&self, other: &Sketch) -> bool {
        self.0
            .iter()
            .zip(&other.0)
            .all(|(&a, &b)| a == 0 || b == 0 || a == b)
    }
}

/// One template cell: its table, row key and column.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Slot {
    part: TablePart,
    row: &'static str,
    col: usize,
}

/// Every cell of the template, in printed order.
fn slots(template: Template) -> Vec<Slot> {
    let def = template.def();
    let mut out = Vec::new();
    for r in def.proactive {
        out.extend((0..r.fields.len()).map(|col| Slot {
            part: TablePart::Proactive,
            row: r.key,
            col,
        }));
    }
    for r in def.request_rows {
        out.extend((0..REQUEST_COLUMNS.len()).map(|col| Slot {
            part: TablePart::Requests,
            row: r.key,
            col,
        }));
    }
    for g in &APPEAL_GROUPS {
        out.extend((0..APPEAL_FIELDS.len()).map(|col| Slot {
            part: TablePart::Appeals,
            row: g.key,
            col,
        }));
    }
    out
}

fn cell<'r>(report: &'r Report, s: &Slot) -> Option<&'r crate::model::Cell> {
    report.table(s.part)?.cell(s.row, s.col)
}

/// A refused run of digits: the slots of its cells (a row's, or table 四's fifteen over its
/// three groups), the digits and where they are.
#[derive(Clone, Debug)]
struct OpenRun {
    /// Indices into [`slots`], in printed order: the order of the digits.
    at: Vec<usize>,
    digits: String,
    span: Span,
    /// The row's label as printed; `None` when the run covers several rows (table 四's).
    label: Option<String>,
    part: TablePart,
}

impl OpenRun {
    /// What the notes call the run, in Chinese and in English.
    fn what(&self) -> (String, String) {
        match &self.label {
            Some(l) => (format!("“{l}”行"), format!("row “{l}”")),
            None => (
                self.part.name_zh().to_string(),
                format!("the table of part {}", self.part.section()),
            ),
        }
    }
}

/// The refused digit runs of a report: the undecided cells that share one run of digits.
fn open_runs(report: &Report, slots: &[Slot]) -> Vec<OpenRun> {
    let mut runs: Vec<OpenRun> = Vec::new();
    for (i, s) in slots.iter().enumerate() {
        let Some(c) = cell(report, s) else { continue };
        if !matches!(c.value, CellValue::Undecided(_)) || !split::is_run(&c.raw) {
            continue;
        }
        match runs.last_mut() {
            Some(r) if r.span == c.span => {
                if slots[r.at[0]].row != s.row {
                    r.label = None;
                }
                r.at.push(i);
            }
            _ => runs.push(OpenRun {
                at: vec![i],
                digits: c.raw.clone(),
                span: c.span,
                label: Some(
                    report
                        .table(s.part)
                        .and_then(|t| t.row(s.row))
                        .and_then(|r| r.label.as_ref())
                        .map_or(s.row, |l| l.value.as_str())
                        .to_string(),
                ),
                part: s.part,
            }),
        }
    }
    runs
}

/// Whether another copy could decide some of the report's cells: it has refused digit runs.
pub fn has_open_runs(report: &Report) -> bool {
    [&report.proactive, &report.requests, &report.appeals]
        .into_iter()
        .flatten()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .any(|c| matches!(c.value, CellValue::Undecided(_)) && split::is_run(&c.raw))
}

/// A copy's reading of a run: the copy, its cells of the run (a number or a blank), and how
/// many cells the two copies read the same.
type Reading<'c> = (&'c Copy, Vec<Option<Decimal>>, usize);

/// What [`decide`] did with one copy's help.
#[derive(Clone, Debug, PartialEq)]
pub struct Decided {
    /// The copy that decided them (the first, when several agree).
    pub from: String,
    /// How many cells it decided.
    pub cells: usize,
}

/// Decide the report's refused digit runs from `copies` (other copies of the same report;
/// those that are not — another key, a cell that differs, too little in common — are passed
/// over). Each run decided becomes the cells its cut gives, with a P001 note; a run two copies
/// read differently stays refused, with a note saying so. Returns what each copy decided.
pub fn decide(report: &mut Report, copies: &[Copy]) -> Vec<Decided> {
    let Some(key) = Key::of(report) else {
        return Vec::new();
    };
    let slots = slots(key.template);
    let runs = open_runs(report, &slots);
    if runs.is_empty() {
        return Vec::new();
    }
    let Some(own) = Copy::of("", report) else {
        return Vec::new();
    };
    // Each run's reading by each copy that agrees with the report and reads it.
    let mut readings: Vec<Vec<Reading>> = vec![Vec::new(); runs.len()];
    for copy in copies.iter().filter(|c| c.key == key) {
        let Some(agree) = agreement(&own, copy) else {
            continue;
        };
        let mut read = Vec::new();
        for (k, run) in runs.iter().enumerate() {
            // The copy's cells of the run: a number, or a blank (which left nothing in the
            // run); a cell it did not read gives no reading.
            let values: Option<Vec<Option<Decimal>>> = run
                .at
                .iter()
                .map(|&i| match copy.cells[i] {
                    State::Number(d) => Some(Some(d)),
                    State::Empty => Some(None),
                    _ => None,
                })
                .collect();
            let Some(values) = values.filter(|v| v.iter().any(Option::is_some)) else {
                continue;
            };
            let possible = run.at.iter().zip(&values).all(|(&i, v)| {
                match (cell(report, &slots[i]).map(|c| &c.value), v) {
                    (Some(CellValue::Undecided(c)), Some(v)) => c.is_empty() || c.contains(v),
                    (Some(CellValue::Undecided(_)), None) => true,
                    _ => false,
                }
            });
            let spelled: String = values.iter().flatten().map(|v| v.to_string()).collect();
            if !possible || spelled != run.digits {
                // The copy reads the run as no cut of it: the two differ here.
                read.clear();
                break;
            }
            read.push((k, values));
        }
        for (k, values) in read {
            readings[k].push((copy, values, agree));
        }
    }
    let mut decided: Vec<Decided> = Vec::new();
    for (run, read) in runs.iter().zip(readings) {
        let Some((first, values, agree)) = read.first() else {
            continue;
        };
        let (what_zh, what_en) = run.what();
        if let Some((other, _, _)) = read.iter().find(|(_, v, _)| v != values) {
            report.notes.push(ParseNote {
                span: run.span,
                zh: format!(
                    "{what_zh}连在一起的数字（“{}”）在同一报告的两份副本 {} 与 {} 中读法不同，仍未读取", run.digits, first.name, other.name
                ),
                en: format!(
                    "the run-together digits of {what_en} (“{}”) read differently in two copies of the same report, {} and {}; still not read", run.digits, first.name, other.name
                ),
            });
            continue;
        }
        let mut offset = run.span.start;
        for (&i, v) in run.at.iter().zip(values) {
            let s = slots[i];
            let Some(c) = report
                .table_mut(s.part)
                .and_then(|t| t.rows.iter_mut().find(|r| r.key == s.row))
                .and_then(|r| r.cells.get_mut(s.col))
            else {
                continue;
            };
            match v {
                Some(v) => {
                    let text = v.to_string();
                    let end = offset + text.len() as u32;
                    *c = crate::model::Cell {
                        value: CellValue::Number(*v),
                        raw: text,
                        span: Span { start: offset, end },
                        unit: None,
                        note: None,
                    };
                    offset = end;
                }
                // A blank where it stands in the run: between the numbers around it.
                None => {
                    *c = crate::model::Cell::blank(Span {
                        start: offset,
                        end: offset,
                    })
                }
            }
        }
        let shown: Vec<String> = values
            .iter()
            .map(|v| v.map_or_else(|| "空白".to_string(), |v| v.to_string()))
            .collect();
        let shown_en: Vec<String> = values
            .iter()
            .map(|v| v.map_or_else(|| "blank".to_string(), |v| v.to_string()))
            .collect();
        report.notes.push(ParseNote {
            span: run.span,
            zh: format!(
                "{what_zh}连在一起的数字（“{}”）按同一报告的另一份文件 {} 读作 {}：这是它的一种拆分，两份文件另有 {agree} 个单元格完全一致",
                run.digits,
                first.name,
                shown.join("、")
            ),
            en: format!(
                "the run-together digits of {what_en} (“{}”) read as {} after another copy of the same report, {}: one of the run's cuts; the two copies agree on {agree} other cells",
                run.digits,
                shown_en.join(", "),
                first.name
            ),
        });
        match decided.iter_mut().find(|d| d.from == first.name) {
            Some(d) => d.cells += run.at.len(),
            None => decided.push(Decided {
                from: first.name.clone(),
                cells: run.at.len(),
            }),
        }
    }
    decided
}

/// How many cells `own` and `other` read the same, when they are copies of one report: no
/// cell read in both differs, and the cells read the same cover [`MIN_AGREEMENT`] of those
/// `own` read and half of the template's.
fn agreement(own: &Copy, other: &Copy) -> Option<usize> {
    let (mut agree, mut read) = (0usize, 0usize);
    for (a, b) in own.cells.iter().zip(&other.cells) {
        match (a, b) {
            (State::Number(x), State::Number(y)) if x == y => agree += 1,
            (State::Empty, State::Empty) => agree += 1,
            (State::Number(_), State::Number(_))
            | (State::Number(_), State::Empty)
            | (State::Empty, State::Number(_)) => return None,
            _ => {}
        }
        if matches!(a, State::Number(_) | State::Empty) {
            read += 1;
        }
    }
    let enough = agree as f64 >= MIN_AGREEMENT * read as f64 && 2 * agree >= own.cells.len();
    enough.then_some(agree)
}
