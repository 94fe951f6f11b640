"""Views that leave the page: every page's settings declared once and written as URL parameters
(settings), the presentation deck and its file (deck), and PNG and PowerPoint exports (exports)."""
