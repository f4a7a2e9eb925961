"""The national tables of schema.md as data: tables, rows, columns, their labels and match keys.

Every step of the pipeline (parser, consistency check, store, question answering) reads these
definitions; nothing else spells out a row or a column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEMPLATES = ("2019", "2021")
# Bump when a table, row or column id changes: facts stored under the old ids no longer match.
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Column:
    """One column of a table: its id, printed label, English name and unit."""

    id: str
    label: str
    en: str
    unit: str | None = None


@dataclass(frozen=True)
class Row:
    """One row: id, printed label, English name, the keys that find it, the columns it holds."""

    id: str
    label: str
    en: str
    keys: tuple[str, ...]
    columns: tuple[Column, ...]
    group: str = ""  # printed label of the merged group cell, e.g. （三）不予公开

    @property
    def column_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.columns)


@dataclass(frozen=True)
class Table:
    """One standard table of one template."""

    id: str
    part: int
    title: str
    en: str
    rows: tuple[Row, ...]
    aliases: dict[str, str] = field(default_factory=dict)  # alternative row ids, e.g. 'other' for 2021

    def row(self, row_id: str) -> Row:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise KeyError(f"table {self.id!r} has no row {row_id!r}")


# ---- active (二、主动公开政府信息情况) ---------------------------------------------------------

_NEW_MADE = Column("new_made", "本年新制作数量", "newly made this year")
_NEW_PUBLISHED = Column("new_published", "本年新公开数量", "newly published this year")
_TOTAL_PUBLISHED = Column("total_published", "对外公开总数量", "total published")
_PREV_COUNT = Column("prev_count", "上一年项目数量", "items last year")
_CHANGE = Column("change", "本年增/减", "change this year")
_DECISIONS_2019 = Column("decisions", "处理决定数量", "decisions")
_PROJECTS = Column("projects", "采购项目数量", "procurement projects")
_AMOUNT_PROC = Column("amount", "采购总金额", "total procurement amount", "万元")

_ISSUED = Column("issued", "本年制发件数", "issued this year")
_REPEALED = Column("repealed", "本年废止件数", "repealed this year")
_IN_FORCE = Column("in_force", "现行有效件数", "currently in force")
_DECISIONS_2021 = Column("decisions", "本年处理决定数量", "decisions this year")
_AMOUNT_FEES = Column("amount", "本年收费金额（单位：万元）", "fees collected this year", "万元")

_DOCS_2019 = (_NEW_MADE, _NEW_PUBLISHED, _TOTAL_PUBLISHED)
_ITEMS_2019 = (_PREV_COUNT, _CHANGE, _DECISIONS_2019)
_DOCS_2021 = (_ISSUED, _REPEALED, _IN_FORCE)

ACTIVE_2019 = Table(
    "active", 2, "主动公开政府信息情况", "information disclosed proactively",
    (
        Row("regulations", "规章", "regulations", ("规章",), _DOCS_2019),
        Row("normative_documents", "规范性文件", "normative documents", ("规范性文件",), _DOCS_2019),
        Row("licensing", "行政许可", "administrative licensing", ("行政许可",), _ITEMS_2019),
        Row("other_services", "其他对外管理服务事项", "other external management services",
            ("其他对外管理服务事项", "对外管理服务", "其他对外管理"), _ITEMS_2019),
        Row("penalty", "行政处罚", "administrative penalties", ("行政处罚",), _ITEMS_2019),
        Row("enforcement", "行政强制", "administrative enforcement", ("行政强制",), _ITEMS_2019),
        Row("fees", "行政事业性收费", "administrative fees", ("行政事业性收费", "事业性收费"),
            (_PREV_COUNT, _CHANGE)),
        Row("procurement", "政府集中采购", "centralised government procurement",
            ("政府集中采购", "集中采购"), (_PROJECTS, _AMOUNT_PROC)),
    ),
)

ACTIVE_2021 = Table(
    "active", 2, "主动公开政府信息情况", "information disclosed proactively",
    (
        Row("regulations", "规章", "regulations", ("规章",), _DOCS_2021),
        Row("normative_documents", "行政规范性文件", "normative documents", ("规范性文件",), _DOCS_2021),
        Row("licensing", "行政许可", "administrative licensing", ("行政许可",), (_DECISIONS_2021,)),
        Row("penalty", "行政处罚", "administrative penalties", ("行政处罚",), (_DECISIONS_2021,)),
        Row("enforcement", "行政强制", "administrative enforcement", ("行政强制",), (_DECISIONS_2021,)),
        Row("fees", "行政事业性收费", "administrative fees", ("行政事业性收费", "事业性收费"),
            (_AMOUNT_FEES,)),
    ),
)

# ---- requests (三、收到和处理政府信息公开申请情况) ------------------------------------------------

APPLICANT_COLUMNS = (
    Column("natural_person", "自然人", "natural persons"),
    Column("commercial", "商业企业", "commercial enterprises"),
    Column("research", "科研机构", "research institutions"),
    Column("social_welfare", "社会公益组织", "social welfare organisations"),
    Column("legal_service", "法律服务机构", "legal service institutions"),
    Column("other_org", "其他", "other organisations"),
    Column("total", "总计", "total"),
)

_DENIED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"


def _req(row_id: str, label: str, en: str, keys: tuple[str, ...], group: str = "") -> Row:
    return Row(row_id, label, en, keys, APPLICANT_COLUMNS, group)


_REQUESTS_HEAD = (
    _req("new_received", "一、本年新收政府信息公开申请数量", "new requests received this year",
         ("本年新收", "新收政府信息公开申请", "本年度新收")),
    _req("carried_over", "二、上年结转政府信息公开申请数量", "requests carried over from last year",
         ("上年结转", "上年度结转")),
    _req("granted", "（一）予以公开", "granted in full", ("予以公开",)),
    _req("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially granted",
         ("部分公开",)),
    _req("denied.state_secret", "1.属于国家秘密", "denied: state secret", ("国家秘密",), _DENIED),
    _req("denied.law_prohibited", "2.其他法律行政法规禁止公开", "denied: prohibited by other laws",
         ("禁止公开", "其他法律", "行政法规禁", "止公开"), _DENIED),
    _req("denied.security_stability", "3.危及“三安全一稳定”", "denied: endangers security and stability",
         ("三安全", "一稳定", "危及"), _DENIED),
    _req("denied.third_party", "4.保护第三方合法权益", "denied: protects third-party rights",
         ("第三方", "合法权益"), _DENIED),
    _req("denied.internal_affairs", "5.属于三类内部事务信息", "denied: internal affairs",
         ("内部事务", "三类内部"), _DENIED),
    _req("denied.process_info", "6.属于四类过程性信息", "denied: process information",
         ("过程性信息", "四类过程", "过程性"), _DENIED),
    _req("denied.enforcement_file", "7.属于行政执法案卷", "denied: law-enforcement file",
         ("执法案卷", "行政执法"), _DENIED),
    _req("denied.admin_query", "8.属于行政查询事项", "denied: administrative query",
         ("行政查询", "查询事项"), _DENIED),
    _req("unable.not_held", "1.本机关不掌握相关政府信息", "unable: information not held",
         ("不掌握", "本机关不"), _UNABLE),
    _req("unable.needs_creation", "2.没有现成信息需要另行制作", "unable: would need to be created",
         ("没有现成", "另行制作", "现成信息"), _UNABLE),
    _req("unable.unclear", "3.补正后申请内容仍不明确", "unable: still unclear after correction",
         ("补正后", "仍不明确", "不明确"), _UNABLE),
    _req("not_processed.complaint", "1.信访举报投诉类申请", "not processed: petitions and complaints",
         ("信访举报", "举报投诉", "投诉类"), _NOT_PROCESSED),
    _req("not_processed.duplicate", "2.重复申请", "not processed: duplicate requests",
         ("重复申请",), _NOT_PROCESSED),
    _req("not_processed.publication", "3.要求提供公开出版物", "not processed: asks for publications",
         ("公开出版物", "出版物"), _NOT_PROCESSED),
    _req("not_processed.excessive", "4.无正当理由大量反复申请", "not processed: excessive repeated requests",
         ("大量反复", "反复申请"), _NOT_PROCESSED),
    _req("not_processed.confirm", "5.要求行政机关确认或重新出具已获取信息", "not processed: asks to confirm or reissue",
         ("重新出具", "确认或重新", "已获取信息"), _NOT_PROCESSED),
)

_REQUESTS_TAIL = (
    _req("handled_total", "（七）总计", "total handled", ("（七）总计", "(七)总计", "七）总计", "（七）", "(七)")),
    _req("carried_forward", "四、结转下年度继续办理", "carried forward to next year",
         ("结转下年度", "继续办理")),
)

_OTHER_WHOLE = _req("other", "（六）其他处理", "other handling", ("其他处理",))
_OTHER_SPLIT = (
    _req("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         "other: applicant did not supply corrections", ("逾期不补正", "不补正"), _OTHER),
    _req("other.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
         "other: applicant did not pay the fee", ("缴纳费用", "收费通知", "未按收费"), _OTHER),
    _req("other.other", "3.其他", "other: other", ("3.其他", "3、其他", "3．其他", "（3）其他", "其他"), _OTHER),
)

REQUESTS_2019 = Table(
    "requests", 3, "收到和处理政府信息公开申请情况", "requests received and handled",
    _REQUESTS_HEAD + (_OTHER_WHOLE,) + _REQUESTS_TAIL,
)
REQUESTS_2021 = Table(
    "requests", 3, "收到和处理政府信息公开申请情况", "requests received and handled",
    _REQUESTS_HEAD + _OTHER_SPLIT + _REQUESTS_TAIL,
)

# ---- review (四、政府信息公开行政复议、行政诉讼情况) -----------------------------------------------

REVIEW_COLUMNS = (
    Column("upheld", "结果维持", "upheld"),
    Column("corrected", "结果纠正", "corrected"),
    Column("other_result", "其他结果", "other result"),
    Column("pending", "尚未审结", "pending"),
    Column("total", "总计", "total"),
)

REVIEW = Table(
    "review", 4, "政府信息公开行政复议、行政诉讼情况", "administrative reconsideration and litigation",
    (
        Row("reconsideration", "行政复议", "administrative reconsideration", ("行政复议",), REVIEW_COLUMNS),
        Row("litigation_direct", "行政诉讼·未经复议直接起诉", "lawsuits filed directly",
            ("未经复议直接起诉", "直接起诉"), REVIEW_COLUMNS),
        Row("litigation_after_reconsideration", "行政诉讼·复议后起诉", "lawsuits after reconsideration",
            ("复议后起诉",), REVIEW_COLUMNS),
    ),
)

TABLES: dict[str, dict[str, Table]] = {
    "2019": {"active": ACTIVE_2019, "requests": REQUESTS_2019, "review": REVIEW},
    "2021": {"active": ACTIVE_2021, "requests": REQUESTS_2021, "review": REVIEW},
}

# Rows of `requests` whose sum is （七）总计 (rule 3), by template; `other*` rows as printed.
OUTCOME_ROW_PREFIXES = ("granted", "partially_granted", "denied.", "unable.", "not_processed.", "other")

# ---- the six parts ------------------------------------------------------------------------------

PARTS: dict[int, tuple[str, ...]] = {
    1: ("总体情况", "工作开展情况", "工作基本情况", "基本情况", "概述"),
    2: ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况"),
    3: ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "依申请公开政府信息情况", "依申请公开政府信息",
        "依申请公开情况"),
    4: ("政府信息公开行政复议、行政诉讼情况", "行政复议、行政诉讼情况", "行政复议和行政诉讼",
        "行政复议、行政诉讼", "行政复议及行政诉讼", "行政复议、提起行政诉讼"),
    5: ("存在的主要问题及改进情况", "存在的主要问题", "主要问题及改进", "存在问题及改进", "存在的问题及改进"),
    6: ("其他需要报告的事项", "其他需要报告"),
}
PART_NAMES = {
    1: "总体情况", 2: "主动公开政府信息情况", 3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况", 5: "存在的主要问题及改进情况", 6: "其他需要报告的事项",
}


def _tables(table: str) -> list[Table]:
    """Every shape a table is printed in: both templates (and the undivided （六）其他处理 of requests)."""
    return [TABLES[tpl][table] for tpl in TEMPLATES if table in TABLES[tpl]] + (
        [REQUESTS_2019] if table == "requests" else [])


def table_rows(table: str) -> list[Row]:
    """The rows of one table over both templates, first seen first."""
    seen: dict[str, Row] = {}
    for t in _tables(table):
        for r in t.rows:
            seen.setdefault(r.id, r)
    return list(seen.values())


def find_row(table: str, row: str, template: str | None = None) -> Row | None:
    """A row by id: as the template prints it, else as either template does; None for no such row."""
    shapes = ([TABLES[template][table]] if template in TABLES and table in TABLES[template] else []) + _tables(table)
    return next((r for t in shapes for r in t.rows if r.id == row), None)


def row_columns(table: str, row: str, template: str | None = None) -> list[Column]:
    """The columns a row holds, as the template prints them first, then those only the other template has."""
    seen: dict[str, Column] = {}
    first = find_row(table, row, template)
    for r in ([first] if first else []) + [r for t in _tables(table) for r in t.rows if r.id == row]:
        for c in r.columns:
            seen.setdefault(c.id, c)
    return list(seen.values())


def default_column(table: str, row: str, template: str) -> str | None:
    """The column meant when none is named: total, the row's only column, or decisions; None when unclear."""
    if table in ("requests", "review"):
        return "total"
    rows = {r.id: r for r in TABLES[template][table].rows} if template in TABLES else {}
    if row not in rows:
        return None
    cols = rows[row].column_ids
    if len(cols) == 1:
        return cols[0]
    return "decisions" if "decisions" in cols else None


# ---- words: headings, units, figures ------------------------------------------------------------

CN_NUMBERS = "一二三四五六七八九十"
TABLE_UNITS = {"requests": ("件", "requests"), "review": ("件", "cases"), "active": ("件", "")}  # counts
COUNT_UNITS = {"projects": ("个", "projects"), "prev_count": ("项", "items"), "change": ("项", "items")}
AMOUNT_WORDS = ("万元", "(10,000 yuan)")


def table_heading(table: str) -> str:
    """The part heading a table stands under: 三、收到和处理政府信息公开申请情况."""
    part = TABLES[TEMPLATES[0]][table].part
    return f"{CN_NUMBERS[part - 1]}、{PART_NAMES[part]}"


def unit_words(table: str, column: str | None) -> tuple[str, str]:
    """(zh, en) unit of a cell's figure: 万元 for amounts, else 件, 个 or 项 (requests, cases, projects, items)."""
    if table == "active" and column == "amount":
        return AMOUNT_WORDS
    if table == "active" and column in COUNT_UNITS:
        return COUNT_UNITS[column]
    return TABLE_UNITS.get(table, ("件", ""))


def format_value(v: int | float | None) -> str:
    """A figure as people write it: 2, 576.76, -3; — for none."""
    if v is None:
        return "—"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)
