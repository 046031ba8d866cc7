// What a reader sees, measured from computed styles in the browser (tests/e2e/look.py).
// Returns {texts, contrast, misdecoded, targetSize, overflow} for the page as laid out now.
// Contrast is WCAG 2.1's ratio of the text colour against the colour actually behind it:
// the element's own background, or the first ancestor's, alpha-blended down to white.
// Text over a background image is left out (no single colour to measure against).
() => {
  const parse = (value) => {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = (c) => {
    const lin = [c.r, c.g, c.b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const background = (element) => {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage && style.backgroundImage !== "none") return null;
      const colour = parse(style.backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a >= 1) break;
      }
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), { r: 255, g: 255, b: 255, a: 1 });
  };
  const describe = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.id) name += "#" + element.id;
    if (element.classList.length) name += "." + [...element.classList].slice(0, 3).join(".");
    const parent = element.parentElement;
    return parent ? describe_short(parent) + " > " + name : name;
  };
  const describe_short = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.classList.length) name += "." + element.classList[0];
    return name;
  };
  const visible = (element) => {
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.display === "none" || Number(style.opacity) === 0) return false;
    const rect = element.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) return false;
    // Moved off screen on purpose (the skip link until it has focus).
    if (rect.right < 0 || rect.bottom < 0) return false;
    for (let node = element; node; node = node.parentElement) {
      if (getComputedStyle(node).clipPath !== "none" || getComputedStyle(node).clip.startsWith("rect")) {
        return false;
      }
    }
    return true;
  };

  // Every element that shows text: parents of non-blank text nodes and form controls.
  const elements = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    let element = node.parentElement;
    if (!element || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(element.tagName)) continue;
    if (element.closest("select")) element = element.closest("select");
    if (element.closest("#wagtail-userbar, wagtail-userbar")) continue;
    elements.add(element);
  }
  document.querySelectorAll("input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea, select, button")
    .forEach((element) => elements.add(element));

  // One element per font (family, weight, style) carries data-look-probe, so that
  // look.py can ask Chromium which platform font it really drew that text in.
  const texts = [];
  const contrast = [];
  const fonts = new Map();
  for (const element of elements) {
    if (!visible(element)) continue;
    const style = getComputedStyle(element);
    const key = [style.fontFamily, style.fontWeight, style.fontStyle].join("|");
    if (!fonts.has(key) && element.childNodes.length) {
      fonts.set(key, fonts.size);
      element.setAttribute("data-look-probe", String(fonts.get(key)));
      texts.push({
        probe: fonts.get(key),
        element: describe(element),
        family: style.fontFamily,
        weight: style.fontWeight,
        style: style.fontStyle,
        sample: (element.innerText || element.value || "").trim().slice(0, 40),
      });
    }
    const colour = parse(style.color);
    const behind = background(element);
    if (!colour || !behind || element.disabled) continue;
    const measured = ratio(over(colour, behind), behind);
    // WCAG 1.4.3: 3:1 is enough for large text (24 px, or 18.66 px bold).
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = large ? 3 : 4.5;
    if (measured < needed) {
      contrast.push({
        element: describe(element),
        sample: (element.innerText || element.value || "").trim().slice(0, 40),
        ratio: Math.round(measured * 100) / 100,
        needed,
        color: style.color,
        background: `rgb(${Math.round(behind.r)}, ${Math.round(behind.g)}, ${Math.round(behind.b)})`,
      });
    }
  }
  // Text a stylesheet adds (list markers, ::before/::after) never shows in the text
  // nodes above; decoded with the wrong charset, Utrecht's "●" marker read "â—".
  const misdecoded = [];
  for (const element of document.querySelectorAll("main li, main *")) {
    for (const pseudo of ["::marker", "::before", "::after"]) {
      if (pseudo === "::marker" && element.tagName !== "LI") continue;
      const content = getComputedStyle(element, pseudo).content;
      if (/[\u00c2\u00c3\u00e2][\u0080-\u00bf\u2013-\u203a]/.test(content)) {
        misdecoded.push({ element: describe(element), pseudo, content });
      }
    }
  }
  // WCAG 2.2, 2.5.8 Target Size (Minimum): every pointer target is at least 24 x 24
  // CSS px, or a 24 px circle centred on it reaches no other target and no other small
  // target's circle. A link inside a sentence is exempt (the "inline" exception), as is
  // a control whose look the browser decides (a <video>'s own buttons are not in the DOM).
  const targetSelector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [tabindex]:not([tabindex='-1'])";
  const blockOf = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      if (!getComputedStyle(node).display.startsWith("inline")) return node;
    }
    return document.body;
  };
  const inSentence = (element) => {
    if (!getComputedStyle(element).display.startsWith("inline") || element.matches("input, select, textarea, button")) return false;
    const own = (element.innerText || "").trim().length;
    const around = (blockOf(element).innerText || "").trim().length;
    return around > own + 1;
  };
  const targets = [];
  document.querySelectorAll(targetSelector).forEach((element) => {
    if (element.closest("#wagtail-userbar, wagtail-userbar") || element.disabled) return;
    if (!visible(element) || element.closest("[inert], [aria-hidden=true]")) return;
    const rect = element.getBoundingClientRect();
    targets.push({ element, rect, inline: inSentence(element), small: rect.width < 23.5 || rect.height < 23.5 });
  });
  const centre = (rect) => ({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
  const distanceToRect = (point, rect) => {
    const dx = Math.max(rect.left - point.x, 0, point.x - rect.right);
    const dy = Math.max(rect.top - point.y, 0, point.y - rect.bottom);
    return Math.hypot(dx, dy);
  };
  const targetSize = [];
  for (const target of targets) {
    if (!target.small || target.inline) continue;
    const here = centre(target.rect);
    const crowded = targets.find((other) => {
      if (other === target || other.element.contains(target.element) || target.element.contains(other.element)) return false;
      if (distanceToRect(here, other.rect) < 12) return true;
      return other.small && !other.inline && Math.hypot(here.x - centre(other.rect).x, here.y - centre(other.rect).y) < 24;
    });
    if (crowded) {
      targetSize.push({
        element: describe(target.element),
        sample: (target.element.innerText || target.element.value || target.element.getAttribute("aria-label") || "").trim().slice(0, 40),
        size: `${Math.round(target.rect.width)}x${Math.round(target.rect.height)}`,
        near: describe(crowded.element),
      });
    }
  }
  const root = document.documentElement;
  return {
    texts,
    contrast,
    misdecoded,
    targetSize,
    // How many targets were measured, how many were under 24 px and how many of those
    // were exempt as a link in a sentence: the figures behind an empty targetSize.
    targetCounts: {
      all: targets.length,
      small: targets.filter((target) => target.small).length,
      inline: targets.filter((target) => target.small && target.inline).length,
    },
    overflow: { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth },
  };
}
