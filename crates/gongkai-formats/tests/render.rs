//! Rendering round trips: a report printed by gongkai in every output format reads back to the
//! same values; LibreOffice opens the DOCX; Chromium prints the PDF with embedded fonts.

use gongkai_core::model::values::ReportValues;
use gongkai_core::render::{html, report_text};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Reports of both templates, from the shipped seeds and samples.
fn sources() -> Vec<(String, ReportValues)> {
    [
        "fixtures/seeds/000_a04d2b58ea550f91.txt",
        "fixtures/seeds/001_024530e55a62931d.txt",
        "fixtures/seeds/003_e7f580584216dc2e.txt",
        "fixtures/samples/shanghai-office-2019.html",
        "fixtures/samples/pingtan-2023.html",
    ]
    .iter()
    .map(|p| {
        let bytes = std::fs::read(root().join(p)).unwrap();
        let loaded = gongkai_formats::load(p, &bytes).unwrap();
        (
            p.to_string(),
            ReportValues::from_report(&loaded.report).unwrap(),
        )
    })
    .collect()
}

fn read_back(name: &str, bytes: &[u8]) -> ReportValues {
    let loaded = gongkai_formats::load(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    ReportValues::from_report(&loaded.report).unwrap_or_else(|| panic!("{name}: no tables"))
}

/// How strictly narrative is compared.
#[derive(Clone, Copy, PartialEq)]
enum Narrative {
    /// Line for line (white space ignored).
    Lines,
    /// A PDF keeps no line breaks: each part's text as one string, white space ignored.
    Flowed,
    /// …and LibreOffice's PDF export leaves out punctuation that hangs past the right margin
    /// at a line end (pdftotext sees the same): ，、 are ignored too.
    FlowedNoHangingPunctuation,
}

fn assert_same(what: &str, a: &ReportValues, b: &ReportValues) {
    assert_same_as(what, a, b, Narrative::Lines)
}

fn assert_same_as(what: &str, a: &ReportValues, b: &ReportValues, narrative: Narrative) {
    assert_eq!(a.template, b.template, "{what}: template");
    assert_eq!(a.year, b.year, "{what}: year");
    assert_eq!(a.agency, b.agency, "{what}: agency");
    assert_eq!(a.proactive, b.proactive, "{what}: 二");
    assert_eq!(a.requests, b.requests, "{what}: 三");
    assert_eq!(a.appeals, b.appeals, "{what}: 四");
    for (i, (x, y)) in a.sections.iter().zip(&b.sections).enumerate() {
        let lines = |s: &str| -> Vec<String> {
            let lines = s
                .lines()
                .map(|l| l.split_whitespace().collect::<String>())
                .filter(|l| !l.is_empty());
            match narrative {
                Narrative::Lines => lines.collect(),
                Narrative::Flowed => vec![lines.collect()],
                Narrative::FlowedNoHangingPunctuation => {
                    vec![lines.collect::<String>().replace(['，', '、'], "")]
                }
            }
        };
        assert_eq!(lines(x), lines(y), "{what}: part {}", i + 1);
    }
}

#[test]
fn every_output_format_reads_back_to_the_same_values() {
    for (name, v) in sources() {
        let outputs: Vec<(&str, Vec<u8>)> = vec![
            ("out.html", html::page(&v).into_bytes()),
            ("out.docx", gongkai_formats::docx_write::write(&v)),
            (
                "out.txt",
                report_text::write(&v, report_text::Layout::Tabs).into_bytes(),
            ),
            (
                "out.md",
                report_text::write(&v, report_text::Layout::Pipes).into_bytes(),
            ),
        ];
        for (out, bytes) in outputs {
            let back = read_back(out, &bytes);
            assert_same(&format!("{name} → {out}"), &v, &back);
        }
    }
}

/// The PDF written directly (non-embedded Song font through UniGB-UCS2-H, ruled tables)
/// reads back too, both templates.
#[test]
fn the_plain_pdf_reads_back() {
    for (name, v) in sources() {
        let pdf = gongkai_formats::pdf_plain::write(&v);
        assert_eq!(
            pdf,
            gongkai_formats::pdf_plain::write(&v),
            "{name}: deterministic"
        );
        assert_same_as(
            &format!("{name} → plain pdf"),
            &v,
            &read_back("plain.pdf", &pdf),
            Narrative::Flowed,
        );
    }
}

#[test]
fn the_docx_is_deterministic() {
    let (_, v) = sources().remove(0);
    assert_eq!(
        gongkai_formats::docx_write::write(&v),
        gongkai_formats::docx_write::write(&v)
    );
}

/// LibreOffice opens the DOCX, saves it again as DOCX and prints it as PDF; the re-saved
/// document and the PDF read back to the same values. (.ci/run installs LibreOffice.)
#[test]
fn libreoffice_opens_and_resaves_the_docx() {
    let dir = std::env::temp_dir().join(format!("gongkai-render-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    for (i, (name, v)) in sources()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i == 0 || *i == 3)
    {
        let input = dir.join(format!("r{i}.docx"));
        std::fs::write(&input, gongkai_formats::docx_write::write(&v)).unwrap();
        let out = dir.join("out");
        for target in ["docx:MS Word 2007 XML", "pdf"] {
            let status = std::process::Command::new("soffice")
                .args(["--headless", &profile, "--convert-to", target, "--outdir"])
                .arg(&out)
                .arg(&input)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .expect("LibreOffice (soffice) must be installed: .ci/run installs it");
            assert!(status.success(), "{name}: soffice --convert-to {target}");
        }
        let pdf = std::fs::read(out.join(format!("r{i}.pdf"))).unwrap();
        assert_same_as(
            &format!("{name} → docx → LibreOffice → pdf"),
            &v,
            &read_back("printed.pdf", &pdf),
            Narrative::FlowedNoHangingPunctuation,
        );
        let resaved = std::fs::read(out.join(format!("r{i}.docx"))).unwrap();
        assert_same(
            &format!("{name} → docx → LibreOffice → docx"),
            &v,
            &read_back("resaved.docx", &resaved),
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Chromium prints the HTML page; it reads back to the same values (both templates), and the
/// fonts are embedded and carry ToUnicode maps, so the text can be searched and copied. (.ci/run installs Chromium and fonts-noto-cjk.)
#[test]
fn the_pdf_embeds_its_fonts_and_reads_back() {
    for (name, v) in sources().into_iter().skip(1).step_by(3) {
        let pdf =
            gongkai_formats::pdf_write::write(&v).expect("Chromium and a CJK font are installed");
        assert_same_as(
            &format!("{name} → pdf"),
            &v,
            &read_back("out.pdf", &pdf),
            Narrative::Flowed,
        );
    }
    let (_, v) = sources().remove(1);
    let pdf = gongkai_formats::pdf_write::write(&v).expect("Chromium and a CJK font are installed");
    assert!(pdf.starts_with(b"%PDF-"));
    let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"/ToUnicode"), "text is extractable");
    assert!(
        has(b"/Type3") || has(b"/FontFile"),
        "glyphs are embedded, not referenced"
    );
}
