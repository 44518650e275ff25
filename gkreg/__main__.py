"""Command line: ``python -m gkreg [--db PATH] COMMAND``.

Exit 0 on success, 1 with one clear line on stderr for a user error, 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import NoReturn

from . import OpenDay, audit
from .dialect import database_errors, is_url, safe_url
from .errors import GkregError, ValidationError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # wrong usage: exit 2 with the usage line
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 用法错误: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m gkreg", description="gkreg 政府开放日管理")
    parser.add_argument(
        "--db",
        default=os.environ.get("GKREG_DB", "data/gkreg.db"),
        help="SQLite 数据库路径，或 postgresql://用户:密码@主机:端口/库名",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("init", help="创建或升级数据库")
    demo = sub.add_parser("demo", help="向空数据库装入演示数据")
    demo.add_argument("--scale", type=int, default=1, help="单位、活动、人数的倍数（压力测试用）")
    user = sub.add_parser("user", help="账号管理")
    user_sub = user.add_subparsers(dest="user_command", required=True, parser_class=_Parser)
    add = user_sub.add_parser("add", help="新增账号（密码从标准输入读取）")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=["coordinator", "unit_staff"])
    add.add_argument("--unit", help="单位名称（单位管理员必填）")
    add.add_argument("--name", default="", help="显示名称")
    backup = sub.add_parser("backup", help="在线一致性备份")
    backup.add_argument("dest")
    export = sub.add_parser("export", help="导出活动名单（身份证号脱敏）")
    export.add_argument("event_id", type=int)
    export.add_argument("-o", "--output", required=True)
    export.add_argument("--format", choices=["xlsx", "csv"])
    copy = sub.add_parser("copy", help="把 SQLite 数据库复制到空的 PostgreSQL 数据库并逐表核对")
    copy.add_argument("--to", required=True, metavar="postgresql://…", help="目标 PostgreSQL 数据库")
    purge = sub.add_parser("purge", help="删除超过保留期限的身份证号和手机号")
    purge.add_argument("--days", type=int, default=None, help="保留天数（默认取系统设置，初始90天）")
    serve = sub.add_parser("serve", help="运行网站（Streamlit 页面和订阅源）")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8501")), help="端口（默认 8501）")
    serve.add_argument("--address", default=None, help="监听地址（默认所有地址）")
    serve.add_argument("--workers", type=int, default=None, help="应用进程数（默认为处理器核数；1 为单进程，不经入口转发）")
    site = sub.add_parser("export-site", help="导出公开页面的静态网页副本（供门户网站转载）")
    site.add_argument("dest", help="输出目录")
    site.add_argument("--base-url", default="", help="本系统的公网地址，用于订阅源中的链接")
    notify = sub.add_parser("notify", help="发送通知（短信、邮件）：持续运行，--once 发送到期的通知后退出")
    notify.add_argument("--once", action="store_true", help="只发送当前到期的通知，然后退出")
    notify.add_argument("--interval", type=float, default=2.0, help=argparse.SUPPRESS)
    return parser


def read_password() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("密码: ")
    return sys.stdin.readline().rstrip("\r\n")


def run(args: argparse.Namespace) -> str:
    if args.command == "copy":
        return copy_to_postgresql(args.db, args.to)
    od = OpenDay(args.db)
    if args.command == "init":
        return f"数据库已就绪：{safe_url(args.db)}"
    if args.command == "demo":
        from .demo import load_demo

        counts = load_demo(od, scale=args.scale)
        return f"已装入演示数据：{counts['units']}个单位，{counts['events']}场活动，{counts['registrations']}条报名。"
    if args.command == "user":
        unit_id = od.units.by_name(args.unit)["id"] if args.unit else None
        od.users.add(args.username, read_password(), args.role, unit_id=unit_id, display_name=args.name)
        return f"已创建账号：{args.username}"
    if args.command == "backup":
        from .maintenance import backup

        if is_url(args.db):
            raise ValidationError("PostgreSQL 数据库请用 pg_dump 备份（见 README 的 PostgreSQL 一节）。")
        dest = backup(od.db, args.dest, actor="cli")
        return f"已备份到：{dest}"
    if args.command == "export":
        from .exports import ATTENDEE_HEADERS, attendee_rows, write_table

        event = od.events.get(args.event_id)
        rows = attendee_rows(od.registrations.list_unchecked(event.id))
        fmt = write_table(Path(args.output), ATTENDEE_HEADERS, rows, args.format)
        with od.db.transaction("cli", "registration.export") as tx:
            tx.target("event", event.id, format=fmt, rows=len(rows))
        return f"已导出{len(rows)}条记录到：{args.output}"
    if args.command == "purge":
        from .retention import purge

        days = args.days if args.days is not None else int(od.settings.get("retention_days"))
        erased = purge(od.db, days, actor="cli")
        return f"已删除{erased}条报名记录中的身份证号和手机号（活动结束超过{days}天）。"
    if args.command == "export-site":
        from .site_export import export_site

        files = export_site(od, args.dest, base_url=args.base_url)
        return f"已导出{len(files)}个文件到：{args.dest}（用浏览器打开 index.html）"
    raise AssertionError(args.command)


def copy_to_postgresql(source: str, target: str) -> str:
    from .copying import copy_database
    from .db import Database
    from .pg import PgDatabase

    if is_url(source) or not Path(source).is_file():
        raise ValidationError(f"复制的来源必须是已有的 SQLite 数据库文件：{safe_url(source)}")
    if not is_url(target):
        raise ValidationError(f"复制的目标必须是 postgresql:// 地址：{target}")
    src, dst = Database(source), PgDatabase(target)
    try:
        report = copy_database(src, dst)
    finally:
        src.close()
        dst.close()
    lines = [f"{r.table}: {r.rows} 行 {'一致' if r.matches else '不一致！'} {r.checksum[:16]}" for r in report]
    if not all(r.matches for r in report):
        raise GkregError("复制后核对不一致：\n" + "\n".join(lines))
    return "\n".join(
        [
            *lines,
            f"已复制{len(report)}张表、{sum(r.rows for r in report)}行到：{safe_url(target)}"
            "（行数和校验和逐表一致；请让新库使用同一个密钥目录 GKREG_SECRET_DIR）",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    audit.set_source("cli")
    if args.command == "serve":
        if args.workers is not None and args.workers < 1:
            build_parser().error("--workers 至少为 1")
        from .web.serve import serve

        return serve(args.db, port=args.port, address=args.address, workers=args.workers)
    try:
        if args.command == "notify":
            from .notify.cli import notify_command

            return notify_command(OpenDay(args.db), once=args.once, interval=args.interval)
        print(run(args))
    except GkregError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"错误：{exc.strerror or exc}：{exc.filename or ''}", file=sys.stderr)
        return 1
    except database_errors() as exc:  # not a database, corrupt, cannot be opened or reached
        reason = " ".join(str(exc).split())
        print(f"错误：数据库无法使用（{reason}）：{safe_url(args.db)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
