"""OAuth2 target: hostile callbacks and sealed authorization requests, before any token request.

``oauth2-callback`` feeds ``OAuth2Core.completion`` (everything
``oauth2_complete`` checks before it sends the code) a hostile callback (a
URL, a query string or a mapping) and a hostile request (a mutated sealed
string, a dict, or the real request object), for an explicit-URL provider
with RFC 9207 ``iss`` and for one without. Oracles:

* only ``JamError`` subclasses escape;
* a completion is accepted only when the request is one Jam sealed for this
  provider (AES-GCM: a mutated sealed string never opens), the callback's
  ``state`` is that request's state, and its ``iss`` (when required) is the
  provider's issuer; the code handed on is the callback's. (A request given
  as a dict is the application's own server-side copy, trusted as given.)

No HTTP is sent: the core is pure, and the fuzzer stops where the token
request would start.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from bench.fuzz._common import Finding, Reader, seed, text

ISSUER = "https://login.example"
PROVIDERS = ("plain", "strict")


@dataclass
class CallbackState:
    """The core, one real request per provider, and seeds."""

    auth: Any
    core: Any
    clients: dict[str, Any]
    requests: dict[str, Any]
    sealed: dict[str, str]
    seeds: list[bytes]

    def close(self) -> None:
        """Close the Jam (its HTTP pool)."""
        self.auth.close()


def callback_state() -> CallbackState:
    """Build an OAuth2 core with two explicit-URL providers, and real requests to seed from."""
    import jam
    from jam.oauth2 import generate_seal_key

    table = {
        "client_id": "fuzz-client",
        "client_secret": "fuzz-client-secret-not-a-real-one",
        "redirect_url": "https://app.example/callback",
        "auth_url": "https://login.example/authorize",
        "token_url": "https://login.example/token",
    }
    config = {
        "oauth2": {
            "seal_key": generate_seal_key(),
            "providers": {
                "plain": table,
                "strict": table,
            },
        }
    }
    auth = jam.Jam(config=config)
    engine = auth.oauth2
    core = engine.core
    clients = {name: core.client(name) for name in PROVIDERS}
    # "strict" behaves as a provider whose discovery advertised RFC 9207 iss.
    clients["strict"].issuer = ISSUER
    clients["strict"].iss_required = True
    requests = {name: engine.begin(name) for name in PROVIDERS}
    sealed = {name: request.seal() for name, request in requests.items()}
    seeds = []
    for index, name in enumerate(PROVIDERS):
        request = requests[name]
        good = {"state": request.state, "code": "the-code"}
        if name == "strict":
            good["iss"] = ISSUER
        query = urlencode(good)
        for form in range(3):
            seeds.append(seed(index, form, 0, sealed[name], last=query))
            seeds.append(seed(index, form, 1, sealed[name], last=query))
        seeds.append(
            seed(index, 1, 0, sealed[name], last="error=access_denied&state=" + request.state)
        )
        seeds.append(seed(index, 0, 2, "", last="https://app.example/callback?" + query))
    return CallbackState(auth, core, clients, requests, sealed, seeds)


def _query_of(callback: str) -> str:
    """The documented reading: a text with ``?`` or ``://`` is a URL, and only its query counts."""
    if "?" not in callback and "://" not in callback:
        return callback.split("#", 1)[0]
    before_fragment = callback.split("#", 1)[0]
    return before_fragment.split("?", 1)[1] if "?" in before_fragment else ""


def fuzz_callback(state: CallbackState, data: bytes) -> None:
    """Complete one hostile callback against one hostile request, stopping before HTTP."""
    reader = Reader(data)
    name = reader.pick(PROVIDERS)
    request_form = reader.byte() % 3
    callback_form = reader.byte() % 3
    sealed_text = text(reader.chunk())
    callback_text = text(reader.rest())
    client = state.clients[name]
    if request_form == 0:
        request: Any = sealed_text
    elif request_form == 1:
        request = state.requests[name]
    else:
        request = dict(parse_qsl(sealed_text, keep_blank_values=True))
    if callback_form == 0:
        callback: Any = callback_text
    elif callback_form == 1:
        callback = "https://app.example/callback?" + callback_text
    else:
        callback = dict(parse_qsl(callback_text, keep_blank_values=True))
    flow = state.core.completion(client, request, callback, time.time())
    if request_form == 2:  # a dict is the app's own server-side copy: trusted as given
        return
    # Accepted: the request must be a real one for this provider, the state and
    # (where required) the issuer must be exactly right.
    real = state.requests[name]
    if flow.request.state != real.state or flow.request.provider != name:
        raise Finding(f"{name}: a completion was accepted for a request Jam never made")
    if request_form == 0 and sealed_text != state.sealed[name]:
        raise Finding(f"{name}: a mutated sealed request opened")
    params = dict(
        parse_qsl(_query_of(callback if callback_form < 2 else ""), keep_blank_values=True)
    )
    if callback_form != 2 and params.get("state") != real.state:
        raise Finding(f"{name}: a callback with another state was accepted")
    if name == "strict" and callback_form != 2 and params.get("iss") != ISSUER:
        raise Finding(f"{name}: a callback without the provider's iss was accepted")
    if not flow.code:
        raise Finding(f"{name}: an accepted completion has no code")
