"""httpx plumbing shared by both drivers: bounded bodies, deadlines, typed errors.

`LimitedTransport` and `AsyncLimitedTransport` wrap httpx's
transport so that every response body is refused past 1 MB (by its
``Content-Length`` before reading, or as it streams in) and past the
exchange's deadline (a provider dripping bytes cannot hold a worker beyond
``timeout``). `transport_error` turns httpx's exceptions into Jam's,
naming the endpoint but never the request's content.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

from jam._version import __version__
from jam.exceptions import (
    OAuth2ResponseTooLargeError,
    OAuth2TimeoutError,
    OAuth2TransportError,
    OAuth2UnreachableError,
)
from jam.oauth2._http import MAX_RESPONSE_BYTES, HTTPRequest, HTTPResponse, where

__all__ = [
    "DEADLINE",
    "ERRORS",
    "HEADERS",
    "AsyncLimitedTransport",
    "LimitedTransport",
    "async_client",
    "options",
    "response_of",
    "sync_client",
    "transport_error",
]

DEADLINE = "jam.deadline_s"
"""Request extension carrying the exchange's total time budget (seconds)."""

HEADERS = {"Accept": "application/json", "User-Agent": f"jam-auth/{__version__}"}
"""Sent with every request."""


def _check_length(response: httpx.Response, limit: int) -> None:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise OAuth2ResponseTooLargeError(
            f"{where(str(response.request.url))} sent {int(declared)} bytes; the limit is {limit}"
        )


def _deadline(request: httpx.Request) -> float:
    budget = request.extensions.get(DEADLINE)
    return time.monotonic() + (budget if isinstance(budget, int | float) else 10.0)


class _Limit:
    """Counts bytes and checks the deadline for one response body."""

    def __init__(self, url: str, limit: int, deadline: float) -> None:
        self.url, self.limit, self.deadline, self.size = url, limit, deadline, 0

    def check(self, chunk: bytes) -> bytes:
        self.size += len(chunk)
        if self.size > self.limit:
            raise OAuth2ResponseTooLargeError(
                f"{self.url} sent more than {self.limit} bytes; the rest was not read"
            )
        if time.monotonic() > self.deadline:
            raise OAuth2TimeoutError(f"{self.url} did not finish its answer in time")
        return chunk


class _LimitedStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, limit: _Limit) -> None:
        self._inner, self._limit = inner, limit

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            yield self._limit.check(chunk)

    def close(self) -> None:
        self._inner.close()


class _AsyncLimitedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, limit: _Limit) -> None:
        self._inner, self._limit = inner, limit

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            yield self._limit.check(chunk)

    async def aclose(self) -> None:
        await self._inner.aclose()


class LimitedTransport(httpx.BaseTransport):
    """A synchronous transport whose response bodies are bounded in size and time."""

    def __init__(self, inner: httpx.BaseTransport, limit: int = MAX_RESPONSE_BYTES) -> None:
        """Wrap ``inner`` (httpx's connection pool, or a mock in tests)."""
        self._inner, self._limit = inner, limit

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send through the inner transport; wrap the body in a bounded stream."""
        deadline = _deadline(request)
        response = self._inner.handle_request(request)
        response.request = request
        try:
            _check_length(response, self._limit)
        except BaseException:
            response.close()
            raise
        stream = response.stream
        assert isinstance(stream, httpx.SyncByteStream)  # noqa: S101  (httpx's contract)
        response.stream = _LimitedStream(
            stream, _Limit(where(str(request.url)), self._limit, deadline)
        )
        return response

    def close(self) -> None:
        """Close the connection pool."""
        self._inner.close()


class AsyncLimitedTransport(httpx.AsyncBaseTransport):
    """The asyncio twin of `LimitedTransport`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, limit: int = MAX_RESPONSE_BYTES) -> None:
        """Wrap ``inner``."""
        self._inner, self._limit = inner, limit

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send through the inner transport; wrap the body in a bounded stream."""
        deadline = _deadline(request)
        response = await self._inner.handle_async_request(request)
        response.request = request
        try:
            _check_length(response, self._limit)
        except BaseException:
            await response.aclose()
            raise
        stream = response.stream
        assert isinstance(stream, httpx.AsyncByteStream)  # noqa: S101  (httpx's contract)
        response.stream = _AsyncLimitedStream(
            stream, _Limit(where(str(request.url)), self._limit, deadline)
        )
        return response

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._inner.aclose()


def sync_client(timeout: float, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """Return the pooled client of a synchronous engine (no redirects followed)."""
    inner = transport if transport is not None else httpx.HTTPTransport(retries=0)
    return httpx.Client(
        transport=LimitedTransport(inner),
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        headers=HEADERS,
    )


def async_client(
    timeout: float, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """Return the pooled client of an asyncio engine (no redirects followed)."""
    inner = transport if transport is not None else httpx.AsyncHTTPTransport(retries=0)
    return httpx.AsyncClient(
        transport=AsyncLimitedTransport(inner),
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        headers=HEADERS,
    )


def options(request: HTTPRequest) -> dict[str, Any]:
    """Keyword arguments for ``client.request`` that send ``request``."""
    return {
        "method": request.method,
        "url": request.url,
        "headers": dict(request.headers),
        "data": dict(request.form) if request.form is not None else None,
        "json": dict(request.json) if request.json is not None else None,
        "timeout": httpx.Timeout(request.timeout),
        "extensions": {DEADLINE: request.timeout},
    }


def response_of(request: HTTPRequest, response: httpx.Response) -> HTTPResponse:
    """Turn httpx's response (already read, bounded) into the core's value."""
    return HTTPResponse(
        response.status_code,
        response.headers.get("content-type", ""),
        response.content,
        request.purpose,
        request.secrets,
    )


def transport_error(request: HTTPRequest, err: Exception) -> OAuth2TransportError:
    """Name a failed exchange by endpoint and kind, never by content."""
    endpoint = f"{request.purpose} ({where(request.url)})"
    if isinstance(err, httpx.TimeoutException):
        return OAuth2TimeoutError(f"{endpoint} did not answer within {request.timeout:g} s")
    if isinstance(err, httpx.TransportError):
        return OAuth2UnreachableError(f"{endpoint} could not be reached ({type(err).__name__})")
    return OAuth2TransportError(f"{endpoint} failed ({type(err).__name__})")


ERRORS: tuple[type[Exception], ...] = (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError)
"""httpx exceptions a driver turns into `transport_error`."""
