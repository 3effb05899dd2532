//! The values of a report without their places: what the generator writes, the store keeps
//! and the ledger derives. Indexed by the template's row definitions.

use crate::model::template::{Template, APPEAL_FIELDS, APPEAL_GROUPS, REQUEST_COLUMNS};
use crate::model::{Decimal, Report};

/// A cell's value: a number, or blank (`None`). Placeholders read back as blank.
pub type Value = Option<Decimal>;

#[derive(Clone, Debug, PartialEq)]
pub struct ReportValues {
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
}
