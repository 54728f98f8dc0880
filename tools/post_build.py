#!/usr/bin/env python3
"""Trunk post-build hook (Trunk.toml `[[hooks]] stage = "post_build"`).

Runs on the finished build in TRUNK_STAGING_DIR (Trunk moves it to dist/
afterwards) and, with the Python standard library only (no network):

1. puts the Content-Security-Policy into index.html as a <meta> right
   after <meta charset>, so it covers everything after it. The inline
   module loader Trunk emits is allowed by its sha256 hash, computed here
   on the exact bytes Trunk wrote; no 'unsafe-inline'. A build with an
   inline event handler attribute (onclick=…) or an inline style element
   fails here, since the policy would block it.
2. writes sw.js (from tools/sw.template.js): the precache list (every file
   of the build but sw.js itself) and a version that is a hash of the
   names and contents of those files, so any change to the build gives a
   new cache.

Usage outside Trunk: `TRUNK_STAGING_DIR=dist python3 tools/post_build.py`
(it refuses to run twice on the same index.html).
"""

import base64
import hashlib
import json
import os
import re
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))

# What the app needs, and nothing more:
# - wasm compiles from the page's own files ('wasm-unsafe-eval', not 'unsafe-eval');
# - styles only from the app's CSS files (the app sets positions and sizes
#   through the CSSOM, which style-src does not restrict);
# - downloads and the worker via blob:/same-origin URLs; charts are inline SVG.
POLICY = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' {hashes}",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def fail(msg):
    print(f"post_build: {msg}", file=sys.stderr)
    sys.exit(1)


def csp_for(html):
    hashes = []
    for m in INLINE_SCRIPT.finditer(html):
        digest = hashlib.sha256(m.group(1).encode("utf-8")).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    if re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I):
        fail("index.html has an inline event handler attribute: the CSP blocks it")
    if re.search(r"<style\b|\sstyle\s*=", html, re.I):
        fail("index.html has inline styles: the CSP (style-src 'self') blocks them")
    return "; ".join(POLICY).format(hashes=" ".join(hashes)).replace("  ", " ")


def add_csp(staging):
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    if re.search(r"http-equiv=\"Content-Security-Policy\"", html, re.I):
        fail("index.html already has a Content-Security-Policy (run once per build)")
    policy = csp_for(html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
    charset = re.search(r"<meta charset=[^>]*>", html, re.I)
    if not charset:
        fail("index.html has no <meta charset>: nowhere to put the CSP first")
    html = html[: charset.end()] + "\n    " + meta + html[charset.end() :]
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    return policy


def precache_list(staging):
    files = []
    for root, _dirs, names in os.walk(staging):
        for name in names:
            rel = os.path.relpath(os.path.join(root, name), staging).replace(os.sep, "/")
            if rel != "sw.js":
                files.append(rel)
    return sorted(files)


def write_sw(staging):
    files = precache_list(staging)
    version = hashlib.sha256()
    for rel in files:
        with open(os.path.join(staging, rel), "rb") as f:
            version.update(rel.encode("utf-8") + b"\0" + hashlib.sha256(f.read()).digest())
    version = version.hexdigest()[:16]
    with open(os.path.join(TOOLS, "sw.template.js"), encoding="utf-8") as f:
        template = f.read()
    paths = ["/" + rel for rel in files]
    sw = template.replace("__VERSION__", version).replace("__PRECACHE__", json.dumps(paths, indent=2))
    with open(os.path.join(staging, "sw.js"), "w", encoding="utf-8") as f:
        f.write(sw)
    return version, paths


def main():
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging or not os.path.isfile(os.path.join(staging, "index.html")):
        fail("TRUNK_STAGING_DIR must name the build directory (with index.html)")
    policy = add_csp(staging)
    version, paths = write_sw(staging)
    print(f"post_build: CSP: {policy}")
    print(f"post_build: sw.js version {version}, {len(paths)} files precached")


if __name__ == "__main__":
    main()
