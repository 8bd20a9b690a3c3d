"""Recap workbooks in, validated records out."""
