#!/usr/bin/env python3
"""Compares a live show's table with its `| json` document (tests/netns/json.sh).

json-compare.py KIND TEXT-FILE JSON-FILE: exits 0 when every value the
table prints is the document's value (times that tick between the two
requests within a few seconds), 1 with the first difference.  The
expected table lines are built from the document by the table's own
rules (SPEC section 8), so the check covers keys, types and values.
"""
import json
import re
import sys

SLACK = 5   # seconds a countdown or an active time may move between calls


def pairs(text):
    """The "Label<pad>: value" lines of a text, in order."""
    out = []
    for line in text.split("\n"):
        m = re.match(r"^(\S.*?) +: (.*)$", line)
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def near(a, b):
    return abs(int(a) - int(b)) <= SLACK


def same(want, got, ticking=()):
    if len(want) != len(got):
        raise AssertionError("%d lines, want %d:\n%s\n%s" %
                             (len(got), len(want), got, want))
    for (wl, wv), (gl, gv) in zip(want, got):
        if wl != gl:
            raise AssertionError("label %r, want %r" % (gl, wl))
        if wl in ticking:
            ws, gs = wv.split("/"), gv.split("/")
            if ws[:-1] != gs[:-1] or not near(ws[-1], gs[-1]):
                raise AssertionError("%s: %r, want %r" % (wl, gv, wv))
        elif wv != gv:
            raise AssertionError("%s: %r, want %r" % (wl, gv, wv))


def ints(o, *keys):
    for k in keys:
        if not isinstance(o[k], int) or isinstance(o[k], bool):
            raise AssertionError("%s is %r, not an integer" % (k, o[k]))


def session(doc, text):
    assert doc["schema"] == "ikev2-session" and doc["version"] == 1
    detail = doc["detail"]
    want = []
    for s in doc["sessions"]:
        ints(s, "session-id", "ike-count", "child-count")
        want += [("Session ID", str(s["session-id"])),
                 ("Status", s["status"]),
                 ("IKE Count", str(s["ike-count"])),
                 ("Child Count", str(s["child-count"]))]
        for i in s["ike-sas"]:
            ints(i, "ike-sa-id", "local-port", "remote-port")
            want += [("IKE SA ID", str(i["ike-sa-id"])),
                     ("Local", "%s/%d" % (i["local"], i["local-port"])),
                     ("Remote", "%s/%d" % (i["remote"], i["remote-port"])),
                     ("Status(Description)", "%s (%s)" %
                      (i["status"], i["status-description"])),
                     ("Role", i["role"])]
            if detail:
                ints(i, "keysize", "dh-group", "lifetime", "active-time")
                want += [("Encryption/Keysize", "%s/%d" %
                          (i["encryption"], i["keysize"])),
                         ("PRF/Hash/DH Group", "%s/%s/%d" %
                          (i["prf"], i["integrity"], i["dh-group"])),
                         ("Authentication(Sign/Verify)", "%s/%s" %
                          (i["auth-local"], i["auth-remote"])),
                         ("Life/Active Time(sec)", "%d/%d" %
                          (i["lifetime"], i["active-time"])),
                         ("Session ID", str(s["session-id"])),
                         ("Local SPI", i["local-spi"]),
                         ("Remote SPI", i["remote-spi"]),
                         ("Local ID", i["local-id"]),
                         ("Remote ID", i["remote-id"])]
            for c in i["child-sas"]:
                ints(c, "spi-in", "spi-out")
                want += [("Local Selector", x) for x in c["local-selectors"]]
                want += [("Remote Selector", x)
                         for x in c["remote-selectors"]]
                want.append(("ESP SPI IN/OUT", "0x%08x / 0x%08x" %
                             (c["spi-in"], c["spi-out"])))
                if detail:
                    want += [("Encryption", c["encryption"]),
                             ("Keysize", str(c["keysize"])),
                             ("ESP HMAC", c["integrity"])]
    same(want, pairs(text), ticking=("Life/Active Time(sec)",))


def ikev2_sa(doc, text):
    assert doc["schema"] == "ikev2-sa" and doc["detail"] is True
    lines = [l for l in text.split("\n") if l]
    assert lines[0].split() == ["Tunnel-id", "Local", "Remote", "fvrf/ivrf",
                                "Status"], lines[0]
    body = lines[1:]
    assert len(body) == 8 * len(doc["sas"]), body
    for k, s in enumerate(doc["sas"]):
        b = body[8 * k:8 * k + 8]
        assert b[0].split() == [str(s["ike-sa-id"]), "%s/%d" % (
            s["local"], s["local-port"]), "%s/%d" % (s["remote"],
            s["remote-port"]), "none/none", s["status"]], b[0]
        assert b[1].strip() == ("Encr: %s, keysize: %d, PRF: %s, Hash: %s, "
                                "DH Grp:%d, Auth sign: %s, Auth verify: %s" % (
                                    s["encryption"], s["keysize"], s["prf"],
                                    s["integrity"], s["dh-group"],
                                    s["auth-local"], s["auth-remote"])), b[1]
        m = re.match(r"^ +Life/Active Time: (\d+)/(\d+) sec$", b[2])
        assert int(m.group(1)) == s["lifetime"], b[2]
        assert near(m.group(2), s["active-time"]), b[2]
        assert b[3].strip() == "Status Description: " + \
            s["status-description"], b[3]
        assert b[4].strip() == "Role: %s, Session ID: %d, Interface: %s" % (
            s["role"], s["session-id"], s["tunnel"]), b[4]
        assert b[5].split() == ["Local", "spi:", s["local-spi"], "Remote",
                                "spi:", s["remote-spi"]], b[5]
        assert b[6].strip() == "Local id: " + s["local-id"], b[6]
        assert b[7].strip() == "Remote id: " + s["remote-id"], b[7]


def summary(doc, text):
    assert doc["schema"] == "ikev2-summary"
    want = []
    for label, k in (("Total Sa", "total"), ("Total Outgoing Sa", "outgoing"),
                     ("Total Incoming Sa", "incoming")):
        t = doc[k]
        ints(t, "sas", "active", "negotiating")
        assert t["sas"] == t["active"] + t["negotiating"]
        want.append((label + " (Active/Negotiation)", "%d (%d/%d)" %
                     (t["sas"], t["active"], t["negotiating"])))
    same(want, pairs(text))


def statistics(doc, text):
    assert doc["schema"] == "ikev2-statistics"
    got = pairs(text)
    want = [("%s Sent/Received" % x["name"], "%d/%d" % (x["sent"],
             x["received"])) for x in doc["exchanges"]]
    n = len(want)
    # The counters: the table's labels in the document's key order.
    labels = [l for l, _ in got[n:n + len(doc["counters"])]]
    for (k, v), label in zip(doc["counters"].items(), labels):
        ints(doc["counters"], k)
        # The heap moves with every request served.
        want.append((label, got[labels.index(label) + n][1]
                     if k == "heap-in-use" else str(v)))
    want += [(f["reason"], str(f["count"])) for f in doc["failures"]]
    same(want, got)
    assert doc["counters"]["ike-established"] >= 1
    assert doc["counters"]["child-installed"] >= 1


def ipsec_dir(d, detail):
    ints(d, "spi", "keysize", "rekey-in")
    w = [("SPI", "0x%08x" % d["spi"]), ("Protocol", d["protocol"]),
         ("Encrypt Algorithm", d["encryption"]),
         ("Auth Algorithm", d["integrity"]),
         ("Rekey (After Seconds)", str(d["rekey-in"]))]
    if detail:
        ints(d, "lifetime", "expire-in", "packets", "bytes", "errors",
             "replay-drops")
        w += [("Lifetime (Seconds)", str(d["lifetime"])),
              ("Expires (After Sec)", str(d["expire-in"])),
              ("Packets", str(d["packets"])), ("Bytes", str(d["bytes"])),
              ("Errors", str(d["errors"])),
              ("Replay Drops", str(d["replay-drops"]))]
    return w


def ipsec_sa(doc, text):
    assert doc["schema"] == "ipsec-sa"
    detail = doc["detail"]
    want = []
    for s in doc["sas"]:
        ints(s, "if-handle", "sa-id")
        want += [("Interface Name", s["interface"]),
                 ("Interface handle", "0x%x" % s["if-handle"]),
                 ("SA id", str(s["sa-id"])), ("Mode", s["mode"])]
        if detail:
            want += [("Local", s["local"]), ("Remote", s["remote"]),
                     ("UDP Encapsulation",
                      "Yes" if s["udp-encapsulation"] else "No"),
                     ("PFS (DH Group)", "group%d" % s["pfs-group"]
                      if s["pfs-group"] else "None"),
                     ("State", s["state"])]
        want += ipsec_dir(s["inbound"], detail)
        want += ipsec_dir(s["outbound"], detail)
    same(want, pairs(text), ticking=("Rekey (After Seconds)",
                                     "Expires (After Sec)"))


def ipsec_table(doc, text):
    assert doc["schema"] == "ipsec-sa" and doc["detail"] is False
    rows = [l.split() for l in text.split("\n")[2:] if l]
    want = [[s["interface"], str(s["sa-id"]), "0x%08x" % s["inbound"]["spi"],
             "0x%08x" % s["outbound"]["spi"]] for s in doc["sas"]]
    assert rows == want, (rows, want)


def dataplane(doc, text):
    assert doc["schema"] == "ipsec-dataplane"
    ints(doc, "tunnels", "child-sas", "packets-out", "packets-in",
         "drops-no-sa", "drops-bad", "drops-io", "esp-received",
         "esp-dropped")
    want = [("Data plane", doc["backend"]), ("Reason", doc["reason"])]
    if doc["mode"]:
        want.append(("Mode", doc["mode"]))
    for label, k in (("Tunnels", "tunnels"), ("Child SAs", "child-sas"),
                     ("Packets Out", "packets-out"),
                     ("Packets In", "packets-in"),
                     ("Drops (no SA)", "drops-no-sa"),
                     ("Drops (invalid)", "drops-bad"),
                     ("Drops (system)", "drops-io"),
                     ("ESP-in-UDP Received", "esp-received"),
                     ("ESP-in-UDP Dropped", "esp-dropped")):
        want.append((label, str(doc[k])))
    same(want, pairs(text))


KINDS = {"session": session, "ikev2-sa": ikev2_sa, "summary": summary,
         "statistics": statistics, "ipsec-sa": ipsec_sa,
         "ipsec-table": ipsec_table, "dataplane": dataplane}

if __name__ == "__main__":
    kind, tf, jf = sys.argv[1:4]
    try:
        KINDS[kind](json.load(open(jf)), open(tf).read())
    except (AssertionError, KeyError, ValueError, TypeError,
            AttributeError) as e:
        print("%s: %s: %s" % (kind, type(e).__name__, e))
        sys.exit(1)
