"""Framework files: the shipped ones load, and bad ones are refused naming file, commitment and field."""

from pathlib import Path

import pytest
import yaml

from monitors.catalog import CatalogError, load_catalog

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "frameworks"


def _write(directory: Path, name: str, data: dict) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _framework(**overrides) -> dict:
    data = {
        "id": "test-2025",
        "name": "Test framework",
        "date": "2025-05-12",
        "parties": ["us", "cn"],
        "summary": "A framework used in tests.",
        "sources": {"S1": {"outlet": "Wire", "title": "Report", "url": "https://example.com"}},
        "commitments": [
            {
                "id": "test-one",
                "title": "Do one thing",
                "obligor": "us",
                "category": "tariffs",
                "promise": "One thing.",
                "sources": ["S1"],
                "check": {"monitor": "tariffs", "target_rate": 10},
            }
        ],
    }
    data.update(overrides)
    return data


def test_it_loads_every_shipped_commitment_with_sources():
    catalog = load_catalog(SHIPPED)
    assert set(catalog.frameworks) == {"geneva-2025", "london-2025", "stockholm-2025", "busan-2025"}
    assert catalog.frameworks["london-2025"].builds_on == "geneva-2025"
    assert len(catalog.commitments) >= 35
    assert all(c.sources for c in catalog.commitments.values())


def test_it_links_rare_earth_licences_to_the_us_rollbacks_both_ways():
    catalog = load_catalog(SHIPPED)
    licences = catalog.commitments["london-cn-export-licences"]
    assert {"london-us-eda-software", "london-us-ethane", "london-us-jet-engines"} <= set(licences.in_exchange_for)
    assert "london-cn-export-licences" in catalog.commitments["london-us-ethane"].in_exchange_for
    assert sorted(c.id for c in catalog.continued_by("geneva-cn-nontariff-countermeasures")) == [
        "busan-cn-general-licences", "london-cn-export-licences", "stockholm-cn-nontariff-countermeasures",
    ]


def test_it_names_file_commitment_and_field_of_a_bad_check(tmp_path):
    data = _framework()
    data["commitments"][0]["check"] = {"monitor": "tariffs", "target_rate": -5}
    path = _write(tmp_path, "bad.yaml", data)
    with pytest.raises(CatalogError) as error:
        load_catalog(tmp_path)
    message = str(error.value)
    assert str(path) in message and "commitment 'test-one'" in message and "target_rate" in message


def test_it_refuses_an_unknown_check_kind(tmp_path):
    data = _framework()
    data["commitments"][0]["check"] = {"monitor": "astrology"}
    _write(tmp_path, "bad.yaml", data)
    with pytest.raises(CatalogError, match="commitment 'test-one': check"):
        load_catalog(tmp_path)


def test_it_refuses_an_unknown_source_reference(tmp_path):
    data = _framework()
    data["commitments"][0]["sources"] = ["S9"]
    _write(tmp_path, "bad.yaml", data)
    with pytest.raises(CatalogError, match="commitment 'test-one': sources: unknown source id"):
        load_catalog(tmp_path)


def test_a_quote_shows_only_under_the_commitments_it_speaks_to():
    """Geneva's joint statement is cited by every Geneva commitment, but the sentence quoted from it
    is China's undertaking on its non-tariff countermeasures: under the US tariff cut it would read
    as the promise itself. London's quote of China's licence undertaking likewise belongs to the
    licences, not to the US rollbacks exchanged for them."""
    catalog = load_catalog(SHIPPED)

    def quotes(commitment_id: str) -> list[str]:
        return [s.quote for s in catalog.commitments[commitment_id].sources if s.quote]

    assert any(q.startswith("Adopt all necessary administrative measures") for q in quotes("geneva-cn-nontariff-countermeasures"))
    assert not any(q.startswith("Adopt all necessary administrative measures") for q in quotes("geneva-us-reciprocal-rate"))
    assert any(q.startswith("Review and approve applications") for q in quotes("london-cn-export-licences"))
    assert not any(q.startswith("Review and approve applications") for q in quotes("london-us-eda-software"))
    assert not any("MAGNETS" in q for q in quotes("london-us-student-visas"))
    assert quotes("london-us-nvidia-h20") == ["We put that in the trade deal with the magnets."]  # no `quote_for`: every citer


def test_it_refuses_a_quote_for_a_commitment_not_in_the_file(tmp_path):
    data = _framework()
    data["sources"]["S1"].update(quote="One thing will be done.", quote_for=["test-two"])
    _write(tmp_path, "bad.yaml", data)
    with pytest.raises(CatalogError, match="source 'S1': quote_for: unknown commitment id"):
        load_catalog(tmp_path)


def test_it_refuses_a_one_way_exchange_link(tmp_path):
    data = _framework()
    second = dict(data["commitments"][0], id="test-two")
    data["commitments"][0]["in_exchange_for"] = ["test-two"]
    data["commitments"].append(second)
    _write(tmp_path, "bad.yaml", data)
    with pytest.raises(CatalogError, match="does not list it back"):
        load_catalog(tmp_path)


def test_it_refuses_a_commitment_id_defined_twice_across_files(tmp_path):
    _write(tmp_path, "a.yaml", _framework())
    _write(tmp_path, "b.yaml", _framework(id="other-2025"))
    with pytest.raises(CatalogError, match="commitment 'test-one': id: already defined"):
        load_catalog(tmp_path)


def test_it_refuses_a_file_that_is_not_yaml(tmp_path):
    (tmp_path / "broken.yaml").write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogError, match="broken.yaml: cannot read YAML"):
        load_catalog(tmp_path)
