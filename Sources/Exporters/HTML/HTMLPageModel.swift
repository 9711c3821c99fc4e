import Foundation
import HelpdeskAPI
import Mustache
import Reporting

// What the templates see. Every string here is helpdesk or report text that the templates
// print with `{{ }}` (escaped); nothing is pre-rendered HTML. Optional fields are avoided:
// mustache looks a missing key up in the enclosing objects, which would print the wrong value.

struct PageModel {
    let lang = "en"
    let pageTitle: String
    let heading: String
    let period: String
    let hasPeriod: Bool
    let generated: String
    let tiles: [TileModel]
    let hasTiles: Bool
    let tables: [TableModel]
    /// The pack's highlights, under the title and before the tiles; none on a one-table page.
    var highlights: [HighlightModel] = []
    var hasHighlights = false
    /// `ticketreport/0.1.0`: the page's generator meta and footer name the version that wrote it.
    let generator = ToolVersion.product
}

struct HighlightModel {
    let text: String
}

struct TileModel {
    let label: String
    let value: String
    let previous: String
    let hasPrevious: Bool
    let delta: String
    let arrow: String
    /// "good", "bad" or "neutral": a CSS class, never data.
    let mood: String
    let moodText: String
}

struct TableModel {
    let anchor: String
    /// False on a one-table page, whose page heading already is the title.
    let showTitle: Bool
    let title: String
    let description: String
    let hasDescription: Bool
    let parameters: [ParameterModel]
    let hasParameters: Bool
    let columns: [ColumnModel]
    let rows: [RowModel]
    let hasRows: Bool
    let rowCount: String
    let truncated: Bool
    let truncationNote: String
    let hasChart: Bool
    let chart: [ChartModel]
}

struct ParameterModel {
    let name: String
    let value: String
}

struct ColumnModel {
    let label: String
    let name: String
    let numeric: Bool
}

/// Rows and cells answer lookups directly: a page may hold 100,000 cells and Mirror is slow.
struct RowModel: MustacheParent {
    let cells: [CellModel]

    func child(named name: String) -> Any? {
        name == "cells" ? cells : nil
    }
}

struct CellModel: MustacheParent {
    let text: String
    let numeric: Bool
    let date: Bool
    let null: Bool

    func child(named name: String) -> Any? {
        switch name {
        case "text": return text
        case "numeric": return numeric
        case "date": return date
        case "null": return null
        default: return nil
        }
    }
}

struct ChartModel {
    let chartTitle: String
    let kind: String
    let width: Int
    let height: Int
    let gridLines: [LineModel]
    let axisLines: [LineModel]
    let rects: [RectModel]
    let polylines: [PolylineModel]
    let dots: [DotModel]
    let labels: [LabelModel]
    let legend: [LegendModel]
    let hasLegend: Bool
    /// Why the drawing shows less than the table ("first 60 of 200 rows"), or "".
    let note: String
    /// The chart's own title when the report gave one, and the note; empty otherwise.
    var caption = ""
    var hasCaption = false
}

struct LineModel {
    let x1: String
    let y1: String
    let x2: String
    let y2: String
}

struct RectModel {
    let x: String
    let y: String
    let w: String
    let h: String
    let fill: String
    let tip: String
}

struct PolylineModel {
    let points: String
    let stroke: String
}

struct DotModel {
    let cx: String
    let cy: String
    let fill: String
    let tip: String
}

struct LabelModel {
    let x: String
    let y: String
    let anchor: String
    /// A CSS class name chosen by the exporter ("tick", "cat", "cell", "col").
    let role: String
    let rotate: Bool
    let text: String
}

struct LegendModel {
    let x: String
    let y: String
    let textX: String
    let textY: String
    let fill: String
    let text: String
}
