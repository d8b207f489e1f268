"""Frameworks and their commitments, loaded from the YAML files under data/frameworks/.

Commitments are data reviewed like code; this module turns each file into validated, typed
models and refuses a bad file with a message naming the file, the commitment and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, model_validator

from monitors.domain import Obligor

# The C loader is ten times faster than the pure-Python one and just as safe.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

IDENTIFIER_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Identifier = Annotated[str, Field(pattern=IDENTIFIER_PATTERN, max_length=80)]
# Any lowercase name, so a new framework can bring a new category without a code change.
CATEGORY_PATTERN = r"^[a-z][a-z0-9_]*$"
Category = Annotated[str, Field(pattern=CATEGORY_PATTERN, max_length=40)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A citation: who published what, when, and where to read it."""

    outlet: str = Field(min_length=1)
    title: str = Field(min_length=1)
    published: date | None = None
    url: HttpUrl | None = None
    quote: str | None = Field(default=None, max_length=400)
    quote_for: tuple[str, ...] = Field(
        default=(), description="the commitments the quote speaks to; empty: every commitment citing the source")

    def cited_by(self, commitment_id: str) -> Source:
        """The source as a commitment cites it: without a quote that speaks to other commitments,
        which under this one would read as its promise."""
        if self.quote is None or not self.quote_for or commitment_id in self.quote_for:
            return self
        return self.model_copy(update={"quote": None})


class TariffCheck(_Strict):
    """Judged on the measured rate in force against the committed rate."""

    monitor: Literal["tariffs"]
    target_rate: float = Field(ge=0)
    unit: str = "%"
    tolerance: float = Field(default=0.5, ge=0)


class RareEarthCheck(_Strict):
    """Judged on the latest month's export tonnage against a baseline (the same month a year
    earlier where baseline_by_period gives it), plus the parties' statements."""

    monitor: Literal["rare_earths"]
    baseline_tonnes: float = Field(gt=0)
    baseline_by_period: dict[str, Annotated[float, Field(gt=0)]] = Field(default_factory=dict)
    baseline_source: str | None = Field(default=None, min_length=1, max_length=400)
    min_share: float = Field(default=0.8, gt=0, le=2)
    unit: str = "t"
    tolerance: float = Field(default=0.1, ge=0, description="relative disagreement allowed between measurements")


class PurchaseWindow(_Strict):
    """A cumulative target over a window: the figures whose periods fall inside add up."""

    start: date
    end: date
    target: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> PurchaseWindow:
        if self.end < self.start:
            raise ValueError(f"window ends ({self.end}) before it starts ({self.start})")
        return self


class PurchaseCheck(_Strict):
    """Judged on cumulative purchases against each window's target."""

    monitor: Literal["purchases"]
    unit: str = Field(min_length=1, max_length=20)
    windows: list[PurchaseWindow] = Field(min_length=1)
    tolerance: float = Field(default=0.1, ge=0, description="relative disagreement allowed between the parties' figures")


class ExportControlCheck(_Strict):
    """Judged on whether the named measure has been rescinded, by the parties' latest words."""

    monitor: Literal["export_controls"]
    measure: str = Field(min_length=1)


class DeadlineCheck(_Strict):
    """Judged on whether the commitment was met by its (possibly extended) deadline."""

    monitor: Literal["deadlines"]


class StatementsCheck(_Strict):
    """Judged by the plain rule of thumb on the parties' latest words."""

    monitor: Literal["statements"]


Check = Annotated[
    Union[TariffCheck, RareEarthCheck, PurchaseCheck, ExportControlCheck, DeadlineCheck, StatementsCheck],
    Field(discriminator="monitor"),
]


class Cadence(_Strict):
    """How often figures are published: the figure for a month is due within N days of its end."""

    every: Literal["month", "quarter", "year"]
    published_within_days: int = Field(ge=0, le=366)


class _CommitmentSpec(_Strict):
    id: Identifier
    title: str = Field(min_length=1, max_length=120)
    obligor: Obligor
    category: Category
    promise: str = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    effective: date | None = None
    deadline: date | None = None
    expires: date | None = None
    check: Check
    in_exchange_for: list[Identifier] = Field(default_factory=list)
    continues: list[Identifier] = Field(default_factory=list)
    due_soon_days: int = Field(default=14, ge=0, le=365)
    expiring_days: int = Field(default=30, ge=0, le=365)
    cadence: Cadence | None = None
    max_silence_days: int | None = Field(default=None, ge=1, le=3660)
    reading_of: Literal["us", "cn"] | None = None


class _FrameworkSpec(_Strict):
    id: Identifier
    name: str = Field(min_length=1)
    date: date
    parties: list[Literal["us", "cn"]] = Field(min_length=2)
    builds_on: Identifier | None = None
    summary: str = Field(min_length=1)
    sources: dict[str, Source] = Field(min_length=1)
    commitments: list[_CommitmentSpec] = Field(min_length=1)


class Commitment(_Strict):
    """One promise inside a framework, owed by its obligor, with the check that judges it."""

    id: str
    framework: str
    title: str
    obligor: Obligor
    category: Category
    promise: str
    sources: tuple[Source, ...]
    effective: date | None
    deadline: date | None
    check: Check
    in_exchange_for: tuple[str, ...]
    continues: tuple[str, ...]
    due_soon_days: int
    expires: date | None = None
    expiring_days: int = 30
    cadence: Cadence | None = None
    max_silence_days: int | None = None
    reading_of: str | None = None

    @property
    def measured_unit(self) -> str | None:
        """The unit a measured commitment is judged in (% for tariffs, t for tonnes, the
        purchase unit), else None."""
        return self.check.unit if isinstance(self.check, (TariffCheck, RareEarthCheck, PurchaseCheck)) else None

    def sources_published_by(self, day: date) -> tuple[Source, ...]:
        """The sources that existed on `day` (those with no known date included): a replay or a
        briefing of that day cites nothing published later."""
        return tuple(s for s in self.sources if s.published is None or s.published <= day)


class Framework(_Strict):
    id: str
    name: str
    date: date
    parties: tuple[str, ...]
    builds_on: str | None
    summary: str
    sources: tuple[Source, ...]


class CatalogError(ValueError):
    """A framework file is malformed; the message names the file, commitment and field."""


@dataclass(frozen=True)
class Catalog:
    frameworks: dict[str, Framework]
    commitments: dict[str, Commitment]
    successors: dict[str, tuple[str, ...]] = field(init=False)

    def __post_init__(self) -> None:
        successors: dict[str, list[str]] = {}
        for commitment in self.commitments.values():
            for earlier in commitment.continues:
                successors.setdefault(earlier, []).append(commitment.id)
        object.__setattr__(self, "successors", {k: tuple(v) for k, v in successors.items()})

    def continued_by(self, commitment_id: str) -> list[Commitment]:
        """Later commitments that carry this one forward (London implementing Geneva)."""
        return [self.commitments[i] for i in self.successors.get(commitment_id, ())]

    def exchange_pairs(self) -> list[tuple[Commitment, Commitment]]:
        """Each give-and-take link once, as (commitment, what it is exchanged for)."""
        seen: set[frozenset[str]] = set()
        pairs = []
        for commitment in self.commitments.values():
            for other_id in commitment.in_exchange_for:
                key = frozenset((commitment.id, other_id))
                if key not in seen:
                    seen.add(key)
                    pairs.append((commitment, self.commitments[other_id]))
        return pairs


def _describe_location(raw: Any, loc: tuple[Any, ...]) -> str:
    """Turn a pydantic error location into 'commitment <id>: field.path'."""
    parts = list(loc)
    prefix = ""
    if len(parts) >= 2 and parts[0] == "commitments" and isinstance(parts[1], int):
        index = parts[1]
        try:
            commitment_id = raw["commitments"][index].get("id", f"#{index + 1}")
        except (KeyError, IndexError, TypeError, AttributeError):
            commitment_id = f"#{index + 1}"
        prefix = f"commitment '{commitment_id}': "
        parts = parts[2:]
        if len(parts) >= 2 and parts[0] == "check" and isinstance(parts[1], str) and not parts[1].startswith("function"):
            parts = ["check", *parts[2:]] if len(parts) > 2 else parts
    field_path = ".".join(str(p) for p in parts) or "(top level)"
    return f"{prefix}{field_path}"


def load_framework_file(path: Path) -> tuple[Framework, list[Commitment]]:
    """Parse and validate one framework file; raise CatalogError naming file, commitment and field."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: cannot read YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise CatalogError(f"{path}: expected a mapping with a framework's fields at the top level")
    try:
        spec = _FrameworkSpec.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{_describe_location(raw, e['loc'])}: {e['msg']}" for e in exc.errors())
        raise CatalogError(f"{path}: {problems}") from exc
    framework = Framework(
        id=spec.id,
        name=spec.name,
        date=spec.date,
        parties=tuple(spec.parties),
        builds_on=spec.builds_on,
        summary=spec.summary,
        sources=tuple(spec.sources.values()),
    )
    defined = {item.id for item in spec.commitments}
    for key, source in spec.sources.items():
        stray = [ref for ref in source.quote_for if ref not in defined]
        if stray:
            raise CatalogError(f"{path}: source '{key}': quote_for: unknown commitment id(s) {', '.join(stray)} "
                               "(a quote speaks to commitments of its own file)")
    commitments = []
    for item in spec.commitments:
        unknown = [ref for ref in item.sources if ref not in spec.sources]
        if unknown:
            raise CatalogError(f"{path}: commitment '{item.id}': sources: unknown source id(s) {', '.join(unknown)}")
        fields = item.model_dump(exclude={"sources", "check"})
        commitments.append(
            Commitment(
                **fields,
                framework=spec.id,
                sources=tuple(spec.sources[ref].cited_by(item.id) for ref in item.sources),
                check=item.check,
            )
        )
    return framework, commitments


def load_catalog(directory: Path) -> Catalog:
    """Load every *.yaml under directory and check the links between files."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CatalogError(f"{directory}: no framework files (*.yaml) found")
    frameworks: dict[str, Framework] = {}
    commitments: dict[str, Commitment] = {}
    origin: dict[str, Path] = {}
    for path in files:
        framework, items = load_framework_file(path)
        if framework.id in frameworks:
            raise CatalogError(f"{path}: id: framework '{framework.id}' is also defined in {origin[framework.id]}")
        frameworks[framework.id] = framework
        origin[framework.id] = path
        for commitment in items:
            if commitment.id in commitments:
                raise CatalogError(
                    f"{path}: commitment '{commitment.id}': id: already defined in {origin[commitment.id]}"
                )
            commitments[commitment.id] = commitment
            origin[commitment.id] = path
    for framework in frameworks.values():
        if framework.builds_on is not None and framework.builds_on not in frameworks:
            raise CatalogError(f"{origin[framework.id]}: builds_on: unknown framework '{framework.builds_on}'")
    for commitment in commitments.values():
        for link_field in ("in_exchange_for", "continues"):
            for other in getattr(commitment, link_field):
                if other not in commitments:
                    raise CatalogError(
                        f"{origin[commitment.id]}: commitment '{commitment.id}': {link_field}: "
                        f"unknown commitment '{other}'"
                    )
    for commitment in commitments.values():
        for other in commitment.in_exchange_for:
            if commitment.id not in commitments[other].in_exchange_for:
                raise CatalogError(
                    f"{origin[commitment.id]}: commitment '{commitment.id}': in_exchange_for: "
                    f"'{other}' does not list it back (give-and-take links go both ways)"
                )
    # In the order the frameworks were agreed, whatever their file names: every list the
    # monitor prints reads as the truce unfolded.
    order = sorted(frameworks.values(), key=lambda f: (f.date, f.id))
    rank = {f.id: i for i, f in enumerate(order)}
    ordered = sorted(commitments.values(), key=lambda c: rank[c.framework])
    return Catalog(frameworks={f.id: f for f in order}, commitments={c.id: c for c in ordered})
