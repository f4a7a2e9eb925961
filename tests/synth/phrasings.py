"""How people ask for each figure, in Chinese and English, with the cells whose sum answers it."""

from __future__ import annotations

from dataclasses import dataclass

Cell = tuple[str, str, str]
BOTH, T2019, T2021 = ("2019", "2021"), ("2019",), ("2021",)
_DENIED = ("state_secret", "law_prohibited", "security_stability", "third_party", "internal_affairs",
           "process_info", "enforcement_file", "admin_query")


@dataclass(frozen=True)
class FieldSpec:
    """A figure people ask for: its name, the cells summed, the templates it exists in, the phrasings."""

    name: str
    cells: tuple[Cell, ...]
    templates: tuple[str, ...]
    zh: tuple[str, ...]
    en: tuple[str, ...]
    aggregate: str = ""  # how a sum or ranking question names it ("收到的政府信息公开申请数量")
    columns: bool = False  # an applicant-column follow-up (自然人呢？) applies


def _r(row: str, col: str = "total") -> tuple[Cell, ...]:
    return (("requests", row, col),)


def _a(row: str, col: str) -> tuple[Cell, ...]:
    return (("active", row, col),)


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("new_received.total", _r("new_received"), BOTH,
              ("{b}{y}年收到多少件政府信息公开申请？", "{y}年{b}共受理了几件信息公开申请",
               "{b}{y}年本年新收政府信息公开申请数量是多少", "{b}在{y}年新收到的申请有多少件？",
               "请问{b}{y}年度接到多少政府信息公开申请", "{b}{y}年一共接到了多少政府信息公开申请",
               "{y}年度{b}的依申请公开数量", "{b}{y}年政府信息公开申请总数是多少"),
              ("How many information disclosure requests did {b} receive in {y}?",
               "In {y}, how many new requests did {b} receive?", "Number of requests received by {b} in {y}",
               "How many FOI requests were lodged with {b} in {y}?"),
              "收到的政府信息公开申请", True),
    FieldSpec("new_received.natural_person", _r("new_received", "natural_person"), BOTH,
              ("{b}{y}年自然人提出的政府信息公开申请有几件", "{y}年{b}收到自然人的申请多少件"),
              ("How many requests from natural persons did {b} receive in {y}?",
               "How many requests did individuals file with {b} in {y}?"), columns=True),
    FieldSpec("new_received.commercial", _r("new_received", "commercial"), BOTH,
              ("{b}{y}年商业企业提交了多少件申请", "{y}年{b}收到企业的信息公开申请几件"),
              ("How many requests did businesses submit to {b} in {y}?",), columns=True),
    FieldSpec("new_received.legal_service", _r("new_received", "legal_service"), BOTH,
              ("{b}{y}年法律服务机构申请了多少件",), ("How many requests came from law firms to {b} in {y}?",),
              columns=True),
    FieldSpec("granted.total", _r("granted"), BOTH,
              ("{b}{y}年予以公开的申请有多少件", "{b}{y}年全部公开了几件申请"),
              ("How many requests were granted in full by {b} in {y}?",
               "How many requests did {b} fully disclose in {y}?"), "予以公开的申请", True),
    FieldSpec("partially_granted.total", _r("partially_granted"), BOTH, ("{b}{y}年部分公开的申请有几件",),
              ("How many requests did {b} partially grant in {y}?",), columns=True),
    FieldSpec("denied", tuple(("requests", f"denied.{r}", "total") for r in _DENIED), BOTH,
              ("{b}{y}年不予公开的申请一共多少件", "{b}{y}年有多少件申请被决定不予公开"),
              ("How many requests did {b} deny in {y}?", "How many requests were refused by {b} in {y}?",
               "How many requests did {b} turn down in {y}?")),
    FieldSpec("denied.state_secret.total", _r("denied.state_secret"), BOTH, ("{b}{y}年因属于国家秘密不予公开的有几件",),
              ("How many requests did {b} refuse in {y} because the information was a state secret?",)),
    FieldSpec("denied.third_party.total", _r("denied.third_party"), BOTH,
              ("{b}{y}年因保护第三方合法权益不予公开的申请有多少",),
              ("How many requests did {b} deny in {y} to protect third-party rights?",)),
    FieldSpec("denied.process_info.total", _r("denied.process_info"), BOTH,
              ("{b}{y}年属于四类过程性信息不予公开的有几件",),
              ("How many requests were withheld by {b} in {y} as process information?",)),
    FieldSpec("unable.not_held.total", _r("unable.not_held"), BOTH,
              ("{b}{y}年因本机关不掌握相关政府信息而无法提供的申请有几件", "{b}{y}年不掌握相关信息的申请多少件"),
              ("How many requests could {b} not answer in {y} because it did not hold the information?",)),
    FieldSpec("unable.needs_creation.total", _r("unable.needs_creation"), BOTH,
              ("{b}{y}年没有现成信息需要另行制作的有几件",),
              ("How many requests to {b} in {y} would have needed the information to be created?",)),
    FieldSpec("not_processed.complaint.total", _r("not_processed.complaint"), BOTH,
              ("{b}{y}年信访举报投诉类申请不予处理的有多少件",),
              ("How many petition or complaint requests did {b} not process in {y}?",)),
    FieldSpec("not_processed.duplicate.total", _r("not_processed.duplicate"), BOTH, ("{b}{y}年重复申请有几件",),
              ("How many duplicate requests did {b} receive in {y}?",)),
    FieldSpec("carried_over.total", _r("carried_over"), BOTH, ("{b}{y}年上年结转的政府信息公开申请有多少件",),
              ("How many requests did {b} carry over from the previous year into {y}?",), columns=True),
    FieldSpec("carried_forward.total", _r("carried_forward"), BOTH, ("{b}{y}年结转下年度继续办理的申请有几件",),
              ("How many requests did {b} carry forward to the next year at the end of {y}?",
               "How many requests were still pending at {b} at the end of {y}?"), columns=True),
    FieldSpec("handled_total.total", _r("handled_total"), BOTH,
              ("{b}{y}年办理结果总计多少件", "{b}{y}年共办理了多少件申请"),
              ("How many requests did {b} handle in total in {y}?",), "办理的政府信息公开申请", True),
    FieldSpec("reconsideration.total", (("review", "reconsideration", "total"),), BOTH,
              ("{b}{y}年行政复议案件有多少件", "{b}{y}年被申请行政复议几次", "{b}{y}年行政复议共有几起"),
              ("How many administrative reconsideration cases did {b} have in {y}?",), "行政复议案件"),
    FieldSpec("reconsideration.corrected", (("review", "reconsideration", "corrected"),), BOTH,
              ("{b}{y}年行政复议结果纠正的有几件",), ("How many reconsideration cases of {b} were corrected in {y}?",)),
    FieldSpec("reconsideration.upheld", (("review", "reconsideration", "upheld"),), BOTH,
              ("{b}{y}年行政复议维持的有多少件",),
              ("How many reconsideration cases upheld the decision of {b} in {y}?",)),
    FieldSpec("litigation", (("review", "litigation_direct", "total"), ("review", "litigation_after_reconsideration",
                                                                        "total")), BOTH,
              ("{b}{y}年行政诉讼有多少件", "{b}{y}年被提起行政诉讼多少起", "{b}{y}年打了几起行政官司",
               "{b}{y}年被起诉了几次"),
              ("How many administrative lawsuits did {b} face in {y}?", "How many times was {b} sued in {y}?"),
              "行政诉讼案件"),
    FieldSpec("litigation_direct.total", (("review", "litigation_direct", "total"),), BOTH,
              ("{b}{y}年未经复议直接起诉的行政诉讼有几件",),
              ("How many lawsuits were filed directly against {b} in {y} without reconsideration?",)),
    FieldSpec("litigation_after.total", (("review", "litigation_after_reconsideration", "total"),), BOTH,
              ("{b}{y}年复议后起诉的案件有多少",), ("How many lawsuits after reconsideration did {b} face in {y}?",)),
    FieldSpec("procurement.amount", _a("procurement", "amount"), T2019,
              ("{b}{y}年政府集中采购总金额是多少万元", "{b}{y}年采购金额多少", "{b}{y}年集中采购花了多少钱"),
              ("What was the total centralized procurement amount of {b} in {y}?",
               "How much did {b} spend on government procurement in {y}?"), "政府集中采购金额"),
    FieldSpec("procurement.projects", _a("procurement", "projects"), T2019,
              ("{b}{y}年政府集中采购项目有多少个", "{b}{y}年采购项目数量"),
              ("How many procurement projects did {b} have in {y}?",), "政府集中采购项目数量"),
    FieldSpec("normative_documents.new_made", _a("normative_documents", "new_made"), T2019,
              ("{b}{y}年规范性文件本年新制作数量是多少", "{b}{y}年新制作了几件规范性文件"),
              ("How many normative documents were newly made by {b} in {y}?",)),
    FieldSpec("licensing.decisions", _a("licensing", "decisions"), BOTH,
              ("{b}{y}年行政许可处理决定数量", "{b}{y}年作出行政许可决定多少件"),
              ("How many administrative licensing decisions did {b} make in {y}?",), "行政许可处理决定数量"),
    FieldSpec("penalty.decisions", _a("penalty", "decisions"), BOTH, ("{b}{y}年行政处罚决定有多少件",),
              ("How many administrative penalty decisions did {b} make in {y}?",), "行政处罚决定数量"),
    FieldSpec("enforcement.decisions", _a("enforcement", "decisions"), BOTH, ("{b}{y}年行政强制决定数量是多少",),
              ("How many administrative enforcement decisions did {b} make in {y}?",)),
    FieldSpec("licensing.prev_count", _a("licensing", "prev_count"), T2019, ("{b}{y}年行政许可上一年项目数量",), ()),
    FieldSpec("penalty.change", _a("penalty", "change"), T2019,
              ("{b}{y}年行政处罚本年增/减多少", "{b}{y}年行政处罚事项增减了多少"),
              ("What was the change in administrative penalty items of {b} in {y}?",)),
    FieldSpec("fees.amount", _a("fees", "amount"), T2021,
              ("{b}{y}年行政事业性收费金额是多少", "{b}{y}年收费金额多少万元"),
              ("How much did {b} collect in administrative fees in {y}?",), "行政事业性收费金额"),
    FieldSpec("normative_documents.in_force", _a("normative_documents", "in_force"), T2021,
              ("{b}{y}年现行有效的行政规范性文件有几件",),
              ("How many normative documents of {b} were in force in {y}?",)),
    FieldSpec("normative_documents.issued", _a("normative_documents", "issued"), T2021,
              ("{b}{y}年制发了多少件规范性文件", "{b}{y}年本年制发规范性文件件数"),
              ("How many normative documents did {b} issue in {y}?",)),
    FieldSpec("regulations.repealed", _a("regulations", "repealed"), T2021, ("{b}{y}年废止了几件规章",),
              ("How many regulations did {b} repeal in {y}?",)),
    FieldSpec("other.no_correction.total", _r("other.no_correction"), T2021,
              ("{b}{y}年申请人逾期不补正、行政机关不再处理的申请有几件",), ()),
)

ZH_FOLLOW_COLUMNS = (("natural_person", "自然人呢？", ""), ("commercial", "那商业企业呢？", ""),
                     ("research", "科研机构的呢？", ""), ("legal_service", "法律服务机构呢", ""))
EN_FOLLOW_COLUMNS = (("natural_person", "", "What about natural persons?"),
                     ("commercial", "", "And from businesses?"), ("research", "", "What about research institutions?"))
TYPOS = (("复议", "复意"), ("采购", "采够"), ("投诉", "投述"), ("处罚", "处伐"), ("规范性文件", "规范姓文件"),
         ("不掌握相关", "不掌据相关"), ("予以公开", "予以公卡"), ("结转下年度", "结转下年渡"), ("行政许可", "行政许克"),
         ("receive", "recieve"), ("procurement", "procurment"), ("reconsideration", "reconsideraton"),
         ("lawsuits", "lawsiuts"), ("penalty", "penality"), ("normative", "normatve"))
