// Credentials: the process's transport, and per-address overrides, loaded
// into memory once.
#include "services/common/security/credentials.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "lib/domain/text_files.h"
#include "services/common/security/peer_check.h"

namespace frontdoor {
namespace {

// A transport with its PEM files read.
struct Loaded {
  bool insecure = true;
  std::string ca, cert, key, token;
  absl::Duration idle_connection_timeout = absl::Minutes(5);
};

struct Registry {
  absl::Mutex mu;
  Loaded process ABSL_GUARDED_BY(mu);
  absl::flat_hash_map<std::string, Loaded> by_address ABSL_GUARDED_BY(mu);
};

Registry& TheRegistry() {
  static Registry* const registry = new Registry;  // never destroyed
  return *registry;
}

absl::StatusOr<Loaded> Load(const Transport& transport) {
  Loaded loaded;
  loaded.insecure = transport.insecure;
  loaded.idle_connection_timeout = transport.idle_connection_timeout;
  if (transport.insecure) return loaded;
  const std::pair<const std::string*, std::string*> files[] = {
      {&transport.files.ca, &loaded.ca},
      {&transport.files.cert, &loaded.cert},
      {&transport.files.key, &loaded.key}};
  for (const auto& [path, pem] : files) {
    if (path->empty()) {
      return absl::InvalidArgumentError(
          "tls: --tls_ca, --tls_cert and --tls_key are all required (or "
          "--insecure for plaintext on loopback)");
    }
    absl::StatusOr<std::string> text = ReadTextFile(*path);
    if (!text.ok())
      return absl::NotFoundError(absl::StrCat("tls: ", *path, ": cannot read"));
    *pem = *std::move(text);
  }
  // A token file's trailing newline is not part of the token.
  loaded.token = std::string(absl::StripAsciiWhitespace(transport.token));
  return loaded;
}

Loaded ForAddress(const std::string& address) {
  Registry& registry = TheRegistry();
  absl::MutexLock lock(&registry.mu);
  if (auto it = registry.by_address.find(address);
      it != registry.by_address.end()) {
    return it->second;
  }
  return registry.process;
}

}  // namespace

absl::Status UseTransport(const Transport& transport) {
  absl::StatusOr<Loaded> loaded = Load(transport);
  if (!loaded.ok()) return loaded.status();
  Registry& registry = TheRegistry();
  absl::MutexLock lock(&registry.mu);
  registry.process = *std::move(loaded);
  return absl::OkStatus();
}

absl::Status UseTransportFor(const std::string& address,
                             const Transport& transport) {
  absl::StatusOr<Loaded> loaded = Load(transport);
  if (!loaded.ok()) return loaded.status();
  Registry& registry = TheRegistry();
  absl::MutexLock lock(&registry.mu);
  registry.by_address[address] = *std::move(loaded);
  return absl::OkStatus();
}

std::shared_ptr<grpc::ServerCredentials> ServerCredentials(
    const std::vector<std::string>& allowed_peers) {
  Loaded own;
  {
    Registry& registry = TheRegistry();
    absl::MutexLock lock(&registry.mu);
    own = registry.process;
  }
  if (own.insecure) return grpc::InsecureServerCredentials();
  // A certificate's key is proven by TLS; PeerCheck then verifies it
  // against the CA on every call, and refuses a caller that presented none,
  // so that every refusal says why and is logged with the caller's address
  // (a handshake refused by TLS itself is logged by gRPC with neither).
  grpc::SslServerCredentialsOptions options(
      GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_BUT_DONT_VERIFY);
  options.pem_root_certs = own.ca;
  options.pem_key_cert_pairs.push_back({own.key, own.cert});
  std::shared_ptr<grpc::ServerCredentials> credentials =
      grpc::SslServerCredentials(options);
  credentials->SetAuthMetadataProcessor(
      std::make_shared<PeerCheck>(own.ca, allowed_peers));
  return credentials;
}

absl::Duration IdleConnectionTimeout() {
  Registry& registry = TheRegistry();
  absl::MutexLock lock(&registry.mu);
  return registry.process.idle_connection_timeout;
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
  const Loaded transport = ForAddress(address);
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(kMaxResponseBytes);
  arguments.SetMaxSendMessageSize(kMaxRequestBytes);
  // Every peer is a frontdoor service that a restart brings back within a
  // second or two: retry connecting at most a second apart, not gRPC's
  // default of up to two minutes. (GRPC_ARG_MIN_RECONNECT_BACKOFF_MS stays
  // at its default: it is also how long a TLS handshake may take.)
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  // Each channel its own connections: a channel made to replace one that
  // stays failing must not be handed the same subchannel from gRPC's
  // process-wide pool.
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  if (transport.insecure) {
    return grpc::CreateCustomChannel(
        address, grpc::InsecureChannelCredentials(), arguments);
  }
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = transport.ca;
  options.pem_private_key = transport.key;
  options.pem_cert_chain = transport.cert;
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::SslCredentials(options);
  if (!transport.token.empty()) {
    credentials = grpc::CompositeChannelCredentials(
        credentials, grpc::AccessTokenCredentials(transport.token));
  }
  return grpc::CreateCustomChannel(address, credentials, arguments);
}

}  // namespace frontdoor
