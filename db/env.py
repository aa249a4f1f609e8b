"""Alembic environment: the program passes its own connection; developers pass -x url=..."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

import dpo_desk.store.records  # noqa: F401  (registers every table on the metadata)
from dpo_desk.store.base import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("pass the database with: alembic -c db/alembic.ini -x url=URL ...")
    engine = create_engine(url)
    with engine.begin() as connection:
        _run(connection)


if context.is_offline_mode():
    raise SystemExit("DPO Desk migrations run online only")
run_migrations_online()
