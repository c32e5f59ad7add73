"""The data model of a whole audit (SQLModel tables), one module per part of the method.

One audit is one SQLite file; every table here is one table of that file. `TABLES` lists them in an
order where each table comes after the tables it refers to (used by import, export and the schema).
"""

from sqlmodel import SQLModel

from cp_audit.models.assessment import (
    Balance,
    BalanceTest,
    Cause,
    CauseNode,
    CauseStream,
    Node,
    Stream,
    StreamFactor,
)
from cp_audit.models.attachments import Attachment
from cp_audit.models.audit import (
    AuditInfo,
    Auditor,
    Consultancy,
    Enterprise,
    LeadershipDecision,
    MandatoryTrigger,
    ProductionLine,
    Source,
)
from cp_audit.models.coefficients import Coefficient, CoefficientSet, Price
from cp_audit.models.continuous import CpRule, NextRoundItem
from cp_audit.models.cppp import CpppProfile, CpppProject, CpppProjectOption, CpppRuleSet
from cp_audit.models.focus import (
    Criterion,
    EvaluationIndicator,
    EvaluationSystem,
    FocusCandidate,
    FocusScore,
    Indicator,
    Parameter,
    Target,
)
from cp_audit.models.inventory import (
    DischargeLimit,
    DischargeStandard,
    EmissionPoint,
    Equipment,
    ExistingMeasure,
    InventoryItem,
    InventoryValue,
    ItemProperty,
    Period,
    SiteFinding,
)
from cp_audit.models.options import (
    CashFlowYear,
    CashItem,
    MonitoringRecord,
    Option,
    OptionCause,
    OptionEffect,
    OptionScore,
    ResultNote,
)
from cp_audit.models.preparation import Barrier, TeamMember, TrainingRecord, WorkPlanRow

_BY_TABLE = {
    cls.__tablename__: cls
    for cls in (
        AuditInfo, Source, MandatoryTrigger, Enterprise, ProductionLine, Consultancy, Auditor,
        LeadershipDecision, TeamMember, WorkPlanRow, TrainingRecord, Barrier, Period, EmissionPoint,
        InventoryItem, ItemProperty, InventoryValue, DischargeStandard, DischargeLimit, Equipment,
        ExistingMeasure, SiteFinding, Criterion, FocusCandidate, FocusScore, Parameter, Indicator, Target,
        EvaluationSystem, EvaluationIndicator, BalanceTest, Node, Balance, Stream, StreamFactor, Cause,
        CauseNode, CauseStream, Option, OptionCause, OptionEffect, CashItem, CashFlowYear, OptionScore,
        MonitoringRecord, ResultNote, CpRule, NextRoundItem, CpppProfile, CpppRuleSet, CpppProject,
        CpppProjectOption, CoefficientSet, Coefficient, Price, Attachment,
    )
}

#: Every table, each after the tables it refers to.
TABLES: list[type[SQLModel]] = [_BY_TABLE[t.name] for t in SQLModel.metadata.sorted_tables]

#: Tables that hold exactly one row (the audit's own record, its enterprise ...).
SINGLETONS: tuple[type[SQLModel], ...] = (
    AuditInfo, Enterprise, Consultancy, LeadershipDecision, BalanceTest, CpppProfile,
)


def table_class(name: str) -> type[SQLModel]:
    return _BY_TABLE[name]


__all__ = [cls.__name__ for cls in _BY_TABLE.values()] + ["TABLES", "SINGLETONS", "table_class"]
