// Local CA implementation on OpenSSL 3: P-256 keys, SHA-256 signatures,
// certificates valid for ten years (the CA never leaves the machine).
#include "services/common/security/local_ca.h"

#include <filesystem>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/domain/text_files.h"
#include "openssl/bio.h"
#include "openssl/evp.h"
#include "openssl/pem.h"
#include "openssl/rand.h"
#include "openssl/x509.h"
#include "openssl/x509v3.h"

namespace frontdoor {
namespace {

constexpr long kTenYears = 10L * 366 * 24 * 3600;

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

absl::Status OpenSslError(absl::string_view what) {
  return absl::InternalError(absl::StrCat("tls: cannot ", what));
}

Key NewKey() { return Key(EVP_EC_gen("P-256"), &EVP_PKEY_free); }

// Adds one X509v3 extension written in OpenSSL's config syntax.
bool AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) return false;
  const bool added = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return added;
}

// A certificate for `key` named `common_name`, signed by the issuer (itself
// when `issuer` is null, for the CA).
absl::StatusOr<Cert> Issue(EVP_PKEY* key, const std::string& common_name,
                           const std::string& alt_names, X509* issuer,
                           EVP_PKEY* issuer_key) {
  Cert cert(X509_new(), &X509_free);
  unsigned char serial[16];
  if (cert == nullptr || RAND_bytes(serial, sizeof(serial)) != 1) {
    return OpenSslError("make a certificate");
  }
  serial[0] &= 0x7f;  // a positive serial
  BIGNUM* number = BN_bin2bn(serial, sizeof(serial), nullptr);
  ASN1_INTEGER* asn1 = BN_to_ASN1_INTEGER(number, nullptr);
  X509_set_serialNumber(cert.get(), asn1);
  ASN1_INTEGER_free(asn1);
  BN_free(number);
  X509_set_version(cert.get(), 2);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), kTenYears);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(
      name, "CN", MBSTRING_ASC,
      reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  X509_NAME_add_entry_by_txt(
      name, "O", MBSTRING_ASC,
      reinterpret_cast<const unsigned char*>("frontdoor local"), -1, -1, 0);
  X509* signer = issuer == nullptr ? cert.get() : issuer;
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  bool ok = true;
  if (issuer == nullptr) {
    ok = AddExtension(cert.get(), signer, NID_basic_constraints,
                      "critical,CA:TRUE,pathlen:0") &&
         AddExtension(cert.get(), signer, NID_key_usage,
                      "critical,keyCertSign,cRLSign");
  } else {
    ok = AddExtension(cert.get(), signer, NID_basic_constraints,
                      "critical,CA:FALSE") &&
         AddExtension(cert.get(), signer, NID_key_usage,
                      "critical,digitalSignature,keyAgreement") &&
         AddExtension(cert.get(), signer, NID_ext_key_usage,
                      "serverAuth,clientAuth") &&
         AddExtension(cert.get(), signer, NID_subject_alt_name, alt_names);
  }
  if (!ok) return OpenSslError("add certificate extensions");
  if (X509_sign(cert.get(), issuer_key == nullptr ? key : issuer_key,
                EVP_sha256()) == 0) {
    return OpenSslError("sign a certificate");
  }
  return cert;
}

template <typename Write>
absl::StatusOr<std::string> Pem(Write write) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()),
                                                &BIO_free);
  if (bio == nullptr || write(bio.get()) != 1) return OpenSslError("write PEM");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

absl::StatusOr<std::string> CertPem(X509* cert) {
  return Pem([cert](BIO* bio) { return PEM_write_bio_X509(bio, cert); });
}

absl::StatusOr<std::string> KeyPem(EVP_PKEY* key) {
  return Pem([key](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr,
                                    nullptr);
  });
}

}  // namespace

std::string TlsDirOf(const std::string& data_dir) {
  return absl::StrCat(data_dir, "/tls");
}

std::string CommonNameOf(const std::string& identity) {
  return absl::StrCat("frontdoor-", identity);
}

TlsFiles FilesOf(const std::string& dir, const std::string& identity) {
  return {.ca = absl::StrCat(dir, "/ca.pem"),
          .cert = absl::StrCat(dir, "/", identity, ".pem"),
          .key = absl::StrCat(dir, "/", identity, ".key")};
}

absl::Status EnsureLocalCa(const std::string& dir) {
  const std::string ca_path = absl::StrCat(dir, "/ca.pem");
  std::error_code ec;
  if (std::filesystem::exists(ca_path, ec)) return absl::OkStatus();
  if (absl::Status s = MakePrivateDir(dir); !s.ok()) return s;
  Key ca_key = NewKey();
  if (ca_key == nullptr) return OpenSslError("make a key");
  absl::StatusOr<Cert> ca =
      Issue(ca_key.get(), "frontdoor local CA", "", nullptr, nullptr);
  if (!ca.ok()) return ca.status();
  // Each identity's files first, the CA last: ca.pem existing means the
  // directory is complete.
  for (const char* identity : kLocalIdentities) {
    Key key = NewKey();
    if (key == nullptr) return OpenSslError("make a key");
    const std::string alt_names =
        absl::StrCat("DNS:localhost,IP:127.0.0.1,IP:::1,DNS:", identity,
                     ",DNS:", CommonNameOf(identity));
    absl::StatusOr<Cert> cert = Issue(key.get(), CommonNameOf(identity),
                                      alt_names, ca->get(), ca_key.get());
    if (!cert.ok()) return cert.status();
    const TlsFiles files = FilesOf(dir, identity);
    absl::StatusOr<std::string> key_pem = KeyPem(key.get());
    absl::StatusOr<std::string> cert_pem = CertPem(cert->get());
    if (!key_pem.ok()) return key_pem.status();
    if (!cert_pem.ok()) return cert_pem.status();
    if (absl::Status s = WritePrivateFile(files.key, *key_pem); !s.ok()) {
      return s;
    }
    if (absl::Status s = WritePrivateFile(files.cert, *cert_pem); !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<std::string> ca_key_pem = KeyPem(ca_key.get());
  absl::StatusOr<std::string> ca_pem = CertPem(ca->get());
  if (!ca_key_pem.ok()) return ca_key_pem.status();
  if (!ca_pem.ok()) return ca_pem.status();
  if (absl::Status s =
          WritePrivateFile(absl::StrCat(dir, "/ca.key"), *ca_key_pem);
      !s.ok()) {
    return s;
  }
  return WritePrivateFile(ca_path, *ca_pem);
}

namespace {

// The serial of `cert`, upper-case hex.
std::string SerialHex(X509* cert) {
  BIGNUM* number = ASN1_INTEGER_to_BN(X509_get_serialNumber(cert), nullptr);
  if (number == nullptr) return "";
  char* hex = BN_bn2hex(number);
  std::string serial = hex == nullptr ? "" : hex;
  OPENSSL_free(hex);
  BN_free(number);
  return serial;
}

}  // namespace

std::string SerialOf(absl::string_view cert_pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())),
      &BIO_free);
  if (bio == nullptr) return "";
  Cert cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr),
            &X509_free);
  return cert == nullptr ? "" : SerialHex(cert.get());
}

absl::StatusOr<SignedCertificate> SignClientCertificate(
    const std::string& dir, const std::string& common_name) {
  const std::string ca_path = absl::StrCat(dir, "/ca.pem");
  const std::string ca_key_path = absl::StrCat(dir, "/ca.key");
  absl::StatusOr<std::string> ca_pem = ReadTextFile(ca_path);
  absl::StatusOr<std::string> ca_key_pem = ReadTextFile(ca_key_path);
  if (!ca_pem.ok() || !ca_key_pem.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "tls: the CA (", ca_path, " and ", ca_key_path,
        ") is needed to sign a client certificate; `frontdoor secrets init` "
        "makes it"));
  }
  std::unique_ptr<BIO, decltype(&BIO_free)> ca_bio(
      BIO_new_mem_buf(ca_pem->data(), static_cast<int>(ca_pem->size())),
      &BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> key_bio(
      BIO_new_mem_buf(ca_key_pem->data(), static_cast<int>(ca_key_pem->size())),
      &BIO_free);
  Cert ca(PEM_read_bio_X509(ca_bio.get(), nullptr, nullptr, nullptr),
          &X509_free);
  Key ca_key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr),
             &EVP_PKEY_free);
  if (ca == nullptr || ca_key == nullptr) {
    return absl::DataLossError(
        absl::StrCat("tls: ", ca_path, " or ", ca_key_path, " does not parse"));
  }
  Key key = NewKey();
  if (key == nullptr) return OpenSslError("make a key");
  absl::StatusOr<Cert> cert =
      Issue(key.get(), common_name, absl::StrCat("DNS:", common_name), ca.get(),
            ca_key.get());
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> cert_pem = CertPem(cert->get());
  absl::StatusOr<std::string> key_pem = KeyPem(key.get());
  if (!cert_pem.ok()) return cert_pem.status();
  if (!key_pem.ok()) return key_pem.status();
  return SignedCertificate{.cert_pem = *std::move(cert_pem),
                           .key_pem = *std::move(key_pem),
                           .serial = SerialHex(cert->get())};
}

}  // namespace frontdoor
