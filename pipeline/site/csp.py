"""The site's Content-Security-Policy: every page's <meta> tag and the header the web server sends.

Only the site's own origin: no inline script or style, no third-party script, style, font, image or
frame, no WebAssembly, no worker (the search page's script is plain JavaScript). `frame-ancestors` works only as a header, so the meta tag leaves
it out (Chromium reports it as ignored there) and docs/security.md gives the full header.
"""

from __future__ import annotations

DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self'"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("media-src", "'self'"),
    ("object-src", "'none'"),
    ("frame-src", "'none'"),
    ("worker-src", "'none'"),
    ("manifest-src", "'self'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
HEADER_ONLY: tuple[tuple[str, str], ...] = (("frame-ancestors", "'none'"),)


def _join(directives: tuple[tuple[str, str], ...]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives)


META_POLICY = _join(DIRECTIVES)
HEADER_POLICY = _join(DIRECTIVES + HEADER_ONLY)
