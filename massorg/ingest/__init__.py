"""Importing the province's reports: the Excel template, a tolerant reader, row-level findings, publishing."""
