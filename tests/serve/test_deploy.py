"""The files in deploy/ as they are shipped: systemd accepts the units, and nginx from Debian,
with the site's own configuration and a self-signed certificate, serves arealweb over HTTPS
in front of `arealweb serve` — links on the public https address, HTTP redirected, the live
streams unbuffered."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
import urllib3

from tests.serve.servers import AREALWEB, free_port, serve

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if found is None:
        pytest.fail(f"{name} is missing: .ci/run installs it", pytrace=False)
    return found


def test_systemd_accepts_the_units(tmp_path):
    """`systemd-analyze verify` on the units, their paths pointed at this checkout."""
    arealweb = shutil.which("arealweb") or str(Path(os.sys.executable).with_name("arealweb"))
    units = [path.name for path in DEPLOY.iterdir() if path.suffix in (".service", ".timer")]
    assert len(units) == 5, units
    for name in units:
        text = (DEPLOY / name).read_text().replace("/opt/arealweb/.venv/bin/arealweb", arealweb)
        (tmp_path / name).write_text(text)
    done = subprocess.run(
        [_tool("systemd-analyze"), "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
    )
    problems = [
        line
        for line in (done.stdout + done.stderr).splitlines()
        # This machine has no such user, no /etc/arealweb and no multi-user target to hook into.
        if line.strip()
        and not any(
            known in line
            for known in (
                "arealweb.env",
                "User=",
                "Group=",
                "Failed to resolve",
                "/var/lib/arealweb",
            )
        )
    ]
    assert not problems, "\n".join(problems)


@pytest.fixture
def certificate(tmp_path):
    key, cert = tmp_path / "arealweb.key", tmp_path / "arealweb.pem"
    subprocess.run(
        [
            _tool("openssl"),
            *("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _nginx_conf(folder: Path, cert, key, upstream: int, http: int, https: int) -> Path:
    site = (DEPLOY / "nginx" / "arealweb.conf").read_text()
    for old, new in {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstream};",
        "listen 80;": f"listen 127.0.0.1:{http};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "/etc/ssl/certs/arealweb.pem": str(cert),
        "/etc/ssl/private/arealweb.key": str(key),
        "arealweb.example.kommune.no": "localhost",
    }.items():
        assert old in site, old
        site = site.replace(old, new)
    (folder / "site.conf").write_text(site)
    conf = folder / "nginx.conf"
    conf.write_text(
        f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log {folder}/access.log;\n"
        f"  client_body_temp_path {folder}/body;\n  proxy_temp_path {folder}/proxy;\n"
        f"  include {folder}/site.conf;\n}}\n"
    )
    return conf


def test_nginx_serves_arealweb_over_https_with_the_shipped_site(tmp_path, certificate):
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    nginx = _tool("nginx")
    env = {
        "AREALWEB_DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "AREALWEB_TRUSTED_PROXIES": "1",
        "AREALWEB_SECURE_COOKIES": "1",
        "AREALWEB_PURGE_DAILY": "0",
    }

    for command in ("init", "load-demo"):
        subprocess.run([*AREALWEB, command], env={**os.environ, **env}, check=True)
    with serve(tmp_path, env) as app:
        upstream = int(app.url.rsplit(":", 1)[1])
        http, https = free_port(), free_port()
        conf = _nginx_conf(tmp_path, *certificate, upstream, http, https)
        checked = subprocess.run([nginx, "-t", "-c", str(conf)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        proxy = subprocess.Popen([nginx, "-c", str(conf), "-g", "daemon off;"])
        try:
            base = f"https://localhost:{https}"
            for _ in range(100):
                try:
                    requests.get(base + "/healthz", verify=False, timeout=2)
                    break
                except requests.ConnectionError:
                    time.sleep(0.1)
            landing = requests.get(base + "/ogc/?f=json", verify=False, timeout=30)
            assert landing.status_code == 200
            links = {link["rel"]: link["href"] for link in landing.json()["links"]}
            assert links["self"].startswith(f"https://localhost:{https}/ogc/"), links["self"]
            page = requests.get(base + "/", verify=False, timeout=30)
            assert page.status_code == 200
            assert "Strict-Transport-Security" in page.headers
            assert all("Secure" in c for c in page.headers.get("Set-Cookie", "Secure").split(","))
            moved = requests.get(f"http://localhost:{http}/mal", allow_redirects=False, timeout=10)
            assert moved.status_code == 301
            assert moved.headers["Location"] == "https://localhost/mal"
        finally:
            proxy.terminate()
            proxy.wait(10)
