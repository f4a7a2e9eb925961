/* 年报问答 embed: <script src="https://HOST/embed.js" defer></script> adds a floating chat button that
   opens the widget in a panel (full-screen on a phone). Optional attributes: data-q (first question),
   data-label (button text), data-position ("left" or "right"). The panel closes with its × or Escape. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || window.__govqaEmbed) { return; }
  window.__govqaEmbed = true;
  var origin = new URL(me.src, location.href).origin;
  var side = me.getAttribute("data-position") === "left" ? "left" : "right";
  var first = me.getAttribute("data-q") || "";
  var label = me.getAttribute("data-label") || "年报问答";
  var ORANGE = "#f97316"; // the app's primary colour (Gradio's default theme, primary_500)
  var PHONE = "(max-width: 600px)";

  var style = document.createElement("style");
  style.textContent =
    "#govqa-button{position:fixed;bottom:20px;" + side + ":20px;z-index:2147483000;padding:12px 18px;" +
    "border:none;border-radius:24px;background:" + ORANGE + ";color:#fff;font-size:15px;cursor:pointer;" +
    "box-shadow:0 4px 14px rgba(0,0,0,.25);font-family:inherit}" +
    "#govqa-button:hover{background:#ea580c}" +
    "#govqa-dialog{position:fixed;bottom:80px;" + side + ":20px;z-index:2147483001;width:420px;" +
    "max-width:calc(100vw - 40px);height:min(720px,calc(100vh - 100px));display:flex;flex-direction:column;" +
    "border:1px solid #ddd;border-radius:12px;background:#fff;box-shadow:0 8px 30px rgba(0,0,0,.25);" +
    "overflow:hidden}" +
    "#govqa-dialog[hidden]{display:none}" +
    "#govqa-bar{display:flex;align-items:center;justify-content:space-between;padding:6px 6px 6px 14px;" +
    "background:" + ORANGE + ";color:#fff;font:600 15px/1.4 system-ui,'Noto Sans CJK SC',sans-serif}" +
    "#govqa-close{border:none;background:transparent;color:#fff;font-size:24px;line-height:1;width:40px;" +
    "height:36px;cursor:pointer;border-radius:6px}" +
    "#govqa-close:hover,#govqa-close:focus-visible{background:rgba(0,0,0,.15)}" +
    "#govqa-panel{flex:1;width:100%;border:0;display:block}" +
    "@media " + PHONE + "{#govqa-dialog{top:0;bottom:0;left:0;right:0;width:100vw;max-width:none;" +
    "height:100%;border:0;border-radius:0}}";
  document.head.appendChild(style);

  var button = document.createElement("button");
  button.type = "button";
  button.id = "govqa-button";
  var icon = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("width", "18");
  icon.setAttribute("height", "18");
  icon.setAttribute("aria-hidden", "true");
  icon.style.cssText = "vertical-align:-4px;margin-right:6px;fill:currentColor";
  var bubble = document.createElementNS("http://www.w3.org/2000/svg", "path");
  bubble.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
  icon.appendChild(bubble);
  button.appendChild(icon);
  button.appendChild(document.createTextNode(label));
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "govqa-dialog");

  var dialog = null;
  function build() {
    dialog = document.createElement("div");
    dialog.id = "govqa-dialog";
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-label", label);
    var bar = document.createElement("div");
    bar.id = "govqa-bar";
    var title = document.createElement("span");
    title.textContent = label;
    var close = document.createElement("button");
    close.type = "button";
    close.id = "govqa-close";
    close.setAttribute("aria-label", "关闭 Close");
    close.textContent = "×";
    close.addEventListener("click", hide);
    bar.appendChild(title);
    bar.appendChild(close);
    var frame = document.createElement("iframe");
    frame.id = "govqa-panel";
    frame.title = label;
    frame.src = origin + "/widget/" + (first ? "?q=" + encodeURIComponent(first) : "");
    dialog.appendChild(bar);
    dialog.appendChild(frame);
    document.body.appendChild(dialog);
  }
  function show() {
    if (!dialog) { build(); } else { dialog.hidden = false; }
    button.setAttribute("aria-expanded", "true");
    if (window.matchMedia(PHONE).matches) { button.style.display = "none"; }
    document.getElementById("govqa-close").focus();
  }
  function hide() {
    if (!dialog || dialog.hidden) { return; }
    dialog.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.style.display = "";
    button.focus();
  }
  button.addEventListener("click", function () {
    if (dialog && !dialog.hidden) { hide(); } else { show(); }
  });
  // Escape closes: on the host page, and inside the widget (which tells its parent: it cannot be read across origins)
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
  window.addEventListener("message", function (e) {
    if (e.origin === origin && e.data && e.data.govqa === "close") { hide(); }
  });
  if (document.body) { document.body.appendChild(button); }
  else { document.addEventListener("DOMContentLoaded", function () { document.body.appendChild(button); }); }
})();
