//! Text normalisation for label matching, and the similarity measure behind fuzzy matching.
//!
//! Labels are compared after NFKC (full-width → half-width, `（一）` → `(一)`), with all white
//! space removed, `“”` and `""` treated alike, and `、` treated as `，` (template.md §0.3, §6).

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// The normalised form of a label, used as a lookup key.
pub fn label_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !fast_fold(&mut out, c) {
            return slow_key(s);
        }
    }
    out
}

/// The fast path of [`label_key`] for one character: ASCII, CJK ideographs, full-width forms
/// and the punctuation we fold are folded directly (for these, NFKC is exactly the mapping
/// below); `false` for anything else, which goes through NFKC.
#[inline]
fn fast_fold(out: &mut String, c: char) -> bool {
    match c {
        '\u{0}'..='\u{7f}' | '\u{4e00}'..='\u{9fff}' => push_folded(out, c),
        '\u{ff01}'..='\u{ff5e}' => push_folded(out, char::from_u32(c as u32 - 0xfee0).unwrap_or(c)),
        '\u{3000}' | '“' | '”' | '‘' | '’' | '、' | '。' | '—' | '–' | '「' | '」' | '《'
        | '》' | '〔' | '〕' | '【' | '】' => push_folded(out, c),
        _ => return false,
    }
    true
}

/// A [`label_key`] with the template's enumerator marks: `1.` after a digit where `1、` (key
/// `1,`) was typed, and `一、` (key `一,`) after a numeral where `一.` or `一．` was — agencies
/// type them either way as often as not. For label keys only: a value's `1,000` is no
/// enumerator. The template's own keys hold neither a digit before a comma nor a numeral
/// before a dot. One ASCII byte for another: offsets into the key are kept.
pub fn enumerator_marks(key: &str) -> Cow<'_, str> {
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let mut prev = None;
    let needs = key.chars().any(|c| {
        let hit = matches!((prev, c), (Some(p), ',') if char::is_ascii_digit(&p))
            || matches!((prev, c), (Some(p), '.') if numeral(p));
        prev = Some(c);
        hit
    });
    if !needs {
        return Cow::Borrowed(key);
    }
    let mut out = String::with_capacity(key.len());
    let mut prev = None;
    for ch in key.chars() {
        out.push(match (prev, ch) {
            (Some(p), ',') if char::is_ascii_digit(&p) => '.',
            (Some(p), '.') if numeral(p) => ',',
            _ => ch,
        });
        prev = Some(ch);
    }
    Cow::Owned(out)
}

/// [`label_key`] of a text with, for each character of the key, the byte range of the source
/// character it came from (white space leaves none; a character NFKC expands leaves several
/// with one range), and [`enumerator_marks`] applied: for finding labels inside a line of
/// run-together text whatever its spacing and punctuation, and mapping them back.
pub fn located_key(s: &str) -> (String, Vec<(usize, usize)>) {
    let mut key = String::with_capacity(s.len());
    let mut src = Vec::with_capacity(s.len());
    for (at, c) in s.char_indices() {
        let before = key.len();
        if !fast_fold(&mut key, c) {
            std::iter::once(c)
                .nfkc()
                .for_each(|n| push_folded(&mut key, n));
        }
        let added = key[before..].chars().count();
        src.extend(std::iter::repeat_n((at, at + c.len_utf8()), added));
    }
    match enumerator_marks(&key) {
        Cow::Owned(marked) => (marked, src),
        Cow::Borrowed(_) => (key, src),
    }
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

/// The CJK Radicals Supplement characters (U+2E80–U+2EF3) that stand for a whole character,
/// with the unified ideograph they stand for (Unicode's EquivalentUnifiedIdeograph.txt, the
/// entries in U+4E00–U+9FFF). Radical-only forms (亻, 氵 …) never stand alone in text and are
/// left out. The Kangxi Radicals block (U+2F00–U+2FD5) is folded by NFKC.
const RADICALS: &[(char, char)] = &[
    ('⺁', '厂'),
    ('⺊', '卜'),
    ('⺒', '巳'),
    ('⺓', '幺'),
    ('⺜', '日'),
    ('⺝', '月'),
    ('⺟', '母'),
    ('⺠', '民'),
    ('⺩', '王'),
    ('⺬', '示'),
    ('⺮', '竹'),
    ('⺶', '羊'),
    ('⺷', '羊'),
    ('⺻', '聿'),
    ('⺼', '月'),
    ('⺽', '臼'),
    ('⻁', '虎'),
    ('⻄', '西'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻉', '贝'),
    ('⻊', '足'),
    ('⻋', '车'),
    ('⻑', '長'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻗', '雨'),
    ('⻘', '青'),
    ('⻙', '韦'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻝', '食'),
    ('⻢', '马'),
    ('⻣', '骨'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻧', '卤'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻪', '黾'),
    ('⻬', '齐'),
    ('⻮', '齿'),
    ('⻰', '龙'),
    ('⻳', '龟'),
];

/// The unified ideograph a radical character stands for: Kangxi Radicals (U+2F00–U+2FD5, by
/// NFKC) and the whole-character entries of the CJK Radicals Supplement. PDF text layers
/// often carry them (a font's glyph for 人 mapped to ⼈ KANGXI RADICAL MAN), and pages copied
/// from such PDFs into a website keep them: they look the same but match no label and no
/// search.
pub fn unified_of_radical(c: char) -> Option<char> {
    match c {
        '\u{2f00}'..='\u{2fd5}' => {
            let mut it = std::iter::once(c).nfkc();
            let u = it.next()?;
            (it.next().is_none() && ('\u{4e00}'..='\u{9fff}').contains(&u)).then_some(u)
        }
        '\u{2e80}'..='\u{2ef3}' => RADICALS.iter().find(|(r, _)| *r == c).map(|&(_, u)| u),
        _ => None,
    }
}

/// Markdown whose numbers are inline code (`` `2021` 年``, `` |`0`|`0`| ``: pymupdf4llm marks
/// text in a fixed-width font so) has its backticks read as spaces — one byte for one, so
/// every offset stays valid. Only when at least four numbers are so marked; returns
/// how many backticks were replaced and the offset of the first.
pub fn blank_code_spans(text: &mut String) -> Option<(usize, usize)> {
    // Most texts have no backtick at all: one fast search first.
    let first = text.find('`')?;
    let b = text.as_bytes()[first..].as_ref();
    let marked = b
        .windows(3)
        .filter(|w| w[0] == b'`' && w[1].is_ascii_digit())
        .take(4)
        .count();
    if marked < 4 {
        return None;
    }
    let count = text.bytes().filter(|&c| c == b'`').count();
    // Safe: '`' and ' ' are one byte each, and ASCII never occurs inside a multi-byte
    // character.
    *text = text.replace('`', " ");
    Some((count, first))
}

/// Replace radical characters by the ideographs they stand for ([`unified_of_radical`]),
/// in place. Both are three bytes in UTF-8 and one character, so every byte offset and column
/// into the text stays valid. Returns how many were replaced, the byte offset of the first and
/// the first as it was, or `None` when the text has none (the usual case: one pass over the
/// bytes).
pub fn fold_radicals(text: &mut String) -> Option<(usize, usize, char)> {
    // U+2E80–U+2FDF are E2 BA 80 … E2 BF 9F in UTF-8.
    let bytes = text.as_bytes();
    let first = bytes
        .windows(2)
        .position(|w| w[0] == 0xE2 && (0xBA..=0xBF).contains(&w[1]))?;
    let mut count = 0;
    let mut at = None;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    for (i, c) in text[first..].char_indices() {
        match unified_of_radical(c) {
            Some(u) => {
                debug_assert_eq!(u.len_utf8(), c.len_utf8());
                count += 1;
                at.get_or_insert((first + i, c));
                out.push(u);
            }
            None => out.push(c),
        }
    }
    *text = out;
    at.map(|(at, c)| (count, at, c))
}

/// The simplified character OpenCC's t2s gives for a traditional one (`開` → `开`), for the
/// 2,905 traditional characters that no simplified text holds (GB2312 has none of them) and
/// whose simplified form is one character of the same byte length (`traditional.rs`, written
/// by `tools/traditional.sh`).
pub fn simplified_of(c: char) -> Option<char> {
    if !is_traditional_only(c as u32) {
        return None;
    }
    lookup(super::traditional::TRADITIONAL, c)
}

/// One bit per character of U+4000–U+9FFF (the three-byte sequences led by E4–E9): is it in
/// `traditional::TRADITIONAL`? Built at compile time; most characters of a text are looked at
/// only here.
static TRADITIONAL_BITS: [u64; 0x6000 / 64] = {
    let table = super::traditional::TRADITIONAL;
    let mut bits = [0u64; 0x6000 / 64];
    let mut i = 0;
    while i < table.len() {
        let at = table[i].0 as usize - 0x4000;
        bits[at / 64] |= 1 << (at % 64);
        i += 1;
    }
    bits
};

#[inline]
fn is_traditional_only(code: u32) -> bool {
    let at = code.wrapping_sub(0x4000) as usize;
    at < 0x6000 && TRADITIONAL_BITS[at / 64] & (1 << (at % 64)) != 0
}

fn lookup(table: &[(char, char)], c: char) -> Option<char> {
    table
        .binary_search_by_key(&c, |&(t, _)| t)
        .ok()
        .map(|i| table[i].1)
}

/// A text with at least this many characters only traditional Chinese writes is in
/// traditional characters: a simplified report quoting a name or two never has so many.
pub const TRADITIONAL_TEXT: usize = 20;

/// Whether a text is in traditional characters: it has [`TRADITIONAL_TEXT`] characters only
/// traditional Chinese writes ([`simplified_of`]). A simplified text with a stray one or two
/// (a web page's `<!--头部開始-->`) is not.
pub fn is_traditional(text: &str) -> bool {
    // Over the bytes: U+4000–U+9FFF are the three-byte sequences led by E4–E9, whose bits
    // make the index into `TRADITIONAL_BITS` directly; ASCII is stepped over eight bytes at a
    // time where it can be (pages are mostly markup), other characters by their length.
    let b = text.as_bytes();
    let (mut i, mut n, mut seen) = (0, 0, 0);
    while i + 2 < b.len() {
        let lead = b[i];
        if lead < 0x80 {
            let ascii8 = b.get(i..i + 8).is_some_and(|w| {
                u64::from_ne_bytes(w.try_into().unwrap_or([0x80; 8])) & 0x8080_8080_8080_8080 == 0
            });
            i += if ascii8 { 8 } else { 1 };
            continue;
        }
        if (0xE4..=0xE9).contains(&lead) {
            let at = (usize::from(lead - 0xE4) << 12)
                | (usize::from(b[i + 1] & 0x3F) << 6)
                | usize::from(b[i + 2] & 0x3F);
            if TRADITIONAL_BITS[at / 64] & (1 << (at % 64)) != 0 {
                n += 1;
                if n == TRADITIONAL_TEXT {
                    return true;
                }
            }
            // In traditional text one ideograph in four or five is one only it writes (444
            // of 1,750 in seed 000's): a text with almost none among its first 512 is not.
            seen += 1;
            if seen == 512 && n < 5 {
                return false;
            }
        }
        i += match lead {
            0xF0.. => 4,
            0xE0.. => 3,
            0xC0.. => 2,
            _ => 1,
        };
    }
    false
}

/// Read a text in traditional characters (a 繁体 repost of a mainland report) as simplified, in
/// place, when [`is_traditional`] says it is; see [`simplify`].
pub fn fold_traditional(text: &mut String) -> Option<(usize, usize, char)> {
    if is_traditional(text) {
        simplify(text)
    } else {
        None
    }
}

/// Replace traditional characters by simplified ones, in place: those only traditional
/// Chinese writes ([`simplified_of`]) and those that are simplified characters too (`於`,
/// `後`, `覆`: `traditional::ALSO_SIMPLIFIED`, so only for a text known to be traditional).
/// Every byte offset stays valid (one three-byte character for another). Returns how many
/// were replaced, the byte offset of the first and the first as it was; `None` when none.
pub fn simplify(text: &mut String) -> Option<(usize, usize, char)> {
    let of = |c: char| simplified_of(c).or_else(|| lookup(super::traditional::ALSO_SIMPLIFIED, c));
    let (first, c0) = text.char_indices().find(|&(_, c)| of(c).is_some())?;
    let mut count = 0;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        match of(c) {
            Some(s) => {
                debug_assert_eq!(s.len_utf8(), c.len_utf8());
                count += 1;
                out.push(s);
            }
            None => out.push(c),
        }
    }
    *text = out;
    Some((count, first, c0))
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
    fn a_text_in_traditional_characters_reads_as_simplified_in_place() {
        // Twenty characters only traditional Chinese writes make a traditional text.
        let trad =
            "二、主動公開政府信息情況\n行政許可\t5\n（三）不予公開\t4.保護第三方合法權益\t答覆後\n\
                    三、收到和處理政府信息公開申請情況\n四、政府信息公開行政復議、行政訴訟情況\n\
                    五、存在的主要問題及改進情況\n六、其他需要報告的事項";
        let simple =
            "二、主动公开政府信息情况\n行政许可\t5\n（三）不予公开\t4.保护第三方合法权益\t答复后\n\
                      三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n\
                      五、存在的主要问题及改进情况\n六、其他需要报告的事项";
        assert!(is_traditional(trad));
        let mut text = trad.to_string();
        let (count, at, first) = fold_traditional(&mut text).unwrap();
        assert_eq!(text, simple);
        // One character for another of the same length: every offset is where it was.
        assert_eq!(text.len(), trad.len());
        assert_eq!((at, first), ("二、主".len(), '動'));
        assert_eq!(
            count,
            simple
                .chars()
                .zip(trad.chars())
                .filter(|(a, b)| a != b)
                .count()
        );
        // A simplified text with a stray traditional character is not touched, and 覆 / 後
        // (simplified characters too) are left alone in it.
        let mut page = "<!--头部開始-->覆盖后續".to_string();
        assert!(!is_traditional(&page));
        assert_eq!(fold_traditional(&mut page), None);
        assert_eq!(page, "<!--头部開始-->覆盖后續");
    }

    proptest::proptest! {
        /// Any mix of traditional, simplified, ASCII and other characters: folding keeps the
        /// length and every character boundary (spans stay valid), replaces only characters of
        /// the tables, and touches no text that is not traditional.
        #[test]
        fn folding_keeps_every_offset(
            picks in proptest::collection::vec((0usize..6, 0usize..4000), 0..400)
        ) {
            let trad = super::super::traditional::TRADITIONAL;
            let also = super::super::traditional::ALSO_SIMPLIFIED;
            let text: String = picks
                .iter()
                .map(|&(kind, i)| match kind {
                    0 => trad[i % trad.len()].0,
                    1 => also[i % also.len()].0,
                    2 => char::from_u32(0x4E00 + i as u32).unwrap_or('中'),
                    3 => ['a', '1', '\t', '\n', ' ', '|'][i % 6],
                    4 => ['，', '。', '、', '（', '“', 'é'][i % 6],
                    _ => ['𠀀', '⺠', '\u{a0}', '開', '於', '覆'][i % 6],
                })
                .collect();
            // The byte scan counts as the characters do (under 512 ideographs: no sampling).
            let only = text.chars().filter(|&c| simplified_of(c).is_some()).count();
            proptest::prop_assert_eq!(is_traditional(&text), only >= TRADITIONAL_TEXT);
            let mut folded = text.clone();
            let result = fold_traditional(&mut folded);
            proptest::prop_assert_eq!(folded.len(), text.len());
            for (at, c) in text.char_indices() {
                proptest::prop_assert!(folded.is_char_boundary(at));
                let f = folded[at..].chars().next().unwrap();
                proptest::prop_assert!(f == c || simplified_of(c) == Some(f) || lookup(also, c) == Some(f));
            }
            proptest::prop_assert_eq!(result.is_none(), folded == text || !is_traditional(&text));
            if !is_traditional(&text) {
                proptest::prop_assert_eq!(&folded, &text);
            }
        }
    }

    #[test]
    fn enumerator_commas_become_dots_only_after_a_digit() {
        let key = label_key("（四）无法提供1、本机关不掌握相关政府信息");
        assert_eq!(
            enumerator_marks(&key),
            label_key("（四）无法提供1.本机关不掌握相关政府信息")
        );
        // Nothing to do: the key itself, not a copy.
        let plain = label_key("一、本年新收政府信息公开申请数量");
        assert!(matches!(enumerator_marks(&plain), Cow::Borrowed(_)));
        assert_eq!(enumerator_marks(&plain), plain);
    }

    #[test]
    fn code_spans_around_numbers_read_as_spaces() {
        let mut t = String::from("# 工信局 `2021` 年\n|一、本年新收|`0`|`12`|`3`|\n");
        let len = t.len();
        assert_eq!(blank_code_spans(&mut t), Some((8, "# 工信局 ".len())));
        assert_eq!(t, "# 工信局  2021  年\n|一、本年新收| 0 | 12 | 3 |\n");
        assert_eq!(t.len(), len);
        // Three marked numbers, or backticks around words: left alone.
        let mut few = String::from("`1` `2` `3` `代码`");
        assert_eq!(blank_code_spans(&mut few), None);
        assert!(few.contains('`'));
    }

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
    fn radicals_fold_to_ideographs_keeping_offsets() {
        let mut s = String::from("温州市⼈⺠政府办公室⼀⼆〇⼆⼆年度⾏政许可");
        let len = s.len();
        assert_eq!(fold_radicals(&mut s), Some((7, "温州市".len(), '⼈')));
        assert_eq!(s, "温州市人民政府办公室一二〇二二年度行政许可");
        assert_eq!(s.len(), len);
        let mut plain = String::from("温州市人民政府 ⺅ 亻");
        assert_eq!(fold_radicals(&mut plain), None, "radical-only forms stay");
        assert_eq!(unified_of_radical('⻓'), Some('长'));
        assert_eq!(unified_of_radical('人'), None);
        for &(r, u) in RADICALS {
            assert_eq!(r.len_utf8(), u.len_utf8(), "{r}");
        }
        for c in '\u{2f00}'..='\u{2fd5}' {
            if let Some(u) = unified_of_radical(c) {
                assert_eq!(c.len_utf8(), u.len_utf8(), "{c}");
            }
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
