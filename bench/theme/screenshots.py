"""Screenshots of home, a post, a hero post and a tag archive at 390 and 1280 px, light and dark, into /tmp/shots/. usage: python bench/theme/screenshots.py REPO LABEL [HERO_PATH]"""
import sys, threading, functools, http.server
from datetime import datetime, timezone
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from generator.build import BuildOptions, build_site
out = Path(f"/tmp/shots/site-{sys.argv[2]}")
build_site(BuildOptions(root=Path(sys.argv[1]), output=out, now=datetime(2026,1,1,tzinfo=timezone.utc), cache=False))
class Q(http.server.SimpleHTTPRequestHandler):
    def log_message(self,*a): pass
srv = http.server.ThreadingHTTPServer(("127.0.0.1",0), functools.partial(Q, directory=str(out)))
threading.Thread(target=srv.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{srv.server_address[1]}"
pages = {"home": "/", "post": "/2024/04/12/delay-times-bpm-and-a-tiny-python-script/", "hero": sys.argv[3] if len(sys.argv)>3 else "/2024/06/21/sodium-lights-new-single-out-now/", "archive": "/tag/synths/"}
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    for scheme in ("light","dark"):
        for w in (390,1280):
            ctx = b.new_context(viewport={"width":w,"height":900}, color_scheme=scheme)
            pg = ctx.new_page()
            for name, path in pages.items():
                pg.goto(base+path); pg.wait_for_load_state("load")
                sw = pg.evaluate("document.documentElement.scrollWidth")
                pg.screenshot(path=f"/tmp/shots/{sys.argv[2]}-{name}-{w}-{scheme}.png", full_page=False)
                print(sys.argv[2], name, w, scheme, "scrollWidth", sw)
            ctx.close()
    b.close()
