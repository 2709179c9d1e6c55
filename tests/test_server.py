"""`cxlint serve` as a helpdesk uses it: a real server on a free loopback port, hit over HTTP."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

BAD = "Здравствуйте! К сожалению, мы не сможем вернуть деньги. Ожидайте."


@pytest.fixture(scope="module")
def base():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cxlint", "serve", "--isolated", "--port", str(port), "--max-message-bytes", "2000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode()) from None
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(10)


def post(base, path, body, content_type="application/json"):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_health_rules_and_openapi(base):
    health = json.loads(urllib.request.urlopen(base + "/healthz").read())
    assert health["status"] == "ok" and health["rules"] > 10
    rules = json.loads(urllib.request.urlopen(base + "/v1/rules").read())["rules"]
    assert {"negative", "timeline", "pricing"} <= {r["category"] for r in rules}
    spec = json.loads(urllib.request.urlopen(base + "/openapi.json").read())
    assert {"/v1/check", "/v1/fix", "/v1/rules", "/healthz"} <= set(spec["paths"])


def test_check_one_text_and_a_batch(base):
    status, doc = post(base, "/v1/check", {"text": BAD})
    assert status == 200 and doc["version"] == 1
    (msg,) = doc["messages"]
    assert msg["id"] == "1" and {f["category"] for f in msg["findings"]} >= {"negative", "timeline"}
    for f in msg["findings"]:
        assert BAD[f["start"] : f["end"]] == f["text"]
    status, doc = post(base, "/v1/check", {"messages": [{"id": "a", "text": "Спасибо!"}, {"text": BAD}]})
    assert status == 200
    assert [m["id"] for m in doc["messages"]] == ["a", "2"]
    assert doc["messages"][0]["findings"] == [] and doc["messages"][1]["findings"]


def test_fix_returns_text_edits_and_remaining(base):
    status, doc = post(base, "/v1/fix", {"text": "Ответим в ближайшее время.", "unsafe": True})
    assert status == 200
    (msg,) = doc["messages"]
    assert msg["text"] == "Ответим до [срок]."
    assert msg["edits"][0]["original"] == "в ближайшее время"
    assert [f["rule"] for f in msg["findings"]] == ["template.unfilled-slot"]
    status, doc = post(base, "/v1/fix", {"text": "Ответим в ближайшее время."})
    assert status == 200
    assert doc["messages"][0]["text"] == "Ответим в ближайшее время."  # unsafe fixes wait for "unsafe": true


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{oops", 400),
        (b"\xff\xfe\x00", 400),
        (b"[1, 2]", 422),
        (b'{"text": 5}', 422),
        (b'{"text": "a", "messages": []}', 422),
        (b"{}", 422),
        (b'{"messages": [{"txt": "a"}]}', 422),
        (json.dumps({"text": "ы" * 1500}).encode(), 413),
    ],
)
def test_bad_bodies_get_a_4xx_json_error_and_the_server_lives(base, body, status):
    code, doc = post(base, "/v1/check", body)
    assert code == status and isinstance(doc["error"], str) and doc["error"]
    assert post(base, "/v1/check", {"text": "Спасибо!"})[0] == 200


def test_concurrent_requests(base):
    texts = [BAD, "Спасибо!", "Стоимость от 500 ₽.", "Вернём 500 ₽ до пятницы."] * 10
    expected = [post(base, "/v1/check", {"text": t})[1] for t in texts[:4]]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda t: post(base, "/v1/check", {"text": t})[1], texts))
    assert got == expected * 10


def test_scores_in_check_fix_and_the_openapi_document(base):
    import cxlint

    _, doc = post(base, "/v1/check", {"messages": [{"id": "a", "text": "Спасибо!"}, {"id": "b", "text": BAD}]})
    assert [(m["id"], m["score"]) for m in doc["messages"]] == [("a", 10.0), ("b", cxlint.score(BAD))]
    assert list(doc["messages"][1]) == ["id", "score", "findings"]
    _, doc = post(base, "/v1/fix", {"text": BAD, "unsafe": True})
    (msg,) = doc["messages"]
    assert msg["score"] == cxlint.score(msg["text"]) < 5  # the fixed text still has slots to fill
    spec = json.loads(urllib.request.urlopen(base + "/openapi.json").read())
    for path in ("/v1/check", "/v1/fix"):
        ref = spec["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        listed = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]["messages"]["items"]["$ref"]
        props = spec["components"]["schemas"][listed.rsplit("/", 1)[1]]["properties"]
        assert props["score"]["type"] == "number" and props["score"]["maximum"] == 10
