//! Text normalisation for label matching, and the similarity measure behind fuzzy matching.
//!
//! Labels are compared after NFKC (full-width → half-width, `（一）` → `(一)`), with all white
//! space removed, `“”` and `""` treated alike, and `、` treated as `，` (template.md §0.3, §6).

use unicode_normalization::UnicodeNormalization;

/// The normalised form of a label, used as a lookup key.
pub fn label_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Fast path: ASCII, CJK ideographs, full-width forms and the punctuation we fold are
    // handled directly (for these, NFKC is exactly the mapping below); anything else goes
    // through full NFKC.
    for c in s.chars() {
        match c {
            '\u{0}'..='\u{7f}' | '\u{4e00}'..='\u{9fff}' => push_folded(&mut out, c),
            '\u{ff01}'..='\u{ff5e}' => {
                push_folded(&mut out, char::from_u32(c as u32 - 0xfee0).unwrap_or(c))
            }
            '\u{3000}' | '“' | '”' | '‘' | '’' | '、' | '。' | '—' | '–' | '「' | '」' | '《'
            | '》' | '〔' | '〕' | '【' | '】' => push_folded(&mut out, c),
            _ => return slow_key(s),
        }
    }
    out
}

fn slow_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkc() {
        push_folded(&mut out, c);
    }
    out
}

#[inline]
fn push_folded(out: &mut String, c: char) {
    match c {
        c if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' => {}
        '“' | '”' | '„' | '″' | '「' | '」' => out.push('"'),
        '‘' | '’' => out.push('\''),
        '、' | ',' => out.push(','),
        '：' => out.push(':'),
        '—' | '–' | '－' => out.push('-'),
        c => out.push(c),
    }
}

/// Fold full-width digits and number punctuation to ASCII, for reading numbers.
pub fn fold_number_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' | '。' => '.',
        '，' => ',',
        '－' | '—' | '–' | '−' => '-',
        '＋' => '+',
        '％' => '%',
        c => c,
    }
}

/// Levenshtein distance over characters, bounded: returns `None` when above `max`.
pub fn bounded_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    // Labels are short: rows live on the stack unless a string is unusually long.
    const STACK: usize = 128;
    let (mut prev_buf, mut cur_buf) = ([0usize; STACK], [0usize; STACK]);
    let (mut prev_heap, mut cur_heap);
    let (mut prev, mut cur): (&mut [usize], &mut [usize]) = if m < STACK {
        (&mut prev_buf[..=m], &mut cur_buf[..=m])
    } else {
        prev_heap = vec![0usize; m + 1];
        cur_heap = vec![0usize; m + 1];
        (&mut prev_heap[..], &mut cur_heap[..])
    };
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            row_min = row_min.min(cur[j]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[m] <= max).then_some(prev[m])
}

/// Similarity in [0, 1]: 1 − distance / length of the longer string.
pub fn similarity(a: &[char], b: &[char], min: f32) -> Option<f32> {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return Some(1.0);
    }
    let max = ((1.0 - min) * longest as f32).floor() as usize;
    bounded_distance(a, b, max).map(|d| 1.0 - d as f32 / longest as f32)
}

/// Display width in terminal columns (CJK characters are two wide).
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_punctuation_and_space() {
        assert_eq!(label_key("（一） 予以公开"), label_key("(一)予以公开"));
        assert_eq!(label_key("结果 维持"), "结果维持");
        assert_eq!(
            label_key("3.危及“三安全一稳定”"),
            label_key("3.危及\"三安全一稳定\"")
        );
        assert_eq!(
            label_key("1.申请人无正当理由逾期不补正，行政机关不再处理"),
            label_key("1.申请人无正当理由逾期不补正、行政机关不再处理")
        );
    }

    #[test]
    fn fast_path_equals_nfkc() {
        for t in [
            "（一）予以公开",
            "本年收费金额（单位：万元）",
            "３.危及“三安全一稳定”",
            "結果 維持",
            "第二十条第（九）项",
            "㈠ 予以公开",
        ] {
            assert_eq!(label_key(t), slow_key(t), "{t}");
        }
    }

    #[test]
    fn distance_is_bounded() {
        let a: Vec<char> = "本年度止件数".chars().collect();
        let b: Vec<char> = "本年废止件数".chars().collect();
        assert_eq!(bounded_distance(&a, &b, 2), Some(1));
        let c: Vec<char> = "行政处罚".chars().collect();
        assert_eq!(bounded_distance(&a, &c, 1), None);
        assert!(similarity(&a, &b, 0.7).unwrap() > 0.8);
    }
}
