#!/usr/bin/env bash
# Round trip through real tools, at scale: synthesize reports of both templates, pass them
# through the programs reports really go through on their way to a website or a crawler, and
# score every result against the synthesized values with `gongkai eval`.
#
#   bench/roundtrip.sh [COUNT] [SEED]        (default 60 reports, seed 11)
#
# Paths (one directory each under $OUT, default /tmp/gongkai-roundtrip):
#   lo-pdf        DOCX written by gongkai → LibreOffice → PDF
#   lo-doc        DOCX → LibreOffice → legacy .doc (read back through LibreOffice)
#   lo-html       DOCX → LibreOffice → XHTML
#   txt-lo-pdf    plain-text report → LibreOffice → PDF (one cell per line)
#   chromium-pdf  HTML page → headless Chromium → PDF
#   borderless    HTML page without table rules → headless Chromium → PDF (with header/footer)
#   pdftotext     each PDF above → poppler's pdftotext (reading order)
#   pdftotext-layout  each PDF above → pdftotext -layout (columns kept by spaces)
#   pymupdf       lo-pdf and chromium-pdf → PyMuPDF page.get_text() (one cell per line)
#   pdfminer      lo-pdf and chromium-pdf → pdfminer.six pdf2txt.py (column by column)
#   pandoc-docx / pandoc-html  DOCX / HTML → pandoc -t gfm (pipe tables, raw HTML tables)
#   html2text     HTML → html2text (pipe rows without outer pipes)
#   w3m / lynx    HTML → w3m -dump (box-drawn tables) / lynx -dump (spaced columns)
#   markitdown    HTML and DOCX → markitdown (merged cells written out as empty cells)
#   markitdown-pdf  lo-pdf and chromium-pdf → markitdown (pdfplumber's tables: columns
#                 split and joined, empty columns dropped; rows refused where they move)
# Needs soffice, chromium and pdftotext (the apt line in .ci/run installs them); the later
# paths run when their tool is there (apt: pandoc w3m lynx; pip: pymupdf pdfminer.six
# html2text 'markitdown[docx]').
# Exit status: 0 when every path reads 100 % of its cells, 1 otherwise.
set -uo pipefail
count="${1:-60}"
seed="${2:-11}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${OUT:-/tmp/gongkai-roundtrip}"
gongkai="$root/target/release/gongkai"
[ -x "$gongkai" ] || (cd "$root" && cargo build --release --quiet)
rm -rf "$out"
mkdir -p "$out"
src="$out/src"
"$gongkai" synth --count "$count" --seed "$seed" -o "$src" --formats docx,html,txt --template mix >/dev/null

lo() { soffice --headless "-env:UserInstallation=file://$out/profile" "$@" >/dev/null 2>&1; }
chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    "--user-data-dir=$out/chrome" "$@" >/dev/null 2>&1
}
# expect DIR EXT SRC-EXT: copy each source's expected values beside its converted file.
expect() {
  for f in "$out/$1"/*."$2"; do
    [ -e "$f" ] || continue
    name="$(basename "$f" ."$2")"
    cp "$src/$name.$3.json" "$f.json"
  done
}

mkdir -p "$out"/{lo-pdf,lo-doc,lo-html,txt-lo-pdf,chromium-pdf,borderless,pdftotext,pdftotext-layout}
lo --convert-to pdf --outdir "$out/lo-pdf" "$src"/*.docx && expect lo-pdf pdf docx
lo --convert-to doc --outdir "$out/lo-doc" "$src"/*.docx && expect lo-doc doc docx
lo --convert-to 'html:XHTML Writer File:UTF8' --outdir "$out/lo-html" "$src"/*.docx && expect lo-html html docx
lo --infilter='Text (encoded):UTF8,,,' --convert-to pdf --outdir "$out/txt-lo-pdf" "$src"/*.txt && expect txt-lo-pdf pdf txt
for f in "$src"/*.html; do
  name="$(basename "$f" .html)"
  chrome --no-pdf-header-footer "--print-to-pdf=$out/chromium-pdf/$name.pdf" "file://$f"
  sed -e 's#</head>#<style>table,tr,td,th{border:none !important}</style></head>#' \
    -e 's#border="[0-9]*"#border="0"#g' "$f" > "$out/profile/$name.html"
  chrome "--print-to-pdf=$out/borderless/$name.pdf" "file://$out/profile/$name.html"
done
expect chromium-pdf pdf html
expect borderless pdf html
for dir in lo-pdf txt-lo-pdf chromium-pdf borderless; do
  for f in "$out/$dir"/*.pdf; do
    name="$dir-$(basename "$f" .pdf)"
    pdftotext "$f" "$out/pdftotext/$name.txt" && cp "$f.json" "$out/pdftotext/$name.txt.json"
    pdftotext -layout "$f" "$out/pdftotext-layout/$name.txt" && cp "$f.json" "$out/pdftotext-layout/$name.txt.json"
  done
done

have() { command -v "$1" >/dev/null 2>&1; }
paths=(lo-pdf lo-doc lo-html txt-lo-pdf chromium-pdf borderless pdftotext pdftotext-layout)
if python3 -c 'import pymupdf' 2>/dev/null; then
  mkdir -p "$out/pymupdf" && paths+=(pymupdf)
  for f in "$out"/lo-pdf/*.pdf "$out"/chromium-pdf/*.pdf; do
    name="$(basename "$(dirname "$f")")-$(basename "$f" .pdf)"
    python3 -W ignore -c 'import pymupdf, sys; sys.stdout.write("".join(p.get_text() for p in pymupdf.open(sys.argv[1])))' \
      "$f" > "$out/pymupdf/$name.txt" && cp "$f.json" "$out/pymupdf/$name.txt.json"
  done
fi
if have pdf2txt.py; then
  mkdir -p "$out/pdfminer" && paths+=(pdfminer)
  for f in "$out"/lo-pdf/*.pdf "$out"/chromium-pdf/*.pdf; do
    name="$(basename "$(dirname "$f")")-$(basename "$f" .pdf)"
    pdf2txt.py "$f" > "$out/pdfminer/$name.txt" 2>/dev/null && cp "$f.json" "$out/pdfminer/$name.txt.json"
  done
fi
if have pandoc; then
  mkdir -p "$out/pandoc-docx" "$out/pandoc-html" && paths+=(pandoc-docx pandoc-html)
  for f in "$src"/*.docx; do
    name="$(basename "$f" .docx)"
    pandoc -f docx -t gfm "$f" -o "$out/pandoc-docx/$name.md" && cp "$f.json" "$out/pandoc-docx/$name.md.json"
  done
  for f in "$src"/*.html; do
    name="$(basename "$f" .html)"
    pandoc -f html -t gfm "$f" -o "$out/pandoc-html/$name.md" && cp "$f.json" "$out/pandoc-html/$name.md.json"
  done
fi
for tool in html2text w3m lynx; do
  have "$tool" || continue
  mkdir -p "$out/$tool" && paths+=("$tool")
  for f in "$src"/*.html; do
    name="$(basename "$f" .html)"
    case "$tool" in
      html2text) html2text "$f" utf-8 > "$out/$tool/$name.md"; ext=md ;;
      w3m) w3m -dump -T text/html -O UTF-8 -cols 200 "$f" > "$out/$tool/$name.txt"; ext=txt ;;
      lynx) lynx -dump -display_charset=utf-8 -width=200 "$f" > "$out/$tool/$name.txt"; ext=txt ;;
    esac
    cp "$f.json" "$out/$tool/$name.$ext.json"
  done
done
if have markitdown; then
  mkdir -p "$out/markitdown" && paths+=(markitdown)
  for f in "$src"/*.html "$src"/*.docx; do
    name="$(basename "$f")"
    markitdown "$f" > "$out/markitdown/$name.md" 2>/dev/null && cp "$f.json" "$out/markitdown/$name.md.json"
  done
  mkdir -p "$out/markitdown-pdf" && paths+=(markitdown-pdf)
  for f in "$out"/lo-pdf/*.pdf "$out"/chromium-pdf/*.pdf; do
    name="$(basename "$(dirname "$f")")-$(basename "$f" .pdf)"
    markitdown "$f" > "$out/markitdown-pdf/$name.md" 2>/dev/null && cp "$f.json" "$out/markitdown-pdf/$name.md.json"
  done
fi

status=0
printf '%-18s %s\n' path result
for dir in "${paths[@]}"; do
  total="$("$gongkai" eval "$out/$dir" --min 0 2>&1 | grep -E "^total" | tail -1)"
  printf '%-18s %s\n' "$dir" "$total"
  "$gongkai" eval "$out/$dir" --min 100 >/dev/null 2>&1 || status=1
done
exit $status
