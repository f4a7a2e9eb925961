"""Data model: one report = one dict of canonical facts, plus the printed grids of its three tables.

Truth is taken from the grid cells that carry a key and are not printed blank, so the rendered
file and truth.tsv come from the same structure.
"""
import random

APPL = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org"]
REQ_COLS = APPL + ["total"]

OUTCOME_2019 = [
    "granted", "partially_granted",
    "denied.state_secret", "denied.law_prohibited", "denied.security_stability", "denied.third_party",
    "denied.internal_affairs", "denied.process_info", "denied.enforcement_file", "denied.admin_query",
    "unable.not_held", "unable.needs_creation", "unable.unclear",
    "not_processed.complaint", "not_processed.duplicate", "not_processed.publication",
    "not_processed.excessive", "not_processed.confirm",
]
OTHER_SPLIT = ["other.no_correction", "other.no_fee", "other.other"]
REVIEW_ROWS = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
REVIEW_COLS = ["upheld", "corrected", "other_result", "pending", "total"]

# how likely / how large a figure is, per applicant column (scaled by body size)
COL_WEIGHT = {"natural_person": 1.0, "commercial": 0.45, "research": 0.12, "social_welfare": 0.15,
              "legal_service": 0.3, "other_org": 0.2}
ROW_WEIGHT = {
    "granted": 2.5, "partially_granted": 0.8,
    "denied.state_secret": 0.08, "denied.law_prohibited": 0.12, "denied.security_stability": 0.1,
    "denied.third_party": 0.2, "denied.internal_affairs": 0.15, "denied.process_info": 0.25,
    "denied.enforcement_file": 0.15, "denied.admin_query": 0.15,
    "unable.not_held": 1.2, "unable.needs_creation": 0.25, "unable.unclear": 0.2,
    "not_processed.complaint": 0.35, "not_processed.duplicate": 0.25, "not_processed.publication": 0.1,
    "not_processed.excessive": 0.12, "not_processed.confirm": 0.12,
    "other": 0.3, "other.no_correction": 0.25, "other.no_fee": 0.08, "other.other": 0.25,
}


class Report:
    def __init__(self, rid, fname, body, year, seed, size="county", other_split=True,
                 regs=False, proc_unit="万元", zero_cols=(), blank_zero=None, sc=None):
        self.rid = rid
        self.fname = fname
        self.body = body
        self.year = year
        self.template = "2019" if year <= 2020 else "2021"
        self.R = random.Random(seed)
        self.size = size
        self.other_split = other_split if self.template == "2021" else False
        self.regs = regs
        self.proc_unit = proc_unit
        self.zero_cols = set(zero_cols)   # applicant columns with no applications at all
        self.blank_zero = blank_zero      # None, or a marker: zero cells of zero_cols printed blank
        self.sc = sc
        self.f = {}                        # (table,row,col) -> value
        self.unit = {}
        self.gen_active()
        self.gen_requests()
        self.gen_review()
        self.check()

    # ---------------- generation ----------------
    def scale(self):
        if self.sc:
            return self.sc
        return {"township": 6, "dept": 14, "county": 40, "city": 160}[self.size]

    def gen_active(self):
        R, f = self.R, self.f
        s = self.size
        big = {"township": 1, "dept": 3, "county": 8, "city": 30}[s]
        if self.template == "2019":
            if self.regs:
                nm = R.randint(2, 6); f["active", "regulations", "new_made"] = nm
                f["active", "regulations", "new_published"] = nm - R.randint(0, 1)
                f["active", "regulations", "total_published"] = R.randint(40, 120)
            else:
                for c in ["new_made", "new_published", "total_published"]:
                    f["active", "regulations", c] = 0
            nm = R.randint(1, 2 * big + 3); f["active", "normative_documents", "new_made"] = nm
            f["active", "normative_documents", "new_published"] = max(1, nm - R.randint(0, 2))
            f["active", "normative_documents", "total_published"] = nm + R.randint(5, 30 * big)
            for row, lo, hi in [("licensing", 20, 900), ("other_services", 5, 300),
                                ("penalty", 10, 1200), ("enforcement", 2, 150)]:
                m = {"township": 0.05, "dept": 0.3, "county": 1, "city": 4}[s]
                prev = max(3, int(R.randint(lo, hi) * m))
                f["active", row, "prev_count"] = prev
                f["active", row, "change"] = R.choice([-1, 1, 1]) * R.randint(1, max(2, prev // 6))
                f["active", row, "decisions"] = max(1, int(R.randint(lo, hi * 3) * m))
            prev = R.randint(3, 40)
            f["active", "fees", "prev_count"] = prev
            f["active", "fees", "change"] = -R.randint(1, 5)
            f["active", "procurement", "projects"] = R.randint(3, 40 * big)
            if self.proc_unit == "元":
                f["active", "procurement", "amount"] = round(R.uniform(2e5, 9e7), 2)
            else:
                f["active", "procurement", "amount"] = round(R.uniform(8, 900 * big), 2)
            self.unit["active", "procurement", "amount"] = self.proc_unit
        else:
            if self.regs:
                f["active", "regulations", "issued"] = R.randint(2, 7)
                f["active", "regulations", "repealed"] = R.randint(1, 4)
                f["active", "regulations", "in_force"] = R.randint(45, 130)
            else:
                for c in ["issued", "repealed", "in_force"]:
                    f["active", "regulations", c] = 0
            f["active", "normative_documents", "issued"] = R.randint(1, 2 * big + 3)
            f["active", "normative_documents", "repealed"] = R.randint(1, big + 2)
            f["active", "normative_documents", "in_force"] = R.randint(8, 40 * big)
            m = {"township": 0.04, "dept": 0.3, "county": 1, "city": 4}[s]
            f["active", "licensing", "decisions"] = max(2, int(R.randint(300, 9000) * m))
            f["active", "penalty", "decisions"] = max(1, int(R.randint(40, 2600) * m))
            f["active", "enforcement", "decisions"] = max(1, int(R.randint(3, 160) * m))
            nd = R.choice([2, 4, 6, 2])
            f["active", "fees", "amount"] = round(R.uniform(3, 6000 * m + 5), nd)
            self.unit["active", "fees", "amount"] = "万元"

    def gen_requests(self):
        R, f = self.R, self.f
        sc = self.scale()
        outcomes = list(OUTCOME_2019) + (OTHER_SPLIT if self.other_split else ["other"])
        self.outcomes = outcomes
        for c in APPL:
            if c in self.zero_cols:
                for r in outcomes + ["new_received", "carried_over", "handled_total", "carried_forward"]:
                    f["requests", r, c] = 0
                continue
            w = COL_WEIGHT[c]
            for r in outcomes:
                rw = ROW_WEIGHT[r]
                sizef = {"township": 0.75, "dept": 0.85, "county": 1.1, "city": 1.3}[self.size]
                p = min(0.93, (0.35 + 0.8 * w * rw) * sizef)
                hi = max(1, round(sc * w * rw / 3))
                f["requests", r, c] = R.randint(max(1, hi // 4), hi) if R.random() < p else 0
            ht = sum(f["requests", r, c] for r in outcomes)
            if ht == 0:
                f["requests", "granted", c] = 1; ht = 1
            f["requests", "handled_total", c] = ht
            cf = R.randint(0, max(1, ht // 5)) if R.random() < 0.7 else 0
            co = R.randint(0, max(1, ht // 6)) if R.random() < 0.7 else 0
            co = min(co, ht + cf - 1)
            f["requests", "carried_forward", c] = cf
            f["requests", "carried_over", c] = co
            f["requests", "new_received", c] = ht + cf - co
        for r in ["new_received", "carried_over"] + outcomes + ["handled_total", "carried_forward"]:
            f["requests", r, "total"] = sum(f["requests", r, c] for c in APPL)

    def gen_review(self):
        R, f = self.R, self.f
        k = {"township": 2, "dept": 3, "county": 6, "city": 14}[self.size]
        for r in REVIEW_ROWS:
            kk = k if r != "litigation_after_reconsideration" else max(1, k // 2)
            for c in REVIEW_COLS[:4]:
                f["review", r, c] = R.randint(1, kk) if R.random() < 0.75 else 0
            f["review", r, "total"] = sum(f["review", r, c] for c in REVIEW_COLS[:4])

    def check(self):
        f = self.f
        for r in self.req_rows():
            assert f["requests", r, "total"] == sum(f["requests", r, c] for c in APPL), r
        for c in REQ_COLS:
            assert (f["requests", "new_received", c] + f["requests", "carried_over", c]
                    == f["requests", "handled_total", c] + f["requests", "carried_forward", c]), c
            assert f["requests", "handled_total", c] == sum(f["requests", r, c] for r in self.outcomes), c
            assert f["requests", "new_received", c] >= 0
        for r in REVIEW_ROWS:
            assert f["review", r, "total"] == sum(f["review", r, c] for c in REVIEW_COLS[:4])
        for k, v in f.items():
            if not (k[2] == "change" or isinstance(v, float)):
                assert v >= 0, k

    def req_rows(self):
        return ["new_received", "carried_over"] + self.outcomes + ["handled_total", "carried_forward"]

    # convenience for prose
    def g(self, t, r, c):
        return self.f[t, r, c]
