"""``python -m gkreg notify [--once]``: run the sender until stopped, or one pass.

Exit 0; 1 with one line on stderr when a configured channel is unusable (a wrong
setting, or a server that does not answer or refuses the login); a gateway that
answers with an error is not unusable: those notices are retried later.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from typing import TYPE_CHECKING

from .sender import Channels, Sender, SenderBusy

if TYPE_CHECKING:
    from .. import OpenDay

CHANNEL_NAMES = {"sms": "短信网关", "email": "邮件服务器"}


def notify_command(od: OpenDay, once: bool = False, interval: float = 2.0) -> int:
    channels = Channels.from_env()  # ChannelUnusable: the caller prints its one line, exit 1
    sender = Sender(od, channels)
    if once:
        return _once(sender)
    return _loop(sender, interval)


def _once(sender: Sender) -> int:
    # One summary line on stdout, one error line on stderr: the per-message log stays quiet.
    logging.getLogger("gkreg.notify").addHandler(logging.NullHandler())
    try:
        sender.acquire(wait=False)
    except SenderBusy:
        print("另一个通知发送进程正在运行，通知由它发送。")
        return 0
    try:
        summary = sender.run_once()
    finally:
        sender.release()
    waiting = sender.db.scalar("SELECT count(*) FROM outbox WHERE status IN ('queued', 'failed')")
    print(
        f"发送成功{summary.sent}条，失败待重试{summary.failed}条，放弃{summary.given_up}条，"
        f"仍在排队{waiting}条。" + ("" if sender.channels.names else "（未配置短信网关和邮件服务器，通知只排队不发送）")
    )
    if summary.unusable:
        channel, reason = next(iter(summary.unusable.items()))
        print(f"错误：{CHANNEL_NAMES[channel]}不可用：{reason}", file=sys.stderr)
        return 1
    return 0


def _loop(sender: Sender, interval: float) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s")
    log = logging.getLogger("gkreg.notify")
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    try:
        sender.acquire(wait=False)
    except SenderBusy:
        log.info("另一个通知发送进程正在运行，等它结束后接替")
        sender.acquire(wait=True)
    names = sender.channels.names
    log.info(
        "通知发送进程已启动：%s",
        "、".join(CHANNEL_NAMES[n] for n in names) if names else "未配置短信网关和邮件服务器，通知只排队不发送",
    )
    try:
        sender.run(stop, interval)
    finally:
        sender.release()
    log.info("通知发送进程已停止")
    return 0
