#!/usr/bin/env bash
# Writes crates/gongkai-core/src/parse/traditional.rs: traditional characters and the
# simplified ones OpenCC's t2s gives for them (OpenCC's TSCharacters data, Apache-2.0), one
# character for one, both three bytes in UTF-8 (so folding keeps every byte offset), leaving
# apart every character GB2312 holds: those are simplified characters too (覆, 於 …), read
# so only in a text in traditional characters. Needs opencc (Debian: apt-get install opencc) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -c 'print("\n".join(chr(c) for c in range(0x4E00, 0xA000)))' > "$tmp/all.txt"
opencc -c t2s.json -i "$tmp/all.txt" -o "$tmp/t2s.txt"
opencc_dict -i /usr/share/opencc/TSPhrases.ocd2 -o "$tmp/phrases.txt" -f ocd2 -t text
python3 - "$tmp/all.txt" "$tmp/t2s.txt" "OpenCC $(opencc --version 2>&1 | sed -n "s/^Version: //p")" "$tmp/phrases.txt" <<'PY' > crates/gongkai-core/src/parse/traditional.rs
import collections, sys
trad = open(sys.argv[1], encoding="utf-8").read().split("\n")
simp = open(sys.argv[2], encoding="utf-8").read().split("\n")
assert len(trad) == len(simp)
pairs, also = [], []
for t, s in zip(trad, simp):
    if not t or t == s or len(s) != 1 or len(s.encode()) != 3:
        continue
    try:
        t.encode("gb2312")
        also.append((t, s))
    except UnicodeEncodeError:
        pairs.append((t, s))
# A GB2312 character that t2s changes only inside words (答覆 → 答复, 反覆 → 反复), to one
# character, in 10 of its phrases or more, always the same one.
changes = collections.defaultdict(collections.Counter)
for line in open(sys.argv[4], encoding="utf-8"):
    cols = line.rstrip("\n").split("\t")
    if len(cols) < 2 or len(cols[0]) != len(cols[1].split(" ")[0]):
        continue
    for a, b in zip(cols[0], cols[1].split(" ")[0]):
        if a != b:
            changes[a][b] += 1
for a, c in sorted(changes.items()):
    (b, n), = c.most_common(1)
    if len(c) == 1 and n >= 10 and len(b.encode()) == 3 and a not in dict(also):
        try:
            a.encode("gb2312")
            also.append((a, b))
        except UnicodeEncodeError:
            pass
also.sort()
print("// Written by tools/traditional.sh from OpenCC's t2s (%s); do not edit." % sys.argv[3].strip())
print("// OpenCC's dictionaries: Apache License 2.0, https://github.com/BYVoid/OpenCC")
print()
print("/// (traditional, simplified), sorted by the traditional character: the %d characters no" % len(pairs))
print("/// simplified text holds (GB2312 has none of them).")
print("pub(super) const TRADITIONAL: &[(char, char)] = &[")
for t, s in pairs:
    print("    ('%s', '%s')," % (t, s))
print("];")
print()
print("/// (traditional, simplified) for the %d characters that are simplified characters too" % len(also))
print("/// (GB2312 has them: 覆盖, 於姓), t2s's by character or, for 覆 and 藉, by its phrases")
print("/// (答覆, 反覆, 憑藉): read so only in a text in traditional characters.")
print("pub(super) const ALSO_SIMPLIFIED: &[(char, char)] = &[")
for t, s in also:
    print("    ('%s', '%s')," % (t, s))
print("];")
PY
echo "wrote crates/gongkai-core/src/parse/traditional.rs"
