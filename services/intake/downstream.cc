// Failures named by the peer that answered them.
#include "services/intake/downstream.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"

namespace frontdoor {
namespace {

constexpr absl::string_view kPeerPayload = "type.frontdoor.dev/peer";

}  // namespace

absl::Status FromPeer(absl::string_view peer, const absl::Status& status) {
  absl::Status named(status.code(), absl::StrCat(peer, ": ", status.message()));
  named.SetPayload(kPeerPayload, absl::Cord(peer));
  return named;
}

std::string PeerOf(const absl::Status& status) {
  const absl::optional<absl::Cord> peer = status.GetPayload(kPeerPayload);
  return peer.has_value() ? std::string(*peer) : "intake";
}

}  // namespace frontdoor
