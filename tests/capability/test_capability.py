"""A capability plugs in through the `capabilities` setting alone (no edit to hub.py, store/schema.py,
web/api, cli/main.py or settings.py): its table is migrated, its route answers, its command runs, its
setting reads the environment and the config file, its job is found; a failing migration leaves the
store as it was (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, inspect, select, text
from typer.testing import CliRunner

from iprhub.capabilities import CAPABILITIES
from iprhub.capability import load_capabilities
from iprhub.cli.main import get_app
from iprhub.errors import InvalidInput, StoreError
from iprhub.hub import Hub
from iprhub.settings import Settings, load_settings
from iprhub.store import schema
from iprhub.store.migrate import current_heads
from iprhub.web import create_app
from tests.conftest import data_path

SAMPLE = [*CAPABILITIES, "tests.capability.sample"]
BROKEN = [*CAPABILITIES, "tests.capability.broken"]
SMALL = "uspto/grant_xml_v4x/ChemDataExtractor__US06840965B2.xml.gz"  # one grant, US6840965B2


def _settings(backend, tmp_path, capabilities=None, **extra):
    return Settings(home=tmp_path, database_url=backend, workers=1, web_rate_limit=0,
                    capabilities=capabilities, **extra)


def test_sample_capability_table_route_service_and_job(backend, tmp_path):
    with Hub(_settings(backend, tmp_path, SAMPLE)) as hub:
        assert "sample_notes" in inspect(hub.store.engine).get_table_names()
        # s001 was written on core 0004; later core revisions (0006 …) stay a head of their own
        assert {"c003", "0003", "s001"} <= current_heads(hub.store.engine)  # countries: 0002 -> c003
        hub.sample.add("first")
        hub.sample.add("second")
        with TestClient(create_app(hub)) as client:
            r = client.get("/api/v1/sample/notes")
            assert r.status_code == 200 and r.json() == {"greeting": "hello", "notes": ["first", "second"]}
            assert "/api/v1/sample/notes" in client.get("/api/openapi.json").json()["paths"]
        calls = []
        handler = hub.job_handlers()["sample.count"]
        assert handler(hub, {"who": "test"}, lambda *a: calls.append(a)) == {"notes": 2, "asked": "test"}
        assert calls == [(1, 1, "counted")]


def test_capabilities_setting_decides_what_loads(tmp_path):
    with Hub(_settings(f"sqlite:///{tmp_path}/core.db", tmp_path, [])) as hub:
        assert hub.capabilities == [] and hub.job_handlers() == {}
        assert set(inspect(hub.store.engine).get_table_names()) == {*schema.metadata.tables, "alembic_version"}
        with pytest.raises(AttributeError):
            hub.countries  # noqa: B018
        client = TestClient(create_app(hub))
        assert client.get("/api/v1/countries/VN").status_code == 404
        assert client.get("/api/v1/me", headers={"Authorization": "Bearer iph_0123456789_" + "a" * 24}) \
            .status_code == 401  # no accounts: every key is refused, reading stays open
        assert client.get("/api/v1/stats").status_code == 200
        assert 'href="/search"' in client.get("/").text and 'href="/countries"' not in client.get("/").text


def test_sample_setting_from_environment_and_config_file(tmp_path, monkeypatch):
    (tmp_path / "iprhub.toml").write_text('[iprhub]\nworkers = 1\n\n[iprhub.sample]\ngreeting = "from file"\n'
                                          'limit = 1\n', encoding="utf-8")
    settings = load_settings(home=tmp_path, capabilities=SAMPLE)
    assert settings.capability_settings == {"sample": {"greeting": "from file", "limit": 1}}
    monkeypatch.setenv("IPRHUB_SAMPLE__GREETING", "from env")
    with Hub(settings) as hub:
        assert hub.settings_of("sample").greeting == "from env"  # the environment beats the file
        assert hub.settings_of("sample").limit == 1
        hub.sample.add("a")
        hub.sample.add("b")
        assert hub.sample.listing() == {"greeting": "from env", "notes": ["a"]}


def test_bad_capability_setting_is_refused_with_its_name(tmp_path):
    with Hub(_settings(f"sqlite:///{tmp_path}/s.db", tmp_path, SAMPLE,
                       capability_settings={"sample": {"limit": 0}})) as hub:
        with pytest.raises(InvalidInput) as err:
            hub.settings_of("sample")
        assert err.value.field == "sample.limit" and "greater than or equal to 1" in err.value.message
    with Hub(_settings(f"sqlite:///{tmp_path}/t.db", tmp_path, SAMPLE,
                       capability_settings={"sample": {"colour": "red"}})) as hub:
        with pytest.raises(InvalidInput, match=r"unknown setting\(s\) \['colour'\] for capability sample"):
            hub.settings_of("sample")


def test_sample_command_runs_and_default_cli_lacks_it(tmp_path):
    res = CliRunner().invoke(get_app(SAMPLE), ["--home", str(tmp_path), "sample-note", "from the cli", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == {"greeting": "hello", "notes": ["from the cli"]}
    res = CliRunner().invoke(get_app(), ["--home", str(tmp_path), "sample-note", "x"])
    assert res.exit_code == 2 and "No such command 'sample-note'" in res.output


def test_failing_capability_migration_leaves_the_store_unchanged(backend, tmp_path):
    """A revision that creates a table, writes a core row, then fails: StoreError, and the store is
    exactly as before (the stored document, the heads, no broken_things table, no stray row)."""
    with Hub(_settings(backend, tmp_path)) as hub:
        hub.ingest([data_path(SMALL)])
        tables = set(inspect(hub.store.engine).get_table_names())
        heads = current_heads(hub.store.engine)
    with pytest.raises(StoreError) as err:
        Hub(_settings(backend, tmp_path, BROKEN))
    assert "no_such_table" in err.value.message  # the failing statement is named
    with Hub(_settings(backend, tmp_path)) as hub:
        engine = hub.store.engine
        assert set(inspect(engine).get_table_names()) == tables and "broken_things" not in tables
        assert current_heads(engine) == heads
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(schema.documents)).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM meta WHERE key = 'broken'")).scalar() == 0
        assert hub.document("US6840965B2").pub_number == "US6840965B2"


def test_failing_migration_on_a_new_store_creates_nothing(backend, tmp_path):
    with pytest.raises(StoreError):
        Hub(_settings(backend, tmp_path, BROKEN))
    with Hub(_settings(backend, tmp_path, BROKEN), migrate=False) as hub:
        assert inspect(hub.store.engine).get_table_names() == []


def test_store_with_a_capability_that_is_no_longer_loaded(tmp_path):
    url = f"sqlite:///{tmp_path}/s.db"
    Hub(_settings(url, tmp_path, SAMPLE)).close()
    with pytest.raises(StoreError, match=r"revision\(s\) s001, which no loaded capability provides"):
        Hub(_settings(url, tmp_path))


@pytest.mark.parametrize(("module", "message"), [
    ("tests.capability.no_such_module", "cannot be imported"),
    ("tests.capability", "has no CAPABILITY = Capability(...)"),
])
def test_bad_capability_modules_are_named(module, message):
    with pytest.raises(InvalidInput, match=r"capability module 'tests\.capability[.\w]*'") as err:
        load_capabilities([module])
    assert message in err.value.message and err.value.field == "capabilities"


def test_capability_declarations_are_checked():
    from dataclasses import replace

    from tests.capability import sample

    with pytest.raises(InvalidInput, match="table 'sample_notes' is not prefixed other_"):
        replace(sample.CAPABILITY, name="other").check("x")
    with pytest.raises(InvalidInput, match="listed twice"):
        load_capabilities(["tests.capability.sample", "tests.capability.sample"])


def test_capability_page_speaks_through_its_own_catalog(tmp_path):
    """The sample's msgid lives only in its own i18n folder: merged over the core catalog, the page is
    Chinese in Chinese and the core's navigation stays translated beside it."""
    with Hub(_settings(f"sqlite:///{tmp_path}/s.db", tmp_path, SAMPLE)) as hub:
        client = TestClient(create_app(hub))
        zh = client.get("/sample", params={"lang": "zh"}).text
        assert "<h1>示例笔记</h1>" in zh and "检索" in zh
        assert "<h1>Sample notes</h1>" in client.get("/sample", params={"lang": "en"}).text


def test_capability_evaluation_task_runs_from_iprhub_eval(tmp_path, monkeypatch):
    """`iprhub eval --task sample-notes` runs the capability's task (not the search tasks); --data may
    name the shared folder or its eval/ folder; an unknown task is refused with the known ones."""
    monkeypatch.setenv("IPRHUB_CAPABILITIES", json.dumps(SAMPLE))
    runner = CliRunner()
    app = get_app(SAMPLE)
    eval_folders = len(list(data_path("eval").iterdir()))
    for data in (data_path("."), data_path("eval")):
        r = runner.invoke(app, ["--home", str(tmp_path), "eval", "--task", "sample-notes", "--data", str(data),
                                "--json"])
        assert r.exit_code == 0, r.output
        out = json.loads(r.output)
        assert "retrieval" not in out
        assert out["tables"] == [{"title": "Sample notes", "columns": ["notes", "eval folders"],
                                  "rows": [{"notes": 0, "eval folders": eval_folders}], "notes": ["a sample task"]}]
    r = runner.invoke(app, ["--home", str(tmp_path), "eval", "--task", "nonsense", "--json"])
    assert r.exit_code != 0 and "sample-notes" in r.output and "known-item" in r.output


def test_after_ingest_hook_sees_the_report_and_cannot_undo_the_ingest(tmp_path, monkeypatch):
    with Hub(_settings(f"sqlite:///{tmp_path}/a.db", tmp_path, SAMPLE)) as hub:
        report = hub.ingest([data_path(SMALL)])
        # each loaded capability's hook answers under its name (watch, …): the sample's is ours
        assert report.inserted == 1 and report.after_ingest["sample"] == {"notes": 1}
        assert report.to_dict()["after_ingest"]["sample"] == {"notes": 1}
        assert hub.sample.listing()["notes"] == ["ingested 1"]
    monkeypatch.setenv("IPRHUB_SAMPLE__GREETING", "fail")
    with Hub(_settings(f"sqlite:///{tmp_path}/b.db", tmp_path, SAMPLE)) as hub:
        report = hub.ingest([data_path(SMALL)])
        assert report.after_ingest["sample"] == {"error": "the sample hook was told to fail", "code": "invalid_input"}
        assert hub.document("US6840965B2").pub_number == "US6840965B2"


def test_lazy_parts_load_on_use_and_name_what_is_missing():
    from iprhub.capability import lazy

    router = lazy("iprhub.quality.api:router", call=False)
    assert router().routes and lazy("iprhub.quality.corpus:party_key")("ACME, Inc.") == "acme"
    with pytest.raises(InvalidInput, match="package.module:name"):
        lazy("iprhub.quality.api.router")
    with pytest.raises(InvalidInput, match="'iprhub.nowhere:thing' cannot be loaded"):
        lazy("iprhub.nowhere:thing")()
