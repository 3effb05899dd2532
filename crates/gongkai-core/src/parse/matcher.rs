//! Label matching with the template as the dictionary: exact (normalised) first, then fuzzy.

use crate::model::template::{
    Template, TemplateDef, ACCEPTED_VARIANTS, REQUEST_RESULTS_GROUP, SECTIONS, SECTION_NUMERALS,
};
use crate::parse::normalize::{enumerator_marks, label_key, similarity};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What a label names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Index into `TemplateDef::request_rows`.
    Request(usize),
    /// Index into `TemplateDef::proactive`.
    Proactive(usize),
}

/// The result of matching: the target, the template label, and whether it was exact.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Found {
    pub target: Target,
    pub label: &'static str,
    pub exact: bool,
    pub score: f32,
}

struct Entry {
    chars: Vec<char>,
    target: Target,
    label: &'static str,
}

/// The dictionary of one template's row labels.
pub struct Matcher {
    exact: HashMap<String, (Target, &'static str)>,
    fuzzy: Vec<Entry>,
}

/// Fuzzy matches below this similarity are not accepted.
pub const FUZZY_MIN: f32 = 0.7;

impl Matcher {
    fn build(def: &'static TemplateDef) -> Matcher {
        let mut exact = HashMap::new();
        let mut fuzzy = Vec::new();
        for (i, r) in def.request_rows.iter().enumerate() {
            let t = Target::Request(i);
            exact.insert(label_key(r.label), (t, r.label));
            if let Some(g) = r.group {
                exact.insert(label_key(&format!("{g}{}", r.label)), (t, r.label));
                exact.insert(
                    label_key(&format!("{REQUEST_RESULTS_GROUP}{g}{}", r.label)),
                    (t, r.label),
                );
            }
            fuzzy.push(Entry {
                chars: label_key(r.label).chars().collect(),
                target: t,
                label: r.label,
            });
        }
        for (i, r) in def.proactive.iter().enumerate() {
            let t = Target::Proactive(i);
            exact.insert(label_key(r.label), (t, r.label));
            fuzzy.push(Entry {
                chars: label_key(r.label).chars().collect(),
                target: t,
                label: r.label,
            });
        }
        for (variant, canonical) in ACCEPTED_VARIANTS {
            if let Some(&(t, l)) = exact.get(&label_key(canonical)) {
                exact.insert(label_key(variant), (t, l));
            }
        }
        Matcher { exact, fuzzy }
    }

    /// The matcher of a template (built once).
    pub fn of(template: Template) -> &'static Matcher {
        static M2019: OnceLock<Matcher> = OnceLock::new();
        static M2021: OnceLock<Matcher> = OnceLock::new();
        match template {
            Template::T2019 => M2019.get_or_init(|| Matcher::build(template.def())),
            Template::T2021 => M2021.get_or_init(|| Matcher::build(template.def())),
        }
    }

    /// Exact lookup of an already normalised key. An enumerator printed `1、` for the
    /// template's `1.` (as it is as often as not) is the same label.
    pub fn exact(&self, key: &str) -> Option<Found> {
        let hit = self.exact.get(key).or_else(|| match enumerator_marks(key) {
            Cow::Owned(dotted) => self.exact.get(&dotted),
            Cow::Borrowed(_) => None,
        });
        hit.map(|&(target, label)| Found {
            target,
            label,
            exact: true,
            score: 1.0,
        })
    }

    /// Best fuzzy match of a normalised key; `None` when below the threshold or ambiguous.
    /// `1、` counts as `1.` here too.
    pub fn fuzzy(&self, key: &str) -> Option<Found> {
        let chars: Vec<char> = enumerator_marks(key).chars().collect();
        if chars.len() < 3 {
            return None;
        }
        let mut best: Option<Found> = None;
        let mut tie = false;
        for e in &self.fuzzy {
            if let Some(s) = similarity(&chars, &e.chars, FUZZY_MIN) {
                match best {
                    Some(b) if s < b.score => {}
                    Some(b) if s == b.score && b.target != e.target => tie = true,
                    _ => {
                        tie = false;
                        best = Some(Found {
                            target: e.target,
                            label: e.label,
                            exact: false,
                            score: s,
                        });
                    }
                }
            }
        }
        if tie {
            None
        } else {
            best
        }
    }
}

/// Match a fuzzy key against a small list of labels (column headers, field headers).
pub fn best_of<'l>(
    key: &str,
    labels: impl IntoIterator<Item = &'l str>,
    min: f32,
) -> Option<(&'l str, f32)> {
    let chars: Vec<char> = key.chars().collect();
    let mut best: Option<(&'l str, f32)> = None;
    for l in labels {
        let lk: Vec<char> = label_key(l).chars().collect();
        if let Some(s) = similarity(&chars, &lk, min) {
            if best.map(|(_, b)| s > b).unwrap_or(true) {
                best = Some((l, s));
            }
        }
    }
    best
}

/// Normalised forms of the fixed texts the assembler looks for, computed once.
pub struct Keys {
    /// Column headers of table 三 that only it prints (自然人, 商业企业 …, 申请人情况, 法人或其他组织).
    pub request_terms: Vec<String>,
    /// Header texts only table 四 prints.
    pub appeal_terms: Vec<String>,
    /// `信息内容`.
    pub item_header: String,
    /// Every template's marker labels, indexed by their first character.
    pub markers: Markers,
    /// `（六）其他处理`, a data row only in 2019.
    pub other_2019: String,
    /// Fragments of the 2021 （六） sub-rows.
    pub sub_2021: [String; 2],
    /// (part number, variant key, variant chars) of every known heading wording.
    sections: Vec<(u8, String, Vec<char>)>,
}

/// Marker labels looked up by their first character, so that counting the markers inside a
/// key is one pass over the key's characters instead of one substring search per marker.
pub struct Markers {
    /// (first char, template index, marker) sorted by first char.
    by_first: Vec<(char, usize, String)>,
}

impl Markers {
    fn new(markers: impl Iterator<Item = (usize, String)>) -> Self {
        let mut by_first: Vec<(char, usize, String)> = markers
            .filter_map(|(ti, m)| Some((m.chars().next()?, ti, m)))
            .collect();
        by_first.sort();
        Markers { by_first }
    }

    /// Add to `score[template]` one for every marker of that template found in `key`; a
    /// marker counts once per key however often it occurs.
    pub fn count_into(&self, key: &str, score: &mut [usize; 2]) {
        let mut seen = 0u64;
        for (i, c) in key.char_indices() {
            let start = self.by_first.partition_point(|(f, _, _)| *f < c);
            for (j, (f, ti, m)) in self.by_first[start..].iter().enumerate() {
                if *f != c {
                    break;
                }
                let bit = 1u64 << ((start + j) % 64);
                if seen & bit == 0 && key[i..].starts_with(m.as_str()) {
                    seen |= bit;
                    score[*ti] += 1;
                }
            }
        }
    }
}

pub fn keys() -> &'static Keys {
    use crate::model::template::{
        APPEAL_FIELDS, APPEAL_GROUPS, APPEAL_LITIGATION, PROACTIVE_ITEM_HEADER, REQUEST_APPLICANTS,
        REQUEST_COLUMNS, REQUEST_ORGANISATIONS, TEMPLATES,
    };
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| Keys {
        // 总计 and 其他 are printed in both tables' headers, so they do not vote.
        request_terms: REQUEST_COLUMNS[..6]
            .iter()
            .filter(|c| c.key != "other_org")
            .map(|c| c.label)
            .chain([REQUEST_APPLICANTS, REQUEST_ORGANISATIONS])
            .map(label_key)
            .collect(),
        appeal_terms: APPEAL_GROUPS
            .iter()
            .map(|c| c.label)
            .chain(
                APPEAL_FIELDS
                    .iter()
                    .filter(|c| c.key != "total")
                    .map(|c| c.label),
            )
            .chain([APPEAL_LITIGATION])
            .map(label_key)
            .collect(),
        item_header: label_key(PROACTIVE_ITEM_HEADER),
        markers: Markers::new(
            TEMPLATES
                .iter()
                .enumerate()
                .flat_map(|(ti, t)| t.def().markers.iter().map(move |m| (ti, label_key(m)))),
        ),
        other_2019: label_key("（六）其他处理"),
        sub_2021: [label_key("逾期不补正"), label_key("逾期未按收费通知")],
        sections: SECTIONS
            .iter()
            .flat_map(|s| {
                s.variants
                    .iter()
                    .map(move |v| (s.number, label_key(v), label_key(v).chars().collect()))
            })
            .collect(),
    })
}

/// The part number a heading's numeral gives (`一、`, `一.`, `第一部分`) and the text after it.
fn numbered(t: &str) -> Option<(u8, &str)> {
    let (t, part) = match t.strip_prefix('第') {
        Some(rest) => (rest, true),
        None => (t, false),
    };
    let mut chars = t.chars();
    let numeral = chars.next()?;
    let written = SECTION_NUMERALS.iter().position(|&n| n == numeral)? as u8 + 1;
    if part {
        let rest = chars.as_str().strip_prefix("部分")?;
        return Some((
            written,
            rest.trim_start_matches(['、', '.', '．', '：', ':', ' ', '\u{3000}']),
        ));
    }
    let sep = chars.next()?;
    matches!(sep, '、' | '.' | '．' | '，' | ',' | ' ' | '\u{3000}')
        .then_some((written, chars.as_str()))
}

/// If `text` is a heading of one of the six parts, its number and whether the wording is
/// one we know. Headings start with a numeral 一…六 and `、` (or `.`/`，`), or `第一部分`;
/// a line that is a part's wording and nothing else (`总体情况`, typed without its numeral) is
/// one too, never an exact one (a numbered heading of the part wins over it).
pub fn heading(text: &str) -> Option<(u8, bool)> {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let Some((written, after)) = numbered(t) else {
        let key = label_key(t);
        let key = key.trim_end_matches([':', '。']);
        return keys()
            .sections
            .iter()
            .find(|(_, vk, _)| vk == key)
            .map(|(n, _, _)| (*n, false));
    };
    let rest = label_key(after);
    let rest = rest.trim_end_matches([':', '。']);
    if rest.is_empty() || rest.chars().count() > 40 {
        return None;
    }
    let rest_chars: Vec<char> = rest.chars().collect();
    let sections = &keys().sections;
    // Exact and prefix matches first (cheap); edit distance only when neither is found.
    let mut best: Option<(u8, f32)> = sections
        .iter()
        .find(|(_, vk, _)| vk == rest)
        .map(|(n, _, _)| (*n, 1.0));
    if best.is_none() {
        best = sections
            .iter()
            .find(|(_, vk, _)| {
                rest.starts_with(vk.as_str()) || (vk.starts_with(rest) && rest_chars.len() >= 4)
            })
            .map(|(n, _, _)| (*n, 0.9));
    }
    if best.is_none() {
        for (number, _, vc) in sections {
            let score = similarity(&rest_chars, vc, 0.6).unwrap_or(0.0);
            if score > best.map(|b| b.1).unwrap_or(0.0) {
                best = Some((*number, score));
            }
        }
    }
    match best {
        Some((n, s)) if s >= 0.6 => Some((n, s >= 0.9 && n == written)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_recognised() {
        assert_eq!(heading("一、总体情况"), Some((1, true)));
        assert_eq!(
            heading(" 四、政府信息公开行政复议、行政诉讼情况"),
            Some((4, true))
        );
        assert_eq!(
            heading("五、政府信息公开工作存在的主要问题及改进情况"),
            Some((5, true))
        );
        assert_eq!(heading("一、本年新收政府信息公开申请数量"), None);
        assert_eq!(heading("四、结转下年度继续办理"), None);
        assert_eq!(heading("二是突出重点"), None);
        // `第一部分`, and a part's wording alone (never exact: a numbered heading wins).
        assert_eq!(heading("第一部分 总体情况"), Some((1, true)));
        assert_eq!(
            heading("第五部分：存在的主要问题及改进情况"),
            Some((5, true))
        );
        assert_eq!(heading("总体情况"), Some((1, false)));
        assert_eq!(heading("主动公开政府信息情况："), Some((2, false)));
        assert_eq!(heading("第一部分"), None);
        assert_eq!(heading("总体情况良好"), None);
    }

    #[test]
    fn rows_match_exactly_and_fuzzily() {
        let m = Matcher::of(Template::T2021);
        let f = m
            .exact(&label_key(
                "(二) 部分公开（区分处理的，只计这一情形，不计其他情形）",
            ))
            .unwrap();
        assert_eq!(f.target, Target::Request(3));
        let f = m.fuzzy(&label_key("2.其他法律法规禁止公开")).unwrap();
        assert_eq!(f.label, "2.其他法律行政法规禁止公开");
        assert!(!f.exact);
        assert!(m
            .fuzzy(&label_key("完全无关的一句话而且很长很长"))
            .is_none());
    }
}
