"""The wording of demijohn's messages under the Flask compatibility layer.

Flask code and Flask's own tests look for phrases of Flask's messages (``"args or kwargs"``,
``"Session backend did not open a session"``, ``FLASK_APP``, ...). :data:`MESSAGES` says the
same things as demijohn's own messages (:class:`demijohn.conventions.Messages`) with those
phrases in them; :func:`demijohn.compat.flask.install` puts it in use with the other Flask
conventions. Nothing here is used while the layer is off.
"""

from __future__ import annotations

from ..conventions import Messages

__all__ = ["MESSAGES"]

#: demijohn's messages, worded with the phrases Flask's carry.
MESSAGES = Messages(
    jsonify_args_and_kwargs=(
        "jsonify() takes either args or kwargs, not both: pass one value (or several, for a"
        " list) or keyword arguments (for an object)."
    ),
    no_session_to_change=(
        "Session backend did not open a session, so there is nothing to change. Check the"
        " configuration: the default session interface needs app.config['SECRET_KEY']."
    ),
    files_not_multipart=(
        "The file {key!r} was looked up in 'request.files', which holds no such file: the"
        " request's mimetype is {mimetype!r} instead of 'multipart/form-data', which means"
        ' that no file contents were transmitted. Add enctype="multipart/form-data" to the'
        " form."
    ),
    files_sent_names="The browser transmitted the file names instead. This was submitted: {names}",
    template_from_blueprint=(
        "The template was looked up from an endpoint that belongs to the blueprint"
        " {blueprint!r}. Is the template in the right folder? A blueprint's templates share"
        " one namespace with the application's. See"
        " https://flask.palletsprojects.com/blueprints/#templates"
    ),
    no_app_found=(
        "Could not locate a Flask application. Use the '--app' option, the 'FLASK_APP'"
        " environment variable (or 'DEMIJOHN_APP'), or a 'wsgi.py' or 'app.py' file in the"
        " current directory."
    ),
)
