"""Requests and bytes of a home page, the code post and /about/ in Chromium at 1280×900 with a cold cache. usage: python bench/theme/weigh_pages.py BUILT_SITE_DIR..."""
import sys, threading, functools, http.server
from playwright.sync_api import sync_playwright
class Q(http.server.SimpleHTTPRequestHandler):
    def log_message(self,*a): pass
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    for d in sys.argv[1:]:
        srv = http.server.ThreadingHTTPServer(("127.0.0.1",0), functools.partial(Q, directory=d))
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        for path in ("/", "/2024/04/12/delay-times-bpm-and-a-tiny-python-script/", "/about/"):
            ctx = b.new_context(viewport={"width":1280,"height":900})
            pg = ctx.new_page(); got = []
            pg.on("requestfinished", lambda r: got.append((r.url, len(r.response().body()))))
            pg.goto(f"http://127.0.0.1:{srv.server_address[1]}{path}"); pg.wait_for_load_state("networkidle")
            print(d.rsplit("-",1)[-1], path, f"{len(got)} requests, {sum(n for _, n in got)/1000:.1f} kB:",
                  ", ".join(f"{u.rsplit('/',1)[-1] or 'index'} {n/1000:.1f}" for u, n in got))
            ctx.close()
        srv.shutdown()
    b.close()
