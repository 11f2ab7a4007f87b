"""Server-rendered pages (Jinja2 templates in ``templates/``), each with a JSON twin (``?format=json``)."""
