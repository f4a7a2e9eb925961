"""The 嵌入与接口 tab: how a webmaster embeds the chat and calls the API, with this server's own address."""

from __future__ import annotations

import gradio as gr

from app.web.backend import base_url

EXAMPLE_Q = "王屋镇2020年收到多少政府信息公开申请？"
ESCAPE_JS = ("<script>document.addEventListener('keydown',function(e){if(e.key==='Escape'&&window.parent!==window)"
             "{window.parent.postMessage({govqa:'close'},'*');}});</script>")  # the floating panel closes on Escape


def embed_help(host: str) -> str:
    """The embedding and API help as Markdown, every snippet with this server's address."""
    host = host.rstrip("/") or "http://服务器地址"
    return f"""
### 1. 一行脚本：悬浮问答按钮 One line: a floating chat button
把下面一行放在网页 `</body>` 之前。右下角出现“年报问答”按钮，点开是问答窗口（手机上全屏），右上角 × 或 Esc 键关闭。

```html
<script src="{host}/embed.js" defer></script>
```

可选属性 optional attributes：

| 属性 attribute | 作用 what it does | 例 example |
|---|---|---|
| `data-q` | 打开时先问的问题 the first question asked | `data-q="{EXAMPLE_Q}"` |
| `data-label` | 按钮和窗口标题的文字 the button's text | `data-label="问问年报"` |
| `data-position` | 按钮放在左下角 the button at the bottom left | `data-position="left"` |

```html
<script src="{host}/embed.js" data-q="{EXAMPLE_Q}" data-label="问问年报" defer></script>
```

### 2. iframe 内嵌 Inline frame
宽度随页面伸缩（手机上不会撑宽页面），`?q=` 带入第一个问题。Fluid width; `?q=` asks a first question.

```html
<iframe src="{host}/widget/?q={EXAMPLE_Q}" title="年报问答"
        style="width:100%;max-width:480px;height:640px;border:1px solid #ddd;border-radius:8px"></iframe>
```

### 3. Web component
高度随内容变化。Grows with its content.

```html
<script type="module" src="{host}/gradio.js"></script>
<gradio-app src="{host}/widget/"></gradio-app>
```

只有对话框的页面 the chat alone: [{host}/widget/]({host}/widget/)

### 接口 API
`ask`（问答）、`lookup`（查一个数字）、`compare`（对比）、`reports`（报告列表）、`fields`（表格的行列名称）；
页脚“通过 API 使用”（英文界面为 “Use via API”）有每个接口的参数说明 (see the footer's "Use via API").

```bash
curl -X POST {host}/gradio_api/call/ask -H 'Content-Type: application/json' \\
     -d '{{"data": ["{EXAMPLE_Q}", null]}}'   # → {{"event_id": …}}
curl -N {host}/gradio_api/call/ask/EVENT_ID   # → data: [{{"answer": …, "value": 2, …}}]
```

追问时把上一个回答的 `state` 作为第二个参数传回；新问题传 `null`。For a follow-up pass the previous answer's `state`
as the second value; `null` for a new question.

健康检查 health: `GET {host}/health`
"""


def embed_tab(page: gr.Blocks) -> None:
    """The tab's text, filled in with the address the browser reached this server at."""
    help_md = gr.Markdown(embed_help(""), elem_id="embed-help")

    def fill(request: gr.Request) -> str:
        """The help with this server's address."""
        return embed_help(base_url(request))

    page.load(fill, None, help_md, api_visibility="private", queue=False)
