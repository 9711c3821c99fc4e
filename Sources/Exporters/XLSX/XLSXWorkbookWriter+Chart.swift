import CXLSXWriter
import Foundation
import Reporting

extension XLSXWorkbookWriter {
    /// Heatmap colours, low to high; the HTML exporter uses the same scale.
    static let heatmapColors: (low: lxw_color_t, middle: lxw_color_t, high: lxw_color_t) = (
        0xFFFFFF, 0xFFEB84, 0xF8696B
    )

    /// Draws the report's chart for a finished sheet: a native chart, or a colour scale.
    func addChart(_ spec: ChartSpec, to sheet: SheetState, lastRow: UInt32) throws {
        let columns = sheet.columns
        let yIndices = spec.y.compactMap { name in columns.firstIndex { $0.name == name } }
        let missing = spec.y.filter { name in !columns.contains { $0.name == name } }
        if !missing.isEmpty {
            report.diagnostics.append(
                "chart on sheet \"\(sheet.name)\": column(s) \(missing.joined(separator: ", ")) not in the result; left out"
            )
        }
        guard !yIndices.isEmpty else {
            report.diagnostics.append(
                "chart on sheet \"\(sheet.name)\" skipped: none of its y columns is in the result")
            return
        }
        switch spec.kind {
        case .heatmap:
            try addColorScale(columns: yIndices, to: sheet, lastRow: lastRow)
        case .bar, .line:
            guard let xIndex = columns.firstIndex(where: { $0.name == spec.x }) else {
                report.diagnostics.append(
                    "chart on sheet \"\(sheet.name)\" skipped: its x column \(spec.x) is not in the result")
                return
            }
            try addNativeChart(spec, x: xIndex, y: yIndices, to: sheet, lastRow: lastRow)
        }
    }

    private func addNativeChart(_ spec: ChartSpec, x: Int, y: [Int], to sheet: SheetState, lastRow: UInt32) throws {
        guard let workbook else { return }
        let lastChartRow = min(lastRow, UInt32(Self.maxChartRows))
        if lastRow > lastChartRow {
            report.diagnostics.append(
                "chart on sheet \"\(sheet.name)\" shows the first \(Self.maxChartRows) of \(lastRow) rows")
        }
        let type = spec.kind == .line ? LXW_CHART_LINE : LXW_CHART_COLUMN
        guard let chart = workbook_add_chart(workbook, UInt8(type.rawValue)) else {
            fail()
            throw ExportError(.xlsx, "cannot add a chart to \"\(path.path)\": libxlsxwriter is out of memory")
        }
        let xColumn = UInt16(x)
        for index in y {
            guard let series = chart_add_series(chart, nil, nil) else {
                fail()
                throw ExportError(
                    .xlsx, "cannot add a chart series to \"\(path.path)\": libxlsxwriter is out of memory")
            }
            // Ranges by row/column, so libxlsxwriter quotes the sheet name itself.
            let yColumn = UInt16(index)
            chart_series_set_categories(series, sheet.name, 1, xColumn, lastChartRow, xColumn)
            chart_series_set_values(series, sheet.name, 1, yColumn, lastChartRow, yColumn)
            chart_series_set_name_range(series, sheet.name, 0, yColumn)
        }
        // chart_title_set_name reads a leading "=" as a formula; a zero-width space keeps it text.
        var title = TextSanitizer.forXLSX(spec.title ?? sheet.name)
        if title.hasPrefix("=") { title = "\u{200B}" + title }
        chart_title_set_name(chart, title)
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        if let code = Self.formatCode(for: sheet.columns[y[0]].format), let axis = chart.pointee.y_axis {
            chart_axis_set_num_format(axis, code)
        }
        var options = lxw_chart_options()
        options.x_offset = 16
        options.y_offset = 0
        options.x_scale = 1.5
        options.y_scale = 1.25
        try check(
            worksheet_insert_chart_opt(sheet.worksheet, 1, UInt16(sheet.columns.count + 1), chart, &options),
            "inserting the chart")
    }

    private func addColorScale(columns: [Int], to sheet: SheetState, lastRow: UInt32) throws {
        var scale = lxw_conditional_format()
        scale.type = UInt8(LXW_CONDITIONAL_3_COLOR_SCALE.rawValue)
        scale.min_color = Self.heatmapColors.low
        scale.mid_color = Self.heatmapColors.middle
        scale.max_color = Self.heatmapColors.high
        let runs = Self.contiguousRuns(columns.sorted())
        let ranges = runs.map { run in
            "\(Self.columnName(run.lowerBound))2:\(Self.columnName(run.upperBound))\(lastRow + 1)"
        }
        // One rule over every y column, so all cells share one scale; multi_range joins the runs.
        let multiRange = ranges.count > 1 ? ranges.joined(separator: " ") : nil
        let primary = runs[0]
        let error: lxw_error
        if let multiRange {
            error = multiRange.withCString { pointer in
                scale.multi_range = UnsafeMutablePointer(mutating: pointer)
                return worksheet_conditional_format_range(
                    sheet.worksheet, 1, UInt16(primary.lowerBound), lastRow, UInt16(primary.upperBound), &scale)
            }
        } else {
            error = worksheet_conditional_format_range(
                sheet.worksheet, 1, UInt16(primary.lowerBound), lastRow, UInt16(primary.upperBound), &scale)
        }
        try check(error, "adding the heatmap colour scale")
    }

    static func contiguousRuns(_ sorted: [Int]) -> [ClosedRange<Int>] {
        var runs: [ClosedRange<Int>] = []
        for value in sorted {
            if let last = runs.last, last.upperBound + 1 == value {
                runs[runs.count - 1] = last.lowerBound...value
            } else if runs.last?.contains(value) != true {
                runs.append(value...value)
            }
        }
        return runs
    }

    /// "A", "B", … "Z", "AA" for a zero-based column index.
    static func columnName(_ index: Int) -> String {
        var index = index + 1
        var name = ""
        while index > 0 {
            let remainder = (index - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            index = (index - 1) / 26
        }
        return name
    }
}
