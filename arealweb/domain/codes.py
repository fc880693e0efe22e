"""National code lists the kommuneplan uses (Kartverket's SOSI plan standard).

KpArealformål: the land-use purpose of an area in the kommuneplan's arealdel.
Hensynssone: a consideration zone laid over the land-use purposes (pbl § 11-8).
"""

from __future__ import annotations

from arealweb.domain.text import N_

AREALFORMAL: dict[int, str] = {
    1001: N_("Bebyggelse og anlegg"),
    1110: N_("Boligbebyggelse"),
    1130: N_("Sentrumsformål"),
    1160: N_("Offentlig eller privat tjenesteyting"),
    1300: N_("Næringsbebyggelse"),
    1400: N_("Idrettsanlegg"),
    1800: N_("Kombinert bebyggelse og anleggsformål"),
    2001: N_("Samferdselsanlegg og teknisk infrastruktur"),
    2010: N_("Veg"),
    2020: N_("Bane"),
    2050: N_("Hovednett for sykkel"),
    2060: N_("Kollektivnett"),
    2070: N_("Kollektivknutepunkt"),
    3001: N_("Grønnstruktur"),
    3002: N_("Blågrønn struktur"),
    3020: N_("Naturområde"),
    3030: N_("Turdrag"),
    3040: N_("Friområde"),
    3050: N_("Park"),
    5100: N_("Landbruks-, natur- og friluftsformål (LNFR)"),
    6001: N_("Bruk og vern av sjø og vassdrag"),
}

HENSYNSSONER: dict[str, str] = {
    "H310": N_("Ras- og skredfare"),
    "H320": N_("Flomfare"),
    "H510": N_("Hensyn landbruk"),
    "H530": N_("Hensyn friluftsliv"),
    "H540": N_("Hensyn grønnstruktur"),
    "H550": N_("Hensyn landskap"),
    "H560": N_("Bevaring naturmiljø"),
    "H570": N_("Bevaring kulturmiljø"),
    "H710": N_("Båndlegging for regulering etter plan- og bygningsloven"),
    "H720": N_("Båndlegging etter lov om naturvern"),
    "H730": N_("Båndlegging etter lov om kulturminner"),
    "H735": N_("Båndlegging etter markaloven"),
}
