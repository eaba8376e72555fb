"""The registry of nightly reconcilers: each compares two records that must agree (the stock
ledger and the balances, the outbox rows and their deadlines, our payments and Stripe's...)
and says in plain words where they differ.

    register("stock", inventory.reconcile.reconcile_stock)   # in AppConfig.ready()
    run_all(fix=False)                                        # manage.py reconcile, the beat

A reconciler is `func(*, fix: bool) -> list[str]`: one human-readable line per difference
found (Spanish, naming the row and what to do), an empty list when everything agrees. With
`fix=True` it also corrects what it safely can, and its lines say what it did; what it cannot
correct is left for a person. A reconciler reads and writes only its own app's tables, so each
app registers its own (this module imports no app: it sits on the ground floor).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

Reconciler = Callable[..., list[str]]
_registry: dict[str, Reconciler] = {}

# Lines one reconciler may report; past that the report says how many more there were.
MAX_LINES = 200


def register(name: str, func: Reconciler) -> None:
    """Register `func` under `name` (the same name again replaces it: ready() may run twice)."""
    _registry[name] = func


def registered() -> dict[str, Reconciler]:
    return dict(_registry)


@dataclass
class Result:
    name: str
    differences: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.differences and not self.error


def run(name: str, *, fix: bool = False) -> Result:
    """Run one reconciler; its exception becomes the result's error (the others still run)."""
    func = _registry[name]
    try:
        lines = [str(line) for line in func(fix=fix)]
    except Exception as exc:
        logger.exception("Reconciler %s failed", name)
        return Result(name=name, error=f"{type(exc).__name__}: {exc}")
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES], f"… y {len(lines) - MAX_LINES} diferencias más."]
    return Result(name=name, differences=lines)


def run_all(*, fix: bool = False, only: list[str] | None = None) -> list[Result]:
    """Run every registered reconciler (or those named in `only`), in name order."""
    names = sorted(_registry) if not only else list(only)
    unknown = [name for name in names if name not in _registry]
    if unknown:
        raise KeyError(
            f"No hay conciliador {', '.join(unknown)}; "
            f"los registrados: {', '.join(sorted(_registry))}"
        )
    return [run(name, fix=fix) for name in names]


def format_report(results: list[Result]) -> str:
    """The report in plain text, one section per reconciler with something to say."""
    sections = []
    for result in results:
        if result.error:
            sections.append(f"== {result.name}: falló\n{result.error}")
        elif result.differences:
            body = "\n".join(f"- {line}" for line in result.differences)
            sections.append(f"== {result.name}: {len(result.differences)} diferencias\n{body}")
    ok = [result.name for result in results if result.ok]
    if ok:
        sections.append(f"Sin diferencias: {', '.join(ok)}.")
    return "\n\n".join(sections)
