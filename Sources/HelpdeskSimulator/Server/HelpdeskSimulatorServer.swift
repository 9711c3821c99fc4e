import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A fake helpdesk on 127.0.0.1 that speaks the Get Ticket API, for tests, the demo and
/// benchmarks.
///
/// It serves POST on ``SimulatorConfiguration/path`` and on `/includes/api.php`, with either
/// auth style (bearer token or WHMCS `identifier`/`secret`) and either body encoding
/// (multipart or URL-encoded). Classic (`identifier`/`secret`) requests may also list tickets
/// with `action=GetTickets`. Most callers want ``withHelpdeskSimulator(_:logger:isolation:_:)``;
/// the `helpdesk-sim` executable uses ``runUntilSignalled(port:onListening:)``.
package final class HelpdeskSimulatorServer: Sendable {
    package let configuration: SimulatorConfiguration
    package let dataset: SimulatedDataset
    private let logger: Logger
    private let state = SimulatorState()
    private let listing: TicketListing

    /// The address the server binds to: loopback only.
    package static let host = "127.0.0.1"

    /// Creates a server; nothing listens until ``run(port:onListening:)``.
    ///
    /// The default logger discards everything: pass one to see Hummingbird's logs.
    package init(configuration: SimulatorConfiguration, logger: Logger = .simulatorDiscarding) {
        self.configuration = configuration
        self.dataset = configuration.dataset
        self.listing = TicketListing(dataset: dataset)
        self.logger = logger
    }

    /// What the server has served so far.
    package var stats: SimulatorStats { state.stats }

    /// Serves until the calling task is cancelled.
    ///
    /// - Parameters:
    ///   - port: The port to listen on; 0 lets the system pick one.
    ///   - onListening: Called once with the actual address when the server accepts requests.
    package func run(
        port: Int = 0, onListening: @escaping @Sendable (SimulatorEndpoint) async -> Void = { _ in }
    ) async throws {
        try await makeApplication(port: port, onListening: onListening).run()
    }

    /// Serves until SIGINT or SIGTERM, then shuts down gracefully (requests held by
    /// ``FaultConfiguration/neverAnswer`` are cancelled).
    package func runUntilSignalled(
        port: Int = 0, onListening: @escaping @Sendable (SimulatorEndpoint) async -> Void = { _ in }
    ) async throws {
        try await makeApplication(port: port, onListening: onListening).runService()
    }

    /// The server as a service, for callers that run it in their own `ServiceGroup`.
    func makeApplication(
        port: Int, onListening: @escaping @Sendable (SimulatorEndpoint) async -> Void
    ) -> some ApplicationProtocol {
        let responder = SimulatorResponder(
            configuration: configuration, dataset: dataset, state: state, listing: listing)
        return Application(
            responder: responder,
            configuration: .init(address: .hostname(Self.host, port: port), serverName: "helpdesk-sim"),
            onServerRunning: { [self] channel in
                let endpoint = SimulatorEndpoint(
                    port: channel.localAddress?.port ?? port, path: configuration.path, server: self)
                await onListening(endpoint)
            },
            logger: logger)
    }
}

/// Where a running simulator listens, and a handle on it.
package struct SimulatorEndpoint: Sendable {
    package let host: String
    package let port: Int
    /// The configured Get Ticket path, e.g. `/api/getticket`.
    package let path: String
    /// The running server: its ``HelpdeskSimulatorServer/stats`` and dataset.
    package let server: HelpdeskSimulatorServer

    init(port: Int, path: String, server: HelpdeskSimulatorServer) {
        self.host = HelpdeskSimulatorServer.host
        self.port = port
        self.path = path
        self.server = server
    }

    /// The Get Ticket URL, e.g. `http://127.0.0.1:49152/api/getticket`.
    package var url: String { "http://\(host):\(port)\(path)" }
    /// The WHMCS-style URL, `http://127.0.0.1:PORT/includes/api.php`.
    package var whmcsURL: String { "http://\(host):\(port)\(SimulatorConfiguration.whmcsPath)" }
    /// What the server has served so far.
    package var stats: SimulatorStats { server.stats }
    /// The tickets the server serves.
    package var dataset: SimulatedDataset { server.dataset }
}

/// Why a simulator could not run.
package struct SimulatorError: Error, Sendable, CustomStringConvertible {
    package let description: String
}

extension Logger {
    /// A logger that discards everything: the simulator's default, so tests stay quiet.
    package static var simulatorDiscarding: Logger {
        Logger(label: "helpdesk-sim", factory: { _ in SwiftLogNoOpLogHandler() })
    }
}

/// Runs a simulator on 127.0.0.1 (a port the system picks) for the duration of `body`, and
/// always shuts it down afterwards, whether `body` returns or throws. For example:
///
///     try await withHelpdeskSimulator(SimulatorConfiguration(ticketCount: 100)) { simulator in
///         // POST to simulator.url with "Authorization: Bearer sim-token" …
///         #expect(simulator.stats.ticketsServed == 100)
///     }
package func withHelpdeskSimulator<T>(
    _ configuration: SimulatorConfiguration = SimulatorConfiguration(),
    logger: Logger = .simulatorDiscarding,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (SimulatorEndpoint) async throws -> T
) async throws -> T {
    let server = HelpdeskSimulatorServer(configuration: configuration, logger: logger)
    let (endpoints, continuation) = AsyncStream.makeStream(of: SimulatorEndpoint.self)
    let services = ServiceGroup(
        configuration: .init(
            services: [
                server.makeApplication(port: 0) { endpoint in
                    continuation.yield(endpoint)
                    continuation.finish()
                }
            ],
            logger: logger))
    return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
        group.addTask {
            defer { continuation.finish() }
            try await services.run()
        }
        var iterator = endpoints.makeAsyncIterator()
        guard let endpoint = await iterator.next() else {
            try await group.next()  // Rethrows why the server stopped, e.g. it could not bind.
            throw SimulatorError(description: "the helpdesk simulator stopped before it was listening")
        }
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body(endpoint)) } catch { outcome = .failure(error) }
        // A graceful shutdown stops accepting and lets open connections finish. Cancelling
        // the server instead races NIO's setup of connections a client opened just before
        // (a connection's writer is then dropped unfinished, which traps).
        await services.triggerGracefulShutdown()
        // Whichever ends first, the server or a 10-second deadline, the other is cancelled.
        group.addTask { try await Task.sleep(for: .seconds(10)) }
        _ = try? await group.next()
        group.cancelAll()
        return try outcome.get()
    }
}
