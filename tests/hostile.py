"""Reports that attack the pages that show them: markup in the body's name, the file's name, the prose and table."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each payload sets window.__xss if it ever runs; the browser test checks that it never does.
BODY = "安乐镇<img/src/onerror=window.__xss='body'//人民政府"  # as the title parser keeps it (no '>', no spaces)
FILE_2021 = "hostile\"'><img src=x onerror=window.__xss='file'>-2021.txt"  # a file name is shown too
FILE_2020 = "hostile-2020.txt"
PAYLOADS = (
    "<script>window.__xss='script'</script>",
    "<img src=x onerror=\"window.__xss='img'\">",
    "<a href=\"javascript:window.__xss='a'\">点此查看</a>",
    "[点此查看](javascript:window.__xss='md-link')",
    "![图](javascript:window.__xss='md-img')",
    "![x](x\" onerror=\"window.__xss='md-attr')",
    "<div onmouseover=\"window.__xss='hover'\" style=\"position:fixed;inset:0\">遮罩</div>",
    "<iframe src=\"javascript:window.__xss='iframe'\"></iframe>",
    "<svg><script>window.__xss='svg'</script></svg>",
    "<style>body{display:none}</style>",
)
FIGURE_QUESTION = f"{BODY}2020年收到多少政府信息公开申请？"  # the body's own name, markup and all
MARKUP_QUESTION = ("<img src=x onerror=window.__xss='question'>![x](javascript:window.__xss='q-md')"
                   "[点我](javascript:window.__xss='q-link')<script>window.__xss='q-script'</script>安乐镇有多少申请？")
FOLLOW_UP = "那予以公开的呢？"  # answered from the 2021 report: the hostile file name in the citation
PASSAGE_QUESTION = f"{BODY}通过微信公众号安乐在线公开了哪些信息？"


def hostile_text(year: int) -> str:
    """The 王屋镇 report as the hostile body's, for a year, its channels paragraph and a table label laced."""
    text = (ROOT / "reports" / "wangwu-2020.txt").read_text(encoding="utf-8")
    lines = text.replace("2020年", f"{year}年").split("\n")
    lines[1] = f"{BODY}{year}年政府信息公开工作年度报告"
    at = next(i for i, line in enumerate(lines) if "王屋在线" in line)
    lines[at] = lines[at].replace("王屋在线", "安乐在线" + "".join(PAYLOADS))
    row = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    lines[row:row] = list(PAYLOADS[:3])
    return "\n".join(lines).replace("王屋", "安乐")


def write_sources(folder: Path) -> Path:
    """The two hostile reports (2020 and 2021) in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / FILE_2020).write_text(hostile_text(2020), encoding="utf-8")
    (folder / FILE_2021).write_text(hostile_text(2021), encoding="utf-8")
    return folder


def build_hostile_index(dest: Path, encoder: object) -> Path:
    """A real index of the two hostile reports."""
    from indexer.build import build_index

    build_index([write_sources(dest.parent / f"{dest.name}-sources")], dest, model=encoder, progress=False)
    return dest
