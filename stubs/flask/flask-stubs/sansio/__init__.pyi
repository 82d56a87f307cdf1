"""flask.sansio, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

from flask.sansio import app as app
from flask.sansio import blueprints as blueprints
from flask.sansio import scaffold as scaffold
