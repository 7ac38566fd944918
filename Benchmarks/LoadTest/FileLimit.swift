#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The number of files (sockets included) a process may open, which bounds its connections.
enum FileLimit {
    /// Raises this process's soft limit to its hard limit, which a spawned core inherits, and
    /// returns the limit now in force.
    static func raiseToMaximum() -> Int {
        var limit = rlimit()
        #if canImport(Glibc)
            let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
            let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(resource, &limit)
            _ = getrlimit(resource, &limit)
        }
        return Int(limit.rlim_cur)
    }
}
