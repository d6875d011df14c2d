"""The demo conference: Busan 2014, with facts from the record and texts of our own."""
