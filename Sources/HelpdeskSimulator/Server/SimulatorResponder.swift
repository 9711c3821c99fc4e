import Foundation
import HTTPTypes
import HelpdeskAPI
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The request context: Hummingbird's basic one plus the channel, so a fault can drop it.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    var maxUploadSize: Int { 1 << 20 }
}

/// Thrown after closing a connection on purpose; the response that follows goes nowhere.
struct DroppedConnection: Error {}

/// Answers Get Ticket and GetTickets requests: authentication, lookup, listing, faults and
/// the hostile-server modes.
struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorRequestContext

    let configuration: SimulatorConfiguration
    let dataset: SimulatedDataset
    let state: SimulatorState
    let listing: TicketListing

    /// What an authenticated request asks for.
    private enum Route {
        case getTicket
        case getTickets
    }

    private enum Authentication {
        case proceed(Route)
        case refused(Response)
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        state.update { $0.requests += 1 }
        if configuration.latencyMilliseconds > 0 {
            try await Task.sleep(for: .milliseconds(configuration.latencyMilliseconds))
        }
        let path = request.uri.path
        guard path == configuration.path || path == SimulatorConfiguration.whmcsPath else {
            return record(json(.notFound, TicketJSON.error("Endpoint Not Found")))
        }
        guard request.method == .post else {
            return record(json(.methodNotAllowed, TicketJSON.error("Use POST"), headers: [.allow: "POST"]))
        }
        if configuration.faults.neverAnswer {
            // Ends only with the server: on cancellation or a graceful shutdown.
            try await cancelWhenGracefulShutdown {
                while true { try await Task.sleep(for: .seconds(3_600)) }
            }
            throw CancellationError()
        }
        if let size = configuration.faults.hugeBodyBytes {
            return record(Self.hugeBody(bytes: size))
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            return record(json(.contentTooLarge, TicketJSON.error("Request Body Too Large")))
        }
        guard let form = GetTicketForm(body: body, contentType: request.headers[.contentType]) else {
            return record(json(.badRequest, TicketJSON.error("Unreadable Request Body")))
        }
        if let raw = form.ticketid, let asked = Int(raw.trimmingSpaces) {
            state.update { $0.idsAsked.insert(asked) }
        }
        let action = Self.actionName(form: form, bearer: request.headers[.authorization] != nil)
        state.update { $0.requestsByAction[action, default: 0] += 1 }
        if let answer = configuration.faults.everyAnswer {
            return record(canned(answer))
        }
        switch authenticate(request, form) {
        case .refused(let response): return response
        case .proceed(.getTickets): return listTickets(form)
        case .proceed(.getTicket): break
        }

        let id: Int?
        if let raw = form.ticketid, !raw.isEmpty {
            // WHMCS casts to int: anything unreadable is simply not found.
            id = Int(raw.trimmingSpaces) ?? 0
        } else if let number = form.ticketnum, !number.isEmpty {
            id = dataset.id(ticketNumber: number.trimmingSpaces)
        } else {
            return record(json(.badRequest, TicketJSON.error("Ticket ID or Number Required")))
        }
        let sort = form.repliessort.flatMap(RepliesSort.init(parameter:)) ?? .ascending

        if let id, let fault = configuration.faults.fault(seed: configuration.seed, id: id),
            state.nextAttempt(id: id) <= configuration.faults.attempts
        {
            state.update { $0.faultsInjected[fault, default: 0] += 1 }
            return try await inject(fault, id: id, sort: sort, context: context)
        }
        if !configuration.cannedAnswers.isEmpty {
            guard let id, let answer = configuration.cannedAnswers[id] else {
                state.update { $0.notFound += 1 }
                return record(json(.ok, TicketJSON.error("Ticket ID Not Found")))
            }
            state.update { $0.ticketsServed += 1 }
            return record(canned(answer))
        }
        guard let id, let ticket = dataset.responseBody(id: id, repliesSort: sort) else {
            state.update { $0.notFound += 1 }
            return record(json(.ok, TicketJSON.error("Ticket ID Not Found")))
        }
        state.update { $0.ticketsServed += 1 }
        return record(json(.ok, ticket))
    }

    /// Where the request may proceed, or the refusal to send. Bearer requests are Get Ticket
    /// whatever their `action`; classic ones may list tickets too.
    private func authenticate(_ request: Request, _ form: GetTicketForm) -> Authentication {
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer", parts[1].trimmingSpaces == configuration.token {
                return .proceed(.getTicket)
            }
        } else if form.identifier != nil || form.secret != nil {
            // WHMCS answers bad credentials with HTTP 200 and result "error".
            guard form.identifier == configuration.identifier, form.secret == configuration.secret else {
                state.update { $0.authenticationFailures += 1 }
                return .refused(record(json(.ok, TicketJSON.error("Authentication Failed"))))
            }
            if let action = form.action, Self.normalizedAction(action) == "gettickets" {
                return .proceed(.getTickets)
            }
            if let action = form.action, action.lowercased() != "getticket" {
                return .refused(record(json(.ok, TicketJSON.error("Command Not Found"))))
            }
            return .proceed(.getTicket)
        }
        state.update { $0.authenticationFailures += 1 }
        return .refused(record(json(.unauthorized, TicketJSON.error("Authentication Failed"))))
    }

    /// One page of GetTickets: `limitstart`, `limitnum`, `status` and `deptid` as WHMCS reads
    /// them, ordered by last reply, newest first.
    private func listTickets(_ form: GetTicketForm) -> Response {
        // Canned answers replace the generated tickets, so there is nothing to list: answer
        // as before GetTickets existed.
        guard configuration.cannedAnswers.isEmpty else {
            return record(json(.ok, TicketJSON.error("Command Not Found")))
        }
        guard configuration.getTicketsAllowed else {
            return record(
                json(.forbidden, TicketJSON.error("Invalid Permissions: API action \"gettickets\" is not allowed")))
        }
        let start = max(0, form.limitstart.flatMap { Int($0.trimmingSpaces) } ?? 0)
        let requested = form.limitnum.flatMap { Int($0.trimmingSpaces) } ?? 0
        let count = requested > 0 ? requested : 25
        let departmentID = form.deptid.flatMap { Int($0.trimmingSpaces) }
        let filter = TicketListing.Filter(
            status: TicketListing.StatusFilter(parameter: form.status), departmentID: departmentID)
        let ids = listing.ids(matching: filter)
        let page = start < ids.count ? ids[start..<min(ids.count, start + min(count, ids.count))] : []
        let items = page.compactMap { id in
            dataset.ticket(id: id).map {
                TicketListJSON.Item(
                    ticket: $0, accessKey: dataset.accessKey(id: id), quirks: dataset.responseQuirks(id: id))
            }
        }
        state.update { $0.listPagesServed += 1 }
        return record(json(.ok, TicketListJSON.encode(totalResults: ids.count, startNumber: start, items: items)))
    }

    /// WHMCS matches actions case-insensitively, ignoring anything but letters and digits.
    static func normalizedAction(_ action: String) -> String {
        String(action.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
    }

    /// The name a request counts under in ``SimulatorStats/requestsByAction``.
    static func actionName(form: GetTicketForm, bearer: Bool) -> String {
        guard !bearer, let action = form.action, !action.isEmpty else { return "GetTicket" }
        switch normalizedAction(action) {
        case "getticket": return "GetTicket"
        case "gettickets": return "GetTickets"
        default: return action
        }
    }

    private func inject(_ fault: FaultKind, id: Int, sort: RepliesSort, context: Context) async throws -> Response {
        let retryAfter = String(max(0, configuration.faults.retryAfterSeconds))
        switch fault {
        case .internalServerError:
            return record(html(.internalServerError, "500 Internal Server Error"))
        case .tooManyRequests:
            var response = json(.tooManyRequests, TicketJSON.error("Too Many Requests"))
            response.headers[.retryAfter] = retryAfter
            return record(response)
        case .serviceUnavailable:
            var response = html(.serviceUnavailable, "503 Service Unavailable")
            response.headers[.retryAfter] = retryAfter
            return record(response)
        case .truncatedBody:
            let full = dataset.responseBody(id: id, repliesSort: sort) ?? TicketJSON.error("Ticket ID Not Found")
            return record(json(.ok, Array(full.prefix(full.count / 2))))
        case .droppedConnection:
            state.update { $0.droppedConnections += 1 }
            try? await context.channel.close()
            throw DroppedConnection()
        }
    }

    private func record(_ response: Response) -> Response {
        state.update { $0.responsesByStatus[response.status.code, default: 0] += 1 }
        return response
    }

    private func canned(_ answer: CannedAnswer) -> Response {
        Response(
            status: HTTPResponse.Status(code: answer.status), headers: [.contentType: answer.contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    private func json(_ status: HTTPResponse.Status, _ bytes: [UInt8], headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func html(_ status: HTTPResponse.Status, _ title: String) -> Response {
        let page = "<!DOCTYPE html><html><head><title>\(title)</title></head><body><h1>\(title)</h1></body></html>"
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// A 200 whose JSON string never closes: `bytes` bytes in all, streamed in chunks.
    static func hugeBody(bytes total: Int) -> Response {
        let body = ResponseBody { writer in
            let prefix = ByteBuffer(string: #"{"result":"success","ticketid":"1","subject":""#)
            var remaining = total
            try await writer.write(prefix.getSlice(at: 0, length: min(remaining, prefix.readableBytes))!)
            remaining -= prefix.readableBytes
            let chunk = ByteBuffer(bytes: [UInt8](repeating: UInt8(ascii: "A"), count: 64 * 1_024))
            while remaining > 0 {
                let length = min(remaining, chunk.readableBytes)
                try await writer.write(chunk.getSlice(at: 0, length: length)!)
                remaining -= length
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: body)
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        String(self).trimmingCharacters(in: .whitespaces)
    }
}
