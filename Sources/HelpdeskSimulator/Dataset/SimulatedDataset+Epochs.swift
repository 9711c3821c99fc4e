import HelpdeskAPI

/// One ticket's change in one epoch: the ground truth a client's view of the helpdesk is
/// tested against.
///
/// For example, an admin answering a ticket that waited for one:
///
///     SimulatedChange(
///         ticketID: 812, at: LocalDateTime(parsing: "2026-11-21 10:04:51")!,
///         fields: [.init(field: "status", old: "Customer-Reply", new: "Answered")],
///         repliesAdded: 1, notesAdded: 0)
package struct SimulatedChange: Sendable, Equatable, CustomStringConvertible {
    /// One field that changed: `created` (old nil, new the status), `status`, `priority`,
    /// `dept_id` or `flag`; ids as decimal strings.
    package struct Field: Sendable, Equatable {
        package var field: String
        package var old: String?
        package var new: String

        package init(field: String, old: String?, new: String) {
            self.field = field
            self.old = old
            self.new = new
        }
    }

    package var ticketID: Int
    /// When it happened: inside the epoch's day, after the ticket's previous last reply.
    package var at: LocalDateTime
    /// The ticket-level fields that changed, in the order above; empty when only a reply
    /// was added (a reply that left the status as it was).
    package var fields: [Field]
    /// Replies added after the opening message, as a client counts them (0 for a ticket whose
    /// responses carry no replies at all).
    package var repliesAdded: Int
    /// Internal notes added.
    package var notesAdded: Int

    package init(ticketID: Int, at: LocalDateTime, fields: [Field], repliesAdded: Int, notesAdded: Int) {
        self.ticketID = ticketID
        self.at = at
        self.fields = fields
        self.repliesAdded = repliesAdded
        self.notesAdded = notesAdded
    }

    package var description: String {
        let changed = fields.map { "\($0.field) \($0.old ?? "nil") -> \($0.new)" }
        return "#\(ticketID) at \(at): [\(changed.joined(separator: ", "))] +\(repliesAdded) replies, "
            + "+\(notesAdded) notes"
    }
}

extension SimulatedDataset {
    /// The statuses ``openShare`` draws an open ticket's from.
    static let openStatuses = ["Open", "Answered", "Customer-Reply", "In Progress", "On Hold"]
    /// The `deptid` of the department renamed from ``renameEpoch`` on ("Sales").
    package static let renamedDepartmentID = 3
    /// Its name from ``renameEpoch`` on (hostile datasets keep their own names).
    package static let renamedDepartmentName = "Sales & Renewals"
    /// The first epoch that shows the renamed department.
    package static let renameEpoch = 2

    /// The last second of an epoch, helpdesk-local: `periodEnd` + `epoch` days − 1 s. Epoch 0
    /// ends at 2026-11-20 23:59:59, epoch 1 covers 2026-11-21, and so on.
    package static func end(ofEpoch epoch: Int) -> LocalDateTime {
        LocalDateTime(secondsSinceEpoch: endSeconds(ofEpoch: epoch))
    }

    /// "Now" for this dataset: the last second of its ``epoch``.
    package var now: LocalDateTime { Self.end(ofEpoch: epoch) }

    /// The last second of this dataset's ``epoch``; see ``end(ofEpoch:)``.
    package var endOfEpoch: LocalDateTime { Self.end(ofEpoch: epoch) }

    static func endSeconds(ofEpoch epoch: Int) -> Int64 {
        periodEnd.secondsSinceEpoch + Int64(epoch) * 86_400 - 1
    }

    /// The highest ticket id that exists (deleted or not) at the end of an epoch.
    package func lastID(atEpoch epoch: Int) -> Int {
        ticketCount + epoch * newTicketsPerEpoch
    }

    /// The ids of the tickets an epoch (≥ 1) opens.
    package func newTicketIDs(epoch: Int) -> ClosedRange<Int>? {
        guard epoch >= 1, newTicketsPerEpoch > 0 else { return nil }
        return (lastID(atEpoch: epoch - 1) + 1)...lastID(atEpoch: epoch)
    }

    /// The epoch that opened a ticket: 0 for the generated ones.
    func creationEpoch(id: Int) -> Int {
        guard id > ticketCount, newTicketsPerEpoch > 0 else { return 0 }
        return (id - ticketCount - 1) / newTicketsPerEpoch + 1
    }

    /// Every change of one epoch (≥ 1), sorted by ticket id; the same whatever this dataset's
    /// own ``epoch`` is. O(tickets × epoch): meant for tests.
    package func changes(epoch: Int) -> [SimulatedChange] {
        precondition(epoch >= 1, "epoch 0 is the generated state; changes start with epoch 1")
        var result: [SimulatedChange] = []
        for id in 1...lastID(atEpoch: epoch) where !isGeneratedAndDeleted(id: id) {
            let created = creationEpoch(id: id)
            if created == epoch {
                let ticket = generatedTicket(id: id, freshAt: openingTime(id: id, epoch: epoch))
                result.append(
                    SimulatedChange(
                        ticketID: id, at: ticket.openedAt!,
                        fields: [.init(field: "created", old: nil, new: ticket.status)], repliesAdded: 0,
                        notesAdded: 0))
                continue
            }
            guard var ticket = state(id: id, atEpoch: epoch - 1), var change = advance(&ticket, epoch: epoch)
            else { continue }
            if responseQuirks(id: id).contains(.noReplies) { change.repliesAdded = 0 }
            result.append(change)
        }
        return result
    }

    /// The tickets that are not closed at this dataset's ``epoch``, deleted ones excluded,
    /// by ascending id.
    package func openTicketIDs() -> [Int] {
        listingIndex().filter { $0.status != "Closed" }.map { Int($0.id) }.sorted()
    }

    /// How many tickets are not closed at this dataset's ``epoch``.
    package var openCount: Int {
        listingIndex().reduce(0) { $0 + ($1.status != "Closed" ? 1 : 0) }
    }

    /// The ticket as it stands at the end of an epoch, without the response quirks; nil when
    /// it is deleted or not yet opened. O(epoch).
    func state(id: Int, atEpoch target: Int) -> Ticket? {
        guard id >= 1, id <= lastID(atEpoch: target), !isGeneratedAndDeleted(id: id) else { return nil }
        let created = creationEpoch(id: id)
        var ticket =
            created == 0
            ? generatedTicket(id: id) : generatedTicket(id: id, freshAt: openingTime(id: id, epoch: created))
        if created < target {
            for epoch in (created + 1)...target { _ = advance(&ticket, epoch: epoch) }
        }
        ticket.departmentName = departmentName(index: ticket.departmentID - 1, atEpoch: target)
        return ticket
    }

    /// A department's name as an epoch shows it.
    func departmentName(index: Int, atEpoch epoch: Int) -> String {
        if hostile { return HostilePools.departments[index] }
        if epoch >= Self.renameEpoch && index == Self.renamedDepartmentID - 1 { return Self.renamedDepartmentName }
        return TextPools.departments[index]
    }

    /// When a ticket an epoch opened was opened: ticket j of the epoch's k at the quantile
    /// (j + u) / k of the day's volume, so dates grow with the id as in the generated tickets.
    func openingTime(id: Int, epoch: Int) -> Int64 {
        let dayStart = Self.endSeconds(ofEpoch: epoch - 1) + 1
        let index = id - lastID(atEpoch: epoch - 1) - 1
        var rng = SplitMix64(seed: seed, id: id, epoch: epoch, stream: .newTicketOpening)
        let weekday = LocalDateTime(secondsSinceEpoch: dayStart).weekday
        let weights = (0..<24).map { OpeningCalendar.weight(weekday: weekday, hour: $0) }
        var target = (Double(index) + rng.unit()) / Double(newTicketsPerEpoch) * weights.reduce(0, +)
        for (hour, weight) in weights.enumerated() {
            if target < weight || hour == 23 {
                let fraction = min(max(target / weight, 0), 0.999_999)
                return dayStart + Int64(hour) * 3_600 + Int64(fraction * 3_600)
            }
            target -= weight
        }
        return dayStart
    }

    /// Applies what happens to a ticket in one epoch (≥ 1 and after the one that opened it)
    /// and returns it, or nil when nothing does.
    ///
    /// An open ticket changes with ``changeRate`` in exactly one way; a closed one is reopened
    /// by a customer reply with ``reopenRate``. Every draw comes from (seed, id, epoch), so
    /// replaying epochs one by one always gives the same ticket.
    func advance(_ ticket: inout Ticket, epoch: Int) -> SimulatedChange? {
        let id = ticket.ticketID
        var rng = SplitMix64(seed: seed, id: id, epoch: epoch, stream: .epochChange)
        let dayStart = Self.endSeconds(ofEpoch: epoch - 1) + 1
        let dayEnd = Self.endSeconds(ofEpoch: epoch)
        let lastReply = ticket.lastReplyAt?.secondsSinceEpoch ?? ticket.openedAt?.secondsSinceEpoch ?? 0
        let earliest = max(dayStart, lastReply + 1)
        let isClosed = ticket.status == "Closed"
        guard rng.unit() < (isClosed ? reopenRate : changeRate), earliest <= dayEnd else { return nil }
        let time = earliest + Int64(rng.below(Int(dayEnd - earliest + 1)))
        let at = LocalDateTime(secondsSinceEpoch: time)
        var text = TextSource(hostile: hostile, rng: SplitMix64(seed: seed, id: id, epoch: epoch, stream: .epochText))
        let firstName = requester(userID: ticket.userID).firstName
        var change = SimulatedChange(ticketID: id, at: at, fields: [], repliesAdded: 0, notesAdded: 0)

        func set(_ field: String, _ old: String, _ new: String) {
            if old != new { change.fields.append(.init(field: field, old: old, new: new)) }
        }
        func setStatus(_ status: String) {
            set("status", ticket.status, status)
            ticket.status = status
        }
        func addReply(admin isAdmin: Bool) {
            let admin = isAdmin ? text.adminName(rng.weighted(TextPools.adminWeights)) : ""
            let department = departmentName(index: ticket.departmentID - 1, atEpoch: epoch)
            let message =
                isAdmin
                ? "Hello \(firstName),\r\n\r\n" + rng.pick(TextPools.adminLines) + "\r\n\r\nKind regards,\r\n"
                    + admin + "\r\n" + department + " team"
                : rng.pick(TextPools.customerLines) + "\r\n\r\n" + firstName
            let rating = isAdmin && rng.chance(0.3) ? 1 + rng.weighted([4, 6, 12, 30, 48]) : nil
            ticket.replies.append(
                Reply(
                    replyID: freshID(base: 10 * ticketCount, id: id, epoch: epoch), userID: ticket.userID,
                    contactID: isAdmin ? 0 : ticket.contactID, name: isAdmin ? "" : ticket.name,
                    email: isAdmin ? "" : ticket.email, date: at, message: text.decorate(message),
                    attachment: rng.chance(0.04) ? text.attachment(rng.below(1_000_000)) : "", admin: admin,
                    rating: rating))
            ticket.lastReplyAt = at
            change.repliesAdded += 1
        }

        if isClosed {
            // WHMCS reopens a closed ticket when the customer replies.
            addReply(admin: false)
            setStatus("Customer-Reply")
            return change
        }
        switch rng.weighted([40, 20, 20, 6, 6, 8]) {
        case 0:
            if rng.chance(0.2) {
                let noteTime = earliest + Int64(rng.below(Int(time - earliest + 1)))
                ticket.notes.append(
                    Note(
                        noteID: freshID(base: 3 * ticketCount, id: id, epoch: epoch),
                        date: LocalDateTime(secondsSinceEpoch: noteTime),
                        message: text.decorate(rng.pick(TextPools.noteLines)),
                        admin: text.adminName(rng.weighted(TextPools.adminWeights))))
                change.notesAdded = 1
            }
            addReply(admin: true)
            setStatus("Answered")
        case 1:
            addReply(admin: false)
            setStatus("Customer-Reply")
        case 2:
            if rng.chance(0.5) { addReply(admin: true) }
            setStatus("Closed")
        case 3:
            let others = ["Low", "Medium", "High"].filter { $0 != ticket.priority }
            let priority = rng.pick(others)
            set("priority", ticket.priority, priority)
            ticket.priority = priority
        case 4:
            let count = TextPools.departments.count
            let index = (ticket.departmentID - 1 + 1 + rng.below(count - 1)) % count
            set("dept_id", String(ticket.departmentID), String(index + 1))
            ticket.departmentID = index + 1
            ticket.departmentName = departmentName(index: index, atEpoch: epoch)
        default:
            // Flagged to another admin, or to nobody.
            let choices = TextPools.admins.count + 1
            let flag = (ticket.flag + 1 + rng.below(choices - 1)) % choices
            set("flag", String(ticket.flag), String(flag))
            ticket.flag = flag
        }
        return change
    }

    /// A reply or note id for what an epoch adds to a ticket: above every generated id and
    /// every earlier epoch's, one slot per ticket that can exist by then.
    private func freshID(base: Int, id: Int, epoch: Int) -> Int {
        base + (epoch - 1) * ticketCount + newTicketsPerEpoch * (epoch - 1) * epoch / 2 + id
    }
}
