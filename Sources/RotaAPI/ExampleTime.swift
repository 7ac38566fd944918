import Foundation

/// The time the examples of the API types carry.
enum ExampleTime {
    static let date = Date(timeIntervalSince1970: 1_795_000_000)
}
