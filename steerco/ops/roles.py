"""The PostgreSQL roles steerco runs as (docs/OPERATIONS.md, "PostgreSQL roles").

An owner role owns the schema and every table and runs `steerco migrate`; the
application runs as a role that may only read and write rows — SELECT, INSERT, UPDATE,
DELETE on the tables, the sequences their ids come from —, so it cannot drop the
append-only triggers, alter or truncate a table (only an owner can), and a history row
it cannot rewrite stays as written. `app_role_sql` is the SQL the owner runs once (a
test runs it too).
"""

from __future__ import annotations

import re

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def app_role_sql(
    *, app: str = "steerco_app", owner: str = "steerco_owner", schema: str = "public"
) -> list[str]:
    """The statements granting `app` row access to `owner`'s tables in `schema`, now and
    for the tables later migrations create. (Create the login role first:
    `CREATE ROLE steerco_app LOGIN PASSWORD '...'`.)"""
    for name in (app, owner, schema):
        if not _NAME.match(name):
            raise ValueError(f"{name!r} is not a plain PostgreSQL name")
    return [
        f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
        f" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
        f" GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
