/* The page side of tests/reviewer_addon.py, run in Anki's reviewer web view.
   Each call answers with pycmd(token + JSON), which the add-on receives through
   gui_hooks.webview_did_receive_js_message. */
window.starAnkiCheck = (() => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const alpha = (css) => {
    if (!css || css === "transparent") return 0;
    const parts = css.match(/[\d.]+/g) || [];
    return parts.length > 3 ? +parts[3] : 1;
  };
  const backdrop = (el) => {
    for (; el; el = el.parentElement) {
      const colour = getComputedStyle(el).backgroundColor;
      if (alpha(colour) > 0) return colour;
    }
    return null;
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map((name) => "." + name).join("");
  const style = (el) => getComputedStyle(el);

  function measure(ord) {
    const root = document.documentElement, body = document.body;
    const qa = document.getElementById("qa");
    const wide = [];  /* past the left edge or under the scrollbar, if any */
    for (const el of qa.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right > root.clientWidth + 0.5 || box.left < -0.5) {
        wide.push(`${describe(el)} ${Math.round(box.left)}..${Math.round(box.right)}`);
      }
    }
    const countdown = document.getElementById("star-countdown");
    return {
      marker: body.classList.contains("card" + (ord + 1)),
      body_classes: body.className,
      html_classes: root.className,
      inner_width: window.innerWidth,
      inner_height: window.innerHeight,
      device_pixel_ratio: window.devicePixelRatio,
      scroll_width: root.scrollWidth,
      client_width: root.clientWidth,
      scroll_height: root.scrollHeight,
      body_scroll_height: body.scrollHeight,
      qa_height: qa.getBoundingClientRect().height,
      wide: wide,
      text: qa.innerText.trim(),
      body_background: style(body).backgroundColor,
      body_color: style(body).color,
      html_background: style(root).backgroundColor,
      dividers: [...document.querySelectorAll("hr")].map((hr) => ({
        id: hr.id,
        border_top_width: style(hr).borderTopWidth,
        border_top_style: style(hr).borderTopStyle,
        border_top_color: style(hr).borderTopColor,
        border_bottom_width: style(hr).borderBottomWidth,
        background_color: style(hr).backgroundColor,
        height: hr.getBoundingClientRect().height,
        client_height: hr.clientHeight,
        visible: hr.checkVisibility(),
      })),
      play_buttons: [...document.querySelectorAll(".replay-button")].map((button) => ({
        circle_fill: style(button.querySelector("svg circle")).fill,
        circle_stroke: style(button.querySelector("svg circle")).stroke,
        path_fill: style(button.querySelector("svg path")).fill,
        background: backdrop(button),
      })),
      details: [...qa.querySelectorAll("details")].map((details) => ({
        open: details.open,
        summary: (details.querySelector("summary")?.innerText ?? "").trim(),
      })),
      countdown: countdown && {
        text: countdown.textContent,
        seconds: countdown.dataset.seconds ?? null,
        visible: countdown.checkVisibility(),
        at: performance.now(),
      },
    };
  }

  return {
    /* Queued on the reviewer's own promise chain behind the card being shown, so it runs
       once the card is in #qa and its scripts have run; then one frame is painted. */
    whenShown(token, ord) {
      _queueAction(async () => {
        await document.fonts.ready;
        await frame();
        pycmd(token + JSON.stringify(measure(ord)));
      });
    },
    countdown(token) {
      const el = document.getElementById("star-countdown");
      pycmd(token + JSON.stringify({text: el.textContent, at: performance.now()}));
    },
    /* Once the viewport has this height (Qt resizes it asynchronously) and is painted. */
    async whenHeight(token, height) {
      while (window.innerHeight !== height) {
        await new Promise((done) => window.addEventListener("resize", done, {once: true}));
      }
      await frame();
      pycmd(token + JSON.stringify(document.documentElement.scrollHeight));
    },
    /* A few pixels in the bottom left corner, over everything, to tell frames apart. */
    mark(token, colour) {
      const mark = document.createElement("div");
      mark.id = "star-check-mark";
      mark.style.cssText = "position: fixed; left: 0; bottom: 0; width: 4px; height: 4px;"
        + `z-index: 2147483647; pointer-events: none; background: ${colour}`;
      document.documentElement.appendChild(mark);
      pycmd(token + "null");
    },
    unmark(token) {
      document.getElementById("star-check-mark").remove();
      pycmd(token + "null");
    },
  };
})();
