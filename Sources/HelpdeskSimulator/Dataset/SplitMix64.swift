import Foundation

/// SplitMix64: a tiny, fast generator whose whole state is one word.
///
/// Each ticket gets its own generator seeded from hash(seed, id, stream), so any id can be
/// generated on its own in O(1), in any order, on any thread. Tests use it for draws that
/// are the same every run.
package struct SplitMix64: RandomNumberGenerator {
    /// Independent sub-streams per id, so that (for example) turning on hostile data or
    /// faults does not shift the random draws that shape the ordinary data.
    enum Stream: UInt64 {
        case ticket = 1
        case deleted = 2
        case fault = 3
        case quirks = 4
        case hostile = 5
        case accessKey = 6
        case user = 7
        case ticketNumber = 8
        /// What happens to a ticket in one epoch (see ``SimulatedDataset/epoch``).
        case epochChange = 9
        /// The text of what an epoch adds (replies, notes), apart from the decision itself.
        case epochText = 10
        /// The status drawn when ``SimulatedDataset/openShare`` is set.
        case openShare = 11
        /// When in its epoch's day a new ticket is opened.
        case newTicketOpening = 12
    }

    private var state: UInt64

    package init(state: UInt64) {
        self.state = state
    }

    init(seed: UInt64, id: Int, stream: Stream) {
        self.state = SplitMix64.hash(seed, UInt64(bitPattern: Int64(id)), stream.rawValue)
    }

    /// A generator for one ticket in one epoch: epochs must not share draws with each other
    /// or with epoch 0's generation.
    init(seed: UInt64, id: Int, epoch: Int, stream: Stream) {
        self.state = SplitMix64.hash(
            SplitMix64.hash(seed, UInt64(bitPattern: Int64(id)), stream.rawValue), UInt64(epoch), 0x6570_6F63)
    }

    /// The SplitMix64 finaliser: a good 64-bit mixer.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func hash(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        mix(mix(mix(a &+ 0x9E37_79B9_7F4A_7C15) ^ b) &+ c &* 0x9E37_79B9_7F4A_7C15)
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// A uniform double in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound (the modulo bias is far below anything a report shows).
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// A uniform integer in the range.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// An index drawn with the given relative weights.
    mutating func weighted(_ weights: [Double]) -> Int {
        var draw = unit() * weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            draw -= weight
            if draw < 0 { return index }
        }
        return weights.count - 1
    }

    /// A log-normal draw: waiting times are skewed, with a long tail of slow answers.
    mutating func logNormal(median: Double, sigma: Double) -> Double {
        // Box–Muller; 1 - unit() keeps log away from 0.
        let u1 = 1 - unit()
        let u2 = unit()
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return median * exp(sigma * normal)
    }
}
