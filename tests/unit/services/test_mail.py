"""The mail service: a real SMTP server receives what the smtp transport
sends; the log transport writes .eml files."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from flask import url_for

from tests.fixtures.mail import html_of, link_in, text_of
from tfz_portal.services import accounts, mail
from tfz_portal.tenancy import Scope, tenant_scope


class KeepMessages:
    """aiosmtpd handler: accept every message and keep it."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[KeepMessages]:
    handler = KeepMessages()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def smtp_app(app, monkeypatch, smtp_server):
    for key, value in {"MAIL_TRANSPORT": "smtp", "MAIL_SERVER": "127.0.0.1",
                       "MAIL_PORT": smtp_server.port, "MAIL_TIMEOUT": 5}.items():
        monkeypatch.setitem(app.config, key, value)
    return app


def send_reset_email(app, tenant, user, host: str) -> tuple[EmailMessage, str]:
    """What the forgot-password page does, on the given host."""
    with app.test_request_context(base_url=f"http://{host}"), tenant_scope(tenant):
        link = url_for("auth.reset_password", token=accounts.make_reset_token(user),
                       _external=True)
        message = mail.send(user.email, "Reset your password", "reset_password",
                            user=user, link=link)
    return message, link


def test_smtp_transport_delivers_a_text_and_html_message(smtp_app, smtp_server, communities):
    polk, _ = communities

    _, link = send_reset_email(smtp_app, polk.tenant, polk.participant, "polk.localhost:5000")

    [(mail_from, recipients, message)] = smtp_server.received
    assert mail_from == "no-reply@localhost"
    assert recipients == [polk.participant.email]
    assert message["To"] == polk.participant.email
    assert message["Subject"] == "Reset your password"
    assert message["From"].addresses[0].display_name == "Polk County"
    assert message["From"].addresses[0].addr_spec == "no-reply@localhost"
    assert message["Message-ID"] and message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    assert link.startswith("http://polk.localhost:5000/password/reset/")
    assert link_in(message) == link
    assert "Polk Resident" in text_of(message)
    assert f'href="{link}"' in html_of(message)
    assert "Polk County" in html_of(message)
    assert "Story County" not in message.as_string()


def test_the_link_received_by_smtp_opens_the_reset_form(smtp_app, smtp_server, communities,
                                                        client):
    polk, _ = communities
    send_reset_email(smtp_app, polk.tenant, polk.participant, "polk.localhost:5000")
    [(_, _, message)] = smtp_server.received

    response = client.get(link_in(message).removeprefix("http://polk.localhost:5000"),
                          subdomain="polk")

    assert response.status_code == 200
    assert 'name="password"' in response.text


def test_each_community_sends_under_its_own_name(smtp_app, smtp_server, communities):
    polk, story = communities
    send_reset_email(smtp_app, polk.tenant, polk.participant, "polk.localhost:5000")
    send_reset_email(smtp_app, story.tenant, story.participant, "story.localhost:5000")

    senders = [m["From"].addresses[0].display_name for _, _, m in smtp_server.received]
    links = [link_in(m) for _, _, m in smtp_server.received]
    assert senders == ["Polk County", "Story County"]
    assert links[0].startswith("http://polk.localhost:5000/")
    assert links[1].startswith("http://story.localhost:5000/")


def test_log_transport_writes_an_eml_file(app, communities, outbox):
    polk, _ = communities
    assert app.config["MAIL_TRANSPORT"] == "log"

    sent, link = send_reset_email(app, polk.tenant, polk.participant, "polk.localhost:5000")

    [written] = outbox.messages
    assert written["Message-ID"] == sent["Message-ID"]
    assert written["To"] == polk.participant.email
    assert written["Subject"] == "Reset your password"
    assert written["From"].addresses[0].display_name == "Polk County"
    assert link_in(written) == link
    assert f'href="{link}"' in html_of(written)


def test_platform_mail_is_sent_under_the_platform_name(app, make_user, outbox):
    staff = make_user(None, "platform_admin", email="staff@tfz.example.org")

    _, link = send_reset_email(app, Scope.PLATFORM, staff, "localhost:5000")

    message = outbox.last()
    assert message["From"].addresses[0].display_name == app.config["PLATFORM_NAME"]
    assert link.startswith("http://localhost:5000/password/reset/")


def test_an_unknown_transport_is_an_error(app, monkeypatch, communities, outbox):
    polk, _ = communities
    monkeypatch.setitem(app.config, "MAIL_TRANSPORT", "pigeon")

    with pytest.raises(ValueError, match="pigeon"):
        send_reset_email(app, polk.tenant, polk.participant, "polk.localhost:5000")
    assert outbox.messages == []
