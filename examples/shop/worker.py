"""The entry point of the shop's Celery worker: ``celery -A examples.shop.worker:celery
worker``, with the settings the servers have (``SHOP_CELERY_BROKER_URL`` among them). Its tasks
run inside the application, with its database and settings.
"""

from demijohn.celery import celery_of
from examples.shop import create_app

app = create_app()
celery = celery_of(app)
