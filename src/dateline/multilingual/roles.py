"""Who did what to whom without a parser: roles by word order and cue words (finder).

Reads a sentence view's actor mentions around a trigger; returns the initiator
and recipient. A passive agent ("par", "من قبل", "tarafından"), a noun's
genitive ("attaque de l'EI", idafa, ezafe), an adjective of state ("frappes
russes") or a Turkish case ending name the initiator; a passive or victim word
makes the nearest phrase the recipient; otherwise the language's word order
decides.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dateline.model import EventCandidate, RoleChunk
from dateline.multilingual.lexicon import ActorHit, Lexicon, TriggerHit
from dateline.multilingual.sources import Source
from dateline.multilingual.view import SentenceView
from dateline.resources import Resources

# Languages where a verb at the end of its clause follows both its subject and
# its object ("Türk ordusu PKK'yı vurdu", "die Armee hat Kämpfer getötet").
_VERB_FINAL = frozenset({"tr", "fa", "de"})
# Words between a passive agent cue and its noun phrase ("par les forces").
_AGENT_GAP = 4
# Words between a speech verb and a trigger its speaker did ("a revendiqué l'attaque").
_SPEAKER_GAP = 2
# How far after the trigger a passive agent may stand: a verb's, and a noun's.
_AGENT_REACH = 10
_NEAR_AGENT_REACH = 5
# Types done by force, whose initiator is never a kind of victim.
_FORCE = frozenset({"ASSAULT", "COERCE"})
# Generic actors who suffer force rather than use it.
_VICTIMS = frozenset(
    {
        "generic-civilians",
        "generic-hostages",
        "generic-prisoners",
        "generic-refugees",
        "generic-migrants",
        "generic-students",
        "generic-journalists",
        "generic-aid-workers",
        "generic-health-workers",
    }
)


@dataclass(frozen=True, slots=True)
class Role:
    """An actor mention that may fill a role, by word indices."""

    start: int  # word indices
    end: int
    hit: ActorHit
    demonym: bool = False  # a bare adjective of state: "russes", "إسرائيلية"
    # Head-final names: the capitalised words before a generic head name it
    # ("İstanbul Valiliği", "444. Tugay"); the role's text starts here.
    name_start: int | None = None
    # A capitalised name the dictionary does not know ("Gustavo Petro"):
    # resolved by its text (names.py).
    name: bool = False


def assign_roles(
    view: SentenceView,
    lexicon: Lexicon,
    i: int,
    j: int,
    roles: list[Role],
    hit: TriggerHit,
    clause_start: int = 0,
) -> tuple[Role | None, Role | None]:
    """Initiator and recipient of the trigger at words [i, j), by word order.

    A passive agent ("par", "من قبل", "tarafından") or a noun's genitive ("attaque
    de l'EI") names the initiator; a passive or victim word makes the nearest
    phrase the recipient; otherwise the language's word order decides.
    """
    before = [r for r in roles if r.end <= i]
    after = [r for r in roles if r.start >= j]
    cased = _case_roles(view, lexicon, before)
    if cased is not None:
        return cased
    passive = (
        view.cue_ending_at("passive", i, gap=2) is not None
        or view.has("passive", i, j)
        or (
            j < len(view.words)
            and view.cue_starting_at("passive", j) is not None
            and lexicon.cues.word_order == "sov"
        )
        or _bracketed_passive(view, lexicon, i, j, hit, clause_start)
    )
    # A passive verb's agent may stand far after it ("tués dimanche lors d'une
    # attaque ... par des hommes armés"); otherwise close ("обстрела со стороны ВСУ").
    reach = _AGENT_REACH if passive else _NEAR_AGENT_REACH
    agent = next(
        (
            r
            for r in after
            if r.start - j <= reach
            and (begin := view.cue_ending_at("passive_agent", r.start, _AGENT_GAP))
            is not None
            and begin >= j
        ),
        None,
    )
    victim = view.has("victim", i, j) or (
        # "قتل ثلاثة جنود ... في غارة": the victims were named before the noun.
        hit.noun and (view.has("victim", 0, i) or view.has("passive", 0, i))
    )
    nearest_before = before[-1] if before else None
    beside = next((r for r in after if r.demonym and r.start - j <= 1), None)
    if beside is None and lexicon.cues.adjacent_genitive and hit.noun:
        # Idafa and ezafe: "هجوم داعش", "حملات هوایی اسرائیل" name the doer.
        beside = next((r for r in after if r.start == j and not victim_like(r)), None)
    if hit.noun and beside is not None:
        # "frappes russes", "غارة إسرائيلية": the adjective names the doer.
        others = [r for r in after if r is not beside]
        victims = nearest_before if (passive or victim) else None
        return beside, victims or (others[0] if others else None)
    if (
        len(before) >= 2
        and hit.type not in lexicon.symmetric
        and view.has("conjunction", before[-2].end, before[-1].start)
    ):
        # "L'armée malienne et les forces russes ont attaqué": the first named leads.
        nearest_before = before[-2]
    if agent is None and passive and lexicon.language in _VERB_FINAL:
        roles_before = _agent_before(view, before, after, clause_start)
        if roles_before is not None:
            return roles_before
    genitive = next(
        (
            r
            for r in after[:1]
            if hit.noun
            and r.start - j <= 2
            and view.cue_ending_at("genitive", r.start, 1) is not None
        ),
        None,
    )
    if hit.noun and (hit.type, hit.mode) in lexicon.patient_nouns:
        # "Israels Polizei gab die Festnahme von fünf Siedlern bekannt": the
        # complement of an arrest or a release is who suffers it.
        found = _patient_of_noun(view, j, after)
        if found is not None:
            doer = found[0] or nearest_before
            return (doer if doer and not victim_like(doer) else None), found[1]
    if agent is not None:
        others = _past_list(view, agent, [r for r in after if r is not agent])
        return agent, nearest_before or (others[0] if others else None)
    if genitive is not None:
        victims = nearest_before if (passive or view.has("victim", 0, i)) else None
        others = [r for r in after[1:] if _after_target_prep(view, r)]
        return genitive, victims or (others[0] if others else None)
    if passive or victim:
        target = nearest_before or (after[0] if after else None)
        return None, target
    return _roles_by_word_order(view, lexicon, hit, j, before, after, nearest_before)


def _patient_of_noun(
    view: SentenceView, j: int, after: list[Role]
) -> tuple[Role | None, Role] | None:
    """The doer and the recipient of a noun whose complement suffers it.

    "Israels Polizei gab die Festnahme von fünf Siedlern bekannt", "la
    détention de trois journalistes par la police": the complement right
    after the noun is the recipient; a passive agent after it, or else the
    phrase before the noun, is the doer. None when no complement follows.
    """
    if not after:
        return None
    patient = after[0]
    begin = view.cue_ending_at("genitive", patient.start, _AGENT_GAP)
    if begin is None or begin > j + 1:
        return None
    agent = next(
        (
            r
            for r in after[1:]
            if r.start - patient.end <= _AGENT_GAP
            and (cue := view.cue_ending_at("passive_agent", r.start, _AGENT_GAP))
            is not None
            and cue >= patient.end
        ),
        None,
    )
    return agent, patient


def _agent_before(
    view: SentenceView, before: list[Role], after: list[Role], clause_start: int
) -> tuple[Role, Role | None] | None:
    """A passive agent before a clause-final participle, and its recipient.

    "Zivilisten, die von syrischen Regierungskräften getötet wurden": the
    agent is the first phrase after "von" in the clause; the recipient is the
    phrase before it. None when no agent stands before the verb.
    """
    agent = next(
        (
            r
            for r in before
            if not victim_like(r)
            and (begin := view.cue_ending_at("passive_agent", r.start, 1)) is not None
            and begin >= clause_start
        ),
        None,
    )
    if agent is None:
        return None
    ahead = [r for r in before if r.end <= agent.start]
    return agent, ahead[-1] if ahead else (after[0] if after else None)


def _bracketed_passive(
    view: SentenceView,
    lexicon: Lexicon,
    i: int,
    j: int,
    hit: TriggerHit,
    clause_start: int,
) -> bool:
    """A passive whose auxiliary and participle bracket the clause (German).

    "Mehr als 400 Menschen wurden nach Angaben der Behörde getötet" (the
    auxiliary earlier in the clause) and "..., die von Kräften getötet wurden"
    (the auxiliary after the clause-final participle). Only for a language
    whose verbs end their clause but whose main clauses put the auxiliary
    second; a noun trigger is never passive.
    """
    if hit.noun or lexicon.language not in _VERB_FINAL:
        return False
    if lexicon.cues.word_order != "svo":
        return False
    after = j < len(view.words) and view.cue_starting_at("passive", j) is not None
    return after or view.has("passive", clause_start, i)


def _past_list(view: SentenceView, first: Role, later: list[Role]) -> list[Role]:
    """The roles after ``first`` less those listed with it ("von X, Y und Z")."""
    last = first
    out: list[Role] = []
    for role in later:
        if role.start >= last.end and not out and _joined(view, last, role):
            last = role
        else:
            out.append(role)
    return out


def _joined(view: SentenceView, first: Role, other: Role) -> bool:
    """True when ``other`` follows ``first`` in a list: "von Frankreich, der Türkei"."""
    gap = other.start - first.end
    if gap < 0 or gap > 2:
        return False
    return view.has("conjunction", first.end, other.start) or any(
        "," in view.punct_before[k] for k in range(first.end, other.start + 1)
    )


def _case_roles(
    view: SentenceView, lexicon: Lexicon, before: list[Role]
) -> tuple[Role | None, Role | None] | None:
    """Roles by case endings, for a language that marks them; None if none do."""
    cues = lexicon.cues
    if not cues.dative_suffixes:
        return None
    # Turkish case endings: "İsrail'in saldırısı" (of Israel), "İsrail'e" (on Israel).
    owner = next(
        (r for r in reversed(before) if _suffix(view, r) in cues.genitive_suffixes),
        None,
    )
    goal = next((r for r in before if _suffix(view, r) in cues.dative_suffixes), None)
    if owner is not None or goal is not None:
        doer = owner or next((r for r in before if r is not goal), None)
        return doer, goal
    return None


def _roles_by_word_order(
    view: SentenceView,
    lexicon: Lexicon,
    hit: TriggerHit,
    j: int,
    before: list[Role],
    after: list[Role],
    nearest_before: Role | None,
) -> tuple[Role | None, Role | None]:
    """Initiator and recipient when no cue names them: the language's word order."""
    if (
        hit.type in _FORCE
        and nearest_before is not None
        and victim_like(nearest_before)
    ):
        # "doce personas murieron en enfrentamientos entre facciones del Cártel"
        doer = after[0] if after and not _after_target_prep(view, after[0]) else None
        if lexicon.cues.word_order == "sov" and len(before) >= 2:
            # "İsrail ordusu ... 3 Filistinliyi gözaltına aldı": in a verb-final
            # clause the victims stand before the verb, their doer first.
            doer = before[0] if not victim_like(before[0]) else doer
        return doer, nearest_before
    if hit.type in lexicon.symmetric and len(before) >= 2:
        # "Le gouvernement congolais et les rebelles du M23 ont accepté": the
        # last name before "et" and the name nearest the verb.
        joint = next(
            (
                k
                for k in range(len(before) - 1, 0, -1)
                if view.has("conjunction", before[k - 1].end, before[k].start)
            ),
            None,
        )
        if joint is not None:
            return before[joint - 1], before[-1]
    order = lexicon.cues.word_order
    if not after and len(before) >= 2 and lexicon.language in _VERB_FINAL:
        return before[0], before[-1]
    if order == "sov":
        if len(before) >= 2:
            return before[0], before[-1]
        if before and view.cue_starting_at("object_marker", before[-1].end) is not None:
            return None, before[-1]  # "... ۱۵ معترض را بازداشت کردند": the object
        return (before[0] if before else None), (after[0] if after else None)
    if not before and after and hit.type in _FORCE and victim_like(after[0]):
        return None, after[0]  # "Selbstmordanschlag ... sieben Menschen ums Leben"
    if not before and after:
        # "un bombardeo israelí"; a name after a verb is its object ("criticó
        # al Ministerio Público"), not its doer.
        adjacent = after[0].start - j <= 1 and not (after[0].name and not hit.noun)
        if (order == "vso" or hit.noun or adjacent) and not _after_target_prep(
            view, after[0]
        ):
            # "قصفت القوات الروسية المدينة", "affrontements entre X et Y"
            return after[0], (after[1] if len(after) > 1 else None)
        return None, after[0]
    return nearest_before, (after[0] if after else None)


def _suffix(view: SentenceView, role: Role) -> str:
    return view.words[role.end - 1].suffix.casefold()


def victim_like(role: Role) -> bool:
    """True for kinds of people who suffer force: civilians, hostages, ..."""
    return role.hit.actor_id in _VICTIMS


def _after_target_prep(view: SentenceView, role: Role) -> bool:
    return view.cue_ending_at("target_prep", role.start, _AGENT_GAP) is not None


def demonym_roles(
    view: SentenceView, lexicon: Lexicon, actors: list[Role]
) -> list[Role]:
    """Bare demonyms as states: "une délégation russe", "российская сторона".

    Skipped inside or right after a named phrase ("soldats maliens" is already
    the Malian army, "civils syriens" are civilians), and next to a place noun:
    "العاصمة الليبية", "глава российского региона" name a place, not a party.
    """
    out = []
    for k, end, isos in lexicon.demonyms.find(view.words):
        if any(a.start <= k < a.end or a.end == k for a in actors):
            continue
        if (
            view.cue_ending_at("place_noun", k) is not None
            or view.cue_starting_at("place_noun", end) is not None
        ):
            continue
        if k > 0 and (
            view.words[k - 1].text.isdigit()
            or view.cue_ending_at("number", k) is not None
            or view.cue_ending_at("vague", k) is not None
        ):
            # "12 فلسطينيا", "trois Palestiniens": people of that nation.
            out.append(Role(k, end, ActorHit("generic-civilians")))
            continue
        government = lexicon.governments.get(isos[0])
        if government is not None:
            out.append(Role(k, end, ActorHit(government), demonym=True))
    return out


def adjective_doer(
    view: SentenceView,
    i: int,
    roles: list[Role],
    actor: Role | None,
    target: Role | None,
) -> tuple[Role | None, Role | None]:
    """The doer named by an adjective right before a trigger noun.

    "через ворожу атаку", "после российского удара": the adjective (a bare
    demonym, or a one-word name in lower case) is the attack's doer, never
    its target, whatever word order or the parse said.
    """
    for role in roles:
        if role.end == i and (
            role.demonym
            or (role.end - role.start == 1 and view.words[role.start].text.islower())
        ):
            return role, (None if target is role else target)
    return actor, target


def speaker_before(i: int, sources: list[Source], actors: list[Role]) -> Role | None:
    """The speaker of a speech verb right before the trigger.

    "X a affirmé avoir abattu", "أعلن الجيش السوداني استعادة": the speaker did it.
    """
    for source in sources:
        said = max(source.cue_end, source.end if source.start >= source.cue_end else 0)
        # "DEAŞ saldırıyı üstlendi": in a verb-final clause the trigger sits
        # between the speaker and the verb.
        between = source.end <= i < source.cue_start and source.cue_start - i <= 2
        # "La ONG denunció", "O governo negou": the speech verb is the trigger.
        itself = source.cue_start <= i < source.cue_end
        if source.speech and (said <= i <= said + _SPEAKER_GAP or between or itself):
            named = [
                a for a in actors if source.start <= a.start and a.end <= source.end
            ]
            if named:
                return named[-1]
    return None


def demonym_next_to(
    i: int, j: int, roles: list[Role], target: Role | None
) -> Role | None:
    """A state named by an adjective on the trigger: "frappes russes", "российские удары"."""
    for role in roles:
        if (
            role.demonym
            and role is not target
            and (role.start in (j, j + 1) or role.end == i)
        ):
            return role
    return None


# Kinds of armed group a report calls a doer it named before: "боевики",
# "угруповання", "les assaillants".
_GROUP_KINDS = frozenset(
    {
        "generic-militants",
        "generic-rebels",
        "generic-separatists",
        "generic-militia",
        "generic-paramilitaries",
        "generic-kidnappers",
    }
)
# Sectors of a named doer those kinds may stand for (not states, whose
# soldiers are their own military).
_ARMED_SECTORS = frozenset(
    {"rebel", "insurgent", "militia", "paramilitary", "armed_group", "criminal"}
)


def _named_group(actor_id: str, resources: Resources) -> bool:
    """True for a named (not generic) armed group of the actor dictionary."""
    entry = resources.actors.get(actor_id)
    return entry is not None and not entry.generic and entry.sector in _ARMED_SECTORS


def carry_doer(
    candidates: list[EventCandidate], resources: Resources
) -> list[EventCandidate]:
    """A named armed group carried to its later mentions as a kind of group.

    "Боевики ИГИЛ атаковали ... Затем боевики обстреляли ...": the second
    event's "боевики" are IS, the doer the article introduced. A later named
    group takes over; a state's forces never stand for a group.
    """
    doer: RoleChunk | None = None
    out = []
    for candidate in candidates:
        actor = candidate.actor
        refs = [m.ref for m in actor.inner if m.ref] if actor is not None else []
        if actor is not None and refs and all(r in _GROUP_KINDS for r in refs):
            if doer is not None:
                candidate = replace(
                    candidate,
                    actor=replace(
                        actor,
                        inner=doer.inner,
                        head_lemma=doer.head_lemma,
                        pronoun=True,
                    ),
                )
        elif actor is not None and any(_named_group(r, resources) for r in refs):
            doer = actor
        out.append(candidate)
    return out


def carry_armed_group(
    candidates: list[EventCandidate], resources: Resources
) -> list[EventCandidate]:
    """The one armed group an article names, as the doer of its unclaimed attacks.

    "Seis soldados murieron a manos de disidentes de las FARC ... Los militares
    fueron atacados con granadas": an attack on a state's forces that names no
    doer is the group's, when the article names one armed group and no other.
    """
    groups: dict[str, RoleChunk] = {}
    for candidate in candidates:
        for chunk in (candidate.actor, candidate.target):
            if chunk is None:
                continue
            for mention in chunk.inner:
                if mention.ref and _named_group(mention.ref, resources):
                    groups.setdefault(mention.ref, chunk)
    if len(groups) != 1:
        return candidates
    (doer,) = groups.values()
    out = []
    for candidate in candidates:
        target = candidate.target
        if (
            candidate.event_type == "ASSAULT"
            and candidate.actor is None
            and target is not None
            and any(
                (entry := resources.actors.get(m.ref)) is not None
                and entry.organ in ("military", "police")
                for m in target.inner
                if m.ref
            )
        ):
            candidate = replace(candidate, actor=replace(doer, pronoun=True))
        out.append(candidate)
    return out


def named_head(view: SentenceView, role: Role, roles: list[Role]) -> Role:
    """A capitalised generic head takes the capitalised words before it as its name.

    Head-final languages name an institution before its kind: "İstanbul
    Valiliği" (the Istanbul governorate), "444. Tugay" (the 444th brigade). A
    word with a case ending after an apostrophe ("UBH'ye bağlı") or inside
    another actor ends the name.
    """
    words = view.words
    if (
        not role.hit.actor_id.startswith("generic-")
        or not words[role.end - 1].capitalised
    ):
        return role
    k = role.start
    while k > 0:
        prev = words[k - 1]
        gap = view.punct_before[k]
        if gap and not (gap == "." and prev.text.isdigit()):
            break
        if prev.suffix or not (prev.capitalised or prev.text.isdigit()):
            break
        if any(r.start <= k - 1 < r.end for r in roles):
            break
        k -= 1
    return role if k == role.start else replace(role, name_start=k)


def name_start(role: Role) -> int:
    """Where the role's name starts: before its head in a head-final name."""
    return role.start if role.name_start is None else role.name_start
