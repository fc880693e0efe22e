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
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import shapely

from arealweb.domain.errors import InvalidInput, NotFound, Problem
from arealweb.domain.goals import Theme
from arealweb.domain.participation import (
    REASON_MAX,
    RESPONSE_MAX,
    AgeGroup,
    Comment,
    CommentKind,
    CommentState,
    Consultation,
    Moderation,
    Response,
    ResponseStatus,
    comment_problems,
)
from arealweb.domain.text import N_
from arealweb.geo.files import read_feature
from arealweb.geo.validation import outside_distance_m
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


def _choice(enum, value, template):
    try:
        return enum(value)
    except ValueError:
        raise InvalidInput(
            template, value=value, choices=", ".join(e.value for e in enum)
        ) from None


def post_comment(store: Store, document: object, *, today: date, tolerance_m: float) -> Posted:
    """Check and store a citizen's comment (a GeoJSON Feature in WGS84)."""
    if isinstance(document, dict) and not document.get("geometry"):
        document = {**document, "geometry": None}
    raw = read_feature(document)
    props = raw.properties
    if str(props.get("website") or "").strip():
        # The honeypot: a field people never see. Only a robot fills it in.
        raise InvalidInput(N_("innspillet kunne ikke tas imot"))
    with store.write() as repo:
        consultation = repo.participation.find_consultation(str(props.get("consultation_id")))
        if consultation is None:
            raise InvalidInput(N_("velg en innspillsrunde"))
        if not consultation.is_open(today):
            raise InvalidInput(
                N_("innspillsrunden «%(title)s» er ikke åpen (%(opens)s–%(closes)s)"),
                title=consultation.title,
                opens=consultation.opens_on.isoformat(),
                closes=consultation.closes_on.isoformat(),
            )
        kind = _choice(CommentKind, props.get("kind"), N_("velg hva slags innspill: %(choices)s"))
        theme = _choice(Theme, props.get("theme"), N_("velg et tema: %(choices)s"))
        age = props.get("age_group") or None
        age_group = _choice(AgeGroup, age, N_("velg en aldersgruppe: %(choices)s")) if age else None
        zone_id = props.get("zone_id") or None
        goal_id = props.get("goal_id") or None
        geometry = raw.geometry
        if zone_id is not None:
            zone = repo.zones.find(str(zone_id))
            if zone is None:
                raise InvalidInput(N_("sonen %(id)s finnes ikke"), id=zone_id)
            if geometry is None:
                geometry = shapely.point_on_surface(zone.geometry)
        if goal_id is not None and goal_id not in repo.goals.tree():
            raise InvalidInput(N_("målet %(id)s finnes ikke"), id=goal_id)
        comment = Comment(
            id=uuid.uuid4().hex,
            consultation_id=consultation.id,
            kind=kind,
            theme=theme,
            text=str(props.get("text") or ""),
            geometry=geometry,
            created_at=datetime.now(UTC),
            state=CommentState.PENDING
            if consultation.moderation is Moderation.BEFORE
            else CommentState.PUBLISHED,
            zone_id=zone_id,
            goal_id=goal_id,
            name=(str(props["name"]).strip() or None) if props.get("name") else None,
            age_group=age_group,
            group=(str(props["group"]).strip() or None) if props.get("group") else None,
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
        repo.participation.add_comment(comment, digest(receipt))
    return Posted(comment, receipt)


def list_comments(store: Store, *, public: bool, **filters) -> list[Comment]:
    with store.read() as repo:
        return repo.participation.comments(states=PUBLIC_STATES if public else None, **filters)


def published(store: Store, comment_id: str) -> Comment:
    """A comment the public may see; NotFound for one that is pending or hidden."""
    with store.read() as repo:
        comment = repo.participation.comment(comment_id)
    if comment.state is not CommentState.PUBLISHED:
        raise NotFound(N_("fant ikke innspillet %(id)s"), id=comment_id)
    return comment


def moderate(store: Store, comment_id: str, action: str, reason: str, actor: str) -> Comment:
    states = {"approve": CommentState.PUBLISHED, "hide": CommentState.HIDDEN}
    if action not in states:
        raise InvalidInput(N_("action må være «approve» eller «hide»"))
    reason = (reason or "").strip()
    if action == "hide" and not reason:
        raise InvalidInput(N_("skriv hvorfor innspillet skjules"))
    if len(reason) > REASON_MAX:
        raise InvalidInput(N_("begrunnelsen er lengre enn %(max)d tegn"), max=REASON_MAX)
    with store.write() as repo:
        repo.participation.moderate(comment_id, states[action], reason, actor)
        return repo.participation.comment(comment_id)


def respond(store: Store, comment_id: str, values: dict, actor: str) -> Comment:
    status = _choice(
        ResponseStatus,
        values.get("status"),
        N_("velg hvordan innspillet er behandlet: %(choices)s"),
    )
    text = str(values.get("text") or "").strip()
    if not text:
        raise InvalidInput(N_("skriv svaret til innsenderen"))
    if len(text) > RESPONSE_MAX:
        raise InvalidInput(N_("svaret er lengre enn %(max)d tegn"), max=RESPONSE_MAX)
    with store.write() as repo:
        zone_id = values.get("zone_id") or None
        goal_id = values.get("goal_id") or None
        if zone_id and repo.zones.find(zone_id, include_deleted=True) is None:
            raise InvalidInput(N_("sonen %(id)s finnes ikke"), id=zone_id)
        if goal_id and goal_id not in repo.goals.tree():
            raise InvalidInput(N_("målet %(id)s finnes ikke"), id=goal_id)
        response = Response(status, text, actor, datetime.now(UTC), zone_id, goal_id)
        repo.participation.respond(comment_id, response)
        return repo.participation.comment(comment_id)


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
    with store.write() as repo:
        counted = repo.participation.agree(comment_id, voter)
    return counted, published(store, comment_id).agreements


def consultations(store: Store) -> list[Consultation]:
    with store.read() as repo:
        return repo.participation.consultations()


def purge_personal(store: Store, retention_days: int, now: datetime | None = None) -> int:
    """Forget names, age groups and groups older than the retention time."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=retention_days)
    with store.write() as repo:
        count = repo.participation.purge_personal(cutoff)
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
    "zone_id",
    "goal_id",
    "group",
    "created_at",
    "agreements",
    "response_status",
    "response_text",
]


def export_rows(comments: list[Comment]) -> list[dict]:
    """Published comments for export: no name, no age group (personal data stays in arealweb)."""
    return [
        {
            "id": c.id,
            "consultation_id": c.consultation_id,
            "kind": c.kind.value,
            "theme": c.theme.value,
            "text": c.text,
            "zone_id": c.zone_id or "",
            "goal_id": c.goal_id or "",
            "group": c.group or "",
            "created_at": c.created_at.isoformat(),
            "agreements": c.agreements,
            "response_status": c.response.status.value if c.response else "",
            "response_text": c.response.text if c.response else "",
        }
        for c in comments
    ]


def open_consultation(store: Store, values: dict) -> Consultation:
    """A planner opens a consultation: title, introduction, dates, moderation, zones and goals."""
    title = str(values.get("title") or "").strip()
    if not title:
        raise InvalidInput(N_("innspillsrunden trenger en tittel"))
    try:
        opens_on = date.fromisoformat(str(values.get("opens_on")))
        closes_on = date.fromisoformat(str(values.get("closes_on")))
    except ValueError:
        raise InvalidInput(N_("oppgi åpnings- og sluttdato som ÅÅÅÅ-MM-DD")) from None
    if closes_on < opens_on:
        raise InvalidInput(N_("sluttdatoen kommer før åpningsdatoen"))
    moderation = _choice(
        Moderation,
        values.get("moderation") or "before",
        N_("moderering må være en av: %(choices)s"),
    )
    zone_ids = tuple(str(z) for z in values.get("zone_ids") or ())
    goal_ids = tuple(str(g) for g in values.get("goal_ids") or ())
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
            title=title,
            introduction=str(values.get("introduction") or "").strip(),
            opens_on=opens_on,
            closes_on=closes_on,
            moderation=moderation,
            zone_ids=zone_ids,
            goal_ids=goal_ids,
        )
        repo.participation.save_consultation(consultation)
        return consultation
