"""Conference documents and the proposals they carry."""
