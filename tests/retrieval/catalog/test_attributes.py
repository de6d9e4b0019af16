"""Typed attributes read from records: specs in the catalog's units, title phrases, one value each."""

from __future__ import annotations

from retrieval.catalog.attributes import Attribute, attributes, with_article
from retrieval.catalog.product import Product


def names(p: Product, kind: str) -> dict[str, str]:
    return {a.name: a.has() for a in attributes(p, kind)}


def test_specs_are_read_in_the_catalogs_units_and_said_plainly():
    laptop = Product(id="1", title="Lenovo ThinkBook 14 Notebook 35.6 cm (14\") Intel® Core™ i5 8 GB DDR4-SDRAM 256 GB SSD",
                     brand="Lenovo", specs={"Display diagonal": "14", "Processor family": "Intel Core i5-10xxx",
                                            "Internal memory": "8", "Display resolution": "1920 x 1080"})
    said = names(laptop, "laptop")
    assert said["screen"] == "has a 14-inch screen"
    assert said["processor"] == "has an Intel Core i5 processor"  # the family, without Icecat's "-10xxx"
    assert said["memory"] == "has 8 GB of RAM"
    assert said["storage"] == "has 256 GB of storage"  # from the title: the specs do not say it
    assert said["resolution"] == "has a 1920 x 1080 resolution"
    assert list(said)[:2] == ["screen", "processor"]  # most telling first


def test_a_spec_name_counts_only_for_the_kinds_it_means_something_for():
    card = Product(id="2", title="Kingston Canvas 64 GB microSDXC", specs={"Capacity": "64", "Flash card type": "MicroSDXC"})
    adapter = Product(id="3", title="Lenovo 40Y7667 power adapter", specs={"Capacity": "90", "Output power": "90"})
    assert names(card, "memory card") == {"capacity": "holds 64 GB", "card_type": "is a MicroSDXC card"}
    assert names(adapter, "power adapter") == {"power": "gives 90 W"}  # 90 here is watts, not gigabytes


def test_batteries_size_and_chemistry_from_specs_and_title():
    spec = Product(id="4", title="Varta Recharge Accu AA", specs={"Battery type": "Rechargeable battery",
                                                                   "Battery technology": "Nickel-Metal Hydride (NiMH)"})
    title = Product(id="5", title="Duracell Plus AAA Alkaline Batteries 4 pack")
    assert names(spec, "battery") == {"battery": "is AA size", "chemistry": "is rechargeable"}  # the spec first
    assert names(title, "battery") == {"battery": "is AAA size", "chemistry": "is alkaline", "pack": "comes 4 to a pack"}
    # A radio that takes AAA batteries is no AAA battery.
    radio = Product(id="6", title="Philips Portable Radio", specs={"Battery type": "AAA"})
    assert "battery" not in names(radio, "radio")


def test_a_count_that_is_no_pack_size_is_left_alone():
    puzzle = Product(id="7", title="Jan van Haasteren Cruise Ship 1000 pieces")
    printer = Product(id="8", title="HP LaserJet P2035 600 x 600 DPI A4")
    assert "pack" not in names(puzzle, "puzzle") and "pack" not in names(printer, "printer")


def test_fits_is_read_for_accessories_only():
    case = Product(id="9", title="Targus Click-In case for iPad Air 2 Black", kind_for="tablet")
    game = Product(id="10", title="Spin Master Rumbling Rock Game for Kids and Family")
    assert names(case, "case")["fits"] == "is made for iPad Air 2"
    assert "fits" not in names(game, "board game")


def test_one_attribute_per_measure():
    ssd = Product(id="11", title="Verbatim internal solid state drive M.2 1000 GB",
                  specs={"SSD capacity": "1000", "Capacity": "1000"})
    assert [a.name for a in attributes(ssd, "ssd")] == ["storage"]


def test_articles_follow_the_sound():
    assert with_article("a Intel Core i7 processor") == "an Intel Core i7 processor"
    assert with_article("a 8-inch screen") == "an 8-inch screen"
    assert with_article("a 11.6-inch screen") == "an 11.6-inch screen"
    assert with_article("a HDMI connection") == "an HDMI connection"
    assert with_article("an USB connection") == "a USB connection"
    assert with_article("an 15.6-inch screen") == "a 15.6-inch screen"
    assert Attribute("connection", "Ethernet").has() == "has an Ethernet connection"


def test_the_specs_that_set_apart_hubs_webcams_printers_and_ups_units():
    hub = Product(id="h", title="Sandberg USB 2.0 Hub AluLine (7 ports)", specs={"Ports quantity": "7"})
    one = Product(id="h1", title="Adapter", specs={"Ports quantity": "1"})
    cam = Product(id="w", title="Philips Webcam SPC1300NC/00",
                  specs={"Maximum video resolution": "1280 x 960", "Built in microphone": "Yes"})
    mute = Product(id="w2", title="Webcam", specs={"Built in microphone": "No"})
    printer = Product(id="p", title="HP LaserJet P2035", specs={"Print speed (black) normal quality (a4 us letter)": "30",
                                                                 "Duplex printing": "Yes"})
    ups = Product(id="u", title="APC Smart-UPS 700VA", specs={"Output power capacity": "700", "Output power": "450"})
    assert names(hub, "usb hub") == {"ports": "has 7 ports"} and names(one, "usb hub") == {}  # no "1 ports"
    assert names(cam, "webcam") == {"video_resolution": "has a maximum video resolution of 1280 x 960",
                                    "microphone": "has a built-in microphone"}
    assert names(mute, "webcam") == {}  # "No" says nothing worth a word
    assert names(printer, "printer") == {"print_speed": "prints 30 pages a minute in black", "duplex": "has duplex printing"}
    assert names(ups, "ups") == {"power": "gives 450 W", "va": "is rated 700 VA"}
    assert names(hub, "mouse") == {}  # a spec counts for its kinds only


def test_one_spec_read_per_kind_group_and_two_specs_joined():
    cable = Product(id="c", title="C2G 1m USB 2.0 A to Mini-b Cable",
                    specs={"Cable length": "1", "Connector 1": "USB A", "Connector 2": "Mini-USB B"})
    headset = Product(id="h", title="HP Stereo Headset", specs={"Cable length": "1.5", "Connectivity technology": "Wired"})
    half = Product(id="x", title="C2G adapter", specs={"Connector 1": "USB A"})  # the other end unknown
    assert names(cable, "cable") == {"connectors": "connects USB A to Mini-USB B", "length": "is 1 m long"}
    assert names(headset, "headset") == {"connection": "has a wired connection", "cord": "has a 1.5 m cable"}
    assert names(half, "adapter") == {}  # one end alone is no fact about what it connects
    assert "cord" not in names(headset, "monitor")  # no reading of "Cable length" for a monitor


def test_the_specs_that_set_apart_supplies_labels_paper_and_mounts():
    toner = Product(id="t", title="Brother TN-241 CMY", specs={"Printing colours": "Cyan,Magenta,Yellow"})
    ink = Product(id="i", title="Epson T1281 Black", specs={"Printing colours": "Black", "Ink type": "Pigment-based ink"})
    labels = Product(id="l", title="DYMO Address Labels", specs={"Label width": "89", "Label height": "28",
                                                                 "Labels per pack": "260", "Format": "HDTV"})
    paper = Product(id="p", title="Canon Photo Paper", specs={"Media weight": "170"})
    mount = Product(id="m", title="B-Tech TV bracket", specs={"Maximum weight capacity": "20"})
    assert names(toner, "toner cartridge") == {"ink_colour": "prints cyan, magenta and yellow"}
    assert names(ink, "ink cartridge") == {"ink_colour": "prints black", "ink_type": "uses pigment-based ink"}
    assert names(labels, "labels") == {"label_size": "is 89 x 28 mm in size", "labels_pack": "comes with 260 labels"}
    assert names(paper, "paper") == {"paper_weight": "weighs 170 g/m²"}
    assert names(mount, "mount") == {"max_load": "holds up to 20 kg"}
