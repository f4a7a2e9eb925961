"""The field lexicon: schema labels and keys (from indexer.schema) plus synonyms, Chinese and English."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.schema import APPLICANT_COLUMNS, REVIEW_COLUMNS, TABLES

# A target: ("row", table, row id) | ("group", table, group id) | ("col", "", column id)
# | ("colgroup", "requests", "organisations") | ("choice", table, "row_a|row_b")
Target = tuple[str, str, str]

GROUPS: dict[tuple[str, str], tuple[str, str]] = {  # (table, group) -> (zh label, en label)
    ("requests", "denied"): ("（三）不予公开", "denied (all reasons)"),
    ("requests", "unable"): ("（四）无法提供", "unable to provide (all reasons)"),
    ("requests", "not_processed"): ("（五）不予处理", "not processed (all reasons)"),
    ("requests", "other"): ("（六）其他处理", "other handling"),
    ("review", "litigation"): ("行政诉讼（未经复议直接起诉＋复议后起诉）",
                               "administrative lawsuits (filed directly + after reconsideration)"),
}
ORG_COLUMNS = tuple(c.id for c in APPLICANT_COLUMNS[1:6])
COLGROUPS = {"organisations": ("法人或其他组织", "legal persons and other organisations")}


@dataclass(frozen=True)
class Cue:
    """A word or phrase and the targets it points at; only the highest tier present counts."""

    text: str
    targets: tuple[Target, ...]
    tier: int = 2  # 2 specific, 1 a generic verb (收到, handled), 0 a generic noun (申请, requests)


def clean_label(label: str) -> str:
    """A printed label without numbering and parenthetical notes: （二）部分公开（区分处理的…） -> 部分公开."""
    label = re.sub(r"[（(][^）)]*[）)]$", "", label)
    label = re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十][）)]|\d+[.、．])", "", label.strip())
    return label.split("·")[-1].strip()


def _row(table: str, row: str) -> Target:
    return ("row", table, row)


def _group(table: str, group: str) -> Target:
    return ("group", table, group)


def _col(col: str) -> Target:
    return ("col", "", col)


ZH_SYNONYMS: list[tuple[str, tuple[Target, ...]]] = [
    ("新收|新增申请|新申请|新提交|本年新收",
     (_row("requests", "new_received"),)),
    ("上年结转|上年度结转|从上年结转|上一年结转", (_row("requests", "carried_over"),)),
    ("结转下年度|结转下年|继续办理|转入下年|结转到下一年|结转至下年|结转下一年|结转到下年|结转至下一年|转入下一年|"
     "下年度继续|下一年度继续|结转到明年|转到明年", (_row("requests", "carried_forward"),)),
    ("结转", (("choice", "requests", "carried_over|carried_forward"),)),
    ("予以公开|全部公开|同意公开|准予公开|全部予以公开", (_row("requests", "granted"),)),
    ("部分公开|部分予以公开", (_row("requests", "partially_granted"),)),
    ("不予公开|不公开|拒绝公开|驳回|拒绝", (_group("requests", "denied"),)),
    ("国家秘密|涉密|涉及国家秘密", (_row("requests", "denied.state_secret"),)),
    ("法律法规禁止|法律行政法规禁止|禁止公开", (_row("requests", "denied.law_prohibited"),)),
    ("三安全一稳定|国家安全|社会稳定|公共安全", (_row("requests", "denied.security_stability"),)),
    ("第三方|第三人", (_row("requests", "denied.third_party"),)),
    ("内部事务", (_row("requests", "denied.internal_affairs"),)),
    ("过程性信息|过程信息|过程性", (_row("requests", "denied.process_info"),)),
    ("执法案卷|行政执法案卷", (_row("requests", "denied.enforcement_file"),)),
    ("行政查询|查询事项", (_row("requests", "denied.admin_query"),)),
    ("无法提供|不能提供|无法公开", (_group("requests", "unable"),)),
    ("不掌握|未掌握|没有掌握|不掌握相关政府信息|信息不存在|不掌握相关|不掌握相关信息",
     (_row("requests", "unable.not_held"),)),
    ("另行制作|没有现成|需要另行制作|需另行制作", (_row("requests", "unable.needs_creation"),)),
    ("仍不明确|内容不明确|不明确", (_row("requests", "unable.unclear"),)),
    ("不予处理|不处理|未予处理", (_group("requests", "not_processed"),)),
    ("信访|举报|投诉|信访举报投诉", (_row("requests", "not_processed.complaint"),)),
    ("重复申请|重复", (_row("requests", "not_processed.duplicate"),)),
    ("出版物|公开出版物", (_row("requests", "not_processed.publication"),)),
    ("大量反复|反复申请|无正当理由大量反复申请", (_row("requests", "not_processed.excessive"),)),
    ("重新出具|确认或重新出具|已获取信息", (_row("requests", "not_processed.confirm"),)),
    ("其他处理", (_group("requests", "other"),)),
    ("其他处理 3.其他|其他处理3.其他", (_row("requests", "other.other"),)),  # as the chat words the cell
    ("逾期不补正|不补正|未补正|逾期未补正", (_row("requests", "other.no_correction"),)),
    ("缴纳费用|收费通知|未缴费|未缴纳", (_row("requests", "other.no_fee"),)),
    ("办理结果总计|办理总数|办结|办理了多少|处理了多少|答复了多少|共办理|办理数量|答复数量|办理完成|处理完",
     (_row("requests", "handled_total"),)),
    ("行政复议|复议|复议案件", (_row("review", "reconsideration"),)),
    ("行政诉讼|诉讼|起诉|官司|被诉|被起诉|行政诉讼案件", (_group("review", "litigation"),)),
    ("直接起诉|未经复议直接起诉|未经复议", (_row("review", "litigation_direct"),)),
    ("复议后起诉|复议后诉讼|经复议后起诉", (_row("review", "litigation_after_reconsideration"),)),
    ("规章", (_row("active", "regulations"),)),
    ("规范性文件|行政规范性文件|红头文件", (_row("active", "normative_documents"),)),
    ("行政许可|许可", (_row("active", "licensing"),)),
    ("对外管理服务|其他对外管理服务", (_row("active", "other_services"),)),
    ("行政处罚|处罚", (_row("active", "penalty"),)),
    ("行政强制|强制措施", (_row("active", "enforcement"),)),
    ("行政事业性收费|事业性收费|收费|收取费用", (_row("active", "fees"),)),
    ("收费金额|收费总额|收费总金额|收了多少钱", (_row("active", "fees"), _col("amount"))),
    ("政府集中采购|集中采购|采购|政府采购", (_row("active", "procurement"),)),
    ("采购金额|采购总金额|采购总额|采购额|采购资金", (_row("active", "procurement"), _col("amount"))),
    ("采购项目|采购项目数|采购项目数量|采购数量", (_row("active", "procurement"), _col("projects"))),
    ("自然人|个人|公民|群众|老百姓", (_col("natural_person"),)),
    ("商业企业|企业|公司", (_col("commercial"),)),
    ("科研机构|科研|研究机构", (_col("research"),)),
    ("社会公益组织|公益组织|社会组织", (_col("social_welfare"),)),
    ("法律服务机构|律师事务所|律所|律师", (_col("legal_service"),)),
    ("其他组织|其他法人|其他机构", (_col("other_org"),)),
    ("法人或其他组织|法人", (("colgroup", "requests", "organisations"),)),
    ("总计|总数|合计|总共|一共|共计|总量", (_col("total"),)),
    ("维持|结果维持|被维持", (_col("upheld"),)),
    ("纠正|结果纠正|被纠正|撤销", (_col("corrected"),)),
    ("其他结果", (_col("other_result"),)),
    ("尚未审结|未审结|审理中|未结", (_col("pending"),)),
    ("新制作|制作", (_col("new_made"),)),
    ("新公开", (_col("new_published"),)),
    ("对外公开总数|公开总数|对外公开总量|累计公开", (_col("total_published"),)),
    ("上一年项目|上年项目|上一年项目数", (_col("prev_count"),)),
    ("增减|增/减|增加|减少|变化", (_col("change"),)),
    ("处理决定|决定", (_col("decisions"),)),
    ("项目数|项目数量|几个项目|多少个项目|项目", (_col("projects"),)),
    ("金额|多少钱|万元|花了多少|资金", (_col("amount"),)),
    ("制发|新制发|出台|印发", (_col("issued"),)),
    ("废止|废除", (_col("repealed"),)),
    ("现行有效|有效|现行", (_col("in_force"),)),
]
# generic verbs: new_received / handled_total unless a more specific row is named
ZH_MEDIUM = {"收到": "new_received", "受理": "new_received", "接收": "new_received", "接到": "new_received",
             "接受": "new_received",
             "办理": "handled_total", "答复": "handled_total", "办结": "handled_total"}
EN_MEDIUM = {"receive": "new_received", "received": "new_received", "get": "new_received", "got": "new_received",
             "lodge": "new_received", "lodged": "new_received",
             "handled": "handled_total", "processed": "handled_total", "handle": "handled_total",
             "process": "handled_total", "dealt with": "handled_total", "answered": "handled_total",
             "responded": "handled_total", "completed": "handled_total"}
# generic nouns -> new_received, only when nothing more specific is said
ZH_WEAK = {"申请", "政府信息公开申请", "信息公开申请", "依申请公开", "申请了多少", "申请多少", "多少申请", "几件申请",
           "多少件申请", "申请数量", "申请件数", "申请量", "申请总数", "提出申请", "提交"}

EN_SYNONYMS: list[tuple[str, tuple[Target, ...]]] = [
    ("new request|new application|request received|application received|newly received",
     (_row("requests", "new_received"),)),
    ("carried over from last year|carried over from the previous year|carried over from the last year|"
     "brought forward|from the previous year|from last year|carry over from last year",
     (_row("requests", "carried_over"),)),
    ("carried over|carry over|carried-over", (("choice", "requests", "carried_over|carried_forward"),)),
    ("carried forward|carry forward|carried into next year|carried to next year|still being processed|still pending|"
     "unfinished|left pending|carried over to next year|carried over to the next year|carried over into next year|"
     "carried over into the next year|carried into the next year|carried to the next year|carry over to next year|"
     "carry over to the next year|carried over to the following year|carried into the following year",
     (_row("requests", "carried_forward"),)),
    ("granted|granted in full|fully granted|disclosed in full|fully disclosed|approved|fully open|fully disclose|"
     "disclose in full|grant in full|fully grant",
     (_row("requests", "granted"),)),
    ("partially granted|partly granted|partially disclosed|partly disclosed|partial disclosure|partially|"
     "partially grant|partly grant|partially disclose",
     (_row("requests", "partially_granted"),)),
    ("denied|refused|rejected|withheld|not disclosed|denial|refusal|deny|refuse|withhold|reject|turn down|"
     "turned down",
     (_group("requests", "denied"),)),
    ("state secret|state secrets|classified", (_row("requests", "denied.state_secret"),)),
    ("prohibited by law|prohibited by other law|law prohibit|forbidden by law",
     (_row("requests", "denied.law_prohibited"),)),
    ("security|stability|endanger security", (_row("requests", "denied.security_stability"),)),
    ("third party|third-party|third parties", (_row("requests", "denied.third_party"),)),
    ("internal affair|internal matter", (_row("requests", "denied.internal_affairs"),)),
    ("process information|process info|deliberative|procedural information",
     (_row("requests", "denied.process_info"),)),
    ("law enforcement file|enforcement file|case file|enforcement files|administrative enforcement file|"
     "administrative enforcement files|enforcement case file|law enforcement case",
     (_row("requests", "denied.enforcement_file"),)),
    ("administrative query|query matter|administrative queries", (_row("requests", "denied.admin_query"),)),
    ("unable to provide|could not provide|cannot provide|couldn't provide|unable", (_group("requests", "unable"),)),
    ("not held|does not hold|did not hold|didn't hold|not in possession|do not hold|information not held|not have|"
     "does not exist|did not exist|doesn't exist|didn't exist|do not exist|non-existent|nonexistent|"
     "no such information",
     (_row("requests", "unable.not_held"),)),
    ("need to be created|needs to be created|would need to be created|new creation|not readily available",
     (_row("requests", "unable.needs_creation"),)),
    ("to be created|needed to be created|be created|created", (_row("requests", "unable.needs_creation"),)),
    ("unclear|still unclear|not clear", (_row("requests", "unable.unclear"),)),
    ("not processed|not handled|declined to process|not accepted|not process|not handle",
     (_group("requests", "not_processed"),)),
    ("petition|complaint|petitions and complaint|report and complaint", (_row("requests", "not_processed.complaint"),)),
    ("duplicate|duplicated|repeat request|repeated request|were repeated|was repeated|repeated application",
     (_row("requests", "not_processed.duplicate"),)),
    ("publication|published material", (_row("requests", "not_processed.publication"),)),
    ("excessive|abusive|large number of repeated", (_row("requests", "not_processed.excessive"),)),
    ("asked to confirm|confirm or reissue|reissue|re-issue", (_row("requests", "not_processed.confirm"),)),
    ("other handling|otherwise handled|handled otherwise", (_group("requests", "other"),)),
    ("did not correct|no correction|failed to supplement|did not supplement",
     (_row("requests", "other.no_correction"),)),
    ("did not pay|unpaid fee|fee notice|not pay", (_row("requests", "other.no_fee"),)),
    ("total handled|handled in total|processed in total", (_row("requests", "handled_total"),)),
    ("reconsideration|administrative reconsideration|administrative review|review case",
     (_row("review", "reconsideration"),)),
    ("lawsuit|litigation|sued|court case|court|administrative lawsuit|administrative litigation|legal action|suit|"
     "sue",
     (_group("review", "litigation"),)),
    ("directly|filed directly|direct lawsuit|without reconsideration|sued directly",
     (_row("review", "litigation_direct"),)),
    ("after reconsideration|following reconsideration", (_row("review", "litigation_after_reconsideration"),)),
    ("regulation|rule|government rule", (_row("active", "regulations"),)),
    ("normative document|normative|regulatory document|policy document", (_row("active", "normative_documents"),)),
    ("licensing|license|licence|permit|administrative licensing", (_row("active", "licensing"),)),
    ("management service|external management service", (_row("active", "other_services"),)),
    ("penalty|punishment|fine|sanction|administrative penalty", (_row("active", "penalty"),)),
    ("enforcement|coercive measure|administrative enforcement|compulsory measure|coercion|coercive|"
     "administrative coercion|administrative compulsion", (_row("active", "enforcement"),)),
    ("fee|charge|administrative fee", (_row("active", "fees"),)),
    ("fee collected|fees collected|fee income|collected in fee", (_row("active", "fees"), _col("amount"))),
    ("procurement|purchasing|purchase|government procurement|centralized procurement|centralised procurement|"
     "central government procurement|centralized government procurement", (_row("active", "procurement"),)),
    ("procurement amount|amount of procurement|procurement spending|spent on procurement",
     (_row("active", "procurement"), _col("amount"))),
    ("procurement project|procurement item|number of procurement", (_row("active", "procurement"), _col("projects"))),
    ("natural person|individual|citizen|private person|private individual|member of the public|person",
     (_col("natural_person"),)),
    ("business|company|enterprise|commercial|commercial enterprise|firm", (_col("commercial"),)),
    ("research|research institution|research institute|scientific institution", (_col("research"),)),
    ("social welfare|public welfare|ngo|non-profit|nonprofit|charity|social organisation|social organization",
     (_col("social_welfare"),)),
    ("legal service|law firm|lawyer|legal service institution|legal service agency|legal service agencies|"
     "legal services", (_col("legal_service"),)),
    ("other organisation|other organization|other org", (_col("other_org"),)),
    ("legal person|organisation|organization|legal persons and other organisations",
     (("colgroup", "requests", "organisations"),)),
    ("total|in total|overall|altogether|all together|combined", (_col("total"),)),
    ("upheld|maintained|sustained|affirmed", (_col("upheld"),)),
    ("corrected|overturned|reversed|revoked", (_col("corrected"),)),
    ("other result|other outcome", (_col("other_result"),)),
    ("pending|ongoing|undecided|not yet concluded|unresolved", (_col("pending"),)),
    ("newly made|made this year|drafted|newly drafted", (_col("new_made"),)),
    ("newly published|published this year", (_col("new_published"),)),
    ("total published|published in total|published overall", (_col("total_published"),)),
    ("items last year|previous year item|prior year item|last year's item", (_col("prev_count"),)),
    ("change|net change|increase|decrease|increase or decrease", (_col("change"),)),
    ("decision|decisions made", (_col("decisions"),)),
    ("project|item", (_col("projects"),)),
    ("amount|spent|spend|how much money|value|yuan|money|expenditure", (_col("amount"),)),
    ("issued|newly issued|adopted|promulgated|issue", (_col("issued"),)),
    ("repealed|abolished|revoked document|repeal|abolish", (_col("repealed"),)),
    ("in force|currently in force|valid|currently valid|effective|in effect", (_col("in_force"),)),
]
EN_WEAK = {"request", "application", "information request", "disclosure request", "information disclosure request",
           "government information request", "open government information request", "foi request", "filed",
           "submitted", "how many request", "how many application", "number of request", "number of application"}
_BAD_KEYS = {"本机关不", "止公开", "行政法规禁", "其他法律", "行政执法"}  # parse-only keys, too loose for questions
FUZZY_TWO = {"复议", "诉讼", "采购", "许可", "收费", "规章", "投诉", "举报", "起诉"}


def _schema_cues() -> list[Cue]:
    """Cues read from the schema itself: every row label and key, every column label."""
    out: list[Cue] = []
    for template in TABLES.values():
        for table in template.values():
            for row in table.rows:
                words = {clean_label(row.label)} | {clean_label(k) for k in row.keys} - _BAD_KEYS
                for w in words:
                    if len(w) >= 3 and not re.search(r"[（()）\d]", w) and w not in ("其他", "总计"):
                        out.append(Cue(w, (_row(table.id, row.id),)))
                for col in row.columns:
                    label = clean_label(col.label)
                    out.append(Cue(label, (_col(col.id),)))
    owners: dict[str, set[str]] = {}
    for template in TABLES.values():
        for row in template["active"].rows:
            for col in row.columns:
                owners.setdefault(clean_label(col.label), set()).add(row.id)
    for label, rows in owners.items():  # a column label only one row has names that row too (采购总金额)
        if len(rows) == 1:
            out.append(Cue(label, (_row("active", next(iter(rows))),)))
    for col in (*APPLICANT_COLUMNS, *REVIEW_COLUMNS):
        if col.label != "其他":
            out.append(Cue(col.label, (_col(col.id),)))
    return out


def zh_cues() -> list[Cue]:
    """Every Chinese cue: schema labels and keys, synonyms, weak generic words."""
    out = _schema_cues()
    for words, targets in ZH_SYNONYMS:
        out += [Cue(w, targets) for w in words.split("|")]
    out += [Cue(w, (_row("requests", row),), tier=1) for w, row in ZH_MEDIUM.items()]
    out += [Cue(w, (_row("requests", "new_received"),), tier=0) for w in ZH_WEAK]
    return out


def en_cues() -> list[Cue]:
    """Every English cue (phrases, lower case): schema English names, synonyms, weak generic words."""
    out: list[Cue] = []
    for template in TABLES.values():
        for table in template.values():
            for row in table.rows:
                if ":" not in row.en:
                    out.append(Cue(row.en.lower(), (_row(table.id, row.id),)))
    for words, targets in EN_SYNONYMS:
        out += [Cue(w, targets) for w in words.split("|")]
    out += [Cue(w, (_row("requests", row),), tier=1) for w, row in EN_MEDIUM.items()]
    out += [Cue(w, (_row("requests", "new_received"),), tier=0) for w in EN_WEAK]
    return out
