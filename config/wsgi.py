import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# A page allocates tens of thousands of objects (querysets, model rows, template nodes), so the
# collector runs many times a request, and its oldest generation walks every object of the loaded
# project. What exists now (modules, URL patterns, templates' code) lives as long as the process:
# freeze it out of the collector's walks, and collect the young generation less often.
# bench/gc_pages.py compares this with the defaults page by page.
gc.collect()
gc.freeze()
gc.set_threshold(50_000, 20, 10)
