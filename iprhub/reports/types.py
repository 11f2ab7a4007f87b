"""Report types and their sections, after GB/T 39551-2020 (专利导航指南): part 2 region planning
(区域规划类), part 3 industry planning (产业规划类), part 4 enterprise operation (企业经营类), part 5
R&D activity (研发活动类). Each section names the analyses whose charts and figures it shows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    id: str
    title_en: str
    title_zh: str
    charts: tuple[str, ...]


@dataclass(frozen=True)
class ReportType:
    id: str
    title_en: str
    title_zh: str
    part: str
    sections: tuple[Section, ...]


TYPES: dict[str, ReportType] = {t.id: t for t in (
    ReportType("industry", "Industry planning patent navigation", "产业规划类专利导航", "GB/T 39551.3", (
        Section("direction", "Direction of the industry", "产业发展方向", ("trend", "lifecycle", "ipc-subclass")),
        Section("positioning", "Positioning", "产业定位", ("rta", "flows", "applicants")),
        Section("path", "Development path", "发展路径", ("ipc-group", "clusters", "co-applicants")),
    )),
    ReportType("region", "Regional planning patent navigation", "区域规划类专利导航", "GB/T 39551.2", (
        Section("competitiveness", "Regional competitiveness", "区域产业竞争力", ("rta", "concentration", "applicants")),
        Section("matching", "Matching of industry and innovation", "产业与创新资源匹配", ("ipc-subclass", "flows")),
        Section("path", "Development path", "发展路径", ("trend", "clusters")),
    )),
    ReportType("enterprise", "Enterprise operation patent navigation", "企业经营类专利导航", "GB/T 39551.4", (
        Section("competitors", "Competitive landscape", "竞争格局", ("applicants", "concentration")),
        Section("portfolio", "Technology and market layout", "技术与市场布局", ("ipc-subclass", "flows", "trend")),
        Section("cooperation", "Cooperation and risk", "合作与风险", ("co-applicants", "citations")),
    )),
    ReportType("rd", "R&D activity patent navigation", "研发活动类专利导航", "GB/T 39551.5", (
        Section("hotspots", "Technology hotspots", "技术热点", ("clusters", "ipc-group")),
        Section("evolution", "Technology evolution", "技术演进", ("trend", "lifecycle")),
        Section("key", "Key patents and teams", "核心专利与研发团队", ("citations", "inventors", "applicants")),
    )),
)}
