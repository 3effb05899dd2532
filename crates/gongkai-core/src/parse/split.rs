//! Digits that ran together: every way to cut a run like `801000081` into the `n` cells of
//! a template row, under the row's own arithmetic.
//!
//! A cut is admissible when every part is a number as printed (no leading zero, except `0`
//! itself) and every *group* adds up: the last cell of a group equals the sum of the cells
//! before it (table 三's 总计 column; each of table 四's three groups). The caller accepts a
//! unique answer only; cross-row constraints (table 三's columns) are applied by the caller
//! over the candidates of all damaged rows. The search is bounded by a node budget.

/// A group `(start, len)`: cell `start + len - 1` is the sum of the `len - 1` before it.
pub type Group = (usize, usize);

use crate::model::template::Kind;

/// Search nodes before giving up.
pub const BUDGET: usize = 2_000_000;

#[derive(Debug, PartialEq, Eq)]
pub enum Splits {
    /// The admissible cuts, as the parts' byte ranges in the run.
    Found(Vec<Vec<(usize, usize)>>),
    /// More possibilities than the budget allows: never guessed.
    TooMany,
}

/// Whether `s` is a run of numbers that could hold several cells: digits, with the `-` of a
/// negative number (2019 `本年增/减`) and the `.` of an amount in 万元.
pub fn is_run(s: &str) -> bool {
    s.len() >= 2
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'.')
        && s.bytes().any(|b| b.is_ascii_digit())
}

/// Whether a part reads as one printed number: no leading zero (but `0` and `0.5`), a sign
/// only first, a point only between digits. Returns its value when it is an integer.
fn part(p: &[u8]) -> Option<Option<i64>> {
    let (neg, digits) = match p.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, p),
    };
    let (int, frac) = match digits.iter().position(|&b| b == b'.') {
        Some(i) => (&digits[..i], Some(&digits[i + 1..])),
        None => (digits, None),
    };
    let all_digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if !all_digits(int) || (int.len() > 1 && int[0] == b'0') || int.len() > 18 {
        return None;
    }
    if let Some(f) = frac {
        return all_digits(f).then_some(None);
    }
    let v = int.iter().fold(0i64, |a, &d| a * 10 + (d - b'0') as i64);
    if neg && v == 0 {
        return None;
    }
    Some(Some(if neg { -v } else { v }))
}

/// All admissible cuts of `digits` into `n` parts (stopping at `limit` answers).
pub fn splits(digits: &str, n: usize, groups: &[Group], limit: usize) -> Splits {
    let b = digits.as_bytes();
    if n == 0 || b.len() < n || !is_run(digits) {
        return Splits::Found(Vec::new());
    }
    let mut out = Vec::new();
    let mut parts: Vec<(usize, usize)> = Vec::with_capacity(n);
    let mut values: Vec<i64> = Vec::with_capacity(n);
    let mut budget = BUDGET;
    let ok = walk(
        b,
        0,
        n,
        groups,
        &mut parts,
        &mut values,
        &mut out,
        limit,
        &mut budget,
    );
    if ok {
        Splits::Found(out)
    } else {
        Splits::TooMany
    }
}

#[allow(clippy::too_many_arguments)]
fn walk(
    b: &[u8],
    at: usize,
    n: usize,
    groups: &[Group],
    parts: &mut Vec<(usize, usize)>,
    values: &mut Vec<i64>,
    out: &mut Vec<Vec<(usize, usize)>>,
    limit: usize,
    budget: &mut usize,
) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let k = parts.len();
    if k == n {
        if at == b.len() {
            out.push(parts.clone());
        }
        return true;
    }
    let left = n - k - 1;
    // A part leaves at least one character for each part after it.
    let max_len = (b.len() - at).saturating_sub(left).min(24);
    let grouped = groups.iter().any(|(s, l)| (*s..s + l).contains(&k));
    for len in 1..=max_len {
        let Some(value) = part(&b[at..at + len]) else {
            continue;
        };
        // Cells under an arithmetic rule are counts: whole and not negative.
        let v = match value {
            Some(v) if !grouped || v >= 0 => v,
            _ if !grouped => 0,
            _ => continue,
        };
        // The last cell of a group must equal the sum of the group's others.
        if let Some(&(start, _)) = groups.iter().find(|(s, l)| s + l - 1 == k) {
            let sum: i64 = values[start..k].iter().sum();
            if v != sum {
                continue;
            }
        }
        parts.push((at, at + len));
        values.push(v);
        let ok = walk(b, at + len, n, groups, parts, values, out, limit, budget);
        parts.pop();
        values.pop();
        if !ok || out.len() > limit {
            return ok;
        }
    }
    true
}

/// [`splits`] for cells of the given kinds: a point only in an amount (万元), a sign only in
/// a signed count (2019 `本年增/减`).
pub fn splits_typed(digits: &str, kinds: &[Kind], groups: &[Group], limit: usize) -> Splits {
    match splits(digits, kinds.len(), groups, limit.saturating_mul(64)) {
        Splits::Found(cuts) => Splits::Found(
            cuts.into_iter()
                .filter(|cut| {
                    cut.iter().zip(kinds).all(|(&(a, b), kind)| {
                        let t = &digits[a..b];
                        (!t.contains('.') || *kind == Kind::Money)
                            && (!t.starts_with('-') || *kind == Kind::SignedCount)
                    })
                })
                .take(limit + 1)
                .collect(),
        ),
        Splits::TooMany => Splits::TooMany,
    }
}

/// The parts' values (an amount with a point reads as its whole part; callers that need
/// the exact amount read the part's text).
pub fn values(digits: &str, cut: &[(usize, usize)]) -> Vec<u64> {
    cut.iter()
        .map(|&(a, b)| {
            let t = &digits[a..b];
            t.split('.').next().unwrap_or("").parse().unwrap_or(0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str, n: usize, groups: &[Group]) -> Vec<Vec<u64>> {
        match splits(s, n, groups, 1000) {
            Splits::Found(v) => v.iter().map(|c| values(s, c)).collect(),
            Splits::TooMany => panic!("too many"),
        }
    }

    #[test]
    fn a_row_total_makes_the_cut_unique() {
        assert_eq!(
            found("801000081", 7, &[(0, 7)]),
            vec![vec![80, 1, 0, 0, 0, 0, 81]]
        );
        assert_eq!(found("0000000", 7, &[(0, 7)]), vec![vec![0; 7]]);
    }

    #[test]
    fn several_cuts_are_all_returned() {
        // 22|0|0|0|0|0|22 and 2|2|0|0|0|0|... : the row sum alone may not decide.
        let got = found("220000022", 7, &[(0, 7)]);
        assert!(got.contains(&vec![22, 0, 0, 0, 0, 0, 22]));
        // Without constraints, a three-cell row of eight digits is ambiguous.
        assert!(found("77132470", 3, &[]).len() > 1);
        assert_eq!(found("000", 3, &[]), vec![vec![0, 0, 0]]);
    }

    #[test]
    fn appeals_groups_prune() {
        let got = found("110024001510102", 15, &[(0, 5), (5, 5), (10, 5)]);
        assert_eq!(got, vec![vec![1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]]);
    }

    #[test]
    fn leading_zeros_and_impossible_runs() {
        assert_eq!(found("012", 2, &[]), vec![vec![0, 12]]);
        assert_eq!(found("12", 3, &[]), Vec::<Vec<u64>>::new());
        assert_eq!(found("1a", 1, &[]), Vec::<Vec<u64>>::new());
    }

    #[test]
    fn signs_and_points() {
        // 2019 本年增/减 may be negative; an amount in 万元 has a point.
        fn cuts(s: &str, n: usize) -> Vec<Vec<String>> {
            match splits(s, n, &[], 100) {
                Splits::Found(c) => c
                    .iter()
                    .map(|c| c.iter().map(|&(a, b)| s[a..b].to_string()).collect())
                    .collect(),
                Splits::TooMany => panic!("too many"),
            }
        }
        let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(cuts("5-30", 3), vec![v(&["5", "-3", "0"])]);
        assert!(cuts("0228.4136", 2).contains(&v(&["0", "228.4136"])));
        assert!(!cuts("0228.4136", 2)
            .iter()
            .any(|c| c[0].contains('.') && c[0].ends_with('.')));
        // Under an arithmetic rule, no sign and no point.
        assert_eq!(found("1-12", 3, &[(0, 3)]), Vec::<Vec<u64>>::new());
    }

    #[test]
    fn the_budget_bounds_the_search() {
        let long = "1".repeat(200);
        assert_eq!(splits(&long, 60, &[], usize::MAX), Splits::TooMany);
    }
}
