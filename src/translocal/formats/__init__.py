"""Date formats per interface language (settings.FORMAT_MODULE_PATH). Only English is
overridden, to keep the day-month-year order the site has always used; Spanish, Catalan and
Swedish use Django's own formats ("30 de noviembre de 2026", "30 de novembre de 2026",
"30 november 2026"). Templates ask for a named format (``|date:"DATE_FORMAT"``), never a pattern."""
