// A walk through the app as citizens and webmasters meet it, at desktop (1280×900) and phone (390×844) sizes;
// prints one JSON object of what it saw and saves screenshots.
// usage: node walk.js APP_URL OUT_DIR HOST_PAGE_URL   (WALK_ONLY=desktop,phone,lookup,host: those steps only)
"use strict";
const path = require("path");
const { chromium } = require(path.join(__dirname, "node_modules", "playwright-core"));

const [appUrl, outDir, hostUrl] = process.argv.slice(2);
const QUESTION = "王屋镇2020年收到多少政府信息公开申请？";
const FOLLOW = ["那予以公开的呢？", "西虢镇2020年收到多少政府信息公开申请？", "绥滨镇2020年收到多少政府信息公开申请？"];
const LOCALE = "zh-CN";  // as a Chinese reader's browser: Gradio's own words (upload, footer) in Chinese
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=zh-CN"];
const TIMEOUT = 60000;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

function shot(page, name, full = false) {
  return page.screenshot({ path: path.join(outDir, name), fullPage: full });
}

async function ask(page, question) {
  // Type a question, send it, wait for its answer (the n-th bot message).
  const before = await page.locator("#chat [data-testid='bot']").count();
  await page.fill("#chat-input textarea", question);
  await page.click("#chat-send");
  const answer = page.locator("#chat [data-testid='bot']").nth(before);
  await answer.waitFor({ timeout: TIMEOUT });
  await page.waitForTimeout(400);  // the scroll that follows an answer
  return answer;
}

function placeholderFit(page) {
  // The height the input's placeholder needs (laid out at the input's width and font) and the room it has.
  return page.locator("#chat-input textarea").evaluate((t) => {
    const c = getComputedStyle(t), probe = document.createElement("div");
    for (const k of ["fontFamily", "fontSize", "lineHeight", "letterSpacing", "wordBreak", "overflowWrap"]) probe.style[k] = c[k];
    probe.style.width = `${t.clientWidth - parseFloat(c.paddingLeft) - parseFloat(c.paddingRight)}px`;
    Object.assign(probe.style, { position: "absolute", visibility: "hidden", whiteSpace: "pre-wrap" });
    probe.textContent = t.placeholder;
    document.body.appendChild(probe);
    const need = probe.getBoundingClientRect().height;
    probe.remove();
    return { need, room: t.clientHeight - parseFloat(c.paddingTop) - parseFloat(c.paddingBottom) };
  });
}

function box(locator) {
  return locator.evaluate((e) => { const r = e.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height, bottom: r.bottom }; });
}

async function desktop(browser, seen) {
  const page = await browser.newPage({ locale: LOCALE, viewport: DESKTOP });
  await page.goto(appUrl + "/");
  await page.waitForSelector("#chat-input textarea", { timeout: TIMEOUT });
  // examples: chosen at start from what the index answers; the first one, clicked, answers with a figure
  await page.locator("#chat button.example").first().waitFor({ timeout: TIMEOUT });
  seen.examples = await page.locator("#chat button.example").allInnerTexts();
  await shot(page, "desktop-examples.png");
  await page.locator("#chat button.example").first().click();
  const first = page.locator("#chat [data-testid='bot']").first();
  await first.locator(".qa-value").waitFor({ timeout: TIMEOUT });
  seen.example_value = (await first.locator(".qa-value").textContent()).trim();
  // a figure question: the source named once, as the report (body + year), no file name
  const answer = await ask(page, QUESTION);
  seen.answer_text = await answer.locator(".qa-text").innerText();
  seen.citation_summary = await answer.locator(".qa-cite summary").innerText();
  await answer.locator(".qa-cite summary").click();
  seen.citation_links = await answer.locator(".qa-links").innerText();
  await answer.evaluate((e) => e.scrollIntoView({ block: "start" }));  // the answer and its open citation in view
  await page.waitForTimeout(300);
  seen.answer_box = await box(answer);
  seen.chat_box = await box(page.locator("#chat"));
  await shot(page, "desktop-chat.png");
  // after scrolling up, the next answer comes into view (its question at the top of the chat)
  for (const q of FOLLOW.slice(0, 2)) await ask(page, q);
  await page.evaluate(() => {
    const m = document.querySelector("#chat [data-testid='user']");
    let b = m.parentElement;
    while (b && !(b.scrollHeight > b.clientHeight + 4 && /(auto|scroll)/.test(getComputedStyle(b).overflowY))) b = b.parentElement;
    b.scrollTop = 0;
  });
  await ask(page, FOLLOW[2]);
  await page.waitForTimeout(600);
  const chatBox = await box(page.locator("#chat"));
  const lastQ = await box(page.locator("#chat [data-testid='user']").last());
  const lastValue = await box(page.locator("#chat [data-testid='bot']").last().locator(".qa-value"));
  seen.scrolled = { chat_top: chatBox.y, chat_bottom: chatBox.bottom, question_top: lastQ.y, value_top: lastValue.y,
    value_bottom: lastValue.bottom };
  await shot(page, "desktop-scrolled.png");
  // a long paste: a counter and the limit, the text kept in the box, a refusal that names the limit
  const long = "请问".repeat(1000);
  await page.fill("#chat-input textarea", long);
  await page.waitForTimeout(300);
  seen.counter = await page.locator("#chat-count").innerText();
  seen.box_length = (await page.inputValue("#chat-input textarea")).length;
  await page.click("#chat-send");
  await page.waitForFunction((n) => document.querySelectorAll("#chat [data-testid='bot']").length > n,
    (await page.locator("#chat [data-testid='bot']").count()) - 1, { timeout: TIMEOUT });
  await page.waitForTimeout(500);
  seen.long_reply = await page.locator("#chat [data-testid='bot']").last().innerText();
  seen.long_question = await page.locator("#chat [data-testid='user']").last().innerText();
  seen.count_box = await box(page.locator("#chat-count .qa-count"));
  seen.new_box = await box(page.locator("#chat-new"));
  seen.box_after = (await page.inputValue("#chat-input textarea")).length;
  await shot(page, "desktop-long-paste.png");
  // the embed tab: this server's own address, data-q and data-label documented, no repository files
  await page.click("#tab-embed-button");
  await page.waitForTimeout(800);
  seen.embed_help = await page.locator("#embed-help").innerText();
  seen.footer = await page.locator("footer").innerText();
  await shot(page, "desktop-embed-tab.png", true);
  await page.close();
}

async function phone(browser, seen) {
  // the landing page: the input above the fold
  const page = await browser.newPage({ locale: LOCALE, viewport: PHONE, isMobile: true, hasTouch: true });
  await page.goto(appUrl + "/");
  await page.waitForSelector("#chat-input textarea", { timeout: TIMEOUT });
  await page.waitForTimeout(1000);
  seen.phone_input = await box(page.locator("#chat-input textarea"));
  seen.phone_placeholder = await placeholderFit(page);
  await shot(page, "phone-home.png");
  const answer = await ask(page, QUESTION);
  await answer.locator(".qa-cite summary").click();
  seen.phone_summary = await box(answer.locator(".qa-cite summary"));
  seen.phone_width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  await shot(page, "phone-chat.png");
  await page.close();
  // the widget on a phone: the input wide, 发送 narrow, small margins, nothing clipped
  const widget = await browser.newPage({ locale: LOCALE, viewport: PHONE, isMobile: true, hasTouch: true });
  await widget.goto(appUrl + "/widget/?q=" + encodeURIComponent(QUESTION));
  await widget.locator("#chat .qa-value").first().waitFor({ timeout: TIMEOUT });
  await widget.waitForTimeout(500);
  seen.widget = { input: await box(widget.locator("#chat-input textarea")), send: await box(widget.locator("#chat-send")),
    chat: await box(widget.locator("#chat")), new: await box(widget.locator("#chat-new")),
    value: await box(widget.locator("#chat .qa-value").first()),
    placeholder: await widget.locator("#chat-input textarea").getAttribute("placeholder"),
    placeholder_fit: await placeholderFit(widget),
    scroll_height: await widget.evaluate(() => document.scrollingElement.scrollHeight) };
  await shot(widget, "phone-widget.png");
  await widget.close();
}

const LONG_ROW = "（六）其他处理 › 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请";

async function openTab(page, id, label) {
  // A tab's button, or (on a phone, where the tab bar overflows) the ••• menu's item.
  const button = page.locator(`#tab-${id}-button`);
  if (await button.isVisible()) await button.click();
  else {
    await page.click("#tabs button[aria-label='More tabs']");
    await page.locator(`.overflow-dropdown button:has-text("${label}")`).first().click();
  }
  await page.waitForTimeout(800);
}

function pickerText(page, id) {
  // A picker's shown value, whether the box cuts it, and the whole label shown under it (info), if any.
  return page.locator(id).evaluate((e) => {
    const input = e.querySelector("input");
    const info = e.querySelector(".info-text");
    const r = e.getBoundingClientRect();
    return { value: input.value, cut: input.scrollWidth > input.clientWidth + 1, info: info && info.offsetHeight ? info.innerText : "",
      right: r.right, w: r.width };
  });
}

async function lookupPickers(browser, seen, viewport, tag) {
  // The look-up's pickers: each label shown whole (in its box, or under it), the open list wrapping long labels.
  const page = await browser.newPage({ locale: LOCALE, viewport, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
  await page.goto(appUrl + "/");
  await page.waitForSelector("#chat-input textarea", { timeout: TIMEOUT });
  await openTab(page, "lookup", "数字查询");
  await page.locator("#lookup-result .qa-value").waitFor({ timeout: TIMEOUT });
  const out = { width: await page.evaluate(() => document.scrollingElement.scrollWidth) };
  for (const id of ["body", "year", "table", "row", "column"]) out[id] = await pickerText(page, `#lookup-${id}`);
  await page.click("#lookup-row input");
  await page.fill("#lookup-row input", "逾期不补正");
  const option = page.locator(`li[role="option"][aria-label="${LONG_ROW}"]`).first();
  await option.waitFor({ timeout: TIMEOUT });
  out.options = await page.locator("ul.option-list li").evaluateAll((items) =>
    items.map((li) => ({ text: li.innerText, cut: li.scrollWidth > li.clientWidth + 1, right: li.getBoundingClientRect().right })));
  await option.click();
  await page.waitForFunction((label) => (document.querySelector("#lookup-result") || {}).innerText?.includes("逾期不补正"),
    LONG_ROW, { timeout: TIMEOUT });
  await page.waitForTimeout(800);
  out.long_row = await pickerText(page, "#lookup-row");
  out.result = await page.locator("#lookup-result").innerText();
  await shot(page, `${tag}-lookup-long-row.png`, true);
  // a figure with its source: 王屋镇 2020, new requests from natural persons
  await pick(page, "#lookup-body", "王屋镇人民政府");
  await pick(page, "#lookup-year", "2020");
  await pick(page, "#lookup-row", "一、本年新收政府信息公开申请数量");
  await pick(page, "#lookup-column", "自然人");
  await page.waitForFunction(() => (document.querySelector("#lookup-result .qa-cite summary") || {}).innerText?.includes("王屋镇人民政府 2020年"),
    null, { timeout: TIMEOUT });
  await page.waitForTimeout(500);
  out.figure = await page.locator("#lookup-result").innerText();
  await shot(page, `${tag}-lookup.png`);
  // 对比: the three first bodies side by side, the table inside the screen
  await openTab(page, "compare", "对比");
  await page.click("#compare-go");
  await page.locator("#compare-grid table").waitFor({ timeout: TIMEOUT });
  await page.waitForTimeout(500);
  out.compare = await page.locator("#compare-grid").innerText();
  out.compare_box = await box(page.locator("#compare-grid table"));
  out.compare_width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  out.csv = await page.locator("#compare-csv").innerText();
  await shot(page, `${tag}-compare.png`, viewport === PHONE);
  seen[`${tag}_lookup`] = out;
  await page.close();
}

async function pick(page, id, choice) {
  // Choose a value in a Gradio dropdown: type it, then click the matching option.
  await page.click(`${id} input`);
  await page.fill(`${id} input`, choice);
  await page.locator(`li[role="option"][aria-label="${choice}"]`).first().click({ timeout: TIMEOUT });
  await page.waitForTimeout(400);
}

async function hostPage(browser, seen, viewport, tag) {
  // the example host page: iframe fluid, the floating button in the app's orange opens a panel with a title bar
  const host = await browser.newPage({ locale: LOCALE, viewport, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
  await host.goto(hostUrl + "?app=" + encodeURIComponent(appUrl));
  await host.locator("#govqa-button").waitFor({ timeout: TIMEOUT });
  await host.waitForTimeout(500);
  const out = { page_width: await host.evaluate(() => document.scrollingElement.scrollWidth) };
  out.button_colour = await host.locator("#govqa-button").evaluate((e) => getComputedStyle(e).backgroundColor);
  out.button = await box(host.locator("#govqa-button"));
  await host.click("#govqa-button");
  const panel = host.frameLocator("#govqa-panel");
  await panel.locator("#chat-input textarea").waitFor({ timeout: TIMEOUT });
  await host.waitForTimeout(500);
  out.dialog = await box(host.locator("#govqa-dialog"));
  out.title = await host.locator("#govqa-bar").innerText();
  const frame = await (await host.locator("#govqa-panel").elementHandle()).contentFrame();
  out.frame_height = await frame.evaluate(() => innerHeight);
  out.new_in_frame = await box(panel.locator("#chat-new"));
  for (let attempt = 0; attempt < 4; attempt++) {  // a panel just opened may show its input before it is connected
    await panel.locator("#chat-input textarea").fill(QUESTION);
    await panel.locator("#chat-send").click();
    try { await panel.locator("#chat [data-testid='user']").first().waitFor({ timeout: 15000 }); break; }
    catch (e) { if (attempt === 3) throw e; }
  }
  await panel.locator("#chat .qa-value").first().waitFor({ timeout: TIMEOUT });
  await host.waitForTimeout(600);
  out.value_in_frame = await box(panel.locator("#chat .qa-value").first());
  out.value = (await panel.locator("#chat .qa-value").first().textContent()).trim();
  await shot(host, `${tag}-embed-panel.png`);
  // × closes; the button opens it again; Escape pressed inside the widget closes it
  await host.click("#govqa-close");
  out.closed_by_x = await host.locator("#govqa-dialog").isHidden();
  await host.click("#govqa-button");
  await panel.locator("#chat-input textarea").click();
  await host.keyboard.press("Escape");
  await host.waitForTimeout(400);
  out.closed_by_escape = await host.locator("#govqa-dialog").isHidden();
  seen[tag] = out;
  await host.close();
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS });
  const seen = {};
  try {
    const steps = { desktop: () => desktop(browser, seen), phone: () => phone(browser, seen),
      lookup: async () => { await lookupPickers(browser, seen, DESKTOP, "desktop"); await lookupPickers(browser, seen, PHONE, "phone"); },
      host: async () => { await hostPage(browser, seen, DESKTOP, "desktop"); await hostPage(browser, seen, PHONE, "phone"); } };
    // WALK_ONLY=lookup,host runs those steps alone (while developing one)
    for (const [name, step] of Object.entries(steps)) if (!process.env.WALK_ONLY || process.env.WALK_ONLY.split(",").includes(name)) await step();
    console.log(JSON.stringify(seen));
  } finally {
    await browser.close();
  }
})().catch((err) => { console.error(err.stack || String(err)); process.exit(1); });
