from alembic import context

from iprhub.store.migrate import transactional_ddl

engine = context.config.attributes["engine"]

with engine.connect() as connection, transactional_ddl(connection):
    context.configure(
        connection=connection,
        target_metadata=context.config.attributes["target_metadata"],
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
