/// Why `rota db copy` or `rota db migrate` stopped, said to the user as it is.
struct DatabaseCopyError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
