//! Arbitrary bytes read as an HTML page: tokenizer, grid walk, parse, rules, renderers.
#![no_main]

use gongkai_core::render::{json, text};
use gongkai_core::{rules, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(loaded) = gongkai_formats::load("fuzz.html", data) else { return };
    let diags = rules::check(&loaded.report);
    for d in &diags {
        let _ = text::render(d, "fuzz.html", &loaded.text, &loaded.report, Lang::Zh);
    }
    let _ = json::report(&loaded.report, &diags, Lang::En);
});
