// Calculated fields of a loket form (e.g. uren x uurtarief) update while the user
// types. The server computes and checks the same values on every step (forms/stepform.py);
// without JavaScript the "Berekenen" button does the round trip instead.
(function () {
    var outputs = document.querySelectorAll("output[data-calc-operation]");
    if (!outputs.length) { return; }
    var form = outputs[0].form || document.getElementById("wizard-form");

    function toNumber(value) {
        if (value === null || value === undefined) { return null; }
        var text = String(value).replace(/\s/g, "");
        if (text === "") { return null; }
        if (text.indexOf(",") !== -1) { text = text.replace(/\./g, "").replace(",", "."); }
        if (!/^-?\d+(\.\d+)?$/.test(text)) { return null; }
        return parseFloat(text);
    }

    function format(value, isAmount) {
        var places = isAmount || Math.round(value) !== value ? 2 : 0;
        var text = value.toLocaleString("nl-NL", {
            minimumFractionDigits: places,
            maximumFractionDigits: places
        });
        return isAmount ? "\u20ac " + text : text;
    }

    function inputValue(name) {
        var field = form ? form.elements.namedItem(name) : null;
        if (!field) { return undefined; }
        return field.value;
    }

    function calculate(output, results) {
        var prefix = output.getAttribute("data-calc-prefix") || "";
        var known = {};
        try { known = JSON.parse(output.getAttribute("data-calc-known") || "{}"); } catch (e) { known = {}; }
        var names = (output.getAttribute("data-calc-operands") || "").split(",").filter(Boolean);
        var values = names.map(function (name) {
            var typed = inputValue(prefix + name);
            if (typed !== undefined) { return toNumber(typed); }
            if (Object.prototype.hasOwnProperty.call(results, name)) { return results[name]; }
            return toNumber(known[name]);
        });
        if (!values.length || values.some(function (v) { return v === null; })) { return null; }
        var operation = output.getAttribute("data-calc-operation");
        var result;
        if (operation === "product") {
            result = values.reduce(function (a, b) { return a * b; }, 1);
        } else if (operation === "sum") {
            result = values.reduce(function (a, b) { return a + b; }, 0);
        } else if (operation === "percentage") {
            var percentage = toNumber(output.getAttribute("data-calc-percentage"));
            if (percentage === null) { return null; }
            result = values[0] * percentage / 100;
        } else {
            return null;
        }
        return Math.round(result * 100) / 100;
    }

    function update() {
        var results = {};
        Array.prototype.forEach.call(outputs, function (output) {
            var value = calculate(output, results);
            results[output.getAttribute("data-calc-name")] = value;
            var text = value === null ? "\u2013" : format(value, output.getAttribute("data-calc-amount") === "1");
            if (output.textContent !== text) { output.textContent = text; }
        });
    }

    if (form) { form.addEventListener("input", update); }
    // The values update themselves: the round-trip button is only for browsers without JS.
    Array.prototype.forEach.call(document.querySelectorAll("[data-calc-button]"), function (button) {
        button.hidden = true;
    });
    update();
})();
