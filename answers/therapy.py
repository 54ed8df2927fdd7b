"""Answers about stem-cell therapy: how it works, cell types, delivery, combinations, safety, evidence."""

from __future__ import annotations

from answers.honesty import EXPERIMENTAL
from answers.reply import Button, Question, Reply, bullet_list, join_words
from knowledge.query import KnowledgeBase
from safety.guidance import APPROVAL_NOTE

CELL_SHORT_NAMES = {"adsc": "ADSCs", "bone_marrow": "bone-marrow cells", "msc": "MSCs", "exosomes": "exosomes"}


def how_stem_cells_work(kb: KnowledgeBase, ask: Question) -> Reply:
    facts = {fact.slug: fact.text for fact in kb.mechanism()}
    return Reply(
        f"Stem-cell therapy {facts['regeneration']}: it {facts['blood_vessels']}, {facts['inflammation']} and "
        f"{facts['collagen']}. {facts['adsc_thickness']}.\n{EXPERIMENTAL} {APPROVAL_NOTE}",
        [Button.intent("Which cells are used?", "ask_cell_types"), Button.intent("Side effects", "ask_side_effects")],
        medical=True,
    )


def _methods_of(cell) -> str:
    return join_words([method.name.lower() for method in cell.methods])


def cell_types(kb: KnowledgeBase, ask: Question) -> Reply:
    named = ask.named("cell_type")
    if len(named) == 1:
        cell = kb.cell_type(named[0])
        return Reply(
            f"{cell.name}: taken from {cell.source} ({cell.origin}); {cell.harvesting}. "
            f"They are used for {join_words([b.text for b in cell.benefits])}, and applied by {_methods_of(cell)}.\n"
            f"{EXPERIMENTAL} {APPROVAL_NOTE}",
            [Button.intent("How are they applied?", "ask_application_methods", cell_type=cell.slug)],
            remember={"cell_type": cell.slug},
            medical=True,
        )
    cells = kb.cell_types()
    lines = [f"{cell.name} – from {cell.source}; applied by {_methods_of(cell)}" for cell in cells]
    return Reply(
        f"Four kinds are used for scars:\n{bullet_list(lines)}\n"
        "Cells can be your own (autologous) or a donor's (allogenic); donor cells need careful immune matching "
        "in specialised labs.",
        [
            Button.intent(CELL_SHORT_NAMES.get(cell.slug, cell.name), "ask_cell_types", cell_type=cell.slug)
            for cell in cells
        ],
        medical=True,
    )


def application_methods(kb: KnowledgeBase, ask: Question) -> Reply:
    cell_slug = ask.value("cell_type")
    named_methods = ask.named("application_method")
    if len(named_methods) == 1:
        method = kb.application_method(named_methods[0])
        users = join_words([CELL_SHORT_NAMES[c.slug] for c in kb.cell_types_using(method.slug)])
        used_by = f" It is a usual route for {users}." if users else ""
        return Reply(
            f"{method.name}: {method.description}.{used_by}", remember={"application_method": method.slug}, medical=True
        )
    if cell_slug and not named_methods:
        cell = kb.cell_type(cell_slug)
        return Reply(
            f"{cell.name} are usually applied by {_methods_of(cell)}.",
            [Button.intent("All application methods", "ask_application_methods")],
            medical=True,
        )
    lines = [f"{method.name} – {method.description}" for method in kb.application_methods()]
    return Reply(f"Stem cells reach the scar in five ways:\n{bullet_list(lines)}", medical=True)


def combination_therapies(kb: KnowledgeBase, ask: Question) -> Reply:
    groups = kb.combination_therapies()
    named = ask.named("therapy")
    if named:
        try:
            group = kb.therapy_group(named[0])
        except LookupError:
            group = None
        if group is not None:
            examples = f" (for example {group.examples})" if group.examples else ""
            return Reply(
                f"{group.name}{examples} is paired with stem cells: it {group.benefit}.\n{EXPERIMENTAL}",
                remember={"therapy": named[0]},
                medical=True,
            )
    lines = []
    for group in groups:
        examples = f" ({group.examples})" if group.examples else ""
        lines.append(f"{group.name}{examples} – {group.benefit}")
    return Reply(
        f"Stem cells are often combined with established treatments:\n{bullet_list(lines)}\n{EXPERIMENTAL}",
        medical=True,
    )


def side_effects(kb: KnowledgeBase, ask: Question) -> Reply:
    facts = {fact.slug: fact for fact in kb.safety_facts()}
    rate = facts["temporary_effects_rate"]
    return Reply(
        f"In the reports, about {rate.value_max:.0f}% of patients had temporary side effects such as "
        f"{facts['mild_fever'].text} or {facts['local_pain'].text}. Most procedures are minimally invasive and use "
        f"local anaesthesia; donor cells need careful immune matching in specialised labs.\n{EXPERIMENTAL} "
        "Ask the treating doctor about your own risks.",
        [Button.intent("Limits of the evidence", "ask_research_status")],
        medical=True,
    )


def effectiveness(kb: KnowledgeBase, ask: Question) -> Reply:
    case = next(o for o in kb.outcomes("case_report") if o.value_max)
    trials = bullet_list([o.text for o in kb.outcomes("trial")])
    return Reply(
        f"{EXPERIMENTAL} What has been reported: in one case, {case.text}, with up to {case.value_max:.0f}% "
        f"{case.measure} within {case.timeframe_months:.0f} months. In trials:\n{trials}\n"
        f"These are individual cases and early studies, not proof that it will work for you. {APPROVAL_NOTE}",
        [
            Button.intent("Research status", "ask_research_status"),
            Button.intent("When do results show?", "ask_results_timeline"),
        ],
        medical=True,
    )


LIMITS_SHOWN = ("unpredictable", "fat_reabsorption", "immune_response", "unproven_products", "research_ongoing")


def research_status(kb: KnowledgeBase, ask: Question) -> Reply:
    limits = {limit.slug: limit for limit in kb.limitations()}
    return Reply(
        f"Stem-cell therapy for acne scars is still experimental. The known limits:\n"
        f"{bullet_list([limits[key].text for key in LIMITS_SHOWN])}\n{APPROVAL_NOTE}",
        [
            Button.intent("Reported results", "ask_effectiveness"),
            Button.intent("Is it approved?", "ask_approval_status"),
        ],
        medical=True,
    )
