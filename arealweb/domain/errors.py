"""Errors the domain raises, each with a translatable message and what it is about."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Problem:
    """One thing wrong with the input: a message template, its parameters and where it is.

    ``where`` names the thing the problem is about (a feature in a file, a field in a form) so
    that the person who sent it can find it.
    """

    template: str
    params: dict[str, object] = field(default_factory=dict)
    where: str | None = None

    @property
    def message(self) -> str:
        text = self.template % self.params if self.params else self.template
        return f"{self.where}: {text}" if self.where else text


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    def __init__(self, template: str, where: str | None = None, **params: object) -> None:
        self.problems = [Problem(template, dict(params), where)]
        super().__init__(self.problems[0].message)

    @property
    def message(self) -> str:
        return "; ".join(p.message for p in self.problems)


class InvalidInput(DomainError):
    """The input breaks a rule of the plan; nothing was changed."""

    @classmethod
    def of(cls, problems: list[Problem]) -> InvalidInput:
        error = cls(problems[0].template, problems[0].where, **problems[0].params)
        error.problems = list(problems)
        error.args = (error.message,)
        return error


class NotFound(DomainError):
    """The thing asked for does not exist."""


class StaleVersion(DomainError):
    """The thing changed since the caller read it: its edit is refused, nothing is overwritten."""

    def __init__(self, template: str, current_version: int | None, **params: object) -> None:
        super().__init__(template, **params)
        self.current_version = current_version


class AlreadyExists(DomainError):
    """Something with that id exists already."""


class BadFilter(InvalidInput):
    """A filter (CQL2) that cannot be used; nothing was read. A query parameter, so the OGC
    API answers 400, not the 422 of a body that breaks a rule."""
