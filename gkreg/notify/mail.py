"""Staff e-mail through SMTP: ``GKREG_SMTP_URL`` (``smtp://[user:pass@]host:port``) and ``GKREG_MAIL_FROM``.

STARTTLS is used whenever the server offers it (``smtps://`` connects over TLS
from the start). The outbox key becomes the Message-ID, so a retry after a crash
is recognisable as the same message by the receiving side.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

from .errors import ChannelUnusable, DeliveryFailed

TIMEOUT_S = 10


@dataclass(frozen=True)
class Mailer:
    host: str
    port: int
    sender: str
    user: str = ""
    password: str = ""
    tls: bool = False  # smtps: TLS from the first byte
    timeout: float = TIMEOUT_S

    @classmethod
    def from_env(cls, url: str | None, sender: str | None) -> Mailer | None:
        """The configured server, None when no URL is set; ``ChannelUnusable`` when set wrongly."""
        url = (url or "").strip()
        if not url:
            return None
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ChannelUnusable("邮件服务器地址 GKREG_SMTP_URL 应写成 smtp://用户名:密码@主机:端口。")
        try:
            port = parts.port or (465 if parts.scheme == "smtps" else 587)
        except ValueError:
            raise ChannelUnusable("邮件服务器地址 GKREG_SMTP_URL 的端口不正确。") from None
        sender = (sender or "").strip()
        if "@" not in sender:
            raise ChannelUnusable("已配置邮件服务器 GKREG_SMTP_URL，但发件地址 GKREG_MAIL_FROM 缺失或不正确。")
        return cls(
            parts.hostname, port, sender, unquote(parts.username or ""), unquote(parts.password or ""), parts.scheme == "smtps"
        )

    def send(self, key: str, to: str, subject: str, body: str) -> None:
        """Deliver one message; raises ``DeliveryFailed`` (``unreachable`` when the server cannot be used)."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = f"<{key}@gkreg>"
        message.set_content(body)
        try:
            with self._connect() as smtp:
                smtp.send_message(message)
        except smtplib.SMTPAuthenticationError:
            raise DeliveryFailed("邮件服务器拒绝了用户名或密码", unreachable=True) from None
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryFailed("邮件服务器拒收该收件地址") from None
        except smtplib.SMTPResponseException as exc:
            raise DeliveryFailed(f"邮件服务器返回 {exc.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryFailed(f"邮件服务器无法连接：{exc}", unreachable=True) from None

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.tls:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if not self.tls and smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
            if self.user:
                smtp.login(self.user, self.password)
        except BaseException:
            smtp.close()
            raise
        return smtp
