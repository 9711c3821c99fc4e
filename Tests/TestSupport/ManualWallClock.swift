import Foundation
import HelpdeskAPI
import Synchronization

/// A wall clock a test sets by hand (`TicketStore`'s `wallClock:`), so fetch and observation
/// times fall on the days a test replays.
package final class ManualWallClock: Sendable {
    private let now = Mutex(Date(timeIntervalSince1970: 0))

    package init() {}

    /// Sets the clock to a UTC time.
    package func set(_ utc: LocalDateTime) {
        now.withLock { $0 = Date(timeIntervalSince1970: TimeInterval(utc.secondsSinceEpoch)) }
    }

    /// The clock to hand a `TicketStore`.
    package var read: @Sendable () -> Date { { self.now.withLock { $0 } } }
}
