import Foundation

/// The rules that turn two periods' figures into the pack's highlights: a few sentences on
/// what changed, each naming the figure, the direction, both values and what contributed
/// most. Everything the rules decide is in this file; the README's "Highlights" table
/// mirrors ``rules`` and the thresholds below.
///
///     let sentences = HighlightRules.sentences(current: october, previous: september)
///     // ["Median first response rose 38 % to 10.2 h (from 7.4 h); Billing accounts for most of it (+9.1 h on 44 tickets).", …]
///
/// A figure is a candidate when both periods have it, it changed, the change passes the
/// figure's threshold, and it rests on at least ``HighlightSettings/minTickets`` tickets
/// (rates: in each period; counts: the change itself). Candidates are ordered by relative
/// change, largest first (ties keep the order of ``rules``), and at most
/// ``HighlightSettings/maxSentences`` are kept. None at all gives ``noNotableChange``.
package enum HighlightRules {
    /// The one sentence for two periods with nothing worth a highlight (ties, equal periods).
    package static let noNotableChange = "No notable change."

    /// Times (first response) must change by at least this fraction of the previous value.
    package static let timeChange = 0.10
    /// Shares (SLA met, CSAT, reopen rate) must change by at least this many points (0.02 = 2 points).
    package static let sharePoints = 0.02
    /// Counts (tickets, unanswered) must change by at least this fraction of the previous value
    /// (and by at least `minTickets` tickets).
    package static let countChange = 0.10
    /// A contributor "accounts for most of it" from this share of the overall change; below
    /// it, it "contributes most".
    static let mostOfIt = 0.5

    enum Kind: Sendable {
        /// Hours; threshold ``timeChange``; shown as "10.2 h".
        case time
        /// A fraction; threshold ``sharePoints``; shown as "82.3 %", changes in points.
        case share
        /// Tickets; threshold ``countChange`` and `minTickets`; shown as "1,250".
        case count
    }

    /// One candidate figure: where its value and its base (the tickets it rests on) come from.
    struct Rule: Sendable {
        var label: String
        var kind: Kind
        var value: @Sendable (HighlightFigures.Group) -> Double?
        /// The tickets (or replies) the figure is computed over; for counts, unused.
        var base: @Sendable (HighlightFigures.Group) -> Int?
        /// What `base` counts, for "on 44 tickets".
        var baseNoun: String
    }

    /// The candidate figures, in the order ties are broken.
    static let rules: [Rule] = [
        Rule(
            label: "Median first response", kind: .time, value: { $0.frtMedianHours }, base: { $0.answered },
            baseNoun: "tickets"),
        Rule(
            label: "p90 first response", kind: .time, value: { $0.frtP90Hours }, base: { $0.answered },
            baseNoun: "tickets"),
        Rule(
            label: "SLA met", kind: .share, value: { $0.slaMetShare }, base: { $0.customerOpened },
            baseNoun: "tickets"),
        Rule(label: "CSAT", kind: .share, value: { $0.csat }, base: { $0.rated }, baseNoun: "rated replies"),
        Rule(
            label: "Tickets", kind: .count, value: { Double($0.tickets) }, base: { $0.tickets }, baseNoun: "tickets"),
        Rule(
            label: "Unanswered tickets", kind: .count, value: { Double($0.unanswered) }, base: { $0.unanswered },
            baseNoun: "tickets"),
        Rule(
            label: "Reopen rate", kind: .share, value: { $0.reopenRate }, base: { $0.closed },
            baseNoun: "closed tickets"),
    ]

    /// The highlights for `current` against `previous`: 1 to `settings.maxSentences` sentences.
    package static func sentences(
        current: HighlightFigures, previous: HighlightFigures, settings: HighlightSettings = HighlightSettings()
    ) -> [String] {
        var candidates: [(relative: Double, order: Int, sentence: String)] = []
        for (order, rule) in rules.enumerated() {
            guard let new = rule.value(current.total), let old = rule.value(previous.total), new.isFinite,
                old.isFinite, new != old
            else { continue }
            let change = new - old
            switch rule.kind {
            case .time, .share:
                guard let baseNow = rule.base(current.total), let baseBefore = rule.base(previous.total),
                    baseNow >= settings.minTickets, baseBefore >= settings.minTickets
                else { continue }
                if rule.kind == .time, old > 0, abs(change) / old < timeChange { continue }
                if rule.kind == .share, abs(change) < sharePoints - 1e-9 { continue }
            case .count:
                guard abs(change) >= Double(settings.minTickets) else { continue }
                if old > 0, abs(change) / old < countChange { continue }
            }
            let relative = old != 0 ? abs(change) / abs(old) : .infinity
            var sentence = headline(rule, new: new, old: old)
            if let clause = contributor(rule, change: change, current: current, previous: previous, settings: settings)
            {
                sentence += "; " + clause
            }
            candidates.append((relative, order, sentence + "."))
        }
        guard !candidates.isEmpty else { return [noNotableChange] }
        candidates.sort { $0.relative != $1.relative ? $0.relative > $1.relative : $0.order < $1.order }
        return candidates.prefix(max(1, settings.maxSentences)).map(\.sentence)
    }

    /// "Median first response rose 38 % to 10.2 h (from 7.4 h)".
    static func headline(_ rule: Rule, new: Double, old: Double) -> String {
        let verb = new > old ? "rose" : "fell"
        let values = "to \(shown(new, rule.kind)) (from \(shown(old, rule.kind)))"
        switch rule.kind {
        case .share:
            return "\(rule.label) \(verb) \(fixed(abs(new - old) * 100)) points \(values)"
        case .time, .count:
            // From zero a percentage says nothing.
            guard old != 0 else { return "\(rule.label) \(verb) \(values)" }
            return "\(rule.label) \(verb) \(Int((abs(new - old) / abs(old) * 100).rounded())) % \(values)"
        }
    }

    /// The clause naming what contributed most, or nil when no department qualifies.
    ///
    /// A fall in SLA met names the department and priority with the most breaches this
    /// period. Otherwise each department present in both periods with at least
    /// `minTickets` in its base gets a contribution: for rates its own change weighted by
    /// its share of this period's base, for counts its own change (at least `minTickets`).
    /// The largest contribution in the direction of the overall change is named.
    static func contributor(
        _ rule: Rule, change: Double, current: HighlightFigures, previous: HighlightFigures,
        settings: HighlightSettings
    ) -> String? {
        if rule.label == "SLA met", change < 0 {
            let cells = current.breaches.filter { $0.breached > 0 }
            let total = current.breaches.reduce(0) { $0 + $1.breached }
            guard let worst = cells.max(by: { $0.breached < $1.breached }), total > 0 else { return nil }
            return "\(worst.breached) of the \(grouped(total)) breaches were \(worst.priority) priority in "
                + worst.department
        }
        let before = Dictionary(previous.departments.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var best: (name: String, contribution: Double, own: Double, base: Int)?
        for department in current.departments {
            let own: Double
            let contribution: Double
            var base = 0
            switch rule.kind {
            case .time, .share:
                guard let earlier = before[department.name], let new = rule.value(department),
                    let old = rule.value(earlier), let baseNow = rule.base(department),
                    let baseBefore = rule.base(earlier), let totalBase = rule.base(current.total),
                    baseNow >= settings.minTickets, baseBefore >= settings.minTickets, totalBase > 0
                else { continue }
                own = new - old
                contribution = own * Double(baseNow) / Double(totalBase)
                base = baseNow
            case .count:
                guard let new = rule.value(department) else { continue }
                own = new - (before[department.name].flatMap(rule.value) ?? 0)
                guard abs(own) >= Double(settings.minTickets) else { continue }
                contribution = own
            }
            guard contribution * change > 0, abs(contribution) > abs(best?.contribution ?? 0) else { continue }
            best = (department.name, contribution, own, base)
        }
        guard let best else { return nil }
        let role = best.contribution / change >= mostOfIt ? "accounts for most of it" : "contributes most"
        let detail: String
        switch rule.kind {
        case .time: detail = "\(signed(best.own)) h on \(grouped(best.base)) \(rule.baseNoun)"
        case .share: detail = "\(signed(best.own * 100)) points on \(grouped(best.base)) \(rule.baseNoun)"
        case .count: detail = "\(best.own > 0 ? "+" : "-")\(grouped(Int(abs(best.own).rounded()))) tickets"
        }
        return "\(best.name) \(role) (\(detail))"
    }

    static func shown(_ value: Double, _ kind: Kind) -> String {
        switch kind {
        case .time: return "\(fixed(value)) h"
        case .share: return "\(fixed(value * 100)) %"
        case .count: return grouped(Int(value.rounded()))
        }
    }

    /// One decimal, "10.2", whatever the locale.
    static func fixed(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        let sign = tenths < 0 ? "-" : ""
        let magnitude = Int(abs(tenths))
        return "\(sign)\(grouped(magnitude / 10)).\(magnitude % 10)"
    }

    /// "+9.1" / "-2.0".
    static func signed(_ value: Double) -> String {
        let text = fixed(abs(value))
        return (value < 0 && text != "0.0" ? "-" : "+") + text
    }

    /// "1,250": thousands grouped with commas, whatever the locale.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }
}
