import RotaModel

extension ResourceMergeError {
    /// A merge's line gives an id that another snapshot (or a graph node) holds.
    static func idTaken(line: Int, id: String, cloud: String, account: String) -> ResourceMergeError {
        ResourceMergeError(line: line, path: "id", message: "\"\(id)\" already belongs to cloud \"\(cloud)\", account \"\(account)\"")
    }

    /// A merge's line repeats the id of an earlier line.
    static func idRepeated(line: Int, id: String) -> ResourceMergeError {
        ResourceMergeError(line: line, path: "id", message: "\"\(id)\" appears on an earlier line of this merge")
    }

    /// A graph merge's node has the id of a resource merged with `/resources/merge`.
    static func idOfResource(line: Int, id: String, cloud: String, account: String) -> ResourceMergeError {
        ResourceMergeError(
            line: line, path: "id",
            message: "\"\(id)\" is the id of a resource of cloud \"\(cloud)\", account \"\(account)\" merged with /resources/merge")
    }

    /// A merge's line holds text with the character U+0000, which PostgreSQL cannot store.
    static func nulCharacter(line: Int) -> ResourceMergeError {
        ResourceMergeError(line: line, path: "", message: "holds the character U+0000, which the database cannot store")
    }
}
