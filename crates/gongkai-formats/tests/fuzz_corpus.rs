//! Every input kept in `fuzz/seeds/text/` (the seed corpus and every crasher the fuzzer has
//! found) goes through the whole pipeline without a panic, and hostile inputs finish quickly.

use gongkai_core::render::{json, sarif::Sarif, text};
use gongkai_core::{rules, Lang};
use std::path::Path;
use std::time::{Duration, Instant};

fn pipeline(name: &str, bytes: &[u8]) {
    let Ok(loaded) = gongkai_formats::load(name, bytes) else {
        return;
    };
    let diags = rules::check(&loaded.report);
    for d in &diags {
        let _ = text::render(d, name, &loaded.text, &loaded.report, Lang::Zh);
    }
    let _ = json::report(&loaded.report, &diags, Lang::En);
    let mut s = Sarif::default();
    s.add(name, &loaded.text, &loaded.report.lines, &diags, Lang::Zh);
}

/// The fuzzers' corpora are seeded from these directories (see fuzz/README.md); crashers are
/// kept in `fuzz/seeds/<target>/regression-*`.
const CORPORA: &[(&str, &str)] = &[
    ("fuzz/seeds/text", "txt"),
    ("fixtures/seeds", "txt"),
    ("crates/gongkai-core/tests/fixtures/rules", "txt"),
    ("fixtures/samples", "html"),
    ("fuzz/seeds/html", "html"),
    ("fuzz/seeds/docx", "docx"),
    ("fixtures/real", "docx"),
    ("fuzz/seeds/pdf", "pdf"),
    ("fixtures/real-pdf", "pdf"),
];

/// The bytes as the `docx` fuzz target reads them: an archive as is, anything else as the
/// `word/document.xml` of a fresh archive.
fn as_docx(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    if data.starts_with(b"PK") {
        return data.to_vec();
    }
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    w.write_all(data).unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn fuzz_corpus_never_panics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut n = 0;
    for (dir, ext) in CORPORA {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                // Read each input the way its fuzz target does (by the name's extension).
                let bytes = std::fs::read(&path).unwrap();
                let bytes = match *ext {
                    "docx" => as_docx(&bytes),
                    "pdf" if !bytes.starts_with(b"%PDF") => {
                        gongkai_formats::pdf::wrap_content(&bytes)
                    }
                    _ => bytes,
                };
                pipeline(&format!("{}.{ext}", path.display()), &bytes);
                n += 1;
            }
        }
    }
    assert!(n >= 30, "the corpora are there ({n} files)");
}

#[test]
fn hostile_inputs_finish_in_bounded_time() {
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds/000_a04d2b58ea550f91.txt"),
    )
    .unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "one huge line",
            "一、总体情况收到申请1件".repeat(200_000).into_bytes(),
        ),
        ("ten thousand tabs", "\t".repeat(10_000).into_bytes()),
        ("the seed a hundred times", seed.repeat(100).into_bytes()),
        ("only digits and tabs", "1\t".repeat(300_000).into_bytes()),
        ("label soup", "（七）总计\t1\t".repeat(50_000).into_bytes()),
        (
            "10,000-deep nested HTML",
            "<table><tr><td>".repeat(10_000).into_bytes(),
        ),
        (
            "a million cells",
            format!(
                "<table>{}</table>",
                "<tr><td rowspan=999999>1</td><td colspan=999>2</td></tr>".repeat(5_000)
            )
            .into_bytes(),
        ),
    ];
    for (name, bytes) in cases {
        let start = Instant::now();
        let file = if name.contains("HTML") || name.contains("cells") {
            "hostile.html"
        } else {
            "hostile.txt"
        };
        pipeline(file, &bytes);
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{name} took {:?}",
            start.elapsed()
        );
    }
}
