"""`cxlint serve`: the pre-send check over HTTP (FastAPI on uvicorn).

Rules load once when the app is built. Endpoints are plain ``def`` functions, so FastAPI runs
each check in its thread pool and a slow request never blocks the event loop. Every error is a
4xx with ``{"error": "…"}``; the server answers garbage, it does not die of it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__, fixer
from .inputs import Message as InputMessage
from .linter import Linter
from .runner import check_messages
from .scoring import score

MAX_MESSAGE_BYTES = 64 * 1024
MAX_MESSAGES = 1000


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(default=None, description="Echoed back; defaults to the 1-based position.")
    text: str


class Request_(BaseModel):
    """One message as ``text``, or a batch as ``messages``."""

    model_config = ConfigDict(extra="forbid", title="Request")
    text: str | None = None
    messages: list[Message] | None = Field(default=None, max_length=MAX_MESSAGES)
    unsafe: bool = Field(default=False, description="/v1/fix only: also apply unsafe rewrites (they add slots).")

    @model_validator(mode="after")
    def one_of(self):
        if (self.text is None) == (self.messages is None):
            raise ValueError('give either "text" or "messages"')
        return self

    def items(self) -> list[tuple[str, str]]:
        if self.text is not None:
            return [("1", self.text)]
        return [(m.id if m.id is not None else str(n), m.text) for n, m in enumerate(self.messages, 1)]


class Error(BaseModel):
    error: str


class Checked(BaseModel):
    id: str
    score: float = Field(ge=0, le=10, description="The reply score, 0–10, one decimal; 10 when clean (docs/score.md).")
    findings: list[dict[str, Any]] = Field(description="As in the JSON output (docs/json.md), sorted by position.")


class CheckResponse(BaseModel):
    version: int = 1
    messages: list[Checked]


class AppliedEdit(BaseModel):
    start: int
    end: int
    original: str
    replacement: str
    rule: str
    safety: str


class FixedMessage(BaseModel):
    id: str
    text: str = Field(description="The fixed text.")
    score: float = Field(ge=0, le=10, description="The reply score of the fixed text (docs/score.md).")
    edits: list[AppliedEdit]
    findings: list[dict[str, Any]] = Field(description="What remains in the fixed text (an unfilled slot is an error).")


class FixResponse(BaseModel):
    version: int = 1
    messages: list[FixedMessage]


def create_app(linter: Linter, max_message_bytes: int = MAX_MESSAGE_BYTES) -> FastAPI:
    app = FastAPI(
        title="cxlint",
        version=__version__,
        description="Lint and rewrite Russian customer-support replies before they are sent.",
        docs_url=None,  # the interactive page loads scripts from a CDN; the OpenAPI document is enough
        redoc_url=None,
        responses={400: {"model": Error}, 413: {"model": Error}, 422: {"model": Error}},
    )

    def fail(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": message}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errs = exc.errors()
        first = errs[0] if errs else {}
        if first.get("type") == "json_invalid":
            return fail(400, "the body is not valid JSON")
        where = ".".join(str(x) for x in first.get("loc", ()) if x != "body")
        return fail(422, f"{where}: {first.get('msg', 'invalid request')}" if where else first.get("msg", "invalid"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return fail(exc.status_code, str(exc.detail))

    @app.exception_handler(UnicodeDecodeError)
    async def not_utf8(request: Request, exc: UnicodeDecodeError):
        return fail(400, "the body is not UTF-8")

    @app.middleware("http")
    async def guard(request: Request, call_next):
        limit = max_message_bytes * MAX_MESSAGES + 4096
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > limit:
            return fail(413, f"the body is larger than {limit} bytes")
        if request.method == "POST":
            body = await request.body()
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                return fail(400, "the body is not UTF-8")
            if len(body) > limit:
                return fail(413, f"the body is larger than {limit} bytes")
        return await call_next(request)

    def checked(req: Request_) -> list[tuple[str, str]] | JSONResponse:
        items = req.items()
        for mid, text in items:
            if len(text.encode("utf-8")) > max_message_bytes:
                return fail(413, f"message {mid!r} is larger than {max_message_bytes} bytes")
        return items

    def lint(text: str):
        return check_messages(linter, [InputMessage("1", text)])[0][1]

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "rules": len(linter.rules)}

    @app.get("/v1/rules")
    def rules() -> dict[str, Any]:
        return {
            "version": 1,
            "rules": [
                {
                    "id": r.id,
                    "category": r.category,
                    "severity": linter.ruleset.severity[r.id],
                    "title": r.title,
                    "why": r.why,
                    "fix": r.fix.safety if r.fix else None,
                }
                for r in linter.rules
            ],
        }

    def result(mid: str, text: str) -> dict[str, Any]:
        fs = lint(text)
        return {"id": mid, "score": score(fs, text), "findings": [f.to_json() for f in fs]}

    @app.post("/v1/check", response_model=CheckResponse)
    def check(req: Request_) -> dict[str, Any]:
        items = checked(req)
        if isinstance(items, JSONResponse):
            return items
        return {"version": 1, "messages": [result(mid, text) for mid, text in items]}

    @app.post("/v1/fix", response_model=FixResponse)
    def fix(req: Request_) -> dict[str, Any]:
        items = checked(req)
        if isinstance(items, JSONResponse):
            return items
        out = []
        for mid, text in items:
            new, edits = fixer.fix_text(text, lint, req.unsafe)
            remaining = lint(new)
            out.append(
                {
                    "id": mid,
                    "text": new,
                    "score": score(remaining, new),
                    "edits": [
                        {
                            "start": e.start,
                            "end": e.end,
                            "original": e.original,
                            "replacement": e.text,
                            "rule": e.rule,
                            "safety": e.safety,
                        }
                        for e in edits
                    ],
                    "findings": [f.to_json() for f in remaining],
                }
            )
        return {"version": 1, "messages": out}

    return app


def serve(linter: Linter, host: str, port: int, max_message_bytes: int) -> None:
    import uvicorn

    uvicorn.run(create_app(linter, max_message_bytes), host=host, port=port, log_level="info")
