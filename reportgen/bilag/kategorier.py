"""Kategorier: MainManager's categories, the konflikttrappe and what each category covers."""

from __future__ import annotations

from markupsafe import Markup

from .. import domain, names
from ..charts import theme
from ..content.bilag import Kategorier
from .context import BilagContext
from .elements import BilagView, Konflikttrappe, Liste, Overskrift, Tekst


def build(bilag: Kategorier, ctx: BilagContext) -> BilagView:
    """Make the categories bilag from its snippet; colours are the charts' colours."""
    view = BilagView(ctx.nummer, bilag.titel, "kategorier")
    elements = view.elementer
    beskrivelse = bilag.uddrag
    if beskrivelse.indledning:
        elements.append(Tekst(ctx.text(beskrivelse.indledning)))
    farver = theme.urotype_farver()
    elements.append(
        Konflikttrappe(
            [(name, farver[name]) for name in domain.KONFLIKTTRAPPE],
            [(name, farver[name]) for name in domain.UROTYPER if name not in domain.KONFLIKTTRAPPE],
        )
    )
    if beskrivelse.konflikttrappe:
        elements.append(Tekst(ctx.text(beskrivelse.konflikttrappe)))
    elements.append(Overskrift("Beskrivelse af kategorierne"))
    for kategori in beskrivelse.kategorier:
        name = names.canonical(kategori.navn, domain.UROTYPER) or kategori.navn
        elements.append(Overskrift(name, 3, farver.get(name)))
        elements.append(Tekst(ctx.text(kategori.beskrivelse)))
        if kategori.eksempel:
            elements.append(
                Tekst(
                    Markup('<p class="eksempel"><em>Eksempel:</em> {}</p>').format(
                        ctx.inline(kategori.eksempel, ends_paragraph=True)
                    )
                )
            )
        if kategori.underkategorier:
            elements.append(
                Liste(
                    [
                        Markup("<strong>{}:</strong> {}").format(
                            u.navn, ctx.inline(u.beskrivelse, ends_paragraph=True)
                        )
                        for u in kategori.underkategorier
                    ]
                )
            )
    if beskrivelse.kilde:
        elements.append(Overskrift("Om data"))
        elements.append(Tekst(ctx.text(beskrivelse.kilde)))
    return view
