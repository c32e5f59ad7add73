"""Data reconciliation as STAN does it: adjust measured and estimated streams by weighted least squares so
that every unit-operation balance closes exactly, compute unmeasured streams where the network allows it,
and test the adjustments statistically to point at gross errors (a leaking valve, a wrong meter).

Method: minimise Σ ((x − y)/σ)² over the adjustable streams subject to A x = 0 (one row per unit
operation; external nodes are unconstrained). With unmeasured streams u the stationarity conditions reduce to
    [ N     −A_u ] [λ  ]   [r]        N = A_m Σ A_mᵀ,  r = A_m y − b,  b = −A_c x_c (fixed streams)
    [ −A_uᵀ   0  ] [x_u] = [0],       x_m = y − Σ A_mᵀ λ,
solved with a sparse LU factorisation. The adjustments have covariance Σ A_mᵀ G A_m Σ, G being the
top-left block of the inverse, which gives the measurement test statistics.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph
from scipy.sparse.linalg import splu

from cp_audit.calc.balances import BalanceNode, closure_error_pct
from cp_audit.errors import CalculationError
from cp_audit.i18n import _, list_text
from cp_audit.models.base import DataStatus, NodeKind

# One relative standard deviation by data status, in % (assumed defaults of this program, ✖: no source
# prescribes them; the caller overrides them per audit or per stream).
DEFAULT_UNCERTAINTY_PCT: dict[str, float] = {
    DataStatus.measured: 5.0, DataStatus.estimated: 20.0, DataStatus.calculated: 10.0,
}
Z_CRITICAL_95 = 1.96  # two-sided 95 % of the standard normal: the measurement test's threshold
_CHUNK = 256  # right-hand side columns solved at once when extracting entries of the inverse


@dataclass(frozen=True)
class ReconciliationStream:
    code: str
    from_code: str
    to_code: str
    value: float | None  # None: unmeasured, to be computed from the balances
    status: str = DataStatus.measured
    sd: float | None = None  # absolute standard deviation; wins over uncertainty_pct
    uncertainty_pct: float | None = None  # relative standard deviation in %; wins over the status default


@dataclass(frozen=True)
class ReconciledStream:
    code: str
    status: str
    measured: float | None
    sd: float | None  # the standard deviation used: 0 for a fixed stream, None for an unmeasured one
    reconciled: float
    adjustment: float | None
    adjustment_pct: float | None
    normalised_adjustment: float | None  # |adjustment| / its standard deviation; None when not testable


@dataclass(frozen=True)
class ReconciliationResult:
    streams: dict[str, ReconciledStream]
    chi_square: float
    degrees_of_freedom: int
    critical_value: float | None  # chi-square 95 % quantile; None without redundancy
    passes: bool | None
    suspects: tuple[str, ...]  # normalised adjustment above Z_CRITICAL_95, largest first
    ranking: tuple[str, ...]  # every testable stream, largest normalised adjustment first
    unit_closure_pct: dict[str, float | None]
    warnings: tuple[str, ...]


@dataclass
class _Network:
    """The balance as index arrays: stream j enters row to_row[j] and leaves row from_row[j] (−1: outside)."""

    units: list[str]
    streams: list[ReconciliationStream]
    sd: np.ndarray  # nan for unmeasured
    to_row: np.ndarray
    from_row: np.ndarray

    @property
    def adjustable(self) -> np.ndarray:
        return np.flatnonzero(self.sd > 0)

    @property
    def unmeasured(self) -> np.ndarray:
        return np.flatnonzero(np.isnan(self.sd))

    @property
    def fixed(self) -> np.ndarray:
        return np.flatnonzero(self.sd == 0)

    def matrix(self, columns: np.ndarray, rows: np.ndarray) -> sparse.csr_matrix:
        """Incidence matrix of `columns` restricted to the kept `rows` (renumbered 0..len(rows)−1)."""
        renumber = np.full(len(self.units) + 1, -1)
        renumber[rows] = np.arange(len(rows))
        entries = []
        for ends, sign in ((self.to_row, 1.0), (self.from_row, -1.0)):
            row = np.where(ends[columns] >= 0, renumber[ends[columns]], -1)
            keep = row >= 0
            entries.append((row[keep], np.flatnonzero(keep), np.full(keep.sum(), sign)))
        row, col, data = (np.concatenate(parts) for parts in zip(*entries, strict=True))
        return sparse.csr_matrix((data, (row, col)), shape=(len(rows), len(columns)))


# --- preparing the network ---------------------------------------------------------------------------

def _standard_deviation(stream: ReconciliationStream, defaults: Mapping[str, float], what: str) -> float:
    label = _("{0}，物流 {1}").format(what, stream.code)
    if stream.status not in DataStatus.__members__:
        raise CalculationError(_("{0}：未知的数据状态“{1}”").format(label, stream.status))
    if stream.value is None:
        if stream.status == DataStatus.exact:
            raise CalculationError(_("{0}：标为精确值，但没有数值").format(label))
        return math.nan
    if math.isnan(stream.value):
        raise CalculationError(_("{0}：数值不是数字").format(label))
    if stream.value < 0:
        raise CalculationError(_("{0}：流量不能为负，请反转该物流的方向").format(label))
    if stream.status == DataStatus.exact:
        return 0.0
    if stream.sd is not None:
        sd = stream.sd
    else:
        pct = stream.uncertainty_pct if stream.uncertainty_pct is not None else defaults[stream.status]
        sd = abs(stream.value) * pct / 100  # a zero reading with a relative uncertainty stays fixed
    if not sd >= 0:
        raise CalculationError(_("{0}：不确定度不能为负").format(label))
    return sd


def _network(nodes: Iterable[BalanceNode], streams: Sequence[ReconciliationStream],
             defaults: Mapping[str, float], what: str) -> _Network:
    kinds = {node.code: node.kind for node in nodes}
    units = [code for code, kind in kinds.items() if kind == NodeKind.unit_operation]
    row_of = {code: i for i, code in enumerate(units)}
    to_row, from_row, seen = [], [], set()
    for stream in streams:
        label = _("{0}，物流 {1}").format(what, stream.code)
        if stream.code in seen:
            raise CalculationError(_("{0}：编号重复").format(label))
        seen.add(stream.code)
        for end in (stream.from_code, stream.to_code):
            if end not in kinds:
                raise CalculationError(_("{0}：“{1}”不是本平衡的节点").format(label, end))
        if stream.from_code == stream.to_code or not (stream.from_code in row_of or stream.to_code in row_of):
            raise CalculationError(_("{0}：物流必须来自或流向另一个单元操作").format(label))
        to_row.append(row_of.get(stream.to_code, -1))
        from_row.append(row_of.get(stream.from_code, -1))
    sd = np.array([_standard_deviation(s, defaults, what) for s in streams], dtype=float)
    return _Network(units, list(streams), sd, np.array(to_row, dtype=int), np.array(from_row, dtype=int))


def _check_determinable(network: _Network, what: str) -> None:
    """Unmeasured streams are determinable iff they form no loop once all external nodes are merged."""
    outside = len(network.units)
    parent = list(range(outside + 1))

    def root(vertex: int) -> int:
        while parent[vertex] != vertex:
            parent[vertex] = parent[parent[vertex]]
            vertex = parent[vertex]
        return vertex

    for j in network.unmeasured:
        ends = [root(e if e >= 0 else outside) for e in (network.to_row[j], network.from_row[j])]
        if ends[0] == ends[1]:
            raise CalculationError(
                _("{0}：物流“{1}”无法确定：它与其他未测物流构成回路，只能求出它们的和；请实测或估算其中一股").format(
                    what, network.streams[j].code))
        parent[ends[0]] = ends[1]


def _kept_rows(network: _Network, what: str) -> np.ndarray:
    """Unit rows that are independent constraints. A group of units not linked to the outside by adjustable
    or unmeasured streams has one redundant row, which must hold by itself for the fixed streams."""
    outside = len(network.units)
    free = np.concatenate([network.adjustable, network.unmeasured])
    ends = [np.where(e[free] >= 0, e[free], outside) for e in (network.to_row, network.from_row)]
    graph = sparse.coo_matrix((np.ones(len(free)), (ends[0], ends[1])), shape=(outside + 1, outside + 1))
    _count, label = csgraph.connected_components(graph, directed=False)
    fixed_net = _fixed_inflow(network)
    keep = np.ones(outside, dtype=bool)
    for component in set(label[:outside]) - {label[outside]}:
        members = np.flatnonzero(label[:outside] == component)
        keep[members[0]] = False
        gap, scale = fixed_net[0][members].sum(), fixed_net[1][members].sum()
        if abs(gap) > 1e-9 * scale:
            names = list_text(network.units[i] for i in members)
            raise CalculationError(
                _("{0}：{1} 的平衡不闭合（{2:g}），而其中的物流都是精确值；请将其中一股标为实测或估算").format(
                    what, names, gap))
    return np.flatnonzero(keep)


def _fixed_inflow(network: _Network) -> tuple[np.ndarray, np.ndarray]:
    """Per unit: net inflow of fixed streams, and the sum of their magnitudes (to judge 'zero')."""
    net, scale = np.zeros(len(network.units)), np.zeros(len(network.units))
    for j in network.fixed:
        value = network.streams[j].value
        for row, sign in ((network.to_row[j], 1.0), (network.from_row[j], -1.0)):
            if row >= 0:
                net[row] += sign * value
                scale[row] += abs(value)
    return net, scale


# --- solving -----------------------------------------------------------------------------------------

@dataclass
class _Solution:
    values: np.ndarray  # reconciled value of every stream
    adjustment_variance: np.ndarray  # per adjustable stream
    degrees_of_freedom: int


def _solve(network: _Network, rows: np.ndarray) -> _Solution:
    measured, unknown, fixed = network.adjustable, network.unmeasured, network.fixed
    y = np.array([network.streams[j].value for j in measured], dtype=float)
    variance = network.sd[measured] ** 2
    values = np.array([s.value if s.value is not None else math.nan for s in network.streams], dtype=float)
    if len(rows) == 0:
        return _Solution(values, np.zeros(len(measured)), 0)
    a_m, a_u = network.matrix(measured, rows), network.matrix(unknown, rows)
    b = -(network.matrix(fixed, rows) @ values[fixed])
    system = sparse.bmat([[a_m @ sparse.diags(variance) @ a_m.T, -a_u], [-a_u.T, None]], format="csc")
    try:
        factor = splu(system)
    except RuntimeError as error:  # excluded by the checks above; kept as a user-facing message
        raise CalculationError(_("平衡方程组无法求解（方程组奇异）")) from error
    x_m, x_u = y, np.zeros(len(unknown))
    # The first pass solves; two more refine. Flows of very different size (0.01 and 1000 m³/d) lose
    # digits in the multipliers, and a unit whose row was dropped as redundant would inherit that error.
    for _refinement in range(3):
        residual = a_m @ x_m + a_u @ x_u - b
        step = factor.solve(np.concatenate([residual, np.zeros(len(unknown))]))
        x_m, x_u = x_m - variance * (a_m.T @ step[:len(rows)]), x_u + step[len(rows):]
    values[measured], values[unknown] = x_m, x_u
    quadratic = _quadratic_forms(factor, system, a_m, len(rows))
    return _Solution(values, variance ** 2 * quadratic, len(rows) - len(unknown))


def _quadratic_forms(factor, system: sparse.csc_matrix, a_m: sparse.csr_matrix, size: int) -> np.ndarray:
    """aᵢᵀ G aᵢ for every column aᵢ of A_m (at most two entries each), G the top-left block of the inverse.
    Only the entries of G at (p,p), (q,q) and (p,q) are needed, and p and q always lie in the same connected
    part of the system. The inverse is block-diagonal over those parts, so one right-hand side column can
    carry an identity column of every part at once (their solutions do not overlap): the number of columns
    solved is the size of the largest part, not the number of units (a focus of separate lines needs a
    few dozen instead of 400). Memory stays linear in the number of units."""
    columns = a_m.tocsc()
    columns.sort_indices()
    counts = np.diff(columns.indptr)
    # G[p,p] and G[q,q] with weight 1, and G[p,q] twice (G is symmetric) with the product of the signs
    two = np.flatnonzero(counts == 2)
    first_entry, second_entry = columns.indptr[two], columns.indptr[two] + 1
    rows = np.concatenate([columns.indices, columns.indices[first_entry]])
    cols = np.concatenate([columns.indices, columns.indices[second_entry]])
    weights = np.concatenate([columns.data ** 2, 2 * columns.data[first_entry] * columns.data[second_entry]])
    stream = np.concatenate([np.repeat(np.arange(len(counts)), counts), two])
    # slot[u]: the right-hand side column that carries unit row u, its rank among the unit rows of its part
    _count, part = csgraph.connected_components(system, directed=False)
    order = np.argsort(part[:size], kind="stable")
    ranked = part[:size][order]
    slot = np.empty(size, dtype=int)
    slot[order] = np.arange(size) - np.searchsorted(ranked, ranked, side="left")
    total = np.zeros(len(counts))
    width = int(slot.max()) + 1 if size else 0
    for first in range(0, width, _CHUNK):
        last = min(first + _CHUNK, width)
        chosen = np.flatnonzero((slot >= first) & (slot < last))
        identities = np.zeros((system.shape[0], last - first))
        identities[chosen, slot[chosen] - first] = 1.0
        block = factor.solve(identities)
        inside = (slot[cols] >= first) & (slot[cols] < last)
        np.add.at(total, stream[inside], weights[inside] * block[rows[inside], slot[cols[inside]] - first])
    return total


# --- the result --------------------------------------------------------------------------------------

def reconcile(nodes: Iterable[BalanceNode], streams: Iterable[ReconciliationStream], *,
              default_uncertainty_pct: Mapping[str, float] | None = None, z_critical: float = Z_CRITICAL_95,
              what: str = "balance") -> ReconciliationResult:
    """Reconcile the streams so that every unit operation balances; exact streams stay as they are."""
    defaults = {**DEFAULT_UNCERTAINTY_PCT, **(default_uncertainty_pct or {})}
    network = _network(list(nodes), list(streams), defaults, what)
    _check_determinable(network, what)
    solution = _solve(network, _kept_rows(network, what))
    reconciled = _reconciled_streams(network, solution)
    testable = [s for s in reconciled.values() if s.normalised_adjustment is not None]
    ranking = tuple(s.code for s in sorted(testable, key=lambda s: -(s.normalised_adjustment or 0.0)))
    chi_square = sum((s.adjustment / s.sd) ** 2 for s in reconciled.values()
                     if s.sd and s.adjustment is not None)
    dof = solution.degrees_of_freedom
    critical = _chi_square_95(dof) if dof > 0 else None
    return ReconciliationResult(
        streams=reconciled, chi_square=chi_square, degrees_of_freedom=dof, critical_value=critical,
        passes=None if critical is None else chi_square <= critical,
        suspects=tuple(code for code in ranking
                       if (reconciled[code].normalised_adjustment or 0.0) > z_critical),
        ranking=ranking, unit_closure_pct=_unit_closures(network, solution.values),
        warnings=tuple(_("{0}，物流 {1}：协调值为负（{2:g}）；请核对其数值和方向").format(what, s.code, s.reconciled)
                       for s in reconciled.values() if s.reconciled < 0))


def _chi_square_95(degrees_of_freedom: int) -> float:
    from scipy.stats import chi2  # scipy.stats takes half a second to import: only when needed

    return float(chi2.ppf(0.95, degrees_of_freedom))


def _reconciled_streams(network: _Network, solution: _Solution) -> dict[str, ReconciledStream]:
    variance_of = dict(zip(network.adjustable.tolist(), solution.adjustment_variance, strict=True))
    result = {}
    for j, stream in enumerate(network.streams):
        sd = None if math.isnan(network.sd[j]) else float(network.sd[j])
        value = float(solution.values[j])
        adjustment = None if stream.value is None else value - stream.value
        result[stream.code] = ReconciledStream(
            code=stream.code, status=stream.status, measured=stream.value, sd=sd, reconciled=value,
            adjustment=adjustment,
            adjustment_pct=(adjustment / stream.value * 100
                            if adjustment is not None and stream.value else None),
            normalised_adjustment=_normalised(adjustment, variance_of.get(j), sd))
    return result


def _normalised(adjustment: float | None, variance: float | None, sd: float | None) -> float | None:
    """|adjustment| / sd(adjustment); None for a stream the balances cannot test (fixed, unmeasured, or
    not redundant: its adjustment has no variance)."""
    if adjustment is None or variance is None or not sd or variance <= 1e-12 * sd ** 2:
        return None
    return abs(adjustment) / math.sqrt(variance)


def _unit_closures(network: _Network, values: np.ndarray) -> dict[str, float | None]:
    size = len(network.units)
    into, out_of = network.to_row >= 0, network.from_row >= 0
    inflow = np.bincount(network.to_row[into], values[into], minlength=size)
    outflow = np.bincount(network.from_row[out_of], values[out_of], minlength=size)
    touched = np.bincount(np.concatenate([network.to_row, network.from_row]) + 1, minlength=size + 1)[1:]
    return {code: closure_error_pct(float(inflow[i]), float(outflow[i])) if touched[i] else None
            for i, code in enumerate(network.units)}
