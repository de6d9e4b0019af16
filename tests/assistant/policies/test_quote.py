import numpy as np

from assistant.policies.quote import pick, sentence_scores
from assistant.policies.words import content_words

SENTENCES = ["Standard delivery takes 3 days and costs $4.95.", "It is free for orders of $50 or more.",
             "Express delivery costs $14.95.", "We do not ship on Sundays."]


def test_the_best_sentence_brings_the_one_pointing_back_at_it():
    assert pick(SENTENCES, np.array([0.7, 0.2, 0.3, 0.1])) == [0, 1]


def test_sentences_close_to_the_best_are_quoted_in_document_order():
    assert pick(SENTENCES, np.array([0.2, 0.1, 0.7, 0.65])) == [2, 3]
    assert pick(SENTENCES, np.array([0.2, 0.1, 0.7, 0.3])) == [2]


def test_a_question_word_only_another_sentence_holds_brings_it_in():
    words = content_words("does express delivery go out on sundays?")
    assert pick(SENTENCES, np.array([0.2, 0.1, 0.7, 0.1]), words) == [2, 3]


def test_shared_words_add_to_the_cosine():
    words = content_words("is express delivery free?")
    scores = sentence_scores(words, SENTENCES, np.zeros(4))
    assert scores[2] > scores[3] and scores.max() <= 0.15 + 1e-9
