"""Fills a store with the demo customers, in worker processes when there are many."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .demo import FIRST_NUMBER, FIXED_COUNT, fixed_customers, generated_customer, generated_stop
from .store import Doc, Store, derive, row
from .trigrams import TriRow, tri_row

# Below this, starting worker processes costs more than it saves (the embedded default has 2,000).
PARALLEL_FROM = 20_000
CHUNK = 5_000

Rows = tuple[list[tuple[Any, ...]], list[tuple[str, str]], list[TriRow]]


def _rows(docs: list[Doc]) -> Rows:
    rows = [row(derive(d)) for d in docs]
    accounts = [(a["id"].lower(), d["customerNumber"]) for d in docs for a in d["accounts"]]
    return rows, accounts, [tri_row(d) for d in docs]


def generated_rows(seed: int, start: int, stop: int) -> Rows:
    """Rows for customer numbers start..stop-1; runs in a worker process."""
    return _rows([generated_customer(seed, n) for n in range(start, stop)])


def seed(store: Store, seed: int, count: int) -> None:
    """Replace the store's content with `count` demo customers (the fixed ones included)."""
    if count >= PARALLEL_FROM:
        with store.bulk():
            _fill(store, seed, count)
    else:
        _fill(store, seed, count)
    store.analyze()


def _fill(store: Store, seed: int, count: int) -> None:
    store.reset()
    first = FIRST_NUMBER + FIXED_COUNT
    stop = generated_stop(count)
    chunks = [(n, min(n + CHUNK, stop)) for n in range(first, stop, CHUNK)]
    workers = min(os.cpu_count() or 1, 4)
    with store.transaction():
        store.insert_seed_rows(*_rows(fixed_customers()))
        if count >= PARALLEL_FROM and workers > 1:
            # spawn, not fork: the caller may already run threads (a server, a test runner).
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                starts = [a for a, _ in chunks]
                stops = [b for _, b in chunks]
                for rows in pool.map(generated_rows, [seed] * len(chunks), starts, stops):
                    store.insert_seed_rows(*rows)
        else:
            for a, b in chunks:
                store.insert_seed_rows(*generated_rows(seed, a, b))
        store.finish_seed(seed, count, stop - 1)
