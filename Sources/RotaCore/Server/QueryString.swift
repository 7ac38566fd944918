import Foundation
import Hummingbird

/// A request's query parameters, read the way HTML forms and HTTP clients such as Python's
/// `requests` write them: `+` is a space and `%2B` a plus; names and values are percent-decoded.
/// The one place the core reads query parameters, so every route reads them alike.
struct QueryString: Sequence {
    /// Every parameter in order, a name given twice once for each value.
    let pairs: [(name: String, value: String)]

    /// The parameters of the raw query text (what follows `?`), none when there is none.
    init(_ query: String?) {
        guard let query, !query.isEmpty else {
            pairs = []
            return
        }
        pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { parameter in
            guard let equals = parameter.firstIndex(of: "=") else { return (Self.decoded(parameter), "") }
            return (Self.decoded(parameter[..<equals]), Self.decoded(parameter[parameter.index(after: equals)...]))
        }
    }

    /// The first value of the parameter `name`, if given.
    func first(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        pairs.makeIterator()
    }

    /// `text` with `+` read as a space and percent escapes decoded; text whose escapes are not
    /// valid (`%zz`, or bytes that are not UTF-8) is kept as it was written, but for the spaces.
    static func decoded(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

extension Request {
    /// The request's query parameters (see `QueryString`).
    var queryString: QueryString {
        QueryString(uri.query)
    }
}
