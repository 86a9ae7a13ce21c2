#!/usr/bin/env python3
"""Online link-check benchmark: loclint against the lychee CLI.

Starts an HTTP server on 127.0.0.1 that answers every request with 200 after
a fixed delay, writes a page set holding N distinct URLs on it, and times
`loclint check --online` and `lychee` over the same files with the same
concurrency. Nothing leaves the machine.

    python3 scripts/bench_online.py [--loclint target/release/loclint]
        [--lychee lychee] [--urls 1000] [--delay-ms 50] [--concurrency 128]
        [--runs 3]
"""

import argparse
import http.server
import os
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    delay = 0.05

    def _answer(self, body):
        time.sleep(self.delay)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return body

    def do_GET(self):
        self.wfile.write(self._answer(b"<html><body>ok</body></html>"))

    def do_HEAD(self):
        self._answer(b"")

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 1024


def write_pages(root, port, urls, per_page=20):
    os.makedirs(root, exist_ok=True)
    n = 0
    page = 0
    while n < urls:
        lines = [f"# Page {page}", ""]
        for _ in range(min(per_page, urls - n)):
            lines.append(f"- [link {n}](http://127.0.0.1:{port}/page/{n})")
            n += 1
        with open(os.path.join(root, f"page-{page:04}.md"), "w") as f:
            f.write("\n".join(lines) + "\n")
        page += 1


def timed(cmd, cwd):
    t = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - t, p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loclint", default="target/release/loclint")
    ap.add_argument("--lychee", default=shutil.which("lychee") or "lychee")
    ap.add_argument("--urls", type=int, default=1000)
    ap.add_argument("--delay-ms", type=int, default=50)
    ap.add_argument("--concurrency", type=int, default=128)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    Handler.delay = args.delay_ms / 1000
    server = Server(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()

    loclint = os.path.abspath(args.loclint)
    work = tempfile.mkdtemp(prefix="loclint-bench-online-")
    pages = os.path.join(work, "pages")
    write_pages(pages, port, args.urls)
    c = args.concurrency
    with open(os.path.join(work, "loclint.toml"), "w") as f:
        f.write(
            "[links]\nonline = true\ncache = false\nretries = 0\n"
            f"max-concurrency = {c}\nmax-concurrency-per-host = {c}\n"
        )
    runs = {
        "loclint": [loclint, "check", "pages", "--select", "dead-link",
                    "--online", "--allow-private-hosts", "-q"],
        "lychee": [args.lychee, "--no-progress", "--max-concurrency", str(c),
                   "--host-concurrency", str(c), "--max-retries", "0",
                   "--host-request-interval", "0s", "pages"],
    }
    results = {}
    for name, cmd in runs.items():
        times = []
        for _ in range(args.runs):
            secs, p = timed(cmd, work)
            if p.returncode != 0:
                sys.stderr.write(f"{name} failed ({p.returncode}):\n"
                                 f"{p.stdout.decode()[-2000:]}{p.stderr.decode()[-2000:]}\n")
                sys.exit(1)
            times.append(secs)
        results[name] = statistics.median(times)
        print(f"{name:8} median {results[name]:.2f} s over {args.runs} runs "
              f"({', '.join(f'{t:.2f}' for t in times)})")
    print(f"{args.urls} URLs, {args.delay_ms} ms per answer, concurrency {c}: "
          f"loclint / lychee = {results['loclint'] / results['lychee']:.2f}")
    server.shutdown()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
