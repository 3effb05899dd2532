//! The DOCX reader. Input that starts with `PK` is read as the archive itself (mutations of
//! real Word/WPS/LibreOffice files); anything else becomes `word/document.xml` inside a fresh
//! archive, so the XML walk, the vMerge/gridSpan grid and the parser see structured input.
#![no_main]

use gongkai_core::render::{json, text};
use gongkai_core::{rules, Lang};
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.start_file("word/document.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(data).unwrap();
        w.finish().unwrap().into_inner()
    };
    let Ok(loaded) = gongkai_formats::load("fuzz.docx", &bytes) else { return };
    let diags = rules::check(&loaded.report);
    for d in &diags {
        let _ = text::render(d, "fuzz.docx", &loaded.text, &loaded.report, Lang::Zh);
    }
    let _ = json::report(&loaded.report, &diags, Lang::En);
});
