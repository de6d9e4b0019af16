"""Type-aware batches: no batch holds two positives of one type, planned for the trainer."""

from __future__ import annotations

import random

from retrieval.training.batches import TypeSpreadBatchSampler, batches

KEYS = list("aabbccddeeffgghh" + "a" * 6)


def test_batches_keep_one_positive_per_type_where_they_can():
    got = batches(KEYS, 4)
    assert all(len(b) == 4 for b in got)
    flat = [i for b in got for i in b]
    assert len(set(flat)) == len(flat) and len(flat) == 20  # 22 rows: two left over, dropped
    spread = [b for b in got if len({KEYS[i] for i in b}) == 4]
    assert len(spread) >= 4  # the eight spreadable pairs fill four batches of distinct keys


def test_the_sampler_shuffles_with_the_seed_then_plans_per_epoch():
    rows = list(range(len(KEYS)))
    sampler = TypeSpreadBatchSampler(rows, batch_size=4, drop_last=True, keys=KEYS, seed=13)
    first = list(sampler)
    assert len(first) == len(sampler) == 5
    # epoch 0 is the seed's first shuffle, planned: what the hand-written loop did before
    order = list(range(len(KEYS)))
    random.Random(13).shuffle(order)
    assert first == [[order[j] for j in b] for b in batches([KEYS[i] for i in order], 4)]
    assert list(TypeSpreadBatchSampler(rows, 4, True, KEYS, seed=13)) == first  # seeded
    sampler.set_epoch(1)
    second = list(sampler)
    assert second != first and len(second) == 5  # a new order next epoch
    for plan in (first, second):
        flat = [i for b in plan for i in b]
        assert len(set(flat)) == len(flat)


def test_the_factory_takes_the_trainers_arguments():
    make = TypeSpreadBatchSampler.factory(KEYS)
    sampler = make(list(range(len(KEYS))), batch_size=4, drop_last=True, valid_label_columns=["label"],
                   generator=None, seed=1)
    assert isinstance(sampler, TypeSpreadBatchSampler) and sampler.seed == 1 and len(sampler) == 5
