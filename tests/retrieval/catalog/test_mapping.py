"""The field-mapping file: a pydantic model that refuses unknown keys and bad values, and the
dotted paths and spec selection it drives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.catalog.mapping import (
    FieldMapping,
    MappingError,
    load_mapping,
    resolve,
    select_specs,
    spec_name,
)

REPO = Path(__file__).resolve().parents[3]


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# ---- mapping -----------------------------------------------------------------------------------


def test_load_mapping_yaml_and_json(tmp_path):
    (tmp_path / "m.yaml").write_text(
        "title: name\nprice: offers.0.price\nspecs: [attr_*]\nprice_scale: 0.01\n"
    )
    m = load_mapping(tmp_path / "m.yaml")
    assert (m.title, m.price, m.specs) == ("name", "offers.0.price", ("attr_*",))
    assert (m.price_scale, m.id) == (0.01, None)
    write_json(tmp_path / "m.json", {"title": "name", "product_type": "categories.-1"})
    assert load_mapping(tmp_path / "m.json").product_type == "categories.-1"


def test_unknown_mapping_key_names_it_and_lists_valid_ones(tmp_path):
    (tmp_path / "m.yaml").write_text("titel: name\n")
    match = r"unknown key 'titel' in mapping file .*m.yaml; valid keys: id, title, brand"
    with pytest.raises(MappingError, match=match):
        load_mapping(tmp_path / "m.yaml")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("title: name\nprice_scale: 0\n", r"'price_scale' must be a number above 0, got 0"),
        ("title: 3\n", r"mapping field 'title' must be a source path string or null, got 3"),
        ("- title\n", r"must hold key: value pairs, got list"),
        ("title: [unclosed\n", r"is not valid YAML: .* at line 2 column 1"),
        ("title: name\nrequire_price: true\n", r"sets require_price but names no price field"),
    ],
)
def test_bad_mapping_values(tmp_path, text, match):
    (tmp_path / "m.yml").write_text(text)
    with pytest.raises(MappingError, match=match):
        load_mapping(tmp_path / "m.yml")


def test_mapping_checks_hold_for_code_too():
    # The same checks and error type whether a mapping comes from a file or from keywords.
    with pytest.raises(MappingError, match=r"^unknown key 'titel'; valid keys: id, title, brand, price"):
        FieldMapping(titel="name")
    with pytest.raises(MappingError, match=r"^mapping 'require_price' must be true or false, got 'yes'$"):
        FieldMapping(title="name", price="p", require_price="yes")
    with pytest.raises(MappingError, match=r"^mapping field 'title' is required: name the source field holding it$"):
        FieldMapping(title=None)
    with pytest.raises(MappingError, match=r"^mapping 'specs' must be a list of keys or patterns, got 5$"):
        FieldMapping(specs=5)
    with pytest.raises(MappingError, match=r"'price_scale' must be a number above 0, got '0.01' \(use 0.01 when"):
        FieldMapping(price_scale="0.01")  # a quoted number is a mistake, not a number
    m = FieldMapping(title="name", specs="attr_*", price_scale=1)
    assert (m.specs, m.price_scale, m.mapped_keys) == (("attr_*",), 1.0, frozenset({"name"}))
    with pytest.raises(ValueError, match="frozen"):
        m.title = "other"


def test_every_bad_value_is_reported_at_once(tmp_path):
    (tmp_path / "m.yaml").write_text("title: 4\nprice_scale: -1\n")
    with pytest.raises(MappingError) as caught:
        load_mapping(tmp_path / "m.yaml")
    assert str(caught.value) == (
        f"{tmp_path / 'm.yaml'}: mapping field 'title' must be a source path string or null, got 4; "
        "mapping 'price_scale' must be a number above 0, got -1 (use 0.01 when prices are whole cents)"
    )
    (tmp_path / "n.yaml").write_text("1: name\n")
    with pytest.raises(MappingError, match=r"unknown key '1' in mapping file .*n.yaml; valid keys: id,"):
        load_mapping(tmp_path / "n.yaml")


def test_mappings_with_the_same_fields_are_equal_after_use():
    used, fresh = FieldMapping(title="name", specs=("attr_*",)), FieldMapping(title="name", specs=["attr_*"])
    assert select_specs({"attr_n_weight": 2.0, "name": "x"}, used) == {"Weight": "2"}
    assert used == fresh and hash(used) == hash(fresh)  # the per-key name cache is not a field


def test_shipped_mappings_load_as_before():
    bestbuy = load_mapping(REPO / "examples" / "bestbuy_mapping.yaml")
    assert bestbuy.model_dump() == {
        "id": None, "title": "name", "brand": "brand", "price": "price", "colour": None, "product_type": None,
        "description": "description", "image_url": "image", "popularity": "popularity", "released": None,
        "specs": (), "price_scale": 1.0, "require_price": False, "records_key": None,
    }
    icecat = load_mapping(REPO / "retrieval" / "catalog" / "data" / "icecat" / "mapping.yaml")
    assert (icecat.brand, icecat.price_scale, icecat.specs, icecat.require_price, icecat.popularity) == (
        "supplier", 0.01, ("attr_*",), True, None)


def test_dotted_paths():
    rec = {"categories": ["Phones", "Prepaid", "All Prepaid Phones"], "offers": [{"price": "9.99"}],
           "product.name": "literal key", "a": {"b": None}}
    assert resolve(rec, "categories.-1") == "All Prepaid Phones"
    assert resolve(rec, "categories.0") == "Phones"
    assert resolve(rec, "offers.0.price") == "9.99"
    assert resolve(rec, "product.name") == "literal key"
    assert resolve(rec, "categories.9") is None
    assert resolve(rec, "a.b.c") is None
    assert resolve(rec, "categories.x") is None
    assert resolve(rec, None) is None


def test_spec_names_and_selection():
    assert spec_name("attr_n_weight") == "Weight"
    assert spec_name("attr_t_product_colour") == "Product colour"
    assert spec_name("attr_t_operating_temperature__t_t_") == "Operating temperature (T-T)"
    assert spec_name("attr_t_dimensions__wxdxh_") == "Dimensions (WxDxH)"
    assert spec_name("attr_n_usb_2_0_ports_quantity") == "USB 2.0 ports quantity"
    rec = {f"attr_n_spec_{i}": float(i) for i in range(20)}
    rec.update({"attr_n_package_width": 3.0, "title": "x"})
    specs = select_specs(rec, FieldMapping(specs=("attr_*",)))
    assert len(specs) == 12 and specs["Spec 0"] == "0" and "Package width" not in specs


