//! The typed model of a parsed report. Every value keeps the place it came from.

pub mod decimal;
pub mod template;
pub mod values;

pub use decimal::Decimal;
pub use template::{Kind, Template};

/// A byte range in the source text. Line and column are derived through [`LineIndex`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Maps byte offsets to 1-based line and column (columns count characters).
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0u32];
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i as u32 + 1));
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: u32) -> u32 {
        match self.starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// Byte range of a 1-based line, without its line break.
    pub fn line_range(&self, text: &str, line: u32) -> std::ops::Range<usize> {
        let i = (line.max(1) - 1) as usize;
        let start = *self.starts.get(i).unwrap_or(&(text.len() as u32)) as usize;
        let mut end = self
            .starts
            .get(i + 1)
            .map(|&s| s as usize)
            .unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && (bytes[end - 1] == b'\n' || bytes[end - 1] == b'\r') {
            end -= 1;
        }
        start..end
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    pub fn line_col(&self, text: &str, offset: u32) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.starts[(line - 1) as usize] as usize;
        let end = (offset as usize).min(text.len());
        let col = text.get(start..end).map(|s| s.chars().count()).unwrap_or(0) as u32 + 1;
        (line, col)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn memchr_newlines(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    b.iter()
        .enumerate()
        .filter(|(_, &c)| c == b'\n')
        .map(|(i, _)| i)
}

/// A value with the place it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// What a table cell holds. A blank is never a number.
#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    /// A number as written (after unit conversion to the cell's unit).
    Number(Decimal),
    /// Nothing in the cell.
    Blank,
    /// A placeholder (`/`, `—`, `-`, `无`, `&nbsp;` …), raw text kept.
    Placeholder(String),
    /// Text that is not a number (kept raw; rule T206 reports it).
    Unreadable(String),
    /// A value the source holds but the parser could not decide, a P001 note says why: digits
    /// run together that the template's arithmetic cannot cut into one reading, or a row whose
    /// empty cells were lost at a page break in numbers it cannot tell. Not read, never a
    /// number. Holds the distinct values the cell may take, ascending (the cuts that fit) —
    /// empty when unknown. A rule may still use them: a stated number that is none of them
    /// contradicts every reading.
    Undecided(Vec<Decimal>),
}

/// A unit written inside a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Yuan,
    WanYuan,
}

/// One table cell: its value, the raw text, and where it stands in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub value: CellValue,
    /// The text as written in the source (trimmed).
    pub raw: String,
    pub span: Span,
    /// A unit written in the cell, if any (`251000元`).
    pub unit: Option<Unit>,
    /// An annotation written after the number, e.g. `（其中修订 16 件）`.
    pub note: Option<String>,
}

impl Cell {
    pub fn blank(span: Span) -> Cell {
        Cell {
            value: CellValue::Blank,
            raw: String::new(),
            span,
            unit: None,
            note: None,
        }
    }
    /// A cell the parser could not decide ([`CellValue::Undecided`]), with the values it may
    /// hold and the source text it stands for.
    pub fn undecided(candidates: Vec<Decimal>, raw: String, span: Span) -> Cell {
        Cell {
            value: CellValue::Undecided(candidates),
            raw,
            span,
            unit: None,
            note: None,
        }
    }
    pub fn number(&self) -> Option<Decimal> {
        match &self.value {
            CellValue::Number(d) => Some(*d),
            _ => None,
        }
    }
    /// The values this cell may hold: its number, or an unsplit run's candidates.
    pub fn possible(&self) -> &[Decimal] {
        match &self.value {
            CellValue::Number(d) => std::slice::from_ref(d),
            CellValue::Undecided(c) => c,
            _ => &[],
        }
    }
    pub fn is_number(&self) -> bool {
        matches!(self.value, CellValue::Number(_))
    }
}

/// A label read from the source and the template label it was matched to.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelMatch {
    /// The text as written.
    pub found: String,
    pub span: Span,
    /// The template label it was matched to.
    pub expected: &'static str,
    /// Whether it equals the template label after normalisation (or an accepted variant).
    pub exact: bool,
    /// Cell-path prefix it names, e.g. `requests.withheld.prohibited_by_law` or
    /// `proactive.rules.repealed`.
    pub path: String,
}

/// One of the six parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub number: u8,
    pub heading: String,
    pub heading_span: Span,
    /// The narrative, paragraphs joined by `\n` (table rows excluded).
    pub text: String,
    /// The narrative paragraphs with their places, for rules that read the text.
    pub paragraphs: Vec<Spanned<String>>,
    /// Byte range from the heading to the next heading (or the end).
    pub span: Span,
}

/// One data row of a table: the template key, the label as read, and the cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub key: &'static str,
    pub label: Option<Spanned<String>>,
    pub cells: Vec<Cell>,
}

/// A parsed table: rows in template order where found; missing rows are absent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
    /// Where the table starts in the source (its first row or header).
    pub span: Span,
}

impl Table {
    pub fn row(&self, key: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.key == key)
    }
    pub fn cell(&self, key: &str, col: usize) -> Option<&Cell> {
        self.row(key).and_then(|r| r.cells.get(col))
    }
}

/// Which of the three table parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TablePart {
    Proactive,
    Requests,
    Appeals,
}

impl TablePart {
    /// The three table parts in the order the template prints them.
    pub const ALL: [TablePart; 3] = [
        TablePart::Proactive,
        TablePart::Requests,
        TablePart::Appeals,
    ];

    /// The key and kind of column `i` of row `row` in this part (`None` past the template's
    /// columns): every rule that walks cells reads it here.
    pub fn column(self, template: Template, row: &str, i: usize) -> Option<(&'static str, Kind)> {
        match self {
            TablePart::Requests => template::REQUEST_COLUMNS
                .get(i)
                .map(|c| (c.key, Kind::Count)),
            TablePart::Appeals => template::APPEAL_FIELDS.get(i).map(|c| (c.key, Kind::Count)),
            TablePart::Proactive => template
                .def()
                .proactive_row(row)?
                .fields
                .get(i)
                .map(|f| (f.key, f.kind)),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            TablePart::Proactive => "proactive",
            TablePart::Requests => "requests",
            TablePart::Appeals => "appeals",
        }
    }
    /// The part number (二, 三, 四) the table belongs in.
    pub fn section(self) -> u8 {
        match self {
            TablePart::Proactive => 2,
            TablePart::Requests => 3,
            TablePart::Appeals => 4,
        }
    }
    pub fn name_zh(self) -> &'static str {
        match self {
            TablePart::Proactive => "主动公开政府信息情况表",
            TablePart::Requests => "收到和处理政府信息公开申请情况表",
            TablePart::Appeals => "行政复议、行政诉讼情况表",
        }
    }
}

/// A note the parser leaves for the rules and the user (recoveries, ambiguities).
#[derive(Clone, Debug, PartialEq)]
pub struct ParseNote {
    pub span: Span,
    pub zh: String,
    pub en: String,
}

/// Where the source came from, as recorded in the contract's `source` object.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceInfo {
    pub path: String,
    pub sha256: String,
    pub format: String,
    pub encoding: String,
}

/// A parsed report. Produced by [`crate::parse`]; parsing never fails.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub source: SourceInfo,
    pub title: Option<Spanned<String>>,
    pub agency: Option<String>,
    pub year: Option<Spanned<i32>>,
    pub template: Option<Template>,
    pub sections: Vec<Section>,
    /// Text before the first heading (title, preface).
    pub preface: Vec<Spanned<String>>,
    pub proactive: Option<Table>,
    pub requests: Option<Table>,
    pub appeals: Option<Table>,
    /// Every label that was matched against the template.
    pub labels: Vec<LabelMatch>,
    pub notes: Vec<ParseNote>,
    pub lines: LineIndex,
    /// For sources that are not text (DOCX, PDF): where each stretch of the text view came
    /// from, sorted by `start`. Empty for text, Markdown and HTML, whose spans are positions in
    /// the source itself.
    pub origins: Vec<Origin>,
}

/// The start of a stretch of the text view and the place in the original document it shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Origin {
    pub start: u32,
    pub place: Place,
}

/// A place in a document that is not plain text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Place {
    /// The n-th paragraph of the body (1-based), outside tables.
    Paragraph { n: u32 },
    /// A cell of the n-th table (1-based table, row and grid column).
    Cell { table: u32, row: u32, col: u32 },
    /// A point on a page (1-based page; x, y in points from the top left).
    Page { page: u32, x: f32, y: f32 },
}

impl Place {
    /// The place in words, for diagnostics.
    pub fn describe(&self, zh: bool) -> String {
        match (*self, zh) {
            (Place::Paragraph { n }, true) => format!("第 {n} 段"),
            (Place::Paragraph { n }, false) => format!("paragraph {n}"),
            (Place::Cell { table, row, col }, true) => {
                format!("表 {table} 第 {row} 行第 {col} 列")
            }
            (Place::Cell { table, row, col }, false) => {
                format!("table {table}, row {row}, column {col}")
            }
            (Place::Page { page, x, y }, true) => format!("第 {page} 页 ({x:.0}, {y:.0})"),
            (Place::Page { page, x, y }, false) => format!("page {page} ({x:.0}, {y:.0})"),
        }
    }
}

impl Report {
    /// The place in the original document of a byte offset of the text view, when the
    /// source is not text.
    pub fn place(&self, offset: u32) -> Option<Place> {
        let i = self.origins.partition_point(|o| o.start <= offset);
        self.origins.get(i.checked_sub(1)?).map(|o| o.place)
    }

    pub fn table(&self, part: TablePart) -> Option<&Table> {
        match part {
            TablePart::Proactive => self.proactive.as_ref(),
            TablePart::Requests => self.requests.as_ref(),
            TablePart::Appeals => self.appeals.as_ref(),
        }
    }

    pub fn table_mut(&mut self, part: TablePart) -> Option<&mut Table> {
        match part {
            TablePart::Proactive => self.proactive.as_mut(),
            TablePart::Requests => self.requests.as_mut(),
            TablePart::Appeals => self.appeals.as_mut(),
        }
    }

    /// Resolve a cell path (`requests.total.total`, `appeals.review.total`,
    /// `proactive.fees.amount`) to the cell.
    pub fn cell(&self, path: &str) -> Option<&Cell> {
        let (part, rest) = path.split_once('.')?;
        let (row, col) = rest.rsplit_once('.')?;
        let template = self.template?;
        match part {
            "requests" => {
                let c = template::REQUEST_COLUMNS
                    .iter()
                    .position(|c| c.key == col)?;
                self.requests.as_ref()?.cell(row, c)
            }
            "appeals" => {
                let c = template::APPEAL_FIELDS.iter().position(|c| c.key == col)?;
                self.appeals.as_ref()?.cell(row, c)
            }
            "proactive" => {
                let def = template.def().proactive_row(row)?;
                let c = def.fields.iter().position(|f| f.key == col)?;
                self.proactive.as_ref()?.cell(row, c)
            }
            _ => None,
        }
    }

    /// 1-based line of a span's start.
    pub fn line_of(&self, span: Span) -> u32 {
        self.lines.line(span.start)
    }
}
