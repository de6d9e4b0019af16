"""Catalogs into `Product` records: reading files, a field mapping per catalog, colours and
product types from the versioned tables in vocab/, and the embedded Icecat catalog in data/."""
