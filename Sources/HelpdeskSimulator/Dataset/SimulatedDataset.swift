import HelpdeskAPI

/// A deterministic helpdesk: tickets `1...ticketCount`, each generated on demand from
/// hash(seed, id) in O(1), so a benchmark can produce a million tickets without HTTP.
///
/// About 2 % of the ids are deleted (``ticket(id:)`` returns nil, the server answers
/// "Ticket ID Not Found"). Ticket dates grow with the id over the 14 months ending
/// 2026-11-20, with more tickets on weekdays in office hours. For example:
///
///     let dataset = SimulatedDataset(seed: 1, ticketCount: 1_000)
///     for id in dataset.ids {
///         guard let ticket = dataset.ticket(id: id) else { continue }  // deleted
///         print(ticket.subject)
///     }
///
/// With ``quirks`` on, ``ticket(id:)`` already reflects what quirky responses change in
/// substance (a ticket sent without replies, a `0000-00-00 00:00:00` lastreply, the opening
/// message not first), so it is always exactly what a correct client decodes from
/// ``responseBody(id:repliesSort:)`` with `repliesSort` ASC, minus the access key.
package struct SimulatedDataset: Sendable {
    package let seed: UInt64
    package let ticketCount: Int
    package let hostile: Bool
    package let quirks: Bool
    /// How many days the helpdesk has lived past ``periodEnd``: 0 is the generated state;
    /// each later epoch adds a day of new tickets, replies, closes and reopens (see
    /// ``changes(epoch:)``).
    package let epoch: Int
    /// The chance that a ticket that is not closed changes in an epoch.
    package let changeRate: Double
    /// The chance that a closed ticket is reopened by a customer reply in an epoch.
    package let reopenRate: Double
    /// How many tickets each epoch opens (ids after ``ticketCount``, in epoch order).
    package let newTicketsPerEpoch: Int
    /// When set, the share of the generated tickets that are open (Open, Answered,
    /// Customer-Reply, In Progress or On Hold); the others are closed. When nil, statuses follow
    /// each ticket's age and last reply.
    package let openShare: Double?

    /// The first moment of the simulated period.
    package static let periodStart = LocalDateTime(year: 2025, month: 9, day: 21)!
    /// The end of the simulated period (exclusive): "now" is 2026-11-20 23:59:59.
    package static let periodEnd = LocalDateTime(year: 2026, month: 11, day: 21)!
    /// The ticket whose opening message is 1 MiB long in hostile mode.
    package static let hugeMessageTicketID = 4
    /// The ticket whose subject is exactly `<script>alert(1)</script>` in hostile mode.
    package static let scriptSubjectTicketID = 3
    /// A ticket whose response carries invalid UTF-8 in hostile mode (more follow, ~1 in 500).
    package static let invalidUTF8TicketID = 5

    let calendar = OpeningCalendar.shared
    private let ticketNumbers: TicketNumberPermutation

    /// Creates the dataset; `ticketCount` must be at least 1 and `epoch` not negative.
    ///
    /// `newTicketsPerEpoch` defaults to `max(1, ticketCount / 200)` and `reopenRate` to a tenth
    /// of `changeRate`.
    package init(
        seed: UInt64 = 1, ticketCount: Int = 1_000, hostile: Bool = false, quirks: Bool = false, epoch: Int = 0,
        changeRate: Double = SimulatedDataset.defaultChangeRate, newTicketsPerEpoch: Int? = nil,
        reopenRate: Double? = nil, openShare: Double? = nil
    ) {
        precondition(ticketCount >= 1, "a simulated helpdesk needs at least one ticket id")
        precondition(epoch >= 0, "epochs count from 0")
        self.seed = seed
        self.ticketCount = ticketCount
        self.hostile = hostile
        self.quirks = quirks
        self.epoch = epoch
        self.changeRate = changeRate
        self.reopenRate = reopenRate ?? changeRate / 10
        self.newTicketsPerEpoch = max(0, newTicketsPerEpoch ?? max(1, ticketCount / 200))
        self.openShare = openShare
        self.ticketNumbers = TicketNumberPermutation(seed: seed)
    }

    /// The default ``changeRate``.
    package static let defaultChangeRate = 0.05

    /// Every ticket id at this epoch, deleted ones included: the generated ones, then those
    /// that epochs 1 to ``epoch`` opened.
    package var ids: ClosedRange<Int> { 1...lastID(atEpoch: epoch) }

    /// True for ids in range that were deleted (about 2 % of the generated ones; tickets that
    /// epochs open are never deleted).
    package func isDeleted(id: Int) -> Bool {
        guard ids.contains(id) else { return false }
        return isGeneratedAndDeleted(id: id)
    }

    /// The deletion draw, whatever the epoch.
    func isGeneratedAndDeleted(id: Int) -> Bool {
        guard (1...ticketCount).contains(id) else { return false }
        if hostile, isHostileSpecial(id) { return false }
        var rng = SplitMix64(seed: seed, id: id, stream: .deleted)
        return rng.unit() < 0.02
    }

    /// True when the id names a ticket that exists.
    package func contains(id: Int) -> Bool {
        ids.contains(id) && !isDeleted(id: id)
    }

    /// The client access key `c` the server sends for a ticket: 8 stable alphanumerics.
    ///
    /// It is in every successful response so that tests can check clients drop it.
    package func accessKey(id: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var rng = SplitMix64(seed: seed, id: id, stream: .accessKey)
        var bytes = [UInt8]()
        bytes.reserveCapacity(8)
        for _ in 0..<8 { bytes.append(alphabet[rng.below(alphabet.count)]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The ticket number shown to end users (`tid`): a unique 6-digit string for the first
    /// 900,000 ids, 7 digits beyond.
    package func ticketNumber(id: Int) -> String {
        String(ticketNumbers.number(for: id))
    }

    /// The id of a ticket number, or nil when no ticket in range has it.
    package func id(ticketNumber: String) -> Int? {
        guard let number = Int(ticketNumber), let id = ticketNumbers.id(for: number), ids.contains(id)
        else { return nil }
        return id
    }

    /// True when, in hostile mode, the response for the id carries the bytes 0xFF 0xFE
    /// inside its `subject` string (right before the closing quote).
    package func hasInvalidUTF8(id: Int) -> Bool {
        guard hostile, contains(id: id) else { return false }
        if id == Self.invalidUTF8TicketID { return true }
        if id == Self.scriptSubjectTicketID || id == Self.hugeMessageTicketID { return false }
        return SplitMix64.hash(seed, UInt64(id), 99) % 500 == 0
    }

    /// The ticket with this id as it stands at the end of ``epoch``, or nil when the id is out
    /// of range or deleted.
    ///
    /// Pure: the same configuration and id always give the same ticket, whatever else was
    /// generated before; O(1) at epoch 0 and O(epoch) after (each epoch is replayed).
    package func ticket(id: Int) -> Ticket? {
        guard contains(id: id), var ticket = state(id: id, atEpoch: epoch) else { return nil }
        if quirks { applySubstantialQuirks(responseQuirks(id: id), to: &ticket) }
        return ticket
    }

    /// The JSON response body the server sends for a ticket, or nil when it does not exist.
    package func responseBody(id: Int, repliesSort: RepliesSort = .ascending) -> [UInt8]? {
        guard let ticket = ticket(id: id) else { return nil }
        return TicketJSON.encode(
            ticket, accessKey: accessKey(id: id), repliesSort: repliesSort,
            quirks: responseQuirks(id: id), invalidUTF8InSubject: hasInvalidUTF8(id: id))
    }

    private func isHostileSpecial(_ id: Int) -> Bool {
        id == Self.scriptSubjectTicketID || id == Self.hugeMessageTicketID || id == Self.invalidUTF8TicketID
    }
}

extension RepliesSort {
    /// Parses a `repliessort` form value, `ASC`/`DESC` in any case; anything else is nil.
    init?(parameter: String) {
        self.init(rawValue: parameter.uppercased())
    }
}

/// A keyed bijection between ids and 6-digit ticket numbers, so `ticketnum` lookups are O(1).
struct TicketNumberPermutation: Sendable {
    private static let sixDigitCount = 900_000
    private let keys: (UInt32, UInt32, UInt32, UInt32)

    init(seed: UInt64) {
        let a = SplitMix64.hash(seed, 0x7469_6421, 1)
        let b = SplitMix64.hash(seed, 0x7469_6421, 2)
        keys = (
            UInt32(truncatingIfNeeded: a), UInt32(truncatingIfNeeded: a >> 32),
            UInt32(truncatingIfNeeded: b), UInt32(truncatingIfNeeded: b >> 32)
        )
    }

    func number(for id: Int) -> Int {
        guard id >= 1 else { return 0 }
        if id > Self.sixDigitCount { return 1_000_000 + (id - Self.sixDigitCount - 1) }
        // Cycle-walking keeps a permutation of 2^20 values inside 0..<900,000.
        var value = UInt32(id - 1)
        repeat { value = permute(value) } while value >= Self.sixDigitCount
        return 100_000 + Int(value)
    }

    func id(for number: Int) -> Int? {
        if number >= 1_000_000 { return number - 1_000_000 + Self.sixDigitCount + 1 }
        guard (100_000..<1_000_000).contains(number) else { return nil }
        var value = UInt32(number - 100_000)
        repeat { value = unpermute(value) } while value >= Self.sixDigitCount
        return Int(value) + 1
    }

    private func round(_ half: UInt32, _ key: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: SplitMix64.mix(UInt64(half) ^ (UInt64(key) << 20))) & 0x3FF
    }

    // A 4-round Feistel network over two 10-bit halves.
    private func permute(_ value: UInt32) -> UInt32 {
        var left = value >> 10
        var right = value & 0x3FF
        for key in [keys.0, keys.1, keys.2, keys.3] {
            (left, right) = (right, left ^ round(right, key))
        }
        return left << 10 | right
    }

    private func unpermute(_ value: UInt32) -> UInt32 {
        var left = value >> 10
        var right = value & 0x3FF
        for key in [keys.3, keys.2, keys.1, keys.0] {
            (left, right) = (right ^ round(left, key), left)
        }
        return left << 10 | right
    }
}
