// Credentials: plaintext today; TLS lands here.
#include "services/common/credentials.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace frontdoor {

std::shared_ptr<grpc::ServerCredentials> ServerCredentials() {
  return grpc::InsecureServerCredentials();
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

}  // namespace frontdoor
