"""Test certificates: a throwaway CA (the X-Road Security Server's, the Kafka brokers') issuing
server and client certificates as PEM files."""

import datetime
import ssl
from dataclasses import dataclass
from ipaddress import IPv4Address
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass
class Issued:
    cert: Path
    key: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _write(
    folder: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey
) -> Issued:
    cert_path, key_path = folder / f"{stem}.pem", folder / f"{stem}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return Issued(cert_path, key_path)


class TestCA:
    """A throwaway certificate authority writing PEM files into a folder."""

    __test__ = False

    def __init__(self, folder: Path, name: str) -> None:
        self.folder = folder
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = _name(name)
        self.cert = self._sign(self.name, self.key.public_key(), ca=True)
        self.files = _write(folder, name.replace(" ", "-"), self.cert, self.key)

    def _sign(
        self,
        subject: x509.Name,
        public_key: ec.EllipticCurvePublicKey,
        *,
        ca: bool = False,
        ip: str | None = None,
    ) -> x509.Certificate:
        now = datetime.datetime.now(datetime.UTC)
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if ip is not None:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(IPv4Address(ip))]), critical=False
            )
        return builder.sign(self.key, hashes.SHA256())

    def issue(self, common_name: str, stem: str, ip: str | None = None) -> Issued:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = self._sign(_name(common_name), key.public_key(), ip=ip)
        return _write(self.folder, stem, cert, key)


def client_context(server_ca: Path, client: Issued | None = None) -> ssl.SSLContext:
    """An SSL context trusting the server's CA, presenting the client certificate if given."""
    context = ssl.create_default_context(cafile=str(server_ca))
    if client is not None:
        context.load_cert_chain(str(client.cert), str(client.key))
    return context
