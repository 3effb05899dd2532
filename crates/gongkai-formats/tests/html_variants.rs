//! The real pages, rewritten the ways other sites and editors write the same table: a page
//! laid out in tables, Word's HTML (`<o:p>`, `<![if …]>`, spans in every cell), end tags
//! left out, upper-case tags, a number split over spans or written as entities, comments in
//! cells, full-width digits, a byte-order mark and CRLF. Each reads as the same report: the
//! same values, agency and year, and the same diagnostics.

use gongkai_core::model::values::ReportValues;
use gongkai_core::rules;

/// Apply `f` to the text between a `<td …>` tag and the next tag.
fn cell_text(html: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let (text, tail) = rest.split_at(i);
        out.push_str(text);
        let end = tail.find('>').map_or(tail.len(), |e| e + 1);
        let tag = &tail[..end];
        out.push_str(tag);
        rest = &tail[end..];
        if tag.to_ascii_lowercase().starts_with("<td") || tag.starts_with("<p") {
            let stop = rest.find('<').unwrap_or(rest.len());
            out.push_str(&f(&rest[..stop]));
            rest = &rest[stop..];
        }
    }
    out.push_str(rest);
    out
}

/// A cell's text that is a whole number, with its surrounding space.
fn number(t: &str) -> Option<&str> {
    let n = t.trim();
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(n)
}

fn variants(html: &str) -> Vec<(&'static str, String)> {
    let layout = match html.find("<body>") {
        Some(at) => {
            let mut v = html.to_string();
            v = v.replacen("</body>", "</td></tr></table></body>", 1);
            v.insert_str(
                at + "<body>".len(),
                "<table width=\"100%\"><tr><td><table><tr><td><a href=\"/\">首页</a></td>\
                 <td><a href=\"/gk\">政务公开</a></td></tr></table></td></tr><tr><td>",
            );
            v
        }
        None => format!(
            "<table width=\"100%\"><tr><td><table><tr><td><a href=\"/\">首页</a></td></tr>\
             </table></td></tr><tr><td>{html}</td></tr></table>"
        ),
    };
    let word = cell_text(html, |t| {
        if t.trim().is_empty() {
            t.to_string()
        } else {
            format!(
                "<span lang=EN-US style='font-size:10.5pt;font-family:宋体'>{t}<o:p></o:p></span>"
            )
        }
    })
    .replace(
        "&nbsp;",
        "<![if !supportEmptyParas]>&nbsp;<![endif]><o:p></o:p>",
    )
    .replacen(
        "<head>",
        "<head><!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View>\
         </w:WordDocument></xml><![endif]-->",
        1,
    );
    let no_end_tags = html
        .replace("</td>", "")
        .replace("</tr>", "")
        .replace("</p>", "");
    let upper = html
        .replace("<td", "<TD")
        .replace("</td>", "</TD>")
        .replace("<tr", "<TR")
        .replace("</tr>", "</TR>")
        .replace("<table", "<TABLE")
        .replace("</table>", "</TABLE>");
    let split_digits = cell_text(html, |t| match number(t) {
        Some(n) => n.chars().map(|d| format!("<span>{d}</span>")).collect(),
        None => t.to_string(),
    });
    let entities = cell_text(html, |t| match number(t) {
        Some(n) => n.chars().map(|d| format!("&#{};", d as u32)).collect(),
        None => t.to_string(),
    });
    let comments = cell_text(html, |t| {
        if t.trim().is_empty() {
            t.to_string()
        } else {
            format!("<!-- c -->{t}<!-- <td>9</td> -->")
        }
    });
    let spaced = html.replace("><", ">\n      <");
    let full_width = cell_text(html, |t| match number(t) {
        Some(n) => n
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap())
            .collect(),
        None => t.to_string(),
    });
    let bom_crlf = format!("\u{feff}{}", html.replace('\n', "\r\n"));
    vec![
        ("layout", layout),
        ("word", word),
        ("no-end-tags", no_end_tags),
        ("upper", upper),
        ("split-digits", split_digits),
        ("entities", entities),
        ("comments", comments),
        ("spaced", spaced),
        ("full-width", full_width),
        ("bom-crlf", bom_crlf),
    ]
}

#[test]
fn real_pages_rewritten_read_as_the_same_report() {
    for name in ["pingtan-2023.html", "shanghai-office-2019.html"] {
        let path = format!(
            "{}/../../fixtures/samples/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let html = std::fs::read_to_string(&path).unwrap();
        let want = gongkai_formats::load(name, html.as_bytes()).unwrap();
        let want_values = ReportValues::from_report(&want.report).unwrap();
        let codes = |r: &gongkai_core::model::Report| {
            let mut c: Vec<&str> = rules::check(r).iter().map(|d| d.code).collect();
            c.sort_unstable();
            c
        };
        let want_codes = codes(&want.report);
        for (kind, v) in variants(&html) {
            assert_ne!(v, html, "{name} {kind}: the rewrite changed nothing");
            let got = gongkai_formats::load(name, v.as_bytes())
                .unwrap_or_else(|e| panic!("{name} {kind}: {e}"));
            assert_eq!(
                ReportValues::from_report(&got.report).unwrap(),
                want_values,
                "{name} {kind}"
            );
            let value = |r: &gongkai_core::model::Report| {
                (r.agency.clone(), r.year.as_ref().map(|y| y.value))
            };
            assert_eq!(value(&got.report), value(&want.report), "{name} {kind}");
            assert_eq!(codes(&got.report), want_codes, "{name} {kind}");
        }
    }
}
