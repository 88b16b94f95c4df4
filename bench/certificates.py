"""Benchmark: render a certificate PDF, and serve a stored one.

Creates a throw-away SQLite database with a community and a participant who
has finished every step, then prints the median time (over --runs runs) to

* render the certificate PDF (HTML template + QR code + xhtml2pdf), and
* download the stored PDF through the app (test client, logged in).

Usage: .venv/bin/python bench/certificates.py [--runs 30] [--out certificate.pdf]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from tfz_portal import create_app  # noqa: E402
from tfz_portal.extensions import db  # noqa: E402
from tfz_portal.models import Certificate, Role, Signature, TemplateKind  # noqa: E402
from tfz_portal.models.base import utcnow  # noqa: E402
from tfz_portal.services import accounts, certificates, tenants  # noqa: E402
from tfz_portal.services.journey import load_journey  # noqa: E402
from tfz_portal.tenancy import all_tenants, tenant_scope  # noqa: E402

PASSWORD = "correct horse battery"


def build_app(folder: Path):
    app = create_app({
        "CONFIG": "testing",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
        "SERVER_NAME": "localhost:5000",
        "SECRET_KEY": "bench",
    })
    app.instance_path = str(folder)
    with app.app_context():
        upgrade()
    return app


def certified_participant(app, holder: str) -> tuple[int, int]:
    """A community, its coordinator and an organization with every step done."""
    with app.app_context():
        with all_tenants():
            tenant = tenants.create_tenant(tenants.TenantData(
                slug="polk", name="Polk County", jurisdiction="county", state="IA",
                contact_email="tfz@polk.example.org", certificate_validity_months=24))
        with tenant_scope(tenant):
            accounts.create_user(tenant, accounts.NewUser(
                "Denise Carter", "coordinator@polk.example.org", PASSWORD, Role.COORDINATOR))
            user = accounts.join(tenant, accounts.JoinData(
                "Maria Johnson", "maria@polk.example.org", PASSWORD, "organization", "business",
                holder))
            participation = user.participations[0]
            db.session.add(Signature(
                participation_id=participation.id, cycle=0, kind=TemplateKind.PROCLAMATION,
                template_version=1, title="Proclamation", text="…", signer_name="Maria Johnson",
                signed_by_id=user.id))
            from tfz_portal.models import Policy, PolicyMethod, PolicyStatus

            db.session.add(Policy(participation_id=participation.id, cycle=0,
                                  method=PolicyMethod.ADOPT, text="…",
                                  status=PolicyStatus.APPROVED, decided_at=utcnow()))
            participation.shared_at = utcnow()
            db.session.flush()
            cert = certificates.issue_certificate(participation, load_journey(participation))
            ids = participation.id, cert.id
        db.session.commit()
    return ids


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--holder", default="Riverside Inn & Conference Center")
    parser.add_argument("--out", type=Path, help="also write the rendered PDF here")
    args = parser.parse_args()

    logging.disable(logging.INFO)  # the migrations' progress lines
    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(Path(tmp))
        participation_id, certificate_id = certified_participant(app, args.holder)

        render_times = []
        with app.app_context(), app.test_request_context(subdomain="polk"):
            with all_tenants():
                cert = db.session.get(Certificate, certificate_id)
                html = certificates.certificate_html(cert)
            from tfz_portal import pdf

            pdf.render_pdf(html)  # warm up: fonts and imports
            for _ in range(args.runs):
                start = time.perf_counter()
                with all_tenants():
                    document = pdf.render_pdf(certificates.certificate_html(cert))
                render_times.append(time.perf_counter() - start)
        if args.out:
            args.out.write_bytes(document)

        client = app.test_client()
        client.post("/login", data={"email": "maria@polk.example.org", "password": PASSWORD},
                    subdomain="polk")
        url = f"/journey/{participation_id}/certificate.pdf"
        first = client.get(url, subdomain="polk")  # renders and stores
        assert first.status_code == 200 and first.mimetype == "application/pdf", first.status
        serve_times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url, subdomain="polk")
            serve_times.append(time.perf_counter() - start)
            assert response.data == first.data

        print(f"runs: {args.runs}, PDF size: {len(first.data) / 1024:.0f} KiB")
        print(f"render a certificate PDF:        median {median_ms(render_times)}")
        print(f"serve the stored PDF (request): median {median_ms(serve_times)}")


if __name__ == "__main__":
    main()
