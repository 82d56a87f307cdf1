"""flask.typing, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

from demijohn.typing import (
    AfterRequestCallable as AfterRequestCallable,
    AppOrBlueprintKey as AppOrBlueprintKey,
    Application as Application,
    BeforeFirstRequestCallable as BeforeFirstRequestCallable,
    BeforeRequestCallable as BeforeRequestCallable,
    ErrorHandlerCallable as ErrorHandlerCallable,
    HeaderValue as HeaderValue,
    HeadersValue as HeadersValue,
    ResponseClass as ResponseClass,
    ResponseReturnValue as ResponseReturnValue,
    ResponseValue as ResponseValue,
    RouteCallable as RouteCallable,
    ShellContextProcessorCallable as ShellContextProcessorCallable,
    TeardownCallable as TeardownCallable,
    TemplateContextProcessorCallable as TemplateContextProcessorCallable,
    TemplateFilterCallable as TemplateFilterCallable,
    TemplateGlobalCallable as TemplateGlobalCallable,
    TemplateTestCallable as TemplateTestCallable,
    URLDefaultCallable as URLDefaultCallable,
    URLValuePreprocessorCallable as URLValuePreprocessorCallable,
)
