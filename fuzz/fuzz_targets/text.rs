//! Arbitrary bytes through the whole text pipeline: decode, parse, every rule, and every
//! renderer. None of it may panic.
#![no_main]

use gongkai_core::render::{json, sarif::Sarif, text};
use gongkai_core::{rules, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(loaded) = gongkai_formats::load("fuzz.txt", data) else { return };
    let diags = rules::check(&loaded.report);
    for d in &diags {
        let _ = text::render(d, "fuzz.txt", &loaded.text, &loaded.report, Lang::Zh);
    }
    let _ = json::report(&loaded.report, &diags, Lang::En);
    let mut s = Sarif::default();
    s.add("fuzz.txt", &loaded.text, &loaded.report.lines, &diags, Lang::Zh);
});
