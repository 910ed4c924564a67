"""kg_contributions on short texts written for these tests: names a title gives its own
model, the abstract's cues, and descriptions that are not names."""

from __future__ import annotations

import pytest

from kg.extraction import extract
from kg.extraction.contributions.title import abbreviates, title_phrases
from kg.models import Paper


def proposes_of(nlp, title: str, abstract: str) -> tuple[list[str], dict[str, str]]:
    (result,) = extract([Paper(id="p1", title=title, abstract=abstract)], nlp)
    return result.proposes, {e.name: e.type.value for e in result.entities}


def test_title_phrases_are_the_head_and_the_with_via_phrases():
    assert title_phrases("Sheep Counting with a Fleece-Gated Network for Farms") == [
        (0, "Sheep Counting", True),
        (22, "Fleece-Gated Network", False),
    ]
    header = "Published as a conference paper at ICLR 2017 WOOLLY NETS FOR SHEEP"
    assert title_phrases(header)[0][1:] == ("WOOLLY NETS", True)
    assert title_phrases("A Joint Model for Sheep") == []  # "A ..." describes, not names


def test_short_forms_abbreviate_their_long_forms():
    assert abbreviates("VD-CNN", "Very Deep Convolutional Networks")
    assert abbreviates("WHNs", "Woolly Highway Networks")
    assert not abbreviates("QXZ", "Woolly Highway Networks")


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        # the title is the model's name, no colon
        ("Woolly Highway Machines", "We count sheep with memory.", ["Woolly Highway Machines"]),
        # the model after "with / via", a trailing generic head dropped
        ("Sheep Counting with Fleece-Gated Networks", "We count sheep.", ["Fleece-Gated Networks"]),
        ("Tagging via Bi-directional Wool-CNNs-CRF", "We tag.", ["Bi-directional Wool-CNNs-CRF"]),
        ("Sheep Tagging with a Meta-FleeceNet Model", "We tag sheep.", ["Meta-FleeceNet"]),
        ("Herding with Woolly BiGRU Pooling Architectures", "We herd.", ["Woolly BiGRU Pooling"]),
        # a list of verbs before the colon
        ("Shear, Spin and Weave: Making Wool", "We make wool.", ["Shear, Spin and Weave"]),
        # the system a shared-task paper names, when the abstract names it too
        ("Flockly at SemEval-2019 Task 3: Sheep", "We describe Flockly, a system.", ["Flockly"]),
        ("Ox at SemEval-2019 Task 3: Sheep with Wool-LSTM", "This is team Ox.", ["Wool-LSTM"]),
        # a one-word title the abstract repeats
        ("WOOLNETWORKS", "This work explores woolnetworks: sheep made of wool.", ["WOOLNETWORKS"]),
    ],
)
def test_names_the_title_gives_the_paper_s_model(kg_nlp, title, abstract, expected):
    assert proposes_of(kg_nlp, title, abstract)[0] == expected


def test_title_models_are_typed_by_their_head(kg_nlp):
    _, types = proposes_of(kg_nlp, "Woolly Highway Machines", "We count sheep.")
    assert types["Woolly Highway Machines"] == "Model"


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        # words for a class of models only
        ("Sheep Counting using Deep Recurrent Neural Networks", "We count sheep."),
        # a model the abstract says it uses is somebody else's
        ("Sheep Parsing using Wool-LSTMs", "We use Wool-LSTMs to represent the state."),
        # a verb opens the title: "Accelerating ..." is not a name
        ("Accelerating Woolly Transformers with Shears", "We shear sheep."),
        # a team name is not the system
        ("Oxbridge at SemEval-2019 Task 3: Sheep", "This describes team Oxbridge's entry."),
        # an upper-case title: every word looks like a name
        ("COUNTING SHEEP WITH WOOLLY DATA", "We count sheep."),
    ],
)
def test_title_phrases_that_are_not_the_paper_s_own(kg_nlp, title, abstract):
    assert proposes_of(kg_nlp, title, abstract)[0] == []


def test_an_acronym_of_the_title_merges_with_its_long_form(kg_nlp):
    named, _ = proposes_of(
        kg_nlp,
        "Woolly Highway Networks",
        "We propose Woolly Highway Networks , which count sheep. WHNs beat all baselines.",
    )
    assert len(named) == 1 and named[0] in ("WHNs", "Woolly Highway Networks")


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("To fix this, we present Woolly Reader. It reads fleece.", ["Woolly Reader"]),
        (
            "We introduce a new type of deep woolly fleece representation that models sheep.",
            ["deep woolly fleece representation"],
        ),
        (
            "We propose Flarpo: a counting model focused on sheep and goats, it aims at speed.",
            ["Flarpo"],
        ),
        (
            "We introduce a novel network called Multi-layer Fleece with Wool Network (MFWN) "
            "for counting.",
            ["MFWN"],
        ),
        (
            "We combine sheep through the framework of Fleece Graph Models (FG3M), a novel "
            "extension of flocks.",
            ["FG3M"],
        ),
        (
            "This paper proposes a faster alternative to shears: Iterated Woolly Networks "
            "(IW-Nets), which cut wool.",
            ["IW-Nets"],
        ),
        # the passive voice, and "we use a novel ..."
        ("First, a fleece gating mechanism is proposed to count.", ["fleece gating mechanism"]),
        ("We use a novel sheep-level policy gradient method.", ["sheep-level policy gradient"]),
        # "Networks(WFN)" glued (PDF text): the tokenizer splits it, the short form wins
        ("We propose Woolly Fleece Networks(WFN) to count sheep.", ["WFN"]),
        # an adjective and generic words describe, they do not name
        ("We introduce a novel woolly network architecture for sheep.", []),
    ],
)
def test_cues_in_the_abstract(kg_nlp, abstract, expected):
    assert proposes_of(kg_nlp, "Counting sheep", abstract)[0] == expected


def test_a_title_technique_the_abstract_calls_new(kg_nlp):
    named, types = proposes_of(
        kg_nlp,
        "Sheep Counting using Fleece Drift Loss",
        "We count sheep. Moreover, a novel fleece drift loss function is introduced.",
    )
    assert [n.lower() for n in named] == ["fleece drift loss"]
    assert types[named[0]] == "Method"
    plain, _ = proposes_of(
        kg_nlp,
        "Sheep Counting using Fleece Drift Loss",
        "We count sheep. We train with fleece drift loss as usual.",
    )
    assert plain == []
