"""Event finding through the real model, on sentences written for these tests."""

from dateline.model import Document

from .conftest import code_text, only


def test_active_voice_gives_initiator_and_recipient(coder):
    event = only(
        code_text(
            coder, "Israeli jets struck a Hamas command post in Gaza City on Tuesday."
        ),
        "ASSAULT",
    )
    assert event.actor is not None and event.actor.country == "ISR", "initiator lost"
    assert event.target is not None and "Hamas" in event.target.name, "recipient lost"


def test_passive_voice_keeps_initiator(coder):
    event = only(
        code_text(
            coder,
            "A police convoy was ambushed by al-Shabaab fighters near Beledweyne.",
        ),
        "ASSAULT",
    )
    assert event.actor is not None and event.actor.actor_id == "al-shabaab", (
        f"initiator was {event.actor}"
    )
    assert event.target is not None and event.target.sector == "police"


def test_event_noun_after_light_verb_takes_the_subject(coder):
    event = only(
        code_text(
            coder,
            "The Pakistani army carried out an airstrike on a TTP hideout in North Waziristan.",
        ),
        "ASSAULT",
    )
    assert event.mode == "aerial"
    assert event.actor is not None and event.actor.country == "PAK"
    assert event.target is not None and event.target.actor_id is not None


def test_negated_event_is_flagged(coder):
    events = code_text(
        coder, "The army did not attack the village of Kidal, a spokesman said."
    )
    event = only(events, "ASSAULT")
    assert event.negated is True, (
        "a denied-by-negation attack was coded as having happened"
    )


def test_planned_attack_is_not_an_event(coder):
    events = code_text(coder, "The rebels plan to attack the airport next week.")
    assert [e for e in events if e.event_type == "ASSAULT"] == [], (
        "an intention was coded as an event"
    )


def test_protest_is_coded_with_its_place(coder):
    event = only(
        code_text(
            coder,
            "Thousands of protesters rallied in Khartoum on Monday against the military government.",
        ),
        "PROTEST",
    )
    assert event.location is not None and event.location.country == "SDN"


def test_arrest_is_coercion(coder):
    event = only(
        code_text(
            coder, "Police in Lagos arrested twelve suspected kidnappers on Friday."
        ),
        "COERCE",
    )
    assert event.mode == "arrest"


def test_evidence_is_the_exact_sentence(coder):
    text = "Fighting was heavy. Wagner mercenaries killed five civilians in Moura, residents said. Nothing else happened."
    event = only(code_text(coder, text), "ASSAULT")
    assert text[event.evidence.start : event.evidence.end] == event.evidence.text
    assert event.evidence.text.startswith("Wagner mercenaries killed")
    assert text[event.trigger.start : event.trigger.end] == event.trigger.text


def test_every_span_points_into_the_text(coder):
    text = "Houthi forces launched drones at a tanker off Hodeidah on Sunday, the US military said. Two sailors were injured."
    for event in code_text(coder, text):
        for m in event.mentions:
            assert text[m.start : m.end] == m.text, (
                f"mention {m} does not match the text"
            )


def test_date_of_the_event_not_of_the_statement(coder):
    import datetime as dt

    text = "The army said on Monday that its troops had killed 30 militants near Gao on Saturday."
    (event,) = [
        e
        for e in code_text(coder, text, dt.date(2024, 4, 24))
        if e.event_type == "ASSAULT"
    ]
    assert event.date is not None and event.date.start == dt.date(2024, 4, 20), (
        "the statement's day was taken"
    )


def test_sentences_without_a_verb_are_coded(coder):
    # A root that is not a verb once sent a parse walk round forever.
    events = code_text(
        coder, "Heavy clashes in the city. Airstrikes on Marib overnight."
    )
    assert isinstance(events, list)


def test_a_passive_deployment_names_the_force_that_deployed(coder):
    import datetime as dt

    from dateline.model import Document

    document = Document(
        id="dep",
        text="Heavily armed Kenyan police officers were deployed to Nairobi on Monday.",
        published=dt.date(2024, 7, 9),
        language="en",
    )
    (result,) = coder.code_documents([document])
    deployments = [e for e in result.events if e.event_type == "MOBILIZE"]
    assert deployments, "the deployment must be coded"
    assert deployments[0].actor is not None
    assert "Police" in deployments[0].actor.name, deployments[0].actor


def test_a_body_saying_they_acted_is_the_actor(coder):
    events = code_text(
        coder,
        "Colombia's National Police announced on Friday that they had arrested "
        "twelve members of the Clan del Golfo in Medellin.",
    )
    event = only(events, "COERCE")
    assert event.actor is not None and event.actor.sector == "police", (
        f"'they' was not read as the police that announced it: {event.actor}"
    )


def test_a_curfew_nobody_is_named_for_is_the_governments(coder):
    events = code_text(
        coder,
        "Curfew was clamped in Jaffna on Saturday after clashes in the town. "
        "Sri Lankan troops patrolled the streets.",
    )
    curfews = [e for e in events if e.mode == "curfew"]
    assert curfews, "a curfew told in the passive was lost"
    assert curfews[0].actor is not None and curfews[0].actor.country == "LKA", (
        f"the curfew was not the state's: {curfews[0].actor}"
    )


def test_a_later_weapon_in_a_list_takes_the_verb_subject(coder):
    events = code_text(
        coder,
        "Riot police in Belgrade used batons, tear gas and water cannons on "
        "students on Sunday.",
    )
    assault = [e for e in events if e.event_type in ("ASSAULT", "COERCE")]
    assert assault and all(e.actor is not None for e in assault), (
        f"a weapon named after another lost its user: {[(e.trigger.text, e.actor) for e in assault]}"
    )


def test_a_noun_qualifying_another_is_no_event(coder):
    events = code_text(
        coder, "Protest leaders met the mayor of Lagos on Monday to discuss the route."
    )
    assert not [e for e in events if e.event_type == "PROTEST"], (
        "'protest leaders' was coded as a protest"
    )


def test_two_deeds_of_two_kinds_in_one_sentence_are_two_events(coder):
    events = code_text(
        coder,
        "Police in Harare fired tear gas and detained forty opposition supporters "
        "on Wednesday.",
    )
    types = {e.event_type for e in events}
    assert "COERCE" in types, f"the arrests folded into the tear gas: {types}"


def test_an_ordered_curfew_is_a_curfew_not_a_request(coder):
    events = code_text(
        coder,
        "The Ethiopian government ordered a curfew in Gondar on Monday after "
        "clashes in the city.",
    )
    kinds = [(e.event_type, e.mode) for e in events]
    assert ("COERCE", "curfew") in kinds, f"the curfew was lost: {kinds}"
    assert not [e for e in events if e.event_type == "REQUEST"], (
        f"'ordered a curfew' was coded as a request: {kinds}"
    )


def test_a_signed_agreement_is_an_agreement_and_its_day_no_party(coder):
    events = code_text(
        coder,
        "The Sudanese army and the RSF signed a truce agreement in Jeddah on Saturday.",
    )
    deal = only(events, "AGREE")
    assert deal.target is None or "Saturday" not in deal.target.text, (
        "the day was coded as the other party"
    )


def test_the_agency_telling_the_story_does_not_place_it(coder):
    events = code_text(
        coder,
        "Police fired tear gas at students in Sylhet on Sunday, a witness told AFP. "
        "AFP could not verify the toll. An AFP reporter saw dozens arrested, "
        "AFP said.",
    )
    placed = [e for e in events if e.location is not None]
    assert placed and all(e.location.country != "FRA" for e in placed), (
        f"the news agency's home became the story's country: {[e.location for e in placed]}"
    )


def test_a_crowd_gathering_outside_parliament_is_a_protest(coder):
    events = code_text(
        coder,
        "Thousands of teachers gathered outside parliament in Nairobi on Monday, "
        "demanding higher pay.",
    )
    assert [e for e in events if e.event_type == "PROTEST"], (
        f"a crowd outside parliament was not a protest: {[e.event_type for e in events]}"
    )


def test_tear_gas_fired_by_nobody_named_is_the_polices(coder):
    events = code_text(
        coder,
        "Tear gas and water cannon were used against students marching in Kampala "
        "on Tuesday.",
    )
    gassed = [e for e in events if e.mode == "crowd_control"]
    assert gassed and gassed[0].actor is not None, "the tear gas had no user"
    assert gassed[0].actor.sector == "police", f"got {gassed[0].actor}"


def test_the_outlet_reporting_a_strike_is_not_its_actor(coder):
    events = code_text(
        coder,
        "BBC Burmese reported air strikes on two villages in Sagaing Region on Friday.",
    )
    for event in events:
        if event.event_type == "ASSAULT" and event.actor is not None:
            assert event.actor.sector != "media", f"the outlet struck: {event.actor}"


def test_tear_gas_fired_at_marching_protesters_hits_the_protesters(coder):
    events = code_text(
        coder,
        "Zambian police fired tear gas at protesters marching to parliament in "
        "Lusaka on Thursday.",
    )
    gassed = [e for e in events if e.mode == "crowd_control"]
    assert gassed and gassed[0].target is not None, "the protesters were lost"
    assert "protesters" in gassed[0].target.text, f"got {gassed[0].target}"


def test_forces_handing_over_an_airport_act(coder):
    events = code_text(
        coder,
        "Yemeni military forces handed over Aden International Airport in the "
        "south of the city on Monday.",
    )
    event = only(events, "RETREAT")
    assert event.actor is not None and event.actor.country == "YEM", (
        f"the forces that handed it over were lost: {event.actor}"
    )


def test_a_habit_is_not_an_event(coder):
    events = code_text(
        coder,
        "Turkish forces regularly carry out raids against the PKK in northern Iraq. "
        "Israeli troops often arrest Palestinians in the West Bank.",
    )
    assert events == [], (
        f"a habitual statement was coded as events: {[e.trigger.text for e in events]}"
    )


def test_a_headline_does_not_take_the_caption_below_it(coder):
    text = (
        "Police arrest opposition leaders in Tbilisi\n\n"
        "Protesters carry flags in Tbilisi, Georgia, on Nov. 14, 2020.\n\n"
        "TBILISI (AP) — Georgian police on Tuesday arrested four opposition leaders."
    )
    events = code_text(coder, text)
    arrests = [e for e in events if e.event_type == "COERCE"]
    assert arrests, "the arrest was lost"
    for event in arrests:
        assert "\n" not in event.evidence.text.strip(), (
            f"the headline ran into the caption: {event.evidence.text!r}"
        )
        assert event.date is None or event.date.start.year == 2024, (
            f"the arrest took the caption's day of 2020: {event.date}"
        )


def test_the_dateline_city_is_not_the_doer(coder):
    events = code_text(
        coder,
        "NAIROBI, Kenya (AP) — Kenyan police on Tuesday fired tear gas and "
        "detained protesters demanding an end to police brutality.",
    )
    arrest = only(events, "COERCE")
    assert arrest.actor is not None and "NAIROBI" not in arrest.actor.text, (
        f"the dateline's city was coded as the doer: {arrest.actor}"
    )
    assert arrest.actor.sector == "police", f"the police lost: {arrest.actor}"


def test_police_breaking_up_a_protest_are_not_its_protesters(coder):
    events = code_text(
        coder,
        "Georgian police used tear gas to break up a protest in Tbilisi on Tuesday.",
    )
    for event in events:
        if event.event_type == "PROTEST":
            assert event.actor is None or event.actor.sector not in (
                "police",
                "military",
                "government",
            ), f"the police were coded as the protesters: {event.actor}"


def test_a_strike_promised_under_a_condition_is_a_threat(coder):
    events = code_text(
        coder,
        "Hamas said it would attack Israeli towns unless the siege of Gaza is lifted.",
    )
    threat = only(events, "THREATEN")
    assert threat.actor is not None and "Hamas" in threat.actor.name, (
        f"the threatener was lost: {threat.actor}"
    )
    assert [e for e in events if e.event_type == "ASSAULT"] == [], (
        "a threatened attack was coded as an attack"
    )


def test_the_condition_of_a_threat_is_no_event(coder):
    events = code_text(coder, "If the rebels attack the town, the army will respond.")
    assert [e for e in events if e.event_type in ("ASSAULT", "THREATEN")] == [], (
        f"a condition was coded: {[(e.event_type, e.trigger.text) for e in events]}"
    )


def test_a_banned_group_is_no_ban(coder):
    events = code_text(
        coder, "The banned Baloch Liberation Army claimed the bombing in Quetta."
    )
    assert [e for e in events if e.event_type == "COERCE"] == [], (
        "an adjective naming a group was coded as a ban happening now"
    )


def test_drones_launched_by_a_party_are_the_interception_not_a_second_attack(coder):
    events = code_text(
        coder,
        "Army air defences intercepted drones launched by the rebels over the airport.",
    )
    assert [e.trigger.text for e in events if e.event_type == "ASSAULT"] == [
        "intercepted"
    ], "a participle describing the drones was coded as an attack of its own"


def test_protesters_demanding_a_resignation_make_no_request(coder):
    events = code_text(
        coder,
        "Police fired tear gas at protesters demanding the president's resignation.",
    )
    assert [e for e in events if e.event_type == "REQUEST"] == [], (
        "what the protesters want was coded as a request event"
    )
    assert any(e.event_type == "ASSAULT" for e in events), "the tear gas was lost"


def test_soldiers_killed_in_an_ambush_is_still_the_attack(coder):
    events = code_text(coder, "Four soldiers killed in ambush near Gao on Tuesday.")
    assert any(e.event_type == "ASSAULT" for e in events), (
        "a headline telling the killing with a participle lost its event"
    )


def test_suspending_peace_talks_is_a_rejection(coder):
    events = code_text(
        coder, "The government of Mali suspended peace talks with the rebels on Monday."
    )
    assert [e.event_type for e in events] == ["REJECT"], (
        f"suspended talks were coded as {[e.event_type for e in events]}"
    )


def test_rebels_seizing_towns_capture_territory(coder):
    events = code_text(
        coder, "Since March the rebels have seized several strategic towns in Kivu."
    )
    event = only(events, "ASSAULT")
    assert event.mode == "capture", f"a capture of towns was coded as {event.mode}"


def test_residents_hitting_the_streets_protest(coder):
    events = code_text(
        coder,
        "Some 2,000 residents of Kano hit the streets on Friday over the killings.",
    )
    assert any(e.event_type == "PROTEST" for e in events), "the march was lost"
    assert not any(e.event_type == "ASSAULT" for e in events), (
        "'hit the streets' was coded as an attack"
    )


def test_attributing_an_attack_to_a_group_accuses_it(coder):
    events = code_text(
        coder, "Nigerian authorities attributed the bombing to Boko Haram on Sunday."
    )
    event = only(events, "ACCUSE")
    assert event.actor is not None and event.actor.country == "NGA", (
        f"the accusers were lost: {event.actor}"
    )


def test_a_toll_counted_since_a_month_is_no_event(coder):
    events = code_text(
        coder,
        "At least 90 people have died in Jos since clashes broke out in March.",
    )
    assert [e for e in events if e.event_type == "ASSAULT" and e.fatalities] == [], (
        "a running death toll was coded as one attack"
    )


def test_a_wars_toll_is_no_event_but_a_days_killing_is(coder):
    events = code_text(
        coder, "The fighting has killed more than 9,000 people, the UN said."
    )
    assert [e for e in events if e.event_type == "ASSAULT"] == [], (
        "the toll of a whole war was coded as one attack"
    )
    events = code_text(
        coder, "Gunmen killed nine villagers in Zamfara on Sunday, police said."
    )
    assert any(e.event_type == "ASSAULT" for e in events), "a killing was lost"


def test_a_plan_to_declare_a_ceasefire_is_no_ceasefire(coder):
    events = code_text(
        coder,
        "The rebels announced their plan to declare a ceasefire before the talks.",
    )
    assert [e for e in events if e.event_type in ("AGREE", "CONCEDE")] == [], (
        "an infinitive on a noun (a plan) was coded as a ceasefire"
    )


def test_forces_that_failed_to_rescue_hostages_rescued_none(coder):
    events = code_text(
        coder, "Villagers said the army failed to rescue the hostages in Zamfara."
    )
    assert [e for e in events if e.event_type == "AID"] == [], (
        "a failed rescue was coded as a rescue"
    )


def test_tear_gas_fired_to_disperse_a_crowd_is_one_event(coder):
    events = code_text(
        coder, "Police in Lagos fired tear gas to disperse the protesters on Monday."
    )
    kinds = sorted(e.event_type for e in events if e.event_type != "PROTEST")
    assert kinds == ["ASSAULT"], f"the dispersal was coded apart: {kinds}"


def test_the_mediators_of_a_truce_are_not_its_parties(coder):
    events = code_text(
        coder,
        "Kurdish leaders and Iraqi government officials reached a ceasefire deal "
        "mediated by the United States, Turkey and Gulf countries.",
    )
    event = only(events, "AGREE")
    assert event.actor is not None and "Kurdish" in (event.actor.text or ""), (
        f"the mediators were coded as a party to the deal: {event.actor}"
    )


def test_an_army_counting_enemies_killed_is_their_killer(coder):
    events = code_text(
        coder, "The Malian army said 13 jihadists were killed near Boni on Monday."
    )
    event = only(events, "ASSAULT")
    assert event.actor is not None and event.actor.sector == "military", (
        f"the army reporting its kills was not their actor: {event.actor}"
    )


def test_an_army_counting_its_own_dead_is_not_their_killer(coder):
    events = code_text(
        coder, "The Malian army said 13 soldiers were killed near Boni on Monday."
    )
    event = only(events, "ASSAULT")
    assert event.actor is None or event.actor.sector != "military", (
        f"the army was coded as killing its own soldiers: {event.actor}"
    )


def _candidates(coder, text):
    """The English finder's candidates for one passage, before assembling."""
    ((_, findings),) = coder.backend("en").findings(
        [Document(id=text[:10], text=text, language="en")]
    )
    return findings().candidates


def test_the_release_of_a_named_person_is_a_candidate(coder):
    # The release trigger needs a person as its object; a name is one.
    candidates = _candidates(coder, "Melia was released on bail on Monday.")
    assert [(c.event_type, c.trigger.text) for c in candidates] == [
        ("RETREAT", "released")
    ]
    assert not _candidates(coder, "The ministry released a statement on Monday.")
