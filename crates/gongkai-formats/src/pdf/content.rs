//! The content-stream interpreter: what a page shows, as characters with their boxes and the
//! straight lines a table is ruled with.
//!
//! Coordinates are in points from the page's top-left corner (the reading order). Ruling lines
//! are stroked segments and thin filled rectangles (Chromium draws borders as rectangles,
//! LibreOffice and WPS as strokes or both); curves never count. Form XObjects are entered
//! (depth-capped); images are only counted, for the scan diagnosis. Clipping is not applied.

use super::file::File;
use super::font::Font;
use super::object::{Dict, Lexer, Obj, Token};
use super::PdfError;
use std::collections::HashMap;
use std::rc::Rc;

/// Operators per document before giving up (a real report uses well under a million).
const MAX_OPS: usize = 30_000_000;
const MAX_FORM_DEPTH: usize = 12;
const MAX_STATE_DEPTH: usize = 256;
/// A filled rectangle thinner than this (points) is a ruling line.
const THIN: f64 = 2.5;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Matrix([f64; 6]);

impl Matrix {
    pub const ID: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    /// `self` then `other`.
    pub fn then(&self, o: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = o.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }
    fn from(ops: &[f64]) -> Option<Matrix> {
        let m: [f64; 6] = ops.try_into().ok()?;
        m.iter().all(|v| v.is_finite()).then_some(Matrix(m))
    }
}

/// A character as drawn.
#[derive(Clone, Debug)]
pub struct Chr {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    pub top: f64,
    pub bottom: f64,
    /// The font size as drawn (points).
    pub size: f64,
    /// Which way the text runs on the page: 0 left to right, 1 downwards (a page turned a
    /// quarter clockwise), 2 right to left (upside down), 3 upwards.
    pub dir: u8,
}

impl Chr {
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f64 {
        (self.top + self.bottom) / 2.0
    }
}

/// An axis-aligned straight line: horizontal when `y0 == y1`.
#[derive(Clone, Copy, Debug)]
pub struct Seg {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

#[derive(Default)]
pub struct PageContent {
    pub width: f64,
    pub height: f64,
    pub chars: Vec<Chr>,
    pub segs: Vec<Seg>,
    pub images: usize,
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

pub struct Interp<'a, 'f> {
    file: &'a File<'f>,
    fonts: HashMap<u32, Rc<Font>>,
    /// Decoded Form XObjects, by stream (the objects are cached by the file, so the pointer
    /// is stable).
    forms: HashMap<usize, Rc<[u8]>>,
    ops: usize,
    /// Page height, to flip y.
    height: f64,
    page_origin: (f64, f64),
    out: PageContent,
    /// Marked-content spans: the `/ActualText` of each, and whether it has been written.
    /// Chromium maps some CJK glyphs to Kangxi radicals (⼈ for 人) and gives the real text
    /// here.
    marked: Vec<Option<(String, bool)>>,
}

impl<'a, 'f> Interp<'a, 'f> {
    pub fn new(file: &'a File<'f>) -> Self {
        Interp {
            file,
            fonts: HashMap::new(),
            forms: HashMap::new(),
            ops: 0,
            height: 0.0,
            page_origin: (0.0, 0.0),
            out: PageContent::default(),
            marked: Vec::new(),
        }
    }

    /// Run a page: `media` is its MediaBox.
    pub fn page(
        &mut self,
        content: &[u8],
        resources: &Dict,
        media: [f64; 4],
    ) -> Result<PageContent, PdfError> {
        let [x0, y0, x1, y1] = media;
        self.height = (y1 - y0).abs();
        self.page_origin = (x0.min(x1), y0.max(y1));
        self.marked.clear();
        self.out = PageContent {
            width: (x1 - x0).abs(),
            height: self.height,
            ..Default::default()
        };
        let state = State {
            ctm: Matrix::ID,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        self.run(content, resources, state, 0)?;
        Ok(std::mem::take(&mut self.out))
    }

    fn to_page(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (x - self.page_origin.0, self.page_origin.1 - y)
    }

    fn font(&mut self, resources: &Dict, name: &[u8]) -> Option<Rc<Font>> {
        let fonts = self.file.lookup(resources, "Font");
        let entry = fonts
            .as_dict()?
            .0
            .iter()
            .find(|(k, _)| k == name)?
            .1
            .clone();
        if let Obj::Ref(n, _) = entry {
            if let Some(f) = self.fonts.get(&n) {
                return Some(f.clone());
            }
            let dict = self.file.get(n);
            let f = Rc::new(Font::load(self.file, dict.as_dict()?));
            self.fonts.insert(n, f.clone());
            return Some(f);
        }
        Some(Rc::new(Font::load(self.file, entry.as_dict()?)))
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: &Dict,
        mut gs: State,
        depth: usize,
    ) -> Result<(), PdfError> {
        let mut stack: Vec<State> = Vec::new();
        let mut args: Vec<Obj> = Vec::new();
        let mut path: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut curved: Vec<bool> = Vec::new();
        let mut tm = Matrix::ID;
        let mut tlm = Matrix::ID;
        let mut lx = Lexer::new(content, 0);
        loop {
            let op = match lx.token(0) {
                Token::Eof => break,
                Token::Close(_) => continue,
                Token::Obj(Obj::Keyword(k)) => k,
                Token::Obj(o) => {
                    if args.len() < 64 {
                        args.push(o);
                    }
                    continue;
                }
            };
            self.ops += 1;
            if self.ops > MAX_OPS {
                return Err(PdfError::TooComplex);
            }
            let num = |i: usize| args.get(i).and_then(Obj::as_f64).unwrap_or(0.0);
            let nums = || args.iter().filter_map(Obj::as_f64).collect::<Vec<_>>();
            match op.as_slice() {
                b"q" if stack.len() < MAX_STATE_DEPTH => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                b"cm" => {
                    if let Some(m) = Matrix::from(&nums()) {
                        gs.ctm = m.then(&gs.ctm);
                    }
                }
                b"BT" => {
                    tm = Matrix::ID;
                    tlm = Matrix::ID;
                }
                b"Tf" => {
                    if let Some(Obj::Name(n)) = args.first() {
                        gs.font = self.font(resources, n);
                    }
                    gs.size = num(1);
                }
                b"Tc" => gs.char_spacing = num(0),
                b"Tw" => gs.word_spacing = num(0),
                b"Tz" => gs.scale = num(0) / 100.0,
                b"TL" => gs.leading = num(0),
                b"Ts" => gs.rise = num(0),
                b"Td" | b"TD" => {
                    if op == b"TD" {
                        gs.leading = -num(1);
                    }
                    tlm = Matrix([1.0, 0.0, 0.0, 1.0, num(0), num(1)]).then(&tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    if let Some(m) = Matrix::from(&nums()) {
                        tlm = m;
                        tm = m;
                    }
                }
                b"T*" => {
                    tlm = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading]).then(&tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    if op == b"'" || op == b"\"" {
                        if op == b"\"" {
                            gs.word_spacing = num(0);
                            gs.char_spacing = num(1);
                        }
                        tlm = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading]).then(&tlm);
                        tm = tlm;
                    }
                    let items: Vec<Obj> = match (op.as_slice(), args.last()) {
                        (b"TJ", Some(Obj::Array(a))) => a.clone(),
                        (_, Some(s @ Obj::Str(_))) => vec![s.clone()],
                        _ => Vec::new(),
                    };
                    self.show(&items, &gs, &mut tm);
                }
                b"m" => {
                    path.push(vec![(num(0), num(1))]);
                    curved.push(false);
                }
                b"l" => {
                    if let Some(p) = path.last_mut() {
                        p.push((num(0), num(1)));
                    }
                }
                b"c" | b"v" | b"y" => {
                    let n = args.len();
                    if let (Some(p), Some(c)) = (path.last_mut(), curved.last_mut()) {
                        p.push((
                            args.get(n.saturating_sub(2))
                                .and_then(Obj::as_f64)
                                .unwrap_or(0.0),
                            args.get(n.saturating_sub(1))
                                .and_then(Obj::as_f64)
                                .unwrap_or(0.0),
                        ));
                        *c = true;
                    }
                }
                b"h" => {
                    if let Some(p) = path.last_mut() {
                        if let Some(&first) = p.first() {
                            p.push(first);
                        }
                    }
                }
                b"re" => {
                    let (x, y, w, h) = (num(0), num(1), num(2), num(3));
                    path.push(vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]);
                    curved.push(false);
                }
                b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*" => {
                    self.stroke(&path, &curved, &gs.ctm);
                    path.clear();
                    curved.clear();
                }
                b"f" | b"F" | b"f*" => {
                    self.fill(&path, &curved, &gs.ctm);
                    path.clear();
                    curved.clear();
                }
                b"n" => {
                    path.clear();
                    curved.clear();
                }
                b"Do" => {
                    if let Some(Obj::Name(n)) = args.first() {
                        self.xobject(resources, n, &gs, depth)?;
                    }
                }
                b"BI" => skip_inline_image(&mut lx),
                b"BMC" => self.marked.push(None),
                b"BDC" => {
                    let props = match args.get(1) {
                        Some(Obj::Dict(d)) => Some(d.clone()),
                        Some(Obj::Name(n)) => {
                            let all = self.file.lookup(resources, "Properties");
                            all.as_dict()
                                .and_then(|d| d.0.iter().find(|(k, _)| k == n))
                                .and_then(|(_, v)| self.file.resolve(v).as_dict().cloned())
                        }
                        _ => None,
                    };
                    let actual = props.and_then(|p| match p.get("ActualText") {
                        Some(Obj::Str(s)) => Some((text_string(s), false)),
                        _ => None,
                    });
                    if self.marked.len() < MAX_STATE_DEPTH {
                        self.marked.push(actual);
                    }
                }
                b"EMC" => {
                    self.marked.pop();
                }
                _ => {}
            }
            args.clear();
        }
        Ok(())
    }

    fn show(&mut self, items: &[Obj], gs: &State, tm: &mut Matrix) {
        let Some(font) = gs.font.clone() else { return };
        let size = gs.size;
        for item in items {
            match item {
                Obj::Str(bytes) => {
                    for g in font.glyphs(bytes) {
                        let trm = Matrix([size * gs.scale, 0.0, 0.0, size, 0.0, gs.rise])
                            .then(tm)
                            .then(&gs.ctm);
                        let w = if font.vertical { 1.0 } else { g.width };
                        let corners = [
                            trm.apply(0.0, -0.12),
                            trm.apply(w, -0.12),
                            trm.apply(0.0, 0.88),
                            trm.apply(w, 0.88),
                        ];
                        let pts: Vec<(f64, f64)> =
                            corners.iter().map(|&p| self.to_page(p)).collect();
                        let x0 = pts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
                        let x1 = pts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
                        let top = pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
                        let bottom = pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
                        let origin = self.to_page(trm.apply(0.0, 0.0));
                        let along = self.to_page(trm.apply(1.0, 0.0));
                        let up = self.to_page(trm.apply(0.0, 1.0));
                        let drawn = (up.0 - origin.0).hypot(up.1 - origin.1);
                        let (dx, dy) = (along.0 - origin.0, along.1 - origin.1);
                        let dir = if dx.abs() >= dy.abs() {
                            if dx >= 0.0 {
                                0
                            } else {
                                2
                            }
                        } else if dy > 0.0 {
                            1
                        } else {
                            3
                        };
                        let mut text = g.text;
                        if let Some(Some((actual, written))) =
                            self.marked.iter_mut().rev().find(|m| m.is_some())
                        {
                            text = if *written {
                                String::new()
                            } else {
                                actual.clone()
                            };
                            *written = true;
                        }
                        if !text.trim().is_empty() && x0.is_finite() && top.is_finite() {
                            self.out.chars.push(Chr {
                                text,
                                x0,
                                x1,
                                top,
                                bottom,
                                size: drawn,
                                dir,
                            });
                        }
                        let spacing = gs.char_spacing + if g.space { gs.word_spacing } else { 0.0 };
                        if font.vertical {
                            let ty = -(size + spacing);
                            *tm = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, ty]).then(tm);
                        } else {
                            let tx = (g.width * size + spacing) * gs.scale;
                            *tm = Matrix([1.0, 0.0, 0.0, 1.0, tx, 0.0]).then(tm);
                        }
                    }
                }
                other => {
                    if let Some(n) = other.as_f64() {
                        let d = -n / 1000.0 * size;
                        *tm = if font.vertical {
                            Matrix([1.0, 0.0, 0.0, 1.0, 0.0, d])
                        } else {
                            Matrix([1.0, 0.0, 0.0, 1.0, d * gs.scale, 0.0])
                        }
                        .then(tm);
                    }
                }
            }
        }
    }

    fn push_seg(&mut self, a: (f64, f64), b: (f64, f64)) {
        let (a, b) = (self.to_page(a), self.to_page(b));
        let (dx, dy) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
        if dx.max(dy) < 1.0
            || !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite())
        {
            return;
        }
        if dy < 0.5 {
            let y = (a.1 + b.1) / 2.0;
            self.out.segs.push(Seg {
                x0: a.0.min(b.0),
                y0: y,
                x1: a.0.max(b.0),
                y1: y,
            });
        } else if dx < 0.5 {
            let x = (a.0 + b.0) / 2.0;
            self.out.segs.push(Seg {
                x0: x,
                y0: a.1.min(b.1),
                x1: x,
                y1: a.1.max(b.1),
            });
        }
    }

    fn stroke(&mut self, path: &[Vec<(f64, f64)>], curved: &[bool], ctm: &Matrix) {
        for (sub, &c) in path.iter().zip(curved) {
            if c {
                continue;
            }
            for w in sub.windows(2) {
                self.push_seg(ctm.apply(w[0].0, w[0].1), ctm.apply(w[1].0, w[1].1));
            }
        }
    }

    fn fill(&mut self, path: &[Vec<(f64, f64)>], curved: &[bool], ctm: &Matrix) {
        for (sub, &c) in path.iter().zip(curved) {
            if c || sub.len() < 3 {
                continue;
            }
            let pts: Vec<(f64, f64)> = sub
                .iter()
                .map(|&(x, y)| self.to_page(ctm.apply(x, y)))
                .collect();
            let (mut x0, mut x1, mut y0, mut y1) = (
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
            );
            for &(x, y) in &pts {
                x0 = x0.min(x);
                x1 = x1.max(x);
                y0 = y0.min(y);
                y1 = y1.max(y);
            }
            // Any straight-edged shape with a thin box is a rule: borders come as
            // rectangles, and as bevelled quadrilaterals where two borders meet (Chromium).
            if !(x0.is_finite() && y0.is_finite()) {
                continue;
            }
            let (w, h) = (x1 - x0, y1 - y0);
            if h <= THIN && w > h {
                let y = (y0 + y1) / 2.0;
                self.out.segs.push(Seg {
                    x0,
                    y0: y,
                    x1,
                    y1: y,
                });
            } else if w <= THIN && h > w {
                let x = (x0 + x1) / 2.0;
                self.out.segs.push(Seg {
                    x0: x,
                    y0,
                    x1: x,
                    y1,
                });
            }
        }
    }

    fn xobject(
        &mut self,
        resources: &Dict,
        name: &[u8],
        gs: &State,
        depth: usize,
    ) -> Result<(), PdfError> {
        let xobjects = self.file.lookup(resources, "XObject");
        let Some(entry) = xobjects
            .as_dict()
            .and_then(|d| d.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
        else {
            return Ok(());
        };
        let obj = self.file.resolve(&entry);
        let Obj::Stream(s) = &*obj else { return Ok(()) };
        match s.dict.get("Subtype").and_then(Obj::as_name) {
            Some(b"Image") => self.out.images += 1,
            Some(b"Form") if depth < MAX_FORM_DEPTH => {
                // A form drawn many times (a letterhead on every page) is decoded once.
                let key = Rc::as_ptr(s) as usize;
                let data = match self.forms.get(&key) {
                    Some(d) => d.clone(),
                    None => {
                        let d: Rc<[u8]> = self.file.decode_or_skip(s)?.into();
                        self.forms.insert(key, d.clone());
                        d
                    }
                };
                let own = self.file.lookup(&s.dict, "Resources");
                let res = own.as_dict().cloned().unwrap_or_else(|| resources.clone());
                let mut inner = gs.clone();
                if let Some(m) = s.dict.get("Matrix").and_then(Obj::as_array) {
                    let v: Vec<f64> = m.iter().filter_map(Obj::as_f64).collect();
                    if let Some(m) = Matrix::from(&v) {
                        inner.ctm = m.then(&gs.ctm);
                    }
                }
                self.run(&data, &res, inner, depth + 1)?;
            }
            _ => {}
        }
        Ok(())
    }
}

/// A PDF text string: UTF-16BE after a byte-order mark, else PDFDocEncoding (≈ Latin-1).
pub fn text_string(s: &[u8]) -> String {
    match s.strip_prefix(&[0xfe, 0xff]) {
        Some(rest) => super::font::utf16(rest),
        None => s.iter().map(|&b| b as char).collect(),
    }
}

/// `BI … ID <binary> EI`: skip the binary data.
fn skip_inline_image(lx: &mut Lexer) {
    let d = lx.data;
    while let Some(k) = super::file::find(&d[lx.pos..], b"ID") {
        let at = lx.pos + k;
        lx.pos = at + 2;
        if d.get(at + 2).is_none_or(|&b| super::object::is_white(b)) {
            break;
        }
    }
    while let Some(k) = super::file::find(&d[lx.pos..], b"EI") {
        let at = lx.pos + k;
        lx.pos = at + 2;
        let before = at == 0 || super::object::is_white(d[at - 1]);
        let after = d.get(at + 2).is_none_or(|&b| super::object::is_white(b));
        if before && after {
            return;
        }
    }
    lx.pos = d.len();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_in_pdf_order() {
        let scale = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = Matrix([1.0, 0.0, 0.0, 1.0, 10.0, 0.0]);
        // Scale, then shift.
        assert_eq!(scale.then(&shift).apply(1.0, 1.0), (12.0, 2.0));
    }
}
