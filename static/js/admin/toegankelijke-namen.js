/* Accessible names that Wagtail 8.0's page editor leaves out, added in the browser.
 *
 * - Draftail (rich text): Wagtail's <label for> points at the hidden <input> the
 *   editor replaces, so the contenteditable role="textbox" has no name (axe
 *   aria-input-field-name). Upstream: wagtail/wagtail#14205 (open; PR #14210).
 *   The name here is the field's own label where there is one, preceded by the
 *   heading of the StreamField block it sits in ("Let op", "Stap").
 * - Tag field: tag-it adds a text input of its own without a label (axe label).
 *   Upstream: wagtail/wagtail#2952 (tag-it is outdated). It gets the field's label.
 *
 * - Minimap: its list scrolls, but while the minimap is collapsed its links are out of
 *   the tab order, so keyboard users cannot scroll it (axe scrollable-region-focusable).
 *   It becomes focusable itself. No upstream issue found; related: wagtail/wagtail#10055.
 *
 * Blocks added later (a new StreamField block) are named as they appear.
 * tests/e2e/test_editor_axe.py runs axe on the editor of every page type.
 */
(function () {
  "use strict";

  function labelId(label, fallback) {
    if (!label.id) label.id = fallback;
    return label.id;
  }

  function ownLabel(input) {
    if (!input.id) return null;
    var label = document.querySelector('label[for="' + CSS.escape(input.id) + '"]');
    if (label) return label;
    var wrapper = input.closest("[data-field-wrapper]");
    return wrapper && wrapper.parentElement ? wrapper.parentElement.querySelector(":scope > label") : null;
  }

  function nameIds(input) {
    var ids = [];
    var section = input.closest("section.w-panel");
    var heading = section && section.querySelector(".w-panel__heading[id]");
    if (heading) ids.push(heading.id);
    var label = ownLabel(input);
    if (label) ids.push(labelId(label, input.id + "-label"));
    return ids.join(" ");
  }

  function nameDraftail(root) {
    root.querySelectorAll("[data-draftail-editor-wrapper] [role=textbox]").forEach(function (box) {
      if (box.hasAttribute("aria-labelledby") || box.hasAttribute("aria-label")) return;
      var widget = box.closest("[data-streamfield-widget], .w-field__input");
      var input = widget && widget.querySelector("input[type=hidden]");
      var ids = input ? nameIds(input) : "";
      if (ids) box.setAttribute("aria-labelledby", ids);
      else box.setAttribute("aria-label", "Tekst");
    });
  }

  function nameTags(root) {
    root.querySelectorAll("input[data-controller~=w-tag]").forEach(function (original) {
      var field = original.parentElement;
      var typed = field && field.querySelector("ul.tagit input.ui-autocomplete-input");
      if (!typed || typed.hasAttribute("aria-labelledby")) return;
      var label = ownLabel(original);
      if (label) typed.setAttribute("aria-labelledby", labelId(label, original.id + "-label"));
      else typed.setAttribute("aria-label", "Tags");
    });
  }

  function focusableMinimap(root) {
    root.querySelectorAll(".w-minimap__list:not([tabindex])").forEach(function (list) {
      list.setAttribute("tabindex", "0");
      list.setAttribute("aria-label", "Minimap");
    });
  }

  var pending = false;
  function nameAll() {
    pending = false;
    nameDraftail(document);
    nameTags(document);
    focusableMinimap(document);
  }

  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(nameAll);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
})();
