// frontdoor token issue|revoke|list: the tokens every service checks, kept
// hashed in <data_dir>/tokens. The services read the file again when it
// changes, so an issue or a revoke takes effect at once. frontdoor secrets
// init: the rest of what a deployment mounts beside the tokens; secrets
// issue|revoke|list: partner agencies' client certificates.
#include <cstdio>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "clients/cli/commands.h"
#include "clients/lib/data_folder.h"
#include "clients/lib/table_out.h"
#include "lib/domain/text_files.h"
#include "services/common/security/client_certs.h"
#include "services/common/security/local_ca.h"
#include "services/common/security/pseudonymiser.h"
#include "services/common/security/tokens.h"

namespace frontdoor::cli {
namespace {

std::string TokensPath(const Args& args) {
  return TokensFileOf(args.Get("data_dir"));
}

int TokenIssue(const Args& args) {
  absl::StatusOr<Role> role = ParseRole(args.Get("role"));
  if (!role.ok()) return Fail("token issue", role.status());
  absl::StatusOr<TokenBook> book = TokenBook::Load(TokensPath(args));
  if (!book.ok()) return Fail("token issue", book.status());
  const std::vector<std::string> sources =
      absl::StrSplit(args.Get("sources"), ',', absl::SkipWhitespace());
  absl::StatusOr<std::string> token = book->Issue(
      *role, args.Get("agency"), absl::ToUnixSeconds(absl::Now()), sources);
  if (!token.ok()) return Fail("token issue", token.status());
  if (absl::Status s = book->Save(TokensPath(args)); !s.ok()) {
    return Fail("token issue", s);
  }
  // The token alone on stdout, so that scripts can capture it; it is not
  // kept anywhere and cannot be shown again.
  std::printf("%s\n", token->c_str());
  std::fprintf(stderr,
               "issued a %s token for %s (id %s); it is shown only now\n",
               std::string(RoleName(*role)).c_str(), args.Get("agency").c_str(),
               book->entries().back().sha256.substr(0, 12).c_str());
  return 0;
}

int TokenRevoke(const Args& args) {
  const std::string id = args.Get("id");
  const std::string agency = args.Get("agency");
  if (id.size() < 8 && agency.empty()) {
    return Fail("token revoke",
                absl::InvalidArgumentError(
                    "give --id (at least 8 characters of a token's id, as "
                    "`frontdoor token list` shows) or --agency"));
  }
  absl::StatusOr<TokenBook> book = TokenBook::Load(TokensPath(args));
  if (!book.ok()) return Fail("token revoke", book.status());
  const int revoked = book->Revoke(id, agency);
  if (revoked == 0) {
    return Fail("token revoke", absl::NotFoundError("no live token matches"));
  }
  if (absl::Status s = book->Save(TokensPath(args)); !s.ok()) {
    return Fail("token revoke", s);
  }
  std::printf("revoked %d token%s\n", revoked, revoked == 1 ? "" : "s");
  return 0;
}

// When a token or certificate was issued: to the minute for people, in
// RFC 3339 for programs.
std::string IssuedAt(int64_t unix_seconds, OutputFormat format) {
  return absl::FormatTime(
      format == OutputFormat::kText ? "%Y-%m-%d %H:%M" : "%Y-%m-%dT%H:%M:%SZ",
      absl::FromUnixSeconds(unix_seconds), absl::UTCTimeZone());
}

int TokenList(const Args& args) {
  absl::StatusOr<OutputFormat> format = FormatOf(args, {"text", "json", "csv"});
  if (!format.ok()) return Fail("token list", format.status());
  absl::StatusOr<TokenBook> book = TokenBook::Load(TokensPath(args));
  if (!book.ok()) return Fail("token list", book.status());
  TableOut table({"id", "role", "agency", "issued_utc", "state", "sources"});
  for (const TokenEntry& e : book->entries()) {
    table.AddRow(
        {Text(e.sha256.substr(0, 12)), Text(std::string(RoleName(e.role))),
         Text(e.agency), Text(IssuedAt(e.issued_unix, *format)),
         Text(e.revoked ? "revoked" : "live"),
         Text(e.sources.empty() ? "any" : absl::StrJoin(e.sources, ","))});
  }
  std::printf("%s", table.Render(*format).c_str());
  return 0;
}

int SecretsInit(const Args& args) {
  const std::string dir = args.Get("data_dir");
  if (absl::Status s = MakePrivateDir(dir); !s.ok()) {
    return Fail("secrets init", s);
  }
  if (absl::Status s = EnsureLocalCa(TlsDirOf(dir)); !s.ok()) {
    return Fail("secrets init", s);
  }
  if (absl::Status s = EnsureKeyFile(PseudonymKeyFileOf(dir)); !s.ok()) {
    return Fail("secrets init", s);
  }
  absl::StatusOr<TokenBook> book = TokenBook::Load(TokensPath(args));
  if (!book.ok()) return Fail("secrets init", book.status());
  if (absl::Status s = book->Save(TokensPath(args)); !s.ok()) {
    return Fail("secrets init", s);
  }
  const std::string certificates = CertificatesFileOf(TlsDirOf(dir));
  absl::StatusOr<CertificateBook> issued = CertificateBook::Load(certificates);
  if (!issued.ok()) return Fail("secrets init", issued.status());
  if (absl::Status s = issued->Save(certificates); !s.ok()) {
    return Fail("secrets init", s);
  }
  std::printf(
      "%s/tls: a CA (ca.pem; keep ca.key offline) and a certificate and key "
      "for intake, threshold, stepping and admin\n"
      "%s: intake's pseudonym key\n"
      "%s: the tokens file (`frontdoor token issue --data_dir=%s` adds to "
      "it), and tls/certificates: the partners' certificates (`frontdoor "
      "secrets issue` adds to it)\n"
      "what existed is kept; deploy/README.md shows the secrets to make "
      "from them\n",
      dir.c_str(), PseudonymKeyFileOf(dir).c_str(), TokensPath(args).c_str(),
      dir.c_str());
  return 0;
}

// What a partner agency is handed: the CA to trust, its certificate and
// key, and its token, in a folder of its own.
int SecretsIssue(const Args& args) {
  const std::string dir = args.Get("data_dir");
  const std::string agency = args.Get("agency");
  const std::string out = args.Get("out").empty()
                              ? absl::StrCat("./partner-", agency)
                              : args.Get("out");
  const std::string tls = TlsDirOf(dir);
  absl::StatusOr<TokenBook> tokens = TokenBook::Load(TokensPath(args));
  if (!tokens.ok()) return Fail("secrets issue", tokens.status());
  absl::StatusOr<CertificateBook> certificates =
      CertificateBook::Load(CertificatesFileOf(tls));
  if (!certificates.ok()) return Fail("secrets issue", certificates.status());
  // The token first: it checks the agency's name and sources before
  // anything is signed or written.
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  const std::vector<std::string> sources =
      absl::StrSplit(args.Get("sources"), ',', absl::SkipWhitespace());
  absl::StatusOr<std::string> token =
      tokens->Issue(Role::kAgency, agency, now, sources);
  if (!token.ok()) return Fail("secrets issue", token.status());
  absl::StatusOr<SignedCertificate> cert =
      certificates->Issue(tls, agency, now);
  if (!cert.ok()) return Fail("secrets issue", cert.status());
  absl::StatusOr<std::string> ca = ReadTextFile(FilesOf(tls, "").ca);
  if (!ca.ok()) return Fail("secrets issue", ca.status());
  const std::string token_file = absl::StrCat(*token, "\n");
  const std::pair<std::string, const std::string*> files[] = {
      {"ca.pem", &*ca},
      {absl::StrCat(agency, ".pem"), &cert->cert_pem},
      {absl::StrCat(agency, ".key"), &cert->key_pem},
      {absl::StrCat(agency, ".token"), &token_file}};
  if (absl::Status s = MakePrivateDir(out); !s.ok()) {
    return Fail("secrets issue", s);
  }
  for (const auto& [name, text] : files) {
    if (absl::Status s = WritePrivateFile(absl::StrCat(out, "/", name), *text);
        !s.ok()) {
      return Fail("secrets issue", s);
    }
  }
  // Kept only once the partner's files are written: a failure leaves no
  // live token or certificate that nobody holds.
  if (absl::Status s = tokens->Save(TokensPath(args)); !s.ok()) {
    return Fail("secrets issue", s);
  }
  if (absl::Status s = certificates->Save(CertificatesFileOf(tls)); !s.ok()) {
    return Fail("secrets issue", s);
  }
  std::printf(
      "%s: ca.pem, %s.pem and %s.key (certificate %s, common name %s) and "
      "%s.token (token id %s, submits as %s)\n"
      "hand the folder to %s over a secure channel; deploy/README.md "
      "(\"Onboarding a partner agency\") shows its first call\n",
      out.c_str(), agency.c_str(), agency.c_str(), cert->serial.c_str(),
      CommonNameOf(absl::StrCat("agency-", agency)).c_str(), agency.c_str(),
      tokens->entries().back().sha256.substr(0, 12).c_str(),
      absl::StrJoin(sources, ",").c_str(), agency.c_str());
  return 0;
}

// Revokes an agency's certificates and tokens, or one certificate.
int SecretsRevoke(const Args& args) {
  const std::string agency = args.Get("agency");
  const std::string serial = args.Get("serial");
  if (agency.empty() == serial.empty()) {
    return Fail("secrets revoke",
                absl::InvalidArgumentError(
                    "give --agency (its certificates and tokens) or --serial "
                    "(one certificate, as `secrets list` shows it)"));
  }
  const std::string path = CertificatesFileOf(TlsDirOf(args.Get("data_dir")));
  absl::StatusOr<CertificateBook> certificates = CertificateBook::Load(path);
  if (!certificates.ok()) return Fail("secrets revoke", certificates.status());
  absl::StatusOr<TokenBook> tokens = TokenBook::Load(TokensPath(args));
  if (!tokens.ok()) return Fail("secrets revoke", tokens.status());
  const int certs = certificates->Revoke(agency, serial);
  const int revoked_tokens = agency.empty() ? 0 : tokens->Revoke("", agency);
  if (certs + revoked_tokens == 0) {
    return Fail("secrets revoke",
                absl::NotFoundError("no live certificate or token matches"));
  }
  if (absl::Status s = certificates->Save(path); !s.ok()) {
    return Fail("secrets revoke", s);
  }
  if (absl::Status s = tokens->Save(TokensPath(args)); !s.ok()) {
    return Fail("secrets revoke", s);
  }
  std::printf(
      "revoked %d certificate%s and %d token%s; every service "
      "refuses them from its next call\n",
      certs, certs == 1 ? "" : "s", revoked_tokens,
      revoked_tokens == 1 ? "" : "s");
  return 0;
}

// The client certificates issued, by serial.
int SecretsList(const Args& args) {
  absl::StatusOr<OutputFormat> format = FormatOf(args, {"text", "json", "csv"});
  if (!format.ok()) return Fail("secrets list", format.status());
  absl::StatusOr<CertificateBook> book =
      CertificateBook::Load(CertificatesFileOf(TlsDirOf(args.Get("data_dir"))));
  if (!book.ok()) return Fail("secrets list", book.status());
  TableOut table({"serial", "agency", "issued_utc", "state"});
  for (const CertificateEntry& e : book->entries()) {
    table.AddRow({Text(e.serial), Text(e.agency),
                  Text(IssuedAt(e.issued_unix, *format)),
                  Text(e.revoked ? "revoked" : "live")});
  }
  std::printf("%s", table.Render(*format).c_str());
  return 0;
}

OptionSpec DataDirOption() {
  return {"data_dir", DefaultDataDir(),
          "the data or secrets folder whose services check the tokens and "
          "certificates (its tokens file and tls/)"};
}

}  // namespace

std::vector<Command> TokenCommands() {
  return {
      {{"token issue",
        "issue a token for an agency: agency (submits contacts), analyst "
        "(runs and aggregates), mash (child-level reads) or admin",
        "frontdoor token issue --agency=NAME --role=ROLE [--sources=6,5A]",
        {{"agency", "", "who the token is for (letters, digits, - _ .)"},
         {"role", "agency", "agency, analyst, mash or admin"},
         {"sources", "",
          "an agency token: the ReferralSource codes it submits contacts as, "
          "comma-separated (e.g. 6 police, 2A schools, 3A GP; CIN "
          "census codes)"},
         DataDirOption()},
        {}},
       TokenIssue},
      {{"token revoke",
        "revoke tokens by id or by agency; intake refuses them at once",
        "frontdoor token revoke --id=ID | --agency=NAME",
        {{"id", "", "a token's id (from `frontdoor token list`)"},
         {"agency", "", "revoke every live token of this agency"},
         DataDirOption()},
        {}},
       TokenRevoke},
      {{"token list",
        "the tokens issued, by id (a prefix of the token's hash), never the "
        "tokens themselves",
        "frontdoor token list [--format=text|json|csv]",
        WithFormat({DataDirOption()}, "text, json or csv"),
        {}},
       TokenList},
      {{"secrets init",
        "make what a deployment mounts, in one folder: a CA with a "
        "certificate per service and admin (tls/), intake's pseudonym key "
        "and a tokens file; what exists is kept",
        "frontdoor secrets init --data_dir=DIR",
        {{"data_dir", "./frontdoor-secrets",
          "the folder to make them in (mode 0700, files 0600)"}},
        {}},
       SecretsInit},
      {{"secrets issue",
        "onboard a partner agency: a client certificate signed by the "
        "deployment's CA and an agency token, written with the CA to a "
        "folder to hand over; issuing again for the agency rotates them "
        "(revoke the old certificate by --serial)",
        "frontdoor secrets issue --agency=NAME --sources=6 [--out=DIR]",
        {{"agency", "", "the partner (letters, digits, - _ .)"},
         {"sources", "",
          "the ReferralSource codes it submits contacts as, comma-separated "
          "(e.g. 6 police, 2A schools, 3A GP)"},
         {"out", "", "the folder to write (default ./partner-NAME)"},
         DataDirOption()},
        {}},
       SecretsIssue},
      {{"secrets revoke",
        "revoke a partner's certificates and tokens (--agency) or one "
        "certificate (--serial); every service refuses them at once",
        "frontdoor secrets revoke --agency=NAME | --serial=HEX",
        {{"agency", "", "revoke every certificate and token of this agency"},
         {"serial", "", "revoke one certificate (from `secrets list`)"},
         DataDirOption()},
        {}},
       SecretsRevoke},
      {{"secrets list",
        "the client certificates issued to partners, by serial",
        "frontdoor secrets list [--format=text|json|csv]",
        WithFormat({DataDirOption()}, "text, json or csv"),
        {}},
       SecretsList},
  };
}

}  // namespace frontdoor::cli
