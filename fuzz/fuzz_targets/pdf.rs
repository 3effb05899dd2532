//! The PDF reader. Input that starts with `%PDF` is read as a file (mutations of real
//! LibreOffice, Chromium and WPS output); anything else becomes the content stream of a
//! one-page PDF with Chinese fonts (`gongkai_formats::pdf::wrap_content`), so the content
//! interpreter, the fonts and the table builder see structured input.
#![no_main]

use gongkai_core::render::{json, text};
use gongkai_core::{rules, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let bytes = if data.starts_with(b"%PDF") {
        data.to_vec()
    } else {
        gongkai_formats::pdf::wrap_content(data)
    };
    let Ok(loaded) = gongkai_formats::load("fuzz.pdf", &bytes) else { return };
    let diags = rules::check(&loaded.report);
    for d in &diags {
        let _ = text::render(d, "fuzz.pdf", &loaded.text, &loaded.report, Lang::Zh);
    }
    let _ = json::report(&loaded.report, &diags, Lang::En);
});
