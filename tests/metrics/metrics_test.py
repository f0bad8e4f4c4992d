#!/usr/bin/env python3
"""Each service's Prometheus metrics, scraped as Prometheus would.

Starts `frontdoor up` (mutual TLS, metrics on free ports), checks that it
prints each service's metrics URL, submits the example contacts twice (the
second time all duplicates) and simulates a short run through the running
services, then scrapes every service and checks that
  * `promtool check metrics` (Debian's prometheus) accepts each page,
  * intake's contacts_received_total rose by exactly the new contacts: the
    examples once, and every contact the run's export lists,
  * threshold's decisions_total by outcome and RAG equal the run's export
    counted the same way (plus the examples' decisions),
  * every service timed its RPCs (frontdoor_rpc_duration_seconds) and
    reports its RocksDB sizes, and intake's outbox is empty once the run
    has been delivered,
  * every service reports its process (CPU, memory, open files, start) and
    build, and no prometheus-cpp exporter metric with a NaN in it,
  * intake counts each run's contacts by run_id, and times its calls to
    threshold and stepping (latency, retries, whether each peer is up),
  * every metric the Grafana dashboard in deploy/observability draws is one
    the services serve, and promtool accepts the alert rules (passing
    their tests) and the compose stack's Prometheus config,
  * intake's health stays SERVING while several runs load it, and turns
    NOT_SERVING when a peer stops answering, then SERVING again;
and that each service's log is JSON lines with no child id in them, with
a line for the run created and completed.

Usage: metrics_test.py FRONTDOOR SOURCE_DIR
"""
import collections
import csv
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import grpc

FRONTDOOR, SOURCE = (os.path.abspath(a) for a in sys.argv[1:3])
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def run(*args, env, cwd):
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} exited {done.returncode}:\n"
                 f"{done.stdout}\n{done.stderr}")
    return done.stdout


def scrape(url):
    with urllib.request.urlopen(url, timeout=10) as page:
        return page.read().decode()


def samples(text, name):
    """{frozenset(labels): value} of every sample of metric `name`."""
    out = {}
    for line in text.splitlines():
        m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$', line)
        if not m or m.group(1) != name:
            continue
        labels = frozenset(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
        out[labels] = float(m.group(3))
    return out


def total(text, name, **want):
    return sum(v for labels, v in samples(text, name).items()
               if all((k, w) in labels for k, w in want.items()))


class HealthWatch(threading.Thread):
    """Asks intake every 100 ms whether frontdoor.v1.IntakeService is
    SERVING, over mutual TLS as the admin tool does, and counts answers."""

    NAME = b"frontdoor.v1.IntakeService"

    def __init__(self, address, tls):
        super().__init__(daemon=True)
        read = lambda name: open(os.path.join(tls, name), "rb").read()
        self.channel = grpc.secure_channel(address, grpc.ssl_channel_credentials(
            root_certificates=read("ca.pem"), private_key=read("admin.key"),
            certificate_chain=read("admin.pem")))
        self.check = self.channel.unary_unary("/grpc.health.v1.Health/Check")
        self.checks = self.not_serving = self.errors = 0
        self.stopping = threading.Event()

    def serving(self):
        """True, False (NOT_SERVING) or None (no answer)."""
        try:
            # HealthCheckRequest{service: NAME}; the answer's status field
            # is 1 for SERVING.
            answer = self.check(b"\x0a" + bytes([len(self.NAME)]) + self.NAME,
                                timeout=5)
            return answer == b"\x08\x01"
        except grpc.RpcError:
            return None

    def run(self):
        while not self.stopping.wait(0.1):
            said = self.serving()
            self.checks += 1
            self.not_serving += said is False
            self.errors += said is None

    def until(self, want, seconds):
        give_up = time.time() + seconds
        while time.time() < give_up:
            if self.serving() is want:
                return True
            time.sleep(0.2)
        return False


def metric_names(text):
    """The metric names a page declares (its # TYPE lines)."""
    return set(re.findall(r"^# TYPE (\S+) ", text, re.M))


def check_observability_files(pages):
    """The dashboard draws only what the services serve; the alert rules
    load and pass their own tests."""
    folder = os.path.join(SOURCE, "deploy", "observability")
    served = set().union(*(metric_names(t) for t in pages.values()))
    dashboard = json.load(open(os.path.join(folder, "grafana-dashboard.json")))
    exprs = [t["expr"] for panel in dashboard["panels"]
             for t in panel.get("targets", [])]
    drawn = {re.sub(r"_(bucket|count|sum)$", "", n)
             for e in exprs for n in re.findall(r"\b((?:frontdoor|process)_\w+)", e)}
    check(len(exprs) >= 8 and drawn and drawn <= served,
          f"the dashboard's {len(exprs)} queries draw served metrics"
          + (f" (not served: {sorted(drawn - served)})"
             if drawn - served else ""))
    rules = os.path.join(folder, "alerts.yaml")
    for args in (["check", "rules", rules],
                 ["test", "rules", os.path.join(folder, "alerts_test.yaml")],
                 ["check", "config", os.path.join(folder, "prometheus.yml")]):
        done = subprocess.run(["promtool", *args], capture_output=True,
                              text=True)
        check(done.returncode == 0, f"promtool {' '.join(args[:2])} passes"
              + (f": {done.stdout[-600:]}{done.stderr[-600:]}"
                 if done.returncode else ""))
    alerted = set()
    for line in open(rules):
        alerted.update(re.findall(r"\b((?:frontdoor|process)_\w+)", line))
    alerted = {re.sub(r"_(bucket|count|sum)$", "", n) for n in alerted}
    check(alerted and alerted <= served,
          f"the alert rules ask for served metrics"
          + (f" (not served: {sorted(alerted - served)})"
             if alerted - served else ""))


def main():
    if shutil.which("promtool") is None:
        sys.exit("promtool is not installed (scripts/setup.sh installs "
                 "prometheus)")
    work = tempfile.mkdtemp(prefix="frontdoor-metrics-")
    env = dict(os.environ)
    examples = os.path.join(SOURCE, "examples", "contacts.jsonl")
    up = subprocess.Popen(
        [FRONTDOOR, "up", "--data_dir=" + os.path.join(work, "up"),
         "--intake_port=0", "--threshold_port=0", "--stepping_port=0",
         "--intake_metrics_port=0", "--threshold_metrics_port=0",
         "--stepping_metrics_port=0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=work)
    lines = []
    try:
        for line in up.stdout:
            lines.append(line)
            if "frontdoor is up" in line:
                break
        said = "".join(lines)
        addresses = dict(re.findall(r'^(intake|threshold|stepping) +(\S+)',
                                    said, re.M))
        urls = re.findall(r'metrics: (http://127\.0\.0\.1:\d+/metrics)', said)
        check(len(addresses) == 3 and len(urls) == 3,
              f"up prints each service's metrics URL: {urls}")
        if len(urls) != 3:
            sys.exit(said)
        url = dict(zip(("intake", "threshold", "stepping"), urls))
        env.update(FRONTDOOR_DATA_DIR=os.path.join(work, "up"),
                   FRONTDOOR_INTAKE=addresses["intake"],
                   FRONTDOOR_THRESHOLD=addresses["threshold"],
                   FRONTDOOR_STEPPING=addresses["stepping"])

        before = scrape(url["intake"])
        check(total(before, "frontdoor_contacts_received_total") == 0,
              "a new intake has received no contacts")
        run(FRONTDOOR, "submit", "--file=" + examples, env=env, cwd=work)
        once = total(scrape(url["intake"]),
                     "frontdoor_contacts_received_total")
        run(FRONTDOOR, "submit", "--file=" + examples, env=env, cwd=work)
        twice = total(scrape(url["intake"]),
                      "frontdoor_contacts_received_total")
        n_examples = sum(1 for line in open(examples)
                         if line.strip() and not line.startswith("#"))
        check(once == n_examples and twice == once,
              f"contacts received: {once:g} after the {n_examples} examples, "
              f"{twice:g} after sending them again (duplicates)")
        examples_decided = total(scrape(url["threshold"]),
                                 "frontdoor_decisions_total")

        run(FRONTDOOR, "simulate", "-q", "--run=m", "--out=" +
            os.path.join(work, "out"), "--scenario=" +
            os.path.join(SOURCE, "tests/data/history-scenario.textproto"),
            env=env, cwd=work)
        export = os.path.join(work, "m.csv")
        run(FRONTDOOR, "runs", "export", "m", "--format=csv",
            "--file=" + export, env=env, cwd=work)
        rows = list(csv.DictReader(open(export)))
        by = collections.Counter((r["outcome"], r["rag"]) for r in rows
                                 if r["status"] == "decided")

        pages = {name: scrape(u) for name, u in url.items()}
        for name, text in pages.items():
            path = os.path.join(work, name + ".metrics")
            open(path, "w").write(text)
            checked = subprocess.run(["promtool", "check", "metrics"],
                                     stdin=open(path), capture_output=True,
                                     text=True)
            check(checked.returncode == 0,
                  f"promtool check metrics accepts {name}'s metrics"
                  + (f": {checked.stdout}{checked.stderr}"
                     if checked.returncode else ""))
            timed = total(text, "frontdoor_rpc_duration_seconds_count",
                          service=name)
            check(timed > 0, f"{name} timed {timed:g} RPCs")
            check(len(samples(text, "frontdoor_rocksdb_sst_bytes")) > 1,
                  f"{name} reports its RocksDB column families' sizes")
            keys = total(text, "frontdoor_rocksdb_keys_written_total")
            written = total(text, "frontdoor_rocksdb_write_bytes_total")
            check(keys > 0 and written > keys,
                  f"{name} counts what it wrote: {keys:g} keys, "
                  f"{written:g} bytes")

        received = total(pages["intake"], "frontdoor_contacts_received_total")
        check(received == n_examples + len(rows),
              f"contacts received {received:g} = {n_examples} examples + "
              f"{len(rows)} in the run's export")
        decided = pages["threshold"]
        wrong = [(k, v, total(decided, "frontdoor_decisions_total",
                              outcome=k[0], rag=k[1]))
                 for k, v in by.items()
                 if total(decided, "frontdoor_decisions_total", outcome=k[0],
                          rag=k[1]) < v]
        check(not wrong and total(decided, "frontdoor_decisions_total") ==
              examples_decided + sum(by.values()),
              f"decisions by outcome and RAG match the run's export "
              f"({sum(by.values())} decided) plus the examples' "
              f"{examples_decided:g}" + (f"; short: {wrong}" if wrong else ""))
        check(total(decided, "frontdoor_decisions_total",
                    outcome="social_care_assessment") > 0,
              "decision labels are outcome codes")
        check(len(samples(decided, "frontdoor_mash_queue_length")) == 1,
              "threshold reports its MASH queue")
        check(total(pages["intake"], "frontdoor_outbox_depth") == 0,
              "intake's outbox is empty once the run is delivered")
        check(total(pages["intake"], "frontdoor_rpc_duration_seconds_count",
                    method="/frontdoor.v1.IntakeService/SubmitEvents", code="OK") > 0,
              "intake's histogram is by method and status code")
        for name, text in pages.items():
            check(total(text, "process_resident_memory_bytes") > 1e6 and
                  total(text, "process_open_fds") > 3 and
                  total(text, "process_cpu_seconds_total") > 0 and
                  total(text, "process_start_time_seconds") > 1.6e9,
                  f"{name} reports its process: memory, files, CPU, start")
            check(total(text, "frontdoor_build_info",
                        version=re.sub(r"^frontdoor ", "", run(
                            FRONTDOOR, "--version", env=env,
                            cwd=work).strip())) == 1,
                  f"{name} reports the version it was built from")
            check("exposer_" not in text and
                  not re.search(r" (?i:nan)$", text, re.M),
                  f"{name}'s page holds its own metrics, no NaN")
        intake = pages["intake"]
        check(total(intake, "frontdoor_run_contacts", run_id="m") == len(rows),
              f"intake counts run m's {len(rows)} contacts by run_id")
        for peer, method in (("threshold", "DecideBatch"),
                             ("stepping", "ApplyBatch")):
            check(total(intake, "frontdoor_peer_call_duration_seconds_count",
                        peer=peer, method=method, code="OK") > 0 and
                  total(intake, "frontdoor_peer_up", peer=peer) == 1,
                  f"intake times its calls to {peer} and says it is up")
        check(len(samples(intake, "frontdoor_peer_retries_total")) == 2,
              "intake counts retries by peer")
        check_observability_files(pages)

        # Load: four runs at once, intake's health watched throughout.
        watch = HealthWatch(addresses["intake"],
                            os.path.join(work, "up", "tls"))
        watch.start()
        run(FRONTDOOR, "simulate", "-q", "--run=load", "--replications=4",
            "--days=90", "--out=" + os.path.join(work, "out"), env=env,
            cwd=work)
        watch.stopping.set()
        watch.join()
        check(watch.checks > 20 and watch.not_serving == 0 and
              watch.errors == 0,
              f"intake stayed SERVING under load: {watch.checks} checks, "
              f"{watch.not_serving} NOT_SERVING, {watch.errors} unanswered")
        # A real fault still shows: threshold stopped (not dead, so `up`
        # leaves it), then let go.
        threshold = subprocess.run(
            ["pgrep", "-f", "frontdoor-threshold .*" +
             os.path.join(work, "up", "threshold")],
            capture_output=True, text=True).stdout.split()
        os.kill(int(threshold[0]), signal.SIGSTOP)
        try:
            went_down = watch.until(False, 30)
        finally:
            os.kill(int(threshold[0]), signal.SIGCONT)
        check(went_down, "intake turns NOT_SERVING when threshold stops "
                         "answering")
        check(watch.until(True, 30), "and SERVING again once it answers")
    finally:
        up.send_signal(signal.SIGINT)
        try:
            up.wait(timeout=30)
        except subprocess.TimeoutExpired:
            up.kill()
    # The logs: one JSON object a line, with time, level and service; no
    # child id the examples sent, and no stall line repeated.
    raw_ids = {json.loads(line)["childId"] for line in open(examples)
               if line.strip() and not line.startswith("#")}
    for name in ("intake", "threshold", "stepping"):
        path = os.path.join(work, "up", "logs", name + ".log")
        lines = open(path).read().splitlines()
        parsed, bad = [], []
        for line in lines:
            try:
                parsed.append(json.loads(line))
            except ValueError:
                bad.append(line)
        check(lines and not bad and all(
            {"time", "level", "service", "message"} <= set(p) and
            p["service"] == name for p in parsed),
            f"{name}'s log: {len(lines)} lines, each a JSON object with time, "
            f"level and service" + (f" (not JSON: {bad[:2]})" if bad else ""))
        leaked = [i for i in raw_ids if any(i in line for line in lines)]
        check(not leaked, f"{name}'s log holds no child id")
        if name == "intake":
            said = {(p["message"], p.get("run_id")) for p in parsed}
            check(("run created", "m") in said and
                  ("run completed", "m") in said,
                  "intake logs run m created and completed")
    shutil.rmtree(work, ignore_errors=True)
    if failures:
        sys.exit(f"{len(failures)} checks failed")
    print("all checks passed")


main()
