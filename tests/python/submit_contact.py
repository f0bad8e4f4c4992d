#!/usr/bin/python3
"""A client that has only frontdoor's protos/: compiles them with protoc,
submits one contact to frontdoor-intake and prints the decision.

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
    parser.add_argument("--tls_dir", default="",
                        help="folder with ca.pem and this client's "
                        "certificate (admin.pem, admin.key); empty: "
                        "plaintext")
    parser.add_argument("--token", default="", help="an agency token")
    args = parser.parse_args()

    import grpc  # Debian: python3-grpcio

    with tempfile.TemporaryDirectory() as out_dir:
        compile_protos(args.protos, out_dir)
        sys.path.insert(0, out_dir)
        intake_pb2 = importlib.import_module("frontdoor.v1.intake_pb2")

        request = intake_pb2.SubmitContactRequest()
        contact = request.contact
        contact.run_id = "it"
        contact.source = "3B"
        contact.source_contact_id = "PY-1"
        contact.local_authority = "202"
        contact.child_id = "PY-CHILD"
        contact.age_years = 0
        contact.factors.append("18C")
        contact.event_time.FromJsonString("2024-09-03T10:00:00Z")

        if args.tls_dir:
            def read(name: str) -> bytes:
                with open(os.path.join(args.tls_dir, name), "rb") as f:
                    return f.read()
            credentials = grpc.ssl_channel_credentials(
                root_certificates=read("ca.pem"),
                private_key=read("admin.key"),
                certificate_chain=read("admin.pem"))
            channel = grpc.secure_channel(args.address, credentials)
        else:
            channel = grpc.insecure_channel(args.address)
        metadata = [("authorization", f"Bearer {args.token}")] \
            if args.token else []
        with channel:
            submit = channel.unary_unary(
                "/frontdoor.v1.IntakeService/SubmitContact",
                request_serializer=intake_pb2.SubmitContactRequest
                .SerializeToString,
                response_deserializer=intake_pb2.SubmitContactResponse
                .FromString)
            response = submit(request, timeout=30, metadata=metadata)
        decision = response.record.decision
        outcome = type(decision).DESCRIPTOR.fields_by_name[
            "outcome"].enum_type.values_by_number[decision.outcome].name
        print(f"contact {response.record.contact_id}: {outcome}, "
              f"rules {[r.rule_id for r in decision.fired_rules]}")
        return 0 if decision.outcome != 0 else 1


if __name__ == "__main__":
    sys.exit(main())
