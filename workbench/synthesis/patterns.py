"""Patterns within a theme, found by the computer for the analyst to check.

The theme's coded respondent segments are clustered (embeddings from the suggestion engine via
``ReportInput.embed``, else TF-IDF; k-means with k chosen by silhouette, 2 to 4); each cluster
gets its size in respondents, its most typical segment (nearest the cluster centre) and the
words that set it apart (class-based TF-IDF, c-TF-IDF). Themes with fewer than ``min_segments``
segments get none. Deterministic (fixed seed).
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.synthesis.inputs import ReportInput
from workbench.synthesis.themes import coded_segments

MIN_SEGMENTS = 8
MAX_K = 4
STOP = set("""de het een en of maar dat die dit deze is was zijn ben bent wordt worden werd heb heeft hebben had
ik je jij u we wij ze zij hij zij mijn me mij ons onze hun hem haar er daar hier wat wie hoe waar
niet geen wel ook nog al dan toen als om te van voor met op in aan bij naar uit over tot door
zo heel echt gewoon eigenlijk nou ja nee eh ehm want dus omdat kan kon moet moest wil wilde zou
zal gaat ging gaan doen doet deed dingen ding veel meer nu even best soms vaak toch natuurlijk""".split())


@dataclass
class Pattern:
    segments: list[int]
    respondents: int
    typical: int  # segment id nearest the centre
    words: list[str]


def _vectors(texts: list[str], embed):
    from workbench.synthesis.quotes import _vectors as vectors

    return vectors(texts, embed)


def theme_patterns(inp: ReportInput, code: str, min_segments: int = MIN_SEGMENTS) -> list[Pattern]:
    """Clusters of the theme's segments, largest first; [] when there are too few segments or
    no split is better than chance (silhouette <= 0.05)."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    ids = [s for s in coded_segments(inp).get(code, []) if inp.segments[s].is_respondent]
    if len(ids) < min_segments:
        return []
    import re

    from workbench.textrules import without_fillers

    texts = [without_fillers(re.sub(r"\[[A-Z]+-\d+\]", " ", inp.segments[s].text))[0] for s in ids]
    x = _vectors(texts, inp.embed)
    best = None
    for k in range(2, min(MAX_K, len(ids) - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(x)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(x, labels, metric="cosine")
        if best is None or score > best[0]:
            best = (score, k, labels)
    if best is None or best[0] <= 0.05:
        return []
    labels = best[2]
    words = distinctive_words([" ".join(t for t, lab in zip(texts, labels) if lab == c) for c in range(best[1])])
    out = []
    for c in range(best[1]):
        members = [i for i, lab in enumerate(labels) if lab == c]
        centre = x[members].mean(axis=0)
        full = [i for i in members if len(texts[i].split()) >= 8] or members  # a typical quote, not "Helaas wel."
        typical = full[int(np.argmax(x[full] @ centre))]
        people = {inp.segments[ids[i]].respondent_id for i in members if inp.segments[ids[i]].respondent_id}
        out.append(Pattern([ids[i] for i in members], len(people), ids[typical], words[c]))
    return sorted(out, key=lambda p: (-p.respondents, -len(p.segments)))


def distinctive_words(docs: list[str], top: int = 5) -> list[list[str]]:
    """c-TF-IDF: per class document, the words frequent in it and rare across the classes."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(token_pattern=r"(?u)\b[^\W\d_]{4,}\b", stop_words=sorted(STOP), lowercase=True)
    try:
        counts = vec.fit_transform(docs).toarray().astype(float)
    except ValueError:
        return [[] for _ in docs]
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    avg = counts.sum() / len(docs)
    idf = np.log(1 + avg / np.maximum(counts.sum(axis=0), 1))
    scores = tf * idf
    vocab = np.array(vec.get_feature_names_out())
    return [[str(w) for w in vocab[np.argsort(-row)[:top]] if row[list(vocab).index(w)] > 0] for row in scores]
