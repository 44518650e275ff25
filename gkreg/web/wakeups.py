"""One event-loop wake-up per burst of messages instead of one per message.

A Streamlit script run hands every element it draws to the event loop with ``call_soon_threadsafe``,
and asyncio's selector loop writes one byte to its self-pipe for each call: a syscall plus a hand-over
of the GIL from the script thread to the loop thread, per element. While a wake-up byte is still
unread, a further one adds nothing (the loop will run every queued callback before it sleeps again),
so this writes it only when none is pending.
"""

from __future__ import annotations

import asyncio
from typing import Any


def coalesce_wakeups(loop: asyncio.AbstractEventLoop) -> bool:
    """Patch this selector loop; False (and nothing changed) for loops without a self-pipe (uvloop)."""
    write = getattr(loop, "_write_to_self", None)
    process = getattr(loop, "_process_self_data", None)
    if write is None or process is None or getattr(loop, "_gkreg_coalesced", False):
        return False
    pending = [False]

    def write_once() -> None:
        if pending[0]:
            return
        pending[0] = True
        write()

    def process_and_rearm(data: bytes) -> None:
        # Runs in the loop thread when the byte is read, before the loop next computes how long it may
        # sleep; a callback queued before this point is already in the ready queue and runs without one.
        pending[0] = False
        process(data)

    # Private hooks of asyncio's selector loop (checked above), not in its public type.
    patched: Any = loop
    patched._write_to_self = write_once
    patched._process_self_data = process_and_rearm
    patched._gkreg_coalesced = True
    return True
