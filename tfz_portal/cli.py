"""Command-line tools: ``flask tenants ...``, ``flask users ...``, ``flask demo ...``.

Commands call the services and commit once, at the end.
"""

from __future__ import annotations

import click
from flask import Flask, current_app, url_for
from flask.cli import AppGroup
from sqlalchemy import select

from .extensions import db
from .models import Role, Tenant
from .models.base import utcnow
from .services import accounts, tenants
from .services.errors import ServiceError
from .tenancy import Scope, all_tenants, tenant_scope

tenants_cli = AppGroup("tenants", help="Partner communities.")
users_cli = AppGroup("users", help="Accounts.")
demo_cli = AppGroup("demo", help="Demonstration data.")


def _fail(error: ServiceError) -> None:
    db.session.rollback()
    where = f" ({error.field})" if error.field else ""
    raise click.ClickException(f"{error.message}{where}")


def community_url(tenant: Tenant, endpoint: str = "public.index") -> str:
    with tenant_scope(tenant), current_app.test_request_context():
        return url_for(endpoint, tenant=tenant.slug, _external=True)


@tenants_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Display name, e.g. 'Polk County'.")
@click.option("--jurisdiction", type=click.Choice(["state", "county", "city", "district"]),
              default="county", show_default=True)
@click.option("--state", required=True, help="USPS code, e.g. IA.")
@click.option("--contact-email", required=True)
@click.option("--timezone", default="America/Chicago", show_default=True)
@click.option("--color", default="#1d4e89", show_default=True, help="Brand colour, #rrggbb.")
@click.option("--certificate-months", type=int, default=None,
              help="Certificate validity in months (default: no expiry).")
def create_tenant_command(slug, name, jurisdiction, state, contact_email, timezone, color,
                          certificate_months):
    """Create a community reached at SLUG.<portal domain>."""
    try:
        with all_tenants():
            tenant = tenants.create_tenant(tenants.TenantData(
                slug=slug, name=name, jurisdiction=jurisdiction, state=state,
                contact_email=contact_email, timezone=timezone, primary_color=color,
                certificate_validity_months=certificate_months))
    except ServiceError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Created {tenant.name}: {community_url(tenant)}")


@tenants_cli.command("list")
@click.option("--all", "include_archived", is_flag=True, help="Include archived communities.")
def list_tenants_command(include_archived):
    """List communities with their URLs."""
    for tenant in tenants.list_tenants(include_archived=include_archived):
        state = "" if tenant.is_active else "  (archived)"
        click.echo(f"{tenant.slug:<20} {tenant.name:<32} {community_url(tenant)}{state}")


@users_cli.command("create")
@click.option("--tenant", "slug", help="Community slug; omit for platform staff.")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default="participant",
              show_default=True)
@click.option("--sector", "sectors", multiple=True, help="For sector leads; repeat for several.")
@click.password_option(help="Prompted for when omitted.")
def create_user_command(slug, email, name, role, sectors, password):
    """Create an account of any role."""
    tenant = None
    if slug:
        tenant = db.session.execute(select(Tenant).where(Tenant.slug == slug)).scalar_one_or_none()
        if tenant is None:
            raise click.ClickException(f"No community '{slug}'.")
    try:
        with tenant_scope(tenant or Scope.PLATFORM):
            user = _create_account(tenant, name, email, password, Role(role), list(sectors))
            db.session.commit()
    except ServiceError as error:
        _fail(error)
    where = tenant.name if tenant else "the platform"
    click.echo(f"Created {user.role.label.lower()} {user.email} in {where}.")


def _create_account(tenant: Tenant | None, name: str, email: str, password: str, role: Role,
                    sectors: list[str]):
    if role is Role.PARTICIPANT and tenant is not None and not sectors:
        # A participant is someone who joined: they get their journey (and
        # are counted on the dashboards) as if they had used the join page.
        user = accounts.join(tenant, accounts.JoinData(name, email, password, "individual",
                                                       "individual"))
        user.email_verified_at = utcnow()  # created by staff, like create_user's accounts
        return user
    return accounts.create_user(tenant, accounts.NewUser(name, email, password, role, sectors))


@demo_cli.command("seed")
@click.option("--password", default="demo-password-2026", show_default=True,
              help="Password of every demo account.")
def seed_command(password):
    """Create two demo communities with coordinators, leads and participants.
    Does nothing when they already exist."""
    from .demo import seed_demo

    lines = seed_demo(password)
    db.session.commit()
    click.echo("\n".join(lines))


def register_commands(app: Flask) -> None:
    app.cli.add_command(tenants_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
