//! PDF objects and the tokenizer shared by the file structure, content streams and CMaps.
//!
//! Tolerant where real files are sloppy (stray bytes are skipped, a missing `endobj` is not
//! an error), strict about bounds: nesting is capped at [`MAX_NESTING`], so a hostile file
//! cannot overflow the stack.

use std::rc::Rc;

const MAX_NESTING: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub enum Obj {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Str(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Dict),
    Stream(Rc<Stream>),
    Ref(u32, u16),
    /// A bare word: a content-stream operator or a CMap keyword.
    Keyword(Vec<u8>),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dict(pub Vec<(Vec<u8>, Obj)>);

#[derive(Debug, PartialEq)]
pub struct Stream {
    pub dict: Dict,
    /// The raw (still encoded) bytes.
    pub data: Vec<u8>,
    /// Object number and generation, for decryption.
    pub id: Option<(u32, u16)>,
}

impl Dict {
    pub fn get(&self, key: &str) -> Option<&Obj> {
        self.0
            .iter()
            .find(|(k, _)| k.as_slice() == key.as_bytes())
            .map(|(_, v)| v)
    }
}

impl Obj {
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Obj::Int(i) => Some(i as f64),
            Obj::Real(r) if r.is_finite() => Some(r),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Obj::Int(i) => Some(i),
            Obj::Real(r) if r.is_finite() => Some(r as i64),
            _ => None,
        }
    }
    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Obj::Name(n) => Some(n),
            _ => None,
        }
    }
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Obj::Dict(d) => Some(d),
            Obj::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Obj]> {
        match self {
            Obj::Array(a) => Some(a),
            _ => None,
        }
    }
}

pub fn is_white(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

pub fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// A cursor over bytes that reads objects.
pub struct Lexer<'a> {
    pub data: &'a [u8],
    pub pos: usize,
}

/// What [`Lexer::next`] found.
pub enum Token {
    Obj(Obj),
    /// `]`, `>>`, `}` or `{` — structure the caller handles.
    Close(u8),
    Eof,
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8], pos: usize) -> Self {
        Lexer { data, pos }
    }

    pub fn skip_white(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.data.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    /// The next object, with `N G R` read as a reference.
    pub fn object(&mut self) -> Token {
        self.object_at(0)
    }

    fn object_at(&mut self, depth: usize) -> Token {
        let t = self.token(depth);
        if let Token::Obj(Obj::Int(n)) = t {
            // `N G R`?
            let save = self.pos;
            self.skip_white();
            let w = self.word();
            if let Ok(g) = std::str::from_utf8(w).unwrap_or("").parse::<u16>() {
                self.skip_white();
                if self.data.get(self.pos) == Some(&b'R')
                    && self
                        .data
                        .get(self.pos + 1)
                        .is_none_or(|&b| is_white(b) || is_delim(b))
                    && (0..=u32::MAX as i64).contains(&n)
                {
                    self.pos += 1;
                    return Token::Obj(Obj::Ref(n as u32, g));
                }
            }
            self.pos = save;
            return Token::Obj(Obj::Int(n));
        }
        t
    }

    /// One token, without reference detection (content streams have no references).
    pub fn token(&mut self, depth: usize) -> Token {
        loop {
            self.skip_white();
            let Some(&b) = self.data.get(self.pos) else {
                return Token::Eof;
            };
            match b {
                b'/' => {
                    self.pos += 1;
                    return Token::Obj(Obj::Name(unescape_name(self.word())));
                }
                b'(' => return Token::Obj(Obj::Str(self.literal())),
                b'<' => {
                    if self.data.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        return Token::Obj(self.dict(depth));
                    }
                    return Token::Obj(Obj::Str(self.hex()));
                }
                b'>' => {
                    self.pos += if self.data.get(self.pos + 1) == Some(&b'>') {
                        2
                    } else {
                        1
                    };
                    return Token::Close(b'>');
                }
                b'[' => {
                    self.pos += 1;
                    return Token::Obj(self.array(depth));
                }
                b']' | b'{' | b'}' => {
                    self.pos += 1;
                    return Token::Close(b);
                }
                b')' => {
                    self.pos += 1;
                    continue;
                }
                _ => {
                    let w = self.word();
                    if w.is_empty() {
                        self.pos += 1;
                        continue;
                    }
                    return Token::Obj(keyword_or_number(w));
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Obj {
        let mut items = Vec::new();
        if depth >= MAX_NESTING {
            self.skip_to_close(b']');
            return Obj::Array(items);
        }
        loop {
            match self.object_at(depth + 1) {
                Token::Obj(o) => items.push(o),
                Token::Close(b']') | Token::Eof => return Obj::Array(items),
                Token::Close(_) => {}
            }
        }
    }

    fn dict(&mut self, depth: usize) -> Obj {
        let mut d = Dict::default();
        if depth >= MAX_NESTING {
            self.skip_to_close(b'>');
            return Obj::Dict(d);
        }
        loop {
            match self.object_at(depth + 1) {
                Token::Obj(Obj::Name(k)) => match self.object_at(depth + 1) {
                    Token::Obj(v) => d.0.push((k, v)),
                    Token::Close(b'>') | Token::Eof => return Obj::Dict(d),
                    Token::Close(_) => {}
                },
                Token::Obj(_) | Token::Close(b']' | b'{' | b'}') => {}
                Token::Close(_) | Token::Eof => return Obj::Dict(d),
            }
        }
    }

    /// Skip nested structure flatly (only at the nesting cap).
    fn skip_to_close(&mut self, close: u8) {
        let mut level = 1usize;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            match b {
                b'[' if close == b']' => level += 1,
                b'<' if close == b'>' && self.data.get(self.pos) == Some(&b'<') => {
                    self.pos += 1;
                    level += 1
                }
                b']' if close == b']' => level -= 1,
                b'>' if close == b'>' && self.data.get(self.pos) == Some(&b'>') => {
                    self.pos += 1;
                    level -= 1
                }
                _ => {}
            }
            if level == 0 {
                return;
            }
        }
    }

    fn literal(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut level = 1usize;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            match b {
                b'(' => {
                    level += 1;
                    out.push(b);
                }
                b')' => {
                    level -= 1;
                    if level == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else {
                        break;
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            let v = match b {
                b'>' => break,
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => continue,
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }
}

fn keyword_or_number(w: &[u8]) -> Obj {
    match w {
        b"true" => return Obj::Bool(true),
        b"false" => return Obj::Bool(false),
        b"null" => return Obj::Null,
        _ => {}
    }
    let numeric = w
        .iter()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'))
        && w.iter().any(|b| b.is_ascii_digit());
    if numeric {
        let s = std::str::from_utf8(w).unwrap_or("0");
        if !s.contains('.') {
            if let Ok(i) = s.parse::<i64>() {
                return Obj::Int(i);
            }
        }
        // Sloppy writers emit `--1` or `1.2.3`: read what parses, else 0.
        let cleaned: String = s.trim_start_matches(['+', '-']).to_string();
        let neg = s.starts_with('-');
        let mut parts = cleaned.splitn(3, '.');
        let int = parts.next().unwrap_or("");
        let frac = parts.next().unwrap_or("");
        let v: f64 = format!("{}.{}", if int.is_empty() { "0" } else { int }, frac)
            .trim_end_matches('.')
            .parse()
            .unwrap_or(0.0);
        return Obj::Real(if neg { -v } else { v });
    }
    Obj::Keyword(w.to_vec())
}

fn unescape_name(w: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(w.len());
    let mut i = 0;
    while i < w.len() {
        if w[i] == b'#' && i + 2 < w.len() {
            let h = std::str::from_utf8(&w[i + 1..i + 3])
                .ok()
                .and_then(|s| u8::from_str_radix(s, 16).ok());
            if let Some(v) = h {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(w[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Obj {
        match Lexer::new(s.as_bytes(), 0).object() {
            Token::Obj(o) => o,
            _ => panic!("no object in {s}"),
        }
    }

    #[test]
    fn reads_the_object_kinds() {
        assert_eq!(one("12 0 R"), Obj::Ref(12, 0));
        assert_eq!(one("12 0 obj"), Obj::Int(12));
        assert_eq!(one("-.5"), Obj::Real(-0.5));
        assert_eq!(one("(a\\(b\\)\\101\\\nc)"), Obj::Str(b"a(b)Ac".to_vec()));
        assert_eq!(one("<4e2d 6>"), Obj::Str(vec![0x4e, 0x2d, 0x60]));
        assert_eq!(one("/A#20B"), Obj::Name(b"A B".to_vec()));
        let d = one("<< /Type /Page /Kids [1 0 R 2 0 R] /N null >>");
        let d = d.as_dict().unwrap();
        assert_eq!(d.get("Kids").unwrap().as_array().unwrap().len(), 2);
        assert_eq!(d.get("N"), Some(&Obj::Null));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let s = "[".repeat(100_000) + &"]".repeat(100_000);
        let o = one(&s);
        assert!(matches!(o, Obj::Array(_)));
        let s = "<<".repeat(100_000);
        let _ = one(&s);
    }
}
