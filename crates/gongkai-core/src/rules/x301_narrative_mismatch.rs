use crate::diagnostic::{Diagnostic, Text};
use crate::model::template::TOTAL_COLUMN;
use crate::model::{CellValue, Decimal, Report, Template};
use crate::rules::narrative::{numbers, paragraphs, sentence_start, Number, Paragraph};
use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// A number stated in the narrative that differs from the table cell (or sum of cells) it
    /// speaks of: applications received (收到 / 接到 / 受理 / 新收), carried over (上年结转),
    /// handled (办结 / 答复), carried forward (结转下年度), outcomes (予以公开, 部分公开, 不予公开,
    /// 无法提供, 不予处理, 其他处理, and sums such as 予以公开及部分公开), 行政复议 and 行政诉讼
    /// cases, 规范性文件 and 规章 issued or in force, and percentages (占51.85%).
    ///
    /// Each number is read with the words between it and the previous number of its sentence.
    /// Where a phrase has several reasonable readings — 受理 may mean 新收 or 新收 + 上年结转 —
    /// the finding is raised only when none of them matches. Sub-counts (其中, 维持, 同比 …)
    /// are not read. A reading whose cells are blank is not assessed. A cell whose digits ran
    /// together with several cuts fitting (not read; P001) is assessed against every cut: the
    /// finding is raised when the stated number is none of them.
    ///
    /// ## Why it matters
    /// The narrative and the tables must tell the same story; a mismatch is the defect
    /// “发布内容不准确”. Readers quote the narrative, analysts read the tables.
    ///
    /// ## Example
    /// ```text
    /// 2021年,我局接到依申请公开件2件。          ← the table says 一、本年新收 总计 0
    /// ```
    ///
    /// ## Basis
    /// 国办公开办函〔2021〕30号 （四）明确责任 (“发布内容不准确”); template.md §3.4, §5.2 O8;
    /// peers.md §4 TXT-1..7, TXT-PCT, TXT-CASES.
    pub struct NarrativeMismatch {
        code: "X301",
        name: "narrative-mismatch",
        severity: Warning,
        summary: "正文所述数字与表格不一致",
    }
}

/// What a stated number speaks of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Metric {
    Received,
    NewReceived,
    CarriedOver,
    Handled,
    CarriedForward,
    Review,
    Litigation,
    ReviewAndLitigation,
    /// A set of outcome groups (bit per [`OUTCOMES`] entry).
    Outcomes(u8),
    Documents {
        kind: DocKind,
        what: DocWhat,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DocKind {
    Rules,
    Normative,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DocWhat {
    Issued,
    InForce,
    Any,
}

/// Outcome groups: keywords and the row-key prefix of table 三 they sum.
const OUTCOMES: [(&[&str], &str, &str); 6] = [
    (&["予以公开", "同意公开", "全部公开"], "granted", "予以公开"),
    (&["部分公开"], "partially_granted", "部分公开"),
    (&["不予公开"], "withheld", "不予公开"),
    (&["无法提供"], "unavailable", "无法提供"),
    (&["不予处理"], "not_processed", "不予处理"),
    (&["其他处理"], "other", "其他处理"),
];

/// Words that mark a sub-count or a comparison: the number is not the metric itself. (`其中`
/// alone is not one: `其中予以公开7件` is an outcome count. `等` marks an aggregate of several
/// kinds: `刊登政府规章、规范性文件等112件`.)
const NOT_A_TOTAL: &[&str] = &[
    "维持",
    "纠正",
    "审结",
    "驳回",
    "撤诉",
    "胜诉",
    "败诉",
    "同比",
    "增长",
    "下降",
    "减少",
    "增加",
    "较上年",
    "比上年",
    "平均",
    "人次",
    "涉及",
    "当场",
    "等",
];

fn classify(window: &str) -> Option<Metric> {
    if NOT_A_TOTAL.iter().any(|w| window.contains(w)) {
        return None;
    }
    // 部门规范性文件 in a government's report are its departments' documents, not its own.
    if window.contains("部门规范性文件") && !window.contains("本部门") {
        return None;
    }
    let mut set = 0u8;
    for (i, (kws, _, _)) in OUTCOMES.iter().enumerate() {
        if kws.iter().any(|k| window.contains(k)) {
            set |= 1 << i;
        }
    }
    if set != 0 {
        return Some(Metric::Outcomes(set));
    }
    let has = |ks: &[&str]| ks.iter().any(|k| window.contains(k));
    if has(&[
        "结转下年",
        "转下一年",
        "转入下一年",
        "结转至下一年",
        "结转到下一年",
        "转下年",
        "结转至下年",
        "结转到下年",
    ]) {
        return Some(Metric::CarriedForward);
    }
    if has(&["上年结转", "上年度结转", "上一年度结转", "上一年结转"]) {
        return Some(Metric::CarriedOver);
    }
    match (window.contains("复议"), window.contains("诉讼")) {
        (true, true) => return Some(Metric::ReviewAndLitigation),
        (true, false) => return Some(Metric::Review),
        (false, true) => return Some(Metric::Litigation),
        _ => {}
    }
    let kind = if window.contains("规范性文件") {
        Some(DocKind::Normative)
    } else if window.contains("规章") && !window.contains("规章制度") {
        Some(DocKind::Rules)
    } else {
        None
    };
    if let Some(kind) = kind {
        let what = if window.contains("现行有效") || window.contains("有效") {
            DocWhat::InForce
        } else if has(&["制发", "印发", "出台", "制定", "新制"]) {
            DocWhat::Issued
        } else {
            DocWhat::Any
        };
        return Some(Metric::Documents { kind, what });
    }
    if window.contains("新收") {
        return Some(Metric::NewReceived);
    }
    if window.contains("申请") && has(&["收到", "接到", "受理", "共收", "接收"]) {
        return Some(Metric::Received);
    }
    if has(&["办结", "答复"]) && !has(&["延期", "逾期", "期限"]) {
        return Some(Metric::Handled);
    }
    None
}

/// A reading: the cells whose sum the number should equal, and how to say it.
struct Reading {
    cells: Vec<String>,
    zh: String,
    en: String,
}

fn req(row: &str) -> String {
    format!("requests.{row}.total")
}

fn readings(report: &Report, m: Metric) -> Vec<Reading> {
    let r = |cells: Vec<String>, zh: &str, en: &str| Reading {
        cells,
        zh: zh.to_string(),
        en: en.to_string(),
    };
    let lit = vec![
        "appeals.litigation_direct.total".to_string(),
        "appeals.litigation_after_review.total".to_string(),
    ];
    match m {
        Metric::NewReceived => vec![r(
            vec![req("new_received")],
            "本年新收申请总计",
            "new applications",
        )],
        Metric::Received => vec![
            r(
                vec![req("new_received")],
                "本年新收申请总计",
                "new applications",
            ),
            r(
                vec![req("new_received"), req("carried_over")],
                "本年新收与上年结转之和",
                "new plus carried-over applications",
            ),
        ],
        Metric::CarriedOver => vec![r(
            vec![req("carried_over")],
            "上年结转申请总计",
            "applications carried over",
        )],
        Metric::Handled => vec![r(
            vec![req("total")],
            "办理结果总计",
            "applications handled",
        )],
        Metric::CarriedForward => vec![r(
            vec![req("carried_forward")],
            "结转下年度继续办理总计",
            "applications carried forward",
        )],
        Metric::Review => vec![r(
            vec!["appeals.review.total".into()],
            "行政复议总计",
            "administrative reviews",
        )],
        Metric::Litigation => vec![r(
            lit,
            "行政诉讼总计（未经复议直接起诉 + 复议后起诉）",
            "lawsuits (direct + after review)",
        )],
        Metric::ReviewAndLitigation => {
            let mut all = vec!["appeals.review.total".to_string()];
            all.extend(lit);
            vec![r(all, "行政复议与行政诉讼总计", "reviews and lawsuits")]
        }
        Metric::Outcomes(set) => {
            let Some(t) = report.template else {
                return Vec::new();
            };
            let mut cells = Vec::new();
            let mut names = Vec::new();
            for (i, (_, prefix, name)) in OUTCOMES.iter().enumerate() {
                if set & (1 << i) == 0 {
                    continue;
                }
                names.push(*name);
                cells.extend(
                    t.def()
                        .request_rows
                        .iter()
                        .filter(|row| {
                            row.key == *prefix || row.key.starts_with(&format!("{prefix}."))
                        })
                        .map(|row| req(row.key)),
                );
            }
            vec![r(
                cells,
                &format!("“{}”总计", names.join("”与“")),
                "the outcome rows named",
            )]
        }
        Metric::Documents { kind, what } => {
            let Some(t) = report.template else {
                return Vec::new();
            };
            let row = match kind {
                DocKind::Rules => "rules",
                DocKind::Normative => "normative_documents",
            };
            let name = match kind {
                DocKind::Rules => "规章",
                DocKind::Normative => "规范性文件",
            };
            let (issued, in_force): (&[&str], &[&str]) = match t {
                Template::T2021 => (&["issued"], &["in_force"]),
                Template::T2019 => (&["produced", "published"], &["total_public"]),
            };
            let mut fields: Vec<&str> = Vec::new();
            if what != DocWhat::InForce {
                fields.extend(issued);
            }
            if what != DocWhat::Issued {
                fields.extend(in_force);
            }
            fields
                .into_iter()
                .map(|f| {
                    let def = t.def().proactive_row(row);
                    let label = def
                        .and_then(|d| d.fields.iter().find(|x| x.key == f))
                        .map(|x| x.label)
                        .unwrap_or(f);
                    r(
                        vec![format!("proactive.{row}.{f}")],
                        &format!("{name}{label}"),
                        &format!("{row} {f}"),
                    )
                })
                .collect()
        }
    }
}

/// Sum the cells of a reading; `None` if any is missing or not a number.
fn value(report: &Report, reading: &Reading) -> Option<Decimal> {
    reading.cells.iter().try_fold(Decimal::ZERO, |acc, p| {
        acc.checked_add(report.cell(p)?.number()?)
    })
}

/// Whether a reading holding an undecided cell could be `stated`: the cell's candidates
/// include it, are unknown, or (several cells) do not combine into a set of sums.
fn may_be(report: &Report, reading: &Reading, stated: Decimal) -> bool {
    let undecided: Vec<&[Decimal]> = reading
        .cells
        .iter()
        .filter_map(|p| match &report.cell(p)?.value {
            CellValue::Undecided(c) => Some(c.as_slice()),
            _ => None,
        })
        .collect();
    match undecided.as_slice() {
        [] => false,
        [one] if reading.cells.len() == 1 => one.is_empty() || one.contains(&stated),
        _ => true,
    }
}

/// A finding for a stated number whose only readable cells are digits run together that no
/// single cut decides: raised only when the number is none of the values any cut gives, so
/// the text contradicts the table however the run is read. Single-cell readings only (the
/// candidates of several cells do not combine independently).
fn unsplit_mismatch(
    report: &Report,
    rs: &[Reading],
    p: &Paragraph<'_>,
    n: &Number,
    window: &str,
) -> Option<Diagnostic> {
    let mut open = Vec::new();
    for r in rs {
        let [path] = r.cells.as_slice() else {
            return None;
        };
        let cell = report.cell(path)?;
        let CellValue::Undecided(values) = &cell.value else {
            return None;
        };
        if values.is_empty() || values.contains(&n.value) {
            return None;
        }
        open.push((r, cell, values));
    }
    let (reading, cell, values) = *open.first()?;
    let shown: Vec<String> = values.iter().take(6).map(|v| v.to_string()).collect();
    let more = if values.len() > shown.len() {
        "…"
    } else {
        ""
    };
    Some(
        Diagnostic::new(
            &NarrativeMismatch::META,
            Text::new(
                format!(
                    "正文称“{}”为 {}，但表格中{}的数字连在一起（“{}”），无论怎样拆分都不是 {}（可能为 {}{more}）",
                    window_tail(window),
                    n.value,
                    reading.zh,
                    cell.raw,
                    n.value,
                    shown.join("、"),
                ),
                format!(
                    "the text states {} for “{}”, but no split of the table's run-together {} (“{}”) gives it (possible: {}{more})",
                    n.value,
                    window_tail(window),
                    reading.en,
                    cell.raw,
                    shown.join(", "),
                ),
            ),
        )
        .label(
            p.sub_span(n.start, n.after),
            Text::new(format!("正文：{}", n.value), format!("text: {}", n.value)),
        )
        .label(
            cell.span,
            Text::new(
                format!("表格：{}", cell.raw),
                format!("table: {}", cell.raw),
            ),
        )
        .help(Text::new(
            "核对原件中的表格数字与正文是否一致",
            "check the table in the original against the text",
        ))
        .cells(reading.cells.clone()),
    )
}

/// A stated count that matched a metric (kept for the percentage that may follow).
struct Stated {
    number: Decimal,
}

impl Rule for NarrativeMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, report: &Report, out: &mut Vec<Diagnostic>) {
        if report.template.is_none() {
            return;
        }
        for p in paragraphs(report) {
            let nums = numbers(p.text);
            let mut prev_end = 0usize;
            let mut last: Option<Stated> = None;
            for n in &nums {
                let sentence = sentence_start(p.text, n.start);
                if sentence > prev_end {
                    last = None;
                }
                let from = prev_end
                    .max(sentence)
                    .max(back(p.text, n.start, 40))
                    .min(n.start);
                let window = &p.text[from..n.start];
                prev_end = n.after;
                match n.unit {
                    Some('件') | Some('起') | Some('宗') => {}
                    Some('%') => {
                        if window.contains('占') {
                            if let Some(s) = &last {
                                check_percent(report, &p, n, s, out);
                            }
                        }
                        continue;
                    }
                    _ => continue,
                }
                let Some(metric) = classify(window) else {
                    continue;
                };
                let rs = readings(report, metric);
                let values: Vec<(usize, Decimal)> = rs
                    .iter()
                    .enumerate()
                    .filter_map(|(i, r)| value(report, r).map(|v| (i, v)))
                    .collect();
                last = Some(Stated { number: n.value });
                if values.is_empty() {
                    if let Some(d) = unsplit_mismatch(report, &rs, &p, n, window) {
                        out.push(d);
                    }
                    continue;
                }
                if values.iter().any(|(_, v)| *v == n.value)
                    || rs.iter().any(|r| may_be(report, r, n.value))
                {
                    continue;
                }
                let (i, actual) = values[0];
                let reading = &rs[i];
                let span = p.sub_span(n.start, n.after);
                let mut d = Diagnostic::new(
                    &Self::META,
                    Text::new(
                        format!(
                            "正文称“{}”为 {}，但表格中{}为 {}",
                            window_tail(window),
                            n.value,
                            reading.zh,
                            actual
                        ),
                        format!(
                            "the text states {} for “{}”, but the table's {} is {}",
                            n.value,
                            window_tail(window),
                            reading.en,
                            actual
                        ),
                    ),
                )
                .label(
                    span,
                    Text::new(format!("正文：{}", n.value), format!("text: {}", n.value)),
                );
                for path in &reading.cells {
                    if let Some(c) = report.cell(path) {
                        d = d.label(
                            c.span,
                            Text::new(format!("表格：{}", c.raw), format!("table: {}", c.raw)),
                        );
                    }
                }
                let alternatives: Vec<String> = values
                    .iter()
                    .skip(1)
                    .map(|(j, v)| format!("{}为 {}", rs[*j].zh, v))
                    .collect();
                let help = if alternatives.is_empty() {
                    Text::new(
                        "核对正文数字与表格是否一致",
                        "check the text against the table",
                    )
                } else {
                    Text::new(
                        format!(
                            "核对正文数字与表格是否一致（另一种理解：{}）",
                            alternatives.join("；")
                        ),
                        "check the text against the table (no reading of the phrase matches)",
                    )
                };
                d = d.help(help).cells(reading.cells.clone());
                out.push(d);
            }
        }
    }
}

/// Byte offset at most `chars` characters before `at`.
fn back(text: &str, at: usize, chars: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0)
}

/// The last words before the number, for the message.
fn window_tail(window: &str) -> String {
    let t = window
        .trim_start_matches(['，', ',', '、', '：', ':', ' '])
        .trim();
    let chars: Vec<char> = t.chars().collect();
    let start = chars.len().saturating_sub(16);
    chars[start..].iter().collect()
}

/// “占51.85%”: the stated share of the previous count over some base of table 三.
fn check_percent(
    report: &Report,
    p: &crate::rules::narrative::Paragraph<'_>,
    n: &Number,
    s: &Stated,
    out: &mut Vec<Diagnostic>,
) {
    let bases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["total"], "办理结果总计"),
        (vec!["new_received"], "本年新收"),
        (vec!["new_received", "carried_over"], "新收与上年结转之和"),
    ];
    let Some(t) = &report.requests else { return };
    let mut tried = Vec::new();
    for (rows, name) in &bases {
        let base = rows.iter().try_fold(Decimal::ZERO, |a, r| {
            a.checked_add(t.cell(r, TOTAL_COLUMN)?.number()?)
        });
        let Some(base) = base.filter(|b| !b.is_zero()) else {
            continue;
        };
        tried.push((*name, base));
        if percent_matches(s.number, base, n.value) {
            return;
        }
    }
    if tried.is_empty() {
        return;
    }
    let span = p.sub_span(n.start, n.after);
    let shown: Vec<String> = tried
        .iter()
        .map(|(name, b)| format!("{}÷{name} {b}", s.number))
        .collect();
    out.push(
        Diagnostic::new(
            &NarrativeMismatch::META,
            Text::new(
                format!(
                    "正文所述比例 {}% 与表格数字不符（{}）",
                    n.value,
                    shown.join("；")
                ),
                format!(
                    "the stated share {}% does not match the table ({})",
                    n.value,
                    shown.join("; ")
                ),
            ),
        )
        .label(
            span,
            Text::new(format!("正文：{}%", n.value), format!("text: {}%", n.value)),
        )
        .help(Text::new(
            "核对比例的分子与分母",
            "check the numerator and the base of the share",
        ))
        .cells(["requests.total.total".to_string()]),
    );
}

/// Does `count / base × 100`, rounded or truncated to the stated decimals, give `stated`?
fn percent_matches(count: Decimal, base: Decimal, stated: Decimal) -> bool {
    let decimals = stated
        .to_string()
        .split_once('.')
        .map(|(_, f)| f.len() as u32)
        .unwrap_or(0);
    let (Some(c), Some(b)) = (
        count.to_string().parse::<f64>().ok(),
        base.to_string().parse::<f64>().ok(),
    ) else {
        return false;
    };
    // Decimal arithmetic on integers scaled by 10^decimals; comparison only, so f64 is exact
    // enough at these magnitudes (counts < 10^9, ≤ 4 decimals).
    let scale = 10f64.powi(decimals as i32);
    let exact = c / b * 100.0 * scale;
    let stated_scaled = stated.to_f64() * scale;
    (exact.round() - stated_scaled).abs() < 0.5 || (exact.floor() - stated_scaled).abs() < 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_classified() {
        assert_eq!(classify("，我局接到依申请公开件"), Some(Metric::Received));
        assert_eq!(
            classify("全年收到政府信息公开申请 "),
            Some(Metric::Received)
        );
        assert_eq!(
            classify("，上年结转政府信息公开申请 "),
            Some(Metric::CarriedOver)
        );
        assert_eq!(classify("同意公开答复 "), Some(Metric::Outcomes(1)));
        assert_eq!(classify("予以公开及部分公开"), Some(Metric::Outcomes(3)));
        assert_eq!(classify("，其中行政复议结果维持"), None);
        assert_eq!(
            classify("转下一年度办理答复的有 "),
            Some(Metric::CarriedForward)
        );
        assert_eq!(
            classify("现行有效行政规范性文件"),
            Some(Metric::Documents {
                kind: DocKind::Normative,
                what: DocWhat::InForce
            })
        );
        assert_eq!(classify("涉及的行政诉讼数为 "), None);
        assert_eq!(classify("行政诉讼数为 "), Some(Metric::Litigation));
    }

    #[test]
    fn percentages_round_or_truncate() {
        let d = |s: &str| Decimal::parse(s).unwrap();
        assert!(percent_matches(d("42"), d("81"), d("51.85")));
        assert!(percent_matches(d("1"), d("3"), d("33.3")));
        assert!(!percent_matches(d("258"), d("805"), d("33.9")));
    }
}
