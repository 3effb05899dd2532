//! Data-driven rule tests: every fixture in `fixtures/rules/` states in its `#!` header which
//! codes it must and must not raise; the rendered diagnostics are snapshotted (text for all,
//! JSON and SARIF for a few), so what users see is reviewed in the diff.

use gongkai_core::model::SourceInfo;
use gongkai_core::render::{json, sarif::Sarif, text};
use gongkai_core::{parse, rules, Lang};
use std::path::Path;

struct Fixture {
    name: String,
    text: String,
    expect: Vec<String>,
    forbid: Vec<String>,
}

fn load(path: &Path) -> Fixture {
    let raw = std::fs::read_to_string(path).unwrap();
    let (mut expect, mut forbid) = (Vec::new(), Vec::new());
    // Header lines are blanked, not removed, so that line numbers match the file.
    let text: Vec<&str> = raw
        .lines()
        .map(|l| {
            if let Some(rest) = l.strip_prefix("#! expect:") {
                expect.extend(rest.split_whitespace().map(String::from));
                ""
            } else if let Some(rest) = l.strip_prefix("#! forbid:") {
                forbid.extend(rest.split_whitespace().map(String::from));
                ""
            } else {
                l
            }
        })
        .collect();
    Fixture {
        name: path.file_stem().unwrap().to_string_lossy().into_owned(),
        text: text.join("\n") + "\n",
        expect,
        forbid,
    }
}

fn fixtures() -> Vec<Fixture> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(|p| load(p)).collect()
}

#[test]
fn every_rule_has_failing_and_passing_fixtures() {
    let all = fixtures();
    for rule in rules::RULES {
        let code = rule.meta().code;
        let fails = all.iter().any(|f| f.expect.iter().any(|c| c == code));
        let passes = all
            .iter()
            .any(|f| f.forbid.iter().any(|c| c == code || c == "*"));
        assert!(
            fails && passes,
            "{code} needs a failing and a passing fixture"
        );
    }
}

#[test]
fn fixtures_behave_as_their_rules_say() {
    let mut failures = Vec::new();
    for f in fixtures() {
        let report = parse::parse_text(
            &f.text,
            SourceInfo {
                path: format!("{}.txt", f.name),
                ..Default::default()
            },
        );
        let diags = rules::check(&report);
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        for want in &f.expect {
            if !codes.contains(&want.as_str()) {
                failures.push(format!("{}: expected {want}, got {codes:?}", f.name));
            }
        }
        for bad in &f.forbid {
            let hit: Vec<&&str> = codes
                .iter()
                .filter(|c| (bad == "*" && !f.expect.iter().any(|e| e == *c)) || *c == bad)
                .collect();
            if !hit.is_empty() {
                failures.push(format!("{}: forbidden {bad}, got {hit:?}", f.name));
            }
        }
        let rendered: String = diags
            .iter()
            .map(|d| text::render(d, &format!("{}.txt", f.name), &f.text, &report, Lang::Zh) + "\n")
            .collect();
        insta::assert_snapshot!(f.name.clone(), rendered);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn machine_formats_are_stable() {
    for name in [
        "t201-fail-column-unbalanced",
        "x301-fail-received",
        "t205-fail-blank-total-never-zero",
    ] {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/rules/{name}.txt"));
        let f = load(&path);
        let source = SourceInfo {
            path: format!("{name}.txt"),
            sha256: "0".repeat(64),
            format: "text".into(),
            encoding: "utf-8".into(),
        };
        let report = parse::parse_text(&f.text, source);
        let diags = rules::check(&report);
        let value = json::report(&report, &diags, Lang::Zh);
        insta::assert_json_snapshot!(format!("{name}.json"), value["diagnostics"]);
        let mut sarif = Sarif::default();
        sarif.add(
            &format!("{name}.txt"),
            &f.text,
            &report.lines,
            &diags,
            Lang::En,
        );
        let log = sarif.finish();
        insta::assert_json_snapshot!(format!("{name}.sarif"), log["runs"][0]["results"]);
    }
}

#[test]
fn english_messages_exist_for_every_finding() {
    for f in fixtures() {
        let report = parse::parse_text(&f.text, SourceInfo::default());
        for d in rules::check(&report) {
            assert!(
                !d.message.en.is_empty() && d.message.en.is_ascii()
                    || d.message.en.chars().any(|c| c.is_ascii_alphabetic()),
                "{}: {}",
                d.code,
                d.message.en
            );
        }
    }
}
