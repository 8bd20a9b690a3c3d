"""Dasbor Partisipasi Smart City Kota Balikpapan."""
