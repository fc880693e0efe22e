"""Every setting arealweb reads, in one place, with its default and what it does.

Each is read from an ``AREALWEB_<NAME>`` environment variable when the app is created, checked,
and stored in ``app.config`` under its bare name. ``arealweb settings`` lists them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from limits import parse

from arealweb.domain.accounts import TOKEN_DAYS
from arealweb.render.basemaps import parse_basemaps

PREFIX = "AREALWEB_"


class SettingsError(ValueError):
    """A setting has a value arealweb cannot use."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Callable[[Path], object]
    help: str
    parse: Callable[[str], object] = str
    secret: bool = False
    """Shown as hidden by ``arealweb settings``."""

    @property
    def variable(self) -> str:
        return PREFIX + self.name


def _positive_float(text: str) -> float:
    value = float(text)
    if value < 0:
        raise ValueError("must be zero or more")
    return value


def _count_minutes(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError("must be zero or more")
    return value


def _count(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 10:
        raise ValueError("must be a whole number from 0 to 10")
    return value


def _time_zone(text: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError("not a known time zone (e.g. Europe/Oslo)") from error
    return text.strip()


def _origin(text: str) -> str:
    if not text.strip():
        return ""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise ValueError("must be http(s)://host[:port], with no path")
    if parts.query or parts.fragment:
        raise ValueError("must be http(s)://host[:port], with no path")
    return f"{parts.scheme}://{parts.netloc}"


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError("must be more than zero")
    return value


def _choice(text: str, allowed: tuple[str, ...]) -> str:
    value = text.strip().lower()
    if value not in allowed:
        raise ValueError("must be one of " + ", ".join(allowed))
    return value


def _flag(text: str) -> bool:
    value = text.strip().lower()
    if value not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        raise ValueError("must be 1 or 0")
    return value in ("1", "true", "yes", "on")


SETTINGS = [
    Setting(
        "DATABASE_URL",
        lambda instance: f"sqlite:///{instance / 'arealweb.sqlite3'}",
        "SQLAlchemy URL of the database: a SQLite file by default, or "
        "postgresql+psycopg://user:password@host/db for PostgreSQL + PostGIS.",
    ),
    Setting(
        "SECRET_KEY",
        lambda instance: _instance_secret(instance),
        "Key that signs session cookies. By default a random key kept in the instance folder.",
        secret=True,
    ),
    Setting(
        "KOMMUNENUMMER",
        lambda instance: "3201",
        "Municipality number of the boundary to fetch from Geonorge (Bærum: 3201).",
    ),
    Setting(
        "BOUNDARY_URL",
        lambda instance: (
            "https://ws.geonorge.no/kommuneinfo/v1/kommuner/{kommunenummer}/omrade?utkoordsys=25832"
        ),
        "Where `arealweb boundary --fetch` downloads the municipal boundary ({kommunenummer} "
        "is filled in).",
    ),
    Setting(
        "BOUNDARY_TOLERANCE_M",
        lambda instance: 25.0,
        "How far, in metres, a zone may reach outside the municipal boundary (digitising slack).",
        _positive_float,
    ),
    Setting(
        "ADDRESS_SEARCH",
        lambda instance: False,
        "Whether the place search also asks Kartverket's open address API (1/0). Off by "
        "default: the server asks it, with a timeout and a cache, and search works without it.",
        _flag,
    ),
    Setting(
        "ADDRESS_API",
        lambda instance: "https://ws.geonorge.no/adresser/v1/sok",
        "Kartverket's address search (adresser/v1/sok) that ADDRESS_SEARCH asks.",
    ),
    Setting(
        "ADDRESS_TIMEOUT_S",
        lambda instance: 2.0,
        "How long, in seconds, a place search waits for the address API before it answers "
        "with the local results alone.",
        _positive_float,
    ),
    Setting(
        "MAX_IMPORT_MB",
        lambda instance: 50,
        "Largest GIS file, in megabytes, that `arealweb import` accepts.",
        _positive_int,
    ),
    Setting(
        "UPLOAD_FOLDER",
        lambda instance: str(instance / "uploads"),
        "Where uploaded GIS files wait while they are read, and a previewed import until it "
        "is confirmed (an hour at most); emptied of older files as new ones arrive.",
    ),
    Setting(
        "DRAWINGS_FOLDER",
        lambda instance: str(instance / "drawings"),
        "Where drawn documents (the golden-thread report's PDF) are kept, one per state of the "
        "plan and language, shared by every process that serves the app; the 32 newest are "
        "kept.",
    ),
    Setting(
        "MAX_DRAWINGS",
        lambda instance: 2,
        "How many maps (PNG, PDF) may be drawn at once; a request for another "
        "waits DRAWING_WAIT_SECONDS for room, then answers 503 with Retry-After.",
        _positive_int,
    ),
    Setting(
        "DRAWING_WAIT_SECONDS",
        lambda instance: 30.0,
        "How long a request for a drawing waits while MAX_DRAWINGS are underway (0: not at "
        "all) before it answers 503.",
        _positive_float,
    ),
    Setting(
        "MAX_EXPORTS",
        lambda instance: 2,
        "How many zone files (downloads from the map and the workbench) may be written at "
        "once; a request for another waits EXPORT_WAIT_SECONDS for room, then answers 503 with "
        "Retry-After.",
        _positive_int,
    ),
    Setting(
        "EXPORT_WAIT_SECONDS",
        lambda instance: 5.0,
        "How long a download waits while MAX_EXPORTS files are being written (0: not at all) "
        "before it answers 503.",
        _positive_float,
    ),
    Setting(
        "BASEMAPS",
        lambda instance: "topograatone,topo,osm",
        "Background maps offered, the first shown: any of topograatone, topo (Kartverket, "
        "© Kartverket) and osm (OpenStreetMap), comma-separated; `none` for none. The map works "
        "without them: boundary and zones give the orientation.",
        parse_basemaps,
    ),
    Setting(
        "COMMENT_RATE_LIMIT",
        lambda instance: "10/minute",
        "How many comments one client may post, e.g. 10/minute or 100/hour; `off` for no limit.",
        lambda text: _rate(text),
    ),
    Setting(
        "LOGIN_RATE_LIMIT",
        lambda instance: "10/minute",
        "How many sign-in attempts one client may make, e.g. 10/minute; `off` for no limit.",
        lambda text: _rate(text),
    ),
    Setting(
        "JOIN_RATE_LIMIT",
        lambda instance: "20/10minutes",
        "How many wrong workshop join codes one client address may try, e.g. 20/10minutes; "
        "right codes do not count, so a room of groups on one address joins freely; `off` for "
        "no limit.",
        lambda text: _rate(text),
    ),
    Setting(
        "JOIN_WORKSHOP_RATE_LIMIT",
        lambda instance: "100/10minutes",
        "How many wrong join codes one workshop takes from all clients together before its "
        "codes are refused for a while, e.g. 100/10minutes; `off` for no limit.",
        lambda text: _rate(text),
    ),
    Setting(
        "RATE_LIMIT_STORAGE",
        lambda instance: "memory://",
        "Where the rate limiter counts (Flask-Limiter storage URI); memory:// counts per process. "
        "A redis:// URI also carries SQLite's live updates between processes.",
    ),
    Setting(
        "WORKERS",
        lambda instance: 1,
        "Processes `arealweb serve` runs (gunicorn workers). More than one needs a shared "
        "RATE_LIMIT_STORAGE (Redis) and a SECRET_KEY set in the environment; `serve` refuses "
        "to start otherwise.",
        _positive_int,
    ),
    Setting(
        "THREADS",
        lambda instance: 8,
        "Requests each `serve` process handles at once (threads); a live stream holds one.",
        _positive_int,
    ),
    Setting(
        "GRACEFUL_SECONDS",
        lambda instance: 30.0,
        "How long `serve` lets requests in flight finish after SIGTERM before it stops.",
        _positive_float,
    ),
    Setting(
        "ACCESS_LOG",
        lambda instance: "off",
        "Access log of `serve` on standard output: off, text (gunicorn's) or json (one JSON "
        "object per request; join codes and tokens in the query are left out).",
        lambda text: _choice(text, ("off", "text", "json")),
    ),
    Setting(
        "PURGE_DAILY",
        lambda instance: True,
        "Whether `serve` runs `arealweb purge-personal` at start and then every 24 hours "
        "(0 when a systemd timer or cron does it instead).",
        _flag,
    ),
    Setting(
        "SESSION_IDLE_MINUTES",
        lambda instance: 480,
        "Minutes a sign-in may go unused before it ends, as if its owner had signed out "
        "(0: never; the default is a working day).",
        _count_minutes,
    ),
    Setting(
        "TRUSTED_PROXIES",
        lambda instance: 0,
        "How many reverse proxies stand in front of arealweb and set X-Forwarded-For, "
        "-Proto, -Host and -Prefix. 0 (the default) trusts none of those headers: behind one "
        "proxy set 1, so that rate limits count each citizen, not the proxy, and links use "
        "the public address. Never set it higher than the proxies you run: a client could "
        "then choose its own address.",
        _count,
    ),
    Setting(
        "PERSONAL_DATA_DAYS",
        lambda instance: 365,
        "Days a comment keeps its author's name, age group, group and e-mail address; "
        "`arealweb purge-personal` forgets them (and mail about them never sent) after that.",
        _positive_int,
    ),
    Setting(
        "MAIL_HOST",
        lambda instance: "",
        "SMTP server that sends a comment's author the answer, if they gave an e-mail address. "
        "Empty (the default): no mail, and the comment form asks for no address.",
    ),
    Setting(
        "PUBLIC_URL",
        lambda instance: "",
        "The address citizens reach arealweb at, scheme and host only (e.g. "
        "https://arealstrategi.baerum.kommune.no). The receipt links in the mail arealweb sends "
        "are built on it, never on a request's Host header; required when MAIL_HOST is set.",
        _origin,
    ),
    Setting(
        "MAIL_PORT",
        lambda instance: 587,
        "Port of MAIL_HOST (587 for STARTTLS, 465 for SSL, 25 for a local relay).",
        _positive_int,
    ),
    Setting(
        "MAIL_SECURITY",
        lambda instance: "starttls",
        "How the connection to MAIL_HOST is protected: starttls, ssl or none (only for a relay "
        "on the same machine or network).",
        lambda text: _choice(text, ("starttls", "ssl", "none")),
    ),
    Setting(
        "MAIL_USER",
        lambda instance: "",
        "User name for MAIL_HOST; empty: no login.",
    ),
    Setting(
        "MAIL_PASSWORD",
        lambda instance: "",
        "Password for MAIL_USER.",
        secret=True,
    ),
    Setting(
        "MAIL_SENDER",
        lambda instance: "arealweb@localhost",
        "The From address of the mail arealweb sends (e.g. planlegging@baerum.kommune.no).",
    ),
    Setting(
        "MAIL_SEND_EVERY_S",
        lambda instance: 30,
        "Seconds between the rounds in which `serve` sends the outbox's mail (in a process of "
        "its own, `arealweb send-mail --every`); 0 when cron runs `arealweb send-mail` instead.",
        lambda text: _count_minutes(text),
    ),
    Setting(
        "TOKEN_DAYS",
        lambda instance: TOKEN_DAYS,
        "Days a new personal API token works before it expires (its owner or an admin can "
        "revoke it sooner; a new password ends it at once); at most 3650.",
        lambda text: _token_days(text),
    ),
    Setting(
        "SECURE_COOKIES",
        lambda instance: False,
        "Send session cookies only over HTTPS (set to 1 behind HTTPS in production).",
        lambda text: text.strip().lower() in ("1", "true", "yes", "on"),
    ),
    Setting(
        "DEFAULT_LOCALE",
        lambda instance: "nb",
        "Language of the interface when the visitor has not chosen one (nb or en).",
    ),
    Setting(
        "TIME_ZONE",
        lambda instance: "Europe/Oslo",
        "Time zone in which pages, documents and CSV files for people show dates and times "
        "(an IANA name); the API and machine exports keep ISO 8601 in UTC.",
        lambda text: _time_zone(text),
    ),
    Setting(
        "OGC_DEFAULT_LIMIT",
        lambda instance: 100,
        "How many features a page of /ogc/collections/<id>/items holds when the client sends no "
        "limit.",
        _positive_int,
    ),
    Setting(
        "OGC_MAX_LIMIT",
        lambda instance: 10_000,
        "The most features one page of /ogc/…/items holds; a larger limit is clamped to it.",
        _positive_int,
    ),
    Setting(
        "STREAM_MAX_OPEN",
        lambda instance: 6,
        "How many live-update streams (…/events) one process holds open at once; each holds a "
        "server thread, so keep it below the threads of a worker (threads − 2). Beyond it a "
        "stream is refused with 503 and the page polls instead; 0 turns streams off.",
        lambda text: _count_minutes(text),
    ),
    Setting(
        "STREAM_KEPT_FOR_ACCOUNTS",
        lambda instance: 2,
        "Of the live-update streams a process may hold, how many group screens (join codes) "
        "leave free for signed-in screens — the plenary, the presentation, the moderation "
        "queue; a group screen refused a stream polls every 2 s instead.",
        lambda text: _count_minutes(text),
    ),
    Setting(
        "STREAM_HEARTBEAT_S",
        lambda instance: 15,
        "Seconds between the comments a quiet live-update stream sends, so that proxies keep "
        "it open.",
        _positive_int,
    ),
    Setting(
        "STREAM_MAX_S",
        lambda instance: 300,
        "Seconds a live-update stream stays open before it ends and the browser reconnects "
        "(from the last revision it saw), so a worker's threads are handed round.",
        _positive_int,
    ),
]


def _token_days(text: str) -> int:
    days = _positive_int(text)
    if days > 3650:
        raise ValueError("must be at most 3650 (ten years)")
    return days


def _rate(text: str) -> str | None:
    """``10/minute`` (any Flask-Limiter rate) or ``off`` → None."""
    text = text.strip()
    if text.lower() in ("off", "none", "0"):
        return None
    parse(text)
    return text


def _instance_secret(instance: Path) -> str:
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(os.urandom(32).hex())
        path.chmod(0o600)
    return path.read_text().strip()


def load(instance: Path, environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Every setting from ``environ`` (default: the process environment), else its default."""
    environ = os.environ if environ is None else environ
    values = {}
    for setting in SETTINGS:
        raw = environ.get(setting.variable)
        if raw is None or raw == "":
            raw = setting.default(instance)
            if not isinstance(raw, str) or setting.parse is str:
                values[setting.name] = raw
                continue
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as error:
            raise SettingsError(f"{setting.variable}={raw!r}: {error}") from None
    if values["MAIL_HOST"] and not values["PUBLIC_URL"]:
        raise SettingsError(
            f"{PREFIX}MAIL_HOST is set but {PREFIX}PUBLIC_URL is not: the receipt links in the "
            "mail arealweb sends are built on it (e.g. https://arealstrategi.baerum.kommune.no)"
        )
    return values
