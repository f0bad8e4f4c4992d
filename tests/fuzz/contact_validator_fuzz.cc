// Fuzzes the contact validator with any Contact the wire can carry: it must
// accept or refuse with a short message, never crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "frontdoor/v1/types.pb.h"
#include "lib/domain/contact_validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  frontdoor::v1::Contact contact;
  if (!contact.ParseFromArray(data, static_cast<int>(size))) return 0;
  const absl::Status status = frontdoor::ValidateContact(contact);
  // Errors quote at most a short prefix of a value, whatever was sent.
  if (status.message().size() > 400) std::abort();
  return 0;
}
