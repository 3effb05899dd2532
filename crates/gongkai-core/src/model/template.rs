//! The two statutory templates, described once as data.
//!
//! Everything the parser matches, the rules check and the renderers print comes from the
//! tables in this file: section headings, the 第二十条 sub-tables of part 二, the rows and
//! columns of table 三 and the cells of table 四. Labels are the printed wording with
//! full-width punctuation (../shared/reference/template.md §1.6, §2.3–2.6).

/// Which statutory format a report's tables follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Template {
    /// 国办公开办函〔2019〕60号, used for the 2019 and 2020 reports.
    T2019,
    /// 国办公开办函〔2021〕30号, used from the 2021 reports on.
    T2021,
}

impl Template {
    /// The contract's spelling: `"2019"` or `"2021"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Template::T2019 => "2019",
            Template::T2021 => "2021",
        }
    }

    /// The document number of the notice that issued the format.
    pub fn notice(self) -> &'static str {
        match self {
            Template::T2019 => "国办公开办函〔2019〕60号",
            Template::T2021 => "国办公开办函〔2021〕30号",
        }
    }

    /// The template a report for `year` must use.
    pub fn for_year(year: i32) -> Template {
        if year <= 2020 {
            Template::T2019
        } else {
            Template::T2021
        }
    }

    /// Parse the contract's spelling.
    pub fn from_key(s: &str) -> Option<Template> {
        match s {
            "2019" => Some(Template::T2019),
            "2021" => Some(Template::T2021),
            _ => None,
        }
    }

    /// The layout of this template.
    pub fn def(self) -> &'static TemplateDef {
        match self {
            Template::T2019 => &T2019_DEF,
            Template::T2021 => &T2021_DEF,
        }
    }
}

/// What a cell holds, which decides its domain check (rule T206) and its JSON type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A non-negative integer count (件, 项).
    Count,
    /// An integer that may be negative (2019 `本年增/减`).
    SignedCount,
    /// A non-negative exact decimal in 万元.
    Money,
}

impl Kind {
    /// Whether `d` is in this kind's domain; if not, what it should be (Chinese, for messages).
    pub fn check(self, d: &crate::model::Decimal) -> Result<(), &'static str> {
        match self {
            Kind::Count if !d.is_integer() || d.is_negative() => Err("应为非负整数"),
            Kind::SignedCount if !d.is_integer() => Err("应为整数"),
            Kind::Money if d.is_negative() => Err("应为非负金额（万元）"),
            _ => Ok(()),
        }
    }
}

/// One column of a 第二十条 sub-table.
#[derive(Debug)]
pub struct FieldDef {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
}

/// One data row of part 二 (a `信息内容` row of a 第二十条 sub-table).
#[derive(Debug)]
pub struct ProactiveRowDef {
    /// Contract key, e.g. `normative_documents`.
    pub key: &'static str,
    /// The sub-table caption, e.g. `第二十条第（一）项`.
    pub item: &'static str,
    /// The row label, e.g. `行政规范性文件`.
    pub label: &'static str,
    pub fields: &'static [FieldDef],
}

/// What a row of table 三 means for the arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowRole {
    /// 一、本年新收
    NewReceived,
    /// 二、上年结转
    CarriedOver,
    /// One of the outcome rows （一）…（六） that add up to （七）总计.
    Outcome,
    /// （七）总计
    Total,
    /// 四、结转下年度继续办理
    CarriedForward,
}

/// One data row of table 三.
#[derive(Debug)]
pub struct RequestRowDef {
    /// Contract key, e.g. `withheld.state_secret`.
    pub key: &'static str,
    /// The printed label of the row itself, e.g. `1.属于国家秘密`.
    pub label: &'static str,
    /// The merged group cell printed to its left, e.g. `（三）不予公开`, if any.
    pub group: Option<&'static str>,
    pub role: RowRole,
}

/// One applicant column of table 三.
#[derive(Debug)]
pub struct ColumnDef {
    pub key: &'static str,
    pub label: &'static str,
}

/// One statutory heading of the six parts.
#[derive(Debug)]
pub struct SectionDef {
    pub number: u8,
    /// Canonical heading, as the generator writes it.
    pub heading: &'static str,
    /// Known wordings seen in published reports, without the `一、` numeral.
    pub variants: &'static [&'static str],
}

/// A whole template: part 二's sub-tables and table 三's rows (table 四 is common).
#[derive(Debug)]
pub struct TemplateDef {
    pub template: Template,
    pub proactive: &'static [ProactiveRowDef],
    pub request_rows: &'static [RequestRowDef],
    /// Labels that only this template prints; their presence identifies it.
    pub markers: &'static [&'static str],
}

impl TemplateDef {
    pub fn proactive_row(&self, key: &str) -> Option<&'static ProactiveRowDef> {
        self.proactive.iter().find(|r| r.key == key)
    }
    pub fn request_row(&self, key: &str) -> Option<(usize, &'static RequestRowDef)> {
        self.request_rows
            .iter()
            .enumerate()
            .find(|(_, r)| r.key == key)
    }
    /// The proactive sub-table captions in printed order, without repeats.
    pub fn proactive_items(&self) -> Vec<&'static str> {
        let mut items: Vec<&'static str> = Vec::new();
        for r in self.proactive {
            if !items.contains(&r.item) {
                items.push(r.item);
            }
        }
        items
    }
}

pub const SECTIONS: [SectionDef; 6] = [
    SectionDef {
        number: 1,
        heading: "一、总体情况",
        variants: &["总体情况", "基本情况"],
    },
    SectionDef {
        number: 2,
        heading: "二、主动公开政府信息情况",
        variants: &["主动公开政府信息情况", "主动公开政府信息"],
    },
    SectionDef {
        number: 3,
        heading: "三、收到和处理政府信息公开申请情况",
        variants: &[
            "收到和处理政府信息公开申请情况",
            "收到和处理政府信息公开申请",
        ],
    },
    SectionDef {
        number: 4,
        heading: "四、政府信息公开行政复议、行政诉讼情况",
        variants: &[
            "政府信息公开行政复议、行政诉讼情况",
            "政府信息公开行政复议行政诉讼情况",
            "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            "因政府信息公开工作被申请行政复议提起行政诉讼情况",
            "政府信息公开行政复议和行政诉讼情况",
        ],
    },
    SectionDef {
        number: 5,
        heading: "五、存在的主要问题及改进情况",
        variants: &[
            "存在的主要问题及改进情况",
            "政府信息公开工作存在的主要问题及改进情况",
            "存在的主要问题及改进举措",
            "存在问题及改进情况",
            "存在的主要问题和改进情况",
        ],
    },
    SectionDef {
        number: 6,
        heading: "六、其他需要报告的事项",
        variants: &["其他需要报告的事项", "其他需要报告事项"],
    },
];

/// The Chinese numerals 一…六 of the six parts.
pub const SECTION_NUMERALS: [char; 6] = ['一', '二', '三', '四', '五', '六'];

pub const REQUEST_COLUMNS: [ColumnDef; 7] = [
    ColumnDef {
        key: "natural_person",
        label: "自然人",
    },
    ColumnDef {
        key: "commercial",
        label: "商业企业",
    },
    ColumnDef {
        key: "research",
        label: "科研机构",
    },
    ColumnDef {
        key: "nonprofit",
        label: "社会公益组织",
    },
    ColumnDef {
        key: "legal_services",
        label: "法律服务机构",
    },
    ColumnDef {
        key: "other_org",
        label: "其他",
    },
    ColumnDef {
        key: "total",
        label: "总计",
    },
];

/// Index of the 总计 column of table 三.
pub const TOTAL_COLUMN: usize = 6;

/// The header texts printed above table 三's columns.
pub const REQUEST_HEADER_NOTE: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
pub const REQUEST_APPLICANTS: &str = "申请人情况";
pub const REQUEST_ORGANISATIONS: &str = "法人或其他组织";
pub const REQUEST_RESULTS_GROUP: &str = "三、本年度办理结果";

/// Table 四: the three groups and their five cells.
pub const APPEAL_GROUPS: [ColumnDef; 3] = [
    ColumnDef {
        key: "review",
        label: "行政复议",
    },
    ColumnDef {
        key: "litigation_direct",
        label: "未经复议直接起诉",
    },
    ColumnDef {
        key: "litigation_after_review",
        label: "复议后起诉",
    },
];
pub const APPEAL_FIELDS: [ColumnDef; 5] = [
    ColumnDef {
        key: "upheld",
        label: "结果维持",
    },
    ColumnDef {
        key: "corrected",
        label: "结果纠正",
    },
    ColumnDef {
        key: "other",
        label: "其他结果",
    },
    ColumnDef {
        key: "pending",
        label: "尚未审结",
    },
    ColumnDef {
        key: "total",
        label: "总计",
    },
];
pub const APPEAL_LITIGATION: &str = "行政诉讼";

/// The header cell of every 第二十条 sub-table.
pub const PROACTIVE_ITEM_HEADER: &str = "信息内容";

/// Accepted wordings that differ from the template without changing its meaning; they match
/// silently (no S103). Left: as printed in reports; right: the template label.
pub const ACCEPTED_VARIANTS: &[(&str, &str)] = &[
    (
        "本年收费金额（单位：万元，保留4位小数）",
        "本年收费金额（单位：万元）",
    ),
    ("本年收费金额（万元）", "本年收费金额（单位：万元）"),
    ("（七）合计", "（七）总计"),
];

const COUNT3_2021: [FieldDef; 3] = [
    FieldDef {
        key: "issued",
        label: "本年制发件数",
        kind: Kind::Count,
    },
    FieldDef {
        key: "repealed",
        label: "本年废止件数",
        kind: Kind::Count,
    },
    FieldDef {
        key: "in_force",
        label: "现行有效件数",
        kind: Kind::Count,
    },
];
const DECISIONS_2021: [FieldDef; 1] = [FieldDef {
    key: "decisions",
    label: "本年处理决定数量",
    kind: Kind::Count,
}];
const COUNT3_2019: [FieldDef; 3] = [
    FieldDef {
        key: "produced",
        label: "本年新制作数量",
        kind: Kind::Count,
    },
    FieldDef {
        key: "published",
        label: "本年新公开数量",
        kind: Kind::Count,
    },
    FieldDef {
        key: "total_public",
        label: "对外公开总数量",
        kind: Kind::Count,
    },
];
/// 上一年项目数量 and 本年增/减: the fee row of 2019 has only these two.
const PREVIOUS_ITEMS_2019: FieldDef = FieldDef {
    key: "previous_items",
    label: "上一年项目数量",
    kind: Kind::Count,
};
const CHANGE_2019: FieldDef = FieldDef {
    key: "change",
    label: "本年增/减",
    kind: Kind::SignedCount,
};
const ITEMS3_2019: [FieldDef; 3] = [
    PREVIOUS_ITEMS_2019,
    CHANGE_2019,
    FieldDef {
        key: "decisions",
        label: "处理决定数量",
        kind: Kind::Count,
    },
];
const ITEMS2_2019: [FieldDef; 2] = [PREVIOUS_ITEMS_2019, CHANGE_2019];

const ITEM1: &str = "第二十条第（一）项";
const ITEM5: &str = "第二十条第（五）项";
const ITEM6: &str = "第二十条第（六）项";
const ITEM8: &str = "第二十条第（八）项";
const ITEM9: &str = "第二十条第（九）项";

const PROACTIVE_2021: [ProactiveRowDef; 6] = [
    ProactiveRowDef {
        key: "rules",
        item: ITEM1,
        label: "规章",
        fields: &COUNT3_2021,
    },
    ProactiveRowDef {
        key: "normative_documents",
        item: ITEM1,
        label: "行政规范性文件",
        fields: &COUNT3_2021,
    },
    ProactiveRowDef {
        key: "licensing",
        item: ITEM5,
        label: "行政许可",
        fields: &DECISIONS_2021,
    },
    ProactiveRowDef {
        key: "penalties",
        item: ITEM6,
        label: "行政处罚",
        fields: &DECISIONS_2021,
    },
    ProactiveRowDef {
        key: "coercion",
        item: ITEM6,
        label: "行政强制",
        fields: &DECISIONS_2021,
    },
    ProactiveRowDef {
        key: "fees",
        item: ITEM8,
        label: "行政事业性收费",
        fields: &[FieldDef {
            key: "amount",
            label: "本年收费金额（单位：万元）",
            kind: Kind::Money,
        }],
    },
];

const PROACTIVE_2019: [ProactiveRowDef; 8] = [
    ProactiveRowDef {
        key: "rules",
        item: ITEM1,
        label: "规章",
        fields: &COUNT3_2019,
    },
    ProactiveRowDef {
        key: "normative_documents",
        item: ITEM1,
        label: "规范性文件",
        fields: &COUNT3_2019,
    },
    ProactiveRowDef {
        key: "licensing",
        item: ITEM5,
        label: "行政许可",
        fields: &ITEMS3_2019,
    },
    ProactiveRowDef {
        key: "other_services",
        item: ITEM5,
        label: "其他对外管理服务事项",
        fields: &ITEMS3_2019,
    },
    ProactiveRowDef {
        key: "penalties",
        item: ITEM6,
        label: "行政处罚",
        fields: &ITEMS3_2019,
    },
    ProactiveRowDef {
        key: "coercion",
        item: ITEM6,
        label: "行政强制",
        fields: &ITEMS3_2019,
    },
    ProactiveRowDef {
        key: "fees",
        item: ITEM8,
        label: "行政事业性收费",
        fields: &ITEMS2_2019,
    },
    ProactiveRowDef {
        key: "procurement",
        item: ITEM9,
        label: "政府集中采购",
        fields: &[
            FieldDef {
                key: "items",
                label: "采购项目数量",
                kind: Kind::Count,
            },
            FieldDef {
                key: "amount",
                label: "采购总金额",
                kind: Kind::Money,
            },
        ],
    },
];

const G3: Option<&str> = Some("（三）不予公开");
const G4: Option<&str> = Some("（四）无法提供");
const G5: Option<&str> = Some("（五）不予处理");
const G6: Option<&str> = Some("（六）其他处理");
const RESULTS: Option<&str> = Some(REQUEST_RESULTS_GROUP);

macro_rules! req {
    ($key:expr, $label:expr, $group:expr, $role:ident) => {
        RequestRowDef {
            key: $key,
            label: $label,
            group: $group,
            role: RowRole::$role,
        }
    };
}

/// Rows common to both templates before （六）.
macro_rules! request_rows {
    ($($tail:expr),* $(,)?) => {
        [
            req!("new_received", "一、本年新收政府信息公开申请数量", None, NewReceived),
            req!("carried_over", "二、上年结转政府信息公开申请数量", None, CarriedOver),
            req!("granted", "（一）予以公开", RESULTS, Outcome),
            req!("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", RESULTS, Outcome),
            req!("withheld.state_secret", "1.属于国家秘密", G3, Outcome),
            req!("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开", G3, Outcome),
            req!("withheld.security_stability", "3.危及“三安全一稳定”", G3, Outcome),
            req!("withheld.third_party", "4.保护第三方合法权益", G3, Outcome),
            req!("withheld.internal_affairs", "5.属于三类内部事务信息", G3, Outcome),
            req!("withheld.process_info", "6.属于四类过程性信息", G3, Outcome),
            req!("withheld.enforcement_files", "7.属于行政执法案卷", G3, Outcome),
            req!("withheld.query_matters", "8.属于行政查询事项", G3, Outcome),
            req!("unavailable.not_held", "1.本机关不掌握相关政府信息", G4, Outcome),
            req!("unavailable.needs_creation", "2.没有现成信息需要另行制作", G4, Outcome),
            req!("unavailable.unclear", "3.补正后申请内容仍不明确", G4, Outcome),
            req!("not_processed.petition", "1.信访举报投诉类申请", G5, Outcome),
            req!("not_processed.duplicate", "2.重复申请", G5, Outcome),
            req!("not_processed.publication", "3.要求提供公开出版物", G5, Outcome),
            req!("not_processed.excessive", "4.无正当理由大量反复申请", G5, Outcome),
            req!("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", G5, Outcome),
            $($tail,)*
            req!("total", "（七）总计", RESULTS, Total),
            req!("carried_forward", "四、结转下年度继续办理", None, CarriedForward),
        ]
    };
}

const REQUESTS_2021: [RequestRowDef; 25] = request_rows![
    req!(
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        G6,
        Outcome
    ),
    req!(
        "other.unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        G6,
        Outcome
    ),
    req!("other.other", "3.其他", G6, Outcome),
];

const REQUESTS_2019: [RequestRowDef; 23] =
    request_rows![req!("other", "（六）其他处理", RESULTS, Outcome)];

/// The group cells of table 三, which carry no numbers.
pub const REQUEST_GROUP_LABELS: [&str; 5] = [
    REQUEST_RESULTS_GROUP,
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
];

pub static T2021_DEF: TemplateDef = TemplateDef {
    template: Template::T2021,
    proactive: &PROACTIVE_2021,
    request_rows: &REQUESTS_2021,
    markers: &[
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年收费金额",
        "行政规范性文件",
    ],
};

pub static T2019_DEF: TemplateDef = TemplateDef {
    template: Template::T2019,
    proactive: &PROACTIVE_2019,
    request_rows: &REQUESTS_2019,
    markers: &[
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "第二十条第（九）项",
        "政府集中采购",
        "其他对外管理服务事项",
    ],
};

/// Both templates, newest first.
pub const TEMPLATES: [Template; 2] = [Template::T2021, Template::T2019];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_match_the_reference() {
        // template.md §1.6.1/§2.3: 10 and 22 cells in part 二; §1.6.2/§2.4: 175 and 161 in 三.
        let cells = |t: Template| {
            t.def()
                .proactive
                .iter()
                .map(|r| r.fields.len())
                .sum::<usize>()
        };
        assert_eq!(cells(Template::T2021), 10);
        assert_eq!(cells(Template::T2019), 22);
        assert_eq!(Template::T2021.def().request_rows.len() * 7, 175);
        assert_eq!(Template::T2019.def().request_rows.len() * 7, 161);
        assert_eq!(APPEAL_GROUPS.len() * APPEAL_FIELDS.len(), 15);
    }

    #[test]
    fn keys_are_unique() {
        for t in TEMPLATES {
            let mut keys: Vec<_> = t.def().request_rows.iter().map(|r| r.key).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), t.def().request_rows.len());
        }
    }

    #[test]
    fn year_decides_expected_template() {
        assert_eq!(Template::for_year(2019), Template::T2019);
        assert_eq!(Template::for_year(2020), Template::T2019);
        assert_eq!(Template::for_year(2021), Template::T2021);
    }
}
