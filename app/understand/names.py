"""Printed body names cut into places and a department; the aliases every indexed name is known by."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass

from app.understand.text import pinyin, pinyin_readings

ADMIN = ("街道办事处", "街道", "综合实验区", "经济技术开发区", "高新技术产业开发区", "实验区", "开发区", "高新区",
         "新区", "自治州", "自治县", "自治区", "省", "市", "县", "区", "镇", "乡", "旗")
# a suffix naming the government of the unit before it
GOV = ("人民政府", "管理委员会办公室", "管委会办公室", "管理委员会", "管委会", "政府")
_UNIT = re.compile(r"([^\d\s]{2,8}?)(" + "|".join(ADMIN) + ")")
NOT_IN_PLACE = set("和与及局委办会厅部所站队院中心")
ABBREV = (("科学技术委员会", "科委"), ("发展和改革", "发改"), ("住房和城乡建设", "住建"),
          ("人力资源和社会保障", "人社"), ("市场监督管理", "市场监管"), ("卫生健康委员会", "卫健委"),
          ("交通运输局", "交通局"), ("科学技术局", "科技局"), ("地方税务局", "地税局"), ("文化和旅游", "文旅"),
          ("民族与宗教事务", "民宗"), ("民族和宗教事务", "民宗"), ("应急管理局", "应急局"), ("海洋与渔业", "海渔"),
          ("生态环境", "环保"), ("自然资源和规划", "自然资源"))
UNIT_ABBREV = (("综合实验区", "实验区"), ("经济技术开发区", "经开区"), ("经济技术开发区", "开发区"),
               ("高新技术产业开发区", "高新区"))
KIND_EN = {"town": "镇", "zhen": "镇", "township": "乡", "xiang": "乡", "county": "县", "xian": "县",
           "district": "区", "qu": "区", "city": "市", "shi": "市", "subdistrict": "街道", "street": "街道",
           "jiedao": "街道", "province": "省", "sheng": "省"}
DEPT_EN = {"发展和改革局": "development and reform|ndrc|drc", "财政局": "finance", "教育局": "education",
           "自然资源局": "natural resources", "市场监督管理局": "market supervision", "住房和城乡建设局":
           "housing and urban rural development", "卫生健康委员会": "health", "农业农村局":
           "agriculture and rural affairs", "交通运输局": "transport", "人力资源和社会保障局":
           "human resources and social security", "科学技术委员会": "science and technology|s&t|sci-tech",
           "科学技术局": "science and technology|s&t|sci-tech", "审计局": "audit", "应急管理局": "emergency management",
           "文化和旅游局": "culture and tourism", "民族与宗教事务局": "ethnic and religious affairs",
           "海洋与渔业局": "ocean and fisheries", "统计局": "statistics", "林业局": "forestry",
           "水利局": "water resources", "体育局": "sports", "地方税务局": "local taxation",
           "公安局": "public security", "民政局": "civil affairs", "司法局": "justice", "商务局": "commerce",
           "生态环境局": "ecology and environment",
           "医疗保障局": "healthcare security"}

@dataclass(frozen=True)
class Name:
    """A printed body name cut into administrative units and the rest (a department), government suffix dropped."""

    printed: str
    units: tuple[str, ...]
    rest: str

    @property
    def core(self) -> str:
        """The name that stays the same across years: last unit plus department (淮安市洪泽区 -> 洪泽区)."""
        return (self.units[-1] if self.units else "") + canonical_rest(self.rest)


def canonical_rest(rest: str) -> str:
    """Department name with common abbreviations spelt out (科委 -> 科学技术委员会)."""
    for full, short in ABBREV:
        if short in rest and full not in rest:
            rest = rest.replace(short, full)
    return rest


def strip_gov(name: str) -> str:
    """Name without a trailing 人民政府/政府/管委会."""
    for suffix in GOV:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def split_name(printed: str) -> Name:
    """孟州市西虢镇人民政府 -> units (孟州市, 西虢镇), rest ''."""
    text = strip_gov(re.sub(r"\s+", "", printed))
    units: list[str] = []
    pos = 0
    while pos < len(text):
        m = _UNIT.match(text, pos)
        if not m or set(m.group(1)) & NOT_IN_PLACE:
            break
        units.append(m.group(0))
        pos = m.end()
    return Name(printed, tuple(units), text[pos:])


def unit_stem(unit: str) -> str:
    for suffix in ADMIN:
        if unit.endswith(suffix):
            return unit[: -len(suffix)]
    return unit


def _compatible(long: Name, short: Name) -> bool:
    return not short.units or long.units[-len(short.units):] == short.units


def group_names(names: list[Name]) -> list[list[Name]]:
    """Printed names grouped into bodies: same core, one chain of units a suffix of the other."""
    by_core: dict[str, list[Name]] = defaultdict(list)
    for n in names:
        by_core[n.core or n.printed].append(n)
    groups: list[list[Name]] = []
    for members in by_core.values():
        heads: list[list[Name]] = []
        for n in sorted(members, key=lambda n: (-len(n.units), n.printed)):
            fits = [g for g in heads if _compatible(g[0], n)]
            if len(fits) == 1:
                fits[0].append(n)
            else:
                heads.append([n])
        groups += heads
    return groups


def body_keys(printed: list[str]) -> dict[str, str]:
    """Each printed name to one name for its body across the names given (the fullest of its group): 洪泽区人民政府
    and 淮安市洪泽区人民政府 are one body; a bare 鼓楼区 beside 南京市鼓楼区 and 福州市鼓楼区 is a body of its own."""
    return {n.printed: group[0].printed for group in group_names([split_name(p) for p in sorted(set(printed))])
            for n in group}


def cn_aliases(name: Name) -> tuple[set[str], set[str]]:
    """(strong, weak) Chinese aliases of one printed name."""
    strong = {name.printed, strip_gov(name.printed)}
    weak: set[str] = set()
    rests = {name.rest, canonical_rest(name.rest)} | {name.rest.replace(f, s) for f, s in ABBREV if f in name.rest}
    rests |= {r[:-1] for r in rests if r.endswith("局") and len(r) >= 3}  # 莆田应急(局), 沭阳发改(局)
    for i in range(len(name.units)):
        chain = "".join(name.units[i:])
        chains = {chain} | {chain.replace(f, s) for f, s in UNIT_ABBREV if chain.endswith(f)}
        for rest in rests:
            strong.update(c + rest for c in chains)
            strong.add(chain + rest)
            if not rest:
                strong.update(c + g for c in chains for g in ("人民政府", "政府"))
    if name.units and name.rest and len(unit_stem(name.units[-1])) >= 2:
        for i in range(len(name.units)):  # the last unit without its kind: 沭阳县发改局 -> 沭阳发改局
            chain = "".join(name.units[i:-1]) + unit_stem(name.units[-1])
            strong.update(chain + rest for rest in rests if rest)
    if name.units and not name.rest and len(unit_stem(name.units[-1])) >= 2:
        weak.add(unit_stem(name.units[-1]))
    if name.rest:
        weak |= {r for r in rests if len(r) >= 2 and r[-1] in NOT_IN_PLACE}  # 民宗局 alone, never 应急 alone
    return strong, weak - strong


def en_keys(name: Name) -> dict[str, bool]:
    """Pinyin keys of a name, type words left out: 孟州市西虢镇 -> mengzhouxiguo, xiguo; True for the usual
    reading, False for other readings of polyphones (长 chang/zhang), which only count when nothing else does."""
    dept = DEPT_EN.get(canonical_rest(name.rest), "")
    dept_keys = [re.sub(r"[^a-z]", "", d) for d in dept.split("|")] if dept else [""]
    keys: dict[str, bool] = {}
    for dept_key in dept_keys:
        for i in range(len(name.units)):
            tail = dept_key if name.rest else ""
            keys["".join(pinyin(unit_stem(u)) for u in name.units[i:]) + tail] = True
            readings = [pinyin_readings(unit_stem(u)) for u in name.units[i:]]
            for combo in itertools.islice(itertools.product(*readings), 16):
                keys.setdefault("".join(combo) + tail, False)
        if dept_key:
            keys.setdefault(dept_key, True)
    if not name.units:
        keys[pinyin(strip_gov(name.printed))] = True
    return {k: v for k, v in keys.items() if len(k) >= 4}


