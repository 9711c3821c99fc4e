import MultipartKit
import NIOCore

/// The form fields of a Get Ticket or GetTickets request, from either body encoding.
struct GetTicketForm: Decodable, Equatable {
    var ticketid: String?
    var ticketnum: String?
    var repliessort: String?
    var action: String?
    var identifier: String?
    var secret: String?
    var responsetype: String?
    // GetTickets.
    var limitstart: String?
    var limitnum: String?
    var status: String?
    var deptid: String?
    /// Accepted and ignored: the simulator has no department assignments.
    var ignoreDeptAssignments: String?

    enum CodingKeys: String, CodingKey {
        case ticketid, ticketnum, repliessort, action, identifier, secret, responsetype
        case limitstart, limitnum, status, deptid
        case ignoreDeptAssignments = "ignore_dept_assignments"
    }

    init(
        ticketid: String? = nil, ticketnum: String? = nil, repliessort: String? = nil, action: String? = nil,
        identifier: String? = nil, secret: String? = nil, responsetype: String? = nil, limitstart: String? = nil,
        limitnum: String? = nil, status: String? = nil, deptid: String? = nil, ignoreDeptAssignments: String? = nil
    ) {
        self.ticketid = ticketid
        self.ticketnum = ticketnum
        self.repliessort = repliessort
        self.action = action
        self.identifier = identifier
        self.secret = secret
        self.responsetype = responsetype
        self.limitstart = limitstart
        self.limitnum = limitnum
        self.status = status
        self.deptid = deptid
        self.ignoreDeptAssignments = ignoreDeptAssignments
    }

    /// Parses `multipart/form-data` or `application/x-www-form-urlencoded` (also when the
    /// content type is missing); nil when the body cannot be read as either.
    init?(body: ByteBuffer, contentType: String?) {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data") {
            guard let boundary = GetTicketForm.boundary(in: contentType ?? ""),
                let form = try? FormDataDecoder().decode(GetTicketForm.self, from: body, boundary: boundary)
            else { return nil }
            self = form
        } else if type.isEmpty || type.hasPrefix("application/x-www-form-urlencoded") {
            let fields = GetTicketForm.urlEncodedFields(String(buffer: body))
            self.init(
                ticketid: fields["ticketid"], ticketnum: fields["ticketnum"], repliessort: fields["repliessort"],
                action: fields["action"], identifier: fields["identifier"], secret: fields["secret"],
                responsetype: fields["responsetype"], limitstart: fields["limitstart"], limitnum: fields["limitnum"],
                status: fields["status"], deptid: fields["deptid"],
                ignoreDeptAssignments: fields["ignore_dept_assignments"])
        } else {
            return nil
        }
    }

    static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingSpaces.lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingSpaces
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = value.dropFirst().dropLast()
            }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    /// `a=1&b=two+words&c=%2F`; the first occurrence of a name wins.
    static func urlEncodedFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecoded(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? percentDecoded(parts[1]) : "" }
        }
        return fields
    }

    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = iterator.next().flatMap(hexValue)
                let low = iterator.next().flatMap(hexValue)
                if let high, let low { bytes.append(high << 4 | low) }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result = result.dropFirst() }
        while result.last == " " || result.last == "\t" { result = result.dropLast() }
        return result
    }
}
