"""Citizens' input: post a comment without an account, moderate, answer, follow by receipt.

A comment from someone without an account is accepted only while its consultation is open.
Its author gets a private receipt (shown once; only its digest is kept) to follow the
moderation and the municipality's answer, and to delete the comment. A comment that is
pending or hidden is left out of everything the public can see.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import shapely
from shapely.geometry.base import BaseGeometry

from arealweb.domain.errors import InvalidInput, NotFound, Problem
from arealweb.domain.mail import Contact, OutgoingMail
from arealweb.domain.participation import (
    Comment,
    CommentState,
    Consultation,
    Moderation,
    Response,
    comment_problems,
)
from arealweb.domain.text import N_
from arealweb.geo.files import read_feature
from arealweb.geo.validation import invalidity, outside_distance_m
from arealweb.schemas.base import parse
from arealweb.schemas.participation import (
    COMMENT_ID,
    Agreement,
    ConsultationInput,
    ModerationAction,
    ModerationInput,
    ResponseInput,
    comment_feature,
)
from arealweb.store.repository import Store, UnitOfWork

PUBLIC_STATES = (CommentState.PUBLISHED,)


@dataclass(frozen=True)
class Posted:
    comment: Comment
    receipt: str


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def voter_digest(secret: str, voter: str) -> str:
    """Who agreed, as a keyed digest of a random browser id: no IP, nothing personal."""
    return hmac.new(secret.encode(), voter.encode(), hashlib.sha256).hexdigest()


def post_comment(
    store: Store,
    document: object,
    *,
    today: date,
    tolerance_m: float,
    receipt_link: Callable[[str], str] | None = None,
    language: str | None = None,
) -> Posted:
    """Check and store a citizen's comment (a GeoJSON Feature in WGS84).

    An author who gives an e-mail address is told of the answer: the address is kept with
    ``receipt_link(receipt)`` (the link the mail carries) and the language the comment names,
    else ``language`` (the request's; bokmål when none), for the mail. With no
    ``receipt_link`` (no mail configured) an address is not taken."""
    posted = comment_feature(document)
    props = posted.properties
    if props.website:
        # The honeypot: a field people never see. Only a robot fills it in.
        raise InvalidInput(N_("innspillet kunne ikke tas imot"))
    place = _comment_place(posted.geometry)

    def check_and_add(repo: UnitOfWork) -> Posted:
        geometry = place
        consultation = (
            repo.participation.find_consultation(props.consultation_id)
            if props.consultation_id
            else None
        )
        if consultation is None:
            raise InvalidInput(N_("velg en innspillsrunde"), "properties.consultation_id")
        if not consultation.is_open(today):
            raise InvalidInput(
                N_("innspillsrunden «%(title)s» er ikke åpen (%(opens)s–%(closes)s)"),
                title=consultation.title,
                opens=consultation.opens_on,
                closes=consultation.closes_on,
            )
        if props.zone_id is not None:
            zone = repo.zones.find(props.zone_id)
            if zone is None:
                raise InvalidInput(
                    N_("sonen %(id)s finnes ikke"), "properties.zone_id", id=props.zone_id
                )
            if geometry is None:
                geometry = shapely.point_on_surface(zone.geometry)
        if props.goal_id is not None and props.goal_id not in repo.goals.tree():
            raise InvalidInput(
                N_("målet %(id)s finnes ikke"), "properties.goal_id", id=props.goal_id
            )
        comment = Comment(
            id=uuid.uuid4().hex,
            consultation_id=consultation.id,
            kind=props.kind,
            theme=props.theme,
            text=props.text,
            geometry=geometry,
            created_at=datetime.now(UTC),
            state=CommentState.PENDING
            if consultation.moderation is Moderation.BEFORE
            else CommentState.PUBLISHED,
            zone_id=props.zone_id,
            goal_id=props.goal_id,
            name=props.name or None,
            age_group=props.age_group,
            group=props.group or None,
            email=props.email if receipt_link else None,
        )
        problems = comment_problems(comment)
        boundary = repo.reference.boundary()
        if (
            not problems
            and boundary
            and outside_distance_m(geometry, boundary.geometry) > tolerance_m
        ):
            problems.append(Problem(N_("stedet ligger utenfor Bærum kommune")))
        if problems:
            raise InvalidInput.of(problems)
        receipt = secrets.token_urlsafe(24)
        contact = None
        if comment.email and receipt_link:
            contact = Contact(
                comment.email, receipt_link(receipt), props.language or language or "nb"
            )
        repo.participation.add_comment(comment, digest(receipt), contact)
        return Posted(comment, receipt)

    # Posts arriving together share a commit (a hearing's peak); each is answered after it.
    return store.write_together(check_and_add)


def _comment_place(geometry: dict | None) -> BaseGeometry | None:
    """A comment's checked GeoJSON geometry in EPSG:25832; a self-intersecting area is refused
    with the place where its outline crosses itself."""
    if geometry is None:
        return None
    raw = read_feature({"type": "Feature", "properties": {}, "geometry": geometry})
    if raw.problem is not None:
        raise InvalidInput.of([Problem(raw.problem.template, raw.problem.params, "geometry")])
    problem = invalidity(raw.geometry)
    if problem is not None:
        raise InvalidInput.of([Problem(problem.template, problem.params, "geometry")])
    return raw.geometry


def list_comments(store: Store, *, public: bool, **filters) -> list[Comment]:
    with store.read() as repo:
        return repo.participation.comments(states=PUBLIC_STATES if public else None, **filters)


def comments_revision(store: Store) -> int:
    """Where the comments stand: moves on every change to a comment or an agreement, by
    anyone. Read it before the comments: what is read then is at least as new."""
    with store.read() as repo:
        return repo.participation.revision()


def awaiting_moderation(store: Store, limit: int = 100) -> tuple[int, list[str]]:
    """How many comments await moderation, and the newest ``limit`` ids among them (for the
    moderation queue's live updates: the page compares them with the cards it shows)."""
    with store.read() as repo:
        return repo.participation.pending(limit)


def _published(repo: UnitOfWork, comment_id: str) -> Comment:
    """A comment the public may see; NotFound for one that is pending or hidden."""
    comment = repo.participation.comment(comment_id)
    if comment.state is not CommentState.PUBLISHED:
        raise NotFound(N_("fant ikke innspillet %(id)s"), id=comment_id)
    return comment


def moderate(store: Store, comment_id: str, values: ModerationInput | dict, actor: str) -> Comment:
    """Publish or hide a comment (``values``: action and reason, a dict is checked strictly)."""
    comment_id = _comment_id(comment_id)
    moderation = parse(ModerationInput, values)
    states = {
        ModerationAction.APPROVE: CommentState.PUBLISHED,
        ModerationAction.HIDE: CommentState.HIDDEN,
    }
    if moderation.action is ModerationAction.HIDE and not moderation.reason:
        raise InvalidInput(N_("skriv hvorfor innspillet skjules"), "reason")
    with store.write() as repo:
        repo.participation.moderate(comment_id, states[moderation.action], moderation.reason, actor)
        return repo.participation.comment(comment_id)


def respond(
    store: Store,
    comment_id: str,
    values: ResponseInput | dict,
    actor: str,
    tell: Callable[[Comment, Contact], OutgoingMail] | None = None,
) -> Comment:
    """Answer a comment (``values``: status, text, zone and goal; a dict is checked strictly).

    When the author gave an e-mail address and the answer is new or changed, ``tell`` writes
    the mail (in the author's language) and it goes into the outbox in the same transaction:
    the answer is never saved without its mail, nor the mail queued for an answer not saved."""
    comment_id = _comment_id(comment_id)
    answer = parse(ResponseInput, values)
    if not answer.text:
        raise InvalidInput(N_("skriv svaret til innsenderen"), "text")
    with store.write() as repo:
        if answer.zone_id and repo.zones.find(answer.zone_id, include_deleted=True) is None:
            raise InvalidInput(N_("sonen %(id)s finnes ikke"), "zone_id", id=answer.zone_id)
        if answer.goal_id and answer.goal_id not in repo.goals.tree():
            raise InvalidInput(N_("målet %(id)s finnes ikke"), "goal_id", id=answer.goal_id)
        response = Response(
            answer.status, answer.text, actor, datetime.now(UTC), answer.zone_id, answer.goal_id
        )
        before = repo.participation.comment(comment_id).response
        repo.participation.respond(comment_id, response)
        answered = repo.participation.comment(comment_id)
        changed = before is None or (before.status, before.text) != (answer.status, answer.text)
        contact = repo.participation.contact(comment_id) if tell and changed else None
        if contact is not None:
            repo.outbox.enqueue(tell(answered, contact), response.at)
        return answered


def _comment_id(comment_id: object) -> str:
    """A comment's id from an address: no NUL, newline or other thing no id holds."""
    return parse(COMMENT_ID, comment_id, "comment_id")


def by_receipt(store: Store, receipt: str) -> Comment:
    with store.read() as repo:
        return repo.participation.comment(_receipt_comment_id(repo, receipt))


def delete_by_receipt(store: Store, receipt: str) -> None:
    """The author takes their comment back: it is deleted, not hidden, and not kept in a log."""
    with store.write() as repo:
        repo.participation.delete_comment(_receipt_comment_id(repo, receipt))
    store.flush_log()


def _receipt_comment_id(repo: UnitOfWork, receipt: str) -> str:
    comment_id = repo.participation.comment_id_for_receipt(digest(receipt))
    if comment_id is None:
        raise NotFound(N_("kvitteringen finnes ikke, eller innspillet er slettet"))
    return comment_id


def agree(store: Store, comment_id: str, voter: str) -> tuple[bool, int]:
    """One "enig" per voter per published comment: (counted now, agreements in all).

    The store checks "published" in the statement that counts, so a comment being hidden at the
    same moment gets no agreement."""
    agreement = parse(Agreement, {"comment_id": comment_id, "voter": voter})
    with store.write() as repo:
        counted = repo.participation.agree(agreement.comment_id, agreement.voter)
        # Read in the same transaction: nothing after the commit can turn a counted "enig"
        # into an error answer that the citizen would click again.
        comment = _published(repo, agreement.comment_id)
    return counted, comment.agreements


def consultations(store: Store) -> list[Consultation]:
    with store.read() as repo:
        return repo.participation.consultations()


def purge_personal(store: Store, retention_days: int, now: datetime | None = None) -> int:
    """Forget names, age groups, groups and e-mail addresses older than the retention time,
    and mail about them that never went."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=retention_days)
    with store.write() as repo:
        count = repo.participation.purge_personal(cutoff)
        repo.outbox.purge(cutoff)
    store.flush_log()
    return count


@dataclass(frozen=True)
class Counts:
    """How much input there is, and from whom (published comments only)."""

    total: int
    by_kind: dict[str, int]
    by_theme: dict[str, int]
    by_zone: dict[str, int]
    by_goal: dict[str, int]
    by_group: dict[str, int]
    young: int
    """Comments from children and young people (under 18), whom the law asks for care with."""


def counts(store: Store, consultation_id: str | None = None) -> Counts:
    found = list_comments(store, public=True, consultation_id=consultation_id)

    def tally(values) -> dict[str, int]:
        result: dict[str, int] = {}
        for value in values:
            if value:
                result[value] = result.get(value, 0) + 1
        return dict(sorted(result.items(), key=lambda item: (-item[1], item[0])))

    return Counts(
        total=len(found),
        by_kind=tally(c.kind.value for c in found),
        by_theme=tally(c.theme.value for c in found),
        by_zone=tally(c.zone_id for c in found),
        by_goal=tally(c.goal_id for c in found),
        by_group=tally(c.group for c in found),
        young=sum(1 for c in found if c.age_group and c.age_group.young),
    )


EXPORT_COLUMNS = [
    "id",
    "consultation_id",
    "kind",
    "theme",
    "text",
    "place",
    "zone_id",
    "zone",
    "goal_id",
    "goal",
    "group",
    "created_at",
    "agreements",
    "response_status",
    "response_text",
]


def export_rows(store: Store, comments: list[Comment], gettext: Callable[[str], str]) -> list[dict]:
    """Published comments for export: no name, no age group (personal data stays in arealweb).
    Beside each id its name — the zone's, the goal's — and where the comment is, in words in
    the reader's language (``gettext``), for people reading the file."""
    from arealweb.services.places import describe_comments

    with store.read() as repo:
        zone_ids = {c.zone_id for c in comments if c.zone_id}
        zones = {z.id: z.name for z in repo.zones.by_ids(zone_ids)} if zone_ids else {}
        tree = repo.goals.tree()
    places = describe_comments(store, comments, gettext)
    return [
        {
            "id": c.id,
            "consultation_id": c.consultation_id,
            "kind": c.kind.value,
            "theme": c.theme.value,
            "text": c.text,
            "place": places.get(c.id, ""),
            "zone_id": c.zone_id or "",
            "zone": zones.get(c.zone_id, "") if c.zone_id else "",
            "goal_id": c.goal_id or "",
            "goal": tree.get(c.goal_id).title if c.goal_id and c.goal_id in tree else "",
            "group": c.group or "",
            "created_at": c.created_at.isoformat(),
            "agreements": c.agreements,
            "response_status": c.response.status.value if c.response else "",
            "response_text": c.response.text if c.response else "",
        }
        for c in comments
    ]


def open_consultation(store: Store, values: ConsultationInput | dict) -> Consultation:
    """A planner opens a consultation: title, introduction, dates, moderation, zones and goals
    (``values`` a checked model, or a dict checked strictly)."""
    wanted = parse(ConsultationInput, values)
    if not wanted.title:
        raise InvalidInput(N_("innspillsrunden trenger en tittel"), "title")
    if wanted.closes_on < wanted.opens_on:
        raise InvalidInput(N_("sluttdatoen kommer før åpningsdatoen"), "closes_on")
    zone_ids = tuple(wanted.zone_ids)
    goal_ids = tuple(wanted.goal_ids)
    with store.write() as repo:
        unknown_zones = [z for z in zone_ids if repo.zones.find(z) is None]
        tree = repo.goals.tree()
        unknown_goals = [g for g in goal_ids if g not in tree]
        if unknown_zones or unknown_goals:
            raise InvalidInput(
                N_("ukjente soner eller mål: %(ids)s"), ids=", ".join(unknown_zones + unknown_goals)
            )
        consultation = Consultation(
            id=uuid.uuid4().hex[:12],
            title=wanted.title,
            introduction=wanted.introduction,
            opens_on=wanted.opens_on,
            closes_on=wanted.closes_on,
            moderation=wanted.moderation,
            zone_ids=zone_ids,
            goal_ids=goal_ids,
        )
        repo.participation.save_consultation(consultation)
        return consultation
