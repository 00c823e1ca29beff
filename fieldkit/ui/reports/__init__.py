"""The reports page: the thematic survey report of one form, previewed, printed and saved.

- ``page.ReportsPage``: form, filters, grouping, sections and the cover and findings texts
  on the left; the rendered pages on the right; Print… and Save as PDF / Excel / Word.
- ``ops``: the functions that run on the database thread and return plain data.
"""
