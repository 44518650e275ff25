"""The county SMS gateway (政务短信平台): one HTTP POST per message (CONTRACT §8).

``POST <GKREG_SMS_URL>`` with JSON ``{"id", "phone", "text"}`` and
``Authorization: Bearer <GKREG_SMS_TOKEN>``; a 2xx answer means delivered,
anything else (or no answer within 10 s) is a failure to retry with the same id.
Adapters for cloud SMS APIs belong beside this module behind the same ``send``.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import ChannelUnusable, DeliveryFailed

TIMEOUT_S = 10


@dataclass(frozen=True)
class SmsGateway:
    url: str
    token: str
    timeout: float = TIMEOUT_S

    @classmethod
    def from_env(cls, url: str | None, token: str | None) -> SmsGateway | None:
        """The configured gateway, None when no URL is set; ``ChannelUnusable`` when set wrongly."""
        url = (url or "").strip()
        if not url:
            return None
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ChannelUnusable("短信网关地址 GKREG_SMS_URL 应为 http:// 或 https:// 开头的网址。")
        token = (token or "").strip()
        if not token:
            raise ChannelUnusable("已配置短信网关 GKREG_SMS_URL，但缺少访问令牌 GKREG_SMS_TOKEN。")
        return cls(url, token)

    def send(self, key: str, phone: str, text: str) -> None:
        """Deliver one text; raises ``DeliveryFailed`` (``unreachable`` when no HTTP answer came)."""
        data = json.dumps({"id": key, "phone": phone, "text": text}, ensure_ascii=False).encode()
        request = urllib.request.Request(
            self.url,
            data=data,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            raise DeliveryFailed(f"短信网关返回 HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DeliveryFailed(f"短信网关无法连接：{reason}", unreachable=True) from None
        except http.client.HTTPException as exc:  # an answer that is not HTTP: retry later
            raise DeliveryFailed(f"短信网关的应答无法识别：{type(exc).__name__}") from None
        if not 200 <= status < 300:
            raise DeliveryFailed(f"短信网关返回 HTTP {status}")
