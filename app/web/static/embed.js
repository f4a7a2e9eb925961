/* 年报问答 embed: <script src="https://HOST/embed.js" defer></script> adds a floating chat button that
   opens the widget. Optional attributes: data-q (first question), data-label (button text),
   data-position ("left" or "right"). */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || window.__govqaEmbed) { return; }
  window.__govqaEmbed = true;
  var origin = new URL(me.src, location.href).origin;
  var side = me.getAttribute("data-position") === "left" ? "left" : "right";
  var first = me.getAttribute("data-q") || "";
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
  button.appendChild(document.createTextNode(me.getAttribute("data-label") || "年报问答"));
  button.setAttribute("aria-expanded", "false");
  button.style.cssText = "position:fixed;bottom:20px;" + side + ":20px;z-index:2147483000;padding:12px 18px;" +
    "border:none;border-radius:24px;background:#b3261e;color:#fff;font-size:15px;cursor:pointer;" +
    "box-shadow:0 4px 14px rgba(0,0,0,.25)";
  var panel = null;
  function open() {
    if (!panel) {
      panel = document.createElement("iframe");
      panel.id = "govqa-panel";
      panel.title = "年报问答";
      panel.src = origin + "/widget/" + (first ? "?q=" + encodeURIComponent(first) : "");
      panel.style.cssText = "position:fixed;bottom:76px;" + side + ":20px;z-index:2147483000;width:400px;" +
        "max-width:calc(100vw - 40px);height:600px;max-height:calc(100vh - 100px);border:1px solid #ddd;" +
        "border-radius:12px;background:#fff;box-shadow:0 8px 30px rgba(0,0,0,.25)";
      document.body.appendChild(panel);
    } else {
      panel.style.display = panel.style.display === "none" ? "block" : "none";
    }
    button.setAttribute("aria-expanded", panel.style.display === "none" ? "false" : "true");
  }
  button.addEventListener("click", open);
  if (document.body) { document.body.appendChild(button); }
  else { document.addEventListener("DOMContentLoaded", function () { document.body.appendChild(button); }); }
})();
