"""Fills a workbook written by `kanmin template` as a clerk would, with openpyxl: reads the
headers the template offers and writes rows given as JSON ({sheet: [{header: value}]}).
Values: strings, numbers, booleans, and {"date": "YYYY-MM-DD"} for a date cell,
{"formula": "=..."} for a formula, {"merge_down": n} to merge the cell with n cells below.

usage: fill.py TEMPLATE.xlsx ROWS.json OUT.xlsx
"""
import datetime
import json
import sys

import openpyxl

template, rows_path, out = sys.argv[1:4]
workbook = openpyxl.load_workbook(template)
with open(rows_path, encoding="utf-8") as f:
    rows = json.load(f)
for sheet_name, records in rows.items():
    if sheet_name.startswith("+"):
        # A sheet the template does not have.
        sheet = workbook.create_sheet(sheet_name[1:])
        headers = list(records[0].keys())
        for c, header in enumerate(headers, start=1):
            sheet.cell(row=1, column=c, value=header)
    else:
        sheet = workbook[sheet_name]
    headers = {cell.value: cell.column for cell in sheet[1] if cell.value}
    for r, record in enumerate(records, start=2):
        for header, value in record.items():
            if header not in headers:
                # A header the template does not have: add it at the end, as a clerk would.
                column = sheet.max_column + 1
                sheet.cell(row=1, column=column, value=header)
                headers[header] = column
            cell = sheet.cell(row=r, column=headers[header])
            if isinstance(cell, openpyxl.cell.cell.MergedCell):
                # Covered by a merged area above: a clerk cannot type here either.
                continue
            if isinstance(value, dict) and "date" in value:
                cell.value = datetime.date.fromisoformat(value["date"])
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, dict) and "formula" in value:
                cell.value = value["formula"]
            elif isinstance(value, dict) and "merge_down" in value:
                cell.value = value["value"]
                sheet.merge_cells(
                    start_row=r, start_column=cell.column,
                    end_row=r + value["merge_down"], end_column=cell.column,
                )
            else:
                cell.value = value
workbook.save(out)
