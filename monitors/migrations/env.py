"""Alembic environment: migrations always run on the connection the store hands over, inside
its transaction, so creating a store and filling it happen as one step."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
