// Channel and server credentials in one place: mutual TLS between every
// frontdoor process (each presents a certificate signed by the shared CA),
// an agency's token on every call, and plaintext only when asked for.
#ifndef FRONTDOOR_SERVICES_COMMON_SECURITY_CREDENTIALS_H_
#define FRONTDOOR_SERVICES_COMMON_SECURITY_CREDENTIALS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/security/server_credentials.h"
#include "services/common/security/local_ca.h"

namespace frontdoor {

// The largest request a frontdoor server reads (8 MiB): room for batches
// of 1,000 events with long fields, while bounding what one message can
// make a service allocate. EventStream cuts its batches at a quarter of it.
inline constexpr int kMaxRequestBytes = 8 << 20;
// The largest answer a frontdoor client reads (64 MiB): answers are one
// batch's results or one page of records, far smaller.
inline constexpr int kMaxResponseBytes = 64 << 20;

// How a process secures its servers and its calls.
struct Transport {
  // Plaintext, no certificates and no tokens: loopback development only
  // (`--insecure`). A bearer token over plaintext would be readable by
  // anyone on the path, so none is sent.
  bool insecure = false;
  // This process's identity and the CA it trusts.
  TlsFiles files;
  // Sent as "authorization: Bearer TOKEN" on every call; may be empty.
  std::string token;
  // A server closes a connection with no call for this long (its client
  // reconnects for the next call): idle connections cannot pile up.
  absl::Duration idle_connection_timeout = absl::Minutes(5);
};

// Sets what this process's servers and channels use (call once, from main,
// before any server or channel is made). Reads the PEM files; an error
// names the one missing.
absl::Status UseTransport(const Transport& transport);

// Sets what channels to one address use, overriding the process's default:
// how a client that started a local cluster talks to it as its admin.
absl::Status UseTransportFor(const std::string& address,
                             const Transport& transport);

// The credentials a frontdoor server listens with: TLS requiring a client
// certificate whose key the caller holds, verified against the CA on every
// call (PeerCheck, so that a refusal can say why), or plaintext when
// insecure. With `allowed_peers`, only certificates of those common names
// are served (PERMISSION_DENIED for any other).
std::shared_ptr<grpc::ServerCredentials> ServerCredentials(
    const std::vector<std::string>& allowed_peers = {});

// How long this process's servers keep a connection with no call.
absl::Duration IdleConnectionTimeout();

// A channel to a frontdoor service at host:port.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_SECURITY_CREDENTIALS_H_
