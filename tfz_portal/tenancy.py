"""Multi-tenancy: the one place where a community is chosen and enforced.

Every request is routed by subdomain. Community routes carry a ``<tenant>``
subdomain; the community is looked up once (404 when unknown or archived) and
kept in a context variable for the rest of the request. From there:

* every ORM statement on a ``TenantScoped`` table gets
  ``tenant_id == <current community>`` added, relationship loads included;
* new rows are stamped with the current community, and a row whose final
  ``tenant_id`` belongs to another community is refused at flush;
* with no scope set, scoped tables read as empty (fail closed).

The apex site runs in the *platform* scope, where only rows that belong to no
community (platform staff, platform audit events) are visible. Code that must
cross communities (CLI, platform staff) says so with ``all_tenants()``.
"""

from __future__ import annotations

import contextlib
import contextvars
import enum
from collections.abc import Iterator
from typing import TYPE_CHECKING

from flask import Flask, abort, g, request
from flask.globals import request_ctx
from sqlalchemy import ForeignKey, event, false, or_, select
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)
from werkzeug.exceptions import SecurityError

from .extensions import db

if TYPE_CHECKING:
    from .models.tenant import Tenant


class Scope(enum.Enum):
    PLATFORM = "platform"  # the apex site: rows that belong to no community
    ALL = "all"  # explicit cross-community access (CLI, platform staff)


class CrossTenantWrite(RuntimeError):
    """A write would put a row into a community other than the current one."""


class NoTenantScope(RuntimeError):
    """A community-owned row was written with no scope set."""


_scope: contextvars.ContextVar[Tenant | Scope | None] = contextvars.ContextVar(
    "tfz_tenant_scope", default=None
)


class TenantScoped:
    """Mixin for tables owned by a community.

    Set ``__tenant_optional__ = True`` on a model whose rows may also belong
    to the platform itself (tenant_id NULL), such as platform staff accounts.
    """

    __tenant_optional__ = False

    @declared_attr
    def tenant_id(cls) -> Mapped[int | None]:
        return mapped_column(
            ForeignKey("tenants.id", ondelete="CASCADE"),
            index=True,
            nullable=cls.__tenant_optional__,
        )


class SharedOrTenantScoped:
    """Mixin for content that platform staff publish to every community (rows
    with tenant_id NULL) and that a community may add to (its own rows): the
    training catalog, document templates. A community reads the shared rows
    and its own, and can change only its own; the platform scope sees only
    the shared rows."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True,
                             nullable=True)


def current_scope() -> Tenant | Scope | None:
    return _scope.get()


def current_tenant() -> Tenant | None:
    scope = _scope.get()
    return None if isinstance(scope, Scope) else scope


@contextlib.contextmanager
def tenant_scope(scope: Tenant | Scope | None) -> Iterator[None]:
    """Run a block as one community (or the platform). Used by the CLI,
    services that work for a given community, and tests. Pending rows are
    flushed on the way out, while the block's scope still applies."""
    token = _scope.set(scope)
    try:
        yield
        # Rows added in the block are stamped (and checked) under its scope.
        if db.session.new or db.session.dirty or db.session.deleted:
            db.session.flush()
    finally:
        _scope.reset(token)


def all_tenants() -> contextlib.AbstractContextManager[None]:
    """Lift community scoping for the block. Greppable on purpose."""
    return tenant_scope(Scope.ALL)


def _criteria_for(scope: Tenant | Scope | None, *, writing: bool = False) -> list:
    """Loader criteria for the scope. A community reads shared rows but
    writes (ORM UPDATE/DELETE) only its own."""
    if scope is Scope.ALL:
        return []
    if scope is None:
        return [
            with_loader_criteria(TenantScoped, lambda cls: false(), include_aliases=True),
            with_loader_criteria(SharedOrTenantScoped, lambda cls: false(), include_aliases=True),
        ]
    if scope is Scope.PLATFORM:
        return [
            with_loader_criteria(
                TenantScoped, lambda cls: cls.tenant_id.is_(None), include_aliases=True),
            with_loader_criteria(
                SharedOrTenantScoped, lambda cls: cls.tenant_id.is_(None), include_aliases=True),
        ]
    tenant_id = scope.id
    own = with_loader_criteria(
        TenantScoped, lambda cls: cls.tenant_id == tenant_id, include_aliases=True)
    if writing:
        shared = with_loader_criteria(
            SharedOrTenantScoped, lambda cls: cls.tenant_id == tenant_id, include_aliases=True)
    else:
        shared = with_loader_criteria(
            SharedOrTenantScoped,
            lambda cls: or_(cls.tenant_id == tenant_id, cls.tenant_id.is_(None)),
            include_aliases=True)
    return [own, shared]


def _scope_tenant_id(scope: Tenant | Scope | None) -> int | None:
    if scope is None:
        raise NoTenantScope("no community scope is set for this write")
    return None if scope is Scope.PLATFORM else scope.id


def _add_tenant_criteria(state: ORMExecuteState) -> None:
    scope = _scope.get()
    if state.is_column_load:
        # Refreshing attributes of an object this session already loaded
        # under its own scope, by primary key.
        return
    if state.is_insert:
        _stamp_bulk_insert(state, scope)
        return
    if ((state.is_update or state.is_delete) and isinstance(state.parameters, list)
            and scope is not Scope.ALL and _targets_scoped_table(state)):
        # Bulk UPDATE by primary key bypasses the criteria: refuse it.
        raise CrossTenantWrite("bulk writes to community tables need all_tenants()")
    if state.is_select:
        criteria = _criteria_for(scope)
    elif state.is_update or state.is_delete:
        criteria = _criteria_for(scope, writing=True)
    else:
        return
    if criteria:
        state.statement = state.statement.options(*criteria)


def _targets_scoped_table(state: ORMExecuteState) -> bool:
    mapper = state.bind_mapper
    return mapper is not None and issubclass(mapper.class_, (TenantScoped, SharedOrTenantScoped))


def _stamp_bulk_insert(state: ORMExecuteState, scope: Tenant | Scope | None) -> None:
    if scope is Scope.ALL or not _targets_scoped_table(state):
        return
    tenant_id = _scope_tenant_id(scope)
    rows = state.parameters if isinstance(state.parameters, list) else [state.parameters]
    for row in rows:
        if row is None:
            continue
        if row.get("tenant_id", tenant_id) != tenant_id:
            raise CrossTenantWrite("insert into another community refused")
        row["tenant_id"] = tenant_id


def _stamp_new_rows(session: Session, flush_context, instances) -> None:
    scope = _scope.get()
    if scope is Scope.ALL:
        return
    for obj in session.new:
        if isinstance(obj, TenantScoped | SharedOrTenantScoped) and obj.tenant_id is None:
            obj.tenant_id = _scope_tenant_id(scope)


def _check_final_tenant(mapper, connection, target) -> None:
    scope = _scope.get()
    if scope is Scope.ALL:
        return
    if target.tenant_id != _scope_tenant_id(scope):
        raise CrossTenantWrite(
            f"{type(target).__name__} belongs to community {target.tenant_id}, "
            "not the current one"
        )


def install_orm_guards() -> None:
    """Register the scoping listeners once per process (they are global)."""
    if event.contains(Session, "do_orm_execute", _add_tenant_criteria):
        return
    event.listen(Session, "do_orm_execute", _add_tenant_criteria)
    event.listen(Session, "before_flush", _stamp_new_rows)
    for hook in ("before_insert", "before_update", "before_delete"):
        event.listen(TenantScoped, hook, _check_final_tenant, propagate=True)
        event.listen(SharedOrTenantScoped, hook, _check_final_tenant, propagate=True)


def init_tenancy(app: Flask) -> None:
    from .models.tenant import Tenant

    install_orm_guards()
    app.url_map.default_subdomain = "<tenant>"

    @app.url_value_preprocessor
    def resolve_tenant(endpoint: str | None, values: dict | None) -> None:
        slug = values.pop("tenant", None) if values else None
        if slug is None:
            if request.url_rule is not None and request.url_rule.subdomain == "":
                _enter(Scope.PLATFORM)
            elif request.routing_exception is not None:
                _enter_host_of_unrouted_request()
            return
        tenant = _active_tenant(slug)
        if tenant is None:
            g.tenant = None
            abort(404)
        _enter(tenant)

    def _enter_host_of_unrouted_request() -> None:
        # No rule matched (404, 405): the error page still belongs to the
        # community (or the national site) whose host was asked for.
        adapter = request_ctx.url_adapter
        subdomain = adapter.subdomain if adapter is not None else None
        if subdomain == "":
            _enter(Scope.PLATFORM)
        elif subdomain:
            tenant = _active_tenant(subdomain)
            if tenant is not None:
                _enter(tenant)

    def _active_tenant(slug: str) -> Tenant | None:
        return db.session.execute(
            select(Tenant).where(Tenant.slug == slug, Tenant.is_active.is_(True))
        ).scalar_one_or_none()

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        # A Host outside the portal domain: no page (and no URL) can be built
        # for it, so answer a bare 400 rather than render the branded page.
        return "Bad Request: unknown host.", 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.url_defaults
    def fill_tenant(endpoint: str, values: dict) -> None:
        if "tenant" in values or not app.url_map.is_endpoint_expecting(endpoint, "tenant"):
            return
        tenant = current_tenant()
        if tenant is not None:
            values["tenant"] = tenant.slug

    @app.teardown_request
    def leave_tenant(exc: BaseException | None) -> None:
        token = g.pop("_tenant_token", None)
        if token is not None:
            _scope.reset(token)


def _enter(scope: Tenant | Scope) -> None:
    g._tenant_token = _scope.set(scope)
    g.tenant = scope if not isinstance(scope, Scope) else None
