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

/// Search nodes before giving up.
pub const BUDGET: usize = 2_000_000;

#[derive(Debug, PartialEq, Eq)]
pub enum Splits {
    /// The admissible cuts, as the parts' byte ranges in the run.
    Found(Vec<Vec<(usize, usize)>>),
    /// More possibilities than the budget allows: never guessed.
    TooMany,
}

/// Whether `s` is a run of digits that could hold several cells.
pub fn is_run(s: &str) -> bool {
    s.len() >= 2 && s.bytes().all(|b| b.is_ascii_digit())
}

/// All admissible cuts of `digits` into `n` parts (stopping at `limit` answers).
pub fn splits(digits: &str, n: usize, groups: &[Group], limit: usize) -> Splits {
    let b = digits.as_bytes();
    if n == 0 || b.len() < n || !b.iter().all(u8::is_ascii_digit) {
        return Splits::Found(Vec::new());
    }
    let mut out = Vec::new();
    let mut parts: Vec<(usize, usize)> = Vec::with_capacity(n);
    let mut values: Vec<u64> = Vec::with_capacity(n);
    let mut budget = BUDGET;
    let ok = walk(b, 0, n, groups, &mut parts, &mut values, &mut out, limit, &mut budget);
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
    values: &mut Vec<u64>,
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
    // A part is 1..=18 digits and leaves at least one digit for each part after it.
    let max_len = (b.len() - at).saturating_sub(left).min(18);
    for len in 1..=max_len {
        if len > 1 && b[at] == b'0' {
            break;
        }
        let v: u64 = b[at..at + len]
            .iter()
            .fold(0, |a, &d| a * 10 + (d - b'0') as u64);
        // The last cell of a group must equal the sum of the group's others.
        if let Some(&(start, _)) = groups.iter().find(|(s, l)| s + l - 1 == k) {
            let sum: u64 = values[start..k].iter().sum();
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

/// The parts' values.
pub fn values(digits: &str, cut: &[(usize, usize)]) -> Vec<u64> {
    cut.iter()
        .map(|&(a, b)| digits[a..b].parse().unwrap_or(0))
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
        assert_eq!(found("801000081", 7, &[(0, 7)]), vec![vec![80, 1, 0, 0, 0, 0, 81]]);
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
    fn the_budget_bounds_the_search() {
        let long = "1".repeat(200);
        assert_eq!(splits(&long, 60, &[], usize::MAX), Splits::TooMany);
    }
}
