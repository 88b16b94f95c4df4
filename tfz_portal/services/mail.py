"""Outgoing email: one service, two transports.

``log`` (development) writes each message to the log and to a file in
``instance/mail/``; ``smtp`` sends it through the configured server.
"""

from __future__ import annotations

import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from flask import current_app, render_template

from ..tenancy import current_tenant


def build_message(to: str, subject: str, template: str, **context) -> EmailMessage:
    tenant = current_tenant()
    context.setdefault("tenant", tenant)
    sender_name = tenant.name if tenant is not None else current_app.config["PLATFORM_NAME"]
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = _from_header(sender_name)
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=current_app.config["SERVER_NAME"].split(":")[0])
    message.set_content(render_template(f"email/{template}.txt", **context))
    message.add_alternative(render_template(f"email/{template}.html", **context), subtype="html")
    return message


def _from_header(display_name: str) -> str:
    _, address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    return str(Address(display_name=display_name, addr_spec=address))


def send(to: str, subject: str, template: str, **context) -> EmailMessage:
    message = build_message(to, subject, template, **context)
    transport = current_app.config["MAIL_TRANSPORT"]
    if transport == "smtp":
        _send_smtp(message)
    elif transport == "log":
        _write_to_log(message)
    else:
        raise ValueError(f"unknown MAIL_TRANSPORT {transport!r}")
    return message


def _write_to_log(message: EmailMessage) -> None:
    folder = Path(current_app.instance_path) / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    name = message["Message-ID"].strip("<>").split("@")[0] + ".eml"
    (folder / name).write_bytes(message.as_bytes())
    current_app.logger.info(
        "mail to %s: %s\n%s", message["To"], message["Subject"],
        message.get_body(("plain",)).get_content())


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    kwargs = {"context": ssl.create_default_context()} if config["MAIL_USE_SSL"] else {}
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"],
                    timeout=config["MAIL_TIMEOUT"], **kwargs) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
