"""Cross-paper entity resolution (kg.graph.resolution, kg.graph.families) over invented papers.

Each paper is what extraction hands the graph stage for an invented abstract: its entities
with the aliases the paper defines. One test per rule: folding, acronyms pooled and decided
per paper, never-merge pairs, families by name, hyphenated names, explanations.
"""

from __future__ import annotations

from kg.graph.assemble import build_graph
from kg.graph.folding import fold, load_rules
from kg.models import Entity, Evidence, Extraction, Relation
from kg.questions import ask_embedded

RULES = load_rules()


def _paper(
    pid: str,
    *entities: tuple[str, str, list[str]],
    relations=(),
    proposes=(),
    title: str | None = None,
) -> Extraction:
    return Extraction(
        id=pid,
        title=title or f"Invented paper {pid}",
        entities=[Entity(name=n, type=t, aliases=a) for n, t, a in entities],
        relations=list(relations),
        proposes=list(proposes),
    )


def _rel(pid: str, head: str, type_: str, tail: str) -> Relation:
    sentence = f"{head} {type_.lower()} {tail}."
    return Relation(
        head=head,
        type=type_,
        tail=tail,
        evidence=Evidence(
            paper_id=pid, sentence=sentence, start=0, end=len(sentence), rule="test", confidence=0.9
        ),
    )


def _entities(graph) -> dict[str, dict]:
    return {d["key"]: d for _, d in graph.nodes(data=True) if d["label"] == "Entity"}


def test_surface_variants_fold_to_one_node():
    graph = build_graph(
        [
            _paper(
                "p1",
                ("ViTs", "Model", []),
                ("GLUE benchmark", "Dataset", []),
                ("BLEU scores", "Metric", []),
                ("computational costs", "Metric", []),
            ),
            _paper(
                "p2",
                ("ViT", "Model", []),
                ("GLUE", "Dataset", []),
                ("BLEU", "Metric", []),
                ("computational cost", "Metric", []),
                ("Language Modelling", "Task", []),
            ),
            _paper("p3", ("language modeling", "Task", []), ("the Pile", "Dataset", [])),
            _paper("p4", ("Pile", "Dataset", [])),
        ]
    )
    nodes = _entities(graph)
    assert len(nodes) == 6, sorted(nodes)
    assert nodes["vit"]["papers"] == 2 and "ViTs" in nodes["vit"]["aliases"]
    assert nodes["glue"]["papers"] == 2
    assert {n["papers"] for n in nodes.values()} == {2}


def test_hyphen_and_case_variants_are_one_node_but_prefixed_names_are_not():
    graph = build_graph(
        [
            _paper("p1", ("Pre-LN", "Method", []), ("self-supervised pretraining", "Method", [])),
            _paper("p2", ("pre LN", "Method", []), ("supervised pre-training", "Method", [])),
            _paper("p3", ("PreLN", "Method", []), ("Supervised Pretraining", "Method", [])),
        ]
    )
    nodes = _entities(graph)
    assert nodes["preln"]["papers"] == 3
    assert nodes["supervisedpretraining"]["papers"] == 2
    assert nodes["selfsupervisedpretraining"]["papers"] == 1


def test_acronyms_defined_in_some_papers_join_their_long_form_everywhere():
    graph = build_graph(
        [
            _paper("p1", ("in-context learning", "Method", ["ICL"])),  # "in-context learning (ICL)"
            _paper("p2", ("ICL", "Method", [])),  # uses the acronym only
            _paper("p3", ("In-Context Learning", "Method", [])),
            _paper("p4", ("Named Entity Recognition", "Task", ["NER"])),
            _paper("p5", ("NER", "Task", [])),
        ]
    )
    nodes = _entities(graph)
    assert set(nodes) == {"incontextlearning", "namedentityrecognition"}
    assert nodes["incontextlearning"]["papers"] == 3
    merged = " ".join(nodes["incontextlearning"]["merged"])
    assert "ICL" in merged and "acronym" in merged


def test_an_acronym_with_conflicting_definitions_is_decided_per_paper():
    graph = build_graph(
        [
            _paper("p1", ("AST", "Method", ["Adaptive Sparse Trainer"])),
            _paper("p2", ("AST", "Model", ["Audio Spectrogram Transformer"])),
            _paper("p3", ("Abstract Syntax Tree", "Method", ["AST"])),
            _paper("p4", ("AST", "Method", [])),  # undefined here: no meaning wins
            _paper("p5", ("Audio Spectrogram Transformer", "Model", [])),
        ]
    )
    nodes = _entities(graph)
    by_alias = {k: set(d["aliases"]) | {d["name"]} for k, d in nodes.items()}
    assert len(nodes) == 4, by_alias
    spectrogram = next(
        d for d in nodes.values() if "Audio Spectrogram Transformer" in {d["name"], *d["aliases"]}
    )
    assert spectrogram["papers"] == 2
    assert all(d["papers"] == 1 for d in nodes.values() if d is not spectrogram)
    assert len(set(nodes)) == len(nodes)  # unique keys though three nodes read 'AST'


def test_the_majority_meaning_of_an_acronym_serves_papers_that_do_not_define_it():
    graph = build_graph(
        [
            _paper("p1", ("KD", "Method", ["knowledge distillation"])),
            _paper("p2", ("KD", "Method", ["Knowledge Distillation"])),
            _paper("p3", ("KD", "Method", ["kernel density"])),
            _paper("p4", ("KD", "Method", [])),
        ]
    )
    nodes = _entities(graph)
    assert nodes["knowledgedistillation"]["papers"] == 3  # p1, p2 and p4 (majority meaning)
    assert nodes["kerneldensity"]["papers"] == 1  # p3's own meaning, read in words
    assert "KD" in nodes["kerneldensity"]["aliases"]


def test_never_merge_pairs_stay_apart_even_when_a_paper_equates_them():
    graph = build_graph(
        [
            _paper("p1", ("Llama 2", "Model", ["LLaMA"])),  # a sloppy alias
            _paper("p2", ("LLaMA", "Model", [])),
            _paper("p3", ("Clinical-Longformer", "Model", []), ("Longformer", "Model", [])),
        ]
    )
    nodes = _entities(graph)
    assert {"llama2", "llama", "clinicallongformer", "longformer"} <= set(nodes)


def test_families_from_names():
    graph = build_graph(
        [
            _paper(
                "p1",
                ("BERT", "Model", []),
                ("BioBERT", "Model", []),
                ("Q8BERT", "Model", []),
                ("BERT embeddings", "Method", []),
                ("BERTScore", "Metric", []),
            ),
            _paper(
                "p2",
                ("LLaMA", "Model", []),
                ("Llama 2", "Model", []),
                ("TinyLlama", "Model", []),
                ("LS-LLaMA", "Model", []),
                ("Hedgehog-Llama2", "Model", []),
            ),
            _paper(
                "p3",
                ("ImageNet", "Dataset", []),
                ("ImageNet-1k", "Dataset", []),
                ("GLUE", "Dataset", []),
                ("SuperGLUE", "Dataset", []),
            ),
        ]
    )
    family = {k: d["family"] for k, d in _entities(graph).items()}
    assert family["biobert"] == family["q8bert"] == "bert"
    assert family["llama2"] == family["tinyllama"] == family["lsllama"] == "llama"
    assert family["hedgehogllama2"] == "llama2"  # the longest name inside wins
    assert family["imagenet1k"] == "imagenet"
    assert family["bertembeddings"] is None and family["bertscore"] is None
    assert family["superglue"] is None and family["llama"] is None


def test_kinds_of_tasks_and_methods_from_their_head_words():
    graph = build_graph(
        [
            _paper(
                "p1",
                ("language modeling", "Task", []),
                ("long-range language modeling", "Task", []),
                ("knowledge distillation", "Method", []),
                ("distillation", "Method", []),
                ("feature distillation", "Method", []),
                ("dataset distillation", "Method", []),
                ("supervised learning", "Method", []),
                ("self-supervised learning", "Method", []),
                ("contrastive learning", "Method", []),
                ("learning", "Method", []),
                ("pruning", "Model", []),
                ("structured pruning", "Method", []),
                ("conversion via attention transfer", "Method", []),
                ("attention transfer", "Method", []),
            )
        ]
    )
    ents = _entities(graph)
    family = {k: d["family"] for k, d in ents.items()}
    assert family["longrangelanguagemodeling"] == "languagemodeling"
    # "distillation" is a listed synonym of knowledge distillation: its kinds join that node
    assert "distillation" in ents["knowledgedistillation"]["alias_keys"]
    assert family["featuredistillation"] == "knowledgedistillation"
    assert family["datasetdistillation"] is None  # a listed exception
    assert family["selfsupervisedlearning"] is None  # a hyphenated word stays whole
    assert family["contrastivelearning"] is None  # "learning" heads no kind
    assert family["structuredpruning"] is None  # kinds keep to their own type
    assert family["conversionviaattentiontransfer"] is None  # "X via Y" is a named whole
    edge = graph.get_edge_data("entity:featuredistillation", "entity:knowledgedistillation")
    assert [d["why"] for d in edge.values()] == [
        "a kind of 'knowledge distillation' (its head words)"
    ]
    rows = ask_embedded(graph, "papers-using", entity="knowledge distillation").rows
    assert {r["entity_key"] for r in rows} >= {"knowledgedistillation", "featuredistillation"}
    exact = ask_embedded(graph, "papers-using", entity="knowledge distillation", exact=True).rows
    assert {r["entity_key"] for r in exact} == {"knowledgedistillation"}


def test_derived_from_walks_families_and_based_on_with_paths():
    graph = build_graph(
        [
            _paper("p1", ("LLaMA", "Model", []), ("Llama 2", "Model", [])),
            _paper(
                "p2",
                ("Vicuna", "Model", []),
                ("Llama 2", "Model", []),
                relations=[_rel("p2", "Vicuna", "BASED_ON", "Llama 2")],
            ),
            _paper("p3", ("TinyLlama", "Model", [])),
        ]
    )
    rows = ask_embedded(graph, "derived-from", model="LLaMA").rows
    paths = {r["subject"]: r["path"] for r in rows}
    assert paths == {
        "Vicuna": ["Vicuna", "Llama 2", "LLaMA"],
        "Llama 2": ["Llama 2", "LLaMA"],
        "TinyLlama": ["TinyLlama", "LLaMA"],
    }


def test_tasks_for_direct_and_via_paper():
    graph = build_graph(
        [
            _paper(
                "p1",
                ("LoRA", "Method", ["low-rank adaptation"]),
                ("text classification", "Task", []),
                ("summarization", "Task", []),
                relations=[_rel("p1", "LoRA", "APPLIED_TO", "text classification")],
            ),
            _paper(
                "p2",
                ("low-rank adaptation", "Method", []),
                ("RoBERTa", "Model", []),
                ("question answering", "Task", []),
                relations=[_rel("p2", "low-rank adaptation", "USES", "RoBERTa")],
            ),
            _paper(
                "p3", ("LoRA", "Method", []), ("image captioning", "Task", [])
            ),  # a mention only
        ]
    )
    rows = ask_embedded(graph, "tasks-for", entity="LoRA").rows
    assert [(r["object"], r["via"]) for r in rows] == [
        ("text classification", "direct"),
        ("question answering", "paper"),
        ("summarization", "paper"),
    ]
    assert all(r["papers"] for r in rows)


def test_a_paper_contribution_is_named_by_its_title_prefix():
    graph = build_graph(
        [
            _paper(
                "p1",
                ("Prune OFA", "Method", []),
                ("BERT", "Model", []),
                relations=[_rel("p1", "@paper", "COMPRESSES", "BERT")],
                title="Prune OFA: Fast and Accurate Sparse Models",
            )
        ]
    )
    rows = ask_embedded(graph, "methods-compressing", model="BERT").rows
    assert [(r["subject"], r["subject_type"]) for r in rows] == [("Prune OFA", "Method")]


def test_fold_rules_from_the_data_file():
    assert fold("Normalisation layers", RULES) == fold("normalization layer", RULES)
    assert fold("MIPS", RULES) == "mips"  # an uppercase S is part of the acronym
    assert fold("time series", RULES) == "timeseries"
    assert fold("F score", RULES) == "fscore"  # a suffix word never leaves one letter


def test_listed_synonyms_join_and_say_why():
    graph = build_graph(
        [
            _paper("p1", ("number of parameters", "Metric", [])),
            _paper("p2", ("Parameter Count", "Metric", [])),
            _paper("p3", ("parameter count", "Metric", [])),
        ]
    )
    nodes = _entities(graph)
    assert list(nodes) == ["parametercount"]
    assert any("listed synonym" in line for line in nodes["parametercount"]["merged"])
