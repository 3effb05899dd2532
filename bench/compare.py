#!/usr/bin/env python3
"""gongkai against what an analyst would use otherwise, on the same files.

HTML: pandas.read_html (lxml) — tables only, no checks.
PDF:  pdfplumber's page.extract_tables() — tables only, no checks.
gongkai: `gongkai bench FILE` — the whole parse (all tables, narrative, positions) + every rule.

Run from the repository root:  python3 bench/compare.py
It builds gongkai in release mode and installs pandas, lxml and pdfplumber from PyPI into
target/bench-venv (once). Times are per file, best of several runs, on one core.
"""
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "target", "bench-venv")
HTML = ["fixtures/samples/pingtan-2023.html", "fixtures/samples/shanghai-office-2019.html"]
PDF = [
    "fixtures/samples/huaian-2024.pdf",
    "fixtures/real-pdf/pingtan-2023-chromium.pdf",
    "fixtures/real-pdf/shanghai-office-2019-gongkai-lo.pdf",
]

OTHER = r"""
import sys, time, warnings, io
warnings.filterwarnings("ignore")
kind, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
best = float("inf")
for _ in range(runs):
    t = time.perf_counter()
    if kind == "html":
        import pandas
        with open(path, "rb") as f:
            tables = pandas.read_html(io.BytesIO(f.read()))
        n = len(tables)
    else:
        import pdfplumber
        with pdfplumber.open(path) as pdf:
            n = sum(len(p.extract_tables()) for p in pdf.pages)
    best = min(best, time.perf_counter() - t)
print(f"{best * 1e6:.0f} {n}")
"""


def venv_python():
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "pandas", "lxml", "html5lib",
                        "beautifulsoup4", "pdfplumber"], check=True)
    return py


def gongkai_us(path):
    out = subprocess.run([os.path.join(ROOT, "target/release/gongkai"), "bench", path,
                          "--seconds", "3"], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"per report:\s+([\d.]+)", out).group(1))


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    py = venv_python()
    print(f"{'file':55} {'other tool':>14} {'gongkai':>10} {'ratio':>7}")
    for kind, files in (("html", HTML), ("pdf", PDF)):
        for f in files:
            path = os.path.join(ROOT, f)
            runs = "5" if kind == "pdf" else "20"
            other = subprocess.run([py, "-c", OTHER, kind, path, runs], capture_output=True,
                                   text=True, check=True).stdout.split()
            other_us, tables = float(other[0]), other[1]
            ours = gongkai_us(path)
            tool = "pandas.read_html" if kind == "html" else "pdfplumber"
            print(f"{f:55} {other_us / 1000:>9.1f} ms   {ours / 1000:>6.2f} ms {other_us / ours:>6.0f}×"
                  f"   ({tool}: {tables} tables)")


if __name__ == "__main__":
    main()
