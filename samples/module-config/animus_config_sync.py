#!/usr/bin/env python3
"""Keeps a module's dotenv file in sync with its configuration in the Animus registry.

Reference consumer of GET /api/v1/delivery/configuration: Python 3 standard library only.

    ANIMUS_REGISTRY_URL=https://registry.example:8080 \
    ANIMUS_MODULE_KEY=animus_sk_... \
    python3 animus_config_sync.py --output /etc/mcp/athena.env

It fetches the configuration as dotenv (Accept: text/plain), writes it atomically (a temporary
file in the same folder, fsync, rename), then long-polls with If-None-Match and ?wait= so that a
change reaches the file within moments. Network errors and 5xx answers are retried with
exponential backoff (1 s doubling to 60 s, with jitter). A revoked or unknown key (401) or a key
that may not read (403) stops the program with exit status 3 and a message that says so.

It never prints a value: its output names the file, the version and the number of variables.
The key is read from the environment (or from a file with --key-file), never from the command line,
so that it does not show in the process list.
"""

import argparse
import os
import random
import sys
import tempfile
import time
import urllib.error
import urllib.request

WAIT_SECONDS = 60
MAX_BACKOFF = 60.0
EXIT_KEY_REFUSED = 3


def log(message):
    print(time.strftime("%Y-%m-%dT%H:%M:%S") + " animus-config-sync: " + message, file=sys.stderr, flush=True)


def write_atomically(path, content):
    """Replaces the file in one rename, so a reader sees the old file or the new one, never a part."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=folder)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


class KeyRefused(Exception):
    pass


def fetch(url, key, version, wait):
    """(status, version, body): 200 with a new body, or 304 when `version` is still current."""
    target = url + "/api/v1/delivery/configuration" + ("?wait=%d" % wait if version and wait else "")
    request = urllib.request.Request(target, headers={"Authorization": "ApiKey " + key, "Accept": "text/plain"})
    if version:
        request.add_header("If-None-Match", '"%s"' % version)
    try:
        with urllib.request.urlopen(request, timeout=(wait or 0) + 30) as response:
            return response.status, response.headers.get("ETag", "").strip('"'), response.read()
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return 304, version, None
        if error.code in (401, 403):
            raise KeyRefused("the registry refused the module key (HTTP %d): it is revoked, unknown, or not a module key"
                             % error.code) from None
        raise


def count_variables(body):
    return sum(1 for line in body.decode("utf-8").splitlines() if line and not line.startswith("#"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", required=True, help="the dotenv file to keep in sync")
    parser.add_argument("--url", default=os.environ.get("ANIMUS_REGISTRY_URL", "http://localhost:8080"))
    parser.add_argument("--key-file", help="a file holding the module key (else ANIMUS_MODULE_KEY)")
    parser.add_argument("--wait", type=int, default=WAIT_SECONDS, help="seconds of each long poll (1-300)")
    parser.add_argument("--once", action="store_true", help="write the file once and exit")
    options = parser.parse_args()
    if options.key_file:
        with open(options.key_file, encoding="utf-8") as file:
            key = file.read().strip()
    else:
        key = os.environ.get("ANIMUS_MODULE_KEY", "").strip()
    if not key:
        log("no module key: set ANIMUS_MODULE_KEY or give --key-file")
        return 2
    url = options.url.rstrip("/")
    version = None
    backoff = 1.0
    while True:
        try:
            status, new_version, body = fetch(url, key, version, options.wait)
            backoff = 1.0
            if status == 200:
                write_atomically(options.output, body)
                version = new_version
                log("wrote %s: version %s, %d variables" % (options.output, version, count_variables(body)))
                if options.once:
                    return 0
        except KeyRefused as refused:
            log("stopping: " + str(refused) + "; %s keeps its last contents" % options.output)
            return EXIT_KEY_REFUSED
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "code", None) or getattr(error, "reason", None) or type(error).__name__
            delay = backoff * (0.5 + random.random() / 2)
            log("registry not reachable (%s); retrying in %.1f s" % (reason, delay))
            time.sleep(delay)
            backoff = min(backoff * 2, MAX_BACKOFF)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
