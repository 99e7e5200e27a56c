"""A small synthetic ReportInput for the synthesis and report tests (all text fictional).

12 respondents (6 deelnemers, 3 arbeidsdeskundigen, 2 re-integratiebureaus, 1 werkgever),
11 transcripts over two waves, D01 interviewed in both, interviewer and moderator lines (one of
them coded and holding a name that must never reach the report), and a deterministic embedder.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np

from workbench.codebook.model import Codebook
from workbench.synthesis.inputs import ReportInput, RespondentInfo, SegmentInfo, TranscriptInfo

HERE = Path(__file__).parent
POPULATION = HERE / "population.csv"
SECRET_NAME = "Jansen-Verhoeven"  # only ever said by an interviewer

CODEBOOK = {
    "name": "Reïntegratie test",
    "version": "1.2",
    "codes": [
        {"id": "drijfveren", "label": "Drijfveren en zorgen", "definition": "Groep.", "codable": False,
         "children": [
             {"id": "motivation", "label": "Motivatie om (weer) te werken", "definition": "Redenen om te werken.",
              "keywords": ["structuur", "meedoen", "bijdragen"]},
             {"id": "financial_uncertainty", "label": "Financiële onzekerheid", "definition": "Zorg over geld.",
              "keywords": ["uitkering", "toeslag", "geld"]},
             {"id": "zelfoverschatting", "label": "Zelfoverschatting", "definition": "Te hoge verwachtingen."},
         ]},
        {"id": "dienstverlening", "label": "Dienstverlening van UWV", "definition": "Groep.", "codable": False,
         "children": [
             {"id": "contact_ad", "label": "Contact met de arbeidsdeskundige", "definition": "Gesprekken."},
             {"id": "trajectory_fit", "label": "Aansluiting traject", "definition": "Past het traject.",
              "keywords": ["traject", "coach"]},
         ]},
        {"id": "aan_het_werk", "label": "Naar en aan het werk", "definition": "Groep.", "codable": False,
         "children": [
             {"id": "job_search", "label": "Zoeken naar werk", "definition": "Zoeken."},
             {"id": "support_at_work", "label": "Ondersteuning op de werkplek", "definition": "Steun."},
         ]},
    ],
}

RESPONDENTS = [
    ("D01", "deelnemer", {"uitkering": "IVA", "geslacht": "vrouw", "leeftijdsgroep": "45-55", "periode": "experiment"}),
    ("D02", "deelnemer", {"uitkering": "IVA", "geslacht": "man", "leeftijdsgroep": "35-45", "periode": "gedoog"}),
    ("D03", "deelnemer", {"uitkering": "Wajong", "geslacht": "man", "leeftijdsgroep": "<25", "periode": "experiment"}),
    ("D04", "deelnemer", {"uitkering": "IVA", "geslacht": "vrouw", "leeftijdsgroep": "45-55", "periode": "experiment"}),
    ("D05", "deelnemer", {"uitkering": "Wajong", "geslacht": "vrouw", "leeftijdsgroep": "25-35"}),
    ("D06", "deelnemer", {"uitkering": "IVA", "geslacht": "man", "leeftijdsgroep": ">55", "periode": "experiment"}),
    ("AD01", "arbeidsdeskundige", {}),
    ("AD02", "arbeidsdeskundige", {}),
    ("AD03", "arbeidsdeskundige", {}),
    ("RIB01", "re-integratiebureau", {}),
    ("RIB02", "re-integratiebureau", {}),
    ("WG01", "werkgever", {}),
]

TRANSCRIPTS = [
    ("int_D01_2024", "interview", "2024", "deelnemer", ["D01"]),
    ("int_D02_2024", "interview", "2024", "deelnemer", ["D02"]),
    ("int_D03_2024", "interview", "2024", "deelnemer", ["D03"]),
    ("int_D01_2025", "interview", "2025", "deelnemer", ["D01"]),
    ("int_D04_2025", "interview", "2025", "deelnemer", ["D04"]),
    ("int_D05_2025", "interview", "2025", "deelnemer", ["D05"]),
    ("int_D06_2025", "interview", "2025", "deelnemer", ["D06"]),
    ("fg_AD_2024", "focusgroep", "2024", "arbeidsdeskundige", ["AD01", "AD02", "AD03"]),
    ("fg_RIB_2025", "focusgroep", "2025", "re-integratiebureau", ["RIB01", "RIB02"]),
    ("int_WG01_2025", "interview", "2025", "werkgever", ["WG01"]),
    ("int_D02_2025_leeg", "interview", "2025", "deelnemer", []),
]

LONG = ("Ja, nee, nou, het begon eigenlijk al toen ik thuis zat en niks meer had om naar uit te kijken. "
        "Ik miste vooral de structuur van een gewone werkdag en de collega's om me heen. "
        "Daarom wilde ik graag weer meedoen en iets bijdragen, al was het maar een paar uur per week. "
        "Mijn partner vond het eerst spannend, want wat als het weer mis zou gaan? "
        "Maar ik heb gezegd dat ik het gewoon wil proberen, rustig aan, stap voor stap. "
        "En nu werk ik twee ochtenden bij een kwekerij en dat bevalt me eigenlijk heel goed.")

# (id, transcript, respondent, role, text, codes)
SEGMENTS = [
    (1, "int_D01_2024", None, "interviewer", f"Mevrouw {SECRET_NAME}, wat betekent werk voor u en waarom wilt u weer meedoen?", ["motivation"]),
    (2, "int_D01_2024", "D01", "respondent", LONG, ["motivation"]),
    (3, "int_D01_2024", "D01", "respondent", "Ik was bang dat mijn uitkering zou stoppen als ik ging werken. Niemand kon me precies vertellen wat er met mijn toeslagen gebeurt.", ["financial_uncertainty"]),
    (4, "int_D01_2024", None, "interviewer", "Hoe ging het eerste gesprek met de arbeidsdeskundige?", []),
    (5, "int_D01_2024", "D01", "respondent", "Nou, het eerste gesprek was best spannend, ik wist niet wat ze van me wilden. Maar ze luisterde echt naar mij.", ["contact_ad"]),
    (6, "int_D02_2024", "D02", "respondent", "Ja, ik wil gewoon weer ergens bij horen en een vast ritme hebben in de week, dat geeft me rust.", ["motivation"]),
    (7, "int_D02_2024", "D02", "respondent", "Het traject was heel algemeen, de coach had een standaardlijstje en keek niet naar wat ik kan.", ["trajectory_fit"]),
    (8, "int_D02_2024", None, "interviewer", "En hoe zit het met geld, maakt u zich daar zorgen over?", ["financial_uncertainty"]),
    (9, "int_D02_2024", "D02", "respondent", "Ik heb zelf een werkgever gevonden via mijn buurman, het UWV had geen vacatures voor mij.", ["job_search"]),
    (10, "int_D03_2024", "D03", "respondent", "Eh, ik wil later een eigen zaak beginnen, dat is echt mijn droom en daar werk ik naartoe.", ["motivation", "zelfoverschatting"]),
    (11, "int_D03_2024", "D03", "respondent", "Ik dacht dat ik meteen veertig uur kon werken, maar na twee weken was ik helemaal op.", ["zelfoverschatting"]),
    (12, "int_D03_2024", "D03", "respondent", "De coach van het bureau snapte precies wat ik nodig had, dat traject paste goed.", ["trajectory_fit"]),
    (13, "int_D01_2025", None, "interviewer", "Wat is er sinds vorig jaar veranderd?", []),
    (14, "int_D01_2025", "D01", "respondent", "Ik werk nu twee ochtenden en dat geeft me structuur, ik voel me weer iemand die meedoet.", ["motivation"]),
    (15, "int_D01_2025", "D01", "respondent", "Met de jobcoach op de kwekerij bespreek ik elke maand hoe het gaat, dat helpt me echt.", ["support_at_work"]),
    (16, "int_D04_2025", "D04", "respondent", "Ja. Ik vind het lastig dat ik niet weet wat er na het experiment met mijn uitkering gebeurt, dat geeft veel onrust.", ["financial_uncertainty"]),
    (17, "int_D04_2025", "D04", "respondent", "Ik wil bijdragen aan de maatschappij, niet alleen thuis zitten, en daarom doe ik nu vrijwilligerswerk.", ["motivation"]),
    (18, "int_D05_2025", "D05", "respondent", "Het traject was veel te kort, net toen het begon te lopen was het alweer afgelopen.", ["trajectory_fit"]),
    (19, "int_D05_2025", "D05", "respondent", "De arbeidsdeskundige nam de tijd en ik voelde me gehoord, dat had ik niet verwacht.", ["contact_ad"]),
    (20, "int_D05_2025", None, "interviewer", "Heeft u zelf gezocht naar werk?", []),
    (21, "int_D06_2025", "D06", "respondent", "Ik zoek zelf op internet naar vacatures en stuur open sollicitaties naar bedrijven in de buurt.", ["job_search"]),
    (22, "int_D06_2025", "D06", "respondent", "Geld is niet de reden, ik wil vooral weer structuur in mijn dag en mensen om me heen.", ["motivation"]),
    (23, "fg_AD_2024", None, "moderator", "Hoe gemotiveerd is deze groep volgens jullie?", ["motivation"]),
    (24, "fg_AD_2024", "AD01", "respondent", "De meesten zijn enorm gemotiveerd, ze willen echt meedoen en iets bijdragen.", ["motivation"]),
    (25, "fg_AD_2024", "AD02", "respondent", "Soms moet je het enthousiasme wat afremmen, want men overschat wat haalbaar is.", ["zelfoverschatting"]),
    (26, "fg_AD_2024", "AD03", "respondent", "We zetten dan een modulair traject in om inzicht te geven in wat iemand aankan.", ["zelfoverschatting", "trajectory_fit"]),
    (27, "fg_AD_2024", "AD02", "respondent", "Het eerste gesprek is voor veel mensen spannend, ze denken dat we komen keuren.", ["contact_ad"]),
    (28, "fg_AD_2024", "AD01", "respondent", "Mensen vragen vaak wat werken betekent voor hun uitkering en daar hebben we niet altijd een antwoord op.", ["financial_uncertainty"]),
    (29, "fg_RIB_2025", None, "moderator", "Welke trajecten zetten jullie in?", []),
    (30, "fg_RIB_2025", "RIB01", "respondent", "Wij merken dat trajecten vaak te standaard zijn ingekocht voor deze doelgroep.", ["trajectory_fit"]),
    (31, "fg_RIB_2025", "RIB02", "respondent", "Een goede match met de coach is het halve werk, dan loopt een traject veel beter.", ["trajectory_fit"]),
    (32, "fg_RIB_2025", "RIB01", "respondent", "Werkgevers vinden we meestal via ons eigen netwerk, niet via UWV.", ["job_search"]),
    (33, "int_WG01_2025", None, "interviewer", "Hoe heeft u deze medewerker gevonden?", []),
    (34, "int_WG01_2025", "WG01", "respondent", "Ze kwam zelf langs met een open sollicitatie en dat vond ik eigenlijk wel sterk.", ["job_search"]),
    (35, "int_WG01_2025", "WG01", "respondent", "Met loondispensatie en een jobcoach kunnen wij het risico wel aan, die ondersteuning is echt nodig.", ["support_at_work"]),
    (36, "int_WG01_2025", "WG01", "respondent", 'Ze zei letterlijk "ik wil gewoon weer meedoen" en dat zag je aan alles.', ["motivation"]),
    (37, "int_D04_2025", "D04", "respondent", "Ja.", ["motivation"]),
    (38, "int_D06_2025", "D06", "respondent", "Ik ben bang dat ik straks moet terugbetalen als ik te veel verdien, dat houdt me tegen.", ["financial_uncertainty"]),
    (39, "int_D03_2024", None, "interviewer", "Dank u wel voor het gesprek.", []),
    (40, "int_D05_2025", "D05", "respondent", "Ik wil weer meedoen, maar ik weet niet of mijn lichaam dat trekt.", ["motivation", "zelfoverschatting"]),
]

AGREEMENT = [
    {"code": "motivation", "units": 40, "alpha": 0.8123, "kappa": 0.79},
    {"code": "financial_uncertainty", "units": 40, "alpha": 0.655, "kappa": 0.61},
    {"code": "job_search", "units": 40, "alpha": None, "kappa": None},
]

_WAVE = {t[0]: t[2] for t in TRANSCRIPTS}


def fake_embed(texts: list[str]) -> np.ndarray:
    """Deterministic bag-of-words hashing into 64 dimensions, L2-normalised."""
    out = np.zeros((len(texts), 64))
    for i, t in enumerate(texts):
        for tok in re.findall(r"\w+", t.lower()):
            out[i, int(hashlib.sha1(tok.encode()).hexdigest(), 16) % 64] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def make_input(**overrides) -> ReportInput:
    """The synthetic project as a ReportInput; keyword overrides replace fields."""
    segments, codings, pos = {}, [], 0
    for sid, tr, rid, role, text, codes in SEGMENTS:
        segments[sid] = SegmentInfo(sid, tr, rid, role, text, _WAVE[tr], pos, pos + len(text))
        pos += len(text) + 1
        codings.extend((sid, c) for c in codes)
    fields = dict(
        title="Evaluatie experiment re-integratie IVA en Wajong",
        codebook=Codebook.model_validate(CODEBOOK),
        codebook_version="1.2",
        respondents=[RespondentInfo(i, t, dict(a)) for i, t, a in RESPONDENTS],
        segments=segments,
        codings=codings,
        coder="consensus",
        coders=["anna", "bram"],
        transcripts=[TranscriptInfo(n, k, w, rt, list(r)) for n, k, w, rt, r in TRANSCRIPTS],
        agreement=[dict(a) for a in AGREEMENT],
        population=POPULATION,
        embed=fake_embed,
    )
    fields.update(overrides)
    return ReportInput(**fields)
