import Foundation
import HelpdeskAPI

extension SimulatedDataset {
    /// A ticket as generated, before any epoch changed it and without the response quirks.
    ///
    /// Pure and O(1): the same (seed, ticketCount, hostile, openShare, id) always gives the
    /// same ticket, whatever else was generated before. With `freshAt`, the ticket is one an
    /// epoch opened at that time: a customer's, with only the opening message, "Open".
    func generatedTicket(id: Int, freshAt: Int64? = nil) -> Ticket {
        var rng = SplitMix64(seed: seed, id: id, stream: .ticket)
        var text = TextSource(hostile: hostile, rng: SplitMix64(seed: seed, id: id, stream: .hostile))

        let openedAt = freshAt ?? calendar.seconds(atQuantile: (Double(id - 1) + rng.unit()) / Double(ticketCount))
        let department = rng.weighted(TextPools.departmentWeights)
        let departmentName = text.departmentName(department)
        let userID = 1 + rng.below(max(50, ticketCount / 3))
        let requester = requester(userID: userID)
        let contactID = rng.chance(0.1) ? 1_000 + rng.below(9_000) : 0
        let priority = ["Low", "Medium", "High"][rng.weighted([25, 55, 20])]
        let openedByAdmin = freshAt == nil && rng.chance(0.05)
        let unanswered = !openedByAdmin && rng.chance(0.08)
        let openingAdmin = openedByAdmin ? text.adminName(rng.weighted(TextPools.adminWeights)) : ""

        let name = text.requesterName(requester.name)
        let email = text.requesterEmail(requester.email)
        let cc = rng.chance(0.05) ? text.requesterEmail("accounts@" + requester.domain) : ""
        var subject = fill(rng.pick(TextPools.subjects[department]), &rng, domain: requester.site)
        subject = id == Self.scriptSubjectTicketID && hostile ? HostilePools.script : text.decorate(subject)

        // The opening message.
        let openingBody: String
        if openedByAdmin {
            openingBody =
                "Hello \(requester.firstName),\r\n\r\nWe are contacting you about your account: "
                + subject + ".\r\n\r\nKind regards,\r\n" + openingAdmin
        } else {
            openingBody =
                "Hello,\r\n\r\n" + rng.pick(TextPools.openingLines[department])
                + "\r\n\r\nThanks,\r\n" + requester.firstName
        }
        var replies = [
            Reply(
                replyID: 0, userID: userID, contactID: contactID, name: name, email: email,
                date: LocalDateTime(secondsSinceEpoch: openedAt),
                message: hostile && id == Self.hugeMessageTicketID ? Self.hugeMessage : text.decorate(openingBody),
                attachment: rng.chance(0.05) ? text.attachment(rng.below(1_000_000)) : "",
                admin: openingAdmin)
        ]

        // Who replies when. The first admin answer depends on priority and office hours.
        let sides = freshAt == nil ? replySides(&rng, openedByAdmin: openedByAdmin, unanswered: unanswered) : []
        let now = Self.periodEnd.secondsSinceEpoch - 1
        let firstResponseMedian: Double = priority == "High" ? 2_400 : priority == "Medium" ? 10_800 : 32_400
        let firstResponse = Int64(min(max(rng.logNormal(median: firstResponseMedian, sigma: 1.3), 90), 7 * 86_400))
        var time = openedAt
        var firstAdminAt: Int64?
        for (index, isAdmin) in sides.enumerated() {
            if isAdmin && firstAdminAt == nil && !openedByAdmin {
                time = max(time + 60, openedAt + firstResponse)
            } else if index == 0 && !isAdmin && !openedByAdmin && !unanswered {
                // A customer nudging before the first answer.
                time = openedAt + Int64(Double(firstResponse) * (0.1 + 0.8 * rng.unit()))
            } else {
                let gap =
                    isAdmin
                    ? rng.logNormal(median: 14_400, sigma: 1.2) : rng.logNormal(median: 10_800, sigma: 1.5)
                time += Int64(min(max(gap, 60), 10 * 86_400))
            }
            if isAdmin && !OpeningCalendar.isOfficeHours(time) && rng.chance(0.7) {
                time = OpeningCalendar.nextOfficeMorning(after: time) + Int64(rng.below(7_200))
            }
            guard time <= now else { break }  // Not yet happened: the ticket is still in progress.
            if isAdmin && firstAdminAt == nil { firstAdminAt = time }
            let admin = isAdmin ? text.adminName(rng.weighted(TextPools.adminWeights)) : ""
            let message =
                isAdmin
                ? "Hello \(requester.firstName),\r\n\r\n" + rng.pick(TextPools.adminLines)
                    + "\r\n\r\nKind regards,\r\n" + admin + "\r\n" + departmentName + " team"
                : rng.pick(TextPools.customerLines) + "\r\n\r\n" + requester.firstName
            var rating: Int?
            if isAdmin && rng.chance(0.3) { rating = 1 + rng.weighted([4, 6, 12, 30, 48]) }
            replies.append(
                Reply(
                    replyID: (id - 1) * 10 + replies.count, userID: userID,
                    contactID: isAdmin ? 0 : contactID, name: isAdmin ? "" : name, email: isAdmin ? "" : email,
                    date: LocalDateTime(secondsSinceEpoch: time), message: text.decorate(message),
                    attachment: rng.chance(0.04) ? text.attachment(rng.below(1_000_000)) : "",
                    admin: admin, rating: rating))
        }
        let lastReplyAt = replies[replies.count - 1].date?.secondsSinceEpoch ?? openedAt

        // Internal notes, some written before anyone answered.
        var notes: [Note] = []
        if freshAt == nil && rng.chance(0.2) {
            let count = 1 + rng.weighted([75, 20, 5])
            for index in 0..<count {
                let noteTime: Int64
                if index == 0, let firstAdminAt, rng.chance(0.4) {
                    noteTime = openedAt + Int64(Double(firstAdminAt - openedAt) * rng.unit())
                } else {
                    let span = Double(lastReplyAt - openedAt + 3_600)
                    let candidate: Int64 = openedAt + Int64(span * rng.unit())
                    noteTime = Swift.min(candidate, now)
                }
                notes.append(
                    Note(
                        noteID: (id - 1) * 3 + index + 1, date: LocalDateTime(secondsSinceEpoch: noteTime),
                        message: text.decorate(rng.pick(TextPools.noteLines)),
                        admin: text.adminName(rng.weighted(TextPools.adminWeights))))
            }
            notes.sort { ($0.date!, $0.noteID) < ($1.date!, $1.noteID) }
        }

        let lastIsAdmin = replies.count > 1 && replies[replies.count - 1].isAdmin
        var status = status(&rng, age: now - openedAt, hasReplies: replies.count > 1, lastIsAdmin: lastIsAdmin)
        if freshAt != nil {
            status = "Open"
        } else if let openShare {
            // Its own stream: the knob must not shift any other draw.
            var draw = SplitMix64(seed: seed, id: id, stream: .openShare)
            status = draw.chance(openShare) ? Self.openStatuses[draw.weighted([30, 25, 25, 10, 10])] : "Closed"
        }
        let service: String
        switch rng.weighted([50, 10, 40]) {
        case 0: service = "S\(1 + rng.below(5_000))"
        case 1: service = "D\(1 + rng.below(2_000))"
        default: service = ""
        }

        let flag = rng.chance(0.1) ? 1 + rng.below(TextPools.admins.count) : 0
        return Ticket(
            ticketID: id, ticketNumber: ticketNumber(id: id), departmentID: department + 1,
            departmentName: departmentName, userID: userID, contactID: contactID, name: name, email: email,
            cc: cc, openedAt: LocalDateTime(secondsSinceEpoch: openedAt), subject: subject, status: status,
            priority: priority, admin: openingAdmin, lastReplyAt: LocalDateTime(secondsSinceEpoch: lastReplyAt),
            flag: freshAt == nil ? flag : 0, service: service, replies: replies, notes: notes)
    }

    /// The sides of the replies after the opening message, `true` for an admin, in order.
    private func replySides(_ rng: inout SplitMix64, openedByAdmin: Bool, unanswered: Bool) -> [Bool] {
        if unanswered {
            return Array(repeating: false, count: rng.weighted([60, 30, 10]))
        }
        let count =
            openedByAdmin ? rng.weighted([25, 30, 20, 12, 8, 5]) : 1 + rng.weighted([25, 25, 18, 12, 8, 6, 4, 2])
        var sides: [Bool] = []
        sides.reserveCapacity(count)
        // Admin-opened tickets wait for the customer; others for an admin (sometimes nudged first).
        var nextIsAdmin = !openedByAdmin
        if !openedByAdmin && count >= 2 && rng.chance(0.12) { nextIsAdmin = false }
        for index in 0..<count {
            sides.append(nextIsAdmin)
            if !openedByAdmin && index == 0 && !nextIsAdmin {
                nextIsAdmin = true
            } else if !(rng.chance(nextIsAdmin ? 0.1 : 0.15)) {
                nextIsAdmin.toggle()
            }
        }
        if !openedByAdmin && !sides.contains(true) { sides[0] = true }
        return sides
    }

    private func status(_ rng: inout SplitMix64, age: Int64, hasReplies: Bool, lastIsAdmin: Bool) -> String {
        if age > 10 * 86_400 {
            switch rng.weighted([94, 2, 2, 1, 1]) {
            case 0: return "Closed"
            case 1: return "Answered"
            case 2: return "On Hold"
            case 3: return "In Progress"
            default: return "Customer-Reply"
            }
        }
        if !hasReplies { return rng.chance(0.85) ? "Open" : "In Progress" }
        if lastIsAdmin {
            switch rng.weighted([60, 30, 10]) {
            case 0: return "Answered"
            case 1: return "Closed"
            default: return "On Hold"
            }
        }
        return rng.chance(0.8) ? "Customer-Reply" : "In Progress"
    }

    struct Requester {
        var name: String
        var firstName: String
        var email: String
        var domain: String
        var site: String
    }

    /// A requester's identity depends only on the user id, so one customer keeps one name.
    func requester(userID: Int) -> Requester {
        var rng = SplitMix64(seed: seed, id: userID, stream: .user)
        let first = rng.below(TextPools.firstNames.count)
        let last = rng.below(TextPools.lastNames.count)
        let firstSlug = Slugs.first[first]
        let lastSlug = Slugs.last[last]
        let site = lastSlug + rng.pick(TextPools.siteWords) + "." + rng.pick(TextPools.tlds)
        let domain = rng.chance(0.4) ? site : rng.pick(TextPools.emailDomains)
        let local = rng.chance(0.5) ? firstSlug + "." + lastSlug : firstSlug + String(rng.below(100))
        return Requester(
            name: TextPools.firstNames[first] + " " + TextPools.lastNames[last],
            firstName: TextPools.firstNames[first], email: local + "@" + domain, domain: domain, site: site)
    }

    /// Fills a subject template's `{domain}`, `{n}` and `{amount}`.
    private func fill(_ template: String, _ rng: inout SplitMix64, domain: String) -> String {
        guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            switch rest[rest.index(after: open)..<close] {
            case "domain": result += domain
            case "n": result += String(1_000 + rng.below(90_000))
            case "amount": result += "€" + String(5 + rng.below(400)) + "." + String(10 + rng.below(90))
            default: result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// A 1 MiB opening message: a pasted log, with some multi-byte characters in it.
    static let hugeMessage: String = {
        let line = "[2026-11-02 03:14:15] ERROR — worker crashed: Zürich node ✗ retrying …\r\n"
        var message = "Hello,\r\n\r\nHere is our whole error log:\r\n\r\n"
        message.reserveCapacity(1 << 20)
        while message.utf8.count + line.utf8.count <= (1 << 20) { message += line }
        message += String(repeating: "x", count: (1 << 20) - message.utf8.count)
        return message
    }()
}

/// ASCII forms of the names, for email addresses.
private enum Slugs {
    static let first = TextPools.firstNames.map(slug)
    static let last = TextPools.lastNames.map(slug)

    static func slug(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        return String(folded.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) }.map(Character.init))
    }
}

/// Text that turns hostile when asked to; its random draws never touch the ticket's own stream.
struct TextSource {
    let hostile: Bool
    var rng: SplitMix64

    mutating func departmentName(_ index: Int) -> String {
        hostile ? HostilePools.departments[index] : TextPools.departments[index]
    }

    mutating func adminName(_ index: Int) -> String {
        hostile ? HostilePools.admins[index] : TextPools.admins[index]
    }

    mutating func requesterName(_ name: String) -> String {
        hostile && rng.chance(0.3) ? rng.pick(HostilePools.names) : name
    }

    mutating func requesterEmail(_ email: String) -> String {
        hostile && rng.chance(0.2) ? rng.pick(HostilePools.emails) : email
    }

    mutating func attachment(_ number: Int) -> String {
        if hostile && rng.chance(0.3) { return "../../etc/passwd|<script>alert(1)</script>.png" }
        return String(number) + "_screenshot.png"
    }

    /// Puts a payload before or after the text, in hostile mode, about a third of the time.
    mutating func decorate(_ text: String) -> String {
        guard hostile, rng.chance(0.35) else { return text }
        let payload = rng.pick(HostilePools.payloads)
        return rng.chance(0.5) ? payload + " " + text : text + " " + payload
    }
}
