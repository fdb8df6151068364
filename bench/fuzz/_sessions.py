"""Session target: hostile session ids against get/update/delete/rework.

Four engines over the in-memory store: plain ids, ``is_session_crypt`` ids
(HMAC-tagged, data encrypted), and both again on a store that routes ids
(``<tag>.<id>``, as Redis Cluster does). Each keeps a few live sessions
whose ids seed the fuzzer.

Properties, beyond "only JamError escapes":

* an id that is not live is unknown everywhere: ``get`` returns None,
  ``update`` and ``rework`` raise ``SessionNotFound``, ``delete`` changes
  nothing (every live session still reads back its data);
* a live id reads back exactly its data; ``delete`` makes it unknown;
  ``rework`` returns a new id that reads the same data (and keeps the routing
  tag) while the old one becomes unknown;
* a signed (crypt) id the engine did not issue never passes the id check,
  so a forged id never reaches the store.

After ``delete`` or ``rework`` of a live id the harness puts the stored bytes
back under the old id (straight into the store), so seeds stay live.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench.fuzz._common import ODD_NUMBERS, Finding, Reader, seed, text

TTL = 86_400


@dataclass
class Engine:
    """One session engine, its store and what it holds."""

    name: str
    engine: Any
    store: Any
    signed: bool
    routed: bool
    live: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    issued: set[str] = field(default_factory=set)


@dataclass
class SessionState:
    """Every engine and the seeds."""

    engines: list[Engine]
    seeds: list[bytes]
    closers: list[Any]

    def close(self) -> None:
        """Close every Jam."""
        for close in self.closers:
            close()


def session_state() -> SessionState:
    """Build the four engines and a few live sessions on each."""
    import jam
    from jam.builtin._memory_sessions import MemorySessionStore
    from jam.config import SessionSettings
    from jam.sessions import SessionEngine, build_codec, generate_session_secret

    class RoutedStore(MemorySessionStore):
        """The memory store, offering a routing tag per owner (as Redis Cluster does)."""

        def route(self, session_key: str) -> str:
            return "r" + format(sum(session_key.encode()) % 997, "03d")

    secret = generate_session_secret()
    engines: list[Engine] = []
    closers: list[Any] = []
    for signed in (False, True):
        table: dict[str, Any] = {"backend": "memory", "default_ttl": TTL}
        if signed:
            table |= {"is_session_crypt": True, "session_aes_secret": secret}
        auth = jam.Jam({"session": table})
        closers.append(auth.close)
        engine = auth.sessions
        engines.append(
            Engine(f"{'crypt' if signed else 'plain'}", engine, engine.store, signed, False)
        )
        store = RoutedStore()
        routed = SessionEngine(store, build_codec(SessionSettings(**table)), TTL, None, "memory")
        engines.append(
            Engine(f"{'crypt' if signed else 'plain'}/routed", routed, store, signed, True)
        )
    for item in engines:
        for user in ("alice", "bob", "carol"):
            data = {"user": user, "roles": ["a"], "n": 0}
            sid = item.engine.create(user, data)
            item.live[sid] = (user, data)
            item.issued.add(sid)
    seeds = []
    for index, item in enumerate(engines):
        for number, sid in enumerate(item.live):
            for op in range(5):  # get, update, delete, rework, non-text id
                seeds.append(seed(index, op, last=sid))
            other = engines[(index + number + 1) % len(engines)]
            seeds.append(seed(index, 0, last=next(iter(other.live))))
        gone = item.engine.create("dave", {"user": "dave"})
        item.issued.add(gone)
        item.engine.delete(gone)
        seeds.append(seed(index, 0, last=gone))
    return SessionState(engines, seeds, closers)


def _still_live(item: Engine) -> None:
    for sid, (_, data) in item.live.items():
        if item.engine.get(sid) != data:
            raise Finding(f"{item.name}: a live session no longer reads back its data")


def _restore(item: Engine, sid: str, blob: bytes, new: str | None = None) -> None:
    if new is not None:
        item.store.delete(new)
    item.store.create(item.live[sid][0], sid, blob, TTL)


def fuzz_session(state: SessionState, data: bytes) -> None:
    """One hostile session id against one operation."""
    reader = Reader(data)
    item: Engine = reader.pick(state.engines)
    op = reader.byte() % len(_OPERATIONS)
    odd = reader.pick(ODD_NUMBERS)
    sid = text(reader.rest())
    if item.signed and item.engine.codec.ids.valid(sid) and sid not in item.issued:
        raise Finding(f"{item.name}: an id the engine never issued passed the signature check")
    _OPERATIONS[op](item, sid, odd)


def _get(item: Engine, sid: str, odd: Any) -> None:
    live = item.live.get(sid)
    got = item.engine.get(sid)
    if got != (None if live is None else live[1]):
        raise Finding(f"{item.name}: get returned {'data' if got else got} for this id")


def _update(item: Engine, sid: str, odd: Any) -> None:
    from jam.exceptions import SessionNotFound

    live = item.live.get(sid)
    new_data = {"user": "x", "n": len(sid)}
    try:
        item.engine.update(sid, new_data)
    except SessionNotFound:
        if live is not None:
            raise Finding(f"{item.name}: update of a live session said not found") from None
        return
    if live is None:
        raise Finding(f"{item.name}: update of an unknown id succeeded")
    item.live[sid] = (live[0], new_data)


def _delete(item: Engine, sid: str, odd: Any) -> None:
    live = item.live.get(sid)
    blob = item.store.get(sid) if live is not None else None
    item.engine.delete(sid)
    if live is not None:
        if item.engine.get(sid) is not None:
            raise Finding(f"{item.name}: a deleted session still reads")
        _restore(item, sid, blob)
    _still_live(item)


def _rework(item: Engine, sid: str, odd: Any) -> None:
    from jam.exceptions import SessionNotFound

    live = item.live.get(sid)
    blob = item.store.get(sid) if live is not None else None
    try:
        new = item.engine.rework(sid)
    except SessionNotFound:
        if live is not None:
            raise Finding(f"{item.name}: rework of a live session said not found") from None
        return
    if live is None:
        raise Finding(f"{item.name}: rework of an unknown id succeeded")
    item.issued.add(new)
    if new == sid or item.engine.get(sid) is not None:
        raise Finding(f"{item.name}: the old id still reads after rework")
    if item.engine.get(new) != live[1]:
        raise Finding(f"{item.name}: the new id does not read the session's data")
    if item.routed and new.partition(".")[0] != sid.partition(".")[0]:
        raise Finding(f"{item.name}: rework changed the routing tag")
    _restore(item, sid, blob, new)


def _not_text(item: Engine, sid: str, odd: Any) -> None:
    from jam.exceptions import SessionNotFound

    hostile = sid.encode("utf-8", "surrogateescape") if odd is None else odd
    if item.engine.get(hostile) is not None:
        raise Finding(f"{item.name}: get of a non-text id returned data")
    try:
        item.engine.update(hostile, {"n": 1})
    except SessionNotFound:
        return
    raise Finding(f"{item.name}: update of a non-text id succeeded")


_OPERATIONS = (_get, _update, _delete, _rework, _not_text)
