"""Security headers on every response, CORS only for configured origins, SECRET_KEY in production."""

from __future__ import annotations

import httpx
import pytest

from openevent.app import create_app
from openevent.core.settings import Settings


def make_client(tmp_path, **overrides) -> httpx.AsyncClient:
    settings = Settings.from_env(data_dir=tmp_path, secret_key="x" * 48, base_url="http://testserver", **overrides)
    transport = httpx.ASGITransport(app=create_app(settings), raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_api_responses_carry_nosniff_framing_and_a_strict_csp(tmp_path):
    async with make_client(tmp_path) as client:
        response = await client.get("/v1/no-such-route")
    assert response.status_code == 404
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert "access-control-allow-origin" not in response.headers


async def test_docs_keep_working_without_the_api_csp(tmp_path):
    async with make_client(tmp_path) as client:
        response = await client.get("/docs")
    assert response.status_code == 200
    assert "content-security-policy" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_cors_allows_only_configured_origins_with_credentials(tmp_path):
    async with make_client(tmp_path, cors_origins=("https://frontend.example",)) as client:
        allowed = await client.options("/v1/events", headers={
            "Origin": "https://frontend.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type"})
        refused = await client.options("/v1/events", headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://frontend.example"
    assert allowed.headers["access-control-allow-credentials"] == "true"
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers


async def test_cors_wildcard_never_allows_credentials(tmp_path):
    async with make_client(tmp_path, cors_origins=("*",)) as client:
        response = await client.get("/v1/no-such-route", headers={"Origin": "https://any.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers


def test_cors_origins_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENEVENT_CORS_ORIGINS", "https://a.example/, https://b.example")
    settings = Settings.from_env(data_dir=tmp_path, secret_key="k")
    assert settings.cors_origins == ("https://a.example", "https://b.example")


def test_production_refuses_to_start_without_an_explicit_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENEVENT_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(SystemExit, match="needs SECRET_KEY"):
        Settings.from_env(data_dir=tmp_path)
    assert not (tmp_path / "secret_key").exists()
    monkeypatch.setenv("SECRET_KEY", "s" * 48)
    settings = Settings.from_env(data_dir=tmp_path)
    assert settings.production is True
    assert settings.secret_key == "s" * 48


@pytest.mark.parametrize("url", ["/v1/events?filter=%00", "/v1/events?sort=name%00", "/v1/events/1%00"])
async def test_nul_in_the_url_is_a_400_error_document(tmp_path, url):
    async with make_client(tmp_path) as client:
        response = await client.get(url)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["detail"].startswith("The URL ")
    assert error["source"]["parameter"] in {"path", "query"}
    assert response.headers["x-content-type-options"] == "nosniff"
