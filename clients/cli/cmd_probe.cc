// `frontdoor probe`: whether a service answers SERVING, for a container's
// health check (the image's HEALTHCHECK, compose's healthcheck) where no
// other client is installed.
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "clients/cli/commands.h"
#include "services/common/rpc/health.h"
#include "services/common/security/credentials.h"
#include "services/common/security/local_ca.h"

namespace frontdoor::cli {
namespace {

int RunProbe(const Args& args) {
  const std::string& address = args.Get("address");
  Transport transport;
  transport.insecure = args.Flag("insecure");
  transport.files = {args.Get("tls_ca"), args.Get("tls_cert"),
                     args.Get("tls_key")};
  if (!transport.insecure &&
      (transport.files.ca.empty() || transport.files.cert.empty() ||
       transport.files.key.empty())) {
    return Fail("probe", absl::InvalidArgumentError(
                             "--tls_ca, --tls_cert and --tls_key: all three "
                             "are required (or --insecure)"));
  }
  if (absl::Status s = UseTransportFor(address, transport); !s.ok()) {
    return Fail("probe", s);
  }
  absl::StatusOr<bool> serving = IsServing(address, args.Get("name"));
  if (!serving.ok()) {
    // Without Fail's hint: a health check asks one given address, not the
    // stack a data folder names.
    std::fprintf(stderr, "frontdoor probe: %s\n",
                 std::string(serving.status().message()).c_str());
    return ExitCodeOf(serving.status());
  }
  const std::string what =
      args.Get("name").empty() ? address : args.Get("name");
  if (!*serving) {
    return Fail("probe", absl::FailedPreconditionError(
                             absl::StrCat(what, " is not serving")));
  }
  std::printf("%s is serving\n", what.c_str());
  return kExitDone;
}

}  // namespace

Command ProbeCommand() {
  return {{"probe",
           "whether a service answers SERVING (gRPC health), for container "
           "health checks; exit 0 serving, 1 not serving, 3 no answer",
           "frontdoor probe --address=HOST:PORT [--name=SERVICE] "
           "--tls_ca=FILE --tls_cert=FILE --tls_key=FILE",
           {{"address", "127.0.0.1:50051", "the service's host:port"},
            {"name", "",
             "the health name to ask about (frontdoor.v1.IntakeService: "
             "intake and its peers); empty: the process"},
            {"tls_ca", "", "the CA's certificate (PEM)"},
            {"tls_cert", "",
             "a certificate the CA signed (PEM): the service's own will do"},
            {"tls_key", "", "its key (PEM)"},
            {"insecure", "false", "plaintext, for a service run --insecure"}}},
          RunProbe};
}

}  // namespace frontdoor::cli
