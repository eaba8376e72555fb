"""nginx's micro-cache with config/nginx.conf (issue #19), Debian's nginx in front of the live
server: the second anonymous GET of a page is a HIT, a session bypasses it, a POST and a
private page are never kept, and each language has its own copy.

Debian's nginx (`make test` installs it as root, like Chromium); without it the tests skip.
The app's own page cache is off here (tests/conftest.py), so every HIT is nginx's; s-maxage
is raised to a minute so that nothing depends on the machine's speed.
"""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db(transaction=True)

CONF = Path(settings.BASE_DIR) / "config" / "nginx.conf"


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    # As `make test` does for Chromium: root on Debian installs what the tests need.
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "nginx-light"],
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        capture_output=True,
        check=False,
        timeout=600,
    )
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", 1) else None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_conf(app_port: int, port: int, cache_dir: Path) -> str:
    """config/nginx.conf as docker-compose mounts it, pointed at the live server."""
    text = CONF.read_text()
    text = text.replace("server web:8000;", f"server 127.0.0.1:{app_port};")
    text = text.replace("server ws:8001;", f"server 127.0.0.1:{app_port};")
    text = text.replace("listen 80;", f"listen 127.0.0.1:{port};")
    text = text.replace("/var/cache/nginx/estante", str(cache_dir))
    assert str(cache_dir) in text and f"127.0.0.1:{port}" in text, "config/nginx.conf changed"
    return text


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    # How long nginx keeps a page comes from the app (s-maxage, 1 s by default): a minute
    # here, so that no assertion depends on how fast this machine answers.
    settings.PAGE_CACHE_SHARED_SECONDS = 60
    binary = nginx_binary()
    if binary is None:
        pytest.skip("Debian's nginx is not installed and cannot be (not root, or no apt-get)")
    app_port = int(live_server.url.rsplit(":", 1)[1])
    port = free_port()
    for name in ("cache", "temp"):
        (tmp_path / name).mkdir()
        (tmp_path / name).chmod(0o777)
    (tmp_path / "site.conf").write_text(site_conf(app_port, port, tmp_path / "cache"))
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"""{user}
daemon off;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/temp/body;
    proxy_temp_path {tmp_path}/temp/proxy;
    include {tmp_path}/site.conf;
}}
"""
    )
    check = subprocess.run(
        [binary, "-t", "-q", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(
        [binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):  # until it listens (at most ~10 s)
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url, *, method="GET", cookie="", data=None, **headers):
    headers = {"Host": "localhost", **headers}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def book(db):
    product = ProductFactory(title="Los ríos profundos")
    stock_up(StoreFactory(), product, 3)
    return product


def test_the_second_anonymous_get_is_served_by_nginx(nginx, book):
    for path in ["/", "/libros/", book.get_absolute_url(), "/buscar/?q=rios"]:
        first = fetch(nginx + path)
        second = fetch(nginx + path)

        assert first[0] == second[0] == 200, path
        assert first[1]["X-Cache-Status"] == "MISS", path
        assert second[1]["X-Cache-Status"] == "HIT", path
        assert second[2] == first[2]
        assert "Set-Cookie" not in second[1]


def test_a_session_bypasses_the_micro_cache(nginx, book):
    fetch(nginx + "/")
    assert fetch(nginx + "/")[1]["X-Cache-Status"] == "HIT"

    for cookie in ["sessionid=abc", "csrftoken=x", "messages=y", "a=1; sessionid=abc"]:
        status, headers, _body = fetch(nginx + "/", cookie=cookie)
        assert status == 200
        assert headers["X-Cache-Status"] == "BYPASS", cookie


def test_a_post_and_a_private_page_are_never_kept(nginx, book):
    url = nginx + f"/carrito/agregar/{book.pk}/"
    answers = [fetch(url, method="POST", data=b"cantidad=1") for _ in range(2)]
    # The app answered both (the CSRF refusal, in Spanish), nginx kept neither.
    assert [a[0] for a in answers] == [403, 403]
    assert all(a[1].get("X-Cache-Status") in (None, "", "MISS") for a in answers)
    assert "verificación de seguridad" in answers[1][2]

    for _ in range(2):
        status, headers, _body = fetch(nginx + "/carrito/")
        assert status == 200
        assert headers["X-Cache-Status"] == "MISS"
        assert "private" in headers["Cache-Control"]
    # Nor what is not a page of the app's (a cover, public for a day in browsers).
    for _ in range(2):
        assert fetch(nginx + f"/libros/{book.slug}/portada.svg")[1]["X-Cache-Status"] == "MISS"


def test_each_language_has_its_own_copy(nginx, book):
    fetch(nginx + "/tiendas/")
    spanish = fetch(nginx + "/tiendas/")
    english = fetch(nginx + "/tiendas/", cookie="django_language=en")
    english_again = fetch(nginx + "/tiendas/", cookie="django_language=en")
    by_header = fetch(nginx + "/tiendas/", **{"Accept-Language": "en"})

    assert spanish[1]["X-Cache-Status"] == "HIT"
    assert re.search(r'<html lang="es"', spanish[2])
    assert english[1]["X-Cache-Status"] == "MISS" and '<html lang="en"' in english[2]
    assert english_again[1]["X-Cache-Status"] == "HIT"
    assert by_header[1]["X-Cache-Status"] == "MISS" and '<html lang="en"' in by_header[2]
