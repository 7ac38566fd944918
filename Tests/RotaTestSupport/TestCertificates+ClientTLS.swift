import RotaClient

extension TestCertificates {
    /// A client that trusts `authority` and presents `otherAuthorityClient`, a certificate of
    /// another authority: one that a core asking for client certificates of `authority` refuses.
    public var intruderTLS: ClientTLS {
        ClientTLS(certificateAuthorityPath: authority, certificatePath: otherAuthorityClient.certificate, keyPath: otherAuthorityClient.key)
    }
}
