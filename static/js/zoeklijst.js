// A long select of a form step (e.g. the loket's pupil picker, data-filter-list) gets
// a search box above it that keeps only the options containing what was typed
// ("zoe" finds "Zoë"; accents, case and punctuation are ignored as in loket/names.py).
// The empty first option stays, and so does the last one with data-filter-keep-last
// (the picker's "Nieuwe leerling"). Without JavaScript it is a plain select; the
// select stays the control that is submitted.
(function () {
    function key(text) {
        return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
            .replace(/[^a-z0-9]+/g, " ").trim();
    }

    function enhance(select) {
        var all = Array.prototype.slice.call(select.options);
        var keepLast = select.hasAttribute("data-filter-keep-last");
        var fixed = all.filter(function (o, i) {
            return (i === 0 && o.value === "") || (keepLast && i === all.length - 1);
        });
        var pupils = all.filter(function (o) { return fixed.indexOf(o) === -1; });
        var keys = pupils.map(function (o) { return key(o.textContent); });

        var wrapper = document.createElement("div");
        wrapper.className = "filter-list";
        var label = document.createElement("label");
        var input = document.createElement("input");
        var status = document.createElement("p");
        input.type = "search";
        input.id = "zoeken-in-" + select.id;
        input.setAttribute("aria-controls", select.id);
        input.setAttribute("autocomplete", "off");
        label.htmlFor = input.id;
        label.textContent = select.getAttribute("data-filter-list") || "Zoeken in de lijst";
        status.className = "help";
        status.setAttribute("role", "status");
        status.setAttribute("aria-live", "polite");
        wrapper.appendChild(label);
        wrapper.appendChild(input);
        wrapper.appendChild(status);
        select.parentNode.insertBefore(wrapper, select);

        input.addEventListener("input", function () {
            var wanted = key(input.value);
            var chosen = select.value;
            var shown = pupils.filter(function (o, i) { return keys[i].indexOf(wanted) !== -1; });
            while (select.options.length) { select.remove(0); }
            [fixed[0]].concat(shown, fixed.slice(1)).forEach(function (o) {
                if (o) { select.add(o); }
            });
            select.value = shown.some(function (o) { return o.value === chosen; }) ? chosen : "";
            if (shown.length === 1) { select.value = shown[0].value; }
            status.textContent = wanted ? (shown.length === 1 ? "1 gevonden en gekozen."
                : shown.length + " gevonden.") : "";
        });
    }

    var pickers = document.querySelectorAll("select[data-filter-list]");
    Array.prototype.forEach.call(pickers, enhance);
}());
