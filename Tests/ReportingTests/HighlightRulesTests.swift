import Foundation
import Reporting
import Testing

/// The highlight rules on hand-built periods; every expected sentence is written out.
@Suite struct HighlightRulesTests {
    typealias Group = HighlightFigures.Group

    @Test func aRiseInFirstResponseNamesTheDepartmentBehindIt() {
        let september = HighlightFigures(
            total: Group(name: "All departments", answered: 100, frtMedianHours: 7.4),
            departments: [
                Group(name: "Billing", answered: 40, frtMedianHours: 5.0),
                Group(name: "Support", answered: 60, frtMedianHours: 8.0),
            ])
        let october = HighlightFigures(
            total: Group(name: "All departments", answered: 110, frtMedianHours: 10.2),
            departments: [
                Group(name: "Billing", answered: 44, frtMedianHours: 14.1),
                Group(name: "Support", answered: 66, frtMedianHours: 8.5),
            ])
        #expect(
            HighlightRules.sentences(current: october, previous: september) == [
                "Median first response rose 38 % to 10.2 h (from 7.4 h); Billing accounts for most of it "
                    + "(+9.1 h on 44 tickets)."
            ])
    }

    @Test func aFallInSLANamesThePriorityAndDepartmentWithTheMostBreaches() {
        let september = HighlightFigures(total: Group(name: "All departments", customerOpened: 200, slaMetShare: 0.858))
        let october = HighlightFigures(
            total: Group(name: "All departments", customerOpened: 210, slaMetShare: 0.823),
            breaches: [
                .init(department: "Billing", priority: "Medium", breached: 15),
                .init(department: "General Enquiries", priority: "High", breached: 6),
                .init(department: "General Enquiries", priority: "Medium", breached: 20),
            ])
        #expect(
            HighlightRules.sentences(current: october, previous: september) == [
                "SLA met fell 3.5 points to 82.3 % (from 85.8 %); 20 of the 41 breaches were Medium priority in "
                    + "General Enquiries."
            ])
    }

    @Test func aRiseInVolumeNamesTheDepartmentThatGrewMost() {
        let september = HighlightFigures(
            total: Group(name: "All departments", tickets: 1000),
            departments: [Group(name: "Billing", tickets: 300), Group(name: "Support", tickets: 700)])
        let october = HighlightFigures(
            total: Group(name: "All departments", tickets: 1250),
            departments: [Group(name: "Billing", tickets: 480), Group(name: "Support", tickets: 770)])
        #expect(
            HighlightRules.sentences(current: october, previous: september) == [
                "Tickets rose 25 % to 1,250 (from 1,000); Billing accounts for most of it (+180 tickets)."
            ])
    }

    @Test func aContributorBelowHalfTheChangeContributesMostAndSmallDepartmentsAreNotNamed() {
        // CSAT fell 6 points; Billing (-8 points on 40 of 100 rated) gives -3.2 of it, Support
        // (-4 points on 50) -2.0; Sales moved most but on 9 rated replies.
        let september = HighlightFigures(
            total: Group(name: "All departments", rated: 100, csat: 0.90),
            departments: [
                Group(name: "Billing", rated: 40, csat: 0.90), Group(name: "Sales", rated: 10, csat: 0.90),
                Group(name: "Support", rated: 50, csat: 0.90),
            ])
        let october = HighlightFigures(
            total: Group(name: "All departments", rated: 100, csat: 0.84),
            departments: [
                Group(name: "Billing", rated: 40, csat: 0.82), Group(name: "Sales", rated: 9, csat: 0.40),
                Group(name: "Support", rated: 51, csat: 0.86),
            ])
        #expect(
            HighlightRules.sentences(current: october, previous: september) == [
                "CSAT fell 6.0 points to 84.0 % (from 90.0 %); Billing accounts for most of it "
                    + "(-8.0 points on 40 rated replies)."
            ])
        var quieter = october
        quieter.departments[0].csat = 0.86  // Billing now -4 points: -1.6 of the -6
        #expect(
            HighlightRules.sentences(current: quieter, previous: september) == [
                "CSAT fell 6.0 points to 84.0 % (from 90.0 %); Support contributes most (-4.0 points on 51 rated replies)."
            ])
    }

    @Test func changesBelowTheirThresholdsAreNotHighlighted() {
        let september = HighlightFigures(
            total: Group(
                name: "All departments", tickets: 100, customerOpened: 100, answered: 90, unanswered: 10,
                frtMedianHours: 7.4, slaMetShare: 0.85, rated: 8, csat: 0.80))
        let october = HighlightFigures(
            total: Group(
                name: "All departments", tickets: 108, customerOpened: 108, answered: 90, unanswered: 19,
                // 8 % slower, 1.5 points of SLA, 8 more tickets and 9 more unanswered (fewer than 10),
                // and a CSAT jump resting on 8 rated replies.
                frtMedianHours: 7.99, slaMetShare: 0.835, rated: 8, csat: 0.95))
        #expect(HighlightRules.sentences(current: october, previous: september) == ["No notable change."])
        // The same CSAT jump on 10 rated replies each month is a highlight; with min_tickets 11 it is not.
        var rated = (september, october)
        rated.0.total.rated = 10
        rated.1.total.rated = 10
        #expect(
            HighlightRules.sentences(current: rated.1, previous: rated.0) == [
                "CSAT rose 15.0 points to 95.0 % (from 80.0 %)."
            ])
        #expect(
            HighlightRules.sentences(
                current: rated.1, previous: rated.0, settings: HighlightSettings(minTickets: 11))
                == ["No notable change."])
    }

    @Test func equalPeriodsAndEmptyPeriodsHaveNoNotableChange() {
        let month = HighlightFigures(
            total: Group(
                name: "All departments", tickets: 500, customerOpened: 480, answered: 450, unanswered: 30,
                frtMedianHours: 4.2, frtP90Hours: 20.5, slaMetShare: 0.91, rated: 120, csat: 0.88, closed: 300,
                reopenRate: 0.05),
            departments: [Group(name: "Billing", tickets: 500, answered: 450, frtMedianHours: 4.2)])
        #expect(HighlightRules.sentences(current: month, previous: month) == ["No notable change."])
        let empty = HighlightFigures(total: Group(name: "All departments"))
        #expect(HighlightRules.sentences(current: empty, previous: empty) == ["No notable change."])
        // A figure the previous period lacks (no ratings then) is not compared.
        var unrated = month
        unrated.total.csat = nil
        unrated.total.rated = 0
        #expect(HighlightRules.sentences(current: month, previous: unrated) == ["No notable change."])
    }

    @Test func atMostFiveLargestRelativeChangeFirst() {
        let september = HighlightFigures(
            total: Group(
                name: "All departments", tickets: 100, customerOpened: 100, answered: 90, unanswered: 10,
                frtMedianHours: 2.0, frtP90Hours: 10.0, slaMetShare: 0.90, rated: 50, csat: 0.80, closed: 40,
                reopenRate: 0.10))
        let october = HighlightFigures(
            total: Group(
                name: "All departments", tickets: 150, customerOpened: 150, answered: 120, unanswered: 30,
                frtMedianHours: 3.0, frtP90Hours: 12.0, slaMetShare: 0.80, rated: 60, csat: 0.70, closed: 50,
                reopenRate: 0.20))
        let all = [
            "Unanswered tickets rose 200 % to 30 (from 10).",  // +200 %
            "Reopen rate rose 10.0 points to 20.0 % (from 10.0 %).",  // +100 %
            "Median first response rose 50 % to 3.0 h (from 2.0 h).",  // +50 %, first in the rules
            "Tickets rose 50 % to 150 (from 100).",  // +50 %
            "p90 first response rose 20 % to 12.0 h (from 10.0 h).",  // +20 %
            // Left out by the cap: CSAT (-12.5 %), SLA met (-11.1 %).
        ]
        #expect(HighlightRules.sentences(current: october, previous: september) == all)
        #expect(
            HighlightRules.sentences(
                current: october, previous: september, settings: HighlightSettings(maxSentences: 3))
                == Array(all.prefix(3)))
    }

    @Test func figuresAreReadFromTheReportsResults() {
        func column(_ name: String, _ format: ColumnFormat = .integer) -> ResultColumn {
            ResultColumn(name: name, format: format)
        }
        let responseTimes = ResultTable(
            name: "response-times", title: "First response time by department",
            columns: [
                column("department", .text), column("tickets"), column("admin_opened"), column("answered"),
                column("unanswered"), column("frt_median_hours", .hours), column("frt_p90_hours", .hours),
                column("sla_met_share", .percent),
            ],
            rows: [
                [
                    .text("Billing"), .integer(50), .integer(5), .integer(44), .integer(1), .real(14.1), .real(30),
                    .real(0.8),
                ],
                [
                    .text("All departments"), .integer(120), .integer(10), .integer(110), .integer(0), .real(10.2),
                    .null, .null,
                ],
            ])
        let ratings = ResultTable(
            name: "ratings", title: "Customer ratings by department",
            columns: [column("department", .text), column("rated"), column("csat", .percent)],
            rows: [
                [.text("Support"), .integer(12), .real(0.75)], [.text("All departments"), .integer(30), .real(0.8)],
            ])
        let sla = ResultTable(
            name: "sla", title: "SLA",
            columns: [column("department", .text), column("priority", .text), column("breached")],
            rows: [
                [.text("Billing"), .text("High"), .integer(3)],
                [.text("All departments"), .text("High"), .integer(3)],
                [.text("All departments"), .text("All priorities"), .integer(3)],
            ])
        let figures = HighlightFigures(responseTimes: responseTimes, ratings: ratings, reopens: nil, sla: sla)
        #expect(
            figures.total
                == Group(
                    name: "All departments", tickets: 120, customerOpened: 110, answered: 110, unanswered: 0,
                    frtMedianHours: 10.2, rated: 30, csat: 0.8))
        #expect(
            figures.departments == [
                Group(
                    name: "Billing", tickets: 50, customerOpened: 45, answered: 44, unanswered: 1, frtMedianHours: 14.1,
                    frtP90Hours: 30, slaMetShare: 0.8),
                Group(name: "Support", rated: 12, csat: 0.75),
            ])
        #expect(figures.breaches == [.init(department: "Billing", priority: "High", breached: 3)])
    }

    @Test func thePackFileSetsMinTicketsAndTheCap() throws {
        let pack = try PackDefinition(
            name: "p", file: "p.yaml", text: "title: P\nhighlights: { min_tickets: 25, max: 3 }\nreports: [sla]\n")
        #expect(pack.highlights == HighlightSettings(minTickets: 25, maxSentences: 3))
        let plain = try PackDefinition(name: "p", file: "p.yaml", text: "title: P\nreports: [sla]\n")
        #expect(plain.highlights == HighlightSettings(minTickets: 10, maxSentences: 5))
        #expect(
            throws: ReportError(
                .invalidDefinition, "highlights.max: expected a whole number from 0 to 5, found \"8\"", file: "p.yaml",
                line: 2)
        ) {
            _ = try PackDefinition(name: "p", file: "p.yaml", text: "title: P\nhighlights: { max: 8 }\n")
        }
        #expect(
            throws: ReportError(
                .invalidDefinition, "highlights.min_ticket: unknown key (did you mean min_tickets?)", file: "p.yaml",
                line: 2)
        ) {
            _ = try PackDefinition(name: "p", file: "p.yaml", text: "title: P\nhighlights: { min_ticket: 8 }\n")
        }
    }
}
