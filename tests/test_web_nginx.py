"""The README's nginx config in front of `serve --workers 2`: citizens sign up through nginx on both
workers, and every acknowledged code is in the one database."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import ROOT, free_port
from test_web_serve import get, load_bench, run_async, start_serve

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_config(tmp: Path, listen: int, upstream: int) -> Path:
    site = (ROOT / "deploy" / "nginx-gkreg.conf").read_text()
    site = site.replace("server 127.0.0.1:8501;", f"server 127.0.0.1:{upstream};")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    assert f"127.0.0.1:{upstream}" in site and f"127.0.0.1:{listen}" in site
    conf = tmp / "nginx.conf"
    conf.write_text(f"""
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{site}
}}
""")
    return conf


def test_sign_up_through_nginx_on_both_workers(tmp_path: Path) -> None:
    if not Path(NGINX).exists():
        pytest.fail("Debian's nginx is missing: run `make test` (it installs nginx)")
    served = start_serve(tmp_path, 2, {"GKREG_TRUSTED_PROXIES": "127.0.0.1"})
    port, db = served.port, served.db
    listen = free_port()
    conf = nginx_config(tmp_path, listen, port)
    nginx = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        base = f"http://127.0.0.1:{listen}"
        deadline = time.time() + 30
        while True:
            try:
                get(base + "/healthz")
                break
            except OSError:
                assert nginx.poll() is None, nginx.stderr.read().decode()
                assert time.time() < deadline, "nginx did not answer"
                time.sleep(0.3)
        workers = {json.loads(get(base + "/healthz", cookie=f"gkreg_worker={i}")[2])["pid"] for i in (0, 1)}
        assert len(workers) == 2
        bench = load_bench()
        people = bench.People(bench.open_event_ids(db))

        async def crowd() -> list:
            return await asyncio.gather(*(bench.sign_up(listen, people.next(), cookie=f"gkreg_worker={i % 2}") for i in range(6)))

        flows = run_async(crowd)
        assert len({f.code for f in flows}) == 6
        assert bench.check_database(db, flows) == (0, 0)
    finally:
        nginx.terminate()
        nginx.wait(timeout=20)
        served.stop()
