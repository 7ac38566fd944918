/// A request body of the REST API: what a refusal of a body that is not one says to send.
public protocol APIRequest: APIContract {
    /// How a correct body looks, for the refusal of one that is not.
    static var usage: String { get }
}
