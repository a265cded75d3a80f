"""Real nginx and Apache on 127.0.0.1, for the redirect tests.

Each server gets its own folder (config, pid, logs, temp files), a free port,
and is stopped when its context manager exits. A test that needs one calls
`require_nginx()` / `require_apache()` first: they skip with the reason when
the Debian package is not installed. The config checks (`nginx -t`,
`apache2 -t`) need no port and start nothing.
"""
from __future__ import annotations

import http.client
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

APACHE_MODULES = Path("/usr/lib/apache2/modules")
STARTUP_SECONDS = 15


# --- finding the servers ----------------------------------------------------------------------

def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    path = f"/usr/sbin/{name}"
    return path if os.access(path, os.X_OK) else None


def nginx_binary() -> str | None:
    return _binary("nginx")


def apache_binary() -> str | None:
    binary = _binary("apache2")
    return binary if binary and (APACHE_MODULES / "mod_rewrite.so").is_file() else None


def require_nginx() -> str:
    binary = nginx_binary()
    if binary is None:
        pytest.skip("nginx is not installed (Debian package `nginx`): the nginx redirect tests are skipped; "
                    ".ci/run installs it")
    return binary


def require_apache() -> str:
    binary = apache_binary()
    if binary is None:
        pytest.skip("Apache with mod_rewrite is not installed (Debian package `apache2`): the Apache redirect "
                    "tests are skipped; .ci/run installs it")
    return binary


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- nginx ------------------------------------------------------------------------------------

def nginx_conf(prefix: Path, output: Path, port: int, base: str = "") -> str:
    """A whole nginx config serving `output` with its `nginx-redirects.conf` included.

    With `base` ("/blog") the folder is served at /blog/ the way a site in a
    folder is: `location /blog/ { alias output/; include …nginx-redirects.conf; }`,
    and the server's own root is an empty folder."""
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").is_file() else \
        "types { text/html html; text/css css; application/javascript js; image/png png; }"
    # As root, nginx's workers would drop to `nobody`, who cannot read pytest's 0700 tmp folders.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    if base:
        empty = prefix / "root"
        empty.mkdir(parents=True, exist_ok=True)
        served = (f"root {empty};\n        index index.html;\n"
                  f"        location {base}/ {{\n            alias {output}/;\n"
                  f"            include {output}/nginx-redirects.conf;\n        }}")
    else:
        served = f"root {output};\n        index index.html;\n        include {output}/nginx-redirects.conf;"
    return f"""
{user}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    {mime}
    server {{
        listen 127.0.0.1:{port};
        {served}
    }}
}}
"""


def _nginx_args(binary: str, prefix: Path, conf: Path) -> list[str]:
    return [binary, "-c", str(conf), "-p", str(prefix), "-e", str(prefix / "error.log")]


def nginx_check(output: Path, prefix: Path) -> subprocess.CompletedProcess[str]:
    """`nginx -t` on a server block that includes `output/nginx-redirects.conf`."""
    binary = require_nginx()
    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, output, free_port()), encoding="utf-8")
    return subprocess.run([*_nginx_args(binary, prefix, conf), "-t"], capture_output=True, text=True, timeout=30)


@contextmanager
def nginx_server(output: Path, prefix: Path, base: str = "") -> Iterator[int]:
    """nginx serving `output` on 127.0.0.1 (at `base`/ when given): yields the port; stopped on exit."""
    binary = require_nginx()
    prefix.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, output, port, base), encoding="utf-8")
    test = subprocess.run([*_nginx_args(binary, prefix, conf), "-t"], capture_output=True, text=True, timeout=30)
    assert test.returncode == 0, f"nginx rejects the config with our snippet:\n{test.stderr}"
    proc = subprocess.Popen(_nginx_args(binary, prefix, conf), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_listening(proc, port, prefix / "error.log", "nginx")
        yield port
    finally:
        _stop(proc)


# --- Apache -----------------------------------------------------------------------------------

def apache_conf(prefix: Path, output: Path, port: int, include_htaccess: bool = False, base: str = "") -> str:
    """A whole Apache config serving `output`, reading its `.htaccess`
    (`AllowOverride All`), with its own pid file, logs and runtime folder.

    `include_htaccess` puts the file's directives into the config itself
    (inside `<Directory>`, the same per-directory context), so that
    `apache2 -t` checks them: a plain `-t` never reads `.htaccess`.
    """
    modules = "\n".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so"
                        for name in ("mpm_event", "authz_core", "rewrite", "mime", "dir", "alias"))
    user = ""
    if os.geteuid() == 0:          # as root, Apache must drop to someone: the workers need to read `output`
        user = "User www-data\nGroup www-data" if _has_user("www-data") else "User nobody\nGroup nogroup"
    include = f'    Include "{output}/.htaccess"\n' if include_htaccess else ""
    return f"""
ServerRoot "{prefix}"
DefaultRuntimeDir "{prefix}"
PidFile "{prefix}/apache.pid"
ErrorLog "{prefix}/error.log"
LogLevel warn
{modules}
{user}
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
StartServers 1
ServerLimit 1
ThreadsPerChild 8
MaxRequestWorkers 8
TypesConfig /etc/mime.types
DocumentRoot "{prefix if base else output}"
{f'Alias "{base}" "{output}"' if base else ""}
DirectoryIndex index.html
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "{output}">
    AllowOverride {"None" if include_htaccess else "All"}
    Require all granted
{include}</Directory>
"""


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def apache_check(output: Path, prefix: Path) -> subprocess.CompletedProcess[str]:
    """`apache2 -t` on a config that holds `output/.htaccess` in its `<Directory>`."""
    binary = require_apache()
    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "apache.conf"
    conf.write_text(apache_conf(prefix, output, free_port(), include_htaccess=True), encoding="utf-8")
    return subprocess.run([binary, "-f", str(conf), "-t"], capture_output=True, text=True, timeout=30)


@contextmanager
def apache_server(output: Path, base_path: str = "") -> Iterator[int]:
    """Apache serving a copy of `output` on 127.0.0.1, in the foreground: yields
    the port; stopped on exit. The copy lives in a fresh world-readable temp
    folder because, run as root, Apache's workers are `www-data`, who cannot
    enter pytest's private tmp folders."""
    binary = require_apache()
    base = Path(tempfile.mkdtemp(prefix="trackpress-apache-"))
    proc = None
    try:
        base.chmod(0o755)
        site = base / "site"
        shutil.copytree(output, site)
        for folder, dirs, files in os.walk(site):
            os.chmod(folder, 0o755)
            for name in files:
                os.chmod(os.path.join(folder, name), 0o644)
        prefix = base / "server"
        prefix.mkdir()
        port = free_port()
        conf = prefix / "apache.conf"
        conf.write_text(apache_conf(prefix, site, port, base=base_path), encoding="utf-8")
        test = subprocess.run([binary, "-f", str(conf), "-t"], capture_output=True, text=True, timeout=30)
        assert test.returncode == 0, f"apache2 rejects the config:\n{test.stderr}"
        proc = subprocess.Popen([binary, "-f", str(conf), "-DFOREGROUND"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait_listening(proc, port, prefix / "error.log", "apache2")
        yield port
    finally:
        if proc is not None:
            _stop(proc)
        shutil.rmtree(base, ignore_errors=True)


# --- shared -----------------------------------------------------------------------------------

def _wait_listening(proc: subprocess.Popen, port: int, log: Path, name: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if proc.poll() is not None:
            pytest.fail(f"{name} exited with {proc.returncode}: {proc.stderr.read().decode(errors='replace')}"
                        f"\n{log.read_text(errors='replace') if log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not start listening within {STARTUP_SECONDS} s")
            time.sleep(0.05)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()                 # nginx: fast shutdown; apache2 -DFOREGROUND: graceful stop of its children
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    if proc.stderr is not None:
        proc.stderr.close()


def get(port: int, target: str) -> tuple[int, dict[str, str], bytes]:
    """One GET of `target` (sent as is, not re-encoded), redirects not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", target, skip_accept_encoding=True)
        conn.putheader("User-Agent", "trackpress-tests")
        conn.endheaders()
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()
