//! The PDF file structure: cross-reference tables and streams, object streams, stream
//! filters, and a rebuild by scanning for `N G obj` when the cross-reference is broken (as in
//! truncated downloads).
//!
//! Bounded: every decoded stream is capped at [`MAX_STREAM`] and all decoding of a document at
//! [`MAX_DECODED`]; reference chains and `/Prev` chains are cycle-checked.

use super::object::{Dict, Lexer, Obj, Stream, Token};
use super::PdfError;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::Read;
use std::rc::Rc;

pub const MAX_STREAM: usize = 64 << 20;
pub const MAX_DECODED: usize = 256 << 20;

#[derive(Clone, Copy, Debug)]
enum Entry {
    Offset(usize),
    /// In an object stream (found there by its number; the index is not needed).
    InStream {
        stream: u32,
    },
}

/// A decoded object stream: its data and where each object in it starts.
type ObjectStream = (Vec<u8>, Vec<(u32, usize)>);

pub struct File<'a> {
    data: &'a [u8],
    xref: HashMap<u32, Entry>,
    pub trailer: Dict,
    cache: RefCell<HashMap<u32, Rc<Obj>>>,
    /// Decoded object streams, by object number.
    objstms: RefCell<HashMap<u32, Rc<ObjectStream>>>,
    loading: RefCell<Vec<u32>>,
    decoded: Cell<usize>,
    /// The security handler, and the number of the `/Encrypt` object (never decrypted).
    crypt: Option<(super::crypt::Crypt, Option<u32>)>,
}

impl<'a> File<'a> {
    pub fn open(data: &'a [u8]) -> Result<File<'a>, PdfError> {
        let mut f = File {
            data,
            xref: HashMap::new(),
            trailer: Dict::default(),
            cache: RefCell::new(HashMap::new()),
            objstms: RefCell::new(HashMap::new()),
            loading: RefCell::new(Vec::new()),
            decoded: Cell::new(0),
            crypt: None,
        };
        let from_xref = f.read_xref_chain();
        if from_xref.is_err() || f.trailer.get("Root").is_none() || !f.root_resolves() {
            f.rebuild()?;
        }
        if let Some(e) = f
            .trailer
            .get("Encrypt")
            .filter(|e| **e != Obj::Null)
            .cloned()
        {
            let num = match e {
                Obj::Ref(n, _) => Some(n),
                _ => None,
            };
            let dict = f.resolve(&e).as_dict().cloned().unwrap_or_default();
            let id = match &*f.lookup(&f.trailer, "ID") {
                Obj::Array(a) => match a.first() {
                    Some(Obj::Str(s)) => s.clone(),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            let crypt = super::crypt::Crypt::new(&dict, &id).map_err(|e| match e {
                super::crypt::CryptError::Password => PdfError::Encrypted,
                super::crypt::CryptError::Unsupported(what) => PdfError::Encryption(what),
            })?;
            f.crypt = Some((crypt, num));
            // Objects read before the handler was known are read again, decrypted.
            f.cache.borrow_mut().clear();
            f.objstms.borrow_mut().clear();
        }
        Ok(f)
    }

    fn root_resolves(&self) -> bool {
        self.trailer
            .get("Root")
            .map(|r| self.resolve(r))
            .is_some_and(|o| o.as_dict().is_some())
    }

    /// Follow `startxref` and the `/Prev` chain. Earlier sections do not override later ones.
    fn read_xref_chain(&mut self) -> Result<(), PdfError> {
        let tail_from = self.data.len().saturating_sub(4096);
        let at = rfind(&self.data[tail_from..], b"startxref")
            .map(|i| i + tail_from)
            .ok_or_else(|| PdfError::Structure("没有 startxref".into()))?;
        let mut lx = Lexer::new(self.data, at + 9);
        let mut next = match lx.object() {
            Token::Obj(Obj::Int(n)) if n >= 0 => Some(n as usize),
            _ => return Err(PdfError::Structure("startxref 后没有偏移量".into())),
        };
        let mut seen = Vec::new();
        let mut first = true;
        while let Some(off) = next.take() {
            if seen.contains(&off) || seen.len() > 64 || off >= self.data.len() {
                break;
            }
            seen.push(off);
            let trailer = self.read_section(off)?;
            if let Some(Obj::Int(stm)) = trailer.get("XRefStm") {
                let _ = self.read_section(*stm as usize);
            }
            next = trailer
                .get("Prev")
                .and_then(Obj::as_i64)
                .filter(|&p| p >= 0)
                .map(|p| p as usize);
            if first {
                self.trailer = trailer;
                first = false;
            }
        }
        Ok(())
    }

    /// One cross-reference section (table or stream); returns its trailer.
    fn read_section(&mut self, off: usize) -> Result<Dict, PdfError> {
        let mut lx = Lexer::new(self.data, off);
        lx.skip_white();
        if self.data[lx.pos..].starts_with(b"xref") {
            lx.pos += 4;
            loop {
                lx.skip_white();
                if self.data[lx.pos..].starts_with(b"trailer") {
                    lx.pos += 7;
                    return match lx.object() {
                        Token::Obj(Obj::Dict(d)) => Ok(d),
                        _ => Err(PdfError::Structure("trailer 不是字典".into())),
                    };
                }
                let (Token::Obj(Obj::Int(start)), Token::Obj(Obj::Int(count))) =
                    (lx.token(0), lx.token(0))
                else {
                    return Err(PdfError::Structure(format!(
                        "第 {off} 字节处交叉引用表损坏"
                    )));
                };
                if start < 0 || !(0..=10_000_000).contains(&count) {
                    return Err(PdfError::Structure("交叉引用表的对象范围无效".into()));
                }
                for i in 0..count {
                    lx.skip_white();
                    let line = &self.data[lx.pos..(lx.pos + 20).min(self.data.len())];
                    if line.len() < 18 {
                        return Err(PdfError::Structure("交叉引用表被截断".into()));
                    }
                    let field = |a: usize, b: usize| {
                        std::str::from_utf8(&line[a..b])
                            .ok()
                            .and_then(|s| s.trim().parse::<usize>().ok())
                    };
                    let offset = field(0, 10);
                    let kind = line[17];
                    lx.pos += 18;
                    let num = (start + i) as u32;
                    if kind == b'n' {
                        if let Some(o) = offset.filter(|&o| o > 0) {
                            self.xref.entry(num).or_insert(Entry::Offset(o));
                        }
                    }
                }
            }
        }
        // A cross-reference stream.
        let (_, _, obj) = self.parse_indirect_at(off)?;
        let Obj::Stream(s) = obj else {
            return Err(PdfError::Structure(format!(
                "第 {off} 字节处不是交叉引用表"
            )));
        };
        let data = self.decode(&s)?;
        let w: Vec<usize> = s
            .dict
            .get("W")
            .and_then(Obj::as_array)
            .map(|a| {
                a.iter()
                    .map(|x| x.as_i64().unwrap_or(0).clamp(0, 8) as usize)
                    .collect()
            })
            .unwrap_or_default();
        if w.len() < 3 {
            return Err(PdfError::Structure("交叉引用流缺少 /W".into()));
        }
        let size = s.dict.get("Size").and_then(Obj::as_i64).unwrap_or(0);
        let index: Vec<i64> = s
            .dict
            .get("Index")
            .and_then(Obj::as_array)
            .map(|a| a.iter().filter_map(Obj::as_i64).collect())
            .unwrap_or_else(|| vec![0, size]);
        let row = w[0] + w[1] + w[2];
        let mut pos = 0usize;
        for pair in index.chunks(2) {
            let [start, count] = pair else { break };
            for i in 0..(*count).max(0) {
                if row == 0 || pos + row > data.len() {
                    break;
                }
                let field = |p: usize, n: usize| {
                    data[p..p + n]
                        .iter()
                        .fold(0u64, |acc, &b| acc << 8 | b as u64)
                };
                let kind = if w[0] == 0 { 1 } else { field(pos, w[0]) };
                let a = field(pos + w[0], w[1]);
                pos += row;
                let num = (start + i) as u32;
                let entry = match kind {
                    1 => Entry::Offset(a as usize),
                    2 => Entry::InStream { stream: a as u32 },
                    _ => continue,
                };
                self.xref.entry(num).or_insert(entry);
            }
        }
        Ok(s.dict.clone())
    }

    /// When the cross-reference is missing or wrong: find every `N G obj` in the file.
    fn rebuild(&mut self) -> Result<(), PdfError> {
        self.xref.clear();
        self.cache.borrow_mut().clear();
        self.objstms.borrow_mut().clear();
        let d = self.data;
        let mut i = 0;
        let mut trailer: Option<Dict> = None;
        while let Some(k) = find(&d[i..], b"obj") {
            let at = i + k;
            i = at + 3;
            // Walk back over "N G ".
            let mut j = at;
            let back_digits = |j: &mut usize| {
                let end = *j;
                while *j > 0 && d[*j - 1].is_ascii_digit() {
                    *j -= 1;
                }
                end > *j
            };
            while j > 0 && d[j - 1] == b' ' {
                j -= 1;
            }
            if !back_digits(&mut j) {
                continue;
            }
            while j > 0 && d[j - 1] == b' ' {
                j -= 1;
            }
            if !back_digits(&mut j) {
                continue;
            }
            if j > 0 && !super::object::is_white(d[j - 1]) && !super::object::is_delim(d[j - 1]) {
                continue;
            }
            let digits = d[j..].iter().take_while(|b| b.is_ascii_digit()).count();
            let num: u32 = match std::str::from_utf8(&d[j..j + digits])
                .ok()
                .and_then(|n| n.parse().ok())
            {
                Some(n) => n,
                None => continue,
            };
            self.xref.insert(num, Entry::Offset(j));
        }
        // Trailers: classic ones, else a cross-reference stream's dictionary with /Root.
        let mut k = 0;
        while let Some(p) = find(&d[k..], b"trailer") {
            let mut lx = Lexer::new(d, k + p + 7);
            if let Token::Obj(Obj::Dict(t)) = lx.object() {
                if t.get("Root").is_some() {
                    trailer = Some(t);
                }
            }
            k += p + 7;
        }
        if trailer.is_none() {
            let nums: Vec<u32> = self.xref.keys().copied().collect();
            for n in nums {
                if let Some(dict) = self.get(n).as_dict() {
                    if dict.get("Root").is_some() {
                        trailer = Some(dict.clone());
                    }
                }
            }
        }
        if trailer.is_none() {
            // Last resort: the catalog itself.
            let nums: Vec<u32> = self.xref.keys().copied().collect();
            for n in nums {
                let o = self.get(n);
                if o.as_dict()
                    .and_then(|d| d.get("Type"))
                    .and_then(Obj::as_name)
                    == Some(b"Catalog")
                {
                    trailer = Some(Dict(vec![(b"Root".to_vec(), Obj::Ref(n, 0))]));
                }
            }
        }
        self.trailer =
            trailer.ok_or_else(|| PdfError::Structure("找不到文档目录（/Root）".into()))?;
        Ok(())
    }

    /// Parse `N G obj … endobj` at `off`.
    fn parse_indirect_at(&self, off: usize) -> Result<(u32, u16, Obj), PdfError> {
        let mut lx = Lexer::new(self.data, off);
        let num = match lx.token(0) {
            Token::Obj(Obj::Int(n)) if n >= 0 => n as u32,
            _ => {
                return Err(PdfError::Structure(format!(
                    "第 {off} 字节处应为对象（N G obj）"
                )))
            }
        };
        let gen = match lx.token(0) {
            Token::Obj(Obj::Int(g)) => g.clamp(0, u16::MAX as i64) as u16,
            _ => 0,
        };
        match lx.token(0) {
            Token::Obj(Obj::Keyword(k)) if k == b"obj" => {}
            _ => {
                return Err(PdfError::Structure(format!(
                    "第 {off} 字节处应为对象（N G obj）"
                )))
            }
        }
        let obj = match lx.object() {
            Token::Obj(o) => o,
            _ => Obj::Null,
        };
        let Obj::Dict(dict) = obj else {
            return Ok((num, gen, obj));
        };
        // A stream?
        lx.skip_white();
        if !self.data[lx.pos..].starts_with(b"stream") {
            return Ok((num, gen, Obj::Dict(dict)));
        }
        let mut start = lx.pos + 6;
        if self.data.get(start) == Some(&b'\r') {
            start += 1;
        }
        if self.data.get(start) == Some(&b'\n') {
            start += 1;
        }
        let declared = match dict.get("Length") {
            Some(Obj::Int(n)) => Some(*n),
            Some(r @ Obj::Ref(..)) => self.resolve(r).as_i64(),
            _ => None,
        };
        let fits = |len: i64| {
            if len < 0 || start + len as usize > self.data.len() {
                return false;
            }
            let mut after = start + len as usize;
            while after < self.data.len() && super::object::is_white(self.data[after]) {
                after += 1;
            }
            self.data[after..].starts_with(b"endstream")
        };
        let end = match declared.filter(|&n| fits(n)) {
            Some(n) => start + n as usize,
            None => match find(&self.data[start..], b"endstream") {
                Some(k) => {
                    let mut e = start + k;
                    if e > start && self.data[e - 1] == b'\n' {
                        e -= 1;
                    }
                    if e > start && self.data[e - 1] == b'\r' {
                        e -= 1;
                    }
                    e
                }
                None => self.data.len(),
            },
        };
        Ok((
            num,
            gen,
            Obj::Stream(Rc::new(Stream {
                dict,
                data: self.data[start..end].to_vec(),
                id: Some((num, gen)),
            })),
        ))
    }

    /// The object numbered `num` (Null when absent or unreadable).
    pub fn get(&self, num: u32) -> Rc<Obj> {
        if let Some(o) = self.cache.borrow().get(&num) {
            return o.clone();
        }
        if self.loading.borrow().contains(&num) || self.loading.borrow().len() > 32 {
            return Rc::new(Obj::Null);
        }
        self.loading.borrow_mut().push(num);
        let obj = self.load(num).unwrap_or(Obj::Null);
        self.loading.borrow_mut().pop();
        let rc = Rc::new(obj);
        self.cache.borrow_mut().insert(num, rc.clone());
        rc
    }

    fn load(&self, num: u32) -> Option<Obj> {
        match *self.xref.get(&num)? {
            Entry::Offset(off) => {
                let (n, gen, mut o) = self.parse_indirect_at(off).ok()?;
                if n != num {
                    return None;
                }
                if let Some((crypt, enc)) = &self.crypt {
                    if *enc != Some(num) {
                        match &mut o {
                            Obj::Stream(s) => {
                                if let Some(s) = Rc::get_mut(s) {
                                    let mut d = Obj::Dict(std::mem::take(&mut s.dict));
                                    crypt.strings(&mut d, num, gen);
                                    if let Obj::Dict(d) = d {
                                        s.dict = d;
                                    }
                                }
                            }
                            other => crypt.strings(other, num, gen),
                        }
                    }
                }
                Some(o)
            }
            Entry::InStream { stream } => {
                let objstm = self.object_stream(stream)?;
                let (data, offsets) = &*objstm;
                let at = offsets.iter().find(|(o, _)| *o == num)?.1;
                let mut lx = Lexer::new(data, at.min(data.len()));
                match lx.object() {
                    Token::Obj(o) => Some(o),
                    _ => None,
                }
            }
        }
    }

    /// An object stream decoded once: its data and the (object number, offset) of each
    /// object in it.
    fn object_stream(&self, stream: u32) -> Option<Rc<ObjectStream>> {
        if let Some(o) = self.objstms.borrow().get(&stream) {
            return Some(o.clone());
        }
        let s = self.get(stream);
        let Obj::Stream(s) = &*s else { return None };
        let data = self.decode(s).ok()?;
        let n = s.dict.get("N").and_then(Obj::as_i64)?.clamp(0, 1_000_000) as usize;
        let first = s.dict.get("First").and_then(Obj::as_i64)?.max(0) as usize;
        let mut lx = Lexer::new(&data, 0);
        let mut offsets = Vec::with_capacity(n.min(4096));
        for _ in 0..n {
            let (Token::Obj(Obj::Int(o)), Token::Obj(Obj::Int(rel))) = (lx.token(0), lx.token(0))
            else {
                break;
            };
            if let Ok(o) = u32::try_from(o) {
                offsets.push((o, first + rel.max(0) as usize));
            }
        }
        let o = Rc::new((data, offsets));
        self.objstms.borrow_mut().insert(stream, o.clone());
        Some(o)
    }

    /// Follow a reference (and chains of them) to its object.
    pub fn resolve(&self, o: &Obj) -> Rc<Obj> {
        let mut cur = match o {
            Obj::Ref(n, _) => self.get(*n),
            other => return Rc::new(other.clone()),
        };
        for _ in 0..8 {
            match &*cur {
                Obj::Ref(n, _) => {
                    let n = *n;
                    cur = self.get(n);
                }
                _ => break,
            }
        }
        cur
    }

    /// `dict[key]`, resolved.
    pub fn lookup(&self, dict: &Dict, key: &str) -> Rc<Obj> {
        match dict.get(key) {
            Some(o) => self.resolve(o),
            None => Rc::new(Obj::Null),
        }
    }

    /// A stream to draw: its decoded bytes, or nothing when a filter fails (as viewers show
    /// nothing) — but a stream over the size bounds stops the reading.
    pub fn decode_or_skip(&self, s: &Stream) -> Result<Vec<u8>, PdfError> {
        match self.decode(s) {
            Err(PdfError::TooLarge) => Err(PdfError::TooLarge),
            Err(_) => Ok(Vec::new()),
            ok => ok,
        }
    }

    /// A stream's bytes with its filters applied.
    pub fn decode(&self, s: &Stream) -> Result<Vec<u8>, PdfError> {
        let filters: Vec<Vec<u8>> = match s.dict.get("Filter").map(|f| self.resolve(f)) {
            None => vec![],
            Some(f) => match &*f {
                Obj::Name(n) => vec![n.clone()],
                Obj::Array(a) => a
                    .iter()
                    .filter_map(|x| x.as_name().map(<[u8]>::to_vec))
                    .collect(),
                _ => vec![],
            },
        };
        let parms: Vec<Option<Dict>> = match s.dict.get("DecodeParms").map(|p| self.resolve(p)) {
            Some(p) => match &*p {
                Obj::Dict(d) => vec![Some(d.clone())],
                Obj::Array(a) => a
                    .iter()
                    .map(|x| self.resolve(x).as_dict().cloned())
                    .collect(),
                _ => vec![],
            },
            None => vec![],
        };
        let mut data = match (&self.crypt, s.id) {
            (Some((crypt, enc)), Some((num, gen))) if *enc != Some(num) => {
                crypt.stream(&s.dict, num, gen, &s.data)
            }
            _ => s.data.clone(),
        };
        for (i, f) in filters.iter().enumerate() {
            let parm = parms.get(i).cloned().flatten();
            data = match f.as_slice() {
                b"FlateDecode" | b"Fl" => {
                    let out = inflate(&data)?;
                    match parm {
                        Some(p) => predict(out, &p)?,
                        None => out,
                    }
                }
                b"ASCIIHexDecode" | b"AHx" => {
                    let mut wrapped = vec![b'<'];
                    wrapped.extend_from_slice(&data);
                    let mut lx = Lexer::new(&wrapped, 0);
                    match lx.object() {
                        Token::Obj(Obj::Str(v)) => v,
                        _ => Vec::new(),
                    }
                }
                b"ASCII85Decode" | b"A85" => ascii85(&data),
                b"LZWDecode" | b"LZW" => {
                    let early = parm
                        .as_ref()
                        .and_then(|p| p.get("EarlyChange"))
                        .and_then(Obj::as_i64)
                        .unwrap_or(1)
                        != 0;
                    let out = lzw(&data, early)?;
                    match parm {
                        Some(p) => predict(out, &p)?,
                        None => out,
                    }
                }
                b"RunLengthDecode" | b"RL" => run_length(&data)?,
                other => {
                    return Err(PdfError::Filter(
                        String::from_utf8_lossy(other).into_owned(),
                    ))
                }
            };
            let total = self.decoded.get() + data.len();
            if total > MAX_DECODED {
                return Err(PdfError::TooLarge);
            }
            self.decoded.set(total);
        }
        Ok(data)
    }
}

fn inflate(data: &[u8]) -> Result<Vec<u8>, PdfError> {
    let mut out = Vec::new();
    let zlib = flate2::read::ZlibDecoder::new(data);
    let r = zlib.take(MAX_STREAM as u64 + 1).read_to_end(&mut out);
    if r.is_err() && out.is_empty() {
        // Some writers omit the zlib header.
        out.clear();
        let raw = flate2::read::DeflateDecoder::new(data);
        let _ = raw.take(MAX_STREAM as u64 + 1).read_to_end(&mut out);
    }
    // A truncated stream keeps what was decoded, as viewers do.
    if out.len() > MAX_STREAM {
        return Err(PdfError::TooLarge);
    }
    Ok(out)
}

/// PNG predictors (10–15) for cross-reference streams and images.
fn predict(data: Vec<u8>, p: &Dict) -> Result<Vec<u8>, PdfError> {
    let pred = p.get("Predictor").and_then(Obj::as_i64).unwrap_or(1);
    if pred < 10 {
        return Ok(data);
    }
    let colors = p
        .get("Colors")
        .and_then(Obj::as_i64)
        .unwrap_or(1)
        .clamp(1, 4) as usize;
    let bpc = p
        .get("BitsPerComponent")
        .and_then(Obj::as_i64)
        .unwrap_or(8)
        .clamp(1, 16) as usize;
    let columns = p
        .get("Columns")
        .and_then(Obj::as_i64)
        .unwrap_or(1)
        .clamp(1, 1 << 20) as usize;
    let bpp = (colors * bpc).div_ceil(8).max(1);
    let row = (colors * bpc * columns).div_ceil(8);
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row];
    for chunk in data.chunks(row + 1) {
        if chunk.len() < row + 1 {
            break;
        }
        let kind = chunk[0];
        let mut cur = chunk[1..].to_vec();
        for i in 0..row {
            let left = if i >= bpp { cur[i - bpp] } else { 0 };
            let up = prev[i];
            let ul = if i >= bpp { prev[i - bpp] } else { 0 };
            cur[i] = match kind {
                1 => cur[i].wrapping_add(left),
                2 => cur[i].wrapping_add(up),
                3 => cur[i].wrapping_add(((left as u16 + up as u16) / 2) as u8),
                4 => {
                    let pa = (up as i16 - ul as i16).abs();
                    let pb = (left as i16 - ul as i16).abs();
                    let pc = (left as i16 + up as i16 - 2 * ul as i16).abs();
                    let pr = if pa <= pb && pa <= pc {
                        left
                    } else if pb <= pc {
                        up
                    } else {
                        ul
                    };
                    cur[i].wrapping_add(pr)
                }
                _ => cur[i],
            };
        }
        out.extend_from_slice(&cur);
        prev = cur;
    }
    Ok(out)
}

/// LZW as PDF has it (9 to 12 bit codes, 256 clear, 257 end; with `early`, the code width
/// grows one code early). A code that is not in the table ends the stream, as a truncated
/// one does: what was decoded is kept.
fn lzw(data: &[u8], early: bool) -> Result<Vec<u8>, PdfError> {
    const CLEAR: usize = 256;
    const END: usize = 257;
    // Each entry: (prefix code, last byte, length); bytes are rebuilt by walking prefixes.
    let mut table: Vec<(usize, u8, usize)> = (0..=255u8).map(|b| (usize::MAX, b, 1)).collect();
    table.push((usize::MAX, 0, 0));
    table.push((usize::MAX, 0, 0));
    let mut out: Vec<u8> = Vec::new();
    let mut width = 9;
    let mut prev: Option<usize> = None;
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut bytes = data.iter();
    let entry = |table: &[(usize, u8, usize)], code: usize, out: &mut Vec<u8>| {
        let len = table[code].2;
        let start = out.len();
        out.resize(start + len, 0);
        let mut c = code;
        for i in (0..len).rev() {
            out[start + i] = table[c].1;
            c = table[c].0;
        }
    };
    loop {
        while bits < width {
            let Some(&b) = bytes.next() else {
                return Ok(out);
            };
            acc = (acc << 8) | u32::from(b);
            bits += 8;
        }
        let code = ((acc >> (bits - width)) & ((1 << width) - 1)) as usize;
        bits -= width;
        acc &= (1 << bits) - 1;
        if code == CLEAR {
            table.truncate(258);
            width = 9;
            prev = None;
            continue;
        }
        if code == END {
            return Ok(out);
        }
        let start = out.len();
        match prev {
            _ if code < table.len() => entry(&table, code, &mut out),
            // The code being defined: the previous string and its own first byte.
            Some(p) if code == table.len() => {
                entry(&table, p, &mut out);
                out.push(out[start]);
            }
            _ => return Ok(out),
        }
        if out.len() > MAX_STREAM {
            return Err(PdfError::TooLarge);
        }
        if let Some(p) = prev {
            if table.len() < 4096 {
                table.push((p, out[start], table[p].2 + 1));
            }
        }
        prev = Some(code);
        let next = table.len() + usize::from(early);
        width = match next {
            ..512 => 9,
            512..1024 => 10,
            1024..2048 => 11,
            _ => 12,
        };
    }
}

/// RunLength: a length byte 0–127 copies the next n + 1 bytes, 129–255 repeats the next byte
/// 257 − n times, 128 ends.
fn run_length(data: &[u8]) -> Result<Vec<u8>, PdfError> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&n) = data.get(i) {
        match n {
            128 => break,
            0..=127 => {
                let end = (i + 2 + n as usize).min(data.len());
                out.extend_from_slice(&data[i + 1..end]);
                i = end;
            }
            _ => {
                if let Some(&b) = data.get(i + 1) {
                    out.extend(std::iter::repeat_n(b, 257 - n as usize));
                }
                i += 2;
            }
        }
        if out.len() > MAX_STREAM {
            return Err(PdfError::TooLarge);
        }
    }
    Ok(out)
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut group = [0u32; 5];
    let mut n = 0;
    for &b in data {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0, 0, 0, 0]),
            b'!'..=b'u' => {
                group[n] = (b - b'!') as u32;
                n += 1;
                if n == 5 {
                    let v = group
                        .iter()
                        .fold(0u32, |a, &d| a.wrapping_mul(85).wrapping_add(d));
                    out.extend_from_slice(&v.to_be_bytes());
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for g in group.iter_mut().skip(n) {
            *g = 84;
        }
        let v = group
            .iter()
            .fold(0u32, |a, &d| a.wrapping_mul(85).wrapping_add(d));
        out.extend_from_slice(&v.to_be_bytes()[..n - 1]);
    }
    out
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..hay.len() - needle.len() + 1]
            .iter()
            .position(|&b| b == first)
        {
            Some(k) => {
                i += k;
                if &hay[i..i + needle.len()] == needle {
                    return Some(i);
                }
                i += 1;
            }
            None => return None,
        }
    }
    None
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii85_and_predictors() {
        assert_eq!(ascii85(b"87cURD]i,\"Ebo7~>"), b"Hello World");
        // PNG "up" rows.
        let p = Dict(vec![
            (b"Predictor".to_vec(), Obj::Int(12)),
            (b"Columns".to_vec(), Obj::Int(2)),
        ]);
        let out = predict(vec![2, 1, 2, 2, 1, 1], &p).unwrap();
        assert_eq!(out, vec![1, 2, 2, 3]);
    }

    #[test]
    fn find_works() {
        assert_eq!(find(b"abcobj", b"obj"), Some(3));
        assert_eq!(find(b"ob", b"obj"), None);
    }
}
