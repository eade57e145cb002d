#!/usr/bin/env python3
"""A small HTTPS server for the Store Firmware OOB tests (python3 stdlib only).

    https-server.py --root DIR --cert PEM --key PEM --port-file FILE [--log FILE]

Listens on 127.0.0.1 on a port the system picks (written to FILE once the
socket is listening) and answers GET /<path>/check and /<path>/get from the
files DIR/<path>/check and DIR/<path>/get, the way otaimg mesh publish lays
them out and its nginx snippet serves them:
  - /check answers 404 when the cfwid query parameter equals the check
    file's firmware_id (case-insensitive): the device already runs it;
  - a missing file answers 404;
  - a file DIR/<path>/nolength makes the answers go without Content-Length
    (the body ends when the connection closes);
  - a file DIR/<path>/status holding a number answers with that HTTP status
    and no body for every request of that path;
  - a file DIR/<path>/static turns the per-cfwid 404 off (a plain static
    host);
  - a file DIR/<path>/slow makes /get send its body 1 KiB every 50 ms;
  - a file DIR/<path>/redirect holding a URL prefix (a path such as /fw, or
    an absolute URL) answers 302 to <prefix>/<endpoint>?<query>, with a
    short body.
Anything else (.., other methods) answers 400/404/405.  It never writes into
DIR.  Stop it with SIGTERM.
"""
import argparse
import http.server
import json
import os
import signal
import ssl
import sys
import time
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "otaimg-test-https"

    def log_message(self, fmt, *args):
        log = self.server.logfile
        if log is not None:
            log.write("%s\n" % (fmt % args))
            log.flush()

    def send_plain(self, code, body=b"", length=True, slow=False):
        self.send_response(code)
        self.send_header("Content-Type", "application/octet-stream")
        if length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if body and slow:
            for i in range(0, len(body), 1024):
                self.wfile.write(body[i:i + 1024])
                self.wfile.flush()
                time.sleep(0.05)
        elif body:
            self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        if not parts or any(p in (".", "..") for p in parts):
            return self.send_plain(400)
        endpoint = parts[-1]
        folder = os.path.join(self.server.root, *parts[:-1])
        if endpoint not in ("check", "get"):
            return self.send_plain(404)
        status_file = os.path.join(folder, "status")
        if os.path.isfile(status_file):
            with open(status_file) as fh:
                return self.send_plain(int(fh.read().strip()))
        redirect_file = os.path.join(folder, "redirect")
        if os.path.isfile(redirect_file):
            with open(redirect_file) as fh:
                target = "%s/%s?%s" % (fh.read().strip(), endpoint, url.query)
            body = b"moved\n"
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        path = os.path.join(folder, endpoint)
        if not os.path.isfile(path):
            return self.send_plain(404)
        with open(path, "rb") as fh:
            body = fh.read()
        if endpoint == "check":
            cfwid = urllib.parse.parse_qs(url.query).get("cfwid", [""])[0]
            try:
                offered = json.loads(body)["manifest"]["firmware"]["firmware_id"]
            except (ValueError, KeyError, TypeError):
                offered = None
            static = os.path.isfile(os.path.join(folder, "static"))
            if not static and isinstance(offered, str) and offered.lower() == cfwid.lower():
                return self.send_plain(404)
        nolength = os.path.isfile(os.path.join(folder, "nolength"))
        slow = endpoint == "get" and os.path.isfile(os.path.join(folder, "slow"))
        self.send_plain(200, body, length=not nolength, slow=slow)

    def do_POST(self):
        self.send_plain(405)

    do_PUT = do_POST
    do_DELETE = do_POST


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a client that gives up (wrong CA, size limit) is expected
        if self.logfile is not None:
            self.logfile.write("client %s: %s\n" % (client_address, sys.exc_info()[1]))
            self.logfile.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log")
    a = ap.parse_args()

    srv = Server(("127.0.0.1", 0), Handler)
    srv.root = os.path.abspath(a.root)
    srv.logfile = open(a.log, "a") if a.log else None
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as fh:
        fh.write("%d\n" % srv.server_address[1])
    os.rename(tmp, a.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
