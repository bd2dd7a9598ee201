"""A log formatter that keeps tracebacks but drops exception messages.

Exception messages can carry personal data (a database error quoting the row it refused, a
value that failed to parse). The frames and the exception's type are what an engineer needs;
the message stays out of the logs, and the request id in every line leads to the audit log.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class RedactingFormatter(logging.Formatter):
    def formatException(self, ei: ExcInfo) -> str:
        if ei[1] is None:
            return ""
        return "\n".join(_describe(traceback.TracebackException.from_exception(ei[1])))


def _describe(te: traceback.TracebackException) -> list[str]:
    lines: list[str] = []
    if te.__cause__ is not None:
        lines += _describe(te.__cause__)
        lines.append("The above exception was the direct cause of the following exception:")
    elif te.__context__ is not None and not te.__suppress_context__:
        lines += _describe(te.__context__)
        lines.append("During handling of the above exception, another exception occurred:")
    lines.append("Traceback (most recent call last):")
    lines += [frame.rstrip("\n") for frame in te.stack.format()]
    exc_type = te.exc_type
    name = f"{exc_type.__module__}.{exc_type.__qualname__}" if exc_type else "Exception"
    lines.append(f"{name}: [message withheld: it may contain personal data]")
    return lines
