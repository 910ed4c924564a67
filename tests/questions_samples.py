"""A small graph, from Extraction objects, that gives every canned question answers.

It covers: relations with a named head and with an ``@paper`` head (onto the proposed
entity, and kept on the Paper when nothing is proposed); size variants and families
(BERT-base, BERT-large, LLaMA-2 7B); aliases; a proposed dataset; code links; a paper
whose metric and task meet; and hostile names, titles and sentences (quotes, backticks,
braces, ``//`` and a Cypher injection attempt) that must be stored and matched verbatim.
"""

from __future__ import annotations

import networkx as nx

from kg.graph.assemble import build_graph
from kg.models import Entity, Evidence, Extraction, Paper, Relation, Result

INJECTION = "}) DETACH DELETE n //"
HOSTILE_MODEL = 'Bob\'s "Quoted" `Tick` {Brace} // Net'
HOSTILE_PAPER_ID = "t:'q\" `b` {c} // x"
HOSTILE_TITLE = "A title with 'quotes', \"double\", `ticks`, {braces} and // slashes"


def _ev(paper_id: str, sentence: str, confidence: float = 0.9) -> Evidence:
    return Evidence(
        paper_id=paper_id,
        sentence=sentence,
        start=0,
        end=len(sentence),
        rule="sample",
        confidence=confidence,
    )


def _paper(
    pid: str,
    title: str,
    sentences: list[str],
    entities: list[tuple],
    proposes=(),
    relations=(),
    urls=(),
    results=(),
) -> tuple[Paper, Extraction]:
    """entities: (name, type, aliases, family, sentence index); relations: (h, type, t, idx);
    results: (subject, value, unit, kind, metric, dataset, compared_to, idx)."""
    abstract = " ".join(sentences)
    ents = [
        Entity(name=n, type=t, aliases=list(a), family=f, mentions=[_ev(pid, sentences[i])])
        for n, t, a, f, i in entities
    ]
    rels = [
        Relation(head=h, type=r, tail=t, evidence=_ev(pid, sentences[i]))
        for h, r, t, i in relations
    ]
    res = [
        Result(
            subject=s,
            value=v,
            unit=u,
            kind=k,
            metric=m,
            dataset=d,
            compared_to=c,
            evidence=_ev(pid, sentences[i]),
        )
        for s, v, u, k, m, d, c, i in results
    ]
    paper = Paper(id=pid, title=title, abstract=abstract, url=f"https://example.org/{len(pid)}")
    extraction = Extraction(
        id=pid,
        title=title,
        abstract=abstract,
        entities=ents,
        proposes=list(proposes),
        relations=rels,
        urls=list(urls),
        results=res,
    )
    return paper, extraction


def sample_items() -> list[tuple[Paper, Extraction]]:
    return [
        _paper(
            "p1",
            "DistilBERT: a distilled version of BERT",
            [
                "We propose DistilBERT, which compresses BERT by knowledge distillation.",
                "DistilBERT is evaluated on GLUE and measured by accuracy.",
                "It is applied to text classification.",
            ],
            [
                ("DistilBERT", "Model", [], None, 0),
                ("BERT", "Model", ["Bidirectional Encoder"], None, 0),
                ("knowledge distillation", "Method", ["KD"], None, 0),
                ("GLUE", "Dataset", [], None, 1),
                ("accuracy", "Metric", [], None, 1),
                ("text classification", "Task", [], None, 2),
            ],
            proposes=["DistilBERT"],
            relations=[
                ("@paper", "COMPRESSES", "BERT", 0),
                ("DistilBERT", "USES", "KD", 0),
                ("DistilBERT", "EVALUATED_ON", "GLUE", 1),
                ("@paper", "MEASURED_BY", "accuracy", 1),
                ("@paper", "APPLIED_TO", "text classification", 2),
            ],
            urls=["https://github.com/huggingface/transformers"],
            results=[
                ("DistilBERT", "97", "%", "relative", "accuracy", "GLUE", "teacher", 1),
                ("DistilBERT", "77.0", None, "absolute", "accuracy", "GLUE", None, 1),
            ],
        ),
        _paper(
            "p2",
            "Q8BERT: Quantized 8Bit BERT",
            [
                "Q8BERT quantizes BERT-base to 8 bits.",
                "Q8BERT is evaluated on GLUE and SQuAD.",
            ],
            [
                ("Q8BERT", "Model", [], None, 0),
                ("BERT-base", "Model", [], "BERT", 0),
                ("GLUE", "Dataset", [], None, 1),
                ("SQuAD", "Dataset", [], None, 1),
            ],
            proposes=["Q8BERT"],
            relations=[
                ("Q8BERT", "COMPRESSES", "BERT-base", 0),
                ("Q8BERT", "EVALUATED_ON", "GLUE", 1),
                ("Q8BERT", "EVALUATED_ON", "SQuAD", 1),
            ],
            results=[
                ("Q8BERT", "4", "x", "relative", None, None, "BERT-base", 0),
                ("Q8BERT", "81.5", "%", "absolute", "accuracy", "GLUE", None, 1),
                ("Q8BERT", "1.2e-3", None, "absolute", "loss", "GLUE", None, 1),
            ],
        ),
        _paper(
            "p3",
            "MiniLM: Deep Self-Attention Distillation",
            [
                "MiniLM distils BERT-large into a small student.",
                "MiniLM outperforms DistilBERT on SQuAD.",
                "We apply it to question answering, measured by F1 and accuracy.",
            ],
            [
                ("MiniLM", "Model", [], None, 0),
                ("BERT-large", "Model", [], "BERT", 0),
                ("DistilBERT", "Model", [], None, 1),
                ("SQuAD", "Dataset", [], None, 1),
                ("question answering", "Task", ["QA"], None, 2),
                ("F1", "Metric", [], None, 2),
                ("accuracy", "Metric", [], None, 2),
            ],
            proposes=["MiniLM"],
            relations=[
                ("MiniLM", "COMPRESSES", "BERT-large", 0),
                ("MiniLM", "OUTPERFORMS", "DistilBERT", 1),
                ("MiniLM", "EVALUATED_ON", "SQuAD", 1),
                ("MiniLM", "APPLIED_TO", "QA", 2),
                ("MiniLM", "MEASURED_BY", "F1", 2),
                ("MiniLM", "MEASURED_BY", "accuracy", 2),
            ],
            results=[
                ("MiniLM", "86.7", None, "absolute", "F1", "SQuAD", None, 1),
                ("MiniLM", "2.0", "points", "relative", "F1", "SQuAD", "DistilBERT", 1),
                ("BERT-large", "88.9", None, "absolute", "F1", "SQuAD", None, 1),
            ],
            urls=["https://github.com/microsoft/unilm/tree/master/minilm"],
        ),
        _paper(
            "p4",
            "Pruning BERT without a name",
            [
                "We prune BERT heads and it works on question answering.",
            ],
            [("BERT", "Model", [], None, 0), ("question answering", "Task", [], None, 0)],
            relations=[
                ("@paper", "COMPRESSES", "BERT", 0),
                ("@paper", "APPLIED_TO", "question answering", 0),
            ],
            results=[("@paper", "50", "%", "relative", None, None, "BERT", 0)],
        ),
        _paper(
            "p5",
            "RoBERTa and a new benchmark",
            [
                "RoBERTa builds on BERT and beats it.",
                "We introduce NewBench, a benchmark for reading comprehension.",
            ],
            [
                ("RoBERTa", "Model", [], None, 0),
                ("BERT", "Model", [], None, 0),
                ("NewBench", "Dataset", [], None, 1),
                ("reading comprehension", "Task", [], None, 1),
            ],
            proposes=["RoBERTa", "NewBench"],
            relations=[
                ("RoBERTa", "BASED_ON", "BERT", 0),
                ("RoBERTa", "OUTPERFORMS", "BERT", 0),
                ("NewBench", "APPLIED_TO", "reading comprehension", 1),
            ],
            results=[("RoBERTa", "88.5", None, "absolute", "accuracy", "GLUE", None, 0)],
        ),
        _paper(
            "p6",
            "Alpaca from LLaMA",
            [
                "Alpaca is fine-tuned from LLaMA-2 7B.",
                "LLaMA-2 7B is a variant of LLaMA.",
            ],
            [
                ("Alpaca", "Model", [], None, 0),
                ("LLaMA-2 7B", "Model", [], "LLaMA", 0),
                ("LLaMA", "Model", [], None, 1),
            ],
            proposes=["Alpaca"],
            relations=[("Alpaca", "BASED_ON", "LLaMA-2 7B", 0)],
            results=[("LLaMA-2 7B", "5.5", None, "absolute", "perplexity", None, None, 1)],
            urls=["https://github.com/tatsu-lab/stanford_alpaca"],
        ),
        _paper(
            HOSTILE_PAPER_ID,
            HOSTILE_TITLE,
            [
                f"{HOSTILE_MODEL} compresses BERT with {INJECTION} and 'quotes'.",
                f"{INJECTION} is evaluated on GLUE; it's {{odd}} `really`.",
            ],
            [
                (HOSTILE_MODEL, "Model", ["Bob's Net"], None, 0),
                ("BERT", "Model", [], None, 0),
                (INJECTION, "Method", [], None, 1),
                ("GLUE", "Dataset", [], None, 1),
            ],
            proposes=[HOSTILE_MODEL],
            relations=[
                ("@paper", "COMPRESSES", "BERT", 0),
                (HOSTILE_MODEL, "USES", INJECTION, 1),
                (INJECTION, "EVALUATED_ON", "GLUE", 1),
            ],
            urls=["https://github.com/o'brien/{x}"],
            results=[("@paper", "70.1", "%", "absolute", INJECTION, "GLUE", None, 1)],
        ),
    ]


def sample_graph() -> nx.MultiDiGraph:
    items = sample_items()
    return build_graph([x for _, x in items], [p for p, _ in items])
