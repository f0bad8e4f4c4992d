#!/usr/bin/python3
"""A partner agency's first client, written from deploy/README.md
("Onboarding a partner agency") alone: compiles frontdoor's protos/ with
protoc, connects to frontdoor-intake over mutual TLS with the folder
`frontdoor secrets issue` gave the agency (ca.pem, AGENCY.pem, AGENCY.key,
AGENCY.token), submits one contact as one of the agency's sources and
prints the decision.

Uses Debian's python3-grpcio and python3-protobuf; no generated gRPC stubs
are needed (the method path and message classes are enough).
"""
import argparse
import importlib
import os
import subprocess
import sys
import tempfile


def compile_protos(proto_root: str, out_dir: str) -> None:
    protos = sorted(os.path.join("frontdoor", "v1", name)
                    for name in os.listdir(os.path.join(proto_root,
                                                        "frontdoor", "v1"))
                    if name.endswith(".proto"))
    subprocess.run(["protoc", f"--proto_path={proto_root}",
                    f"--python_out={out_dir}", *protos], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--address", required=True, help="intake host:port")
    parser.add_argument("--protos", required=True, help="frontdoor protos/")
    parser.add_argument("--partner", required=True,
                        help="the folder `frontdoor secrets issue` wrote")
    parser.add_argument("--agency", required=True, help="the agency's name")
    parser.add_argument("--run", default="",
                        help="a live run (empty: the default run)")
    parser.add_argument("--source", default="3B",
                        help="one of the sources the token submits as")
    args = parser.parse_args()

    import grpc  # Debian: python3-grpcio

    def read(name: str) -> bytes:
        with open(os.path.join(args.partner, name), "rb") as f:
            return f.read()

    with tempfile.TemporaryDirectory() as out_dir:
        compile_protos(args.protos, out_dir)
        sys.path.insert(0, out_dir)
        intake_pb2 = importlib.import_module("frontdoor.v1.intake_pb2")

        request = intake_pb2.SubmitContactRequest()
        contact = request.contact
        contact.run_id = args.run
        contact.source = args.source
        contact.source_contact_id = "PY-1"
        contact.local_authority = "202"
        contact.child_id = "PY-CHILD"
        contact.age_years = 0
        contact.factors.append("18C")
        contact.event_time.FromJsonString("2024-09-03T10:00:00Z")

        credentials = grpc.ssl_channel_credentials(
            root_certificates=read("ca.pem"),
            private_key=read(f"{args.agency}.key"),
            certificate_chain=read(f"{args.agency}.pem"))
        # The token file ends in a newline, which is not part of the token.
        token = read(f"{args.agency}.token").decode().strip()
        metadata = [("authorization", f"Bearer {token}")]
        with grpc.secure_channel(args.address, credentials) as channel:
            submit = channel.unary_unary(
                "/frontdoor.v1.IntakeService/SubmitContact",
                request_serializer=intake_pb2.SubmitContactRequest
                .SerializeToString,
                response_deserializer=intake_pb2.SubmitContactResponse
                .FromString)
            response = submit(request, timeout=30, metadata=metadata)
            # Another agency's source is refused, naming the field.
            other = intake_pb2.SubmitContactRequest()
            other.CopyFrom(request)
            other.contact.source = "6" if args.source != "6" else "2A"
            try:
                submit(other, timeout=30, metadata=metadata)
                print("a contact as another agency's source was accepted")
                return 1
            except grpc.RpcError as error:
                if (error.code() != grpc.StatusCode.PERMISSION_DENIED or
                        "contact.source" not in error.details()):
                    print(f"unexpected refusal: {error.code()} "
                          f"{error.details()}")
                    return 1
        decision = response.record.decision
        outcome = type(decision).DESCRIPTOR.fields_by_name[
            "outcome"].enum_type.values_by_number[decision.outcome].name
        print(f"contact {response.record.contact_id}: {outcome}, "
              f"rules {[r.rule_id for r in decision.fired_rules]}")
        return 0 if decision.outcome != 0 else 1


if __name__ == "__main__":
    sys.exit(main())
