"""Page texts for the translation layer: one module per page, each a dict
``key -> (Chinese, English)`` named ``TEXT``, merged by :mod:`kam.i18n`."""
