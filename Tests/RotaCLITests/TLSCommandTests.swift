import Foundation
import RotaClient
import RotaModel
import RotaTestSupport
import Testing

/// The client commands with a core that serves TLS: `--ca-cert`, `--cert` and `--cert-key`, or
/// their variables, and what a command says when TLS fails.
@Suite("Commands against a core that serves TLS")
struct TLSCommandTests {
    @Test func commandTrustsTheCoreWithCACert() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates) { core in
            let result = await Rota.run(["workflows", "run", "collect", "--wait", "--core", core.baseURL, "--ca-cert", certificates.authority])
            #expect(result.status == 0, "\(result)")
        }
    }

    @Test func commandReadsTheTLSFilesFromTheEnvironment() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, requireClientCertificates: true) { core in
            let environment = [
                "ROTA_CORE": core.baseURL, "ROTA_CA_CERT": certificates.authority, "ROTA_CERT": certificates.client.certificate,
                "ROTA_CERT_KEY": certificates.client.key,
            ]
            let result = await Rota.run(["workflows", "list"], environment: environment)
            #expect(result.status == 0, "\(result)")
        }
    }

    @Test func commandWithoutTheCAIsRefusedWithTheReasonAndANonZeroExit() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates) { core in
            let result = await Rota.run(["workflows", "list", "--core", core.baseURL])
            #expect(result.status == 1)
            #expect(
                result.errors
                    == "error: the core's certificate at \(core.baseURL) is not trusted: it is not signed by a CA the system trusts; pass --ca-cert with the CA that signed it\n")
        }
    }

    @Test func commandWithoutClientCertificateIsToldToPassOne() async throws {
        let certificates = try TestCertificates.make()
        try await TestCore.withTLS(certificates, requireClientCertificates: true) { core in
            let result = await Rota.run(["subscribers", "list", "--core", core.baseURL, "--ca-cert", certificates.authority])
            #expect(result.status == 1)
            #expect(result.errors.contains("asks for a client certificate: pass --cert and --cert-key (ROTA_CERT, ROTA_CERT_KEY)"))
        }
    }

    @Test func aCertificateWithoutItsKeyStopsTheCommandBeforeItStarts() async throws {
        let certificates = try TestCertificates.make()
        let result = await Rota.run(["workflows", "list", "--core", "https://localhost:1", "--cert", certificates.client.certificate])
        #expect(result.status == 64)
        #expect(result.errors.contains("a client certificate (--cert) needs its private key: pass --cert-key too"))
        let missing = certificates.directory.appendingPathComponent("absent.pem").path
        let unreadable = await Rota.run(["workflows", "list", "--core", "https://localhost:1", "--ca-cert", missing])
        #expect(unreadable.status == 64)
        #expect(unreadable.errors.contains("the certificate authority file (--ca-cert) \(missing) cannot be read: no such file"))
    }
}
