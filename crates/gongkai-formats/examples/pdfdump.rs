//! Dump what the PDF reader sees on each page: character and ruling-line counts.
fn main() {
    let path = std::env::args().nth(1).expect("usage: pdfdump FILE [PAGE]");
    let page: Option<usize> = std::env::args().nth(2).and_then(|p| p.parse().ok());
    if std::env::args().nth(2).as_deref() == Some("flags") {
        return flags(&path);
    }
    let bytes = std::fs::read(&path).expect("read");
    match gongkai_formats::pdf::pages(&bytes) {
        Ok(pages) => {
            for (i, p) in pages.iter().enumerate() {
                println!(
                    "page {}: {}x{} chars {} segs {} images {}",
                    i + 1,
                    p.width,
                    p.height,
                    p.chars.len(),
                    p.segs.len(),
                    p.images
                );
                if page == Some(i + 1) {
                    for s in &p.segs {
                        println!("  seg {:.1},{:.1} - {:.1},{:.1}", s.x0, s.y0, s.x1, s.y1);
                    }
                    for c in p.chars.iter() {
                        println!(
                            "  chr {:?} x {:.1}-{:.1} y {:.1}-{:.1}",
                            c.text, c.x0, c.x1, c.top, c.bottom
                        );
                    }
                }
            }
        }
        Err(e) => println!("error: {e}"),
    }
}

#[allow(dead_code)]
fn flags(path: &str) {
    let bytes = std::fs::read(path).unwrap();
    let pages: Vec<_> = gongkai_formats::pdf::pages(&bytes)
        .unwrap()
        .into_iter()
        .map(|p| gongkai_formats::pdf::table::upright(&p).unwrap_or(p))
        .collect();
    let margin = gongkai_formats::pdf::margins(&pages);
    for (i, p) in pages.iter().enumerate() {
        let pb = gongkai_formats::pdf::table::page_blocks(p, i as u32 + 1, margin);
        let first = pb.blocks.first().map(|(y, b)| match b {
            gongkai_formats::view::Block::Paragraph { text, .. } => {
                format!("P {y:.0} {}", text.chars().take(10).collect::<String>())
            }
            _ => format!("T {y:.0}"),
        });
        let last = pb.blocks.last().map(|(y, b)| match b {
            gongkai_formats::view::Block::Paragraph { text, .. } => format!(
                "P {y:.0} {}",
                text.chars().rev().take(10).collect::<String>()
            ),
            _ => format!("T {y:.0}"),
        });
        println!(
            "page {} open_end {} starts {} first {:?} last {:?}",
            i + 1,
            pb.open_end,
            pb.starts_at_margin,
            first,
            last
        );
    }
}
