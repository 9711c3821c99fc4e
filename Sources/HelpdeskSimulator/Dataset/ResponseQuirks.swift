import HelpdeskAPI

/// How one ticket's response departs from the documented shape, the way real installs do.
struct ResponseQuirks: OptionSet, Sendable {
    let rawValue: UInt32

    // Shape only: a correct client decodes the same ticket either way.
    /// Integers as JSON numbers instead of strings.
    static let numbersAsNumbers = ResponseQuirks(rawValue: 1 << 0)
    /// `{"reply": {...}}` when there is exactly one reply.
    static let singleReplyObject = ResponseQuirks(rawValue: 1 << 1)
    /// `"notes": []` when there are none (WHMCS itself does that).
    static let emptyNotesArray = ResponseQuirks(rawValue: 1 << 2)
    /// No `rating` key on unrated replies.
    static let missingRatings = ResponseQuirks(rawValue: 1 << 3)
    /// Non-ASCII escaped as `\uXXXX`, as PHP's `json_encode` does by default.
    static let unicodeEscapes = ResponseQuirks(rawValue: 1 << 4)
    /// With no replies: `"replies": ""`.
    static let emptyRepliesString = ResponseQuirks(rawValue: 1 << 5)
    /// With no replies: `"replies": []`.
    static let emptyRepliesArray = ResponseQuirks(rawValue: 1 << 6)
    /// With no replies: no `replies` key at all.
    static let repliesAbsent = ResponseQuirks(rawValue: 1 << 7)

    // Substance: ``SimulatedDataset/ticket(id:)`` already carries these.
    /// The ticket comes without any replies, not even the opening message.
    static let noReplies = ResponseQuirks(rawValue: 1 << 16)
    /// `lastreply` is `0000-00-00 00:00:00`.
    static let zeroLastReply = ResponseQuirks(rawValue: 1 << 17)
    /// The opening message (`replyid` 0) is not the first reply with ASC.
    static let openingNotFirst = ResponseQuirks(rawValue: 1 << 18)
}

extension SimulatedDataset {
    /// The quirks of one ticket's response; empty unless ``quirks`` is on.
    func responseQuirks(id: Int) -> ResponseQuirks {
        guard quirks else { return [] }
        var rng = SplitMix64(seed: seed, id: id, stream: .quirks)
        var result: ResponseQuirks = []
        if rng.chance(0.3) { result.insert(.numbersAsNumbers) }
        if rng.chance(0.7) { result.insert(.singleReplyObject) }
        if rng.chance(0.8) { result.insert(.emptyNotesArray) }
        if rng.chance(0.25) { result.insert(.missingRatings) }
        if rng.chance(0.3) { result.insert(.unicodeEscapes) }
        switch rng.below(3) {
        case 0: result.insert(.emptyRepliesString)
        case 1: result.insert(.emptyRepliesArray)
        default: result.insert(.repliesAbsent)
        }
        if rng.chance(0.03) { result.insert(.noReplies) }
        if rng.chance(0.04) { result.insert(.zeroLastReply) }
        if rng.chance(0.05) { result.insert(.openingNotFirst) }
        return result
    }

    func applySubstantialQuirks(_ quirks: ResponseQuirks, to ticket: inout Ticket) {
        if quirks.contains(.noReplies) {
            ticket.replies = []
        } else if quirks.contains(.openingNotFirst), ticket.replies.count >= 2 {
            let opening = ticket.replies.removeFirst()
            let position = ticket.ticketID % 2 == 0 ? 1 : ticket.replies.count
            ticket.replies.insert(opening, at: position)
        }
        if quirks.contains(.zeroLastReply) { ticket.lastReplyAt = nil }
    }
}
