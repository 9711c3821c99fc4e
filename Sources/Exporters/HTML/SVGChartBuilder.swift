import Foundation
import Reporting

/// Lays out a report's chart as SVG primitives for the `chart` template.
///
/// Only geometry and colours are computed here; every label stays plain text for the
/// template to escape. The drawing uses a fixed viewBox and scales to the page width.
enum SVGChartBuilder {
    static let width = 720
    static let palette = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]
    /// Bar and line charts stop at this many categories; heatmaps at this many rows.
    static let maxCategories = 60
    static let labelCharacters = 18

    static func build(_ spec: ChartSpec, table: ResultTable) -> ChartModel? {
        let ys = spec.y.compactMap { name in table.columnIndex(name) }
        guard !ys.isEmpty, !table.rows.isEmpty else { return nil }
        let x = table.columnIndex(spec.x)
        let title = TextSanitizer.forHTML(spec.title ?? table.title)
        let chart: ChartModel?
        switch spec.kind {
        case .bar: chart = x.map { barChart(title: title, table: table, x: $0, ys: ys) }
        case .line: chart = x.map { lineChart(title: title, table: table, x: $0, ys: ys) }
        case .heatmap: chart = heatmap(title: title, table: table, x: x, ys: ys)
        }
        guard var chart else { return nil }
        // The section heading already names the table; a caption only adds the chart's own title or a note.
        let parts = [spec.title.map(TextSanitizer.forHTML) ?? "", chart.note].filter { !$0.isEmpty }
        chart.caption = parts.joined(separator: " — ")
        chart.hasCaption = !parts.isEmpty
        return chart
    }

    // MARK: - Bar and line

    private struct Frame {
        let left = 72.0
        let right = 16.0
        let top = 16.0
        let height = 220.0
        var plotWidth: Double { Double(SVGChartBuilder.width) - left - right }
        var bottom: Double { top + height }
    }

    private static func barChart(title: String, table: ResultTable, x: Int, ys: [Int]) -> ChartModel {
        let rows = Array(table.rows.prefix(maxCategories))
        let frame = Frame()
        let format = table.columns[ys[0]].format
        let scale = ValueScale(
            values: rows.flatMap { row in ys.compactMap { cell(row, $0).doubleValue } }, format: format)
        var rects: [RectModel] = []
        let group = frame.plotWidth / Double(rows.count)
        let barWidth = group * 0.8 / Double(ys.count)
        let zero = frame.bottom - scale.fraction(of: 0) * frame.height
        for (rowIndex, row) in rows.enumerated() {
            let category = label(cell(row, x), table.columns[x].format)
            for (seriesIndex, y) in ys.enumerated() {
                guard let value = cell(row, y).doubleValue, value.isFinite else { continue }
                let top = frame.bottom - scale.fraction(of: value) * frame.height
                let left = frame.left + Double(rowIndex) * group + group * 0.1 + Double(seriesIndex) * barWidth
                rects.append(
                    RectModel(
                        x: number(left), y: number(min(top, zero)), w: number(max(barWidth - 1, 1)),
                        h: number(max(abs(zero - top), 0.5)), fill: palette[seriesIndex % palette.count],
                        tip: "\(category) · \(plain(table.columns[y].label)): "
                            + ValueFormatter.format(cell(row, y), as: table.columns[y].format)))
            }
        }
        let centers = rows.indices.map { frame.left + (Double($0) + 0.5) * group }
        return axisChart(
            kind: "bar", title: title, table: table, x: x, ys: ys, rows: rows, frame: frame, scale: scale,
            centers: centers, rects: rects, polylines: [], dots: [])
    }

    private static func lineChart(title: String, table: ResultTable, x: Int, ys: [Int]) -> ChartModel {
        let rows = Array(table.rows.prefix(maxCategories * 8))
        let frame = Frame()
        let format = table.columns[ys[0]].format
        let scale = ValueScale(
            values: rows.flatMap { row in ys.compactMap { cell(row, $0).doubleValue } }, format: format)
        let step = rows.count > 1 ? frame.plotWidth / Double(rows.count - 1) : 0
        let centers = rows.indices.map {
            rows.count > 1 ? frame.left + Double($0) * step : frame.left + frame.plotWidth / 2
        }
        var polylines: [PolylineModel] = []
        var dots: [DotModel] = []
        for (seriesIndex, y) in ys.enumerated() {
            let color = palette[seriesIndex % palette.count]
            var segment: [String] = []
            // A NULL breaks the line: joining across a gap would invent values.
            func flush() {
                if segment.count > 1 {
                    polylines.append(PolylineModel(points: segment.joined(separator: " "), stroke: color))
                }
                segment.removeAll()
            }
            for (rowIndex, row) in rows.enumerated() {
                guard let value = cell(row, y).doubleValue, value.isFinite else {
                    flush()
                    continue
                }
                let px = centers[rowIndex]
                let py = frame.bottom - scale.fraction(of: value) * frame.height
                segment.append("\(number(px)),\(number(py))")
                if rows.count <= 100 || segment.count == 1 {
                    dots.append(
                        DotModel(
                            cx: number(px), cy: number(py), fill: color,
                            tip: "\(label(cell(row, x), table.columns[x].format)) · \(plain(table.columns[y].label)): "
                                + ValueFormatter.format(cell(row, y), as: table.columns[y].format)))
                }
            }
            flush()
        }
        return axisChart(
            kind: "line", title: title, table: table, x: x, ys: ys, rows: rows, frame: frame, scale: scale,
            centers: centers, rects: [], polylines: polylines, dots: dots)
    }

    private static func axisChart(
        kind: String, title: String, table: ResultTable, x: Int, ys: [Int], rows: [[CellValue]], frame: Frame,
        scale: ValueScale, centers: [Double], rects: [RectModel], polylines: [PolylineModel], dots: [DotModel]
    ) -> ChartModel {
        var labels: [LabelModel] = []
        var grid: [LineModel] = []
        for tick in scale.ticks {
            let y = frame.bottom - scale.fraction(of: tick) * frame.height
            grid.append(
                LineModel(
                    x1: number(frame.left), y1: number(y), x2: number(frame.left + frame.plotWidth), y2: number(y)))
            labels.append(
                LabelModel(
                    x: number(frame.left - 6), y: number(y + 4), anchor: "end", role: "tick", rotate: false,
                    text: ValueFormatter.format(.real(tick), as: scale.format)))
        }
        // At most ~24 category labels; the rest stay readable in the tooltips and the table.
        let every = max(1, Int((Double(rows.count) / 24).rounded(.up)))
        let slot = (rows.count > 1 ? centers[1] - centers[0] : frame.plotWidth) * Double(every)
        let fits = max(3, Int(slot / 6.5))
        let names = rows.map { label(cell($0, x), table.columns[x].format) }
        // Labels that do not fit side by side are slanted instead of overlapping.
        let rotate = names.indices.contains { $0 % every == 0 && DisplayWidth.of(names[$0]) > fits }
        for index in names.indices where index % every == 0 {
            labels.append(
                LabelModel(
                    x: number(centers[index]), y: number(frame.bottom + 16), anchor: rotate ? "end" : "middle",
                    role: "cat", rotate: rotate,
                    text: DisplayWidth.truncate(names[index], to: rotate ? labelCharacters : fits)))
        }
        let axis = [
            LineModel(
                x1: number(frame.left), y1: number(frame.bottom), x2: number(frame.left + frame.plotWidth),
                y2: number(frame.bottom)),
            LineModel(x1: number(frame.left), y1: number(frame.top), x2: number(frame.left), y2: number(frame.bottom)),
        ]
        let legendTop = frame.bottom + (rotate ? 96 : 40)
        let legend = legendItems(ys.map { plain(table.columns[$0].label) }, top: legendTop)
        let note =
            table.rows.count > rows.count ? "Chart shows the first \(rows.count) of \(table.rows.count) rows." : ""
        return ChartModel(
            chartTitle: title, kind: kind, width: width, height: Int(legendTop + 24), gridLines: grid, axisLines: axis,
            rects: rects, polylines: polylines, dots: dots, labels: labels, legend: legend, hasLegend: !legend.isEmpty,
            note: note)
    }

    private static func legendItems(_ names: [String], top: Double) -> [LegendModel] {
        var items: [LegendModel] = []
        var left = 72.0
        for (index, name) in names.enumerated() {
            let text = DisplayWidth.truncate(name, to: 28)
            items.append(
                LegendModel(
                    x: number(left), y: number(top - 10), textX: number(left + 16), textY: number(top),
                    fill: palette[index % palette.count], text: text))
            left += 16 + Double(DisplayWidth.of(text)) * 7 + 20
        }
        return items
    }

    // MARK: - Heatmap

    private static func heatmap(title: String, table: ResultTable, x: Int?, ys: [Int]) -> ChartModel {
        let rows = Array(table.rows.prefix(maxCategories))
        let labelWidth = 140.0
        let top = 64.0
        let cellWidth = (Double(width) - labelWidth - 8) / Double(ys.count)
        let cellHeight = 22.0
        let values = rows.flatMap { row in ys.compactMap { cell(row, $0).doubleValue }.filter(\.isFinite) }
        let low = values.min() ?? 0
        let high = values.max() ?? 0
        var rects: [RectModel] = []
        var labels: [LabelModel] = []
        let rotate = cellWidth < 60
        for (column, y) in ys.enumerated() {
            let centerX = labelWidth + (Double(column) + 0.5) * cellWidth
            labels.append(
                LabelModel(
                    x: number(centerX), y: number(top - 8), anchor: rotate ? "start" : "middle", role: "col",
                    rotate: rotate, text: DisplayWidth.truncate(plain(table.columns[y].label), to: labelCharacters)))
        }
        for (rowIndex, row) in rows.enumerated() {
            let rowTop = top + Double(rowIndex) * cellHeight
            let rowLabel = x.map { label(cell(row, $0), table.columns[$0].format) } ?? String(rowIndex + 1)
            labels.append(
                LabelModel(
                    x: number(labelWidth - 6), y: number(rowTop + cellHeight / 2 + 4), anchor: "end", role: "cat",
                    rotate: false, text: DisplayWidth.truncate(rowLabel, to: labelCharacters)))
            for (column, y) in ys.enumerated() {
                let value = cell(row, y)
                let text = ValueFormatter.format(value, as: table.columns[y].format)
                let fill = value.doubleValue.map { heatColor($0, low: low, high: high) } ?? "#eeeeee"
                let left = labelWidth + Double(column) * cellWidth
                rects.append(
                    RectModel(
                        x: number(left), y: number(rowTop), w: number(cellWidth - 1), h: number(cellHeight - 1),
                        fill: fill, tip: "\(rowLabel) · \(plain(table.columns[y].label)): \(text)"))
                if cellWidth >= 36 {
                    labels.append(
                        LabelModel(
                            x: number(left + cellWidth / 2), y: number(rowTop + cellHeight / 2 + 4), anchor: "middle",
                            role: "cell", rotate: false,
                            text: DisplayWidth.truncate(text, to: max(2, Int(cellWidth / 7)))))
                }
            }
        }
        let note =
            table.rows.count > rows.count ? "Heatmap shows the first \(rows.count) of \(table.rows.count) rows." : ""
        return ChartModel(
            chartTitle: title, kind: "heatmap", width: width, height: Int(top + Double(rows.count) * cellHeight + 8),
            gridLines: [], axisLines: [], rects: rects, polylines: [], dots: [], labels: labels, legend: [],
            hasLegend: false, note: note)
    }

    /// White → yellow → red, the scale the XLSX heatmap uses.
    static func heatColor(_ value: Double, low: Double, high: Double) -> String {
        guard value.isFinite else { return "#eeeeee" }
        let t = high > low ? min(1, max(0, (value - low) / (high - low))) : 0.5
        let white = (255.0, 255.0, 255.0)
        let yellow = (255.0, 235.0, 132.0)
        let red = (248.0, 105.0, 107.0)
        let (from, to, u) = t < 0.5 ? (white, yellow, t * 2) : (yellow, red, (t - 0.5) * 2)
        func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * u).rounded()) }
        return String(format: "#%02x%02x%02x", mix(from.0, to.0), mix(from.1, to.1), mix(from.2, to.2))
    }

    // MARK: - Helpers

    private static func cell(_ row: [CellValue], _ index: Int) -> CellValue {
        index < row.count ? row[index] : .null
    }

    private static func label(_ value: CellValue, _ format: ColumnFormat) -> String {
        plain(ValueFormatter.format(value, as: format))
    }

    private static func plain(_ text: String) -> String {
        TextSanitizer.forHTML(text).replacingOccurrences(of: "\n", with: " ")
    }

    static func number(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}

/// A value axis: its range padded to "nice" tick steps (1, 2, 2.5, 5 × 10ⁿ), always including 0.
struct ValueScale {
    let format: ColumnFormat
    let low: Double
    let high: Double
    let ticks: [Double]

    init(values: [Double], format: ColumnFormat) {
        self.format = format
        let finite = values.filter(\.isFinite)
        // Durations tick in whole hours, not in multiples of 10 seconds.
        let unit = format == .duration ? 3600.0 : 1
        var low = min(0, (finite.min() ?? 0) / unit)
        var high = max(0, (finite.max() ?? 0) / unit)
        if high == low { high = low + 1 }
        let step = Self.niceStep((high - low) / 5)
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        var ticks: [Double] = []
        var tick = low
        while tick <= high + step / 2, ticks.count < 12 {
            ticks.append(tick * unit)
            tick += step
        }
        self.low = low * unit
        self.high = high * unit
        self.ticks = ticks
    }

    func fraction(of value: Double) -> Double {
        (value - low) / (high - low)
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for multiple in [1.0, 2, 2.5, 5, 10] where raw <= multiple * magnitude {
            return multiple * magnitude
        }
        return 10 * magnitude
    }
}
