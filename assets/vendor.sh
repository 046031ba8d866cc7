#!/usr/bin/env bash
# Copy the few front-end files the site needs from the npm registry into the
# repository: NL Design System's Utrecht component CSS and the "voorbeeld" design
# tokens into static/vendor/, the Fira Sans and Fira Mono web fonts into static/vendor/,
# axe-core (for the browser accessibility test) into tests/e2e/vendor/. The copies are committed, so `make run` and `make test` need
# no npm and nothing is loaded from a CDN at run time.
#
#   bash assets/vendor.sh          install from package-lock.json and copy
#   bash assets/vendor.sh --check  fail when a committed copy differs from the lock
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null

copies=(
    "node_modules/@utrecht/component-library-css/dist/index.css:../static/vendor/utrecht/component-library.css"
    "node_modules/@utrecht/component-library-css/dist/html.css:../static/vendor/utrecht/html.css"
    "node_modules/@utrecht/component-library-css/LICENSE.md:../static/vendor/utrecht/LICENSE.md"
    "node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css:../static/vendor/voorbeeld/theme.css"
    "node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/LICENSE.md:../static/vendor/voorbeeld/LICENSE.md"
    "node_modules/@fontsource/fira-sans/LICENSE:../static/vendor/fira-sans/LICENSE"
    "node_modules/@fontsource/fira-sans/files/fira-sans-latin-400-normal.woff2:../static/vendor/fira-sans/fira-sans-latin-400-normal.woff2"
    "node_modules/@fontsource/fira-sans/files/fira-sans-latin-400-italic.woff2:../static/vendor/fira-sans/fira-sans-latin-400-italic.woff2"
    "node_modules/@fontsource/fira-sans/files/fira-sans-latin-600-normal.woff2:../static/vendor/fira-sans/fira-sans-latin-600-normal.woff2"
    "node_modules/@fontsource/fira-sans/files/fira-sans-latin-700-normal.woff2:../static/vendor/fira-sans/fira-sans-latin-700-normal.woff2"
    "node_modules/@fontsource/fira-mono/LICENSE:../static/vendor/fira-mono/LICENSE"
    "node_modules/@fontsource/fira-mono/files/fira-mono-latin-400-normal.woff2:../static/vendor/fira-mono/fira-mono-latin-400-normal.woff2"
    "node_modules/axe-core/axe.min.js:../tests/e2e/vendor/axe.min.js"
    "node_modules/axe-core/LICENSE:../tests/e2e/vendor/axe-LICENSE"
)
# A stylesheet copy starts with @charset "UTF-8": served without a charset in its
# Content-Type (Django's static view, the test server), an @import-ed sheet was
# decoded as windows-1252 and Utrecht's list marker "●" came out as "â—".
copy() {
    case "$1" in
        *.css) { printf '@charset "UTF-8";\n'; cat "$1"; } ;;
        *) cat "$1" ;;
    esac
}
status=0
for pair in "${copies[@]}"; do
    src="${pair%%:*}"
    dest="${pair#*:}"
    if [ "${1:-}" = "--check" ]; then
        copy "$src" | cmp -s - "$dest" || { echo "verouderd: $dest (draai bash assets/vendor.sh)"; status=1; }
    else
        mkdir -p "$(dirname "$dest")"
        copy "$src" > "$dest"
    fi
done
exit $status
