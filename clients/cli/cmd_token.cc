// frontdoor token issue|revoke|list: the agency tokens intake checks, kept
// hashed in <data_dir>/tokens. Intake reads the file again when it changes,
// so an issue or a revoke takes effect at once. frontdoor secrets init: the
// rest of what a deployment mounts beside the tokens.
#include <cstdio>

#include "absl/time/clock.h"
#include "clients/cli/commands.h"
#include "clients/lib/data_folder.h"
#include "lib/domain/text_files.h"
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
  absl::StatusOr<std::string> token =
      book->Issue(*role, args.Get("agency"), absl::ToUnixSeconds(absl::Now()));
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

int TokenList(const Args& args) {
  absl::StatusOr<TokenBook> book = TokenBook::Load(TokensPath(args));
  if (!book.ok()) return Fail("token list", book.status());
  std::printf("%-12s  %-8s  %-24s  %-20s  %s\n", "id", "role", "agency",
              "issued (UTC)", "state");
  for (const TokenEntry& e : book->entries()) {
    std::printf(
        "%-12s  %-8s  %-24s  %-20s  %s\n", e.sha256.substr(0, 12).c_str(),
        std::string(RoleName(e.role)).c_str(), e.agency.c_str(),
        absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(e.issued_unix),
                         absl::UTCTimeZone())
            .c_str(),
        e.revoked ? "revoked" : "live");
  }
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
  std::printf(
      "%s/tls: a CA (ca.pem; keep ca.key offline) and a certificate and key "
      "for intake, threshold, stepping and admin\n"
      "%s: intake's pseudonym key\n"
      "%s: the tokens file (`frontdoor token issue --data_dir=%s` adds to "
      "it)\n"
      "what existed is kept; deploy/README.md shows the secrets to make "
      "from them\n",
      dir.c_str(), PseudonymKeyFileOf(dir).c_str(), TokensPath(args).c_str(),
      dir.c_str());
  return 0;
}

OptionSpec DataDirOption() {
  return {"data_dir", DefaultDataDir(),
          "the data folder whose intake checks the tokens (its tokens file)"};
}

}  // namespace

std::vector<Command> TokenCommands() {
  return {
      {{"token issue",
        "issue a token for an agency: agency (submits contacts), analyst "
        "(runs and aggregates), mash (child-level reads) or admin",
        "frontdoor token issue --agency=NAME --role=ROLE",
        {{"agency", "", "who the token is for (letters, digits, - _ .)"},
         {"role", "agency", "agency, analyst, mash or admin"},
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
        "frontdoor token list",
        {DataDirOption()},
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
  };
}

}  // namespace frontdoor::cli
