/// Everything that shapes one simulated helpdesk: its data, its credentials and its faults.
///
/// Two simulators built from equal configurations serve byte-identical responses (apart from
/// the faults' attempt counters, which live in the running server). For example:
///
///     var configuration = SimulatorConfiguration(seed: 7, ticketCount: 2_000)
///     configuration.faults = FaultConfiguration(spreading: 0.05)
///     configuration.quirks = true
package struct SimulatorConfiguration: Sendable {
    /// Seeds every generated value; the same seed and ticket count give the same tickets.
    package var seed: UInt64
    /// How many ticket ids exist (`1...ticketCount`), deleted ones included.
    package var ticketCount: Int
    /// Fills text fields with markup, formulas, SQL, control characters and other payloads.
    package var hostile: Bool
    /// Varies the JSON shape per ticket the way real WHMCS installs do (numbers, empty lists …).
    package var quirks: Bool
    /// The bearer token (`Authorization: Bearer <token>`).
    package var token: String
    /// The WHMCS-style API credentials (`identifier`, `secret` form fields).
    package var identifier: String
    package var secret: String
    /// Transient faults and hostile-server modes.
    package var faults: FaultConfiguration
    /// Added to every request before it is answered.
    package var latencyMilliseconds: Int
    /// The Get Ticket endpoint's path; `/includes/api.php` is served as well.
    package var path: String
    /// Answers served instead of generated tickets, by ticket id (after authentication):
    /// captured or hand-written response bodies, such as the WHMCS conformance corpus. When
    /// any are given, ids without one are "Ticket ID Not Found".
    package var cannedAnswers: [Int: CannedAnswer]
    /// How many days the helpdesk has lived past the generated period (see
    /// ``SimulatedDataset/epoch``); 0 serves the generated tickets as they are.
    package var epoch: Int
    /// The chance that a ticket that is not closed changes in an epoch.
    package var changeRate: Double
    /// How many tickets each epoch opens; nil for `max(1, ticketCount / 200)`.
    package var newTicketsPerEpoch: Int?
    /// The chance that a closed ticket is reopened in an epoch; nil for a tenth of ``changeRate``.
    package var reopenRate: Double?
    /// When set, the share of generated tickets that are open; nil keeps the statuses that
    /// follow each ticket's age (most tickets closed).
    package var openShare: Double?
    /// Whether classic requests may list tickets (`action=GetTickets`); when false they are
    /// refused the way WHMCS refuses an API role without the action.
    package var getTicketsAllowed: Bool

    /// The default bearer token of the simulator, used when none is configured.
    package static let defaultToken = "sim-token"
    /// The default WHMCS API identifier.
    package static let defaultIdentifier = "sim-identifier"
    /// The default WHMCS API secret.
    package static let defaultSecret = "sim-secret"
    /// The default endpoint path.
    package static let defaultPath = "/api/getticket"
    /// The WHMCS-style path that is always served as well.
    package static let whmcsPath = "/includes/api.php"

    package init(
        seed: UInt64 = 1, ticketCount: Int = 1_000, hostile: Bool = false, quirks: Bool = false,
        token: String = SimulatorConfiguration.defaultToken,
        identifier: String = SimulatorConfiguration.defaultIdentifier,
        secret: String = SimulatorConfiguration.defaultSecret,
        faults: FaultConfiguration = FaultConfiguration(), latencyMilliseconds: Int = 0,
        path: String = SimulatorConfiguration.defaultPath, cannedAnswers: [Int: CannedAnswer] = [:],
        epoch: Int = 0, changeRate: Double = SimulatedDataset.defaultChangeRate, newTicketsPerEpoch: Int? = nil,
        reopenRate: Double? = nil, openShare: Double? = nil, getTicketsAllowed: Bool = true
    ) {
        self.seed = seed
        self.ticketCount = ticketCount
        self.hostile = hostile
        self.quirks = quirks
        self.token = token
        self.identifier = identifier
        self.secret = secret
        self.faults = faults
        self.latencyMilliseconds = latencyMilliseconds
        self.path = path
        self.cannedAnswers = cannedAnswers
        self.epoch = epoch
        self.changeRate = changeRate
        self.newTicketsPerEpoch = newTicketsPerEpoch
        self.reopenRate = reopenRate
        self.openShare = openShare
        self.getTicketsAllowed = getTicketsAllowed
    }

    /// The dataset this configuration serves.
    package var dataset: SimulatedDataset {
        SimulatedDataset(
            seed: seed, ticketCount: ticketCount, hostile: hostile, quirks: quirks, epoch: epoch,
            changeRate: changeRate, newTicketsPerEpoch: newTicketsPerEpoch, reopenRate: reopenRate,
            openShare: openShare)
    }
}

/// One HTTP answer given as it is: status, content type and body bytes.
package struct CannedAnswer: Sendable, Equatable {
    package var status: Int
    package var contentType: String
    package var body: [UInt8]

    package init(status: Int = 200, contentType: String = "application/json", body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// A kind of transient failure the simulator can inject.
package enum FaultKind: String, Sendable, CaseIterable, Hashable, CustomStringConvertible {
    /// HTTP 500 with an HTML error page.
    case internalServerError = "500"
    /// HTTP 429 with `Retry-After`.
    case tooManyRequests = "429"
    /// HTTP 503 with `Retry-After`.
    case serviceUnavailable = "503"
    /// HTTP 200 carrying only the first half of the JSON body.
    case truncatedBody = "truncate"
    /// The connection is closed without any response.
    case droppedConnection = "drop"

    package var description: String { rawValue }
}

/// Which ticket ids fail, how, and for how many attempts; plus two hostile-server modes.
///
/// Faults are transient per id: whether an id faults, and with which kind, is a deterministic
/// function of the seed and the id, and a faulting id fails only on its first
/// ``attempts`` requests. A client that retries therefore always gets every ticket.
package struct FaultConfiguration: Sendable, Equatable {
    /// The share of ids (0…1) that fail with each kind; the shares add up (capped at 1).
    package var rates: [FaultKind: Double]
    /// The `Retry-After` value, in seconds, sent with 429 and 503.
    package var retryAfterSeconds: Int
    /// How many requests for a faulting id fail before it succeeds.
    package var attempts: Int
    /// When set, every request is answered with a 200 body streaming this many bytes of a JSON
    /// string that never closes: for testing a client's body-size limit.
    package var hugeBodyBytes: Int?
    /// When true, requests are accepted and never answered: for testing a client's timeouts.
    package var neverAnswer: Bool
    /// When set, every request gets this answer before anything is checked, the way a
    /// refusing API (`Invalid IP …`), a login page or a wrong endpoint answers everything.
    package var everyAnswer: CannedAnswer?

    package init(
        rates: [FaultKind: Double] = [:], retryAfterSeconds: Int = 1, attempts: Int = 1,
        hugeBodyBytes: Int? = nil, neverAnswer: Bool = false, everyAnswer: CannedAnswer? = nil
    ) {
        self.rates = rates
        self.retryAfterSeconds = retryAfterSeconds
        self.attempts = attempts
        self.hugeBodyBytes = hugeBodyBytes
        self.neverAnswer = neverAnswer
        self.everyAnswer = everyAnswer
    }

    /// Spreads one overall fault rate evenly over every fault kind.
    package init(spreading rate: Double, retryAfterSeconds: Int = 1, attempts: Int = 1) {
        let share = rate / Double(FaultKind.allCases.count)
        self.init(
            rates: Dictionary(uniqueKeysWithValues: FaultKind.allCases.map { ($0, share) }),
            retryAfterSeconds: retryAfterSeconds, attempts: attempts)
    }

    /// The share of all ids that fault at all.
    package var totalRate: Double {
        min(1, FaultKind.allCases.reduce(0) { $0 + max(0, rates[$1] ?? 0) })
    }

    /// The fault an id suffers on its first ``attempts`` requests, or nil when it never faults.
    package func fault(seed: UInt64, id: Int) -> FaultKind? {
        guard totalRate > 0 else { return nil }
        var rng = SplitMix64(seed: seed, id: id, stream: .fault)
        let draw = rng.unit()
        var cumulative = 0.0
        for kind in FaultKind.allCases {
            cumulative += max(0, rates[kind] ?? 0)
            if draw < cumulative { return kind }
        }
        return nil
    }
}
