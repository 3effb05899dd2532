//! Dump what the PDF reader sees on each page: character and ruling-line counts.
fn main() {
    let path = std::env::args().nth(1).expect("usage: pdfdump FILE [PAGE]");
    let page: Option<usize> = std::env::args().nth(2).and_then(|p| p.parse().ok());
    let bytes = std::fs::read(&path).expect("read");
    match gongkai_formats::pdf::pages(&bytes) {
        Ok(pages) => {
            for (i, p) in pages.iter().enumerate() {
                println!("page {}: {}x{} chars {} segs {} images {}", i + 1, p.width, p.height, p.chars.len(), p.segs.len(), p.images);
                if page == Some(i + 1) {
                    for s in &p.segs {
                        println!("  seg {:.1},{:.1} - {:.1},{:.1}", s.x0, s.y0, s.x1, s.y1);
                    }
                    for c in p.chars.iter() {
                        println!("  chr {:?} x {:.1}-{:.1} y {:.1}-{:.1}", c.text, c.x0, c.x1, c.top, c.bottom);
                    }
                }
            }
        }
        Err(e) => println!("error: {e}"),
    }
}
