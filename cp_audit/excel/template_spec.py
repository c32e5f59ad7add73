"""The sheets and columns of the bulk-entry template, shared by the template writer and the importer:
each column's code (row 4 of its sheet), header, kind of value, the model field it fills, the list of
allowed values and the help text of the 说明 sheet."""

from __future__ import annotations

from dataclasses import dataclass

from cp_audit.i18n import LANGUAGES, N_, translate
from cp_audit.models import InventoryItem, MonitoringRecord, Option, Stream, StreamFactor
from cp_audit.models.base import (
    Aspect,
    Basis,
    DataStatus,
    Direction,
    FactorRole,
    ItemCategory,
    LabelledEnum,
    OptionStatus,
    Screening,
    StreamCalc,
)

TITLE_ROW, HINT_ROW, HEADER_ROW, CODE_ROW = 1, 2, 3, 4
FIRST_DATA_ROW = 5
PERIOD_PREFIX = "period:"  # code of a period column in 多年数据: period:2025


@dataclass(frozen=True)
class TemplateColumn:
    code: str  # written in row 4; the importer finds columns by it, whatever the language of the headers
    header: str  # msgid
    kind: str = "text"  # text, number, int, date, enum, ref
    field: str | None = None  # the model field it fills (None: a reference resolved by the importer)
    unit: str | None = None
    required: bool = False
    enum: type[LabelledEnum] | None = None
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""
    width: int = 14


@dataclass(frozen=True)
class TemplateSheet:
    code: str
    name: str  # msgid; the sheet's name in the workbook
    model: type
    columns: tuple[TemplateColumn, ...]
    help: str

    def column(self, code: str) -> TemplateColumn | None:
        return next((c for c in self.columns if c.code == code), None)


def _text(code: str, header: str, field: str | None = None, **more) -> TemplateColumn:
    return TemplateColumn(code, header, "text", field or code, **more)


ITEMS = TemplateSheet(
    "items",
    N_("多年数据"),
    InventoryItem,
    (
        _text(
            "key",
            N_("代号"),
            required=True,
            help=N_("项目代号（英文字母、数字、下划线），与生产线、排放口一起确定一行；已有的代号更新该项目"),
            width=18,
        ),
        TemplateColumn(
            "category",
            N_("类别"),
            "enum",
            "category",
            required=True,
            enum=ItemCategory,
            help=N_("从下拉列表选择"),
        ),
        _text("name_zh", N_("名称"), required=True, width=24),
        _text("unit", N_("单位"), required=True, help=N_("程序能识别的单位，例如 t、kWh、m3、mg/L、万m2")),
        TemplateColumn(
            "line", N_("生产线代号"), "ref", None, help=N_("属于某条生产线时填写其代号，否则留空")
        ),
        TemplateColumn(
            "point", N_("排放口代号"), "ref", None, help=N_("污染物浓度所在的排放口/排气筒代号，否则留空")
        ),
    ),
    N_(
        "多年数据：每行一个项目（产品、原辅材料、能源、水、污染物、废物），每个统计期一列。统计期列的第 4 行写 "
        "period:代号（例如 period:2025），第 3 行写名称；新增统计期时在右侧加一列。数值按项目的单位填写，空白表示不修改。"
    ),
)

STREAMS = TemplateSheet(
    "streams",
    N_("物流及实测"),
    Stream,
    (
        TemplateColumn(
            "balance", N_("平衡代号"), "ref", None, required=True, help=N_("已有平衡的代号，例如 water、ni")
        ),
        _text("code", N_("编号"), required=True, help=N_("物流编号，在同一平衡内唯一；已有的编号更新该物流")),
        _text("name_zh", N_("物流"), required=True, width=24),
        TemplateColumn(
            "from", N_("来自"), "ref", "from_node_id", required=True, help=N_("单元操作或外部来源的编号")
        ),
        TemplateColumn(
            "to", N_("去向"), "ref", "to_node_id", required=True, help=N_("单元操作或外部去向的编号")
        ),
        TemplateColumn(
            "calc",
            N_("计算方式"),
            "enum",
            "calc",
            enum=StreamCalc,
            help=N_("直接给出数量，或由“物流因子”表中的因子相乘得出"),
        ),
        TemplateColumn("value", N_("数量"), "number", "value", help=N_("计算方式为“直接给出”时填写")),
        _text("unit", N_("单位"), required=True, help=N_("例如 m3/d、kg/d")),
        TemplateColumn("basis", N_("基准"), "enum", "basis", enum=Basis),
        TemplateColumn("status", N_("实测/估算"), "enum", "status", enum=DataStatus),
        _text("method_zh", N_("方法"), width=28),
        TemplateColumn("uncertainty_pct", N_("不确定度"), "number", "uncertainty_pct", unit="%", minimum=0),
    ),
    N_("物流及实测：平衡测试中每股物流一行。来自、去向填写单元操作或外部节点的编号（本表不能新增节点）。"),
)

FACTORS = TemplateSheet(
    "factors",
    N_("物流因子"),
    StreamFactor,
    (
        TemplateColumn("balance", N_("平衡代号"), "ref", None, required=True),
        TemplateColumn(
            "stream",
            N_("物流编号"),
            "ref",
            "stream_id",
            required=True,
            help=N_("“物流及实测”表或审核中已有的物流编号"),
        ),
        TemplateColumn("role", N_("因子"), "enum", "role", required=True, enum=FactorRole),
        TemplateColumn("value", N_("数值"), "number", "value", required=True),
        _text("unit", N_("单位"), help=N_("质量分数留空或填 %")),
    ),
    N_(
        "物流因子：按因子计算的物流（物料量 × 质量分数、体积 × 浓度、面积 × 厚度 × 密度）的实测因子，每个因子一行。"
    ),
)

OPTIONS = TemplateSheet(
    "options",
    N_("方案登记表"),
    Option,
    (
        _text("code", N_("编号"), required=True, help=N_("方案编号；已有的编号更新该方案")),
        _text("title_zh", N_("方案名称"), required=True, width=30),
        TemplateColumn("aspect", N_("方面"), "enum", "aspect", required=True, enum=Aspect),
        _text("source_zh", N_("来源")),
        TemplateColumn(
            "proposed_in_phase",
            N_("提出阶段"),
            "int",
            "proposed_in_phase",
            minimum=1,
            maximum=7,
            help=N_("1–7"),
        ),
        TemplateColumn("investment", N_("投资"), "number", "investment", unit="CNY", minimum=0),
        TemplateColumn("expected_savings", N_("预期年经济效益"), "number", "expected_savings", unit="CNY/a"),
        TemplateColumn("screening", N_("初步筛选"), "enum", "screening", enum=Screening),
        TemplateColumn("status", N_("状态"), "enum", "status", enum=OptionStatus),
        TemplateColumn("start_on", N_("开始日期"), "date", "start_on"),
        TemplateColumn("end_on", N_("完成日期"), "date", "end_on"),
        TemplateColumn(
            "actual_investment", N_("实际投资"), "number", "actual_investment", unit="CNY", minimum=0
        ),
        TemplateColumn("actual_savings", N_("实际年经济效益"), "number", "actual_savings", unit="CNY/a"),
        _text("description_zh", N_("方案简介"), width=40),
    ),
    N_(
        "方案登记表：每个清洁生产方案一行。费用类别（无/低费、中/高费）由投资额和审核设定的界限自动判定，不在此填写。"
    ),
)

MONITORING = TemplateSheet(
    "monitoring",
    N_("监测数据"),
    MonitoringRecord,
    (
        TemplateColumn(
            "option",
            N_("方案编号"),
            "ref",
            "option_id",
            help=N_("“方案登记表”或审核中已有的方案编号；可留空"),
        ),
        _text(
            "indicator_zh",
            N_("监测指标"),
            required=True,
            help=N_("与方案编号一起确定一行；已有的指标更新该行"),
            width=28,
        ),
        _text("unit", N_("单位")),
        TemplateColumn("direction", N_("方向"), "enum", "direction", enum=Direction),
        TemplateColumn("before_value", N_("实施前"), "number", "before_value"),
        TemplateColumn("after_value", N_("实施后"), "number", "after_value"),
        _text("before_period", N_("实施前监测期")),
        _text("after_period", N_("实施后监测期")),
        _text("computed_note", N_("说明"), width=28),
    ),
    N_("监测数据：方案实施前后的监测结果，每个指标一行。"),
)

SHEETS: tuple[TemplateSheet, ...] = (ITEMS, STREAMS, FACTORS, OPTIONS, MONITORING)
INSTRUCTIONS = N_("说明")
LISTS = N_("选项")


def sheet_names(sheet: TemplateSheet) -> set[str]:
    """The sheet's name in every language the workbench speaks (a template may come from any of them)."""
    return {translate(sheet.name, language) for language in LANGUAGES}


def enum_texts(enum: type[LabelledEnum]) -> dict[str, LabelledEnum]:
    """Every text that means a member: its value and its label in each language."""
    texts: dict[str, LabelledEnum] = {}
    for member in enum:
        texts[member.value] = member
        for language in LANGUAGES:
            texts[translate(member.label, language)] = member
    return texts
