//! Phase 2: logical rows → a [`Report`]: headings and parts, the template, the three tables,
//! title, agency and year.
//!
//! Tables are found by their labels, not by their position, so a table printed before its
//! heading (seed 002), rows split or merged by a converter, and misspelt labels (seed 003) are
//! all read. Values are never repaired: a blank stays blank, and a cell that does not fit
//! is reported in a [`ParseNote`].

use crate::model::template::{
    Kind, Template, TemplateDef, APPEAL_FIELDS, APPEAL_GROUPS, REQUEST_COLUMNS, TOTAL_COLUMN,
};
use crate::model::{
    Cell, CellValue, Decimal, LabelMatch, LineIndex, ParseNote, Report, Row, Section, SourceInfo,
    Span, Spanned, Table, TablePart, Unit,
};
use crate::parse::matcher::{best_of, heading, keys, Matcher, Target, FUZZY_MIN};
use crate::parse::normalize::{enumerator_marks, label_key};
use crate::parse::scan::{RawCell, RawRow};
use crate::parse::split;
use crate::parse::value::{
    glued_number, is_unplaced, is_value_text, page_gap, read_cell, read_number, trim,
};

/// Cells longer than this (in bytes; about 60 CJK characters) are narrative, never labels:
/// their key is not computed, which keeps the hot path cheap. The longest template label is
/// 37 characters.
const MAX_LABEL_BYTES: usize = 180;

/// What one row was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Unknown,
    Heading,
    Table(TablePart),
}

/// Per-row facts computed once.
struct RowFacts {
    /// Indices of filled cells that read as text (labels).
    labels: Vec<usize>,
    /// Normalised keys of those labels (empty string for over-long cells).
    keys: Vec<String>,
    /// Number of cells that read as values (number or placeholder).
    values: usize,
}

/// The facts of a row; with `runs`, a run of numbers (`4-10`: run-together cells with a negative
/// number) is a value too, and so is, in a grid row, a cell of several numbers (`3001 53`: two
/// columns joined by a converter), never a label.
fn facts_with(row: &RawRow<'_>, runs: bool) -> RowFacts {
    let mut labels = Vec::new();
    let mut keys = Vec::new();
    let mut values = 0;
    for (i, c) in row.cells.iter().enumerate() {
        let t = trim(&c.text);
        if t.is_empty() {
            continue;
        }
        if is_value_text(t)
            || (runs && split::is_run(t))
            || (row.grid && t.contains(' ') && numbers_of(c).is_some())
        {
            values += 1;
        } else {
            labels.push(i);
            keys.push(if t.len() <= MAX_LABEL_BYTES {
                label_key(t)
            } else {
                String::new()
            });
        }
    }
    RowFacts {
        labels,
        keys,
        values,
    }
}

/// Build the report from the rows of `text`.
pub fn assemble(text: &str, rows: &[RawRow<'_>], source: SourceInfo) -> Report {
    assemble_with(text, rows, source, false)
}

/// [`assemble`]; `run_together` when the text had cells run together with no separator
/// (then a single digit run where a row needs several values is cut by [`split`]).
pub fn assemble_with(
    text: &str,
    rows: &[RawRow<'_>],
    source: SourceInfo,
    run_together: bool,
) -> Report {
    let lines = LineIndex::new(text);
    let facts: Vec<RowFacts> = rows.iter().map(|r| facts_with(r, run_together)).collect();
    let mut roles = vec![Role::Unknown; rows.len()];
    let mut report = Report {
        source,
        lines,
        ..Report::default()
    };

    let headings = find_headings(rows, &facts, &mut roles);
    report.template = detect_template(&facts);
    if let Some(template) = report.template {
        let mut tables = TableBuilder::new(template);
        tables.run_together = run_together;
        tables.run(rows, &facts, &mut roles);
        tables.resolve_runs();
        report.proactive = tables.proactive.finish();
        report.requests = tables.requests.finish();
        report.appeals = tables.appeals.finish();
        report.labels = tables.labels;
        report.notes = tables.notes;
    }
    fill_sections(&mut report, rows, &roles, &headings, text);
    fill_meta(&mut report);
    report
}

/// A heading row: its index, the part number, and whether the wording is the statutory one.
struct HeadingAt {
    row: usize,
    number: u8,
}

fn find_headings(rows: &[RawRow<'_>], facts: &[RowFacts], roles: &mut [Role]) -> Vec<HeadingAt> {
    let mut found: Vec<(HeadingAt, bool)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let f = &facts[i];
        if f.labels.len() != 1 || f.values != 0 {
            continue;
        }
        let t = trim(&row.cells[f.labels[0]].text);
        if t.chars().count() > 45 {
            continue;
        }
        if let Some((number, exact)) = heading(t) {
            match found.iter().position(|(h, _)| h.number == number) {
                // A later exact wording wins over an earlier loose one (a caption or sub-heading).
                Some(p) if !found[p].1 && exact => {
                    roles[found[p].0.row] = Role::Unknown;
                    found[p] = (HeadingAt { row: i, number }, exact);
                    roles[i] = Role::Heading;
                }
                Some(_) => {}
                None => {
                    found.push((HeadingAt { row: i, number }, exact));
                    roles[i] = Role::Heading;
                }
            }
        }
    }
    let mut out: Vec<HeadingAt> = found.into_iter().map(|(h, _)| h).collect();
    out.sort_by_key(|h| h.row);
    out
}

/// The template is read from the tables: labels that only one format prints (template.md §2.6).
/// The template the rows' header cells and labels point to (see [`detect_template`]).
pub(crate) fn template_of(rows: &[RawRow<'_>]) -> Option<Template> {
    let facts: Vec<RowFacts> = rows.iter().map(|r| facts_with(r, false)).collect();
    detect_template(&facts)
}

fn detect_template(facts: &[RowFacts]) -> Option<Template> {
    let mut score = [0usize; 2];
    let mut any_table = false;
    let k = keys();
    let (markers, other_2019, sub_2021) = (&k.markers, &k.other_2019, &k.sub_2021);
    for f in facts {
        if f.values > 0 && !f.labels.is_empty() {
            any_table = true;
        }
        for key in &f.keys {
            // Markers are header cells and short row labels; the 2021 （六） sub-rows are long.
            match key.len() {
                0 => {}
                1..=180 => {
                    if key.len() <= 60 {
                        markers.count_into(key, &mut score);
                    }
                    if key.len() >= 15 && sub_2021.iter().any(|s| key.contains(s.as_str())) {
                        score[0] += 1;
                    }
                }
                _ => {}
            }
        }
        // A 2019 table prints （六）其他处理 as a data row with its own numbers.
        if f.values > 0
            && f.keys
                .last()
                .map(|k| k.ends_with(other_2019.as_str()))
                .unwrap_or(false)
        {
            score[1] += 1;
        }
    }
    match score[0].cmp(&score[1]) {
        std::cmp::Ordering::Greater => Some(Template::T2021),
        std::cmp::Ordering::Less => Some(Template::T2019),
        std::cmp::Ordering::Equal if any_table && score[0] == 0 => None,
        std::cmp::Ordering::Equal if any_table => Some(Template::T2021),
        std::cmp::Ordering::Equal => None,
    }
}

/// Rows collected for one table part.
#[derive(Default)]
struct PartBuilder {
    rows: Vec<(usize, Row)>,
    span: Option<Span>,
}

impl PartBuilder {
    fn touch(&mut self, span: Span) {
        if self.span.is_none() {
            self.span = Some(span);
        }
    }
    fn has(&self, order: usize) -> bool {
        self.rows.iter().any(|(o, _)| *o == order)
    }
    fn finish(mut self) -> Option<Table> {
        if self.rows.is_empty() {
            return None;
        }
        self.rows.sort_by_key(|(o, _)| *o);
        Some(Table {
            rows: self.rows.into_iter().map(|(_, r)| r).collect(),
            span: self.span.unwrap_or_default(),
        })
    }
}

struct TableBuilder {
    def: &'static TemplateDef,
    matcher: &'static Matcher,
    proactive: PartBuilder,
    requests: PartBuilder,
    appeals: PartBuilder,
    labels: Vec<LabelMatch>,
    notes: Vec<ParseNote>,
    /// The `信息内容 …` header row waiting for its first data row.
    pending_header: Option<usize>,
    /// Index of the last row that was an appeals header.
    appeals_header: Option<usize>,
    /// Rows up to this index were taken as the continuation of an earlier row of this part.
    taken_until: usize,
    taken_part: TablePart,
    /// Cells may have run together (see [`assemble_with`]).
    run_together: bool,
    /// Table-三 rows whose digit run has several cuts: decided over all rows at the end.
    runs: Vec<PendingRun>,
    /// The rows read as table-三 rows: (row index, template row index).
    request_at: Vec<(usize, usize)>,
    /// For each row of a table whose rows are grid rows of one width (a Markdown pipe
    /// table): the label of a table-三 row of that table whose last seven cells hold the
    /// row's values, 总计 in the last cell (see [`grid_totals`]).
    grid_total_row: Vec<Option<String>>,
    /// For each row of a grid table holding table-三 rows: where its values stand (see
    /// [`grid_tables`]).
    grid_tables: Vec<Option<GridTable>>,
    /// The row being read.
    at: usize,
}

/// A table-三 row whose digits ran together and that its own sum does not decide.
struct PendingRun {
    idx: usize,
    label: &'static str,
    digits: String,
    span: Span,
    cuts: Vec<Vec<(usize, usize)>>,
}

/// How a table-三 row of a grid table is read (see [`TableBuilder::grid_read`]).
enum GridRead<'r, 'a> {
    /// Its value cells, one per column: read as any row's cells.
    Values(Vec<&'r RawCell<'a>>),
    /// Read here: the numbers in order when the table's columns are not the template's but
    /// the row holds exactly its numbers and their sum; else refused.
    Cells(Vec<Cell>),
}

/// How a row's single digit run was read.
enum RunRead {
    /// Not a run: read the cells as they are.
    No,
    /// One cut: the cells.
    Cells(Vec<Cell>),
    /// Several cuts (table 三 only: decided later).
    Pending(String, Span, Vec<Vec<(usize, usize)>>),
    /// Refused, with a note: the cells, each [`CellValue::Undecided`].
    Refused(Vec<Cell>),
}

impl TableBuilder {
    fn new(template: Template) -> TableBuilder {
        TableBuilder {
            def: template.def(),
            matcher: Matcher::of(template),
            proactive: PartBuilder::default(),
            requests: PartBuilder::default(),
            appeals: PartBuilder::default(),
            labels: Vec::new(),
            notes: Vec::new(),
            pending_header: None,
            appeals_header: None,
            taken_until: 0,
            taken_part: TablePart::Requests,
            run_together: false,
            runs: Vec::new(),
            request_at: Vec::new(),
            grid_total_row: Vec::new(),
            grid_tables: Vec::new(),
            at: 0,
        }
    }

    fn run(&mut self, rows: &[RawRow<'_>], facts: &[RowFacts], roles: &mut [Role]) {
        self.grid_total_row = grid_totals(rows, facts, self.matcher);
        // A row without values is matched exactly only (header rows are many and match
        // nothing; a fuzzy match is costly).
        self.grid_tables = grid_tables(rows, facts, |f| {
            let found = match f.values {
                0 => self.match_row_exact(f).0,
                _ => self.match_row(f),
            };
            found.is_some_and(|(m, _)| matches!(m.target, Target::Request(_)))
        });
        for (i, role) in roles.iter_mut().enumerate() {
            self.at = i;
            if *role == Role::Heading {
                continue;
            }
            if i < self.taken_until {
                *role = Role::Table(self.taken_part);
                continue;
            }
            if let Some(part) = self.row(i, rows, facts) {
                *role = Role::Table(part);
            }
        }
        self.loose_labels(rows, facts, roles);
    }

    /// Table-三 rows whose label cell was lost, the label left as loose text nearby (PDF →
    /// Markdown converters: `（二）部分公开（区分处理的，只` / `度办` / `理结计这一情形…` /
    /// `| 0 | 0 | … |`). Inside table 三, the labels of rows not yet read are looked for in
    /// the loose text — a label's characters in order, with only characters of the group
    /// column (`三、本年度办理结果`, `（四）无法提供` …) printed in between — and the
    /// unlabelled rows of seven values are paired with them in document order. Only when the
    /// counts agree, and every pairing stands in the template's order among the rows read
    /// (pdfplumber's tables, in markitdown's PDF output, strew label pieces through the page
    /// and some counts agree by chance); each pairing is said in a note.
    fn loose_labels(&mut self, rows: &[RawRow<'_>], facts: &[RowFacts], roles: &mut [Role]) {
        let (Some(first), Some(last)) = (
            self.request_at.iter().map(|r| r.0).min(),
            self.request_at.iter().map(|r| r.0).max(),
        ) else {
            return;
        };
        let n = REQUEST_COLUMNS.len();
        let unread: Vec<usize> = (0..self.def.request_rows.len())
            .filter(|&k| !self.requests.has(k))
            .collect();
        if unread.is_empty() {
            return;
        }
        let allowed: std::collections::HashSet<char> = crate::model::template::REQUEST_GROUP_LABELS
            .iter()
            .flat_map(|g| label_key(g).chars().collect::<Vec<_>>())
            .collect();
        // Walk the region: the loose text, as one stream of label characters (a label may be
        // cut by its own row: `（二）部分公开…只计这一情` / `| | 447 7 | … |` / `形，不计其他情形）`),
        // each character with the first row of its block, and the unlabelled rows.
        let mut stream: Vec<(char, usize)> = Vec::new();
        // The unlabelled rows, each with its numbers when they are read in order (a row of
        // joined cells), not one per column.
        let mut bare: Vec<(usize, Option<Vec<Cell>>)> = Vec::new();
        let mut block_start: Option<usize> = None;
        for i in first..=last.min(rows.len() - 1) + 3 {
            if i >= rows.len() || roles[i] == Role::Heading {
                break;
            }
            if roles[i] != Role::Unknown {
                block_start = None;
                // A row read stands between labels: no label runs across it.
                stream.push(('\u{0}', i));
                continue;
            }
            let f = &facts[i];
            // A row whose only labels are fragments of the group column (`| 本 | | 30 1 | … |`:
            // the vertical `三、本年度办理结果` cut across the rows) is as bare as one without.
            let fragments = f
                .keys
                .iter()
                .all(|k| k.chars().all(|c| allowed.contains(&c)));
            let joined = (f.values != n).then(|| joined_row(&rows[i], f)).flatten();
            if fragments && (f.values == n || joined.is_some()) {
                block_start = None;
                bare.push((i, joined));
            } else if !f.labels.is_empty() {
                let at = *block_start.get_or_insert(i);
                for c in &rows[i].cells {
                    let key = label_key(&c.text);
                    stream.extend(enumerator_marks(&key).chars().map(|ch| (ch, at)));
                }
            }
        }
        let chars: Vec<char> = stream.iter().map(|&(c, _)| c).collect();
        let mut found: Vec<(usize, usize, usize)> = Vec::new(); // (position, row label index, its block)
        for &k in &unread {
            let label: Vec<char> = label_key(self.def.request_rows[k].label).chars().collect();
            if let Some(at) = interleaved_find(&chars, &label, &allowed) {
                found.push((at, k, stream[at].1));
            }
        }
        found.sort();
        let found: Vec<(usize, usize)> = found.into_iter().map(|(_, k, b)| (k, b)).collect();
        if found.is_empty() || bare.is_empty() {
            return;
        }
        // The template prints its rows in order: each pairing must fall between the rows
        // read before and after it, and the pairings in order, or none is made.
        let fits = |(k, i): (usize, usize)| {
            self.request_at
                .iter()
                .all(|&(r, kr)| (r < i && kr < k) || (r > i && kr > k))
        };
        let in_order = found
            .iter()
            .zip(&bare)
            .all(|(&(k, _), &(i, _))| fits((k, i)))
            && found.windows(2).all(|w| w[0].0 < w[1].0);
        if found.len() == bare.len() && !in_order {
            let span = rows[bare[0].0].span;
            self.notes.push(ParseNote {
                span,
                zh: format!(
                    "表三有 {} 行数值没有行标签，附近找到的游离行标签按出现顺序配对后与已读各行的顺序不符，无法配对，未读取",
                    bare.len()
                ),
                en: format!(
                    "table 三 has {} rows of values without a label; paired in document order with the loose labels nearby they would stand out of the template's order among the rows read: not paired, not read",
                    bare.len()
                ),
            });
            return;
        }
        if found.len() != bare.len() {
            let span = rows[bare[0].0].span;
            self.notes.push(ParseNote {
                span,
                zh: format!(
                    "表三有 {} 行数值没有行标签，附近只找到 {} 个游离的行标签，无法配对，未读取",
                    bare.len(),
                    found.len()
                ),
                en: format!(
                    "table 三 has {} rows of values without a label and {} loose labels nearby: not paired, not read",
                    bare.len(),
                    found.len()
                ),
            });
            return;
        }
        for ((k, at), (i, joined)) in found.into_iter().zip(bare) {
            let def = &self.def.request_rows[k];
            let row = &rows[i];
            self.at = i;
            let cells = match joined {
                Some(cells) => cells,
                None => self.fit(values_after_label(row, &facts[i]), n, row, true, def.label),
            };
            let label_span = rows[at].span;
            self.notes.push(ParseNote {
                span: row.span,
                zh: format!(
                    "这一行数值没有行标签；其标签“{}”游离在第 {} 行附近，按出现顺序配对",
                    def.label,
                    at + 1
                ),
                en: format!(
                    "this row of values has no label; its label “{}” is loose text near row {}, paired in document order",
                    def.label,
                    at + 1
                ),
            });
            // The label was found as the template's characters in order (only the group
            // column's between them): its wording is the template's, so no S103.
            self.register(
                TablePart::Requests,
                k,
                def.key,
                def.label,
                true,
                def.label.to_string(),
                label_span,
                cells,
            );
            roles[i] = Role::Table(TablePart::Requests);
            roles[at] = Role::Table(TablePart::Requests);
        }
    }

    fn row(&mut self, i: usize, rows: &[RawRow<'_>], facts: &[RowFacts]) -> Option<TablePart> {
        let row = &rows[i];
        let f = &facts[i];
        if f.labels.is_empty() {
            return self.appeals_data(i, rows, facts);
        }
        let first = f.keys[0].as_str();
        if first == keys().item_header {
            self.pending_header = Some(i);
            self.proactive.touch(row.span);
            return Some(TablePart::Proactive);
        }
        if first.starts_with("第二十条") && f.values == 0 {
            self.proactive.touch(row.span);
            return Some(TablePart::Proactive);
        }
        if self.request_header(row, f) {
            return Some(TablePart::Requests);
        }
        if self.appeals_header(i, row, f) {
            return Some(TablePart::Appeals);
        }
        if row.cells.len() < 2 && f.values == 0 {
            // "行政许可 97": a label and its value in one cell (PDF text, Markdown loose lines).
            // "行政事业性收费0": the same with no space (a text report printed to PDF).
            let split = split_trailing_value(row).or_else(|| split_glued_value(row, f))?;
            let sf = facts_with(&split, self.run_together);
            let found = self.match_row(&sf).filter(|(m, _)| m.exact)?;
            return self.data_row(found, &split, &sf, rows, facts, i);
        }
        let found = self.match_row(f);
        if found.is_none_or(|(m, _)| !m.exact) {
            // "行政事业性收费0": a value run into its label (a text report printed to PDF).
            if let Some(split) = split_glued_value(row, f) {
                let sf = facts_with(&split, self.run_together);
                if let Some(found) = self.match_row(&sf).filter(|(m, _)| m.exact) {
                    return self.data_row(found, &split, &sf, rows, facts, i);
                }
            }
        }
        self.data_row(found?, row, f, rows, facts, i)
    }

    /// A matched data row, with the value-only rows after it when its values wrapped onto
    /// them (a long row printed across two lines: `… 0 0 0 0 0` / `0 0`).
    fn data_row(
        &mut self,
        found: (crate::parse::matcher::Found, usize),
        row: &RawRow<'_>,
        f: &RowFacts,
        rows: &[RawRow<'_>],
        facts: &[RowFacts],
        i: usize,
    ) -> Option<TablePart> {
        if let Target::Request(k) = found.0.target {
            self.request_at.push((i, k));
        }
        let (part, need) = match found.0.target {
            Target::Request(_) => (TablePart::Requests, REQUEST_COLUMNS.len()),
            Target::Proactive(idx) => (TablePart::Proactive, self.def.proactive[idx].fields.len()),
        };
        let have = values_after_label(row, f)
            .iter()
            .filter(|c| !trim(&c.text).is_empty())
            .count();
        let joined = (have > 0)
            .then(|| self.wrapped(row, row.cells.clone(), have, need, rows, facts, i, part))
            .flatten();
        let jf = joined.as_ref().map(|r| facts_with(r, self.run_together));
        let (row, f) = match (&joined, &jf) {
            (Some(r), Some(f)) => (r, f),
            _ => (row, f),
        };
        match found.0.target {
            Target::Request(idx) => self.request_row(idx, found, row, f),
            Target::Proactive(idx) => self.proactive_row(idx, found, row, f, rows, facts),
        }
    }

    /// A row whose `have` values are fewer than the `need` its template row prints, joined
    /// with the value-only rows after row `i` (up to three) when they bring it to exactly
    /// `need`, and no value-only row follows them: a long row printed across lines
    /// (`… 0 0 0 0 0` / `0 0`). `cells` are the row's cells to keep; the rows taken are marked
    /// as `part`'s.
    #[allow(clippy::too_many_arguments)]
    fn wrapped<'a>(
        &mut self,
        row: &RawRow<'a>,
        mut cells: Vec<RawCell<'a>>,
        have: usize,
        need: usize,
        rows: &[RawRow<'a>],
        facts: &[RowFacts],
        i: usize,
        part: TablePart,
    ) -> Option<RawRow<'a>> {
        // A line whose blanks a reader could not place has the [`UNPLACED`] mark (last, when
        // the line is as long as a full row): the numbers are counted without it, and the
        // joined row keeps one.
        if have > need || (have == need && !cells.last().is_some_and(|c| is_unplaced(&c.text))) {
            return None;
        }
        let mut marked = cells.iter().filter(|c| is_unplaced(&c.text)).count();
        cells.retain(|c| !is_unplaced(&c.text));
        let have = have - marked.min(have);
        if have >= need {
            return None;
        }
        let mut count = have;
        let mut j = i + 1;
        while count < need && j < rows.len() && j - i <= 3 {
            let nf = &facts[j];
            let marks = rows[j].filled().filter(|c| is_unplaced(&c.text)).count();
            let values = nf.values - marks.min(nf.values);
            if !nf.labels.is_empty() || values == 0 || count + values > need {
                break;
            }
            cells.extend(rows[j].filled().filter(|c| !is_unplaced(&c.text)).cloned());
            count += values;
            marked += marks;
            j += 1;
        }
        if marked > 0 {
            let at = cells.last().map_or(row.span.end, |c| c.span.end) as usize;
            cells.push(RawCell::unplaced(at));
        }
        // More values right after would make another reading: which of them belong to this
        // row is then not known (a reading-order dump whose cells came out of order).
        let more = facts
            .get(j)
            .is_some_and(|nf| nf.labels.is_empty() && nf.values > 0);
        if count != need || more {
            return None;
        }
        self.taken_until = j;
        self.taken_part = part;
        Some(RawRow::new(cells, row.span.start as usize, row.after_break))
    }

    /// Find the template row a data row names. Candidates: the last label, the last two
    /// labels joined, all labels joined (group cells printed to the left).
    fn match_row(&self, f: &RowFacts) -> Option<(crate::parse::matcher::Found, usize)> {
        let (exact, candidates) = self.match_row_exact(f);
        if exact.is_some() {
            return exact;
        }
        let mut best: Option<(crate::parse::matcher::Found, usize)> = None;
        for (key, from) in &candidates {
            if key.is_empty() {
                continue;
            }
            if let Some(found) = self.matcher.fuzzy(key) {
                if best.map(|(b, _)| found.score > b.score).unwrap_or(true) {
                    best = Some((found, *from));
                }
            }
        }
        best
    }

    /// The exact part of [`Self::match_row`]: the match, or the keys to match fuzzily.
    #[allow(clippy::type_complexity)]
    fn match_row_exact(
        &self,
        f: &RowFacts,
    ) -> (
        Option<(crate::parse::matcher::Found, usize)>,
        Vec<(String, usize)>,
    ) {
        let n = f.keys.len();
        if n == 0 {
            // A split row whose "label" turned out to be a number too.
            return (None, Vec::new());
        }
        if let Some(found) = self.matcher.exact(&f.keys[n - 1]) {
            return (Some((found, n - 1)), Vec::new());
        }
        let mut candidates: Vec<(String, usize)> = vec![(f.keys[n - 1].clone(), n - 1)];
        if n >= 2 {
            candidates.push((format!("{}{}", f.keys[n - 2], f.keys[n - 1]), n - 2));
        }
        if n >= 3 {
            candidates.push((f.keys.concat(), 0));
        }
        for (key, from) in &candidates {
            if let Some(found) = self.matcher.exact(key) {
                return (Some((found, *from)), Vec::new());
            }
        }
        (None, candidates)
    }

    fn label_span(row: &RawRow<'_>, f: &RowFacts, from: usize) -> (String, Span) {
        let first = &row.cells[f.labels[from]];
        let last = &row.cells[*f.labels.last().unwrap_or(&f.labels[from])];
        let text: Vec<&str> = f.labels[from..]
            .iter()
            .map(|&i| trim(&row.cells[i].text))
            .collect();
        (
            text.join(""),
            Span {
                start: first.span.start,
                end: last.span.end,
            },
        )
    }

    fn request_row(
        &mut self,
        idx: usize,
        (found, from): (crate::parse::matcher::Found, usize),
        row: &RawRow<'_>,
        f: &RowFacts,
    ) -> Option<TablePart> {
        let def = &self.def.request_rows[idx];
        let (label, span) = Self::label_span(row, f, from);
        let cells = match self.grid_read(row, f, def.label) {
            Some(GridRead::Cells(cells)) => cells,
            Some(GridRead::Values(values)) => self.request_cells(values, row, idx),
            None => self.request_cells(values_after_label(row, f), row, idx),
        };
        self.requests.touch(row.span);
        self.register(
            TablePart::Requests,
            idx,
            def.key,
            def.label,
            found.exact,
            label,
            span,
            cells,
        );
        Some(TablePart::Requests)
    }

    /// The cells of table-三 row `idx` from the cells after its label: a digit run cut, or
    /// the cells fitted to the columns.
    fn request_cells(&mut self, raw: Vec<&RawCell<'_>>, row: &RawRow<'_>, idx: usize) -> Vec<Cell> {
        let def = &self.def.request_rows[idx];
        let n = REQUEST_COLUMNS.len();
        match self.run_cells(&raw, &[Kind::Count; 7], &[(0, n)], def.label) {
            RunRead::No => self.fit(raw, n, row, true, def.label),
            RunRead::Cells(c) => c,
            RunRead::Pending(digits, dspan, cuts) => {
                self.runs.push(PendingRun {
                    idx,
                    label: def.label,
                    digits,
                    span: dspan,
                    cuts,
                });
                blanks(n, row.span)
            }
            RunRead::Refused(c) => c,
        }
    }

    /// A table-三 row of a grid table whose value columns are known (see [`GridTable`]):
    /// `None` when the row is not one (or its label cells are not where the table's are),
    /// else how it is read (see [`GridRead`]).
    fn grid_read<'r, 'a>(
        &mut self,
        row: &'r RawRow<'a>,
        f: &RowFacts,
        label: &str,
    ) -> Option<GridRead<'r, 'a>> {
        let g = self.grid_tables.get(self.at).copied().flatten()?;
        if !row.grid || row.cells.len() != g.width {
            return None;
        }
        let after = text_labels_end(row, f).unwrap_or(0);
        if after > g.from
            || row.cells[after..g.from]
                .iter()
                .any(|c| !trim(&c.text).is_empty())
        {
            return None;
        }
        let raw: Vec<&RawCell<'_>> = row.cells[g.from..].iter().collect();
        let n = REQUEST_COLUMNS.len();
        if g.pinned && !g.moved {
            let blank = |c: &RawCell<'_>| trim(&c.text).is_empty();
            // Alone, a row with more cells than columns and blanks at both ends would be
            // refused; its table's label columns say which blanks are the labels'.
            let own = &row.cells[after..];
            if own.len() > n && own.first().is_some_and(blank) && own.last().is_some_and(blank) {
                self.notes.push(ParseNote {
                    span: own[0].span,
                    zh: format!("“{label}”行两端都有空白单元格：按所在表格的列读取（标签列之后 {n} 列）"),
                    en: format!("row “{label}” has blanks at both ends: read by its table's columns ({n} after the label columns)"),
                });
            }
            return Some(GridRead::Values(raw));
        }
        let in_order: Option<Vec<Cell>> = raw
            .iter()
            .filter(|c| !trim(&c.text).is_empty())
            .try_fold(Vec::new(), |mut out, c| {
                out.extend(numbers_of(c)?);
                Some(out)
            });
        let w = raw.len();
        let at = raw.first().map_or(row.span, |c| c.span);
        let (why_zh, why_en) = if w == n {
            (
                format!("本文档另有表格的列在转换时被拆分或合并（一格两个数，或标签列之后不是 {n} 列），此表各列的位置也不可信"),
                format!("another table of this document had its columns split or joined in conversion (two numbers in a cell, or other than {n} columns after its labels), so this table's columns are not trusted either"),
            )
        } else {
            (
                format!("“{label}”所在的表格在标签列之后有 {w} 列，模板为 {n} 列：转换时列被拆分或合并"),
                format!("the table of row “{label}” has {w} columns after its label columns for the template's {n}: columns were split or joined in conversion"),
            )
        };
        if let Some(cells) = in_order.filter(|v| v.len() == n && sums_up(v)) {
            self.notes.push(ParseNote {
                span: at,
                zh: format!(
                    "{why_zh}；“{label}”行恰有 {n} 个数值且总计等于各列之和，按顺序读取"
                ),
                en: format!(
                    "{why_en}; row “{label}” holds exactly {n} numbers whose sum holds: read in order"
                ),
            });
            return Some(GridRead::Cells(cells));
        }
        Some(GridRead::Cells(self.refuse(
            at,
            n,
            format!("{why_zh}；“{label}”行各数值所在列不能确定，未读取；请核对原件"),
            format!("{why_en}; the values of row “{label}” were not placed, check the original"),
        )))
    }

    fn proactive_row(
        &mut self,
        idx: usize,
        (found, from): (crate::parse::matcher::Found, usize),
        row: &RawRow<'_>,
        f: &RowFacts,
        rows: &[RawRow<'_>],
        facts: &[RowFacts],
    ) -> Option<TablePart> {
        let def = &self.def.proactive[idx];
        let (label, span) = Self::label_span(row, f, from);
        let raw = values_after_label(row, f);
        let kinds: Vec<Kind> = def.fields.iter().map(|f| f.kind).collect();
        let mut cells = match self.run_cells(&raw, &kinds, &[], def.label) {
            RunRead::No => self.fit(raw, def.fields.len(), row, false, def.label),
            RunRead::Cells(c) => c,
            RunRead::Refused(c) => c,
            RunRead::Pending(..) => blanks(def.fields.len(), row.span),
        };
        for (cell, field) in cells.iter_mut().zip(def.fields) {
            if field.kind == Kind::Money && cell.unit == Some(Unit::Yuan) {
                if let CellValue::Number(d) = cell.value {
                    if let Some(w) = d.shift_left(4) {
                        cell.value = CellValue::Number(w);
                    }
                }
            }
        }
        self.proactive.touch(row.span);
        if let Some(h) = self.pending_header.take() {
            self.check_proactive_header(&rows[h], &facts[h], idx);
        }
        self.register(
            TablePart::Proactive,
            idx,
            def.key,
            def.label,
            found.exact,
            label,
            span,
            cells,
        );
        Some(TablePart::Proactive)
    }

    /// Record a matched data row and its label; a row seen twice keeps the first reading and
    /// leaves a note.
    #[allow(clippy::too_many_arguments)]
    fn register(
        &mut self,
        part: TablePart,
        idx: usize,
        key: &'static str,
        expected: &'static str,
        exact: bool,
        label: String,
        span: Span,
        cells: Vec<Cell>,
    ) {
        let builder = match part {
            TablePart::Requests => &mut self.requests,
            _ => &mut self.proactive,
        };
        if builder.has(idx) {
            self.notes.push(ParseNote {
                span,
                zh: format!("表格行“{expected}”出现了两次，只取第一次"),
                en: format!("the row “{expected}” appears twice; the first one is used"),
            });
            return;
        }
        builder.rows.push((
            idx,
            Row {
                key,
                label: Some(Spanned {
                    value: label.clone(),
                    span,
                }),
                cells,
            },
        ));
        self.labels.push(LabelMatch {
            found: label,
            span,
            expected,
            exact,
            path: format!("{}.{key}", part.key()),
        });
    }

    /// Compare a `信息内容 | 列… ` header with the columns of the sub-table it heads.
    fn check_proactive_header(&mut self, row: &RawRow<'_>, f: &RowFacts, idx: usize) {
        let def = &self.def.proactive[idx];
        let siblings: Vec<&str> = self
            .def
            .proactive
            .iter()
            .filter(|r| r.item == def.item)
            .map(|r| r.key)
            .collect();
        for (pos, (&ci, key)) in f.labels.iter().zip(&f.keys).skip(1).enumerate() {
            let Some(field) = def.fields.get(pos) else {
                break;
            };
            let cell = &row.cells[ci];
            let exact = *key == label_key(field.label)
                || crate::model::template::ACCEPTED_VARIANTS
                    .iter()
                    .any(|(v, c)| *c == field.label && label_key(v) == *key);
            if !exact && best_of(key, [field.label], 0.5).is_none() {
                continue;
            }
            self.labels.push(LabelMatch {
                found: trim(&cell.text).to_string(),
                span: cell.span,
                expected: field.label,
                exact,
                path: siblings
                    .iter()
                    .map(|k| format!("proactive.{k}.{}", field.key))
                    .collect::<Vec<_>>()
                    .join(","),
            });
        }
    }

    /// A header row of table 三 (申请人情况, 自然人, 商业企业 …).
    fn request_header(&mut self, row: &RawRow<'_>, f: &RowFacts) -> bool {
        // Header rows carry no numbers (the 勾稽关系 note is text).
        if f.values > 0 {
            return false;
        }
        let terms = &keys().request_terms;
        let hits = f.keys.iter().filter(|k| terms.contains(k)).count();
        let note = f.keys.iter().any(|k| k.contains("勾稽关系"));
        if hits < 2 && !(note && f.values == 0) {
            return false;
        }
        if f.values > 0 && !note {
            return false;
        }
        self.requests.touch(row.span);
        for (&ci, key) in f.labels.iter().zip(&f.keys) {
            if terms.contains(key)
                || key.contains("勾稽关系")
                || key.chars().count() < 3
                || REQUEST_COLUMNS.iter().any(|c| label_key(c.label) == *key)
            {
                continue;
            }
            if let Some((label, _)) =
                best_of(key, REQUEST_COLUMNS.iter().map(|c| c.label), FUZZY_MIN)
            {
                let col = REQUEST_COLUMNS
                    .iter()
                    .find(|c| c.label == label)
                    .map(|c| c.key)
                    .unwrap_or("");
                self.labels.push(LabelMatch {
                    found: trim(&row.cells[ci].text).to_string(),
                    span: row.cells[ci].span,
                    expected: label,
                    exact: false,
                    path: format!("requests.*.{col}"),
                });
            }
        }
        true
    }

    /// A header row of table 四.
    fn appeals_header(&mut self, i: usize, row: &RawRow<'_>, f: &RowFacts) -> bool {
        if f.values > 0 || f.labels.is_empty() {
            return false;
        }
        let terms = &keys().appeal_terms;
        let hits = f.keys.iter().filter(|k| terms.contains(k)).count();
        // Or the header's words run together in one cell (“行政复议行政诉讼”).
        let glued = f.keys.iter().any(|k| {
            let mut rest = k.clone();
            let mut hits = 0;
            for t in terms {
                if rest.contains(t.as_str()) {
                    hits += 1;
                    rest = rest.replace(t.as_str(), "");
                }
            }
            let total = label_key(APPEAL_FIELDS[APPEAL_FIELDS.len() - 1].label);
            hits >= 2 && rest.replace(total.as_str(), "").chars().count() <= 2
        });
        if (hits < 2 && !glued) || f.values > 0 {
            return false;
        }
        self.appeals.touch(row.span);
        self.appeals_header = Some(i);
        for (&ci, key) in f.labels.iter().zip(&f.keys) {
            if terms.contains(key) || key.chars().count() < 3 || *key == label_key("总计") {
                continue;
            }
            if let Some((label, _)) = best_of(key, APPEAL_FIELDS.iter().map(|c| c.label), FUZZY_MIN)
            {
                let field = APPEAL_FIELDS
                    .iter()
                    .find(|c| c.label == label)
                    .map(|c| c.key)
                    .unwrap_or("");
                self.labels.push(LabelMatch {
                    found: trim(&row.cells[ci].text).to_string(),
                    span: row.cells[ci].span,
                    expected: label,
                    exact: false,
                    path: APPEAL_GROUPS
                        .iter()
                        .map(|g| format!("appeals.{}.{field}", g.key))
                        .collect::<Vec<_>>()
                        .join(","),
                });
            }
        }
        true
    }

    /// The data row of table 四: 15 values after its header.
    fn appeals_data(
        &mut self,
        i: usize,
        rows: &[RawRow<'_>],
        facts: &[RowFacts],
    ) -> Option<TablePart> {
        let (row, f) = (&rows[i], &facts[i]);
        let header = self.appeals_header?;
        // The header may be printed over several lines, broken up by a converter; up to
        // twenty-four when nothing but header text stands between (html2text writes each
        // line of a wrapped header cell as a line of the table).
        let far = i.saturating_sub(header);
        let only_text_between = || facts[header + 1..i].iter().all(|f| f.values == 0);
        if (far > 8 && (far > 24 || !only_text_between()))
            || !self.appeals.rows.is_empty()
            || f.values == 0
        {
            return None;
        }
        let need = APPEAL_GROUPS.len() * APPEAL_FIELDS.len();
        // Values wrapped onto the next line(s).
        let joined = (f.values == row.filled().count())
            .then(|| {
                let cells = row.filled().cloned().collect();
                self.wrapped(
                    row,
                    cells,
                    f.values,
                    need,
                    rows,
                    facts,
                    i,
                    TablePart::Appeals,
                )
            })
            .flatten();
        let row = joined.as_ref().unwrap_or(row);
        let raw: Vec<&RawCell<'_>> = row.cells.iter().collect();
        let groups: Vec<split::Group> = (0..APPEAL_GROUPS.len())
            .map(|g| (g * APPEAL_FIELDS.len(), APPEAL_FIELDS.len()))
            .collect();
        let label = "行政复议、行政诉讼";
        let cells = match self.run_cells(&raw, &[Kind::Count; 15], &groups, label) {
            RunRead::Cells(c) => c,
            RunRead::Refused(c) => c,
            RunRead::Pending(..) => blanks(need, row.span),
            // Count every cell, blanks included: an HTML row ends in real empty cells.
            RunRead::No if raw.len() < need - 1 => return None,
            RunRead::No => self.fit(raw, need, row, false, label),
        };
        for (g, group) in APPEAL_GROUPS.iter().enumerate() {
            let part = cells[g * APPEAL_FIELDS.len()..(g + 1) * APPEAL_FIELDS.len()].to_vec();
            self.appeals.rows.push((
                g,
                Row {
                    key: group.key,
                    label: None,
                    cells: part,
                },
            ));
        }
        self.appeals.touch(row.span);
        Some(TablePart::Appeals)
    }

    /// A row whose values are one run of digits in run-together text: cut it. One cut is
    /// taken (and said); several are refused, except in table 三, where the columns decide
    /// later ([`Self::resolve_runs`]).
    fn run_cells(
        &mut self,
        raw: &[&RawCell<'_>],
        kinds: &[Kind],
        groups: &[split::Group],
        label: &'static str,
    ) -> RunRead {
        let n = kinds.len();
        let filled: Vec<&&RawCell<'_>> = raw.iter().filter(|c| !trim(&c.text).is_empty()).collect();
        if !self.run_together || n < 2 || filled.len() != 1 {
            return RunRead::No;
        }
        let cell = filled[0];
        let text = trim(&cell.text);
        // A run followed by a fragment no label matched (`1000001(七)`, a label spelt other
        // than the template's) is still the row's cells run together: never one number with a
        // note after it.
        let lead = text.bytes().take_while(u8::is_ascii_digit).count();
        let rest = text[lead..].trim();
        let digits = if split::is_run(text) || lead < n || rest.starts_with(['.', '-']) {
            text
        } else {
            self.notes.push(ParseNote {
                span: cell.span,
                zh: format!("“{label}”行连在一起的数字之后的“{rest}”不是模板中的标签，未读取"),
                en: format!("“{rest}” after the run-together digits of row “{label}” is no template label; not read"),
            });
            &text[..lead]
        };
        if !split::is_run(digits) {
            return RunRead::No;
        }
        let at = cell.span.start + cell.text.find(digits).unwrap_or(0) as u32;
        let span = Span {
            start: at,
            end: at + digits.len() as u32,
        };
        if digits.len() < n {
            // Fewer digits than columns: the row's blank cells left nothing in the text, and
            // which columns its numbers stood in cannot be told (`1818` is 18 | … | 18, or
            // 1 | 8 | … | 18 …). Never one number in the first column.
            self.notes.push(ParseNote {
                span,
                zh: format!(
                    "“{label}”行的数字连在一起（“{digits}”），不足 {n} 位：空白单元格在连写中没有留下痕迹，各数值所在列不能确定，未读取；请核对原件"
                ),
                en: format!(
                    "the digits of row “{label}” ran together (“{digits}”) with fewer digits than its {n} columns: blank cells left no trace, so the values were not placed; check the original"
                ),
            });
            return RunRead::Refused(unsplit_cells(digits, &[], span, n));
        }
        match split::splits_typed(digits, kinds, groups, 64) {
            split::Splits::Found(cuts) if cuts.len() == 1 => {
                let cells = run_to_cells(digits, &cuts[0], at);
                self.run_note(label, digits, span, &cells);
                RunRead::Cells(cells)
            }
            split::Splits::Found(cuts)
                if cuts.len() > 1 && groups.len() == 1 && n == REQUEST_COLUMNS.len() =>
            {
                RunRead::Pending(digits.to_string(), span, cuts)
            }
            found => {
                let (count, cuts) = match &found {
                    split::Splits::Found(c) => (Some(c.len()), c.as_slice()),
                    split::Splits::TooMany => (None, &[][..]),
                };
                let cells = unsplit_cells(digits, cuts, span, n);
                self.refuse_run(
                    label,
                    digits,
                    span,
                    count,
                    match &found {
                        split::Splits::Found(c) => {
                            c.iter().take(3).map(|c| split::values(digits, c)).collect()
                        }
                        split::Splits::TooMany => Vec::new(),
                    },
                );
                RunRead::Refused(cells)
            }
        }
    }

    fn run_note(&mut self, label: &str, digits: &str, span: Span, cells: &[Cell]) {
        let shown: Vec<&str> = cells.iter().map(|c| c.raw.as_str()).collect();
        self.notes.push(ParseNote {
            span,
            zh: format!(
                "“{label}”行的数字连在一起（“{digits}”），按模板的勾稽关系只有一种拆分：{}",
                shown.join("、")
            ),
            en: format!(
                "the digits of row “{label}” ran together (“{digits}”); the template's arithmetic allows one split only: {}",
                shown.join(", ")
            ),
        });
    }

    fn refuse_run(
        &mut self,
        label: &str,
        digits: &str,
        span: Span,
        count: Option<usize>,
        some: Vec<Vec<u64>>,
    ) {
        let examples: Vec<String> = some
            .iter()
            .map(|v| v.iter().map(u64::to_string).collect::<Vec<_>>().join("、"))
            .collect();
        let (zh, en) = match count {
            Some(0) => (
                "没有一种拆分符合模板的勾稽关系".to_string(),
                "no split fits the template's arithmetic".to_string(),
            ),
            Some(k) => (
                format!("有 {k} 种拆分都符合模板（如 {}）", examples.join("；")),
                format!("{k} splits fit the template (e.g. {})", examples.join("; ")),
            ),
            None => (
                "可能的拆分太多".to_string(),
                "there are too many possible splits".to_string(),
            ),
        };
        self.notes.push(ParseNote {
            span,
            zh: format!("“{label}”行的数字连在一起（“{digits}”），{zh}，无法确定，未读取；请核对原件"),
            en: format!("the digits of row “{label}” ran together (“{digits}”): {en}; not read, check the original"),
        });
    }

    /// Decide the table-三 runs that their own row sum left open: keep the combinations of
    /// cuts under which every column balances (一+二 = （七）+四, （一）…（六） = （七）);
    /// a row is read when all surviving combinations agree on it, refused otherwise.
    fn resolve_runs(&mut self) {
        if self.runs.is_empty() {
            return;
        }
        let runs = std::mem::take(&mut self.runs);
        let n = REQUEST_COLUMNS.len();
        let nrows = self.def.request_rows.len();
        // The known values of every row (None = unknown).
        let mut known: Vec<Option<Vec<Option<i64>>>> = vec![None; nrows];
        for (idx, row) in &self.requests.rows {
            if runs.iter().any(|r| r.idx == *idx) {
                continue;
            }
            known[*idx] = Some(
                row.cells
                    .iter()
                    .map(|c| c.number().and_then(|d| d.to_i64()))
                    .collect(),
            );
        }
        let combos: usize = runs
            .iter()
            .fold(1usize, |n, r| n.saturating_mul(r.cuts.len()));
        let mut survivors: Vec<Vec<usize>> = Vec::new();
        if combos <= 200_000 {
            let mut pick = vec![0usize; runs.len()];
            'all: loop {
                let mut m = known.clone();
                for (r, &p) in runs.iter().zip(&pick) {
                    let v = split::values(&r.digits, &r.cuts[p]);
                    m[r.idx] = Some(v.into_iter().map(|x| Some(x as i64)).collect());
                }
                if columns_balance(self.def, &m, n) {
                    survivors.push(pick.clone());
                }
                for k in 0..pick.len() {
                    pick[k] += 1;
                    if pick[k] < runs[k].cuts.len() {
                        continue 'all;
                    }
                    pick[k] = 0;
                }
                break;
            }
        }
        for (k, r) in runs.iter().enumerate() {
            let choices: std::collections::BTreeSet<usize> =
                survivors.iter().map(|s| s[k]).collect();
            let values: std::collections::BTreeSet<Vec<u64>> = choices
                .iter()
                .map(|&c| split::values(&r.digits, &r.cuts[c]))
                .collect();
            if values.len() == 1 {
                let c = *choices.iter().next().unwrap_or(&0);
                let cells = run_to_cells(&r.digits, &r.cuts[c], r.span.start);
                self.run_note(r.label, &r.digits, r.span, &cells);
                if let Some((_, row)) = self.requests.rows.iter_mut().find(|(i, _)| *i == r.idx) {
                    row.cells = cells;
                }
            } else {
                let some: Vec<Vec<u64>> = r
                    .cuts
                    .iter()
                    .take(3)
                    .map(|c| split::values(&r.digits, c))
                    .collect();
                let count = if survivors.is_empty() && combos > 200_000 {
                    None
                } else {
                    Some(values.len().max(if survivors.is_empty() { 0 } else { 1 }))
                };
                self.refuse_run(r.label, &r.digits, r.span, count, some);
                // The cuts the columns leave open, or (none balancing) the row's own.
                let open: Vec<Vec<(usize, usize)>> = if choices.is_empty() {
                    r.cuts.clone()
                } else {
                    choices.iter().map(|&c| r.cuts[c].clone()).collect()
                };
                let cells = unsplit_cells(&r.digits, &open, r.span, n);
                if let Some((_, row)) = self.requests.rows.iter_mut().find(|(i, _)| *i == r.idx) {
                    row.cells = cells;
                }
            }
        }
    }

    /// A row not read: the note says why; its `n` cells are `Undecided` at `at`.
    fn refuse(&mut self, at: Span, n: usize, zh: String, en: String) -> Vec<Cell> {
        self.notes.push(ParseNote { span: at, zh, en });
        (0..n)
            .map(|_| Cell::undecided(Vec::new(), String::new(), at))
            .collect()
    }

    /// Fit the cells after a label to the `n` columns the template prints. Trailing blanks
    /// (ragged tabs) go first, then leading blanks (the label's merged cells). When still too
    /// many, a table-三 row takes the window whose 总计 equals the sum of the applicant cells,
    /// if exactly one such reading exists; otherwise the first `n` and a note.
    fn fit(
        &mut self,
        given: Vec<&RawCell<'_>>,
        n: usize,
        row: &RawRow<'_>,
        row_sum: bool,
        label: &str,
    ) -> Vec<Cell> {
        let row_span = row.span;
        // Empty cells lost at a page break: as many as make the row as wide as the template
        // (a one-cell-per-line row prints every cell), when that is within one of the
        // reader's estimate; otherwise the row is not read.
        // Blank cells whose places the source does not show: read only a full row (with
        // more values than columns, no blank is among them: read as any row is).
        let mut given = given;
        if given.iter().any(|c| is_unplaced(&c.text)) {
            let at = given[0].span;
            let shown: Vec<&RawCell<'_>> = given
                .iter()
                .copied()
                .filter(|c| !is_unplaced(&c.text) && !trim(&c.text).is_empty())
                .collect();
            if shown.len() == n {
                return shown.iter().map(|c| read_cell(&c.text, c.span)).collect();
            }
            if shown.len() > n {
                given.retain(|c| !is_unplaced(&c.text));
            } else {
                return self.refuse(at, n, format!(
                    "“{label}”行只有 {} 个数值，模板为 {n} 列：有空白单元格，但版面看不出各数值在哪一列，未读取；请核对原件",
                    shown.len()
                ), format!(
                    "row “{label}” has {} values for {n} columns: some cells are blank and the layout does not show which; not read, check the original",
                    shown.len()
                ));
            }
        }
        let gaps: Vec<usize> = given.iter().filter_map(|c| page_gap(&c.text)).collect();
        let lost: Vec<RawCell<'_>>;
        let mut raw: Vec<&RawCell<'_>> = given;
        if !gaps.is_empty() {
            let k = raw
                .iter()
                .position(|c| page_gap(&c.text).is_some())
                .unwrap_or(0);
            let at = raw[k].span;
            // The blanks after the last value are ragged, not counted.
            let used = raw
                .iter()
                .rposition(|c| !trim(&c.text).is_empty())
                .map_or(0, |i| i + 1);
            let need = n as isize - (used as isize - 1);
            if gaps.len() > 1 || need < 0 || (need - gaps[0] as isize).abs() > 1 {
                return self.refuse(at, n, format!(
                        "“{label}”行跨页，页末页首的空单元格数无法确定（估计 {} 个），各数值所在列不能确定，未读取；请核对原件",
                        gaps[0]
                    ), format!(
                        "row “{label}” runs over a page break where the number of empty cells cannot be told (about {}); its values were not placed, check the original",
                        gaps[0]
                    ));
            }
            lost = (0..need)
                .map(|_| RawCell {
                    text: "".into(),
                    span: at,
                })
                .collect();
            let mut filled: Vec<&RawCell<'_>> = raw[..k].to_vec();
            filled.extend(lost.iter());
            filled.extend(raw[k + 1..].iter().copied());
            raw = filled;
        }
        let empty = |c: &&RawCell<'_>| trim(&c.text).is_empty();
        if row.grid && raw.len() > n {
            // A table row with blanks at both ends and more cells than columns: a blank at
            // the end is the last column's blank cell or an extra column, a blank at the
            // start the label's merged cell or the first column's. Each way of dropping them
            // is a reading; they must agree, or the row's sum pick one, or the row is not
            // read. (In tab text a trailing blank is a ragged separator: dropped first.)
            let lead = raw.iter().take_while(|c| empty(c)).count();
            let trail = raw.iter().rev().take_while(|c| empty(c)).count();
            let excess = raw.len() - n;
            if lead > 0 && trail > 0 && lead + trail >= excess {
                let starts = excess.saturating_sub(trail)..=lead.min(excess);
                let readings: Vec<Vec<Cell>> = starts
                    .map(|d| {
                        raw[d..d + n]
                            .iter()
                            .map(|c| read_cell(&c.text, c.span))
                            .collect()
                    })
                    .collect();
                let distinct = |rs: &[&Vec<Cell>]| {
                    rs.iter()
                        .map(|r| values(r))
                        .collect::<std::collections::BTreeSet<_>>()
                        .len()
                };
                let all: Vec<&Vec<Cell>> = readings.iter().collect();
                if distinct(&all) == 1 {
                    return readings[0].clone();
                }
                let summing: Vec<&Vec<Cell>> =
                    all.into_iter().filter(|r| row_sum && sums_up(r)).collect();
                if !summing.is_empty() && distinct(&summing) == 1 {
                    return summing[0].clone();
                }
                // Another row of the same table prints its 总计 in the last cell: the
                // table's columns say the last seven cells are the values.
                let last_n = self
                    .grid_total_row
                    .get(self.at)
                    .cloned()
                    .flatten()
                    .filter(|_| row_sum && n == REQUEST_COLUMNS.len() && lead >= excess);
                if let Some(other) = last_n {
                    self.notes.push(ParseNote {
                        span: raw[0].span,
                        zh: format!(
                            "“{label}”行两端都有空白单元格：同一表格的“{other}”行总计在最后一列，按此列位置读取后 {n} 个单元格"
                        ),
                        en: format!(
                            "row “{label}” has blanks at both ends: row “{other}” of the same table has its 总计 in the last cell, so the last {n} cells were read"
                        ),
                    });
                    return readings.last().cloned().unwrap_or_default();
                }
                let at = raw[0].span;
                return self.refuse(at, n, format!(
                        "“{label}”行有 {} 个单元格，模板为 {n} 列，两端都有空白单元格：去掉哪一端的空白（合并的标签格还是空白的数值格）看不出，各数值所在列不能确定，未读取；请核对原件",
                        raw.len()
                    ), format!(
                        "row “{label}” has {} cells for {n} columns with blanks at both ends: which blanks to drop (a merged label cell or a blank value) cannot be told, so the values were not placed; check the original",
                        raw.len()
                    ));
            }
        }
        while raw.len() > n && raw.last().map(empty).unwrap_or(false) {
            raw.pop();
        }
        while raw.len() > n && raw.first().map(empty).unwrap_or(false) {
            raw.remove(0);
        }
        // A table row with blanks among exactly as many numbers as columns: converters write
        // a merged cell as the cell and empty cells after it (markitdown, pandoc), and a
        // data row's spans need not be its header's, so the blanks are the spans' and the
        // numbers are read in order, as the HTML reader reads them (a table-三 row only when
        // they make its sum).
        if row.grid && raw.len() > n {
            let filled: Vec<Cell> = raw
                .iter()
                .filter(|c| !empty(c))
                .map(|c| read_cell(&c.text, c.span))
                .collect();
            if filled.len() == n && (!row_sum || sums_up(&filled)) {
                self.notes.push(ParseNote {
                    span: raw[0].span,
                    zh: format!(
                        "“{label}”行有 {} 个单元格、{n} 个数值，模板为 {n} 列：空白单元格视为合并单元格展开的空格，数值按顺序读取",
                        raw.len()
                    ),
                    en: format!(
                        "row “{label}” has {} cells and {n} values for {n} columns: the blank cells are taken as merged cells written out, the values read in order",
                        raw.len()
                    ),
                });
                return filled;
            }
        }
        let mut read: Vec<Cell> = raw.iter().map(|c| read_cell(&c.text, c.span)).collect();
        // A number cut at its thousands separator into two cells (`251` | `000元`, from
        // `251,000元`: pymupdf4llm): a cell of three digits led by 0 is no number of its
        // own, only the rest of the one before it.
        if read.len() > n {
            let mut k = 1;
            while k < read.len() {
                if let Some(joined) = thousands_tail(&read[k - 1], &read[k]) {
                    self.notes.push(ParseNote {
                        span: read[k].span,
                        zh: format!(
                            "“{label}”行的“{}”与“{}”是一个数被千位分隔符断开的两半，按 {} 读取",
                            read[k - 1].raw,
                            read[k].raw,
                            joined.raw
                        ),
                        en: format!(
                            "row “{label}”: “{}” and “{}” are one number cut at its thousands separator, read as {}",
                            read[k - 1].raw,
                            read[k].raw,
                            joined.raw
                        ),
                    });
                    read[k - 1] = joined;
                    read.remove(k);
                } else {
                    k += 1;
                }
            }
        }
        if read.len() == n {
            return read;
        }
        if read.len() < n {
            let mut out = read;
            while out.len() < n {
                out.push(Cell::blank(Span {
                    start: row_span.end,
                    end: row_span.end,
                }));
            }
            return out;
        }
        let mut start = 0;
        if row_sum {
            let windows: Vec<usize> = (0..=read.len() - n)
                .filter(|&s| sums_up(&read[s..s + n]))
                .collect();
            let distinct = windows
                .iter()
                .map(|&s| values(&read[s..s + n]))
                .collect::<std::collections::BTreeSet<_>>();
            if distinct.len() == 1 {
                start = windows[0];
            }
        }
        let extra: Vec<&Cell> = read
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < start || *i >= start + n)
            .map(|(_, c)| c)
            .collect();
        // A cell left over that carries a unit (`432元`) is an amount the row prints: which
        // of its numbers are the columns' cannot be told.
        if let Some(c) = extra.iter().find(|c| c.unit.is_some()) {
            let at = c.span;
            let raw = c.raw.clone();
            return self.refuse(at, n, format!(
                    "“{label}”行有 {} 个数值，多于模板的 {n} 列，多出的“{raw}”带有单位：各数值所在列不能确定，未读取；请核对原件",
                    read.len()
                ), format!(
                    "row “{label}” has {} values for {n} columns and the one left over (“{raw}”) carries a unit: the values were not placed, check the original",
                    read.len()
                ));
        }
        let shown: Vec<&str> = extra.iter().map(|c| c.raw.as_str()).collect();
        let first = extra.first().map(|c| c.span).unwrap_or(row_span);
        let taken = if start == 0 { "前" } else { "后" };
        self.notes.push(ParseNote {
            span: first,
            zh: format!(
                "“{label}”行有 {} 个数值，多于模板的 {n} 列；取{taken} {n} 个，未采用：{}",
                read.len(),
                shown.join("、")
            ),
            en: format!(
                "row “{label}” has {} values for {n} columns; the {} {n} were taken, not used: {}",
                read.len(),
                if start == 0 { "first" } else { "last" },
                shown.join(", ")
            ),
        });
        read[start..start + n].to_vec()
    }
}

/// `head` and `tail` read as one number cut at its thousands separator (`251` | `000元`):
/// `head` one to three digits, `tail` three digits led by 0 (no number of its own), then an
/// optional fraction and unit.
fn thousands_tail(head: &Cell, tail: &Cell) -> Option<Cell> {
    let h = trim(&head.raw);
    let t = trim(&tail.raw);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let ok = (1..=3).contains(&h.len())
        && h.bytes().all(|b| b.is_ascii_digit())
        && !h.starts_with('0')
        && digits == 3
        && t.starts_with('0')
        && !t[digits..].starts_with(|c: char| c.is_ascii_digit());
    if !ok {
        return None;
    }
    let cell = read_cell(
        &format!("{h}{t}"),
        Span::new(head.span.start as usize, tail.span.end as usize),
    );
    cell.number().is_some().then_some(cell)
}

/// The cells after a row's last label: its values, before fitting to the template's columns.
fn values_after_label<'r, 'a>(row: &'r RawRow<'a>, f: &RowFacts) -> Vec<&'r RawCell<'a>> {
    let after = f.labels.last().map(|&l| l + 1).unwrap_or(0);
    row.cells[after..].iter().collect()
}

/// Split a one-cell row `label 97` into a label cell and the value cells after it.
fn split_trailing_value<'a>(row: &RawRow<'a>) -> Option<RawRow<'a>> {
    let cell = row.cells.first()?;
    let text: &str = &cell.text;
    let mut parts: Vec<(usize, &str)> = Vec::new();
    let mut rest = text;
    // Peel off up to three trailing values separated by spaces; the last may have its unit
    // one space apart (`政府集中采购 6 251000 元`, as pypdf writes a cell `251000元`; a unit
    // further off may be another cell's: `6        元` over a wrapped `251000`).
    while parts.len() < 3 {
        let Some(mut i) = rest.trim_end().rfind([' ', '\u{3000}']) else {
            break;
        };
        let unit_apart = matches!(rest[i..].trim_end(), " 元" | " 万元");
        if parts.is_empty() && unit_apart && !rest[..i].ends_with([' ', '\u{3000}']) {
            match rest[..i].trim_end().rfind([' ', '\u{3000}']) {
                Some(j) if read_number(rest[j..i].trim()).is_some() => i = j,
                _ => break,
            }
        }
        let tail = rest[i..].trim();
        if tail.is_empty() || !is_value_text(tail) {
            break;
        }
        let start = text[..i].len() + rest[i..].find(tail).unwrap_or(0);
        parts.push((start, tail));
        rest = &rest[..i];
    }
    let label = trim(rest);
    if parts.is_empty() || label.is_empty() || is_value_text(label) {
        return None;
    }
    let base = cell.span.start as usize;
    let mut cells = vec![RawCell {
        text: std::borrow::Cow::Owned(label.to_string()),
        span: Span::new(base, base + rest.trim_end().len()),
    }];
    for (start, t) in parts.into_iter().rev() {
        cells.push(RawCell {
            text: std::borrow::Cow::Owned(t.to_string()),
            span: Span::new(base + start, base + start + t.len()),
        });
    }
    Some(RawRow {
        span: row.span,
        cells,
        after_break: row.after_break,
        grid: row.grid,
    })
}

/// Where `label` occurs in `text` with only `allowed` characters between its characters.
fn interleaved_find(
    text: &[char],
    label: &[char],
    allowed: &std::collections::HashSet<char>,
) -> Option<usize> {
    let first = *label.first()?;
    'starts: for start in (0..text.len()).filter(|&i| text[i] == first) {
        let mut j = 0;
        for &c in &text[start..] {
            if j == label.len() {
                break;
            }
            if c == label[j] {
                j += 1;
            } else if !allowed.contains(&c) {
                continue 'starts;
            }
        }
        if j == label.len() {
            return Some(start);
        }
    }
    None
}

/// `n` blank cells at the end of a row.
fn blanks(n: usize, row_span: Span) -> Vec<Cell> {
    (0..n)
        .map(|_| {
            Cell::blank(Span {
                start: row_span.end,
                end: row_span.end,
            })
        })
        .collect()
}

/// The cells of a run no single cut decides: each [`CellValue::Undecided`] with the distinct
/// values it takes under `cuts` (empty when there are none), all spanning the whole run.
fn unsplit_cells(digits: &str, cuts: &[Vec<(usize, usize)>], span: Span, n: usize) -> Vec<Cell> {
    (0..n)
        .map(|j| {
            let mut values: Vec<Decimal> = cuts
                .iter()
                .filter_map(|cut| cut.get(j))
                .filter_map(|&(a, b)| read_cell(&digits[a..b], span).number())
                .collect();
            values.sort();
            values.dedup();
            Cell::undecided(values, digits.to_string(), span)
        })
        .collect()
}

/// The cells of one cut of a digit run that starts at byte `at`.
fn run_to_cells(digits: &str, cut: &[(usize, usize)], at: u32) -> Vec<Cell> {
    cut.iter()
        .map(|&(a, b)| {
            read_cell(
                &digits[a..b],
                Span {
                    start: at + a as u32,
                    end: at + b as u32,
                },
            )
        })
        .collect()
}

/// Whether every column of table 三 balances where all its values are known.
fn columns_balance(def: &TemplateDef, m: &[Option<Vec<Option<i64>>>], n: usize) -> bool {
    use crate::model::template::RowRole;
    let of = |role: RowRole| -> Vec<usize> {
        def.request_rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.role == role)
            .map(|(i, _)| i)
            .collect()
    };
    let (outcomes, total) = (of(RowRole::Outcome), of(RowRole::Total));
    let (new, carried, forward) = (
        of(RowRole::NewReceived),
        of(RowRole::CarriedOver),
        of(RowRole::CarriedForward),
    );
    let cell = |i: usize, c: usize| {
        m.get(i)
            .and_then(|r| r.as_ref())
            .and_then(|r| r.get(c).copied().flatten())
    };
    let sum = |rows: &[usize], c: usize| -> Option<i64> { rows.iter().map(|&i| cell(i, c)).sum() };
    for c in 0..n {
        if let (Some(a), Some(b)) = (sum(&outcomes, c), sum(&total, c)) {
            if a != b {
                return false;
            }
        }
        let left = sum(&new, c).zip(sum(&carried, c)).map(|(a, b)| a + b);
        let right = sum(&total, c).zip(sum(&forward, c)).map(|(a, b)| a + b);
        if let (Some(a), Some(b)) = (left, right) {
            if a != b {
                return false;
            }
        }
    }
    true
}

/// Split `行政事业性收费0` (a value run into the row's last label) into label and value.
fn split_glued_value<'a>(row: &RawRow<'a>, f: &RowFacts) -> Option<RawRow<'a>> {
    let &li = f.labels.last()?;
    let cell = &row.cells[li];
    let text: &str = &cell.text;
    let t = text.trim_end();
    let cut = glued_number(t)?;
    let (label, value) = (&t[..cut], &t[cut..]);
    let base = cell.span.start as usize;
    let mut cells = row.cells.clone();
    cells[li] = RawCell {
        text: std::borrow::Cow::Owned(label.to_string()),
        span: Span::new(base, base + cut),
    };
    cells.insert(
        li + 1,
        RawCell {
            text: std::borrow::Cow::Owned(value.to_string()),
            span: Span::new(base + cut, base + t.len()),
        },
    );
    Some(RawRow {
        span: row.span,
        cells,
        after_break: row.after_break,
        grid: row.grid,
    })
}

/// For every row, the label of a table-三 row in its grid table that shows where the table's
/// values stand: a grid table is a run of grid rows of one width with no break between them
/// (a Markdown pipe table); the row's label is a table-三 label exactly, and its last seven
/// cells are numbers or blank, the first and the last numbers, the last equal to the sum of
/// the six before it (blanks as nothing). Its label's width and its blank cells say nothing
/// of which cells are values; a number in its 总计 cell and one in its first applicant cell
/// do. Both ends are needed: a table whose extractor lost columns (pdfplumber's, in
/// markitdown's PDF output) has blank label columns where the first applicant column would
/// be, and a row with only 总计 and one other number sums up there as well.
fn grid_totals(rows: &[RawRow<'_>], facts: &[RowFacts], matcher: &Matcher) -> Vec<Option<String>> {
    let n = REQUEST_COLUMNS.len();
    let shows = |i: usize| -> Option<String> {
        let row = &rows[i];
        let f = &facts[i];
        let first = *f.labels.first()?;
        let found = matcher.exact(f.keys.first()?)?;
        if !matches!(found.target, crate::parse::matcher::Target::Request(_))
            || row.cells.len() < n + 1
            || f.labels.iter().any(|&l| l + n >= row.cells.len())
        {
            return None;
        }
        let tail = &row.cells[row.cells.len() - n..];
        let read: Vec<Cell> = tail.iter().map(|c| read_cell(&c.text, c.span)).collect();
        let total = read[TOTAL_COLUMN].number()?;
        read[0].number()?;
        let mut sum = crate::model::Decimal::ZERO;
        for (c, raw) in read[..TOTAL_COLUMN].iter().zip(tail) {
            match c.number() {
                Some(v) => sum = sum.checked_add(v)?,
                None if trim(&raw.text).is_empty() => {}
                None => return None,
            }
        }
        (sum == total).then(|| trim(&row.cells[first].text).to_string())
    };
    let mut out = vec![None; rows.len()];
    for block in grid_blocks(rows) {
        if let Some(label) = block.clone().find_map(shows) {
            out[block].fill(Some(label));
        }
    }
    out
}

/// The grid tables among the rows: each a run of grid rows of one width with no break
/// between them (a Markdown pipe table, a box-drawn table).
fn grid_blocks(rows: &[RawRow<'_>]) -> Vec<std::ops::Range<usize>> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let width = rows[i].cells.len();
        let mut end = i + 1;
        if rows[i].grid {
            while end < rows.len()
                && rows[end].grid
                && rows[end].cells.len() == width
                && !rows[end].after_break
            {
                end += 1;
            }
            blocks.push(i..end);
        }
        i = end;
    }
    blocks
}

/// One after a row's last label cell that holds words: a cell of numbers that did not read
/// as one value (`2 1`, two columns joined) is not a label column.
fn text_labels_end(row: &RawRow<'_>, f: &RowFacts) -> Option<usize> {
    f.labels
        .iter()
        .rev()
        .find(|&&l| row.cells[l].text.chars().any(char::is_alphabetic))
        .map(|&l| l + 1)
}

/// A grid table holding table-三 rows: its width, its first value column (one after the
/// rightmost label cell of its table-三 rows, and after the columns blank on all of them
/// when seven columns are left that hold numbers at both ends: the columns before it are the
/// labels' — a row-group label, and the blank cells a merged label leaves on the other
/// rows), whether it so has seven value columns, and whether the document's grid tables have
/// had their columns moved.
///
/// A row of a pinned table is read by its columns. Any other table's rows are read only from
/// their numbers in order (exactly seven, summing up), or refused: where a blank cell stands
/// says nothing about its column. A table with fewer than seven value columns, or with a
/// cell of several numbers (`2 1`: two columns' cells joined), has had its columns split or
/// joined on its way (pdfplumber, in markitdown's PDF output, splits a column at a stray
/// line, joins two cells with a space and drops empty ones), and then no grid table of the
/// document is trusted: one that split a column and dropped another has seven columns, not
/// the template's.
#[derive(Clone, Copy, Debug)]
struct GridTable {
    width: usize,
    from: usize,
    /// Seven value columns after the labels; when blank columns were passed to get there, the
    /// first and the last (总计) each with a number on some row.
    pinned: bool,
    moved: bool,
}

/// The [`GridTable`] of every row in one (`is_request`: whether a row's labels name a
/// table-三 row).
fn grid_tables(
    rows: &[RawRow<'_>],
    facts: &[RowFacts],
    is_request: impl Fn(&RowFacts) -> bool,
) -> Vec<Option<GridTable>> {
    let mut out = vec![None; rows.len()];
    let mut moved = false;
    for block in grid_blocks(rows) {
        let data: Vec<usize> = block.clone().filter(|&i| is_request(&facts[i])).collect();
        let Some(mut from) = data
            .iter()
            .filter_map(|&i| text_labels_end(&rows[i], &facts[i]))
            .max()
        else {
            continue;
        };
        let n = REQUEST_COLUMNS.len();
        let width = rows[block.start].cells.len();
        let number_in = |col: usize| {
            data.iter().any(|&i| {
                read_cell(&rows[i].cells[col].text, Span::default())
                    .number()
                    .is_some()
            })
        };
        // A column blank on every row right after the labels, in a table wider than the
        // template, is a merged label's (markitdown writes `| 一、… | | | 821 |`) when the
        // seven columns after it then hold numbers at both ends.
        let mut to = from;
        while width > to + n
            && data
                .iter()
                .all(|&i| trim(&rows[i].cells[to].text).is_empty())
        {
            to += 1;
        }
        let pinned = width == to + n && (to == from || number_in(to) && number_in(width - 1));
        if pinned {
            from = to;
        }
        let joined = data.iter().any(|&i| {
            rows[i].cells[from.min(rows[i].cells.len())..]
                .iter()
                .any(|c| {
                    // Cheap first: several numbers are parted by white space.
                    trim(&c.text).contains(|ch: char| ch.is_whitespace() || ch == '\u{3000}')
                        && numbers_of(c).is_some_and(|v| v.len() > 1)
                })
        });
        moved |= joined || width < from + n;
        out[block].fill(Some(GridTable {
            width,
            from,
            pinned,
            moved: false,
        }));
    }
    if moved {
        for g in out.iter_mut().flatten() {
            g.moved = true;
        }
    }
    out
}

/// A grid row of numbers after its labels, some cells holding two or more
/// (`| | 34 0 | 0 0 | 0 0 | 34 |`: columns joined by a converter): its numbers in order, when
/// they are table 三's seven and make its sum; where its blank cells stand says nothing.
fn joined_row(row: &RawRow<'_>, f: &RowFacts) -> Option<Vec<Cell>> {
    if !row.grid {
        return None;
    }
    let mut cells = Vec::new();
    let mut joined = false;
    for c in values_after_label(row, f)
        .into_iter()
        .filter(|c| !trim(&c.text).is_empty())
    {
        let numbers = numbers_of(c)?;
        joined |= numbers.len() > 1;
        cells.extend(numbers);
    }
    (joined && cells.len() == REQUEST_COLUMNS.len() && sums_up(&cells)).then_some(cells)
}

/// The numbers of a value cell: one, or several separated by spaces (`2 1`: two cells
/// joined); `None` for any other text.
fn numbers_of(c: &RawCell<'_>) -> Option<Vec<Cell>> {
    let t = trim(&c.text);
    if is_value_text(t) {
        return Some(vec![read_cell(t, c.span)]);
    }
    let base = c.span.start as usize;
    let mut out = Vec::new();
    let mut rest = &c.text[..];
    let mut at = 0;
    while let Some(i) = rest.find(|ch: char| !(ch.is_whitespace() || ch == '\u{3000}')) {
        let word_len = rest[i..]
            .find(|ch: char| ch.is_whitespace() || ch == '\u{3000}')
            .unwrap_or(rest.len() - i);
        let word = &rest[i..i + word_len];
        if !is_value_text(word) {
            return None;
        }
        let start = base + at + i;
        out.push(read_cell(word, Span::new(start, start + word.len())));
        at += i + word_len;
        rest = &rest[i + word_len..];
    }
    (out.len() > 1).then_some(out)
}

/// Whether a row of table 三 holds its sum: 总计 = the six applicant columns, all numbers.
pub(crate) fn sums_up(cells: &[Cell]) -> bool {
    let nums: Option<Vec<_>> = cells.iter().map(|c| c.number()).collect();
    let Some(nums) = nums else { return false };
    let sum = nums[..TOTAL_COLUMN]
        .iter()
        .try_fold(crate::model::Decimal::ZERO, |a, b| a.checked_add(*b));
    sum == Some(nums[TOTAL_COLUMN])
}

fn values(cells: &[Cell]) -> Vec<String> {
    cells.iter().map(|c| c.raw.clone()).collect()
}

/// Split the rows into the preface and the six parts; narrative is every row that is neither
/// a heading nor part of a table.
fn fill_sections(
    report: &mut Report,
    rows: &[RawRow<'_>],
    roles: &[Role],
    headings: &[HeadingAt],
    text: &str,
) {
    // One paragraph per filled cell, so that its text is exactly the source at its span.
    let narrative = |r: &RawRow<'_>| -> Vec<Spanned<String>> {
        r.filled()
            .map(|c| {
                let t = trim(&c.text);
                // Where the cell is the source verbatim, the span is the trimmed text's own.
                let lead = t.as_ptr() as usize - c.text.as_ptr() as usize;
                let span = if (c.span.end - c.span.start) as usize == c.text.len() {
                    Span::new(
                        c.span.start as usize + lead,
                        c.span.start as usize + lead + t.len(),
                    )
                } else {
                    c.span
                };
                Spanned {
                    value: t.to_string(),
                    span,
                }
            })
            .collect()
    };
    let first = headings.first().map(|h| h.row).unwrap_or(rows.len());
    for (i, r) in rows.iter().enumerate().take(first) {
        if roles[i] == Role::Unknown {
            report.preface.extend(narrative(r));
        }
    }
    for (hi, h) in headings.iter().enumerate() {
        let end_row = headings.get(hi + 1).map(|n| n.row).unwrap_or(rows.len());
        let heading_row = &rows[h.row];
        let heading_cell = heading_row
            .filled()
            .next()
            .map(|c| (trim(&c.text).to_string(), c.span));
        let (heading, heading_span) = heading_cell.unwrap_or_default();
        let mut paragraphs = Vec::new();
        for i in h.row + 1..end_row {
            if roles[i] == Role::Unknown {
                // Table captions left over (第二十条…) are not narrative.
                paragraphs.extend(
                    narrative(&rows[i])
                        .into_iter()
                        .filter(|p| !p.value.starts_with("第二十条")),
                );
            }
        }
        let end = rows
            .get(end_row)
            .map(|r| r.span.start as usize)
            .unwrap_or(text.len());
        report.sections.push(Section {
            number: h.number,
            heading,
            heading_span,
            text: paragraphs
                .iter()
                .map(|p| p.value.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            paragraphs,
            span: Span::new(heading_row.span.start as usize, end),
        });
    }
}

/// Title, agency and year.
fn fill_meta(report: &mut Report) {
    // The title: the first preface line that names the report, joined with a broken-off tail.
    let mut title: Option<Spanned<String>> = None;
    for (i, p) in report.preface.iter().enumerate() {
        let v = p
            .value
            .trim_start_matches("标题:")
            .trim_start_matches("标题：")
            .trim();
        // A title broken across two lines anywhere (“…2020年政府信” / “息公开工作年度报告”).
        if let Some(next) = report.preface.get(i + 1) {
            let n = next.value.trim();
            let joined = format!("{v}{n}");
            let short = v.chars().count() <= 40 && n.chars().count() <= 24;
            if short
                && !v.contains("年度报告")
                && joined.contains("年度报告")
                && first_year(&joined).is_some()
            {
                title = Some(Spanned {
                    value: joined,
                    span: p.span,
                });
                break;
            }
        }
        if (v.contains("年度报告") || v.contains("年报")) && v.chars().count() <= 60 {
            // A line with a year is the title; a yearless one ("政府信息公开年报" in a page's
            // breadcrumbs) only when nothing better follows.
            let key = v.replace(char::is_whitespace, "");
            let year_at = first_year(&key);
            if year_at.is_some() || title.is_none() {
                title = Some(Spanned {
                    value: v.to_string(),
                    span: p.span,
                });
                // A title printed on two lines, the agency above (“淮安市人民政府” /
                // “2024年政府信息公开工作年度报告”); not when the line names its agency after
                // the year (“2019年上海市人民政府办公厅政府信息…”: the line above is a
                // page's navigation, `首页`).
                let above = i.checked_sub(1).and_then(|k| report.preface.get(k));
                let named = agency_from_title(&key, 0).is_some();
                if let (Some((_, 0)), Some(above), false) = (year_at, above, named) {
                    let a = above.value.trim();
                    let plain =
                        !a.contains(['。', '，', '：', ':', '、']) && first_year(a).is_none();
                    if plain && (2..=30).contains(&a.chars().count()) {
                        title = Some(Spanned {
                            value: format!("{a}{v}"),
                            span: above.span,
                        });
                    }
                }
            }
            let has_year = year_at.is_some();
            if has_year {
                break;
            }
            continue;
        }
        if v.contains("政府信息公开") && v.chars().count() < 60 {
            if let Some(next) = report.preface.get(i + 1) {
                if next.value.contains("报告") && next.value.chars().count() < 20 {
                    title = Some(Spanned {
                        value: format!("{v}{}", next.value.trim()),
                        span: p.span,
                    });
                    break;
                }
            }
        }
    }
    if let Some(t) = &title {
        let key: String = t.value.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some((year, pos)) = first_year(&key) {
            report.year = Some(Spanned {
                value: year,
                span: t.span,
            });
            report.agency = agency_from_title(&key, pos);
        } else {
            report.agency = agency_from_title(&key, key.len());
        }
    }
    if report.year.is_none() {
        // The statistics period in the preface, then the first year in part 一.
        let preface = report.preface.iter().chain(
            report
                .sections
                .iter()
                .filter(|s| s.number == 1)
                .flat_map(|s| s.paragraphs.iter()),
        );
        for p in preface {
            if let Some((y, _)) = first_year(&p.value) {
                report.year = Some(Spanned {
                    value: y,
                    span: p.span,
                });
                break;
            }
        }
    }
    report.title = title;
}

/// The first `20xx年` (or `19xx年`) in a text, with its byte position.
pub fn first_year(s: &str) -> Option<(i32, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(|c| c.is_ascii_digit()) && (i == 0 || !b[i - 1].is_ascii_digit())
        {
            let rest = s[i + 4..].trim_start();
            if rest.starts_with('年') && (b.len() == i + 4 || !b[i + 4].is_ascii_digit()) {
                let y: i32 = s[i..i + 4].parse().ok()?;
                if (1990..=2100).contains(&y) {
                    return Some((y, i));
                }
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    None
}

/// The agency from a title with spaces removed: the text before the year, else between the
/// year and 政府信息公开.
fn agency_from_title(key: &str, year_pos: usize) -> Option<String> {
    let before = key[..year_pos].trim_end_matches(['（', '(']);
    if before.chars().count() >= 2 {
        return Some(expand_abbreviation(before));
    }
    let after = key.get(year_pos + 4..)?;
    let after = after.trim_start_matches('年').trim_start_matches('度');
    let end = ["政府信息公开", "信息公开", "政务公开", "年度报告"]
        .iter()
        .filter_map(|m| after.find(m))
        .min()?;
    let a = &after[..end];
    (a.chars().count() >= 2).then(|| expand_abbreviation(a))
}

/// Common short forms of agency names, expanded so that searches by the full name find them.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("科委", "科学技术委员会"),
    ("发改委", "发展和改革委员会"),
    ("卫健委", "卫生健康委员会"),
    ("经信委", "经济和信息化委员会"),
    ("住建委", "住房和城乡建设管理委员会"),
    ("教委", "教育委员会"),
];

fn expand_abbreviation(name: &str) -> String {
    for (short, full) in ABBREVIATIONS {
        if let Some(stem) = name.strip_suffix(short) {
            return format!("{stem}{full}");
        }
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grid_cell_of_several_numbers_is_no_label() {
        // markitdown's PDF tables join two columns' cells with a space.
        let rows = crate::parse::scan::scan_text(
            "| 一、本年新收政府信息公开申请数量 |  | 3001 53 | 0 0 | 61 4 | 3119 |\n",
        );
        let f = facts_with(&rows[0], false);
        assert_eq!(f.labels, [0]);
        assert_eq!(f.values, 4);
        // Outside a grid row, words and numbers in one cell stay text as before.
        let rows = crate::parse::scan::scan_text("第 3 页\t3001 53\n");
        assert_eq!(facts_with(&rows[0], false).labels, [0, 1]);
    }

    #[test]
    fn a_unit_one_space_after_the_last_number_is_its_cell() {
        let split = |src: &str| -> Option<Vec<String>> {
            let rows = crate::parse::scan::scan_text(src);
            let row = split_trailing_value(&rows[0])?;
            Some(row.cells.iter().map(|c| c.text.to_string()).collect())
        };
        // pypdf writes the cell `251000元` with a space.
        assert_eq!(
            split("政府集中采购 6 251000 元\n").expect("split"),
            ["政府集中采购", "6", "251000 元"]
        );
        // Further off, the unit may be another cell's (a wrapped amount on the next line).
        assert_eq!(split("政府集中采购 6      元\n"), None);
        assert_eq!(split("政府集中采购 元\n"), None);
    }

    #[test]
    fn years_and_agencies_come_from_titles() {
        assert_eq!(first_year("工信局2021年政府信息公开"), Some((2021, 9)));
        assert_eq!(first_year("统计期限为 2022 年1月1日"), Some((2022, 16)));
        assert_eq!(first_year("电话0591-23165385"), None);
        let key = "卢氏县工业和信息化和科技局2023年政府信息公开工作年度报告";
        let (_, pos) = first_year(key).unwrap();
        assert_eq!(
            agency_from_title(key, pos).as_deref(),
            Some("卢氏县工业和信息化和科技局")
        );
        let key = "2024年上海市科委政府信息公开工作年度报告";
        assert_eq!(
            agency_from_title(key, 0).as_deref(),
            Some("上海市科学技术委员会")
        );
    }
}
