"""The Celery application of a demijohn application, and the task class whose tasks run
inside it."""

from __future__ import annotations

import typing as t

from celery import Celery, Task

from demijohn.providers import EXTENSION_KEY as PROVIDERS_KEY
from demijohn.providers import Providers

from .outbox import send_after_commit, watch_sessions

if t.TYPE_CHECKING:
    from demijohn import Demijohn

__all__ = ["EXTENSION_KEY", "ApplicationTask", "celery_of", "create_celery"]

R = t.TypeVar("R", covariant=True)
F = t.TypeVar("F")

#: The key of ``app.extensions`` under which the Celery application is kept.
EXTENSION_KEY = "demijohn.celery"

#: The shortcuts among the configuration keys, and the Celery settings they set.
CONFIG_KEYS = {
    "CELERY_BROKER_URL": "broker_url",
    "CELERY_RESULT_BACKEND": "result_backend",
    "CELERY_TASK_ALWAYS_EAGER": "task_always_eager",
}


class ApplicationTask(Task):  # type: ignore[misc]  # celery is untyped
    """The class of the tasks of :func:`create_celery`'s Celery application: each runs in an
    application context of the demijohn application, with a scope of its providers, so that
    it asks for a database session, a service or the settings by type as a view does::

        @celery.task
        def send_receipt(order_id: int, session: Session) -> None:
            order = session.get(Order, order_id)
            ...

    The session is committed when the task returns and rolled back when it raises.

    .. versionadded:: 0.1
    """

    #: The demijohn application the tasks run in; set by :func:`create_celery`.
    application: Demijohn

    #: Celery checks the arguments sent against the task's signature; the parameters the
    #: providers fill are not sent, so the check would refuse every such task.
    typing = False

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        app = self.application
        providers = app.extensions.get(PROVIDERS_KEY)
        with app.app_context():
            if isinstance(providers, Providers):
                return providers.call(self.run, *args, **kwargs)
            return self.run(*args, **kwargs)

    def enqueue(self, *args: t.Any, **kwargs: t.Any) -> None:
        """Send the task with these arguments after the current request's database commit,
        and not at all if the request fails (see :func:`~demijohn.celery.send_after_commit`);
        at once outside a request. Returns nothing: the task may never be sent."""
        send_after_commit(self.s(*args, **kwargs))


def create_celery(app: Demijohn, *, name: str | None = None) -> Celery:
    """Make the Celery application of ``app``, from its configuration, and keep it in
    ``app.extensions``.

    The ``CELERY`` config key is a dict of Celery's own settings (lower case, as in Celery's
    documentation: ``broker_url``, ``result_backend``, ``task_always_eager``, ...); the keys
    ``CELERY_BROKER_URL``, ``CELERY_RESULT_BACKEND`` and ``CELERY_TASK_ALWAYS_EAGER`` set the
    commonest ones and win over it. Tasks are :class:`ApplicationTask`.

    :param app: the application.
    :param name: the Celery application's name; the application's import name by default.

    .. versionadded:: 0.1
    """
    settings: dict[str, t.Any] = dict(app.config.get("CELERY") or {})
    for key, setting in CONFIG_KEYS.items():
        if app.config.get(key) is not None:
            settings[setting] = app.config[key]
    if settings.get("task_always_eager"):
        # In eager mode a failing task should fail the test that ran it.
        settings.setdefault("task_eager_propagates", True)
    task_class = type("ApplicationTask", (ApplicationTask,), {"application": app})
    celery_app = Celery(name or app.import_name, task_cls=task_class)
    celery_app.conf.update(settings)
    app.extensions[EXTENSION_KEY] = celery_app
    watch_sessions()
    return celery_app


def celery_of(app: Demijohn) -> Celery:
    """The Celery application of ``app``.

    :raises LookupError: :func:`create_celery` was not called for it.
    """
    found = app.extensions.get(EXTENSION_KEY)
    if found is None:
        raise LookupError(
            f"The application {app.name!r} has no Celery application. Make it with"
            " 'create_celery(app)' where the application is made."
        )
    return t.cast(Celery, found)


class SentTask(t.Protocol[R]):
    """The type of a task made with :func:`task`: what a typed program may call on it.

    The arguments of :meth:`enqueue`, :meth:`delay` and :meth:`s` are those of the message,
    which leave out the parameters the providers fill, so they are not checked against the
    function's signature.

    .. versionadded:: 0.1
    """

    name: str

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> R:
        """Run the task here and now, in the application."""
        ...  # pragma: no cover

    def enqueue(self, *args: t.Any, **kwargs: t.Any) -> None:
        """Send it after the current request's commit (:meth:`ApplicationTask.enqueue`)."""
        ...  # pragma: no cover

    def delay(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Send it now; Celery's ``AsyncResult``."""
        ...  # pragma: no cover

    def apply_async(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Send it now, with Celery's options; Celery's ``AsyncResult``."""
        ...  # pragma: no cover

    def s(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Its signature with these arguments, for :func:`send_after_commit` and canvases."""
        ...  # pragma: no cover


def task(celery_app: Celery, **options: t.Any) -> t.Callable[[t.Callable[..., R]], SentTask[R]]:
    """``@celery_app.task(**options)`` with a type: Celery is untyped, so under mypy's
    strict mode its decorator makes the task untyped; this one gives a :class:`SentTask`::

        @task(celery, name="shop.send_receipt")
        def send_receipt(order_id: int, session: Session) -> None: ...

    :param celery_app: the application's Celery application.
    :param options: the options of Celery's decorator (``name``, ``bind``, ``max_retries``...).

    .. versionadded:: 0.1
    """

    def decorate(func: t.Callable[..., R]) -> SentTask[R]:
        return t.cast("SentTask[R]", celery_app.task(**options)(func))

    return decorate
