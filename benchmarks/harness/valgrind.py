"""Instruction counting with valgrind's callgrind: the client requests a measured process sends
to callgrind, reading callgrind's output, and the arithmetic that turns two counts into a cost
per request.

A measured process runs under ``valgrind --tool=callgrind --instr-atstart=no``, so start-up
runs uninstrumented (and several times faster). After its warm-up it switches instrumentation
on, runs ``N1`` requests, dumps the counters, runs ``N2`` requests and dumps again: the two
dumps ``I1`` and ``I2`` share every fixed cost, and ``(I2 - I1) / (N2 - N1)`` is what one more
request costs.

The client requests are valgrind's "special instruction" sequence (``valgrind.h``), put into an
executable page and called through :mod:`ctypes`; outside valgrind the sequence does nothing.
x86-64 only.

Standard library only: the driver imports this inside every peer's environment.
"""

from __future__ import annotations

import ctypes
import mmap
import platform
import re
import typing as t
from pathlib import Path

_CALLGRIND_BASE = (ord("C") << 24) | (ord("T") << 16)
DUMP_STATS = _CALLGRIND_BASE + 0
ZERO_STATS = _CALLGRIND_BASE + 1
START_INSTRUMENTATION = _CALLGRIND_BASE + 4
STOP_INSTRUMENTATION = _CALLGRIND_BASE + 5
RUNNING_ON_VALGRIND = 0x1001

# long request(unsigned long *args): the client-request sequence of valgrind.h for amd64.
_X86_64_CLIENT_REQUEST = bytes.fromhex(
    "4889f8"  # mov rax, rdi        ; rax points at the request block
    "31d2"  # xor edx, edx          ; the answer outside valgrind: 0
    "48c1c703"  # rol rdi, 3        ; the preamble valgrind recognises ...
    "48c1c70d"  # rol rdi, 13
    "48c1c73d"  # rol rdi, 61
    "48c1c733"  # rol rdi, 51       ; ... (rotates 128 bits: rdi is unchanged)
    "4887db"  # xchg rbx, rbx       ; rdx = client_request(rax)
    "4889d0"  # mov rax, rdx
    "c3"  # ret
)

_SUMMARY = re.compile(rb"^summary:\s+(\d+)", re.MULTILINE)


def supported() -> bool:
    """Whether this machine can send client requests (Linux on x86-64)."""
    return platform.system() == "Linux" and platform.machine() in ("x86_64", "AMD64")


class ClientRequests:
    """Send client requests to valgrind from Python.

    :raises RuntimeError: the machine is not Linux on x86-64.
    """

    def __init__(self) -> None:
        if not supported():
            raise RuntimeError(
                "Counting instructions needs Linux on x86-64, where valgrind's client requests"
                f" are known; this is {platform.system()} on {platform.machine()}."
            )
        self._page = mmap.mmap(
            -1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC
        )
        self._page.write(_X86_64_CLIENT_REQUEST)
        address = ctypes.addressof(ctypes.c_char.from_buffer(self._page))
        self._call = ctypes.CFUNCTYPE(ctypes.c_ulong, ctypes.c_void_p)(address)

    def request(self, code: int, *args: int) -> int:
        """Send request ``code`` with up to five arguments; return valgrind's answer (0 when
        not running under valgrind)."""
        block = (ctypes.c_ulong * 6)(code, *args)
        return int(self._call(ctypes.addressof(block)))

    def on_valgrind(self) -> bool:
        """Whether this process runs under valgrind."""
        return self.request(RUNNING_ON_VALGRIND) > 0

    def start_instrumentation(self) -> None:
        self.request(START_INSTRUMENTATION)

    def stop_instrumentation(self) -> None:
        self.request(STOP_INSTRUMENTATION)

    def zero_stats(self) -> None:
        self.request(ZERO_STATS)

    def dump_stats(self) -> None:
        """Write the counters to the next numbered output file and zero them."""
        self.request(DUMP_STATS)


def callgrind_command(out_file: Path) -> list[str]:
    """The valgrind command line a measured process runs under; the dumps are written to
    ``out_file.1``, ``out_file.2``, ..."""
    return [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={out_file}",
    ]


def read_summary(text: bytes) -> int:
    """The instruction count of one callgrind output file's text.

    :raises ValueError: the text has no ``summary:`` line.
    """
    match = _SUMMARY.search(text)
    if match is None:
        raise ValueError("This is not callgrind output: there is no 'summary:' line.")
    return int(match.group(1))


def read_dumps(out_file: Path, pairs: int = 1) -> list[tuple[int, int]]:
    """The instruction counts of the ``pairs`` pairs of dumps written after ``out_file``
    (``out_file.1`` and ``.2``, then ``.3`` and ``.4``, ...)."""
    counts = [read_summary(Path(f"{out_file}.{i}").read_bytes()) for i in range(1, 2 * pairs + 1)]
    return list(zip(counts[::2], counts[1::2], strict=True))


def per_request(counts: t.Sequence[int], requests: t.Sequence[int]) -> float:
    """Instructions per request from two runs: ``(I2 - I1) / (N2 - N1)``.

    :param counts: ``(I1, I2)``, the instructions of the two runs.
    :param requests: ``(N1, N2)``, their numbers of requests.
    :raises ValueError: ``N2`` is not larger than ``N1``, or the counts fell as requests rose.
    """
    (i1, i2), (n1, n2) = counts, requests
    if n2 <= n1:
        raise ValueError(f"The second run must serve more requests than the first: {n1}, {n2}.")
    if i2 < i1:
        raise ValueError(
            f"The run of {n2} requests counted fewer instructions ({i2}) than the run of {n1}"
            f" ({i1}): the measured process did not run the same requests in both."
        )
    return (i2 - i1) / (n2 - n1)
