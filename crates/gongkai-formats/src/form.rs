//! The Excel fill-in form (`gongkai form`) and reading it back (`gongkai render form.xlsx`).
//!
//! The workbook lays the statutory tables out as printed (the shared layout of
//! [`gongkai_core::render::layout`], merged cells included). Sheets are protected with only
//! the input cells unlocked; inputs carry data validation (non-negative whole numbers; a
//! non-negative decimal for 万元; any whole number for the 2019 本年增/减); formulas beside and
//! under the tables show each 勾稽关系 as 平衡 / 不平衡 while the agency types, and stay empty
//! while an input is blank (a blank is not 0). The narrative parts are text cells.
//!
//! Reading uses the same layout to find the cells, so writer and reader cannot drift apart.
//! Every bad cell is reported with its sheet, address, row label and column.

use gongkai_core::model::template::{
    Kind, RowRole, Template, APPEAL_FIELDS, REQUEST_COLUMNS, SECTIONS,
};
use gongkai_core::model::values::{ReportValues, Value};
use gongkai_core::model::Decimal;
use gongkai_core::render::layout::{self, PTable, Role};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Formula, Workbook,
    Worksheet, XlsxError,
};

pub const SHEET_INFO: &str = "基本信息与正文";
pub const SHEET_PROACTIVE: &str = "二、主动公开";
pub const SHEET_REQUESTS: &str = "三、依申请公开";
pub const SHEET_APPEALS: &str = "四、复议诉讼";
const SHEET_HELP: &str = "填报说明";

/// Rows of the info sheet (0-based): agency, year, template, then parts 一…六.
const INFO_AGENCY: u32 = 2;
const INFO_YEAR: u32 = 3;
const INFO_TEMPLATE: u32 = 4;
const INFO_PART1: u32 = 5;
/// First row of the first table on each table sheet (row 0 is the sheet's heading).
const TOP: u32 = 2;

/// A value cell of the form: where it is and what it holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InputCell {
    pub row: u32,
    pub col: u16,
    pub kind: Kind,
    /// Which value: (table, row index, column index) in [`ReportValues`] terms.
    pub target: Target,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    Proactive(usize, usize),
    Request(usize, usize),
    Appeal(usize, usize),
}

/// A sheet's tables placed one under another: (top row, table).
fn placed(tables: Vec<PTable>) -> Vec<(u32, PTable)> {
    let mut top = TOP;
    tables
        .into_iter()
        .map(|t| {
            let at = top;
            top += t.rows.len() as u32 + 2;
            (at, t)
        })
        .collect()
}

/// The value cells of each table sheet, in the layout's order.
pub fn inputs(template: Template) -> Vec<(&'static str, Vec<InputCell>)> {
    let blank = ReportValues::blank(template, 0, "");
    let def = template.def();
    let mut proactive_targets = Vec::new();
    for item in def.proactive_items() {
        for (i, r) in def
            .proactive
            .iter()
            .enumerate()
            .filter(|(_, r)| r.item == item)
        {
            for (j, f) in r.fields.iter().enumerate() {
                proactive_targets.push((Target::Proactive(i, j), f.kind));
            }
        }
    }
    let request_targets: Vec<_> = (0..def.request_rows.len())
        .flat_map(|i| (0..7).map(move |c| (Target::Request(i, c), Kind::Count)))
        .collect();
    let appeal_targets: Vec<_> = (0..3)
        .flat_map(|g| (0..5).map(move |f| (Target::Appeal(g, f), Kind::Count)))
        .collect();
    let sheets = [
        (
            SHEET_PROACTIVE,
            layout::proactive(&blank),
            proactive_targets,
        ),
        (
            SHEET_REQUESTS,
            vec![layout::requests(&blank)],
            request_targets,
        ),
        (SHEET_APPEALS, vec![layout::appeals(&blank)], appeal_targets),
    ];
    sheets
        .into_iter()
        .map(|(name, tables, targets)| {
            let mut cells = Vec::new();
            let mut next = targets.into_iter();
            for (top, t) in placed(tables) {
                for (r, (row, cols)) in t.rows.iter().zip(t.columns_of()).enumerate() {
                    for (cell, col) in row.iter().zip(cols) {
                        if cell.role == Role::Value {
                            if let Some((target, kind)) = next.next() {
                                cells.push(InputCell {
                                    row: top + r as u32,
                                    col: col as u16,
                                    kind,
                                    target,
                                });
                            }
                        }
                    }
                }
            }
            (name, cells)
        })
        .collect()
}

fn a1(row: u32, col: u16) -> String {
    let mut c = col as u32 + 1;
    let mut letters = Vec::new();
    while c > 0 {
        letters.push((b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// Write the form. `prefill` fills inputs with known values (blank stays blank).
pub fn write(prefill: &ReportValues) -> Result<Vec<u8>, XlsxError> {
    let template = prefill.template;
    let mut wb = Workbook::new();
    let border = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
        .set_font_name("宋体")
        .set_font_size(10.5);
    let header = border.clone().set_align(FormatAlign::Center);
    let caption = border.clone().set_bold();
    let input = border
        .clone()
        .set_unlocked()
        .set_align(FormatAlign::Center)
        .set_background_color("#FFF9DB");
    let check = Format::new()
        .set_align(FormatAlign::Center)
        .set_font_color("#C00000")
        .set_bold();
    let title = Format::new().set_bold().set_font_size(14);

    // 填报说明
    let help = wb.add_worksheet().set_name(SHEET_HELP)?;
    help.set_column_width(0, 110)?;
    let lines = [
        format!(
            "{}年政府信息公开工作年度报告 填报表（{}）",
            prefill.year,
            match template {
                Template::T2021 => "国办公开办函〔2021〕30号格式",
                Template::T2019 => "国办公开办函〔2019〕60号格式",
            }
        ),
        "1. 只能在浅黄色单元格中填写；其余单元格已锁定（工作表保护未设密码）。".into(),
        "2. 数量填非负整数；收费金额以“万元”为单位，可填小数。".into(),
        "3. 数值为零请填写 0；空白表示未填写，不会被当作 0，相关勾稽关系显示为空。".into(),
        "4. 表格右侧和下方的红字随填随算：“平衡”表示符合勾稽关系，“不平衡”请核对。".into(),
        "5. 填好后运行：gongkai render 本文件.xlsx --to docx（或 html、pdf），即生成法定格式的年度报告；数据不平衡时不会生成。".into(),
    ];
    for (i, l) in lines.iter().enumerate() {
        help.write_string(i as u32, 0, l)?;
    }

    // 基本信息与正文
    let info = wb.add_worksheet().set_name(SHEET_INFO)?;
    info.set_column_width(0, 40)?;
    info.set_column_width(1, 90)?;
    info.write_string_with_format(
        0,
        0,
        "基本信息与正文（一、五、六部分及各部分的文字说明）",
        &title,
    )?;
    info.write_string_with_format(INFO_AGENCY, 0, "机关名称", &header)?;
    info.write_string_with_format(INFO_AGENCY, 1, &prefill.agency, &input)?;
    info.write_string_with_format(INFO_YEAR, 0, "报告年度", &header)?;
    info.write_number_with_format(INFO_YEAR, 1, prefill.year as f64, &border)?;
    info.write_string_with_format(INFO_TEMPLATE, 0, "报告格式", &header)?;
    info.write_string_with_format(INFO_TEMPLATE, 1, template.as_str(), &border)?;
    for (i, s) in SECTIONS.iter().enumerate() {
        let row = INFO_PART1 + i as u32;
        info.write_string_with_format(row, 0, s.heading, &header)?;
        info.write_string_with_format(
            row,
            1,
            &prefill.sections[i],
            &input.clone().set_align(FormatAlign::Left),
        )?;
        info.set_row_height(row, 90)?;
    }
    info.protect();

    let inputs = inputs(template);
    let tables: [(&str, Vec<PTable>); 3] = [
        (SHEET_PROACTIVE, layout::proactive(prefill)),
        (SHEET_REQUESTS, vec![layout::requests(prefill)]),
        (SHEET_APPEALS, vec![layout::appeals(prefill)]),
    ];
    for ((name, tables), (_, cells)) in tables.into_iter().zip(&inputs) {
        let ws = wb.add_worksheet().set_name(name)?;
        ws.write_string_with_format(0, 0, name, &title)?;
        for (top, t) in placed(tables) {
            for (r, (row, cols)) in t.rows.iter().zip(t.columns_of()).enumerate() {
                for (cell, col) in row.iter().zip(cols) {
                    if cell.role == Role::Value {
                        continue; // written below, as inputs
                    }
                    let fmt = match cell.role {
                        Role::Caption => &caption,
                        Role::Header => &header,
                        _ => &border,
                    };
                    let (r0, c0) = (top + r as u32, col as u16);
                    if cell.rowspan > 1 || cell.colspan > 1 {
                        ws.merge_range(
                            r0,
                            c0,
                            r0 + cell.rowspan as u32 - 1,
                            c0 + cell.colspan as u16 - 1,
                            &cell.text,
                            fmt,
                        )?;
                    } else {
                        ws.write_string_with_format(r0, c0, &cell.text, fmt)?;
                    }
                }
            }
        }
        for c in cells {
            match value_of(prefill, c.target) {
                Some(d) => ws.write_number_with_format(c.row, c.col, d.to_f64(), &input)?,
                None => ws.write_blank(c.row, c.col, &input)?,
            };
            ws.add_data_validation(c.row, c.col, c.row, c.col, &validation(c.kind)?)?;
        }
        let widths: &[f64] = match name {
            SHEET_REQUESTS => &[10.0, 14.0, 30.0],
            SHEET_PROACTIVE => &[24.0, 16.0, 16.0, 16.0],
            _ => &[],
        };
        for (i, w) in widths.iter().enumerate() {
            ws.set_column_width(i as u16, *w)?;
        }
        match name {
            SHEET_REQUESTS => request_checks(ws, prefill, cells, &check)?,
            SHEET_APPEALS => appeal_checks(ws, prefill, cells, &check)?,
            _ => {}
        }
        ws.protect();
    }
    wb.save_to_buffer()
}

fn validation(kind: Kind) -> Result<DataValidation, XlsxError> {
    let (v, msg) = match kind {
        Kind::Count => (
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
            "请填写非负整数（件）；为零请填 0",
        ),
        Kind::SignedCount => (
            DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(-1_000_000, 1_000_000)),
            "请填写整数（可为负数）",
        ),
        Kind::Money => (
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            "请填写非负金额，单位：万元，可有小数",
        ),
    };
    v.set_error_title("数据不合要求")?.set_error_message(msg)
}

fn value_of(r: &ReportValues, t: Target) -> Value {
    match t {
        Target::Proactive(i, j) => r.proactive[i][j],
        Target::Request(i, c) => r.requests[i][c],
        Target::Appeal(g, f) => r.appeals[g][f],
    }
}

/// A formula that shows 平衡/不平衡 once every cell it reads is filled. Its cached result is
/// computed here from the prefilled values (`lhs`, `rhs`; `None` when a cell is blank), so
/// that programs which do not recalculate on load (LibreOffice's default for .xlsx) show the
/// right verdict too.
fn balance(refs: &[String], lhs: &str, rhs: &str, values: (Value, Value)) -> Formula {
    let result = match values {
        (Some(a), Some(b)) if a == b => "平衡",
        (Some(_), Some(_)) => "不平衡",
        _ => "",
    };
    Formula::new(format!(
        "=IF(COUNT({})<{},\"\",IF({lhs}={rhs},\"平衡\",\"不平衡\"))",
        refs.join(","),
        refs.len()
    ))
    .set_result(result)
}

/// The sum of values, `None` if any is blank (or on overflow).
fn sum(values: impl IntoIterator<Item = Value>) -> Value {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v?))
}

fn request_checks(
    ws: &mut Worksheet,
    r: &ReportValues,
    cells: &[InputCell],
    check: &Format,
) -> Result<(), XlsxError> {
    let def = r.template.def();
    let v = |i: usize, c: usize| r.requests[i][c];
    let at = |i: usize, c: usize| {
        cells
            .iter()
            .find(|x| x.target == Target::Request(i, c))
            .map(|x| a1(x.row, x.col))
            .unwrap_or_default()
    };
    let first = cells.iter().map(|c| c.row).min().unwrap_or(TOP);
    let last = cells.iter().map(|c| c.row).max().unwrap_or(TOP);
    let right = cells.iter().map(|c| c.col).max().unwrap_or(0) + 1;
    ws.write_string(first - 1, right, "本行：总计 = 六类申请人之和")?;
    ws.set_column_width(right, 24)?;
    for i in 0..def.request_rows.len() {
        let all: Vec<String> = (0..7).map(|c| at(i, c)).collect();
        let row = cells
            .iter()
            .find(|x| x.target == Target::Request(i, 0))
            .map(|x| x.row)
            .unwrap_or(first);
        let f = balance(
            &all,
            &format!("SUM({})", all[..6].join(",")),
            &all[6],
            (sum((0..6).map(|c| v(i, c))), v(i, 6)),
        );
        ws.write_formula_with_format(row, right, f, check)?;
    }
    let role = |r: RowRole| def.request_rows.iter().position(|x| x.role == r);
    let (Some(new), Some(carried), Some(total), Some(forward)) = (
        role(RowRole::NewReceived),
        role(RowRole::CarriedOver),
        role(RowRole::Total),
        role(RowRole::CarriedForward),
    ) else {
        return Ok(());
    };
    let outcomes: Vec<usize> = (0..def.request_rows.len())
        .filter(|&i| def.request_rows[i].role == RowRole::Outcome)
        .collect();
    let r1 = last + 1;
    let r2 = last + 2;
    ws.write_string(r1, 0, "勾稽关系：一 + 二 = （七）总计 + 四")?;
    ws.write_string(r2, 0, "（七）总计 = （一）至（六）之和")?;
    for c in 0..7 {
        let col = cells
            .iter()
            .find(|x| x.target == Target::Request(0, c))
            .map(|x| x.col)
            .unwrap_or(0);
        let four = [at(new, c), at(carried, c), at(total, c), at(forward, c)];
        ws.write_formula_with_format(
            r1,
            col,
            balance(
                &four,
                &format!("{}+{}", four[0], four[1]),
                &format!("{}+{}", four[2], four[3]),
                (
                    sum([v(new, c), v(carried, c)]),
                    sum([v(total, c), v(forward, c)]),
                ),
            ),
            check,
        )?;
        let parts: Vec<String> = outcomes.iter().map(|&i| at(i, c)).collect();
        let mut all = parts.clone();
        all.push(at(total, c));
        let f = balance(
            &all,
            &format!("SUM({})", parts.join(",")),
            &at(total, c),
            (sum(outcomes.iter().map(|&i| v(i, c))), v(total, c)),
        );
        ws.write_formula_with_format(r2, col, f, check)?;
    }
    Ok(())
}

fn appeal_checks(
    ws: &mut Worksheet,
    r: &ReportValues,
    cells: &[InputCell],
    check: &Format,
) -> Result<(), XlsxError> {
    let last = cells.iter().map(|c| c.row).max().unwrap_or(TOP);
    ws.write_string(last + 1, 0, "总计 = 维持 + 纠正 + 其他 + 尚未审结")?;
    for g in 0..3 {
        let all: Vec<String> = (0..APPEAL_FIELDS.len())
            .filter_map(|f| cells.iter().find(|x| x.target == Target::Appeal(g, f)))
            .map(|x| a1(x.row, x.col))
            .collect();
        let total_col = cells
            .iter()
            .find(|x| x.target == Target::Appeal(g, 4))
            .map(|x| x.col)
            .unwrap_or(0);
        let f = balance(
            &all,
            &format!("SUM({})", all[..4].join(",")),
            &all[4],
            (sum(r.appeals[g][..4].iter().copied()), r.appeals[g][4]),
        );
        ws.write_formula_with_format(last + 2, total_col, f, check)?;
    }
    Ok(())
}

/// Why a form could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("不是 gongkai 填报表（{0}）；请用 gongkai form 生成的工作簿填写")]
    NotAForm(String),
    #[error("填报表中有 {} 处数据不合要求：\n  {}", .0.len(), .0.join("\n  "))]
    Cells(Vec<String>),
}

/// Read a filled-in form.
pub fn read(bytes: &[u8]) -> Result<ReportValues, FormError> {
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| FormError::NotAForm(format!("无法打开工作簿：{e}")))?;
    let mut sheet = |name: &str| {
        wb.worksheet_range(name)
            .map_err(|_| FormError::NotAForm(format!("缺少工作表“{name}”")))
    };
    let info = sheet(SHEET_INFO)?;
    let text = |r: u32, c: u32| match info.get_value((r, c)) {
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        _ => String::new(),
    };
    let template = match text(INFO_TEMPLATE, 1).as_str() {
        "2021" => Template::T2021,
        "2019" => Template::T2019,
        other => {
            return Err(FormError::NotAForm(format!(
                "报告格式应为 2019 或 2021，实为“{other}”"
            )))
        }
    };
    let mut errors = Vec::new();
    let year: i32 = match text(INFO_YEAR, 1).parse::<f64>() {
        Ok(y) if y.fract() == 0.0 && (1990.0..=2200.0).contains(&y) => y as i32,
        _ => {
            errors.push(format!(
                "{SHEET_INFO}!{}（报告年度）：应为年份，如 2025",
                a1(INFO_YEAR, 1)
            ));
            0
        }
    };
    let agency = text(INFO_AGENCY, 1);
    if agency.is_empty() {
        errors.push(format!(
            "{SHEET_INFO}!{}（机关名称）：未填写",
            a1(INFO_AGENCY, 1)
        ));
    }
    let mut values = ReportValues::blank(template, year, &agency);
    for i in 0..6 {
        values.sections[i] = text(INFO_PART1 + i as u32, 1);
    }
    for (name, cells) in inputs(template) {
        let range = sheet(name)?;
        for c in cells {
            let raw = range
                .get_value((c.row, c.col as u32))
                .cloned()
                .unwrap_or(Data::Empty);
            let value = match raw {
                Data::Empty => None,
                Data::String(ref s) if s.trim().is_empty() => None,
                Data::Int(i) => Decimal::parse(&i.to_string()),
                Data::Float(f) => Decimal::parse(&f.to_string()),
                Data::String(ref s) => Decimal::parse(s.trim()).or_else(|| {
                    errors.push(cell_error(name, &c, template, &format!("“{s}”不是数字")));
                    None
                }),
                ref other => {
                    errors.push(cell_error(
                        name,
                        &c,
                        template,
                        &format!("无法识别的内容 {other:?}"),
                    ));
                    None
                }
            };
            if let Some(d) = value {
                if let Err(want) = c.kind.check(&d) {
                    errors.push(cell_error(name, &c, template, &format!("{want}，实为 {d}")));
                    continue;
                }
                match c.target {
                    Target::Proactive(i, j) => values.proactive[i][j] = Some(d),
                    Target::Request(i, k) => values.requests[i][k] = Some(d),
                    Target::Appeal(g, f) => values.appeals[g][f] = Some(d),
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(FormError::Cells(errors))
    }
}

/// `三、依申请公开!E12（（一）予以公开 · 商业企业）：…`
fn cell_error(sheet: &str, c: &InputCell, template: Template, what: &str) -> String {
    let def = template.def();
    let place = match c.target {
        Target::Proactive(i, j) => format!(
            "{} · {}",
            def.proactive[i].label, def.proactive[i].fields[j].label
        ),
        Target::Request(i, k) => format!(
            "{} · {}",
            def.request_rows[i].label, REQUEST_COLUMNS[k].label
        ),
        Target::Appeal(g, f) => format!(
            "{} · {}",
            gongkai_core::model::template::APPEAL_GROUPS[g].label,
            APPEAL_FIELDS[f].label
        ),
    };
    format!("{sheet}!{}（{place}）：{what}", a1(c.row, c.col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_addresses() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(4, 25), "Z5");
        assert_eq!(a1(9, 26), "AA10");
    }

    #[test]
    fn every_value_has_exactly_one_input_cell() {
        for t in [Template::T2021, Template::T2019] {
            let def = t.def();
            let all: Vec<InputCell> = inputs(t).into_iter().flat_map(|(_, c)| c).collect();
            let fields: usize = def.proactive.iter().map(|r| r.fields.len()).sum();
            assert_eq!(all.len(), fields + def.request_rows.len() * 7 + 15, "{t:?}");
        }
    }
}
