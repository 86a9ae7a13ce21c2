#!/usr/bin/env python3
"""`check --online` against servers on 127.0.0.1 only: counts requests that
reached a private address. A server on one loopback port answers every
request with a redirect to another loopback port, to other private
addresses, and to itself; pages link to it under many spellings of a
loopback or private address. Without --allow-private-hosts no request may
arrive (printed count must be 0); with it, the same run must reach the
server (the probe works). Usage: online.py LOCLINT
"""
import http.server, pathlib, subprocess, sys, tempfile, threading

binary = sys.argv[1]
hits = {"redirector": 0, "target": 0}

def server(name, redirect_to=None):
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits[name] += 1
            if redirect_to:
                self.send_response(302)
                self.send_header("Location", redirect_to(self.path))
            else:
                self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        do_HEAD = do_GET
        def log_message(self, *a):
            pass
    s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=s.serve_forever, daemon=True).start()
    return s

target = server("target")
tport = target.server_address[1]
hops = [f"http://127.0.0.1:{tport}/secret", f"http://localhost:{tport}/x", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:%d/" % tport]
redirector = server("redirector", lambda path: hops[len(path) % len(hops)])
port = redirector.server_address[1]
spellings = ["127.0.0.1", "localhost", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "localhost.", "127.0.0.1.nip.io", "0.0.0.0"]
links = [f"- [l{i}](http://{h}:{port}/p{'x' * i})" for i, h in enumerate(spellings)]
links += [f"- [t](http://127.0.0.1:{tport}/direct)"]
with tempfile.TemporaryDirectory() as tmp:
    page = pathlib.Path(tmp) / "a.md"
    page.write_text("# Links\n\n" + "\n".join(links) + "\n", encoding="utf-8")
    for extra in ([], ["--allow-private-hosts"]):
        for k in hits: hits[k] = 0
        subprocess.run([binary, "check", "--isolated", "--online", "--no-cache", *extra, str(page)],
                       capture_output=True, timeout=120, cwd=tmp)
        label = "with --allow-private-hosts" if extra else "default"
        print(f"online ({label}): {len(links)} links, requests reaching private addresses: "
              f"{hits['redirector'] + hits['target']} (redirector {hits['redirector']}, redirect target {hits['target']})")
        if not extra and hits["redirector"] + hits["target"]:
            sys.exit(1)
        if extra and hits["redirector"] == 0:
            print("the probe reached nothing even when allowed: the audit itself is broken"); sys.exit(1)
