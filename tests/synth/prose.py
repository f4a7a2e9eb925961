"""Issuing bodies, titles, prose paragraphs and signatures of a synthetic report."""

from __future__ import annotations

import random
from dataclasses import dataclass

_C1 = "东西南北王李张黄白青石金马龙凤桃柳梅杨高双新大小红古安永兴长清"
_C2 = "店庄桥河湾坪岭屯营集寨口坝沟厂屋井城林山泉塘堡"
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红斌波辉鹏毅"
_DEPTS = ("发展和改革局", "财政局", "教育局", "自然资源局", "市场监督管理局", "住房和城乡建设局",
          "卫生健康委员会", "农业农村局", "交通运输局", "人力资源和社会保障局")
_CHANNELS = ("政府门户网站", "政务公开栏", "微信公众号", "政务微博", "村务公开栏", "便民服务中心电子屏",
             "政府信息查阅点", "“12345”热线")


@dataclass
class Body:
    """The issuing body: name as printed, short name for prose, name under the signature."""

    name: str
    short: str
    signer: str


def _place(rng: random.Random, n: int = 2) -> str:
    """A made-up place name of n characters."""
    return "".join(rng.choice(_C1 if i == 0 else _C2 + _C1) for i in range(n))


def make_body(rng: random.Random) -> Body:
    """A made-up issuing body in one of the printed forms seen in real titles."""
    county = _place(rng) + rng.choice("县市")
    town = _place(rng, rng.choice((2, 2, 3))) + rng.choice(("镇", "镇", "乡", "街道办事处"))
    form = rng.randrange(6)
    if town.endswith("办事处") and form in (0, 1, 5):
        form = 2
    if form == 0:
        return Body(f"{county}{town}人民政府", town, f"{county}{town}人民政府")
    if form == 1:
        return Body(f"{town}人民政府", town, f"{town}人民政府")
    if form == 2:
        signer = f"{county}{town}" if town.endswith("办事处") else f"{county}{town}人民政府"
        return Body(f"{county}{town}", town, signer)
    if form == 3:
        district = _place(rng) + "区"
        city = _place(rng) + "市"
        return Body(f"{city}{district}人民政府", district, f"{city}{district}人民政府")
    if form == 4:
        dept = rng.choice(_DEPTS)
        return Body(f"{county}{dept}", "本" + dept[-1] if dept.endswith("局") else "本委", f"{county}{dept}")
    return Body(town, town, f"{town}人民政府")


def make_title(rng: random.Random, body: str, year: int) -> list[str]:
    """The title as printed, one or two lines; the body appears in it exactly."""
    form = rng.randrange(7)
    if form == 2 and body.endswith("政府"):
        form = 0
    return [
        [f"{body}{year}年政府信息公开工作年度报告"],
        [f"{body} {year} 年政府信息公开 工作年度报告"],
        [f"{year}年{body}政府信息公开工作年度报告"],
        [body, f"{year}年政府信息公开工作年度报告"],
        [f"{body} {year} 年政府信息公开工作年度报告"],
        [f"{body}{year}年度政府信息公开工作年度报告"],
        [f"{body}", f"{year}年度政府信息公开工作年度报告"],
    ][form]


def leader(rng: random.Random) -> str:
    """A made-up person's name."""
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def _channels(rng: random.Random) -> str:
    """Two to four disclosure channels, joined."""
    return "、".join(rng.sample(_CHANNELS, rng.randint(2, 4)))


def part_paragraphs(rng: random.Random, part: int, body: Body, year: int) -> list[str]:
    """A few realistic sentences for one of the six parts; their numbers are not table figures."""
    s, r = body.short, rng.randint
    if part == 1:
        paras = [
            f"{year}年，{s}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府"
            f"信息公开条例》，成立了由{leader(rng)}任组长的政务公开工作领导小组，召开专题会议{r(2, 9)}次，"
            f"全年共发布信息{r(20, 400)}条，其中政策文件{r(2, 30)}条，工作动态{r(10, 200)}条。",
            f"（一）主动公开。{s}通过{_channels(rng)}等渠道主动公开政府信息，更新公开栏{r(3, 40)}期，"
            f"解读政策{r(1, 20)}件，回应群众关切{r(2, 50)}次。",
            f"（二）依申请公开。{s}进一步规范依申请公开的受理、审查、答复流程，严格按照法定时限答复，"
            f"全年未发生因答复超期引发的复议或诉讼。",
            f"（三）平台建设。依托{_channels(rng)}，{s}不断拓宽公开渠道，累计访问量达{r(1000, 90000)}人次。",
            f"（四）监督保障。将政务公开工作纳入年度目标考核，由{leader(rng)}同志具体负责，组织培训{r(1, 6)}次，"
            f"参训{r(10, 120)}人次。",
        ]
        keep = sorted(rng.sample(range(1, len(paras)), rng.randint(1, 3)))
        return paras[:1] + [f"（{'一二三四'[n]}）{paras[i][3:]}" for n, i in enumerate(keep)]
    if part == 2:
        return rng.choice(([], [f"{year}年，{s}主动公开政府信息情况如下："],
                           [f"本年度{s}通过{_channels(rng)}主动公开各类信息{r(30, 500)}条。"]))
    if part == 3:
        return rng.choice(([], [f"{year}年，{s}收到和处理政府信息公开申请情况如下："]))
    if part == 4:
        return rng.choice(([], [f"{year}年，{s}政府信息公开行政复议、行政诉讼情况如下："]))
    if part == 5:
        return [
            f"{year}年，{s}政府信息公开工作取得了一定成效，但也存在一些不足：一是公开内容不够全面，"
            f"部分栏目更新不及时；二是政策解读形式单一；三是工作人员业务能力有待提高。",
            f"下一步，{s}将加强学习培训，计划全年组织培训{r(2, 8)}次，完善信息发布审核机制，"
            f"进一步丰富{_channels(rng)}等公开形式，不断提升政务公开工作质量。",
        ]
    return rng.choice((["无。"], ["无"], [f"{s}本年度未收取政府信息公开信息处理费。"],
                       [f"本年度{s}未发出收费通知，收取信息处理费0元。无其他需要报告的事项。"]))


def signature(rng: random.Random, body: Body, year: int) -> list[str]:
    """Signing body and date; the signing year is the report year + 1."""
    month = rng.randint(1, 3)
    day = rng.randint(1, 28)
    date = rng.choice((f"{year + 1}年{month}月{day}日", f"{year + 1} 年 {month} 月 {day} 日"))
    return [body.signer, date]
