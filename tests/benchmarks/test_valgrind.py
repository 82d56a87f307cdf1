"""The instruction-count arithmetic and the reading of callgrind output in
benchmarks/harness/valgrind.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.harness import valgrind

# The head of a real callgrind dump, cut short.
DUMP = b"""# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 4698
cmd:  python driver.py callgrind demijohn-wsgi hello
part: 1

positions: line
events: Ir
summary: 17095416

fl=(1) ???
fn=(1) 0x0000000000001000
0 3
totals: 17095561
"""


def test_per_request_cancels_the_fixed_cost() -> None:
    # 1,000 fixed instructions plus 250 per request, counted twice.
    counts = (1_000 + 100 * 250, 1_000 + 600 * 250)
    assert valgrind.per_request(counts, (100, 600)) == 250


def test_per_request_needs_more_requests_in_the_second_run() -> None:
    with pytest.raises(ValueError, match="more requests"):
        valgrind.per_request((10, 20), (600, 600))


def test_per_request_refuses_counts_that_fell() -> None:
    with pytest.raises(ValueError, match="fewer instructions"):
        valgrind.per_request((2_000, 1_000), (100, 600))


def test_read_summary_takes_the_summary_line() -> None:
    assert valgrind.read_summary(DUMP) == 17095416


def test_read_summary_refuses_other_text() -> None:
    with pytest.raises(ValueError, match="not callgrind output"):
        valgrind.read_summary(b"events: Ir\n")


def test_read_dumps_pairs_the_numbered_files(tmp_path: Path) -> None:
    out_file = tmp_path / "callgrind.out"
    for number, count in enumerate((100, 600, 2_000, 12_000), 1):
        Path(f"{out_file}.{number}").write_bytes(DUMP.replace(b"17095416", b"%d" % count))
    assert valgrind.read_dumps(out_file, 2) == [(100, 600), (2_000, 12_000)]


def test_command_starts_uninstrumented(tmp_path: Path) -> None:
    command = valgrind.callgrind_command(tmp_path / "out")
    assert command[:2] == ["valgrind", "--tool=callgrind"]
    assert "--instr-atstart=no" in command


@pytest.mark.skipif(not valgrind.supported(), reason="client requests are x86-64 Linux only")
def test_client_requests_do_nothing_outside_valgrind() -> None:
    client = valgrind.ClientRequests()
    assert not client.on_valgrind()
    assert client.request(valgrind.DUMP_STATS) == 0
