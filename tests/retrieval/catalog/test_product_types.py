"""The ranker's reading of product types (`item_type`): accessories named after a device word."""

from __future__ import annotations

import pytest

from retrieval.catalog.product_types import canonical_type, derive_type, fits, item_type


@pytest.mark.parametrize("title, expected", [
    ("Kensington MicroSaver Laptop Lock", "cable lock"),
    ("Kensington Contour 17'' Overnight Laptop Roller - Black", "bag"),
    ("Samsonite Laptop Roller bag", "bag"),
    ("Kensington Mouse Wrist Pillow", "wrist rest"),
    ("Kensington Comfort Gel Keyboard Wrist Rest - Black", "wrist rest"),
    ("HP Laptop Cooling Pad", "cooling pad"),
    ("StarTech.com Replacement USB Mouse to PS/2 Adapter", "adapter"),
    ("laptop lock", "cable lock"),  # a shopper's words are read the same way
])
def test_an_accessory_named_after_the_device_word_is_the_accessory(title, expected):
    assert item_type(title) == expected


@pytest.mark.parametrize("title, expected", [
    ("HP Pavilion dv7-1211ea Notebook Silver 43.2 cm (17\") 1440 x 900 pixels Intel Core 2 Duo", "laptop"),
    ("Logitech M185 Wireless Mouse Grey", "mouse"),
    ("laptop", "laptop"),
    # what follows "with" comes with the item; "for" names what it fits
    ("Sony Memory Stick Pro Duo 16GB with USB Adaptor memory card MS", "memory card"),
    ("Canon 8927A004 printer roller", "printer kit"),  # a roller after a printer is a part, not a bag
    ("Tripp Lite TLM812SA surge protector 8 AC outlet(s) 120 V Yellow 3.6 m", "surge protector"),
])
def test_devices_and_non_device_types_keep_their_type(title, expected):
    assert item_type(title) == expected


def test_retrieval_types_are_unchanged():
    # derive_type feeds the stored product record (content hash, embedded and BM25 text): the
    # accessory reading lives in item_type only, so no catalog is re-embedded for it.
    assert derive_type("Kensington MicroSaver Laptop Lock") == "laptop"
    assert item_type("Kensington MicroSaver Laptop Lock", base=derive_type("Kensington MicroSaver Laptop Lock")) == "cable lock"
    assert item_type("Some Laptop Lock", base="cable lock") == "cable lock"  # a stored accessory type stays


# ---- the kinds the hand labels of data/kinds use (examples from the dev split) ------------------

@pytest.mark.parametrize("title, expected", [
    # kind names as the labels spell them; the old names still read as the same kind
    ("HP Compaq dc7800 Small Form Factor PC", "desktop computer"),
    ("HP BladeSystem bc2000 Blade PC", "desktop computer"),
    ('Philips 6FF3FPW/00 digital photo frame 14.2 cm (5.6") White', "digital photo frame"),
    ('Philips 8FF2FPB 8" LCD 4:3 frame ratio PhotoFrame', "digital photo frame"),
    ('Da-Lite Model C 54" x 96" Matte White projection screen 2.79 m (110")', "projection screen"),
    ("Philips MCM233/12 home audio set Home audio micro system Black 20 W", "audio system"),
    ("Philips Streamium Wi-Fi component Hi-Fi system MCI900/12", "audio system"),
    # privacy filters are filters, not screen protectors
    ("HP nc6400 Privacy Filter", "filter"),
    # heatsinks are CPU coolers; a case fan is a fan
    ("Supermicro SNK-P0046P computer cooling component Processor Radiator Gray", "cpu cooler"),
    ("StarTech.com 80x25mm Dual Ball Bearing Computer Case Fan w/ TX3 Connector", "fan"),
    ("StarTech.com Replacement 70mm TX3 Dual Ball Bearing CPU Cooler Fan", "fan"),  # a shopper's fan
    # jigsaw puzzles are their own kind, apart from toys
    ("Jumbo Premium Collection 1000 pc(s) Jigsaw puzzle", "jigsaw puzzle"),
    ("HP C8532A duplex accessory", "duplex unit"),
    ("Philips FC8021/03 vacuum cleaner dust bag", "dust bag"),
    ("Tristar KB-7224 Cool box", "cool box"),
    ("Philips Table grill HD4417/20", "kitchen appliance"),
    ("Tripp Lite Surface-Mount Box for Keystone Jacks - 2 Ports, White", "surface mount box"),
    ("LifeProof - LifeActiv Belt Clip - Black", "belt clip"),
    ("Brother DK-44605 Continuous Removable Yellow Paper Tape (62mm)", "labels"),
    ("HP CB520A multi bin mailbox", "paper tray"),
    ('HP Designjet Q6707A media spindle 106.7 cm (42")', "spare part"),
    ("StarTech.com 8 Port Low Profile RS232 PCI Serial Card with 16950 UART", "interface card"),
    ("StarTech.com USB CAT5 dongle for Matrix IP KVM switches", "adapter"),
    ("Leitz Organizer Tray Long, Storage MyBox WOW", "desk organizer"),
    ("Logitech Pro Flight Rudder Pedals Flight Sim", "game controller"),
    # HP Care Pack titles: "nbd" (next business day), "Svc", "HW Supp"
    ("HP 3y nbd exch consumer laserjet - E Svc", "warranty"),
    ("HP 3y Nbd LaserJet P2035/55 HW Supp", "warranty"),
])
def test_kinds_use_the_labels_names(title, expected):
    assert derive_type(title) == expected


@pytest.mark.parametrize("title, expected", [
    # " + " ends a phrase: a card sold with an adapter is a card
    ("V7 32GB Class 10 U1 A1 V10 Micro SDXC Card + Adapter", "memory card"),
    ("Verizon Prepaid - Bring Your Own Phone SIM Kit + Airtime", "sim card"),
    # "-y" plurals: "external batteries" is the plural of "external battery", a power bank
    ("PNY - PowerPack 2600 USB Rechargeable External Batteries (2-Pack) - White", "power bank"),
])
def test_phrase_boundaries_and_plurals(title, expected):
    assert derive_type(title) == expected


@pytest.mark.parametrize("value, expected", [
    ("Doll dress", "doll accessory"),  # Icecat's type field for doll clothes
    ("Doll travel seat", "doll accessory"),
    ("Toy animals", "toy"),
    ("Kids' craft kit", "toy"),
    ("Nail polish set", "toy"),
    ("RAID", "interface card"),
    ("Mini PC (<= 3L)", "desktop computer"),
])
def test_a_type_field_names_the_kind_by_its_first_word(value, expected):
    assert canonical_type(value) == expected


@pytest.mark.parametrize("title, expected", [
    # a laser "print cartridge" holds toner; Lexmark's numbered inkjet ones hold ink
    ("Xerox Yellow High Capacity Print Cartridge, Phaser 6280, DMO Original", "toner cartridge"),
    ("Lexmark T632, T634 Extra High Yield Print Cartridge (32K) Original Black", "toner cartridge"),
    ("Lexmark No.37 Color Return Program Print Cartridge Original 1 Cartridge", "ink cartridge"),
    ("HP 57 Tri-colour Inkjet Print Cartridge Original cyan,magenta,yellow", "ink cartridge"),
    # Canon copier toner codes
    ("Canon C-EXV5 Original Black 2 pc(s)", "toner cartridge"),
    ("Canon E30 Original Black 1 pc(s)", "toner cartridge"),
])
def test_laser_print_cartridges_are_toner(title, expected):
    assert derive_type(title) == expected


@pytest.mark.parametrize("title, kind, expected", [
    ("HP Q1397A plotter paper", "paper", "printer"),  # printer media
    ("DYMO Large Address Labels - 36 x 89 mm - S0722410", "labels", "printer"),
    ("Canon EF 100mm f/2.0 USM Black", "lens", "camera"),
    ("Canon ET-160 5.2 cm White", "lens hood", "lens"),
    ("CHERRY WetEx Keyboard cover", "keyboard cover", "keyboard"),
    ("StarTech.com 15 ft 2-in-1 Ultra Thin USB KVM Cable", "cable", "kvm switch"),
    ("Platinum - Chain Link Band for Apple Watch 38mm - Silver", "watch band", "smartwatch"),
    ("Incipio - Screen Protector for Motorola Moto G (4th Gen) - Transparent", "screen protector", "smartphone"),
])
def test_what_an_accessory_is_for(title, kind, expected):
    assert fits(title, kind) == expected


@pytest.mark.parametrize("title, kind", [
    ("HP External USB CD/DVD R/RW Drive optical disc drive", "optical drive"),  # a disc format, then "drive"
    ("HP 48X SATA CD-RW/DVD-ROM Combo Drive optical disc drive", "optical drive"),
    ("Verbatim DVD-R 4.7GB 10 pack", "blank disc"),
    ("Tripp Lite Portable 20,100mAh Mobile Power Bank USB Battery Charger", "power bank"),
])
def test_discs_and_their_drives_and_usb_batteries(title, kind):
    assert derive_type(title) == kind


@pytest.mark.parametrize("title, field, kind", [
    ("Origin Storage Laptop Internal UK Keyboard for D410", "", "spare part"),  # a laptop's own keyboard
    ("Lenovo ThinkPad USB Keyboard with TrackPoint", "", "keyboard"),  # the compound's head noun
    ("Lenovo ThinkPad USB Laser Mouse", "", "mouse"),
    ("Acer KB.INT00.038 notebook spare part Keyboard", "keyboard", "spare part"),  # the title says it is a part
    ("Philips AVENT DECT Baby Monitor SCD530/00", "monitor", "baby monitor"),  # the title is more precise
    ("HP EliteBook 2530p Notebook PC 30.7 cm (12.1\") 1280 x 800 pixels", "", "laptop"),
    ("Kensington Laptop Lock", "", "cable lock"),
    ("HP Network Install DesignJet Win/Mac Service", "", "warranty"),  # the service sold, not the printer
    ("HP 3 year Pickup and Return Notebook Only Service Bundle", "", "warranty"),
    ("APC Service Bypass Panel- 100-120V power distribution unit (PDU) Black", "", "pdu"),
])
def test_rule_kind_reads_what_the_product_is(title, field, kind):
    from retrieval.catalog.product_types import rule_kind

    assert rule_kind(title, "", field) == kind


@pytest.mark.parametrize("title, kind", [
    ("Integral IN2V2GNWNEX 2GB LAPTOP RAM MODULE DDR2 667MHz", "memory module"),
    ("HP Compaq 6530b Notebook PC 4GB RAM", "laptop"),  # a spec between: the laptop stays a laptop
    ("3M Post-it Note Pad 2007A writing notebook Yellow", "paper notebook"),
    ("Brother Waste Toner Pack Original Black,Cyan,Magenta", "printer kit"),  # waste toner is maintenance
])
def test_parts_supplies_and_paper_named_after_a_device(title, kind):
    from retrieval.catalog.product_types import rule_kind

    assert rule_kind(title) == kind


@pytest.mark.parametrize("title, brand, kind", [
    # a part or fitting named after its device word is that part, for the device
    ("Kensington SmartFit® Monitor & Laptop Mounting Arm", "Kensington", "mount"),
    ("Kensington Underdesk Comfort Keyboard Drawer with SmartFit®", "Kensington", "keyboard tray"),
    ("Vogel's EFF 8340 Flat Screen TV floorstand (black)", "Vogel's", "stand"),
    ("HP Bluetooth Printer Card", "HP", "interface card"),
    ("APC UPS Network Management Card 100 Mbit/s", "APC", "network card"),
    ("Fujitsu S26391-F796-L800 notebook accessory", "Fujitsu", "accessory"),
    ("Chief CMS012 projector mount accessory Aluminum Black", "Chief", "mount"),  # a mount's part stays a mount
    ("StarTech.com 2.5in USB SATA External Hard Drive Enclosure", "StarTech.com", "storage enclosure"),
    ("Canon Lenscover E-130 lens cap Black", "Canon", "lens cap"),
    ("Philips Speaker wire SWA2105W/10", "Philips", "cable"),
    # a device word before "to" is the source end of an adapter, not what the adapter is
    ("Sandberg Adapter VGA-monitor to DVI-out", "Sandberg", "adapter"),
    # Icecat's category after "for" names an accessory the words before call a projector
    ("Chief Projector Stabilization Kit for Columns project mount Black", "Chief", "mount"),
    ("Philips Headset for iPhone with remote and mic SHH9756/00", "Philips", "headset"),  # what comes with it
    # more precise kinds of their own
    ("D-Link DCS-8325LH security camera Sensor camera Indoor Covert Desk", "D-Link", "security camera"),
    ("NEC MultiSync BT421 signage display 106.7 cm (42\") VA Full HD Video wall Black", "NEC", "signage display"),
    ("Philips Digital Terrestrial Receiver DTR2520/05", "Philips", "tv receiver"),
    # Icecat's lower-case category right after the model code says what the product is
    ("Lexmark 10E0045 printer roller Printer transfer roller 100000 pages", "Lexmark", "printer kit"),
    ("APC Basic Rack 1.8kVA power distribution unit (PDU) Black", "APC", "pdu"),
    ("CHERRY XS Trackball G84-5400 keyboard USB QWERTZ German Black", "CHERRY", "keyboard"),
    ("APC AR7502 rack accessory Cable management panel", "APC", "cable management"),  # "accessory" says little
    ("Vertiv Avocent PS/2 keyboard PS/2 mouse & VGA KVM cable 1.80 m Gray", "Vertiv", "cable"),  # not after a code
    ("APC NetBotz Rack Monitor 450 security access control system", "APC", "monitoring appliance"),
    # a type word after a place word says where the product goes
    ("Dataflex Viewmaster bolt through desk - mount 963", "Dataflex", "mount"),
    ("Kensington WindFall VESA Mount tablet security enclosure 25.4 cm (10\") Black", "Kensington", "case"),
    ("Lenovo ThinkPad X60 Tablet 8 cell Li-Ion battery", "Lenovo", "battery"),
    ("APC NetBotz Camera Pod 120 Mounting Bracket", "APC", "mount"),
    # a line's name that holds a type word is the line's kind
    ("Nintendo Switch Lite Grey", "Nintendo", "game console"),
    ("HP ProCurve 2512 Switch", "HP", "network switch"),
    # a maker named for an accessory makes it, where the title names only the device it fits
    ("RAM Mounts EZ-Roll'r Tablet/UMPC Black", "RAM Mounts", "mount"),
    # the compound's head noun still names the kind
    ("StarTech.com 2 Port USB VGA Cable KVM Switch with Audio", "StarTech.com", "kvm switch"),
    ("NGS Slim Stand notebook cooling pad Black", "NGS", "cooling pad"),
])
def test_parts_and_fittings_named_after_their_device(title, brand, kind):
    from retrieval.catalog.product_types import rule_kind

    assert rule_kind(title, brand) == kind


def test_a_product_line_names_a_type_only_in_its_makers_titles():
    from retrieval.catalog.product_types import derive_type

    assert derive_type("Samsung Galaxy S10 128GB") == derive_type("Galaxy S10", "Samsung") == "smartphone"
    assert derive_type("APC MGE Galaxy 3500 Parallel Operation", "APC") == ""  # APC's Galaxy is a UPS line


def test_a_canonical_kind_name_is_its_own_canonical_form():
    from retrieval.catalog.product_types import known_types

    assert [t for t in known_types() if canonical_type(t) != t] == []
    assert canonical_type("paper notebook") == "paper notebook"  # not a laptop ("notebook")


@pytest.mark.parametrize("title, description, kind", [
    ("DELL DM254 Original Black 1 pc(s)", "Toner Black 2000p f/ 2230d/2330dn", "toner cartridge"),  # not ink
    ("Lexmark 100XL Original yellow 1 pc(s)", "100XL Yellow High Yield Return Program Ink Cartridge", "ink cartridge"),
    ("Sony BC-TRM", "BCTRM AC Charger for InfoLITHIUM™ M Series Batteries", "charger"),
    ("Canon ES-62 Black", "ES-62 Lens Hood", "lens hood"),
    # a sentence about what it does, or a spec list's parts, names no kind
    ("Matrox TripleHead2Go Digital Edition", "Matrox TripleHead2Go is an external multi-display upgrade that adds up "
     "to three monitors to your notebook", ""),
    ("Shuttle Slim POS DS100P 1.8 GHz 4205U Mini Black", "Intel Celeron 4205U, 4GB DDR4 2133MHz, 120GB SSD", ""),
    ("Canon DCC-75 Black", "Leather Camera Case For Ixus 870 IS", "case"),  # "IS" is the model, no verb
    # a title that names its type keeps it, whatever the description says
    ("HP LaserJet P3005d printer", "LaserJet P3005d, CPU 400MHz, 64MB RAM", "printer"),
])
def test_a_title_with_no_type_word_is_read_with_its_description(title, description, kind):
    from retrieval.catalog.product_types import rule_kind

    assert rule_kind(title, "", "", description) == kind


@pytest.mark.parametrize("title, brand, kind, device", [
    ('Urban Factory Modulo2 Laptop Bag 17.3" Black', "Urban Factory", "bag", "laptop"),  # inside the bag's phrase
    ("Kensington Duo Gel Mouse Pad Wrist Rest", "Kensington", "mouse pad", "mouse"),
    ("HP iPAQ Leather Case notebook case", "HP", "case", "handheld computer"),  # a device outside the phrase first
])
def test_an_accessory_fits_the_device_its_own_phrase_names(title, brand, kind, device):
    assert fits(title, kind, brand) == device


@pytest.mark.parametrize("title, brand, kind", [
    # a length before Icecat's lower-case category is part of the specs run, not the product's name
    ("Vertiv Avocent PS/AT Keyboard, Serial Mouse & VGA video - 6 ft network switch component", "Vertiv", "spare part"),
    ("Allied Telesis AT-XEM-STK network switch component", "Allied Telesis", "spare part"),
    # Icecat's "<device> kit" category right after the model code: an add-on kit, not the device
    ("Canon 0830B001 camera kit", "Canon", "accessory"),
    ("Canon EOS 500D + EF-S 18-135mm SLR Camera Kit 15.1 MP CMOS 4272 x 2848 pixels Black", "Canon", "camera"),
    # a capitalised device word ending a product line's name names what it serves
    ("APC SurgeArrest Notebook 1 AC outlet(s) 120 V", "APC", "surge protector"),
    ("Canon PIXMA iP100 + Battery inkjet printer Colour 9600 x 2400 DPI A4", "Canon", "printer"),  # the category
    ("HP 802.11g CompactFlash Printer Adapter", "HP", "adapter"),  # not the last word: the compound goes on
    # a count of AC outlets says mains gear, not the device it protects
    ("APC Essential SA 5 TV, GR 5 AC outlet(s) 230 V 1.8 m", "APC", "surge protector"),
    ("APC Back-UPS 400 uninterruptible power supply (UPS) Standby (Offline) 400 VA 240 W 8 AC outlet(s)", "APC", "ups"),
    # Brother P-touch tape cassettes are label tape
    ("Brother TC54Z1 Red,White TC", "Brother", "labels"),
    ("Brother TC-34Z Black,White", "Brother", "labels"),
    # no model code: the lower-case category among capitalised words says what it is
    ("C2G Repeater Kit remote control Wired", "C2G", "remote control"),
    ("Rowenta Extenso handheld vacuum Dust bag Blue, Gray, White", "Rowenta", "vacuum cleaner"),
    ("Canon Cap extender E II lens cap Black", "Canon", "lens cap"),
    ("Intel AXXDVDCDR optical disc drive Internal DVD-R", "Intel", "optical drive"),
    ("Canon mount ring (white) A-II(W) tripod", "Canon", "mount"),  # after a bracket: no category
    # "Rack mounting" says how a device is fitted
    ("Vertiv Avocent ACS 6048 KVM switch Rack mounting Black", "Vertiv", "kvm switch"),
    ("StarTech.com 8U Open Frame Wall Mount Equipment Rack - 12in Deep", "StarTech.com", "rack"),
    # the source end of an adapter is not its head
    ("StarTech.com 6in 20 Pin ATX Power Supply to 24 Pin Motherboard Adapter", "StarTech.com", "adapter"),
    # expansion cards, also named after the laptop whose slot they fit
    ("StarTech.com 2 Port ExpressCard eSATA Controller Adapter Card", "StarTech.com", "interface card"),
    ("StarTech.com 2 Port ExpressCard Laptop 1394a Firewire Adapter Card", "StarTech.com", "interface card"),
    ("Eminent CardBus Networking Adapter 10/100 Mbps 100 Mbit/s", "Eminent", "network card"),
    ("Iomega ScreenPlay WiFi Adapters USB 480 Mbit/s", "Iomega", "network card"),  # a USB Wi-Fi stick
    ("Sony USB-ADAPTER card reader", "Sony", "card reader"),
    # parts of a rack cabinet, not the rack; what comes with a rack is not what it is
    ("APC NetShelter WX 13U Glass Front Door", "APC", "spare part"),
    ("Tripp Lite SmartRack Square Hole Hardware Kit with 50 M6 screws and washers", "Tripp Lite", "spare part"),
    ("StarTech.com 42U 36in Black Server Rack Cabinet w/ Mesh Door - No Side Panels", "StarTech.com", "rack"),
    ("APC NetShelter SX 42U 600mm Wide Recessed Rail Kit", "APC", "mount"),
    # services whose title glues "SVC" to the last word; replacement kits are parts
    ("HP NtwkInstal Designjet X0-1xxWin/MacSVC", "HP", "warranty"),
    ("HP Scanjet 5000/7000 ADF Roller Replacement Kit", "HP", "spare part"),
    # more names of kinds
    ("BakkerElkhuizen Q-doc 400 Mobile Document Holder", "BakkerElkhuizen", "stand"),
    ("Philips Norelco SmartTouch-XL 9195XL/41", "Philips", "shaver"),
    ("Philips Norelco arcitec Electric razor 1060X/20", "Philips", "shaver"),
    ("Canon Ec-N Focusing Screen camera lens adapter", "Canon", "accessory"),  # Icecat's lens add-ons
    ("Canon EW-83J Lens Hood camera lens adapter", "Canon", "lens hood"),
    # a bare "repeater" boosts a cable run (VGA, PoE, AV); a network repeater is a Wi-Fi range extender
    ("StarTech.com VGA over Cat 5 UTP Video Extender Repeater", "StarTech.com", "extender"),
    ("LevelOne PoE Repeater, 2 Ports, Cascadable", "LevelOne", "extender"),
    ("Netgear MK63 Network repeater 10,100,1000 Mbit/s Black", "Netgear", "range extender"),
    ("APC NetBotz USB Extender Repeater Cable, Plenum - 16ft/5m USB cable", "APC", "cable"),
    # tape media: a tape "cassette" is no paper cassette
    ("Sony DVM63HDR magnetic tape cassette Video cassette 63 min 1 pc(s)", "Sony", "blank tape"),
    ("Verbatim Digital Video Cassette 60 Min Single 1 pc(s)", "Verbatim", "blank tape"),
    ("Sony LTX1500GN blank data tape LTO 1500 GB 1.27 cm", "Sony", "blank tape"),
    # in-row cooling units, named by how they cool
    ("APC InfraStruXure InRow SC Air Cooled Self Black", "APC", "air conditioner"),
    ("APC InRow RD, 300mm, Fluid Cooled, 208-230V, 60Hz 42U Freestanding rack Black", "APC", "air conditioner"),
])
def test_the_category_or_head_a_title_names_is_the_kind(title, brand, kind):
    from retrieval.catalog.product_types import rule_kind

    assert rule_kind(title, brand) == kind


@pytest.mark.parametrize("title, brand, kind, device", [
    ("Brother TC54Z1 Red,White TC", "Brother", "labels", "printer"),
    ("Canon 0830B001 camera kit", "Canon", "accessory", "camera"),
    ("APC NetShelter WX 13U Glass Front Door", "APC", "spare part", "rack"),
    ("Tripp Lite SmartRack Rolling Caster Kit, 4 pack", "Tripp Lite", "spare part", "rack"),
])
def test_new_kinds_fit_their_device(title, brand, kind, device):
    from retrieval.catalog.product_types import rule_kind

    assert rule_kind(title, brand) == kind
    assert fits(title, kind, brand) == device


def test_a_title_with_no_type_word_reads_a_wireless_adapter_in_its_description_as_a_network_card():
    from retrieval.catalog.product_types import rule_kind

    assert rule_kind("Netgear WNA3100 300 Mbit/s", "Netgear", "", "N300 Wireless USB Adapter WNA3100") == "network card"
    assert rule_kind("Sony DVM63HDV", "Sony", "", "Camcorder Tape DVM63HDV, 6.35 mm") == "blank tape"


def test_a_device_the_title_or_a_toy_safety_warning_calls_a_toy_is_a_toy():
    from retrieval.catalog.product_types import rule_kind

    toy_specs = {"Minimum age": "24", "Eu tsd warning": "Only for domestic use,To be used under direct adult supervision"}
    assert rule_kind("AXI Phone Green", "AXI", "", "Phone Green, 2+", toy_specs) == "toy"
    assert rule_kind("AXI Phone Green", "AXI") == "smartphone"  # without the warning the title says phone
    assert rule_kind("Denver KCA-1320GREEN kids' electronic", "Denver", "camera") == "toy"  # the field said camera
    # only a device gives way: what is not one keeps its kind
    assert rule_kind("BABY born Little Cool kids-outfit 36cm Doll clothes set", "BABY born", "Doll clothes set", "",
                     toy_specs) == "doll accessory"
