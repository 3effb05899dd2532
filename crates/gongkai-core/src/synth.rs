//! Synthetic reports: plausible agencies, years, numbers and narrative, consistent by
//! construction (every 勾稽关系 of the template holds) or with one planted inconsistency whose
//! rule code is recorded. Deterministic: the same seed and index give the same report.
//!
//! The numbers follow what published reports look like: most cells are 0, requests come
//! mostly from 自然人, a few outcome rows carry most of the load, some agencies have none at
//! all. The narrative restates some table figures in the phrases rule X301 reads
//! (`收到政府信息公开申请 N 件`, `予以公开 N 件`, `现行有效行政规范性文件 N 件` …), so a planted
//! X301 is a wrong number in an otherwise ordinary sentence.

use crate::model::template::{RowRole, Template, APPEAL_FIELDS};
use crate::model::values::{ReportValues, Value};
use crate::model::Decimal;

/// A small, fast, deterministic generator (SplitMix64).
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// A count as reports have them: usually 0, sometimes small, rarely large.
    pub fn count(&mut self, scale: u64) -> u64 {
        match self.below(10) {
            0..=5 => 0,
            6..=8 => self.below(scale.clamp(1, 20)) + 1,
            _ => self.below(scale.max(1) * 10) + 1,
        }
    }
}

/// Which template: one, or each report's year decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Templates {
    T2019,
    T2021,
    Mix,
}

/// A planted inconsistency and the code that must report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Planted {
    /// A row of table 三 whose 总计 is not the sum of its applicant cells.
    RowTotal,
    /// An outcome cell changed with its row total: the column no longer adds up to （七）总计.
    OutcomeTotal,
    /// 本年新收 changed with its row total: 一 + 二 ≠ （七）+ 四 in that column.
    RequestBalance,
    /// A table-四 group whose 总计 is not the sum of its four results.
    AppealTotal,
    /// The narrative restates a figure of table 三 wrongly.
    Narrative,
}

impl Planted {
    pub const ALL: [Planted; 5] = [
        Planted::RowTotal,
        Planted::OutcomeTotal,
        Planted::RequestBalance,
        Planted::AppealTotal,
        Planted::Narrative,
    ];
    /// The rule code the inconsistency must raise.
    pub fn code(self) -> &'static str {
        match self {
            Planted::RowTotal => "T202",
            Planted::OutcomeTotal => "T203",
            Planted::RequestBalance => "T201",
            Planted::AppealTotal => "T204",
            Planted::Narrative => "X301",
        }
    }
}

/// One synthetic report.
pub struct Synth {
    pub values: ReportValues,
    /// The planted inconsistency, if any.
    pub planted: Option<Planted>,
    /// Where the agency is (for names and narrative).
    pub region: String,
}

const PROVINCES: &[(&str, &[&str])] = &[
    (
        "江苏省",
        &["南京市", "苏州市", "淮安市", "盐城市", "徐州市"],
    ),
    (
        "浙江省",
        &["杭州市", "宁波市", "温州市", "绍兴市", "金华市"],
    ),
    (
        "广东省",
        &["广州市", "深圳市", "佛山市", "东莞市", "湛江市"],
    ),
    (
        "河南省",
        &["郑州市", "洛阳市", "濮阳市", "南阳市", "信阳市"],
    ),
    (
        "四川省",
        &["成都市", "绵阳市", "宜宾市", "南充市", "泸州市"],
    ),
    (
        "福建省",
        &["福州市", "厦门市", "泉州市", "莆田市", "三明市"],
    ),
    (
        "山东省",
        &["济南市", "青岛市", "烟台市", "潍坊市", "临沂市"],
    ),
    (
        "湖北省",
        &["武汉市", "宜昌市", "襄阳市", "荆州市", "黄冈市"],
    ),
];
const COUNTIES: &[&str] = &[
    "城关区",
    "高新区",
    "经济开发区",
    "东城区",
    "西湖区",
    "临江县",
    "河口县",
    "新安县",
    "永宁县",
    "清河区",
];
const DEPARTMENTS: &[&str] = &[
    "人民政府办公室",
    "发展和改革委员会",
    "教育局",
    "公安局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "商务局",
    "文化广电和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "市场监督管理局",
    "医疗保障局",
    "统计局",
    "城市管理局",
    "民政局",
];

/// Sentences the narrative is made of (`{}` takes a place name).
const FILLER: &[&str] = &[
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，认真落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开。",
    "围绕{}中心工作，聚焦优化营商环境、保障和改善民生等重点领域，及时准确公开政府信息，积极回应社会关切。",
    "严格落实公开前保密审查机制，坚持“先审查、后公开”“一事一审”，全年未发生失泄密事件。",
    "进一步优化政府网站政务公开专栏设置，动态更新政府信息公开指南和主动公开目录，方便群众查询获取。",
    "加强政策解读，通过图文、视频、在线访谈等形式解读重要政策，提升政策知晓度和解读质量。",
    "规范依申请公开办理流程，严格按照法定时限答复，做到件件有回音、事事有着落。",
    "加强政务新媒体管理，定期开展巡查检查，及时整改发现的问题，确保信息发布准确规范。",
    "组织开展政务公开业务培训，提升工作人员依法公开意识和业务能力。",
    "将政务公开工作纳入年度绩效考核，压实工作责任，形成上下联动、齐抓共管的工作格局。",
    "持续推进基层政务公开标准化规范化建设，完善公开事项标准目录，拓展公开渠道。",
];
const PROBLEMS: &[&str] = &[
    "存在的问题：一是政策解读形式还不够丰富，解读的针对性和实用性有待提升；二是部分工作人员对《条例》的理解还不够深入，业务能力有待加强。",
    "改进措施：一是加强业务培训，提高工作人员依法公开能力；二是丰富解读形式，提升政策解读质量；三是加强监督检查，推动政务公开工作常态化、规范化。",
    "下一步，{}将继续深化重点领域信息公开，加强政务公开平台建设，不断提升政务公开工作水平。",
];

fn cell(v: u64) -> Value {
    Some(Decimal::from_int(v as i64))
}

/// The report at `index` of the corpus with `seed`. `error_rate` is the share of reports
/// with one planted inconsistency; `narrative_kb` the narrative size range.
pub fn report(seed: u64, index: u64, templates: Templates, error_rate: f64) -> Synth {
    report_with(seed, index, templates, error_rate, &Planted::ALL)
}

/// [`report`], planting only the given kinds of inconsistency.
pub fn report_with(
    seed: u64,
    index: u64,
    templates: Templates,
    error_rate: f64,
    kinds: &[Planted],
) -> Synth {
    let mut rng = Rng::new(seed.wrapping_mul(0x100_0000_01B3) ^ index);
    let year = match templates {
        Templates::T2019 => 2019 + rng.below(2) as i32,
        Templates::T2021 => 2021 + rng.below(5) as i32,
        Templates::Mix => 2019 + rng.below(7) as i32,
    };
    let template = Template::for_year(year);
    let (province, cities) = *rng.pick(PROVINCES);
    let city = *rng.pick(cities);
    let agency = match rng.below(4) {
        0 => format!("{city}人民政府"),
        1 => format!(
            "{city}{}{}",
            rng.pick(COUNTIES),
            rng.pick(&["人民政府", "人民政府办公室"])
        ),
        _ => format!("{city}{}", rng.pick(DEPARTMENTS)),
    };
    let mut v = ReportValues::zeros(template, year, &agency);
    let def = template.def();

    // Part 二.
    for (row, def_row) in v.proactive.iter_mut().zip(def.proactive) {
        for (cell_v, field) in row.iter_mut().zip(def_row.fields) {
            let n = match field.kind {
                crate::model::template::Kind::Money => {
                    // 万元 with up to four decimals.
                    if rng.chance(0.3) {
                        let cents = rng.below(5_000_000);
                        Decimal::parse(&format!("{}.{:04}", cents / 10_000, cents % 10_000))
                    } else {
                        Some(Decimal::ZERO)
                    }
                }
                crate::model::template::Kind::SignedCount => {
                    let m = rng.count(5) as i64;
                    Some(Decimal::from_int(if rng.chance(0.3) { -m } else { m }))
                }
                _ => Some(Decimal::from_int(rng.count(40) as i64)),
            };
            *cell_v = n;
        }
    }

    // Table 三, column by column: outcomes, their total, carried over and forward, new.
    let rows = def.request_rows;
    let busy = rng.chance(0.8);
    let weights = [60u64, 15, 2, 2, 6, 15];
    let mut table = vec![[0u64; 7]; rows.len()];
    for (c, &w) in weights.iter().enumerate() {
        let scale = if busy { w } else { 0 };
        let mut total = 0;
        for (r, row) in rows.iter().enumerate() {
            if row.role == RowRole::Outcome {
                let n = if scale == 0 {
                    0
                } else {
                    rng.count(scale / 3 + 1) * (scale / 10 + 1) / 2
                };
                table[r][c] = n;
                total += n;
            }
        }
        let forward = if total > 0 && rng.chance(0.3) {
            rng.below(total.min(20))
        } else {
            0
        };
        let over = if total + forward > 0 && rng.chance(0.3) {
            rng.below((total + forward).min(10) + 1)
        } else {
            0
        };
        for (r, row) in rows.iter().enumerate() {
            table[r][c] = match row.role {
                RowRole::Total => total,
                RowRole::CarriedForward => forward,
                RowRole::CarriedOver => over,
                RowRole::NewReceived => total + forward - over,
                RowRole::Outcome => table[r][c],
            };
        }
    }
    for (r, row) in table.iter_mut().enumerate() {
        row[6] = row[..6].iter().sum();
        v.requests[r] = row.map(cell);
    }

    // Table 四.
    for g in 0..3 {
        let parts: Vec<u64> = (0..APPEAL_FIELDS.len() - 1).map(|_| rng.count(3)).collect();
        let total: u64 = parts.iter().sum();
        for (k, p) in parts.iter().enumerate() {
            v.appeals[g][k] = cell(*p);
        }
        v.appeals[g][APPEAL_FIELDS.len() - 1] = cell(total);
    }

    let planted = (rng.chance(error_rate) && !kinds.is_empty()).then(|| *rng.pick(kinds));
    let region = format!("{province}{city}");
    narrative(
        &mut v,
        &mut rng,
        &table,
        &region,
        planted == Some(Planted::Narrative),
    );
    if let Some(p) = planted {
        plant(&mut v, &mut rng, p);
    }
    Synth {
        values: v,
        planted,
        region,
    }
}

fn index_of(v: &ReportValues, role: RowRole) -> usize {
    v.template
        .def()
        .request_rows
        .iter()
        .position(|r| r.role == role)
        .unwrap_or(0)
}

fn add(value: &mut Value, d: i64) {
    let n = value.and_then(|x| x.to_i64()).unwrap_or(0);
    *value = Some(Decimal::from_int(n + d));
}

fn plant(v: &mut ReportValues, rng: &mut Rng, p: Planted) {
    let d = 1 + rng.below(5) as i64;
    let col = rng.below(6) as usize;
    let def = v.template.def();
    match p {
        Planted::RowTotal => {
            let r = rng.below(def.request_rows.len() as u64) as usize;
            add(&mut v.requests[r][6], d);
        }
        Planted::OutcomeTotal => {
            let outcomes: Vec<usize> = def
                .request_rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.role == RowRole::Outcome)
                .map(|(i, _)| i)
                .collect();
            let r = *rng.pick(&outcomes);
            add(&mut v.requests[r][col], d);
            add(&mut v.requests[r][6], d);
        }
        Planted::RequestBalance => {
            let r = index_of(v, RowRole::NewReceived);
            add(&mut v.requests[r][col], d);
            add(&mut v.requests[r][6], d);
        }
        Planted::AppealTotal => {
            let g = rng.below(3) as usize;
            add(&mut v.appeals[g][APPEAL_FIELDS.len() - 1], d);
        }
        Planted::Narrative => {} // written wrong by `narrative`
    }
}

fn fill(rng: &mut Rng, out: &mut String, region: &str, bank: &[&str], sentences: usize) {
    for _ in 0..sentences {
        out.push_str(&rng.pick(bank).replace("{}", region));
    }
}

fn narrative(v: &mut ReportValues, rng: &mut Rng, table: &[[u64; 7]], region: &str, wrong: bool) {
    let def = v.template.def();
    let row = |role: RowRole| table[index_of(v, role)][6];
    let granted = def
        .request_rows
        .iter()
        .position(|r| r.key == "granted")
        .map_or(0, |i| table[i][6]);
    let received = row(RowRole::NewReceived);
    // A planted X301 misstates the number of granted requests.
    let said_granted = if wrong {
        granted + 1 + rng.below(9)
    } else {
        granted
    };
    // Narrative sizes as published: from a few to some 35 KB of text (log-uniform).
    let target = (3_000.0 * (35.0f64 / 3.0).powf((rng.below(1000) as f64) / 1000.0)) as usize;
    let mut one = String::new();
    fill(rng, &mut one, region, FILLER, 2);
    const SUBSECTIONS: [&str; 5] = [
        "（一）主动公开情况。",
        "（二）依申请公开情况。",
        "（三）政府信息管理情况。",
        "（四）政府信息公开平台建设情况。",
        "（五）监督保障情况。",
    ];
    let per = target / SUBSECTIONS.len() / 180 + 1;
    for (k, head) in SUBSECTIONS.iter().enumerate() {
        one.push('\n');
        one.push_str(head);
        if k == 1 {
            one.push_str(&format!(
                "{}年，本机关共收到政府信息公开申请{}件，其中予以公开{}件，所有申请均在法定期限内答复。",
                v.year, received, said_granted
            ));
        }
        let mut left = per;
        while left > 0 {
            let n = (2 + rng.below(4) as usize).min(left);
            fill(rng, &mut one, region, FILLER, n);
            left -= n;
            if left > 0 {
                one.push('\n');
            }
        }
    }
    let mut two = String::new();
    if let Some(i) = def
        .proactive
        .iter()
        .position(|r| r.key == "normative_documents")
    {
        if let Some(Some(n)) = v.proactive[i].last() {
            if v.template == Template::T2021 {
                two.push_str(&format!("截至年底，现行有效行政规范性文件{n}件。"));
            }
        }
    }
    fill(rng, &mut two, region, FILLER, 1);
    let mut five = String::new();
    let n = 2 + rng.below(2) as usize;
    fill(rng, &mut five, region, PROBLEMS, n);
    v.sections = [
        one,
        two,
        String::new(),
        String::new(),
        five,
        if rng.chance(0.5) {
            "无。".to_string()
        } else {
            format!(
                "本年度未收取信息处理费。{}年度政府信息公开工作年度报告全文可在政府网站查阅。",
                v.year
            )
        },
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::values::ReportValues;

    #[test]
    fn the_same_seed_gives_the_same_report() {
        let a = report(7, 3, Templates::Mix, 0.5);
        let b = report(7, 3, Templates::Mix, 0.5);
        assert_eq!(a.values, b.values);
        assert_eq!(a.planted, b.planted);
        let c = report(8, 3, Templates::Mix, 0.5);
        assert_ne!(a.values, c.values);
    }

    #[test]
    fn consistent_reports_pass_every_rule_and_planted_ones_raise_their_code() {
        let mut planted = 0;
        for i in 0..300 {
            let s = report(42, i, Templates::Mix, 0.3);
            let text = crate::render::report_text::write(
                &s.values,
                crate::render::report_text::Layout::Tabs,
            );
            let report = crate::parse::parse_text(&text, Default::default());
            let codes: Vec<&str> = crate::rules::check(&report)
                .iter()
                .filter(|d| d.severity != crate::diagnostic::Severity::Info)
                .map(|d| d.code)
                .collect();
            match s.planted {
                None => assert!(
                    !codes.iter().any(|c| c.starts_with('T') || *c == "X301"),
                    "report {i}: {codes:?}"
                ),
                Some(p) => {
                    planted += 1;
                    assert!(
                        codes.contains(&p.code()),
                        "report {i}: {p:?} gave {codes:?}"
                    );
                }
            }
            assert_eq!(
                ReportValues::from_report(&report).unwrap().requests,
                s.values.requests
            );
        }
        assert!(planted > 50, "{planted}");
    }
}
