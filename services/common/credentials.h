// Channel and server credentials in one place, so that TLS and mutual TLS
// between the services are a change here and nowhere else.
#ifndef FRONTDOOR_SERVICES_COMMON_CREDENTIALS_H_
#define FRONTDOOR_SERVICES_COMMON_CREDENTIALS_H_

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/security/server_credentials.h"

namespace frontdoor {

// The credentials every frontdoor server listens with (plaintext for now:
// loopback and private networks only).
std::shared_ptr<grpc::ServerCredentials> ServerCredentials();

// A channel to a frontdoor service at host:port.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_CREDENTIALS_H_
