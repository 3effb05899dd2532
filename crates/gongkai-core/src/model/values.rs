//! The values of a report without their places: what the generator writes, the store keeps
//! and the ledger derives. Indexed by the template's row definitions.

use crate::model::template::{
    Kind, Template, APPEAL_FIELDS, APPEAL_GROUPS, REQUEST_COLUMNS, SECTIONS,
};
use crate::model::{Cell, CellValue, Decimal, Report, Row, Section, Span, Spanned, Table};
use serde_json::Value as Json;

/// A cell's value: a number, or blank (`None`). Placeholders read back as blank.
pub type Value = Option<Decimal>;

#[derive(Clone, Debug, PartialEq)]
pub struct ReportValues {
    /// The report's own title when it has one; the generator writes the standard
    /// `{agency}{year}年政府信息公开工作年度报告` otherwise.
    pub title: Option<String>,
    pub template: Template,
    pub year: i32,
    pub agency: String,
    /// Narrative per part 1..=6 (index 0 = part 一).
    pub sections: [String; 6],
    /// Part 二: one entry per `TemplateDef::proactive` row, one value per field.
    pub proactive: Vec<Vec<Value>>,
    /// Table 三: one entry per `TemplateDef::request_rows` row, seven columns.
    pub requests: Vec<[Value; 7]>,
    /// Table 四: three groups × five cells.
    pub appeals: [[Value; 5]; 3],
}

impl ReportValues {
    /// All zeros (every cell filled), empty narrative.
    pub fn zeros(template: Template, year: i32, agency: &str) -> ReportValues {
        let def = template.def();
        let z = Some(Decimal::ZERO);
        ReportValues {
            title: None,
            template,
            year,
            agency: agency.to_string(),
            sections: Default::default(),
            proactive: def
                .proactive
                .iter()
                .map(|r| vec![z; r.fields.len()])
                .collect(),
            requests: vec![[z; 7]; def.request_rows.len()],
            appeals: [[z; 5]; 3],
        }
    }

    /// Every cell blank (nothing filled in yet), empty narrative.
    pub fn blank(template: Template, year: i32, agency: &str) -> ReportValues {
        let mut r = ReportValues::zeros(template, year, agency);
        r.proactive.iter_mut().flatten().for_each(|v| *v = None);
        r.requests.iter_mut().flatten().for_each(|v| *v = None);
        r.appeals.iter_mut().flatten().for_each(|v| *v = None);
        r
    }

    /// Read the values of a parsed report (missing rows and tables read as blank).
    pub fn from_report(report: &Report) -> Option<ReportValues> {
        let template = report.template?;
        let def = template.def();
        let num = |c: Option<&crate::model::Cell>| c.and_then(|c| c.number());
        let proactive = def
            .proactive
            .iter()
            .map(|r| {
                let row = report.proactive.as_ref().and_then(|t| t.row(r.key));
                (0..r.fields.len())
                    .map(|i| num(row.and_then(|x| x.cells.get(i))))
                    .collect()
            })
            .collect();
        let requests = def
            .request_rows
            .iter()
            .map(|r| {
                let row = report.requests.as_ref().and_then(|t| t.row(r.key));
                std::array::from_fn(|c| num(row.and_then(|x| x.cells.get(c))))
            })
            .collect();
        let appeals = std::array::from_fn(|g| {
            let row = report
                .appeals
                .as_ref()
                .and_then(|t| t.row(APPEAL_GROUPS[g].key));
            std::array::from_fn(|f| num(row.and_then(|x| x.cells.get(f))))
        });
        let mut sections: [String; 6] = Default::default();
        for s in &report.sections {
            sections[(s.number - 1) as usize] = s.text.clone();
        }
        Some(ReportValues {
            title: report.title.as_ref().map(|t| t.value.clone()),
            template,
            year: report.year.as_ref().map(|y| y.value).unwrap_or(0),
            agency: report.agency.clone().unwrap_or_default(),
            sections,
            proactive,
            requests,
            appeals,
        })
    }

    /// The cell path of table 三's (row, column).
    pub fn request_path(&self, row: usize, col: usize) -> String {
        format!(
            "requests.{}.{}",
            self.template.def().request_rows[row].key,
            REQUEST_COLUMNS[col].key
        )
    }

    /// The cell path of table 四's (group, field).
    pub fn appeal_path(group: usize, field: usize) -> String {
        format!(
            "appeals.{}.{}",
            APPEAL_GROUPS[group].key, APPEAL_FIELDS[field].key
        )
    }

    /// Index of a table-三 row by key.
    pub fn row_index(&self, key: &str) -> usize {
        self.template
            .def()
            .request_row(key)
            .map(|(i, _)| i)
            .unwrap_or(usize::MAX)
    }

    /// The title the generator writes.
    pub fn title_or_standard(&self) -> String {
        match &self.title {
            Some(t) if !t.trim().is_empty() => t.clone(),
            _ => format!("{}{}年政府信息公开工作年度报告", self.agency, self.year),
        }
    }

    /// Read a report in the contract's JSON shape (`gongkai parse` output). Every problem is
    /// listed with its path (`requests.rows.granted[0]: …`); nothing is coerced: a missing or
    /// `null` cell stays blank, a fraction or a negative count is an error.
    pub fn from_json(v: &Json) -> Result<ReportValues, Vec<String>> {
        let mut errors = Vec::new();
        let template = match v.get("template").and_then(Json::as_str) {
            Some("2021") => Template::T2021,
            Some("2019") => Template::T2019,
            other => {
                return Err(vec![format!(
                    "template: 应为 \"2019\" 或 \"2021\"，实为 {}",
                    other.map(|s| format!("\"{s}\"")).unwrap_or("空".into())
                )])
            }
        };
        let year = match v.get("year").and_then(Json::as_i64) {
            Some(y) if (1990..=2200).contains(&y) => y as i32,
            _ => {
                errors.push("year: 缺少统计年度（如 2025）".to_string());
                0
            }
        };
        let agency = match v.get("agency").and_then(Json::as_str) {
            Some(a) if !a.trim().is_empty() => a.trim().to_string(),
            _ => {
                errors.push("agency: 缺少机关名称".to_string());
                String::new()
            }
        };
        let title = v
            .get("title")
            .and_then(Json::as_str)
            .map(|t| t.trim().to_string());
        let mut sections: [String; 6] = Default::default();
        for s in v
            .get("sections")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            let n = s.get("number").and_then(Json::as_u64).unwrap_or(0);
            let text = s.get("text").and_then(Json::as_str).unwrap_or("");
            match n {
                1..=6 => sections[n as usize - 1] = text.to_string(),
                _ => errors.push(format!("sections: 部分序号应为 1–6，实为 {n}")),
            }
        }
        let mut r = ReportValues {
            title,
            template,
            year,
            agency,
            sections,
            ..ReportValues::zeros(template, year, "")
        };
        let def = template.def();
        for (i, row) in def.proactive.iter().enumerate() {
            for (j, f) in row.fields.iter().enumerate() {
                let path = format!("proactive.{}.{}", row.key, f.key);
                let cell = v
                    .get("proactive")
                    .and_then(|p| p.get(row.key))
                    .and_then(|x| x.get(f.key));
                r.proactive[i][j] = number(cell, f.kind, &path, &mut errors);
            }
        }
        for (i, row) in def.request_rows.iter().enumerate() {
            let cells = v
                .get("requests")
                .and_then(|t| t.get("rows"))
                .and_then(|rows| rows.get(row.key));
            for (c, col) in REQUEST_COLUMNS.iter().enumerate() {
                let path = format!("requests.{}.{}", row.key, col.key);
                let cell = match cells {
                    Some(Json::Array(a)) => a.get(c),
                    Some(Json::Object(o)) => o.get(col.key),
                    _ => None,
                };
                r.requests[i][c] = number(cell, Kind::Count, &path, &mut errors);
            }
        }
        for (g, group) in APPEAL_GROUPS.iter().enumerate() {
            for (f, field) in APPEAL_FIELDS.iter().enumerate() {
                let path = format!("appeals.{}.{}", group.key, field.key);
                let cell = v
                    .get("appeals")
                    .and_then(|a| a.get(group.key))
                    .and_then(|x| x.get(field.key));
                r.appeals[g][f] = number(cell, Kind::Count, &path, &mut errors);
            }
        }
        if errors.is_empty() {
            Ok(r)
        } else {
            Err(errors)
        }
    }

    /// The values as a report without places, so that the rules can be run on data that was
    /// not parsed (the generator refuses to write a report that breaks T201–T204).
    pub fn to_report(&self) -> Report {
        let def = self.template.def();
        let cell = |v: &Value| match v {
            Some(d) => Cell {
                value: CellValue::Number(*d),
                raw: d.to_string(),
                span: Span::default(),
                unit: None,
                note: None,
            },
            None => Cell::blank(Span::default()),
        };
        let row = |key: &'static str, label: &str, cells: Vec<Cell>| Row {
            key,
            label: Some(Spanned {
                value: label.to_string(),
                span: Span::default(),
            }),
            cells,
        };
        let proactive = Table {
            rows: def
                .proactive
                .iter()
                .zip(&self.proactive)
                .map(|(d, v)| row(d.key, d.label, v.iter().map(cell).collect()))
                .collect(),
            span: Span::default(),
        };
        let requests = Table {
            rows: def
                .request_rows
                .iter()
                .zip(&self.requests)
                .map(|(d, v)| row(d.key, d.label, v.iter().map(cell).collect()))
                .collect(),
            span: Span::default(),
        };
        let appeals = Table {
            rows: APPEAL_GROUPS
                .iter()
                .zip(&self.appeals)
                .map(|(g, v)| row(g.key, g.label, v.iter().map(cell).collect()))
                .collect(),
            span: Span::default(),
        };
        Report {
            title: Some(Spanned {
                value: self.title_or_standard(),
                span: Span::default(),
            }),
            agency: Some(self.agency.clone()),
            year: Some(Spanned {
                value: self.year,
                span: Span::default(),
            }),
            template: Some(self.template),
            sections: SECTIONS
                .iter()
                .zip(&self.sections)
                .map(|(d, text)| Section {
                    number: d.number,
                    heading: d.heading.to_string(),
                    heading_span: Span::default(),
                    text: text.clone(),
                    paragraphs: Vec::new(),
                    span: Span::default(),
                })
                .collect(),
            proactive: Some(proactive),
            requests: Some(requests),
            appeals: Some(appeals),
            ..Report::default()
        }
    }
}

/// A cell of the contract: `null`/absent → blank; a number of the right kind → the value;
/// anything else → an error naming the path.
fn number(cell: Option<&Json>, kind: Kind, path: &str, errors: &mut Vec<String>) -> Value {
    let n = match cell {
        None | Some(Json::Null) => return None,
        Some(Json::Number(n)) => n,
        Some(other) => {
            errors.push(format!("{path}: 应为数字或 null，实为 {other}"));
            return None;
        }
    };
    let Some(d) = Decimal::parse(&n.to_string()) else {
        errors.push(format!("{path}: 无法读取数字 {n}"));
        return None;
    };
    if let Err(want) = kind.check(&d) {
        errors.push(format!("{path}: {want}，实为 {n}"));
        return None;
    }
    Some(d)
}
