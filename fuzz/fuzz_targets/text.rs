//! Arbitrary bytes through the whole text pipeline: decode, parse, every rule, and every
//! renderer. None of it may panic.
#![no_main]

use gongkai_core::render::{json, sarif::Sarif, text};
use gongkai_core::{rules, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // An odd first byte reads the input as Markdown (raw HTML tables go to the HTML reader).
    let path = match data.first() {
        Some(b) if b & 1 == 1 => "fuzz.md",
        _ => "fuzz.txt",
    };
    let Ok(loaded) = gongkai_formats::load(path, data) else { return };
    let diags = rules::check(&loaded.report);
    for d in &diags {
        let _ = text::render(d, path, &loaded.text, &loaded.report, Lang::Zh);
    }
    let _ = json::report(&loaded.report, &diags, Lang::En);
    let mut s = Sarif::default();
    s.add(path, &loaded.text, &loaded.report.lines, &diags, Lang::Zh);
});
