"""How shoppers phrase the intents that are not product requests: templates for training data.

Slots: {ref} a shown product ("the second one", "the Dell"), {brand} a catalog brand, {type} a
product type. Product requests (search, refine) are generated from the catalog in
train_parser_data.py.
"""

from __future__ import annotations

from assistant.core.types import Intent

TEMPLATES: dict[Intent, tuple[str, ...]] = {
    Intent.COMPARE: (
        "compare {ref} and {ref}", "compare {ref} with {ref}", "{ref} vs {ref}", "{ref} or {ref}, which is better?",
        "which is better, {ref} or {ref}?", "how does {ref} compare to {ref}", "what's the difference between {ref} and {ref}",
        "compare them", "compare those", "compare the first two", "compare the top three", "can you compare {ref} and {ref}",
        "side by side {ref} and {ref}", "differences between {ref} and {ref}?", "{ref} versus {ref}",
        "which one should i pick, {ref} or {ref}", "is {ref} better than {ref}?", "which of these is best?",
        "which one is better?", "how do they differ", "put {ref} next to {ref}",
    ),
    Intent.ASK_PRODUCT: (
        "tell me more about {ref}", "what's the battery life of {ref}?", "how much does {ref} weigh?", "does {ref} have bluetooth?",
        "is {ref} compatible with mac?", "what are the specs of {ref}", "how big is the screen on {ref}?",
        "what colours does {ref} come in?", "is {ref} in stock?", "what's the warranty on {ref}?", "details on {ref} please",
        "more info on {ref}", "how long is the cable of {ref}?", "does it have a backlit keyboard?",
        "is it waterproof?", "what is the resolution?", "how heavy is it?", "what is it made of?", "does it come with a charger?",
        "what is the capacity of {ref}?", "how many ports does {ref} have?", "can {ref} connect to my tv?",
        "what's the refresh rate?", "is that one wireless?", "does {ref} work with windows 11?", "what does {ref} include?",
        "how much is {ref}?", "what size is it?", "who makes {ref}?",
        "why did you pick {ref}?", "is {ref} new or refurbished?", "what's the difference in battery?", "when was it released?",
        "can you tell me about {ref}", "what are the dimensions?", "does it support usb-c charging?",
        "how many pages does the toner print?", "is {ref} any good?", "what do reviews say about {ref}?",
    ),
    Intent.SHOW_MORE: (
        "more", "show me more", "more please", "next", "next page", "any others?", "what else do you have?", "other options",
        "keep going", "see more", "load more", "more results", "anything else?", "more like these", "show me the next ones",
        "give me more options", "what other {type} do you have?", "more of those", "can i see more?", "other ones?",
        "let me see a few more", "show me some others", "next five", "further results please", "anything more?",
    ),
    Intent.CHEAPER: (
        "cheaper", "cheaper please", "anything cheaper?", "something cheaper", "too expensive", "that's too pricey",
        "those are out of my budget", "do you have less expensive ones?", "lower price please", "can you go cheaper?",
        "more affordable ones", "show me cheaper options", "these cost too much", "a bit cheaper", "cheaper ones", "something less pricey", "too much money", "i can't afford that",
        "anything for less?", "cheaper alternatives?", "lower budget please", "less expensive please",
    ),
    Intent.PRICIER: (
        "more expensive", "something pricier", "higher end please", "show me more premium ones", "i can spend more",
        "money is no issue, show better ones", "something fancier", "these are too cheap", "upgrade options?",
        "anything higher end?", "pricier ones", "better quality ones, i don't mind paying more", "more expensive options",
        "something more upscale", "i have a bigger budget", "show me the high end ones",
    ),
    Intent.START_OVER: (
        "start over", "let's start again", "new search", "reset", "forget it", "clear everything", "let's try something else",
        "scratch that", "never mind, start from scratch", "begin again", "restart", "start a new search", "forget all that",
        "clear all filters", "reset the filters", "from the beginning please", "let's start fresh", "undo everything",
    ),
    Intent.SMALL_TALK: (
        "hi", "hello", "hey there", "good morning", "thanks", "thank you!", "cool", "ok", "okay",
        "great, thanks", "bye", "goodbye", "see you", "how are you?", "lol",
        "no thanks", "you're awesome", "good evening", "hey", "hmm", "alright", "got it", "good afternoon", "yes", "no", "i see",
        "ok i'll think about it", "wow", "haha", "thx", "cheers",
    ),
    Intent.HELP: (
        "help", "help me", "what can you do?", "how does this work?", "what can i ask?", "how do i search?", "i'm lost",
        "what are my options here?", "can you explain how to use this?", "instructions please", "?", "what do you do?",
        "how can you help me?", "what kind of things can i ask you?", "how do i filter results?", "i need help",
        "what is this?", "how do i use this chat?",
    ),
    Intent.HUMAN_AGENT: (
        "i want to talk to a human", "real person please", "get me an agent", "can i speak to customer service?",
        "connect me with a representative", "operator", "is there a human i can talk to?", "let me talk to someone",
        "i need to speak with support staff", "transfer me to a person", "human please", "can i call someone?",
        "i'd like to speak to a sales person", "put me through to support", "agent", "i want a real human, not a bot",
        "speak to a manager", "contact support",
    ),
    Intent.FEEDBACK: (
        "i like {ref}", "i love {ref}", "{ref} looks great", "not a fan of {ref}", "i don't like {ref}", "{ref} is ugly",
        "thumbs up on {ref}", "perfect, i'll take {ref}", "nice", "meh, not for me", "i hate {ref}",
        "love it", "{ref} is perfect", "no, not {ref}", "{ref} looks nice", "i really like {ref}", "that looks good",
        "great choice", "this one is nice", "{ref} is too big",
        "i dislike {ref}", "that's exactly what i wanted", "i'll take it", "i'd buy {ref}",
        "not what i'm looking for", "{ref} is not what i want", "good one", "awesome!",
    ),
}
