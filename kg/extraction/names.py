"""kg_names: names no lexicon knows, found by their shape and their context.

- name-shaped words: CamelCase, inner capitals, letters with digits, acronyms
  ("Q8BERT", "GPT-4", "Wool-T", "LLaMA-2 7B"), typed by name morphemes ("...BERT",
  "...Net", "...former", a size suffix -> Model) and the words around them
  ("the X dataset" -> Dataset); evaluation-campaign names and a trailing year
  ("CoNLL03", "SemEval-2010", "DSTC2") -> Dataset;
- "the X dataset/benchmark/corpus": capitalized names before a data head word.
Regular expressions run over the text (C speed) and map to tokens only on a hit.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extraction.extensions import Candidate, candidates_of, char_offsets, text_of
from kg.extraction.knowledge import canon_key, stoplist
from kg.types import EntityType

SIZE = (
    r"(?:[ -](?:\d+(?:\.\d+)?[BMK]|\d+x\d+B|base|large|small|tiny|mini|medium|xl|XL|XXL"
    r"|Base|Large|Small|Tiny|Chat|Instruct|[BLSTHG](?:/\d+)?(?![\w-])))"
)
_SHAPE = re.compile(
    r"(?<![\w./-])"
    # necessary for the next lookahead (a capital or digit after the first letter), and
    # cheaper to fail: most words are lower-case
    r"(?=[A-Za-z][\w+.-]*[A-Z\d])"
    r"(?=[\w+.-]*(?:[A-Z][\w+]*[A-Z0-9]|[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]))"
    r"[A-Za-z][\w+]*(?:[-.][\w+]+)*" + SIZE + r"?(?![\w-])"
)
SIZED = re.compile(SIZE + "$")
_ENDS_DIGIT = re.compile(r"\d[BMK]?$")
_SIZE_AFTER = re.compile(SIZE + r"+(?![\w-])")
_YEAR_AFTER = re.compile(r"[ -]?(?:19|20)\d\d(?![\w-])")
_DATA_NAME = re.compile(
    r"\b((?:[A-Z][\w'&/.-]*\s+){0,3}[A-Z][\w'&/.-]*)\s+(?:data\s?sets?|datasets?|corpus|corpora|"
    r"benchmarks?|treebanks?|challenge|suite)\b"
)
_MODEL_MORPHEME = re.compile(
    r"BERT|GPT|LLaMA|Llama|LLaVA|LLM|LM\b|LMs\b|T5|ViT|Net\b|Nets\b|former|Mamba|Mistral|Qwen|Gemma|"
    r"Phi-|Falcon|CLIP|BLIP|DINO|Diffusion|Coder|Vicuna|Alpaca|Whisper|ResNet|VGG|XLM|RWKV|SAM\b|YOLO"
    r"|[RC]NNs?\b|LSTMs?\b|GANs?\b|VAEs?\b|-v\d+(?:\.\d+)*$"
)
_METRIC_MORPHEME = re.compile(
    r"(?:FID|BLEU|ROUGE|IoU|mAP|AUC|PSNR|SSIM|LPIPS|WER|CER|METEOR|CIDEr|Score)(?:-\w+)?$"
)
# Evaluation campaigns and shared tasks name their data sets: "CoNLL03", "SemEval-2010",
# "DSTC2"; otherwise a year at the end of an unknown name marks an edition of a data set.
_DATA_MORPHEME = re.compile(
    r"^(?:CoNLL|SemEval|Sem[Ee]val|Senseval|SensEval|DSTC|TREC|WMT|IWSLT|MUC|DUC|TAC|BioASQ|CLEF"
    r"|NTCIR|BioCreative|i2b2|KBP|ACE|CASP|ILSVRC)(?![a-z])|[-\s](?:19|20)\d\d$"
)
_UNIT = re.compile(
    r"\d+(?:\.\d+)?[A-Za-z]{0,3}|[A-Z]\d{1,3}|\d+[a-z]{2}|[vV]\d+(?:\.\d+)*|\d+x|(?:RTX|GTX|TPUv?)\d*"
)
_LEADING = {
    "the",
    "our",
    "this",
    "these",
    "a",
    "an",
    "we",
    "in",
    "on",
    "two",
    "three",
    "both",
    "new",
    "large",
    "public",
    "standard",
    "several",
    "popular",
    "each",
    "all",
    "of",
}
_DATA_AFTER = re.compile(
    r"\s*(?:data\s?sets?|datasets?|benchmarks?|corpus|corpora|treebank|shared\s+tasks?)\b", re.I
)
_DATA_BEFORE = re.compile(
    r"(?<!based )(?<!built )(?<!focus )(?<!relies )(?<!rely )(?<!depends )(?<!conditioned )"
    r"(?<!trained )\b(?:on|across)\s+(?:the\s+)?(?:(?:[\w-]+,\s+){0,4}(?:and\s+)?)?$"
)
_MODEL_AFTER = re.compile(r"\s*(?:models?|architectures?|networks?|LLMs?|backbones?)\b")


def shape_type(name: str, before: str, after: str) -> tuple[str, float]:
    """Type of an unknown name-shaped word from its morphemes and neighbours."""
    if _DATA_AFTER.match(after):
        return EntityType.DATASET, 0.7
    if _METRIC_MORPHEME.search(name):
        return EntityType.METRIC, 0.7
    if _MODEL_MORPHEME.search(name) or SIZED.search(name) or _MODEL_AFTER.match(after):
        return EntityType.MODEL, 0.7
    if _DATA_MORPHEME.search(name):
        return EntityType.DATASET, 0.7
    if _DATA_BEFORE.search(before[-60:]) and not _ENDS_DIGIT.search(name):
        return EntityType.DATASET, 0.5
    return EntityType.METHOD, 0.5


# Three or more all-capitals words in a row: a title set in capitals, even after a
# mixed-case prefix ("Published as a conference paper at ICLR 2018 LEARNING GENERAL ...").
_CAPS_RUN = re.compile(r"(?:\b[A-Z][A-Z'-]*[A-Z]\b[\s:,-]+){2,}[A-Z][A-Z'-]*[A-Z]\b")


def shouting_span(text: str) -> tuple[int, int]:
    """Where the title is set in capitals, and capitals say nothing about names:
    the whole title when most of its letters are capitals, else its longest run of
    three or more all-capitals words; (0, 0) when there is none."""
    end = text.find("\n\n")
    title = text[:end] if end > 0 else ""
    letters = [c for c in title if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if letters and upper > 0.8 * len(letters) and len(title.split()) > 1:
        return 0, end
    runs = [m.span() for m in _CAPS_RUN.finditer(title)]
    return max(runs, key=lambda r: r[1] - r[0]) if runs else (0, 0)


class NameFinder:
    def __init__(self, folder: str | None = None):
        self.stop = stoplist(folder)

    def __call__(self, doc: Doc) -> Doc:
        out = candidates_of(doc)
        text = text_of(doc)
        caps_start, caps_end = shouting_span(text)
        for m in _SHAPE.finditer(text):
            name = m.group(0)
            if (
                _UNIT.fullmatch(name)
                or canon_key(name) in self.stop
                or caps_start <= m.start() < caps_end
            ):
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                label, conf = shape_type(
                    name, text[max(0, m.start() - 60) : m.start()], text[m.end() : m.end() + 20]
                )
                out.append(Candidate(span.start, span.end, label, None, "name-shape", conf, 40))
        self.sized_models(doc, text)
        for m in _DATA_NAME.finditer(text):
            words = m.group(1).split()
            while words and words[0].lower() in _LEADING:
                words.pop(0)
            if not words or canon_key(" ".join(words)) in self.stop:
                continue
            start = m.start(1) + m.group(1).index(words[0])
            span = doc.char_span(start, m.end(1), alignment_mode="expand")
            if span is not None:
                out.append(
                    Candidate(
                        span.start, span.end, EntityType.DATASET, None, "dataset-phrase", 0.7, 50
                    )
                )
        return doc

    def sized_models(self, doc: Doc, text: str) -> None:
        """A listed model followed by a size ("Swin-B", "Mistral 7B") is its own variant;
        a listed data set or campaign followed by a year ("TAC 2010", "CoNLL 2005",
        "SemEval-2013") is its edition, named in full."""
        out = candidates_of(doc)
        _starts, ends = char_offsets(doc)
        for c in [c for c in out if c.rule == "lexicon"]:
            if c.label == EntityType.MODEL:
                m = _SIZE_AFTER.match(text, ends[c.end - 1])
            elif c.label == EntityType.DATASET:
                m = _YEAR_AFTER.match(text, ends[c.end - 1])
            else:
                continue
            span = doc.char_span(ends[c.end - 1], m.end(), alignment_mode="expand") if m else None
            if span is not None:
                out.append(Candidate(c.start, span.end, c.label, None, "name-shape", 0.8, 45))


@Language.factory("kg_names", default_config={"folder": None})
def make_names(nlp: Language, name: str, folder: str | None) -> NameFinder:
    return NameFinder(folder)
