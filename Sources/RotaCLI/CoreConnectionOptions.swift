import ArgumentParser
import Foundation
import RotaClient

/// Where a command finds the core: its URL (or the URLs of several cores sharing one database, of
/// which the leader is used), its pre-shared key and, for an `https` core, the authority to trust
/// and the client certificate to present, from flags or the environment. The client commands and
/// the shipped actors (`rota worker`, `rota metrics`) share it.
struct CoreConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("core"),
        help: ArgumentHelp(
            """
            The core's URL, or the URLs of up to \(CoreConnection.maxCores) cores sharing one database, separated by commas \
            (http://core-1:8900,http://core-2:8900): requests go to whichever is the leader, and follow it when it changes \
            (env ROTA_CORE; default \(CoreConnection.defaultURL.absoluteString)).
            """, valueName: "URL[,URL...]"))
    var coreURL: String?

    @Option(help: ArgumentHelp("The core's pre-shared key, if it has one; requests are then signed (env ROTA_PSK).", valueName: "KEY"))
    var psk: String?

    @Option(
        name: .customLong("ca-cert"),
        help: ArgumentHelp(
            "A PEM file of certificate authorities to trust, besides the system's, for an https core (env ROTA_CA_CERT).", valueName: "PATH"))
    var caCert: String?

    @Option(help: ArgumentHelp("A PEM client certificate to present to a core that requires one (mutual TLS; env ROTA_CERT).", valueName: "PATH"))
    var cert: String?

    @Option(help: ArgumentHelp("The PEM private key of --cert (env ROTA_CERT_KEY).", valueName: "PATH"))
    var certKey: String?

    func validate() throws {
        _ = try connection()
    }

    /// `--core`, else `ROTA_CORE`, else localhost:8900, one URL or several separated by commas;
    /// with `--psk`, else `ROTA_PSK`; the TLS files from `--ca-cert`, `--cert`, `--cert-key`, else
    /// `ROTA_CA_CERT`, `ROTA_CERT`, `ROTA_CERT_KEY`. Throws when the list of cores is empty, has an
    /// empty entry, an entry that is not a core's URL or too many cores, or when a TLS file cannot
    /// be used, saying which and why.
    func connection(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CoreConnection {
        let text = coreURL ?? environment["ROTA_CORE"].flatMap { $0.isEmpty ? nil : $0 } ?? CoreConnection.defaultURL.absoluteString
        let urls: [URL]
        do {
            urls = try CoreConnection.cores(from: text)
        } catch {
            throw ValidationError("\(coreURL == nil ? "ROTA_CORE" : "--core") \(error)")
        }
        func setting(_ flag: String?, _ variable: String) -> String? {
            flag ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        let tls = ClientTLS(
            certificateAuthorityPath: setting(caCert, "ROTA_CA_CERT"), certificatePath: setting(cert, "ROTA_CERT"),
            keyPath: setting(certKey, "ROTA_CERT_KEY"))
        do {
            _ = try tls.configuration()
        } catch {
            throw ValidationError(error.description)
        }
        do {
            return try CoreConnection(urls: urls, psk: setting(psk, "ROTA_PSK"), tls: tls)
        } catch {
            throw ValidationError("\(coreURL == nil ? "ROTA_CORE" : "--core") \(error)")
        }
    }
}
