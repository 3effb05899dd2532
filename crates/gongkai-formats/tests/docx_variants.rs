//! LibreOffice's DOCX of real reports, rewritten the ways Word and WPS write the same table:
//! every character its own run, spelling and bookmark marks between runs, tracked changes
//! (a deleted old number beside the inserted new one), content controls around cells and
//! rows, `w:customXml` and `w:smartTag` wrappers. Each reads as the same report: the same
//! values, agency and year, and the same diagnostics.

use gongkai_core::model::values::ReportValues;
use gongkai_core::rules;
use std::io::{Read, Write};

/// The archive with `word/document.xml` replaced.
fn with_document(docx: &[u8], document: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            bytes = document.as_bytes().to_vec();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn document(docx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// Apply `f` to the text of every `<w:t>` or `<w:t …>` element; `f` gets the element's text
/// and returns the XML that replaces the whole `<w:t>…</w:t>`.
fn texts(xml: &str, f: impl Fn(&str, &str) -> String) -> String {
    let mut out = String::with_capacity(xml.len() * 2);
    let mut rest = xml;
    loop {
        let open = [rest.find("<w:t>"), rest.find("<w:t ")]
            .into_iter()
            .flatten()
            .min();
        let Some(open) = open else { break };
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let tag_end = tail.find('>').unwrap() + 1;
        let close = tail.find("</w:t>").unwrap();
        out.push_str(&f(&tail[..tag_end], &tail[tag_end..close]));
        rest = &tail[close + "</w:t>".len()..];
    }
    out.push_str(rest);
    out
}

/// Wrap every element that starts with `open` (`<w:tc>`, `<w:tc `) in `before` … `after`.
fn wrap(xml: &str, tag: &str, before: &str, after: &str) -> String {
    let close = format!("</{tag}>");
    let mut out = String::with_capacity(xml.len() * 2);
    let mut rest = xml;
    loop {
        let open = [
            rest.find(&format!("<{tag}>")),
            rest.find(&format!("<{tag} ")),
        ]
        .into_iter()
        .flatten()
        .min();
        let Some(open) = open else { break };
        out.push_str(&rest[..open]);
        let end = open + rest[open..].find(&close).unwrap() + close.len();
        out.push_str(before);
        out.push_str(&rest[open..end]);
        out.push_str(after);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn variants(xml: &str) -> Vec<(&'static str, String)> {
    // Every character its own run (Word after editing, WPS): the run's properties are lost,
    // which changes nothing the reader looks at.
    let char_runs = texts(xml, |tag, t| {
        let mut s = String::new();
        let mut chars = t.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            // Keep an entity whole.
            let end = if c == '&' {
                i + t[i..].find(';').unwrap() + 1
            } else {
                i + c.len_utf8()
            };
            while chars.peek().is_some_and(|&(j, _)| j < end) {
                chars.next();
            }
            if i > 0 {
                s.push_str("</w:t></w:r><w:proofErr w:type=\"gramStart\"/><w:r>");
                s.push_str(tag);
            } else {
                s.push_str(tag);
            }
            s.push_str(&t[i..end]);
        }
        s.push_str("</w:t>");
        s
    });
    let marks = texts(xml, |tag, t| {
        format!(
            "<w:bookmarkStart w:id=\"9\" w:name=\"_GoBack\"/>{tag}{t}</w:t>\
             <w:bookmarkEnd w:id=\"9\"/>"
        )
    });
    // A number changed with tracking on: the old one deleted, the new one inserted.
    let tracked = texts(xml, |tag, t| {
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            format!(
                "</w:r><w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>9{t}9</w:delText></w:r></w:del>\
                 <w:ins w:id=\"2\" w:author=\"a\"><w:r>{tag}{t}</w:t></w:r></w:ins><w:r>"
            )
        } else {
            format!("{tag}{t}</w:t>")
        }
    });
    let cell_controls = wrap(
        xml,
        "w:tc",
        "<w:sdt><w:sdtPr><w:id w:val=\"1\"/></w:sdtPr><w:sdtContent>",
        "</w:sdtContent></w:sdt>",
    );
    let row_controls = wrap(
        xml,
        "w:tr",
        "<w:customXml w:element=\"row\"><w:sdt><w:sdtContent>",
        "</w:sdtContent></w:sdt></w:customXml>",
    );
    let run_wrappers = wrap(
        xml,
        "w:r",
        "<w:smartTag w:uri=\"urn:schemas-microsoft-com:office:smarttags\" w:element=\"chsdate\">",
        "</w:smartTag>",
    );
    vec![
        ("char-runs", char_runs),
        ("marks", marks),
        ("tracked", tracked),
        ("cell-controls", cell_controls),
        ("row-controls", row_controls),
        ("run-wrappers", run_wrappers),
    ]
}

#[test]
fn real_documents_rewritten_read_as_the_same_report() {
    // The two with Word tables (the seeds' DOCX are tab text in paragraphs).
    for name in ["pingtan-2023-lo.docx", "shanghai-office-2019-lo.docx"] {
        let path = format!("{}/../../fixtures/real/{name}", env!("CARGO_MANIFEST_DIR"));
        let docx = std::fs::read(&path).unwrap();
        let want = gongkai_formats::load(name, &docx).unwrap();
        let want_values = ReportValues::from_report(&want.report).unwrap();
        let codes = |r: &gongkai_core::model::Report| {
            let mut c: Vec<&str> = rules::check(r).iter().map(|d| d.code).collect();
            c.sort_unstable();
            c
        };
        let meta =
            |r: &gongkai_core::model::Report| (r.agency.clone(), r.year.as_ref().map(|y| y.value));
        let xml = document(&docx);
        for (kind, v) in variants(&xml) {
            assert_ne!(v, xml, "{name} {kind}: the rewrite changed nothing");
            let got = gongkai_formats::load(name, &with_document(&docx, &v))
                .unwrap_or_else(|e| panic!("{name} {kind}: {e}"));
            assert_eq!(
                ReportValues::from_report(&got.report).unwrap(),
                want_values,
                "{name} {kind}"
            );
            assert_eq!(meta(&got.report), meta(&want.report), "{name} {kind}");
            assert_eq!(codes(&got.report), codes(&want.report), "{name} {kind}");
        }
    }
}
