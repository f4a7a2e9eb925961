"""Independent check of truth.tsv: consistency rules per report (absent cell = 0 for the rule),
expected cell counts per template, and every truth value findable in the report's text."""
import collections
import os
import sys

D = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APPL = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org"]
FW = str.maketrans("０１２３４５６７８９．－，", "0123456789.-,")


def text_of(path):
    if path.endswith(".pdf"):
        import pdfplumber
        with pdfplumber.open(path) as p:
            return "\n".join(pg.extract_text() or "" for pg in p.pages)
    if path.endswith(".docx"):
        import docx
        d = docx.Document(path)
        return "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
    raw = open(path, "rb").read()
    for enc in ("utf-8-sig", "gbk"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            pass
    raise ValueError(path)


def main():
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(D, "truth.tsv"), encoding="utf-8")][1:]
    meta = {l.split("\t")[0]: l.rstrip("\n").split("\t") for l in open(os.path.join(D, "meta.tsv"), encoding="utf-8")}
    by = collections.defaultdict(dict)
    for rep, t, r, c, v, unit in rows:
        by[rep][t, r, c] = float(v)
    bad = 0
    for rep, f in sorted(by.items()):
        g = lambda t, r, c: f.get((t, r, c), 0)  # noqa: E731
        reqrows = sorted({k[1] for k in f if k[0] == "requests"})
        outcomes = [r for r in reqrows if r not in ("new_received", "carried_over", "handled_total", "carried_forward")]
        for r in reqrows:
            if abs(g("requests", r, "total") - sum(g("requests", r, c) for c in APPL)) > 1e-9:
                print(rep, "rule1", r); bad += 1
        for c in APPL + ["total"]:
            if g("requests", "new_received", c) + g("requests", "carried_over", c) != g("requests", "handled_total", c) + g("requests", "carried_forward", c):
                print(rep, "rule2", c); bad += 1
            if g("requests", "handled_total", c) != sum(g("requests", r, c) for r in outcomes):
                print(rep, "rule3", c); bad += 1
        for r in ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]:
            if g("review", r, "total") != sum(g("review", r, c) for c in ["upheld", "corrected", "other_result", "pending"]):
                print(rep, "rule4", r); bad += 1
        tmpl = meta[rep][3]
        other = [r for r in outcomes if r.startswith("other")]
        if tmpl == "2019":
            assert other == ["other"], (rep, other)
        txt = text_of(os.path.join(D, rep)).translate(FW).replace(",", "")
        missing = [k for k, v in f.items() if ("%.8f" % v).rstrip("0").rstrip(".") not in txt]
        if missing:
            print(rep, "values not found in text:", missing[:5]); bad += 1
        print("%-40s %s cells=%d outcomes=%d" % (rep, tmpl, len(f), len(outcomes)))
    print("problems:", bad)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
