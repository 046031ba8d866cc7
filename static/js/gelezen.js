// Counts one anonymous view of a kennisbank article (see kennisbank/popularity.py).
// No cookie, no identifier: only "this article was read once today".
(function () {
    var article = document.querySelector("[data-view-beacon]");
    if (!article || !navigator.sendBeacon) { return; }
    navigator.sendBeacon(article.getAttribute("data-view-beacon"));
})();
