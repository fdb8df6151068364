"""Pure Django: the ``JsonResponse`` for a refusal (401 / 403 / 503 with its headers)."""

from __future__ import annotations

from django.http import JsonResponse

from jam.web import Refusal

__all__ = ["refusal_response"]


def refusal_response(answer: Refusal) -> JsonResponse:
    """Return the response for ``answer``: a short fixed JSON body and its headers.

    Example:
        >>> from jam.web import unavailable
        >>> response = refusal_response(unavailable())  # doctest: +SKIP
        >>> response.status_code, response["Retry-After"]  # doctest: +SKIP
        (503, '5')
    """
    response = JsonResponse({"detail": answer.detail}, status=answer.status)
    for name, value in answer.headers.items():
        response[name] = value
    return response
