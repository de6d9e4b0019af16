"""Type-aware batches for contrastive fine-tuning: no batch holds two positives of one type.

With in-batch negatives (MultipleNegativesRankingLoss), every other positive in a batch is a
negative for a query; a second laptop in a "laptop" query's batch would be pushed away from
"laptop". `batches` plans such batches over examples in a given order, and `TypeSpreadBatchSampler`
gives them to sentence-transformers' trainer, the order shuffled anew each epoch with the seed.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterator, Sequence

from sentence_transformers import DefaultBatchSampler


def batches(keys: Sequence[Hashable], size: int) -> list[list[int]]:
    """Full batches of positions into `keys`, in the given order, except that no batch holds two
    positions with the same key (the positive's type). A position whose key every open batch
    already holds waits for the next batch; what is left at the end (keys too common to spread)
    fills the last batches as it comes, and fewer than `size` left over are dropped."""
    open_: list[tuple[list[int], set]] = []
    done: list[list[int]] = []
    for i, key in enumerate(keys):
        slot = next((s for s in open_ if key not in s[1]), None)
        if slot is None:
            slot = ([], set())
            open_.append(slot)
        slot[0].append(i)
        slot[1].add(key)
        if len(slot[0]) == size:
            open_.remove(slot)
            done.append(slot[0])
    rest = [i for rows, _ in open_ for i in rows]
    done.extend(rest[i:i + size] for i in range(0, len(rest) - size + 1, size))
    return done


class TypeSpreadBatchSampler(DefaultBatchSampler):
    """sentence-transformers' batch sampler interface over `batches`: row `i` of the training
    dataset has key `keys[i]`. Epoch `e` shuffles the rows `e + 1` times with one
    `random.Random(seed)` (the first epoch's order is the seed's first shuffle), then plans."""

    def __init__(self, dataset, batch_size: int, drop_last: bool, keys: Sequence[Hashable],
                 valid_label_columns: list[str] | None = None, generator=None, seed: int = 0) -> None:
        super().__init__(dataset, batch_size=batch_size, drop_last=drop_last, valid_label_columns=valid_label_columns,
                         generator=generator, seed=seed)
        if len(keys) != len(dataset):
            raise ValueError(f"{len(keys)} keys for a dataset of {len(dataset)} rows")
        self.keys = list(keys)

    def _plan(self) -> list[list[int]]:
        order = list(range(len(self.keys)))
        rng = random.Random(self.seed)
        for _ in range(self.epoch + 1):
            rng.shuffle(order)
        return [[order[j] for j in batch] for batch in batches([self.keys[i] for i in order], self.batch_size)]

    def __iter__(self) -> Iterator[list[int]]:
        yield from self._plan()

    def __len__(self) -> int:
        return len(self._plan())

    @classmethod
    def factory(cls, keys: Sequence[Hashable]):
        """What `SentenceTransformerTrainingArguments(batch_sampler=...)` takes: a callable that the
        trainer calls with the dataset and its batch settings."""

        def make(dataset, batch_size, drop_last, valid_label_columns=None, generator=None, seed=0):
            return cls(dataset, batch_size, drop_last, keys, valid_label_columns, generator, seed)

        return make
