#!/bin/sh
# `| json` of the configuration and system shows, parsed back (python3's
# json module) and compared with the same command's table:
#   - running-config: the JSON tree drawn back as text (one space of
#     indent per level, `!` closing a block) is the text, line for line;
#     `| json | file F` writes the same document
#   - commit list: commit IDs, labels, users, lines, clients, comments and
#     times agree with `show configuration commit list detail`
#   - configuration sessions, show version: the table's values
#   - failed load: the lines the load could not use
#   - dir /all: names, inodes, sizes and links; configuration history:
#     every commit ID of the table
# The live shows are compared in tests/netns/json.sh.
set -u
top_srcdir="${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}"
top_builddir="${top_builddir:-$top_srcdir}"
bin="$top_builddir/mgmtsec"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: needs python3"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mgmtsec-json.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
no() { echo "FAIL: $*"; fail=1; }
ok() { echo "ok: $*"; }
m() { "$bin" --no-timestamp --db "$tmp/c.db" "$@"; }
# py DESCRIPTION ARGS... <<'PY': a python3 check of stdin, reported.
py() {
	desc=$1
	shift
	if python3 - "$@"; then ok "$desc"; else no "$desc"; fi
}

# The seed's Router 1 (seven commits), then a labelled commit with a
# comment.
{ cat "$top_srcdir/tests/seed/router1.cli"; echo configure; echo hostname r1
  echo "commit label seed comment the seed's router 1"; echo end; } |
    m >"$tmp/commit.out" 2>&1 ||
    { no "configuring failed: $(cat "$tmp/commit.out")"; exit 1; }

# running-config.
m -c "show running-config" >"$tmp/run.txt" &&
    m -c "show running-config | json" >"$tmp/run.json" &&
    m -c "show running-config | json | file $tmp/run-file.json" \
    >"$tmp/run-file.out" || no "show running-config | json failed"
py "running-config JSON is the text" \
    "$tmp/run.json" "$tmp/run.txt" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["schema"] == "running-config" and doc["version"] == 1, doc
assert doc["path"] == []
def draw(items, depth, out):
    for it in items:
        out.append(" " * depth + it["line"])
        if "config" in it:
            draw(it["config"], depth + 1, out)
            out.append(" " * depth + "!")
lines = []
draw(doc["config"], 0, lines)
text = open(sys.argv[2]).read().split("\n")
# The body: after the header's "!! ..." lines, up to "end".
body = [l for l in text[text.index("end") - len(lines):text.index("end")]]
assert lines == body, (lines, body)
assert any(l.startswith("!! ") for l in text[:text.index(body[0])])
assert len(lines) > 30
PY
[ ! -s "$tmp/run-file.out" ] && cmp -s "$tmp/run.json" "$tmp/run-file.json" &&
    ok "| json | file writes the document, prints nothing" ||
    no "| json | file"

# commit list.
m -c "show configuration commit list detail" >"$tmp/list.txt" &&
    m -c "show configuration commit list | json" >"$tmp/list.json" &&
    m -c "show configuration commit list 1 detail | json" >"$tmp/list1.json" ||
    no "commit list failed"
py "commit list JSON agrees with the table" \
    "$tmp/list.json" "$tmp/list.txt" "$tmp/list1.json" <<'PY'
import json, re, sys
doc = json.load(open(sys.argv[1]))
assert doc["schema"] == "commit-list" and doc["version"] == 1
blocks = [b for b in open(sys.argv[2]).read().split("\n\n") if b.strip()]
assert len(blocks) == len(doc["commits"]) == 8, (blocks, doc)
for b, c in zip(blocks, doc["commits"]):
    f = dict()
    for k, v in re.findall(r"(\w+): +(.*?)(?= {2,}\w+:|$)", b, re.M):
        f[k] = v.strip()
    assert int(f["CommitId"]) == c["commit-id"], (f, c)
    assert f["Label"] == (c["label"] or "NONE"), (f, c)
    assert f["UserId"] == c["user"] and f["Line"] == c["line"], (f, c)
    assert f["Client"] == c["client"] and f["Time"] == c["time-text"]
    assert f.get("Comment") == c["comment"], (f, c)
    assert isinstance(c["time"], int) and c["changes"] > 0
assert doc["commits"][0]["label"] == "seed"
assert doc["commits"][0]["comment"] == "the seed's router 1"
assert doc["commits"][1]["label"] is None
assert doc["commits"][1]["comment"] is None
one = json.load(open(sys.argv[3]))
assert one["commits"] == doc["commits"][:1]
PY

# configuration sessions, from a configuring session's `do`.
printf 'configure\ndo show configuration sessions\ndo show configuration sessions | json\nend\n' |
    m >"$tmp/sess.out" 2>&1 || no "sessions failed"
py "sessions JSON agrees with the table" \
    "$tmp/sess.out" <<'PY'
import json, sys
t = open(sys.argv[1]).read()
row = t.split("\n")[1].split()
doc = json.loads(t[t.index("{"):])
assert doc["schema"] == "config-sessions" and len(doc["sessions"]) == 1
s = doc["sessions"][0]
assert [str(s["session-id"]), s["line"], s["user"]] == row[:3], (s, row)
assert s["started-text"].split() == row[3:8] and s["exclusive"] is False
PY

# show version.
m -c "show version" >"$tmp/ver.txt" && m -c "show version | json" \
    >"$tmp/ver.json" || no "show version failed"
py "version JSON agrees with the text" \
    "$tmp/ver.json" "$tmp/ver.txt" <<'PY'
import json, re, sys
doc = json.load(open(sys.argv[1]))
t = open(sys.argv[2]).read()
assert doc["schema"] == "version"
def field(pattern):
    return re.search(pattern, t, re.M).group(1)
assert field(r"^Cisco IOS XR Software, Version (\S+)$") == doc["iosxr-version"]
assert field(r"^mgmtsec (\S+):") == doc["mgmtsec-version"]
assert field(r"^(\S+) uptime is") == doc["hostname"] == "r1"
assert field(r"^Database +: (.*)$") == doc["database"]
assert isinstance(doc["uptime"], int) and doc["memory-bytes"] > 0
PY

# failed load: the lines it could not use.
printf 'hostname r2\nbogus line one\ninterface tunnel-ip1 frob\n' >"$tmp/bad.cfg"
printf 'configure\nload %s\nshow configuration failed load | json\nabort\n' \
    "$tmp/bad.cfg" | m >"$tmp/load.out" 2>&1
py "failed load JSON lists the bad lines" \
    "$tmp/load.out" <<'PY'
import json, sys
t = open(sys.argv[1]).read()
doc = json.loads(t[t.index("{"):t.rindex("}") + 1])
assert doc["schema"] == "config-failed-load", doc
assert doc["lines"] == ["bogus line one", "interface tunnel-ip1 frob"], doc
PY

# dir and the configuration history: the table's values.
mkdir -p "$tmp/hd" && printf 'hostname r9\n' >"$tmp/hd/saved.cfg" &&
    printf 'x\n' >"$tmp/hd/.hidden"
m --harddisk "$tmp/hd" -c "dir /all" >"$tmp/dir.txt" &&
    m --harddisk "$tmp/hd" -c "dir /all | json" >"$tmp/dir.json" ||
    no "dir /all | json failed"
py "dir JSON is the table's entries" "$tmp/dir.json" "$tmp/dir.txt" <<'PY'
import json, re, sys
doc = json.load(open(sys.argv[1]))
assert doc["schema"] == "dir" and doc["version"] == 1, doc
rows = [l.split() for l in open(sys.argv[2])
        if re.match(r"^ *\d+ [-dl][-rwx]{9} ", l)]
got = [(e["name"], e["inode"], e["size"], e["links"]) for e in doc["entries"]]
want = [(r[-1], int(r[0]), int(r[3]), int(r[2])) for r in rows]
assert got == want and [g[0] for g in got] == [".hidden", "saved.cfg"], (got, want)
PY
m -c "show configuration history detail" >"$tmp/hist.txt" &&
    m -c "show configuration history detail | json" >"$tmp/hist.json" ||
    no "show configuration history | json failed"
py "configuration history JSON holds the table's commits" \
    "$tmp/hist.json" "$tmp/hist.txt" <<'PY'
import json, re, sys
doc = json.load(open(sys.argv[1]))
assert doc["schema"] == "config-history", doc
text = open(sys.argv[2]).read()
ids = re.findall(r"\b(10000000\d\d)\b", text)
assert ids, text
js = json.dumps(doc)
for i in set(ids):
    assert i in js, (i, doc)
PY

# No timestamp line before the document, even with timestamps on.
"$bin" --db "$tmp/c.db" -c "show version | json" >"$tmp/ts.json" &&
    python3 -m json.tool "$tmp/ts.json" >/dev/null &&
    ok "timestamps on: still one JSON document" || no "timestamp with | json"
exit $fail
