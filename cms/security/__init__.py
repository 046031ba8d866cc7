"""Request checks of the whole site.

``middleware`` (Content Security Policy, bad cookies), ``origin`` (same-origin POSTs),
``textinput`` (which characters are accepted), ``client`` (the client's address
behind trusted proxies) and ``ratelimit`` (the site's one rate limiter).
"""
