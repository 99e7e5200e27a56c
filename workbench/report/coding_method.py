"""The methods appendix's account of the coding: how codes were suggested and decided, who
coded how much, agreement with prevalence, k-anonymity and the machine-found patterns."""

from __future__ import annotations

from workbench.synthesis.config import ReportConfig
from workbench.synthesis.dutch_format import fmt_int, fmt_number, fmt_share, join_and
from workbench.synthesis.grouping import ATTRIBUTE_NAMES
from workbench.synthesis.inputs import ReportInput
from workbench.synthesis.sentences import count_words



def method_paragraphs(inp: ReportInput, config: ReportConfig, ctx: dict) -> list[str]:
    coders = join_and(inp.coders) if inp.coders else "onbekend"
    out = [f"De fragmenten zijn gecodeerd met het codeboek ‘{inp.codebook.name}’, versie {inp.codebook_version}. "
           f"Dit rapport is gebaseerd op de codering ‘{inp.coder}’; alleen geaccepteerde coderingen van uitspraken "
           "van respondenten tellen mee, uitspraken van interviewers en moderatoren niet."]
    p = inp.process
    if p:
        model = "het standaardmodel van workbench" if p.get("model") == "default" else f"het model ‘{p.get('model')}’"
        decided = join_and([f"{name} ({fmt_int(n)} beslissingen)" for name, n in sorted(p.get("decisions", {}).items())])
        text = (f"Codes zijn voorgesteld door een taalmodel ({model}, offline, drempel {fmt_number(p.get('threshold'), 2)}): "
                f"{fmt_int(p.get('suggested', 0))} voorstellen staan open. Over elke code besliste een mens: "
                f"{decided or 'geen beslissingen vastgelegd'}. Een voorstel telt pas mee als een codeur het "
                "accepteert.")
        if p.get("consensus_demo"):
            text += (" Waar codeurs verschilden, telt in dit demonstratieproject de keuze van de eerste codeur "
                     f"({fmt_int(p['consensus_demo'])} codes); dat is geen inhoudelijke afweging door een supervisor.")
        if p.get("consensus_settled"):
            who = join_and(p.get("consensus_by") or []) or "een supervisor"
            text += (f" Waar codeurs verschilden, besliste {who} per fragment over de consensus "
                     f"({fmt_int(p['consensus_settled'])} codes).")
        out.append(text)
        judged = p.get("judged", 0)
        if judged:
            out.append(f"Van de {fmt_int(judged)} beoordeelde fragmenten is {fmt_share(p['one_coder'] / judged)} door één "
                       f"codeur beoordeeld en {fmt_share(p['two_plus'] / judged)} door twee of meer codeurs "
                       f"(codeurs: {coders}).")
    else:
        out.append(f"Codeurs: {coders}.")
    k = config.k_anonymity
    att = ctx.get("attributor")
    rule = (f"Bij citaten staan kenmerken van de spreker alleen als ten minste {fmt_int(k)} respondenten van dat type "
            "die combinatie van kenmerken delen (k-anonimiteit); anders valt het laatste kenmerk weg.")
    if att is not None:
        rule += (f" Dat gebeurde bij {fmt_int(att.dropped)} citaten" +
                 (f" ({join_and(sorted(ATTRIBUTE_NAMES.get(a, a) for a in att.dropped_values))} weggelaten)."
                  if att.dropped_values else ".")
                 if att.dropped else " Dat was bij geen enkel citaat nodig.")
    out.append(rule + " Namen en andere herleidbare gegevens zijn vervangen door een rol of soort ([jobcoach], "
                      "[naam], [plaats], [organisatie]); stopwoorden en aantekeningen als [lacht] zijn weggelaten en "
                      "weggelaten woorden zijn gemarkeerd met (…).")
    if ctx.get("patterns"):
        out.append("De ‘Patronen’ onder een thema zijn door de computer gevonden: de gecodeerde fragmenten van het "
                   "thema zijn gegroepeerd op betekenis (k-means op de embeddings van het taalmodel, aantal groepen "
                   "gekozen met de silhouetscore, hoogstens vier), met per groep het aantal respondenten, het meest "
                   "typerende fragment en de woorden die de groep onderscheiden (c-TF-IDF). Het zijn aanwijzingen "
                   "voor de analist, geen bevindingen.")
    return out


def too_few_rule(inp: ReportInput) -> str:
    """The agreement's rule for "niet te beoordelen", in words for the source line."""
    rule = inp.agreement_rule
    if not rule:
        return "te weinig fragmenten met de code om overeenstemming zinvol te berekenen"
    return (f"de code is bij minder dan {count_words(int(rule['min_positives']), 'fragment', 'fragmenten')} "
            f"toegekend of bij minder dan {fmt_share(float(rule['min_positive_share']))} van de beoordelingen "
            "(prevalentie), te weinig om overeenstemming zinvol te berekenen")


def _prevalence(prev: float | None, few: bool, rule: dict | None) -> str:
    """The prevalence as shown: whole percents (house style), two decimals when rounding would
    lift a share under the rule's bound up to it (4,99% shown as "5%" beside "niet te
    beoordelen" would contradict the rule under the table)."""
    if prev is None:
        return "NB"
    bound = float(rule["min_positive_share"]) if rule else None
    if few and bound is not None and prev < bound <= round(prev * 100) / 100:
        return fmt_share(prev, 2)
    return fmt_share(prev)


def agreement_rows(inp: ReportInput) -> list[list[str]]:
    labels = {c.id: c.label for c in inp.codebook.flat()}
    rows = []
    for row in inp.agreement or []:
        code = str(row.get("code", ""))
        units = row.get("units")
        prev = row.get("prevalence")
        # the agreement's own judgement ([agreement] min_positives, min_positive_share): the
        # appendix says what `workbench agreement` says, never a judgement of its own
        few = row.get("flag") == "few"
        figures = (["niet te beoordelen"] * 2 if few else
                   [fmt_number(row.get("alpha"), 2), fmt_number(row.get("kappa"), 2)])
        rows.append([labels.get(code, code), fmt_int(units) if units is not None else "NB",
                     _prevalence(prev, few, inp.agreement_rule), *figures])
    return rows
