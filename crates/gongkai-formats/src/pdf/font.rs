//! Fonts: from the bytes of a shown string to characters and their advance widths.
//!
//! Unicode comes from, in order: the font's `/ToUnicode` CMap; for composite fonts with the
//! predefined Chinese CMaps that 公文 software emits without a ToUnicode (GBK-EUC-H, GBK2K-H,
//! GB-EUC-H, GBKp-EUC-H → the code bytes *are* GBK/GB18030; UniGB-UCS2-H / UniGB-UTF16-H → the
//! code bytes are UTF-16BE); for simple fonts, the encoding (WinAnsi / Standard / MacRoman with
//! `/Differences` glyph names). A code with no Unicode is kept as U+FFFD, never guessed.

use super::file::File;
use super::object::{Dict, Lexer, Obj, Token};
use std::collections::HashMap;

/// How the bytes of a string split into codes.
#[derive(Clone, Debug)]
enum Codes {
    /// Simple fonts: one byte per code.
    One,
    /// Identity-H/V and UCS-2: two bytes per code.
    Two,
    /// Codespace ranges: (byte count, low, high) per range.
    Ranges(Vec<(usize, Vec<u8>, Vec<u8>)>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Fallback {
    None,
    /// Code bytes are GBK / GB18030.
    Gbk,
    /// Code bytes are UTF-16BE.
    Utf16,
}

pub struct Font {
    codes: Codes,
    to_unicode: HashMap<u32, String>,
    fallback: Fallback,
    /// For simple fonts: the encoding's character per byte.
    simple: Option<Box<[Option<char>; 256]>>,
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Glyph space → text space (1/1000 for all but Type 3).
    pub scale: f64,
    /// Composite fonts: the code → CID map of a known CMap (Identity: code = CID).
    cid_of: CidMap,
    pub vertical: bool,
}

#[derive(Clone, Copy, Debug)]
enum CidMap {
    Identity,
    /// Adobe-GB1 CMaps: only the ASCII range is mapped (to CIDs 1–95), for widths.
    AsciiGb1,
    None,
}

/// One code of a shown string.
pub struct Glyph {
    pub text: String,
    /// Advance in text space units (before font size).
    pub width: f64,
    /// Whether the code is the single byte 32 (word spacing applies).
    pub space: bool,
}

impl Font {
    pub fn load(file: &File, dict: &Dict) -> Font {
        let subtype = file.lookup(dict, "Subtype");
        let subtype = subtype.as_name().unwrap_or(b"");
        let to_unicode = match &*file.lookup(dict, "ToUnicode") {
            Obj::Stream(s) => file
                .decode(s)
                .map(|d| parse_cmap(&d).to_unicode)
                .unwrap_or_default(),
            _ => HashMap::new(),
        };
        if subtype == b"Type0" {
            Self::composite(file, dict, to_unicode)
        } else {
            Self::simple(file, dict, to_unicode, subtype == b"Type3")
        }
    }

    fn composite(file: &File, dict: &Dict, to_unicode: HashMap<u32, String>) -> Font {
        let enc = file.lookup(dict, "Encoding");
        let (codes, fallback, cid_of, vertical) = match &*enc {
            Obj::Name(n) => predefined(n),
            Obj::Stream(s) => {
                let cm = file.decode(s).map(|d| parse_cmap(&d)).unwrap_or_default();
                let codes = if cm.ranges.is_empty() {
                    Codes::Two
                } else {
                    Codes::Ranges(cm.ranges)
                };
                // An embedded CMap that names a predefined one.
                let (_, fb, cid, v) = cm.usecmap.as_deref().map(predefined).unwrap_or((
                    Codes::Two,
                    Fallback::None,
                    CidMap::None,
                    false,
                ));
                (codes, fb, cid, v)
            }
            _ => (Codes::Two, Fallback::None, CidMap::Identity, false),
        };
        let desc = file.lookup(dict, "DescendantFonts");
        let cid_font = desc
            .as_array()
            .and_then(|a| a.first())
            .map(|d| file.resolve(d));
        let mut widths = HashMap::new();
        let mut default_width = 1000.0;
        if let Some(cf) = cid_font.as_ref().and_then(|c| c.as_dict().cloned()) {
            if let Some(dw) = file.lookup(&cf, "DW").as_f64() {
                default_width = dw;
            }
            if let Some(w) = file.lookup(&cf, "W").as_array() {
                let w: Vec<Obj> = w.iter().map(|x| (*file.resolve(x)).clone()).collect();
                let mut i = 0;
                while i + 1 < w.len() {
                    let Some(first) = w[i].as_i64() else { break };
                    if let Some(list) = w[i + 1].as_array() {
                        for (k, v) in list.iter().enumerate().take(65_536) {
                            if let Some(v) = v.as_f64() {
                                widths.insert((first as u32).wrapping_add(k as u32), v);
                            }
                        }
                        i += 2;
                    } else if i + 2 < w.len() {
                        let (Some(last), Some(v)) = (w[i + 1].as_i64(), w[i + 2].as_f64()) else {
                            break;
                        };
                        for c in first..=last.min(first + 65_536) {
                            widths.insert(c as u32, v);
                        }
                        i += 3;
                    } else {
                        break;
                    }
                }
            }
        }
        Font {
            codes,
            to_unicode,
            fallback,
            simple: None,
            widths,
            default_width,
            scale: 0.001,
            cid_of,
            vertical,
        }
    }

    fn simple(file: &File, dict: &Dict, to_unicode: HashMap<u32, String>, type3: bool) -> Font {
        let first = file
            .lookup(dict, "FirstChar")
            .as_i64()
            .unwrap_or(0)
            .clamp(0, 255) as u32;
        let mut widths = HashMap::new();
        if let Some(ws) = file.lookup(dict, "Widths").as_array() {
            for (k, w) in ws.iter().enumerate().take(256) {
                if let Some(v) = file.resolve(w).as_f64() {
                    widths.insert(first + k as u32, v);
                }
            }
        }
        let scale = if type3 {
            file.lookup(dict, "FontMatrix")
                .as_array()
                .and_then(|m| m.first().and_then(Obj::as_f64))
                .filter(|v| *v != 0.0)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        // Missing widths: from the font descriptor, else a half em.
        let missing = file
            .lookup(dict, "FontDescriptor")
            .as_dict()
            .and_then(|fd| fd.get("MissingWidth").and_then(Obj::as_f64))
            .unwrap_or(if type3 { 0.0 } else { 500.0 });
        let mut table: Box<[Option<char>; 256]> = Box::new([None; 256]);
        let enc = file.lookup(dict, "Encoding");
        let (base, diffs) = match &*enc {
            Obj::Name(n) => (n.clone(), None),
            Obj::Dict(d) => (
                d.get("BaseEncoding")
                    .and_then(Obj::as_name)
                    .map(<[u8]>::to_vec)
                    .unwrap_or_default(),
                d.get("Differences").map(|x| file.resolve(x)),
            ),
            _ => (Vec::new(), None),
        };
        for (b, slot) in table.iter_mut().enumerate() {
            *slot = base_char(&base, b as u8);
        }
        if let Some(diffs) = diffs.as_deref().and_then(Obj::as_array) {
            let mut code = 0usize;
            for d in diffs {
                match d {
                    Obj::Int(n) => code = (*n).clamp(0, 255) as usize,
                    Obj::Name(name) => {
                        if code < 256 {
                            table[code] = glyph_char(name);
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        Font {
            codes: Codes::One,
            to_unicode,
            fallback: Fallback::None,
            simple: Some(table),
            widths,
            default_width: missing,
            scale,
            cid_of: CidMap::None,
            vertical: false,
        }
    }

    /// Split a shown string into glyphs.
    pub fn glyphs(&self, bytes: &[u8]) -> Vec<Glyph> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let n = self.code_len(&bytes[i..]).min(bytes.len() - i).max(1);
            let raw = &bytes[i..i + n];
            let code = raw.iter().fold(0u32, |a, &b| a << 8 | b as u32);
            i += n;
            let text = self.unicode(code, raw);
            let cid = match self.cid_of {
                CidMap::Identity => Some(code),
                CidMap::AsciiGb1 if n <= 2 && (0x20..0x7f).contains(&code) => Some(code - 0x1f),
                _ => None,
            };
            let width = match (&self.codes, cid) {
                (Codes::One, _) => self.widths.get(&code).copied(),
                (_, Some(cid)) => self.widths.get(&cid).copied(),
                _ => None,
            }
            .unwrap_or(if matches!(self.codes, Codes::One) {
                self.default_width
            } else if n == 1 {
                // Half-width ASCII in a CJK font.
                500.0
            } else {
                self.default_width
            });
            out.push(Glyph {
                text,
                width: width * self.scale,
                space: n == 1 && code == 32,
            });
        }
        out
    }

    fn code_len(&self, rest: &[u8]) -> usize {
        match &self.codes {
            Codes::One => 1,
            Codes::Two => 2,
            Codes::Ranges(ranges) => {
                for n in 1..=4 {
                    if rest.len() < n {
                        break;
                    }
                    let probe = &rest[..n];
                    if ranges.iter().any(|(len, lo, hi)| {
                        *len == n
                            && probe
                                .iter()
                                .zip(lo.iter().zip(hi))
                                .all(|(b, (l, h))| b >= l && b <= h)
                    }) {
                        return n;
                    }
                }
                1
            }
        }
    }

    fn unicode(&self, code: u32, raw: &[u8]) -> String {
        if let Some(s) = self.to_unicode.get(&code) {
            return s.clone();
        }
        match self.fallback {
            Fallback::Gbk => {
                let (s, _, bad) = encoding_rs::GB18030.decode(raw);
                if !bad {
                    return s.into_owned();
                }
            }
            Fallback::Utf16 => {
                let (s, bad) = encoding_rs::UTF_16BE.decode_without_bom_handling(raw);
                if !bad {
                    return s.into_owned();
                }
            }
            Fallback::None => {}
        }
        if let Some(t) = &self.simple {
            if let Some(c) = t[(code & 0xff) as usize] {
                return c.to_string();
            }
        }
        '\u{FFFD}'.to_string()
    }
}

/// A predefined CMap by name: how codes split, the Unicode fallback, the CID map, vertical.
fn predefined(name: &[u8]) -> (Codes, Fallback, CidMap, bool) {
    let vertical = name.ends_with(b"-V");
    let base = name
        .strip_suffix(b"-V")
        .or(name.strip_suffix(b"-H"))
        .unwrap_or(name);
    let gbk_ranges = |four: bool| {
        let mut r = vec![
            (1, vec![0x00], vec![0x80]),
            (2, vec![0x81, 0x40], vec![0xfe, 0xfe]),
        ];
        if four {
            r.push((
                4,
                vec![0x81, 0x30, 0x81, 0x30],
                vec![0xfe, 0x39, 0xfe, 0x39],
            ));
        }
        Codes::Ranges(r)
    };
    match base {
        b"Identity" => (Codes::Two, Fallback::None, CidMap::Identity, vertical),
        b"GBK-EUC" | b"GBKp-EUC" | b"GB-EUC" | b"GBpc-EUC" => {
            (gbk_ranges(false), Fallback::Gbk, CidMap::AsciiGb1, vertical)
        }
        b"GBK2K" => (gbk_ranges(true), Fallback::Gbk, CidMap::AsciiGb1, vertical),
        b"UniGB-UCS2" => (Codes::Two, Fallback::Utf16, CidMap::AsciiGb1, vertical),
        b"UniGB-UTF16" => (
            Codes::Ranges(vec![
                (2, vec![0x00, 0x00], vec![0xd7, 0xff]),
                (
                    4,
                    vec![0xd8, 0x00, 0xdc, 0x00],
                    vec![0xdb, 0xff, 0xdf, 0xff],
                ),
                (2, vec![0xe0, 0x00], vec![0xff, 0xff]),
            ]),
            Fallback::Utf16,
            CidMap::AsciiGb1,
            vertical,
        ),
        _ => (Codes::Two, Fallback::None, CidMap::None, vertical),
    }
}

#[derive(Default)]
pub struct CMap {
    pub ranges: Vec<(usize, Vec<u8>, Vec<u8>)>,
    pub to_unicode: HashMap<u32, String>,
    pub usecmap: Option<Vec<u8>>,
}

/// Big-endian UTF-16 code units (an odd last byte is padded).
pub fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| (c[0] as u16) << 8 | *c.get(1).unwrap_or(&0) as u16)
        .collect()
}

pub fn utf16(bytes: &[u8]) -> String {
    String::from_utf16_lossy(&utf16_units(bytes))
}

fn code_of(b: &[u8]) -> u32 {
    b.iter().take(4).fold(0u32, |a, &x| a << 8 | x as u32)
}

/// Read a CMap program (ToUnicode or an embedded encoding CMap).
pub fn parse_cmap(data: &[u8]) -> CMap {
    let mut cm = CMap::default();
    let mut lx = Lexer::new(data, 0);
    let mut stack: Vec<Obj> = Vec::new();
    let mut mode: &[u8] = b"";
    let mut budget = 2_000_000usize;
    loop {
        let t = lx.token(0);
        match t {
            Token::Eof => break,
            Token::Close(_) => continue,
            Token::Obj(Obj::Keyword(k)) => {
                match k.as_slice() {
                    b"begincodespacerange" => mode = b"space",
                    b"beginbfchar" => mode = b"bfchar",
                    b"beginbfrange" => mode = b"bfrange",
                    b"usecmap" => {
                        if let Some(Obj::Name(n)) = stack.last() {
                            cm.usecmap = Some(n.clone());
                        }
                    }
                    b"endcodespacerange" | b"endbfchar" | b"endbfrange" => mode = b"",
                    _ => {}
                }
                stack.clear();
            }
            Token::Obj(o) => {
                stack.push(o);
                match (mode, stack.as_slice()) {
                    (b"space", [Obj::Str(lo), Obj::Str(hi)]) => {
                        if !lo.is_empty() && lo.len() == hi.len() && lo.len() <= 4 {
                            cm.ranges.push((lo.len(), lo.clone(), hi.clone()));
                        }
                        stack.clear();
                    }
                    (b"bfchar", [Obj::Str(src), dst]) => {
                        let s = match dst {
                            Obj::Str(d) => utf16(d),
                            Obj::Name(n) => glyph_char(n).map(String::from).unwrap_or_default(),
                            _ => String::new(),
                        };
                        cm.to_unicode.insert(code_of(src), s);
                        stack.clear();
                    }
                    (b"bfrange", [Obj::Str(lo), Obj::Str(hi), dst]) => {
                        let (lo, hi) = (code_of(lo), code_of(hi));
                        let n = hi.saturating_sub(lo).min(65_535);
                        match dst {
                            Obj::Str(d) if !d.is_empty() => {
                                let mut units = utf16_units(d);
                                for k in 0..=n {
                                    if budget == 0 {
                                        break;
                                    }
                                    budget -= 1;
                                    cm.to_unicode
                                        .insert(lo + k, String::from_utf16_lossy(&units));
                                    if let Some(last) = units.last_mut() {
                                        *last = last.wrapping_add(1);
                                    }
                                }
                            }
                            Obj::Array(a) => {
                                for (k, d) in a.iter().enumerate().take(n as usize + 1) {
                                    if let Obj::Str(d) = d {
                                        cm.to_unicode.insert(lo + k as u32, utf16(d));
                                    }
                                }
                            }
                            _ => {}
                        }
                        stack.clear();
                    }
                    _ => {
                        if stack.len() > 3 {
                            stack.remove(0);
                        }
                    }
                }
            }
        }
    }
    cm
}

fn base_char(base: &[u8], b: u8) -> Option<char> {
    match base {
        b"MacRomanEncoding" if b >= 0x80 => None,
        _ => win_ansi(b),
    }
}

/// WinAnsiEncoding (and the ASCII part of the others).
fn win_ansi(b: u8) -> Option<char> {
    match b {
        0x20..=0x7e => Some(b as char),
        0xa0..=0xff => char::from_u32(b as u32),
        0x80 => Some('€'),
        0x91 => Some('‘'),
        0x92 => Some('’'),
        0x93 => Some('“'),
        0x94 => Some('”'),
        0x95 => Some('•'),
        0x96 => Some('–'),
        0x97 => Some('—'),
        _ => None,
    }
}

/// A glyph name to its character: uniXXXX, uXXXX(XX), and the names of the Latin set.
pub fn glyph_char(name: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(name).ok()?;
    if let Some(hex) = s.strip_prefix("uni") {
        if hex.len() >= 4 {
            return u32::from_str_radix(&hex[..4], 16)
                .ok()
                .and_then(char::from_u32);
        }
    }
    if let Some(hex) = s.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) {
            if let Ok(v) = u32::from_str_radix(hex, 16) {
                return char::from_u32(v);
            }
        }
    }
    if s.len() == 1 && s.as_bytes()[0].is_ascii_alphabetic() {
        return s.chars().next();
    }
    const NAMES: &[(&str, char)] = &[
        ("space", ' '),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("period", '.'),
        ("comma", ','),
        ("colon", ':'),
        ("semicolon", ';'),
        ("hyphen", '-'),
        ("minus", '-'),
        ("endash", '–'),
        ("emdash", '—'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("bracketleft", '['),
        ("bracketright", ']'),
        ("slash", '/'),
        ("percent", '%'),
        ("plus", '+'),
        ("equal", '='),
        ("underscore", '_'),
        ("quotedbl", '"'),
        ("quotesingle", '\''),
        ("quoteright", '’'),
        ("quoteleft", '‘'),
        ("quotedblleft", '“'),
        ("quotedblright", '”'),
        ("numbersign", '#'),
        ("ampersand", '&'),
        ("asterisk", '*'),
        ("at", '@'),
        ("question", '?'),
        ("exclam", '!'),
        ("less", '<'),
        ("greater", '>'),
        ("bullet", '•'),
        ("periodcentered", '·'),
    ];
    NAMES.iter().find(|(n, _)| *n == s).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_cmaps() {
        let cm = parse_cmap(
            b"/CIDInit /ProcSet findresource begin 1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0010> <4E2D> endbfchar\n\
              1 beginbfrange <0020> <0022> <0031> endbfrange\n\
              1 beginbfrange <0030> <0031> [<5E74> <62A5>] endbfrange end",
        );
        assert_eq!(cm.ranges.len(), 1);
        assert_eq!(cm.to_unicode[&0x10], "中");
        assert_eq!(cm.to_unicode[&0x22], "3");
        assert_eq!(cm.to_unicode[&0x31], "报");
    }

    #[test]
    fn predefined_chinese_cmaps_decode_without_to_unicode() {
        let font = |name: &[u8]| {
            let (codes, fallback, cid_of, vertical) = predefined(name);
            Font {
                codes,
                to_unicode: HashMap::new(),
                fallback,
                simple: None,
                widths: HashMap::new(),
                default_width: 1000.0,
                scale: 0.001,
                cid_of,
                vertical,
            }
        };
        let gbk = font(b"GBK-EUC-H");
        let (bytes, _, _) = encoding_rs::GBK.encode("年报12");
        let text: String = gbk.glyphs(&bytes).into_iter().map(|g| g.text).collect();
        assert_eq!(text, "年报12");
        let ucs2 = font(b"UniGB-UCS2-H");
        let bytes: Vec<u8> = "办理１".encode_utf16().flat_map(u16::to_be_bytes).collect();
        let text: String = ucs2.glyphs(&bytes).into_iter().map(|g| g.text).collect();
        assert_eq!(text, "办理１");
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_char(b"uni4E2D"), Some('中'));
        assert_eq!(glyph_char(b"seven"), Some('7'));
        assert_eq!(glyph_char(b"g123"), None);
    }
}
